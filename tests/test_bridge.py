"""`awslogin-helper bridge NAME`: the documented `credential_process` profile, added safely."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from awslogin_helper.aftercare import bridge
from awslogin_helper.aftercare.bridge import run_bridge
from awslogin_helper.awsconfig import load_aws_files
from awslogin_helper.edges.environment import Environment
from awslogin_helper.errors import HelperError
from awslogin_helper.exit_codes import ExitCode
from fakes import FakePrompter, make_env, make_ui

try:
    from fakeaws import FakeAws, run_helper
except ModuleNotFoundError:
    from tests.fakeaws import FakeAws, run_helper

CONFIG = """\
# my settings
[default]
region = eu-west-1

[profile dev]
login_session = arn:aws:iam::123456789012:user/Admin
region = us-east-1
"""
PROCESS = "aws configure export-credentials --profile dev --format process"
ADDED = f"\n[profile dev-process]\ncredential_process = {PROCESS}\nregion = us-east-1\n"
QUESTION = "Add profile dev-process?"


def setup(tmp_path: Path, text: str = CONFIG, *, tty: bool = True) -> tuple[Path, Environment]:
    env = make_env(tmp_path, tty=tty)
    config = env.home / ".aws" / "config"
    config.write_text(text)
    config.chmod(0o600)
    return config, env


def test_adds_the_bridge_after_showing_it_and_asking_once(tmp_path: Path) -> None:
    config, env = setup(tmp_path)
    ui, out = make_ui()
    prompter = FakePrompter({QUESTION: True})
    assert run_bridge(env, ui, prompter, profile="dev") is ExitCode.OK
    assert prompter.asked == [QUESTION]
    assert config.read_text() == CONFIG + ADDED  # every earlier byte kept
    shown = out.getvalue()
    assert f"+credential_process = {PROCESS}" in shown
    assert "export AWS_PROFILE=dev-process" in shown
    assert "aws sts get-caller-identity --profile dev-process" in shown
    files = load_aws_files(env.vars, env.home)
    assert files.profiles["dev-process"].get("credential_process") == PROCESS
    if sys.platform != "win32":
        assert stat.S_IMODE(config.stat().st_mode) == 0o600


def test_run_again_it_says_so_and_changes_nothing(tmp_path: Path) -> None:
    config, env = setup(tmp_path, CONFIG + ADDED)
    ui, out = make_ui()
    assert run_bridge(env, ui, FakePrompter(), profile="dev") is ExitCode.OK
    assert "already the bridge" in out.getvalue()
    assert config.read_text() == CONFIG + ADDED
    assert list(config.parent.glob("*.bak")) == []


def test_a_different_profile_of_that_name_is_never_replaced(tmp_path: Path) -> None:
    theirs = CONFIG + "\n[profile dev-process]\nrole_arn = arn:aws:iam::1:role/x\n"
    config, env = setup(tmp_path, theirs)
    with pytest.raises(HelperError) as caught:
        run_bridge(env, make_ui()[0], FakePrompter(), profile="dev")
    assert caught.value.code is ExitCode.PROFILE_CONFLICT
    assert config.read_text() == theirs


def test_unknown_profile_is_exit_14(tmp_path: Path) -> None:
    config, env = setup(tmp_path)
    with pytest.raises(HelperError) as caught:
        run_bridge(env, make_ui()[0], FakePrompter(), profile="nope")
    assert caught.value.code is ExitCode.NOT_FOUND == 14
    assert "no profile nope" in caught.value.message
    assert config.read_text() == CONFIG


def test_no_copies_the_region_only_when_there_is_one_and_no_means_no(tmp_path: Path) -> None:
    text = "[profile bare]\nlogin_session = arn:aws:iam::1:user/x\n"
    config, env = setup(tmp_path, text)
    ui, out = make_ui()
    prompter = FakePrompter({"Add profile bare-process?": False})
    assert run_bridge(env, ui, prompter, profile="bare") is ExitCode.DECLINED
    assert config.read_text() == text
    shown = out.getvalue()
    assert "+credential_process = aws configure export-credentials --profile bare" in shown
    assert "+region" not in shown


def test_without_a_terminal_it_needs_yes(tmp_path: Path) -> None:
    config, env = setup(tmp_path, tty=False)
    with pytest.raises(HelperError) as caught:
        run_bridge(env, make_ui()[0], FakePrompter(), profile="dev")
    assert caught.value.code is ExitCode.USAGE
    assert config.read_text() == CONFIG
    assert run_bridge(env, make_ui()[0], FakePrompter(), profile="dev", yes=True) is ExitCode.OK
    assert config.read_text() == CONFIG + ADDED


def test_names_the_tools_found_here_or_the_known_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _config, env = setup(tmp_path, CONFIG + ADDED)
    monkeypatch.setattr(bridge, "_found_here", lambda *_a: None)
    ui, out = make_ui()
    run_bridge(env, ui, FakePrompter(), profile="dev")
    assert "Terraform AWS provider" in out.getvalue() and "Pulumi" in out.getvalue()
    monkeypatch.setattr(bridge, "_found_here", lambda *_a: ["Terraform (/opt/tf)"])
    ui, out = make_ui()
    run_bridge(env, ui, FakePrompter(), profile="dev")
    assert "Terraform (/opt/tf)" in out.getvalue() and "Pulumi" not in out.getvalue()


# --------------------------------------------------------------------------- the CLI


def test_cli_bridge_then_the_fake_aws_reads_the_bridge_profile(fake_aws: FakeAws) -> None:
    fake_aws.write_config(CONFIG)
    result = run_helper(fake_aws, "bridge", "dev", "--yes")
    assert result.returncode == 0, result.stderr
    assert fake_aws.read_config() == CONFIG + ADDED
    again = run_helper(fake_aws, "bridge", "dev", "--yes")
    assert again.returncode == 0 and "already the bridge" in again.stdout + again.stderr
    missing = run_helper(fake_aws, "bridge", "nope", "--yes")
    assert missing.returncode == 14
    bad = run_helper(fake_aws, "bridge", "--debug")
    assert bad.returncode == 2
    assert fake_aws.read_config() == CONFIG + ADDED
