"""Tier realcli_current: `bridge` and `retire-keys` against the REAL current AWS CLI.

The bridge profile is read by the real `aws sts get-caller-identity` (its `credential_process`
runs the real `aws configure export-credentials`); after `retire-keys` the real `aws login`
no longer refuses the profile, and the IAM command the helper printed (never ran) really
deactivates the old key in moto.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from .conftest_current import CurrentAws
from .signin_standin import DEFAULT_ARN

pytestmark = pytest.mark.realcli_current

REGION = ("--region", "us-east-1")


def identity(sandbox: CurrentAws, profile: str) -> str:
    result = sandbox.run(
        "sts", "get-caller-identity", "--output", "json", "--profile", profile, *REGION
    )
    assert result.returncode == 0, result.stderr
    return str(json.loads(result.stdout)["Arn"])


def test_bridge_profile_is_read_by_the_real_cli(current_aws: CurrentAws) -> None:
    current_aws.config_file.write_text("[profile dev]\nregion = us-east-1\n", encoding="utf-8")
    login = current_aws.login("--profile", "dev")
    assert login.returncode == 0, login.stderr
    result = current_aws.run_helper("bridge", "dev", "--yes")
    assert result.returncode == 0, result.stdout + result.stderr
    assert identity(current_aws, "dev-process") == DEFAULT_ARN
    again = current_aws.run_helper("bridge", "dev", "--yes")
    assert again.returncode == 0 and "already the bridge" in again.stdout + again.stderr


def test_retire_keys_then_the_real_aws_login_signs_the_profile_in(current_aws: CurrentAws) -> None:
    # A real long-term key, minted in moto for an IAM user.
    env = current_aws.env(AWS_ACCESS_KEY_ID="AKIAMOTOADMIN0000000", AWS_SECRET_ACCESS_KEY="x" * 40)
    run = current_aws.run
    assert run("iam", "create-user", "--user-name", "olduser", *REGION, env=env).returncode == 0
    made = run(
        "iam", "create-access-key", "--user-name", "olduser", "--output", "json", *REGION, env=env
    )
    assert made.returncode == 0, made.stderr
    key = json.loads(made.stdout)["AccessKey"]
    credentials = (
        f"[default]\naws_access_key_id = {key['AccessKeyId']}\n"
        f"aws_secret_access_key = {key['SecretAccessKey']}\n"
    )
    current_aws.credentials_file.write_text(credentials, encoding="utf-8")
    refused = current_aws.login()
    assert refused.returncode == 253, refused.stderr  # "already configured with Access Key"

    result = current_aws.run_helper("retire-keys", "default", "--yes", "--no-sign-in")
    screen = result.stdout + result.stderr
    assert result.returncode == 0, screen
    assert key["AccessKeyId"] not in screen and key["SecretAccessKey"] not in screen
    login = current_aws.login()
    assert login.returncode == 0, login.stderr
    assert identity(current_aws, "default") == DEFAULT_ARN

    # The printed (never run) command deactivates the old key, reading its ID from the backup.
    [command] = [line for line in screen.splitlines() if "aws iam update-access-key" in line]
    assert "--user-name olduser" in command
    ran = subprocess.run(
        ["/bin/sh", "-c", command.strip() + " --region us-east-1"],
        env=current_aws.env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    listed = run(
        "iam", "list-access-keys", "--user-name", "olduser", "--output", "json", *REGION, env=env
    )
    [status] = [k["Status"] for k in json.loads(listed.stdout)["AccessKeyMetadata"]]
    assert status == "Inactive"

    undo = current_aws.run_helper("retire-keys", "default", "--undo", "--yes")
    assert undo.returncode == 0, undo.stdout + undo.stderr
    assert current_aws.credentials_file.read_text(encoding="utf-8") == credentials
    assert re.search(r"Access Key", current_aws.login().stderr)  # refused again: keys are back
