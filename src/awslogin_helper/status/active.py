"""What a bare `aws` command (no --profile) uses right now, and whether that works.

The AWS CLI's own precedence: keys in the environment first, then AWS_DEFAULT_PROFILE, then
AWS_PROFILE, then `default`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from awslogin_helper.awsconfig import AwsFiles, CredentialKind, credential_kind
from awslogin_helper.status.answers import IdentityCheck
from awslogin_helper.status.model import Message, ProfileStatus, english, problem_message, say
from awslogin_helper.status.verdicts import _NO_AWS, _problem, _timeout, _too_large, _with_detail
from awslogin_helper.words import N_


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
