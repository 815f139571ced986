"""Which profiles `status` checks with AWS, and what the files alone say about the rest.

`--check all` asks `sts get-caller-identity` for every profile (one AWS CLI process each);
`--check none` asks nothing; the default asks only where the answer could change: the
profile a bare `aws` uses, the profile asked for, and profiles whose files cannot tell
whether they work (keys, roles, `credential_process`, a token cache that needs a refresh or
cannot be read). An IAM Identity Center profile with a token that has not expired, or an
`aws login` profile whose cached credentials are still valid, works as far as the files
tell; an expired token or a missing cache does not, and says so without a call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import StrEnum

from awslogin_helper.awsconfig import CredentialKind
from awslogin_helper.checks.classify import IdentityProblem
from awslogin_helper.checks.versions import short_key_fails
from awslogin_helper.status.answers import AwsExecutable, IdentityCheck
from awslogin_helper.status.model import ProfileStatus, identity_command, say
from awslogin_helper.words import N_


class CheckMode(StrEnum):
    DEFAULT = "default"
    ALL = "all"
    NONE = "none"


# The profile is not asked (`--check none`, or the files could not tell and it was left).
NOT_CHECKED = "not-checked"
_NOT_CHECKED = N_("not checked with AWS ({flag})")


def local_check(status: ProfileStatus, now: datetime) -> IdentityCheck | None:
    """What the token caches alone tell (the same codes an identity call would give)."""
    if not status.exists or status.cache_problem:
        return None  # an unreadable cache: only the AWS CLI can tell
    if status.kind is CredentialKind.SSO and status.sso_start_url:
        expires = status.sso_token_expires_at
        if status.cache_file is None or (expires is not None and expires <= now):
            return IdentityCheck(False, code=IdentityProblem.SSO_EXPIRED.value)
        return IdentityCheck(True) if expires is not None else None
    if status.kind is CredentialKind.LOGIN:
        if status.credentials_expire_at is None and status.session_ends_estimate is None:
            # No cache file at all (or one without an expiry): never signed in here.
            return IdentityCheck(False, code=IdentityProblem.NO_CREDENTIALS.value)
        ends = status.session_ends_estimate
        if ends is not None and ends <= now:
            return IdentityCheck(False, code=IdentityProblem.LOGIN_SESSION_EXPIRED.value)
        if status.login_key_unreadable:
            return _KEY_UNREADABLE
        expires = status.credentials_expire_at
        if expires is not None and expires > now:
            return IdentityCheck(True)  # valid credentials on disk: nothing to refresh yet
    return None  # keys, roles, processes, a refresh due: the files cannot tell


_KEY_UNREADABLE = IdentityCheck(False, code=IdentityProblem.LOGIN_KEY_UNREADABLE.value)


def mind_the_key(
    status: ProfileStatus, check: IdentityCheck, cli: AwsExecutable | None
) -> IdentityCheck:
    """A working `aws login` profile whose cached key this CLI cannot read back stops working
    at its first refresh (within 15 minutes): it is reported as not working."""
    version = cli.version if cli is not None else None
    if check.works and status.login_key_unreadable and short_key_fails(version):
        return _KEY_UNREADABLE
    return check


def to_check(
    mode: CheckMode,
    statuses: Iterable[ProfileStatus],
    always: Iterable[str],
    now: datetime,
) -> list[str]:
    """The names to send to `sts get-caller-identity`, in file order.

    `always`: the profile a bare `aws` uses and the one asked for (checked by default).
    """
    listed = list(statuses)
    if mode is CheckMode.NONE:
        return []
    if mode is CheckMode.ALL:
        return [s.name for s in listed]
    keep = set(always)
    return [s.name for s in listed if s.name in keep or local_check(s, now) is None]


def not_checked(status: ProfileStatus, mode: CheckMode) -> None:
    """A profile the files cannot tell about, left unasked: unknown, and how to ask."""
    status.works = None
    status.problem_code = NOT_CHECKED
    status.problem = say(_NOT_CHECKED, flag=f"--check {mode.value}")
    status.fix = identity_command(status.name)


def describe_checked(names: Iterable[str], outcomes: Mapping[str, object]) -> list[str]:
    """The profiles really checked (their call was made), for `status --json`."""
    return [name for name in names if name in outcomes]
