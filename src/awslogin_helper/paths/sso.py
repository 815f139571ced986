"""The IAM Identity Center (SSO) path: explain, confirm and run `aws sso login`.

Every sentence is one catalog message (`words`); commands and URLs are its values.
"""

from __future__ import annotations

from packaging.version import Version

from awslogin_helper import awsconfig
from awslogin_helper.checks.classify import LoginProblem
from awslogin_helper.checks.steps import start_checks
from awslogin_helper.machine import Event
from awslogin_helper.paths.confirm import confirm, run_interactive
from awslogin_helper.quoting import option, shell_command
from awslogin_helper.state import Context
from awslogin_helper.words import _, tr

E = Event

SSO_GUIDE = "https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sso.html"
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
    ctx.ui.title(
        tr(
            "Profile {name} signs in through IAM Identity Center (SSO).",
            name=ctx.progress.profile,
        )
    )
    ctx.ui.say(
        tr(
            "Its sign-in is `{command}` ({url}). First, checks that change nothing:",
            command=sso_login_shown(ctx),
            url=url,
        )
        if url
        else tr(
            "Its sign-in is `{command}`. First, checks that change nothing:",
            command=sso_login_shown(ctx),
        )
    )
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
            tr(
                "No local browser here: {reason}. I'll ask for a device code you can enter "
                "on any device.",
                reason=_(ctx.found.remote_reason),  # environment's reason, a catalog message
            )
        )
    return confirm(ctx, sso_login_cmd(ctx))


def run_sso_login(ctx: Context) -> Event:
    result = run_interactive(ctx, sso_login_cmd(ctx), _("Follow its instructions."))
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


def sso_troubleshooting(ctx: Context) -> None:
    """Why `aws sso login` failed, most likely first: the session, the token cache, the set-up."""
    ui = ctx.ui
    ui.error(tr("`{command}` did not succeed (its error is above).", command=sso_login_shown(ctx)))
    ui.say(_("Things to check, in order:"))
    ui.hint(
        _(
            "The SSO session may have expired or been revoked: run the command again and "
            "approve the request in the browser."
        )
    )
    profile = ctx.current_profile()
    url = awsconfig.sso_start_url(profile, ctx.found.files) if profile and ctx.found.files else None
    if url and profile is not None:
        cache = awsconfig.find_sso_cache(url, profile.get("sso_session"), ctx.env.home)
        if cache is not None and cache.problem:
            # A FIFO, a root-owned file (`sudo aws sso login`), ...: say so, with the fix.
            problem = cache.problem_shown()
            ui.hint(
                tr(
                    "The token cache {path} cannot be used: {problem}. Fix it with: {command}",
                    path=cache.path,
                    problem=problem,
                    command=cache.fix,
                )
                if cache.fix
                else tr(
                    "The token cache {path} cannot be used: {problem}.",
                    path=cache.path,
                    problem=problem,
                )
            )
        elif cache is not None:
            ui.hint(
                tr(
                    "A stale token cache: {path} belongs to start URL {url}. Remove it "
                    "(or run {logout}), then run `{command}`.",
                    path=cache.path,
                    url=url,
                    logout="`aws sso logout`",
                    command=sso_login_shown(ctx),
                )
            )
        else:
            ui.hint(
                tr(
                    "A stale token cache under {path}: run {logout}, then sign in again.",
                    path=awsconfig.sso_cache_dir(ctx.env.home),
                    logout="`aws sso logout`",
                )
            )
    reconfigure = shell_command(
        ["aws", "configure", "sso", *option("--profile", ctx.progress.profile)]
    )
    ui.hint(
        tr(
            "If your organisation changed IAM Identity Center (start URL, region, account or "
            "role), update the profile with `{command}`.",
            command=reconfigure,
        )
    )
    ui.hint(tr("Guide: {url}", url=SSO_GUIDE))
