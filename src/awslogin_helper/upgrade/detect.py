"""How the `aws` found was installed, from its path, its `--version` line and the files around it.

Pure and cheap: nothing runs. Paths are looked at with `os.lstat`/`os.readlink` only, and the
few files read (a script's first line, dpkg's file list or status, `~/.pyenv/version`) go
through `safeio.read_capped`, so a FIFO, a huge file or a link to /dev/zero cannot block or
fill memory. Every path is read under `root` (the filesystem root, injected so tests build
layouts in a temporary directory): an absolute path `/usr/bin/aws` means `root/usr/bin/aws`,
and an absolute link target is read under `root` too.

The version line's last token says most (facts file, "`aws --version`"): `exe/` is an official
installer (Linux/macOS; `exe/AMD64` is the Windows MSI), `source/` a build from source
(Homebrew, pip, a distribution package), `botocore/` the v1 CLI (pip or pipx). The path then
tells which of them, and where its pieces are (the installer's `--install-dir`, the brew
prefix, the interpreter of pip's environment).
"""

from __future__ import annotations

import ntpath
import os
import posixpath
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from awslogin_helper.edges.safeio import UnsafeFile, read_capped, read_head
from awslogin_helper.words import N_

# A pip script is a few hundred bytes; dpkg's status file a few MB on a full desktop.
_SCRIPT_LIMIT = 64 * 1024
# A first line: Linux reads 256 bytes of a shebang; a long venv path still fits in 4 KiB.
_HEAD = 4096
_LIST_LIMIT = 1024 * 1024
_STATUS_LIMIT = 32 * 1024 * 1024
_MAX_LINKS = 40  # as the kernel: a longer chain is a loop
_BREW_PREFIXES = ("/opt/homebrew", "/usr/local", "/home/linuxbrew/.linuxbrew")
_CONTAINER_MARKERS = ("/.dockerenv", "/run/.containerenv")


class Method(Enum):
    INSTALLER = "installer"  # AWS's installer for Linux/macOS (`exe/`, an --install-dir tree)
    HOMEBREW = "homebrew"
    PIP = "pip"  # pip into a virtual environment, the user site or a pyenv version
    PIPX = "pipx"
    DISTRO = "distro"  # a Debian/Ubuntu (dpkg) or Fedora/RHEL (rpm) package
    SNAP = "snap"
    MSI = "msi"  # AWS's Windows installer
    MISSING = "missing"
    UNKNOWN = "unknown"


# What is wrong with an `aws` on PATH that cannot run (marked; shown with `_()`).
BROKEN_LINK = N_("a broken link")
DIRECTORY = N_("a directory")
NOT_EXECUTABLE = N_("not executable")
LINK_LOOP = N_("a loop of links")


@dataclass(frozen=True)
class Install:
    """What the detector found about one `aws` (all but `method` optional)."""

    method: Method
    path: str | None = None  # the `aws` on PATH, as found
    target: str | None = None  # with every link resolved
    certain: bool = True  # False: a good guess (an rpm database is not read)
    major: int | None = None  # 1 or 2, from the version line
    python: str | None = None  # pip: the interpreter of the environment that holds it
    pyenv: bool = False  # pip: through a pyenv shim
    install_dir: str | None = None  # installer: its --install-dir
    bin_dir: str | None = None  # installer: its --bin-dir (where the `aws` link is)
    brew_prefix: str | None = None
    package_manager: str | None = None  # distro: apt or dnf
    problem: str | None = None  # marked: why this `aws` cannot run (a broken link, ...)
    container: bool = False  # this runs in a container image
    # Removing or updating it needs no administrator rights (it is in the user's home, or
    # its tool never wants them: brew, pipx).
    user_owned: bool = False


@dataclass(frozen=True)
class Layout:
    """Where to look: the filesystem root, the home directory, the platform, the variables."""

    root: Path = Path("/")
    home: Path = Path("~")
    platform: str = "linux"
    env: Mapping[str, str] | None = None
    # The user's uid: a directory of theirs outside the home (a venv in /opt) needs no sudo;
    # for root (0, a container's usual user) that is every root-owned directory. None
    # (tests): only the home directory rule.
    uid: int | None = None

    @property
    def windows(self) -> bool:
        return self.platform.startswith("win")

    def at(self, path: str) -> Path:
        """The real place of the absolute path `path` under `root`."""
        return self.root / path.lstrip("/")

    def under_home(self, path: str) -> bool:
        home = str(self.home).rstrip("/\\")
        if self.windows:
            return ntpath.normcase(path).startswith(ntpath.normcase(home) + "\\")
        return path.startswith(home + "/")


def resolve(layout: Layout, path: str) -> tuple[str, str | None]:
    """`path` with every link resolved (component by component, under `root`), and a problem.

    The problem is None for an executable file; else BROKEN_LINK, LINK_LOOP, DIRECTORY or
    NOT_EXECUTABLE. Only lstat and readlink are used.
    """
    parts = [p for p in path.split("/") if p]
    done: list[str] = []
    hops = 0
    while parts:
        part = parts.pop(0)
        if part == ".":
            continue
        if part == "..":
            if done:
                done.pop()
            continue
        current = "/" + "/".join([*done, part])
        try:
            info = os.lstat(layout.at(current))
        except OSError:
            # Dangling: keep the whole intended path (it still tells the method).
            return "/".join([current, *parts]), BROKEN_LINK
        if stat.S_ISLNK(info.st_mode):
            hops += 1
            if hops > _MAX_LINKS:
                return current, LINK_LOOP
            try:
                target = str(layout.at(current).readlink())
            except OSError:
                return current, BROKEN_LINK
            if target.startswith("/"):
                done = []
            parts = [p for p in target.split("/") if p] + parts
            continue
        done.append(part)
    final = "/" + "/".join(done)
    info = os.lstat(layout.at(final))
    if stat.S_ISDIR(info.st_mode):
        return final, DIRECTORY
    if not stat.S_ISREG(info.st_mode) or not info.st_mode & 0o111:
        return final, NOT_EXECUTABLE
    return final, None


def _exists(layout: Layout, path: str) -> bool:
    try:
        os.lstat(layout.at(path))
    except OSError:
        return False
    return True


def _read(layout: Layout, path: str, limit: int) -> str | None:
    try:
        data, _info = read_capped(layout.at(path), limit)
    except UnsafeFile:
        return None
    return data.decode("utf-8", "replace")


def shebang(layout: Layout, path: str) -> str | None:
    """The interpreter named on a script's first line (`#!/venv/bin/python3`), if any."""
    # Only the start: a script may be of any size (a launcher with its program inside).
    text = read_head(layout.at(path), _HEAD).decode("utf-8", "replace")
    if not text.startswith("#!"):
        return None
    words = text[2:].split("\n", 1)[0].split()
    if not words:
        return None
    if posixpath.basename(words[0]) == "env" and len(words) > 1:
        return words[-1]  # `#!/usr/bin/env python3`: a name looked up on PATH
    return words[0]


def _dpkg_owns(layout: Layout, path: str) -> bool:
    listing = _read(layout, "/var/lib/dpkg/info/awscli.list", _LIST_LIMIT)
    if listing is not None:
        return path in listing.splitlines()
    status = _read(layout, "/var/lib/dpkg/status", _STATUS_LIMIT)
    if status is None:
        return False
    for entry in status.split("\n\n"):
        lines = entry.splitlines()
        if "Package: awscli" in lines:
            return any(line.startswith("Status:") and line.endswith(" installed") for line in lines)
    return False


def _rpm_system(layout: Layout) -> bool:
    return any(
        _exists(layout, p) for p in ("/etc/fedora-release", "/etc/redhat-release", "/var/lib/rpm")
    )


def _version_kind(version_line: str | None) -> tuple[int | None, str]:
    """(major version, install kind: exe, source, botocore, msi or "") from `aws --version`."""
    if not version_line:
        return None, ""
    words = version_line.split()
    major = None
    if words and words[0].startswith("aws-cli/"):
        head = words[0][len("aws-cli/") :].split(".", 1)[0]
        major = int(head) if head.isdigit() else None
    kind = ""
    for word in words[1:]:
        name, _sep, value = word.partition("/")
        if name == "botocore":
            kind = "botocore"
        elif name in ("exe", "script-exe"):
            kind = "msi" if value.upper().startswith(("AMD64", "ARM64")) else "exe"
        elif name == "source" and not kind:
            kind = "source"
    return major, kind


def _installer_tree(target: str) -> tuple[str, str] | None:
    """(install dir, version dir) when `target` is `<dir>/v2/<version|current>/...`."""
    parts = target.split("/")
    for index in range(len(parts) - 2, 0, -1):
        if parts[index] == "v2" and index + 1 < len(parts):
            return "/".join(parts[:index]) or "/", parts[index + 1]
    return None


def _pyenv(layout: Layout, path: str) -> Install | None:
    home = str(layout.home).rstrip("/")
    root = (layout.env or {}).get("PYENV_ROOT") or home + "/.pyenv"
    if path != root.rstrip("/") + "/shims/aws":
        return None
    # The shim runs the `aws` of the selected version: PYENV_VERSION, else the global file.
    version = (layout.env or {}).get("PYENV_VERSION")
    if not version:
        text = _read(layout, root + "/version", _SCRIPT_LIMIT) or ""
        version = next((w for w in text.split() if not w.startswith("#")), "")
    version = version.split(":", 1)[0]
    python = f"{root}/versions/{version}/bin/python" if version else None
    if python and not _exists(layout, f"{root}/versions/{version}/bin/aws"):
        python = None
    return Install(Method.PIP, path, path, python=python, pyenv=True, certain=python is not None)


def _windows(layout: Layout, path: str, kind: str, major: int | None) -> Install:
    lowered = ntpath.normcase(path)
    if kind == "msi" or "\\amazon\\awscliv2\\" in lowered:
        return Install(Method.MSI, path, path, major=major)
    if kind == "botocore" or lowered.endswith(("\\scripts\\aws.cmd", "\\scripts\\aws.exe")):
        scripts = ntpath.dirname(path)
        python = ntpath.join(scripts, "python.exe")
        return Install(Method.PIP, path, path, major=major, python=python, certain=kind != "")
    return Install(Method.UNKNOWN, path, path, major=major, certain=False)


def detect(
    layout: Layout,
    path: str | None,
    version_line: str | None = None,
    *,
    container: bool | None = None,
) -> Install:
    """How the `aws` at `path` (as found on PATH) was installed.

    `container`: whether this is a container (None: look for its marker files under root).
    """
    if container is None:
        container = any(_exists(layout, m) for m in _CONTAINER_MARKERS)
    if path is None:
        return Install(Method.MISSING, container=container)
    major, kind = _version_kind(version_line)
    if layout.windows:
        found = _windows(layout, path, kind, major)
        return _with(found, layout, container)
    target, problem = resolve(layout, path)
    base = Install(Method.UNKNOWN, path, target, major=major, problem=problem, certain=False)
    found = _classify(layout, base, kind) or base
    return _with(found, layout, container)


def _with(found: Install, layout: Layout, container: bool) -> Install:
    # Where its files are: pip's script sits in the environment (or the `--user` site) it
    # belongs to, whatever interpreter its first line names.
    owned = [p for p in (found.install_dir, found.brew_prefix, found.target) if p]
    mine = bool(owned) and (layout.under_home(owned[0]) or _owned_by(layout, owned[0]))
    if found.method in (Method.HOMEBREW, Method.PIPX):
        mine = True  # brew and pipx never want root
    if found.method is Method.PIP and found.python and layout.under_home(found.python):
        mine = True  # pip changes its interpreter's environment, here one in the home
    if found.method in (Method.DISTRO, Method.SNAP, Method.MSI, Method.MISSING):
        mine = False
    return _replace(found, container=container, user_owned=mine)


def _owned_by(layout: Layout, path: str) -> bool:
    """Whether the directory holding `path` belongs to the user running this."""
    if layout.uid is None:
        return False
    try:
        return os.lstat(layout.at(posixpath.dirname(path))).st_uid == layout.uid
    except OSError:
        return False


def _replace(found: Install, **changes: object) -> Install:
    import dataclasses

    return dataclasses.replace(found, **changes)  # type: ignore[arg-type]


def _classify(layout: Layout, base: Install, kind: str) -> Install | None:
    path, target = base.path or "", base.target or ""
    if path.startswith("/snap/") or target.startswith("/snap/"):
        return _replace(base, method=Method.SNAP, certain=True)
    pyenv = _pyenv(layout, path)
    if pyenv is not None:
        return _replace(pyenv, major=base.major, problem=base.problem)
    if "/Cellar/awscli/" in target:
        prefix = target.split("/Cellar/", 1)[0]
        return _replace(base, method=Method.HOMEBREW, brew_prefix=prefix, certain=True)
    if "/pipx/venvs/awscli/" in target:
        return _replace(base, method=Method.PIPX, certain=True)
    return _classify_files(layout, base, kind)


def _classify_files(layout: Layout, base: Install, kind: str) -> Install | None:
    """The methods told by the files around the `aws` (an installer tree, a venv, dpkg)."""
    path, target = base.path or "", base.target or ""
    tree = _installer_tree(target)
    if tree is not None and kind in ("exe", ""):
        return _replace(
            base,
            method=Method.INSTALLER,
            install_dir=tree[0],
            bin_dir=posixpath.dirname(path),
            certain=True,
        )
    if target.startswith("/usr/bin/") or path.startswith("/usr/bin/"):
        if _dpkg_owns(layout, target) or _dpkg_owns(layout, path):
            return _replace(base, method=Method.DISTRO, package_manager="apt", certain=True)
        if _rpm_system(layout):
            return _replace(base, method=Method.DISTRO, package_manager="dnf", certain=False)
    directory = posixpath.dirname(target)
    venv = posixpath.dirname(directory)
    if _exists(layout, venv + "/pyvenv.cfg") and posixpath.basename(directory) == "bin":
        return _replace(base, method=Method.PIP, python=directory + "/python", certain=True)
    if kind in ("botocore", "source") or target.startswith(str(layout.home)):
        python = shebang(layout, target)
        if python is not None and "python" in posixpath.basename(python):
            return _replace(base, method=Method.PIP, python=python, certain=kind == "botocore")
    if kind == "source":
        for prefix in _BREW_PREFIXES:
            if path == prefix + "/bin/aws" and _exists(layout, prefix + "/Cellar"):
                return _replace(base, method=Method.HOMEBREW, brew_prefix=prefix, certain=False)
    return None


@dataclass(frozen=True)
class OnPath:
    """One `aws` entry on PATH, runnable or not (broken links and directories included)."""

    path: str
    problem: str | None  # marked (see `resolve`), None when it can run


def every_aws(layout: Layout, directories: Sequence[str]) -> list[OnPath]:
    """Every `aws` in the PATH directories, in order: the first runnable one is what runs."""
    found: list[OnPath] = []
    for directory in directories:
        if layout.windows:
            continue  # Windows: only Environment.which_all's answer is used
        path = directory.rstrip("/") + "/aws"
        if not _exists(layout, path):
            continue
        _target, problem = resolve(layout, path)
        found.append(OnPath(path, problem))
    return found
