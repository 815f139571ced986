"""Class 10 and part of 12 of issue 11: signals and pipes.

SIGTERM or SIGHUP to the helper alone ends every child it started (`aws login` in our own
process group, captured calls in theirs), then the helper exits 143 / 129 with one line. A
reader that goes away (`| head`) leaves the status the work itself had, quietly.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest

try:
    from fakeaws import FakeAws, helper_command
except ModuleNotFoundError:  # tests/ became a package
    from tests.fakeaws import FakeAws, helper_command

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and pipes")
KEYS = (
    "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
)
# Generous upper bounds for waiting on something to happen; never asserted as durations.
PATIENCE = 30.0


def _env(fake: FakeAws, **extra: str) -> dict[str, str]:
    env = fake.env(**extra)
    if helper_command()[0] == sys.executable and "PYTHONPATH" not in env:
        env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1] / "src")
    return env


def _pid_recording_aws(fake: FakeAws, tmp_path: Path) -> tuple[Path, Path]:
    """A directory whose `aws` notes each call's pid, then becomes the fake (same pid)."""
    bin_dir = tmp_path / "recording"
    bin_dir.mkdir()
    pids = tmp_path / "pids"
    script = bin_dir / "aws"
    script.write_text(
        f"#!/bin/sh\necho \"$$ $*\" >> '{pids}'\nexec '{fake.bin_dir / 'aws'}' \"$@\"\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return bin_dir, pids


def _recorded(pids: Path) -> list[tuple[int, str]]:
    if not pids.is_file():
        return []
    rows = []
    for line in pids.read_text(encoding="utf-8").splitlines():
        pid, _, args = line.partition(" ")
        rows.append((int(pid), args))
    return rows


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie waiting for init to reap it is not running
        stat_line = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return False
    return not stat_line.split(") ", 1)[1].startswith("Z")


def _until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"never happened: {what}")
        time.sleep(0.05)


@pytest.fixture
def leftovers() -> Iterator[list[Path]]:
    """Pid files whose processes are killed after the test, so a failing run leaves none."""
    files: list[Path] = []
    yield files
    for pids in files:
        for pid, _args in _recorded(pids):
            if _alive(pid):
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)


def _start(
    args: list[str], env: dict[str, str], out: IO[str], err: IO[str]
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*helper_command(), *args], env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err
    )


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_signal_during_aws_login_ends_it(
    fake_aws: FakeAws, tmp_path: Path, signum: int, code: int, leftovers: list[Path]
) -> None:
    fake_aws.write_config("[default]\nregion = us-east-1\n")
    fake_aws.scenario(login="hang")
    bin_dir, pids = _pid_recording_aws(fake_aws, tmp_path)
    leftovers.append(pids)
    env = _env(fake_aws, PATH=str(bin_dir))
    with (tmp_path / "out").open("w+") as out, (tmp_path / "err").open("w+") as err:
        helper = _start(["--yes"], env, out, err)
        try:
            _until(lambda: any(a.startswith("login") for _, a in _recorded(pids)), "aws login")
            login_pid = next(p for p, a in _recorded(pids) if a.startswith("login"))
            _until(lambda: any(e["argv"][:1] == ["login"] for e in fake_aws.log_entries()), "log")
            helper.send_signal(signum)
            returncode = helper.wait(timeout=PATIENCE)
        finally:
            if helper.poll() is None:
                helper.kill()
        err.seek(0)
        stderr = err.read()
    assert returncode == code, stderr
    assert "Traceback" not in stderr
    name = signal.Signals(signum).name
    assert [line for line in stderr.splitlines() if name in line] == [
        f"X Stopped by {name}; every AWS CLI command it started was ended."
    ], stderr
    _until(lambda: not _alive(login_pid), "aws login ended")
    assert not fake_aws.login_cache_files(), "aws login wrote a session after the helper left"


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_signal_during_status_ends_every_call(
    fake_aws: FakeAws, tmp_path: Path, signum: int, code: int, leftovers: list[Path]
) -> None:
    fake_aws.write_credentials(KEYS + "[two]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n")
    fake_aws.scenario(latency=600)  # every call hangs
    bin_dir, pids = _pid_recording_aws(fake_aws, tmp_path)
    leftovers.append(pids)
    env = _env(fake_aws, PATH=str(bin_dir))
    with (tmp_path / "out").open("w+") as out, (tmp_path / "err").open("w+") as err:
        helper = _start(["status", "--json"], env, out, err)
        try:
            # `--version` and one identity call per profile (two) are all in flight.
            _until(lambda: len(fake_aws.log_entries()) >= 3, "three aws calls in flight")
            helper.send_signal(signum)
            returncode = helper.wait(timeout=PATIENCE)
        finally:
            if helper.poll() is None:
                helper.kill()
        err.seek(0)
        stderr = err.read()
        out.seek(0)
        stdout = out.read()
    assert returncode == code, stderr
    assert stdout == ""
    assert "Traceback" not in stderr
    started = [pid for pid, _ in _recorded(pids)]
    assert len(started) >= 3
    for pid in started:
        _until(lambda pid=pid: not _alive(pid), f"aws child {pid} ended")


# --------------------------------------------------------------------------- pipes


def _into_closed_pipe(fake: FakeAws, *args: str) -> subprocess.CompletedProcess[str]:
    """Run with stdout a pipe whose reader is already gone: every write fails (EPIPE)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [*helper_command(), *args],
            env=_env(fake),
            stdin=subprocess.DEVNULL,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)


def _quiet(stderr: str) -> None:
    for noise in ("Traceback", "BrokenPipeError", "Exception ignored", "Unexpected error"):
        assert noise not in stderr, stderr


@pytest.mark.parametrize("args", [["status"], ["status", "--json"]])
def test_status_into_a_gone_reader_keeps_its_own_status(fake_aws: FakeAws, args: list[str]) -> None:
    fake_aws.write_config("[default]\nregion = us-east-1\n")
    fake_aws.write_credentials(KEYS)
    proc = _into_closed_pipe(fake_aws, *args)
    _quiet(proc.stderr)
    assert proc.returncode == 0  # every profile works


def test_status_into_a_gone_reader_still_reports_attention(fake_aws: FakeAws) -> None:
    fake_aws.write_config("[profile broken]\nregion = us-east-1\n")
    proc = _into_closed_pipe(fake_aws, "status", "--json")
    _quiet(proc.stderr)
    assert proc.returncode == 1


def test_output_after_the_work_into_a_gone_reader_is_quiet(fake_aws: FakeAws) -> None:
    proc = _into_closed_pipe(fake_aws, "--version")
    _quiet(proc.stderr)
    assert proc.returncode == 0


def test_status_piped_into_head(fake_aws: FakeAws) -> None:
    """The shell pipeline itself: `status | head -2` reports status's own exit code."""
    names = [f"p{i}" for i in range(40)]
    fake_aws.write_config("".join(f"[profile {n}]\nregion = us-east-1\n" for n in names))
    fake_aws.write_credentials("".join(KEYS.replace("[default]", f"[{n}]") for n in names))
    command = " ".join(f"'{part}'" for part in helper_command())
    script = f'{command} status | head -2 >/dev/null; echo "status=${{PIPESTATUS[0]}}"'
    done = subprocess.run(
        ["bash", "--norc", "-c", script],
        env=_env(fake_aws),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    _quiet(done.stderr)
    assert done.stdout.strip() == "status=0", done.stdout + done.stderr


def test_wizard_whose_reader_left_does_its_work_and_keeps_its_status(fake_aws: FakeAws) -> None:
    """`awslogin-helper --yes 2>&1 | head -1`: the narrative's reader leaves at once."""
    fake_aws.write_config("[default]\nregion = us-east-1\n")
    fake_aws.write_credentials(KEYS)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run(
            [*helper_command(), "--yes"],
            env=_env(fake_aws),
            stdin=subprocess.DEVNULL,
            stdout=write_end,
            stderr=write_end,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    assert proc.returncode == 0  # the credentials work: kept (not Rich's 1, not Python's 120)
    assert ["sts", "get-caller-identity", "--output", "json"] in fake_aws.calls()
