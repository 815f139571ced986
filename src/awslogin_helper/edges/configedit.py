"""The one place the helper writes AWS config and credentials files.

Every edit is a `Change` of one file, from the `Snapshot` that was read to the new text (made
by `configtext`, which keeps every other byte). `commit` writes one or more changes as one
transaction:

1. **Prepare**, for each file: a timestamped backup beside it (mode 0600, never overwriting
   another), then the new text in a temporary file in the target's own directory, with the
   file's mode (0600 for a new file; group and other bits dropped for a file with secrets),
   flushed to disk (fsync).
2. **Commit**: right before each rename the file is read again and compared with the snapshot
   (another program that wrote it in between means *nothing* is written: `EditError` with
   `conflict`); then the rename, which replaces the file whole or not at all; then the
   directory is synced.
3. **Any failure** (an OSError, Ctrl-C, SIGTERM) restores every file already renamed from its
   snapshot and removes the temporary files and the backups, so config and credentials are
   never half-changed and the directory is as it was. Ctrl-C or SIGTERM during the renames is
   held until they are done and then rolled back, so it cannot land between the two files.

A power cut between the two renames of a two-file change leaves one file new: both backups
are on disk then, and `restore_change` (`retire-keys --undo`) puts both back.

Reading goes through `safeio.read_capped` (regular files only, bounded). A symbolic link (a
dotfiles repository) is kept: the file it points at is replaced, and the backup stays beside
the link, where the user looks (never inside the repository).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from awslogin_helper.edges import configtext
from awslogin_helper.edges.safeio import CONFIG_LIMIT, Reason, UnsafeFile, read_capped
from awslogin_helper.words import N_

__all__ = ["Change", "EditError", "Snapshot", "Written", "backups", "commit", "read", "restore"]

# The mode of a file the helper creates (and of every backup): the owner alone.
NEW_FILE_MODE = 0o600


class EditError(Exception):
    """A file was not changed: unreadable, changed by someone else, or not writable.

    `said` is the reason as a catalog message; `conflict` marks a file that changed between
    reading and writing, `permission` a permission problem (the fix is `safeio.CHOWN_FIX`),
    `reading` a file that could not be read at all.
    """

    def __init__(
        self,
        path: Path,
        said: Reason,
        *,
        conflict: bool = False,
        permission: bool = False,
        reading: bool = False,
    ) -> None:
        super().__init__(path, said.english())
        self.path = path
        self.said = said
        self.conflict = conflict
        self.permission = permission
        self.reading = reading  # it could not even be read (not a write failure)

    def __str__(self) -> str:
        return f"{self.path}: {self.said.english()}"


@dataclass(frozen=True)
class Snapshot:
    """A file as it was read: its bytes and stat, or `data is None` when it did not exist."""

    path: Path
    data: bytes | None
    info: os.stat_result | None = None

    @property
    def text(self) -> str:
        return self.data.decode("utf-8") if self.data is not None else ""


@dataclass(frozen=True)
class Change:
    """`before` becomes `after`. `private`: the file holds secrets (credentials)."""

    before: Snapshot
    after: str
    private: bool = False

    @property
    def path(self) -> Path:
        return self.before.path

    def diff(self) -> list[str]:
        """The unified diff to show before writing, secrets masked."""
        return configtext.masked_diff(self.before.text, self.after, str(self.path))


@dataclass(frozen=True)
class Written:
    path: Path
    backup: Path | None  # None: the file did not exist before


def read(path: Path) -> Snapshot:
    """The file as it is now (`data is None` when missing); `EditError` when it cannot be read."""
    try:
        data, info = read_capped(path, CONFIG_LIMIT)
    except UnsafeFile as exc:
        if exc.missing:
            return Snapshot(path, None)
        said = Reason(N_("cannot be read: it {reason}"), {"reason": exc.said})
        raise EditError(path, said, permission=exc.permission, reading=True) from None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise EditError(path, Reason(N_("is not valid UTF-8 text")), reading=True) from None
    return Snapshot(path, data, info)


# --------------------------------------------------------------------------- backups

_STAMP_FORMAT = "%Y%m%dT%H%M%S.%fZ"


def _backup_name(path: Path, tag: str, stamp: str) -> Path:
    return path.parent / f"{path.name}.{tag}-{stamp}.bak"


def backups(path: Path, tag: str) -> list[Path]:
    """This file's backups made by `tag`, newest first (the stamp sorts as the time does)."""
    pattern = re.compile(re.escape(f"{path.name}.{tag}-") + r"\d{8}T\d{6}\.\d{6}Z\.bak")
    try:
        names = [entry.name for entry in os.scandir(path.parent)]
    except OSError:
        return []
    return [path.parent / name for name in sorted(filter(pattern.fullmatch, names), reverse=True)]


def restore(path: Path, backup: Path, *, private: bool = False) -> Change:
    """The change that puts `backup`'s bytes back into `path` (shown and committed as usual)."""
    saved = read(backup)
    if saved.data is None:
        raise EditError(backup, Reason(N_("no such file")), reading=True)
    return Change(read(path), saved.text, private=private)


# --------------------------------------------------------------------------- writing


def _target(path: Path) -> Path:
    # The file a link points at is the one to replace; a rename over the link would cut it.
    return Path(os.path.realpath(path))


def _mode(change: Change) -> int:
    info = change.before.info
    mode = info.st_mode & 0o7777 if info is not None else NEW_FILE_MODE
    return mode & ~0o077 if change.private else mode


def _os_error(path: Path, exc: OSError) -> EditError:
    if isinstance(exc, PermissionError):
        return EditError(path, Reason(N_("cannot be written: permission denied")), permission=True)
    error = exc.strerror or type(exc).__name__
    return EditError(path, Reason(N_("cannot be written ({error})"), {"error": error}))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _write_backup(path: Path, data: bytes) -> None:
    """`data` in a new file `path` (never over another: O_EXCL), mode 0600, on disk."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, NEW_FILE_MODE)
    try:
        _write_all(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_temp(target: Path, data: bytes, mode: int, owner: os.stat_result | None) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temp = Path(name)
    try:
        _write_all(fd, data)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        if owner is not None and hasattr(os, "fchown") and os.geteuid() == 0:
            # Run as root (sudo): the file must stay its owner's, or the owner loses it.
            os.fchown(fd, owner.st_uid, owner.st_gid)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        temp.unlink()
        raise
    os.close(fd)
    if not hasattr(os, "fchmod"):
        temp.chmod(mode)  # Windows: only the read-only bit means anything
    return temp


def _sync_dir(folder: Path) -> None:
    if os.name == "nt":
        return  # directories cannot be opened for fsync on Windows
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _unchanged(change: Change) -> bool:
    target = _target(change.path)
    if change.before.data is None:
        return not os.path.lexists(target)
    try:
        now, _info = read_capped(target, CONFIG_LIMIT)
    except UnsafeFile:
        return False
    return now == change.before.data


def _rename(source: Path, target: Path) -> None:
    # One function, so that a test can inject a crash between the backup and the rename.
    source.replace(target)


@contextlib.contextmanager
def _signals_held() -> Iterator[list[int]]:
    """Ctrl-C, SIGTERM and SIGHUP wait until the block ends; the list says which came."""
    came: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield came
        return
    names = ("SIGINT", "SIGTERM", "SIGHUP")
    numbers = [getattr(signal, n) for n in names if hasattr(signal, n)]
    # A signal the process ignores stays ignored (`nohup`): it is not ours to act on.
    numbers = [n for n in numbers if signal.getsignal(n) is not signal.SIG_IGN]
    previous = {number: signal.signal(number, lambda s, _f: came.append(s)) for number in numbers}
    try:
        yield came
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _raise_held(signum: int) -> None:
    """Deliver a signal held during the renames, now that the files are as they were."""
    handler = signal.getsignal(signum)
    if callable(handler):
        handler(signum, None)  # the command's own handler (TerminatedBySignal, Ctrl-C)
    elif handler == signal.SIG_DFL:
        signal.raise_signal(signum)  # what it would have done: end the process
    raise KeyboardInterrupt


@dataclass
class _Prepared:
    change: Change
    target: Path
    temp: Path
    backup: Path | None
    done: bool = False


def _prepare(change: Change, tag: str, stamp: str) -> _Prepared:
    target = _target(change.path)
    backup: Path | None = None
    try:
        if not target.parent.is_dir():
            target.parent.mkdir(mode=0o700, parents=True)
        if change.before.data is not None:
            backup = _backup_name(change.path, tag, stamp)
            _write_backup(backup, change.before.data)
        try:
            temp = _write_temp(
                target, change.after.encode("utf-8"), _mode(change), change.before.info
            )
        except BaseException:
            if backup is not None:
                backup.unlink()
            raise
    except OSError as exc:
        raise _os_error(change.path, exc) from None
    return _Prepared(change, target, temp, backup)


def _put_back(item: _Prepared) -> None:
    """The file as it was read: its bytes again (atomically), or gone when it was new."""
    original = item.change.before
    if original.data is None:
        item.target.unlink(missing_ok=True)
        return
    mode = original.info.st_mode & 0o7777 if original.info else NEW_FILE_MODE
    _write_temp(item.target, original.data, mode, original.info).replace(item.target)


def _clean(items: Sequence[_Prepared], *, keep_backups: bool) -> None:
    for item in items:
        with contextlib.suppress(OSError):
            item.temp.unlink(missing_ok=True)
        if item.backup is not None and not keep_backups:
            with contextlib.suppress(OSError):
                item.backup.unlink()


def commit(changes: Sequence[Change], *, tag: str, now: datetime) -> list[Written]:
    """Write every change, or none (see the module docstring); unchanged files are skipped.

    `tag` names the backups (`credentials.retire-keys-20260102T030405.000000Z.bak`), one stamp
    for all the files of one transaction, so they are found and restored together.
    """
    todo = [change for change in changes if change.after != change.before.text]
    stamp = now.strftime(_STAMP_FORMAT)
    prepared: list[_Prepared] = []
    try:
        for change in todo:
            prepared.append(_prepare(change, tag, stamp))
    except BaseException:
        _clean(prepared, keep_backups=False)
        raise
    failure: BaseException | None = None
    stuck: _Prepared | None = None
    current = prepared[0] if prepared else None
    with _signals_held() as came:
        try:
            for current in prepared:
                if not _unchanged(current.change):
                    raise EditError(
                        current.change.path,
                        Reason(N_("changed while it was being edited (by another program)")),
                        conflict=True,
                    )
                _rename(current.temp, current.target)
                current.done = True
                _sync_dir(current.target.parent)
            if came:
                raise KeyboardInterrupt  # held during the renames: undone below
        except BaseException as exc:
            failure = exc
            stuck = _roll_back(prepared)
    if failure is None:
        return [Written(item.change.path, item.backup) for item in prepared]
    if stuck is not None:
        raise EditError(
            stuck.change.path,
            Reason(
                N_("could not be put back as it was; the original is in {backup}"),
                {"backup": str(stuck.backup)},
            ),
        ) from failure
    if came:
        _raise_held(came[0])
    if isinstance(failure, OSError) and current is not None:
        raise _os_error(current.change.path, failure) from None
    raise failure


def _roll_back(prepared: Sequence[_Prepared]) -> _Prepared | None:
    """Every renamed file as it was; the first one that could not be put back, if any."""
    stuck: _Prepared | None = None
    for item in reversed(prepared):
        if item.done:
            try:
                _put_back(item)
            except OSError:
                stuck = stuck or item  # its backup is now the only copy of the original
    _clean(prepared, keep_backups=stuck is not None)
    return stuck
