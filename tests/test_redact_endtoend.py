"""End to end: a failing credential_process's own output (it may echo its command line and
the secrets on it) never reaches `status`, `status --json` or the wizard; a fixed sentence
says the command failed instead."""

from __future__ import annotations

import json
import sys

import pytest

from awslogin_helper.redact import CREDENTIAL_PROCESS_FAILED
from fakeaws import FakeAws, run_helper

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX PATH handling")

# What the real AWS CLI 2.36.7 prints when a credential_process exits non-zero: botocore's
# prefix, then the process's own stderr, here an echo of its command line with a secret
# (AWS documentation example key) and a password, on several lines.
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
PASSWORD = "FAKEprocPASSWORDwz9"
PROCESS_STDERR = (
    "\naws: [ERROR]: Error when retrieving credentials from custom-process: "
    f"get-creds: bad answer from vault for get-creds --secret-key {SECRET}\n"
    f"usage: get-creds --password {PASSWORD} --profile proc\n"
    f"retrying with {PASSWORD}\n"
)
DISTINCT = [SECRET, PASSWORD, SECRET[:12], SECRET[-12:], PASSWORD[:12], "get-creds", "vault"]

CONFIG = """\
[profile proc]
region = eu-west-1
credential_process = /usr/local/bin/get-creds --password FAKEprocPASSWORDwz9
"""


@pytest.fixture
def proc_profile(fake_aws: FakeAws) -> FakeAws:
    fake_aws.write_config(CONFIG)
    fake_aws.scenario(identity={"proc": {"stderr": PROCESS_STDERR, "exit": 255}})
    return fake_aws


def _run(fake: FakeAws, *args: str) -> tuple[int, str]:
    proc = run_helper(fake, *args, env_overrides={"PATH": str(fake.bin_dir), "SHELL": "/bin/bash"})
    text = proc.stdout + proc.stderr
    assert "Traceback" not in text, text
    for piece in DISTINCT:
        assert piece not in text, f"{piece[:6]}... reached the output"
    return proc.returncode, text


def test_status_says_only_that_the_process_failed(proc_profile: FakeAws) -> None:
    code, text = _run(proc_profile, "status", "--profile", "proc")
    assert code == 1, text
    assert "credential_process command failed" in " ".join(text.split())
    # The whole sentence (why no error line is shown) is in the full report.
    code, text = _run(proc_profile, "status", "--verbose", "--profile", "proc")
    assert code == 1, text
    assert "its output is not shown" in " ".join(text.split())


def test_status_json_says_only_that_the_process_failed(proc_profile: FakeAws) -> None:
    code, text = _run(proc_profile, "status", "--json", "--profile", "proc")
    assert code == 1, text
    document = json.loads(text)
    profiles = document["profiles"]
    (entry,) = [p for p in profiles if p["name"] == "proc"]
    assert entry["works"] is False
    assert CREDENTIAL_PROCESS_FAILED in entry["problem"]


def test_wizard_says_only_that_the_process_failed(fake_aws: FakeAws) -> None:
    # The sign-in succeeds, but the check after it fails in the process (the fake answers
    # with the process's echo): the wizard's "The AWS CLI said: <last line>" must not show it.
    fake_aws.write_config("[profile fresh]\nregion = eu-west-1\n")
    fake_aws.scenario(
        login="success",
        identity_after_login={"fresh": {"stderr": PROCESS_STDERR, "exit": 255}},
    )
    code, text = _run(fake_aws, "--profile", "fresh", "--yes")
    flat = " ".join(text.split())
    assert code != 0, text
    assert "still does not work" in flat, text
    assert f"The profile's {CREDENTIAL_PROCESS_FAILED}." in flat, text
    assert "The AWS CLI said" not in flat


def test_wizard_still_shows_other_errors_redacted(fake_aws: FakeAws) -> None:
    # Not a credential_process: the last line is shown, taken from the redacted whole text.
    stderr = (
        "\naws: [ERROR]: -----BEGIN RSA PRIVATE KEY-----\nMIIEFAKEpemBODYline1\n"
        "AwEHoFAKEpemBODYline2\n"
    )
    fake_aws.write_config("[profile fresh]\nregion = eu-west-1\n")
    fake_aws.scenario(
        login="success",
        identity_after_login={"fresh": {"stderr": stderr, "exit": 255}},
    )
    code, text = _run(fake_aws, "--profile", "fresh", "--yes")
    assert code != 0, text
    assert "FAKEpem" not in text
    assert "The AWS CLI said: aws: [ERROR]: [redacted]" in " ".join(text.split()), text


def test_status_redacts_the_whole_error_before_taking_its_last_line(fake_aws: FakeAws) -> None:
    # A PEM block whose END line is missing: the last line alone looks like nothing secret.
    fake_aws.write_config("[profile pem]\nregion = eu-west-1\naws_access_key_id = AKIAFAKE\n")
    stderr = "\naws: [ERROR]: -----BEGIN EC PRIVATE KEY-----\nMHcFAKEpemBODY1\nAwEHFAKEpemBODY2\n"
    fake_aws.scenario(identity={"pem": {"stderr": stderr, "exit": 255}})
    # The AWS CLI's own error line is shown in the full report (--verbose) and the JSON.
    for args in (["status", "-v", "--profile", "pem"], ["status", "--json", "--profile", "pem"]):
        _, text = _run(fake_aws, *args)
        assert "FAKEpem" not in text
        assert "[redacted]" in text
