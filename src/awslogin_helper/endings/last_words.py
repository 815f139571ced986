"""The terminal steps: each says how the run ended and the one next step, then the
machine ends with the step's exit code (`machine.TERMINAL`).

Every sentence is one catalog message (`words`); commands, paths, URLs, variables and versions
are its values. Texts marked in other modules (`found.required`, `LONG_TERM_RISK`) are
translated here with `_()`; `ctx.label` and `ctx.label_start` come translated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from awslogin_helper import awsconfig
from awslogin_helper.aftercare.notes import retire_keys_step
from awslogin_helper.checks import diagnose
from awslogin_helper.checks import steps as checks
from awslogin_helper.checks.classify import IdentityProblem, LoginProblem, denied_by, refusal_kind
from awslogin_helper.checks.versions import INSTALL_GUIDE
from awslogin_helper.endings import Ending, identity_ending, login_ending, permission_ending
from awslogin_helper.paths.sso import SSO_GUIDE, sso_login_cmd, sso_login_shown, sso_troubleshooting
from awslogin_helper.quoting import option, shell_command
from awslogin_helper.redact import CREDENTIAL_PROCESS_FAILED, credential_process_failed, redact
from awslogin_helper.shells import SHELL_LABELS, unset_lines
from awslogin_helper.state import LONG_TERM_RISK, Context
from awslogin_helper.tools.report import after_login
from awslogin_helper.upgrade import run as upgrade_run
from awslogin_helper.words import N_, _, tr

OIDC_GUIDE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html"
_LOGIN = "`aws login`"  # a command inside a sentence: a value, never translated


def _capitalized(text: str) -> str:
    # Not str.capitalize(): that lower-cases the rest (an ARN or name inside keeps its case).
    return text[:1].upper() + text[1:]


def end_success(ctx: Context) -> None:
    if ctx.found.path == "login":
        renew = shell_command(["aws", "login", *ctx.profile_args()])
        ctx.ui.success(
            tr(
                "All set: refreshed every 15 minutes for up to 12 hours; then run `{command}`.",
                command=renew,
            )
        )
        after_login(ctx)  # the tools here that cannot read the new profile, with their fixes
    elif ctx.found.path == "sso":
        ctx.ui.success(
            tr("All set. When the SSO session ends, run `{command}`.", command=sso_login_shown(ctx))
        )
    else:
        ctx.ui.success(_("All set. Remember to rotate these access keys regularly."))


def end_kept(ctx: Context) -> None:
    env_keys_note(ctx)
    if ctx.found.path == "login":
        ctx.ui.say(tr("Nothing changed. For {login} in another profile, later:", login=_LOGIN))
        ctx.ui.command("awslogin-helper --profile NAME")
        retire_keys_step(ctx.ui, ctx.progress.profile, ctx.current_profile())
    else:
        ctx.ui.say(_("Nothing to do: these credentials work."))


def end_declined(ctx: Context) -> None:
    ui = ctx.ui
    ui.say(_("OK, nothing was run."))
    env_keys_note(ctx)
    configure = shell_command(["aws", "configure", *ctx.profile_args()])
    if ctx.found.path == "sso":
        ui.say(_("When you're ready, sign in with:"))
        # The same command the confirmation showed (--use-device-code where it applied).
        ui.command(ctx.show(sso_login_cmd(ctx)))
    elif ctx.found.path == "configure":
        ui.say(_("When you're ready, store the keys with:"))
        ui.command(configure)
    else:
        ui.say(
            tr(
                "If you cannot use {login}, the alternative is long-term access keys. "
                "{risk} Store them with:",
                login=_LOGIN,
                risk=_(LONG_TERM_RISK),  # a whole sentence of its own
            )
        )
        ui.command(configure)


def end_not_for_ci(ctx: Context) -> None:
    ui = ctx.ui
    ui.error(
        tr(
            "This looks like a CI/CD system ({variable} is set), so I ran nothing: "
            "{login} and stored access keys are for people, not pipelines.",
            variable=ctx.found.ci_marker,
            login=_LOGIN,
        )
    )
    ui.say(
        _(
            "Give the job an IAM role to assume instead, ideally through OIDC federation so no "
            "secret is stored anywhere:"
        )
    )
    ui.hint(
        tr(
            "GitHub Actions: grant {permission} and use the {action} action with {role}.",
            permission="`permissions: id-token: write`",
            action="`aws-actions/configure-aws-credentials`",
            role="`role-to-assume`",
        )
    )
    ui.hint(
        tr(
            "GitLab CI, CircleCI, Buildkite, Bitbucket, Azure Pipelines: use the job's OIDC "
            "ID token with {command} (or the platform's AWS integration). Guide: {url}",
            command="`aws sts assume-role-with-web-identity`",
            url=OIDC_GUIDE,
        )
    )
    ui.hint(
        _(
            "CodeBuild, or Jenkins/TeamCity on AWS: use the project's service role or the "
            "instance profile; no keys needed."
        )
    )
    ui.detail(
        tr(
            "Not CI? Unset {variable} and run awslogin-helper again.",
            variable=ctx.found.ci_marker,
        )
    )


def end_cli_missing(ctx: Context) -> None:
    if not upgrade_run.verdict_spoken(ctx):
        cli_missing_verdict(ctx)
    upgrade_run.show_gate(ctx)  # how this machine gets it: the exact commands
    ctx.ui.hint(tr("Install {cli}: {url}", cli=_(ctx.found.required), url=INSTALL_GUIDE))
    ctx.ui.hint(_("Then open a new terminal and run awslogin-helper again."))


def cli_missing_verdict(ctx: Context) -> None:
    problem = ctx.found.problem_text
    ctx.ui.error(
        tr("No working `aws` command found on your PATH ({problem}).", problem=_(problem))
        if problem
        else _("No working `aws` command found on your PATH.")
    )


def end_cli_too_old(ctx: Context) -> None:
    if not upgrade_run.verdict_spoken(ctx):
        cli_too_old_verdict(ctx)
    upgrade_run.show_gate(ctx)  # the exact upgrade for this machine (and a newer one on PATH)
    ctx.ui.hint(_("Update the AWS CLI (the install guide):"))
    ctx.ui.command(INSTALL_GUIDE)


def cli_too_old_verdict(ctx: Context) -> None:
    ui, found = ctx.ui, ctx.found
    if found.cli is None:
        ui.error(tr("Could not tell the version of the AWS CLI at {path}.", path=found.aws))
    elif found.cli.major < 2:
        ui.error(
            tr(
                "The AWS CLI at {path} is version {version} (v1); this needs {cli}.",
                path=found.aws,
                version=found.cli.version,
                cli=_(found.required),
            )
        )
    elif found.login_problem is LoginProblem.NOT_SUPPORTED:
        ui.error(
            tr(
                "AWS CLI {version} at {path} does not know {login}.",
                version=found.cli.version,
                path=found.aws,
                login=_LOGIN,
            )
        )
    else:
        older = (
            N_("AWS CLI {version} at {path} has no {login} (it came in {minimum}).")
            if found.path == "login"
            else N_("AWS CLI {version} at {path} is too old: this needs {minimum}.")
        )
        ui.error(
            tr(
                older,
                version=found.cli.version,
                path=found.aws,
                minimum=found.minimum,
                login=_LOGIN,
            )
        )


def end_needs_terminal(ctx: Context) -> None:
    shown = ctx.show(ctx.progress.pending)
    ctx.ui.error(
        tr(
            "I must ask before running `{command}`, but there is no terminal to ask in.",
            command=shown,
        )
    )
    ctx.ui.hint(
        tr(
            "Run awslogin-helper in a terminal, or pass {flag} to run it without asking.",
            flag="--yes",
        )
    )


def end_profile_conflict(ctx: Context) -> None:
    profile = ctx.current_profile()
    kind = refusal_kind(ctx.found.login_stderr) or (
        awsconfig.login_refusal_kind(profile) if profile else None
    )
    # `kind` is the AWS CLI's own word for them ("Access Key", "SSO"): a value.
    held = (
        N_("{login} will not replace the {kind} credentials in {label}.")
        if kind
        else N_("{login} will not replace the credentials in {label}.")
    )
    ctx.ui.error(tr(held, label=ctx.label, kind=kind, login=_LOGIN))
    ctx.ui.hint(_("Sign in a new profile instead; this one stays as it is:"))
    ctx.ui.command("awslogin-helper --profile NEW-NAME")
    retire_keys_step(ctx.ui, ctx.progress.profile, profile)


def end_login_failed(ctx: Context) -> None:
    ui = ctx.ui
    problem = ctx.found.login_problem
    if ctx.found.path == "sso":
        sso_troubleshooting(ctx)
        return
    if ctx.found.path == "configure":
        ui.error(tr("{command} did not finish; nothing was verified.", command="`aws configure`"))
        ui.hint(_("Its error is above. When you're ready, run it again:"))
        ui.command(shell_command(["aws", "configure", *ctx.profile_args()]))
        return
    # The AWS CLI's own error went to the terminal already: the verdict does not repeat it.
    _render(ctx, login_ending(problem or LoginProblem.OTHER, diagnose.situation(ctx)))


def _show_cli_error(ctx: Context) -> None:
    if credential_process_failed(ctx.found.login_stderr):
        # Its output may echo its own command line and secrets: say only that it failed.
        ctx.ui.detail(tr("The profile's {what}.", what=_(CREDENTIAL_PROCESS_FAILED)))
        return
    # The whole text is redacted before its last line is taken.
    lines = [ln.strip() for ln in redact(ctx.found.login_stderr).splitlines() if ln.strip()]
    if lines:
        ctx.ui.detail(tr("The AWS CLI said: {text}", text=lines[-1]))


def _render(
    ctx: Context,
    ending: Ending,
    *,
    lead: Callable[[str], str] | None = None,
    show_cli_error: bool = False,
) -> None:
    """An ending: the verdict once (inside the sentence `lead` makes of it), then its one
    next step."""
    verdict = ending.verdict
    ctx.ui.error(lead(verdict) if lead else tr("{verdict}.", verdict=_capitalized(verdict)))
    if show_cli_error:
        _show_cli_error(ctx)
    if ending.step:
        ctx.ui.hint(ending.step)
    if ending.command:
        ctx.ui.command(ending.command)


_STILL_FAILS = N_("Signing in finished, but {label} still does not work: {verdict}.")
_WORKS_NOW = N_("Signed in: {label} works for up to 15 minutes, but {verdict}.")


def _verify_lead(ctx: Context, problem: IdentityProblem) -> Callable[[str], str]:
    lead = _WORKS_NOW if problem is IdentityProblem.LOGIN_KEY_UNREADABLE else _STILL_FAILS
    return lambda verdict: tr(lead, label=ctx.label, verdict=verdict)


def end_verify_failed(ctx: Context) -> None:
    problem = ctx.found.identity_problem or IdentityProblem.OTHER
    _render(
        ctx,
        identity_ending(problem, diagnose.situation(ctx)),
        lead=_verify_lead(ctx, problem),
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
    situation = diagnose.situation(ctx)
    ending = permission_ending(situation, signin=signin, action=action, refresh=refresh)
    _render(ctx, ending, show_cli_error=not signin and action is None)


def end_aws_unreachable(ctx: Context) -> None:
    if ctx.found.identity_problem in (IdentityProblem.PROXY, IdentityProblem.NETWORK):
        _render(ctx, identity_ending(ctx.found.identity_problem, diagnose.situation(ctx)))
        return
    seconds = f"{checks.IDENTITY_TIMEOUT:g}"  # outside tr(): Babel warns on f-strings there
    ctx.ui.error(
        tr(
            "AWS did not answer in time (`{command}` gave up after {seconds} s).",
            command=ctx.found.unreachable_command,
            seconds=seconds,
        )
    )
    ctx.ui.hint(
        tr(
            "Check your network, VPN or proxy settings ({variable}), then try again.",
            variable="HTTPS_PROXY",
        )
    )


def end_sso_not_configured(ctx: Context) -> None:
    ui = ctx.ui
    assert ctx.found.files is not None
    if ctx.found.sso_incomplete:
        ui.error(
            tr(
                "{label} uses IAM Identity Center (SSO) but names no account and role, so it "
                "cannot give credentials yet.",
                label=ctx.label_start,
            )
        )
        ui.hint(_("Complete it (it asks for the account and role):"))
        ui.command(
            shell_command(["aws", "configure", "sso", *option("--profile", ctx.progress.profile)])
        )
        return
    sso = [p.name for p in ctx.found.files.profiles.values() if awsconfig.is_sso_profile(p)]
    if sso:
        ui.error(
            tr(
                "{label} is not an IAM Identity Center (SSO) profile. SSO profiles here: {names}.",
                label=ctx.label_start,
                names=", ".join(sso),
            )
        )
        if awsconfig.validate_profile_name(sso[0]) is None:
            # A name the helper would refuse is not offered as a command to copy.
            ui.hint(_("Pick one:"))
            ui.command(shell_command(["awslogin-helper", "--sso", "--profile", sso[0]]))
        return
    ui.error(
        tr(
            "No IAM Identity Center (SSO) profile is configured in {path}.",
            path=ctx.found.files.config_path,
        )
    )
    ui.say(
        tr(
            "Set one up with {configure}: it asks for your organisation's start URL "
            "and SSO region, then lets you pick an account and a role. Then sign in with "
            "{login}.",
            configure="`aws configure sso`",
            login="`aws sso login --profile NAME`",
        )
    )
    ui.command("aws configure sso")
    ui.hint(tr("Guide: {url}", url=SSO_GUIDE))


def env_keys_note(ctx: Context) -> None:
    """Credential variables shadow the profile for a bare `aws`: say so, with the fix."""
    env_keys = ctx.env_keys
    if not env_keys:
        return
    ctx.ui.warn(
        tr(
            "A bare `aws` in this shell still uses {variables}, not {label}. Clear the variables:",
            variables=", ".join(env_keys),
            label=ctx.label,
        )
    )
    shell_lines(ctx, ctx.env.shells(), lambda sh: unset_lines(sh, env_keys))


def shell_lines(ctx: Context, shells: Sequence[str], lines: Callable[[str], list[str]]) -> None:
    for shell in shells:
        prefix = f"{SHELL_LABELS[shell]}: " if len(shells) > 1 else ""
        for line in lines(shell):
            ctx.ui.command(prefix + line)
