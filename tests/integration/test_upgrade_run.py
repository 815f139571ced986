"""The version gate's upgrade through the installed helper: printed, then run (issue #15).

Fabricated layouts in tmp_path: AWS CLI v1 in a virtual environment whose `python` is a
stand-in, a Homebrew prefix, no `aws` at all. `curl`, `unzip`, AWS's `./aws/install` and
`brew` are stand-ins too (real executables on PATH that record their arguments), so nothing
is downloaded and nothing outside tmp_path changes. The `aws` the installer stand-in leaves
is the fake AWS CLI (tests/fakeaws) answering as 2.36.7.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shlex
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from awslogin_helper.exit_codes import ExitCode

from .support import FakeAws, flat, run

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="POSIX stand-ins; the URLs are Linux's"
)

V1 = "aws-cli/1.45.11 Python/3.11.7 Linux/6.18.44 botocore/1.43.11"
V2_NEW = "aws-cli/2.36.7 Python/3.11.7 Linux/6.18.44 exe/x86_64"
V2_BREW = "aws-cli/2.28.10 Python/3.13.6 Linux/6.1.0 source/x86_64"
CONFIRM_UPGRADE = "Run them now?"
SYSTEM_TOOLS = ("mktemp", "rm", "mkdir", "cp", "ln", "sleep")
CONFIRM_LOGIN = "Ready for me to run `aws login`?"
MACHINE = os.uname().machine
ZIP = {"x86_64": "awscli-exe-linux-x86_64.zip", "aarch64": "awscli-exe-linux-aarch64.zip"}
needs_installer = pytest.mark.skipif(MACHINE not in ZIP, reason="AWS ships no installer here")

RECORD = 'printf "%s" "{name}" >> {rec}; for a in "$@"; do printf "\\t%s" "$a" >> {rec}; done; echo >> {rec}\n'


@dataclass
class Machine:
    """One fabricated machine: its PATH directories, stand-ins and what they recorded."""

    fake: FakeAws
    root: Path
    tools: Path
    venv: Path
    tmpdir: Path

    @property
    def record(self) -> Path:
        return self.root / "record.log"

    def recorded(self) -> list[list[str]]:
        if not self.record.exists():
            return []
        return [line.split("\t") for line in self.record.read_text().splitlines()]

    def path(self, *first: Path) -> str:
        # Not /usr/bin: it may hold a real `aws` (Debian's), slow to ask and not this machine's.
        dirs = [*map(str, first), str(self.tools), str(Path(sys.executable).parent)]
        return os.pathsep.join(dirs)

    def env(self, path: str, **extra: str) -> dict[str, str | None]:
        return {"PATH": path, "TMPDIR": str(self.tmpdir), "SHELL": "/bin/bash", **extra}


def commands(err: str) -> list[str]:
    """Each output line, unindented (a command longer than the terminal has no indent)."""
    return [line.strip() for line in err.splitlines()]


def _script(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(0o755)
    return path


def scenario_of(aws: Path) -> Path:
    return aws.with_name(aws.name + ".scenario.json")


def _fake_aws(path: Path, fake: FakeAws, version: str) -> Path:
    """The fake AWS CLI at `path`, answering `aws --version` with `version`."""
    scenario = scenario_of(path)
    scenario.parent.mkdir(parents=True, exist_ok=True)
    scenario.write_text(json.dumps({"version": version}), encoding="utf-8")
    aws = shlex.quote(str(fake.bin_dir / "aws"))
    return _script(path, f'FAKE_AWS_SCENARIO={shlex.quote(str(scenario))} exec {aws} "$@"\n')


@pytest.fixture
def machine(fake_aws: FakeAws, tmp_path: Path) -> Machine:
    root = tmp_path / "machine"
    tools, tmpdir = root / "tools", root / "tmp"
    tools.mkdir(parents=True)
    for name in SYSTEM_TOOLS:  # what the helper and the stand-ins run besides the stand-ins
        found = shutil.which(name, path="/usr/bin:/bin")
        assert found, name
        (tools / name).symlink_to(found)
    venv = fake_aws.home / "venvs" / "tools"  # where users keep theirs: no sudo to remove it
    tmpdir.mkdir(parents=True)
    rec = shlex.quote(str(root / "record.log"))
    fake_aws.write_config("[default]\nregion = eu-west-1\n")
    # AWS CLI v1 in a virtual environment; its `python` records and plays pip.
    (venv / "pyvenv.cfg").parent.mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    _fake_aws(venv / "bin" / "aws", fake_aws, V1)
    _script(
        venv / "bin" / "python",
        RECORD.format(name="python", rec=rec)
        + 'if [ "$1 $2 $3" = "-m pip uninstall" ]; then\n'
        + f"  rm -f {shlex.quote(str(venv / 'bin' / 'aws'))}\n"
        + '  echo "Successfully uninstalled awscli-1.45.11"; exit 0\nfi\n'
        + f'exec {shlex.quote(sys.executable)} "$@"\n',
    )
    # What AWS's installer does, without the 60 MB: the new version, `current`, the link.
    new_aws = root / "v2-aws"
    _fake_aws(new_aws, fake_aws, V2_NEW)
    installer = _script(
        root / "installer",
        RECORD.format(name="install", rec=rec)
        + f'if [ -n "$STANDIN_HANG" ]; then echo $$ > {rec}.pid; echo installing...; sleep 60; fi\n'
        + 'while [ $# -gt 0 ]; do case "$1" in --install-dir) i="$2";; --bin-dir) b="$2";; esac; shift; done\n'
        + f'mkdir -p "$i/v2/2.36.7/bin" && cp {shlex.quote(str(new_aws))} "$i/v2/2.36.7/bin/aws"\n'
        + 'ln -snf "$i/v2/2.36.7" "$i/v2/current" && mkdir -p "$b" && ln -sf "$i/v2/current/bin/aws" "$b/aws"\n'
        + 'echo "You can now run: $b/aws --version"\n',
    )
    _script(
        tools / "curl",
        RECORD.format(name="curl", rec=rec)
        + 'if [ -n "$STANDIN_OFFLINE" ]; then\n'
        + '  echo "curl: (6) Could not resolve host: awscli.amazonaws.com" >&2; exit 6\nfi\n'
        + 'while [ $# -gt 0 ]; do [ "$1" = "-o" ] && o="$2"; shift; done; echo PK > "$o"\n',
    )
    _script(
        tools / "unzip",
        RECORD.format(name="unzip", rec=rec)
        + 'while [ $# -gt 0 ]; do [ "$1" = "-d" ] && d="$2"; shift; done\n'
        + f'mkdir -p "$d/aws" && cp {shlex.quote(str(installer))} "$d/aws/install"\n',
    )
    return Machine(fake_aws, root, tools, venv, tmpdir)


# --------------------------------------------------------------------------- printed


@needs_installer
def test_pip_v1_in_a_venv_prints_the_exact_upgrade(machine: Machine) -> None:
    home = machine.fake.home
    r = run(machine.fake, "--yes", **machine.env(machine.path(machine.venv / "bin")))
    assert r.code == ExitCode.CLI_TOO_OLD
    r.says(f"It was installed with pip, in the Python environment of {machine.venv}/bin/python.")
    lines = commands(r.err)
    expected = [
        f"{machine.venv}/bin/python -m pip uninstall -y awscli",
        'cd "$(mktemp -d)"',
        f"curl -fsSL https://awscli.amazonaws.com/{ZIP[MACHINE]} -o awscliv2.zip",
        "unzip -q awscliv2.zip",
        f"./aws/install --install-dir {home}/.local/aws-cli --bin-dir {home}/.local/bin",
        f'export PATH={home}/.local/bin:"$PATH"',
    ]
    assert all(line in lines for line in expected), r.err
    at = [lines.index(line) for line in expected]  # each whole, on its own line, in order
    assert at == sorted(at)
    r.says("v1 cannot be upgraded to v2", "add this line to ~/.bashrc")
    assert machine.recorded() == []  # printed only: --yes never runs an upgrade


def brew_prefix(machine: Machine, prefix: Path) -> Path:
    """A Homebrew prefix holding awscli 2.28.10; its `brew upgrade` stand-in makes it 2.36.7."""
    cellar_aws = _fake_aws(
        prefix / "Cellar" / "awscli" / "2.28.10" / "bin" / "aws", machine.fake, V2_BREW
    )
    (prefix / "bin").mkdir(parents=True)
    (prefix / "bin" / "aws").symlink_to("../Cellar/awscli/2.28.10/bin/aws")
    new = shlex.quote(json.dumps({"version": V2_NEW}))
    _script(
        prefix / "bin" / "brew",
        RECORD.format(name="brew", rec=shlex.quote(str(machine.record)))
        + f"printf %s {new} > {shlex.quote(str(scenario_of(cellar_aws)))}\n"
        + 'echo "==> Upgrading awscli 2.28.10 -> 2.36.7"\n',
    )
    return prefix


def test_homebrew_prefix_prints_brew_upgrade(machine: Machine, tmp_path: Path) -> None:
    prefix = brew_prefix(machine, tmp_path / "brew")
    r = run(machine.fake, "--yes", **machine.env(machine.path(prefix / "bin")))
    assert r.code == ExitCode.CLI_TOO_OLD
    r.says(f"It was installed with Homebrew ({prefix}).", "Update it with Homebrew:")
    assert "brew upgrade awscli" in commands(r.err)


@needs_installer
def test_no_aws_prints_the_user_level_install(machine: Machine) -> None:
    r = run(machine.fake, "--yes", **machine.env(machine.path()))
    assert r.code == ExitCode.CLI_NOT_FOUND
    r.says("No working `aws` command found on your PATH.", "(no administrator rights)")
    r.never_says("There is no `aws` on your PATH.")  # the verdict said it: once
    curl = f"curl -fsSL https://awscli.amazonaws.com/{ZIP[MACHINE]} -o awscliv2.zip"
    assert curl in commands(r.err)


# --------------------------------------------------------------------------- run


class Screen:
    def __init__(self, machine: Machine, *first: Path, **extra: str) -> None:
        pexpect = pytest.importorskip("pexpect")
        from tests.fakeaws import helper_command

        env = machine.fake.env(
            **machine.env(machine.path(*(first or (machine.venv / "bin",))), TERM="xterm", **extra)
        )
        self.child: Any = pexpect.spawn(
            helper_command()[0],
            helper_command()[1:],
            env=env,
            encoding="utf-8",
            codec_errors="replace",
            timeout=30,
            dimensions=(50, 200),
        )
        self.pexpect = pexpect
        self.log = io.StringIO()
        self.child.logfile_read = self.log

    def expect(self, text: str) -> None:
        self.child.expect_exact(text)

    def finish(self) -> tuple[int, str]:
        self.child.expect(self.pexpect.EOF)
        before = self.child.before or ""
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -1, before


@pytest.mark.pty
@needs_installer
def test_confirmed_upgrade_runs_then_the_wizard_goes_on(machine: Machine) -> None:
    home = machine.fake.home
    screen = Screen(machine)
    screen.expect(f"{machine.venv}/bin/python -m pip uninstall -y awscli")
    screen.expect(CONFIRM_UPGRADE)
    screen.child.send("y")
    screen.expect("Successfully uninstalled awscli-1.45.11")  # streamed: pip's own words
    screen.expect("AWS CLI 2.36.7 at")
    screen.expect(CONFIRM_LOGIN)
    screen.child.send("y")
    code, _rest = screen.finish()
    assert code == 0
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.log.getvalue())
    assert f"AWS CLI 2.36.7 at {home}/.local/bin/aws" in flat(shown)
    assert f'export PATH={home}/.local/bin:"$PATH"' in shown  # for new terminals
    steps = machine.recorded()
    assert [s[0] for s in steps] == ["curl", "unzip", "python", "install"]  # download first
    assert steps[0][1:3] == ["-fsSL", f"https://awscli.amazonaws.com/{ZIP[MACHINE]}"]
    assert steps[2][1:] == ["-m", "pip", "uninstall", "-y", "awscli"]
    assert steps[3][1:] == [
        "--install-dir",
        f"{home}/.local/aws-cli",
        "--bin-dir",
        f"{home}/.local/bin",
    ]
    assert not (machine.venv / "bin" / "aws").exists()
    assert (home / ".local" / "bin" / "aws").is_symlink()
    assert list(machine.tmpdir.iterdir()) == []  # the download's directory is gone
    assert ["login"] in machine.fake.calls()


@pytest.mark.pty
@needs_installer
def test_no_network_leaves_v1_in_place_and_says_curls_words(machine: Machine) -> None:
    screen = Screen(machine, STANDIN_OFFLINE="1")
    screen.expect(CONFIRM_UPGRADE)
    screen.child.send("y")
    screen.expect("Could not resolve host: awscli.amazonaws.com")
    code, rest = screen.finish()
    assert code == ExitCode.CLI_TOO_OLD
    assert "its own words are above" in flat(rest)
    assert [s[0] for s in machine.recorded()] == ["curl"]  # pip never ran
    assert (machine.venv / "bin" / "aws").exists()
    assert not (machine.fake.home / ".local" / "bin").exists()
    assert list(machine.tmpdir.iterdir()) == []


@pytest.mark.pty
@needs_installer
def test_declined_upgrade_prints_it_and_runs_nothing(machine: Machine) -> None:
    screen = Screen(machine)
    screen.expect(CONFIRM_UPGRADE)
    screen.child.send("n")
    code, rest = screen.finish()
    assert code == ExitCode.CLI_TOO_OLD
    assert "To do it yourself:" in flat(rest)
    assert machine.recorded() == []


@pytest.mark.pty
@needs_installer
def test_ctrl_c_during_the_installer_ends_it_and_exits_130(machine: Machine) -> None:
    screen = Screen(machine, STANDIN_HANG="1")
    screen.expect(CONFIRM_UPGRADE)
    screen.child.send("y")
    screen.expect("installing...")
    screen.child.sendintr()
    code, _rest = screen.finish()
    assert code == ExitCode.INTERRUPTED
    pid = int(Path(str(machine.record) + ".pid").read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, 0)
        pytest.fail("the installer still runs after Ctrl-C")
    assert list(machine.tmpdir.iterdir()) == []


@pytest.mark.pty
def test_brew_upgrade_runs_with_the_prefix_brew_then_the_wizard_goes_on(
    machine: Machine, tmp_path: Path
) -> None:
    prefix = brew_prefix(machine, tmp_path / "brew")
    screen = Screen(machine, prefix / "bin")
    screen.expect(CONFIRM_UPGRADE)
    screen.child.send("y")
    screen.expect("==> Upgrading awscli 2.28.10 -> 2.36.7")
    screen.expect(CONFIRM_LOGIN)
    screen.child.send("y")
    code, _rest = screen.finish()
    assert code == 0
    assert machine.recorded() == [["brew", "upgrade", "awscli"]]
