"""Fixtures for the real-component tiers: the real AWS CLI v1 and v2, moto's server, a pty.

Every real `aws` runs with a minimal environment built here (nothing inherited), a temporary
HOME, a PATH holding only a dedicated bin directory with one `aws` symlink in it, and a
network guard: HTTP(S)_PROXY point at a closed local port and only 127.0.0.1/localhost
bypass it, so any request to a non-loopback endpoint fails loudly instead of reaching AWS.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from tests.tiers import require

from awslogin_helper.edges.environment import Environment
from awslogin_helper.edges.runner import SubprocessRunner
from awslogin_helper.edges.ui import UI, make_console
from awslogin_helper.wizard import Options, Wizard

V1_VARIABLE = "AWSLOGIN_HELPER_REAL_AWS_V1"
V2_AWS = Path("/usr/bin/aws")
V1_HOW = (
    f"the real AWS CLI v1 (PyPI's `awscli`, in a venv of its own) must be named by {V1_VARIABLE} "
    "or be on PATH: run `bash scripts/install-test-clis.sh` and export what it prints"
)
V2_HOW = (
    "the real AWS CLI v2 must be at /usr/bin/aws: on Debian/Ubuntu run "
    "`sudo apt-get install awscli` (Debian 12 ships 2.9.19)"
)
MOTO_HOW = "moto's server is needed: run `python -m pip install -e '.[test]'` (moto[server])"
PTY_HOW = (
    "a POSIX pseudo-terminal and pexpect are needed: run `python -m pip install -e '.[test]'` "
    "on Linux or macOS"
)

# Static keys in AWS's documentation examples: not real credentials.
AKIA = "AKIAIOSFODNN7EXAMPLE"
ASIA = "ASIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
LOGIN_ARN = "arn:aws:iam::123456789012:user/DevAdmin"

CREDENTIALS = f"""\
[default]
aws_access_key_id = {AKIA}
aws_secret_access_key = {SECRET}

[temp]
aws_access_key_id = {ASIA}
aws_secret_access_key = {SECRET}
aws_session_token = FwoGZXIvYXdzEXAMPLEtoken
"""

CONFIG = f"""\
[default]
region = us-east-1

[profile temp]
region = eu-west-1

[profile cfgkeys]
region = eu-central-1
aws_access_key_id = {AKIA}
aws_secret_access_key = {SECRET}

[profile empty]
region = us-west-2

[profile signin]
region = us-west-2
login_session = {LOGIN_ARN}
"""


def aws_version_line(aws: Path) -> str:
    """`aws --version` of a real CLI (stdout, else stderr); empty when it cannot run."""
    try:
        result = subprocess.run(
            [str(aws), "--version"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env={"PATH": str(aws.parent), "HOME": "/nonexistent", "LANG": "C.UTF-8"},
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (result.stdout + result.stderr).strip()


_VERSIONS: dict[Path, str] = {}


def require_real_aws(aws: Path, major: int, how: str) -> str:
    if aws not in _VERSIONS:
        _VERSIONS[aws] = aws_version_line(aws) if aws.is_file() else ""
    line = _VERSIONS[aws]
    require(line.startswith(f"aws-cli/{major}."), f"{how} (found: {line or 'nothing'})")
    return line


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_text(
    cmd: list[str], env: dict[str, str], stdin_text: str | None, timeout: float
) -> subprocess.CompletedProcess[str]:
    """One process of a real-tier test: no terminal, stdin from `stdin_text` (else nothing)."""
    return subprocess.run(
        cmd,
        env=env,
        input=stdin_text,
        stdin=subprocess.DEVNULL if stdin_text is None else None,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        check=False,
    )


@dataclass
class RealAws:
    """One real `aws` in a sandbox: bin dir with an `aws` symlink, temporary HOME, files."""

    exe: Path
    version_line: str
    root: Path
    bin_dir: Path = field(init=False)
    home: Path = field(init=False)
    proxy_port: int = field(init=False)

    def __post_init__(self) -> None:
        self.bin_dir = self.root / "bin"
        self.home = self.root / "home"
        self.bin_dir.mkdir(parents=True, exist_ok=True)
        (self.home / ".aws").mkdir(parents=True, exist_ok=True)
        (self.bin_dir / "aws").symlink_to(self.exe)
        self.proxy_port = closed_port()

    @property
    def aws(self) -> Path:
        """The `aws` the helper finds on PATH (the symlink, as a user's PATH would give it)."""
        return self.bin_dir / "aws"

    @property
    def config_file(self) -> Path:
        return self.home / ".aws" / "config"

    @property
    def credentials_file(self) -> Path:
        return self.home / ".aws" / "credentials"

    def write_files(self, *, config: str = CONFIG, credentials: str | None = CREDENTIALS) -> None:
        self.config_file.write_text(config, encoding="utf-8")
        if credentials is None:
            self.credentials_file.unlink(missing_ok=True)
        else:
            self.credentials_file.write_text(credentials, encoding="utf-8")

    def env(self, **overrides: str | None) -> dict[str, str]:
        proxy = f"http://127.0.0.1:{self.proxy_port}"
        env = {
            "PATH": str(self.bin_dir),
            "HOME": str(self.home),
            "AWS_CONFIG_FILE": str(self.config_file),
            "AWS_SHARED_CREDENTIALS_FILE": str(self.credentials_file),
            # Nothing may leave the machine: every non-loopback request hits a closed port.
            "HTTPS_PROXY": proxy,
            "HTTP_PROXY": proxy,
            "https_proxy": proxy,
            "http_proxy": proxy,
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
            "AWS_EC2_METADATA_DISABLED": "true",  # no instance-metadata probing either
            "AWS_MAX_ATTEMPTS": "1",
            "AWS_PAGER": "",
            "LANG": "C.UTF-8",
            "NO_COLOR": "1",
            "COLUMNS": "80",
            "TERM": "dumb",
            "DISPLAY": ":0",
            "PYTHONIOENCODING": "utf-8",
        }
        for key, value in overrides.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    def _run(
        self, cmd: list[str], env: dict[str, str] | None, timeout: float
    ) -> subprocess.CompletedProcess[str]:
        return run_text(cmd, env or self.env(), None, timeout)

    def run(
        self, *args: str, env: dict[str, str] | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        """This real `aws`, with no terminal."""
        return self._run([str(self.aws), *args], env, timeout)

    def run_helper(
        self, *args: str, env: dict[str, str] | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        """The installed `awslogin-helper` against this real CLI (no terminal)."""
        from tests.fakeaws import helper_command

        return self._run([*helper_command(), *args], env, timeout)


def locate_real_aws(variable: str, accept: Callable[[str], bool]) -> tuple[Path | None, str]:
    """The real `aws` named by `variable`, else the first on the machine's PATH that `accept`s.

    Returns the executable and its version line, or (None, what was found instead).
    """
    named = os.environ.get(variable, "").strip()
    candidates = [Path(named)] if named else []
    if not named:
        for entry in os.environ.get("PATH", "").split(os.pathsep):
            exe = Path(entry) / ("aws.cmd" if sys.platform == "win32" else "aws")
            if entry and Path(entry).is_absolute() and exe.is_file():
                candidates.append(exe)
    seen: list[str] = []
    for exe in candidates:
        if exe not in _VERSIONS:
            _VERSIONS[exe] = aws_version_line(exe) if exe.is_file() else ""
        line = _VERSIONS[exe]
        if accept(line):
            return exe, line
        seen.append(f"{exe}: {line or 'no version'}")
    return None, "; ".join(seen) or "nothing"


@pytest.fixture
def real_v1(tmp_path: Path) -> RealAws:
    exe, line = locate_real_aws(V1_VARIABLE, lambda v: v.startswith("aws-cli/1."))
    require(exe is not None, f"{V1_HOW} (found: {line})")
    assert exe is not None
    return RealAws(exe, line, tmp_path / "real-v1")


@pytest.fixture
def real_v2(tmp_path: Path) -> RealAws:
    line = require_real_aws(V2_AWS, 2, V2_HOW)
    return RealAws(V2_AWS, line, tmp_path / "real-v2")


# ------------------------------------------------------------------ the wizard, in process


class ScriptedPrompter:
    """Answers from a script; records every question asked."""

    def __init__(self, *, confirm: bool = False, select: str = "keep", text: str = "") -> None:
        self.answers: dict[str, Any] = {"confirm": confirm, "select": select, "text": text}
        self.asked: list[str] = []

    def confirm(self, question: str, *, default: bool = True) -> bool:
        self.asked.append(question)
        return bool(self.answers["confirm"])

    def select(self, question: str, choices: Any, *, default: str) -> str:
        self.asked.append(question)
        return str(self.answers["select"])

    def text(self, question: str, *, default: str = "", validate: Any = None) -> str:
        self.asked.append(question)
        return str(self.answers["text"])


@dataclass
class InProcess:
    wizard: Wizard
    prompter: ScriptedPrompter
    out: io.StringIO

    def screen(self) -> str:
        """What the user read, with Rich's line wrapping undone."""
        return " ".join(self.out.getvalue().split())


def make_wizard(
    real: RealAws,
    env: dict[str, str],
    *,
    profile: str | None = None,
    can_prompt: bool = False,
    prompter: ScriptedPrompter | None = None,
) -> InProcess:
    """A Wizard with a real SubprocessRunner, a real Environment and a UI writing to a buffer."""
    environment = Environment(
        vars=env,
        stdin_isatty=can_prompt,
        stdout_isatty=can_prompt,
        platform=sys.platform,
        home=real.home,
    )
    out = io.StringIO()
    ui = UI(make_console(env, file=out))
    prompter = prompter or ScriptedPrompter()
    wizard = Wizard(Options(profile=profile), environment, SubprocessRunner(env), prompter, ui)
    found = environment.which("aws")
    assert found == real.aws, f"the helper would find {found}, not {real.aws}"
    wizard.aws = str(found)
    wizard.reload_files()
    return InProcess(wizard, prompter, out)


# ------------------------------------------------------------------ moto's server on loopback


@dataclass
class MotoServer:
    url: str
    requests: list[dict[str, str]]


@pytest.fixture
def moto_server() -> Iterator[MotoServer]:
    """moto's real server (all services) on 127.0.0.1, a free port; records every request."""
    try:
        from moto.server import DomainDispatcherApplication, create_backend_app
        from werkzeug.serving import make_server
    except ImportError:
        require(False, MOTO_HOW)
        raise  # unreachable: require() skipped or failed
    requests: list[dict[str, str]] = []
    app = DomainDispatcherApplication(create_backend_app)

    def recording_app(environ: dict[str, Any], start_response: Any) -> Any:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        requests.append(
            {
                "method": environ.get("REQUEST_METHOD", ""),
                "host": environ.get("HTTP_HOST", ""),
                "path": environ.get("PATH_INFO", ""),
                "authorization": environ.get("HTTP_AUTHORIZATION", ""),
                "body": body.decode("utf-8", "replace"),
            }
        )
        return app(environ, start_response)

    server = make_server("127.0.0.1", 0, recording_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield MotoServer(f"http://127.0.0.1:{server.server_port}", requests)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@dataclass
class SilentEndpoint:
    """A loopback socket that accepts connections and never answers."""

    url: str
    accepted: list[socket.socket]


@pytest.fixture
def silent_endpoint() -> Iterator[SilentEndpoint]:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError, OSError):
                conn, _ = listener.accept()
                accepted.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield SilentEndpoint(f"http://127.0.0.1:{listener.getsockname()[1]}", accepted)
    finally:
        stop.set()
        thread.join(timeout=5)
        for conn in accepted:
            conn.close()
        listener.close()


# ------------------------------------------------------------------ screen text helpers

_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")


def plain(text: str) -> str:
    """Terminal output without escape sequences and carriage returns."""
    return _ANSI.sub("", text).replace("\r", "")


def flat(text: str) -> str:
    """Plain text with all runs of whitespace (Rich's wrapping included) made one space."""
    return " ".join(plain(text).split())


def says(screen: str, *parts: str) -> None:
    """Every part is on the screen (short, stable phrases: the wording may still move)."""
    missing = [part for part in parts if part not in screen]
    assert not missing, f"not on screen: {missing}\n--- screen ---\n{screen}"


def pty_available() -> bool:
    if os.name != "posix":
        return False
    try:
        import pexpect  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture
def pexpect_module() -> Any:
    """pexpect, for the tests that drive a real pseudo-terminal (skips where there is none)."""
    require(pty_available(), PTY_HOW)
    import pexpect

    return pexpect


from .conftest_current import current_aws  # noqa: E402, F401  (the realcli_current sandbox)
