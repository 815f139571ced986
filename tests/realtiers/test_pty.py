"""Tier pty: the installed `awslogin-helper` in a real pseudo-terminal (pexpect), fake `aws`.

The one Questionary confirmation answered with keys, Ctrl-C at it and during `aws login`,
`aws login` getting the terminal itself (its region prompt and `--remote` code are typed
through the helper), the screen text at each step, no secret ever on screen, and the
terminal left sane (icanon and echo on) whatever happened.
"""

from __future__ import annotations

import re
import shlex
import time
from typing import TYPE_CHECKING, Any

import pytest

from .conftest import flat, plain

if TYPE_CHECKING:
    from tests.fakeaws import FakeAws

pytestmark = pytest.mark.pty

EXPECT_TIMEOUT = 15
CONFIRM = "Ready for me to run `aws login`?"
STTY_MARK = "==STTY=="


class Session:
    """One helper run inside `bash -c`, which afterwards prints the exit code and `stty -a`."""

    def __init__(self, pexpect: Any, fake_aws: FakeAws, *args: str, **env: str) -> None:
        from tests.fakeaws import helper_command

        self.pexpect = pexpect
        self.fake_aws = fake_aws
        helper = shlex.join([*helper_command(), *args])
        script = f'{helper}; echo "HELPER_EXIT=$?"; echo {STTY_MARK}; stty -a'
        self.child = pexpect.spawn(
            "/bin/bash",
            ["--noprofile", "--norc", "-c", script],
            env=fake_aws.env(TERM="xterm", **env),
            encoding="utf-8",
            codec_errors="replace",
            timeout=EXPECT_TIMEOUT,
            dimensions=(50, 100),
        )

    def expect(self, pattern: str) -> None:
        self.child.expect_exact(pattern)

    def finish(self) -> tuple[int, str, str]:
        """(helper exit code, everything on screen before it exited, `stty -a` output)."""
        self.child.expect(self.pexpect.EOF)
        self.child.close()
        full = plain(self.transcript)
        match = re.search(r"HELPER_EXIT=(\d+)", full)
        assert match, f"the helper never returned to the shell:\n{full}"
        screen, _, stty = full.partition(STTY_MARK)
        return int(match[1]), screen, stty

    @property
    def transcript(self) -> str:
        return self._log.getvalue()

    def start_logging(self) -> None:
        import io

        self._log = io.StringIO()
        self.child.logfile_read = self._log


def start(pexpect: Any, fake_aws: FakeAws, *args: str, **env: str) -> Session:
    session = Session(pexpect, fake_aws, *args, **env)
    session.start_logging()
    return session


def assert_terminal_sane(stty: str) -> None:
    flags = stty.split()
    assert "icanon" in flags and "-icanon" not in flags, stty
    assert "echo" in flags and "-echo" not in flags, stty


def assert_no_secret(fake_aws: FakeAws, screen: str) -> None:
    for secret in fake_aws.secrets_written():
        assert secret not in screen
    assert "FAKESECRET" not in screen


def login_calls(fake_aws: FakeAws) -> list[dict[str, Any]]:
    return [e for e in fake_aws.log_entries() if e["argv"][:1] == ["login"]]


def test_yes_runs_aws_login_on_the_terminal(pexpect_module: Any, fake_aws: FakeAws) -> None:
    """No region configured: `aws login` asks for one, and the answer typed here reaches it."""
    session = start(pexpect_module, fake_aws)
    session.expect(CONFIRM)
    session.child.send("y")
    session.expect("AWS Region [us-east-1]: ")
    session.child.sendline("eu-west-1")
    session.expect("Updated profile default to use")
    code, screen, stty = session.finish()
    text = flat(screen)
    assert code == 0, text
    for phrase in (
        "The fix is `aws login`: short-term credentials that rotate by themselves.",
        "no credentials were found",
        CONFIRM,
        "Running `aws login`.",
        "No AWS region has been configured.",
        "https://eu-west-1.signin.aws.amazon.com/v1/authorize",
        "Signed in: the default profile is arn:",
        "arn:aws:iam::123456789012:",
        "All set: refreshed every 15 minutes",
    ):
        assert phrase in text, f"{phrase!r} not on screen:\n{screen}"
    assert "Traceback" not in screen
    (login,) = login_calls(fake_aws)
    assert login["tty"]["stdin"] and login["tty"]["stdout"], login
    assert "region = eu-west-1" in fake_aws.read_config()
    assert fake_aws.login_cache_files()
    assert_no_secret(fake_aws, screen)
    assert_terminal_sane(stty)


def test_remote_code_is_typed_through_the_helper(pexpect_module: Any, fake_aws: FakeAws) -> None:
    session = start(pexpect_module, fake_aws, "--remote")
    session.expect("aws login --remote")
    session.expect(CONFIRM.replace("`aws login`", "`aws login --remote`"))
    session.child.send("y")
    session.expect("AWS Region [us-east-1]: ")
    session.child.sendline("")  # accept the default
    session.expect("Enter the authorization code displayed in your browser: ")
    from tests.fakeaws import GOOD_REMOTE_CODE  # base64 of code=...&state=..., as the CLI wants

    session.child.sendline(GOOD_REMOTE_CODE)
    code, screen, stty = session.finish()
    text = flat(screen)
    assert code == 0, text
    for phrase in (
        "Browser will not be automatically opened.",
        "Please visit the following URL:",
        "Updated profile default to use arn:aws:iam::123456789012:user/DevAdmin credentials.",
        "All set: refreshed every 15 minutes",
    ):
        assert phrase in text, f"{phrase!r} not on screen:\n{screen}"
    (login,) = login_calls(fake_aws)
    assert "--remote" in login["argv"]
    assert login["tty"]["stdin"] and login["tty"]["stdout"], login
    assert "region = us-east-1" in fake_aws.read_config()
    assert_no_secret(fake_aws, screen)
    assert_terminal_sane(stty)


def test_no_runs_nothing(pexpect_module: Any, fake_aws: FakeAws) -> None:
    session = start(pexpect_module, fake_aws)
    session.expect(CONFIRM)
    session.child.send("n")
    code, screen, stty = session.finish()
    text = flat(screen)
    assert code == 5, text
    assert "OK, nothing was run." in text
    assert "aws configure" in text  # the fallback, with why it is less safe
    assert login_calls(fake_aws) == []
    assert "Traceback" not in screen
    assert_terminal_sane(stty)


def test_ctrl_c_at_the_confirmation(pexpect_module: Any, fake_aws: FakeAws) -> None:
    session = start(pexpect_module, fake_aws)
    session.expect(CONFIRM)
    time.sleep(0.3)  # let prompt_toolkit take the terminal before the key arrives
    session.child.sendintr()
    code, screen, stty = session.finish()
    text = flat(screen)
    assert code == 130, text
    assert "Interrupted; nothing more was run." in text
    assert "Traceback" not in screen
    assert "KeyboardInterrupt" not in screen
    assert login_calls(fake_aws) == []
    assert_terminal_sane(stty)


def test_ctrl_c_while_aws_login_waits(pexpect_module: Any, fake_aws: FakeAws) -> None:
    fake_aws.scenario(login="hang")
    fake_aws.write_config("[default]\nregion = us-east-1\n")
    session = start(pexpect_module, fake_aws)
    session.expect(CONFIRM)
    session.child.send("y")
    session.expect("https://us-east-1.signin.aws.amazon.com/v1/authorize")
    time.sleep(0.5)  # `aws login` is now waiting for the browser
    session.child.sendintr()
    code, screen, stty = session.finish()
    text = flat(screen)
    assert code == 130, text
    assert "Interrupted; nothing more was run." in text
    assert "Traceback" not in screen
    assert "KeyboardInterrupt" not in screen
    (login,) = login_calls(fake_aws)
    assert login["tty"]["stdin"] and login["tty"]["stdout"], login
    assert "login_session" not in fake_aws.read_config()
    assert_no_secret(fake_aws, screen)
    assert_terminal_sane(stty)
