"""Issue 12 at the process level: every ending tells the truth and gives one next step.

The installed helper against the fake `aws` (no terminal; the paths that ask are in
tests/realtiers/test_pty_verdicts.py). Each test is named after the case of the issue it
keeps: the verdict is computed from what was checked, for the profile that was checked; it
names the cause once and gives exactly one next step; nothing contradicts an earlier line.
"""

from __future__ import annotations

import itertools

import pytest

from awslogin_helper.checks.classify import IdentityProblem, LoginProblem
from awslogin_helper.endings import IDENTITY_ENDINGS, LOGIN_ENDINGS, Situation
from awslogin_helper.exit_codes import ExitCode

from .support import flat, login_calls, run

try:
    from fakeaws import FakeAws
except ModuleNotFoundError:  # tests/ became a package: go through it
    from tests.fakeaws import FakeAws

ENV_KEY = "AKIAENVKEYEXAMPLE123"
ENV_SECRET = "envSecretEXAMPLEenvSecretEXAMPLEenvSecre"
POLICY_ARN = "arn:aws:iam::aws:policy/SignInLocalDevelopmentAccess"
ROLE_SESSION = "arn:aws:sts::123456789012:assumed-role/DevRole/dev-session"


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def assert_said_once(err: str) -> None:
    """No line repeats on one screen, and no `!` line is repeated by the `X` line after it."""
    seen = lines(err)
    repeated = {line for line in seen if seen.count(line) > 1 and len(line) > 20}
    assert not repeated, err
    for before, after in itertools.pairwise(seen):
        if before.startswith("!") and after.startswith("X"):
            assert before[1:].strip()[:40] not in after, err


# --------------------------------------------------------------------------- the table


def test_every_cause_has_its_ending() -> None:
    # A new cause cannot be half-handled: each has a verdict, one next step and a code.
    situation = Situation(profile="dev", named=True)
    for problem in IdentityProblem:
        ending = IDENTITY_ENDINGS[problem](situation)
        assert ending.verdict and not ending.verdict.endswith("."), problem
        assert ending.step or ending.code is ExitCode.CLI_TOO_OLD, problem
    for problem in LoginProblem:
        ending = LOGIN_ENDINGS[problem](situation)
        assert ending.verdict, problem
        assert ending.step or problem in (LoginProblem.NOT_SUPPORTED, LoginProblem.INTERRUPTED)


# --------------------------------------------------------------------------- case 1


def test_1_env_keys_are_the_environments_and_the_profile_is_verified_by_name(
    aws: FakeAws,
) -> None:
    # Failing keys in the variables, nothing in the default profile, no --profile.
    aws.scenario(
        identity={"env": {"stderr": "An error occurred (InvalidClientTokenId)", "exit": 254}}
    )
    r = run(aws, "--yes", AWS_ACCESS_KEY_ID=ENV_KEY, AWS_SECRET_ACCESS_KEY=ENV_SECRET)
    assert r.code == ExitCode.OK, r.err
    # The profile is checked (and verified) by name, so the variables cannot answer for it.
    assert ["sts", "get-caller-identity", "--output", "json", "--profile", "default"] in r.calls
    assert r.calls[-1] == ["sts", "get-caller-identity", "--output", "json", "--profile", "default"]
    r.says(
        "AWS_ACCESS_KEY_ID (a long-term key, ****E123) is set, beats every profile without "
        "--profile, and does not work: its access key is invalid",
        "Signed in: the default profile is arn:",
        "A bare `aws` in this shell still uses AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY",
    )
    assert "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY" in lines(r.err)
    r.never_says("still does not work", "holds no credentials yet")
    assert_said_once(r.err)


def test_1_env_keys_are_named_on_the_keep_ending_too(aws: FakeAws) -> None:
    aws.write_credentials(
        "[default]\naws_access_key_id = ASIAEXAMPLEEXAMPLE12\naws_secret_access_key = x\naws_session_token = t\n"
    )
    r = run(aws, "--yes", AWS_ACCESS_KEY_ID=ENV_KEY, AWS_SECRET_ACCESS_KEY=ENV_SECRET)
    assert r.code == ExitCode.OK, r.err
    assert login_calls(r.calls) == []
    r.says("The default profile works: arn:", "Nothing changed.")
    assert "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY" in lines(r.err)


# --------------------------------------------------------------------------- case 3


def test_3_network_failure_after_sign_in_keeps_its_own_fix_said_once(aws: FakeAws) -> None:
    aws.scenario(
        identity_after_login={
            "stderr": 'Could not connect to the endpoint URL: "https://sts.amazonaws.com/"',
            "exit": 255,
        }
    )
    r = run(aws, "--yes", "--verbose")
    assert r.code == ExitCode.AWS_UNREACHABLE, r.err
    r.says(
        "AWS could not be reached (network problem).",
        "Check your network, VPN or proxy settings (HTTPS_PROXY)",
    )
    r.never_says("Run awslogin-helper --verbose", "still does not work: AWS could not")
    assert flat(r.err).count("could not be reached") == 1, r.err


# --------------------------------------------------------------------------- case 4


@pytest.mark.parametrize("width", ["80", "60"])
def test_4_permission_template_is_printed_whole(aws: FakeAws, width: str) -> None:
    aws.scenario(login="permission")
    r = run(aws, "--yes", COLUMNS=width)
    assert r.code == ExitCode.PERMISSION_DENIED
    template = f"aws iam attach-user-policy --user-name NAME --policy-arn {POLICY_ARN}"
    assert template in lines(r.err), r.err  # whole, on its own line, never wrapped
    assert_said_once(r.err)


# --------------------------------------------------------------------------- case 7


def test_7_status_with_no_aws_never_says_unknown_twice(fake_aws: FakeAws) -> None:
    fake_aws.write_config("[default]\nregion = us-east-1\n")
    fake_aws.remove_aws()
    r = run(fake_aws, "status")
    assert "unknown: unknown" not in r.out + r.err
    assert "see Fix above" not in r.out, r.out


def test_7_status_with_no_profiles_points_at_what_was_shown(fake_aws: FakeAws) -> None:
    r = run(fake_aws, "status")
    assert r.code == ExitCode.NEEDS_ATTENTION
    assert "see Fix above" not in r.out, r.out
    assert "\n\n\n" not in r.out, r.out


def test_7_status_of_an_unknown_profile_says_why_and_once(aws: FakeAws) -> None:
    r = run(aws, "status", "--profile", "nope")
    assert r.code == ExitCode.NEEDS_ATTENTION
    assert "\n\n\n" not in r.out, r.out
    assert "not checked (status --profile nope checks that profile only)" in r.out
    assert "nope: does not exist" in r.out


# --------------------------------------------------------------------------- case 9


def test_9_configure_path_says_aws_configure_will_create_the_profile(fake_aws: FakeAws) -> None:
    r = run(fake_aws, "--profile", "gov", "--region", "us-gov-west-1")
    r.says("Profile gov does not exist yet; `aws configure` will create it.")
    r.never_says("signing in will create it")


# --------------------------------------------------------------------------- case 10


def test_10_the_clis_own_lines_are_not_repeated(aws: FakeAws) -> None:
    r = run(aws, "--yes", "--profile", "dev")
    assert r.code == ExitCode.OK
    assert 'Use "--profile dev" to use the new credentials' in r.out  # the CLI says it
    r.never_says("Use these credentials with --profile dev")
    aws.scenario(login="denied")
    failed = run(aws, "--yes", "--profile", "dev2")
    assert "Failed to retrieve an authorization code" in failed.err  # the CLI's own line
    assert "The AWS CLI said" not in failed.err


# --------------------------------------------------------------------------- case 11


def test_11_unreachable_proxy_is_named_with_its_variable(aws: FakeAws) -> None:
    aws.write_credentials(
        "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n"
    )
    r = run(aws, "--yes", HTTPS_PROXY="http://127.0.0.1:9")
    assert r.code == ExitCode.AWS_UNREACHABLE, r.err
    r.says("The proxy at 127.0.0.1:9 (from HTTPS_PROXY) cannot be reached.", "correct HTTPS_PROXY")
    r.never_says("reported an error", "--remote")
    assert login_calls(r.calls) == []


def test_11_role_whose_source_has_no_credentials_names_the_source(aws: FakeAws) -> None:
    aws.write_config(
        "[default]\nregion = us-east-1\n\n[profile base]\nregion = us-east-1\n\n"
        "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = base\n"
    )
    r = run(aws, "--yes", "--profile", "admin")
    assert r.code == ExitCode.PROFILE_CONFLICT, r.err
    r.says("source profile base, and profile base has none", "awslogin-helper --profile base")
    r.never_says("reported an error", "NEW-NAME")
    assert login_calls(r.calls) == []


# --------------------------------------------------------------------------- case 12


def test_12_refresh_permission_names_the_role_from_the_session(aws: FakeAws) -> None:
    aws.write_config(f"[default]\nregion = us-east-1\nlogin_session = {ROLE_SESSION}\n")
    aws.scenario(
        identity={
            "stderr": "Unable to create or refresh login credentials due to insufficient "
            "permissions. You may be missing permission for the 'signin:CreateOAuth2Token' "
            "action.",
            "exit": 255,
        }
    )
    r = run(aws, "--yes")
    assert r.code == ExitCode.PERMISSION_DENIED
    r.says("The `aws login` session can no longer refresh")
    assert f"aws iam attach-role-policy --role-name DevRole --policy-arn {POLICY_ARN}" in lines(
        r.err
    ), r.err
    r.never_says("attach-user-policy", "may not use `aws login` yet")
    assert login_calls(r.calls) == []


# --------------------------------------------------------------------------- case 13


def test_13_no_region_question_is_announced_when_a_region_is_configured(aws: FakeAws) -> None:
    r = run(aws, "--yes")
    assert r.code == ExitCode.OK
    r.never_says("ask you for a region", "asks for a region")


# --------------------------------------------------------------------------- case 14


def test_14_sso_session_without_account_and_role_is_completed_not_logged_in(
    fake_aws: FakeAws,
) -> None:
    fake_aws.write_config(
        "[profile corp]\nsso_session = corp\nregion = us-east-1\n\n[sso-session corp]\n"
        "sso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n"
    )
    r = run(fake_aws, "--yes", "--profile", "corp")
    assert r.code == ExitCode.SSO_NOT_CONFIGURED, r.err
    r.says("names no account and role", "aws configure sso --profile corp")
    assert login_calls(r.calls) == []
    r.never_says("aws sso login --profile corp")
    status = run(fake_aws, "status", "--profile", "corp")
    assert "aws configure sso --profile corp" in status.out, status.out


# --------------------------------------------------------------------------- the CLI's key


def test_a_sign_in_whose_key_the_cli_cannot_read_back_is_no_success(aws: FakeAws) -> None:
    # awscrt writes 1 key in 256 in a form it cannot load back (ran, 2.36.7): the session
    # works for up to 15 minutes, then every command fails. Said now, with the one fix.
    aws.scenario(login_key="short")
    r = run(aws, "--yes")
    assert r.code == ExitCode.VERIFY_FAILED, r.err
    r.says(
        "Signed in: the default profile works for up to 15 minutes, but the AWS CLI cannot read "
        "back the key of its `aws login` session (an AWS CLI bug), so its next refresh fails.",
        "Sign in again:",
    )
    assert "aws login" in lines(r.err), r.err
    r.never_says("Signed in: the default profile is arn:")
    assert_said_once(r.err)


def test_a_later_cli_is_not_said_to_have_the_key_bug(aws: FakeAws) -> None:
    # Only the versions seen failing are named: a newer CLI may read the key back.
    aws.scenario(login_key="short", version="aws-cli/2.40.1 Python/3.13.7 Linux/6.1.0 exe/x86_64")
    r = run(aws, "--yes")
    assert r.code == ExitCode.OK, r.err
    r.says("Signed in: the default profile is arn:")
    r.never_says("cannot read back")


def test_a_session_whose_key_cannot_be_read_back_is_signed_in_again(aws: FakeAws) -> None:
    aws.scenario(login_key="short")
    first = run(aws, "--yes")
    assert first.code == ExitCode.VERIFY_FAILED
    aws.scenario(login_key="good")  # the next sign-in's key, like 255 in 256
    r = run(aws, "--yes")
    assert r.code == ExitCode.OK, r.err
    r.says(
        "The default profile works for up to 15 minutes, but the AWS CLI cannot read back the key",
        "Signed in: the default profile is arn:",
    )
    assert len(login_calls(r.calls)) == len(login_calls(first.calls)) + 1


def test_status_names_the_unreadable_key_and_its_fix(aws: FakeAws) -> None:
    aws.scenario(login_key="short")
    run(aws, "--yes")
    for check in ("default", "none"):
        r = run(aws, "status", "--check", check)
        assert r.code == 1, r.out
        assert "cannot read back the key" in flat(r.out), r.out
        assert "→ awslogin-helper --profile default" in r.out, r.out  # it signs in again
