"""Tier realcli_v1: the real AWS CLI v1 from PyPI (`awscli`, installed next to sys.executable).

The helper must recognise it as v1 and refuse it, and our parsers must read what it really
prints: `--version`, `configure list`/`configure get` against real files, `login`'s error.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest

from awslogin_helper.checks.classify import (
    IdentityProblem,
    LoginProblem,
    classify_identity_error,
    classify_login_failure,
    parse_configure_list,
    row_is_set,
)
from awslogin_helper.checks.versions import INSTALL_GUIDE, parse_aws_version
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.machine import Step, drive
from awslogin_helper.wizard import Event

from .conftest import AKIA, ASIA, CONFIG, CREDENTIALS, RealAws, flat, make_wizard, says

pytestmark = pytest.mark.realcli_v1


def installed_version(exe: Path) -> str:
    """The awscli version its own install records (dist-info beside it), an independent truth."""
    for info in exe.resolve().parent.parent.glob("lib/python*/site-packages/awscli-*.dist-info"):
        found = re.fullmatch(r"awscli-(.+)\.dist-info", info.name)
        if found:
            return found.group(1)
    return metadata.version("awscli")  # installed next to this interpreter instead


def test_version_is_recognised_as_v1(real_v1: RealAws) -> None:
    result = real_v1.run("--version")
    assert result.returncode == 0
    parsed = parse_aws_version(result.stdout + "\n" + result.stderr)
    assert parsed is not None, result.stdout + result.stderr
    assert parsed.major == 1
    assert str(parsed.version) == installed_version(real_v1.exe)
    assert parsed.python and parsed.python.count(".") >= 1
    assert not parsed.supports_login()


def test_helper_refuses_v1_with_the_install_guide(real_v1: RealAws) -> None:
    real_v1.write_files()
    result = real_v1.run_helper()
    screen = flat(result.stderr)
    assert result.returncode == ExitCode.CLI_TOO_OLD, screen
    version = installed_version(real_v1.exe)
    assert f"The AWS CLI at {real_v1.aws} is version {version} (v1)" in screen
    assert "AWS CLI v2, 2.32.0 or later" in screen
    assert INSTALL_GUIDE in screen
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


def test_configure_list_static_keys_default_profile(real_v1: RealAws) -> None:
    real_v1.write_files()
    # Default file locations (no AWS_CONFIG_FILE): the Location column then reads `~/...`.
    env = real_v1.env(AWS_CONFIG_FILE=None, AWS_SHARED_CREDENTIALS_FILE=None)
    result = real_v1.run("configure", "list", env=env)
    assert result.returncode == 0, result.stderr
    rows = parse_configure_list(result.stdout)
    assert set(rows) >= {"profile", "access_key", "secret_key", "region"}, result.stdout
    assert rows["profile"].value == "<not set>"
    assert not row_is_set(rows["profile"])
    assert rows["access_key"].value == "****************" + AKIA[-4:]
    assert rows["access_key"].type == "shared-credentials-file"
    assert row_is_set(rows["access_key"])
    assert rows["secret_key"].type == "shared-credentials-file"
    assert rows["region"].value == "us-east-1"
    assert rows["region"].type == "config-file"
    assert rows["region"].location == "~/.aws/config"


def test_configure_list_named_profile_and_config_file_keys(real_v1: RealAws) -> None:
    real_v1.write_files()
    result = real_v1.run("configure", "list", "--profile", "cfgkeys")
    assert result.returncode == 0, result.stderr
    rows = parse_configure_list(result.stdout)
    assert rows["profile"].value == "cfgkeys"
    assert rows["profile"].type == "manual"
    assert rows["profile"].location == "--profile"
    assert rows["access_key"].type == "config-file"
    assert rows["access_key"].value.endswith(AKIA[-4:])
    assert rows["region"].value == "eu-central-1"


def test_configure_list_without_keys(real_v1: RealAws) -> None:
    real_v1.write_files(credentials=None)
    result = real_v1.run("configure", "list", "--profile", "empty")
    assert result.returncode == 0, result.stderr
    rows = parse_configure_list(result.stdout)
    assert rows["access_key"].value == "<not set>"
    assert rows["access_key"].type == "None"
    assert not row_is_set(rows["access_key"])
    assert not row_is_set(rows["secret_key"])
    assert rows["region"].value == "us-west-2"


def test_configure_list_environment_keys(real_v1: RealAws) -> None:
    real_v1.write_files(credentials=None)
    env = real_v1.env(AWS_ACCESS_KEY_ID=ASIA, AWS_SECRET_ACCESS_KEY="x" * 40)
    rows = parse_configure_list(real_v1.run("configure", "list", env=env).stdout)
    assert rows["access_key"].type == "env"
    assert rows["access_key"].value.endswith(ASIA[-4:])


def test_configure_get_reads_the_key_id_from_the_files_only(real_v1: RealAws) -> None:
    real_v1.write_files()
    assert real_v1.run("configure", "get", "aws_access_key_id").stdout.strip() == AKIA
    got = real_v1.run("configure", "get", "aws_access_key_id", "--profile", "temp")
    assert got.stdout.strip() == ASIA
    missing = real_v1.run("configure", "get", "aws_access_key_id", "--profile", "empty")
    assert (missing.returncode, missing.stdout) == (1, "")


@pytest.mark.parametrize(
    ("profile", "credentials", "expected"),
    [
        (
            None,
            True,
            (
                "The default profile holds a long-term key",
                "AKIA",
                f"****{AKIA[-4:]}",
                "credentials file",
            ),
        ),
        (
            "temp",
            True,
            ("Profile temp holds temporary keys", "ASIA", f"****{ASIA[-4:]}"),
        ),
        (
            "cfgkeys",
            True,
            (
                "Profile cfgkeys holds a long-term key",
                "AKIA",
                f"****{AKIA[-4:]}",
                "config file",
            ),
        ),
        ("empty", False, ("Profile empty holds no credentials",)),
        (
            "signin",
            False,
            ("Profile signin uses an `aws login` session",),
        ),
    ],
    ids=["static-keys", "temporary-keys", "config-file-keys", "no-keys", "login-session"],
)
def test_wizard_key_type_from_real_output(
    real_v1: RealAws, profile: str | None, credentials: bool, expected: tuple[str, ...]
) -> None:
    real_v1.write_files(credentials=None if not credentials else CREDENTIALS)
    run = make_wizard(real_v1, real_v1.env(), profile=profile)
    event = run.wizard.check_keys()
    says(run.screen(), *expected)
    # Profiles holding keys are refused by `aws login`; the wizard moves on to a new name.
    assert event is (Event.CONFLICT if profile in (None, "temp", "cfgkeys") else Event.OK)
    assert "wJalr" not in run.out.getvalue()


def test_login_session_profile_needs_crt_on_v1(real_v1: RealAws) -> None:
    """v1 cannot use `login_session` profiles: the real message is classified as such."""
    real_v1.write_files(config=CONFIG, credentials=None)
    result = real_v1.run("sts", "get-caller-identity", "--output", "json", "--profile", "signin")
    assert result.returncode == 255
    assert classify_identity_error(result.stderr) is IdentityProblem.NEEDS_CRT, result.stderr


def test_aws_login_is_an_invalid_choice(real_v1: RealAws) -> None:
    result = real_v1.run("login")
    assert result.returncode == 2
    assert "Invalid choice" in result.stderr
    assert classify_login_failure(result.returncode, result.stderr) is LoginProblem.NOT_SUPPORTED


def test_wizard_run_login_on_v1_ends_as_cli_too_old(real_v1: RealAws) -> None:
    real_v1.write_files()
    run = make_wizard(real_v1, real_v1.env())
    run.wizard.cli = parse_aws_version(real_v1.version_line)
    step, code = drive(run.wizard.handlers(), start=Step.RUN_LOGIN)
    assert (step, code) == (Step.CLI_TOO_OLD, ExitCode.CLI_TOO_OLD)
    assert run.wizard.login_problem is LoginProblem.NOT_SUPPORTED
    assert "(v1)" in run.screen()
    assert INSTALL_GUIDE in run.screen()
