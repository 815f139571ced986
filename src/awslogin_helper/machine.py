"""The wizard's state machine as data: steps, events, one transition table, and a tiny driver.

A new path through the guidance is new rows here plus a handler in `checks/`, `paths/` or
`endings/` (listed in `wizard.py`). The docs print this same table
(`python -m awslogin_helper._docgen`), and a test keeps the two equal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum

from awslogin_helper.exit_codes import ExitCode


class Step(Enum):
    DETECT = "detect"
    RECOMMEND = "recommend"
    CHECK_VERSION = "check-version"
    CHECK_IDENTITY = "check-identity"
    CHECK_KEYS = "check-keys"
    ASK_KEEP = "ask-keep"
    CHECK_BROWSER = "check-browser"
    CONFIRM_LOGIN = "confirm-login"
    RUN_LOGIN = "run-login"
    VERIFY = "verify"
    AFTERCARE = "aftercare"
    SSO_EXPLAIN = "sso-explain"
    SSO_CHECK_VERSION = "sso-check-version"
    SSO_CHECK_IDENTITY = "sso-check-identity"
    SSO_CONFIRM = "sso-confirm"
    RUN_SSO_LOGIN = "run-sso-login"
    PARTITION_EXPLAIN = "partition-explain"
    PARTITION_CHECK_VERSION = "partition-check-version"
    PARTITION_CHECK_IDENTITY = "partition-check-identity"
    CONFIGURE_CONFIRM = "configure-confirm"
    RUN_CONFIGURE = "run-configure"
    # Terminal steps: each says its last words and ends with its exit code.
    SUCCESS = "success"
    KEPT = "kept"
    DECLINED = "declined"
    NOT_FOR_CI = "not-for-ci"
    CLI_MISSING = "cli-missing"
    CLI_TOO_OLD = "cli-too-old"
    NEEDS_TERMINAL = "needs-terminal"
    PROFILE_CONFLICT = "profile-conflict"
    LOGIN_FAILED = "login-failed"
    VERIFY_FAILED = "verify-failed"
    PERMISSION_PROBLEM = "permission-problem"
    AWS_UNREACHABLE = "aws-unreachable"
    SSO_NOT_CONFIGURED = "sso-not-configured"


class Event(Enum):
    NEXT = "next"
    CI = "ci"
    SSO_PROFILE = "sso-profile"
    SSO_MISSING = "sso-missing"
    SSO_INCOMPLETE = "sso-incomplete"
    NO_LOGIN_PARTITION = "no-login-partition"
    OK = "ok"
    MISSING = "missing"
    TOO_OLD = "too-old"
    WORKS = "works"
    FAILED = "failed"
    PERMISSION = "permission"
    UNREACHABLE = "unreachable"
    KEEP = "keep"
    SWITCH = "switch"
    NEEDS_NAME = "needs-name"
    CONFLICT = "conflict"
    YES = "yes"
    NO = "no"
    NO_TERMINAL = "no-terminal"
    REFUSED = "refused"


S, E = Step, Event

TRANSITIONS: Mapping[tuple[Step, Event], Step] = {
    # Decide the path from local facts only (environment and config files; no process runs).
    (S.DETECT, E.CI): S.NOT_FOR_CI,
    (S.DETECT, E.SSO_PROFILE): S.SSO_EXPLAIN,
    (S.DETECT, E.SSO_MISSING): S.SSO_NOT_CONFIGURED,
    (S.DETECT, E.SSO_INCOMPLETE): S.SSO_NOT_CONFIGURED,
    (S.DETECT, E.NO_LOGIN_PARTITION): S.PARTITION_EXPLAIN,
    (S.DETECT, E.NEXT): S.RECOMMEND,
    # The `aws login` path.
    (S.RECOMMEND, E.NEXT): S.CHECK_VERSION,
    (S.CHECK_VERSION, E.OK): S.CHECK_IDENTITY,
    (S.CHECK_VERSION, E.MISSING): S.CLI_MISSING,
    (S.CHECK_VERSION, E.TOO_OLD): S.CLI_TOO_OLD,
    (S.CHECK_IDENTITY, E.WORKS): S.CHECK_KEYS,
    (S.CHECK_IDENTITY, E.FAILED): S.CHECK_KEYS,
    (S.CHECK_IDENTITY, E.PERMISSION): S.PERMISSION_PROBLEM,
    (S.CHECK_IDENTITY, E.UNREACHABLE): S.AWS_UNREACHABLE,
    (S.CHECK_KEYS, E.WORKS): S.ASK_KEEP,
    (S.CHECK_KEYS, E.OK): S.CHECK_BROWSER,
    (S.CHECK_KEYS, E.CONFLICT): S.CHECK_BROWSER,
    (S.ASK_KEEP, E.KEEP): S.KEPT,
    (S.ASK_KEEP, E.SWITCH): S.CHECK_BROWSER,
    (S.ASK_KEEP, E.NEEDS_NAME): S.CHECK_BROWSER,
    (S.CHECK_BROWSER, E.NEXT): S.CONFIRM_LOGIN,
    (S.CONFIRM_LOGIN, E.YES): S.RUN_LOGIN,
    (S.CONFIRM_LOGIN, E.NO): S.DECLINED,
    (S.CONFIRM_LOGIN, E.NO_TERMINAL): S.NEEDS_TERMINAL,
    (S.CONFIRM_LOGIN, E.CONFLICT): S.PROFILE_CONFLICT,
    (S.RUN_LOGIN, E.OK): S.VERIFY,
    (S.RUN_LOGIN, E.FAILED): S.LOGIN_FAILED,
    (S.RUN_LOGIN, E.PERMISSION): S.PERMISSION_PROBLEM,
    (S.RUN_LOGIN, E.REFUSED): S.PROFILE_CONFLICT,
    (S.RUN_LOGIN, E.TOO_OLD): S.CLI_TOO_OLD,
    (S.VERIFY, E.WORKS): S.AFTERCARE,
    (S.VERIFY, E.FAILED): S.VERIFY_FAILED,
    (S.VERIFY, E.PERMISSION): S.PERMISSION_PROBLEM,
    (S.VERIFY, E.UNREACHABLE): S.AWS_UNREACHABLE,
    (S.AFTERCARE, E.NEXT): S.SUCCESS,
    # IAM Identity Center (SSO) profiles: `aws sso login`, never `aws login`.
    (S.SSO_EXPLAIN, E.NEXT): S.SSO_CHECK_VERSION,
    (S.SSO_CHECK_VERSION, E.OK): S.SSO_CHECK_IDENTITY,
    (S.SSO_CHECK_VERSION, E.MISSING): S.CLI_MISSING,
    (S.SSO_CHECK_VERSION, E.TOO_OLD): S.CLI_TOO_OLD,
    (S.SSO_CHECK_IDENTITY, E.WORKS): S.KEPT,
    (S.SSO_CHECK_IDENTITY, E.FAILED): S.SSO_CONFIRM,
    (S.SSO_CHECK_IDENTITY, E.PERMISSION): S.PERMISSION_PROBLEM,
    (S.SSO_CHECK_IDENTITY, E.UNREACHABLE): S.AWS_UNREACHABLE,
    (S.SSO_CONFIRM, E.YES): S.RUN_SSO_LOGIN,
    (S.SSO_CONFIRM, E.NO): S.DECLINED,
    (S.SSO_CONFIRM, E.NO_TERMINAL): S.NEEDS_TERMINAL,
    (S.RUN_SSO_LOGIN, E.OK): S.VERIFY,
    (S.RUN_SSO_LOGIN, E.FAILED): S.LOGIN_FAILED,
    # GovCloud and China: no `aws login` there; `aws configure` is the fallback.
    (S.PARTITION_EXPLAIN, E.NEXT): S.PARTITION_CHECK_VERSION,
    (S.PARTITION_CHECK_VERSION, E.OK): S.PARTITION_CHECK_IDENTITY,
    (S.PARTITION_CHECK_VERSION, E.MISSING): S.CLI_MISSING,
    (S.PARTITION_CHECK_IDENTITY, E.WORKS): S.KEPT,
    (S.PARTITION_CHECK_IDENTITY, E.FAILED): S.CONFIGURE_CONFIRM,
    (S.PARTITION_CHECK_IDENTITY, E.PERMISSION): S.PERMISSION_PROBLEM,
    (S.PARTITION_CHECK_IDENTITY, E.UNREACHABLE): S.AWS_UNREACHABLE,
    (S.CONFIGURE_CONFIRM, E.YES): S.RUN_CONFIGURE,
    (S.CONFIGURE_CONFIRM, E.NO): S.DECLINED,
    (S.CONFIGURE_CONFIRM, E.NO_TERMINAL): S.NEEDS_TERMINAL,
    (S.RUN_CONFIGURE, E.OK): S.VERIFY,
    (S.RUN_CONFIGURE, E.FAILED): S.LOGIN_FAILED,
}

TERMINAL: Mapping[Step, ExitCode] = {
    S.SUCCESS: ExitCode.OK,
    S.KEPT: ExitCode.OK,
    S.DECLINED: ExitCode.DECLINED,
    S.NOT_FOR_CI: ExitCode.NOT_FOR_CI,
    S.CLI_MISSING: ExitCode.CLI_NOT_FOUND,
    S.CLI_TOO_OLD: ExitCode.CLI_TOO_OLD,
    S.NEEDS_TERMINAL: ExitCode.USAGE,
    S.PROFILE_CONFLICT: ExitCode.PROFILE_CONFLICT,
    S.LOGIN_FAILED: ExitCode.LOGIN_FAILED,
    S.VERIFY_FAILED: ExitCode.VERIFY_FAILED,
    S.PERMISSION_PROBLEM: ExitCode.PERMISSION_DENIED,
    S.AWS_UNREACHABLE: ExitCode.AWS_UNREACHABLE,
    S.SSO_NOT_CONFIGURED: ExitCode.SSO_NOT_CONFIGURED,
}

START = S.DETECT

# One line per step for the docs.
STEP_DOCS: Mapping[Step, str] = {
    S.DETECT: "Read the environment and the AWS config files (no process runs): CI? SSO "
    "profile? GovCloud/China region?",
    S.RECOMMEND: "Lead with the fix: `aws login`, short-term credentials, AWS CLI 2.32.0+. "
    "The checks start in the background meanwhile.",
    S.CHECK_VERSION: "`aws --version`: is `aws` there and at least 2.32.0?",
    S.CHECK_IDENTITY: "`aws sts get-caller-identity`: do the current credentials work?",
    S.CHECK_KEYS: "What does the profile hold (AKIA/ASIA keys, login session, role, process)? "
    "Explain long-term keys; warn about credential environment variables.",
    S.ASK_KEEP: "They work: keep them, sign in again (an `aws login` profile), or set up "
    "`aws login` in a new named profile?",
    S.CHECK_BROWSER: "Can this machine open a browser? If not, use `aws login --remote`.",
    S.CONFIRM_LOGIN: "The one confirmation: run `aws login [--profile P] [--remote]`? For a "
    "new profile the same prompt shows the command and takes the name (Enter: the default).",
    S.RUN_LOGIN: "Run `aws login` with the terminal passed through.",
    S.VERIFY: "`aws sts get-caller-identity` again: show Account and Arn.",
    S.AFTERCARE: "Remind how to use a named profile; warn about shadowing variables.",
    S.SSO_EXPLAIN: "The profile uses IAM Identity Center: its command is `aws sso login`.",
    S.SSO_CHECK_VERSION: "`aws --version`: is `aws` v2 there?",
    S.SSO_CHECK_IDENTITY: "`aws sts get-caller-identity --profile P`: does the SSO session work?",
    S.SSO_CONFIRM: "The one confirmation: run `aws sso login --profile P`?",
    S.RUN_SSO_LOGIN: "Run `aws sso login` with the terminal passed through.",
    S.PARTITION_EXPLAIN: "GovCloud/China: `aws login` is unavailable; explain the "
    "`aws configure` fallback and its risks.",
    S.PARTITION_CHECK_VERSION: "`aws --version`: is `aws` there?",
    S.PARTITION_CHECK_IDENTITY: "`aws sts get-caller-identity`: do the current credentials work?",
    S.CONFIGURE_CONFIRM: "The one confirmation: run `aws configure [--profile P]`?",
    S.RUN_CONFIGURE: "Run `aws configure` with the terminal passed through.",
    S.SUCCESS: "Working credentials, verified.",
    S.KEPT: "The credentials already work; nothing changed.",
    S.DECLINED: "The user said no; nothing ran. Only now mention `aws configure` (with its risks).",
    S.NOT_FOR_CI: "CI/CD: explain IAM roles with OIDC federation; nothing runs.",
    S.CLI_MISSING: "No `aws` on PATH: link the install guide.",
    S.CLI_TOO_OLD: "v1 or older than needed: show version and path, link the install guide.",
    S.NEEDS_TERMINAL: "No terminal to ask and no `--yes`: nothing runs.",
    S.PROFILE_CONFLICT: "The profile holds other credentials: use a new named profile.",
    S.LOGIN_FAILED: "The login failed: the specific remedy (`--remote`, new code, SSO help, ...).",
    S.VERIFY_FAILED: "Still no working identity after the login.",
    S.PERMISSION_PROBLEM: "A permissions problem, not a login problem: the "
    "SignInLocalDevelopmentAccess policy.",
    S.AWS_UNREACHABLE: "AWS did not answer in time.",
    S.SSO_NOT_CONFIGURED: "`--sso` without an SSO profile, or an SSO profile without account "
    "and role: `aws configure sso`.",
}

Handler = Callable[[], Event | None]


class MachineError(RuntimeError):
    """A handler returned an event the table has no row for: a bug, reported as such."""


def drive(handlers: Mapping[Step, Handler], start: Step = START) -> tuple[Step, ExitCode]:
    """Run handlers from `start` until a terminal step has spoken; return it and its exit code."""
    step = start
    while True:
        event = handlers[step]()
        if step in TERMINAL:
            return step, TERMINAL[step]
        if event is None or (step, event) not in TRANSITIONS:
            raise MachineError(f"no transition from {step.value} on {event}")
        step = TRANSITIONS[(step, event)]


def reachable(start: Step = START) -> set[Step]:
    seen = {start}
    frontier = [start]
    while frontier:
        current = frontier.pop()
        for (source, _event), target in TRANSITIONS.items():
            if source == current and target not in seen:
                seen.add(target)
                frontier.append(target)
    return seen


def markdown_table() -> str:
    """The transition table as Markdown, in table order."""
    lines = ["| From step | On event | To step |", "|---|---|---|"]
    for (source, event), target in TRANSITIONS.items():
        lines.append(f"| `{source.value}` | {event.value} | `{target.value}` |")
    return "\n".join(lines)


def terminal_table() -> str:
    lines = ["| Final step | Exit code | Meaning |", "|---|---|---|"]
    for step, code in TERMINAL.items():
        lines.append(f"| `{step.value}` | {int(code)} ({code.name}) | {STEP_DOCS[step]} |")
    return "\n".join(lines)


def mermaid() -> str:
    """A state diagram generated from the table (never drawn by hand)."""
    lines = ["stateDiagram-v2", f"    [*] --> {START.name}"]
    for (source, event), target in TRANSITIONS.items():
        lines.append(f"    {source.name} --> {target.name}: {event.value}")
    for step in TERMINAL:
        lines.append(f"    {step.name} --> [*]")
    return "\n".join(lines)
