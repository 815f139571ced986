"""The one console: semantic output methods over Rich, marks that never rely on colour alone.

Chatter goes to stderr (like `gh`), so stdout stays clean for machine output such as `--json`.
Text that came from the AWS CLI is never read as Rich markup (`markup=False`).
"""

from __future__ import annotations

import contextlib
import textwrap
from collections.abc import Iterator, Mapping
from typing import IO

from rich.console import Console
from rich.text import Text

_MARKS_UTF8 = {"ok": "✓", "warn": "!", "error": "X", "info": "•", "arrow": "→"}
_MARKS_ASCII = {"ok": "+", "warn": "!", "error": "X", "info": "*", "arrow": "->"}


def make_console(
    env: Mapping[str, str],
    *,
    no_color: bool = False,
    stderr: bool = True,
    file: IO[str] | None = None,
) -> Console:
    return Console(
        file=file,
        stderr=stderr if file is None else False,
        markup=False,
        emoji=False,
        highlight=False,
        no_color=no_color or "NO_COLOR" in env,
        soft_wrap=False,
    )


class UI:
    def __init__(self, console: Console, *, verbose: bool = False) -> None:
        self.console = console
        self.verbose = verbose
        utf8 = (console.encoding or "").lower().replace("-", "").startswith("utf")
        self.marks = _MARKS_UTF8 if utf8 else _MARKS_ASCII

    def _wrap(self, text: str, first: str, rest: str, *, fold: bool = False) -> list[str]:
        """Wrap to the console width with a hanging indent and no trailing padding.

        URLs and commands are never split (they must stay copyable); `fold` splits long
        unbroken values such as ARNs instead.
        """
        width = max(self.console.width, 40)
        lines = textwrap.wrap(
            text,
            width=width,
            initial_indent=first,
            subsequent_indent=rest,
            break_long_words=fold,
            break_on_hyphens=False,
        )
        return lines or [first.rstrip()]

    def _line(self, mark: str, text: str, style: str, indent: int = 0) -> None:
        lead = " " * indent
        symbol = self.marks[mark]
        rest = lead + " " * (len(symbol) + 1)
        for number, line in enumerate(self._wrap(text, lead + symbol + " ", rest)):
            out = Text()
            if number == 0:
                out.append(lead)
                out.append(symbol, style=style)
                out.append(line[len(lead) + len(symbol) :])
            else:
                out.append(line)
            self.console.print(out, soft_wrap=True)

    def title(self, text: str) -> None:
        for line in self._wrap(text, "", ""):
            self.console.print(Text(line, style="bold"), soft_wrap=True)

    def say(self, text: str = "") -> None:
        for line in self._wrap(text, "", "") if text else [""]:
            self.console.print(Text(line), soft_wrap=True)

    def info(self, text: str) -> None:
        self._line("info", text, "cyan")

    def success(self, text: str) -> None:
        self._line("ok", text, "bold green")

    def warn(self, text: str) -> None:
        self._line("warn", text, "bold yellow")

    def error(self, text: str) -> None:
        self._line("error", text, "bold red")

    def hint(self, text: str) -> None:
        self._line("arrow", text, "dim", indent=2)

    def command(self, text: str) -> None:
        """A command for the user to run: on its own line, never wrapped, easy to copy."""
        self.console.print(Text("    " + text, style="bold"), soft_wrap=True)

    def detail(self, text: str) -> None:
        for line in self._wrap(text, "  ", "  "):
            self.console.print(Text(line, style="dim"), soft_wrap=True)

    def fields(self, rows: list[tuple[str, str]]) -> None:
        """Label/value pairs; long values (ARNs) fold under themselves, not under the label."""
        width = max(len(label) for label, _value in rows) + 3
        for label, value in rows:
            first = f"  {label + ':':<{width - 1}}"
            for line in self._wrap(value, first, " " * (width + 1), fold=True):
                self.console.print(Text(line), soft_wrap=True)

    def debug(self, text: str) -> None:
        if self.verbose:
            self.console.print(Text("[verbose] " + text, style="dim"))

    @contextlib.contextmanager
    def waiting(self, text: str) -> Iterator[None]:
        """A spinner on terminals; nothing at all in logs and pipes."""
        if not self.console.is_terminal:
            yield
            return
        with self.console.status(Text(text), spinner="dots"):
            yield
