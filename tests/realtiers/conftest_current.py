"""The `realcli_current` tier: the real, current AWS CLI v2 (>= 2.32.0, with `aws login`).

The tier finds the CLI through `AWSLOGIN_HELPER_REAL_AWS=/path/to/aws`, else the first `aws` on
the machine's PATH whose `aws --version` is v2 >= 2.32.0; without one it skips (fails under
`AWSLOGIN_HELPER_REQUIRE_ALL_TIERS=1`, see tests/tiers.py).

The `current_aws` fixture is a sandbox (`CurrentAws`, a `RealAws`): a temporary HOME with
`~/.aws`, a bin dir with an `aws` symlink to the real CLI and the BROWSER stand-ins, a running
`SigninStandin` (sign-in service + moto on 127.0.0.1), and `env()` pointing everything at them:
AWS_ENDPOINT_URL_SIGNIN/STS/IAM, AWS_MAX_ATTEMPTS=1, proxies at a closed loopback port with only
loopback exempt, PATH = bin dir + /usr/bin:/bin, no DISPLAY (so `webbrowser` can only use
BROWSER). When the test ends, the stand-in is stopped and no process of the sandbox (an `aws`,
a browser child) may still run: any left is killed and the test errors.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from tests.tiers import require

from .browser_standin import write_wrapper
from .conftest import RealAws, locate_real_aws, run_text
from .signin_standin import DEFAULT_ARN, SigninStandin

REAL_AWS_VARIABLE = "AWSLOGIN_HELPER_REAL_AWS"
MINIMUM = (2, 32, 0)
CURRENT_HOW = (
    f"a real AWS CLI v2 >= 2.32.0 (it has `aws login`) must be named by {REAL_AWS_VARIABLE}"
    "=/path/to/aws or be on PATH (`.ci/run` installs the vendored 2.36.7 into a venv of its own)"
)
CURRENT_CONFIG = "[default]\nregion = us-east-1\n"
_VERSION = re.compile(r"^aws-cli/(\d+)\.(\d+)\.(\d+)\s")


def is_current(version_line: str) -> bool:
    """`aws --version` says v2 >= 2.32.0 (compared as numbers, 2.100 > 2.32 > 2.9)."""
    found = _VERSION.match(version_line + " ")
    if not found:
        return False
    version = tuple(int(part) for part in found.groups())
    return version[0] == 2 and version >= MINIMUM


def require_current_aws() -> tuple[Path, str]:
    exe, line = locate_real_aws(REAL_AWS_VARIABLE, is_current)
    require(exe is not None, f"{CURRENT_HOW} (found: {line})")
    assert exe is not None
    return exe, line


def sandbox_pids(home: Path) -> list[int]:
    """Processes (of this user) whose environment has HOME=<home>: the sandbox's."""
    marker = f"HOME={home}".encode()
    pids: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        with contextlib.suppress(OSError):
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                pids.append(int(entry.name))
    return pids


CRT_KEYS = Path(__file__).parent / "crt_keys"


def login_cache_key(arn: str) -> str:
    return hashlib.sha256(arn.encode("utf-8")).hexdigest()


@dataclass
class CurrentAws(RealAws):
    """A sandbox for the real current CLI, with the sign-in stand-in running."""

    standin: SigninStandin = field(default_factory=SigninStandin)

    def __post_init__(self) -> None:
        super().__post_init__()
        for mode in ("follow", "fail", "ignore"):
            write_wrapper(self.bin_dir, mode)
        self.config_file.write_text(CURRENT_CONFIG, encoding="utf-8")

    def browser(self, mode: str = "follow") -> Path:
        return self.bin_dir / f"standin-browser-{mode}"

    def env(self, **overrides: str | None) -> dict[str, str]:
        base: dict[str, str | None] = {
            "PATH": f"{self.bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin",
            "DISPLAY": None,  # webbrowser may use nothing but BROWSER
            "BROWSER": str(self.browser("follow")),
            "AWS_ENDPOINT_URL_SIGNIN": self.standin.url,
            "AWS_ENDPOINT_URL_STS": self.standin.moto_url,
            "AWS_ENDPOINT_URL_IAM": self.standin.moto_url,
            # awscrt's 1-in-256 unreadable key only where a test asks for it (crt_keys/).
            "PYTHONPATH": str(CRT_KEYS),
            "AWSLOGIN_TEST_CRT_KEY": "whole",
        }
        base.update(overrides)
        return super().env(**base)

    @property
    def cache_dir(self) -> Path:
        return self.home / ".aws" / "login" / "cache"

    def cache_file(self, arn: str = DEFAULT_ARN) -> Path:
        """Where the CLI caches the session of `arn`: sha256(arn).json."""
        return self.cache_dir / f"{login_cache_key(arn)}.json"

    def cache(self, arn: str = DEFAULT_ARN) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.cache_file(arn).read_text(encoding="utf-8"))
        return data

    def login(
        self,
        *args: str,
        browser: str = "follow",
        input: str | None = None,  # noqa: A002 - as subprocess.run names it
        env: dict[str, str] | None = None,
        timeout: float = 60,
    ) -> subprocess.CompletedProcess[str]:
        """The real `aws login ARGS` without a terminal (stdin: `input`, else nothing)."""
        env = env if env is not None else self.env(BROWSER=str(self.browser(browser)))
        return run_text([str(self.aws), "login", *args], env, input, timeout)

    def leftover_pids(self, wait: float = 5.0) -> list[int]:
        """Sandbox processes still running after `wait` seconds (browser children end fast)."""
        deadline = time.monotonic() + wait
        while (pids := sandbox_pids(self.home)) and time.monotonic() < deadline:
            time.sleep(0.05)
        return pids


@pytest.fixture
def current_aws(tmp_path: Path) -> Iterator[CurrentAws]:
    exe, line = require_current_aws()
    with SigninStandin() as standin:
        sandbox = CurrentAws(exe, line, tmp_path / "real-current", standin=standin)
        yield sandbox
    left = sandbox.leftover_pids()
    for pid in left:  # only processes this sandbox started (their HOME is ours)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    assert not left, f"processes outlived the test: {left}"
