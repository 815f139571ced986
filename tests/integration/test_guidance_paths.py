"""Issue 3 at the process level: SSO, GovCloud/China, CI, no browser, permissions, shadowing.

Same rules as test_wizard_paths.py: the installed `awslogin-helper` runs as a child process
against the fake `aws`, in an environment built from scratch by `fake_aws.env()` (so CI
markers, SSH and display variables are absent unless a test sets them). `run()` checks for
every test that no traceback and no secret written by the fake reaches the output.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from awslogin_helper.exit_codes import ExitCode

from .support import (
    assert_calls,
    browser_host,
    checks,
    identity,
    no_plain_aws_login,
    run,
)

try:
    from fakeaws import GOOD_REMOTE_CODE, FakeAws
except ModuleNotFoundError:  # tests/ became a package: go through it
    from tests.fakeaws import GOOD_REMOTE_CODE, FakeAws

SSO_GUIDE = "https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sso.html"
POLICY_NAME = "SignInLocalDevelopmentAccess"
START_URL = "https://corp.awsapps.com/start"
OTHER_URL = "https://other.awsapps.com/start"
REGION_CONFIG = "[default]\nregion = us-east-1\n"
LOGIN_ARN = "arn:aws:iam::123456789012:user/DevAdmin"
ENV_KEY = "AKIAENVEXAMPLEKEY123"
ENV_SECRET = "envSecretwJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLE"
SSO_CONFIG = f"""\
[default]
region = us-east-1

[profile corp]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Developer
region = eu-west-1

[sso-session corp]
sso_start_url = {START_URL}
sso_region = eu-west-1
sso_registration_scopes = sso:account:access
"""
SSO_ARN = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Developer_0123456789abcdef/fakeuser@example.com"
ACCESS_DENIED = {
    "stderr": "An error occurred (AccessDenied) when calling the GetCallerIdentity operation: "
    f"User: {LOGIN_ARN} is not authorized to perform: sts:GetCallerIdentity with an "
    "explicit deny in an identity-based policy",
    "exit": 254,
}
CI_VALUES = {
    "CI": "true",
    "GITHUB_ACTIONS": "true",
    "GITLAB_CI": "true",
    "CODEBUILD_BUILD_ID": "my-project:0b8a4c6e-1234-4f6a-9d1e-abcdef012345",
    "JENKINS_URL": "https://jenkins.example.com/",
    "BUILDKITE": "true",
    "CIRCLECI": "true",
    "TF_BUILD": "True",
    "BITBUCKET_BUILD_NUMBER": "42",
    "TEAMCITY_VERSION": "2024.03.3 (build 156364)",
}


@pytest.fixture
def sso(fake_aws: FakeAws) -> FakeAws:
    fake_aws.write_config(SSO_CONFIG)
    return fake_aws


def write_sso_cache(fake: FakeAws, key: str, start_url: str, token: str) -> Path:
    """A cache file named as botocore names it (sha1 of the session name, else the URL)."""
    digest = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()
    path = fake.sso_cache_dir / f"{digest}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "startUrl": start_url,
        "region": "eu-west-1",
        "accessToken": token,
        "expiresAt": "2020-01-01T00:00:00Z",
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- SSO


@browser_host
def test_sso_valid_token_shows_identity_and_changes_nothing(sso: FakeAws) -> None:
    sso.scenario(sso_token="valid")
    r = run(sso, "--profile", "corp")
    assert r.code == ExitCode.OK
    assert Counter(map(tuple, r.calls)) == Counter(
        [("--version",), tuple(identity("--profile", "corp"))]
    )
    r.says(
        "Profile corp signs in through IAM Identity Center (SSO).",
        "Its sign-in is `aws sso login --profile corp`",
        f"({START_URL})",
        "The SSO session of profile corp works:",
        "Nothing to do: these credentials work.",
    )
    r.shows(SSO_ARN)
    assert no_plain_aws_login(r.text), r.text


@browser_host
def test_sso_expired_token_runs_sso_login_after_yes(sso: FakeAws) -> None:
    r = run(sso, "--profile", "corp", "--yes")
    assert r.code == ExitCode.OK
    corp = ["--profile", "corp"]
    assert_calls(
        r.calls,
        [["--version"], identity(*corp)],
        [["sso", "login", *corp], identity(*corp)],
    )
    r.says(
        "the IAM Identity Center (SSO) session has expired",
        "Running `aws sso login --profile corp` (--yes).",
        "Signed in: profile corp is arn:",
        "When the SSO session ends, run `aws sso login --profile corp`.",
    )
    r.before(
        "Running `aws sso login --profile corp` (--yes).",
        "Signed in: profile corp is arn:",
    )
    assert f"Successfully logged into Start URL: {START_URL}" in r.out
    assert no_plain_aws_login(r.text), r.text
    assert sso.secrets_written(), (
        "the fake wrote an SSO token (so the secret check meant something)"
    )


def test_sso_expired_token_without_yes_needs_a_terminal(sso: FakeAws) -> None:
    r = run(sso, "--profile", "corp")
    assert r.code == ExitCode.USAGE
    assert ["sso", "login", "--profile", "corp"] not in r.calls
    r.says("I must ask before running `aws sso login --profile corp`")
    assert no_plain_aws_login(r.text), r.text


@browser_host
def test_sso_login_failure_names_the_matching_cache_file_never_its_token(sso: FakeAws) -> None:
    corp_token = "corpSSOtoken" + "x" * 40
    other_token = "otherSSOtoken" + "y" * 40
    other = write_sso_cache(sso, OTHER_URL, OTHER_URL, other_token)
    matching = write_sso_cache(sso, "corp", START_URL, corp_token)
    sso.scenario(sso_login="denied")
    r = run(sso, "--profile", "corp", "--yes")
    assert r.code == ExitCode.LOGIN_FAILED
    corp = ["--profile", "corp"]
    assert_calls(r.calls, [["--version"], identity(*corp)], [["sso", "login", *corp]])
    r.says(
        "`aws sso login --profile corp` did not succeed (its error is above).",
        "Failed to retrieve an authorization code",
        "Things to check, in order:",
        f"belongs to start URL {START_URL}",
        "`aws configure sso --profile corp`",
    )
    r.shows(str(matching))
    r.shows(SSO_GUIDE)
    assert matching.name != other.name
    assert other.name not in r.text
    assert corp_token not in r.text and other_token not in r.text
    assert no_plain_aws_login(r.text), r.text


def test_sso_flag_without_sso_profiles(aws: FakeAws) -> None:
    r = run(aws, "--sso", "--yes")
    assert r.code == ExitCode.SSO_NOT_CONFIGURED
    assert r.calls == []
    r.says("No IAM Identity Center (SSO) profile is configured in", "aws configure sso")
    r.shows(str(aws.config_file))
    r.shows(SSO_GUIDE)


def test_sso_flag_picks_the_only_sso_profile(sso: FakeAws) -> None:
    sso.scenario(sso_token="valid")
    r = run(sso, "--sso")
    assert r.code == ExitCode.OK
    assert identity("--profile", "corp") in r.calls
    r.says("Profile corp signs in through IAM Identity Center (SSO).")


@browser_host
def test_sso_profile_in_govcloud_stays_on_the_sso_path(fake_aws: FakeAws) -> None:
    fake_aws.write_config(SSO_CONFIG.replace("eu-west-1", "us-gov-west-1"))
    r = run(fake_aws, "--profile", "corp", "--yes", AWS_REGION="us-gov-west-1")
    assert r.code == ExitCode.OK
    corp = ["--profile", "corp"]
    assert_calls(
        r.calls, [["--version"], identity(*corp)], [["sso", "login", *corp], identity(*corp)]
    )
    r.says("Profile corp signs in through IAM Identity Center (SSO).")
    r.never_says("not available", "aws configure")
    assert no_plain_aws_login(r.text), r.text


def test_sso_without_a_browser_uses_a_device_code(sso: FakeAws) -> None:
    r = run(sso, "--profile", "corp", "--yes", SSH_CONNECTION="10.0.0.1 50000 10.0.0.2 22")
    assert r.code == ExitCode.OK
    assert ["sso", "login", "--profile", "corp", "--use-device-code"] in r.calls
    r.says("this is an SSH session (SSH_CONNECTION is set)")
    assert no_plain_aws_login(r.text), r.text


# --------------------------------------------------------------------------- GovCloud / China

PARTITIONS = [
    pytest.param(
        [],
        {"AWS_REGION": "us-gov-west-1"},
        "",
        "Region us-gov-west-1 (from AWS_REGION) is in AWS GovCloud (US)",
        [],
        id="AWS_REGION-govcloud",
    ),
    pytest.param(
        [],
        {},
        "[default]\nregion = cn-north-1\n",
        "Region cn-north-1 (from profile default) is in AWS China",
        [],
        id="profile-region-china",
    ),
    pytest.param(
        ["--partition", "aws-cn"],
        {},
        REGION_CONFIG,
        "You chose the aws-cn partition (AWS China)",
        [],
        id="partition-flag-china",
    ),
    pytest.param(
        ["--region", "us-gov-east-1"],
        {},
        REGION_CONFIG,
        "Region us-gov-east-1 (from --region) is in AWS GovCloud (US)",
        ["--region", "us-gov-east-1"],
        id="region-flag-govcloud",
    ),
]
CONFIGURE_ANSWERS = "AKIAGOVEXAMPLEKEY123\ngovSecretwJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLE\n\n\n"


@pytest.mark.parametrize(("args", "env", "config", "headline", "extra"), PARTITIONS)
def test_no_login_partition_runs_configure_only_with_yes(
    fake_aws: FakeAws,
    args: list[str],
    env: dict[str, str],
    config: str,
    headline: str,
    extra: list[str],
) -> None:
    if config:
        fake_aws.write_config(config)
    r = run(fake_aws, *args, "--yes", input=CONFIGURE_ANSWERS, **env)
    assert r.code == ExitCode.OK
    assert_calls(r.calls, [["--version"], identity(*extra)], [["configure"], identity(*extra)])
    r.says(
        headline + ", where `aws login` is not available.",
        "The fallback there is long-term access keys, stored with `aws configure`.",
        "they sit on disk in plain text and never expire",
        "Running `aws configure` (--yes).",
        "Verified: the default profile is arn:",
        "Remember to rotate these access keys regularly.",
    )
    # The warning comes before the offer, which comes before anything changes.
    r.before("plain text", "Running `aws configure` (--yes).")
    assert not any(call[:1] == ["login"] for call in r.calls)
    assert "AWS Access Key ID [None]:" in r.out
    assert "govSecret" not in r.text and "AKIAGOVEXAMPLEKEY123" not in r.text


@pytest.mark.parametrize(("args", "env", "config", "headline", "extra"), PARTITIONS[::3])
def test_no_login_partition_without_yes_runs_nothing(
    fake_aws: FakeAws,
    args: list[str],
    env: dict[str, str],
    config: str,
    headline: str,
    extra: list[str],
) -> None:
    if config:
        fake_aws.write_config(config)
    r = run(fake_aws, *args, **env)
    assert r.code == ExitCode.USAGE
    assert Counter(map(tuple, r.calls)) == Counter([("--version",), tuple(identity(*extra))])
    r.says(headline, "plain text", "I must ask before running `aws configure`")
    assert fake_aws.read_config() == config


# --------------------------------------------------------------------------- CI


@pytest.mark.parametrize(("marker", "value"), list(CI_VALUES.items()), ids=list(CI_VALUES))
def test_ci_runs_nothing_and_names_the_variable(aws: FakeAws, marker: str, value: str) -> None:
    r = run(aws, "--yes", **{marker: value})
    assert r.code == ExitCode.NOT_FOR_CI
    assert r.calls == []
    r.says(
        f"This looks like a CI/CD system ({marker} is set), so I ran nothing",
        "Give the job an IAM role to assume instead, ideally through OIDC federation",
        "aws-actions/configure-aws-credentials",
        "role-to-assume",
        f"Not CI? Unset {marker} and run awslogin-helper again.",
    )
    assert r.out == ""


@pytest.mark.parametrize("value", ["false", "0", "no", ""])
def test_ci_false_does_not_count(aws: FakeAws, value: str) -> None:
    # The ordinary path: the checks run, then the confirmation needs a terminal.
    r = run(aws, CI=value)
    assert r.code == ExitCode.USAGE
    assert Counter(map(tuple, r.calls)) == Counter(map(tuple, checks())), r.calls
    r.says("The fix is `aws login`: short-term credentials that rotate by themselves.")
    r.never_says("CI/CD")


# --------------------------------------------------------------------------- `aws configure` only after a decline


@browser_host
@pytest.mark.parametrize(
    ("scenario", "args", "code"),
    [
        ({}, ["--yes"], ExitCode.OK),
        ({}, [], ExitCode.USAGE),
        ({"login": "permission"}, ["--yes"], ExitCode.PERMISSION_DENIED),
        ({"login": "denied"}, ["--yes"], ExitCode.LOGIN_FAILED),
        ({"login": "service"}, ["--yes"], ExitCode.LOGIN_FAILED),
        (
            {"identity_after_login": {"stderr": "Unable to locate credentials", "exit": 253}},
            ["--yes"],
            ExitCode.VERIFY_FAILED,
        ),
    ],
    ids=["success", "no-terminal", "permission", "denied", "service", "verify-failed"],
)
def test_aws_configure_is_not_offered_unless_declined(
    aws: FakeAws, scenario: dict[str, object], args: list[str], code: ExitCode
) -> None:
    if scenario:
        aws.scenario(**scenario)
    r = run(aws, *args)
    assert r.code == code
    r.never_says("aws configure", "access keys, stored with")
    assert ["configure"] not in r.calls


# --------------------------------------------------------------------------- no browser


@pytest.mark.parametrize(
    ("env", "reason"),
    [
        ({"SSH_CONNECTION": "10.0.0.1 50000 10.0.0.2 22"}, "an SSH session (SSH_CONNECTION is set"),
        ({"CODESPACES": "true"}, "a GitHub Codespace (CODESPACES is set"),
        ({"WSL_DISTRO_NAME": "Ubuntu"}, "WSL, where opening the Windows browser often fails"),
        pytest.param(
            {"DISPLAY": None, "WAYLAND_DISPLAY": None},
            "without a display (neither DISPLAY nor WAYLAND_DISPLAY is set",
            marks=pytest.mark.skipif(
                not sys.platform.startswith("linux"), reason="the display rule is Linux-only"
            ),
            id="linux-no-display",
        ),
    ],
    ids=["ssh-connection", "codespaces", "wsl", "linux-no-display"],
)
def test_no_browser_uses_remote_and_says_why(
    aws: FakeAws, env: dict[str, str | None], reason: str
) -> None:
    r = run(aws, "--yes", input=GOOD_REMOTE_CODE + "\n", **env)
    assert r.code == ExitCode.OK
    assert_calls(r.calls, checks(), [["login", "--remote"], identity()])
    r.says(
        "No local browser here: this is",
        reason,
        "So I'll use `aws login --remote`",
        "Pass --no-remote to use the browser flow anyway.",
        "Running `aws login --remote` (--yes).",
        "Signed in: the default profile is arn:",
    )
    assert "Enter the authorization code displayed in your browser:" in r.out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display rule is Linux-only")
def test_browser_variable_counts_as_a_browser_without_a_display(aws: FakeAws) -> None:
    # BROWSER is what the AWS CLI's webbrowser module runs first (a terminal browser, or an
    # IDE's forwarder to the host): no display is then no reason for --remote.
    r = run(aws, "--yes", DISPLAY=None, WAYLAND_DISPLAY=None, BROWSER="/usr/bin/true")
    assert r.code == ExitCode.OK
    assert_calls(r.calls, checks(), [["login"], identity()])
    r.never_says("No local browser here")


def test_no_remote_overrides_detection(aws: FakeAws) -> None:
    r = run(aws, "--no-remote", "--yes", SSH_CONNECTION="10.0.0.1 50000 10.0.0.2 22")
    assert r.code == ExitCode.OK
    assert_calls(r.calls, checks(), [["login"], identity()])
    r.never_says("No local browser here", "--remote` (--yes)")
    assert "Attempting to open your default browser." in r.out


@browser_host
def test_browser_timeout_suggests_remote(aws: FakeAws) -> None:
    aws.scenario(login="timeout")
    r = run(aws, "--yes")
    assert r.code == ExitCode.LOGIN_FAILED
    r.says(
        "The browser sign-in did not complete.",
        "Sign in from any device with a browser:",
        "awslogin-helper --remote",
    )


def test_remote_timeout_does_not_suggest_remote_again(aws: FakeAws) -> None:
    aws.scenario(login="timeout")
    ssh = "10.0.0.1 50000 10.0.0.2 22"
    r = run(aws, "--yes", input=GOOD_REMOTE_CODE + "\n", SSH_CONNECTION=ssh)
    assert r.code == ExitCode.LOGIN_FAILED
    assert_calls(r.calls, checks(), [["login", "--remote"]])
    r.says("The browser sign-in did not complete.")
    r.never_says("awslogin-helper --remote")


# --------------------------------------------------------------------------- permissions


def test_access_denied_before_login_is_a_permission_problem(aws: FakeAws) -> None:
    aws.scenario(identity=ACCESS_DENIED)
    r = run(aws, "--yes")
    assert r.code == ExitCode.PERMISSION_DENIED
    assert not any(call[:1] == ["login"] for call in r.calls), r.calls
    # Another action than the sign-in's: named, and no sign-in policy prescribed (issue 12.4).
    r.says(
        "The identity is not allowed to call `sts:GetCallerIdentity`.",
        "Ask your administrator for that permission; signing in again would not help.",
    )
    r.never_says(POLICY_NAME)


@browser_host
def test_access_denied_after_login_is_not_a_login_loop(aws: FakeAws) -> None:
    aws.scenario(identity_after_login=ACCESS_DENIED)
    r = run(aws, "--yes")
    assert r.code == ExitCode.PERMISSION_DENIED
    assert_calls(r.calls, checks(), [["login"], identity()])  # one login, one verify
    r.says(
        "The identity is not allowed to call `sts:GetCallerIdentity`.",
        "signing in again would not help",
    )
    r.never_says("All set", POLICY_NAME, "The AWS CLI said")


# --------------------------------------------------------------------------- shadowing


@browser_host
@pytest.mark.parametrize(
    ("shell", "unset", "select"),
    [
        (
            "/bin/bash",
            ["unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY"],
            "export AWS_PROFILE=dev",
        ),
        (
            "/usr/bin/fish",
            ["set -e AWS_ACCESS_KEY_ID", "set -e AWS_SECRET_ACCESS_KEY"],
            "set -gx AWS_PROFILE dev",
        ),
    ],
    ids=["bash", "fish"],
)
def test_env_keys_shadowing_gives_exact_lines_after_verify(
    aws: FakeAws, shell: str, unset: list[str], select: str
) -> None:
    aws.write_config(REGION_CONFIG + "\n[profile dev]\nregion = eu-west-1\n")
    r = run(
        aws,
        "--profile",
        "dev",
        "--yes",
        SHELL=shell,
        AWS_ACCESS_KEY_ID=ENV_KEY,
        AWS_SECRET_ACCESS_KEY=ENV_SECRET,
    )
    assert r.code == ExitCode.OK
    dev = ["--profile", "dev"]
    assert_calls(r.calls, checks(*dev), [["login", *dev], identity(*dev)])
    lines = [ln.strip() for ln in r.err.splitlines()]
    for line in unset:
        assert line in lines, r.err
    assert select in lines, r.err
    r.says("A bare `aws` in this shell still uses AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY")
    r.before("Signed in: profile dev is arn:", unset[0])
    r.says("AWS_ACCESS_KEY_ID (a long-term key, ****Y123) is set")
    assert ENV_KEY not in r.text and ENV_SECRET not in r.text


@browser_host
def test_aws_profile_pointing_elsewhere_gives_the_switch_line(aws: FakeAws) -> None:
    aws.write_config(
        REGION_CONFIG
        + "\n[profile dev]\nregion = eu-west-1\n\n[profile other]\nregion = us-east-2\n"
    )
    r = run(aws, "--profile", "dev", "--yes", AWS_PROFILE="other", SHELL="/bin/zsh")
    assert r.code == ExitCode.OK
    dev = ["--profile", "dev"]
    assert_calls(r.calls, checks(*dev), [["login", *dev], identity(*dev)])
    r.says(
        "AWS_PROFILE=other makes commands without --profile use profile other, not dev. Change it:"
    )
    lines = [ln.strip() for ln in r.err.splitlines()]
    assert lines.count("export AWS_PROFILE=dev") == 1, r.err
    r.before("Signed in: profile dev is arn:", "export AWS_PROFILE=dev")
