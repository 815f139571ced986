"""Pure classification of AWS CLI results: caller identity, failures of sts and of the logins.

Match on exit codes and short, stable substrings (the wording moves between CLI releases).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import StrEnum

from awslogin_helper.words import N_, tr

POLICY_NAME = "SignInLocalDevelopmentAccess"
POLICY_ARN = f"arn:aws:iam::aws:policy/{POLICY_NAME}"


@dataclass(frozen=True)
class Identity:
    account: str
    arn: str
    user_id: str

    @property
    def principal(self) -> tuple[str, str | None]:
        """("root"|"user"|"role"|"federated"|"other", name) read from the ARN."""
        resource = self.arn.split(":", 5)[-1] if self.arn.count(":") >= 5 else ""
        if resource == "root":
            return "root", None
        kind, _, rest = resource.partition("/")
        if kind == "user":
            return "user", rest.rsplit("/", 1)[-1] or None
        if kind in ("assumed-role", "role"):
            # Assumed-role ARNs are assumed-role/ROLE/SESSION; paths are not part of them.
            return "role", rest.split("/", 1)[0] or None
        if kind == "federated-user":
            return "federated", rest or None
        return "other", None


def parse_identity(stdout: str) -> Identity | None:
    try:
        data = json.loads(stdout)
    except (ValueError, RecursionError):  # RecursionError: JSON nested 100,000 deep
        return None
    if not isinstance(data, dict):
        return None
    account, arn = data.get("Account"), data.get("Arn")
    if not isinstance(account, str) or not isinstance(arn, str):
        return None
    user_id = data.get("UserId")
    return Identity(account, arn, user_id if isinstance(user_id, str) else "")


class IdentityProblem(StrEnum):
    NO_CREDENTIALS = "no-credentials"
    EXPIRED = "expired"
    INVALID_KEY = "invalid-key"
    LOGIN_SESSION_EXPIRED = "login-session-expired"
    LOGIN_KEY_UNREADABLE = "login-key-unreadable"
    SSO_EXPIRED = "sso-expired"
    NETWORK = "network"
    UNKNOWN_PROFILE = "unknown-profile"
    NO_REGION = "no-region"
    PERMISSION = "permission"
    NEEDS_CRT = "needs-crt"
    PROXY = "proxy"
    SOURCE_PROFILE = "source-profile"
    OTHER = "other"


# What each problem means, as a catalog msgid and the values that are never translated
# (commands, variables, package names). Translated where it is shown: `problem_text()`.
_LOGIN = "`aws login`"
_PROBLEM_MESSAGES: dict[IdentityProblem, tuple[str, dict[str, str]]] = {
    IdentityProblem.NO_CREDENTIALS: (N_("no credentials were found"), {}),
    IdentityProblem.EXPIRED: (N_("the temporary credentials have expired"), {}),
    IdentityProblem.INVALID_KEY: (
        N_("its access key is invalid or deleted"),
        {},
    ),
    IdentityProblem.LOGIN_SESSION_EXPIRED: (
        N_("the {login} session has ended and must be renewed"),
        {"login": _LOGIN},
    ),
    IdentityProblem.LOGIN_KEY_UNREADABLE: (
        N_(
            "the AWS CLI cannot read back the key of its {login} session (an AWS CLI bug), "
            "so its next refresh fails"
        ),
        {"login": _LOGIN},
    ),
    IdentityProblem.SSO_EXPIRED: (N_("the IAM Identity Center (SSO) session has expired"), {}),
    IdentityProblem.NETWORK: (N_("AWS could not be reached (network problem)"), {}),
    IdentityProblem.UNKNOWN_PROFILE: (N_("the profile does not exist yet"), {}),
    IdentityProblem.NO_REGION: (N_("no AWS region is configured"), {}),
    IdentityProblem.PERMISSION: (N_("the identity lacks a required permission"), {}),
    IdentityProblem.NEEDS_CRT: (
        N_("this AWS CLI cannot use {login} sessions (needs {package})"),
        {"login": _LOGIN, "package": "botocore[crt]"},
    ),
    IdentityProblem.PROXY: (
        N_("the proxy in {variable} (or {other}) cannot be reached"),
        {"variable": "HTTPS_PROXY", "other": "HTTP_PROXY"},
    ),
    IdentityProblem.SOURCE_PROFILE: (
        N_("the profile it takes its credentials from has none"),
        {},
    ),
    IdentityProblem.OTHER: (N_("the AWS CLI reported an error"), {}),
}

# The English texts: machine-readable output (`status --json`) takes them from here, so they
# never change with the language.
IDENTITY_PROBLEM_TEXT: dict[IdentityProblem, str] = {
    problem: msgid.format(**values) for problem, (msgid, values) in _PROBLEM_MESSAGES.items()
}


def problem_text(problem: IdentityProblem) -> str:
    """The problem in the user's language (for screens; `IDENTITY_PROBLEM_TEXT` is English)."""
    msgid, values = _PROBLEM_MESSAGES[problem]
    return tr(msgid, **values)


_IDENTITY_RULES: tuple[tuple[IdentityProblem, tuple[str, ...]], ...] = (
    # Before NETWORK: an unreachable proxy is named by the CLI, and has its own fix.
    (IdentityProblem.PROXY, ("Failed to connect to proxy URL",)),
    # awscrt cannot load the key the CLI cached (a 31-byte scalar): every refresh fails.
    (
        IdentityProblem.LOGIN_KEY_UNREADABLE,
        ("AWS_ERROR_CAL_UNSUPPORTED_KEY_FORMAT", "Unable to load private key from cached token"),
    ),
    (IdentityProblem.SOURCE_PROFILE, ("must have credentials",)),
    (IdentityProblem.UNKNOWN_PROFILE, ("could not be found",)),
    (IdentityProblem.NO_CREDENTIALS, ("Unable to locate credentials", "(NoCredentials)")),
    (
        IdentityProblem.PERMISSION,
        (
            "missing permission for the 'signin:CreateOAuth2Token'",
            "insufficient permissions",
            "(AccessDenied)",
            "(AccessDeniedException)",
            "(UnauthorizedOperation)",
        ),
    ),
    (
        IdentityProblem.LOGIN_SESSION_EXPIRED,
        (
            "reauthenticate using 'aws login'",
            "change in your password",
            "Unable to load a existing login session",
            "Unable to load an existing login session",
        ),
    ),
    (
        IdentityProblem.SSO_EXPIRED,
        (
            "Error when retrieving token from sso",
            "Token has expired and refresh failed",
            "SSO session associated with this profile has expired",
            "Error loading SSO Token",
        ),
    ),
    (IdentityProblem.EXPIRED, ("(ExpiredToken)", "ExpiredTokenException", "(RequestExpired)")),
    (IdentityProblem.INVALID_KEY, ("(InvalidClientTokenId)", "(SignatureDoesNotMatch)")),
    (
        IdentityProblem.NETWORK,
        (
            "Could not connect to the endpoint URL",
            "Connect timeout on endpoint URL",
            "Read timeout on endpoint URL",
            "Max retries exceeded",
        ),
    ),
    (IdentityProblem.NO_REGION, ("You must specify a region",)),
    (IdentityProblem.NEEDS_CRT, ("requires an additional dependency", "botocore[crt]")),
)


_SOURCE_PROFILE = re.compile(r'The source profile "(?P<name>[^"\n]{1,128})" must have credentials')
_PROXY_URL = re.compile(r'Failed to connect to proxy URL: "(?P<url>[^"\s]{1,2048})"')


_DENIED = re.compile(
    r"(?:User|Principal): (?P<arn>arn:aws[\w-]*:(?:iam|sts)::\d{12}:[\w+=,.@/-]{1,512}) is not "
    r"authorized to perform: (?P<action>[\w-]{1,64}:[\w*]{1,128})"
)


def denied_by(stderr: str) -> tuple[str | None, str | None]:
    """(principal ARN, action) of an AccessDenied message, as far as it names them."""
    match = _DENIED.search(stderr)
    if match is None:
        action = "signin:CreateOAuth2Token" if "signin:CreateOAuth2Token" in stderr else None
        return None, action
    return match["arn"], match["action"]


def source_profile_named(stderr: str) -> str | None:
    """The source profile that `The source profile "NAME" must have credentials.` names."""
    match = _SOURCE_PROFILE.search(stderr)
    return match["name"] if match else None


def proxy_host(stderr: str) -> str | None:
    """The host (and port) of the proxy the CLI could not reach; never its credentials."""
    match = _PROXY_URL.search(stderr)
    if match is None:
        return None
    from urllib.parse import urlsplit

    try:
        split = urlsplit(match["url"])
        host = split.hostname
        port = split.port
    except ValueError:
        return None
    if not host:
        return None
    return f"{host}:{port}" if port else host


def classify_identity_error(stderr: str) -> IdentityProblem:
    for problem, needles in _IDENTITY_RULES:
        if any(needle in stderr for needle in needles):
            return problem
    return IdentityProblem.OTHER


class LoginProblem(StrEnum):
    NOT_SUPPORTED = "not-supported"  # CLI too old: `login` is an invalid choice
    BAD_ARGUMENTS = "bad-arguments"  # an argument error (`expected one argument`): not too old
    REFUSED = "refused"  # the profile holds other credentials
    PERMISSION = "permission"  # signin:CreateOAuth2Token missing
    CANCELLED = "cancelled"  # denied or cancelled in the browser
    CODE_EXPIRED = "code-expired"
    BAD_CODE = "bad-code"
    BROWSER_TIMEOUT = "browser-timeout"  # the 600-second wait ran out
    CALLBACK = "callback"  # the local callback server could not start
    NETWORK = "network"
    SERVICE = "service"
    INTERRUPTED = "interrupted"
    SSO_FAILED = "sso-failed"
    OTHER = "other"


_LOGIN_RULES: tuple[tuple[LoginProblem, tuple[str, ...]], ...] = (
    (LoginProblem.NOT_SUPPORTED, ("Invalid choice", "invalid choice 'login'")),
    # Any other argparse error (252; v1: 2) means the arguments were wrong, not the CLI's age.
    (LoginProblem.BAD_ARGUMENTS, ("expected one argument", "Unknown options:", "aws: error:")),
    (LoginProblem.REFUSED, ("is already configured with",)),
    (
        LoginProblem.PERMISSION,
        ("signin:CreateOAuth2Token", "insufficient permissions", "(AccessDenied)"),
    ),
    (LoginProblem.CANCELLED, ("Failed to retrieve an authorization code",)),
    (LoginProblem.CODE_EXPIRED, ("expired authorization code",)),
    (
        LoginProblem.BAD_CODE,
        (
            "Failed to decode the verification code",
            "Failed to retrieve an auth_code or state",
            "does not match expected value",  # a code from another attempt (its state)
            "argument should be a bytes-like object",  # an empty line (a CLI bug's text)
        ),
    ),
    (LoginProblem.BROWSER_TIMEOUT, ("pending authorization to retrieve an SSO token has expired",)),
    (LoginProblem.CALLBACK, ("authorization callback handler",)),
    (
        LoginProblem.NETWORK,
        (
            "Could not connect to the endpoint URL",
            "Connect timeout on endpoint URL",
            "Failed to connect to proxy URL",
        ),
    ),
    (LoginProblem.SERVICE, ("when calling the CreateOAuth2Token operation",)),
)


def classify_login_failure(returncode: int, stderr: str) -> LoginProblem:
    for problem, needles in _LOGIN_RULES:
        if any(needle in stderr for needle in needles):
            return problem
    if returncode == 130:
        return LoginProblem.INTERRUPTED
    if returncode in (252, 2):
        # An argument error in a wording not known above (the rules name every argparse error
        # seen, so this is a future CLI's): the exit code alone still says "too old".
        return LoginProblem.NOT_SUPPORTED
    return LoginProblem.OTHER


_REFUSAL = re.compile(r"already configured with (?P<kind>[A-Za-z ]+?) credentials")


def refusal_kind(stderr: str) -> str | None:
    """The kind named in `aws login`'s refusal ("Access Key", "SSO", ...)."""
    match = _REFUSAL.search(stderr)
    return match["kind"] if match else None


def attach_policy_command(identity: Identity | None) -> str | None:
    """The exact IAM command an administrator runs to grant `aws login` to this identity."""
    if identity is None:
        return None
    from awslogin_helper.quoting import option, shell_command

    kind, name = identity.principal
    # The name comes from an ARN in a file or from AWS: quoted, and never read as an option.
    if kind == "user" and name:
        what = ["attach-user-policy", *option("--user-name", name)]
    elif kind == "role" and name:
        what = ["attach-role-policy", *option("--role-name", name)]
    else:
        return None
    return shell_command(["aws", "iam", *what, "--policy-arn", POLICY_ARN])


@dataclass(frozen=True)
class ConfigListRow:
    name: str
    value: str  # as printed: keys are masked by the CLI itself
    type: str  # where it comes from: env, shared-credentials-file, login, sso, ...
    location: str


_OLD_ROW = re.compile(r"^\s*(?P<name>\S+)\s+(?P<value>\S+)\s+(?P<type>\S+)\s*(?P<location>.*?)\s*$")


def parse_configure_list(text: str) -> dict[str, ConfigListRow]:
    """Read `aws configure list` in both layouts (2.31.0+ colon-separated; older/v1 a table)."""
    rows: dict[str, ConfigListRow] = {}
    for line in text.splitlines():
        if not line.strip() or set(line.strip()) <= {"-", " "}:
            continue
        if " : " in line or line.rstrip().endswith(":"):
            parts = [part.strip() for part in line.split(":", 3)]
            parts += [""] * (4 - len(parts))
            name, value, kind, location = parts
        else:
            match = _OLD_ROW.match(line)
            if match is None:
                continue
            name, value = match["name"], match["value"]
            kind, location = match["type"], match["location"]
            if value == "<not" and kind == "set>":
                # "<not set>" holds a space: re-split the remainder.
                value, rest = "<not set>", match["location"].split(None, 1)
                kind = rest[0] if rest else "None"
                location = rest[1] if len(rest) > 1 else ""
        if name.lower() in ("name", "----"):
            continue
        rows[name] = ConfigListRow(name, value, kind, location)
    return rows


def row_is_set(row: ConfigListRow | None) -> bool:
    return row is not None and row.value not in ("<not set>", "", "None") and row.type != "None"
