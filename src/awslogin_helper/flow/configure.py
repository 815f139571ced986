"""GovCloud (US) and China, where `aws login` is not available: `aws configure` instead."""

from __future__ import annotations

from awslogin_helper.classify import LoginProblem
from awslogin_helper.flow.checks import start_checks
from awslogin_helper.flow.confirm import confirm, run_interactive
from awslogin_helper.flow.state import LONG_TERM_RISK, PARTITION_NAMES, Context
from awslogin_helper.machine import Event
from awslogin_helper.quoting import shell_command

E = Event


def partition_explain(ctx: Context) -> Event:
    start_checks(ctx)
    name = PARTITION_NAMES[ctx.found.partition]
    if ctx.options.partition:
        where = f"You chose the {ctx.found.partition} partition ({name})"
    else:
        where = f"Region {ctx.found.region} (from {ctx.found.region_source}) is in {name}"
    ctx.ui.title(f"{where}, where `aws login` is not available.")
    target = shell_command(["aws", "configure", *ctx.profile_args()])
    ctx.ui.say(
        f"The fallback there is long-term access keys, stored with `{target}`. "
        f"{LONG_TERM_RISK} Rotate them often, and prefer IAM Identity Center (SSO) if "
        "your organisation offers it."
    )
    ctx.ui.say("First I'll check your AWS CLI and whether your current credentials work.")
    ctx.ui.say()
    return E.NEXT


def configure_cmd(ctx: Context) -> list[str]:
    assert ctx.found.aws is not None
    return [ctx.found.aws, "configure", *ctx.profile_args()]


def configure_confirm(ctx: Context) -> Event:
    return confirm(ctx, configure_cmd(ctx))


def run_configure(ctx: Context) -> Event:
    result = run_interactive(
        ctx,
        configure_cmd(ctx),
        "It asks for your access key ID, secret access key, region and output format.",
    )
    if result is not None and result.ok:
        return E.OK
    ctx.found.login_stderr = result.stderr if result else ""
    ctx.found.login_problem = LoginProblem.OTHER
    return E.FAILED
