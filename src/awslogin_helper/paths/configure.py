"""GovCloud (US) and China, where `aws login` is not available: `aws configure` instead.

Every sentence is one catalog message (`words`); commands, regions and partitions are values.
"""

from __future__ import annotations

from awslogin_helper.checks.classify import LoginProblem
from awslogin_helper.checks.steps import start_checks
from awslogin_helper.machine import Event
from awslogin_helper.paths.confirm import confirm, run_interactive
from awslogin_helper.quoting import shell_command
from awslogin_helper.state import LONG_TERM_RISK, PARTITION_NAMES, Context
from awslogin_helper.words import _, tr

E = Event
_LOGIN = "`aws login`"  # a command inside a sentence: a value, never translated


def _region_source(source: str | None) -> str | None:
    """Where the region came from, shown: a flag or variable as is, "profile NAME" translated.

    `awsconfig.resolve_region` says "profile NAME" in English (`status --json` keeps it).
    """
    if source and source.startswith("profile "):
        return tr("profile {name}", name=source.removeprefix("profile "))
    return source


def partition_explain(ctx: Context) -> Event:
    start_checks(ctx)
    name = _(PARTITION_NAMES[ctx.found.partition])
    if ctx.options.partition:
        title = tr(
            "You chose the {partition} partition ({name}), where {login} is not available.",
            partition=ctx.found.partition,
            name=name,
            login=_LOGIN,
        )
    else:
        title = tr(
            "Region {region} (from {source}) is in {name}, where {login} is not available.",
            region=ctx.found.region,
            source=_region_source(ctx.found.region_source),
            name=name,
            login=_LOGIN,
        )
    ctx.ui.title(title)
    target = shell_command(["aws", "configure", *ctx.profile_args()])
    ctx.ui.say(
        tr(
            "The fallback there is long-term access keys, stored with `{command}`. {risk} "
            "Rotate them often, and prefer IAM Identity Center (SSO) if your organisation "
            "offers it.",
            command=target,
            risk=_(LONG_TERM_RISK),  # a whole sentence of its own
        )
    )
    ctx.ui.say(_("First, checks that change nothing:"))
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
        _("It asks for your access key ID, secret access key, region and output format."),
    )
    if result is not None and result.ok:
        return E.OK
    ctx.found.login_stderr = result.stderr if result else ""
    ctx.found.login_problem = LoginProblem.OTHER
    return E.FAILED
