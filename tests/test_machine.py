"""The transition table is complete, every path is reachable, and the docs show the same table."""

from __future__ import annotations

from pathlib import Path

import pytest

from awslogin_helper import _docgen, machine
from awslogin_helper.exit_codes import EXIT_CODE_MEANINGS, ExitCode
from awslogin_helper.machine import TERMINAL, TRANSITIONS, Event, MachineError, Step, drive

ROOT = Path(__file__).resolve().parents[1]


def test_every_step_is_reachable_from_the_start() -> None:
    assert machine.reachable() == set(Step)


def test_every_non_terminal_step_has_a_way_out_and_terminals_have_none() -> None:
    sources = {source for source, _event in TRANSITIONS}
    for step in Step:
        if step in TERMINAL:
            assert step not in sources, step
        else:
            assert step in sources, f"{step} is a dead end"


def test_every_step_reaches_a_terminal() -> None:
    for step in Step:
        assert any(t in TERMINAL for t in machine.reachable(step)), step


def test_every_step_is_documented() -> None:
    assert set(machine.STEP_DOCS) == set(Step)


def test_every_exit_code_is_documented() -> None:
    assert set(EXIT_CODE_MEANINGS) == set(ExitCode)


def test_confirmation_stands_before_every_command_that_changes_credentials() -> None:
    """Nothing reaches a RUN_* step except through a YES from a confirmation step."""
    runs = {Step.RUN_LOGIN, Step.RUN_SSO_LOGIN, Step.RUN_CONFIGURE}
    confirms = {Step.CONFIRM_LOGIN, Step.SSO_CONFIRM, Step.CONFIGURE_CONFIRM}
    for (source, event), target in TRANSITIONS.items():
        if target in runs:
            assert source in confirms and event is Event.YES, (source, event, target)


def test_sso_and_partition_paths_never_reach_aws_login() -> None:
    for start in (Step.SSO_EXPLAIN, Step.PARTITION_EXPLAIN):
        assert Step.RUN_LOGIN not in machine.reachable(start)
        assert Step.RECOMMEND not in machine.reachable(start)


def test_ci_path_runs_nothing() -> None:
    assert TRANSITIONS[(Step.DETECT, Event.CI)] is Step.NOT_FOR_CI
    assert Step.NOT_FOR_CI in TERMINAL


def test_driver_follows_the_table_and_returns_the_exit_code() -> None:
    seen: list[Step] = []

    def handler_for(step: Step, event: Event | None):  # type: ignore[no-untyped-def]
        def handler() -> Event | None:
            seen.append(step)
            return event

        return handler

    path = {Step.DETECT: Event.CI, Step.NOT_FOR_CI: None}
    handlers = {step: handler_for(step, path.get(step)) for step in Step}
    assert drive(handlers) == (Step.NOT_FOR_CI, ExitCode.NOT_FOR_CI)
    assert seen == [Step.DETECT, Step.NOT_FOR_CI]


def test_driver_rejects_an_event_without_a_row() -> None:
    handlers = {step: (lambda: Event.YES) for step in Step}
    with pytest.raises(MachineError, match="no transition from detect"):
        drive(handlers)


@pytest.mark.parametrize("page", ["docs/how-it-works.md", "docs/exit-codes.md", "README.md"])
def test_docs_show_the_generated_tables(page: str) -> None:
    path = ROOT / page
    if not path.exists():
        pytest.fail(f"{page} is missing")
    text = path.read_text(encoding="utf-8")
    assert "<!-- BEGIN" in text, f"{page} has no generated block"
    assert _docgen.render(text) == text, (
        f"{page} is out of date: run `python -m awslogin_helper._docgen`"
    )
