"""Class 5 and part of 12 of issue 11: which `aws` executables on PATH the helper runs and names.

Only absolute PATH entries count: a relative one (`./node_modules/.bin`, `.`, `bin`) names
whatever directory the user stands in, so its `aws` is never run, reported or suggested.
Later executables on PATH are asked for their version at once, not one after another.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from awslogin_helper.edges.environment import Environment

try:
    from fakeaws import FakeAws, helper_command
except ModuleNotFoundError:  # tests/ became a package
    from tests.fakeaws import FakeAws, helper_command

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell scripts as `aws`")
OLD_VERSION = "aws-cli/2.9.19 Python/3.9.11 Linux/5.15.0 exe/x86_64.ubuntu.22"
KEYS = (
    "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
)


def _script(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def _hijacker(directory: Path, marker: Path) -> Path:
    """An `aws` that records that it ran and claims to be the newest CLI."""
    return _script(
        directory / "aws",
        f"echo ran >> '{marker}'\necho 'aws-cli/2.99.0 Python/3.13.0 Linux/6.1.0 exe/x86_64'\n",
    )


def _run(
    fake: FakeAws, *args: str, path: str, cwd: Path, **extra: str
) -> subprocess.CompletedProcess[str]:
    env = fake.env(PATH=path, **extra)
    command = helper_command()
    if command[0] == sys.executable and "PYTHONPATH" not in env:
        env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1] / "src")
    return subprocess.run(
        [*command, *args],
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=60,
        check=False,
    )


# --------------------------------------------------------------------------- the model


@pytest.mark.parametrize("relative", [".", "", "bin", "./node_modules/.bin", "../x"])
def test_relative_path_entries_are_never_searched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, relative: str
) -> None:
    monkeypatch.chdir(tmp_path)
    where = tmp_path / relative if relative else tmp_path
    _hijacker(where, tmp_path / "ran")
    absolute = tmp_path / "abs"
    _hijacker(absolute, tmp_path / "ran")
    env = Environment(vars={"PATH": os.pathsep.join([relative, str(absolute)])}, platform="linux")
    assert env.path_dirs() == [absolute]
    assert env.which_all("aws") == [absolute / "aws"]


def test_windows_relative_entries_are_skipped_too() -> None:
    env = Environment(vars={"PATH": r".;bin;C:\Program Files\Amazon\AWSCLIV2"}, platform="win32")
    assert [str(p) for p in env.path_dirs()] == [r"C:\Program Files\Amazon\AWSCLIV2"]


# --------------------------------------------------------------------------- end to end
# PATH holds nothing but the test's own directories: this machine may have an `aws` in
# /usr/bin, so the scripts below name their tools by absolute path.


@posix_only
@pytest.mark.parametrize("relative", ["./node_modules/.bin", "."])
def test_status_never_runs_or_suggests_a_relative_aws(
    fake_aws: FakeAws, tmp_path: Path, relative: str
) -> None:
    # The first absolute `aws` is too old, so a newer one later on PATH would be suggested.
    fake_aws.scenario(version=OLD_VERSION)
    fake_aws.write_credentials(KEYS)
    project = tmp_path / "project"
    marker = tmp_path / "hijacked"
    _hijacker(project / relative, marker)
    path = os.pathsep.join([relative, str(fake_aws.bin_dir)])
    proc = _run(fake_aws, "status", "--json", path=path, cwd=project)
    assert "Traceback" not in proc.stderr
    report = json.loads(proc.stdout)
    assert not marker.exists(), "an aws from a relative PATH entry was run"
    paths = [exe["path"] for exe in report["aws_executables"]]
    assert paths == [str(fake_aws.bin_dir / "aws")], paths
    assert "2.99.0" not in proc.stdout + proc.stderr
    for warning in report["warnings"]:
        for line in warning.get("fix") or []:
            assert relative not in line.split("PATH", 1)[-1].split(":")[0], line


@posix_only
def test_wizard_never_runs_a_relative_aws(fake_aws: FakeAws, tmp_path: Path) -> None:
    fake_aws.scenario(version=OLD_VERSION)
    project = tmp_path / "project"
    marker = tmp_path / "hijacked"
    _hijacker(project / "node_modules" / ".bin", marker)
    path = os.pathsep.join(["./node_modules/.bin", str(fake_aws.bin_dir)])
    proc = _run(fake_aws, "--yes", path=path, cwd=project)
    assert proc.returncode == 4, proc.stderr  # the absolute one is too old: nothing better
    assert not marker.exists(), "an aws from a relative PATH entry was run"
    assert "node_modules" not in proc.stderr
    assert "2.99.0" not in proc.stderr


@posix_only
def test_wizard_asks_later_executables_at_once(fake_aws: FakeAws, tmp_path: Path) -> None:
    """Three later `aws` each answer only once all three have started.

    Asked one after another, each would wait for the others in vain and answer nothing, and
    no newer CLI would be named; asked at once, the first in PATH order is named.
    """
    fake_aws.scenario(version=OLD_VERSION)
    started = tmp_path / "started"
    started.mkdir()
    later: list[Path] = []
    for index in range(3):
        directory = tmp_path / f"later{index}"
        _script(
            directory / "aws",
            f"/usr/bin/touch '{started}/{index}'\n"
            "i=0\n"
            "while [ $i -lt 50 ]; do\n"
            f"  if [ $(/usr/bin/ls '{started}' | /usr/bin/wc -l) -ge 3 ]; then\n"
            f"    echo 'aws-cli/2.36.{index} Python/3.13.0 Linux/6.1.0 exe/x86_64'; exit 0\n"
            "  fi\n"
            "  /usr/bin/sleep 0.1; i=$((i+1))\n"
            "done\n"
            "exit 1\n",
        )
        later.append(directory)
    path = os.pathsep.join([str(fake_aws.bin_dir), *map(str, later)])
    proc = _run(fake_aws, "--yes", path=path, cwd=tmp_path)
    assert proc.returncode == 4, proc.stderr
    flat = " ".join(proc.stderr.split())
    assert f"AWS CLI 2.36.0 is at {later[0] / 'aws'}" in flat, proc.stderr
