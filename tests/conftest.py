"""Shared fixtures: isolate every test from the machine; ``fake_aws`` puts a fake CLI on PATH."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The product's own list: every variable it reads as a CI signal must be cleared here.
from awslogin_helper.edges.environment import CI_MARKERS

try:
    from fakeaws import FakeAws
except ModuleNotFoundError:  # tests/ became a package: go through it
    from tests.fakeaws import FakeAws


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
    "BROWSER",
)


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Isolate every test from the machine it runs on; returns the temporary home.

    No CI marker, no ``AWS_*`` variable, no SSH/container/WSL hint; ``NO_COLOR=1``,
    ``COLUMNS=80``, ``DISPLAY=:0`` (a browser counts as available unless a test says
    otherwise), ``LANG=C.UTF-8`` (English) and HOME/USERPROFILE in a temporary directory.
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
    # English words whatever the developer's locale (tests/test_words.py tests Chinese): the
    # language is chosen once per process, so it is chosen again from this environment.
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    from awslogin_helper.words import set_language

    set_language()
    return home


@pytest.fixture
def fake_aws(isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeAws:
    """A fake ``aws`` installed in ``tmp_path/fakeaws/bin`` (also first on this process's PATH)."""
    return FakeAws(tmp_path / "fakeaws", isolated_env, monkeypatch=monkeypatch)


# ---- BEGIN real-component tiers guard (owner: tests/tiers.py; edit only inside this block) ----
# With AWSLOGIN_HELPER_REQUIRE_ALL_TIERS=1 (set by .ci/run) the run fails unless every tier
# (realcli_v1, realcli_v2, moto, pty) had at least one passing test and none skipped, so a
# tier that silently ran zero tests can never leave CI green.
try:
    from tiers import TIER_MARKERS, all_tiers_required
except ModuleNotFoundError:  # tests/ became a package
    from tests.tiers import TIER_MARKERS, all_tiers_required

_TIER_COUNTS: dict[str, dict[str, int]] = {
    tier: {"passed": 0, "skipped": 0} for tier in TIER_MARKERS
}


# Tiers left out on purpose with `-m` (e.g. `-m 'not realcli_v2'` where no Debian awscli can
# exist) are not "silently zero": they were deselected by the command line itself.
_DESELECTED_TIERS: set[str] = set()


def pytest_deselected(items: list[pytest.Item]) -> None:
    for item in items:
        _DESELECTED_TIERS.update(t for t in TIER_MARKERS if t in item.keywords)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    for tier in TIER_MARKERS:
        if tier not in report.keywords:
            continue
        if report.skipped:
            _TIER_COUNTS[tier]["skipped"] += 1
        elif report.passed and report.when == "call":
            _TIER_COUNTS[tier]["passed"] += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not all_tiers_required():
        return
    problems = [
        f"{tier}: {counts['passed']} passed, {counts['skipped']} skipped"
        for tier, counts in _TIER_COUNTS.items()
        if (counts["passed"] == 0 or counts["skipped"])
        and not (tier in _DESELECTED_TIERS and counts["passed"] + counts["skipped"] == 0)
    ]
    if not problems:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    message = (
        "AWSLOGIN_HELPER_REQUIRE_ALL_TIERS=1: every real-component tier must run and pass, "
        "with no skips: " + "; ".join(problems)
    )
    if reporter is not None:
        reporter.write_line("")
        reporter.write_sep("!", "tier guard", red=True)
        reporter.write_line(message, red=True)
    else:
        print(message)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


# ---- END real-component tiers guard ----
