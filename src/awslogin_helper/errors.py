"""The one domain exception. `cli.main` turns it into a message and an exit code."""

from __future__ import annotations

from collections.abc import Sequence

from awslogin_helper.exit_codes import ExitCode


class HelperError(Exception):
    """An expected failure: shown as one error line plus hints, never as a traceback."""

    def __init__(self, message: str, code: ExitCode, hints: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.hints = tuple(hints)
