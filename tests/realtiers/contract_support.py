"""One contract between the fake `aws` and the real, current AWS CLI (issue 10).

A `Scenario` is run through the INSTALLED helper twice: once with the fake `aws`
(tests/fakeaws) and once with the real CLI (the `current_aws` sandbox), each in its own sandbox
with the same config/credentials files and the same environment (the fake's env is the real
one with the sandbox root swapped). What the helper concluded is compared: its exit code and
its narrative, normalised (the AWS CLI's own passthrough output, version numbers, paths, ports,
ARNs, account IDs and timestamps taken out). A difference means the fake has drifted from the
real CLI, and fails the test.

Both sandbox roots have names of the same length (``fake-current`` / ``real-current``) so that
Rich wraps the narrative at the same places on both sides.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    from fakeaws import FakeAws, helper_command
except ModuleNotFoundError:  # tests/ became a package: go through it
    from tests.fakeaws import FakeAws, helper_command

from .conftest import run_text

# Access keys from AWS's documentation examples: not real credentials.
AKIA = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
FAKE_ROOT_NAME = "fake-current"  # as long as conftest_current's "real-current"

# Lines the AWS CLI printed itself (passed through by the helper), never the helper's own.
_PASSTHROUGH = (
    re.compile(r"^aws: \[ERROR\]:"),
    re.compile(r"^Warning: Input is not a terminal"),
    re.compile(r"^usage: aws "),
    re.compile(r"^You may run 'aws login --profile new-profile-name'"),
    re.compile(r"^Additional error details:$"),
    re.compile(r"^error: [A-Z_]+$"),
)
_SUBSTITUTIONS = (
    (re.compile(r"aws-cli/\S+( \S+/\S+)*"), "<aws --version>"),
    # The OAuth state: random with the real CLI, fixed with the fake.
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"), "<uuid>"),
    (re.compile(r"127\.0\.0\.1:\d+"), "<loopback>"),
    (re.compile(r"\b\d+\.\d+\.\d+\b"), "<version>"),
    (re.compile(r"arn:aws[\w-]*:[\w-]+::\d{12}:\S+?(?=[\s'\".,;)]*(\s|$))"), "<arn>"),
    (re.compile(r"\b\d{12}\b"), "<account>"),
    (re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d)?Z?( UTC)?"), "<time>"),
    (re.compile(r"\bin \d+ (minutes?|hours?|seconds?)\b"), "in <duration>"),
)


@dataclass(frozen=True)
class Scenario:
    """One run of the helper, and (optionally) what it should conclude."""

    id: str
    args: tuple[str, ...] = ()
    config: str | None = "[default]\nregion = us-east-1\n"
    credentials: str | None = None
    env: Mapping[str, str | None] = field(default_factory=dict)
    input: str | None = None
    # Extra keys for the fake's scenario file (its `version` is always the real CLI's line).
    fake: Mapping[str, Any] = field(default_factory=dict)
    # Where the helper's own words go: the wizard narrates on stderr (stdout is the AWS CLI's
    # passthrough); `status` prints its report on stdout.
    narrative: str = "stderr"
    # For the real side: a failure the sign-in stand-in answers next (its FAILURES key).
    standin_failure: str | None = None
    # What the helper SHOULD conclude (a product check on top of the contract).
    expect_code: int | None = None
    expect_says: tuple[str, ...] = ()
    expect_never: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    side: str
    code: int
    lines: tuple[str, ...]  # the normalised narrative
    stdout: str
    stderr: str
    narrative: str = "stderr"

    @property
    def text(self) -> str:
        """The helper's own words, as printed."""
        return self.stdout if self.narrative == "stdout" else self.stderr

    @property
    def flat(self) -> str:
        return " ".join(" ".join(self.lines).split())


def normalise(text: str, roots: list[Path]) -> tuple[str, ...]:
    """The helper's narrative without the CLI's passthrough lines and the variable parts."""
    for root in sorted(roots, key=lambda r: len(str(r)), reverse=True):
        # Rich may fold a long path at the line end: allow a newline and indent anywhere in it.
        folded = r"(?:\n[ \t]*)?".join(re.escape(char) for char in str(root))
        text = re.sub(folded, "<root>", text)
    # An unnamed role session is named after the time; Rich may fold its digits.
    text = re.sub(r"botocore-session-\d+(?:\n[ \t]*\d+)?", "botocore-session-<time>", text)
    lines: list[str] = []
    for raw in text.replace("\r", "").splitlines():
        line = raw.strip()
        if not line or any(pattern.search(line) for pattern in _PASSTHROUGH):
            continue
        for pattern, replacement in _SUBSTITUTIONS:
            line = pattern.sub(replacement, line)
        lines.append(" ".join(line.split()))
    return tuple(lines)


def differences(fake: Outcome, real: Outcome) -> list[str]:
    """What the helper concluded differently with the fake and with the real CLI."""
    found: list[str] = []
    if fake.code != real.code:
        found.append(f"exit code: fake {fake.code}, real {real.code}")
    # Compare the narrative with Rich's line wrapping undone.
    if fake.flat != real.flat:
        only_fake = [line for line in fake.lines if line not in real.lines]
        only_real = [line for line in real.lines if line not in fake.lines]
        found.append(
            "narrative differs:\n  only with the fake:\n    "
            + "\n    ".join(only_fake or ["(same lines, other order or wrapping)"])
            + "\n  only with the real CLI:\n    "
            + "\n    ".join(only_real or ["(same lines, other order or wrapping)"])
        )
    return found


def report(fake: Outcome, real: Outcome) -> str:
    return (
        f"--- fake (exit {fake.code}) ---\n{fake.text}\n"
        f"--- real (exit {real.code}) ---\n{real.text}"
    )


def run_helper_in(
    args: tuple[str, ...], env: dict[str, str], stdin_text: str | None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """The installed helper, no terminal, stdin from `stdin_text` (else nothing at all)."""
    return run_text([*helper_command(), *args], env, stdin_text, timeout)


def write_files(home: Path, scenario: Scenario) -> None:
    aws_dir = home / ".aws"
    aws_dir.mkdir(parents=True, exist_ok=True)
    for name, text in (("config", scenario.config), ("credentials", scenario.credentials)):
        path = aws_dir / name
        if text is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(text, encoding="utf-8")


def fake_env(real_env: Mapping[str, str], real_root: Path, fake: FakeAws) -> dict[str, str]:
    """The real side's environment with its sandbox root swapped for the fake's."""
    env = {key: value.replace(str(real_root), str(fake.root)) for key, value in real_env.items()}
    env["FAKE_AWS_SCENARIO"] = str(fake.scenario_file)
    env["FAKE_AWS_LOG"] = str(fake.log_file)
    return env


def run_contract(
    scenario: Scenario,
    *,
    real_root: Path,
    real_home: Path,
    real_env: dict[str, str],
    real_version: str,
    fake_root: Path,
    fake_overrides: Mapping[str, Any] | None = None,
    sides: tuple[str, ...] = ("fake", "real"),
) -> dict[str, Outcome]:
    """Run `scenario` with the fake and with the real CLI; return both outcomes.

    `fake_overrides` changes the fake's scenario on top of `scenario.fake` (the self-test
    uses it to prove that a changed fake answer is caught). `sides` may leave one out.
    """
    fake = FakeAws(fake_root, fake_root / "home")
    fake.scenario(version=real_version, **dict(scenario.fake), **dict(fake_overrides or {}))
    write_files(fake.home, scenario)
    write_files(real_home, scenario)
    env_real = dict(real_env)
    for key, value in scenario.env.items():
        if value is None:
            env_real.pop(key, None)
        else:
            env_real[key] = value
    env_fake = fake_env(env_real, real_root, fake)
    roots = [real_root, fake_root]
    outcomes: dict[str, Outcome] = {}
    for side, env in (("fake", env_fake), ("real", env_real)):
        if side not in sides:
            continue
        proc = run_helper_in(scenario.args, env, scenario.input)
        text = proc.stdout if scenario.narrative == "stdout" else proc.stderr
        outcomes[side] = Outcome(
            side,
            proc.returncode,
            normalise(text, roots),
            proc.stdout,
            proc.stderr,
            scenario.narrative,
        )
    return outcomes


def unmet_expectations(scenario: Scenario, outcome: Outcome) -> list[str]:
    """Where the helper's conclusion differs from what the scenario says it should be."""
    problems: list[str] = []
    if scenario.expect_code is not None and outcome.code != scenario.expect_code:
        problems.append(f"exit code {outcome.code}, expected {scenario.expect_code}")
    said = " ".join(outcome.text.split())
    problems += [
        f"does not say {p!r}" for p in scenario.expect_says if " ".join(p.split()) not in said
    ]
    problems += [f"says {p!r}" for p in scenario.expect_never if p in said]
    return problems
