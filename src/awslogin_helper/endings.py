"""One table of causes: for each, the verdict, the one next step, and the exit code.

The wizard and `status` both read their endings from here, so a cause has one wording and one
fix wherever it shows, and a new cause cannot be half-handled (a test checks that every
`IdentityProblem` and `LoginProblem` has its row). The rule (docs/how-it-works.md): a verdict
is computed from what was checked, for the profile that was checked; it names the cause once
and gives exactly one next step for that cause.

Values inside commands (profile names, ARN parts, variables) go through `quoting`; the
verdicts are plain clauses the caller puts after "does not work: " or alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from awslogin_helper.classify import (
    IDENTITY_PROBLEM_TEXT,
    POLICY_ARN,
    POLICY_NAME,
    Identity,
    IdentityProblem,
    LoginProblem,
    attach_policy_command,
)
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.quoting import option, shell_command

REMOTE_STEP = "Sign in from any device with a browser:"


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
        what = f"`{action}`" if action else "the AWS action it needs"
        return Ending(
            f"the identity is not allowed to call {what}",
            "Ask your administrator for that permission; signing in again would not help.",
            code=ExitCode.PERMISSION_DENIED,
        )
    verdict = (
        f"the `aws login` session can no longer refresh: the identity needs the {POLICY_NAME} "
        "managed policy"
        if refresh
        else f"the identity needs the {POLICY_NAME} managed policy to use `aws login`"
    )
    identity = Identity("", situation.principal_arn, "") if situation.principal_arn else None
    command = attach_policy_command(identity)
    if command:
        return Ending(
            verdict,
            "An administrator (or you, with IAM permissions) attaches it:",
            command,
            ExitCode.PERMISSION_DENIED,
        )
    template = shell_command(
        ["aws", "iam", "attach-user-policy", "--user-name", "NAME", "--policy-arn", POLICY_ARN]
    )
    return Ending(
        verdict,
        "An administrator attaches it to your IAM user (attach-role-policy --role-name or "
        "attach-group-policy --group-name alike):",
        template,
        ExitCode.PERMISSION_DENIED,
    )


def _proxy(situation: Situation) -> Ending:
    variable, host = situation.proxy or ("HTTPS_PROXY", "the proxy")
    return Ending(
        f"the proxy at {host} (from {variable}) cannot be reached",
        f"Start the proxy, or correct {variable} (unset it if you need none); then run:",
        situation.helper(),
        ExitCode.AWS_UNREACHABLE,
    )


def _source(situation: Situation) -> Ending:
    source = situation.source_profile
    if source is None:
        return Ending(
            "its source profile has no credentials",
            "Sign in the profile named by its source_profile setting first.",
            code=ExitCode.PROFILE_CONFLICT,
        )
    return Ending(
        f"it assumes a role with the credentials of profile {source}, which has none",
        f"Sign in profile {source} first:",
        shell_command(["awslogin-helper", *option("--profile", source)]),
        ExitCode.PROFILE_CONFLICT,
    )


def _other(situation: Situation) -> Ending:
    if situation.verbose:
        return Ending(
            IDENTITY_PROBLEM_TEXT[IdentityProblem.OTHER],
            "The AWS CLI's own error is shown above; run this to see it again:",
            situation.aws("sts", "get-caller-identity"),
        )
    return Ending(
        IDENTITY_PROBLEM_TEXT[IdentityProblem.OTHER],
        "See each AWS CLI call and its error:",
        situation.helper("--verbose"),
    )


def _text(problem: IdentityProblem) -> str:
    return IDENTITY_PROBLEM_TEXT[problem]


_Rule = Callable[[Situation], Ending]

# After a sign-in (or for `status`): what each cause of a failing identity check means and
# the one thing to do next. Exit codes are the wizard's; `status` exits 0 or 1 by its rule.
IDENTITY_ENDINGS: Mapping[IdentityProblem, _Rule] = {
    IdentityProblem.NO_CREDENTIALS: lambda s: Ending(
        _text(IdentityProblem.NO_CREDENTIALS),
        "See where the profile comes from and what it holds:",
        s.status(),
    ),
    IdentityProblem.EXPIRED: lambda s: Ending(
        _text(IdentityProblem.EXPIRED) + " (is this machine's clock right?)",
        "Check the clock, then run:",
        s.aws("sts", "get-caller-identity"),
    ),
    IdentityProblem.INVALID_KEY: lambda s: Ending(
        _text(IdentityProblem.INVALID_KEY),
        "See which key the profile holds, and where:",
        s.status(),
    ),
    IdentityProblem.LOGIN_SESSION_EXPIRED: lambda s: Ending(
        _text(IdentityProblem.LOGIN_SESSION_EXPIRED), "Sign in again:", s.helper()
    ),
    IdentityProblem.SSO_EXPIRED: lambda s: Ending(
        _text(IdentityProblem.SSO_EXPIRED),
        "Sign in again:",
        shell_command(["aws", "sso", "login", *option("--profile", s.profile)]),
    ),
    IdentityProblem.NETWORK: lambda s: Ending(
        _text(IdentityProblem.NETWORK),
        "Check your network, VPN or proxy settings (HTTPS_PROXY), then run:",
        s.aws("sts", "get-caller-identity"),
        ExitCode.AWS_UNREACHABLE,
    ),
    IdentityProblem.PROXY: _proxy,
    IdentityProblem.SOURCE_PROFILE: _source,
    IdentityProblem.UNKNOWN_PROFILE: lambda s: Ending(
        _text(IdentityProblem.UNKNOWN_PROFILE), "Sign in to create it:", s.helper()
    ),
    IdentityProblem.NO_REGION: lambda s: Ending(
        _text(IdentityProblem.NO_REGION) + " (us-east-1 shown; use yours)",
        "Set one:",
        shell_command(
            ["aws", "configure", "set", "region", "us-east-1", *option("--profile", s.profile)]
        ),
    ),
    IdentityProblem.PERMISSION: lambda s: permission_ending(
        s, signin=True, action=None, refresh=True
    ),
    IdentityProblem.NEEDS_CRT: lambda s: Ending(
        _text(IdentityProblem.NEEDS_CRT),
        "Use the AWS CLI v2 (2.32.0 or later) for `aws login` profiles.",
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
            "Run it again, and finish the sign-in on the other device within 10 minutes:",
            s.helper(),
            ExitCode.LOGIN_FAILED,
        )
    return Ending(verdict, REMOTE_STEP, s.helper("--remote"), ExitCode.LOGIN_FAILED)


# What each way `aws login` fails means, and the one next step (the CLI's own error has
# already been shown: its stderr goes to the terminal).
LOGIN_ENDINGS: Mapping[LoginProblem, _Rule] = {
    LoginProblem.NOT_SUPPORTED: lambda s: Ending(
        "this AWS CLI does not know `aws login`", code=ExitCode.CLI_TOO_OLD
    ),
    LoginProblem.BAD_ARGUMENTS: lambda s: Ending(
        "the AWS CLI did not accept the arguments it was given",
        "Check the profile and region names, then run:",
        s.helper("--verbose"),
        ExitCode.USAGE,
    ),
    LoginProblem.REFUSED: lambda s: Ending(
        "the profile holds other credentials, which `aws login` does not replace",
        "Sign in under a new profile name instead:",
        shell_command(["awslogin-helper", "--profile", "NEW-NAME"]),
        ExitCode.PROFILE_CONFLICT,
    ),
    LoginProblem.PERMISSION: lambda s: permission_ending(s, signin=True, action=None),
    LoginProblem.CANCELLED: lambda s: Ending(
        "the sign-in was cancelled or denied in the browser",
        "Run it again and approve the request:",
        s.helper(),
        ExitCode.LOGIN_FAILED,
    ),
    LoginProblem.CODE_EXPIRED: lambda s: Ending(
        "the authorization code had expired",
        "Run it again and paste the new code promptly:"
        if s.remote
        else "Run it again and finish the sign-in in the browser promptly:",
        s.helper(*(["--remote"] if s.remote else [])),
        ExitCode.LOGIN_FAILED,
    ),
    LoginProblem.BAD_CODE: lambda s: Ending(
        "the authorization code was not the one the browser showed",
        "Run it again and paste the whole code:",
        s.helper(*(["--remote"] if s.remote else [])),
        ExitCode.LOGIN_FAILED,
    ),
    LoginProblem.BROWSER_TIMEOUT: lambda s: _remote(s, "the browser sign-in did not complete"),
    LoginProblem.CALLBACK: lambda s: _remote(s, "the sign-in could not wait for the browser here"),
    LoginProblem.NETWORK: lambda s: (
        _proxy(s)
        if s.proxy
        else Ending(
            "`aws login` could not reach the AWS sign-in service",
            "Check your network, VPN or proxy settings (HTTPS_PROXY), then run:",
            s.helper(),
            ExitCode.LOGIN_FAILED,
        )
    ),
    LoginProblem.SERVICE: lambda s: Ending(
        "the AWS sign-in service refused the request (its error is above)",
        "Try again later, or see each call:",
        s.helper("--verbose"),
        ExitCode.LOGIN_FAILED,
    ),
    LoginProblem.INTERRUPTED: lambda s: Ending("interrupted", code=ExitCode.INTERRUPTED),
    LoginProblem.SSO_FAILED: lambda s: Ending(
        "`aws sso login` did not succeed",
        "Run it again and approve the request in the browser:",
        shell_command(["aws", "sso", "login", *option("--profile", s.profile)]),
        ExitCode.LOGIN_FAILED,
    ),
    LoginProblem.OTHER: lambda s: (
        _remote(s, "`aws login` failed (its error is above)")
        if not s.remote
        else Ending(
            "`aws login` failed (its error is above)",
            "See each call:",
            s.helper("--verbose"),
            ExitCode.LOGIN_FAILED,
        )
    ),
}


def login_ending(problem: LoginProblem, situation: Situation) -> Ending:
    return LOGIN_ENDINGS[problem](situation)
