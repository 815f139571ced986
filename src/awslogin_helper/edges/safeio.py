"""Reading files the helper does not control: regular files only, bounded, never blocking.

Everything under ``~/.aws`` and the token caches is read through `read_capped`. A FIFO there
would block a plain ``open()`` forever, a link to ``/dev/zero`` or a sparse 8 GB file would
fill memory, so: the path is checked before it is opened (a FIFO or device is never opened),
the file is opened non-blocking, the *opened descriptor* is checked again with ``fstat`` (the
path may have been swapped in between), and at most ``limit`` bytes are read. Symbolic links
are followed on purpose: users legitimately link ``~/.aws/config`` into a dotfiles repository.

Pure standard library; nothing printed. Callers turn `UnsafeFile` into a config error or a
warning that names the path. A reason is kept as a catalog message (`Reason`): English where
it is stored (`status --json`), translated where it is shown.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from awslogin_helper.words import N_, tr

__all__ = [
    "CACHE_LIMIT",
    "CHOWN_FIX",
    "CONFIG_LIMIT",
    "Reason",
    "UnsafeFile",
    "is_regular",
    "read_capped",
]

# Real config files are a few KB; 4 MiB holds some 20,000 profiles.
CONFIG_LIMIT = 4 * 1024 * 1024
# A token cache file is about 2 KB.
CACHE_LIMIT = 1024 * 1024
# What fixes files left behind by `sudo aws login` (owned by root).
CHOWN_FIX = 'sudo chown -R "$USER" ~/.aws'

_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO opens at once instead of waiting for a writer
    | getattr(os, "O_NOCTTY", 0)  # a terminal device never becomes our controlling tty
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)  # Windows: no newline translation
)


@dataclass(frozen=True, eq=False)  # eq=False: hashable although `values` is a dict
class Reason:
    """A catalog message and its named values: English to store, translated to show.

    A value that is itself a `Reason` is rendered the same way (English inside English).
    """

    msgid: str
    values: Mapping[str, object] = field(default_factory=dict)

    def english(self) -> str:
        return self.msgid.format(**self._values(english=True))

    def shown(self) -> str:
        """In the current language (`words`)."""
        return tr(self.msgid, **self._values(english=False))

    def _values(self, *, english: bool) -> dict[str, object]:
        return {
            key: (value.english() if english else value.shown())
            if isinstance(value, Reason)
            else value
            for key, value in self.values.items()
        }


class UnsafeFile(Exception):
    """A file that was not read: not a regular file, too large, or not readable.

    `permission` is True for a permission problem (the fix is `CHOWN_FIX`); `missing` for a
    path that does not exist (callers usually treat that as "no file"). `reason` is English;
    `said` is the same reason as a message to translate where it is shown.
    """

    def __init__(
        self,
        path: Path,
        said: Reason,
        *,
        permission: bool = False,
        missing: bool = False,
    ) -> None:
        reason = said.english()
        super().__init__(path, reason)
        self.path = path
        self.said = said
        self.reason = reason
        self.permission = permission
        self.missing = missing

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def _not_regular(mode: int) -> Reason:
    # One whole message per kind: a translator sees each sentence as it is shown.
    if stat.S_ISDIR(mode):
        return Reason(N_("is a directory, not a regular file"))
    if stat.S_ISFIFO(mode):
        return Reason(N_("is a named pipe (FIFO), not a regular file"))
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Reason(N_("is a device, not a regular file"))
    if stat.S_ISSOCK(mode):
        return Reason(N_("is a socket, not a regular file"))
    return Reason(N_("is not a regular file"))


def _from_os_error(path: Path, exc: OSError) -> UnsafeFile:
    if isinstance(exc, PermissionError):
        return UnsafeFile(path, Reason(N_("permission denied")), permission=True)
    if isinstance(exc, (FileNotFoundError, NotADirectoryError)):
        return UnsafeFile(path, Reason(N_("no such file")), missing=True)
    # The system's own error text is a value (it comes from the C library, untranslated).
    error = exc.strerror or type(exc).__name__
    return UnsafeFile(path, Reason(N_("cannot be read ({error})"), {"error": error}))


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MiB"


def is_regular(path: Path) -> bool:
    """True for a regular file (links followed); False for anything else or a missing path.

    Raises `UnsafeFile` with `permission=True` when a directory on the way cannot be searched.
    """
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except PermissionError as exc:
        raise _from_os_error(path, exc) from None
    except (OSError, ValueError):
        # ValueError: a NUL in the path; such a file cannot exist.
        return False


def read_capped(
    path: Path, limit: int, *, listed_regular: bool = False
) -> tuple[bytes, os.stat_result]:
    """The file's bytes and its fstat, or `UnsafeFile` saying why it was not read.

    `listed_regular`: the directory listing (`os.scandir`'s entry type, not a link) already
    said it is a regular file; that check stands for the `stat` before opening.
    """
    if not listed_regular:
        try:
            before = path.stat()
        except OSError as exc:
            raise _from_os_error(path, exc) from None
        except ValueError:
            raise UnsafeFile(
                path, Reason(N_("the path holds a NUL character")), missing=True
            ) from None
        # Checked before opening: opening some devices has effects of its own.
        if not stat.S_ISREG(before.st_mode):
            raise UnsafeFile(path, _not_regular(before.st_mode))
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        raise _from_os_error(path, exc) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(path, _not_regular(info.st_mode))
        if info.st_size > limit:
            raise UnsafeFile(
                path,
                Reason(
                    N_("is larger than {size} ({count} bytes)"),
                    {"size": _mib(limit), "count": info.st_size},
                ),
            )
        chunks: list[bytes] = []
        total = 0
        # Read one byte past the limit: a file that grows while being read is caught too.
        while total <= limit:
            want = min(1024 * 1024, limit + 1 - total)
            try:
                chunk = os.read(fd, want)
            except OSError as exc:
                raise _from_os_error(path, exc) from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            # Short, and all of the size fstat gave: the end (no second call to learn it).
            if len(chunk) < want and total >= info.st_size:
                break
        if total > limit:
            raise UnsafeFile(path, Reason(N_("is larger than {size}"), {"size": _mib(limit)}))
        return b"".join(chunks), info
    finally:
        os.close(fd)


def read_head(path: Path, size: int = 512) -> bytes:
    """The first `size` bytes of a regular file (a script's first line); b"" otherwise.

    For a look at the start of a file of any size: nothing but a regular file is opened.
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return b""
        fd = os.open(path, _FLAGS)
    except (OSError, ValueError, RuntimeError):
        return b""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        return os.read(fd, size)
    except OSError:
        return b""
    finally:
        os.close(fd)
