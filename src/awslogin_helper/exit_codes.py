"""Every exit code the helper can return. Public interface: documented in the README and docs."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of `awslogin-helper` and `awslogin-helper status`."""

    OK = 0
    NEEDS_ATTENTION = 1  # `status`: a profile does not work; `tools`: a tool cannot read it
    USAGE = 2  # bad option or profile name, or a question needs a terminal
    CLI_NOT_FOUND = 3  # no `aws` on PATH
    CLI_TOO_OLD = 4  # AWS CLI v1 or a v2 older than the path needs
    DECLINED = 5  # the user answered no; nothing was run
    LOGIN_FAILED = 6  # `aws login`, `aws sso login` or `aws configure` failed
    VERIFY_FAILED = 7  # the login finished but the credentials do not work
    PERMISSION_DENIED = 8  # the identity lacks an IAM permission (before or after signing in)
    NOT_FOR_CI = 9  # running in CI/CD: use an IAM role (OIDC) there
    PROFILE_CONFLICT = 10  # the profile holds other credentials (keys, a role) `aws login` keeps
    CONFIG_ERROR = 11  # the AWS config or credentials file cannot be read
    AWS_UNREACHABLE = 12  # AWS (or the AWS CLI) did not answer, or its proxy cannot be reached
    SSO_NOT_CONFIGURED = 13  # no IAM Identity Center profile, or one without account and role
    NOT_FOUND = 14  # `tools`/`bridge`/`retire-keys`: no such profile, no keys, no backup
    NOT_WRITTEN = 15  # `bridge`/`retire-keys`: a file could not be written; both are as before
    INTERNAL_ERROR = 70  # a bug in awslogin-helper
    INTERRUPTED = 130  # Ctrl-C


EXIT_CODE_MEANINGS: dict[ExitCode, str] = {
    ExitCode.OK: "Success: credentials work (or `status`: every selected profile works).",
    ExitCode.NEEDS_ATTENTION: "`status` only: at least one selected profile needs attention; "
    "`tools` only: at least one tool found cannot read the profile.",
    ExitCode.USAGE: "Bad option or profile name, or a question needed a terminal "
    "(run in a terminal or pass --yes).",
    ExitCode.CLI_NOT_FOUND: "No `aws` executable on PATH.",
    ExitCode.CLI_TOO_OLD: "AWS CLI v1, or v2 older than 2.32.0 (`aws login` needs 2.32.0+).",
    ExitCode.DECLINED: "You answered no; nothing was run.",
    ExitCode.LOGIN_FAILED: "`aws login`, `aws sso login` or `aws configure` failed.",
    ExitCode.VERIFY_FAILED: "The login finished but `aws sts get-caller-identity` still fails.",
    ExitCode.PERMISSION_DENIED: "The identity lacks an IAM permission: for `aws login` the "
    "SignInLocalDevelopmentAccess policy (before or after signing in), or the action named.",
    ExitCode.NOT_FOR_CI: "Running in CI/CD: nothing was run; use an IAM role with OIDC.",
    ExitCode.PROFILE_CONFLICT: "The profile already holds other credentials: choose a new "
    "profile name (or, for a role profile, sign in its source profile).",
    ExitCode.CONFIG_ERROR: "The AWS config or credentials file is malformed or unreadable.",
    ExitCode.AWS_UNREACHABLE: "The AWS CLI or AWS did not answer (in time), or the proxy "
    "cannot be reached.",
    ExitCode.SSO_NOT_CONFIGURED: "No IAM Identity Center profile exists yet for `--sso`, or "
    "the SSO profile names no account and role (run `aws configure sso`).",
    ExitCode.NOT_FOUND: "`tools`, `bridge`, `retire-keys`: no profile of that name in the AWS "
    "files, no long-term keys in it to retire, or (`--undo`) no backup to restore. Nothing "
    "changed.",
    ExitCode.NOT_WRITTEN: "`bridge`, `retire-keys`: a file could not be written (a read-only "
    "folder, or another program changed it during the edit). Both files are as before.",
    ExitCode.INTERNAL_ERROR: "A bug in awslogin-helper; please report it.",
    ExitCode.INTERRUPTED: "Interrupted with Ctrl-C.",
}
