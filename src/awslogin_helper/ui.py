"""The one console: semantic output methods over Rich, marks that never rely on colour alone.

Chatter goes to stderr (like `gh`), so stdout stays clean for machine output such as `--json`.
Text that came from the AWS CLI is never read as Rich markup (`markup=False`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import IO

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
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

    def _line(self, mark: str, text: str, style: str, indent: int = 0) -> None:
        # A grid gives a hanging indent: wrapped lines stay clear of the mark.
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column()
        grid.add_row(Text(self.marks[mark], style=style), Text(text))
        self.console.print(Padding(grid, (0, 0, 0, indent)) if indent else grid)

    def title(self, text: str) -> None:
        self.console.print(Text(text, style="bold"))

    def say(self, text: str = "") -> None:
        self.console.print(Text(text))

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
        """A command for the user to run: on its own line, easy to copy."""
        self.console.print(Padding(Text(text, style="bold"), (0, 0, 0, 4)))

    def detail(self, text: str) -> None:
        self.console.print(Padding(Text(text, style="dim"), (0, 0, 0, 2)))

    def fields(self, rows: list[tuple[str, str]]) -> None:
        """Label/value pairs; long values (ARNs) fold inside their column instead of wrapping."""
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="dim")
        grid.add_column(overflow="fold")
        for label, value in rows:
            grid.add_row(Text(label + ":"), Text(value))
        self.console.print(Padding(grid, (0, 0, 0, 2)))

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
