"""The one confirmation before anything changes, and running the command it named."""

from __future__ import annotations

from awslogin_helper.edges.runner import CommandNotStarted, CommandTimeout, Completed
from awslogin_helper.errors import HelperError
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.machine import Event
from awslogin_helper.state import Context
from awslogin_helper.words import tr

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
    question = tr("Ready for me to run {command}?", command="`" + shown + "`")
    return E.YES if ctx.prompter.confirm(question) else E.NO


def run_interactive(ctx: Context, cmd: list[str], intro: str) -> Completed | None:
    """Run `cmd` on the terminal; `intro` is a whole (translated) sentence said after it."""
    command = f"`{ctx.show(cmd)}`"
    if ctx.progress.auto_confirmed:
        text = tr(
            "Running {command} ({flag}). {intro}",
            command=command,
            flag="--yes",
            intro=intro,
        )
    else:
        text = tr("Running {command}. {intro}", command=command, intro=intro)
    ctx.ui.say(text)
    ctx.ui.say()
    try:
        return ctx.runner.run_interactive(cmd)
    except CommandTimeout:
        return None
    except CommandNotStarted as exc:
        raise HelperError(
            tr("Could not start {command}: {reason}.", command=command, reason=exc.reason),
            ExitCode.LOGIN_FAILED,
        ) from exc
