"""What both integration test files share: running the installed helper, reading its output."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

try:
    from fakeaws import FakeAws, run_helper
except ModuleNotFoundError:  # tests/ became a package: go through it
    from tests.fakeaws import FakeAws, run_helper


def _wsl_host() -> bool:
    try:
        return "microsoft" in Path("/proc/version").read_text(encoding="utf-8").lower()
    except OSError:
        return False


# On a WSL host the product rightly picks `aws login --remote` by itself (it reads
# /proc/version, which no environment variable can hide), so browser-flow argument lists
# cannot hold there.
browser_host = pytest.mark.skipif(_wsl_host(), reason="WSL host: the product always uses --remote")


# --------------------------------------------------------------------------- helpers


def flat(text: str) -> str:
    """Whitespace collapsed: Rich wraps the narrative at 80 columns."""
    return " ".join(text.split())


def squash(text: str) -> str:
    """All whitespace removed: long paths and URLs may be folded mid-word."""
    return "".join(text.split())


@dataclass(frozen=True)
class Run:
    code: int
    out: str  # what the AWS CLI printed (passed through)
    err: str  # the wizard's narrative
    calls: list[list[str]]

    @property
    def text(self) -> str:
        return self.out + self.err

    def says(self, *phrases: str) -> None:
        for phrase in phrases:
            assert flat(phrase) in flat(self.err), f"{phrase!r} not on stderr:\n{self.err}"

    def never_says(self, *phrases: str) -> None:
        for phrase in phrases:
            assert flat(phrase) not in flat(self.text), f"{phrase!r} in the output:\n{self.text}"

    def shows(self, literal: str) -> None:
        """A path or URL: whole, even if folded over lines (and never cut with '…')."""
        assert squash(literal) in squash(self.err), f"{literal!r} not on stderr:\n{self.err}"

    def before(self, first: str, second: str) -> None:
        err = flat(self.err)
        assert flat(first) in err and flat(second) in err, self.err
        assert err.index(flat(first)) < err.index(flat(second)), self.err


def run(fake: FakeAws, *args: str, input: str | None = None, **env: str | None) -> Run:  # noqa: A002
    proc = run_helper(fake, *args, env_overrides=env, input=input, timeout=30)
    for stream in (proc.stdout, proc.stderr):
        assert "Traceback" not in stream, stream
        assert "FAKESECRET" not in stream, "a secret reached the output"
        for secret in fake.secrets_written():
            assert secret not in stream, "a secret reached the output"
    return Run(proc.returncode, proc.stdout, proc.stderr, fake.calls())


def checks(*profile: str) -> list[list[str]]:
    """The three read-only checks the `aws login` path starts at once (any order)."""
    return [
        ["--version"],
        ["sts", "get-caller-identity", "--output", "json", *profile],
        ["configure", "list", *profile],
    ]


def identity(*extra: str) -> list[str]:
    """`aws sts get-caller-identity`, as the helper runs it (checks and verify alike)."""
    return ["sts", "get-caller-identity", "--output", "json", *extra]


verify = identity


def assert_calls(calls: list[list[str]], first: list[list[str]], then: list[list[str]]) -> None:
    """`first` in any order (they run concurrently), then exactly `then`, in order."""
    head, tail = calls[: len(first)], calls[len(first) :]
    assert Counter(map(tuple, head)) == Counter(map(tuple, first)), calls
    assert tail == then, calls


def assert_only_checks(calls: list[list[str]], allowed: list[list[str]]) -> None:
    """Nothing but (some of) the read-only checks ran: moot ones may be cancelled early."""
    assert calls, "not even `aws --version` ran"
    assert calls[0] == ["--version"] or ["--version"] in calls
    assert all(call in allowed for call in calls), calls
    assert len(calls) == len({tuple(c) for c in calls}), calls


def login_calls(calls: list[list[str]]) -> list[list[str]]:
    """The calls that sign in or change credentials."""
    return [
        c for c in calls if c[:1] == ["login"] or c[:2] == ["sso", "login"] or c == ["configure"]
    ]


def no_plain_aws_login(text: str) -> bool:
    """`aws login` appears nowhere, except inside `aws sso login`."""
    return re.search(r"(?<!sso )\baws login\b", text.replace("aws sso login", "")) is None
