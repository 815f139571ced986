"""The one way a value enters a command the user copies: quoted for the user's shell.

Every name, ARN part and path the helper prints inside a command goes through `quote`, so a
profile called `dev;curl x|sh` (from a file) is shown as one harmless argument, never as a
second command. `option` builds argument lists where a value that looks like an option
(`--debug`) stays the option's value instead of becoming an option of its own.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence

# Characters every shell reads literally outside quotes (shlex's own safe set, minus the
# ones PowerShell and cmd give a meaning: `@` splats in PowerShell, `%` expands in cmd).
_SAFE_POSIX = re.compile(r"[A-Za-z0-9_@%+=:,./-]+")
_SAFE_WINDOWS = re.compile(r"[A-Za-z0-9_+=:,./\\-]+")
# PowerShell treats the typographic single quotes as quote characters too.
_PS_SINGLE = "'\u2018\u2019\u201a\u201b"
# Inside PowerShell double quotes only these are special (expansion, escape, the quote).
_PS_DOUBLE_SPECIAL = re.compile('[$`"\u201c\u201d\u201e]')


def quote(value: str, shell: str = "posix") -> str:
    """`value` as exactly one literal argument in `shell` (posix, fish, powershell, cmd).

    Left bare when nothing in it is special (`dev`, `/usr/local/bin`), so the common commands
    read as the user would type them.
    """
    if shell == "powershell":
        if _SAFE_WINDOWS.fullmatch(value) and not value.startswith("-"):
            return value
        return _powershell_single(value)
    if shell == "cmd":
        if _SAFE_WINDOWS.fullmatch(value):
            return value
        # cmd has no literal quoting for `%`; doubling `"` is the convention its tools read.
        return '"' + value.replace('"', '""') + '"'
    if _SAFE_POSIX.fullmatch(value):
        return value
    if shell == "fish":
        # Inside fish single quotes, backslash escapes `\` and `'`.
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return shlex.quote(value)


def quote_string(value: str, shell: str) -> str:
    """`value` as a string literal (PowerShell assignments need one even when it is plain)."""
    if shell == "powershell":
        if _PS_DOUBLE_SPECIAL.search(value) is None and not any(c in value for c in _PS_SINGLE):
            return f'"{value}"'
        return _powershell_single(value)
    return quote(value, shell)


def _powershell_single(value: str) -> str:
    doubled = "".join(ch * 2 if ch in _PS_SINGLE else ch for ch in value)
    return "'" + doubled + "'"


def shell_command(args: Sequence[str], shell: str = "posix") -> str:
    """An argument list as one copyable command line."""
    return " ".join(quote(arg, shell) for arg in args)


def option(flag: str, value: str) -> list[str]:
    """`--flag value`, or `--flag=value` when the value itself starts with `-`.

    argparse (the AWS CLI) and Click (this helper) read `--profile --debug` as a missing value
    followed by the `--debug` option; `--profile=--debug` is unambiguous in both.
    """
    if value.startswith("-"):
        return [f"{flag}={value}"]
    return [flag, value]
