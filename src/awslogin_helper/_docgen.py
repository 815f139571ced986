"""Regenerate the parts of the docs that come from the code: `python -m awslogin_helper._docgen`.

Each generated block sits between `<!-- BEGIN name -->` and `<!-- END name -->` markers, so the
prose around it stays hand-written while the tables can never drift (a test checks them).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from awslogin_helper import machine
from awslogin_helper.exit_codes import EXIT_CODE_MEANINGS


def exit_code_table() -> str:
    lines = ["| Code | Name | Meaning |", "|---|---|---|"]
    for code, meaning in EXIT_CODE_MEANINGS.items():
        lines.append(f"| {int(code)} | `{code.name}` | {meaning} |")
    return "\n".join(lines)


def step_table() -> str:
    lines = ["| Step | What happens |", "|---|---|"]
    for step, text in machine.STEP_DOCS.items():
        lines.append(f"| `{step.value}` | {text} |")
    return "\n".join(lines)


def mermaid_block() -> str:
    return "```mermaid\n" + machine.mermaid() + "\n```"


BLOCKS: dict[str, Callable[[], str]] = {
    "transitions": machine.markdown_table,
    "terminals": machine.terminal_table,
    "steps": step_table,
    "diagram": mermaid_block,
    "exit-codes": exit_code_table,
}


def render(text: str) -> str:
    """Fill every known block in `text` with freshly generated content."""
    for name, make in BLOCKS.items():
        pattern = re.compile(
            rf"(<!-- BEGIN {re.escape(name)} -->\n)(?:.*?\n)?(<!-- END {re.escape(name)} -->)",
            re.DOTALL,
        )
        block = make()

        def fill(match: re.Match[str], block: str = block) -> str:
            return match.group(1) + block + "\n" + match.group(2)

        text = pattern.sub(fill, text)
    return text


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path("docs")
    changed = 0
    for page in [*sorted(root.rglob("*.md")), Path("README.md")]:
        if not page.exists():
            continue
        old = page.read_text(encoding="utf-8")
        new = render(old)
        if new != old:
            page.write_text(new, encoding="utf-8")
            changed += 1
            print(f"updated {page}")
    return 0 if changed >= 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
