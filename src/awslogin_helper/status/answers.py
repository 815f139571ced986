"""What the AWS CLI answered: each `aws` on PATH (`--version`), each identity check.

No processes here (gather.py runs them): their outcomes become records, with every error
line redacted before any of it is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from awslogin_helper.checks.classify import (
    Identity,
    IdentityProblem,
    classify_identity_error,
    parse_identity,
    proxy_host,
)
from awslogin_helper.checks.versions import LOGIN_MIN_VERSION, AwsCliVersion
from awslogin_helper.edges.runner import CommandNotStarted, CommandOutputTooLarge, CommandTimeout
from awslogin_helper.redact import credential_process_failed, redact
from awslogin_helper.status.model import Message, Outcome, english, say, verbatim
from awslogin_helper.words import N_


@dataclass(frozen=True)
class AwsExecutable:
    path: str
    version: AwsCliVersion | None
    error: Message | None = None  # why the version is unknown

    @property
    def supports_login(self) -> bool | None:
        return None if self.version is None else self.version.supports_login()

    @property
    def too_old_for_login(self) -> bool:
        return self.version is not None and not self.version.supports_login()

    def describe(self) -> Message:
        if self.version is None:
            return say(N_("version unknown ({reason})"), reason=self.error or say(N_("no answer")))
        version = str(self.version)
        if self.version.major < 2:
            return say(N_("{version} (AWS CLI v1: no aws login)"), version=version)
        if not self.version.supports_login():
            return say(
                N_("{version} (older than {minimum}: no aws login)"),
                version=version,
                minimum=str(LOGIN_MIN_VERSION),
            )
        return verbatim(version)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "version": None if self.version is None else str(self.version),
            "major": None if self.version is None else self.version.major,
            "supports_login": self.supports_login,
            "error": english(self.error),
        }


def executable_from_outcome(path: str, outcome: Outcome) -> AwsExecutable:
    from awslogin_helper.checks.versions import parse_aws_version

    flag = "`--version`"
    if isinstance(outcome, CommandTimeout):
        seconds = f"{outcome.timeout:g}"
        why = say(N_("{flag} did not answer within {seconds} s"), flag=flag, seconds=seconds)
        return AwsExecutable(path, None, why)
    if isinstance(outcome, CommandNotStarted):
        why = say(N_("could not be started: {reason}"), reason=outcome.reason)
        return AwsExecutable(path, None, why)
    if isinstance(outcome, CommandOutputTooLarge):
        # The runner's reason is English ("printed more than 1 MiB on stdout, ...").
        why = say(N_("{flag} {reason}"), flag=flag, reason=outcome.reason)
        return AwsExecutable(path, None, why)
    found = parse_aws_version(outcome.stdout + "\n" + outcome.stderr)
    if found is None:
        why = say(N_("{flag} printed no version (exit {code})"), flag=flag, code=outcome.returncode)
        return AwsExecutable(path, None, why)
    return AwsExecutable(path, found)


def newer_later(executables: Sequence[AwsExecutable]) -> AwsExecutable | None:
    """A later `aws` on PATH that supports `aws login`, when the first one does not."""
    if not executables or not executables[0].too_old_for_login:
        return None
    return next((exe for exe in executables[1:] if exe.supports_login), None)


# --------------------------------------------------------------------------- identity answers


@dataclass(frozen=True)
class IdentityCheck:
    """What one `aws sts get-caller-identity` said. works=None: it could not be told."""

    works: bool | None
    identity: Identity | None = None
    code: str | None = None
    # An AWS CLI error line, a proxy host or a time ("20 s"); a Message for our own words.
    detail: str | Message | None = None


NO_AWS = IdentityCheck(None, code="no-aws")


def _last_line(text: str) -> str | None:
    # Redact the whole text before cutting: a secret (a PEM body) can span many lines.
    lines = [line.strip() for line in redact(text).splitlines() if line.strip()]
    if not lines:
        return None
    line = lines[-1].removeprefix("aws: [ERROR]: ").strip()
    return line if len(line) <= 160 else line[:157] + "..."


def check_identity(outcome: Outcome | None) -> IdentityCheck:
    if outcome is None:
        return NO_AWS
    if isinstance(outcome, CommandTimeout):
        return IdentityCheck(None, code="timeout", detail=f"{outcome.timeout:g} s")
    if isinstance(outcome, CommandNotStarted):
        return IdentityCheck(None, code="aws-not-started", detail=outcome.reason)
    if isinstance(outcome, CommandOutputTooLarge):
        # Like a timeout: the answer never came to an end, so whether it works is unknown.
        return IdentityCheck(None, code="output-too-large", detail=outcome.reason)
    if outcome.ok:
        identity = parse_identity(outcome.stdout)
        if identity is None:
            not_json = say(N_("its answer was not the expected JSON"))
            return IdentityCheck(False, code="other", detail=not_json)
        return IdentityCheck(True, identity)
    problem = classify_identity_error(outcome.stderr)
    if problem in (IdentityProblem.NETWORK, IdentityProblem.PROXY):
        # The credentials may be fine; AWS could not be asked.
        return IdentityCheck(None, code=problem.value, detail=proxy_host(outcome.stderr))
    detail = _last_line(outcome.stderr) if problem is IdentityProblem.OTHER else None
    if problem is IdentityProblem.OTHER and credential_process_failed(outcome.stderr):
        # Its stderr may echo its own command line and secrets, and helps nobody here.
        return IdentityCheck(False, code=problem.value, detail=_PROCESS_FAILED)
    return IdentityCheck(False, code=problem.value, detail=detail)


# redact.CREDENTIAL_PROCESS_FAILED, as a catalog message (a test keeps the two equal).
_PROCESS_FAILED = say(
    N_("the credential_process command failed; its output is not shown (it can hold secrets)")
)
