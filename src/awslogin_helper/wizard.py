"""The wizard: which step function handles which step. `machine.TRANSITIONS` decides the order.

The steps themselves live where the flow puts them: `checks.steps` (before anything is
asked), `paths` (`login`, `sso`, `configure`) and `endings.last_words`; they share one
`state.Context` holding the
edges, what the checks found (`Findings`) and the progress (`Progress`). This module keeps
the names the CLI and the tests import (`Options`, `Wizard`, `Probes`, `Event`, ...).
"""

from __future__ import annotations

from functools import partial

from awslogin_helper.checks import steps as checks
from awslogin_helper.checks.classify import Identity, LoginProblem
from awslogin_helper.checks.probes import Probes
from awslogin_helper.checks.steps import CONFIGURE_TIMEOUT, IDENTITY_TIMEOUT, VERSION_TIMEOUT
from awslogin_helper.checks.versions import AwsCliVersion
from awslogin_helper.edges.environment import Environment
from awslogin_helper.edges.prompter import Prompter
from awslogin_helper.edges.runner import Runner
from awslogin_helper.edges.ui import UI
from awslogin_helper.endings import last_words
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.machine import Event, Handler, Step, drive
from awslogin_helper.paths import configure, login, sso
from awslogin_helper.state import (
    LONG_TERM_RISK,
    PARTITION_NAMES,
    PROFILE_ENV_VARS,
    Context,
    Findings,
    Options,
    Progress,
)

__all__ = [
    "CONFIGURE_TIMEOUT",
    "IDENTITY_TIMEOUT",
    "LONG_TERM_RISK",
    "PARTITION_NAMES",
    "PROFILE_ENV_VARS",
    "VERSION_TIMEOUT",
    "Context",
    "Event",
    "Findings",
    "Options",
    "Probes",
    "Progress",
    "Step",
    "Wizard",
]


class Wizard:
    def __init__(
        self, options: Options, env: Environment, runner: Runner, prompter: Prompter, ui: UI
    ) -> None:
        # `Probes` is looked up here, in this module, so a benchmark can swap it.
        self.ctx = Context(options, env, runner, prompter, ui, Probes(runner))

    def handlers(self) -> dict[Step, Handler]:
        ctx = self.ctx
        steps: dict[Step, Handler] = {
            Step.DETECT: partial(checks.detect, ctx),
            Step.RECOMMEND: partial(login.recommend, ctx),
            Step.CHECK_VERSION: partial(checks.check_version, ctx),
            Step.CHECK_IDENTITY: partial(checks.check_identity, ctx),
            Step.ASK_KEEP: partial(login.ask_keep, ctx),
            Step.CHECK_KEYS: partial(checks.check_keys, ctx),
            Step.CHECK_BROWSER: partial(login.check_browser, ctx),
            Step.CONFIRM_LOGIN: partial(login.confirm_login, ctx),
            Step.RUN_LOGIN: partial(login.run_login, ctx),
            Step.VERIFY: partial(checks.verify, ctx),
            Step.AFTERCARE: partial(login.aftercare, ctx),
            Step.SSO_EXPLAIN: partial(sso.sso_explain, ctx),
            Step.SSO_CHECK_VERSION: partial(checks.check_version, ctx),
            Step.SSO_CHECK_IDENTITY: partial(checks.check_identity, ctx),
            Step.SSO_CONFIRM: partial(sso.sso_confirm, ctx),
            Step.RUN_SSO_LOGIN: partial(sso.run_sso_login, ctx),
            Step.PARTITION_EXPLAIN: partial(configure.partition_explain, ctx),
            Step.PARTITION_CHECK_VERSION: partial(checks.check_version, ctx),
            Step.PARTITION_CHECK_IDENTITY: partial(checks.check_identity, ctx),
            Step.CONFIGURE_CONFIRM: partial(configure.configure_confirm, ctx),
            Step.RUN_CONFIGURE: partial(configure.run_configure, ctx),
            Step.SUCCESS: partial(last_words.end_success, ctx),
            Step.KEPT: partial(last_words.end_kept, ctx),
            Step.DECLINED: partial(last_words.end_declined, ctx),
            Step.NOT_FOR_CI: partial(last_words.end_not_for_ci, ctx),
            Step.CLI_MISSING: partial(last_words.end_cli_missing, ctx),
            Step.CLI_TOO_OLD: partial(last_words.end_cli_too_old, ctx),
            Step.NEEDS_TERMINAL: partial(last_words.end_needs_terminal, ctx),
            Step.PROFILE_CONFLICT: partial(last_words.end_profile_conflict, ctx),
            Step.LOGIN_FAILED: partial(last_words.end_login_failed, ctx),
            Step.VERIFY_FAILED: partial(last_words.end_verify_failed, ctx),
            Step.PERMISSION_PROBLEM: partial(last_words.end_permission_problem, ctx),
            Step.AWS_UNREACHABLE: partial(last_words.end_aws_unreachable, ctx),
            Step.SSO_NOT_CONFIGURED: partial(last_words.end_sso_not_configured, ctx),
        }
        return steps

    def run(self) -> ExitCode:
        cancel = True
        try:
            _step, code = drive(self.handlers())
            cancel = False
            return code
        finally:
            self.ctx.probes.close(cancel=cancel)

    # -- for tests that start the machine part-way (a real CLI found, files read) -----------

    @property
    def found(self) -> Findings:
        return self.ctx.found

    @property
    def progress(self) -> Progress:
        return self.ctx.progress

    @property
    def profile(self) -> str:
        return self.ctx.progress.profile

    @profile.setter
    def profile(self, name: str) -> None:
        self.ctx.progress.profile = name

    @property
    def aws(self) -> str | None:
        return self.ctx.found.aws

    @aws.setter
    def aws(self, path: str | None) -> None:
        self.ctx.found.aws = path

    @property
    def cli(self) -> AwsCliVersion | None:
        return self.ctx.found.cli

    @cli.setter
    def cli(self, version: AwsCliVersion | None) -> None:
        self.ctx.found.cli = version

    @property
    def identity(self) -> Identity | None:
        return self.ctx.found.identity

    @property
    def login_problem(self) -> LoginProblem | None:
        return self.ctx.found.login_problem

    def reload_files(self) -> None:
        self.ctx.reload_files()

    def check_identity(self) -> Event:
        return checks.check_identity(self.ctx)

    def check_keys(self) -> Event:
        return checks.check_keys(self.ctx)
