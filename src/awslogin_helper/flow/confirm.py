"""The one confirmation before anything changes, and running the command it named."""

from __future__ import annotations

from awslogin_helper.errors import HelperError
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.flow.state import Context
from awslogin_helper.machine import Event
from awslogin_helper.runner import CommandNotStarted, CommandTimeout, Completed

E = Event


def confirm(ctx: Context, cmd: list[str]) -> Event:
    ctx.progress.pending = cmd
    shown = ctx.show(cmd)
    if ctx.options.yes:
        ctx.progress.auto_confirmed = True
        return E.YES
    if not ctx.env.can_prompt:
        return E.NO_TERMINAL
    ctx.ui.say()
    return E.YES if ctx.prompter.confirm(f"Ready for me to run `{shown}`?") else E.NO


def run_interactive(ctx: Context, cmd: list[str], intro: str) -> Completed | None:
    answered = " (--yes answered the confirmation)" if ctx.progress.auto_confirmed else ""
    ctx.ui.say(f"Running `{ctx.show(cmd)}`{answered}. {intro}")
    ctx.ui.say()
    try:
        return ctx.runner.run_interactive(cmd)
    except CommandTimeout:
        return None
    except CommandNotStarted as exc:
        raise HelperError(
            f"Could not start `{ctx.show(cmd)}`: {exc.reason}.", ExitCode.LOGIN_FAILED
        ) from exc
