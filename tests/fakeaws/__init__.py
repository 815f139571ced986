"""Test support: a fake ``aws`` executable on PATH, and a runner for the installed product.

Import it in tests as ``from fakeaws import FakeAws, run_helper`` (``tests/`` is on
``sys.path`` through ``tests/conftest.py``).
"""

from __future__ import annotations

import base64
import json
import os
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pytest

__all__ = [
    "DEFAULT_LOGIN_STATE",
    "FAKE_SCRIPT",
    "GOOD_REMOTE_CODE",
    "FakeAws",
    "helper_command",
    "remote_code",
    "run_helper",
]

FAKE_SCRIPT = Path(__file__).resolve().with_name("aws_fake.py")
# The fake's OAuth state (its scenario key ``login_state`` changes it); the same constant as
# DEFAULT_LOGIN_STATE in aws_fake.py, which never imports this package.
DEFAULT_LOGIN_STATE = "5f1c7a3e-0d2b-4c8e-9a6f-000000000001"


def remote_code(state: str = DEFAULT_LOGIN_STATE, code: str = "FAKEAUTHCODE") -> str:
    """A ``--remote`` verification code as the sign-in page shows it:
    base64 of ``code=...&state=...`` (the real CLI and the fake both decode it)."""
    return base64.b64encode(f"code={code}&state={state}".encode()).decode("ascii")


# What a user pastes after a successful cross-device sign-in, for the fake's default state.
GOOD_REMOTE_CODE = remote_code()
IS_WINDOWS = sys.platform == "win32"
AWS_NAMES = ("aws", "aws.exe", "aws.cmd", "aws.bat")


def _system_path() -> list[str]:
    if IS_WINDOWS:
        root = os.environ.get("SYSTEMROOT", r"C:\Windows")
        return [rf"{root}\System32", root, rf"{root}\System32\Wbem"]
    return ["/usr/bin", "/bin"]


def _has_aws(directory: str) -> bool:
    return any((Path(directory) / name).is_file() for name in AWS_NAMES)


class FakeAws:
    """One test's fake AWS CLI: its bin directory, home, files, scenario and call log."""

    def __init__(
        self, root: Path, home: Path, monkeypatch: pytest.MonkeyPatch | None = None
    ) -> None:
        self.root = root
        self.home = home
        self.bin_dir = root / "bin"
        self.config_file = home / ".aws" / "config"
        self.credentials_file = home / ".aws" / "credentials"
        self.login_cache_dir = home / ".aws" / "login" / "cache"
        self.sso_cache_dir = home / ".aws" / "sso" / "cache"
        self.scenario_file = root / "scenario.json"
        self.state_file = self.scenario_file.with_suffix(".state.json")
        self.log_file = root / "calls.jsonl"
        self.secrets_file = root / "calls.jsonl.secrets"
        self.aws_removed = False
        self._monkeypatch = monkeypatch
        self._original_path = os.environ.get("PATH", "")
        self.root.mkdir(parents=True, exist_ok=True)
        self.home.mkdir(parents=True, exist_ok=True)
        self.install()

    # ------------------------------------------------------------------ installation

    def install(self, python: str | None = None) -> Path:
        """Put the fake into ``bin_dir`` as ``aws`` (``aws.cmd`` on Windows), run by `python`.

        `python` defaults to this interpreter; the docs recordings name a link to it at a
        fixed place, so that the path they show is the same on every machine.
        """
        self.bin_dir.mkdir(parents=True, exist_ok=True)
        python = python or sys.executable
        if IS_WINDOWS:
            target = self.bin_dir / "aws.cmd"
            target.write_text(f'@echo off\r\n"{python}" "{FAKE_SCRIPT}" %*\r\n', encoding="utf-8")
        else:
            target = self.bin_dir / "aws"
            body = FAKE_SCRIPT.read_text(encoding="utf-8")
            if len(python) < 120 and not any(ch.isspace() for ch in python):
                text = f"#!{python}\n" + body.split("\n", 1)[1]
            else:  # a shebang cannot hold spaces or long paths: go through sh instead
                quoted = f"{shlex.quote(python)} {shlex.quote(str(FAKE_SCRIPT))}"
                text = f'#!/bin/sh\nexec {quoted} "$@"\n'
            target.write_text(text, encoding="utf-8")
            target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        self.aws_removed = False
        self._sync_os_environ()
        return target

    def remove_aws(self) -> None:
        """Simulate a machine without the AWS CLI.

        Removes the fake and also leaves out of PATH every other directory that holds an
        ``aws`` (the test interpreter's own bin directory may have the real CLI v1).
        """
        for name in AWS_NAMES:
            (self.bin_dir / name).unlink(missing_ok=True)
        self.aws_removed = True
        self._sync_os_environ()

    def _sync_os_environ(self) -> None:
        """Point this process's PATH and FAKE_AWS_* at the fake too (in-process tests)."""
        if self._monkeypatch is None:
            return
        mp = self._monkeypatch
        mp.setenv("FAKE_AWS_SCENARIO", str(self.scenario_file))
        mp.setenv("FAKE_AWS_LOG", str(self.log_file))
        parts = [str(self.bin_dir), *self._original_path.split(os.pathsep)]
        if self.aws_removed:
            parts = [p for p in parts if p and not _has_aws(p)]
        mp.setenv("PATH", os.pathsep.join(parts))

    # ------------------------------------------------------------------ scenario and files

    def scenario(self, **keys: Any) -> dict[str, Any]:
        """Merge ``keys`` into the scenario file and return the whole scenario."""
        data = self.read_scenario()
        data.update(keys)
        self.scenario_file.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        return data

    def read_scenario(self) -> dict[str, Any]:
        if not self.scenario_file.is_file():
            return {}
        data = json.loads(self.scenario_file.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}

    def state(self) -> dict[str, Any]:
        """What the fake remembers (``success``, ``login``, ``sso_login``, ``events``...)."""
        if not self.state_file.is_file():
            return {}
        data = json.loads(self.state_file.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}

    def reset_state(self) -> None:
        self.state_file.unlink(missing_ok=True)

    def write_config(self, text: str) -> Path:
        self.config_file.parent.mkdir(parents=True, exist_ok=True)
        self.config_file.write_text(text, encoding="utf-8")
        return self.config_file

    def write_credentials(self, text: str) -> Path:
        self.credentials_file.parent.mkdir(parents=True, exist_ok=True)
        self.credentials_file.write_text(text, encoding="utf-8")
        return self.credentials_file

    def read_config(self) -> str:
        return self.config_file.read_text(encoding="utf-8") if self.config_file.is_file() else ""

    def login_cache_files(self) -> list[Path]:
        if not self.login_cache_dir.is_dir():
            return []
        return sorted(self.login_cache_dir.glob("*.json"))

    # ------------------------------------------------------------------ what happened

    def log_entries(self) -> list[dict[str, Any]]:
        """Every logged invocation: ``{"argv": [...], "profile_env": ..., "tty": {...}}``."""
        if not self.log_file.is_file():
            return []
        lines = self.log_file.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def calls(self) -> list[list[str]]:
        """The argv (without ``aws``) of every invocation, in order."""
        return [list(entry["argv"]) for entry in self.log_entries()]

    def secrets_written(self) -> list[str]:
        """Every secret value the fake wrote to disk (login/SSO caches, ``aws configure``)."""
        if not self.secrets_file.is_file():
            return []
        lines = self.secrets_file.read_text(encoding="utf-8").splitlines()
        return [str(json.loads(line)) for line in lines if line.strip()]

    # ------------------------------------------------------------------ subprocess environment

    def path_dirs(self) -> list[str]:
        dirs = [str(self.bin_dir), str(Path(sys.executable).parent), *_system_path()]
        if self.aws_removed:
            dirs = [d for d in dirs if not _has_aws(d)]
        return list(dict.fromkeys(dirs))

    def env(self, **overrides: str | None) -> dict[str, str]:
        """A complete, minimal environment for a subprocess (nothing inherited but SYSTEMROOT).

        ``overrides`` set variables; a value of ``None`` removes one.
        """
        aws_dir = self.home / ".aws"
        env: dict[str, str] = {
            "PATH": os.pathsep.join(self.path_dirs()),
            "HOME": str(self.home),
            "USERPROFILE": str(self.home),
            "AWS_CONFIG_FILE": str(aws_dir / "config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(aws_dir / "credentials"),
            "AWS_LOGIN_CACHE_DIRECTORY": str(aws_dir / "login" / "cache"),
            "FAKE_AWS_SCENARIO": str(self.scenario_file),
            "FAKE_AWS_LOG": str(self.log_file),
            "NO_COLOR": "1",
            "COLUMNS": "80",
            "TERM": "dumb",
            "LANG": "C.UTF-8",
            "PYTHONIOENCODING": "utf-8",
        }
        if sys.platform.startswith("linux"):
            env["DISPLAY"] = ":0"
        if IS_WINDOWS:
            env["SYSTEMROOT"] = os.environ.get("SYSTEMROOT", r"C:\Windows")
            env["PATHEXT"] = ".COM;.EXE;.BAT;.CMD"
            tmp = str(self.root / "tmp")
            Path(tmp).mkdir(exist_ok=True)
            env["TEMP"] = env["TMP"] = tmp
        for key, value in overrides.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    def run_aws(
        self,
        *args: str,
        env_overrides: dict[str, str | None] | None = None,
        input: str | None = None,  # noqa: A002 - mirrors subprocess.run
        timeout: float = 30,
    ) -> subprocess.CompletedProcess[str]:
        """Run the fake directly (as the product would find it on PATH)."""
        env = self.env(**(env_overrides or {}))
        exe = shutil.which("aws", path=env["PATH"])
        if exe is None:
            raise FileNotFoundError("aws is not on the fake PATH")
        return subprocess.run(
            [exe, *args],
            env=env,
            input=input,
            stdin=None if input is not None else subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            check=False,
        )


def helper_command() -> list[str]:
    """The installed ``awslogin-helper`` console script, else ``python -m awslogin_helper``."""
    python_dir = Path(sys.executable).parent
    names = ("awslogin-helper.exe", "awslogin-helper") if IS_WINDOWS else ("awslogin-helper",)
    for directory in (python_dir, python_dir / "Scripts"):
        for name in names:
            candidate = directory / name
            if candidate.is_file():
                return [str(candidate)]
    return [sys.executable, "-m", "awslogin_helper"]


def run_helper(
    fake_aws: FakeAws,
    *args: str,
    env_overrides: dict[str, str | None] | None = None,
    input: str | None = None,  # noqa: A002 - mirrors subprocess.run
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run the product against the fake, with ``fake_aws.env()`` and captured text output."""
    command = helper_command()
    env = fake_aws.env(**(env_overrides or {}))
    if command[0] == sys.executable:
        # Not installed as a script: let ``-m`` find the src/ layout package.
        src = Path(__file__).resolve().parents[2] / "src"
        if (src / "awslogin_helper").is_dir() and "PYTHONPATH" not in env:
            env["PYTHONPATH"] = str(src)
    return subprocess.run(
        [*command, *args],
        env=env,
        input=input,
        stdin=None if input is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        check=False,
    )
