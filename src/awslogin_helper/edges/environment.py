"""One read-only view of the process environment: variables, terminals, platform, PATH.

Built once at start-up by `Environment.from_os()`; tests construct it directly.
"""

from __future__ import annotations

import ntpath
import os
import posixpath
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from awslogin_helper.words import _, tr

CI_MARKERS = (
    "CI",
    "GITHUB_ACTIONS",
    "GITLAB_CI",
    "CODEBUILD_BUILD_ID",
    "JENKINS_URL",
    "BUILDKITE",
    "CIRCLECI",
    "TF_BUILD",
    "BITBUCKET_BUILD_NUMBER",
    "TEAMCITY_VERSION",
)
_FALSE = ("", "0", "false", "no", "off")
# The home directory when there is none (HOME unset and no passwd entry): what
# os.path.expanduser leaves. Code that needs a path under it refuses with a clear error.
NO_HOME = Path("~")


def _cwd() -> Path | None:
    # None when the working directory was deleted under us (the project scans then skip).
    try:
        return Path.cwd()
    except OSError:
        return None


def _home() -> Path:
    try:
        return Path.home()
    except (RuntimeError, KeyError, OSError):
        return NO_HOME


@dataclass(frozen=True)
class Environment:
    vars: Mapping[str, str]
    stdin_isatty: bool = False
    stdout_isatty: bool = False
    platform: str = sys.platform
    home: Path = field(default_factory=Path.home)
    proc_version: str = ""  # /proc/version, to recognise WSL
    dockerenv: bool = False  # /.dockerenv exists
    cwd: Path | None = field(default_factory=_cwd)  # the project `tools` looks at

    @classmethod
    def from_os(cls) -> Environment:
        proc_version = ""
        if sys.platform.startswith("linux"):
            try:
                proc_version = Path("/proc/version").read_text(encoding="utf-8", errors="replace")
            except OSError:
                proc_version = ""
        return cls(
            vars=dict(os.environ),
            stdin_isatty=_isatty(sys.stdin),
            stdout_isatty=_isatty(sys.stdout),
            platform=sys.platform,
            home=_home(),
            proc_version=proc_version,
            dockerenv=Path("/.dockerenv").exists(),
        )

    def get(self, name: str) -> str | None:
        value = self.vars.get(name)
        return value if value else None

    @property
    def can_prompt(self) -> bool:
        """Decided once, like `gh`: both ends must be a terminal to ask anything."""
        return self.stdin_isatty and self.stdout_isatty

    @property
    def is_windows(self) -> bool:
        return self.platform.startswith("win")

    def ci_marker(self) -> str | None:
        """The first CI variable that is set (CI=false and the like do not count)."""
        for name in CI_MARKERS:
            value = self.vars.get(name)
            if value is not None and value.strip().lower() not in _FALSE:
                return name
        return None

    def headless_reason(self) -> str | None:
        """Why this machine probably cannot open a local browser, or None."""
        # Each reason is a whole clause of its own (the caller shows it after "No local
        # browser here: "); the variable names are values, never translated.
        for name in ("SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"):
            if self.get(name):
                return tr("this is an SSH session ({name} is set)", name=name)
        if self.get("CODESPACES"):
            return tr("this is a GitHub Codespace ({name} is set)", name="CODESPACES")
        if self.get("REMOTE_CONTAINERS"):
            return tr("this is a dev container ({name} is set)", name="REMOTE_CONTAINERS")
        if self.get("WSL_DISTRO_NAME") or "microsoft" in self.proc_version.lower():
            return _("this is WSL, where opening the Windows browser often fails")
        # BROWSER names the program that opens links (the AWS CLI uses Python's webbrowser,
        # which tries it first): a terminal browser, or an IDE's forwarder to the host.
        if self.platform.startswith("linux") and not (
            self.get("DISPLAY") or self.get("WAYLAND_DISPLAY") or self.get("BROWSER")
        ):
            if self.dockerenv:
                return tr(
                    "this is a container without a display (neither {x11} nor {wayland} is set)",
                    x11="DISPLAY",
                    wayland="WAYLAND_DISPLAY",
                )
            return tr(
                "this is Linux without a display (neither {x11} nor {wayland} is set)",
                x11="DISPLAY",
                wayland="WAYLAND_DISPLAY",
            )
        return None

    def path_dirs(self) -> list[Path]:
        """The absolute PATH entries, in order.

        Relative entries (`.`, `./node_modules/.bin`, an empty entry) name whatever directory
        the user happens to stand in, so an `aws` found through them is not run, reported or
        suggested: the helper never resolves them.
        """
        raw = self.vars.get("PATH", "")
        flavour = ntpath if self.is_windows else posixpath
        return [Path(p) for p in raw.split(flavour.pathsep) if p and flavour.isabs(p)]

    def _exe_names(self, name: str) -> list[str]:
        if not self.is_windows:
            return [name]
        exts = self.vars.get("PATHEXT", ".COM;.EXE;.BAT;.CMD").split(";")
        return [name + ext.lower() for ext in exts if ext] + [name]

    def which_all(self, name: str) -> list[Path]:
        """Every executable called `name` on PATH, in PATH order, without duplicates."""
        found: list[Path] = []
        seen: set[str] = set()
        for directory in self.path_dirs():
            for exe in self._exe_names(name):
                candidate = directory / exe
                key = os.path.normcase(str(candidate))
                if key in seen:
                    continue
                if candidate.is_file() and (self.is_windows or os.access(candidate, os.X_OK)):
                    seen.add(key)
                    found.append(candidate)
                    break
        return found

    def which(self, name: str) -> Path | None:
        found = self.which_all(name)
        return found[0] if found else None

    def shells(self) -> tuple[str, ...]:
        """The shell syntaxes to show: the user's own where we can tell, else both Windows ones."""
        if self.is_windows:
            return ("powershell", "cmd")
        shell = self.vars.get("SHELL", "")
        if shell.endswith("fish") or self.get("FISH_VERSION"):
            return ("fish",)
        return ("posix",)


def _isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except (OSError, ValueError):
        return False
