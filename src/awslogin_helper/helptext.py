"""Typer's and Click's help in the user's language, read before Click parses anything.

`lang_option` finds `--lang` in the raw arguments (help and usage errors print while
parsing); `localize` sends every help text of the command tree through the catalog and wraps
Chinese help in terminal cells.
"""

from __future__ import annotations

from typing import Any

from awslogin_helper.words import N_


def lang_option(args: list[str]) -> str | None:
    """The value of `--lang` (`--lang zh-CN` or `--lang=zh-CN`), read before Click parses.

    Help texts and Click's usage errors print while parsing, so the language must be known
    first; Click still parses (and validates) the option itself.
    """
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--lang="):
            return arg.removeprefix("--lang=")
    return None


# Help texts that Typer and Click write themselves, in the catalog so they read in the
# user's language too (the help formatter looks them up; see `_localize`).
_FRAMEWORK_WORDS = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Show this message and exit."),
)


def localize(command: object) -> None:
    """Translate the help of the command tree (English, the source language, stays as written).

    The option and command help texts are catalog msgids; the headings, the usage prefix and
    the help texts Typer and Click add (--help, completion) go through a help formatter that
    looks them up. Duck-typed: Typer 0.28 vendors its own Click.
    """
    from awslogin_helper.words import ENGLISH, _, cells, current_language, wrap_cells

    if current_language() == ENGLISH:
        return
    context_class: Any = getattr(command, "context_class")  # noqa: B009 -- duck-typed
    base: Any = context_class.formatter_class

    class Formatter(base):  # type: ignore[misc]
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, prefix or _("Usage:") + " ")

        def write_heading(self, heading: str) -> None:
            super().write_heading(_(heading))

        def write_dl(
            self, rows: list[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
        ) -> None:
            # Click wraps by characters; a Chinese character takes two cells. Wrap here by
            # cells, to the width Click computes, and mark the text "\b" (do not rewrap).
            first_col = min(max((cells(term) for term, _text in rows), default=0), col_max)
            first_col += col_spacing
            width = max(self.width - first_col - 2 - self.current_indent, 10)
            wrapped = [
                (term, "\b\n" + "\n".join(wrap_cells(_(text), width)) if text else text)
                for term, text in rows
            ]
            super().write_dl(wrapped, col_max, col_spacing)

    class Context(context_class):  # type: ignore[misc]
        formatter_class = Formatter

    def walk(cmd: object) -> None:
        cmd.context_class = Context  # type: ignore[attr-defined]
        if getattr(cmd, "help", None):
            cmd.help = _(cmd.help)  # type: ignore[attr-defined]
        for param in getattr(cmd, "params", []):
            if getattr(param, "help", None):
                param.help = _(param.help)
        for sub in getattr(cmd, "commands", {}).values():
            walk(sub)

    walk(command)
