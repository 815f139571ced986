"""The package's layout: every step's handler in its part of the flow, small modules, one record."""

from __future__ import annotations

import dataclasses
from functools import partial
from pathlib import Path

import pytest
from tests.fakes import FakePrompter, FakeRunner, make_env, make_ui

import awslogin_helper
from awslogin_helper import wizard
from awslogin_helper.edges.runner import Runner
from awslogin_helper.machine import TERMINAL, Step
from awslogin_helper.state import Findings, Progress

PACKAGE_DIR = Path(awslogin_helper.__file__).parent
MAX_LINES = 400


def make_wizard(tmp_path: Path) -> wizard.Wizard:
    ui, _buffer = make_ui()
    return wizard.Wizard(wizard.Options(), make_env(tmp_path), FakeRunner(), FakePrompter(), ui)


@pytest.mark.parametrize(
    "path",
    sorted(PACKAGE_DIR.rglob("*.py")),
    ids=lambda p: str(p.relative_to(PACKAGE_DIR)),
)
def test_no_wizard_module_is_long(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_final_steps_speak_from_last_words_and_others_from_their_path(tmp_path: Path) -> None:
    handlers = make_wizard(tmp_path).handlers()
    for step, handler in handlers.items():
        assert isinstance(handler, partial), step
        module = handler.func.__module__
        if step in TERMINAL:
            assert module == "awslogin_helper.endings.last_words", step
        else:
            assert module in {
                "awslogin_helper.checks.steps",
                "awslogin_helper.paths.login",
                "awslogin_helper.paths.sso",
                "awslogin_helper.paths.configure",
            }, step
    assert set(handlers) == set(Step)


def test_what_the_checks_found_is_one_record(tmp_path: Path) -> None:
    wiz = make_wizard(tmp_path)
    assert dataclasses.is_dataclass(Findings)
    assert dataclasses.is_dataclass(Progress)
    assert isinstance(wiz.found, Findings)
    # The compatibility names read and write that record, not copies of their own.
    wiz.aws = "/fake/bin/aws"
    assert wiz.found.aws == "/fake/bin/aws"
    wiz.profile = "dev"
    assert wiz.progress.profile == "dev"
    assert wiz.ctx.label == "the default profile"  # the source is unchanged: still unnamed


def test_probes_are_looked_up_in_the_wizard_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """benchmarks/_sequential_wizard.py swaps `wizard.Probes` for a one-worker pool."""

    class OneWorker(wizard.Probes):
        def __init__(self, runner: Runner, workers: int = 1) -> None:
            super().__init__(runner, workers=1)

    monkeypatch.setattr(wizard, "Probes", OneWorker)
    assert isinstance(make_wizard(tmp_path).ctx.probes, OneWorker)
