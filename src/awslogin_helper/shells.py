"""Exact lines for the user's shell: clear credential variables, select a profile.

Variable names are the helper's own constants; every value is quoted by `quoting.quote` for
the shell it is shown in.
"""

from __future__ import annotations

from collections.abc import Sequence

from awslogin_helper.quoting import quote, quote_string

SHELL_LABELS = {"posix": "bash/zsh", "fish": "fish", "powershell": "PowerShell", "cmd": "cmd"}


def unset_lines(shell: str, names: Sequence[str]) -> list[str]:
    if shell == "fish":
        return [f"set -e {name}" for name in names]
    if shell == "powershell":
        return [f"Remove-Item Env:{name}" for name in names]
    if shell == "cmd":
        return [f"set {name}=" for name in names]
    return ["unset " + " ".join(names)]


def set_line(shell: str, name: str, value: str) -> str:
    if shell == "fish":
        return f"set -gx {name} {quote(value, 'fish')}"
    if shell == "powershell":
        return f"$Env:{name} = {quote_string(value, 'powershell')}"
    if shell == "cmd":
        # `set "NAME=value"` keeps trailing spaces and `&` out of the command's reach.
        plain = quote(value, "cmd")
        return f"set {name}={value}" if plain == value else f'set "{name}={value}"'
    return f"export {name}={quote(value)}"


def startup_file(shell: str, login_shell: str | None) -> str:
    """Where a line goes so that new terminals of `shell` run it (shown, never written)."""
    if shell == "fish":
        return "~/.config/fish/config.fish"
    if shell == "powershell":
        return "$PROFILE"
    if shell == "cmd":
        return ""  # no startup file: `setx` stores the variable for new terminals
    return "~/.zshrc" if (login_shell or "").rstrip("/").endswith("zsh") else "~/.bashrc"


def persist_line(shell: str, name: str, value: str) -> str:
    """The line (or, for cmd, the command) that sets `name` in every new terminal."""
    if shell == "cmd":
        return f"setx {name} {quote(value, 'cmd')}"
    return set_line(shell, name, value)
