"""Tier realcli_v2: the real AWS CLI v2 from Debian's `awscli` package (/usr/bin/aws, 2.9.19).

Older than 2.32.0, so the helper must refuse it; its pre-2.31 `configure list` table must
parse; its real `aws login` answer (argparse's invalid choice, exit 252) must be classified.
"""

from __future__ import annotations

import pytest
from packaging.version import Version

from awslogin_helper.checks.classify import (
    IdentityProblem,
    LoginProblem,
    classify_identity_error,
    classify_login_failure,
    parse_configure_list,
    row_is_set,
)
from awslogin_helper.checks.versions import INSTALL_GUIDE, LOGIN_MIN_VERSION, parse_aws_version
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.machine import Step, drive
from awslogin_helper.wizard import Event

from .conftest import AKIA, ASIA, CREDENTIALS, RealAws, flat, make_wizard, says

pytestmark = pytest.mark.realcli_v2


def test_version_is_recognised_as_v2_before_login(real_v2: RealAws) -> None:
    result = real_v2.run("--version")
    assert result.returncode == 0
    parsed = parse_aws_version(result.stdout + "\n" + result.stderr)
    assert parsed is not None, result.stdout + result.stderr
    assert parsed.major == 2
    assert parsed.version < LOGIN_MIN_VERSION
    assert not parsed.supports_login()
    # Debian's build: `source/x86_64.debian.12 prompt/off` (install kind, not a platform).
    assert parsed.platform and parsed.platform.startswith("Linux/")
    assert parsed.install is None or parsed.install.startswith(("source/", "exe/"))


def test_helper_refuses_it_as_older_than_2_32(real_v2: RealAws) -> None:
    real_v2.write_files()
    result = real_v2.run_helper()
    screen = flat(result.stderr)
    assert result.returncode == ExitCode.CLI_TOO_OLD, screen
    version = parse_aws_version(real_v2.version_line)
    assert version is not None
    assert (
        f"AWS CLI {version.version} at {real_v2.aws} has no `aws login` (it came in 2.32.0)"
        in screen
    )
    assert INSTALL_GUIDE in screen
    assert "Traceback" not in result.stderr + result.stdout


def test_configure_list_pre_2_31_layout(real_v2: RealAws) -> None:
    version = parse_aws_version(real_v2.version_line)
    assert version is not None
    assert version.version < Version("2.31.0"), "this test is about the old table layout"
    real_v2.write_files()
    env = real_v2.env(AWS_CONFIG_FILE=None, AWS_SHARED_CREDENTIALS_FILE=None)
    result = real_v2.run("configure", "list", env=env)
    assert result.returncode == 0, result.stderr
    assert " : " not in result.stdout  # the right-aligned table, not the 2.31+ layout
    rows = parse_configure_list(result.stdout)
    assert rows["profile"].value == "<not set>"
    assert rows["profile"].type == "None"
    assert rows["access_key"].value == "****************" + AKIA[-4:]
    assert rows["access_key"].type == "shared-credentials-file"
    assert rows["region"].value == "us-east-1"
    assert rows["region"].type == "config-file"
    assert rows["region"].location == "~/.aws/config"


@pytest.mark.parametrize(
    ("profile", "access_type", "region"),
    [
        ("temp", "shared-credentials-file", "eu-west-1"),
        ("cfgkeys", "config-file", "eu-central-1"),
        ("empty", "None", "us-west-2"),
        ("signin", "None", "us-west-2"),  # 2.9.19 knows nothing of login_session
    ],
)
def test_configure_list_named_profiles(
    real_v2: RealAws, profile: str, access_type: str, region: str
) -> None:
    real_v2.write_files()
    result = real_v2.run("configure", "list", "--profile", profile)
    assert result.returncode == 0, result.stderr
    rows = parse_configure_list(result.stdout)
    assert (rows["profile"].value, rows["profile"].type) == (profile, "manual")
    assert rows["access_key"].type == access_type
    assert row_is_set(rows["access_key"]) is (access_type != "None")
    assert rows["region"].value == region


@pytest.mark.parametrize(
    ("profile", "expected", "event"),
    [
        (
            None,
            (
                "The default profile holds a long-term key",
                "AKIA",
                f"****{AKIA[-4:]}",
                "credentials file",
            ),
            Event.CONFLICT,
        ),
        ("temp", ("Profile temp holds temporary keys", "ASIA", f"****{ASIA[-4:]}"), Event.CONFLICT),
        ("empty", ("Profile empty holds no credentials",), Event.OK),
        ("signin", ("Profile signin uses an `aws login` session",), Event.OK),
    ],
    ids=["static-keys", "temporary-keys", "no-keys", "login-session"],
)
def test_wizard_key_type_from_real_output(
    real_v2: RealAws, profile: str | None, expected: tuple[str, ...], event: Event
) -> None:
    real_v2.write_files(credentials=CREDENTIALS)
    run = make_wizard(real_v2, real_v2.env(), profile=profile)
    assert run.wizard.check_keys() is event
    says(run.screen(), *expected)


def test_no_credentials_is_classified(real_v2: RealAws) -> None:
    real_v2.write_files(credentials=None)
    result = real_v2.run("sts", "get-caller-identity", "--output", "json", "--profile", "empty")
    assert result.returncode == 253, result.stderr
    assert classify_identity_error(result.stderr) is IdentityProblem.NO_CREDENTIALS


def test_aws_login_is_an_invalid_choice_with_exit_252(real_v2: RealAws) -> None:
    result = real_v2.run("login")
    assert result.returncode == 252
    assert "Invalid choice" in result.stderr
    assert classify_login_failure(result.returncode, result.stderr) is LoginProblem.NOT_SUPPORTED
    # Classified from the exit code alone too, should a later wording change.
    assert classify_login_failure(result.returncode, "") is LoginProblem.NOT_SUPPORTED


def test_wizard_run_login_says_the_cli_does_not_know_login(real_v2: RealAws) -> None:
    real_v2.write_files()
    run = make_wizard(real_v2, real_v2.env())
    run.wizard.cli = parse_aws_version(real_v2.version_line)
    step, code = drive(run.wizard.handlers(), start=Step.RUN_LOGIN)
    assert (step, code) == (Step.CLI_TOO_OLD, ExitCode.CLI_TOO_OLD)
    assert run.wizard.login_problem is LoginProblem.NOT_SUPPORTED
    assert run.wizard.cli is not None
    assert f"AWS CLI {run.wizard.cli.version} at {real_v2.aws} does not know `aws login`" in (
        run.screen()
    )
    assert INSTALL_GUIDE in run.screen()
