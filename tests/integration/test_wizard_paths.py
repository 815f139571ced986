"""Issue 2 at the process level: the installed `awslogin-helper` against the fake `aws`.

Every test runs the real console script as a child process, with the fake `aws` first on PATH
and HOME, AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE in a temporary directory
(`fake_aws.env()` builds the whole environment; nothing is inherited). Each test checks the
exact AWS CLI argument lists, the exit code, and the lines the user reads: stderr carries the
wizard's narrative, stdout what `aws login` itself prints. `run()` also checks, for every test,
that no traceback and no secret written by the fake ever reaches the output.

stdin is never a terminal here: paths that need the confirmation pass `--yes`. Interactive
(pty) paths live in the pty tier.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from awslogin_helper import __version__
from awslogin_helper.exit_codes import ExitCode

from .support import (
    assert_calls,
    assert_only_checks,
    browser_host,
    checks,
    flat,
    login_calls,
    run,
    squash,
    verify,
)

try:
    from fakeaws import GOOD_REMOTE_CODE, FakeAws, helper_command
except ModuleNotFoundError:  # tests/ became a package: go through it
    from tests.fakeaws import GOOD_REMOTE_CODE, FakeAws, helper_command

# From shared/reference/aws-cli-facts.md (literal on purpose: a changed link must fail here).
INSTALL_GUIDE = "https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html"
POLICY_ARN = "arn:aws:iam::aws:policy/SignInLocalDevelopmentAccess"
V1 = "aws-cli/1.45.11 Python/3.11.7 Linux/6.18.44 botocore/1.43.11"
V2_31 = "aws-cli/2.31.12 Python/3.13.7 Linux/6.1.0 exe/x86_64.debian.12"
V2_9_DEBIAN = "aws-cli/2.9.19 Python/3.11.2 Linux/6.1.0 source/x86_64.debian.12 prompt/off"
V2_32_0 = "aws-cli/2.32.0 Python/3.13.7 Linux/6.1.0 exe/x86_64.debian.12"
V2_100 = "aws-cli/2.100.0 Python/3.14.6 Linux/6.1.0 exe/x86_64.debian.12"  # 100 > 32, not "1" < "3"
LOGIN_ARN = "arn:aws:iam::123456789012:user/DevAdmin"  # the fake's default login_session
REGION_CONFIG = "[default]\nregion = us-east-1\n"
AKIA = "AKIAIOSFODNN7EXAMPLE"
AKIA_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
INVALID_KEY = {
    "stderr": "An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity "
    "operation: The security token included in the request is invalid.",
    "exit": 254,
}


pytestmark = browser_host

# --------------------------------------------------------------------------- the AWS CLI itself


def test_missing_cli_links_the_install_guide_and_runs_nothing(aws: FakeAws) -> None:
    aws.remove_aws()
    r = run(aws, "--yes")
    assert r.code == ExitCode.CLI_NOT_FOUND
    r.says("No working `aws` command found on your PATH")
    r.shows(INSTALL_GUIDE)
    assert r.calls == []


def test_cli_v1_is_too_old(aws: FakeAws) -> None:
    aws.scenario(version=V1)
    r = run(aws, "--yes", PATH=str(aws.bin_dir))  # only the fake: no real `aws` to hint at
    assert r.code == ExitCode.CLI_TOO_OLD
    r.says("is version 1.45.11 (v1)", "AWS CLI v2, 2.32.0 or later")
    r.shows(str(aws.bin_dir / "aws"))
    r.shows(INSTALL_GUIDE)
    assert_only_checks(r.calls, checks())
    assert login_calls(r.calls) == []


@pytest.mark.parametrize(("line", "version"), [(V2_31, "2.31.12"), (V2_9_DEBIAN, "2.9.19")])
def test_v2_before_2_32_is_too_old_with_version_and_path(
    aws: FakeAws, line: str, version: str
) -> None:
    aws.scenario(version=line)
    r = run(aws, "--yes", PATH=str(aws.bin_dir))
    assert r.code == ExitCode.CLI_TOO_OLD
    r.says(f"AWS CLI {version} at", "has no `aws login` (it came in 2.32.0)")
    r.shows(f"{aws.bin_dir / 'aws'} has no `aws login` (it came in 2.32.0)")
    r.shows(INSTALL_GUIDE)
    assert_only_checks(r.calls, checks())
    assert login_calls(r.calls) == []


@pytest.mark.skipif(sys.platform == "win32", reason="a /bin/sh stand-in for a second aws")
def test_too_old_cli_points_at_a_newer_one_later_on_path(aws: FakeAws, tmp_path: Path) -> None:
    newer = tmp_path / "newer-bin"
    newer.mkdir()
    script = newer / "aws"
    script.write_text(
        "#!/bin/sh\necho 'aws-cli/2.34.50 Python/3.13.7 Linux/6.1.0 exe/x86_64.debian.12'\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    aws.scenario(version=V2_31)
    r = run(aws, "--yes", PATH=os.pathsep.join([str(aws.bin_dir), str(newer)]))
    assert r.code == ExitCode.CLI_TOO_OLD
    r.says("AWS CLI 2.34.50 is at")
    r.shows(f"{newer / 'aws'}, later on your PATH")


@pytest.mark.parametrize(("line", "version"), [(V2_32_0, "2.32.0"), (V2_100, "2.100.0")])
def test_2_32_0_and_later_are_accepted(aws: FakeAws, line: str, version: str) -> None:
    aws.scenario(version=line)
    r = run(aws, "--yes")
    assert r.code == ExitCode.OK
    r.says(f"AWS CLI {version} at", "Signed in: the default profile is arn:")
    assert_calls(r.calls, checks(), [["login"], verify()])


# --------------------------------------------------------------------------- the main path


@pytest.mark.parametrize("yes", ["--yes", "-y"])
def test_no_credentials_login_then_verified(aws: FakeAws, yes: str) -> None:
    r = run(aws, yes)
    assert r.code == ExitCode.OK
    assert_calls(r.calls, checks(), [["login"], verify()])
    # Lead with the recommendation, before anything runs.
    assert (
        r.err.splitlines()[0]
        == "The fix is `aws login`: short-term credentials that rotate by themselves."
    )
    r.says(
        "refreshed every 15 minutes for up to 12 hours",
        "It needs AWS CLI 2.32.0 or later.",
        "AWS CLI 2.34.50 at",
        "The default profile does not work: no credentials were found.",
        "Running `aws login` (--yes).",
        "Signed in: the default profile is arn:",
        "arn:aws:iam::123456789012:",
        "All set: refreshed every 15 minutes",
    )
    r.shows(LOGIN_ARN)
    # What `aws login` printed reached the user, on stdout.
    assert "Attempting to open your default browser." in r.out
    assert f"Updated profile default to use {LOGIN_ARN} credentials." in r.out
    # The checks come before the one confirmation; the verify after the login.
    err = flat(r.err)
    assert err.index("no credentials were found") < err.index("Running `aws login` (--yes)")
    assert err.index("Running `aws login`") < err.index("Signed in:")
    assert aws.login_cache_files(), "the fake wrote its cache (so the secret check meant something)"


def test_working_credentials_are_kept_without_a_terminal(aws: FakeAws) -> None:
    aws.write_config(REGION_CONFIG + f"login_session = {LOGIN_ARN}\n")
    r = run(aws, "--yes")
    assert r.code == ExitCode.OK
    assert Counter(map(tuple, r.calls)) == Counter(map(tuple, checks())), r.calls
    r.says(
        "The default profile works: arn:",
        "arn:aws:iam::123456789012:",
        "uses an `aws login` session",
        "Keeping them (no terminal to ask).",
        "Nothing changed.",
        "awslogin-helper --profile NAME",
    )
    r.shows(LOGIN_ARN)
    assert r.out == ""


def test_profile_staging_signs_in_there_and_reminds(aws: FakeAws) -> None:
    # The default profile works; `--profile staging` sets up a separate, new profile.
    aws.write_credentials(f"[default]\naws_access_key_id = {AKIA}\naws_secret_access_key = x\n")
    r = run(aws, "--profile", "staging", "--yes", AWS_REGION="eu-west-1")
    assert r.code == ExitCode.OK
    staging = ["--profile", "staging"]
    assert_calls(r.calls, checks(*staging), [["login", *staging], verify(*staging)])
    r.says(
        "Profile staging does not exist yet; signing in will create it.",
        "Running `aws login --profile staging` (--yes).",
        "Signed in: profile staging is arn:",
        "To use profile staging in new terminals, add this line to ~/.bashrc:",
    )
    assert [ln.strip() for ln in r.err.splitlines()].count("export AWS_PROFILE=staging") == 1
    assert 'Use "--profile staging" to use the new credentials' in r.out
    assert "[profile staging]" in aws.read_config()
    assert AKIA not in r.text


# --------------------------------------------------------------------------- long-term keys


@pytest.mark.parametrize("yes", [[], ["--yes"]], ids=["no-yes", "yes"])
def test_failing_akia_keys_are_explained_and_need_a_new_profile(
    aws: FakeAws, yes: list[str]
) -> None:
    aws.write_credentials(
        f"[default]\naws_access_key_id = {AKIA}\naws_secret_access_key = {AKIA_SECRET}\n"
    )
    aws.scenario(identity=INVALID_KEY)
    r = run(aws, *yes)
    assert r.code == ExitCode.PROFILE_CONFLICT
    assert Counter(map(tuple, r.calls)) == Counter(map(tuple, checks())), r.calls
    r.says(
        "its access key is invalid or deleted",
        "The default profile holds a long-term key, AKIA****MPLE (credentials file).",
        "they sit on disk in plain text and never expire",
        "`aws login` will not replace the Access Key credentials in the default profile.",
        "Sign in a new profile instead",
        "awslogin-helper --profile NEW-NAME",
    )
    # Said once (issue 12): the ending names the conflict; no warning repeats it before.
    assert flat(r.err).count("will not replace") == 1, r.err
    assert AKIA not in r.text and AKIA_SECRET not in r.text


def test_working_akia_keys_are_explained_then_kept(aws: FakeAws) -> None:
    aws.write_credentials(
        f"[default]\naws_access_key_id = {AKIA}\naws_secret_access_key = {AKIA_SECRET}\n"
    )
    r = run(aws, "--yes")
    assert r.code == ExitCode.OK
    assert Counter(map(tuple, r.calls)) == Counter(map(tuple, checks())), r.calls
    r.says(
        "The default profile works: arn:",
        "holds a long-term key, AKIA****MPLE",
        "never expire.",
        "Keeping them (no terminal to ask).",
        "awslogin-helper --profile NAME",
    )
    assert AKIA not in r.text and AKIA_SECRET not in r.text


# --------------------------------------------------------------------------- aws login fails


@pytest.mark.parametrize(
    ("mode", "code", "lines"),
    [
        (
            "permission",
            ExitCode.PERMISSION_DENIED,
            [
                "The identity needs the SignInLocalDevelopmentAccess managed policy to use "
                "`aws login`.",
                f"aws iam attach-user-policy --user-name NAME --policy-arn {POLICY_ARN}",
            ],
        ),
        (
            "timeout",
            ExitCode.LOGIN_FAILED,
            [
                "The browser sign-in did not complete.",
                "Sign in from any device with a browser: awslogin-helper --remote",
            ],
        ),
        (
            "denied",
            ExitCode.LOGIN_FAILED,
            [
                "The sign-in was cancelled or denied in the browser.",
                "Run it again and approve the request: awslogin-helper",
            ],
        ),
        (
            "expired_code",
            ExitCode.LOGIN_FAILED,
            ["The authorization code had expired.", "finish the sign-in in the browser promptly"],
        ),
        (
            "callback",
            ExitCode.LOGIN_FAILED,
            ["The sign-in could not wait for the browser here.", "awslogin-helper --remote"],
        ),
        (
            "network",
            ExitCode.LOGIN_FAILED,
            [
                "`aws login` could not reach the AWS sign-in service.",
                "Check your network, VPN or proxy settings (HTTPS_PROXY)",
            ],
        ),
        (
            "service",
            ExitCode.LOGIN_FAILED,
            [
                "The AWS sign-in service refused the request (its error is above).",
                "awslogin-helper --verbose",
            ],
        ),
    ],
)
def test_login_failure_gives_its_remedy(
    aws: FakeAws, mode: str, code: ExitCode, lines: list[str]
) -> None:
    aws.scenario(login=mode)
    r = run(aws, "--yes")
    assert r.code == code
    assert_calls(r.calls, checks(), [["login"]])  # no verify, no second login
    r.says(*lines)
    assert "All set" not in r.err


@pytest.mark.skipif(sys.platform == "win32", reason="a /bin/sh stand-in for aws")
def test_login_refusal_is_a_profile_conflict(aws: FakeAws, tmp_path: Path) -> None:
    # The profile gains keys between the checks and the login (another tool wrote them): the
    # CLI then refuses, and the helper must turn that into the new-profile advice.
    racer = tmp_path / "racer-bin"
    racer.mkdir()
    script = racer / "aws"
    script.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = login ]; then\n'
        f"  printf '[default]\\naws_access_key_id = {AKIA}\\naws_secret_access_key = x\\n'"
        ' >> "$AWS_SHARED_CREDENTIALS_FILE"\n'
        "fi\n"
        f'exec "{aws.bin_dir / "aws"}" "$@"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    r = run(aws, "--yes", PATH=os.pathsep.join([str(racer), str(aws.bin_dir)]))
    assert r.code == ExitCode.PROFILE_CONFLICT
    assert_calls(r.calls, checks(), [["login"]])
    r.says(
        "`aws login` will not replace the Access Key credentials in the default profile.",
        "awslogin-helper --profile NEW-NAME",
    )
    assert AKIA not in r.text


def test_no_region_and_no_terminal_stops_before_aws_login(fake_aws: FakeAws) -> None:
    # No region anywhere: `aws login` would stop at its region prompt, and there is no
    # terminal to answer it. The helper knows that before running anything (issue 12, case 2).
    r = run(fake_aws, "--yes")
    assert r.code == ExitCode.USAGE
    assert login_calls(r.calls) == []
    r.says("`aws login` needs a region for the default profile", "--region REGION")
    r.never_says("--remote", "If no browser opened")


def test_no_region_and_no_terminal_passes_the_region_given(fake_aws: FakeAws) -> None:
    r = run(fake_aws, "--yes", "--region", "eu-west-1")
    assert r.code == ExitCode.OK
    assert login_calls(r.calls) == [["login", "--region", "eu-west-1"]]


def test_new_named_profile_inherits_the_default_region(aws: FakeAws) -> None:
    # The default profile has a region; profile dev has none: pass it, and say so.
    r = run(aws, "--yes", "--profile", "dev")
    assert r.code == ExitCode.OK
    assert login_calls(r.calls) == [["login", "--profile", "dev", "--region", "us-east-1"]]
    r.says("Profile dev has no region: I'll pass us-east-1 (from profile default).")
    assert "AWS Region [" not in r.out


# --------------------------------------------------------------------------- flags


def test_remote_is_passed_to_aws_login(aws: FakeAws) -> None:
    r = run(aws, "--remote", "--yes", input=GOOD_REMOTE_CODE + "\n")
    assert r.code == ExitCode.OK
    assert_calls(r.calls, checks(), [["login", "--remote"], verify()])
    r.says(
        "Using `aws login --remote` as asked",
        "Running `aws login --remote` (--yes).",
        "Signed in: the default profile is arn:",
    )
    assert "Browser will not be automatically opened." in r.out
    assert "Enter the authorization code displayed in your browser:" in r.out


def test_remote_with_a_bad_code(aws: FakeAws) -> None:
    r = run(aws, "--remote", "--yes", input="bad\n")
    assert r.code == ExitCode.LOGIN_FAILED
    assert_calls(r.calls, checks(), [["login", "--remote"]])
    r.says("The authorization code was not the one the browser showed.")
    r.says("Run it again and paste the whole code: awslogin-helper --remote")
    r.never_says("Sign in from any device")  # already remote: the browser remedy is noise


def test_no_terminal_without_yes_runs_nothing_beyond_the_checks(aws: FakeAws) -> None:
    r = run(aws)
    assert r.code == ExitCode.USAGE
    assert Counter(map(tuple, r.calls)) == Counter(map(tuple, checks())), r.calls
    r.says(
        "I must ask before running `aws login`, but there is no terminal to ask in.",
        "pass --yes to run it without asking",
    )
    assert r.out == ""
    assert aws.login_cache_files() == []


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--profile", "my profile"], "No spaces"),
        (["--profile", "dev;ls"], "';' is not allowed"),
        (["--profile", "$(whoami)"], "'$' is not allowed"),
        (["--profile", ""], "The name is empty"),
        (["--profile="], "The name is empty"),
        (["-p", "a`b`"], "'`' is not allowed"),
    ],
    ids=["space", "semicolon", "subshell", "empty", "empty-equals", "backticks"],
)
def test_bad_profile_names_are_usage_errors(aws: FakeAws, args: list[str], problem: str) -> None:
    r = run(aws, *args, "--yes")
    assert r.code == ExitCode.USAGE
    assert r.calls == []
    r.says(f"Invalid value for '--profile' / '-p': {problem}")
    r.says("letters, digits")


def test_verbose_shows_each_command_with_its_exit_code(aws: FakeAws) -> None:
    r = run(aws, "--verbose", "--yes")
    assert r.code == ExitCode.OK
    assert_calls(r.calls, checks(), [["login"], verify()])
    verbose = [ln for ln in r.err.splitlines() if ln.startswith("[verbose] ")]
    shown = [ln.removeprefix("[verbose] $ ").split("  -> ")[0] for ln in verbose]
    assert Counter(shown) == Counter(
        [
            "aws --version",
            "aws sts get-caller-identity --output json",
            "aws configure list",
            "aws login",
            "aws sts get-caller-identity --output json",
        ]
    ), verbose
    exits = {ln.split("  -> ")[0]: ln.split("  -> ")[1] for ln in verbose}
    assert exits["[verbose] $ aws --version"].startswith("exit 0 in ")
    assert exits["[verbose] $ aws configure list"].startswith("exit 0 in ")
    assert exits["[verbose] $ aws login"].startswith("exit 0 in ")
    first_identity = next(ln for ln in verbose if "get-caller-identity" in ln)
    assert "-> exit 253 in " in first_identity
    assert str(aws.bin_dir) not in flat("\n".join(verbose))  # `aws`, as the user types it


def test_version_flag(aws: FakeAws) -> None:
    r = run(aws, "--version")
    assert r.code == ExitCode.OK
    assert r.out == f"awslogin-helper {__version__}\n"
    assert r.calls == []


def test_python_dash_m_version(aws: FakeAws) -> None:
    env = aws.env()
    if helper_command()[0] == sys.executable:  # not installed: let -m find the src layout
        env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2] / "src")
    proc = subprocess.run(
        [sys.executable, "-m", "awslogin_helper", "--version"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=30,
        check=False,
    )
    assert proc.returncode == ExitCode.OK
    assert proc.stdout == f"awslogin-helper {__version__}\n"
    assert "Traceback" not in proc.stderr
    assert aws.calls() == []


# --------------------------------------------------------------------------- broken files


def test_malformed_config_names_the_file_and_line(aws: FakeAws) -> None:
    aws.write_config("[default]\nregion = us-east-1\n[profile broken\n")
    r = run(aws, "--yes")
    assert r.code == ExitCode.CONFIG_ERROR
    assert r.calls == []
    r.shows(f"{aws.config_file}, line 3:")
    r.says("section header '[profile broken' has no closing ']'")
    r.says("Fix that line (or move the file aside)")


def test_malformed_credentials_never_echo_the_line(aws: FakeAws) -> None:
    # A line without '=': possibly a pasted secret, so it is located but never shown.
    aws.write_credentials(f"[default]\naws_access_key_id = {AKIA}\n{AKIA_SECRET}\n")
    r = run(aws, "--yes")
    assert r.code == ExitCode.CONFIG_ERROR
    assert r.calls == []
    r.shows(f"{aws.credentials_file}, line 3:")
    r.says("line is not a section header, a comment or 'name = value'")
    assert AKIA_SECRET not in r.text and squash(AKIA_SECRET) not in squash(r.text)
    assert AKIA not in r.text


# --------------------------------------------------------------------------- AWS_PROFILE


def test_aws_profile_is_the_target(aws: FakeAws) -> None:
    aws.write_config(REGION_CONFIG + "\n[profile work]\nregion = eu-west-1\n")
    r = run(aws, "--yes", AWS_PROFILE="work")
    assert r.code == ExitCode.OK
    work = ["--profile", "work"]
    assert_calls(r.calls, checks(*work), [["login", *work], verify(*work)])
    r.says("Target: profile work (from AWS_PROFILE)", "Signed in: profile work is arn:")
    # AWS_PROFILE already selects it: no line to change it.
    r.never_says("export AWS_PROFILE")


def test_cache_file_written_is_the_session_one(aws: FakeAws) -> None:
    # Sanity of the fixture the secret checks rely on: the login wrote the documented cache.
    r = run(aws, "--yes")
    assert r.code == ExitCode.OK
    digest = hashlib.sha256(LOGIN_ARN.encode()).hexdigest()
    assert [p.name for p in aws.login_cache_files()] == [f"{digest}.json"]
    token = json.loads(aws.login_cache_files()[0].read_text(encoding="utf-8"))
    assert token["accessToken"]["secretAccessKey"] not in r.text
    assert len(aws.secrets_written()) >= 5
