"""The one prompter. Questionary is imported only when a question is really asked.

Questionary draws on the terminal's width but does not wrap for it: a choice longer than the
terminal is cut off, the question and its "(Use arrow keys)" wrap at whatever character the
edge falls on, and a text prompt's validation message is drawn on one line at the bottom of
the screen, far from the prompt (and cut off there too). So every question, choice and
message is wrapped here, between words, to the width the terminal has when it is asked, and
an answer that is not valid is refused right under its prompt, which then asks again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from awslogin_helper.words import N_, _, cells, chunks, wrap_cells

Validator = Callable[[str], str | None]  # returns an error message, or None when fine

# Questionary's own hint, in the catalog so that it reads in the user's language too.
SELECT_HINT = N_("(Use arrow keys)")
CONFIRM_HINT = "(Y/n)"  # questionary's; the same width as "(y/N)"
POINTER = 3  # cells of questionary's " » " before each choice
INDENT = "  "  # under the text of a question, after "? "
PROBLEM_MARK = "X"  # the UI's mark for an error, in UTF-8 and ASCII alike


class Prompter(Protocol):
    def confirm(self, question: str, *, default: bool = True) -> bool: ...

    def select(self, question: str, choices: Sequence[tuple[str, str]], *, default: str) -> str:
        """Choices are (value, title) pairs; returns the chosen value."""
        ...

    def text(
        self, question: str, *, default: str = "", validate: Validator | None = None
    ) -> str: ...


def terminal_width() -> int:
    """The width prompt_toolkit draws in: the terminal's (not COLUMNS), less one cell.

    One cell short of the edge, because some terminals wrap a line that fills the last column.
    """
    import os
    import shutil
    import sys

    try:
        columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, OSError, ValueError):
        columns = shutil.get_terminal_size((80, 24)).columns
    return max(columns - 1, 20)


def fit_question(question: str, hint: str, width: int) -> str:
    """`question` wrapped under its "? ", with room left for `hint` after its last line.

    Questionary writes "? ", the question, a space and the hint (or later the answer). When
    the hint does not fit after the question's last line, it goes on a line of its own.
    """
    lines = _lines(question, width, INDENT, INDENT)
    text = "\n".join(lines)[len(INDENT) :]
    if cells(lines[-1]) + 1 + cells(hint) + 1 > width:
        text += "\n" + INDENT[:-1]  # questionary adds the other space
    return text


def _at_most(line: str, width: int) -> list[str]:
    """`line` cut at the edge when it is wider (a command too long for any line).

    prompt_toolkit cuts off, not wraps, the lines of a question above its last one; cut here
    instead, where the terminal itself would wrap, so that all of it stays on the screen.
    """
    return chunks(line, width)


def _lines(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Wrapped between words (commands whole when they fit), nothing wider than `width`."""
    wrapped = wrap_cells(text, width, first, rest) or [first]
    return [piece for line in wrapped for piece in _at_most(line, width)]


def fit_choice(title: str, width: int) -> str:
    """A choice's title in lines that fit after the pointer, the others indented under it."""
    return ("\n" + " " * POINTER).join(_lines(title, width - POINTER))


def problem_lines(problem: str, width: int) -> list[str]:
    """A refused answer's message, as shown under its prompt: made printable, wrapped."""
    from awslogin_helper.edges.ui import clean

    lead = INDENT + PROBLEM_MARK + " "
    return _lines(clean(problem), width, lead, " " * len(lead))


class QuestionaryPrompter:
    """Real prompts. `unsafe_ask()` lets Ctrl-C through so it becomes exit 130, not a None."""

    def confirm(self, question: str, *, default: bool = True) -> bool:
        import questionary

        message = fit_question(question, CONFIRM_HINT, terminal_width())
        return bool(questionary.confirm(message, default=default).unsafe_ask())

    def select(self, question: str, choices: Sequence[tuple[str, str]], *, default: str) -> str:
        import questionary

        width = terminal_width()
        hint = _(SELECT_HINT)
        options = [
            questionary.Choice(title=fit_choice(title, width), value=value)
            for value, title in choices
        ]
        answer = questionary.select(
            fit_question(question, hint, width),
            choices=options,
            default=default,
            instruction=hint,
        ).unsafe_ask()
        return str(answer)

    def text(self, question: str, *, default: str = "", validate: Validator | None = None) -> str:
        import questionary

        # Asked again, with the refused answer to edit, until it is valid: prompt_toolkit's
        # own validation would show the message on the bottom row of the terminal.
        answer = default
        while True:
            message = fit_question(question, answer, terminal_width())
            answer = str(questionary.text(message, default=answer).unsafe_ask()).strip()
            problem = validate(answer) if validate is not None else None
            if problem is None:
                return answer
            for line in problem_lines(problem, terminal_width()):
                questionary.print(line, style="fg:ansired")
