"""Each step of the wizard with a fake runner and prompter: no processes, no terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.fakes import FakePrompter, FakeRunner, make_env, make_ui

from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.wizard import Options, Wizard

V_OK = "aws-cli/2.34.50 Python/3.13.7 Linux/6.1.0 exe/x86_64.debian.12"
ID_JSON = json.dumps(
    {
        "UserId": "AIDASAMPLEUSERID",
        "Account": "123456789012",
        "Arn": "arn:aws:iam::123456789012:user/DevAdmin",
    }
)
NO_CREDS = 'Unable to locate credentials. You can configure credentials by running "aws configure".'
CONFIRM_DEFAULT = "Ready for me to run `aws login`?"
NAME_PROMPT = "Profile name (Enter runs it; n cancels):"


def identity_args(*profile: str) -> tuple[str, ...]:
    return ("sts", "get-caller-identity", "--output", "json", *profile)


def standard(runner: FakeRunner, *profile: str, version: str = V_OK) -> None:
    """The pre-confirmation calls, with no credentials anywhere."""
    runner.stub("--version", stdout=version + "\n")
    runner.stub(*identity_args(*profile), returncode=253, stderr=NO_CREDS)
    runner.stub("configure", "list", *profile, stdout="")


def working(runner: FakeRunner, *profile: str) -> None:
    stub = runner.stubs[("/fake/bin/aws", *identity_args(*profile))]
    stub.returncode, stub.stdout, stub.stderr = 0, ID_JSON, ""


def run(
    tmp_path: Path,
    runner: FakeRunner,
    prompter: FakePrompter | None = None,
    *,
    options: Options | None = None,
    tty: bool = True,
    extra: dict[str, str] | None = None,
    aws: bool = True,
    config: str | None = None,
    credentials: str | None = None,
) -> tuple[ExitCode, str]:
    env = make_env(tmp_path, tty=tty, extra=extra, aws=aws)
    if config is not None:
        (env.home / ".aws" / "config").write_text(config)
    if credentials is not None:
        (env.home / ".aws" / "credentials").write_text(credentials)
    ui, buffer = make_ui()
    wizard = Wizard(options or Options(), env, runner, prompter or FakePrompter(), ui)
    code = wizard.run()
    return code, buffer.getvalue()


def test_no_credentials_login_verified(tmp_path: Path) -> None:
    runner = FakeRunner()
    standard(runner)
    runner.stubs[("/fake/bin/aws", *identity_args())].then(stdout=ID_JSON)
    runner.stub("login")
    prompter = FakePrompter({CONFIRM_DEFAULT: True})
    code, out = run(tmp_path, runner, prompter)
    assert code == ExitCode.OK
    assert (
        out.splitlines()[0]
        == "The fix is `aws login`: short-term credentials that rotate by themselves."
    )
    assert "refreshed every 15 minutes for up to 12 hours" in out
    assert "2.32.0 or later" in out
    assert "no credentials were found" in out
    assert "Signed in: the default profile is arn:" in out
    assert "arn:aws:iam::123456789012:" in out
    assert prompter.asked == [CONFIRM_DEFAULT]
    assert runner.interactive_calls == [("/fake/bin/aws", "login")]
    assert "aws configure" not in out
    runner.assert_all_used()


def test_checks_run_before_the_question(tmp_path: Path) -> None:
    runner = FakeRunner()
    standard(runner)
    prompter = FakePrompter({CONFIRM_DEFAULT: False})
    code, out = run(tmp_path, runner, prompter)
    assert code == ExitCode.DECLINED
    assert len(runner.calls) == 3  # version, identity, configure list
    assert runner.interactive_calls == []
    # Only after declining is `aws configure` mentioned, with why it is less safe.
    assert "aws configure" in out
    assert "plain text" in out
    assert "never expire" in out


def test_missing_cli_runs_nothing(tmp_path: Path) -> None:
    runner = FakeRunner()
    code, out = run(tmp_path, runner, aws=False)
    assert code == ExitCode.CLI_NOT_FOUND
    assert "getting-started-install.html" in out
    assert runner.calls == []


@pytest.mark.parametrize(
    ("version", "needle"),
    [
        ("aws-cli/1.45.11 Python/3.11.7 Linux/6.18.44 botocore/1.43.11", "version 1.45.11 (v1)"),
        (
            "aws-cli/2.31.9 Python/3.13.7 Linux/6.1.0 exe/x86_64",
            "2.31.9 at /fake/bin/aws has no `aws login` (it came in 2.32.0)",
        ),
        ("aws-cli/2.9.19 Python/3.11.2 Linux/6.1.0 source/x86_64.debian.12 prompt/off", "2.9.19"),
    ],
)
def test_old_cli_is_refused_with_install_guide(tmp_path: Path, version: str, needle: str) -> None:
    runner = FakeRunner()
    standard(runner, version=version)
    code, out = run(tmp_path, runner)
    assert code == ExitCode.CLI_TOO_OLD
    assert needle in out
    assert "getting-started-install.html" in out
    assert runner.interactive_calls == []


def test_exactly_2_32_0_is_enough(tmp_path: Path) -> None:
    runner = FakeRunner()
    standard(runner, version="aws-cli/2.32.0 Python/3.13.7 Linux/6.1.0 exe/x86_64")
    code, out = run(tmp_path, runner, FakePrompter({CONFIRM_DEFAULT: False}))
    assert code == ExitCode.DECLINED
    assert "AWS CLI 2.32.0 at /fake/bin/aws" in out


def test_working_credentials_kept(tmp_path: Path) -> None:
    runner = FakeRunner()
    standard(runner)
    working(runner)
    prompter = FakePrompter({"Keep these credentials, or set up different ones?": "keep"})
    code, out = run(tmp_path, runner, prompter)
    assert code == ExitCode.OK
    assert "arn:aws:iam::123456789012:" in out
    assert "works: arn:aws:iam::123456789012:user/DevAdmin" in out
    assert runner.interactive_calls == []


def test_switching_uses_a_new_named_profile(tmp_path: Path) -> None:
    runner = FakeRunner()
    standard(runner)
    working(runner)
    runner.stub("login", "--profile", "staging")
    runner.stub(*identity_args("--profile", "staging"), stdout=ID_JSON)
    prompter = FakePrompter(
        {
            "Keep these credentials, or set up different ones?": "switch",
            NAME_PROMPT: "staging",  # the one confirmation takes the name
        }
    )
    code, out = run(tmp_path, runner, prompter)
    assert code == ExitCode.OK
    assert ("/fake/bin/aws", "login", "--profile", "staging") in runner.interactive_calls
    assert "export AWS_PROFILE=staging" in out
    validate = prompter.validators[NAME_PROMPT]
    assert validate is not None
    assert validate("my profile") is not None
    assert validate("x;rm -rf") is not None
    assert validate("") is not None
    assert validate("default") is not None
    assert validate("n") is None  # "n" declines


def test_n_at_the_new_profile_prompt_declines(tmp_path: Path) -> None:
    runner = FakeRunner()
    standard(runner)
    working(runner)
    prompter = FakePrompter(
        {"Keep these credentials, or set up different ones?": "switch", NAME_PROMPT: "n"}
    )
    code, _out = run(tmp_path, runner, prompter)
    assert code == ExitCode.DECLINED
    assert runner.interactive_calls == []
    assert prompter.asked == ["Keep these credentials, or set up different ones?", NAME_PROMPT]


def test_akia_keys_explained_and_new_profile_recommended(tmp_path: Path) -> None:
    runner = FakeRunner()
    standard(runner)
    prompter = FakePrompter({NAME_PROMPT: "no"})
    code, out = run(
        tmp_path,
        runner,
        prompter,
        credentials="[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    )
    assert code == ExitCode.DECLINED
    assert "long-term key, AKIA****MPLE" in out
    assert "never expire" in out
    assert "plain text" in out
    assert "will not replace the Access Key credentials" in out
    assert "AKIAIOSFODNN7EXAMPLE" not in out
    assert "wJalrXUtnFEMI" not in out


def test_no_terminal_without_yes_runs_nothing(tmp_path: Path) -> None:
    runner = FakeRunner()
    standard(runner)
    code, out = run(tmp_path, runner, tty=False)
    assert code == ExitCode.USAGE
    assert "no terminal" in out
    assert "--yes" in out
    assert runner.interactive_calls == []


def test_yes_answers_the_confirmation(tmp_path: Path) -> None:
    runner = FakeRunner()
    standard(runner)
    runner.stub(
        "login",
        returncode=255,
        stderr="The pending authorization to retrieve an SSO token has expired. The login flow to retrieve an SSO token must be restarted.",
    )
    code, out = run(
        tmp_path, runner, tty=False, options=Options(yes=True), extra={"AWS_REGION": "us-east-1"}
    )
    assert code == ExitCode.LOGIN_FAILED
    assert "awslogin-helper --remote" in out


def test_permission_error_gives_policy_and_command(tmp_path: Path) -> None:
    runner = FakeRunner()
    standard(runner, "--profile", "dev")
    runner.stub(
        "login",
        "--profile",
        "dev",
        returncode=255,
        stderr="Unable to create or refresh login credentials due to insufficient permissions. "
        "You may be missing permission for the 'signin:CreateOAuth2Token' action.",
    )
    code, out = run(tmp_path, runner, options=Options(profile="dev", yes=True))
    assert code == ExitCode.PERMISSION_DENIED
    flat = " ".join(out.split())
    assert "needs the SignInLocalDevelopmentAccess managed policy to use `aws login`" in flat
    # No identity is known: the template, whole on one line.
    assert (
        "aws iam attach-user-policy --user-name NAME --policy-arn "
        "arn:aws:iam::aws:policy/SignInLocalDevelopmentAccess"
    ) in out


def test_ctrl_c_at_confirmation_propagates(tmp_path: Path) -> None:
    runner = FakeRunner()
    standard(runner)
    prompter = FakePrompter({CONFIRM_DEFAULT: KeyboardInterrupt()})
    with pytest.raises(KeyboardInterrupt):
        run(tmp_path, runner, prompter)
    assert runner.interactive_calls == []


def test_identity_timeout_is_unreachable(tmp_path: Path) -> None:
    runner = FakeRunner()
    standard(runner)
    runner.stubs[("/fake/bin/aws", *identity_args())].timeout = True
    code, out = run(tmp_path, runner)
    assert code == ExitCode.AWS_UNREACHABLE
    assert "did not answer in time" in out


def test_ci_runs_nothing_and_names_the_variable(tmp_path: Path) -> None:
    runner = FakeRunner()
    code, out = run(tmp_path, runner, extra={"GITHUB_ACTIONS": "true"})
    assert code == ExitCode.NOT_FOR_CI
    assert "GITHUB_ACTIONS is set" in out
    assert "configure-aws-credentials" in out
    assert "role-to-assume" in out
    assert runner.calls == []


def test_sso_profile_never_steered_to_aws_login(tmp_path: Path) -> None:
    runner = FakeRunner()
    runner.stub("--version", stdout=V_OK)
    runner.stub(
        *identity_args("--profile", "work"),
        returncode=255,
        stderr="Error when retrieving token from sso: Token has expired and refresh failed",
    ).then(stdout=ID_JSON)
    runner.stub("sso", "login", "--profile", "work")
    prompter = FakePrompter({"Ready for me to run `aws sso login --profile work`?": True})
    code, out = run(
        tmp_path,
        runner,
        prompter,
        options=Options(profile="work"),
        config="[profile work]\nsso_session = corp\nsso_account_id = 123456789012\n"
        "sso_role_name = Dev\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
        "sso_region = us-east-1\n",
    )
    assert code == ExitCode.OK
    assert "aws login" not in out.replace("aws sso login", "")
    assert runner.interactive_calls == [("/fake/bin/aws", "sso", "login", "--profile", "work")]


def test_govcloud_offers_configure_after_warning(tmp_path: Path) -> None:
    runner = FakeRunner()
    runner.stub("--version", stdout=V_OK)
    runner.stub(*identity_args(), returncode=253, stderr=NO_CREDS)
    prompter = FakePrompter({"Ready for me to run `aws configure`?": False})
    code, out = run(tmp_path, runner, prompter, extra={"AWS_REGION": "us-gov-west-1"})
    assert code == ExitCode.DECLINED
    assert "AWS GovCloud (US), where `aws login` is not available" in out
    assert out.index("plain text") < out.index("Ready") if "Ready" in out else True
    assert runner.interactive_calls == []


def test_headless_machine_proposes_remote(tmp_path: Path) -> None:
    runner = FakeRunner()
    standard(runner)
    prompter = FakePrompter({"Ready for me to run `aws login --remote`?": False})
    code, out = run(tmp_path, runner, prompter, extra={"SSH_CONNECTION": "10.0.0.1 22 10.0.0.2 22"})
    assert code == ExitCode.DECLINED
    assert "SSH session (SSH_CONNECTION is set)" in out


def test_env_keys_shadowing_warned_after_verify(tmp_path: Path) -> None:
    runner = FakeRunner()
    standard(runner, "--profile", "dev")
    runner.stub("login", "--profile", "dev")
    runner.stubs[("/fake/bin/aws", *identity_args("--profile", "dev"))].then(stdout=ID_JSON)
    code, out = run(
        tmp_path,
        runner,
        options=Options(profile="dev", yes=True),
        extra={"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "s3cr3t"},
    )
    assert code == ExitCode.OK
    assert "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY" in out
    assert "AKIAIOSFODNN7EXAMPLE" not in out
    assert "s3cr3t" not in out


def test_working_akia_keys_are_explained_before_the_keep_question(tmp_path: Path) -> None:
    runner = FakeRunner()
    standard(runner)
    working(runner)
    runner.stub("login", "--profile", "dev").then()
    runner.stub(*identity_args("--profile", "dev"), stdout=ID_JSON)
    keep_q = "Keep these credentials, or set up different ones?"
    prompter = FakePrompter(
        {
            keep_q: "switch",
            NAME_PROMPT: "dev",
        }
    )
    code, out = run(
        tmp_path,
        runner,
        prompter,
        credentials="[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    )
    assert code == ExitCode.OK
    assert prompter.asked[0] == keep_q
    assert "long-term key, AKIA****MPLE" in out
    assert prompter.asked == [keep_q, NAME_PROMPT]  # two questions, never three
    assert runner.interactive_calls == [("/fake/bin/aws", "login", "--profile", "dev")]
    # The key left behind is named, with where it still is.
    assert "The long-term key ****MPLE of the default profile is still in" in " ".join(out.split())
    assert "AKIAIOSFODNN7EXAMPLE" not in out


def test_every_step_has_a_handler(tmp_path: Path) -> None:
    from awslogin_helper.machine import Step

    ui, _buffer = make_ui()
    wizard = Wizard(Options(), make_env(tmp_path), FakeRunner(), FakePrompter(), ui)
    assert set(wizard.handlers()) == set(Step)


@pytest.mark.parametrize(
    ("extra", "options", "profile"),
    [
        ({}, Options(), "default"),
        ({"AWS_PROFILE": "b"}, Options(), "b"),
        ({"AWS_DEFAULT_PROFILE": "a", "AWS_PROFILE": "b"}, Options(), "a"),
        ({"AWS_DEFAULT_PROFILE": "a"}, Options(profile="c"), "c"),
    ],
)
def test_target_profile_follows_the_cli_order(
    tmp_path: Path, extra: dict[str, str], options: Options, profile: str
) -> None:
    ui, _buffer = make_ui()
    wizard = Wizard(options, make_env(tmp_path, extra=extra), FakeRunner(), FakePrompter(), ui)
    assert wizard.profile == profile
