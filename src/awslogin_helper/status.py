"""`awslogin-helper status` (placeholder until the status command lands)."""

from __future__ import annotations

from awslogin_helper.environment import Environment
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.runner import Runner
from awslogin_helper.ui import UI


def run_status(
    env: Environment, runner: Runner, ui: UI, *, profile: str | None, as_json: bool
) -> ExitCode:
    ui.say("status: not implemented yet")
    return ExitCode.OK
