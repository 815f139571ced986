"""`awslogin-helper status`: each profile, what it holds, who it is, when it expires, what wins.

The package reads like the report is made:

- `gather`: the files and token caches, and every AWS CLI call at once in one bounded pool;
- `choose`: which profiles are checked with AWS (`--check`), what the caches tell of the rest;
- `live`: the results as they arrive, on a terminal;
- `model`, `answers`, `facts`, `verdicts`, `active`, `warnings`, `report`: the pure model
  that turns those facts into a report, its JSON form (`--json`, always English, stable
  schema) and its exit code; tests drive it with fake answers;
- `writer`, `render`, `detail`: the human report on stdout, in the current language (`words`):
  two or three lines per profile, every detail with `--verbose`.

`run_status` is the one entry point (cli.py).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from typing import IO

from awslogin_helper.awsconfig import ConfigFileError, load_aws_files
from awslogin_helper.edges.environment import Environment
from awslogin_helper.edges.runner import Runner
from awslogin_helper.edges.ui import UI, make_console
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.status.choose import CheckMode
from awslogin_helper.status.gather import MAX_WORKERS, collect, run_all
from awslogin_helper.status.render import render
from awslogin_helper.words import _, tr

__all__ = ["MAX_WORKERS", "CheckMode", "collect", "render", "run_all", "run_status"]


def run_status(
    env: Environment,
    runner: Runner,
    ui: UI,
    *,
    profile: str | None,
    as_json: bool,
    stdout: IO[str] | None = None,
    check: CheckMode = CheckMode.ALL,
) -> ExitCode:
    """The report on stdout (human or JSON); `ui.verbose` shows every detail of each profile.

    `check`: which profiles are asked `sts get-caller-identity` (the CLI's default is
    `CheckMode.DEFAULT`; callers that predate `--check` get every profile checked).
    """
    now = datetime.now(UTC)
    try:
        files = load_aws_files(env.vars, env.home)
    except ConfigFileError as exc:
        _config_error(ui, exc)
        return ExitCode.CONFIG_ERROR

    report = collect(env, runner, ui, files, profile, now, check)
    out = stdout if stdout is not None else sys.stdout
    try:
        if as_json:
            out.write(json.dumps(report.to_json(), indent=2) + "\n")
        else:
            console = make_console(env.vars, no_color=ui.console.no_color, stderr=False, file=out)
            # Rich ends the process with exit 1 when the reader leaves; the report's own
            # status must stand instead (`status | head -2`), so it just stops writing.
            console.on_broken_pipe = lambda: setattr(console, "quiet", True)  # type: ignore[method-assign]
            render(report, UI(console), now, env.shells(), verbose=ui.verbose)
        out.flush()
    except BrokenPipeError:
        _reader_left(out)
    return ExitCode.NEEDS_ATTENTION if report.needs_attention else ExitCode.OK


def _config_error(ui: UI, exc: ConfigFileError) -> None:
    if exc.line is not None:
        ui.error(
            tr(
                "Cannot read line {line} of {path}: {reason}",
                line=exc.line,
                path=exc.path,
                reason=exc.reason,
            )
        )
    else:
        ui.error(tr("Cannot read {path}: {reason}", path=exc.path, reason=exc.reason))
    if exc.fix:
        ui.hint(tr("Fix it with: {command}", command=exc.fix))
    ui.hint(_("The AWS CLI cannot read this file either; fix it, then run status again."))


def _reader_left(out: IO[str]) -> None:
    """The reader of stdout went away: what is still buffered goes to devnull, quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
