"""Where the AWS CLI looks for its files: config, credentials and the token caches."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from pathlib import Path

from awslogin_helper.awsconfig.model import ConfigFileError
from awslogin_helper.edges.environment import NO_HOME
from awslogin_helper.edges.safeio import Reason
from awslogin_helper.words import N_

_VAR_RE = re.compile(r"\$(\w+|\{[^}]*\})", re.ASCII)
_WIN_VAR_RE = re.compile(r"%([^%]+)%")


def _expand_vars(value: str, env: Mapping[str, str]) -> str:
    """os.path.expandvars against ``env`` instead of os.environ; unknown names stay as written."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("{"):
            name = name[1:-1]
        return env.get(name, match.group(0))

    value = _VAR_RE.sub(replace, value)
    if os.name == "nt":
        value = _WIN_VAR_RE.sub(lambda m: env.get(m.group(1), m.group(0)), value)
    return value


def _expand_user(value: str, home: Path) -> Path:
    seps = ("/", "\\") if os.name == "nt" else ("/",)
    if value == "~":
        return home
    if value.startswith("~") and value[1:2] in seps:
        return home / value[2:]
    # "~otheruser/..." cannot be answered from `home`; let the OS resolve it. os.path (unlike
    # Path.expanduser) leaves an unknown user's "~name" as written instead of raising, as
    # botocore's os.path.expanduser does.
    return Path(os.path.expanduser(value))  # noqa: PTH111 -- must not raise, see above


def _expand_path(value: str, env: Mapping[str, str], home: Path) -> Path:
    # botocore expands variables first, then "~" (raw_config_parse, login cache directory).
    return _expand_user(_expand_vars(value, env), home)


def config_paths(env: Mapping[str, str], home: Path) -> tuple[Path, Path]:
    """(config file, credentials file) as the AWS CLI picks them.

    Raises ConfigFileError when a path needs the home directory and there is none (HOME
    unset and no passwd entry): botocore would then read a relative "~/.aws/config" in the
    current directory, which is never what anyone meant.
    """
    # botocore uses a set-but-empty variable as it is (and then finds no file there).
    if "AWS_CONFIG_FILE" in env:
        config = _expand_path(env["AWS_CONFIG_FILE"], env, home)
    else:
        config = _under_home(home, ".aws", "config", "AWS_CONFIG_FILE")
    if "AWS_SHARED_CREDENTIALS_FILE" in env:
        credentials = _expand_path(env["AWS_SHARED_CREDENTIALS_FILE"], env, home)
    else:
        credentials = _under_home(home, ".aws", "credentials", "AWS_SHARED_CREDENTIALS_FILE")
    return config, credentials


def _under_home(home: Path, folder: str, name: str, variable: str) -> Path:
    path = home / folder / name
    if home == NO_HOME:
        raise ConfigFileError(
            path,
            None,
            Reason(
                N_(
                    "the home directory is unknown ({home} is not set and this user has no "
                    "passwd entry); set {home}, or set {variable} to the file's full path"
                ),
                {"home": "HOME", "variable": variable},
            ),
        )
    return path


def login_cache_dir(env: Mapping[str, str], home: Path) -> Path:
    if "AWS_LOGIN_CACHE_DIRECTORY" in env:
        return _expand_path(env["AWS_LOGIN_CACHE_DIRECTORY"], env, home)
    return home / ".aws" / "login" / "cache"


def login_cache_file(login_session: str, env: Mapping[str, str], home: Path) -> Path:
    # botocore.utils.generate_login_cache_key
    digest = hashlib.sha256(login_session.encode("utf-8", "surrogatepass")).hexdigest()
    return login_cache_dir(env, home) / f"{digest}.json"


def sso_cache_dir(home: Path) -> Path:
    return home / ".aws" / "sso" / "cache"
