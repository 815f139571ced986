"""Read the AWS shared config and credentials files the way the AWS CLI v2 (botocore) does.

Pure interpretation: no processes, no network, nothing printed. Parsing goes through the
standard library's ``configparser.RawConfigParser`` with its default options, which is exactly
what botocore's ``raw_config_parse`` uses, so quirks (``:`` as delimiter, no inline comments,
lower-cased keys, ``[DEFAULT]`` values copied into every section, duplicate sections and keys
rejected) match the real CLI.
"""

from __future__ import annotations

import ast
import configparser
import hashlib
import io
import json
import os
import re
import shlex
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from awslogin_helper.edges.environment import NO_HOME
from awslogin_helper.edges.safeio import CACHE_LIMIT, CHOWN_FIX, CONFIG_LIMIT, Reason, UnsafeFile
from awslogin_helper.edges.safeio import is_regular as _is_regular
from awslogin_helper.edges.safeio import read_capped as _read_capped
from awslogin_helper.words import N_, _, tr

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
    "read_login_cache",
    "resolve_region",
    "scan_sso_cache",
    "sso_cache_dir",
    "sso_region",
    "sso_start_url",
    "validate_profile_name",
]

CREDENTIAL_ENV_VARS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")

_EMPTY: Mapping[str, str] = MappingProxyType({})


def _empty_mapping() -> Mapping[str, str]:
    return _EMPTY


class ConfigFileError(Exception):
    """A config or credentials file that the AWS CLI would refuse (or that cannot be read).

    Only ever shown to a person (never in `status --json`), so `reason` and `str()` are in the
    current language; `english` is the reason in English.
    """

    def __init__(
        self, path: Path, line: int | None, reason: str | Reason, *, fix: str | None = None
    ) -> None:
        # A plain string is shown as given (not a catalog message).
        self.said = reason if isinstance(reason, Reason) else None
        self.english = reason.english() if isinstance(reason, Reason) else reason
        super().__init__(path, line, self.english)
        self.path = path
        self.line = line
        # A command that fixes it, when there is one (`sudo chown ...` for root-owned files).
        self.fix = fix

    @property
    def reason(self) -> str:
        return self.said.shown() if self.said is not None else self.english

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.reason}"
        return tr(
            "{path}, line {line}: {reason}", path=self.path, line=self.line, reason=self.reason
        )


class CredentialKind(StrEnum):
    LOGIN = "login"
    SSO = "sso"
    LONG_TERM_KEYS = "long-term-keys"
    TEMPORARY_KEYS = "temporary-keys"
    ASSUME_ROLE = "assume-role"
    PROCESS = "credential-process"
    WEB_IDENTITY = "web-identity"
    NONE = "none"


# Keys whose values must never show up in a repr; the access key ID is shown masked instead.
_SECRET_KEY_PARTS = ("secret", "token", "key")
# credential_process command lines sometimes carry passwords or tokens as arguments.
_HIDDEN_KEYS = frozenset({"credential_process"})


def _redacted(settings: Mapping[str, str]) -> dict[str, str]:
    shown: dict[str, str] = {}
    for key, value in settings.items():
        if key == "aws_access_key_id":
            shown[key] = mask_key_id(value)
        elif key in _HIDDEN_KEYS or any(part in key for part in _SECRET_KEY_PARTS):
            shown[key] = "<hidden>"
        else:
            shown[key] = value
    return shown


@dataclass(frozen=True)
class Profile:
    name: str
    # Merged view: config file section, then the credentials file section overriding it.
    settings: Mapping[str, str] = field(hash=False)
    in_config: bool
    in_credentials: bool
    config_line: int | None
    credentials_line: int | None = None
    # Kept apart because botocore's chain reads keys from each file at a different step.
    config_settings: Mapping[str, str] = field(default_factory=_empty_mapping, hash=False)
    credentials_settings: Mapping[str, str] = field(default_factory=_empty_mapping, hash=False)

    def get(self, key: str) -> str | None:
        # botocore lower-cases every key when reading, so a lower-cased lookup is exact.
        return self.settings.get(key.lower())

    def __repr__(self) -> str:
        return (
            f"Profile(name={self.name!r}, settings={_redacted(self.settings)!r}, "
            f"in_config={self.in_config!r}, in_credentials={self.in_credentials!r}, "
            f"config_line={self.config_line!r}, credentials_line={self.credentials_line!r})"
        )


@dataclass(frozen=True)
class SsoSession:
    name: str
    settings: Mapping[str, str] = field(hash=False)
    config_line: int | None = None

    def get(self, key: str) -> str | None:
        return self.settings.get(key.lower())

    def __repr__(self) -> str:
        return (
            f"SsoSession(name={self.name!r}, settings={_redacted(self.settings)!r}, "
            f"config_line={self.config_line!r})"
        )


@dataclass(frozen=True)
class AwsFiles:
    config_path: Path
    credentials_path: Path
    config_exists: bool
    credentials_exists: bool
    profiles: Mapping[str, Profile] = field(hash=False)
    sso_sessions: Mapping[str, SsoSession] = field(hash=False)

    def profile(self, name: str) -> Profile | None:
        return self.profiles.get(name)


# --------------------------------------------------------------------------- paths


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


# --------------------------------------------------------------------------- INI parsing


class _LineTracker:
    """Feeds lines to configparser and remembers where section headers and options were."""

    def __init__(self, text: str) -> None:
        # newline=None gives the same universal-newline splitting as reading the file in text mode.
        self._stream = io.StringIO(text, newline=None)
        self.line = 0
        self.header_lines: dict[str, int] = {}
        self.option_lines: dict[tuple[str, str], int] = {}
        self.section_by_id: dict[int, str] = {}

    def __iter__(self) -> Iterator[str]:
        for text_line in self._stream:
            self.line += 1
            yield text_line


@dataclass
class _ParsedIni:
    sections: dict[str, dict[str, str]]
    header_lines: dict[str, int]


def _make_recording_dict(tracker: _LineTracker) -> type[dict[str, Any]]:
    # configparser builds every mapping (all sections, each section) with dict_type and inserts
    # a section or option while reading its line, so recording first insertions yields exact
    # line numbers without re-implementing configparser's rules.
    class _Recording(dict[str, Any]):
        def __setitem__(self, key: str, value: Any) -> None:
            if key not in self:
                if isinstance(value, _Recording):
                    tracker.header_lines[key] = tracker.line
                    tracker.section_by_id[id(value)] = key
                else:
                    section = tracker.section_by_id.get(id(self))
                    if section is not None:
                        tracker.option_lines[(section, key)] = tracker.line
            super().__setitem__(key, value)

    return _Recording


def _describe_bad_line(text: str) -> Reason:
    stripped = text.strip()
    if stripped.startswith("[") and "]" not in stripped:
        # A header is never secret, so echoing it (shortened) helps the user find it.
        shown = stripped if len(stripped) <= 60 else stripped[:57] + "..."
        return Reason(N_("section header {header} has no closing ']'"), {"header": repr(shown)})
    if stripped[:1] in ("=", ":"):
        return Reason(N_("setting has no name before '='"))
    return Reason(
        N_(
            "line is not a section header, a comment or 'name = value' "
            "(continuation lines must be indented)"
        )
    )


def _parse_ini(path: Path) -> _ParsedIni:
    try:
        data, _info = _read_capped(path, CONFIG_LIMIT)
    except UnsafeFile as exc:
        # botocore silently treats an unreadable file as empty; the user should be told instead.
        raise _unreadable(path, exc) from None
    if data.startswith(b"\xef\xbb\xbf"):
        # configparser does not skip a BOM, so the AWS CLI sees text before the first header.
        raise ConfigFileError(
            path,
            1,
            Reason(
                N_(
                    "the file starts with a UTF-8 byte order mark (BOM), which the AWS CLI "
                    "cannot parse; save it as UTF-8 without BOM"
                )
            ),
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigFileError(path, line, Reason(N_("the file is not valid UTF-8 text"))) from None

    if "\0" in text:
        # Never valid in a name or value (and no process argument can hold one); a file with
        # NULs is damaged, e.g. zero-filled after a crash.
        line = text.count("\n", 0, text.index("\0")) + 1
        raise ConfigFileError(
            path, line, Reason(N_("the line holds a NUL character; the file may be damaged"))
        )

    tracker = _LineTracker(text)
    parser = configparser.RawConfigParser(dict_type=_make_recording_dict(tracker))
    try:
        parser.read_file(tracker, source=str(path))
    except configparser.MissingSectionHeaderError as exc:
        raise ConfigFileError(
            path,
            exc.lineno,
            Reason(
                N_(
                    "setting outside any section; put it under a header such as {default} "
                    "or {named}"
                ),
                {"default": "[default]", "named": "[profile NAME]"},
            ),
        ) from None
    except configparser.DuplicateSectionError as exc:
        first = tracker.header_lines.get(exc.section)
        section = f"[{exc.section}]"
        twice = (
            Reason(
                N_("section {section} appears twice (first on line {line})"),
                {"section": section, "line": first},
            )
            if first is not None
            else Reason(N_("section {section} appears twice"), {"section": section})
        )
        raise ConfigFileError(path, exc.lineno, twice) from None
    except configparser.DuplicateOptionError as exc:
        raise ConfigFileError(
            path,
            exc.lineno,
            Reason(
                N_("setting {name} appears twice in section {section}"),
                {"name": repr(exc.option), "section": f"[{exc.section}]"},
            ),
        ) from None
    except configparser.ParsingError as exc:
        # Never echo the offending line itself: it may be a mistyped secret.
        lineno, raw = exc.errors[0] if exc.errors else (None, "")
        raise ConfigFileError(path, lineno, _describe_bad_line(_unrepr(raw))) from None
    except configparser.Error as exc:
        raise ConfigFileError(path, getattr(exc, "lineno", None), type(exc).__name__) from None

    sections: dict[str, dict[str, str]] = {}
    for section in parser.sections():
        values: dict[str, str] = {}
        for option in parser.options(section):
            value = parser.get(section, option, raw=True)
            if value.startswith("\n"):
                # botocore parses such a value as a nested block and fails on any line without
                # "=" (raw_config_parse -> _parse_nested); the raw string is kept here.
                for nested in value.splitlines():
                    if nested.strip() and "=" not in nested:
                        raise ConfigFileError(
                            path,
                            tracker.option_lines.get((section, option)),
                            Reason(
                                N_(
                                    "setting {name} in {section} starts a nested block, "
                                    "but a line in it is not 'name = value'"
                                ),
                                {"name": repr(option), "section": f"[{section}]"},
                            ),
                        )
            values[option] = value
        sections[section] = values
    return _ParsedIni(sections, tracker.header_lines)


def _unreadable(path: Path, exc: UnsafeFile) -> ConfigFileError:
    if exc.permission:
        return ConfigFileError(
            path,
            None,
            Reason(
                N_("cannot read the file: permission denied (left behind by {command}?)"),
                {"command": "`sudo aws ...`"},
            ),
            fix=CHOWN_FIX,
        )
    return ConfigFileError(
        path, None, Reason(N_("cannot read the file: it {reason}"), {"reason": exc.said})
    )


def _file_exists(path: Path) -> bool:
    """botocore's os.path.isfile: only a regular file counts (a directory, a FIFO or
    /dev/null means "no file"); a directory on the way that cannot be searched is an error."""
    try:
        return _is_regular(path)
    except UnsafeFile as exc:
        raise _unreadable(path, exc) from None


def _unrepr(raw: object) -> str:
    # ParsingError stores repr(line); only its shape is inspected, never shown.
    text = str(raw)
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        try:
            value = ast.literal_eval(text)  # undo the escapes too ("\\n" -> newline)
        except (ValueError, SyntaxError):
            return text[1:-1]
        return value if isinstance(value, str) else text[1:-1]
    return text


def _section_name(section: str) -> str | None:
    # botocore's _parse_section: shlex-split, exactly two words, else the section is skipped.
    try:
        parts = shlex.split(section)
    except ValueError:
        return None
    return parts[1] if len(parts) == 2 else None


def load_aws_files(env: Mapping[str, str], home: Path) -> AwsFiles:
    """Load both files like botocore's Session.full_config (missing files count as empty)."""
    config_path, credentials_path = config_paths(env, home)
    # botocore checks os.path.isfile: a missing file or a directory means "no file".
    config_exists = _file_exists(config_path)
    credentials_exists = _file_exists(credentials_path)

    config_profiles: dict[str, tuple[dict[str, str], int | None]] = {}
    sso_sessions: dict[str, SsoSession] = {}
    if config_exists:
        parsed = _parse_ini(config_path)
        # Same tests, in the same order, as botocore's build_profile_map.
        for section, values in parsed.sections.items():
            line = parsed.header_lines.get(section)
            if section.startswith("profile"):
                name = _section_name(section)
                if name is not None:
                    # A later section for the same name replaces the earlier one whole.
                    config_profiles[name] = (values, line)
            elif section.startswith("sso-session"):
                name = _section_name(section)
                if name is not None:
                    sso_sessions[name] = SsoSession(name, MappingProxyType(values), line)
            elif section.startswith("services"):
                continue
            elif section == "default":
                config_profiles["default"] = (values, line)
            # Any other bare [name] in the config file is not a profile for botocore.

    cred_profiles: dict[str, tuple[dict[str, str], int | None]] = {}
    if credentials_exists:
        parsed = _parse_ini(credentials_path)
        for section, values in parsed.sections.items():
            cred_profiles[section] = (values, parsed.header_lines.get(section))

    profiles: dict[str, Profile] = {}
    for name in [*config_profiles, *(n for n in cred_profiles if n not in config_profiles)]:
        cfg_values, cfg_line = config_profiles.get(name, ({}, None))
        cred_values, cred_line = cred_profiles.get(name, ({}, None))
        merged = {**cfg_values, **cred_values}
        profiles[name] = Profile(
            name=name,
            settings=MappingProxyType(merged),
            in_config=name in config_profiles,
            in_credentials=name in cred_profiles,
            config_line=cfg_line,
            credentials_line=cred_line,
            config_settings=MappingProxyType(dict(cfg_values)),
            credentials_settings=MappingProxyType(dict(cred_values)),
        )

    return AwsFiles(
        config_path=config_path,
        credentials_path=credentials_path,
        config_exists=config_exists,
        credentials_exists=credentials_exists,
        profiles=MappingProxyType(profiles),
        sso_sessions=MappingProxyType(sso_sessions),
    )


# --------------------------------------------------------------------------- credentials


def key_id_kind(key_id: str | None) -> Literal["long-term", "temporary", "unknown"]:
    if not key_id:
        return "unknown"
    key_id = key_id.strip()
    if key_id.startswith("AKIA"):
        return "long-term"
    if key_id.startswith("ASIA"):
        return "temporary"
    return "unknown"


def mask_key_id(key_id: str) -> str:
    key_id = key_id.strip()
    # Below 8 characters the last four would give away most of the value.
    if len(key_id) < 8:
        return "****"
    return "****" + key_id[-4:]


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
    "aws", "aws-us-gov", "aws-cn", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"
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


# --------------------------------------------------------------------------- token caches


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    expires_at: datetime | None
    world_or_group_readable: bool
    # False when the file could not be opened or is not a JSON object.
    readable: bool
    # Why it was not read, for a warning naming the path: "permission denied", "is a named
    # pipe (FIFO), not a regular file", "is larger than 1 MiB", "is not a JSON object".
    # English (it goes into `status --json`); `problem_shown()` is it in the user's language.
    problem: str | None = None
    # The fix for `problem`, when there is one (`sudo chown -R "$USER" ~/.aws`).
    fix: str | None = None
    # `problem` as a catalog message with its values, for showing it translated.
    said: Reason | None = field(default=None, compare=False, repr=False)

    def problem_shown(self) -> str | None:
        """`problem` in the current language (`words`)."""
        if self.said is not None:
            return self.said.shown()
        return _(self.problem) if self.problem else None


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


# Outside this range an expiry is bad data: year 1 or 9999 with an offset does not even fit a
# datetime in UTC (OverflowError), and the report adds hours to such times.
_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
_LATEST = datetime(9000, 1, 1, tzinfo=UTC)


def plausible_time(moment: datetime) -> datetime | None:
    """`moment` in UTC when it is a time a token or a file can have, else None."""
    try:
        moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (OverflowError, ValueError):
        return None
    return moment if _EARLIEST <= moment < _LATEST else None


def _parse_expiry(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    text = value.strip()
    # Both "...Z" and "...UTC" are written by different AWS tools.
    if text.endswith("UTC"):
        text = text[:-3].rstrip() + "+00:00"
    elif text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except (ValueError, OverflowError):
        return None
    return plausible_time(parsed)


def _group_or_world_readable(mode: int) -> bool:
    if os.name == "nt":
        # POSIX mode bits say nothing about Windows ACLs.
        return False
    return bool(mode & (stat.S_IRGRP | stat.S_IROTH))


def _json_object(data: bytes) -> dict[str, Any] | None:
    try:
        loaded = json.loads(data)
    except (ValueError, RecursionError):
        # ValueError covers bad JSON and bad encodings; RecursionError deep nesting ([[[[...).
        return None
    return loaded if isinstance(loaded, dict) else None


# English in `CacheInfo.problem`; `CacheInfo.problem_shown()` translates it.
_NOT_JSON = N_("is not a JSON object")


def _unread(path: Path, exc: UnsafeFile) -> CacheInfo:
    if exc.permission:
        return CacheInfo(path, None, False, False, exc.reason, CHOWN_FIX, exc.said)
    return CacheInfo(path, None, False, False, exc.reason, said=exc.said)


def _read_cache(path: Path, expiry_of: Any) -> CacheInfo | None:
    """One token cache file read safely: None when it does not exist."""
    try:
        data, info = _read_capped(path, CACHE_LIMIT)
    except UnsafeFile as exc:
        return None if exc.missing else _unread(path, exc)
    document = _json_object(data)
    if document is None:
        return CacheInfo(path, None, _group_or_world_readable(info.st_mode), False, _NOT_JSON)
    return CacheInfo(
        path=path,
        expires_at=_parse_expiry(expiry_of(document)),
        world_or_group_readable=_group_or_world_readable(info.st_mode),
        readable=True,
    )


def _login_expiry(document: dict[str, Any]) -> object:
    token = document.get("accessToken")
    return token.get("expiresAt") if isinstance(token, dict) else None


def read_login_cache(login_session: str, env: Mapping[str, str], home: Path) -> CacheInfo | None:
    """Expiry and permissions of the `aws login` token cache; never any of its secrets."""
    if home == NO_HOME and "AWS_LOGIN_CACHE_DIRECTORY" not in env:
        return None  # no home, so no cache the AWS CLI could find either
    return _read_cache(login_cache_file(login_session, env, home), _login_expiry)


def _normal_url(url: str) -> str:
    return url.strip().rstrip("/")


@dataclass(frozen=True)
class SsoCacheIndex:
    """Every SSO token cache file, read once: by file name and by start URL.

    With 1,000 SSO profiles and 1,000 cache files a scan per profile took 21 s; one index
    makes `status` linear in the number of files.
    """

    directory: Path
    by_name: Mapping[str, CacheInfo]
    # For each start URL (without a trailing "/"), the file whose token expires last.
    by_start_url: Mapping[str, CacheInfo]
    # Entries not read (not regular files, too large, unreadable), with the reason.
    skipped: tuple[CacheInfo, ...] = ()
    # The directory itself could not be listed (permission), with the fix.
    problem: str | None = None


def _later(new: CacheInfo, old: CacheInfo | None) -> bool:
    return old is None or (
        new.expires_at is not None and (old.expires_at is None or new.expires_at > old.expires_at)
    )


def scan_sso_cache(home: Path) -> SsoCacheIndex:
    """Read every `*.json` in the SSO cache directory once, skipping what is not a file."""
    cache_dir = sso_cache_dir(home)
    if home == NO_HOME:
        return SsoCacheIndex(cache_dir, {}, {})
    by_name: dict[str, CacheInfo] = {}
    by_url: dict[str, CacheInfo] = {}
    skipped: list[CacheInfo] = []
    try:
        with os.scandir(cache_dir) as entries:
            names = sorted(e.name for e in entries if e.name.endswith(".json"))
    except PermissionError:
        # English (status --json); shown translated with `_()`.
        return SsoCacheIndex(cache_dir, {}, {}, problem=N_("permission denied"))
    except OSError:
        return SsoCacheIndex(cache_dir, {}, {})
    for name in names:
        path = cache_dir / name
        # read_capped checks the type before opening: a FIFO here is never opened.
        try:
            data, info = _read_capped(path, CACHE_LIMIT)
        except UnsafeFile as exc:
            if not exc.missing:
                skipped.append(_unread(path, exc))
            continue
        document = _json_object(data)
        if document is None:
            by_name[name] = CacheInfo(
                path, None, _group_or_world_readable(info.st_mode), False, _NOT_JSON
            )
            continue
        entry = CacheInfo(
            path=path,
            expires_at=_parse_expiry(document.get("expiresAt")),
            world_or_group_readable=_group_or_world_readable(info.st_mode),
            readable=True,
        )
        by_name[name] = entry
        url = document.get("startUrl")
        if isinstance(url, str) and _later(entry, by_url.get(_normal_url(url))):
            by_url[_normal_url(url)] = entry
    return SsoCacheIndex(cache_dir, by_name, by_url, tuple(skipped))


def _sso_cache_name(start_url: str, session_name: str | None) -> str:
    # botocore.utils.SSOTokenLoader._generate_cache_key: the session name wins over the URL.
    key_source = session_name if session_name is not None else start_url
    digest = hashlib.sha1(key_source.encode("utf-8", "surrogatepass"), usedforsecurity=False)
    return f"{digest.hexdigest()}.json"


def find_sso_cache(
    start_url: str,
    session_name: str | None,
    home: Path,
    index: SsoCacheIndex | None = None,
) -> CacheInfo | None:
    """The SSO token cache file the AWS CLI would use, or the freshest one for start_url.

    Pass the `index` from `scan_sso_cache` when asking for many profiles (read once).
    """
    name = _sso_cache_name(start_url, session_name)
    if index is None:
        if home == NO_HOME:
            return None
        expected = _read_cache(sso_cache_dir(home) / name, lambda d: d.get("expiresAt"))
        if expected is not None:
            return expected
        index = scan_sso_cache(home)
    elif name in index.by_name:
        return index.by_name[name]
    # The expected file, when it exists but was skipped (a FIFO, root-owned...).
    for entry in index.skipped:
        if entry.path.name == name:
            return entry
    # Fallback for tokens written by other tools (other SDKs, older CLIs) under another name.
    return index.by_start_url.get(_normal_url(start_url))


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
