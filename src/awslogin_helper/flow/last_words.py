"""The terminal steps: each says how the run ended and the one next step, then the
machine ends with the step's exit code (`machine.TERMINAL`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from awslogin_helper import awsconfig
from awslogin_helper.classify import (
    IdentityProblem,
    LoginProblem,
    denied_by,
    proxy_host,
    refusal_kind,
    source_profile_named,
)
from awslogin_helper.endings import (
    Ending,
    Situation,
    identity_ending,
    login_ending,
    permission_ending,
)
from awslogin_helper.flow import checks
from awslogin_helper.flow.sso import sso_login_cmd, sso_login_shown
from awslogin_helper.flow.state import LONG_TERM_RISK, Context
from awslogin_helper.quoting import option, shell_command
from awslogin_helper.redact import CREDENTIAL_PROCESS_FAILED, credential_process_failed, redact
from awslogin_helper.runner import CommandNotStarted, CommandOutputTooLarge, CommandTimeout
from awslogin_helper.shells import SHELL_LABELS, unset_lines
from awslogin_helper.versions import INSTALL_GUIDE, parse_aws_version

SSO_GUIDE = "https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sso.html"
OIDC_GUIDE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html"
# At most this many later `aws` executables on PATH are asked for their version at once.
LATER_AWS_WORKERS = 4


def end_success(ctx: Context) -> None:
    if ctx.found.path == "login":
        ctx.ui.success(
            "All set. These credentials refresh every 15 minutes for up to 12 hours; "
            "run awslogin-helper again when the session ends."
        )
    elif ctx.found.path == "sso":
        ctx.ui.success(f"All set. When the SSO session ends, run `{sso_login_shown(ctx)}`.")
    else:
        ctx.ui.success("All set. Remember to rotate these access keys regularly.")


def end_kept(ctx: Context) -> None:
    env_keys_note(ctx)
    if ctx.found.path == "login":
        ctx.ui.say(
            "Nothing changed. To set up `aws login` credentials in another profile later, run:"
        )
        ctx.ui.command("awslogin-helper --profile NAME")
    else:
        ctx.ui.say("Nothing to do: these credentials work.")


def end_declined(ctx: Context) -> None:
    ui = ctx.ui
    ui.say("OK, nothing was run.")
    env_keys_note(ctx)
    configure = shell_command(["aws", "configure", *ctx.profile_args()])
    if ctx.found.path == "sso":
        ui.say("When you're ready, sign in with:")
        # The same command the confirmation showed (--use-device-code where it applied).
        ui.command(ctx.show(sso_login_cmd(ctx)))
    elif ctx.found.path == "configure":
        ui.say("When you're ready, store the keys with:")
        ui.command(configure)
    else:
        ui.say(
            f"If you cannot use `aws login`, the alternative is long-term access keys. "
            f"{LONG_TERM_RISK} Store them with:"
        )
        ui.command(configure)


def end_not_for_ci(ctx: Context) -> None:
    ui = ctx.ui
    ui.error(
        f"This looks like a CI/CD system ({ctx.found.ci_marker} is set), so I ran nothing: "
        "`aws login` and stored access keys are for people, not pipelines."
    )
    ui.say(
        "Give the job an IAM role to assume instead, ideally through OIDC federation so no "
        "secret is stored anywhere:"
    )
    ui.hint(
        "GitHub Actions: grant `permissions: id-token: write` and use the "
        "`aws-actions/configure-aws-credentials` action with "
        "`role-to-assume: arn:aws:iam::<account-id>:role/<role-name>`."
    )
    ui.hint(
        "GitLab CI, CircleCI, Buildkite, Bitbucket, Azure Pipelines: use the job's OIDC "
        "ID token with `aws sts assume-role-with-web-identity` (or the platform's AWS "
        f"integration). Guide: {OIDC_GUIDE}"
    )
    ui.hint(
        "CodeBuild, or Jenkins/TeamCity on AWS: use the project's service role or the "
        "instance profile; no keys needed."
    )
    ui.detail(f"Not CI? Unset {ctx.found.ci_marker} and run awslogin-helper again.")


def end_cli_missing(ctx: Context) -> None:
    reason = f" ({ctx.found.problem_text})" if ctx.found.problem_text else ""
    ctx.ui.error(f"No working `aws` command found on your PATH{reason}.")
    ctx.ui.hint(f"Install {ctx.found.required}: {INSTALL_GUIDE}")
    ctx.ui.hint("Then open a new terminal and run awslogin-helper again.")


def end_cli_too_old(ctx: Context) -> None:
    ui, found = ctx.ui, ctx.found
    if found.cli is None:
        ui.error(f"Could not tell the version of the AWS CLI at {found.aws}.")
    elif found.cli.major < 2:
        ui.error(
            f"The AWS CLI at {found.aws} is version {found.cli.version} (v1); this needs "
            f"{found.required}."
        )
    elif found.login_problem is LoginProblem.NOT_SUPPORTED:
        ui.error(f"AWS CLI {found.cli.version} at {found.aws} does not know `aws login`.")
    else:
        ui.error(
            f"AWS CLI {found.cli.version} at {found.aws} is older than {found.minimum}, "
            f"the first release with {'`aws login`' if found.path == 'login' else 'this'}."
        )
    ui.hint(f"Install or update to {found.required}: {INSTALL_GUIDE}")
    _hint_newer_aws(ctx)


def _hint_newer_aws(ctx: Context) -> None:
    """A newer `aws` later on PATH is a common cause of 'invalid choice'.

    The later executables are asked at once (a bounded pool), so hanging ones cost one
    timeout, not one each; the first fitting one in PATH order wins.
    """
    others = ctx.env.which_all("aws")[1:]
    if not others:
        return
    workers = min(len(others), LATER_AWS_WORKERS)
    pool = ThreadPoolExecutor(workers, thread_name_prefix="aws-later")
    futures = [
        pool.submit(ctx.runner.run, [str(other), "--version"], timeout=checks.VERSION_TIMEOUT)
        for other in others
    ]
    try:
        for other, future in zip(others, futures, strict=True):
            try:
                result = future.result()
            except (CommandTimeout, CommandNotStarted, CommandOutputTooLarge):
                continue
            found = parse_aws_version(result.stdout + "\n" + result.stderr)
            if found and (ctx.found.minimum is None or found.version >= ctx.found.minimum):
                ctx.ui.hint(
                    f"AWS CLI {found.version} is at {other}, later on your PATH: put its "
                    "directory first on PATH (or remove the old one)."
                )
                return
    finally:
        # What is still running is moot now (an answer was found, or we are leaving).
        pool.shutdown(wait=False, cancel_futures=True)
        ctx.runner.cancel_all()
        pool.shutdown(wait=True)


def end_needs_terminal(ctx: Context) -> None:
    shown = ctx.show(ctx.progress.pending)
    ctx.ui.error(f"I must ask before running `{shown}`, but there is no terminal to ask in.")
    ctx.ui.hint("Run awslogin-helper in a terminal, or pass --yes to run it without asking.")


def end_profile_conflict(ctx: Context) -> None:
    profile = ctx.current_profile()
    kind = refusal_kind(ctx.found.login_stderr) or (
        awsconfig.login_refusal_kind(profile) if profile else None
    )
    held = f" {kind}" if kind else " other"
    ctx.ui.error(
        f"{ctx.label.capitalize()} already holds{held} credentials, and `aws login` will "
        "not replace them."
    )
    ctx.ui.hint("Sign in under a new profile name instead (this profile stays as it is):")
    ctx.ui.command("awslogin-helper --profile NEW-NAME")


def end_login_failed(ctx: Context) -> None:
    ui = ctx.ui
    problem = ctx.found.login_problem
    if ctx.found.path == "sso":
        _sso_troubleshooting(ctx)
        return
    if ctx.found.path == "configure":
        ui.error("`aws configure` did not finish; nothing was verified.")
        ui.hint("Its error is above. When you're ready, run it again:")
        ui.command(shell_command(["aws", "configure", *ctx.profile_args()]))
        return
    # The AWS CLI's own error went to the terminal already: the verdict does not repeat it.
    _render(ctx, "", login_ending(problem or LoginProblem.OTHER, situation(ctx)))


def _show_cli_error(ctx: Context) -> None:
    if credential_process_failed(ctx.found.login_stderr):
        # Its output may echo its own command line and secrets: say only that it failed.
        ctx.ui.detail(f"The profile's {CREDENTIAL_PROCESS_FAILED}.")
        return
    # The whole text is redacted before its last line is taken.
    lines = [ln.strip() for ln in redact(ctx.found.login_stderr).splitlines() if ln.strip()]
    if lines:
        ctx.ui.detail("The AWS CLI said: " + lines[-1])


def _sso_troubleshooting(ctx: Context) -> None:
    ui = ctx.ui
    ui.error(f"`{sso_login_shown(ctx)}` did not succeed (its error is above).")
    ui.say("Things to check, in order:")
    ui.hint(
        "The SSO session may have expired or been revoked: run the command again and "
        "approve the request in the browser."
    )
    profile = ctx.current_profile()
    url = awsconfig.sso_start_url(profile, ctx.found.files) if profile and ctx.found.files else None
    if url and profile is not None:
        cache = awsconfig.find_sso_cache(url, profile.get("sso_session"), ctx.env.home)
        if cache is not None and cache.problem:
            # A FIFO, a root-owned file (`sudo aws sso login`), ...: say so, with the fix.
            fix = f" Fix it with: {cache.fix}" if cache.fix else ""
            ui.hint(f"The token cache {cache.path} cannot be used: {cache.problem}.{fix}")
        elif cache is not None:
            ui.hint(
                f"A stale token cache: {cache.path} belongs to start URL {url}. Remove it "
                f"(or run `aws sso logout`), then run `{sso_login_shown(ctx)}`."
            )
        else:
            ui.hint(
                f"A stale token cache under {awsconfig.sso_cache_dir(ctx.env.home)}: run "
                "`aws sso logout`, then sign in again."
            )
    reconfigure = shell_command(
        ["aws", "configure", "sso", *option("--profile", ctx.progress.profile)]
    )
    ui.hint(
        "If your organisation changed IAM Identity Center (start URL, region, account or "
        f"role), update the profile with `{reconfigure}`."
    )
    ui.hint(f"Guide: {SSO_GUIDE}")


def situation(ctx: Context, *, refresh: bool = False) -> Situation:
    """What the endings table may name: the profile, its principal, proxy, source."""
    profile = ctx.current_profile()
    denied_arn, _action = denied_by(ctx.found.login_stderr)
    arn = (
        denied_arn
        or (ctx.found.identity.arn if ctx.found.identity else None)
        or (profile.get("login_session") if profile else None)
    )
    host = proxy_host(ctx.found.login_stderr)
    source = source_profile_named(ctx.found.login_stderr) or (
        profile.get("source_profile") if profile else None
    )
    return Situation(
        profile=ctx.progress.profile,
        named=ctx.named,
        remote=ctx.found.remote,
        verbose=ctx.ui.verbose,
        after_login=refresh,
        principal_arn=arn,
        source_profile=source,
        proxy=(_proxy_variable(ctx), host) if host else None,
    )


def _render(ctx: Context, lead: str, ending: Ending, *, show_cli_error: bool = False) -> None:
    """An ending: the verdict once (after `lead`), then its one next step."""
    verdict = ending.verdict
    ctx.ui.error(f"{lead}{verdict}." if lead else verdict[:1].upper() + verdict[1:] + ".")
    if show_cli_error:
        _show_cli_error(ctx)
    if ending.step:
        ctx.ui.hint(ending.step)
    if ending.command:
        ctx.ui.command(ending.command)


def end_verify_failed(ctx: Context) -> None:
    problem = ctx.found.identity_problem or IdentityProblem.OTHER
    _render(
        ctx,
        f"Signing in finished, but {ctx.label} still does not work: ",
        identity_ending(problem, situation(ctx)),
        # Only an unclassified error needs the CLI's own words (captured, not yet shown).
        show_cli_error=problem is IdentityProblem.OTHER,
    )


def end_permission_problem(ctx: Context) -> None:
    _arn, action = denied_by(ctx.found.login_stderr)
    signin = ctx.found.login_problem is LoginProblem.PERMISSION or (action or "").startswith(
        "signin:"
    )
    # A refresh failed when the identity check (not `aws login`) hit the sign-in action.
    refresh = ctx.found.login_problem is not LoginProblem.PERMISSION
    ending = permission_ending(situation(ctx), signin=signin, action=action, refresh=refresh)
    _render(ctx, "", ending, show_cli_error=not signin and action is None)


def _proxy_variable(ctx: Context) -> str:
    """The variable that names the proxy the AWS CLI uses for HTTPS (as botocore reads it)."""
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        if ctx.env.get(name):
            return name
    return "HTTPS_PROXY"


def end_aws_unreachable(ctx: Context) -> None:
    if ctx.found.identity_problem in (IdentityProblem.PROXY, IdentityProblem.NETWORK):
        _render(ctx, "", identity_ending(ctx.found.identity_problem, situation(ctx)))
        return
    ctx.ui.error(
        f"AWS did not answer in time (`{ctx.found.unreachable_command}` gave up after "
        f"{checks.IDENTITY_TIMEOUT:g} s)."
    )
    ctx.ui.hint("Check your network, VPN or proxy settings (HTTPS_PROXY), then try again.")


def end_sso_not_configured(ctx: Context) -> None:
    ui = ctx.ui
    assert ctx.found.files is not None
    if ctx.found.sso_incomplete:
        ui.error(
            f"{ctx.label.capitalize()} uses IAM Identity Center (SSO) but names no account "
            "and role, so it cannot give credentials yet."
        )
        ui.hint("Complete it (it asks for the account and role):")
        ui.command(
            shell_command(["aws", "configure", "sso", *option("--profile", ctx.progress.profile)])
        )
        return
    sso = [p.name for p in ctx.found.files.profiles.values() if awsconfig.is_sso_profile(p)]
    if sso:
        ui.error(
            f"{ctx.label.capitalize()} is not an IAM Identity Center (SSO) profile. "
            f"SSO profiles here: {', '.join(sso)}."
        )
        if awsconfig.validate_profile_name(sso[0]) is None:
            # A name the helper would refuse is not offered as a command to copy.
            ui.hint("Pick one:")
            ui.command(shell_command(["awslogin-helper", "--sso", "--profile", sso[0]]))
        return
    ui.error(
        f"No IAM Identity Center (SSO) profile is configured in {ctx.found.files.config_path}."
    )
    ui.say(
        "Set one up with `aws configure sso`: it asks for your organisation's start URL "
        "and SSO region, then lets you pick an account and a role. Then sign in with "
        "`aws sso login --profile NAME`."
    )
    ui.command("aws configure sso")
    ui.hint(f"Guide: {SSO_GUIDE}")


def env_keys_note(ctx: Context) -> None:
    """Credential variables shadow the profile for a bare `aws`: say so, with the fix."""
    env_keys = ctx.env_keys
    if not env_keys:
        return
    ctx.ui.warn(
        f"A bare `aws` in this shell still uses {', '.join(env_keys)}, not {ctx.label}. "
        "Clear the variables:"
    )
    shell_lines(ctx, ctx.env.shells(), lambda sh: unset_lines(sh, env_keys))


def shell_lines(ctx: Context, shells: Sequence[str], lines: Callable[[str], list[str]]) -> None:
    for shell in shells:
        prefix = f"{SHELL_LABELS[shell]}: " if len(shells) > 1 else ""
        for line in lines(shell):
            ctx.ui.command(prefix + line)
