"""The one prompter. Questionary is imported only when a question is really asked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

Validator = Callable[[str], str | None]  # returns an error message, or None when fine


class Prompter(Protocol):
    def confirm(self, question: str, *, default: bool = True) -> bool: ...

    def select(self, question: str, choices: Sequence[tuple[str, str]], *, default: str) -> str:
        """Choices are (value, title) pairs; returns the chosen value."""
        ...

    def text(
        self, question: str, *, default: str = "", validate: Validator | None = None
    ) -> str: ...


class QuestionaryPrompter:
    """Real prompts. `unsafe_ask()` lets Ctrl-C through so it becomes exit 130, not a None."""

    def confirm(self, question: str, *, default: bool = True) -> bool:
        import questionary

        return bool(questionary.confirm(question, default=default).unsafe_ask())

    def select(self, question: str, choices: Sequence[tuple[str, str]], *, default: str) -> str:
        import questionary

        options = [questionary.Choice(title=title, value=value) for value, title in choices]
        answer = questionary.select(question, choices=options, default=default).unsafe_ask()
        return str(answer)

    def text(self, question: str, *, default: str = "", validate: Validator | None = None) -> str:
        import questionary

        def check(answer: str) -> bool | str:
            if validate is None:
                return True
            problem = validate(answer.strip())
            return True if problem is None else problem

        return str(questionary.text(question, default=default, validate=check).unsafe_ask()).strip()
