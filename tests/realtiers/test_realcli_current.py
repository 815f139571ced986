"""Tier realcli_current: the installed helper drives the REAL current AWS CLI, end to end.

The real AWS CLI v2 (2.36.7 from ../shared/vendor in CI) runs `aws login` against the sign-in
stand-in on 127.0.0.1 (`signin_standin.py`), with moto answering STS and IAM, a `BROWSER`
program playing the user's browser, and every other request sent to a proxy on a closed port.
The helper runs in a pseudo-terminal, as a user would run it. Each test asserts the exit
code, what the user reads, what the CLI wrote (config, cache file and its mode), that no
secret the CLI or the stand-in handled reaches the screen, and (through the `current_aws`
fixture) that no `aws` process outlives the helper.
"""

from __future__ import annotations

import json
import re
import shlex
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from awslogin_helper.exit_codes import ExitCode

from .conftest import flat, plain
from .conftest_current import CurrentAws
from .signin_standin import DEFAULT_ARN, ROLE_ARN

pytestmark = pytest.mark.realcli_current

EXPECT_TIMEOUT = 30
EXIT_MARK = "HELPER_EXIT="
AKIA = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
CONFIRM = "Ready for me to run `aws login"
POLICY = "SignInLocalDevelopmentAccess"


class Pty:
    """The installed helper in a pseudo-terminal (inside `bash -c`, which prints its exit code)."""

    def __init__(self, pexpect: Any, sandbox: CurrentAws, *args: str, **env: str | None) -> None:
        import io

        from tests.fakeaws import helper_command

        self.pexpect = pexpect
        self.sandbox = sandbox
        helper = shlex.join([*helper_command(), *args])
        self.child = pexpect.spawn(
            "/bin/bash",
            ["--noprofile", "--norc", "-c", f'{helper}; echo "{EXIT_MARK}$?"'],
            env=sandbox.env(TERM="xterm", **env),
            encoding="utf-8",
            codec_errors="replace",
            timeout=EXPECT_TIMEOUT,
            dimensions=(60, 100),
        )
        self._log = io.StringIO()
        self.child.logfile_read = self._log
        self.typed: list[str] = []  # the terminal echoes it: the user's own input, not a leak

    def expect(self, text: str) -> None:
        try:
            self.child.expect_exact(text)
        except (self.pexpect.TIMEOUT, self.pexpect.EOF):
            screen = plain(self._log.getvalue())
            raise AssertionError(f"never on screen: {text!r}\n--- screen ---\n{screen}") from None

    def send(self, text: str) -> None:
        self.typed.append(text.strip())
        self.child.send(text)

    def expect_eof(self) -> None:
        try:
            self.child.expect(self.pexpect.EOF)
        except self.pexpect.TIMEOUT:
            screen = plain(self._log.getvalue())
            raise AssertionError(f"the helper did not end\n--- screen ---\n{screen}") from None

    def authorize_url(self) -> str:
        """The sign-in URL `aws login --remote` printed (on its own line)."""
        self.child.expect(r"(http://127\.0\.0\.1:\d+/v1/authorize\?\S+)")
        return str(self.child.match.group(1))

    def finish(self) -> tuple[int, str]:
        self.expect_eof()
        self.child.close()
        screen = plain(self._log.getvalue())
        found = re.search(rf"{EXIT_MARK}(\d+)", screen)
        assert found, f"the helper never returned to the shell:\n{screen}"
        screen = screen[: found.start()]
        shown = screen
        for typed in self.typed:
            if len(typed) > 8:
                shown = shown.replace(typed, "<typed>")
        leaked = [s[:6] + "..." for s in self.sandbox.standin.secrets() if s and s in shown]
        assert not leaked, f"a secret ({leaked}) reached the screen:\n{shown}"
        assert "FAKESECRET" not in screen and SECRET not in screen, screen
        assert "Traceback" not in screen, screen
        return int(found[1]), screen


@pytest.fixture
def helper(pexpect_module: Any, current_aws: CurrentAws) -> Iterator[Any]:
    started: list[Pty] = []

    def start(*args: str, **env: str | None) -> Pty:
        session = Pty(pexpect_module, current_aws, *args, **env)
        started.append(session)
        return session

    yield start
    for session in started:
        if session.child.isalive():
            session.child.terminate(force=True)


def running(name: str) -> bool:
    """A process whose command line mentions `name` is alive."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if name.encode() in (entry / "cmdline").read_bytes():
                    return True
            except OSError:
                continue
    return False


def wait_until(condition: Callable[[], bool], limit: float = 15.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.05)


def says(screen: str, *phrases: str) -> None:
    text = flat(screen)
    missing = [p for p in phrases if flat(p) not in text]
    assert not missing, f"not on screen: {missing}\n--- screen ---\n{screen}"


def assert_signed_in(sandbox: CurrentAws, profile: str, arn: str = DEFAULT_ARN) -> None:
    """What the real CLI wrote: login_session in the profile, a 0600 cache file for it."""
    config = sandbox.config_file.read_text(encoding="utf-8")
    section = "[default]" if profile == "default" else f"[profile {profile}]"
    body = config.split(section, 1)[1].split("\n[", 1)[0]
    assert f"login_session = {arn}" in body, config
    cache = sandbox.cache_file(arn)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    assert json.loads(cache.read_text(encoding="utf-8"))["accessToken"]["expiresAt"]


def real_identity(sandbox: CurrentAws, profile: str) -> str:
    # --region: with AWS_ENDPOINT_URL_STS set (moto) STS is regional (the facts file, NoRegion).
    result = sandbox.run(
        "sts",
        "get-caller-identity",
        "--output",
        "json",
        "--profile",
        profile,
        "--region",
        "us-east-1",
    )
    assert result.returncode == 0, result.stderr
    return str(json.loads(result.stdout)["Arn"])


# --------------------------------------------------------------------------- signing in


def test_default_profile_from_no_credentials(helper: Any, current_aws: CurrentAws) -> None:
    session = helper()
    session.expect(CONFIRM)
    session.send("y")
    code, screen = session.finish()
    assert code == ExitCode.OK, screen
    says(
        screen,
        "The fix is `aws login`: short-term credentials that rotate by themselves.",
        "Updated profile default to use",  # the CLI's own line, through the terminal
        "Signed in: the default profile is arn:",
        DEFAULT_ARN,
    )
    assert_signed_in(current_aws, "default")
    assert real_identity(current_aws, "default") == DEFAULT_ARN
    assert current_aws.standin.violations == []


def test_remote_code_typed_through_the_helper(helper: Any, current_aws: CurrentAws) -> None:
    session = helper("--remote")
    session.expect(CONFIRM)
    session.send("y")
    url = session.authorize_url()
    session.expect("Enter the authorization code displayed in your browser:")
    session.send(current_aws.standin.confirm_remote(url) + "\r")
    code, screen = session.finish()
    assert code == ExitCode.OK, screen
    says(screen, "Browser will not be automatically opened.", "Signed in: the default profile")
    assert_signed_in(current_aws, "default")
    cache = current_aws.cache()
    assert cache["clientId"].endswith("/cross-device")


def test_no_browser_here_chooses_remote_by_itself(helper: Any, current_aws: CurrentAws) -> None:
    session = helper(SSH_CONNECTION="10.0.0.1 50000 10.0.0.2 22")
    session.expect("`aws login --remote`")
    session.expect(CONFIRM)
    session.send("y")
    url = session.authorize_url()
    session.expect("Enter the authorization code displayed in your browser:")
    session.send(current_aws.standin.confirm_remote(url) + "\r")
    code, screen = session.finish()
    assert code == ExitCode.OK, screen
    says(screen, "SSH", "Signed in: the default profile is arn:")
    assert_signed_in(current_aws, "default")


def test_named_profile_inherits_the_region(helper: Any, current_aws: CurrentAws) -> None:
    session = helper("--profile", "dev")
    session.expect(CONFIRM)
    session.send("y")
    code, screen = session.finish()
    assert code == ExitCode.OK, screen
    says(
        screen,
        "I'll pass us-east-1",
        'Use "--profile dev"',  # the CLI's own hint
        "Signed in: profile dev is arn:",
    )
    assert "AWS Region [" not in screen  # the region was passed: no CLI prompt
    assert_signed_in(current_aws, "dev")
    assert real_identity(current_aws, "dev") == DEFAULT_ARN


def test_region_prompt_of_the_cli_reaches_the_user(helper: Any, current_aws: CurrentAws) -> None:
    current_aws.config_file.write_text("", encoding="utf-8")
    session = helper()
    session.expect(CONFIRM)
    session.send("y")
    session.expect("AWS Region [us-east-1]:")
    session.send("eu-west-1\r")
    code, screen = session.finish()
    assert code == ExitCode.OK, screen
    says(screen, "it asks for a region first", "Signed in: the default profile is arn:")
    assert "region = eu-west-1" in current_aws.config_file.read_text(encoding="utf-8")
    assert_signed_in(current_aws, "default")


def test_working_credentials_are_kept(helper: Any, current_aws: CurrentAws) -> None:
    assert current_aws.login().returncode == 0  # signed in before the helper runs
    before = current_aws.config_file.read_bytes()
    session = helper()
    session.expect("Keep these credentials, or set up different ones?")
    session.send("\r")  # the default choice: keep
    code, screen = session.finish()
    assert code == ExitCode.OK, screen
    says(screen, "The default profile works: arn:", DEFAULT_ARN, "Nothing changed.")
    assert current_aws.config_file.read_bytes() == before
    assert [r.grant for r in current_aws.standin.token_requests()] == ["authorization_code"]


def test_expired_session_signed_in_again_with_the_cli_question(
    helper: Any, current_aws: CurrentAws
) -> None:
    current_aws.standin.expires_in = 120  # under botocore's 5 minutes: the next call refreshes
    assert current_aws.login().returncode == 0
    current_aws.standin.expires_in = 900
    # The refresh is refused: the 12 hours are over (every identity check tries it again).
    current_aws.standin.fail_next("token_expired", grant="refresh_token", times=10)
    current_aws.standin.login_arn = ROLE_ARN  # this time the browser signs in another principal
    session = helper()
    session.expect(CONFIRM)
    session.send("y")
    session.expect("Do you want to overwrite it")  # the CLI's own question, through the helper
    session.send("y\r")
    code, screen = session.finish()
    assert code == ExitCode.OK, screen
    says(
        screen,
        "the `aws login` session has ended",
        "Signed in: the default profile is arn:",
        ROLE_ARN,
    )
    assert_signed_in(current_aws, "default", ROLE_ARN)


def test_long_term_keys_in_the_target_profile(helper: Any, current_aws: CurrentAws) -> None:
    current_aws.credentials_file.write_text(
        f"[default]\naws_access_key_id = {AKIA}\naws_secret_access_key = {SECRET}\n",
        encoding="utf-8",
    )
    session = helper()
    session.expect("Keep these credentials, or set up different ones?")
    session.send("\x1b[B\r")  # down to "set up `aws login` in a new profile"
    # The one confirmation shows the command and takes the name (issue 12, case 6).
    session.expect("Profile name (Enter runs it; n cancels):")
    session.send("\r")  # the suggested name: dev
    code, screen = session.finish()
    assert code == ExitCode.OK, screen
    says(
        screen,
        "long-term key, AKIA****MPLE",
        "aws login --profile NAME",
        "Signed in: profile dev is arn:",
        "To use profile dev in new terminals, add this line to ~/.bashrc:",
        "The long-term key ****MPLE of the default profile is still in",
    )
    # Two questions, never three: keep-or-switch, and the name (questionary redraws each).
    asked = {line[2:16] for line in screen.splitlines() if line.startswith("? ")}
    assert asked == {"Keep these cre", "Profile name ("}, screen
    assert "Ready for me to run" not in screen
    assert AKIA not in screen
    assert_signed_in(current_aws, "dev")
    # The default profile keeps its keys, untouched: the real CLI refuses to replace them.
    assert AKIA in current_aws.credentials_file.read_text(encoding="utf-8")


def test_permission_lost_on_refresh_names_the_role(helper: Any, current_aws: CurrentAws) -> None:
    # Signed in as an assumed role; later the refresh is refused for lack of the policy.
    current_aws.standin.login_arn = ROLE_ARN
    current_aws.standin.expires_in = 120
    assert current_aws.login().returncode == 0
    current_aws.standin.fail_next("insufficient_permissions", grant="refresh_token", times=10)
    session = helper()
    code, screen = session.finish()
    assert code == ExitCode.PERMISSION_DENIED, screen
    says(
        screen,
        "The `aws login` session can no longer refresh",
        POLICY,
        "aws iam attach-role-policy --role-name DevRole --policy-arn",
    )
    assert "attach-user-policy" not in screen and "may not use `aws login` yet" not in screen


def test_keys_in_the_environment(helper: Any, current_aws: CurrentAws) -> None:
    session = helper(AWS_ACCESS_KEY_ID=AKIA, AWS_SECRET_ACCESS_KEY=SECRET)
    session.expect(CONFIRM)
    session.send("y")
    code, screen = session.finish()
    assert code == ExitCode.OK, screen
    says(
        screen,
        "AWS_ACCESS_KEY_ID (a long-term key, ****MPLE) is set",
        "Signed in: the default profile is arn:",
        "A bare `aws` in this shell still uses AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY",
        "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY",
    )
    assert "still does not work" not in screen
    assert_signed_in(current_aws, "default")


# --------------------------------------------------------------------------- failures


@pytest.mark.parametrize(
    ("failure", "code", "phrases"),
    [
        (
            "insufficient_permissions",
            ExitCode.PERMISSION_DENIED,
            # No identity is known (no credentials before, none in the error): the template.
            [POLICY, "aws iam attach-user-policy --user-name NAME --policy-arn"],
        ),
        ("access_denied", ExitCode.LOGIN_FAILED, ["cancelled or denied in the browser"]),
        (
            "authcode_expired",
            ExitCode.LOGIN_FAILED,
            ["The authorization code had expired.", "finish the sign-in in the browser promptly"],
        ),
    ],
)
def test_login_failure_gets_its_remedy(
    helper: Any, current_aws: CurrentAws, failure: str, code: int, phrases: list[str]
) -> None:
    current_aws.standin.fail_next(failure)
    session = helper()
    session.expect(CONFIRM)
    session.send("y")
    exit_code, screen = session.finish()
    assert exit_code == code, screen
    says(screen, *phrases)
    assert "login_session" not in current_aws.config_file.read_text(encoding="utf-8")


def test_ctrl_c_while_the_cli_waits_for_the_browser(helper: Any, current_aws: CurrentAws) -> None:
    session = helper(BROWSER=str(current_aws.browser("ignore")))
    session.expect(CONFIRM)
    session.send("y")
    session.expect("open the following URL")
    # The CLI waits for the BROWSER program to exit, then for the callback: Ctrl-C then.
    wait_until(lambda: not running("standin-browser-ignore"))
    session.send("\x03")
    code, screen = session.finish()
    assert code == ExitCode.INTERRUPTED, screen
    says(screen, "Interrupted", "awslogin-helper --remote")
    assert "login_session" not in current_aws.config_file.read_text(encoding="utf-8")


def test_ctrl_c_at_the_region_prompt_gets_no_browser_hint(
    helper: Any, current_aws: CurrentAws
) -> None:
    current_aws.config_file.write_text("", encoding="utf-8")
    session = helper()
    session.expect(CONFIRM)
    session.send("y")
    session.expect("AWS Region [us-east-1]:")
    session.send("\x03")
    code, screen = session.finish()
    assert code == ExitCode.INTERRUPTED, screen
    assert "--remote" not in screen.split("AWS Region [us-east-1]:", 1)[1], screen


# --------------------------------------------------------------------------- other kinds


def test_sso_profile_gets_aws_sso_login_never_aws_login(
    helper: Any, current_aws: CurrentAws
) -> None:
    current_aws.config_file.write_text(
        "[profile corp]\nsso_session = corp\nsso_account_id = 123456789012\n"
        "sso_role_name = Dev\nregion = us-east-1\n\n[sso-session corp]\n"
        "sso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n",
        encoding="utf-8",
    )
    session = helper("--profile", "corp")
    session.expect("Ready for me to run `aws sso login --profile corp`?")
    session.send("n")
    code, screen = session.finish()
    assert code == ExitCode.DECLINED, screen
    says(screen, "IAM Identity Center", "aws sso login --profile corp")
    assert not re.search(r"(?<!sso )aws login", screen.replace("`aws login`", "")), screen


def test_role_profile_whose_source_has_no_credentials(helper: Any, current_aws: CurrentAws) -> None:
    current_aws.config_file.write_text(
        "[default]\nregion = us-east-1\n\n[profile base]\nregion = us-east-1\n\n"
        "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\n"
        "source_profile = base\n",
        encoding="utf-8",
    )
    session = helper("--profile", "admin")
    code, screen = session.finish()
    assert code == ExitCode.PROFILE_CONFLICT, screen
    says(screen, "source profile base, and profile base has none", "awslogin-helper --profile base")
    assert "aws login --profile admin" not in screen  # the CLI would refuse a role profile
    assert "reported an error" not in screen


def test_unreachable_proxy_is_named_with_its_variable(helper: Any, current_aws: CurrentAws) -> None:
    # No STS override: the identity check goes to AWS through the (closed) loopback proxy.
    port = current_aws.proxy_port
    current_aws.credentials_file.write_text(
        f"[default]\naws_access_key_id = {AKIA}\naws_secret_access_key = {SECRET}\n",
        encoding="utf-8",
    )
    session = helper(AWS_ENDPOINT_URL_STS=None)
    code, screen = session.finish()
    assert code == ExitCode.AWS_UNREACHABLE, screen
    says(screen, f"The proxy at 127.0.0.1:{port} (from HTTPS_PROXY) cannot be reached.")
    assert "--remote" not in screen and "reported an error" not in screen
    assert current_aws.standin.requests == []  # nothing was signed in


def test_status_after_a_real_sign_in(current_aws: CurrentAws) -> None:
    assert current_aws.login().returncode == 0
    result = current_aws.run_helper("status", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    profile = next(p for p in data["profiles"] if p["name"] == "default")
    expires = current_aws.cache()["accessToken"]["expiresAt"]
    assert json.dumps(profile).count(expires.rstrip("Z")) >= 1, profile
    assert profile["works"] is True, profile


def test_yes_without_terminal_or_region_stops_before_aws_login(current_aws: CurrentAws) -> None:
    current_aws.config_file.write_text("", encoding="utf-8")
    result = current_aws.run_helper("--yes")
    assert result.returncode == ExitCode.USAGE, result.stderr
    says(result.stderr, "--region REGION")
    assert "--remote" not in result.stderr
    assert current_aws.standin.requests == []


def test_option_looking_profile_is_a_usage_error(current_aws: CurrentAws) -> None:
    result = current_aws.run_helper("--yes", env=current_aws.env(AWS_PROFILE="--debug"))
    assert result.returncode == ExitCode.USAGE, result.stderr
    says(result.stderr, "AWS_PROFILE")
    assert "install" not in result.stderr.lower()
