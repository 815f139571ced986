"""The wizard's first two lines, on screen before Rich, Questionary and the wizard load.

The recommendation (`paths/login.recommend`) is the first thing the wizard says on the
`aws login` path. That path is chosen from local facts (`checks/steps.detect`), and most of
them are cheap: the arguments, a few variables, whether the AWS files mention IAM Identity
Center or a region outside the commercial partition. When those facts say, beyond doubt,
that the path is the `aws login` one, the two lines are written here, straight to the
terminal, and `recommend` does not write them again. In any doubt (CI, `--sso`, `--profile`,
`--region`, an SSO or GovCloud word in the files, a file that is not small and regular, no
terminal) nothing is written here and the wizard says them itself, as before.

Only the standard library and `words` are imported (Rich alone costs ~50 ms).
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from awslogin_helper.words import _, wrap_cells

# Options that never change which path the wizard takes (the rest may: --profile, --sso,
# --region, --partition, or end it: --help, --version, the completion options).
_HARMLESS = frozenset({"--yes", "-y", "--remote", "--no-remote", "--verbose", "-v", "--no-color"})
# Words that may make the path another one: IAM Identity Center settings, a region outside
# the commercial partition (awsconfig.kinds._PARTITION_PREFIXES), a profile chain.
_DOUBT = re.compile(rb"sso_|gov-|cn-|iso|eusc-", re.IGNORECASE)
_LIMIT = 256 * 1024  # a larger file is read by the wizard, with its own limits
_SAFE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.@+=,-]{0,127}")
# environment.CI_MARKERS, and the values that do not count (environment._FALSE).
_CI = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "CODEBUILD_BUILD_ID", "JENKINS_URL", "BUILDKITE",
       "CIRCLECI", "TF_BUILD")  # fmt: skip
_FALSE = ("", "0", "false", "no", "off")

# Whether the two lines were written here (recommend then skips them); a dict, not a global
# rebound, so that `from early import state` readers see the change.
state = {"shown": False}


def _plain_wizard(args: Sequence[str]) -> bool:
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--lang" and rest:
            rest.pop(0)
        elif not (arg in _HARMLESS or arg.startswith("--lang=")):
            return False
    return True


def _small_file(path: Path) -> bytes | None:
    """The file's bytes when it is a small regular file; b"" when it does not exist."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return b""
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _LIMIT:
            return None
        return os.read(fd, _LIMIT + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def login_path_certain(args: Sequence[str], env: Mapping[str, str], home: Path) -> bool:
    """True only when the wizard will surely start with the recommendation."""
    if not _plain_wizard(args) or any(k.startswith("_") and k.endswith("_COMPLETE") for k in env):
        return False  # another command, an option that may change the path, or completion
    if any(env.get(name, "").strip().lower() not in _FALSE for name in _CI if name in env):
        return False
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        value = env.get(name)
        if value and not _SAFE_NAME.fullmatch(value):
            return False  # check_profile_vars may refuse it: that error comes first
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        if _DOUBT.search(env.get(name, "").encode("utf-8", "replace")):
            return False
    files = (
        env.get("AWS_CONFIG_FILE") or str(home / ".aws" / "config"),
        env.get("AWS_SHARED_CREDENTIALS_FILE") or str(home / ".aws" / "credentials"),
    )
    for name in files:
        if name.startswith("~") or "$" in name:
            return False  # expanded by awsconfig.locations: leave it to the wizard
        data = _small_file(Path(name))
        if data is None or _DOUBT.search(data):
            return False
    return True


def _width(env: Mapping[str, str]) -> int:
    # As Rich measures the console (COLUMNS first, then the terminal), at least 40 (ui._wrap).
    try:
        columns = int(env.get("COLUMNS", ""))
    except ValueError:
        try:
            columns = os.get_terminal_size(sys.stderr.fileno()).columns
        except (OSError, ValueError):
            columns = 80
    return max(columns, 40)


def first_lines(args: Sequence[str], env: Mapping[str, str] | None = None) -> bool:
    """Write the recommendation to the terminal now when the path is surely `aws login`."""
    state["shown"] = False
    env = os.environ if env is None else env
    stream = sys.stderr
    try:
        if not stream.isatty() or env.get("TERM") == "dumb":
            return False
        home = Path(env.get("HOME") or env.get("USERPROFILE") or "~").expanduser()
        if not login_path_certain(args, env, home):
            return False
        width = _width(env)
        # Bold like `ui.title` unless colours are off (Rich keeps bold under NO_COLOR too).
        no_style = "--no-color" in args
        bold, reset = ("", "") if no_style else ("\x1b[1m", "\x1b[0m")
        # The same sentences as `recommend` (one catalog entry each), in the chosen language.
        first = _("The fix is `aws login`: short-term credentials that rotate by themselves.")
        second = _("It needs AWS CLI 2.32.0 or later. First, checks that change nothing:")
        text = [bold + line + reset for line in wrap_cells(first, width, "", "")]
        text += wrap_cells(second, width, "", "")
        stream.write("\n".join(text) + "\n")
        stream.flush()
    except (OSError, ValueError):
        return False
    state["shown"] = True
    return True
