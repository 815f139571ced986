"""Shell completion works for bash, zsh, fish and PowerShell, as docs/completion.md says.

Runs the installed `awslogin-helper` (else `python -m awslogin_helper`) as a user's shell would,
and, where it matters, from inside a real bash: Typer's own options once printed the bash
script for every shell named when the helper ran under bash.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from awslogin_helper import cli, completion

try:
    from fakeaws import helper_command
except ModuleNotFoundError:  # tests/ is imported as a package
    from tests.fakeaws import helper_command

SRC = Path(__file__).resolve().parents[1] / "src"
BASH = shutil.which("bash")

# What only that shell's script contains.
MARKERS = {
    "bash": "complete -o default -F _awslogin_helper_completion awslogin-helper",
    "zsh": "#compdef awslogin-helper",
    "fish": "complete --command awslogin-helper",
    "powershell": "Register-ArgumentCompleter -Native -CommandName awslogin-helper",
}


def run(*args: str, via_bash: bool = False, **env: str) -> subprocess.CompletedProcess[str]:
    command = [*helper_command(), *args]
    full_env = {**os.environ, **env}
    # Typer's test switch would hide the detection this file is about.
    full_env.pop("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", None)
    if command[0] == sys.executable:
        full_env.setdefault("PYTHONPATH", str(SRC))
    if via_bash:
        assert BASH is not None
        # Not the last command of the script, so bash stays the helper's parent process.
        command = [BASH, "-c", '"$@"; status=$?; exit $status', "bash", *command]
    return subprocess.run(
        command,
        env=full_env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def assert_script_of(shell: str, script: str) -> None:
    assert MARKERS[shell] in script
    for other, marker in MARKERS.items():
        if other != shell:
            assert marker not in script, f"{shell} script holds the {other} script"
    assert "_AWSLOGIN_HELPER_COMPLETE" in script


@pytest.mark.parametrize("login_shell", ["/bin/bash", "/bin/zsh"])
@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell", "pwsh"])
def test_show_completion_prints_the_script_of_the_shell_named(shell: str, login_shell: str) -> None:
    # From a bash when there is one: the parent process is what the detection looks at.
    result = run("--show-completion", shell, via_bash=BASH is not None, SHELL=login_shell)
    assert result.returncode == 0, result.stderr
    assert_script_of("powershell" if shell == "pwsh" else shell, result.stdout)


def test_show_completion_takes_the_equals_form_and_any_case() -> None:
    result = run("--show-completion=FISH", via_bash=BASH is not None)
    assert result.returncode == 0, result.stderr
    assert_script_of("fish", result.stdout)


@pytest.mark.skipif(BASH is None, reason="no bash here")
def test_bare_show_completion_from_bash_prints_the_bash_script() -> None:
    result = run("--show-completion", via_bash=True, SHELL="/bin/zsh")
    assert result.returncode == 0, result.stderr
    assert_script_of("bash", result.stdout)


def test_a_shell_it_cannot_complete_is_a_usage_error() -> None:
    result = run("--show-completion", "tcsh")
    assert result.returncode == 2
    assert "tcsh" in result.stderr
    assert "zsh" in result.stderr  # the shells it can do
    assert result.stdout == ""


@pytest.mark.skipif(BASH is None, reason="no bash here")
def test_the_bash_script_defines_the_completion_in_bash(tmp_path: Path) -> None:
    script = tmp_path / "awslogin-helper.sh"
    script.write_text(run("--show-completion", "bash").stdout, encoding="utf-8")
    assert BASH is not None
    shown = subprocess.run(
        [BASH, "--norc", "-c", 'source "$1" && complete -p awslogin-helper', "bash", str(script)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    assert "-F _awslogin_helper_completion" in shown.stdout


def test_prepare_names_the_current_shell_for_a_bare_option(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(completion, "_detected_shell", lambda: "zsh")
    assert completion.prepare(["--show-completion"]) == ["--show-completion", "zsh"]
    assert completion.prepare(["--install-completion", "--lang", "en"]) == [
        "--install-completion",
        "zsh",
        "--lang",
        "en",
    ]
    # A word that follows is the shell named (Click checks it), `--` ends the options.
    assert completion.prepare(["--show-completion", "fish"]) == ["--show-completion", "fish"]
    assert completion.prepare(["--", "--show-completion"]) == ["--", "--show-completion"]


def test_undetected_shell_asks_for_a_shell_name(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(completion, "_detected_shell", lambda: None)
    assert cli.run(["--show-completion"]) == 2
    assert "--show-completion" in capsys.readouterr().err


def home_env(home: Path) -> dict[str, str]:
    return {"HOME": str(home), "USERPROFILE": str(home), "SHELL": "/bin/bash"}


@pytest.mark.parametrize(
    ("shell", "script_path", "rc_file", "rc_line"),
    [
        ("bash", ".bash_completions/awslogin-helper.sh", ".bashrc", "source '"),
        ("zsh", ".zfunc/_awslogin-helper", ".zshrc", "fpath+=~/.zfunc; autoload -Uz compinit"),
        ("fish", ".config/fish/completions/awslogin-helper.fish", None, None),
    ],
)
def test_install_completion_writes_the_named_shells_file(
    tmp_path: Path, shell: str, script_path: str, rc_file: str | None, rc_line: str | None
) -> None:
    result = run("--install-completion", shell, via_bash=BASH is not None, **home_env(tmp_path))
    assert result.returncode == 0, result.stderr
    script = tmp_path / script_path
    assert_script_of(shell, script.read_text(encoding="utf-8"))
    assert str(script) in " ".join(result.stdout.split())  # said where, even when wrapped
    if rc_file is not None and rc_line is not None:
        assert rc_line in (tmp_path / rc_file).read_text(encoding="utf-8")
    if shell == "zsh":
        # zsh finds `_awslogin-helper` only if ~/.zfunc is on fpath before compinit runs.
        zshrc = (tmp_path / ".zshrc").read_text(encoding="utf-8")
        assert zshrc.index("fpath+=~/.zfunc") < zshrc.index("compinit")
        assert script.read_text(encoding="utf-8").startswith("#compdef awslogin-helper")
    # Nothing for the other shells.
    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert written == {script_path} | ({rc_file} if rc_file else set())


@pytest.mark.skipif(
    shutil.which("pwsh") is not None or shutil.which("powershell") is not None,
    reason="PowerShell is installed here; installing would change its profile",
)
def test_install_for_powershell_without_powershell_says_what_to_do(tmp_path: Path) -> None:
    home = tmp_path / "user"
    home.mkdir()
    result = run("--install-completion", "powershell", **home_env(home))
    assert result.returncode == 2
    message = " ".join(result.stderr.split())
    assert "powershell is not on PATH" in message
    assert "awslogin-helper --show-completion powershell" in message
    assert "Traceback" not in result.stderr
    assert list(home.iterdir()) == []


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


def test_bash_completes_the_shell_names() -> None:
    result = run(
        _AWSLOGIN_HELPER_COMPLETE="complete_bash",
        COMP_WORDS="awslogin-helper --show-completion ",
        COMP_CWORD="2",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["bash", "zsh", "fish", "powershell", "pwsh"]


def test_zsh_completes_options() -> None:
    result = run(
        _AWSLOGIN_HELPER_COMPLETE="complete_zsh",
        _TYPER_COMPLETE_ARGS="awslogin-helper --pro",
    )
    assert result.returncode == 0, result.stderr
    assert "--profile" in result.stdout


def test_fish_completes_partition_values() -> None:
    result = run(
        _AWSLOGIN_HELPER_COMPLETE="complete_fish",
        _TYPER_COMPLETE_FISH_ACTION="get-args",
        _TYPER_COMPLETE_ARGS="awslogin-helper --partition ",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["aws", "aws-us-gov", "aws-cn"]


@pytest.mark.skipif(shutil.which("fish") is None, reason="no fish here")
def test_fish_completes_from_the_installed_file(tmp_path: Path) -> None:
    installed = run("--install-completion", "fish", **home_env(tmp_path))
    assert installed.returncode == 0, installed.stderr
    fish = shutil.which("fish")
    assert fish is not None
    bin_dir = str(Path(helper_command()[0]).parent)
    done = subprocess.run(
        [fish, "-c", "complete -C 'awslogin-helper --pro'"],
        env={**os.environ, "HOME": str(tmp_path), "PATH": bin_dir + os.pathsep + "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    # The completions directory of the temporary home, loaded at the first completion.
    assert done.stdout.split("\t")[0] == "--profile", done.stdout + done.stderr


@pytest.mark.skipif(
    shutil.which("zsh") is None or shutil.which("tmux") is None, reason="needs zsh and tmux"
)
def test_the_first_tab_in_a_new_zsh_completes(tmp_path: Path) -> None:
    # The docs' recipe: the script as ~/.zfunc/_awslogin-helper, on fpath before compinit.
    # Typer's script only registered itself at the first Tab, which then completed nothing.
    (tmp_path / ".zfunc").mkdir()
    script = run("--show-completion", "zsh").stdout
    (tmp_path / ".zfunc" / "_awslogin-helper").write_text(script, encoding="utf-8")
    (tmp_path / ".zshrc").write_text(
        "fpath=(~/.zfunc $fpath)\nautoload -Uz compinit && compinit\nPS1='%% '\n",
        encoding="utf-8",
    )
    tmux, zsh = shutil.which("tmux"), shutil.which("zsh")
    assert tmux is not None and zsh is not None
    socket = f"awslogin-zsh-{os.getpid()}"
    bin_dir = str(Path(helper_command()[0]).parent)
    env = {"HOME": str(tmp_path), "PATH": bin_dir + os.pathsep + "/usr/bin:/bin"}
    env["TERM"] = "xterm"
    base = [tmux, "-L", socket, "-f", os.devnull]
    subprocess.run(
        [*base, "new-session", "-d", "-x", "80", "-y", "10", zsh, "-i"],
        env=env,
        check=True,
        timeout=30,
    )
    try:
        screen = ""
        for _attempt in range(100):  # the prompt first, then one Tab
            screen = subprocess.run(
                [*base, "capture-pane", "-p"], capture_output=True, text=True, check=True
            ).stdout
            if screen.startswith("%"):  # capture-pane drops the trailing space
                break
            time.sleep(0.1)
        subprocess.run([*base, "send-keys", "awslogin-helper --pro", "Tab"], check=True)
        for _attempt in range(100):
            screen = subprocess.run(
                [*base, "capture-pane", "-p"], capture_output=True, text=True, check=True
            ).stdout
            if "--profile" in screen:
                break
            time.sleep(0.1)
        assert "% awslogin-helper --profile" in screen, screen
    finally:
        subprocess.run([*base, "kill-server"], capture_output=True, check=False, timeout=30)
