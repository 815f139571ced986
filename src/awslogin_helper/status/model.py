"""The records of `awslogin-helper status`: messages, one profile's status, time labels.

No processes, no file access, nothing printed. What the report says (problems, advice,
warnings) is kept as a `Message`: a catalog msgid and its values. `status --json` renders it
in English (`Message.english()`, the msgid itself, so the JSON never changes with the
language); the screen translates it (`Message.shown()`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from awslogin_helper.awsconfig import CredentialKind, validate_profile_name
from awslogin_helper.checks.classify import _PROBLEM_MESSAGES, IdentityProblem
from awslogin_helper.edges.runner import (
    CommandNotStarted,
    CommandOutputTooLarge,
    CommandTimeout,
    Completed,
)
from awslogin_helper.quoting import option, quote, shell_command
from awslogin_helper.words import N_, tr

SCHEMA_VERSION = 1
# `aws login` sessions can be refreshed for up to 12 hours (server-side limit, nothing on disk).
SESSION_HOURS = 12
IDENTITY_TIMEOUT = 20.0
VERSION_TIMEOUT = 15.0
# Partitions where `aws login` is not offered (AWS guidance; the CLI has no check of its own).
NO_LOGIN_PARTITIONS = frozenset({"aws-us-gov", "aws-cn"})

# Translated where they are shown (render.py, detail.py).
KIND_LABELS: dict[CredentialKind, str] = {
    CredentialKind.LOGIN: N_("aws login session"),
    CredentialKind.SSO: N_("IAM Identity Center (SSO)"),
    CredentialKind.LONG_TERM_KEYS: N_("long-term access keys"),
    CredentialKind.TEMPORARY_KEYS: N_("temporary access keys"),
    CredentialKind.ASSUME_ROLE: N_("assume role"),
    CredentialKind.PROCESS: "credential_process",  # a setting's name: never translated
    CredentialKind.WEB_IDENTITY: N_("web identity token"),
    CredentialKind.NONE: N_("no credentials"),
}


@dataclass(frozen=True)
class Message:
    """What to say: a catalog msgid (marked with `N_`) and its named values.

    A value is shown as it is (a command, a path, an error line of the AWS CLI), or is itself
    a `Message` (a cause inside a sentence), rendered in the same language as the sentence.
    """

    msgid: str
    values: Mapping[str, object] = field(default_factory=dict)

    def english(self) -> str:
        """The English text (`status --json`): the msgid, filled in."""
        return self.msgid.format(**{k: _english(v) for k, v in self.values.items()})

    def shown(self) -> str:
        """The text in the current language (the human report)."""
        return tr(self.msgid, **{k: _shown(v) for k, v in self.values.items()})


def say(msgid: str, /, **values: object) -> Message:
    """`say(N_("Profile {name} ..."), name=name)`: the message, rendered later."""
    return Message(msgid, values)


def verbatim(text: str) -> Message:
    """A text that is not a catalog message (an AWS CLI line): shown as it is."""
    return Message("{text}", {"text": text})


def _english(value: object) -> object:
    return value.english() if isinstance(value, Message) else value


def _shown(value: object) -> object:
    return value.shown() if isinstance(value, Message) else value


def english(message: Message | None) -> str | None:
    return None if message is None else message.english()


# classify keeps each identity problem as (msgid, values): the same catalog entries here.
def problem_message(problem: IdentityProblem) -> Message:
    msgid, values = _PROBLEM_MESSAGES[problem]
    return Message(msgid, values)


Outcome = Completed | CommandTimeout | CommandNotStarted | CommandOutputTooLarge


def shell_arg(value: str) -> str:
    """`value` as one argument in a command the user copies (quoted only when it must be)."""
    return quote(value)


def profile_flag(name: str) -> str:
    """`--profile NAME` for a printed command: quoted, and `--profile=-x` for a dash name."""
    return shell_command(option("--profile", name))


def iso_utc(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --------------------------------------------------------------------------- profiles


@dataclass
class ProfileStatus:
    name: str
    kind: CredentialKind
    exists: bool = True
    region: str | None = None
    region_source: str | None = None
    partition: str = "aws"
    works: bool | None = None
    account: str | None = None
    arn: str | None = None
    problem: Message | None = None
    problem_code: str | None = None
    fix: str | None = None
    advice: Message | None = None
    advice_command: str | None = None
    key_id_last4: str | None = None
    role_arn: str | None = None
    source_profile: str | None = None
    credential_source: str | None = None
    login_session: str | None = None
    credentials_expire_at: datetime | None = None
    session_ends_estimate: datetime | None = None
    session_estimate_basis: Message | None = None
    sso_start_url: str | None = None
    sso_token_expires_at: datetime | None = None
    cache_file: str | None = None
    cache_file_world_readable: bool = False
    # Why the token cache was not read (a FIFO, root-owned, too large...), and its fix; shown
    # as a warning (the JSON report carries it there, the profile schema stays as it is).
    cache_problem: str | None = None
    cache_fix: str | None = None
    # The `aws login` cache holds a key the AWS CLI cannot read back (its next refresh fails).
    login_key_unreadable: bool = False
    # Only for `status --verbose` (never in the JSON, whose shape is fixed): where the profile
    # is written, and the `sso-session` it names.
    defined_in: tuple[tuple[str, int | None], ...] = ()
    sso_session: str | None = None

    @property
    def status(self) -> str:
        """ "error" (does not work), "warning" (unknown, or works with advice), or "ok"."""
        if self.works is False:
            return "error"
        if self.works is None or self.advice or self.cache_file_world_readable:
            return "warning"
        return "ok"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "exists": self.exists,
            "kind": self.kind.value,
            "status": self.status,
            "region": self.region,
            "region_source": self.region_source,
            "partition": self.partition,
            "works": self.works,
            "account": self.account,
            "arn": self.arn,
            "problem": english(self.problem),
            "problem_code": self.problem_code,
            "fix": self.fix,
            "advice": english(self.advice),
            "advice_command": self.advice_command,
            "key_id_last4": self.key_id_last4,
            "role_arn": self.role_arn,
            "source_profile": self.source_profile,
            "credential_source": self.credential_source,
            "credentials_expire_at": iso_utc(self.credentials_expire_at),
            "session_ends_estimate": iso_utc(self.session_ends_estimate),
            "session_estimate_basis": english(self.session_estimate_basis),
            "sso_start_url": self.sso_start_url,
            "sso_token_expires_at": iso_utc(self.sso_token_expires_at),
            "cache_file": self.cache_file,
            "cache_file_world_readable": self.cache_file_world_readable,
        }


def new_profile_name(name: str) -> str:
    """A name for a fresh `aws login` profile next to one that holds keys."""
    candidate = f"{name}-login"
    return candidate if validate_profile_name(candidate) is None else "NEW-PROFILE"


def login_command(name: str) -> str:
    return f"awslogin-helper {profile_flag(name)}"


def sso_login_command(name: str) -> str:
    return f"aws sso login {profile_flag(name)}"


def identity_command(name: str) -> str:
    return f"aws sts get-caller-identity {profile_flag(name)}"


# --------------------------------------------------------------------------- time labels


def when(moment: datetime, now: datetime) -> str:
    """`14:05 UTC (in 12 min)` today, else with the date; `(3 h ago)` for the past.

    For the screen only, so in the current language (the JSON has ISO times).
    """
    moment = moment.astimezone(UTC)
    clock = moment.strftime("%H:%M UTC")
    if moment.date() != now.astimezone(UTC).date():
        clock = moment.strftime("%Y-%m-%d %H:%M UTC")
    return tr("{clock} ({relative})", clock=clock, relative=relative(moment, now))


def relative(moment: datetime, now: datetime) -> str:
    seconds = int((moment - now).total_seconds())
    past = seconds < 0
    seconds = abs(seconds)
    if seconds < 60:
        return tr("now")
    minutes = seconds // 60
    if minutes < 60:
        span = tr("{minutes} min", minutes=minutes)
    elif minutes < 48 * 60:
        hours, rest = divmod(minutes, 60)
        span = (
            tr("{hours} h {minutes} min", hours=hours, minutes=rest)
            if rest and hours < 10
            else tr("{hours} h", hours=hours)
        )
    else:
        span = tr("{days} days", days=minutes // (24 * 60))
    return tr("{span} ago", span=span) if past else tr("in {span}", span=span)
