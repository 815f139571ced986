"""Exact lines for the user's shell: clear credential variables, select a profile."""

from __future__ import annotations

from collections.abc import Sequence

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
        return f"set -gx {name} {value}"
    if shell == "powershell":
        return f'$Env:{name} = "{value}"'
    if shell == "cmd":
        return f"set {name}={value}"
    return f"export {name}={value}"
