"""What the steps share: the options, the edges, what the checks found, and the progress.

All side effects go through the injected edges: `Runner` (child processes), `Prompter`
(questions), `UI` (the console) and `Environment` (variables, terminals, PATH). A step reads
`Findings` (set by the checks, read by every later step) and `Progress` (the target profile
and what the run decided on the way), never attributes of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from packaging.version import Version

from awslogin_helper import awsconfig
from awslogin_helper.awsconfig import AwsFiles, ConfigFileError
from awslogin_helper.checks.classify import Identity, IdentityProblem, LoginProblem
from awslogin_helper.checks.probes import Probes
from awslogin_helper.checks.versions import LOGIN_MIN_VERSION, AwsCliVersion
from awslogin_helper.edges.environment import Environment
from awslogin_helper.edges.prompter import Prompter
from awslogin_helper.edges.runner import Runner
from awslogin_helper.edges.ui import UI, PrintablePrompter
from awslogin_helper.errors import HelperError
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.quoting import option, shell_command
from awslogin_helper.words import N_, _, tr

PROFILE_ENV_VARS = ("AWS_DEFAULT_PROFILE", "AWS_PROFILE")
# Marked only: translated where shown (`_(PARTITION_NAMES[p])`, `_(LONG_TERM_RISK)`, ...).
PARTITION_NAMES = {"aws-us-gov": N_("AWS GovCloud (US)"), "aws-cn": N_("AWS China")}
LONG_TERM_RISK = N_(
    "Long-term keys are less safe: they sit on disk in plain text and never expire."
)


# What each path needs, marked only (the checks set `Findings.required` to one of them).
REQUIRED_LOGIN = N_("AWS CLI v2, 2.32.0 or later")
REQUIRED_SSO = N_("AWS CLI v2")
REQUIRED_ANY = N_("the AWS CLI")


@dataclass(frozen=True)
class Options:
    profile: str | None = None
    remote: bool | None = None  # None: decide from the machine
    yes: bool = False
    region: str | None = None
    partition: str | None = None
    sso: bool = False


@dataclass
class Findings:
    """What the checks found; later steps read it (and only the checks write most of it)."""

    # The path decided from local facts, and the AWS CLI it needs.
    path: str = "login"  # login | sso | configure
    required: str = REQUIRED_LOGIN  # a marked noun phrase: shown as `_(found.required)`
    minimum: Version | None = LOGIN_MIN_VERSION
    ci_marker: str | None = None
    files: AwsFiles | None = None
    region: str | None = None
    region_source: str = ""
    partition: str = "aws"
    remote: bool = False
    remote_reason: str | None = None
    sso_incomplete: bool = False  # an SSO profile without account and role
    # The AWS CLI and what it said.
    aws: str | None = None
    cli: AwsCliVersion | None = None
    identity: Identity | None = None
    identity_problem: IdentityProblem | None = None
    problem_text: str = ""
    unreachable_command: str = ""
    # How the sign-in (or an identity check) failed; the stderr stays captured for endings.
    login_problem: LoginProblem | None = None
    login_stderr: str = ""


@dataclass
class Progress:
    """The wizard's own mutable state: the target profile and what the run decided."""

    profile: str
    profile_source: str  # --profile, AWS_DEFAULT_PROFILE, AWS_PROFILE, --sso, new, default
    pending: list[str] = field(default_factory=list)  # the command the confirmation named
    auto_confirmed: bool = False
    explained_long_term: bool = False
    # A new profile must be named: its name is taken by the one confirmation itself.
    needs_name: bool = False
    # The region passed to `aws login` for a profile that has none (the CLI does not
    # save a region it was given): the verification needs it too.
    inherited_region: str | None = None
    # (profile, key ID, file) of a long-term key left behind by moving to a new profile.
    left_behind: tuple[str, str, str] | None = None


class Context:
    """The edges, the two records, and the small helpers every step uses."""

    def __init__(
        self,
        options: Options,
        env: Environment,
        runner: Runner,
        prompter: Prompter,
        ui: UI,
        probes: Probes,
    ) -> None:
        self.options = options
        self.env = env
        self.runner = runner
        # Every question is made printable: it names profiles and regions from the files.
        self.prompter: Prompter = PrintablePrompter(prompter)
        self.ui = ui
        self.probes = probes
        # The AWS CLI's own order: --profile, then AWS_DEFAULT_PROFILE, then AWS_PROFILE.
        env_source = next((n for n in PROFILE_ENV_VARS if env.get(n)), None)
        self.progress = Progress(
            profile=options.profile or (env.get(env_source) if env_source else None) or "default",
            profile_source="--profile" if options.profile else (env_source or "default"),
        )
        self.found = Findings()

    @property
    def named(self) -> bool:
        """Pass `--profile` explicitly whenever the user (or AWS_PROFILE) named a profile."""
        return self.progress.profile_source != "default"

    @property
    def label(self) -> str:
        """The target profile as a noun phrase inside a sentence, in the current language."""
        if self.named:
            return tr("profile {name}", name=self.progress.profile)
        return _("the default profile")

    @property
    def label_start(self) -> str:
        """`label` at the start of a sentence (the name itself keeps its case)."""
        if self.named:
            return tr("Profile {name}", name=self.progress.profile)
        return _("The default profile")

    def profile_args(self) -> list[str]:
        return option("--profile", self.progress.profile) if self.named else []

    def region_args(self) -> list[str]:
        region = self.options.region or self.progress.inherited_region
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
        assert self.found.aws is not None
        profile = [] if bare else ["--profile", self.progress.profile] if self.env_keys else None
        return [
            self.found.aws,
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
        files = self.found.files
        return files.profile(self.progress.profile) if files else None

    def reload_files(self) -> None:
        try:
            self.found.files = awsconfig.load_aws_files(self.env.vars, self.env.home)
        except ConfigFileError as exc:
            raise HelperError(
                tr("Cannot read the AWS configuration: {problem}", problem=exc),
                ExitCode.CONFIG_ERROR,
                [tr("Fix it with: {command}", command=exc.fix)]
                if exc.fix
                else [
                    tr(
                        "Fix that line (or move the file aside), then run {command} again.",
                        command="awslogin-helper",
                    )
                ],
            ) from exc
