"""The IAM Identity Center (SSO) path: explain, confirm and run `aws sso login`."""

from __future__ import annotations

from packaging.version import Version

from awslogin_helper import awsconfig
from awslogin_helper.classify import LoginProblem
from awslogin_helper.flow.checks import start_checks
from awslogin_helper.flow.confirm import confirm, run_interactive
from awslogin_helper.flow.state import Context
from awslogin_helper.machine import Event
from awslogin_helper.quoting import option, shell_command

E = Event

# `aws sso login --use-device-code` exists from this release (device code stopped being default).
SSO_DEVICE_CODE_VERSION = Version("2.22.0")


def sso_explain(ctx: Context) -> Event:
    # SSO identity checks always name the profile, even the default one.
    if ctx.progress.profile_source == "default":
        ctx.progress.profile_source = "--profile"
    start_checks(ctx)
    assert ctx.found.files is not None
    profile = ctx.current_profile()
    assert profile is not None
    url = awsconfig.sso_start_url(profile, ctx.found.files)
    ctx.ui.title(f"Profile {ctx.progress.profile} signs in through IAM Identity Center (SSO).")
    where = f" (start URL {url})" if url else ""
    ctx.ui.say(
        f"Its sign-in command is `{sso_login_shown(ctx)}`, which keeps "
        f"your organisation's set-up{where}. First I'll check your AWS CLI and whether "
        "the SSO session still works."
    )
    ctx.ui.say()
    return E.NEXT


def sso_login_shown(ctx: Context) -> str:
    """`aws sso login` for this profile, as the user would type it."""
    return shell_command(["aws", "sso", "login", *option("--profile", ctx.progress.profile)])


def sso_login_cmd(ctx: Context) -> list[str]:
    assert ctx.found.aws is not None
    cmd = [ctx.found.aws, "sso", "login", *option("--profile", ctx.progress.profile)]
    if (
        ctx.found.remote
        and ctx.found.cli is not None
        and ctx.found.cli.version >= SSO_DEVICE_CODE_VERSION
    ):
        cmd.append("--use-device-code")
    return cmd


def sso_confirm(ctx: Context) -> Event:
    if ctx.found.remote and ctx.found.remote_reason:
        ctx.ui.info(
            f"No local browser here: {ctx.found.remote_reason}. I'll ask for a device "
            "code you can enter on any device."
        )
    return confirm(ctx, sso_login_cmd(ctx))


def run_sso_login(ctx: Context) -> Event:
    result = run_interactive(ctx, sso_login_cmd(ctx), "Follow its instructions.")
    if result is None:
        ctx.found.login_problem = LoginProblem.BROWSER_TIMEOUT
        return E.FAILED
    ctx.ui.say()
    if result.ok:
        return E.OK
    ctx.found.login_stderr = result.stderr
    ctx.found.login_problem = LoginProblem.SSO_FAILED
    if result.returncode == 130:
        raise KeyboardInterrupt
    return E.FAILED
