"""Offer to run the upgrade, run it through the Runner, then check the version again.

Offered only on a terminal, without `--yes`, and only for a plan whose needed steps all run
without elevation (`Plan.runnable`): never `sudo`. One confirmation shows every command that
will run; each then runs with the terminal passed through (`Runner.run_interactive`), so its
output streams and its errors are its own words. Ctrl-C ends the child (the Runner) and the
run (exit 130).

Nothing half-installed is left on PATH: the download and unzip happen in a fresh temporary
directory (made by `mktemp -d`, removed by `rm -rf` afterwards, both through the Runner), and
AWS's installer itself only repoints `v2/current` and the `--bin-dir` links once the new
version's files are copied (its own atomicity). A failed download therefore changes nothing.
"""

from __future__ import annotations

import posixpath
import weakref
from typing import TYPE_CHECKING

from packaging.version import Version

from awslogin_helper import upgrade
from awslogin_helper.checks.versions import AwsCliVersion, parse_aws_version
from awslogin_helper.edges.runner import CommandNotStarted, CommandTimeout, Completed
from awslogin_helper.machine import Event
from awslogin_helper.quoting import shell_command
from awslogin_helper.upgrade.model import TMP, Group, Plan
from awslogin_helper.words import _, tr

if TYPE_CHECKING:
    from awslogin_helper.state import Context

# A download of some 60 MB on a slow line, an installer copying some 200 MB.
STEP_TIMEOUT = 900.0
SMALL_TIMEOUT = 15.0
# The runs whose gate verdict was already printed by the offer (the ending then skips it).
_spoken: weakref.WeakSet[Context] = weakref.WeakSet()
_plans: weakref.WeakKeyDictionary[Context, tuple[Plan, tuple[Version, str] | None]] = (
    weakref.WeakKeyDictionary()
)


def plan_for(ctx: Context) -> tuple[Plan, tuple[Version, str] | None]:
    """The plan for what the version gate found, and a fitting `aws` later on PATH if any.

    Computed once per run: asking the later executables for their version costs a timeout.
    """
    if ctx in _plans:
        return _plans[ctx]
    from awslogin_helper.checks import diagnose

    cli = ctx.found.cli
    newer = diagnose.newer_aws(ctx) if ctx.found.aws is not None else None
    plan = upgrade.advice(
        ctx.env,
        ctx.found.aws,
        cli.raw if cli is not None else None,
        version=cli.version if cli is not None else None,
        newer=(str(newer[0]), newer[1]) if newer else None,
    )
    _plans[ctx] = (plan, newer)
    return plan, newer


def show_gate(ctx: Context) -> None:
    """The ending's part: a fitting `aws` later on PATH, then the plan, copyable."""
    plan, newer = plan_for(ctx)
    if newer is not None:
        from awslogin_helper.checks import diagnose

        diagnose.say_newer_aws(ctx, *newer)
    if verdict_spoken(ctx):
        ctx.ui.say(_("Nothing else was run. To do it yourself:"))
    upgrade.show(ctx.ui, plan)


def verdict_spoken(ctx: Context) -> bool:
    return ctx in _spoken


def offer(ctx: Context, event: Event, *, version_timeout: float) -> Event:
    """At a failed version gate: run the upgrade if the user agrees; OK when it then passes."""
    if not ctx.env.can_prompt or ctx.options.yes:
        return event
    plan, _newer = plan_for(ctx)
    if not plan.runnable:
        return event  # the ending prints it, and stops
    from awslogin_helper.endings import last_words

    if event is Event.MISSING:
        last_words.cli_missing_verdict(ctx)
    else:
        last_words.cli_too_old_verdict(ctx)
    _spoken.add(ctx)
    if plan.summary:
        ctx.ui.info(plan.summary)
    ctx.ui.say(_("I can run these commands for you; none needs administrator rights:"))
    first = next((s.commands[0] for s in plan.run_steps() if s.in_tmp), None)
    for command in ([first] if first else []) + [c for _step, c in plan.run_order()]:
        ctx.ui.command(command.shown)
    if not ctx.prompter.confirm(_("Run them now?"), default=True):
        return event
    if not _run(ctx, plan):
        return event
    return _recheck(ctx, plan, event, version_timeout)


def _run(ctx: Context, plan: Plan) -> bool:
    order = plan.run_order()
    tmp = _make_tmp(ctx) if any(step.in_tmp for step, _cmd in order) else None
    if tmp is None and any(step.in_tmp for step, _cmd in order):
        return False
    try:
        for step, command in order:
            assert command.argv
            args = [arg.replace(TMP, tmp or "") for arg in command.argv]
            if not _run_one(ctx, args):
                if step.group is Group.INSTALL:
                    ctx.ui.info(_("Nothing was installed: the new AWS CLI is not on your PATH."))
                return False
    finally:
        if tmp is not None:
            _remove_tmp(ctx, tmp)
    return True


def _run_one(ctx: Context, args: list[str]) -> bool:
    shown = shell_command(args)
    ctx.ui.command(shown)
    try:
        result = ctx.runner.run_interactive(args, timeout=STEP_TIMEOUT)
    except CommandNotStarted as exc:
        ctx.ui.error(tr("Could not start {command}: {reason}.", command=shown, reason=exc.reason))
        return False
    except CommandTimeout as exc:
        ctx.ui.error(
            tr(
                "{command} did not finish within {seconds} s and was stopped.",
                command=shown,
                seconds=format(exc.timeout, "g"),
            )
        )
        return False
    if not result.ok:
        ctx.ui.error(
            tr(
                "{program} failed (exit code {code}); its own words are above.",
                program=posixpath.basename(args[0]),
                code=result.returncode,
            )
        )
        return False
    return True


def _make_tmp(ctx: Context) -> str | None:
    mktemp = upgrade.host_for(ctx.env).tools.get("mktemp", "mktemp")
    try:
        result = ctx.runner.run([mktemp, "-d"], timeout=SMALL_TIMEOUT)
    except (CommandNotStarted, CommandTimeout):
        result = None
    path = result.stdout.strip() if result is not None and result.ok else ""
    if not _is_tmp(path):
        ctx.ui.error(_("Could not make a temporary directory for the download."))
        return None
    return path


def _is_tmp(path: str) -> bool:
    # Only what `mktemp -d` makes is ever removed: absolute, one line, named tmp.*.
    return (
        path.startswith("/")
        and "\n" not in path
        and posixpath.basename(path).startswith("tmp.")
        and ".." not in path.split("/")
    )


def _remove_tmp(ctx: Context, path: str) -> None:
    rm = upgrade.host_for(ctx.env).tools.get("rm", "rm")
    try:
        ctx.runner.run([rm, "-rf", path], timeout=SMALL_TIMEOUT * 4)
    except (CommandNotStarted, CommandTimeout):
        ctx.ui.detail(tr("Could not remove the temporary directory {path}.", path=path))


def _version(ctx: Context, aws: str, timeout: float) -> AwsCliVersion | None:
    try:
        result: Completed = ctx.runner.run([aws, "--version"], timeout=timeout)
    except (CommandNotStarted, CommandTimeout):
        return None
    return parse_aws_version(result.stdout + "\n" + result.stderr)


def _recheck(ctx: Context, plan: Plan, event: Event, timeout: float) -> Event:
    """The version check again, on the new `aws`; the wizard goes on with it when it passes."""
    which = ctx.env.which("aws")
    aws = plan.new_aws or (str(which) if which is not None else None)
    cli = _version(ctx, aws, timeout) if aws else None
    minimum = ctx.found.minimum
    if aws is None or cli is None or (minimum is not None and cli.version < minimum):
        ctx.ui.error(
            tr(
                "The AWS CLI at {path} still does not pass the check ({version}).",
                path=aws or "aws",
                version=str(cli.version) if cli else _("no version"),
            )
        )
        return event
    ctx.found.aws, ctx.found.cli = aws, cli
    _plans.pop(ctx, None)  # a later gate (`aws login` refusing) plans for the new one
    ctx.found.problem_text = ""
    ctx.ui.success(tr("AWS CLI {version} at {path}", version=cli.version, path=aws))
    for step in plan.steps:
        if step.group is Group.PATH:
            ctx.ui.warn(tr("This run uses {path}. For new terminals:", path=aws))
            ctx.ui.hint(step.title)
            for command in step.commands:
                ctx.ui.command(command.shown)
    return Event.OK
