"""One table of causes: for each, the verdict, the one next step, and the exit code.

The wizard and `status` both read their endings from here, so a cause has one wording and one
fix wherever it shows, and a new cause cannot be half-handled (a test checks that every
`IdentityProblem` and `LoginProblem` has its row). The rule (docs/how-it-works.md): a verdict
is computed from what was checked, for the profile that was checked; it names the cause once
and gives exactly one next step for that cause.

Values inside commands (profile names, ARN parts, variables) go through `quoting`; the
verdicts are plain clauses the caller puts after "does not work: " or alone. Every verdict and
step is a catalog message (`words`), rendered in the current language when the ending is
built; commands, flags, variables and policy names are its values, never translated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from awslogin_helper.checks.classify import (
    POLICY_ARN,
    POLICY_NAME,
    Identity,
    IdentityProblem,
    LoginProblem,
    attach_policy_command,
    problem_text,
)
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.quoting import option, shell_command
from awslogin_helper.words import N_, _, tr

# Translated where it is shown (`_(REMOTE_STEP)`): the wizard prints it too.
REMOTE_STEP = N_("Sign in from any device with a browser:")
_LOGIN = "`aws login`"  # a command inside a sentence: a value, never translated
_HTTPS_PROXY = "HTTPS_PROXY"


@dataclass(frozen=True)
class Situation:
    """What the checks found that a remedy may name (all optional)."""

    profile: str = "default"
    named: bool = False  # the profile is passed with --profile (or came from AWS_PROFILE)
    remote: bool = False  # `aws login --remote` was (or would be) used
    verbose: bool = False
    after_login: bool = False  # the sign-in itself just finished
    principal_arn: str | None = None  # a caller identity, login_session or error ARN
    source_profile: str | None = None
    proxy: tuple[str, str] | None = None  # (variable, host) of an unreachable proxy

    def helper(self, *extra: str) -> str:
        flags = option("--profile", self.profile) if self.named else []
        return shell_command(["awslogin-helper", *flags, *extra])

    def status(self) -> str:
        return shell_command(["awslogin-helper", "status", *option("--profile", self.profile)])

    def aws(self, *words: str) -> str:
        flags = option("--profile", self.profile) if self.named else []
        return shell_command(["aws", *words, *flags])


@dataclass(frozen=True)
class Ending:
    """A cause in the user's words, its one next step, and the exit code it ends with."""

    verdict: str
    step: str | None = None  # a sentence; ends with ":" when `command` follows it
    command: str | None = None  # copyable, printed whole on its own line
    code: ExitCode = ExitCode.VERIFY_FAILED


def permission_ending(
    situation: Situation, *, signin: bool, action: str | None, refresh: bool = False
) -> Ending:
    """Missing permission: the sign-in policy (for signin:*), else the action itself.

    `refresh`: an existing `aws login` session could not refresh (the user did sign in).
    """
    if not signin:
        return Ending(
            tr("the identity is not allowed to call `{action}`", action=action)
            if action
            else _("the identity is not allowed to call the AWS action it needs"),
            _("Ask your administrator for that permission; signing in again would not help."),
            code=ExitCode.PERMISSION_DENIED,
        )
    verdict = (
        tr(
            "the {login} session can no longer refresh: the identity needs the {policy} "
            "managed policy",
            login=_LOGIN,
            policy=POLICY_NAME,
        )
        if refresh
        else tr(
            "the identity needs the {policy} managed policy to use {login}",
            policy=POLICY_NAME,
            login=_LOGIN,
        )
    )
    identity = Identity("", situation.principal_arn, "") if situation.principal_arn else None
    command = attach_policy_command(identity)
    if command:
        return Ending(
            verdict,
            _("An administrator (or you, with IAM permissions) attaches it:"),
            command,
            ExitCode.PERMISSION_DENIED,
        )
    template = shell_command(
        ["aws", "iam", "attach-user-policy", "--user-name", "NAME", "--policy-arn", POLICY_ARN]
    )
    return Ending(
        verdict,
        tr(
            "An administrator attaches it to your IAM user ({role} or {group} alike):",
            role="attach-role-policy --role-name",
            group="attach-group-policy --group-name",
        ),
        template,
        ExitCode.PERMISSION_DENIED,
    )


def _proxy(situation: Situation) -> Ending:
    variable, host = situation.proxy or (_HTTPS_PROXY, _("the proxy"))
    return Ending(
        tr("the proxy at {host} (from {variable}) cannot be reached", host=host, variable=variable),
        tr(
            "Start the proxy, or correct {variable} (unset it if you need none); then run:",
            variable=variable,
        ),
        situation.helper(),
        ExitCode.AWS_UNREACHABLE,
    )


def _source(situation: Situation) -> Ending:
    source = situation.source_profile
    if source is None:
        return Ending(
            _("its source profile has no credentials"),
            tr(
                "Sign in the profile named by its {setting} setting first.",
                setting="source_profile",
            ),
            code=ExitCode.PROFILE_CONFLICT,
        )
    return Ending(
        tr(
            "it assumes a role with the credentials of profile {source}, which has none",
            source=source,
        ),
        tr("Sign in profile {source} first:", source=source),
        shell_command(["awslogin-helper", *option("--profile", source)]),
        ExitCode.PROFILE_CONFLICT,
    )


def _other(situation: Situation) -> Ending:
    if situation.verbose:
        return Ending(
            problem_text(IdentityProblem.OTHER),
            _("The AWS CLI's own error is shown above; run this to see it again:"),
            situation.aws("sts", "get-caller-identity"),
        )
    return Ending(
        problem_text(IdentityProblem.OTHER),
        _("See each AWS CLI call and its error:"),
        situation.helper("--verbose"),
    )


def _text(problem: IdentityProblem) -> str:
    return problem_text(problem)


_RECHECK = N_("Check your network, VPN or proxy settings ({variable}), then run:")
_AGAIN = N_("Sign in again:")


_Rule = Callable[[Situation], Ending]

# After a sign-in (or for `status`): what each cause of a failing identity check means and
# the one thing to do next. Exit codes are the wizard's; `status` exits 0 or 1 by its rule.
IDENTITY_ENDINGS: Mapping[IdentityProblem, _Rule] = {
    IdentityProblem.NO_CREDENTIALS: lambda s: Ending(
        _text(IdentityProblem.NO_CREDENTIALS),
        _("See where the profile comes from and what it holds:"),
        s.status(),
    ),
    IdentityProblem.EXPIRED: lambda s: Ending(
        tr("{problem} (is this machine's clock right?)", problem=_text(IdentityProblem.EXPIRED)),
        _("Check the clock, then run:"),
        s.aws("sts", "get-caller-identity"),
    ),
    IdentityProblem.INVALID_KEY: lambda s: Ending(
        _text(IdentityProblem.INVALID_KEY),
        _("See which key the profile holds, and where:"),
        s.status(),
    ),
    IdentityProblem.LOGIN_SESSION_EXPIRED: lambda s: Ending(
        _text(IdentityProblem.LOGIN_SESSION_EXPIRED), _(_AGAIN), s.helper()
    ),
    IdentityProblem.LOGIN_KEY_UNREADABLE: lambda s: Ending(
        _text(IdentityProblem.LOGIN_KEY_UNREADABLE),
        _(_AGAIN),
        s.aws("login", *(["--remote"] if s.remote else [])),
    ),
    IdentityProblem.SSO_EXPIRED: lambda s: Ending(
        _text(IdentityProblem.SSO_EXPIRED),
        _(_AGAIN),
        shell_command(["aws", "sso", "login", *option("--profile", s.profile)]),
    ),
    IdentityProblem.NETWORK: lambda s: Ending(
        _text(IdentityProblem.NETWORK),
        tr(_RECHECK, variable=_HTTPS_PROXY),
        s.aws("sts", "get-caller-identity"),
        ExitCode.AWS_UNREACHABLE,
    ),
    IdentityProblem.PROXY: _proxy,
    IdentityProblem.SOURCE_PROFILE: _source,
    IdentityProblem.UNKNOWN_PROFILE: lambda s: Ending(
        _text(IdentityProblem.UNKNOWN_PROFILE), _("Sign in to create it:"), s.helper()
    ),
    IdentityProblem.NO_REGION: lambda s: Ending(
        tr(
            "{problem} ({region} shown; use yours)",
            problem=_text(IdentityProblem.NO_REGION),
            region="us-east-1",
        ),
        _("Set one:"),
        shell_command(
            ["aws", "configure", "set", "region", "us-east-1", *option("--profile", s.profile)]
        ),
    ),
    IdentityProblem.PERMISSION: lambda s: permission_ending(
        s, signin=True, action=None, refresh=True
    ),
    IdentityProblem.NEEDS_CRT: lambda s: Ending(
        _text(IdentityProblem.NEEDS_CRT),
        tr(
            "Use the AWS CLI v2 ({version} or later) for {login} profiles.",
            version="2.32.0",
            login=_LOGIN,
        ),
        code=ExitCode.CLI_TOO_OLD,
    ),
    IdentityProblem.OTHER: _other,
}


def identity_ending(problem: IdentityProblem, situation: Situation) -> Ending:
    return IDENTITY_ENDINGS[problem](situation)


def _remote(s: Situation, verdict: str) -> Ending:
    if s.remote:
        return Ending(
            verdict,
            _("Run it again, and finish the sign-in on the other device within 10 minutes:"),
            s.helper(),
            ExitCode.LOGIN_FAILED,
        )
    return Ending(verdict, _(REMOTE_STEP), s.helper("--remote"), ExitCode.LOGIN_FAILED)


# What each way `aws login` fails means, and the one next step (the CLI's own error has
# already been shown: its stderr goes to the terminal).
LOGIN_ENDINGS: Mapping[LoginProblem, _Rule] = {
    LoginProblem.NOT_SUPPORTED: lambda s: Ending(
        tr("this AWS CLI does not know {login}", login=_LOGIN), code=ExitCode.CLI_TOO_OLD
    ),
    LoginProblem.BAD_ARGUMENTS: lambda s: Ending(
        _("the AWS CLI did not accept the arguments it was given"),
        _("Check the profile and region names, then run:"),
        s.helper("--verbose"),
        ExitCode.USAGE,
    ),
    LoginProblem.REFUSED: lambda s: Ending(
        tr("the profile holds other credentials, which {login} does not replace", login=_LOGIN),
        _("Sign in under a new profile name instead:"),
        shell_command(["awslogin-helper", "--profile", "NEW-NAME"]),
        ExitCode.PROFILE_CONFLICT,
    ),
    LoginProblem.PERMISSION: lambda s: permission_ending(s, signin=True, action=None),
    LoginProblem.CANCELLED: lambda s: Ending(
        _("the sign-in was cancelled or denied in the browser"),
        _("Run it again and approve the request:"),
        s.helper(),
        ExitCode.LOGIN_FAILED,
    ),
    LoginProblem.CODE_EXPIRED: lambda s: Ending(
        _("the authorization code had expired"),
        _("Run it again and paste the new code promptly:")
        if s.remote
        else _("Run it again and finish the sign-in in the browser promptly:"),
        s.helper(*(["--remote"] if s.remote else [])),
        ExitCode.LOGIN_FAILED,
    ),
    LoginProblem.BAD_CODE: lambda s: Ending(
        _("the authorization code was not the one the browser showed"),
        _("Run it again and paste the whole code:"),
        s.helper(*(["--remote"] if s.remote else [])),
        ExitCode.LOGIN_FAILED,
    ),
    LoginProblem.BROWSER_TIMEOUT: lambda s: _remote(s, _("the browser sign-in did not complete")),
    LoginProblem.CALLBACK: lambda s: _remote(
        s, _("the sign-in could not wait for the browser here")
    ),
    LoginProblem.NETWORK: lambda s: (
        _proxy(s)
        if s.proxy
        else Ending(
            tr("{login} could not reach the AWS sign-in service", login=_LOGIN),
            tr(_RECHECK, variable=_HTTPS_PROXY),
            s.helper(),
            ExitCode.LOGIN_FAILED,
        )
    ),
    LoginProblem.SERVICE: lambda s: Ending(
        _("the AWS sign-in service refused the request (its error is above)"),
        _("Try again later, or see each call:"),
        s.helper("--verbose"),
        ExitCode.LOGIN_FAILED,
    ),
    LoginProblem.INTERRUPTED: lambda s: Ending(_("interrupted"), code=ExitCode.INTERRUPTED),
    LoginProblem.SSO_FAILED: lambda s: Ending(
        tr("{command} did not succeed", command="`aws sso login`"),
        _("Run it again and approve the request in the browser:"),
        shell_command(["aws", "sso", "login", *option("--profile", s.profile)]),
        ExitCode.LOGIN_FAILED,
    ),
    LoginProblem.OTHER: lambda s: (
        _remote(s, tr("{login} failed (its error is above)", login=_LOGIN))
        if not s.remote
        else Ending(
            tr("{login} failed (its error is above)", login=_LOGIN),
            _("See each call:"),
            s.helper("--verbose"),
            ExitCode.LOGIN_FAILED,
        )
    ),
}


def login_ending(problem: LoginProblem, situation: Situation) -> Ending:
    return LOGIN_ENDINGS[problem](situation)
