"""`awslogin-helper retire-keys NAME [--undo]`: keys commented out with a backup, put back.

What a user would notice: the key ID only as its last four characters, the key lines
commented out (never deleted) and nothing else changed, the files exactly as before after
`--undo`, a no, a Ctrl-C or a failed write, and the IAM commands printed, never run.
"""

from __future__ import annotations

import json
import re
import stat
import sys
from pathlib import Path

import pytest

from awslogin_helper.aftercare import iam
from awslogin_helper.aftercare.retire import run_retire, run_undo
from awslogin_helper.awsconfig import load_aws_files
from awslogin_helper.edges import configedit
from awslogin_helper.edges.environment import Environment
from awslogin_helper.errors import HelperError
from awslogin_helper.exit_codes import ExitCode
from fakes import FakePrompter, FakeRunner, make_env, make_ui

try:
    from fakeaws import FakeAws, run_helper
except ModuleNotFoundError:
    from tests.fakeaws import FakeAws, run_helper

AKIA = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYFAKESECRET"
CREDENTIALS = f"""\
[default]
# the old key, from 2019
aws_access_key_id = {AKIA}
aws_secret_access_key = {SECRET}

[other]
aws_access_key_id = AKIAOTHEROTHEROTHER1
aws_secret_access_key = {SECRET}
"""
CONFIG = "[default]\nregion = eu-west-1\n"
QUESTION = "Comment out the key ****MPLE?"
SIGN_IN = "Sign in profile default with `aws login` now?"
IDENTITY = {
    "UserId": "AIDA1",
    "Account": "123456789012",
    "Arn": "arn:aws:iam::123456789012:user/ops/alice",
}


def setup(tmp_path: Path, *, tty: bool = True) -> tuple[Environment, Path, Path]:
    env = make_env(tmp_path, tty=tty, extra={"USER": "alice"})
    aws = env.home / ".aws"
    (aws / "config").write_text(CONFIG)
    (aws / "credentials").write_text(CREDENTIALS)
    (aws / "credentials").chmod(0o600)
    return env, aws / "config", aws / "credentials"


def identity_runner(*, ok: bool = True) -> FakeRunner:
    runner = FakeRunner()
    stub = runner.stub("sts", "get-caller-identity", "--output", "json", "--profile", "default")
    stub.returncode, stub.stdout = (0, json.dumps(IDENTITY)) if ok else (255, "")
    return runner


def test_comments_the_keys_out_backs_up_and_offers_to_sign_in(tmp_path: Path) -> None:
    env, config, credentials = setup(tmp_path)
    ui, out = make_ui()
    signed: list[str] = []
    prompter = FakePrompter({QUESTION: True, SIGN_IN: True})

    def sign_in(name: str) -> ExitCode:
        signed.append(name)
        return ExitCode.OK

    code = run_retire(env, identity_runner(), ui, prompter, profile="default", sign_in=sign_in)
    assert code is ExitCode.OK and signed == ["default"]
    after = credentials.read_text()
    # The two key lines are commented out under a marker; every other line is as it was.
    lines, original = after.splitlines(), CREDENTIALS.splitlines()
    assert lines[:2] == original[:2]
    assert re.fullmatch(
        r"# Commented out by awslogin-helper retire-keys for user alice on "
        r"\d{4}-\d\d-\d\d \d\d:\d\d UTC; undo: awslogin-helper retire-keys default --undo",
        lines[2],
    )
    assert lines[3:5] == ["# " + line for line in original[2:4]]
    assert lines[5:] == original[4:]  # [other] and its key untouched
    assert config.read_text() == CONFIG  # nothing of this profile in it: not rewritten
    files = load_aws_files(env.vars, env.home)
    assert "aws_access_key_id" not in files.profiles["default"].settings
    [backup] = configedit.backups(credentials, "retire-keys.default")
    assert backup.read_text() == CREDENTIALS
    if sys.platform != "win32":
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
        assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    shown = out.getvalue()
    assert AKIA not in shown and SECRET not in shown and "FAKESECRET" not in shown
    assert "****MPLE" in shown
    # The IAM commands: printed with the user from the ARN, the ID read from the backup.
    assert "aws iam update-access-key --user-name alice --status Inactive" in shown
    assert f'--access-key-id "$(AWS_SHARED_CREDENTIALS_FILE={backup} aws configure get' in shown
    assert "aws iam delete-access-key --user-name alice" in shown


def test_the_printed_iam_command_yields_the_whole_key_id(tmp_path: Path) -> None:
    backup = tmp_path / "credentials.bak"
    backup.write_text(CREDENTIALS)
    [update, _delete] = iam.iam_commands(
        "posix", backup=backup, in_credentials=True, profile="default", user=None
    )
    assert AKIA not in update
    expression = update.split("--access-key-id ", 1)[1]
    assert expression.startswith('"$(AWS_SHARED_CREDENTIALS_FILE=') and expression.endswith(')"')
    [placeholder, _] = iam.iam_commands(
        "powershell", backup=backup, in_credentials=True, profile="default", user="bob"
    )
    assert placeholder.endswith("--access-key-id ACCESS_KEY_ID") and "bob" in placeholder
    assert iam.user_from_arn("arn:aws:iam::1:user/a/b/carol") == "carol"
    assert iam.user_from_arn("arn:aws:iam::1:root") is None


def test_undo_restores_both_files_exactly(tmp_path: Path) -> None:
    env, config, credentials = setup(tmp_path)
    (config).write_text(CONFIG + f"\n[profile ops]\naws_access_key_id = {AKIA}\n")
    original_config = config.read_bytes()
    prompter = FakePrompter({"Comment out the key ****MPLE?": True})
    run_retire(env, identity_runner(), make_ui()[0], prompter, profile="default", yes=False)
    assert credentials.read_bytes() != CREDENTIALS.encode()
    ui, out = make_ui()
    undo = FakePrompter({"Restore the files from the backup?": True})
    assert run_undo(env, ui, undo, profile="default") is ExitCode.OK
    assert credentials.read_bytes() == CREDENTIALS.encode()
    assert config.read_bytes() == original_config
    assert SECRET not in out.getvalue() and AKIA not in out.getvalue()
    # Again: nothing left to undo, nothing asked.
    assert run_undo(env, make_ui()[0], FakePrompter(), profile="default") is ExitCode.OK


def test_keys_in_both_files_change_together(tmp_path: Path) -> None:
    env, config, credentials = setup(tmp_path)
    config.write_text(CONFIG + f"aws_access_key_id = {AKIA}\n")
    prompter = FakePrompter({QUESTION: True})
    run_retire(env, identity_runner(), make_ui()[0], prompter, profile="default")
    assert f"# aws_access_key_id = {AKIA}" in config.read_text()
    assert f"# aws_access_key_id = {AKIA}" in credentials.read_text()
    stamps = {
        p.name.rsplit("-", 1)[1]
        for path in (config, credentials)
        for p in configedit.backups(path, "retire-keys.default")
    }
    assert len(stamps) == 1  # one transaction, one stamp: --undo restores both


@pytest.mark.parametrize(
    ("profile", "credentials_text", "code"),
    [
        ("nope", CREDENTIALS, ExitCode.NOT_FOUND),  # unknown profile
        ("plain", "[plain]\nregion = x\n", ExitCode.NOT_FOUND),  # no keys
        ("plain", None, ExitCode.NOT_FOUND),  # no credentials file at all
    ],
)
def test_nothing_to_retire(
    tmp_path: Path, profile: str, credentials_text: str | None, code: ExitCode
) -> None:
    env, config, credentials = setup(tmp_path)
    config.write_text(CONFIG + "[profile plain]\nregion = x\n")
    if credentials_text is None:
        credentials.unlink()
    else:
        credentials.write_text(credentials_text)
    with pytest.raises(HelperError) as caught:
        run_retire(env, FakeRunner(), make_ui()[0], FakePrompter(), profile=profile)
    assert caught.value.code is code
    assert config.read_text() == CONFIG + "[profile plain]\nregion = x\n"
    assert not list(config.parent.glob("*.bak"))


def test_no_and_ctrl_c_at_the_question_change_nothing(tmp_path: Path) -> None:
    env, config, credentials = setup(tmp_path)
    no = FakePrompter({QUESTION: False})
    assert run_retire(env, FakeRunner(), make_ui()[0], no, profile="default") is ExitCode.DECLINED
    ctrl_c = FakePrompter({QUESTION: KeyboardInterrupt()})
    with pytest.raises(KeyboardInterrupt):
        run_retire(env, FakeRunner(), make_ui()[0], ctrl_c, profile="default")
    assert credentials.read_text() == CREDENTIALS and config.read_text() == CONFIG
    assert not list(credentials.parent.glob("*.bak"))


def test_ctrl_c_during_the_write_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env, config, credentials = setup(tmp_path)
    config.write_text(CONFIG + f"aws_access_key_id = {AKIA}\n")

    def interrupted(_source: Path, _target: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(configedit, "_rename", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_retire(
            env, identity_runner(), make_ui()[0], FakePrompter({QUESTION: True}), profile="default"
        )
    assert credentials.read_text() == CREDENTIALS
    assert config.read_text() == CONFIG + f"aws_access_key_id = {AKIA}\n"
    assert not list(credentials.parent.glob("*.bak")) and not list(
        credentials.parent.glob(".*.tmp")
    )


def test_a_file_changed_during_the_edit_is_exit_15(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env, _config, credentials = setup(tmp_path)
    theirs = CREDENTIALS + "[new]\n"

    class Meddling(FakePrompter):
        def confirm(self, question: str, *, default: bool = True) -> bool:
            credentials.write_text(theirs)  # another program writes while we ask
            return True

    with pytest.raises(HelperError) as caught:
        run_retire(env, identity_runner(), make_ui()[0], Meddling(), profile="default")
    assert caught.value.code is ExitCode.NOT_WRITTEN == 15
    assert "changed while I was editing it" in caught.value.message
    assert credentials.read_text() == theirs


def test_without_terminal_or_sign_in_it_prints_the_next_step(tmp_path: Path) -> None:
    env, _config, _credentials = setup(tmp_path, tty=False)
    with pytest.raises(HelperError) as caught:
        run_retire(env, FakeRunner(), make_ui()[0], FakePrompter(), profile="default")
    assert caught.value.code is ExitCode.USAGE
    ui, out = make_ui()
    # --yes without a way to sign in (--no-sign-in): the step is printed; offline: no user.
    code = run_retire(
        env, identity_runner(ok=False), ui, FakePrompter(), profile="default", yes=True
    )
    assert code is ExitCode.OK
    assert "awslogin-helper --profile default" in out.getvalue()
    assert "--user-name NAME" in out.getvalue()


# --------------------------------------------------------------------------- the CLI


def test_new_user_flow_through_the_cli(fake_aws: FakeAws) -> None:
    """AKIA keys in [default] -> retire-keys default -> sign-in on default -> --undo."""
    fake_aws.write_config(CONFIG)
    fake_aws.write_credentials(CREDENTIALS)
    kept = run_helper(fake_aws)  # no terminal: the working keys are kept
    assert kept.returncode == 0
    assert "awslogin-helper retire-keys default" in kept.stdout + kept.stderr
    result = run_helper(fake_aws, "retire-keys", "default", "--yes")
    screen = result.stdout + result.stderr
    assert result.returncode == 0, screen
    assert AKIA not in screen and SECRET not in screen
    assert "login_session = " in fake_aws.read_config()  # the wizard signed it in
    assert any(call[:1] == ["login"] for call in fake_aws.calls())
    assert not any(call[:1] == ["iam"] for call in fake_aws.calls())  # printed, never run
    assert "aws iam update-access-key" in screen
    undo = run_helper(fake_aws, "retire-keys", "default", "--undo", "--yes")
    assert undo.returncode == 0, undo.stdout + undo.stderr
    assert fake_aws.credentials_file.read_text() == CREDENTIALS
    again = run_helper(fake_aws, "retire-keys", "nope", "--yes")
    assert again.returncode == ExitCode.NOT_FOUND
