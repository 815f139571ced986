"""The one console: semantic output methods over Rich, marks that never rely on colour alone.

Chatter goes to stderr (like `gh`), so stdout stays clean for machine output such as `--json`.
Text that came from the AWS CLI is never read as Rich markup (`markup=False`).

Everything printed through this console is made printable first (`printable`): the helper
prints what other programs, files and the environment say, and a raw ESC from any of them
could move the cursor, rewrite lines, set the clipboard (OSC 52) or reverse text (bidi
overrides). The product's own strings hold no control characters, so sanitising every text
at the one console is correct and cannot be forgotten; Rich adds its own styling afterwards.
The console stream never fails on a character it cannot encode (backslash escapes instead).
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Span, Text

from awslogin_helper.words import cells, wrap_cells

if TYPE_CHECKING:
    from awslogin_helper.edges.prompter import Prompter, Validator

# Characters that must never reach a terminal raw: C0 controls but tab and newline (ESC, CR,
# BS, BEL...), DEL and C1 (0x9b is a one-byte CSI on some terminals), soft hyphen, Unicode
# bidi controls (U+061C, U+200E/F, U+202A-E, U+2066-9), other invisible format characters
# (zero-width, word joiner, BOM, interlinear annotations), line/paragraph separators, lone
# surrogates (they cannot be encoded at all) and tag characters (invisible "ASCII smuggling").
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff\U000e0000-\U000e007f]"
)
# A longer run of non-space characters is cut for human output: a 5 MB value once took 16 s to
# wrap (textwrap splits long words in quadratic time) and helps nobody on a terminal.
LONG_WORD = 200
_KEEP = 100
# Commands stay whole up to a path's maximum length, so they remain copyable.
LONG_COMMAND_WORD = 4096


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: str) -> str:
    """`text` with every control, bidi and invisible format character as a visible escape.

    Newline and tab stay. Idempotent: the escapes are plain ASCII.
    """
    return _UNSAFE.sub(_escape, text)


@functools.lru_cache(maxsize=4)
def _long_word(limit: int) -> re.Pattern[str]:
    return re.compile(r"\S{" + str(limit + 1) + ",}")


def shorten(text: str, limit: int = LONG_WORD) -> str:
    """Each run of more than `limit` non-space characters cut to its first 100 plus a count."""
    if len(text) <= limit:
        return text
    return _long_word(limit).sub(
        lambda m: m.group(0)[:_KEEP] + f"\u2026({len(m.group(0))} characters)", text
    )


def clean(text: str, limit: int = LONG_WORD) -> str:
    """Shortened, then printable: what every human-readable line gets."""
    return printable(shorten(text, limit))


def printable_text(text: Text) -> Text:
    """A Rich Text made printable, its styled spans moved to the escaped positions."""
    plain = text.plain
    if _UNSAFE.search(plain) is None:
        return text
    # Where each original offset lands in the escaped string (linear in the length).
    offsets = [0]
    pieces: list[str] = []
    for char in plain:
        piece = printable(char)
        pieces.append(piece)
        offsets.append(offsets[-1] + len(piece))
    out = Text(
        "".join(pieces),
        style=text.style,
        justify=text.justify,
        overflow=text.overflow,
        no_wrap=text.no_wrap,
        end=printable(text.end),
        tab_size=text.tab_size,
    )
    out.spans = [Span(offsets[s.start], offsets[s.end], s.style) for s in text.spans]
    return out


class SafeConsole(Console):
    """A Rich console that makes every str and Text it is given printable before rendering."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        safe = [
            printable(obj)
            if isinstance(obj, str)
            else printable_text(obj)
            if isinstance(obj, Text)
            else obj
            for obj in objects
        ]
        super().print(*safe, **kwargs)


def _tolerant(stream: IO[str] | None) -> None:
    """Let a text stream write what it cannot encode as backslash escapes, never raise.

    A console in latin-1 (PYTHONIOENCODING=latin-1) or ASCII cannot encode a profile name
    such as `entwicklung-bücher-✓`; the strict default would end the run with a traceback.
    """
    if stream is None:
        return
    reconfigure = getattr(stream, "reconfigure", None)
    if callable(reconfigure) and getattr(stream, "errors", "strict") == "strict":
        with contextlib.suppress(Exception):
            reconfigure(errors="backslashreplace")


_MARKS_UTF8 = {"ok": "✓", "warn": "!", "error": "X", "info": "•", "arrow": "→"}
_MARKS_ASCII = {"ok": "+", "warn": "!", "error": "X", "info": "*", "arrow": "->"}


def make_console(
    env: Mapping[str, str],
    *,
    no_color: bool = False,
    stderr: bool = True,
    file: IO[str] | None = None,
) -> Console:
    import sys

    _tolerant(file if file is not None else sys.stderr if stderr else sys.stdout)
    return SafeConsole(
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

    def _wrap(self, text: str, first: str, rest: str, *, fold: bool = True) -> list[str]:
        """Wrap to the console width with a hanging indent and no trailing padding.

        URLs and commands are never split (they must stay copyable); `fold` splits long
        unbroken values such as ARNs instead. Every text is made printable and shortened here,
        before wrapping, so widths count the escapes and wrapping stays linear.
        """
        width = max(self.console.width, 40)
        return wrap_cells(clean(text), width, first, rest, fold=fold) or [first.rstrip()]

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
        """A command (or URL) for the user: on its own line, never wrapped, easy to copy.

        Indented under its hint when it fits; unindented when not, so a terminal that wraps
        it at least keeps it starting at the first column (copyable by a triple click).
        """
        self.commands([text])

    def commands(self, texts: Sequence[str]) -> None:
        """Commands run one after the other: one per line, indented alike (all or none)."""
        shown = [clean(text, LONG_COMMAND_WORD) for text in texts]
        fits = all(4 + cells(line) <= self.console.width for line in shown)
        for line in shown:
            self.console.print(Text(("    " if fits else "") + line, style="bold"), soft_wrap=True)

    def detail(self, text: str) -> None:
        for line in self._wrap(text, "  ", "  "):
            self.console.print(Text(line, style="dim"), soft_wrap=True)

    def fields(self, rows: list[tuple[str, str]]) -> None:
        """Label/value pairs; long values (ARNs) fold under themselves, not under the label."""
        # Padded in terminal cells: a Chinese label is twice as wide as its length.
        width = max(cells(label) for label, _value in rows) + 3
        for label, value in rows:
            shown = printable(label) + ":"
            first = "  " + shown + " " * max(0, width - 1 - cells(shown))
            for line in self._wrap(value, first, " " * (width + 1), fold=True):
                self.console.print(Text(line), soft_wrap=True)

    def debug(self, text: str) -> None:
        if self.verbose:
            self.console.print(Text("[verbose] " + clean(text), style="dim"))

    @contextlib.contextmanager
    def waiting(self, text: str) -> Iterator[None]:
        """A spinner on terminals; nothing at all in logs and pipes."""
        if not self.console.is_terminal:
            yield
            return
        with self.console.status(Text(clean(text)), spinner="dots"):
            yield


class PrintablePrompter:
    """Questions made printable before any prompt library shows them.

    Questions name profiles and regions from the config file; prompt_toolkit replaces ESC but
    passes bidi overrides and other controls through.
    """

    def __init__(self, inner: Prompter) -> None:
        self.inner = inner

    def confirm(self, question: str, *, default: bool = True) -> bool:
        return self.inner.confirm(printable(question), default=default)

    def select(self, question: str, choices: Sequence[tuple[str, str]], *, default: str) -> str:
        shown = [(value, printable(title)) for value, title in choices]
        return self.inner.select(printable(question), shown, default=default)

    def text(self, question: str, *, default: str = "", validate: Validator | None = None) -> str:
        return self.inner.text(printable(question), default=default, validate=validate)
