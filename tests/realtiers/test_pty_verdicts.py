"""Issue 12, the paths that ask: the installed helper in a real pseudo-terminal, fake `aws`.

How many questions a path asks (the keep-or-switch choice and one confirmation, never a third
question for the name), what signing in again offers, what is said after moving to a new
profile, and the one next command every decline ends with.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import flat
from .test_pty import assert_no_secret, start

try:
    from fakeaws import FakeAws
except ModuleNotFoundError:  # tests/ became a package: go through it
    from tests.fakeaws import FakeAws

pytestmark = pytest.mark.pty

AKIA = "AKIAIOSFODNN7EXAMPLE"
KEYS = f"[default]\naws_access_key_id = {AKIA}\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
KEEP_Q = "Keep these credentials, or set up different ones?"
NAME_Q = "Profile name (Enter runs it; n cancels):"
DOWN = "\x1b[B"


def questions(screen: str) -> set[str]:
    """The distinct questions asked (questionary redraws a question as it is answered)."""
    return {line[2:16] for line in screen.splitlines() if line.startswith("? ")}


def test_6_and_8_new_profile_asks_two_questions_and_says_what_stays_behind(
    pexpect_module: Any, fake_aws: FakeAws
) -> None:
    fake_aws.write_config("[default]\nregion = us-east-1\n")
    fake_aws.write_credentials(KEYS)
    session = start(pexpect_module, fake_aws)
    session.expect(KEEP_Q)
    session.child.send(DOWN + "\r")
    session.expect(NAME_Q)
    session.child.send("\r")  # the suggested name, dev
    code, screen, _stty = session.finish()
    text = flat(screen)
    assert code == 0, screen
    assert questions(screen) == {KEEP_Q[:14], NAME_Q[:14]}, screen
    assert "Ready for me to run" not in screen
    for phrase in (
        "aws login --profile NAME",
        "Signed in: profile dev is arn:",
        "To use profile dev in new terminals, add this line to ~/.bashrc:",
        "export AWS_PROFILE=dev",
        "The long-term key ****MPLE of the default profile is still in",
        "in plain text",
    ):
        assert phrase in text, f"{phrase!r} not on screen:\n{screen}"
    assert AKIA not in screen
    assert_no_secret(fake_aws, screen)


def test_6_n_at_the_name_prompt_declines_with_the_next_command(
    pexpect_module: Any, fake_aws: FakeAws
) -> None:
    fake_aws.write_config("[default]\nregion = us-east-1\n")
    fake_aws.write_credentials(KEYS)
    session = start(pexpect_module, fake_aws)
    session.expect(KEEP_Q)
    session.child.send(DOWN + "\r")
    session.expect(NAME_Q)
    session.child.send("\x15n\r")  # clear the suggested name, type n
    code, screen, _stty = session.finish()
    assert code == 5, screen
    assert "OK, nothing was run." in screen
    assert "aws configure" in flat(screen)  # only now, after a decline, with its risks
    assert "less safe" in flat(screen)


def test_5_an_aws_login_profile_offers_to_sign_in_again_in_place(
    pexpect_module: Any, fake_aws: FakeAws
) -> None:
    # Signed in before: the profile holds a working `aws login` session.
    fake_aws.write_config("[default]\nregion = us-east-1\n")
    assert fake_aws.run_aws("login").returncode == 0
    session = start(pexpect_module, fake_aws)
    session.expect(KEEP_Q)
    session.expect("Sign in again")
    session.child.send(DOWN + "\r")
    session.expect("Ready for me to run `aws login`?")
    session.child.send("y")
    code, screen, _stty = session.finish()
    assert code == 0, screen
    assert "new named profile" not in screen and NAME_Q not in screen
    logins = [e for e in fake_aws.log_entries() if e["argv"][:1] == ["login"]]
    assert [e["argv"] for e in logins] == [["login"], ["login"]]  # the same profile, again


def test_4_permission_command_is_exact_when_the_first_check_knew_the_identity(
    pexpect_module: Any, fake_aws: FakeAws
) -> None:
    fake_aws.write_config("[default]\nregion = us-east-1\n")
    fake_aws.write_credentials(KEYS)
    fake_aws.scenario(
        identity={
            "default": {
                "stdout": {
                    "Account": "123456789012",
                    "Arn": "arn:aws:iam::123456789012:user/Ana",
                    "UserId": "AIDAEXAMPLE",
                }
            }
        },
        login="permission",
    )
    session = start(pexpect_module, fake_aws)
    session.expect(KEEP_Q)
    session.child.send(DOWN + "\r")
    session.expect(NAME_Q)
    session.child.send("\r")
    code, screen, _stty = session.finish()
    assert code == 8, screen
    assert (
        "aws iam attach-user-policy --user-name Ana --policy-arn "
        "arn:aws:iam::aws:policy/SignInLocalDevelopmentAccess"
    ) in screen, screen


@pytest.mark.parametrize(
    ("args", "config", "env", "command"),
    [
        (
            ["--region", "us-gov-west-1"],
            "[default]\nregion = us-gov-west-1\n",
            {},
            "aws configure",
        ),
        (
            ["--profile", "corp"],
            "[profile corp]\nsso_session = corp\nsso_account_id = 123456789012\n"
            "sso_role_name = Dev\nregion = us-east-1\n\n[sso-session corp]\n"
            "sso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n",
            {"SSH_CONNECTION": "10.0.0.1 50000 10.0.0.2 22"},
            "aws sso login --profile corp --use-device-code",
        ),
    ],
    ids=["govcloud", "sso-over-ssh"],
)
def test_9_every_decline_ends_with_the_next_command(
    pexpect_module: Any,
    fake_aws: FakeAws,
    args: list[str],
    config: str,
    env: dict[str, str],
    command: str,
) -> None:
    fake_aws.write_config(config)
    session = start(pexpect_module, fake_aws, *args, **env)
    session.expect("Ready for me to run")
    session.child.send("n")
    code, screen, _stty = session.finish()
    assert code == 5, screen
    last = [
        line.strip()
        for line in screen.splitlines()
        if line.strip() and not line.startswith("HELPER_EXIT=")
    ]
    assert last[-1] == command, screen  # the one command the user runs next, last
