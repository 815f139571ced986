"""Class 3 of issue 11: what a child prints is bounded in size, not only in time.

Every captured stream keeps at most `OUTPUT_LIMIT` bytes; a child that prints more is ended
(with everything it started: its own process group) and reported as `CommandOutputTooLarge`.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from awslogin_helper.edges.runner import (
    OUTPUT_LIMIT,
    CommandNotStarted,
    CommandOutputTooLarge,
    CommandTimeout,
    SubprocessRunner,
)

try:
    from fakeaws import FakeAws, helper_command
except ModuleNotFoundError:  # tests/ became a package
    from tests.fakeaws import FakeAws, helper_command

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX processes and scripts")
VERSION = "aws-cli/2.34.50 Python/3.13.7 Linux/6.1.0 exe/x86_64.debian.12"
KEYS = (
    "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    "[profile other]\nregion = us-east-1\n"
)


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(code)]


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    # Still in the process table: a zombie (not yet reaped by its new parent) counts as gone.
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
        return stat_line.split(") ", 1)[1].startswith("Z")
    except OSError:
        return True


def _wait_gone(pid: int) -> bool:
    """A killed process leaves the table once init reaps it: poll briefly, no timing claim."""
    import time

    for _ in range(200):
        if _gone(pid):
            return True
        time.sleep(0.025)
    return False


# --------------------------------------------------------------------------- the runner


@pytest.mark.parametrize("stream", ["stdout", "stderr"])
def test_endless_output_is_cut_and_the_child_ended(tmp_path: Path, stream: str) -> None:
    pidfile = tmp_path / "pid"
    args = _python(
        f"""
        import os, sys
        open({str(pidfile)!r}, "w").write(str(os.getpid()))
        out = sys.{stream}.buffer
        while True:
            out.write(b"y" * 65536)
        """
    )
    with pytest.raises(CommandOutputTooLarge) as caught:
        SubprocessRunner({}).run(args, timeout=60)
    assert caught.value.stream == stream
    assert caught.value.limit == OUTPUT_LIMIT
    assert "more than 1 MiB" in str(caught.value)
    assert _wait_gone(int(pidfile.read_text())), "the endless child still runs"


def test_output_up_to_the_limit_is_kept_whole() -> None:
    runner = SubprocessRunner({}, output_limit=1000)
    exact = runner.run(_python("import sys; sys.stdout.write('x' * 1000)"), timeout=60)
    assert exact.ok
    assert exact.stdout == "x" * 1000
    with pytest.raises(CommandOutputTooLarge):
        runner.run(_python("import sys; sys.stdout.write('x' * 1001)"), timeout=60)


def test_both_streams_are_read_at_once() -> None:
    # A child that fills stderr before it writes stdout would block if stdout were read first.
    code = "import sys; sys.stderr.write('e' * 200000); sys.stderr.flush(); print('done')"
    result = SubprocessRunner({}).run(_python(code), timeout=60)
    assert result.stdout == "done\n"
    assert len(result.stderr) == 200000


@posix_only
@pytest.mark.parametrize("ending", ["too-large", "timeout"])
def test_what_the_child_started_is_ended_too(tmp_path: Path, ending: str) -> None:
    """The grandchild (the AWS CLI's bootloader starts the real CLI) is in the child's group."""
    pidfile = tmp_path / "grandchild"
    loop = (
        "while True: sys.stdout.write('y' * 65536)" if ending == "too-large" else "time.sleep(60)"
    )
    args = _python(
        f"""
        import subprocess, sys, time
        grandchild = subprocess.Popen(["/usr/bin/sleep", "60"])
        open({str(pidfile)!r}, "w").write(str(grandchild.pid))
        {loop}
        """
    )
    expected = CommandOutputTooLarge if ending == "too-large" else CommandTimeout
    with pytest.raises(expected):
        SubprocessRunner({}).run(args, timeout=60 if ending == "too-large" else 1)
    assert _wait_gone(int(pidfile.read_text())), "the grandchild still runs"


# --------------------------------------------------------------------------- end to end


def _endless_aws(bin_dir: Path) -> Path:
    """An `aws` that knows its version and then prints without end for anything else."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / "aws"
    script.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "--version" ]; then echo "{VERSION}"; exit 0; fi\n'
        "exec /usr/bin/yes 'endless output from a broken aws'\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def _run_measured(
    fake: FakeAws, *args: str, path: str
) -> tuple[subprocess.CompletedProcess[str], int]:
    """The helper's result and the peak resident size (KiB) of it and its children.

    A small Python wrapper runs it, so that the peak belongs to this one run only.
    """
    env = fake.env(PATH=path)
    command = helper_command()
    if command[0] == sys.executable and "PYTHONPATH" not in env:
        env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1] / "src")
    wrapper = textwrap.dedent(
        """
        import json, resource, subprocess, sys
        proc = subprocess.run(sys.argv[1:], capture_output=True, stdin=subprocess.DEVNULL)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(json.dumps({"code": proc.returncode, "out": proc.stdout.decode(errors="replace"),
                          "err": proc.stderr.decode(errors="replace"), "peak": peak}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", wrapper, *command, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    data = json.loads(done.stdout)
    proc = subprocess.CompletedProcess(args, data["code"], data["out"], data["err"])
    return proc, int(data["peak"])


@posix_only
def test_status_against_an_endless_aws_stays_small(fake_aws: FakeAws, tmp_path: Path) -> None:
    fake_aws.write_credentials(KEYS)
    bin_dir = tmp_path / "endless"
    _endless_aws(bin_dir)
    proc, peak_kib = _run_measured(fake_aws, "status", "--json", path=str(bin_dir))
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1, proc.stderr  # the profiles could not be checked
    report = json.loads(proc.stdout)
    problems = [p["problem"] for p in report["profiles"]]
    assert problems, report
    assert all("printed more than 1 MiB on stdout" in (p or "") for p in problems), problems
    # The bound: under 100 MiB for the helper (and the `yes` it started) at its peak.
    assert peak_kib < 100 * 1024, f"peak RSS {peak_kib} KiB"


@posix_only
def test_wizard_against_an_endless_aws_says_so(fake_aws: FakeAws, tmp_path: Path) -> None:
    fake_aws.write_credentials(KEYS)
    bin_dir = tmp_path / "endless"
    _endless_aws(bin_dir)
    proc, _peak = _run_measured(fake_aws, "--yes", path=str(bin_dir))
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 12, proc.stderr
    assert "printed more than 1 MiB on stdout" in " ".join(proc.stderr.split()), proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["sudo", "apt", "remove", "awscli"],
        ["/usr/bin/doas", "true"],
        ["C:\\Windows\\gsudo.exe", "x"],
        ["aws", "configure", "export-credentials", "--profile", "dev", "--format", "process"],
    ],
    ids=["sudo", "doas", "gsudo", "export-credentials"],
)
def test_the_runner_never_elevates_nor_captures_exported_keys(
    tmp_path: Path, args: list[str]
) -> None:
    # A program of that name that would leave a mark if it ran.
    mark = tmp_path / "ran"
    program = tmp_path / Path(args[0].replace("\\", "/")).name
    program.write_text(f"#!/bin/sh\ntouch {mark}\n", encoding="utf-8")
    program.chmod(0o755)
    runner = SubprocessRunner({"PATH": str(tmp_path)})
    with pytest.raises(CommandNotStarted):
        runner.run([str(program), *args[1:]] if args[0] != "aws" else args)
    with pytest.raises(CommandNotStarted):
        runner.run_interactive([str(program), *args[1:]] if args[0] != "aws" else args)
    assert not mark.exists()
