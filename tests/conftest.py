"""Shared fixtures: isolate every test from the machine; ``fake_aws`` puts a fake CLI on PATH."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

try:
    from fakeaws import FakeAws
except ModuleNotFoundError:  # tests/ became a package: go through it
    from tests.fakeaws import FakeAws

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
# Variables that would make the product think it is headless, remote, or colourful.
MACHINE_MARKERS = (
    "SSH_CONNECTION",
    "SSH_TTY",
    "SSH_CLIENT",
    "CODESPACES",
    "REMOTE_CONTAINERS",
    "WSL_DISTRO_NAME",
    "WSL_INTEROP",
    "FORCE_COLOR",
)


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Isolate every test from the machine it runs on; returns the temporary home.

    No CI marker, no ``AWS_*`` variable, no SSH/container/WSL hint; ``NO_COLOR=1``,
    ``COLUMNS=80``, ``DISPLAY=:0`` (a browser counts as available unless a test says
    otherwise) and HOME/USERPROFILE in a temporary directory.
    """
    for name in list(os.environ):
        if name.startswith(("AWS_", "FAKE_AWS_")) or name in CI_MARKERS or name in MACHINE_MARKERS:
            monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("DISPLAY", ":0")
    return home


@pytest.fixture
def fake_aws(isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeAws:
    """A fake ``aws`` installed in ``tmp_path/fakeaws/bin`` (also first on this process's PATH)."""
    return FakeAws(tmp_path / "fakeaws", isolated_env, monkeypatch=monkeypatch)
