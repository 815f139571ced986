"""Shell completion (Typer's) works for bash, zsh, fish and PowerShell, as docs/completion.md says.

Runs the installed `awslogin-helper` (else `python -m awslogin_helper`) as a user's shell would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

try:
    from fakeaws import helper_command
except ModuleNotFoundError:  # tests/ is imported as a package
    from tests.fakeaws import helper_command

SRC = Path(__file__).resolve().parents[1] / "src"


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    command = helper_command()
    full_env = {**os.environ, **env}
    if command[0] == sys.executable:
        full_env.setdefault("PYTHONPATH", str(SRC))
    return subprocess.run(
        [*command, *args],
        env=full_env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o default -F _awslogin_helper_completion awslogin-helper"),
        ("zsh", "#compdef awslogin-helper"),
        ("fish", "complete --command awslogin-helper"),
        ("powershell", "Register-ArgumentCompleter -Native -CommandName awslogin-helper"),
    ],
)
def test_completion_script_generates(shell: str, marker: str) -> None:
    # Without detection Typer takes the shell from the argument, as `--install-completion
    # SHELL` does; with it, it would look at the parent process.
    result = run("--show-completion", shell, _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    assert result.returncode == 0, result.stderr
    assert "awslogin-helper" in result.stdout
    assert marker in result.stdout
    assert "_AWSLOGIN_HELPER_COMPLETE" in result.stdout


def test_bash_completes_options_and_commands() -> None:
    options = run(
        _AWSLOGIN_HELPER_COMPLETE="complete_bash",
        COMP_WORDS="awslogin-helper --pro",
        COMP_CWORD="1",
    )
    assert options.returncode == 0, options.stderr
    assert options.stdout.split() == ["--profile"]
    commands = run(
        _AWSLOGIN_HELPER_COMPLETE="complete_bash", COMP_WORDS="awslogin-helper st", COMP_CWORD="1"
    )
    assert commands.stdout.split() == ["status"]


def test_fish_completes_partition_values() -> None:
    result = run(
        _AWSLOGIN_HELPER_COMPLETE="complete_fish",
        _TYPER_COMPLETE_FISH_ACTION="get-args",
        _TYPER_COMPLETE_ARGS="awslogin-helper --partition ",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["aws", "aws-us-gov", "aws-cn"]
