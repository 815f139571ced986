"""The fake ``aws`` follows the facts file (strings and exit codes), run directly as a process."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import socket
import stat
import sys
import time
from pathlib import Path

import pytest

try:
    from fakeaws import DEFAULT_LOGIN_STATE, GOOD_REMOTE_CODE, FakeAws, remote_code
except ModuleNotFoundError:  # tests/ became a package: go through it
    from tests.fakeaws import DEFAULT_LOGIN_STATE, GOOD_REMOTE_CODE, FakeAws, remote_code

V2_OLD = "aws-cli/2.31.12 Python/3.13.7 Linux/6.1.0 exe/x86_64.debian.12"
V2_PRE_ERROR_PREFIX = "aws-cli/2.33.2 Python/3.13.7 Linux/6.1.0 exe/x86_64.debian.12"
V2_PRE_REFUSAL = "aws-cli/2.32.10 Python/3.13.7 Linux/6.1.0 exe/x86_64.debian.12"
V2_PRE_LAYOUT = "aws-cli/2.30.4 Python/3.13.7 Linux/6.1.0 exe/x86_64.debian.12"
V1 = "aws-cli/1.45.11 Python/3.11.7 Linux/6.18.44 botocore/1.43.11"

STATIC_KEYS = (
    "[default]\n"
    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
)
NO_CREDENTIALS = "Unable to locate credentials"


def identity(fake: FakeAws, *extra: str, **env: str | None) -> tuple[int, dict[str, str], str]:
    proc = fake.run_aws("sts", "get-caller-identity", "--output", "json", *extra, env_overrides=env)
    data = json.loads(proc.stdout) if proc.returncode == 0 else {}
    return proc.returncode, data, proc.stderr


# --------------------------------------------------------------------------- --version


def test_version_default_on_stdout(fake_aws: FakeAws) -> None:
    proc = fake_aws.run_aws("--version")
    assert proc.returncode == 0
    assert proc.stdout == "aws-cli/2.34.50 Python/3.13.7 Linux/6.1.0 exe/x86_64.debian.12\n"
    assert proc.stderr == ""


def test_version_from_scenario_on_stderr(fake_aws: FakeAws) -> None:
    fake_aws.scenario(version=V1, version_stream="stderr")
    proc = fake_aws.run_aws("--version")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", V1 + "\n")


# --------------------------------------------------------------------------- identity


def test_no_credentials_is_253_with_error_prefix(fake_aws: FakeAws) -> None:
    code, _, stderr = identity(fake_aws)
    assert code == 253
    assert (
        "aws: [ERROR]: An error occurred (NoCredentials): Unable to locate credentials." in stderr
    )


@pytest.mark.parametrize(
    ("version", "expected_code"), [(V2_PRE_ERROR_PREFIX, 253), (V2_OLD, 253), (V1, 255)]
)
def test_no_credentials_before_2_34_has_no_prefix(
    fake_aws: FakeAws, version: str, expected_code: int
) -> None:
    fake_aws.scenario(version=version)
    code, _, stderr = identity(fake_aws)
    assert code == expected_code
    assert stderr.strip().startswith(NO_CREDENTIALS)
    assert "[ERROR]" not in stderr


def test_unknown_profile_is_255(fake_aws: FakeAws) -> None:
    code, _, stderr = identity(fake_aws, "--profile", "ghost")
    assert code == 255
    assert "The config profile (ghost) could not be found" in stderr
    code, _, stderr = identity(fake_aws, AWS_PROFILE="ghost")
    assert code == 255
    assert "(ghost)" in stderr


def test_static_keys(fake_aws: FakeAws) -> None:
    fake_aws.write_credentials(STATIC_KEYS)
    code, data, _ = identity(fake_aws)
    assert code == 0
    assert data == {
        "UserId": "AIDASAMPLEUSERID",
        "Account": "123456789012",
        "Arn": "arn:aws:iam::123456789012:user/DevAdmin",
    }


def test_output_is_pretty_printed_like_the_cli(fake_aws: FakeAws) -> None:
    fake_aws.write_credentials(STATIC_KEYS)
    proc = fake_aws.run_aws("sts", "get-caller-identity", "--output", "json")
    assert proc.stdout.startswith('{\n    "UserId": "AIDASAMPLEUSERID",\n')


def test_env_keys_win_without_explicit_profile(fake_aws: FakeAws) -> None:
    fake_aws.write_config("[profile dev]\nlogin_session = arn:aws:iam::999988887777:user/Dev\n")
    env = {"AWS_ACCESS_KEY_ID": "AKIAENVKEY0000000001", "AWS_SECRET_ACCESS_KEY": "x" * 40}
    code, data, _ = identity(fake_aws, AWS_PROFILE="dev", **env)
    assert (code, data["Arn"]) == (0, "arn:aws:iam::111122223333:user/EnvUser")
    code, data, _ = identity(fake_aws, "--profile", "dev", **env)
    assert (code, data["Arn"]) == (0, "arn:aws:iam::999988887777:user/Dev")


def test_login_session_profile(fake_aws: FakeAws) -> None:
    fake_aws.write_config("[profile dev]\nlogin_session = arn:aws:iam::444455556666:user/Ana\n")
    code, data, _ = identity(fake_aws, "--profile", "dev")
    assert code == 0
    assert data == {
        "UserId": "AIDAFAKELOGINUSER",
        "Account": "444455556666",
        "Arn": "arn:aws:iam::444455556666:user/Ana",
    }


def test_role_profile(fake_aws: FakeAws) -> None:
    fake_aws.write_credentials(STATIC_KEYS)
    fake_aws.write_config(
        "[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/Ops\nsource_profile = default\n"
    )
    code, data, _ = identity(fake_aws, AWS_PROFILE="ops")
    assert code == 0
    prefix = "arn:aws:sts::123456789012:assumed-role/Ops/botocore-session-"
    assert data["Arn"].startswith(prefix)
    assert data["Arn"].removeprefix(prefix).isdigit()


ROLE_CONFIG = (
    "[profile base]\nregion = us-east-1\n"
    "[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/Ops\nsource_profile = base\n"
    "[profile chain]\nrole_arn = arn:aws:iam::123456789012:role/Chain\nsource_profile = ops\n"
    "[profile lost]\nrole_arn = arn:aws:iam::123456789012:role/Ops\nsource_profile = missing\n"
)


@pytest.mark.parametrize("profile", ["ops", "chain"])
def test_role_whose_source_has_no_credentials(fake_aws: FakeAws, profile: str) -> None:
    fake_aws.write_config(ROLE_CONFIG)
    code, _, stderr = identity(fake_aws, "--profile", profile)
    assert (code, stderr) == (
        255,
        '\naws: [ERROR]: The source profile "base" must have credentials.\n',
    )


def test_role_whose_source_profile_is_missing(fake_aws: FakeAws) -> None:
    fake_aws.write_config(ROLE_CONFIG)
    code, _, stderr = identity(fake_aws, "--profile", "lost")
    assert code == 255
    assert 'The source_profile "missing" referenced in the profile "lost" does not exist.' in (
        stderr
    )


SSO_CONFIG = (
    "[profile corp]\nsso_session = corp\nsso_account_id = 210987654321\n"
    "sso_role_name = Admin\nregion = eu-west-1\n\n"
    "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
    "sso_region = eu-west-1\n"
)


def test_sso_profile_expired_then_sso_login(fake_aws: FakeAws) -> None:
    fake_aws.write_config(SSO_CONFIG)
    code, _, stderr = identity(fake_aws, "--profile", "corp")
    assert code == 255
    assert "Error when retrieving token from sso: Token has expired and refresh failed" in stderr

    proc = fake_aws.run_aws("sso", "login", "--profile", "corp")
    assert proc.returncode == 0, proc.stderr
    assert "Successfully logged into Start URL: https://corp.awsapps.com/start" in proc.stdout
    cache = list(fake_aws.sso_cache_dir.glob("*.json"))
    digest = hashlib.sha1(b"corp", usedforsecurity=False).hexdigest()
    assert [p.name for p in cache] == [f"{digest}.json"]
    token = json.loads(cache[0].read_text())
    assert token["startUrl"] == "https://corp.awsapps.com/start"
    assert token["accessToken"].startswith("FAKESECRET")

    code, data, _ = identity(fake_aws, "--profile", "corp")
    assert code == 0
    assert data["Account"] == "210987654321"


def test_sso_token_valid_from_scenario(fake_aws: FakeAws) -> None:
    fake_aws.write_config(SSO_CONFIG)
    fake_aws.scenario(sso_token="valid")
    assert identity(fake_aws, "--profile", "corp")[0] == 0


def test_sso_login_failure(fake_aws: FakeAws) -> None:
    fake_aws.write_config(SSO_CONFIG)
    fake_aws.scenario(sso_login="denied")
    proc = fake_aws.run_aws("sso", "login", "--profile", "corp")
    assert proc.returncode == 255
    assert fake_aws.state() == {}


def test_identity_overrides(fake_aws: FakeAws) -> None:
    fake_aws.write_config("[profile dev]\nlogin_session = arn:aws:iam::123456789012:user/Dev\n")
    fake_aws.scenario(
        identity={
            "dev": {
                "stderr": "Your session has expired. Please reauthenticate using 'aws login'.",
                "exit": 255,
            },
            "default": {"stdout": {"UserId": "U", "Account": "1", "Arn": "arn:x"}},
        },
        identity_after_login={"stderr": "An error occurred (ExpiredToken) x", "exit": 254},
    )
    code, _, stderr = identity(fake_aws, "--profile", "dev")
    assert code == 255
    assert "aws: [ERROR]: Your session has expired." in stderr
    assert identity(fake_aws)[1] == {"UserId": "U", "Account": "1", "Arn": "arn:x"}
    # identity_after_login takes over once a login succeeded.
    login = fake_aws.run_aws("login", "--profile", "dev", "--region", "us-east-1", input="y\n")
    assert login.returncode == 0
    code, _, stderr = identity(fake_aws, "--profile", "dev")
    assert (code, "(ExpiredToken)" in stderr) == (254, True)


# --------------------------------------------------------------------------- configure list / get


def test_configure_list_new_layout(fake_aws: FakeAws) -> None:
    fake_aws.write_credentials(STATIC_KEYS)
    fake_aws.write_config("[default]\nregion = us-west-2\n")
    proc = fake_aws.run_aws("configure", "list")
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[0] == "NAME       : VALUE                    : TYPE             : LOCATION"
    assert lines[1].startswith("profile    : <not set>")
    assert lines[2] == "access_key : ****************MPLE     : shared-credentials-file : "
    assert lines[3].startswith("secret_key : ****************EKEY ")
    assert lines[4].startswith("region     : us-west-2                : config-file ")
    assert "AKIAIOSFODNN7EXAMPLE" not in proc.stdout


@pytest.mark.parametrize("version", [V2_PRE_LAYOUT, V1])
def test_configure_list_old_layout(fake_aws: FakeAws, version: str) -> None:
    fake_aws.scenario(version=version)
    fake_aws.write_credentials(STATIC_KEYS)
    proc = fake_aws.run_aws("configure", "list")
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[0] == "      Name                    Value             Type    Location"
    assert lines[1] == "      ----                    -----             ----    --------"
    assert lines[2] == "   profile                <not set>             None    None"
    assert lines[3].startswith("access_key     ****************MPLE shared-credentials-file")


@pytest.mark.parametrize(
    ("config", "kind"),
    [
        ("[profile p]\nlogin_session = arn:aws:iam::123456789012:user/A\n", "login"),
        ("[profile p]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = x\n", "assume-role"),
        ("[profile p]\ncredential_process = /bin/true\n", "custom-process"),
        ("[profile p]\naws_access_key_id = AKIAXXXXXXXXXXXXABCD\n", "config-file"),
        (
            "[profile p]\nrole_arn = arn:aws:iam::1:role/R\nweb_identity_token_file = /t\n",
            "assume-role-with-web-identity",
        ),
    ],
)
def test_configure_list_types(fake_aws: FakeAws, config: str, kind: str) -> None:
    fake_aws.write_config(config)
    proc = fake_aws.run_aws("configure", "list", "--profile", "p")
    assert proc.returncode == 0
    row = proc.stdout.splitlines()[2]
    assert row.split(" : ")[2].strip() == kind
    assert proc.stdout.splitlines()[1].startswith("profile    : p ")


def test_configure_list_env_type_and_unknown_profile(fake_aws: FakeAws) -> None:
    proc = fake_aws.run_aws(
        "configure",
        "list",
        env_overrides={"AWS_ACCESS_KEY_ID": "AKIAENV0000000009999", "AWS_SECRET_ACCESS_KEY": "s"},
    )
    assert "****************9999     : env " in proc.stdout
    proc = fake_aws.run_aws("configure", "list", "--profile", "ghost")
    assert proc.returncode == 255
    assert "The config profile (ghost) could not be found" in proc.stderr


def test_configure_get(fake_aws: FakeAws) -> None:
    fake_aws.write_config(
        "[default]\naws_access_key_id = AKIACONFIG000000AAAA\nregion = eu-north-1\n"
    )
    fake_aws.write_credentials(STATIC_KEYS)
    proc = fake_aws.run_aws("configure", "get", "aws_access_key_id")
    assert (proc.returncode, proc.stdout) == (0, "AKIAIOSFODNN7EXAMPLE\n")  # credentials file wins
    assert fake_aws.run_aws("configure", "get", "region").stdout == "eu-north-1\n"
    proc = fake_aws.run_aws("configure", "get", "login_session")
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", "")


def test_configure_get_unknown_profile(fake_aws: FakeAws) -> None:
    proc = fake_aws.run_aws("configure", "get", "aws_access_key_id", "--profile", "ghost")
    assert proc.returncode == 255
    assert "could not be found" in proc.stderr


# --------------------------------------------------------------------------- login


def test_login_success_writes_config_and_private_cache(fake_aws: FakeAws) -> None:
    fake_aws.write_config("# keep me\n[profile other]\nregion = eu-west-3\n")
    proc = fake_aws.run_aws("login", "--profile", "dev", input="\n")
    assert proc.returncode == 0, proc.stderr
    assert "No AWS region has been configured." in proc.stdout
    assert "AWS Region [us-east-1]: " in proc.stdout
    assert "If you are unable to open the URL on this device" in proc.stdout
    assert proc.stdout.endswith(
        "\nUpdated profile dev to use arn:aws:iam::123456789012:user/DevAdmin credentials.\n"
        'Use "--profile dev" to use the new credentials, such as '
        '"aws sts get-caller-identity --profile dev"\n'
    )
    config = fake_aws.read_config()
    assert config.startswith("# keep me\n[profile other]\nregion = eu-west-3\n")
    assert "[profile dev]\nlogin_session = arn:aws:iam::123456789012:user/DevAdmin\n" in config
    assert "region = us-east-1" in config
    assert not fake_aws.credentials_file.exists()

    (cache,) = fake_aws.login_cache_files()
    digest = hashlib.sha256(b"arn:aws:iam::123456789012:user/DevAdmin").hexdigest()
    assert cache.name == f"{digest}.json"
    if os.name == "posix":
        assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    token = json.loads(cache.read_text())
    assert set(token) == {
        "accessToken",
        "tokenType",
        "clientId",
        "refreshToken",
        "idToken",
        "dpopKey",
    }
    assert token["tokenType"] == "aws_sigv4"
    assert token["clientId"] == "arn:aws:signin:::devtools/same-device"
    assert token["accessToken"]["accessKeyId"] == "ASIAFAKEACCESSKEY123"
    assert token["accessToken"]["expiresAt"].endswith("Z")
    assert token["dpopKey"].startswith("-----BEGIN EC PRIVATE KEY-----\nFAKESECRET")
    written = fake_aws.secrets_written()
    assert token["accessToken"]["secretAccessKey"] in written
    assert all("FAKESECRET" in value for value in written)
    assert not any(value in proc.stdout + proc.stderr for value in written)
    assert fake_aws.state()["success"] is True


def test_login_default_profile_with_region(fake_aws: FakeAws) -> None:
    fake_aws.write_config("[default]\nregion = eu-central-1\n")
    proc = fake_aws.run_aws("login")
    assert proc.returncode == 0
    assert "No AWS region" not in proc.stdout
    assert "https://eu-central-1.signin.aws.amazon.com/v1/authorize?" in proc.stdout
    assert 'Use "--profile' not in proc.stdout
    assert fake_aws.read_config() == (
        "[default]\nregion = eu-central-1\n"
        "login_session = arn:aws:iam::123456789012:user/DevAdmin\n"
    )
    assert identity(fake_aws)[1]["UserId"] == "AIDAFAKELOGINUSER"


def test_login_old_browser_text(fake_aws: FakeAws) -> None:
    fake_aws.scenario(version=V2_PRE_ERROR_PREFIX)
    proc = fake_aws.run_aws("login", "--region", "us-east-2")
    assert proc.returncode == 0
    assert (
        "Attempting to open your default browser.\n"
        "If the browser does not open, open the following URL:\n\n"
    ) in proc.stdout
    assert "--remote" not in proc.stdout
    assert "region" not in fake_aws.read_config()


@pytest.mark.parametrize(
    ("setting", "kind"),
    [
        ("aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "Access Key"),
        ("role_arn = arn:aws:iam::123456789012:role/R", "Assume Role"),
        ("credential_process = /bin/true", "Credential Process"),
        ("web_identity_token_file = /tmp/token", "Web Identity"),
        ("sso_account_id = 123456789012", "SSO"),
    ],
)
def test_login_refusals(fake_aws: FakeAws, setting: str, kind: str) -> None:
    fake_aws.write_config(f"[default]\n{setting}\nregion = us-east-1\n")
    proc = fake_aws.run_aws("login")
    assert proc.returncode == 253
    assert proc.stdout == ""
    assert proc.stderr == (
        "\naws: [ERROR]: An error occurred (Configuration): "
        f"Profile 'default' is already configured with {kind} credentials.\n\n"
        "You may run 'aws login --profile new-profile-name' to create a new profile with the "
        "specified name. Otherwise you must first manually remove the existing credentials "
        "from 'default'.\n"
    )
    assert fake_aws.login_cache_files() == []


def test_refusal_uses_the_credentials_file_and_profile(fake_aws: FakeAws) -> None:
    fake_aws.write_credentials(STATIC_KEYS.replace("[default]", "[work]"))
    proc = fake_aws.run_aws("login", "--profile", "work", "--region", "us-east-1")
    assert proc.returncode == 253
    assert "Profile 'work' is already configured with Access Key credentials." in proc.stderr


def test_no_refusal_before_2_32_32(fake_aws: FakeAws) -> None:
    fake_aws.scenario(version=V2_PRE_REFUSAL)
    fake_aws.write_credentials(STATIC_KEYS)
    proc = fake_aws.run_aws("login", "--region", "us-east-1")
    assert proc.returncode == 0
    assert "Updated profile default" in proc.stdout
    assert identity(fake_aws)[1]["Arn"].endswith(":user/DevAdmin")  # static keys still win


@pytest.mark.parametrize(("version", "code"), [(V2_OLD, 252), (V1, 2)])
def test_login_invalid_choice_on_old_cli(fake_aws: FakeAws, version: str, code: int) -> None:
    fake_aws.scenario(version=version)
    proc = fake_aws.run_aws("login")
    assert proc.returncode == code
    assert "aws: error: argument command: Invalid choice, valid choices are:" in proc.stderr
    assert proc.stdout == ""


def test_unknown_command_is_a_usage_error(fake_aws: FakeAws) -> None:
    assert fake_aws.run_aws("frobnicate").returncode == 252
    assert fake_aws.run_aws("sts", "get-caller-identity", "--bogus").returncode == 252


def test_remote_login(fake_aws: FakeAws) -> None:
    proc = fake_aws.run_aws("login", "--remote", "--region", "us-east-1", input="bad\n")
    assert proc.returncode == 255
    assert "Browser will not be automatically opened.\nPlease visit the following URL:\n\n" in (
        proc.stdout
    )
    assert f"&state={DEFAULT_LOGIN_STATE}&" in proc.stdout
    assert "%2Fv1%2Fsessions%2Fconfirmation&" in proc.stdout
    assert proc.stdout.endswith("Enter the authorization code displayed in your browser: ")
    assert proc.stderr == "\naws: [ERROR]: Failed to decode the verification code.\n"
    assert fake_aws.read_config() == ""

    proc = fake_aws.run_aws(
        "login", "--remote", "--region", "us-east-1", input=GOOD_REMOTE_CODE + "\n"
    )
    assert proc.returncode == 0, proc.stderr
    token = json.loads(fake_aws.login_cache_files()[0].read_text())
    assert token["clientId"] == "arn:aws:signin:::devtools/cross-device"


OTHER_STATE = "0b5e8c2a-1111-4222-8333-444455556666"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("garbage", "Failed to decode the verification code."),
        ("CODE-1234", "Failed to decode the verification code."),
        (
            base64.b64encode(b"foo=bar").decode(),
            "Failed to retrieve an auth_code or state from the verification code",
        ),
        (
            remote_code(state=OTHER_STATE),
            "Error loading or redeeming a login authorization code: State parameter "
            f"{OTHER_STATE} does not match expected value {DEFAULT_LOGIN_STATE}.",
        ),
        ("", "argument should be a bytes-like object or ASCII string, not 'NoneType'"),
    ],
)
def test_remote_input_errors(fake_aws: FakeAws, typed: str, message: str) -> None:
    """The real 2.36.7's answers to what a user may paste (facts: Errors of `aws login`)."""
    proc = fake_aws.run_aws("login", "--remote", "--region", "us-east-1", input=typed + "\n")
    assert (proc.returncode, proc.stderr) == (255, f"\naws: [ERROR]: {message}\n")
    assert fake_aws.login_cache_files() == []


def test_remote_state_from_scenario(fake_aws: FakeAws) -> None:
    fake_aws.scenario(login_state=OTHER_STATE)
    proc = fake_aws.run_aws(
        "login", "--remote", "--region", "us-east-1", input=remote_code(OTHER_STATE) + "\n"
    )
    assert proc.returncode == 0, proc.stderr
    assert f"&state={OTHER_STATE}&" in proc.stdout


@pytest.mark.parametrize(
    ("mode", "text", "code"),
    [
        ("permission", "missing permission for the 'signin:CreateOAuth2Token' action.", 255),
        ("denied", "Failed to retrieve an authorization code.", 255),
        ("expired_code", "due to an expired authorization code.", 255),
        ("timeout", "The pending authorization to retrieve an SSO token has expired.", 255),
        ("callback", "Unable to initialize the OAuth 2.0 authorization callback handler", 255),
        ("network", "Could not connect to the endpoint URL", 255),
        ("service", "when calling the CreateOAuth2Token operation", 254),
    ],
)
def test_login_failures(fake_aws: FakeAws, mode: str, text: str, code: int) -> None:
    fake_aws.scenario(login=mode)
    proc = fake_aws.run_aws("login", "--region", "us-east-1", timeout=10)
    assert proc.returncode == code
    assert text in proc.stderr
    assert fake_aws.read_config() == ""
    assert fake_aws.state() == {}


def test_overwrite_question(fake_aws: FakeAws) -> None:
    old = "arn:aws:iam::123456789012:user/Old"
    fake_aws.write_config(f"[default]\nregion = us-east-1\nlogin_session = {old}\n")
    proc = fake_aws.run_aws("login", input="n\n")
    question = (
        f"Profile default is already configured to use session {old}. Do you want to overwrite "
        "it to use arn:aws:iam::123456789012:user/DevAdmin instead? (y/n): "
    )
    assert (proc.returncode, proc.stdout.endswith(question)) == (0, True)
    assert old in fake_aws.read_config()
    assert fake_aws.login_cache_files() == []

    proc = fake_aws.run_aws("login", input="maybe\ny\n")
    assert proc.returncode == 0
    assert 'Invalid response. Please enter "y" or "n"' in proc.stdout
    assert old not in fake_aws.read_config()

    proc = fake_aws.run_aws("login")  # same session again: no question
    assert proc.returncode == 0
    assert "(y/n)" not in proc.stdout


def test_decline_overwrite_scenario(fake_aws: FakeAws) -> None:
    fake_aws.scenario(login="decline_overwrite")
    proc = fake_aws.run_aws("login", "--region", "us-east-1")
    assert proc.returncode == 0
    assert "(y/n): n\n" in proc.stdout
    assert "Updated profile" not in proc.stdout
    assert fake_aws.read_config() == ""


def test_eof_at_a_prompt(fake_aws: FakeAws) -> None:
    fake_aws.write_config("[default]\nregion = us-east-1\nlogin_session = arn:aws:iam::1:user/O\n")
    proc = fake_aws.run_aws("login")  # the overwrite question, stdin at EOF
    assert proc.returncode == 255
    assert proc.stderr == "\naws: [ERROR]: EOF when reading a line\n"


def test_region_prompt_without_a_terminal_and_no_input(fake_aws: FakeAws) -> None:
    """prompt_toolkit without a terminal: a warning, then an error with an empty message."""
    proc = fake_aws.run_aws("login")
    assert proc.returncode == 255
    assert "No AWS region has been configured." in proc.stdout
    assert proc.stderr == "Warning: Input is not a terminal (fd=0).\n\naws: [ERROR]:\n"
    assert fake_aws.read_config() == ""


def test_region_prompt_without_a_terminal_reads_all_input(fake_aws: FakeAws) -> None:
    """The region prompt takes the first line and swallows the rest: the code prompt sees EOF."""
    proc = fake_aws.run_aws("login", "--remote", input=f"eu-west-1\n{GOOD_REMOTE_CODE}\n")
    assert proc.returncode == 255
    assert "https://eu-west-1.signin.aws.amazon.com/v1/authorize?" in proc.stdout
    assert proc.stderr == (
        "Warning: Input is not a terminal (fd=0).\n\naws: [ERROR]: EOF when reading a line\n"
    )


def test_region_prompt_comes_before_the_refusal(fake_aws: FakeAws) -> None:
    fake_aws.write_credentials(STATIC_KEYS)
    proc = fake_aws.run_aws("login")
    assert proc.returncode == 255  # never reaches the refusal: no region, no input
    assert "No AWS region has been configured." in proc.stdout
    assert "already configured" not in proc.stderr
    proc = fake_aws.run_aws("login", input="\n")
    assert proc.returncode == 253
    assert "AWS Region [us-east-1]: " in proc.stdout
    assert "Profile 'default' is already configured with Access Key credentials." in proc.stderr


def test_configure_interactive(fake_aws: FakeAws) -> None:
    answers = "AKIANEWKEY0000001234\nFAKESECRETtyped\neu-west-1\n\n"
    proc = fake_aws.run_aws("configure", "--profile", "keys", input=answers)
    assert proc.returncode == 0
    assert proc.stdout == (
        "AWS Access Key ID [None]: AWS Secret Access Key [None]: "
        "Default region name [None]: Default output format [None]: "
    )
    creds = fake_aws.credentials_file.read_text()
    assert "[keys]\naws_access_key_id = AKIANEWKEY0000001234\n" in creds
    assert "[profile keys]\nregion = eu-west-1\n" in fake_aws.read_config()
    assert "FAKESECRETtyped" in fake_aws.secrets_written()
    assert identity(fake_aws, "--profile", "keys")[0] == 0

    fake_aws.scenario(configure="fail")
    proc = fake_aws.run_aws("configure", input="\n\n\n\n")
    assert proc.returncode == 255
    assert "Permission denied" in proc.stderr


# --------------------------------------------------------------------------- log, env, PATH


def test_log_records_every_invocation(fake_aws: FakeAws) -> None:
    fake_aws.run_aws("--version")
    fake_aws.run_aws("sts", "get-caller-identity", env_overrides={"AWS_PROFILE": "x"})
    assert fake_aws.calls() == [["--version"], ["sts", "get-caller-identity"]]
    entries = fake_aws.log_entries()
    assert [e["profile_env"] for e in entries] == [None, "x"]
    assert entries[0]["tty"] == {"stdin": False, "stdout": False, "stderr": False}


def test_env_is_minimal(fake_aws: FakeAws, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIALEAK")
    env = fake_aws.env(DISPLAY=None, AWS_PROFILE="dev")
    assert "CI" not in env
    assert "AWS_ACCESS_KEY_ID" not in env
    assert "DISPLAY" not in env
    assert env["AWS_PROFILE"] == "dev"
    assert env["PATH"].split(os.pathsep)[0] == str(fake_aws.bin_dir)
    assert env["HOME"] == str(fake_aws.home)
    assert env["AWS_CONFIG_FILE"] == str(fake_aws.config_file)
    assert env["NO_COLOR"] == "1"


def test_isolation_fixture(isolated_env: Path) -> None:
    assert os.environ["HOME"] == str(isolated_env)
    assert os.environ["NO_COLOR"] == "1"
    assert not [name for name in os.environ if name.startswith("AWS_") or name == "CI"]


def test_fake_is_first_on_path_and_can_be_removed(fake_aws: FakeAws) -> None:
    env = fake_aws.env()
    found = shutil.which("aws", path=env["PATH"])
    assert found is not None
    assert Path(found).parent == fake_aws.bin_dir
    assert Path(shutil.which("aws") or "").parent == fake_aws.bin_dir  # this process too
    fake_aws.remove_aws()
    assert shutil.which("aws", path=fake_aws.env()["PATH"]) is None
    assert shutil.which("aws") is None


# --------------------------------------------------------------------------- a real terminal


@pytest.mark.pty
@pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pty")
def test_prompts_and_ctrl_c_on_a_pty(fake_aws: FakeAws) -> None:
    pexpect = pytest.importorskip("pexpect")
    aws = str(fake_aws.bin_dir / "aws")
    child = pexpect.spawn(aws, ["login"], env=fake_aws.env(), encoding="utf-8", timeout=10)
    child.expect_exact("AWS Region [us-east-1]: ")
    child.sendline("ap-southeast-2")
    child.expect_exact("Updated profile default to use")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "region = ap-southeast-2" in fake_aws.read_config()
    assert fake_aws.log_entries()[-1]["tty"]["stdin"] is True

    fake_aws.scenario(login="hang")
    child = pexpect.spawn(aws, ["login", "--profile", "h"], env=fake_aws.env(), timeout=10)
    child.expect_exact("AWS Region [us-east-1]: ")
    child.sendline("")
    child.expect_exact("%2Foauth%2Fcallback")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


def test_latency(fake_aws: FakeAws) -> None:
    fake_aws.scenario(latency=0.3)
    started = time.monotonic()
    assert fake_aws.run_aws("--version").returncode == 0
    assert time.monotonic() - started >= 0.3


# --------------------------------------------------------------------------- corrected facts (ran)

CURRENT = "aws-cli/2.36.7 Python/3.11.7 Linux/6.18.44 source/x86_64.debian.12"
NO_CREDENTIALS_2_36 = (
    'Unable to locate credentials. You can configure credentials by running "aws login".'
)


def test_legacy_error_format_keeps_the_prefix_and_drops_the_wrapper(fake_aws: FakeAws) -> None:
    fake_aws.scenario(version=CURRENT)
    code, _, stderr = identity(fake_aws)
    assert (code, stderr) == (
        253,
        f"\naws: [ERROR]: An error occurred (NoCredentials): {NO_CREDENTIALS_2_36}\n",
    )
    for legacy in ({"AWS_CLI_ERROR_FORMAT": "legacy"}, {}):
        extra = () if legacy else ("--cli-error-format", "legacy")
        code, _, stderr = identity(fake_aws, *extra, **legacy)
        assert (code, stderr) == (253, f"\naws: [ERROR]: {NO_CREDENTIALS_2_36}\n")


def test_legacy_refusal(fake_aws: FakeAws) -> None:
    fake_aws.write_credentials(STATIC_KEYS)
    proc = fake_aws.run_aws(
        "login", "--region", "us-east-1", env_overrides={"AWS_CLI_ERROR_FORMAT": "legacy"}
    )
    assert proc.returncode == 253
    assert proc.stderr.startswith(
        "\naws: [ERROR]: Profile 'default' is already configured with Access Key credentials."
    )


def test_service_error_details_block(fake_aws: FakeAws) -> None:
    fake_aws.scenario(login="service")
    proc = fake_aws.run_aws("login", "--region", "us-east-1")
    assert proc.returncode == 254
    assert proc.stderr.endswith("\n\nAdditional error details:\nerror: INVALID_REQUEST\n")
    proc = fake_aws.run_aws(
        "login", "--region", "us-east-1", env_overrides={"AWS_CLI_ERROR_FORMAT": "legacy"}
    )
    assert proc.returncode == 254
    assert proc.stderr.startswith("\naws: [ERROR]: An error occurred (AccessDeniedException)")
    assert "Additional error details" not in proc.stderr


def test_sts_without_a_region_uses_the_global_endpoint(fake_aws: FakeAws) -> None:
    fake_aws.write_credentials(STATIC_KEYS)  # and no region anywhere
    code, data, stderr = identity(fake_aws)
    assert (code, data["Account"], stderr) == (0, "123456789012", "")


def test_no_region_only_with_an_sts_endpoint_override(fake_aws: FakeAws) -> None:
    fake_aws.write_credentials(STATIC_KEYS)
    code, _, stderr = identity(fake_aws, AWS_ENDPOINT_URL_STS="http://127.0.0.1:9")
    assert code == 253
    assert stderr == (
        "\naws: [ERROR]: An error occurred (NoRegion): You must specify a region. "
        'You can also configure your region by running "aws configure".\n'
    )


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_proxy(fake_aws: FakeAws) -> None:
    fake_aws.write_credentials(STATIC_KEYS)
    proxy = f"http://127.0.0.1:{closed_port()}"
    env = {"HTTPS_PROXY": proxy, "NO_PROXY": "127.0.0.1,localhost"}
    code, _, stderr = identity(fake_aws, **env)
    assert (code, stderr) == (255, f'\naws: [ERROR]: Failed to connect to proxy URL: "{proxy}"\n')
    # Credentials are resolved first: no credentials is still NoCredentials.
    fake_aws.credentials_file.unlink()
    assert identity(fake_aws, **env)[0] == 253


def test_proxy_bypassed_for_a_loopback_endpoint(fake_aws: FakeAws) -> None:
    fake_aws.write_credentials(STATIC_KEYS)
    proxy = f"http://127.0.0.1:{closed_port()}"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        endpoint = f"http://127.0.0.1:{listener.getsockname()[1]}"
        env = {"HTTPS_PROXY": proxy, "HTTP_PROXY": proxy, "NO_PROXY": "127.0.0.1,localhost"}
        code, _, _ = identity(
            fake_aws, AWS_ENDPOINT_URL_STS=endpoint, AWS_REGION="us-east-1", **env
        )
        assert code == 0
    # Nothing listens there any more: the endpoint itself cannot be reached.
    code, _, stderr = identity(fake_aws, AWS_ENDPOINT_URL_STS=endpoint, AWS_REGION="us-east-1")
    assert code == 255
    assert f'Could not connect to the endpoint URL: "{endpoint}/"' in stderr


@pytest.mark.parametrize(("mode", "code"), [("offline", 255), ("ignore", 0)])
def test_network_scenario_key(fake_aws: FakeAws, mode: str, code: int) -> None:
    fake_aws.write_credentials(STATIC_KEYS)
    fake_aws.scenario(network=mode)
    proxy = f"http://127.0.0.1:{closed_port()}"
    assert identity(fake_aws, HTTPS_PROXY=proxy)[0] == code


def test_env_keys_beat_login_session_even_with_aws_profile(fake_aws: FakeAws) -> None:
    """Without --profile the environment's keys win (the precedence trap, ran)."""
    fake_aws.write_config("[profile dev]\nlogin_session = arn:aws:iam::999988887777:user/Dev\n")
    fake_aws.scenario(require_login_cache=True)
    env = {"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "x" * 40}
    code, data, _ = identity(fake_aws, AWS_PROFILE="dev", **env)
    assert (code, data["Arn"]) == (0, "arn:aws:iam::111122223333:user/EnvUser")
    code, _, stderr = identity(fake_aws, "--profile", "dev", **env)
    assert code == 255
    assert stderr == (
        "\naws: [ERROR]: Error loading login session token: Unable to load a existing login "
        "session for session arn:aws:iam::999988887777:user/Dev, Please reauthenticate with "
        "'aws login'.\n"
    )


# ------------------------------------------------------------------ argument errors (252)


@pytest.mark.parametrize(
    "argv",
    [
        ("sts", "get-caller-identity", "--profile", "--debug"),
        ("login", "--profile", "--debug"),
        ("login", "--profile", "-x"),
        ("login", "--profile"),
    ],
)
def test_option_value_that_looks_like_an_option(fake_aws: FakeAws, argv: tuple[str, ...]) -> None:
    for env in ({}, {"AWS_CLI_ERROR_FORMAT": "legacy"}):  # parsed too early for legacy
        proc = fake_aws.run_aws(*argv, env_overrides=env)
        assert proc.returncode == 252
        assert proc.stderr.startswith(
            "\naws: [ERROR]: An error occurred (ParamValidation): "
            "argument --profile: expected one argument\n"
        )
        assert "Invalid choice" not in proc.stderr


def test_profile_value_with_equals_is_a_value(fake_aws: FakeAws) -> None:
    proc = fake_aws.run_aws("sts", "get-caller-identity", "--profile=--debug")
    assert proc.returncode == 255
    assert "The config profile (--debug) could not be found" in proc.stderr
    proc = fake_aws.run_aws("sts", "get-caller-identity", env_overrides={"AWS_PROFILE": "--debug"})
    assert proc.returncode == 255
    assert "The config profile (--debug) could not be found" in proc.stderr


@pytest.mark.parametrize(
    ("argv", "unknown"),
    [
        (("login", "--help"), "--help"),
        (("login", "--redirect-port", "1234"), "--redirect-port,1234"),
        (("login", "extra"), "extra"),
        (("logout", "--help"), "--help"),
    ],
)
def test_unknown_options_of_login(fake_aws: FakeAws, argv: tuple[str, ...], unknown: str) -> None:
    proc = fake_aws.run_aws(*argv)
    assert (proc.returncode, proc.stderr) == (
        252,
        f"\naws: [ERROR]: An error occurred (ParamValidation): Unknown options: {unknown}\n",
    )
    proc = fake_aws.run_aws(*argv, env_overrides={"AWS_CLI_ERROR_FORMAT": "legacy"})
    assert (proc.returncode, proc.stderr) == (252, f"\naws: [ERROR]: Unknown options: {unknown}\n")


def test_unknown_option_of_a_service_operation(fake_aws: FakeAws) -> None:
    proc = fake_aws.run_aws("sts", "get-caller-identity", "--bogus")
    assert proc.returncode == 252
    assert proc.stderr.startswith("\nusage: aws [options] <command>")
    assert proc.stderr.endswith("\n\naws: [ERROR]: Unknown options: --bogus\n")


def test_invalid_choice_on_a_current_cli(fake_aws: FakeAws) -> None:
    proc = fake_aws.run_aws("frobnicate")
    assert proc.returncode == 252
    assert proc.stderr.startswith(
        "\naws: [ERROR]: An error occurred (ParamValidation): "
        "argument command: Found invalid choice 'frobnicate'\n"
    )
    proc = fake_aws.run_aws("sts")
    assert proc.returncode == 252
    assert "the following arguments are required: operation" in proc.stderr


def test_old_cli_argument_errors_keep_argparse_form(fake_aws: FakeAws) -> None:
    fake_aws.scenario(version=V2_PRE_ERROR_PREFIX)
    proc = fake_aws.run_aws("sts", "get-caller-identity", "--profile", "--debug")
    assert proc.returncode == 252
    assert proc.stderr.endswith("aws: error: argument --profile: expected one argument\n")
    assert "[ERROR]" not in proc.stderr


def test_configure_list_unknown_profile_prints_its_header_first(fake_aws: FakeAws) -> None:
    proc = fake_aws.run_aws("configure", "list", "--profile", "ghost")
    assert proc.returncode == 255
    assert proc.stdout.splitlines() == [
        "NAME       : VALUE                    : TYPE             : LOCATION",
        "profile    : ghost                    : manual           : --profile",
    ]


# ------------------------------------------------------------------ aws logout (ran)

REMOVED = (
    "Removed cached login credentials for profile 'dev'. Note, any local developer tools that "
    "have already loaded the access token may continue to use it until its expiration. Access "
    "tokens expire in 15 minutes.\n"
)


def test_logout_without_a_session(fake_aws: FakeAws) -> None:
    proc = fake_aws.run_aws("logout")
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        0,
        "",
        "warning: no login session found for profile 'default'\n",
    )
    proc = fake_aws.run_aws("logout", "--all")
    assert (proc.returncode, proc.stdout) == (0, "No cached login session tokens found.\n")


def test_logout_a_session_and_all(fake_aws: FakeAws) -> None:
    for name in ("dev", "ops"):
        proc = fake_aws.run_aws("login", "--profile", name, "--region", "us-east-1")
        assert proc.returncode == 0, proc.stderr
    fake_aws.scenario(login_session="arn:aws:iam::123456789012:user/Ops")
    proc = fake_aws.run_aws("login", "--profile", "ops", "--region", "us-east-1", input="y\n")
    assert proc.returncode == 0, proc.stderr
    assert len(fake_aws.login_cache_files()) == 2
    proc = fake_aws.run_aws("logout", "--profile", "dev")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, REMOVED, "")
    assert "login_session" in fake_aws.read_config()  # the config keeps it
    assert len(fake_aws.login_cache_files()) == 1
    # A second logout: the file is gone, the CLI says "Removed" all the same.
    assert fake_aws.run_aws("logout", "--profile", "dev").stdout == REMOVED
    (fake_aws.login_cache_dir / "not-a-token.json").write_text("{}")
    proc = fake_aws.run_aws("logout", "--all")
    assert proc.returncode == 0
    assert proc.stdout.startswith("Removed 1 cached login credential. Note,")
    assert [p.name for p in fake_aws.login_cache_files()] == ["not-a-token.json"]


def test_no_region_comes_before_no_credentials(fake_aws: FakeAws) -> None:
    """The client (and its endpoint) is made before credentials are looked for (ran)."""
    code, _, stderr = identity(fake_aws, AWS_ENDPOINT_URL_STS="http://127.0.0.1:9")
    assert code == 253
    assert "(NoRegion): You must specify a region." in stderr
    fake_aws.write_config(ROLE_CONFIG)  # but a role's missing source credentials come first
    code, _, stderr = identity(fake_aws, "--profile", "ops", AWS_ENDPOINT_URL_STS="http://x:9")
    assert (code, 'The source profile "base" must have credentials.' in stderr) == (255, True)


def test_credential_process_is_run(fake_aws: FakeAws, tmp_path: Path) -> None:
    good = tmp_path / "creds.sh"
    good.write_text(
        '#!/bin/sh\necho \'{"Version": 1, "AccessKeyId": "AKIAIOSFODNN7EXAMPLE", '
        '"SecretAccessKey": "FAKESECRETx"}\'\n'
    )
    good.chmod(0o755)
    fake_aws.write_config(
        f"[profile good]\ncredential_process = {good}\n"
        "[profile fails]\ncredential_process = /bin/sh -c 'echo vault said no >&2; exit 3'\n"
        "[profile notjson]\ncredential_process = /bin/echo hello\n"
        "[profile missing]\ncredential_process = /nonexistent/get-creds\n"
    )
    code, data, _ = identity(fake_aws, "--profile", "good")
    assert (code, data["Arn"]) == (0, "arn:aws:iam::123456789012:user/ProcessUser")
    cases = {
        "fails": "Error when retrieving credentials from custom-process: vault said no",
        "notjson": "Expecting value: line 1 column 1 (char 0)",
        "missing": "[Errno 2] No such file or directory: '/nonexistent/get-creds'",
    }
    for profile, text in cases.items():
        code, _, stderr = identity(fake_aws, "--profile", profile)
        assert (code, stderr) == (255, f"\naws: [ERROR]: {text}\n"), profile
