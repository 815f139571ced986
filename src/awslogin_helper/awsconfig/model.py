"""The records read from the AWS files: profiles, SSO sessions, errors, key ID kinds.

Values that may be secret never appear in a repr; the access key ID only masked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from awslogin_helper.edges.safeio import Reason
from awslogin_helper.words import tr

CREDENTIAL_ENV_VARS = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
)

_EMPTY: Mapping[str, str] = MappingProxyType({})


def _empty_mapping() -> Mapping[str, str]:
    return _EMPTY


class ConfigFileError(Exception):
    """A config or credentials file that the AWS CLI would refuse (or that cannot be read).

    Only ever shown to a person (never in `status --json`), so `reason` and `str()` are in the
    current language; `english` is the reason in English.
    """

    def __init__(
        self,
        path: Path,
        line: int | None,
        reason: str | Reason,
        *,
        fix: str | None = None,
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
            "{path}, line {line}: {reason}",
            path=self.path,
            line=self.line,
            reason=self.reason,
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
