"""The wizard's step handlers. Each returns an Event; `machine.TRANSITIONS` decides what follows.

All side effects go through the injected edges: `Runner` (child processes), `Prompter`
(questions), `UI` (the console) and `Environment` (variables, terminals, PATH).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from packaging.version import Version

from awslogin_helper import awsconfig
from awslogin_helper.awsconfig import AwsFiles, ConfigFileError, CredentialKind
from awslogin_helper.classify import (
    IDENTITY_PROBLEM_TEXT,
    POLICY_ARN,
    POLICY_NAME,
    Identity,
    IdentityProblem,
    LoginProblem,
    attach_policy_command,
    classify_identity_error,
    classify_login_failure,
    parse_configure_list,
    parse_identity,
    refusal_kind,
)
from awslogin_helper.environment import Environment
from awslogin_helper.errors import HelperError
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.machine import Event, Handler, Step, drive
from awslogin_helper.prompter import Prompter
from awslogin_helper.redact import mask_key_id, redact
from awslogin_helper.runner import CommandNotStarted, CommandTimeout, Completed, Runner
from awslogin_helper.shells import SHELL_LABELS, set_line, unset_lines
from awslogin_helper.ui import UI
from awslogin_helper.versions import (
    INSTALL_GUIDE,
    LOGIN_MIN_VERSION,
    AwsCliVersion,
    parse_aws_version,
)

E = Event
SSO_GUIDE = "https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sso.html"
OIDC_GUIDE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html"
SSO_MIN_VERSION = Version("2.0.0")
PROFILE_ENV_VARS = ("AWS_DEFAULT_PROFILE", "AWS_PROFILE")
# `aws sso login --use-device-code` exists from this release (device code stopped being default).
SSO_DEVICE_CODE_VERSION = Version("2.22.0")
VERSION_TIMEOUT = 15.0
IDENTITY_TIMEOUT = 30.0
CONFIGURE_TIMEOUT = 15.0
PARTITION_NAMES = {"aws-us-gov": "AWS GovCloud (US)", "aws-cn": "AWS China"}
LONG_TERM_RISK = (
    "Long-term access keys are less safe: they sit on disk in plain text, never expire by "
    "themselves, and give indefinite access to anyone who gets a copy."
)
LOGIN_BENEFIT = (
    "`aws login` credentials rotate every 15 minutes and expire by themselves, with nothing "
    "to rotate by hand."
)


@dataclass(frozen=True)
class Options:
    profile: str | None = None
    remote: bool | None = None  # None: decide from the machine
    yes: bool = False
    region: str | None = None
    partition: str | None = None
    sso: bool = False


class Probes:
    """Starts the independent pre-confirmation AWS CLI calls at once; steps read them in order."""

    def __init__(self, runner: Runner, workers: int = 4) -> None:
        self._runner = runner
        self._workers = workers
        self._pool: ThreadPoolExecutor | None = None
        self._futures: dict[tuple[str, ...], Future[Completed]] = {}
        self._cancelled = threading.Event()

    def _call(self, args: tuple[str, ...], timeout: float) -> Completed:
        if self._cancelled.is_set():
            raise CommandNotStarted(args, "cancelled")
        return self._runner.run(args, timeout=timeout)

    def prefetch(self, calls: Sequence[tuple[Sequence[str], float]]) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="aws-probe")
        for args, timeout in calls:
            key = tuple(args)
            if key not in self._futures:
                self._futures[key] = self._pool.submit(self._call, key, timeout)

    def get(self, args: Sequence[str], timeout: float) -> Completed:
        """The prefetched result (taken once), or a fresh call."""
        future = self._futures.pop(tuple(args), None)
        if future is not None:
            return future.result()
        return self._runner.run(args, timeout=timeout)

    def close(self, *, cancel: bool = False) -> None:
        """Stop what nobody will read (when `cancel` or unread), then wait for the pool."""
        if self._pool is None:
            return
        if cancel or self._futures:
            self._cancelled.set()
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._runner.cancel_all()
        self._pool.shutdown(wait=True)
        self._pool = None
        self._futures.clear()


class Wizard:
    def __init__(
        self, options: Options, env: Environment, runner: Runner, prompter: Prompter, ui: UI
    ) -> None:
        self.options = options
        self.env = env
        self.runner = runner
        self.prompter = prompter
        self.ui = ui
        self.probes = Probes(runner)
        # The AWS CLI's own order: --profile, then AWS_DEFAULT_PROFILE, then AWS_PROFILE.
        env_source = next((n for n in PROFILE_ENV_VARS if env.get(n)), None)
        self.profile = options.profile or (env.get(env_source) if env_source else None) or "default"
        self.profile_source = "--profile" if options.profile else (env_source or "default")
        self.files: AwsFiles | None = None
        self.aws: str | None = None
        self.cli: AwsCliVersion | None = None
        self.required = "AWS CLI v2, 2.32.0 or later"
        self.minimum: Version | None = LOGIN_MIN_VERSION
        self.identity: Identity | None = None
        self.problem_text = ""
        self.identity_problem: IdentityProblem | None = None
        self.auto_confirmed = False
        self.login_problem: LoginProblem | None = None
        self.login_stderr = ""
        self.pending: list[str] = []
        self.path = "login"  # login | sso | configure
        self.ci_marker: str | None = None
        self.region: str | None = None
        self.region_source = ""
        self.partition = "aws"
        self.remote = False
        self.remote_reason: str | None = None
        self.unreachable_command = ""
        self.explained_long_term = False

    # -- plumbing ---------------------------------------------------------------------------

    def handlers(self) -> dict[Step, Handler]:
        return {
            Step.DETECT: self.detect,
            Step.RECOMMEND: self.recommend,
            Step.CHECK_VERSION: self.check_version,
            Step.CHECK_IDENTITY: self.check_identity,
            Step.ASK_KEEP: self.ask_keep,
            Step.ASK_PROFILE_NAME: self.ask_profile_name,
            Step.CHECK_KEYS: self.check_keys,
            Step.CHECK_BROWSER: self.check_browser,
            Step.CONFIRM_LOGIN: self.confirm_login,
            Step.RUN_LOGIN: self.run_login,
            Step.VERIFY: self.verify,
            Step.AFTERCARE: self.aftercare,
            Step.SSO_EXPLAIN: self.sso_explain,
            Step.SSO_CHECK_VERSION: self.check_version,
            Step.SSO_CHECK_IDENTITY: self.check_identity,
            Step.SSO_CONFIRM: self.sso_confirm,
            Step.RUN_SSO_LOGIN: self.run_sso_login,
            Step.PARTITION_EXPLAIN: self.partition_explain,
            Step.PARTITION_CHECK_VERSION: self.check_version,
            Step.PARTITION_CHECK_IDENTITY: self.check_identity,
            Step.CONFIGURE_CONFIRM: self.configure_confirm,
            Step.RUN_CONFIGURE: self.run_configure,
            Step.SUCCESS: self.end_success,
            Step.KEPT: self.end_kept,
            Step.DECLINED: self.end_declined,
            Step.NOT_FOR_CI: self.end_not_for_ci,
            Step.CLI_MISSING: self.end_cli_missing,
            Step.CLI_TOO_OLD: self.end_cli_too_old,
            Step.NEEDS_TERMINAL: self.end_needs_terminal,
            Step.PROFILE_CONFLICT: self.end_profile_conflict,
            Step.LOGIN_FAILED: self.end_login_failed,
            Step.VERIFY_FAILED: self.end_verify_failed,
            Step.PERMISSION_PROBLEM: self.end_permission_problem,
            Step.AWS_UNREACHABLE: self.end_aws_unreachable,
            Step.SSO_NOT_CONFIGURED: self.end_sso_not_configured,
        }

    def run(self) -> ExitCode:
        cancel = True
        try:
            _step, code = drive(self.handlers())
            cancel = False
            return code
        finally:
            self.probes.close(cancel=cancel)

    @property
    def named(self) -> bool:
        """Pass `--profile` explicitly whenever the user (or AWS_PROFILE) named a profile."""
        return self.profile_source != "default"

    @property
    def label(self) -> str:
        return f"profile {self.profile}" if self.named else "the default profile"

    def profile_args(self) -> list[str]:
        return ["--profile", self.profile] if self.named else []

    def region_args(self) -> list[str]:
        return ["--region", self.options.region] if self.options.region else []

    def identity_cmd(self) -> list[str]:
        assert self.aws is not None
        return [
            self.aws,
            "sts",
            "get-caller-identity",
            "--output",
            "json",
            *self.profile_args(),
            *self.region_args(),
        ]

    @staticmethod
    def show(cmd: Sequence[str]) -> str:
        """A command as the user would type it (`aws`, not the absolute path)."""
        return " ".join(["aws", *cmd[1:]])

    def current_profile(self) -> awsconfig.Profile | None:
        return self.files.profile(self.profile) if self.files else None

    def reload_files(self) -> None:
        try:
            self.files = awsconfig.load_aws_files(self.env.vars, self.env.home)
        except ConfigFileError as exc:
            raise HelperError(
                f"Cannot read the AWS configuration: {exc}",
                ExitCode.CONFIG_ERROR,
                ["Fix that line (or move the file aside), then run awslogin-helper again."],
            ) from exc

    # -- deciding the path ------------------------------------------------------------------

    def detect(self) -> Event:
        self.ci_marker = self.env.ci_marker()
        if self.ci_marker:
            return E.CI
        self.reload_files()
        assert self.files is not None
        self.remote_reason = None
        if self.options.remote is None:
            self.remote_reason = self.env.headless_reason()
            self.remote = self.remote_reason is not None
        else:
            self.remote = self.options.remote
        profile = self.current_profile()
        if self.options.sso and not (profile and awsconfig.is_sso_profile(profile)):
            sso_profiles = [p for p in self.files.profiles.values() if awsconfig.is_sso_profile(p)]
            if self.options.profile is None and len(sso_profiles) == 1:
                self.profile = sso_profiles[0].name
                self.profile_source = "--sso"
                profile = sso_profiles[0]
            else:
                return E.SSO_MISSING
        if profile is not None and awsconfig.is_sso_profile(profile):
            self.path = "sso"
            self.required = "AWS CLI v2"
            self.minimum = SSO_MIN_VERSION
            return E.SSO_PROFILE
        self.region, self.region_source = awsconfig.resolve_region(
            self.profile, self.files, self.env.vars, self.options.region
        )
        self.partition = self.options.partition or awsconfig.partition_of(self.region)
        if self.partition in PARTITION_NAMES:
            self.path = "configure"
            self.required = "the AWS CLI"
            self.minimum = None
            return E.NO_LOGIN_PARTITION
        return E.NEXT

    def recommend(self) -> Event:
        self._start_checks()
        ui = self.ui
        ui.title("The fix is `aws login`.")
        ui.say(
            "It signs you in through your browser and gives the AWS CLI and SDKs short-term "
            "credentials that rotate every 15 minutes for up to 12 hours, so no long-term keys "
            "sit on disk. It needs AWS CLI 2.32.0 or later."
        )
        if self.profile_source in PROFILE_ENV_VARS:
            ui.say(f"Target: profile {self.profile} (from {self.profile_source}).")
        ui.say(
            f"First I'll check, changing nothing: your AWS CLI version, whether {self.label} "
            "has working credentials, and what kind of credentials it holds. Then I'll ask "
            "once before running `aws login`."
        )
        ui.say()
        return E.NEXT

    # -- checks -----------------------------------------------------------------------------

    def prefetch_calls(self) -> list[tuple[list[str], float]]:
        assert self.aws is not None
        calls: list[tuple[list[str], float]] = [
            ([self.aws, "--version"], VERSION_TIMEOUT),
            (self.identity_cmd(), IDENTITY_TIMEOUT),
        ]
        if self.path == "login":
            # The key ID itself is read from the files, as `aws configure get` would: one
            # AWS CLI process fewer competing for the CPU before the question.
            calls.append(([self.aws, "configure", "list", *self.profile_args()], CONFIGURE_TIMEOUT))
        return calls

    def _start_checks(self) -> None:
        """Start every pre-confirmation AWS CLI call in the background, before printing.

        They are independent, so the user waits for the slowest, not for their sum; the
        steps still read the results one by one, in order.
        """
        found = self.env.which("aws")
        self.aws = str(found) if found is not None else None
        if self.aws is not None:
            self.probes.prefetch(self.prefetch_calls())

    def check_version(self) -> Event:
        if self.aws is None:
            return E.MISSING
        try:
            with self.ui.waiting("Checking the AWS CLI..."):
                result = self.probes.get([self.aws, "--version"], VERSION_TIMEOUT)
        except CommandNotStarted as exc:
            self.problem_text = exc.reason
            self.probes.close(cancel=True)
            return E.MISSING
        except CommandTimeout as exc:
            self.probes.close(cancel=True)
            raise HelperError(
                f"`aws --version` ({self.aws}) did not answer within {exc.timeout:g} s.",
                ExitCode.AWS_UNREACHABLE,
                ["Check that this `aws` works: run `aws --version` yourself."],
            ) from exc
        self.cli = parse_aws_version(result.stdout + "\n" + result.stderr)
        if self.cli is None or (self.minimum is not None and self.cli.version < self.minimum):
            self.probes.close(cancel=True)  # identity and key checks are moot now
            return E.TOO_OLD
        self.ui.success(f"AWS CLI {self.cli.version} at {self.aws}")
        return E.OK

    def _identity(self, *, fresh: bool) -> Completed | None:
        cmd = self.identity_cmd()
        try:
            with self.ui.waiting("Checking your credentials with AWS..."):
                if fresh:
                    return self.runner.run(cmd, timeout=IDENTITY_TIMEOUT)
                return self.probes.get(cmd, IDENTITY_TIMEOUT)
        except CommandTimeout:
            self.unreachable_command = self.show(cmd)
            return None

    def _identity_event(self, result: Completed | None) -> Event:
        """Shared reading of a caller-identity result; WORKS sets `self.identity`."""
        if result is None:
            return E.UNREACHABLE
        identity = parse_identity(result.stdout) if result.ok else None
        if identity is not None:
            self.identity = identity
            return E.WORKS
        problem = classify_identity_error(result.stderr)
        self.identity_problem = problem
        self.problem_text = IDENTITY_PROBLEM_TEXT[problem]
        self.login_stderr = result.stderr
        if problem is IdentityProblem.PERMISSION:
            return E.PERMISSION
        if problem is IdentityProblem.UNKNOWN_PROFILE:
            self.ui.info(f"Profile {self.profile} does not exist yet; signing in will create it.")
        else:
            self.ui.warn(f"The credentials of {self.label} do not work: {self.problem_text}.")
        return E.FAILED

    def _show_identity(self, identity: Identity, headline: str) -> None:
        self.ui.success(headline + ".")
        self.ui.fields([("Account", identity.account), ("Arn", identity.arn)])

    def check_identity(self) -> Event:
        event = self._identity_event(self._identity(fresh=False))
        if event is E.WORKS and self.identity:
            what = (
                "The SSO session of {} works"
                if self.path == "sso"
                else "The credentials of {} work"
            )
            self._show_identity(self.identity, what.format(self.label))
        return event

    def _refusal(self) -> str | None:
        """What `aws login` would refuse in the target profile ("Access Key", ...), if any."""
        profile = self.current_profile()
        return awsconfig.login_refusal_kind(profile) if profile else None

    def ask_keep(self) -> Event:
        if not self.env.can_prompt:
            self.ui.info("They work, so I'm keeping them (no terminal to ask).")
            return E.KEEP
        refusal = self._refusal()
        in_place = self.named and self.profile != "default" and not refusal
        switch_title = (
            f"Set up different credentials with `aws login` for profile {self.profile}"
            if in_place
            else "Set up different credentials with `aws login` in a new named profile"
        )
        choice = self.prompter.select(
            "Keep these credentials, or set up different ones?",
            [("keep", "Keep them (change nothing)"), ("switch", switch_title)],
            default="keep",
        )
        if choice == "keep":
            return E.KEEP
        if in_place:
            return E.SWITCH
        if refusal:
            self.ui.info(
                f"`aws login` will not replace the {refusal} credentials in {self.label}, so "
                "I'll set up the new ones in a new named profile and leave it as it is."
            )
        else:
            self.ui.info(
                "I'll use a new named profile so your default profile stays exactly as it is."
            )
        return E.NEEDS_NAME

    def _suggest_name(self) -> str:
        for name in ("dev", "login", "sandbox"):
            if self.files is None or self.files.profile(name) is None:
                return name
        return ""

    def validate_new_profile(self, name: str) -> str | None:
        problem = awsconfig.validate_profile_name(name)
        if problem:
            return problem
        if name in ("default", self.profile):
            return f"Profile {name} is the one being replaced; choose a new name."
        existing = self.files.profile(name) if self.files else None
        if existing is not None:
            if awsconfig.is_sso_profile(existing):
                return f"Profile {name} is an IAM Identity Center (SSO) profile; choose another."
            kind = awsconfig.login_refusal_kind(existing)
            if kind:
                return f"Profile {name} already holds {kind} credentials; choose another name."
        return None

    def ask_profile_name(self) -> Event:
        if not self.env.can_prompt:
            return E.NO_TERMINAL
        name = self.prompter.text(
            "Name for the new profile:",
            default=self._suggest_name(),
            validate=self.validate_new_profile,
        )
        self.profile = name
        self.profile_source = "new"
        return E.NAMED

    def _explain_long_term(self) -> None:
        if not self.explained_long_term:
            self.ui.detail(LONG_TERM_RISK)
            self.ui.detail(LOGIN_BENEFIT)
            self.explained_long_term = True

    def check_keys(self) -> Event:
        assert self.aws is not None
        assert self.files is not None
        profile = self.current_profile()
        kind = awsconfig.credential_kind(profile, self.files) if profile else CredentialKind.NONE
        key_id = self._configured_key_id(profile)
        source = self._configured_key_source()
        where = f" {source}" if source else ""
        if key_id and awsconfig.key_id_kind(key_id) == "long-term":
            self.ui.warn(
                f"{self.label.capitalize()} holds a long-term access key "
                f"(AKIA..., {mask_key_id(key_id)}){where}."
            )
            self._explain_long_term()
        elif key_id and awsconfig.key_id_kind(key_id) == "temporary":
            self.ui.info(
                f"{self.label.capitalize()} holds temporary keys (ASIA..., {mask_key_id(key_id)})."
            )
        elif kind is CredentialKind.LOGIN and profile is not None:
            self.ui.info(
                f"{self.label.capitalize()} already uses an `aws login` session; "
                "signing in again renews it."
            )
        elif kind is CredentialKind.NONE and self.identity_problem not in (
            IdentityProblem.NO_CREDENTIALS,
            IdentityProblem.UNKNOWN_PROFILE,
        ):  # the identity check already said so
            self.ui.info(f"{self.label.capitalize()} holds no credentials yet.")
        self._warn_env_keys()
        if self.identity is not None:
            return E.WORKS  # they work: ASK_KEEP decides, knowing what the profile holds
        refusal = self._refusal()
        if refusal:
            self.ui.warn(
                f"`aws login` will not replace the {refusal} credentials in {self.label}, so "
                "let's sign in under a new profile name and leave it as it is."
            )
            return E.CONFLICT
        return E.OK

    @staticmethod
    def _configured_key_id(profile: awsconfig.Profile | None) -> str | None:
        """The key ID in the files (what `aws configure get aws_access_key_id` prints)."""
        return profile.get("aws_access_key_id") if profile else None

    def _configured_key_source(self) -> str:
        assert self.aws is not None
        cmd = [self.aws, "configure", "list", *self.profile_args()]
        try:
            result = self.probes.get(cmd, CONFIGURE_TIMEOUT)
        except (CommandTimeout, CommandNotStarted):
            return ""
        row = parse_configure_list(result.stdout).get("access_key") if result.ok else None
        if row is None or row.type in ("None", ""):
            return ""
        return {
            "shared-credentials-file": "in the credentials file",
            "config-file": "in the config file",
            "env": "from environment variables",
        }.get(row.type, f"(source: {row.type})")

    def _warn_env_keys(self) -> None:
        key_id = self.env.get("AWS_ACCESS_KEY_ID")
        if not key_id:
            return
        kind = awsconfig.key_id_kind(key_id)
        label = {"long-term": "a long-term key", "temporary": "a temporary key"}.get(kind, "a key")
        self.ui.warn(
            f"AWS_ACCESS_KEY_ID is set in your environment ({label}, {mask_key_id(key_id)}). "
            "It wins over any profile for commands run without --profile; I'll show how to "
            "clear it at the end."
        )
        if kind == "long-term":
            self._explain_long_term()

    def check_browser(self) -> Event:
        if self.options.remote:
            self.ui.info(
                "Using `aws login --remote` as asked: you'll open a link on any device, sign "
                "in, and paste the code back here."
            )
        elif self.remote_reason:
            self.ui.info(
                f"No local browser here, I think: {self.remote_reason}. So I'll use "
                "`aws login --remote`: open the link on any device, sign in, and paste the "
                "code back here. (Pass --no-remote to use the browser flow anyway.)"
            )
        return E.NEXT

    # -- the one confirmation, and running ------------------------------------------------

    def login_cmd(self) -> list[str]:
        assert self.aws is not None
        remote = ["--remote"] if self.remote else []
        return [self.aws, "login", *self.profile_args(), *remote, *self.region_args()]

    def _confirm(self, cmd: list[str]) -> Event:
        self.pending = cmd
        shown = self.show(cmd)
        if self.options.yes:
            self.auto_confirmed = True
            return E.YES
        if not self.env.can_prompt:
            return E.NO_TERMINAL
        self.ui.say()
        return E.YES if self.prompter.confirm(f"Ready for me to run `{shown}`?") else E.NO

    def confirm_login(self) -> Event:
        return self._confirm(self.login_cmd())

    def _run_interactive(self, cmd: list[str], intro: str) -> Completed | None:
        answered = " (--yes answered the confirmation)" if self.auto_confirmed else ""
        self.ui.say(f"Running `{self.show(cmd)}`{answered}. {intro}")
        self.ui.say()
        try:
            return self.runner.run_interactive(cmd)
        except CommandTimeout:
            return None
        except CommandNotStarted as exc:
            raise HelperError(
                f"Could not start `{self.show(cmd)}`: {exc.reason}.", ExitCode.LOGIN_FAILED
            ) from exc

    def _remote_hint_on_interrupt(self) -> None:
        if self.path == "login" and not self.remote:
            self.ui.hint(
                "If no browser opened, run `awslogin-helper --remote` to sign in from any device."
            )

    def run_login(self) -> Event:
        cmd = self.login_cmd()
        try:
            result = self._run_interactive(
                cmd, "Follow its instructions; it may ask you for a region."
            )
        except KeyboardInterrupt:
            self._remote_hint_on_interrupt()
            raise
        if result is None:
            self.login_problem = LoginProblem.BROWSER_TIMEOUT
            return E.FAILED
        self.ui.say()
        if result.ok:
            return E.OK
        self.login_stderr = result.stderr
        self.login_problem = classify_login_failure(result.returncode, result.stderr)
        if self.login_problem is LoginProblem.INTERRUPTED:
            self._remote_hint_on_interrupt()
            raise KeyboardInterrupt
        if self.login_problem is LoginProblem.NOT_SUPPORTED:
            return E.TOO_OLD
        if self.login_problem is LoginProblem.PERMISSION:
            return E.PERMISSION
        if self.login_problem is LoginProblem.REFUSED:
            return E.REFUSED
        return E.FAILED

    def verify(self) -> Event:
        event = self._identity_event(self._identity(fresh=True))
        if event is E.WORKS and self.identity:
            verb = "Verified" if self.path == "configure" else "Signed in"
            self._show_identity(self.identity, f"{verb}: {self.label} works")
        return event

    def aftercare(self) -> Event:
        ui = self.ui
        shells = self.env.shells()
        env_keys = [n for n in awsconfig.CREDENTIAL_ENV_VARS if self.env.get(n)]
        profile_var = next((n for n in PROFILE_ENV_VARS if self.env.get(n)), "AWS_PROFILE")
        env_profile = self.env.get(profile_var)
        if env_keys:
            ui.warn(
                f"{', '.join(env_keys)} {'is' if len(env_keys) == 1 else 'are'} set in this "
                "shell, so commands run without --profile use those keys instead of these "
                "credentials. Clear them:"
            )
            self._shell_lines(shells, lambda sh: unset_lines(sh, env_keys))
        if env_profile and env_profile != self.profile:
            ui.warn(
                f"{profile_var}={env_profile} makes commands without --profile use profile "
                f"{env_profile}, not {self.profile}. Change it:"
            )
            self._shell_lines(shells, lambda sh: [set_line(sh, profile_var, self.profile)])
        elif self.named and self.profile not in ("default", env_profile):
            ui.info(
                f"Use these credentials with --profile {self.profile}, for example "
                f"`aws sts get-caller-identity --profile {self.profile}`, or select the "
                "profile for this shell:"
            )
            self._shell_lines(shells, lambda sh: [set_line(sh, "AWS_PROFILE", self.profile)])
        return E.NEXT

    def _shell_lines(self, shells: Sequence[str], lines: Callable[[str], list[str]]) -> None:
        for shell in shells:
            prefix = f"{SHELL_LABELS[shell]}: " if len(shells) > 1 else ""
            for line in lines(shell):
                self.ui.command(prefix + line)

    # -- IAM Identity Center (SSO) ----------------------------------------------------------

    def sso_explain(self) -> Event:
        # SSO identity checks always name the profile, even the default one.
        if self.profile_source == "default":
            self.profile_source = "--profile"
        self._start_checks()
        assert self.files is not None
        profile = self.current_profile()
        assert profile is not None
        url = awsconfig.sso_start_url(profile, self.files)
        self.ui.title(f"Profile {self.profile} signs in through IAM Identity Center (SSO).")
        where = f" (start URL {url})" if url else ""
        self.ui.say(
            f"Its sign-in command is `aws sso login --profile {self.profile}`, which keeps "
            f"your organisation's set-up{where}. First I'll check your AWS CLI and whether "
            "the SSO session still works."
        )
        self.ui.say()
        return E.NEXT

    def sso_login_cmd(self) -> list[str]:
        assert self.aws is not None
        cmd = [self.aws, "sso", "login", "--profile", self.profile]
        if self.remote and self.cli is not None and self.cli.version >= SSO_DEVICE_CODE_VERSION:
            cmd.append("--use-device-code")
        return cmd

    def sso_confirm(self) -> Event:
        if self.remote and self.remote_reason:
            self.ui.info(
                f"No local browser here, I think: {self.remote_reason}. I'll ask for a device "
                "code you can enter on any device."
            )
        return self._confirm(self.sso_login_cmd())

    def run_sso_login(self) -> Event:
        result = self._run_interactive(self.sso_login_cmd(), "Follow its instructions.")
        if result is None:
            self.login_problem = LoginProblem.BROWSER_TIMEOUT
            return E.FAILED
        self.ui.say()
        if result.ok:
            return E.OK
        self.login_stderr = result.stderr
        self.login_problem = LoginProblem.SSO_FAILED
        if result.returncode == 130:
            raise KeyboardInterrupt
        return E.FAILED

    # -- GovCloud and China -----------------------------------------------------------------

    def partition_explain(self) -> Event:
        self._start_checks()
        name = PARTITION_NAMES[self.partition]
        if self.options.partition:
            where = f"You chose the {self.partition} partition ({name})"
        else:
            where = f"Region {self.region} (from {self.region_source}) is in {name}"
        self.ui.title(f"{where}, where `aws login` is not available.")
        target = " ".join(["aws", "configure", *self.profile_args()])
        self.ui.say(
            f"The fallback there is long-term access keys, stored with `{target}`. "
            f"{LONG_TERM_RISK} Rotate them often, and prefer IAM Identity Center (SSO) if "
            "your organisation offers it."
        )
        self.ui.say("First I'll check your AWS CLI and whether your current credentials work.")
        self.ui.say()
        return E.NEXT

    def configure_cmd(self) -> list[str]:
        assert self.aws is not None
        return [self.aws, "configure", *self.profile_args()]

    def configure_confirm(self) -> Event:
        return self._confirm(self.configure_cmd())

    def run_configure(self) -> Event:
        result = self._run_interactive(
            self.configure_cmd(),
            "It asks for your access key ID, secret access key, region and output format.",
        )
        if result is not None and result.ok:
            return E.OK
        self.login_stderr = result.stderr if result else ""
        self.login_problem = LoginProblem.OTHER
        return E.FAILED

    # -- last words -------------------------------------------------------------------------

    def end_success(self) -> None:
        if self.path == "login":
            self.ui.success(
                "All set. These credentials refresh every 15 minutes for up to 12 hours; "
                "run awslogin-helper again when the session ends."
            )
        elif self.path == "sso":
            self.ui.success(
                f"All set. When the SSO session ends, run `aws sso login --profile {self.profile}`."
            )
        else:
            self.ui.success("All set. Remember to rotate these access keys regularly.")

    def end_kept(self) -> None:
        if self.path == "login":
            self.ui.say(
                "Nothing changed. To set up `aws login` credentials in another profile later, run:"
            )
            self.ui.command("awslogin-helper --profile NAME")
        else:
            self.ui.say("Nothing to do: these credentials work.")

    def end_declined(self) -> None:
        ui = self.ui
        ui.say("OK, nothing was run.")
        if self.path == "sso":
            ui.say("When you're ready, sign in with:")
            ui.command(f"aws sso login --profile {self.profile}")
        elif self.path == "login":
            target = " ".join(["aws", "configure", *self.profile_args()])
            ui.say(
                f"If you cannot use `aws login`, the alternative is long-term access keys, "
                f"stored with `{target}`. {LONG_TERM_RISK} Prefer `aws login` when you can: "
                "run awslogin-helper again any time."
            )

    def end_not_for_ci(self) -> None:
        ui = self.ui
        ui.error(
            f"This looks like a CI/CD system ({self.ci_marker} is set), so I ran nothing: "
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
        ui.detail(f"Not CI? Unset {self.ci_marker} and run awslogin-helper again.")

    def end_cli_missing(self) -> None:
        reason = f" ({self.problem_text})" if self.problem_text else ""
        self.ui.error(f"No working `aws` command found on your PATH{reason}.")
        self.ui.hint(f"Install {self.required}: {INSTALL_GUIDE}")
        self.ui.hint("Then open a new terminal and run awslogin-helper again.")

    def end_cli_too_old(self) -> None:
        ui = self.ui
        if self.cli is None:
            ui.error(f"Could not tell the version of the AWS CLI at {self.aws}.")
        elif self.cli.major < 2:
            ui.error(
                f"The AWS CLI at {self.aws} is version {self.cli.version} (v1); this needs "
                f"{self.required}."
            )
        elif self.login_problem is LoginProblem.NOT_SUPPORTED:
            ui.error(f"AWS CLI {self.cli.version} at {self.aws} does not know `aws login`.")
        else:
            ui.error(
                f"AWS CLI {self.cli.version} at {self.aws} is older than {self.minimum}, "
                f"the first release with {'`aws login`' if self.path == 'login' else 'this'}."
            )
        ui.hint(f"Install or update to {self.required}: {INSTALL_GUIDE}")
        self._hint_newer_aws()

    def _hint_newer_aws(self) -> None:
        """A newer `aws` later on PATH is a common cause of 'invalid choice'."""
        for other in self.env.which_all("aws")[1:]:
            try:
                result = self.runner.run([str(other), "--version"], timeout=VERSION_TIMEOUT)
            except (CommandTimeout, CommandNotStarted):
                continue
            found = parse_aws_version(result.stdout + "\n" + result.stderr)
            if found and (self.minimum is None or found.version >= self.minimum):
                self.ui.hint(
                    f"AWS CLI {found.version} is at {other}, later on your PATH: put its "
                    "directory first on PATH (or remove the old one)."
                )
                return

    def end_needs_terminal(self) -> None:
        shown = self.show(self.pending)
        self.ui.error(f"I must ask before running `{shown}`, but there is no terminal to ask in.")
        self.ui.hint("Run awslogin-helper in a terminal, or pass --yes to run it without asking.")

    def end_profile_conflict(self) -> None:
        profile = self.current_profile()
        kind = refusal_kind(self.login_stderr) or (
            awsconfig.login_refusal_kind(profile) if profile else None
        )
        held = f" {kind}" if kind else " other"
        self.ui.error(
            f"{self.label.capitalize()} already holds{held} credentials, and `aws login` will "
            "not replace them."
        )
        self.ui.hint("Sign in under a new profile name instead (this profile stays as it is):")
        self.ui.command("awslogin-helper --profile NEW-NAME")

    def end_login_failed(self) -> None:
        ui = self.ui
        problem = self.login_problem
        if self.path == "sso":
            self._sso_troubleshooting()
            return
        if self.path == "configure":
            ui.error("`aws configure` did not finish; nothing was verified.")
            self._show_cli_error()
            return
        remote_hint = "Run `awslogin-helper --remote` to sign in from any device with a browser."
        if problem in (LoginProblem.BROWSER_TIMEOUT, LoginProblem.CALLBACK):
            ui.error("The browser sign-in did not complete.")
            if not self.remote:
                ui.hint(f"If no browser opened on this machine: {remote_hint}")
        elif problem is LoginProblem.CANCELLED:
            ui.error("The sign-in was cancelled or denied in the browser.")
            ui.hint("Run awslogin-helper again and approve the request in the browser.")
            if not self.remote:
                ui.hint(f"If the browser was on the wrong machine: {remote_hint}")
        elif problem in (LoginProblem.CODE_EXPIRED, LoginProblem.BAD_CODE):
            ui.error("The authorization code was wrong or had expired.")
            ui.hint("Run awslogin-helper again and paste the new code promptly, in full.")
        elif problem is LoginProblem.NETWORK:
            ui.error("`aws login` could not reach the AWS sign-in service.")
            ui.hint("Check your network, VPN or proxy settings (HTTPS_PROXY), then try again.")
        else:
            ui.error("`aws login` failed.")
            self._show_cli_error()
            if not self.remote:
                ui.hint(f"If the browser did not open: {remote_hint}")

    def _show_cli_error(self) -> None:
        lines = [ln.strip() for ln in redact(self.login_stderr).splitlines() if ln.strip()]
        if lines:
            self.ui.detail("The AWS CLI said: " + lines[-1])

    def _sso_troubleshooting(self) -> None:
        ui = self.ui
        ui.error(f"`aws sso login --profile {self.profile}` did not succeed.")
        self._show_cli_error()
        ui.say("Things to check, in order:")
        ui.hint(
            "The SSO session may have expired or been revoked: run the command again and "
            "approve the request in the browser."
        )
        profile = self.current_profile()
        url = awsconfig.sso_start_url(profile, self.files) if profile and self.files else None
        if url and profile is not None:
            cache = awsconfig.find_sso_cache(url, profile.get("sso_session"), self.env.home)
            if cache is not None:
                ui.hint(
                    f"A stale token cache: {cache.path} belongs to start URL {url}. Remove it "
                    f"(or run `aws sso logout`), then run `aws sso login --profile {self.profile}`."
                )
            else:
                ui.hint(
                    f"A stale token cache under {awsconfig.sso_cache_dir(self.env.home)}: run "
                    "`aws sso logout`, then sign in again."
                )
        ui.hint(
            "If your organisation changed IAM Identity Center (start URL, region, account or "
            f"role), update the profile with `aws configure sso --profile {self.profile}`."
        )
        ui.hint(f"Guide: {SSO_GUIDE}")

    def end_verify_failed(self) -> None:
        self.ui.error(
            f"Signing in finished, but {self.label} still does not work: {self.problem_text}."
        )
        self._show_cli_error()
        if self.env.get("AWS_ACCESS_KEY_ID") and not self.named:
            self.ui.hint(
                "AWS_ACCESS_KEY_ID in your environment wins over the new session: clear it and "
                "run `aws sts get-caller-identity` again."
            )
        else:
            self.ui.hint("Run awslogin-helper --verbose to see each AWS CLI call.")

    def end_permission_problem(self) -> None:
        ui = self.ui
        signin = self.login_problem is LoginProblem.PERMISSION or ("signin:" in self.login_stderr)
        if signin:
            ui.error(
                f"Your IAM identity may not use `aws login` yet: it needs the {POLICY_NAME} "
                "managed policy. This is a permissions problem, not a sign-in problem."
            )
        else:
            ui.error(
                "AWS denied the request: this is a permissions problem, not a sign-in problem, "
                "so signing in again would not help."
            )
            self._show_cli_error()
        ui.say(
            f"Ask your administrator to attach the AWS managed policy {POLICY_NAME} "
            f"({POLICY_ARN}) to your IAM user, role or group, or attach it yourself if you "
            "have IAM permissions. Root users need no policy."
        )
        command = attach_policy_command(self.identity)
        if command:
            ui.command(command)
        else:
            ui.command(f"aws iam attach-user-policy --user-name NAME --policy-arn {POLICY_ARN}")
            ui.detail("(attach-role-policy --role-name / attach-group-policy --group-name alike)")

    def end_aws_unreachable(self) -> None:
        self.ui.error(
            f"AWS did not answer in time (`{self.unreachable_command}` gave up after "
            f"{IDENTITY_TIMEOUT:g} s)."
        )
        self.ui.hint("Check your network, VPN or proxy settings (HTTPS_PROXY), then try again.")

    def end_sso_not_configured(self) -> None:
        ui = self.ui
        assert self.files is not None
        sso = [p.name for p in self.files.profiles.values() if awsconfig.is_sso_profile(p)]
        if sso:
            ui.error(
                f"{self.label.capitalize()} is not an IAM Identity Center (SSO) profile. "
                f"SSO profiles here: {', '.join(sso)}."
            )
            ui.hint("Pick one:")
            ui.command(f"awslogin-helper --sso --profile {sso[0]}")
            return
        ui.error(f"No IAM Identity Center (SSO) profile is configured in {self.files.config_path}.")
        ui.say(
            "Set one up with `aws configure sso`: it asks for your organisation's start URL "
            "and SSO region, then lets you pick an account and a role. Then sign in with "
            "`aws sso login --profile NAME`."
        )
        ui.command("aws configure sso")
        ui.hint(f"Guide: {SSO_GUIDE}")
