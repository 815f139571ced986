"""The `aws login` path: the recommendation, keep or switch, the new-profile name, the
browser question, the confirmation and sign-in, and the aftercare notes.
"""

from __future__ import annotations

from functools import partial

from awslogin_helper import awsconfig
from awslogin_helper.aftercare.notes import retire_keys_step
from awslogin_helper.awsconfig import CredentialKind
from awslogin_helper.checks.classify import LoginProblem, classify_login_failure
from awslogin_helper.checks.keys import configured_key_id
from awslogin_helper.checks.steps import start_checks, target_refusal
from awslogin_helper.endings.last_words import env_keys_note, shell_lines
from awslogin_helper.errors import HelperError
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.machine import Event
from awslogin_helper.paths.confirm import confirm, run_interactive
from awslogin_helper.quoting import option, shell_command
from awslogin_helper.redact import mask_key_id
from awslogin_helper.shells import SHELL_LABELS, persist_line, set_line, startup_file
from awslogin_helper.state import PROFILE_ENV_VARS, Context
from awslogin_helper.words import _, tr

E = Event

# Typed at the new-profile prompt instead of a name: "no" (no profile may be named so).
DECLINE_ANSWERS = ("n", "no")


def recommend(ctx: Context) -> Event:
    start_checks(ctx)
    ui = ctx.ui
    # The recommendation in two lines, as the guidance requires: the fix, what it gives,
    # the version it needs. Then the checks, one line each.
    from awslogin_helper import early

    if not early.state["shown"]:  # else written already, before the heavy imports (early.py)
        ui.title(_("The fix is `aws login`: short-term credentials that rotate by themselves."))
        ui.say(_("It needs AWS CLI 2.32.0 or later. First, checks that change nothing:"))
    if ctx.progress.profile_source in PROFILE_ENV_VARS:
        ui.info(
            tr(
                "Target: profile {name} (from {variable})",
                name=ctx.progress.profile,
                variable=ctx.progress.profile_source,
            )
        )
    return E.NEXT


def ask_keep(ctx: Context) -> Event:
    if not ctx.env.can_prompt:
        ctx.ui.info(_("Keeping them (no terminal to ask)."))
        return E.KEEP
    refusal = target_refusal(ctx)
    profile = ctx.current_profile()
    uses_login = (
        profile is not None
        and ctx.found.files is not None
        and awsconfig.credential_kind(profile, ctx.found.files) is CredentialKind.LOGIN
    )
    # Signing in again where `aws login` already is renews the session: not an overwrite.
    in_place = not refusal and (uses_login or (ctx.named and ctx.progress.profile != "default"))
    if uses_login:
        switch_title = _("Sign in again (a new `aws login` session)")
    elif in_place:
        switch_title = tr("Set up `aws login` for profile {name}", name=ctx.progress.profile)
    else:
        switch_title = _("Set up `aws login` in a new profile (this one stays)")
    choice = ctx.prompter.select(
        _("Keep these credentials, or set up different ones?"),
        [("keep", _("Keep them (change nothing)")), ("switch", switch_title)],
        default="keep",
    )
    if choice == "keep":
        return E.KEEP
    if in_place:
        return E.SWITCH
    ctx.progress.needs_name = True
    return E.NEEDS_NAME


def _suggest_name(ctx: Context) -> str:
    for name in ("dev", "login", "sandbox"):
        if ctx.found.files is None or ctx.found.files.profile(name) is None:
            return name
    return ""


def validate_new_profile(ctx: Context, name: str) -> str | None:
    problem = awsconfig.validate_profile_name(name)
    if problem:
        return problem
    if name in ("default", ctx.progress.profile):
        return tr("Profile {name} is the one being replaced; choose a new name.", name=name)
    existing = ctx.found.files.profile(name) if ctx.found.files else None
    if existing is not None:
        if awsconfig.is_sso_profile(existing):
            return tr(
                "Profile {name} is an IAM Identity Center (SSO) profile; choose another.",
                name=name,
            )
        kind = awsconfig.login_refusal_kind(existing)
        if kind:
            return tr(
                "Profile {name} already holds {kind} credentials; choose another name.",
                name=name,
                kind=kind,
            )
    return None


def _validate_name_or_no(ctx: Context, answer: str) -> str | None:
    return None if answer.lower() in DECLINE_ANSWERS else validate_new_profile(ctx, answer)


def _confirm_new_profile(ctx: Context) -> Event:
    """The one confirmation for a new profile: it shows the command and takes the name."""
    if not ctx.env.can_prompt:
        return E.CONFLICT  # no name without asking for one: --yes answers yes, not a name
    assert ctx.found.aws is not None
    remote = ["--remote"] if ctx.found.remote else []
    ctx.ui.say()
    ctx.ui.say(_("I'll run this for a new profile (the profile above stays as it is):"))
    ctx.ui.command(shell_command(["aws", "login", "--profile", "NAME", *remote]))
    answer = ctx.prompter.text(
        # The decline answers stay "n"/"no" in every language (see DECLINE_ANSWERS).
        _("Profile name (Enter runs it; n cancels):"),
        default=_suggest_name(ctx),
        validate=partial(_validate_name_or_no, ctx),
    )
    if answer.lower() in DECLINE_ANSWERS:
        return E.NO
    old = ctx.current_profile()
    key_id = configured_key_id(old)
    if old is not None and key_id and awsconfig.key_id_kind(key_id) == "long-term":
        assert ctx.found.files is not None
        where = (
            ctx.found.files.credentials_path
            if "aws_access_key_id" in old.credentials_settings
            else ctx.found.files.config_path
        )
        ctx.progress.left_behind = (ctx.progress.profile, key_id, str(where))
    ctx.progress.profile = answer
    ctx.progress.profile_source = "new"
    ctx.progress.pending = login_cmd(ctx)
    _note_region(ctx)
    return E.YES


def check_browser(ctx: Context) -> Event:
    if ctx.options.remote:
        ctx.ui.info(
            _(
                "Using `aws login --remote` as asked: you'll open a link on any device, sign "
                "in, and paste the code back here."
            )
        )
    elif ctx.found.remote_reason:
        ctx.ui.info(
            tr(
                "No local browser here: {reason}. So I'll use `aws login --remote`: open the "
                "link on any device, sign in, and paste the code back here. (Pass {flag} to "
                "use the browser flow anyway.)",
                reason=ctx.found.remote_reason,
                flag="--no-remote",
            )
        )
    return E.NEXT


def login_region(ctx: Context) -> tuple[str | None, str, bool]:
    """(region, source, pass it) for `aws login` on the target profile.

    The CLI asks for a region when it finds none for the profile itself; a new named
    profile inherits the one the default profile already has, passed as --region.
    """
    assert ctx.found.files is not None
    region, source = awsconfig.resolve_region(
        ctx.progress.profile, ctx.found.files, ctx.env.vars, ctx.options.region
    )
    if region is None and source == "not set" and ctx.progress.profile != "default":
        inherited, inherited_from = awsconfig.resolve_region(
            "default", ctx.found.files, ctx.env.vars, None
        )
        if inherited is not None:
            return inherited, inherited_from, True
    return region, source, ctx.options.region is not None


def login_cmd(ctx: Context) -> list[str]:
    assert ctx.found.aws is not None
    remote = ["--remote"] if ctx.found.remote else []
    region, _source, pass_it = login_region(ctx)
    region_args = option("--region", region) if pass_it and region else []
    return [ctx.found.aws, "login", *ctx.profile_args(), *remote, *region_args]


def _note_region(ctx: Context) -> None:
    region, source, passed = login_region(ctx)
    if passed and not ctx.options.region:
        ctx.ui.info(
            tr(
                "{label} has no region: I'll pass {region} (from {source}).",
                label=ctx.label_start,
                region=region,
                source=source,
            )
        )
        ctx.progress.inherited_region = region


def confirm_login(ctx: Context) -> Event:
    if ctx.progress.needs_name:
        return _confirm_new_profile(ctx)
    region, _source, _passed = login_region(ctx)
    if region is None and not ctx.env.stdin_isatty and ctx.options.yes:
        # `aws login` would stop at its region prompt ("EOF when reading a line").
        raise HelperError(
            tr(
                "`aws login` needs a region for {label}, and there is no terminal to ask for "
                "one in.",
                label=ctx.label,
            ),
            ExitCode.USAGE,
            [
                tr(
                    "Pass the region: {command} (for example {region}).",
                    command="awslogin-helper --region REGION",
                    region="us-east-1",
                )
            ],
        )
    _note_region(ctx)
    return confirm(ctx, login_cmd(ctx))


def _login_intro(ctx: Context) -> str:
    if login_region(ctx)[0] is None:
        return _("Follow its instructions; it asks for a region first.")
    return _("Follow its instructions.")


def _remote_hint_on_interrupt(ctx: Context) -> None:
    # Only when `aws login` was surely waiting for the browser: without a region it may
    # have been stopped at its region prompt, where the browser advice would be wrong.
    if ctx.found.path == "login" and not ctx.found.remote and login_region(ctx)[0] is not None:
        ctx.ui.hint(
            tr(
                "If no browser opened, run {command} to sign in from any device.",
                command="`awslogin-helper --remote`",
            )
        )


def run_login(ctx: Context) -> Event:
    cmd = login_cmd(ctx)
    try:
        result = run_interactive(ctx, cmd, _login_intro(ctx))
    except KeyboardInterrupt:
        _remote_hint_on_interrupt(ctx)
        raise
    if result is None:
        ctx.found.login_problem = LoginProblem.BROWSER_TIMEOUT
        return E.FAILED
    ctx.ui.say()
    if result.ok:
        return E.OK
    ctx.found.login_stderr = result.stderr
    ctx.found.login_problem = classify_login_failure(result.returncode, result.stderr)
    if ctx.found.login_problem is LoginProblem.INTERRUPTED:
        _remote_hint_on_interrupt(ctx)
        raise KeyboardInterrupt
    if ctx.found.login_problem is LoginProblem.NOT_SUPPORTED:
        return E.TOO_OLD
    if ctx.found.login_problem is LoginProblem.PERMISSION:
        return E.PERMISSION
    if ctx.found.login_problem is LoginProblem.REFUSED:
        return E.REFUSED
    return E.FAILED


def aftercare(ctx: Context) -> Event:
    ui = ctx.ui
    shells = ctx.env.shells()
    profile_var = next((n for n in PROFILE_ENV_VARS if ctx.env.get(n)), "AWS_PROFILE")
    env_profile = ctx.env.get(profile_var)
    env_keys_note(ctx)
    if ctx.progress.inherited_region and ctx.found.path == "login":
        ui.info(
            tr(
                "To keep {region} as the region of {label}, run:",
                region=ctx.progress.inherited_region,
                label=ctx.label,
            )
        )
        ui.command(
            shell_command(
                [
                    "aws",
                    "configure",
                    "set",
                    "region",
                    ctx.progress.inherited_region,
                    *option("--profile", ctx.progress.profile),
                ]
            )
        )
    if env_profile and env_profile != ctx.progress.profile:
        ui.warn(
            tr(
                "{setting} makes commands without {flag} use profile {current}, not "
                "{profile}. Change it:",
                setting=profile_var + "=" + env_profile,
                flag="--profile",
                current=env_profile,
                profile=ctx.progress.profile,
            )
        )
        shell_lines(ctx, shells, lambda sh: [set_line(sh, profile_var, ctx.progress.profile)])
    elif ctx.named and ctx.progress.profile not in ("default", env_profile):
        # The AWS CLI itself has just said how to use --profile; what it does not say is
        # how to make the profile the one a plain `aws` uses in the next terminal.
        for shell in shells:
            where = startup_file(shell, ctx.env.get("SHELL"))
            text = (
                tr(
                    "To use profile {profile} in new terminals, add this line to {path}:",
                    profile=ctx.progress.profile,
                    path=where,
                )
                if where
                else tr(
                    "To use profile {profile} in new terminals, run:",
                    profile=ctx.progress.profile,
                )
            )
            if len(shells) > 1:  # which shell the line is for, as a label before it
                text = tr("{shell}: {text}", shell=SHELL_LABELS[shell], text=text)
            ui.info(text)
            ui.command(persist_line(shell, "AWS_PROFILE", ctx.progress.profile))
    _left_behind_note(ctx)
    return E.NEXT


def _left_behind_note(ctx: Context) -> None:
    """The long-term key of the profile moved away from is still on disk: say where."""
    if ctx.progress.left_behind is None:
        return
    name, key_id, path = ctx.progress.left_behind
    ctx.ui.warn(
        tr(
            "The long-term key {key} of the default profile is still in {path}, in plain "
            "text. Remove it there once nothing uses it.",
            key=mask_key_id(key_id),
            path=path,
        )
        if name == "default"
        else tr(
            "The long-term key {key} of profile {name} is still in {path}, in plain text. "
            "Remove it there once nothing uses it.",
            key=mask_key_id(key_id),
            name=name,
            path=path,
        )
    )
    files = ctx.found.files
    retire_keys_step(ctx.ui, name, files.profile(name) if files else None, moved_away=True)
