"""The wizard's step handlers. Each returns an Event; `machine.TRANSITIONS` decides what follows.

All side effects go through the injected edges: `Runner` (child processes), `Prompter`
(questions), `UI` (the console) and `Environment` (variables, terminals, PATH).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import NoReturn

from packaging.version import Version

from awslogin_helper import awsconfig
from awslogin_helper.awsconfig import AwsFiles, ConfigFileError, CredentialKind
from awslogin_helper.classify import (
    IDENTITY_PROBLEM_TEXT,
    Identity,
    IdentityProblem,
    LoginProblem,
    classify_identity_error,
    classify_login_failure,
    denied_by,
    parse_configure_list,
    parse_identity,
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
from awslogin_helper.environment import Environment
from awslogin_helper.errors import HelperError
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.machine import Event, Handler, Step, drive
from awslogin_helper.prompter import Prompter
from awslogin_helper.quoting import option, shell_command
from awslogin_helper.redact import (
    CREDENTIAL_PROCESS_FAILED,
    credential_process_failed,
    mask_key_id,
    redact,
)
from awslogin_helper.runner import (
    CommandNotStarted,
    CommandOutputTooLarge,
    CommandTimeout,
    Completed,
    Runner,
)
from awslogin_helper.shells import (
    SHELL_LABELS,
    persist_line,
    set_line,
    startup_file,
    unset_lines,
)
from awslogin_helper.ui import UI, PrintablePrompter
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
# Typed at the new-profile prompt instead of a name: "no" (no profile may be named so).
DECLINE_ANSWERS = ("n", "no")
# `aws sso login --use-device-code` exists from this release (device code stopped being default).
SSO_DEVICE_CODE_VERSION = Version("2.22.0")
VERSION_TIMEOUT = 15.0
# At most this many later `aws` executables on PATH are asked for their version at once.
LATER_AWS_WORKERS = 4
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
        # Every question is made printable: it names profiles and regions from the files.
        self.prompter: Prompter = PrintablePrompter(prompter)
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
        # The region passed to `aws login` for a profile that has none (the CLI does not
        # save a region it was given): the verification needs it too.
        self.inherited_region: str | None = None
        # A new profile must be named: its name is taken by the one confirmation itself.
        self.needs_name = False
        self.sso_incomplete = False  # an SSO profile without account and role
        # (profile, key ID, file) of a long-term key left behind by moving to a new profile.
        self.left_behind: tuple[str, str, str] | None = None

    # -- plumbing ---------------------------------------------------------------------------

    def handlers(self) -> dict[Step, Handler]:
        return {
            Step.DETECT: self.detect,
            Step.RECOMMEND: self.recommend,
            Step.CHECK_VERSION: self.check_version,
            Step.CHECK_IDENTITY: self.check_identity,
            Step.ASK_KEEP: self.ask_keep,
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
        return option("--profile", self.profile) if self.named else []

    def region_args(self) -> list[str]:
        region = self.options.region or self.inherited_region
        return option("--region", region) if region else []

    @property
    def env_keys(self) -> list[str]:
        """The credential variables set in this shell (they beat profiles without --profile)."""
        return [name for name in awsconfig.CREDENTIAL_ENV_VARS if self.env.get(name)]

    def identity_cmd(self, *, bare: bool = False) -> list[str]:
        """Caller identity of the target profile; `bare` checks what a plain `aws` uses.

        With credential variables set, the profile is named even when it is the default one:
        without --profile the CLI would answer with the variables' keys, not the profile's.
        """
        assert self.aws is not None
        profile = [] if bare else ["--profile", self.profile] if self.env_keys else None
        return [
            self.aws,
            "sts",
            "get-caller-identity",
            "--output",
            "json",
            *(self.profile_args() if profile is None else profile),
            *self.region_args(),
        ]

    @staticmethod
    def show(cmd: Sequence[str]) -> str:
        """A command as the user would type it (`aws`, not the absolute path)."""
        return shell_command(["aws", *cmd[1:]])

    def current_profile(self) -> awsconfig.Profile | None:
        return self.files.profile(self.profile) if self.files else None

    def reload_files(self) -> None:
        try:
            self.files = awsconfig.load_aws_files(self.env.vars, self.env.home)
        except ConfigFileError as exc:
            raise HelperError(
                f"Cannot read the AWS configuration: {exc}",
                ExitCode.CONFIG_ERROR,
                [f"Fix it with: {exc.fix}"]
                if exc.fix
                else ["Fix that line (or move the file aside), then run awslogin-helper again."],
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
            if not (profile.get("sso_account_id") and profile.get("sso_role_name")):
                # An `sso_session` alone names the sign-in, not an account and role: `aws sso
                # login` would succeed and still leave the profile without credentials.
                self.sso_incomplete = True
                return E.SSO_INCOMPLETE
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
            "has working credentials, and what kind of credentials it holds. Nothing runs "
            "until you say yes."
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
        if self.env_keys and not self.named:
            # What the variables themselves are worth, reported as theirs, not the profile's.
            calls.append((self.identity_cmd(bare=True), IDENTITY_TIMEOUT))
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

    def _identity_event(self, result: Completed | None, *, after_login: bool = False) -> Event:
        """Shared reading of a caller-identity result; WORKS sets `self.identity`.

        After a sign-in the ending alone speaks (one line for one cause), so nothing is
        said here then.
        """
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
        if problem is IdentityProblem.PROXY or (after_login and problem is IdentityProblem.NETWORK):
            # Signing in goes through the same proxy: it cannot help until the proxy answers.
            self.unreachable_command = self.show(self.identity_cmd())
            return E.UNREACHABLE
        if after_login:
            return E.FAILED
        if problem is IdentityProblem.SOURCE_PROFILE:
            self._source_profile_has_nothing(result.stderr)
        if problem is IdentityProblem.UNKNOWN_PROFILE:
            creator = "`aws configure`" if self.path == "configure" else "signing in"
            self.ui.info(f"Profile {self.profile} does not exist yet; {creator} will create it.")
        else:
            self.ui.warn(f"The credentials of {self.label} do not work: {self.problem_text}.")
        return E.FAILED

    def _source_profile_has_nothing(self, stderr: str) -> NoReturn:
        """A role profile whose source profile has no credentials: sign in the source first."""
        profile = self.current_profile()
        source = source_profile_named(stderr) or (
            profile.get("source_profile") if profile else None
        )
        if source is None or awsconfig.validate_profile_name(source):
            raise HelperError(
                f"{self.label.capitalize()} assumes a role with the credentials of its source "
                "profile, and that profile has none.",
                ExitCode.PROFILE_CONFLICT,
                ["Sign in the source profile first (see source_profile in the config file)."],
            )
        command = shell_command(["awslogin-helper", *option("--profile", source)])
        raise HelperError(
            f"{self.label.capitalize()} assumes a role with the credentials of source profile "
            f"{source}, and profile {source} has none.",
            ExitCode.PROFILE_CONFLICT,
            [f"Sign in profile {source} first: {command}"],
        )

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
        profile = self.current_profile()
        uses_login = (
            profile is not None
            and self.files is not None
            and awsconfig.credential_kind(profile, self.files) is CredentialKind.LOGIN
        )
        # Signing in again where `aws login` already is renews the session: not an overwrite.
        in_place = not refusal and (uses_login or (self.named and self.profile != "default"))
        if uses_login:
            switch_title = "Sign in again (a new `aws login` session)"
        elif in_place:
            switch_title = f"Set up `aws login` for profile {self.profile}"
        else:
            switch_title = "Set up `aws login` in a new profile (this one stays)"
        choice = self.prompter.select(
            "Keep these credentials, or set up different ones?",
            [("keep", "Keep them (change nothing)"), ("switch", switch_title)],
            default="keep",
        )
        if choice == "keep":
            return E.KEEP
        if in_place:
            return E.SWITCH
        self.needs_name = True
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

    def _validate_name_or_no(self, answer: str) -> str | None:
        return None if answer.lower() in DECLINE_ANSWERS else self.validate_new_profile(answer)

    def _confirm_new_profile(self) -> Event:
        """The one confirmation for a new profile: it shows the command and takes the name."""
        if not self.env.can_prompt:
            return E.CONFLICT  # no name without asking for one: --yes answers yes, not a name
        assert self.aws is not None
        remote = ["--remote"] if self.remote else []
        self.ui.say()
        self.ui.say("I'll run this for a new profile (the profile above stays as it is):")
        self.ui.command(shell_command(["aws", "login", "--profile", "NAME", *remote]))
        answer = self.prompter.text(
            "Profile name (Enter runs it; n cancels):",
            default=self._suggest_name(),
            validate=self._validate_name_or_no,
        )
        if answer.lower() in DECLINE_ANSWERS:
            return E.NO
        old = self.current_profile()
        key_id = self._configured_key_id(old)
        if old is not None and key_id and awsconfig.key_id_kind(key_id) == "long-term":
            assert self.files is not None
            where = (
                self.files.credentials_path
                if "aws_access_key_id" in old.credentials_settings
                else self.files.config_path
            )
            self.left_behind = (self.profile, key_id, str(where))
        self.profile = answer
        self.profile_source = "new"
        self.pending = self.login_cmd()
        self._note_region()
        return E.YES

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
            if self.env.can_prompt:  # else the ending says it, once
                self.ui.warn(
                    f"`aws login` will not replace the {refusal} credentials in {self.label}, "
                    "so let's sign in under a new profile name and leave it as it is."
                )
            self.needs_name = True
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
        except (CommandTimeout, CommandNotStarted, CommandOutputTooLarge):
            return ""
        row = parse_configure_list(result.stdout).get("access_key") if result.ok else None
        if row is None or row.type in ("None", ""):
            return ""
        return {
            "shared-credentials-file": "in the credentials file",
            "config-file": "in the config file",
            "env": "from environment variables",
        }.get(row.type, f"(source: {row.type})")

    def _env_keys_verdict(self) -> str:
        """'work' / 'do not work: REASON' for the variables' own keys ('' when not checked)."""
        if self.named:
            return ""
        try:
            result = self.probes.get(self.identity_cmd(bare=True), IDENTITY_TIMEOUT)
        except (CommandTimeout, CommandNotStarted):
            return ""
        if result.ok and parse_identity(result.stdout) is not None:
            return "they work"
        return f"they do not work: {IDENTITY_PROBLEM_TEXT[classify_identity_error(result.stderr)]}"

    def _warn_env_keys(self) -> None:
        key_id = self.env.get("AWS_ACCESS_KEY_ID")
        if not key_id:
            return
        kind = awsconfig.key_id_kind(key_id)
        label = {"long-term": "a long-term key", "temporary": "a temporary key"}.get(kind, "a key")
        verdict = self._env_keys_verdict()
        self.ui.warn(
            f"AWS_ACCESS_KEY_ID is set in this shell ({label}, {mask_key_id(key_id)})"
            + (f"; {verdict}" if verdict else "")
            + ". It wins over every profile for commands run without --profile; I'll show "
            "how to clear it at the end."
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
                f"No local browser here: {self.remote_reason}. So I'll use "
                "`aws login --remote`: open the link on any device, sign in, and paste the "
                "code back here. (Pass --no-remote to use the browser flow anyway.)"
            )
        return E.NEXT

    # -- the one confirmation, and running ------------------------------------------------

    def login_region(self) -> tuple[str | None, str, bool]:
        """(region, source, pass it) for `aws login` on the target profile.

        The CLI asks for a region when it finds none for the profile itself; a new named
        profile inherits the one the default profile already has, passed as --region.
        """
        assert self.files is not None
        region, source = awsconfig.resolve_region(
            self.profile, self.files, self.env.vars, self.options.region
        )
        if region is None and source == "not set" and self.profile != "default":
            inherited, inherited_from = awsconfig.resolve_region(
                "default", self.files, self.env.vars, None
            )
            if inherited is not None:
                return inherited, inherited_from, True
        return region, source, self.options.region is not None

    def login_cmd(self) -> list[str]:
        assert self.aws is not None
        remote = ["--remote"] if self.remote else []
        region, _source, pass_it = self.login_region()
        region_args = option("--region", region) if pass_it and region else []
        return [self.aws, "login", *self.profile_args(), *remote, *region_args]

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

    def _note_region(self) -> None:
        region, source, passed = self.login_region()
        if passed and not self.options.region:
            self.ui.info(
                f"{self.label.capitalize()} has no region: I'll pass {region} (from {source})."
            )
            self.inherited_region = region

    def confirm_login(self) -> Event:
        if self.needs_name:
            return self._confirm_new_profile()
        region, _source, _passed = self.login_region()
        if region is None and not self.env.stdin_isatty and self.options.yes:
            # `aws login` would stop at its region prompt ("EOF when reading a line").
            raise HelperError(
                f"`aws login` needs a region for {self.label}, and there is no terminal to "
                "ask for one in.",
                ExitCode.USAGE,
                ["Pass the region: awslogin-helper --region REGION (for example us-east-1)."],
            )
        self._note_region()
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

    def _login_intro(self) -> str:
        if self.login_region()[0] is None:
            return "Follow its instructions; it asks for a region first."
        return "Follow its instructions."

    def _remote_hint_on_interrupt(self) -> None:
        # Only when `aws login` was surely waiting for the browser: without a region it may
        # have been stopped at its region prompt, where the browser advice would be wrong.
        if self.path == "login" and not self.remote and self.login_region()[0] is not None:
            self.ui.hint(
                "If no browser opened, run `awslogin-helper --remote` to sign in from any device."
            )

    def run_login(self) -> Event:
        cmd = self.login_cmd()
        try:
            result = self._run_interactive(cmd, self._login_intro())
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
        event = self._identity_event(self._identity(fresh=True), after_login=True)
        if event is E.WORKS and self.identity:
            verb = "Verified" if self.path == "configure" else "Signed in"
            self._show_identity(self.identity, f"{verb}: {self.label} works")
        return event

    def aftercare(self) -> Event:
        ui = self.ui
        shells = self.env.shells()
        profile_var = next((n for n in PROFILE_ENV_VARS if self.env.get(n)), "AWS_PROFILE")
        env_profile = self.env.get(profile_var)
        self._env_keys_note()
        if self.inherited_region and self.path == "login":
            ui.info(f"To keep {self.inherited_region} as the region of {self.label}, run:")
            ui.command(
                shell_command(
                    [
                        "aws",
                        "configure",
                        "set",
                        "region",
                        self.inherited_region,
                        *option("--profile", self.profile),
                    ]
                )
            )
        if env_profile and env_profile != self.profile:
            ui.warn(
                f"{profile_var}={env_profile} makes commands without --profile use profile "
                f"{env_profile}, not {self.profile}. Change it:"
            )
            self._shell_lines(shells, lambda sh: [set_line(sh, profile_var, self.profile)])
        elif self.named and self.profile not in ("default", env_profile):
            # The AWS CLI itself has just said how to use --profile; what it does not say is
            # how to make the profile the one a plain `aws` uses in the next terminal.
            for shell in shells:
                where = startup_file(shell, self.env.get("SHELL"))
                label = f"{SHELL_LABELS[shell]}: " if len(shells) > 1 else ""
                ui.info(
                    f"{label}To use profile {self.profile} in new terminals, "
                    + (f"add this line to {where}:" if where else "run:")
                )
                ui.command(persist_line(shell, "AWS_PROFILE", self.profile))
        self._left_behind_note()
        return E.NEXT

    def _left_behind_note(self) -> None:
        """The long-term key of the profile moved away from is still on disk: say where."""
        if self.left_behind is None:
            return
        name, key_id, path = self.left_behind
        self.ui.warn(
            f"The long-term key {mask_key_id(key_id)} of "
            + ("the default profile" if name == "default" else f"profile {name}")
            + f" is still in {path}, in plain text. Remove it there once nothing uses it."
        )

    def _env_keys_note(self) -> None:
        """Credential variables shadow the profile for a bare `aws`: say so, with the fix."""
        env_keys = self.env_keys
        if not env_keys:
            return
        self.ui.warn(
            f"A bare `aws` in this shell still uses {', '.join(env_keys)}, not {self.label}. "
            "Clear the variables:"
        )
        self._shell_lines(self.env.shells(), lambda sh: unset_lines(sh, env_keys))

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
            f"Its sign-in command is `{self.sso_login_shown}`, which keeps "
            f"your organisation's set-up{where}. First I'll check your AWS CLI and whether "
            "the SSO session still works."
        )
        self.ui.say()
        return E.NEXT

    @property
    def sso_login_shown(self) -> str:
        """`aws sso login` for this profile, as the user would type it."""
        return shell_command(["aws", "sso", "login", *option("--profile", self.profile)])

    def sso_login_cmd(self) -> list[str]:
        assert self.aws is not None
        cmd = [self.aws, "sso", "login", *option("--profile", self.profile)]
        if self.remote and self.cli is not None and self.cli.version >= SSO_DEVICE_CODE_VERSION:
            cmd.append("--use-device-code")
        return cmd

    def sso_confirm(self) -> Event:
        if self.remote and self.remote_reason:
            self.ui.info(
                f"No local browser here: {self.remote_reason}. I'll ask for a device "
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
        target = shell_command(["aws", "configure", *self.profile_args()])
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
            self.ui.success(f"All set. When the SSO session ends, run `{self.sso_login_shown}`.")
        else:
            self.ui.success("All set. Remember to rotate these access keys regularly.")

    def end_kept(self) -> None:
        self._env_keys_note()
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
        self._env_keys_note()
        configure = shell_command(["aws", "configure", *self.profile_args()])
        if self.path == "sso":
            ui.say("When you're ready, sign in with:")
            # The same command the confirmation showed (--use-device-code where it applied).
            ui.command(self.show(self.sso_login_cmd()))
        elif self.path == "configure":
            ui.say("When you're ready, store the keys with:")
            ui.command(configure)
        else:
            ui.say(
                f"If you cannot use `aws login`, the alternative is long-term access keys. "
                f"{LONG_TERM_RISK} Store them with:"
            )
            ui.command(configure)

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
        """A newer `aws` later on PATH is a common cause of 'invalid choice'.

        The later executables are asked at once (a bounded pool), so hanging ones cost one
        timeout, not one each; the first fitting one in PATH order wins.
        """
        others = self.env.which_all("aws")[1:]
        if not others:
            return
        workers = min(len(others), LATER_AWS_WORKERS)
        pool = ThreadPoolExecutor(workers, thread_name_prefix="aws-later")
        futures = [
            pool.submit(self.runner.run, [str(other), "--version"], timeout=VERSION_TIMEOUT)
            for other in others
        ]
        try:
            for other, future in zip(others, futures, strict=True):
                try:
                    result = future.result()
                except (CommandTimeout, CommandNotStarted, CommandOutputTooLarge):
                    continue
                found = parse_aws_version(result.stdout + "\n" + result.stderr)
                if found and (self.minimum is None or found.version >= self.minimum):
                    self.ui.hint(
                        f"AWS CLI {found.version} is at {other}, later on your PATH: put its "
                        "directory first on PATH (or remove the old one)."
                    )
                    return
        finally:
            # What is still running is moot now (an answer was found, or we are leaving).
            pool.shutdown(wait=False, cancel_futures=True)
            self.runner.cancel_all()
            pool.shutdown(wait=True)

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
            ui.hint("Its error is above. When you're ready, run it again:")
            ui.command(shell_command(["aws", "configure", *self.profile_args()]))
            return
        # The AWS CLI's own error went to the terminal already: the verdict does not repeat it.
        self._render("", login_ending(problem or LoginProblem.OTHER, self.situation()))

    def _show_cli_error(self) -> None:
        if credential_process_failed(self.login_stderr):
            # Its output may echo its own command line and secrets: say only that it failed.
            self.ui.detail(f"The profile's {CREDENTIAL_PROCESS_FAILED}.")
            return
        # The whole text is redacted before its last line is taken.
        lines = [ln.strip() for ln in redact(self.login_stderr).splitlines() if ln.strip()]
        if lines:
            self.ui.detail("The AWS CLI said: " + lines[-1])

    def _sso_troubleshooting(self) -> None:
        ui = self.ui
        ui.error(f"`{self.sso_login_shown}` did not succeed (its error is above).")
        ui.say("Things to check, in order:")
        ui.hint(
            "The SSO session may have expired or been revoked: run the command again and "
            "approve the request in the browser."
        )
        profile = self.current_profile()
        url = awsconfig.sso_start_url(profile, self.files) if profile and self.files else None
        if url and profile is not None:
            cache = awsconfig.find_sso_cache(url, profile.get("sso_session"), self.env.home)
            if cache is not None and cache.problem:
                # A FIFO, a root-owned file (`sudo aws sso login`), ...: say so, with the fix.
                fix = f" Fix it with: {cache.fix}" if cache.fix else ""
                ui.hint(f"The token cache {cache.path} cannot be used: {cache.problem}.{fix}")
            elif cache is not None:
                ui.hint(
                    f"A stale token cache: {cache.path} belongs to start URL {url}. Remove it "
                    f"(or run `aws sso logout`), then run `{self.sso_login_shown}`."
                )
            else:
                ui.hint(
                    f"A stale token cache under {awsconfig.sso_cache_dir(self.env.home)}: run "
                    "`aws sso logout`, then sign in again."
                )
        reconfigure = shell_command(["aws", "configure", "sso", *option("--profile", self.profile)])
        ui.hint(
            "If your organisation changed IAM Identity Center (start URL, region, account or "
            f"role), update the profile with `{reconfigure}`."
        )
        ui.hint(f"Guide: {SSO_GUIDE}")

    def situation(self, *, refresh: bool = False) -> Situation:
        """What the endings table may name: the profile, its principal, proxy, source."""
        profile = self.current_profile()
        denied_arn, _action = denied_by(self.login_stderr)
        arn = (
            denied_arn
            or (self.identity.arn if self.identity else None)
            or (profile.get("login_session") if profile else None)
        )
        host = proxy_host(self.login_stderr)
        source = source_profile_named(self.login_stderr) or (
            profile.get("source_profile") if profile else None
        )
        return Situation(
            profile=self.profile,
            named=self.named,
            remote=self.remote,
            verbose=self.ui.verbose,
            after_login=refresh,
            principal_arn=arn,
            source_profile=source,
            proxy=(self._proxy_variable(), host) if host else None,
        )

    def _render(self, lead: str, ending: Ending, *, show_cli_error: bool = False) -> None:
        """An ending: the verdict once (after `lead`), then its one next step."""
        verdict = ending.verdict
        self.ui.error(f"{lead}{verdict}." if lead else verdict[:1].upper() + verdict[1:] + ".")
        if show_cli_error:
            self._show_cli_error()
        if ending.step:
            self.ui.hint(ending.step)
        if ending.command:
            self.ui.command(ending.command)

    def end_verify_failed(self) -> None:
        problem = self.identity_problem or IdentityProblem.OTHER
        self._render(
            f"Signing in finished, but {self.label} still does not work: ",
            identity_ending(problem, self.situation()),
            # Only an unclassified error needs the CLI's own words (captured, not yet shown).
            show_cli_error=problem is IdentityProblem.OTHER,
        )

    def end_permission_problem(self) -> None:
        _arn, action = denied_by(self.login_stderr)
        signin = self.login_problem is LoginProblem.PERMISSION or (action or "").startswith(
            "signin:"
        )
        # A refresh failed when the identity check (not `aws login`) hit the sign-in action.
        refresh = self.login_problem is not LoginProblem.PERMISSION
        ending = permission_ending(self.situation(), signin=signin, action=action, refresh=refresh)
        self._render("", ending, show_cli_error=not signin and action is None)

    def _proxy_variable(self) -> str:
        """The variable that names the proxy the AWS CLI uses for HTTPS (as botocore reads it)."""
        for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
            if self.env.get(name):
                return name
        return "HTTPS_PROXY"

    def end_aws_unreachable(self) -> None:
        if self.identity_problem in (IdentityProblem.PROXY, IdentityProblem.NETWORK):
            self._render("", identity_ending(self.identity_problem, self.situation()))
            return
        self.ui.error(
            f"AWS did not answer in time (`{self.unreachable_command}` gave up after "
            f"{IDENTITY_TIMEOUT:g} s)."
        )
        self.ui.hint("Check your network, VPN or proxy settings (HTTPS_PROXY), then try again.")

    def end_sso_not_configured(self) -> None:
        ui = self.ui
        assert self.files is not None
        if self.sso_incomplete:
            ui.error(
                f"{self.label.capitalize()} uses IAM Identity Center (SSO) but names no account "
                "and role, so it cannot give credentials yet."
            )
            ui.hint("Complete it (it asks for the account and role):")
            ui.command(
                shell_command(["aws", "configure", "sso", *option("--profile", self.profile)])
            )
            return
        sso = [p.name for p in self.files.profiles.values() if awsconfig.is_sso_profile(p)]
        if sso:
            ui.error(
                f"{self.label.capitalize()} is not an IAM Identity Center (SSO) profile. "
                f"SSO profiles here: {', '.join(sso)}."
            )
            if awsconfig.validate_profile_name(sso[0]) is None:
                # A name the helper would refuse is not offered as a command to copy.
                ui.hint("Pick one:")
                ui.command(shell_command(["awslogin-helper", "--sso", "--profile", sso[0]]))
            return
        ui.error(f"No IAM Identity Center (SSO) profile is configured in {self.files.config_path}.")
        ui.say(
            "Set one up with `aws configure sso`: it asks for your organisation's start URL "
            "and SSO region, then lets you pick an account and a role. Then sign in with "
            "`aws sso login --profile NAME`."
        )
        ui.command("aws configure sso")
        ui.hint(f"Guide: {SSO_GUIDE}")
