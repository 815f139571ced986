"""Read the AWS shared config and credentials files the way the AWS CLI v2 (botocore) does.

Pure interpretation: no processes, no network, nothing printed. Parsing goes through the
standard library's ``configparser.RawConfigParser`` with its default options, which is exactly
what botocore's ``raw_config_parse`` uses, so quirks (``:`` as delimiter, no inline comments,
lower-cased keys, ``[DEFAULT]`` values copied into every section, duplicate sections and keys
rejected) match the real CLI.

The package re-exports every name the single module `awsconfig.py` had, so callers import
from `awslogin_helper.awsconfig` as before:

- `model`: the records (`Profile`, `AwsFiles`, `ConfigFileError`, ...) and key ID kinds;
- `locations`: where the files and token caches are;
- `ini`: parsing the files (`load_aws_files`);
- `kinds`: which credentials a profile holds, SSO, region, profile names;
- `caches`: the token caches' expiry and permissions.

Writing the files is not done here: see `edges/configedit.py`.
"""

from __future__ import annotations

# Kept as an attribute: tests patch `awsconfig.os.scandir` (the one `os` module) to refuse.
import os  # noqa: F401

from awslogin_helper.awsconfig.caches import (
    CacheInfo,
    SsoCacheIndex,
    find_sso_cache,
    plausible_time,
    read_login_cache,
    scan_sso_cache,
    short_private_key,
)
from awslogin_helper.awsconfig.ini import load_aws_files
from awslogin_helper.awsconfig.kinds import (
    PROFILE_NAME_RE,
    Partition,
    credential_kind,
    is_sso_profile,
    login_refusal_kind,
    partition_of,
    resolve_region,
    sso_region,
    sso_start_url,
    validate_profile_name,
)
from awslogin_helper.awsconfig.locations import (
    config_paths,
    login_cache_dir,
    login_cache_file,
    sso_cache_dir,
)
from awslogin_helper.awsconfig.model import (
    CREDENTIAL_ENV_VARS,
    AwsFiles,
    ConfigFileError,
    CredentialKind,
    Profile,
    SsoSession,
    key_id_kind,
    mask_key_id,
)

__all__ = [
    "CREDENTIAL_ENV_VARS",
    "PROFILE_NAME_RE",
    "AwsFiles",
    "CacheInfo",
    "ConfigFileError",
    "CredentialKind",
    "Partition",
    "Profile",
    "SsoCacheIndex",
    "SsoSession",
    "config_paths",
    "credential_kind",
    "find_sso_cache",
    "is_sso_profile",
    "key_id_kind",
    "load_aws_files",
    "login_cache_dir",
    "login_cache_file",
    "login_refusal_kind",
    "mask_key_id",
    "partition_of",
    "plausible_time",
    "read_login_cache",
    "resolve_region",
    "scan_sso_cache",
    "short_private_key",
    "sso_cache_dir",
    "sso_region",
    "sso_start_url",
    "validate_profile_name",
]
