"""`--show-completion [SHELL]` and `--install-completion [SHELL]`: the shell named, else this one.

Typer's own completion options take no value once shell detection is available (shellingham
is always installed with Typer), so `--show-completion zsh` printed the script of the shell
the command ran in: the bash script, from bash. Its parser has no optional option values
either, so these options take a shell name, and `prepare` gives a bare option the name of
the shell it runs in before Click parses. The scripts and the install locations stay
Typer's (`typer._completion_shared`): the completion requests they make are answered by
Typer's completion classes, registered here.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.quoting import shell_command
from awslogin_helper.words import N_, _, tr

PROG_NAME = "awslogin-helper"
# The variable the scripts set when they ask for candidates (docs/completion.md).
COMPLETE_VAR = "_AWSLOGIN_HELPER_COMPLETE"
OPTIONS = ("--install-completion", "--show-completion")


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"
    pwsh = "pwsh"


def prepare(args: list[str]) -> list[str]:
    """Register Typer's completion classes; give a bare completion option the current shell.

    A completion option followed by a word (or written `--show-completion=zsh`) keeps it, and
    Click checks that it names a shell. A bare one (last, or before another option) gets the
    detected shell; when none is detected it stays bare and Click asks for a shell name.
    """
    from typer._completion_classes import completion_init

    completion_init()
    out: list[str] = []
    for index, arg in enumerate(args):
        if arg == "--":
            out.extend(args[index:])
            break
        out.append(arg)
        following = args[index + 1] if index + 1 < len(args) else None
        if arg in OPTIONS and (following is None or following.startswith("-")):
            detected = _detected_shell()
            if detected:
                out.append(detected)
    return out


def _detected_shell() -> str | None:
    """The shell this runs in (its parent processes), as Typer detects it; None if unknown."""
    from typer._completion_shared import _get_shell_name

    try:
        return _get_shell_name()
    except Exception:  # detection reads the process table; never let it end the run
        return None


_ZSH_REGISTER = "compdef _awslogin_helper_completion awslogin-helper"
# Autoloaded from fpath (the `_awslogin-helper` file), the file's body runs at the first Tab:
# Typer's script only registered itself then, so that Tab completed nothing. Run it instead.
_ZSH_REGISTER_OR_RUN = """if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then
  _awslogin_helper_completion "$@"
else
  compdef _awslogin_helper_completion awslogin-helper
fi"""


def script(shell: Shell) -> str:
    """The completion script for `shell`: Typer's, with zsh's first Tab working."""
    from typer._completion_shared import get_completion_script

    text = get_completion_script(prog_name=PROG_NAME, complete_var=COMPLETE_VAR, shell=shell.value)
    if shell is Shell.zsh and text.endswith(_ZSH_REGISTER):
        text = text.removesuffix(_ZSH_REGISTER) + _ZSH_REGISTER_OR_RUN
    return text


def _show(ctx: typer.Context, value: Shell | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    # The script itself, on stdout: it is meant to be redirected into a file.
    typer.echo(script(value))
    raise typer.Exit(int(ExitCode.OK))


def _install(ctx: typer.Context, value: Shell | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    import os
    import shutil

    from typer._completion_shared import install

    from awslogin_helper.edges.ui import UI, make_console

    if value in (Shell.powershell, Shell.pwsh) and shutil.which(value.value) is None:
        # Typer asks PowerShell itself where the profile is; without it that is a traceback.
        raise typer.BadParameter(
            tr(
                "{shell} is not on PATH here; add the script from {command} to your profile.",
                shell=value.value,
                command="`" + shell_command([PROG_NAME, "--show-completion", value.value]) + "`",
            )
        )
    shell, path = install(shell=value.value, prog_name=PROG_NAME, complete_var=COMPLETE_VAR)
    if value is Shell.zsh:
        path.write_text(script(value), encoding="utf-8")  # the same file `--show-completion` prints
    ui = UI(make_console(os.environ, stderr=False))
    ui.success(tr("Completion for {shell} installed in {path}.", shell=shell, path=str(path)))
    ui.hint(_("Open a new terminal to use it."))
    raise typer.Exit(int(ExitCode.OK))


InstallOpt = Annotated[
    Shell | None,
    typer.Option(
        "--install-completion",
        metavar="[SHELL]",
        callback=_install,
        expose_value=False,
        is_eager=True,
        case_sensitive=False,
        help=N_("Install completion for the shell named (default: the current shell)."),
    ),
]
ShowOpt = Annotated[
    Shell | None,
    typer.Option(
        "--show-completion",
        metavar="[SHELL]",
        callback=_show,
        expose_value=False,
        is_eager=True,
        case_sensitive=False,
        help=N_("Print the completion script for the shell named (default: the current shell)."),
    ),
]
