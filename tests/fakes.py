"""In-process fakes for the wizard's edges, in the style of `gh`'s test stubs.

`FakeRunner` answers registered argument lists and fails on any other call *and* on a
registered stub that was never used. `FakePrompter` answers by the exact question text and
fails on a question it did not expect.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from awslogin_helper.edges.environment import Environment
from awslogin_helper.edges.prompter import Validator
from awslogin_helper.edges.runner import CommandTimeout, Completed
from awslogin_helper.edges.ui import UI, make_console

AWS = "/fake/bin/aws"


@dataclass
class Stub:
    args: tuple[str, ...]
    returncode: int = 0
    stdout: str = ""
    stderr: str = ""
    timeout: bool = False
    interrupt: bool = False
    used: int = 0
    later: list[tuple[int, str, str]] = field(default_factory=list)

    def then(self, returncode: int = 0, stdout: str = "", stderr: str = "") -> Stub:
        """The answer from the next call on (the same argv run again, e.g. to verify)."""
        self.later.append((returncode, stdout, stderr))
        return self


class FakeRunner:
    def __init__(self) -> None:
        self.stubs: dict[tuple[str, ...], Stub] = {}
        self.calls: list[tuple[str, ...]] = []
        self.interactive_calls: list[tuple[str, ...]] = []
        self._lock = threading.Lock()

    def stub(self, *args: str, **kwargs: object) -> Stub:
        full = (AWS, *args)
        stub = Stub(full, **kwargs)  # type: ignore[arg-type]
        self.stubs[full] = stub
        return stub

    def _answer(self, args: Sequence[str]) -> Completed:
        key = tuple(args)
        with self._lock:
            self.calls.append(key)
            stub = self.stubs.get(key)
            if stub is None:
                raise AssertionError(f"unexpected command: {key}")
            stub.used += 1
            answer = (stub.returncode, stub.stdout, stub.stderr)
            if stub.used > 1 and stub.later:
                answer = stub.later[min(stub.used - 2, len(stub.later) - 1)]
        if stub.interrupt:
            raise KeyboardInterrupt
        if stub.timeout:
            raise CommandTimeout(args, 30)
        return Completed(key, *answer, 0.01)

    def run(self, args: Sequence[str], *, timeout: float = 30) -> Completed:
        return self._answer(args)

    def run_interactive(self, args: Sequence[str], *, timeout: float = 660) -> Completed:
        self.interactive_calls.append(tuple(args))
        return self._answer(args)

    def cancel_all(self) -> None:
        pass

    def assert_all_used(self) -> None:
        unused = [s.args for s in self.stubs.values() if not s.used]
        assert not unused, f"stubs never called: {unused}"


@dataclass
class FakePrompter:
    answers: dict[str, object] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)
    validators: dict[str, Validator | None] = field(default_factory=dict)

    def _take(self, question: str) -> object:
        self.asked.append(question)
        if question not in self.answers:
            raise AssertionError(f"unexpected question: {question!r}")
        answer = self.answers[question]
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def confirm(self, question: str, *, default: bool = True) -> bool:
        return bool(self._take(question))

    def select(self, question: str, choices: Sequence[tuple[str, str]], *, default: str) -> str:
        answer = str(self._take(question))
        assert answer in [value for value, _title in choices], (answer, choices)
        return answer

    def text(self, question: str, *, default: str = "", validate: Validator | None = None) -> str:
        self.validators[question] = validate
        answer = str(self._take(question))
        if validate is not None:
            problem = validate(answer)
            assert problem is None, f"answer {answer!r} rejected: {problem}"
        return answer


def make_env(
    tmp_path: Path,
    *,
    tty: bool = True,
    extra: dict[str, str] | None = None,
    aws: bool = True,
    platform: str = "linux",
) -> Environment:
    """A controlled environment: fixed HOME, AWS files under it, `aws` resolved to AWS."""
    home = tmp_path / "home"
    (home / ".aws").mkdir(parents=True, exist_ok=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    if aws:
        exe = bin_dir / "aws"
        exe.write_text("#!/bin/sh\n")
        exe.chmod(0o755)
    variables = {
        "PATH": str(bin_dir),
        "HOME": str(home),
        "DISPLAY": ":0",
        "NO_COLOR": "1",
        **(extra or {}),
    }
    return _AwsEnvironment(
        vars=variables, stdin_isatty=tty, stdout_isatty=tty, platform=platform, home=home
    )


class _AwsEnvironment(Environment):
    """Resolves `aws` to the fixed AWS path the stubs use."""

    def which(self, name: str) -> Path | None:
        found = super().which(name)
        return Path(AWS) if found is not None else None


def make_ui() -> tuple[UI, io.StringIO]:
    buffer = io.StringIO()
    console = make_console({"NO_COLOR": "1"}, file=buffer)
    console.width = 10_000  # no wrapping: assertions read whole sentences
    return UI(console), buffer


Check = Callable[[str], None]
