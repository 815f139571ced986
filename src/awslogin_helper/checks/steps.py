"""Deciding the path, then the checks before the one confirmation (and the one after it).

`detect` reads only local facts (environment and config files; no process runs). The checks
then ask the AWS CLI, through `Probes`, for its version, the caller identity and where the
keys come from; what they find goes into `ctx.found` for the later steps.
"""

from __future__ import annotations

from typing import NoReturn

from packaging.version import Version

from awslogin_helper import awsconfig
from awslogin_helper.awsconfig import CredentialKind
from awslogin_helper.checks import keys
from awslogin_helper.checks.classify import (
    IdentityProblem,
    classify_identity_error,
    parse_identity,
    problem_text,
    source_profile_named,
)
from awslogin_helper.checks.versions import parse_aws_version, short_key_fails
from awslogin_helper.edges.runner import (
    CommandNotStarted,
    CommandTimeout,
    Completed,
)
from awslogin_helper.errors import HelperError
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.machine import Event
from awslogin_helper.quoting import option, shell_command
from awslogin_helper.redact import mask_key_id
from awslogin_helper.state import (
    PARTITION_NAMES,
    REQUIRED_ANY,
    REQUIRED_SSO,
    Context,
)
from awslogin_helper.upgrade import run as upgrade_run
from awslogin_helper.words import _, tr

E = Event

SSO_MIN_VERSION = Version("2.0.0")
# The bounds on each AWS CLI call; read as module attributes so a test can shorten them.
VERSION_TIMEOUT = 15.0
IDENTITY_TIMEOUT = 30.0
CONFIGURE_TIMEOUT = 15.0


def detect(ctx: Context) -> Event:
    ctx.found.ci_marker = ctx.env.ci_marker()
    if ctx.found.ci_marker:
        return E.CI
    ctx.reload_files()
    assert ctx.found.files is not None
    ctx.found.remote_reason = None
    if ctx.options.remote is None:
        ctx.found.remote_reason = ctx.env.headless_reason()
        ctx.found.remote = ctx.found.remote_reason is not None
    else:
        ctx.found.remote = ctx.options.remote
    profile = ctx.current_profile()
    if ctx.options.sso and not (profile and awsconfig.is_sso_profile(profile)):
        sso_profiles = [p for p in ctx.found.files.profiles.values() if awsconfig.is_sso_profile(p)]
        if ctx.options.profile is None and len(sso_profiles) == 1:
            ctx.progress.profile = sso_profiles[0].name
            ctx.progress.profile_source = "--sso"
            profile = sso_profiles[0]
        else:
            return E.SSO_MISSING
    if profile is not None and awsconfig.is_sso_profile(profile):
        if not (profile.get("sso_account_id") and profile.get("sso_role_name")):
            # An `sso_session` alone names the sign-in, not an account and role: `aws sso
            # login` would succeed and still leave the profile without credentials.
            ctx.found.sso_incomplete = True
            return E.SSO_INCOMPLETE
        ctx.found.path = "sso"
        ctx.found.required = REQUIRED_SSO
        ctx.found.minimum = SSO_MIN_VERSION
        return E.SSO_PROFILE
    ctx.found.region, ctx.found.region_source = awsconfig.resolve_region(
        ctx.progress.profile, ctx.found.files, ctx.env.vars, ctx.options.region
    )
    ctx.found.partition = ctx.options.partition or awsconfig.partition_of(ctx.found.region)
    if ctx.found.partition in PARTITION_NAMES:
        ctx.found.path = "configure"
        ctx.found.required = REQUIRED_ANY
        ctx.found.minimum = None
        return E.NO_LOGIN_PARTITION
    return E.NEXT


def prefetch_calls(ctx: Context) -> list[tuple[list[str], float]]:
    assert ctx.found.aws is not None
    calls: list[tuple[list[str], float]] = [
        ([ctx.found.aws, "--version"], VERSION_TIMEOUT),
        (ctx.identity_cmd(), IDENTITY_TIMEOUT),
    ]
    if ctx.found.path == "login":
        # The key ID itself is read from the files, as `aws configure get` would: one
        # AWS CLI process fewer competing for the CPU before the question.
        calls.append(([ctx.found.aws, "configure", "list", *ctx.profile_args()], CONFIGURE_TIMEOUT))
    if ctx.env_keys and not ctx.named:
        # What the variables themselves are worth, reported as theirs, not the profile's.
        calls.append((ctx.identity_cmd(bare=True), IDENTITY_TIMEOUT))
    return calls


def start_checks(ctx: Context) -> None:
    """Start every pre-confirmation AWS CLI call in the background, before printing.

    They are independent, so the user waits for the slowest, not for their sum; the
    steps still read the results one by one, in order.
    """
    aws = ctx.env.which("aws")
    ctx.found.aws = str(aws) if aws is not None else None
    if ctx.found.aws is not None:
        ctx.probes.prefetch(prefetch_calls(ctx))


def check_version(ctx: Context) -> Event:
    if ctx.found.aws is None:
        return upgrade_run.offer(ctx, E.MISSING, version_timeout=VERSION_TIMEOUT)
    try:
        with ctx.ui.waiting(_("Checking the AWS CLI...")):
            result = ctx.probes.get([ctx.found.aws, "--version"], VERSION_TIMEOUT)
    except CommandNotStarted as exc:
        ctx.found.problem_text = exc.reason
        ctx.probes.close(cancel=True)
        return upgrade_run.offer(ctx, E.MISSING, version_timeout=VERSION_TIMEOUT)
    except CommandTimeout as exc:
        ctx.probes.close(cancel=True)
        raise HelperError(
            tr(
                "{command} ({path}) did not answer within {seconds} s.",
                command="`aws --version`",
                path=ctx.found.aws,
                seconds=format(exc.timeout, "g"),
            ),
            ExitCode.AWS_UNREACHABLE,
            [
                tr(
                    "Check that this {aws} works: run {command} yourself.",
                    aws="`aws`",
                    command="`aws --version`",
                )
            ],
        ) from exc
    ctx.found.cli = parse_aws_version(result.stdout + "\n" + result.stderr)
    if ctx.found.cli is None or (
        ctx.found.minimum is not None and ctx.found.cli.version < ctx.found.minimum
    ):
        ctx.probes.close(cancel=True)  # identity and key checks are moot now
        # The exact upgrade may run here (issue #15); then the wizard goes on.
        return upgrade_run.offer(ctx, E.TOO_OLD, version_timeout=VERSION_TIMEOUT)
    ctx.ui.success(
        tr("AWS CLI {version} at {path}", version=ctx.found.cli.version, path=ctx.found.aws)
    )
    return E.OK


def _read_identity(ctx: Context, *, fresh: bool) -> Completed | None:
    cmd = ctx.identity_cmd()
    try:
        with ctx.ui.waiting(_("Checking your credentials with AWS...")):
            if fresh:
                return ctx.runner.run(cmd, timeout=IDENTITY_TIMEOUT)
            return ctx.probes.get(cmd, IDENTITY_TIMEOUT)
    except CommandTimeout:
        ctx.found.unreachable_command = ctx.show(cmd)
        return None


def _identity_event(ctx: Context, result: Completed | None, *, after_login: bool = False) -> Event:
    """Shared reading of a caller-identity result; WORKS sets `ctx.found.identity`.

    After a sign-in the ending alone speaks (one line for one cause), so nothing is
    said here then.
    """
    if result is None:
        return E.UNREACHABLE
    identity = parse_identity(result.stdout) if result.ok else None
    if identity is not None:
        ctx.found.identity = identity
        return E.WORKS
    problem = classify_identity_error(result.stderr)
    ctx.found.identity_problem = problem
    ctx.found.problem_text = problem_text(problem)
    ctx.found.login_stderr = result.stderr
    if problem is IdentityProblem.PERMISSION:
        return E.PERMISSION
    if problem is IdentityProblem.PROXY or (after_login and problem is IdentityProblem.NETWORK):
        # Signing in goes through the same proxy: it cannot help until the proxy answers.
        ctx.found.unreachable_command = ctx.show(ctx.identity_cmd())
        return E.UNREACHABLE
    if after_login:
        return E.FAILED
    if problem is IdentityProblem.SOURCE_PROFILE:
        _source_profile_has_nothing(ctx, result.stderr)
    if problem is IdentityProblem.UNKNOWN_PROFILE:
        name = ctx.progress.profile
        ctx.ui.info(
            tr(
                "Profile {name} does not exist yet; {command} will create it.",
                name=name,
                command="`aws configure`",
            )
            if ctx.found.path == "configure"
            else tr("Profile {name} does not exist yet; signing in will create it.", name=name)
        )
    else:
        ctx.ui.warn(
            tr(
                "{label} does not work: {problem}.",
                label=ctx.label_start,
                problem=ctx.found.problem_text,
            )
        )
    return E.FAILED


def _source_profile_has_nothing(ctx: Context, stderr: str) -> NoReturn:
    """A role profile whose source profile has no credentials: sign in the source first."""
    profile = ctx.current_profile()
    source = source_profile_named(stderr) or (profile.get("source_profile") if profile else None)
    if source is None or awsconfig.validate_profile_name(source):
        raise HelperError(
            tr(
                "{label} assumes a role with the credentials of its source profile, and that "
                "profile has none.",
                label=ctx.label_start,
            ),
            ExitCode.PROFILE_CONFLICT,
            [
                tr(
                    "Sign in the source profile first (see {setting} in the config file).",
                    setting="source_profile",
                )
            ],
        )
    command = shell_command(["awslogin-helper", *option("--profile", source)])
    raise HelperError(
        tr(
            "{label} assumes a role with the credentials of source profile {source}, and "
            "profile {source} has none.",
            label=ctx.label_start,
            source=source,
        ),
        ExitCode.PROFILE_CONFLICT,
        [tr("Sign in profile {source} first: {command}", source=source, command=command)],
    )


def _key_wont_refresh(ctx: Context, *, after_login: bool) -> bool:
    """Whether the profile's `aws login` session holds a key this CLI cannot read back.

    Such a session works until its first refresh (within 15 minutes), then every command
    fails (awscrt, about 1 sign-in in 256): it says so, and the wizard signs in again.
    """
    if ctx.found.path != "login" or not short_key_fails(ctx.found.cli):
        return False
    if after_login:
        try:
            ctx.reload_files()  # `aws login` has just written login_session
        except HelperError:
            return False
    profile = ctx.current_profile()
    if profile is None or ctx.found.files is None:
        return False
    session = profile.get("login_session")
    if not session:
        return False
    if awsconfig.credential_kind(profile, ctx.found.files) is not CredentialKind.LOGIN:
        return False
    cache = awsconfig.read_login_cache(session, ctx.env.vars, ctx.env.home)
    if cache is None or not cache.key_unreadable:
        return False
    ctx.found.identity_problem = IdentityProblem.LOGIN_KEY_UNREADABLE
    ctx.found.problem_text = problem_text(IdentityProblem.LOGIN_KEY_UNREADABLE)
    return True


def check_identity(ctx: Context) -> Event:
    event = _identity_event(ctx, _read_identity(ctx, fresh=False))
    if event is E.WORKS and _key_wont_refresh(ctx, after_login=False):
        ctx.ui.warn(
            tr(
                "{label} works for up to 15 minutes, but {problem}.",
                label=ctx.label_start,
                problem=ctx.found.problem_text,
            )
        )
        ctx.found.identity = None  # signing in again is the fix
        return E.FAILED
    if event is E.WORKS and ctx.found.identity:
        # One line: the ARN names the account too.
        ctx.ui.success(
            tr(
                "The SSO session of {label} works: {arn}",
                label=ctx.label,
                arn=ctx.found.identity.arn,
            )
            if ctx.found.path == "sso"
            else tr("{label} works: {arn}", label=ctx.label_start, arn=ctx.found.identity.arn)
        )
    return event


def verify(ctx: Context) -> Event:
    event = _identity_event(ctx, _read_identity(ctx, fresh=True), after_login=True)
    if event is E.WORKS and _key_wont_refresh(ctx, after_login=True):
        return E.FAILED  # the ending says it works now, and until when
    if event is E.WORKS and ctx.found.identity:
        ctx.ui.success(
            tr("Verified: {label} is {arn}", label=ctx.label, arn=ctx.found.identity.arn)
            if ctx.found.path == "configure"
            else tr("Signed in: {label} is {arn}", label=ctx.label, arn=ctx.found.identity.arn)
        )
    return event


def target_refusal(ctx: Context) -> str | None:
    """What `aws login` would refuse in the target profile ("Access Key", ...), if any."""
    profile = ctx.current_profile()
    return awsconfig.login_refusal_kind(profile) if profile else None


def check_keys(ctx: Context) -> Event:
    assert ctx.found.aws is not None
    assert ctx.found.files is not None
    profile = ctx.current_profile()
    kind = awsconfig.credential_kind(profile, ctx.found.files) if profile else CredentialKind.NONE
    key_id = keys.configured_key_id(profile)
    source = keys.configured_key_source(ctx, CONFIGURE_TIMEOUT)
    label = ctx.label_start
    if key_id and awsconfig.key_id_kind(key_id) == "long-term":
        ctx.ui.warn(keys.long_term_key_text(label, key_id, source))
        keys.explain_long_term(ctx)
    elif key_id and awsconfig.key_id_kind(key_id) == "temporary":
        ctx.ui.info(
            tr(
                "{label} holds temporary keys ({prefix}, {key}).",
                label=label,
                prefix="ASIA...",
                key=mask_key_id(key_id),
            )
        )
    elif kind is CredentialKind.LOGIN and profile is not None:
        ctx.ui.info(
            tr(
                "{label} uses an `aws login` session; signing in again renews it.",
                label=label,
            )
        )
    elif kind is CredentialKind.NONE and ctx.found.identity_problem not in (
        IdentityProblem.NO_CREDENTIALS,
        IdentityProblem.UNKNOWN_PROFILE,
    ):  # the identity check already said so
        ctx.ui.info(tr("{label} holds no credentials yet.", label=label))
    keys.warn_env_keys(ctx, IDENTITY_TIMEOUT)
    if ctx.found.identity is not None:
        return E.WORKS  # they work: ASK_KEEP decides, knowing what the profile holds
    refusal = target_refusal(ctx)
    if refusal:
        if ctx.env.can_prompt:  # else the ending says it, once
            ctx.ui.warn(
                tr(
                    "`aws login` will not replace the {kind} credentials in {label}, so let's "
                    "sign in under a new profile name and leave it as it is.",
                    kind=refusal,
                    label=ctx.label,
                )
            )
        ctx.progress.needs_name = True
        return E.CONFLICT
    return E.OK
