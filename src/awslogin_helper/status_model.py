"""Pure model of `awslogin-helper status`: what each profile holds, whether it works, what to run.

No processes, no file access, nothing printed: `status.py` gathers the facts (files, caches,
AWS CLI answers) and this module turns them into a report, its JSON form and its exit code.

What the report says (problems, advice, warnings) is kept as a `Message`: a catalog msgid and
its values. `status --json` renders it in English (`Message.english()`, the msgid itself, so
the JSON never changes with the language); the screen translates it (`Message.shown()`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from awslogin_helper.awsconfig import (
    AwsFiles,
    CacheInfo,
    CredentialKind,
    Profile,
    SsoCacheIndex,
    credential_kind,
    partition_of,
    resolve_region,
    sso_start_url,
    validate_profile_name,
)
from awslogin_helper.checks.classify import (
    _PROBLEM_MESSAGES,
    POLICY_NAME,
    Identity,
    IdentityProblem,
    attach_policy_command,
    classify_identity_error,
    parse_identity,
    proxy_host,
)
from awslogin_helper.checks.versions import INSTALL_GUIDE, LOGIN_MIN_VERSION, AwsCliVersion
from awslogin_helper.edges.runner import (
    CommandNotStarted,
    CommandOutputTooLarge,
    CommandTimeout,
    Completed,
)
from awslogin_helper.edges.safeio import CHOWN_FIX
from awslogin_helper.endings import Situation, identity_ending
from awslogin_helper.quoting import option, quote, quote_string, shell_command
from awslogin_helper.redact import credential_process_failed, redact
from awslogin_helper.shells import SHELL_LABELS, unset_lines
from awslogin_helper.words import N_, tr

SCHEMA_VERSION = 1
# `aws login` sessions can be refreshed for up to 12 hours (server-side limit, nothing on disk).
SESSION_HOURS = 12
IDENTITY_TIMEOUT = 20.0
VERSION_TIMEOUT = 15.0
# Partitions where `aws login` is not offered (AWS guidance; the CLI has no check of its own).
NO_LOGIN_PARTITIONS = frozenset({"aws-us-gov", "aws-cn"})

# Translated where they are shown (status.py).
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


# --------------------------------------------------------------------------- aws executables


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


# --------------------------------------------------------------------------- profiles


@dataclass(frozen=True)
class ProfileFacts:
    """What the files and token caches say about one profile (gathered by status.py)."""

    name: str
    profile: Profile | None
    login_cache: CacheInfo | None = None
    # When the login cache file was last written, read *before* any aws call could refresh it.
    login_cache_written: datetime | None = None
    login_cache_path: str | None = None  # where the cache should be, even when it is missing
    sso_cache: CacheInfo | None = None


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


def _key_last4(profile: Profile) -> str | None:
    # The key that wins is the credentials file's, else the config file's (credential_kind).
    key = profile.credentials_settings.get("aws_access_key_id") or profile.config_settings.get(
        "aws_access_key_id"
    )
    if not key:
        return None
    key = key.strip()
    # Below 8 characters the last four would give away most of the value (as mask_key_id).
    return key[-4:] if len(key) >= 8 else None


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


def describe_profile(
    facts: ProfileFacts, files: AwsFiles, env_vars: Mapping[str, str], now: datetime
) -> ProfileStatus:
    """Everything the files and caches tell, before any AWS CLI answer."""
    profile = facts.profile
    if profile is None:
        status = ProfileStatus(facts.name, CredentialKind.NONE, exists=False)
    else:
        status = ProfileStatus(facts.name, credential_kind(profile, files))
    region, source = resolve_region(facts.name, files, env_vars, None)
    status.region = region
    status.region_source = (
        None if source == "not set" else "profile" if source.startswith("profile ") else source
    )
    status.partition = partition_of(region)
    if profile is None:
        return status

    kind = status.kind
    if kind in (CredentialKind.LONG_TERM_KEYS, CredentialKind.TEMPORARY_KEYS):
        status.key_id_last4 = _key_last4(profile)
    if kind is CredentialKind.ASSUME_ROLE:
        status.role_arn = profile.get("role_arn")
        status.source_profile = profile.get("source_profile")
        status.credential_source = profile.get("credential_source")
    if kind is CredentialKind.LOGIN:
        status.login_session = profile.get("login_session")
        _describe_login(status, facts, now)
    if kind is CredentialKind.SSO:
        status.sso_start_url = sso_start_url(profile, files)
        if facts.sso_cache is not None:
            status.cache_file = str(facts.sso_cache.path)
            status.cache_file_world_readable = facts.sso_cache.world_or_group_readable
            status.sso_token_expires_at = facts.sso_cache.expires_at
            status.cache_problem = facts.sso_cache.problem
            status.cache_fix = facts.sso_cache.fix
    return status


def _describe_login(status: ProfileStatus, facts: ProfileFacts, now: datetime) -> None:
    cache = facts.login_cache
    status.cache_file = str(cache.path) if cache is not None else facts.login_cache_path
    if cache is None:
        return
    status.cache_file_world_readable = cache.world_or_group_readable
    status.credentials_expire_at = cache.expires_at
    status.cache_problem = cache.problem
    status.cache_fix = cache.fix
    written = facts.login_cache_written
    if written is not None:
        # The CLI writes the cache at `aws login` and rewrites it at every 15-minute refresh, so
        # the login happened at or before the last write: the 12-hour session ends by then + 12 h
        # at the latest (earlier if the last write was a refresh). No file field stores the end.
        status.session_ends_estimate = written + timedelta(hours=SESSION_HOURS)
        status.session_estimate_basis = say(
            N_(
                "{hours} h after the login cache file was last written, {written}; "
                "the session began at or before then"
            ),
            hours=SESSION_HOURS,
            written=iso_utc(written),
        )


def apply_identity(
    status: ProfileStatus,
    check: IdentityCheck,
    first_aws: AwsExecutable | None,
    newer_aws: AwsExecutable | None = None,
) -> None:
    """Fill in whether the profile works, as whom, and the one command that fixes it."""
    status.works = check.works
    if check.identity is not None:
        status.account = check.identity.account
        status.arn = check.identity.arn
    name, kind = status.name, status.kind
    no_login = status.partition in NO_LOGIN_PARTITIONS
    if check.works:
        if kind is CredentialKind.LONG_TERM_KEYS and not no_login:
            new = new_profile_name(name)
            status.advice = say(
                N_(
                    "long-term keys never expire and sit on disk in plain text; {login} gives "
                    "short-term credentials (in a new profile: it refuses profiles holding keys)"
                ),
                login=_LOGIN,
            )
            status.advice_command = login_command(new)
        if kind is CredentialKind.LOGIN and no_login:
            status.advice = say(
                N_("{login} is not offered in the {partition} partition"),
                login=_LOGIN,
                partition=status.partition,
            )
        return

    code = check.code or "other"
    if not status.exists:
        code = IdentityProblem.UNKNOWN_PROFILE.value
        status.works = False
    if (
        kind is CredentialKind.LOGIN
        and first_aws is not None
        and first_aws.too_old_for_login
        and code in ("no-credentials", "needs-crt", "other")
    ):
        code = "cli-too-old"
    status.problem_code = code
    status.problem, status.fix = _problem_and_fix(status, code, check, first_aws, newer_aws)


Found = tuple[Message, str | None] | None
_LOGIN = "`aws login`"  # a command inside a sentence: a value, never translated
_UNKNOWN = N_("unknown: {problem}")  # the credentials may work; it could not be told


def _problem_and_fix(
    status: ProfileStatus,
    code: str,
    check: IdentityCheck,
    first_aws: AwsExecutable | None,
    newer_aws: AwsExecutable | None,
) -> tuple[Message, str | None]:
    found = _unchecked(status, code, check, first_aws, newer_aws) or _setup_problem(status, code)
    if found is None:
        rules = {
            CredentialKind.SSO: _sso_problem,
            CredentialKind.NONE: _none_problem,
            CredentialKind.LOGIN: _login_problem,
            CredentialKind.LONG_TERM_KEYS: _keys_problem,
            CredentialKind.TEMPORARY_KEYS: _keys_problem,
        }
        rule = rules.get(status.kind)
        found = rule(status, code, check) if rule is not None else None
    return found or _generic_problem(status, code, check)


def _unchecked(
    status: ProfileStatus,
    code: str,
    check: IdentityCheck,
    first_aws: AwsExecutable | None,
    newer_aws: AwsExecutable | None,
) -> Found:
    """Problems that leave open whether the credentials work (or need another aws)."""
    retry = identity_command(status.name)
    if code == "no-aws":
        return _NO_AWS, None
    if code == "timeout":
        return _timeout(check), retry
    if code == "aws-not-started":
        started = say(N_("aws could not be started ({reason})"), reason=check.detail)
        return say(_UNKNOWN, problem=started), None
    if code == "output-too-large":
        return _too_large(check), None
    if code in (IdentityProblem.NETWORK.value, IdentityProblem.PROXY.value):
        # The same words and fix as the wizard's (one table of causes: endings.py); the verdict
        # is rebuilt from the same catalog entries, so that the JSON stays English.
        # status reads no environment of its own here: HTTPS_PROXY is what the CLI uses first.
        proxy = ("HTTPS_PROXY", str(check.detail)) if check.detail else None
        ending = identity_ending(
            IdentityProblem(code), Situation(profile=status.name, named=True, proxy=proxy)
        )
        if code == IdentityProblem.NETWORK.value:
            verdict = problem_message(IdentityProblem.NETWORK)
        else:
            variable, host = proxy or ("HTTPS_PROXY", say(N_("the proxy")))
            verdict = say(
                N_("the proxy at {host} (from {variable}) cannot be reached"),
                host=host,
                variable=variable,
            )
        return say(_UNKNOWN, problem=verdict), ending.command or retry
    if code == "cli-too-old":
        version = str(first_aws.version) if first_aws is not None else "?"
        if newer_aws is None:
            return say(
                N_(
                    "the first aws on PATH ({version}) cannot use {login} sessions; "
                    "install {minimum} or later: {url}"
                ),
                version=version,
                login=_LOGIN,
                minimum=str(LOGIN_MIN_VERSION),
                url=INSTALL_GUIDE,
            ), None
        return say(
            N_(
                "the first aws on PATH ({version}) cannot use {login} sessions; "
                "{path} ({newer}) can: put it first on PATH"
            ),
            version=version,
            login=_LOGIN,
            path=newer_aws.path,
            newer=str(newer_aws.version),
        ), None
    return None


_NO_AWS = say(_UNKNOWN, problem=say(N_("no aws on PATH")))


def _timeout(check: IdentityCheck) -> Message:
    late = say(N_("aws did not answer within {seconds}"), seconds=check.detail)
    return say(_UNKNOWN, problem=late)


def _too_large(check: IdentityCheck) -> Message:
    # The runner's reason is English ("printed more than 1 MiB on stdout, so it was stopped").
    return say(_UNKNOWN, problem=say(N_("aws {reason}"), reason=check.detail))


def unknown_cause(message: Message) -> Message | None:
    """The cause inside "unknown: ...", for a screen that already says it is unknown."""
    if message.msgid == _UNKNOWN:
        inner = message.values.get("problem")
        return inner if isinstance(inner, Message) else None
    return None


def _setup_problem(status: ProfileStatus, code: str) -> Found:
    name = status.name
    if code == IdentityProblem.UNKNOWN_PROFILE.value:
        return (
            say(N_("the profile does not exist in the config or credentials file")),
            login_command(name),
        )
    if code == IdentityProblem.NO_REGION.value:
        return (
            say(N_("no AWS region is configured ({region} shown; use yours)"), region="us-east-1"),
            f"aws configure set region us-east-1 {profile_flag(name)}",
        )
    return None


def _with_detail(text: Message, code: str, check: IdentityCheck) -> Message:
    """An unclassified error: its cause, then the AWS CLI's own last line."""
    if code == IdentityProblem.OTHER.value and check.detail:
        return say(N_("{problem}: {detail}"), problem=text, detail=check.detail)
    return text


def _sso_problem(status: ProfileStatus, code: str, check: IdentityCheck) -> Found:
    # SSO profiles are never sent to `aws login` (it refuses them, and SSO is the better path).
    if status.sso_start_url is None or code == IdentityProblem.NO_CREDENTIALS.value:
        return (
            say(
                N_(
                    "the IAM Identity Center (SSO) setup is incomplete "
                    "(no start URL, account or role)"
                )
            ),
            f"aws configure sso {profile_flag(status.name)}",
        )
    text = problem_message(_problem(code))
    return _with_detail(text, code, check), sso_login_command(status.name)


def _none_problem(status: ProfileStatus, code: str, check: IdentityCheck) -> Found:
    if status.partition in NO_LOGIN_PARTITIONS:
        return (
            say(
                N_("no credentials ({login} is not offered in {partition})"),
                login=_LOGIN,
                partition=status.partition,
            ),
            f"aws configure {profile_flag(status.name)}",
        )
    return say(N_("no credentials are configured for this profile")), login_command(status.name)


def _login_problem(status: ProfileStatus, code: str, check: IdentityCheck) -> Found:
    name = status.name
    if code == IdentityProblem.PERMISSION.value:
        command = attach_policy_command(Identity("", status.login_session or "", ""))
        return (
            say(
                N_("the identity lacks the {policy} policy (an administrator runs the fix)"),
                policy=POLICY_NAME,
            ),
            command,
        )
    if code == IdentityProblem.NEEDS_CRT.value:
        return problem_message(IdentityProblem.NEEDS_CRT), None
    if code == IdentityProblem.NO_CREDENTIALS.value or (
        code == IdentityProblem.LOGIN_SESSION_EXPIRED.value and status.credentials_expire_at is None
    ):
        return (
            say(N_("no {login} session is cached for this profile"), login=_LOGIN),
            login_command(name),
        )
    text = problem_message(_problem(code))
    return _with_detail(text, code, check), login_command(name)


def _keys_problem(status: ProfileStatus, code: str, check: IdentityCheck) -> Found:
    if code not in (IdentityProblem.EXPIRED.value, IdentityProblem.INVALID_KEY.value):
        return None
    expired = code == IdentityProblem.EXPIRED.value
    if status.partition in NO_LOGIN_PARTITIONS:
        what = (
            say(N_("the temporary keys have expired; replace them"))
            if expired
            else say(
                N_("{problem}; replace them"), problem=problem_message(IdentityProblem.INVALID_KEY)
            )
        )
        return what, f"aws configure {profile_flag(status.name)}"
    what = (
        say(
            N_(
                "the temporary keys have expired; replace them, or use {login} in a new profile "
                "(it refuses profiles holding keys)"
            ),
            login=_LOGIN,
        )
        if expired
        else say(
            N_(
                "{problem}; replace them, or use {login} in a new profile "
                "(it refuses profiles holding keys)"
            ),
            problem=problem_message(IdentityProblem.INVALID_KEY),
            login=_LOGIN,
        )
    )
    return what, login_command(new_profile_name(status.name))


def _generic_problem(status: ProfileStatus, code: str, check: IdentityCheck) -> tuple[Message, str]:
    text = problem_message(_problem(code))
    if status.kind is CredentialKind.PROCESS and code == IdentityProblem.OTHER.value:
        text = say(N_("the credential_process command failed"))
    text = _PROCESS_FAILED if check.detail == _PROCESS_FAILED else _with_detail(text, code, check)
    return say(N_("{problem} (the fix shows the full error)"), problem=text), identity_command(
        status.name
    )


def _problem(code: str) -> IdentityProblem:
    try:
        return IdentityProblem(code)
    except ValueError:
        return IdentityProblem.OTHER


def link_sources(profiles: Sequence[ProfileStatus]) -> None:
    """An assume-role profile fails when its source profile fails: point at the source's fix."""
    by_name = {p.name: p for p in profiles}
    for status in profiles:
        if status.kind is not CredentialKind.ASSUME_ROLE or status.works is True:
            continue
        source = by_name.get(status.source_profile or "")
        if source is None or source is status or source.works is not False:
            continue
        status.problem = say(
            N_("its source profile {source} does not work: {problem}"),
            source=source.name,
            problem=source.problem,
        )
        status.problem_code = "source-profile"
        status.fix = source.fix


# --------------------------------------------------------------------------- what a bare `aws` uses


@dataclass
class Active:
    """Which credentials a bare `aws` command (no --profile) uses right now."""

    source: str  # "env", "AWS_DEFAULT_PROFILE", "AWS_PROFILE" or "default"
    profile: str  # the profile selected (for "env": the one the variables win over)
    profile_exists: bool
    shadowed_by_env: bool
    env_vars: list[str]
    partial_env: bool = False
    key_id_last4: str | None = None
    works: bool | None = None
    account: str | None = None
    arn: str | None = None
    problem: Message | None = None
    problem_code: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "profile": self.profile,
            "profile_exists": self.profile_exists,
            "shadowed_by_env": self.shadowed_by_env,
            "env_vars": self.env_vars,
            "key_id_last4": self.key_id_last4,
            "works": self.works,
            "account": self.account,
            "arn": self.arn,
            "problem": english(self.problem),
            "problem_code": self.problem_code,
        }


def _env(env_vars: Mapping[str, str], name: str) -> str | None:
    value = env_vars.get(name)
    return value if value else None


def resolve_active(env_vars: Mapping[str, str], files: AwsFiles) -> Active:
    """The AWS CLI's precedence without --profile.

    The environment provider comes first in botocore's chain whenever no --profile is given
    (AWS_PROFILE does not stop it); the profile itself comes from AWS_DEFAULT_PROFILE, then
    AWS_PROFILE (botocore's session variable 'profile' lists them in that order), else default.
    """
    source, profile = "default", "default"
    for var in ("AWS_DEFAULT_PROFILE", "AWS_PROFILE"):
        value = _env(env_vars, var)
        if value is not None:
            source, profile = var, value
            break
    found = files.profile(profile)
    env_vars_set = [
        name
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
        if _env(env_vars, name)
    ]
    key = _env(env_vars, "AWS_ACCESS_KEY_ID")
    if key is None:
        return Active(source, profile, found is not None, False, env_vars_set)
    has_credentials = found is not None and credential_kind(found, files) is not CredentialKind.NONE
    key = key.strip()
    return Active(
        source="env",
        profile=profile,
        profile_exists=found is not None,
        shadowed_by_env=has_credentials,
        env_vars=env_vars_set,
        partial_env=_env(env_vars, "AWS_SECRET_ACCESS_KEY") is None,
        key_id_last4=key[-4:] if len(key) >= 8 else None,
    )


def apply_active_identity(active: Active, check: IdentityCheck | None) -> None:
    """For env credentials: the bare call's answer. (Profiles copy their own result.)"""
    if active.partial_env:
        active.works = False
        active.problem_code = "partial-env"
        active.problem = say(
            N_(
                "{key} is set without {other}: every `aws` command without --profile fails "
                "(partial credentials)"
            ),
            key="AWS_ACCESS_KEY_ID",
            other="AWS_SECRET_ACCESS_KEY",
        )
        return
    if check is None:
        return
    active.works = check.works
    if check.identity is not None:
        active.account, active.arn = check.identity.account, check.identity.arn
    if check.works is not True:
        active.problem_code = check.code
        text = problem_message(_problem(check.code or "other"))
        if check.code == "no-aws":
            text = _NO_AWS
        elif check.code == "timeout":
            text = _timeout(check)
        elif check.code == "output-too-large":
            text = _too_large(check)
        active.problem = _with_detail(text, check.code or "", check)


def copy_profile_result(active: Active, profiles: Sequence[ProfileStatus]) -> None:
    """Without env credentials, a bare `aws` works exactly as its selected profile does."""
    if active.source == "env":
        return
    status = next((p for p in profiles if p.name == active.profile), None)
    if status is None:
        return
    active.works, active.account, active.arn = status.works, status.account, status.arn
    active.problem, active.problem_code = status.problem, status.problem_code


# --------------------------------------------------------------------------- warnings


@dataclass(frozen=True)
class StatusWarning:
    code: str
    message: Message
    # Lines to run, per shell label ("bash/zsh", "fish", ...) or "" when not shell-specific.
    fix: Mapping[str, Sequence[str]] = field(default_factory=dict)
    # Counts toward NEEDS_ATTENTION (it breaks bare `aws` commands) or is advice only.
    attention: bool = False

    def to_json(self) -> dict[str, Any]:
        first = next(iter(self.fix.items()), None)
        return {
            "code": self.code,
            "message": self.message.english(),
            "attention": self.attention,
            "shell": (first[0] or None) if first else None,
            "fix": list(first[1]) if first else [],
        }


def _per_shell(shells: Sequence[str], lines: Any) -> dict[str, list[str]]:
    return {SHELL_LABELS.get(shell, shell): list(lines(shell)) for shell in shells}


def env_warnings(
    active: Active, shells: Sequence[str], selected: str | None
) -> list[StatusWarning]:
    """Shadowing and broken environment variables, with the exact lines that clear them."""
    warnings: list[StatusWarning] = []
    names = active.env_vars
    if active.source == "env" and (selected is None or selected == active.profile):
        clear = _per_shell(shells, lambda sh: unset_lines(sh, names))
        key = f"****{active.key_id_last4}" if active.key_id_last4 else None
        if active.partial_env:
            warnings.append(
                StatusWarning(
                    "env-partial-credentials", active.problem or verbatim(""), clear, True
                )
            )
        elif active.works is False:
            fail = (
                N_(
                    "The credentials in {names} (key {key}) do not work ({problem}), and every "
                    "`aws` command without --profile uses them."
                )
                if key
                else N_(
                    "The credentials in {names} do not work ({problem}), and every `aws` "
                    "command without --profile uses them."
                )
            )
            problem = active.problem or verbatim("None")  # as the f-string it replaces
            message = say(fail, names=", ".join(names), key=key, problem=problem)
            warnings.append(StatusWarning("env-credentials-fail", message, clear, True))
        elif active.shadowed_by_env:
            shadows = (
                N_(
                    "{names} (key {key}) in the environment win over profile {profile} for "
                    "every `aws` command without --profile."
                )
                if key
                else N_(
                    "{names} in the environment win over profile {profile} for every `aws` "
                    "command without --profile."
                )
            )
            message = say(shadows, names=_and(names), key=key, profile=active.profile)
            warnings.append(StatusWarning("env-shadows-profile", message, clear))
    if (
        selected is None
        and active.source in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE")
        and not active.profile_exists
    ):
        clear = _per_shell(shells, lambda sh: unset_lines(sh, [active.source]))
        message = say(
            N_(
                "{setting} names a profile that is in neither file: every `aws` command "
                "without --profile fails. Clear it, or create it with `{command}`."
            ),
            setting=f"{active.source}={active.profile}",
            command=login_command(active.profile),
        )
        warnings.append(StatusWarning("profile-var-missing", message, clear, True))
    return warnings


def _and(names: Sequence[str]) -> Message | str:
    """`A and B and C` (values joined in the sentence's language)."""
    joined: Message | str = names[0] if names else ""
    for name in names[1:]:
        joined = say(N_("{first} and {second}"), first=joined, second=name)
    return joined


def _path_line(shell: str, directory: str) -> list[str]:
    if shell == "fish":
        return [f"set -gx PATH {quote(directory, 'fish')} $PATH"]
    if shell == "powershell":
        literal = quote_string(directory, "powershell")
        if literal.startswith('"'):
            return [f'$Env:PATH = "{directory};$Env:PATH"']
        return [f'$Env:PATH = {literal} + ";$Env:PATH"']
    if shell == "cmd":
        if quote(directory, "cmd") == directory:
            return [f"set PATH={directory};%PATH%"]
        return [f'set "PATH={directory};%PATH%"']
    if not _DOUBLE_QUOTE_SPECIAL.search(directory):
        return [f'export PATH="{directory}:$PATH"']
    return [f'export PATH={quote(directory)}:"$PATH"']


# What a POSIX shell still expands inside double quotes (and `!`, bash's history).
_DOUBLE_QUOTE_SPECIAL = re.compile(r'[$`"\\!]')


def newer_later(executables: Sequence[AwsExecutable]) -> AwsExecutable | None:
    """A later `aws` on PATH that supports `aws login`, when the first one does not."""
    if not executables or not executables[0].too_old_for_login:
        return None
    return next((exe for exe in executables[1:] if exe.supports_login), None)


def aws_warnings(
    executables: Sequence[AwsExecutable],
    shells: Sequence[str],
    directory_of: Any,
    login_profiles: bool,
) -> list[StatusWarning]:
    if not executables:
        return [
            StatusWarning(
                "no-aws",
                say(
                    N_(
                        "No `aws` executable on PATH: identities cannot be checked. "
                        "Install the AWS CLI v2 ({minimum} or later): {url}"
                    ),
                    minimum=str(LOGIN_MIN_VERSION),
                    url=INSTALL_GUIDE,
                ),
                attention=True,
            )
        ]
    first = executables[0]
    if not first.too_old_for_login:
        return []
    assert first.version is not None
    what = "AWS CLI v1" if first.version.major < 2 else f"AWS CLI {first.version}"
    newer = newer_later(executables)
    if newer is not None:
        directory = str(directory_of(newer.path))
        return [
            StatusWarning(
                "old-aws-first",
                say(
                    N_(
                        "The first aws on PATH ({path}) is {what}, without {login}; {newer_path} "
                        "({newer}) comes later on PATH and is used only when its directory "
                        "comes first."
                    ),
                    path=first.path,
                    what=what,
                    login=_LOGIN,
                    newer_path=newer.path,
                    newer=str(newer.version),
                ),
                _per_shell(shells, lambda sh: _path_line(sh, directory)),
            )
        ]
    if login_profiles:
        return [
            StatusWarning(
                "old-aws",
                say(
                    N_(
                        "The aws on PATH ({path}) is {what}, which cannot use {login} sessions; "
                        "install {minimum} or later: {url}"
                    ),
                    path=first.path,
                    what=what,
                    login=_LOGIN,
                    minimum=str(LOGIN_MIN_VERSION),
                    url=INSTALL_GUIDE,
                ),
            )
        ]
    return []


def cache_warnings(
    profiles: Sequence[ProfileStatus], home: str | None = None
) -> list[StatusWarning]:
    """One warning per cache directory holding a file others can read, with its chmod line."""
    by_dir: dict[str, list[str]] = {}
    for status in profiles:
        if status.cache_file_world_readable and status.cache_file is not None:
            directory = status.cache_file.replace("\\", "/").rsplit("/", 1)[0]
            names = by_dir.setdefault(directory, [])
            if status.name not in names:
                names.append(status.name)
    warnings: list[StatusWarning] = []
    for directory, names in by_dir.items():
        shown, quoted = _short_path(directory, home)
        which = ", ".join(names)
        readable = (
            N_("Token cache files in {path} can be read by other users (profiles {names}).")
            if len(names) > 1
            else N_("Token cache files in {path} can be read by other users (profile {names}).")
        )
        warnings.append(
            StatusWarning(
                "cache-readable",
                say(readable, path=shown, names=which),
                {"": [f"chmod 600 {quoted}/*.json"]},
            )
        )
    for status in profiles:
        if status.cache_problem and status.cache_file:
            shown, _quoted = _short_path(status.cache_file, home)
            warnings.append(
                StatusWarning(
                    "cache-unreadable",
                    say(
                        N_("Token cache {path} of profile {name} was not read: {reason}."),
                        path=shown,
                        name=status.name,
                        reason=status.cache_problem,
                    ),
                    {"": [status.cache_fix]} if status.cache_fix else {},
                )
            )
    return warnings


def _short_path(path: str, home: str | None) -> tuple[str, str]:
    """(path as shown, path quoted for a command), with "~/" for the home directory.

    "~" keeps lines short enough for 80 columns; every POSIX shell and fish expand it, but only
    when it is unquoted and followed by "/", so only the part after "~/" is quoted:
    `~/'my cache'` (never `~'/my cache'`, which no shell expands).
    """
    path = path.replace("\\", "/")
    base = (home or "").rstrip("/")
    if home and base and (path == base or path.startswith(base + "/")):
        rest = path[len(base) + 1 :]
        if not rest:
            return "~", "~"
        return "~/" + rest, "~/" + shell_arg(rest)
    return path, shell_arg(path)


def skipped_cache_warnings(
    index: SsoCacheIndex, home: str | None = None, exclude: Collection[str] = ()
) -> list[StatusWarning]:
    """What the SSO cache scan skipped: entries that are not files, or an unreadable folder.

    `exclude`: cache files already named in a profile's own warning.
    """
    shown, _quoted = _short_path(str(index.directory), home)
    if index.problem:
        return [
            StatusWarning(
                "cache-unreadable",
                say(
                    N_("The SSO token cache folder {path} cannot be read: {reason}."),
                    path=shown,
                    reason=index.problem,
                ),
                {"": [CHOWN_FIX]},
            )
        ]
    skipped = [entry for entry in index.skipped if str(entry.path) not in exclude]
    if not skipped:
        return []
    first = skipped[0]
    what = (
        N_("Skipped {name} in {path} and {more} more: {reason}.")
        if len(skipped) > 1
        else N_("Skipped {name} in {path}: {reason}.")
    )
    message = say(
        what, name=first.path.name, path=shown, more=len(skipped) - 1, reason=first.problem
    )
    fixes = [entry.fix for entry in skipped if entry.fix]
    return [StatusWarning("cache-skipped", message, {"": [fixes[0]]} if fixes else {})]


# --------------------------------------------------------------------------- the report


@dataclass
class StatusReport:
    generated_at: datetime
    config_file: str
    credentials_file: str
    aws_executables: list[AwsExecutable]
    active: Active
    profiles: list[ProfileStatus]
    warnings: list[StatusWarning]
    selected: str | None = None

    @property
    def needs_attention(self) -> bool:
        """Any selected profile that does not work (or cannot be checked), or a broken env."""
        if not self.profiles:
            # Nothing configured, unless the environment's own credentials work.
            return not (self.active.source == "env" and self.active.works is True)
        if any(p.works is not True for p in self.profiles):
            return True
        return any(w.attention for w in self.warnings)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "generated_at": iso_utc(self.generated_at),
            "config_file": self.config_file,
            "credentials_file": self.credentials_file,
            "selected_profile": self.selected,
            "needs_attention": self.needs_attention,
            "aws_executables": [exe.to_json() for exe in self.aws_executables],
            "active": self.active.to_json(),
            "profiles": [p.to_json() for p in self.profiles],
            "warnings": [w.to_json() for w in self.warnings],
        }


def problems_first(profiles: Sequence[ProfileStatus]) -> list[ProfileStatus]:
    """Errors, then warnings, then working profiles; file order within each group."""
    rank = {"error": 0, "warning": 1, "ok": 2}
    return sorted(profiles, key=lambda p: rank[p.status])


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
