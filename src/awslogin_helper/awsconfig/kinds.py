"""What a profile holds: which credentials the AWS CLI would use, SSO, region, names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from awslogin_helper.awsconfig.model import (
    AwsFiles,
    CredentialKind,
    Profile,
    key_id_kind,
)
from awslogin_helper.words import _, tr


def _static_keys_kind(section: Mapping[str, str]) -> CredentialKind | None:
    key_id = section.get("aws_access_key_id")
    if key_id is None:
        return None
    # botocore takes the token from the same file section as the key (either spelling).
    has_token = bool(section.get("aws_session_token") or section.get("aws_security_token"))
    if has_token or key_id_kind(key_id) == "temporary":
        return CredentialKind.TEMPORARY_KEYS
    return CredentialKind.LONG_TERM_KEYS


def credential_kind(profile: Profile, files: AwsFiles) -> CredentialKind:
    """Which credentials the AWS CLI would use for this profile (environment variables aside).

    Order of botocore's chain (credentials.create_credential_resolver and
    ProfileProviderBuilder.providers, botocore 1.43 / AWS CLI v2 >= 2.32), after the
    environment provider:
      1. assume-role: role_arn, unless web_identity_token_file is also set
      2. assume-role-with-web-identity: web_identity_token_file
      3. sso: sso_role_name or sso_account_id (sso_session alone yields no credentials)
      4. shared-credentials-file: aws_access_key_id in the *credentials file* section
      5. login: login_session
      6. custom-process: credential_process
      7. config-file: aws_access_key_id in the *config file* section
    So keys in the credentials file beat login_session, but keys in the config file lose to it.
    A profile with only sso_session / sso_start_url that matched nothing above is reported as
    SSO (an incomplete SSO setup) rather than NONE, since that is what its owner intended.
    """
    settings = profile.settings
    if "role_arn" in settings and "web_identity_token_file" not in settings:
        return CredentialKind.ASSUME_ROLE
    if "web_identity_token_file" in settings:
        return CredentialKind.WEB_IDENTITY
    if "sso_role_name" in settings or "sso_account_id" in settings:
        return CredentialKind.SSO
    from_credentials = _static_keys_kind(profile.credentials_settings)
    if from_credentials is not None:
        return from_credentials
    if "login_session" in settings:
        return CredentialKind.LOGIN
    if "credential_process" in settings:
        return CredentialKind.PROCESS
    from_config = _static_keys_kind(profile.config_settings)
    if from_config is not None:
        return from_config
    if is_sso_profile(profile):
        return CredentialKind.SSO
    return CredentialKind.NONE


def login_refusal_kind(profile: Profile) -> str | None:
    """The word `aws login` (2.32.32+) uses when it refuses this profile, or None.

    Same checks and order as LoginCommand.ensure_profile_does_not_have_existing_credentials,
    on the merged settings.
    """
    settings = profile.settings
    if "web_identity_token_file" in settings:
        return "Web Identity"
    if "sso_role_name" in settings or "sso_account_id" in settings:
        return "SSO"
    if "aws_access_key_id" in settings:
        return "Access Key"
    if "role_arn" in settings:
        return "Assume Role"
    if "credential_process" in settings:
        return "Credential Process"
    return None


# --------------------------------------------------------------------------- SSO


def is_sso_profile(profile: Profile) -> bool:
    return any(
        key in profile.settings
        for key in ("sso_session", "sso_start_url", "sso_account_id", "sso_role_name")
    )


def _resolved_sso_settings(profile: Profile, files: AwsFiles) -> Mapping[str, str]:
    # Like SSOProvider._resolve_sso_session_reference: the sso-session's values are laid over
    # the profile's (botocore refuses when both set one differently).
    session_name = profile.settings.get("sso_session")
    if session_name is None:
        return profile.settings
    session = files.sso_sessions.get(session_name)
    if session is None:
        return profile.settings
    return {**profile.settings, **session.settings}


def sso_start_url(profile: Profile, files: AwsFiles) -> str | None:
    return _resolved_sso_settings(profile, files).get("sso_start_url") or None


def sso_region(profile: Profile, files: AwsFiles) -> str | None:
    return _resolved_sso_settings(profile, files).get("sso_region") or None


# --------------------------------------------------------------------------- region


Partition = Literal[
    "aws",
    "aws-us-gov",
    "aws-cn",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
]

# Longest prefixes first; taken from botocore's partitions.json regionRegex values.
_PARTITION_PREFIXES: tuple[tuple[str, Partition], ...] = (
    ("us-gov-", "aws-us-gov"),
    ("aws-us-gov-", "aws-us-gov"),
    ("cn-", "aws-cn"),
    ("aws-cn-", "aws-cn"),
    ("us-isob-", "aws-iso-b"),
    ("us-isof-", "aws-iso-f"),
    ("us-iso-", "aws-iso"),
    ("eu-isoe-", "aws-iso-e"),
    ("eusc-", "aws-eusc"),
)


def partition_of(region: str | None) -> Partition:
    if not region:
        return "aws"
    region = region.strip().lower()
    for prefix, partition in _PARTITION_PREFIXES:
        if region.startswith(prefix):
            return partition
    return "aws"


def resolve_region(
    profile_name: str, files: AwsFiles, env: Mapping[str, str], override: str | None
) -> tuple[str | None, str]:
    """(region, where it came from), in the AWS CLI v2's order.

    As in botocore, a source that is set but empty still wins (and leaves no region), so the
    source names what the user has to fix.
    """
    if override is not None:
        return override.strip() or None, "--region"
    for var in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        if var in env:
            return env[var].strip() or None, var
    profile = files.profile(profile_name)
    if profile is not None:
        region = profile.get("region")
        if region is not None:
            return region.strip() or None, f"profile {profile_name}"
    return None, "not set"


# --------------------------------------------------------------------------- profile names


PROFILE_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+@-]{0,63}")


def validate_profile_name(name: str) -> str | None:
    """None when `name` is a safe profile name, else one short sentence saying what is wrong.

    The sentence is in the current language (`words`): it is only ever shown. Short on
    purpose: the prompt shows it on one line of an 80-column terminal.
    """
    if PROFILE_NAME_RE.fullmatch(name):
        return None
    if not name:
        return _("The name is empty; use letters, digits and - _ . + @ (at most 64).")
    if len(name) > 64:
        return tr(
            "Too long ({count} characters); use letters, digits and - _ . + @ (at most 64).",
            count=len(name),
        )
    if any(ch.isspace() for ch in name):
        return _("No spaces; use letters, digits and - _ . + @ (at most 64).")
    bad = next((ch for ch in name if not re.fullmatch(r"[A-Za-z0-9._+@-]", ch)), None)
    if bad is not None:
        return tr(
            "{character} is not allowed; use letters, digits and - _ . + @ (at most 64).",
            character=repr(bad),
        )
    return _("Start with a letter or digit; use letters, digits and - _ . + @ (at most 64).")
