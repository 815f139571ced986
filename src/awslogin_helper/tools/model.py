"""What `tools` finds: one typed record per consumer, and the thresholds it is judged by.

The thresholds are the facts file's table "Which tools can read a `login_session` profile";
nothing here is guessed. A version that cannot be read from files stays None and the
verdict is UNKNOWN.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from packaging.version import Version

from awslogin_helper.edges.safeio import Reason
from awslogin_helper.quoting import shell_command

# From the facts file, section "Which tools can read a `login_session` profile".
CLI_V2_MIN = Version("2.32.0")
BOTOCORE_MIN = Version("1.41.0")
AWSCRT_MIN = Version("0.28.4")
JS_LOGIN_MIN = Version("3.936.0")  # @aws-sdk/credential-provider-login
CDK_MIN = Version("2.1034.0")
SAM_MIN = Version("1.148.0")
VSCODE_TOOLKIT_MIN = Version("3.91.0")
VSCODE_TOOLKIT_FRESH = Version("3.94.0")  # fixes stale credentials
TERRAFORM_S3_MIN = Version("1.14.9")

CLI_GUIDE = "https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html"
TERRAFORM_GUIDE = "https://developer.hashicorp.com/terraform/install"
JS_LOGIN_PACKAGE = "@aws-sdk/credential-provider-login"


class Verdict(StrEnum):
    OK = "ok"  # reads the profile's credentials
    CANNOT = "cannot"  # does not; `fix` says the one thing to do
    UNKNOWN = "unknown"  # its version could not be read from files


class FixKind(StrEnum):
    COMMAND = "command"  # run `argv`
    BRIDGE = "bridge"  # read the bridge profile NAME-process instead
    UPGRADE = "upgrade"  # upgrade it (`url` says how)
    UNSET = "unset"  # unset the variable `variable` in the shell that runs it
    MANUAL = "manual"  # `text` says what to do; no command fits


@dataclass(frozen=True)
class Fix:
    kind: FixKind
    argv: tuple[str, ...] = ()
    url: str | None = None
    variable: str | None = None
    text: Reason | None = None

    def command(self, shell: str = "posix") -> str | None:
        """The command to copy, quoted for `shell` (None when the fix is not a command)."""
        return shell_command(list(self.argv), shell) if self.argv else None


@dataclass(frozen=True)
class Consumer:
    kind: str  # aws-cli, python, node, cdk, sam, terraform, ... (stable: in --json)
    name: str  # a catalog message (N_), translated where it is shown
    where: str  # the path it was found at
    version: str | None  # the version that decides, as read from files; None: unknown
    verdict: Verdict
    reason: Reason
    fix: Fix | None = None
    shadowed: bool = False  # an `aws` later on PATH: a plain `aws` never runs it
    details: dict[str, str | None] = field(default_factory=dict, hash=False)

    @property
    def uses_bridge(self) -> bool:
        return self.fix is not None and self.fix.kind is FixKind.BRIDGE

    @property
    def is_problem(self) -> bool:
        """Something the user runs cannot read the profile (shadowed CLIs never run)."""
        return self.verdict is Verdict.CANNOT and not self.shadowed


def at_least(version: Version | None, minimum: Version) -> bool | None:
    """True/False when the version is known, None when it is not."""
    return None if version is None else version >= minimum
