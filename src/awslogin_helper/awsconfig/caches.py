"""The token caches of `aws login` and IAM Identity Center: expiry and permissions only.

Never any of their secrets: only `expiresAt`, the start URL and the file mode are read, and
of the `aws login` session's key only how long its encoding is (never kept or shown).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from awslogin_helper.awsconfig.locations import login_cache_file, sso_cache_dir
from awslogin_helper.edges.environment import NO_HOME
from awslogin_helper.edges.safeio import CACHE_LIMIT, CHOWN_FIX, Reason, UnsafeFile
from awslogin_helper.edges.safeio import read_capped as _read_capped
from awslogin_helper.words import N_, _


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
    # An `aws login` cache whose key the AWS CLI cannot read back (`short_private_key`).
    key_unreadable: bool = False

    def problem_shown(self) -> str | None:
        """`problem` in the current language (`words`)."""
        if self.said is not None:
            return self.said.shown()
        return _(self.problem) if self.problem else None


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


# SEC1 (RFC 5915): SEQUENCE { INTEGER 1, OCTET STRING privateKey, ... }; P-256 wants 32 bytes.
_SEC1_HEAD = b"\x02\x01\x01\x04"


def short_private_key(pem: object) -> bool:
    """True for a SEC1 P-256 key whose private scalar is written in fewer than 32 bytes.

    The AWS CLI's awscrt writes a scalar with a leading zero byte that way (1 key in 256) and
    then cannot load it back ("AWS_ERROR_CAL_UNSUPPORTED_KEY_FORMAT"): the session fails at
    its first refresh. Only the encoding's length is looked at.
    """
    if not isinstance(pem, str) or len(pem) > 4096:
        return False
    body = "".join(line for line in pem.splitlines() if not line.startswith("-----"))
    try:
        der = base64.b64decode(body.strip(), validate=True)
    except (binascii.Error, ValueError):
        return False
    if len(der) < 8 or der[0] != 0x30:
        return False
    start = 2 if der[1] < 0x80 else 2 + (der[1] & 0x7F)  # short or long form length
    if der[start : start + 4] != _SEC1_HEAD or len(der) <= start + 4:
        return False
    return der[start + 4] < 32


def _read_cache(path: Path, expiry_of: Any, key_of: Any = None) -> CacheInfo | None:
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
        key_unreadable=key_of is not None and short_private_key(key_of(document)),
    )


def _login_expiry(document: dict[str, Any]) -> object:
    token = document.get("accessToken")
    return token.get("expiresAt") if isinstance(token, dict) else None


def read_login_cache(login_session: str, env: Mapping[str, str], home: Path) -> CacheInfo | None:
    """Expiry and permissions of the `aws login` token cache; never any of its secrets."""
    if home == NO_HOME and "AWS_LOGIN_CACHE_DIRECTORY" not in env:
        return None  # no home, so no cache the AWS CLI could find either
    return _read_cache(
        login_cache_file(login_session, env, home), _login_expiry, lambda d: d.get("dpopKey")
    )


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


def _listed_regular(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return False


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
            # The entry's type comes with the listing (no `stat` per file): a plain regular
            # file is opened at once; anything else (a link, a FIFO) is looked at first.
            listed = {e.name: _listed_regular(e) for e in entries if e.name.endswith(".json")}
        names = sorted(listed)
    except PermissionError:
        # English (status --json); shown translated with `_()`.
        return SsoCacheIndex(cache_dir, {}, {}, problem=N_("permission denied"))
    except OSError:
        return SsoCacheIndex(cache_dir, {}, {})
    for name in names:
        path = cache_dir / name
        # read_capped checks the type before opening: a FIFO here is never opened.
        try:
            data, info = _read_capped(path, CACHE_LIMIT, listed_regular=listed[name])
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
