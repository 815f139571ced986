"""Whether each profile works, what is wrong, and the one command that fixes it.

Each cause has one wording and one fix; network and proxy problems take theirs from the
wizard's table of causes (`endings`), so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence

from awslogin_helper.awsconfig import CredentialKind
from awslogin_helper.checks.classify import (
    POLICY_NAME,
    Identity,
    IdentityProblem,
    attach_policy_command,
)
from awslogin_helper.checks.versions import INSTALL_GUIDE, LOGIN_MIN_VERSION
from awslogin_helper.endings import Situation, identity_ending
from awslogin_helper.status.answers import _PROCESS_FAILED, AwsExecutable, IdentityCheck
from awslogin_helper.status.model import (
    NO_LOGIN_PARTITIONS,
    Message,
    ProfileStatus,
    identity_command,
    login_command,
    new_profile_name,
    problem_message,
    profile_flag,
    say,
    sso_login_command,
)
from awslogin_helper.words import N_


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
# Wordings that hold another cause (`{problem}`): the short form is the inner cause's.
_DETAIL = N_("{problem}: {detail}")
_FULL_ERROR = N_("{problem} (the fix shows the full error)")
_KEYS_INVALID = N_("{problem}; replace them")
_KEYS_INVALID_NEW = N_(
    "{problem}; replace them, or use {login} in a new profile (it refuses profiles holding keys)"
)
_SOURCE_FAILS = N_("its source profile {source} does not work: {problem}")
# Wordings with a short form of their own (`brief`).
_TOO_OLD_INSTALL = N_(
    "the first aws on PATH ({version}) cannot use {login} sessions; "
    "install {minimum} or later: {url}"
)
_TOO_OLD_NEWER = N_(
    "the first aws on PATH ({version}) cannot use {login} sessions; "
    "{path} ({newer}) can: put it first on PATH"
)
_SSO_INCOMPLETE = N_(
    "the IAM Identity Center (SSO) setup is incomplete (no start URL, account or role)"
)
_LACKS_POLICY = N_("the identity lacks the {policy} policy (an administrator runs the fix)")
_KEYS_EXPIRED_NEW = N_(
    "the temporary keys have expired; replace them, or use {login} in a new profile "
    "(it refuses profiles holding keys)"
)


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
                _TOO_OLD_INSTALL,
                version=version,
                login=_LOGIN,
                minimum=str(LOGIN_MIN_VERSION),
                url=INSTALL_GUIDE,
            ), None
        return say(
            _TOO_OLD_NEWER,
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
        return say(_DETAIL, problem=text, detail=check.detail)
    return text


def _sso_problem(status: ProfileStatus, code: str, check: IdentityCheck) -> Found:
    # SSO profiles are never sent to `aws login` (it refuses them, and SSO is the better path).
    if status.sso_start_url is None or code == IdentityProblem.NO_CREDENTIALS.value:
        return (
            say(_SSO_INCOMPLETE),
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
                _LACKS_POLICY,
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
            else say(_KEYS_INVALID, problem=problem_message(IdentityProblem.INVALID_KEY))
        )
        return what, f"aws configure {profile_flag(status.name)}"
    what = (
        say(
            _KEYS_EXPIRED_NEW,
            login=_LOGIN,
        )
        if expired
        else say(
            _KEYS_INVALID_NEW,
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
    return say(_FULL_ERROR, problem=text), identity_command(status.name)


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
            _SOURCE_FAILS,
            source=source.name,
            problem=source.problem,
        )
        status.problem_code = "source-profile"
        status.fix = source.fix


# --------------------------------------------------------------------------- in a few words

_INNER = frozenset({_UNKNOWN, _DETAIL, _FULL_ERROR, _KEYS_INVALID, _KEYS_INVALID_NEW})
_SHORT = {
    _TOO_OLD_INSTALL: N_("the first aws on PATH ({version}) cannot use {login} sessions"),
    _TOO_OLD_NEWER: N_("the first aws on PATH ({version}) cannot use {login} sessions"),
    _SSO_INCOMPLETE: N_("the IAM Identity Center (SSO) setup is incomplete"),
    _LACKS_POLICY: N_("the identity lacks the {policy} policy"),
    _KEYS_EXPIRED_NEW: N_("the temporary keys have expired; replace them"),
    _SOURCE_FAILS: N_("its source profile {source} does not work"),
}


def brief(message: Message) -> Message:
    """The cause in a few words, for the default screen of `status` (`--verbose` has it all).

    The same cause, never another one: a wording that holds an inner cause gives that cause
    (the AWS CLI's own error line and "unknown:" are left to the full wording), a long one
    its short form; the rest are short already.
    """
    inner = message.values.get("problem")
    if message.msgid in _INNER and isinstance(inner, Message):
        return brief(inner)
    if message == _PROCESS_FAILED:
        return say(N_("the credential_process command failed"))
    short = _SHORT.get(message.msgid)
    return say(short, **message.values) if short is not None else message
