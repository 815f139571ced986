"""Bounded, read-only looks at the file system: listings, small texts, versions in names.

Every scanner of `tools` reads through here (or `safeio.read_head` for a script's first
line), so the bounds live in one place: a listing stops after `MAX_ENTRIES` names, a text is
read through `safeio.read_capped` (regular files only, capped), and no function walks a tree
on its own. Every error (a missing path, a permission problem, a symlink loop) means "nothing here".
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from packaging.version import InvalidVersion, Version

from awslogin_helper.edges.safeio import UnsafeFile, read_capped

# A site-packages directory of a large environment holds a few thousand names.
MAX_ENTRIES = 20_000
# METADATA, package.json, pyvenv.cfg: a few KB each (boto3's METADATA holds its README).
SMALL_LIMIT = 1024 * 1024
# A lock file of a big monorepo is tens of MB; past this the project is reported unknown.
LOCK_LIMIT = 32 * 1024 * 1024

_VERSION_NAME = re.compile(r"v?(\d+(?:\.\d+){1,3})")


def entries(path: Path) -> list[str]:
    """The names in directory `path` (at most `MAX_ENTRIES`, sorted); [] when unreadable."""
    names: list[str] = []
    try:
        with os.scandir(path) as scan:
            for entry in scan:
                names.append(entry.name)
                if len(names) >= MAX_ENTRIES:
                    break
    except (OSError, ValueError):
        return []
    return sorted(names)


def is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except (OSError, ValueError, RuntimeError):
        return False


def exists(path: Path) -> bool:
    try:
        path.stat()
    except (OSError, ValueError, RuntimeError):
        return False
    return True


def resolved(path: Path) -> Path:
    """`path` with its links followed; `path` itself when that fails (a loop, a dead link)."""
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return path


def read_text(path: Path, limit: int = SMALL_LIMIT) -> str | None:
    """A small text file as text; None when it is not a readable, regular, text file."""
    try:
        data, _info = read_capped(path, limit)
    except UnsafeFile:
        return None
    if b"\x00" in data:  # binary: not the file it claims to be
        return None
    return data.decode("utf-8", errors="replace")


def parse_version(text: str | None) -> Version | None:
    if not text:
        return None
    try:
        return Version(text.strip())
    except InvalidVersion:
        return None


def version_in_name(name: str) -> str | None:
    """`2.15.30` from `2.15.30`, `v1.9.8` or `terraform_1.9.8`; None for other names."""
    match = _VERSION_NAME.fullmatch(name.removeprefix("terraform_"))
    return match.group(1) if match else None
