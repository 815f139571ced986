"""Tier moto: a real AWS endpoint on loopback (moto's server), reached by the real AWS CLI v1.

The v1 CLI honours AWS_ENDPOINT_URL (botocore >= 1.31), so no wrapper is needed. Nothing
leaves the machine: the proxy variables point at a closed local port (only loopback bypasses
it) and the tests check that moto itself saw the requests.

The wizard refuses v1 at its version check, so the identity, verify and key-type steps run
in process: a real `Wizard` with a real `SubprocessRunner` and `Environment`, driven by the
state machine from CHECK_IDENTITY or VERIFY, and what its UI printed is checked.
"""

from __future__ import annotations

import pytest

from awslogin_helper.checks import steps as checks_module
from awslogin_helper.checks.classify import IdentityProblem, classify_identity_error, parse_identity
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.machine import Step, drive
from awslogin_helper.wizard import Event

from .conftest import (
    AKIA,
    CONFIG,
    MotoServer,
    RealAws,
    ScriptedPrompter,
    SilentEndpoint,
    closed_port,
    make_wizard,
    says,
)

pytestmark = pytest.mark.moto

MOTO_ACCOUNT = "123456789012"


def sts_calls(server: MotoServer) -> list[dict[str, str]]:
    return [r for r in server.requests if "Action=GetCallerIdentity" in r["body"]]


def test_network_guard_blocks_any_real_aws_endpoint(real_v1: RealAws) -> None:
    """Without AWS_ENDPOINT_URL the CLI would go to AWS: the guard makes that fail loudly."""
    real_v1.write_files()
    result = real_v1.run("sts", "get-caller-identity", "--output", "json")
    assert result.returncode != 0
    assert "proxy" in result.stderr.lower(), result.stderr


def test_cli_reaches_moto_through_aws_endpoint_url(
    real_v1: RealAws, moto_server: MotoServer
) -> None:
    real_v1.write_files()
    result = real_v1.run(
        "sts", "get-caller-identity", "--output", "json",
        env=real_v1.env(AWS_ENDPOINT_URL=moto_server.url),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    identity = parse_identity(result.stdout)
    assert identity is not None
    assert identity.account == MOTO_ACCOUNT
    (call,) = sts_calls(moto_server)
    assert f"Credential={AKIA}/" in call["authorization"]
    assert call["host"] == moto_server.url.removeprefix("http://")


def test_working_static_keys_identity_and_key_type(
    real_v1: RealAws, moto_server: MotoServer
) -> None:
    real_v1.write_files()
    env = real_v1.env(AWS_ENDPOINT_URL=moto_server.url)
    run = make_wizard(real_v1, env, can_prompt=True, prompter=ScriptedPrompter(select="keep"))
    step, code = drive(run.wizard.handlers(), start=Step.CHECK_IDENTITY)
    screen = run.screen()
    # The key-type check comes before the keep question (or after it, in older flows).
    assert code is ExitCode.OK, screen
    assert step is Step.KEPT
    assert "The default profile works: arn:" in screen
    assert f"arn:aws:sts::{MOTO_ACCOUNT}:" in screen
    assert run.prompter.asked == ["Keep these credentials, or set up different ones?"]
    assert len(sts_calls(moto_server)) >= 1
    # The key type (the files, and the real `configure list`) is found as long-term.
    keys = make_wizard(real_v1, env)
    keys.wizard.check_keys()
    says(
        keys.screen(),
        "The default profile holds a long-term key",
        "AKIA",
        f"****{AKIA[-4:]}",
        "credentials file",
    )
    assert "wJalr" not in run.out.getvalue() + keys.out.getvalue()


def test_verify_shows_the_identity(real_v1: RealAws, moto_server: MotoServer) -> None:
    real_v1.write_files()
    env = real_v1.env(AWS_ENDPOINT_URL=moto_server.url)
    run = make_wizard(real_v1, env)
    step, code = drive(run.wizard.handlers(), start=Step.VERIFY)
    assert (step, code) == (Step.SUCCESS, ExitCode.OK), run.screen()
    assert "Signed in: the default profile is arn:" in run.screen()
    assert f"::{MOTO_ACCOUNT}:" in run.screen()
    assert run.wizard.identity is not None
    assert run.wizard.identity.account == MOTO_ACCOUNT
    assert len(sts_calls(moto_server)) == 1


def test_no_credentials_is_classified_and_nothing_is_sent(
    real_v1: RealAws, moto_server: MotoServer
) -> None:
    real_v1.write_files(config=CONFIG, credentials=None)
    env = real_v1.env(AWS_ENDPOINT_URL=moto_server.url)
    raw = real_v1.run("sts", "get-caller-identity", "--output", "json", env=env)
    assert raw.returncode == 255
    assert classify_identity_error(raw.stderr) is IdentityProblem.NO_CREDENTIALS, raw.stderr

    run = make_wizard(real_v1, env, can_prompt=True, prompter=ScriptedPrompter(confirm=False))
    step, code = drive(run.wizard.handlers(), start=Step.CHECK_IDENTITY)
    screen = run.screen()
    assert (step, code) == (Step.DECLINED, ExitCode.DECLINED), screen
    assert "The default profile does not work: no credentials were found." in (screen)
    # The key-type step does not repeat what the identity check already said.
    assert "holds no credentials yet" not in screen
    assert run.prompter.asked == ["Ready for me to run `aws login`?"]
    assert sts_calls(moto_server) == []


def test_verify_without_credentials_fails_clearly(
    real_v1: RealAws, moto_server: MotoServer
) -> None:
    real_v1.write_files(config=CONFIG, credentials=None)
    run = make_wizard(real_v1, real_v1.env(AWS_ENDPOINT_URL=moto_server.url))
    step, code = drive(run.wizard.handlers(), start=Step.VERIFY)
    assert (step, code) == (Step.VERIFY_FAILED, ExitCode.VERIFY_FAILED)
    assert "still does not work: no credentials were found." in run.screen()


def test_endpoint_that_never_answers_is_bounded(
    real_v1: RealAws, silent_endpoint: SilentEndpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    """v1 has no config/env setting for its 60 s read timeout, so the helper's own bound
    (IDENTITY_TIMEOUT, 30 s in the product) is what stops it; shortened here to stay fast."""
    monkeypatch.setattr(checks_module, "IDENTITY_TIMEOUT", 2.0)
    real_v1.write_files()
    run = make_wizard(real_v1, real_v1.env(AWS_ENDPOINT_URL=silent_endpoint.url))
    step, code = drive(run.wizard.handlers(), start=Step.CHECK_IDENTITY)
    screen = run.screen()
    assert (step, code) == (Step.AWS_UNREACHABLE, ExitCode.AWS_UNREACHABLE), screen
    assert (
        "AWS did not answer in time (`aws sts get-caller-identity --output json` gave up "
        "after 2 s)." in screen
    )
    assert "HTTPS_PROXY" in screen
    assert silent_endpoint.accepted, "the CLI never connected to the silent endpoint"


def test_endpoint_that_refuses_is_a_network_problem(real_v1: RealAws) -> None:
    real_v1.write_files()
    env = real_v1.env(AWS_ENDPOINT_URL=f"http://127.0.0.1:{closed_port()}")
    raw = real_v1.run("sts", "get-caller-identity", "--output", "json", env=env, timeout=30)
    assert raw.returncode == 255
    assert classify_identity_error(raw.stderr) is IdentityProblem.NETWORK, raw.stderr
    run = make_wizard(real_v1, env)
    assert run.wizard.check_identity() is Event.FAILED
    assert "does not work: AWS could not be reached (network problem)." in run.screen()
