"""What the files and token caches say about each profile, before any AWS CLI answer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from awslogin_helper.awsconfig import (
    AwsFiles,
    CacheInfo,
    CredentialKind,
    Profile,
    credential_kind,
    partition_of,
    resolve_region,
    sso_start_url,
)
from awslogin_helper.status.model import SESSION_HOURS, ProfileStatus, iso_utc, say
from awslogin_helper.words import N_


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

    # Where it is written (`--verbose`): the config file, the credentials file, or both.
    status.defined_in = tuple(
        (str(path), line)
        for path, line, there in (
            (files.config_path, profile.config_line, profile.in_config),
            (files.credentials_path, profile.credentials_line, profile.in_credentials),
        )
        if there
    )
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
        status.sso_session = profile.get("sso_session")
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
    status.login_key_unreadable = cache.key_unreadable
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
