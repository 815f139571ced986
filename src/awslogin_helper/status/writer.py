"""The lines of the human `status` report, fitted to the terminal in cells.

A line is made of pieces joined by " · " (a name, a kind, an ARN, a cause, a command); a line
breaks between pieces, and inside a piece only where prose may break (`words.wrap_cells`:
at spaces and between Chinese characters, never inside a `command` or a URL). A command is
never split: it stays on the line when it fits, else it stands alone on a line of its own,
indented when it fits so, unindented when not (then it may be wider than the terminal, and a
triple click still copies it whole).

Everything is measured in terminal cells (`words.cells`): a Chinese character takes two.
Values from files and the AWS CLI are shortened and made printable (`clean`) before they are
measured, so a 5 MB value costs linear time and no escape sequence reaches the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text

from awslogin_helper.edges.ui import LONG_COMMAND_WORD, LONG_WORD, UI, clean, printable
from awslogin_helper.words import _, cells, wrap_cells

SEP = " · "
# The label column of `--verbose` (two spaces, the label, padding to this many cells).
LABEL_WIDTH = 10

MARK_STYLES = {
    "ok": "bold green",
    "warn": "bold yellow",
    "error": "bold red",
    "info": "cyan",
    "arrow": "dim",
}


@dataclass(frozen=True)
class Piece:
    """One part of a line. `sep` joins it to what is before it on the same line; `lead` goes
    before it when it starts a line (and is dropped when a command stands alone)."""

    text: str
    command: bool = False
    sep: str = SEP
    lead: str = ""


@dataclass(frozen=True)
class _Line:
    """A line of the report: its text, the style of what follows its head, and its head
    (an indent or a label, with its style) and mark (✓, !, X) when it starts a block."""

    text: str
    style: str = ""
    head: tuple[str, str] | None = None
    mark: tuple[str, str | None] = ("", None)

    def styled(self) -> Text:
        if self.head is None:
            return Text(self.text, style=self.style)
        first, head_style = self.head
        out = Text(first, style=head_style)
        rest = self.text[len(first) :]
        symbol, mark = self.mark
        if symbol and rest.startswith(symbol):
            out.append(symbol, style=MARK_STYLES.get(mark or "", ""))
            rest = rest[len(symbol) :]
        out.append(rest, style=self.style)
        return out


class Writer:
    def __init__(self, ui: UI) -> None:
        self.ui = ui
        self.width = max(40, min(ui.console.width, 120))
        self._blank = True  # the last line written was blank (or nothing was written yet)
        self.commands_shown = 0  # how many fixes the closing line can point at
        # Lines wait here and go out in one print (`flush`): a print per line was most of
        # the time of a report over 1,000 profiles.
        # Each line as its text and how to style it; made a Rich Text only when there is
        # colour to render (building 3,000 Texts was a third of a 1,000-profile report).
        self._lines: list[_Line] = []

    @property
    def arrow(self) -> str:
        return self.ui.marks["arrow"]

    def fix(self, command: str) -> Piece:
        """A command to run, after what it fixes: `... → aws sso login --profile dev`."""
        return Piece(command, command=True, sep=f" {self.arrow} ", lead=f"{self.arrow} ")

    def _print(self, line: _Line) -> None:
        self._lines.append(line)
        self._blank = not line.text.strip()

    def flush(self) -> None:
        """Everything written so far, in one print."""
        if not self._lines:
            return
        console = self.ui.console
        if console.color_system is None and not console.quiet:
            # No colour to render (a log, a pipe, NO_COLOR on a dumb terminal): the same
            # characters Rich would write, without its per-segment work (1,000 profiles).
            plain = "\n".join(printable(line.text) for line in self._lines) + "\n"
            try:
                console.file.write(plain)
                console.file.flush()
            except BrokenPipeError:
                console.on_broken_pipe()  # as Rich does: the reader left, the work goes on
        else:
            # soft_wrap: every line is fitted here already; Rich must not fold a command.
            console.print(Text("\n").join(line.styled() for line in self._lines), soft_wrap=True)
        self._lines = []

    def blank(self) -> None:
        """One blank line between blocks, never two (and none at the top)."""
        if not self._blank:
            self._print(_Line(""))

    def flow(
        self,
        pieces: Sequence[Piece],
        *,
        first: str = "",
        rest: str = "  ",
        mark: str | None = None,
        style: str = "",
        head_style: str = "",
        command_indent: int = 4,
    ) -> None:
        """`pieces` on as few lines as fit; `first` starts the first line (a mark follows it),
        `rest` every following one."""
        symbol = self.ui.marks[mark] if mark else ""
        lead = first + symbol + " " if mark else first
        lines: list[tuple[str, bool]] = []  # (text, a command standing alone)
        line, empty = lead, True  # `empty`: no piece on `line` yet (only its lead)
        for piece in pieces:
            text = clean(piece.text, LONG_COMMAND_WORD if piece.command else LONG_WORD)
            if not text.strip():
                continue
            joined = (piece.lead if empty else piece.sep) + text
            if cells(line + joined) <= self.width:
                line, empty = line + joined, False
                self.commands_shown += int(piece.command)
                continue
            if piece.command:
                if line.strip():  # a mark, a label or pieces before it: their own line
                    lines.append((line.rstrip(), False))
                indent = " " * command_indent
                lines.append(((indent if cells(indent + text) <= self.width else "") + text, True))
                self.commands_shown += 1
                line, empty = rest, True
                continue
            if not empty:
                lines.append((line.rstrip(), False))
                line = rest
            # Prose (or an ARN): from the start of the line, broken where it may be.
            wrapped = wrap_cells(piece.lead + text, self.width, line, rest, fold=True)
            lines.extend((row, False) for row in wrapped[:-1])
            line, empty = (wrapped[-1], False) if wrapped else (rest, True)
        if not empty:
            lines.append((line.rstrip(), False))
        if not lines:
            lines.append((lead.rstrip(), False))
        for number, (text, alone) in enumerate(lines):
            if alone:
                self._print(_Line(text, "bold"))
            elif number == 0 and text.startswith(first):
                self._print(_Line(text, style, head=(first, head_style), mark=(symbol, mark)))
            else:
                self._print(_Line(text))

    # ----------------------------------------------------------------- shorthands

    def line(self, text: str, style: str = "") -> None:
        """A heading or a sentence at the margin (wrapped, continued under itself)."""
        self.flow([Piece(text)], rest="", style=style)

    def marked(self, mark: str, text: str, *, indent: int = 0, style: str = "") -> None:
        """`✓ text`, continued under the text."""
        lead = " " * indent
        self.flow([Piece(text)], first=lead, rest=lead + "  ", mark=mark, style=style)

    def prose(self, text: str, indent: int = 0) -> None:
        self.flow([Piece(text)], first=" " * indent, rest=" " * indent)

    def command(self, text: str, indent: int) -> None:
        """A line to run, alone on its line: indented when it fits, else at the margin."""
        lead = " " * indent
        self.flow([Piece(text, command=True)], first=lead, rest=lead, command_indent=indent)

    def field(self, label: str, text: str, *, command: bool = False) -> None:
        """`  Label     text` (`--verbose`); `label` is the English msgid, "" continues."""
        shown = _(label) if label else ""
        # Padded in cells: a Chinese label is two cells a character.
        head = "  " + shown + " " * max(1, LABEL_WIDTH - cells(shown))
        rest = " " * max(2 + LABEL_WIDTH, cells(head))
        self.flow(
            [Piece(text, command=command)],
            first=head,
            rest=rest,
            head_style="dim",
            command_indent=len(rest),
        )
