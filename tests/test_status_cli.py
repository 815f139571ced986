"""`awslogin-helper status` end to end: the installed command against the fake `aws` on PATH."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from fakeaws import FakeAws, run_helper

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX shells and file modes")

LOGIN_ARN = "arn:aws:iam::123456789012:user/DevAdmin"
EXPIRED_LOGIN_ARN = "arn:aws:iam::123456789012:user/Gone"
SSO_START = "https://example.awsapps.com/start"
SSO_EXPIRED = "Error when retrieving token from sso: Token has expired and refresh failed"
V1 = "aws-cli/1.45.11 Python/3.11.7 Linux/6.18.44 botocore/1.43.11"

# Every secret this test writes itself; none may appear in any output.
FAKE_SECRETS = [
    "FAKEloginSECRETaccessKEY0000000000000000",
    "FAKEloginSESSIONtoken1111111111111111",
    "FAKErefreshTOKEN2222222222222222",
    "FAKEdpopPRIVATEkey3333333333",
    "FAKEssoACCESStoken4444444444444444",
    "FAKEsecretKEYlongTERM555555555555555555555",
    "FAKEsecretKEYtemp66666666666666666666666",
    "FAKEsessionTOKENtemp7777777777777777",
    "FAKEprocPASSWORD8888",
    "AKIAFAKELONGTERM1234",
    "ASIAFAKETEMPORARY567",
    "ASIAFAKELOGINKEY0009",
]

CONFIG = f"""\
[default]
region = eu-west-1
login_session = {LOGIN_ARN}

[profile login-gone]
region = eu-west-1
login_session = {EXPIRED_LOGIN_ARN}

[profile sso-dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Developer
region = us-east-1

[profile sso-legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = 222222222222
sso_role_name = ReadOnly
region = us-east-1

[sso-session corp]
sso_start_url = {SSO_START}
sso_region = us-east-1

[profile deploy]
role_arn = arn:aws:iam::444444444444:role/Deploy
source_profile = default

[profile deploy-gone]
role_arn = arn:aws:iam::444444444444:role/Deploy
source_profile = login-gone

[profile proc]
credential_process = /usr/local/bin/get-creds --password FAKEprocPASSWORD8888

[profile web]
web_identity_token_file = /var/run/token
role_arn = arn:aws:iam::555555555555:role/Web

[profile empty]
region = us-west-2

[profile china]
region = cn-north-1
"""

CREDENTIALS = """\
[keys]
aws_access_key_id = AKIAFAKELONGTERM1234
aws_secret_access_key = FAKEsecretKEYlongTERM555555555555555555555

[temp]
aws_access_key_id = ASIAFAKETEMPORARY567
aws_secret_access_key = FAKEsecretKEYtemp66666666666666666666666
aws_session_token = FAKEsessionTOKENtemp7777777777777777
"""

NAMES = [
    "default",
    "login-gone",
    "sso-dev",
    "sso-legacy",
    "deploy",
    "deploy-gone",
    "proc",
    "web",
    "empty",
    "china",
    "keys",
    "temp",
]


def stamp(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_login_cache(fake: FakeAws, session: str, expires_in: timedelta) -> Path:
    fake.login_cache_dir.mkdir(parents=True, exist_ok=True)
    path = fake.login_cache_dir / (hashlib.sha256(session.encode()).hexdigest() + ".json")
    document = {
        "accessToken": {
            "accessKeyId": "ASIAFAKELOGINKEY0009",
            "secretAccessKey": FAKE_SECRETS[0],
            "sessionToken": FAKE_SECRETS[1],
            "accountId": "123456789012",
            "expiresAt": stamp(expires_in),
        },
        "tokenType": "aws_sigv4",
        "clientId": "arn:aws:signin:::devtools/same-device",
        "refreshToken": FAKE_SECRETS[2],
        "idToken": "eyFAKE.eyFAKE.FAKE",
        "dpopKey": f"-----BEGIN EC PRIVATE KEY-----\n{FAKE_SECRETS[3]}\n-----END EC PRIVATE KEY-----\n",
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    path.chmod(0o600)
    return path


def write_sso_cache(fake: FakeAws, key: str, start_url: str, expires_in: timedelta) -> Path:
    fake.sso_cache_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()
    path = fake.sso_cache_dir / f"{digest}.json"
    document = {
        "startUrl": start_url,
        "region": "us-east-1",
        "accessToken": FAKE_SECRETS[4],
        "expiresAt": stamp(expires_in),
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.fixture
def mixed(fake_aws: FakeAws) -> FakeAws:
    """A dozen profiles of every kind, some working, some not."""
    fake_aws.write_config(CONFIG)
    fake_aws.write_credentials(CREDENTIALS)
    write_login_cache(fake_aws, LOGIN_ARN, timedelta(minutes=12))
    write_sso_cache(fake_aws, "corp", SSO_START, timedelta(hours=3))
    write_sso_cache(fake_aws, "https://legacy.awsapps.com/start", "x", timedelta(hours=-2))
    fake_aws.scenario(
        require_login_cache=True,
        sso_token="valid",
        identity={
            "sso-legacy": {"stderr": SSO_EXPIRED, "exit": 255},
            "temp": {
                "stderr": "An error occurred (ExpiredToken) when calling the GetCallerIdentity "
                "operation: The security token included in the request is expired",
                "exit": 254,
            },
            "deploy-gone": {
                "stderr": "Your session has expired. Please reauthenticate using 'aws login'.",
                "exit": 255,
            },
            "proc": {
                "stderr": "Error when retrieving credentials from custom-process: exit 1",
                "exit": 255,
            },
        },
    )
    return fake_aws


def only_fake_on_path(fake: FakeAws, *before: Path) -> str:
    """PATH with the fake alone (the test machine may have real `aws` executables)."""
    return os.pathsep.join([*(str(p) for p in before), str(fake.bin_dir)])


# Every profile asked AWS who it is (the layout tests show identities and verdicts of all).
ALL = ("--check", "all")


def status(fake: FakeAws, *args: str, **env: str | None) -> Any:
    env.setdefault("PATH", only_fake_on_path(fake))
    env.setdefault("SHELL", "/bin/bash")
    return run_helper(fake, "status", *args, env_overrides=env)


def assert_no_secrets(fake: FakeAws, *texts: str) -> None:
    combined = "\n".join(texts)
    for secret in [*FAKE_SECRETS, *fake.secrets_written()]:
        assert secret not in combined, f"secret {secret[:6]}... leaked"


def fixes_of(fake: FakeAws, **env: str | None) -> list[str]:
    """Every command the report gives (profile fixes and the warnings' lines), from --json."""
    data = json.loads(status(fake, *ALL, "--json", **env).stdout)
    commands = [p[key] for p in data["profiles"] for key in ("fix", "advice_command") if p[key]]
    return commands + [line for w in data["warnings"] for line in w["fix"]]


def _value_alone(line: str) -> bool:
    """A URL or a file path on a line of its own (never split, so it may pass the width)."""
    return " " not in line and line.lstrip("([\"'").startswith(("http", "/", "~"))


def assert_fits(text: str, width: int, commands: list[str]) -> None:
    """No line wider than `width` terminal cells, but a command, URL or path alone, unindented.

    And a command is never split: each one the report gives is whole on one line.
    """
    from awslogin_helper.words import cells

    lines = text.splitlines()
    for line in lines:
        if cells(line) > width:
            alone = line in commands or _value_alone(line)
            assert alone and not line.startswith(" "), f"{cells(line)} cells: {line!r}"
    for command in commands:
        assert any(command in line for line in lines), f"split or missing: {command}"
    assert "\x1b[" not in text  # NO_COLOR: meaning never by colour


def block(stdout: str, name: str) -> list[str]:
    """The lines of one profile in the human output (up to the next mark line or a blank)."""
    match = re.search(rf"^. {re.escape(name)}: .*?(?=^[✓!X•] |^$|\Z)", stdout, re.M | re.S)
    assert match, f"no block for {name}:\n{stdout}"
    return match.group(0).rstrip("\n").split("\n")


def flat(lines: list[str] | str) -> str:
    """The words of some lines, with the terminal's line breaks taken out."""
    text = lines if isinstance(lines, str) else "\n".join(lines)
    return " ".join(text.split())


def bare(text: str) -> str:
    """`text` without any white space (a folded path is whole again)."""
    return "".join(text.split())


# --------------------------------------------------------------------------- human output


def test_dozen_mixed_profiles(mixed: FakeAws) -> None:
    """Two or three lines a profile: state and kind, who or what is wrong, when, the fix."""
    proc = status(mixed, *ALL, COLUMNS="80")
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout
    assert proc.stderr == ""
    blocks = {name: block(out, name) for name in NAMES}
    # gh-like tightness: nothing in this dozen takes more than three lines at 80 columns.
    assert {name: len(lines) for name, lines in blocks.items() if len(lines) > 3} == {}
    assert len(out.splitlines()) <= 3 + 3 * len(NAMES) + 2

    login = blocks["default"]
    assert login[0] == "✓ default: works · aws login session"
    assert login[1].startswith(f"  {LOGIN_ARN} · session ends in 1")
    assert login[1].endswith(" h at the latest")

    assert blocks["login-gone"] == [
        "X login-gone: does not work · aws login session",
        "  no `aws login` session is cached for this profile",
        "    awslogin-helper --profile login-gone",
    ]
    sso = blocks["sso-dev"]
    assert sso[0] == "✓ sso-dev: works · IAM Identity Center (SSO)"
    assert "SSO token expires in 2 h" in flat(sso) or "SSO token expires in 3 h" in flat(sso)
    assert "arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Developer" in sso[1]
    legacy = flat(blocks["sso-legacy"])
    assert "the IAM Identity Center (SSO) session has expired" in legacy
    assert blocks["sso-legacy"][-1] == "    aws sso login --profile sso-legacy"

    # The source's cause in a few words, and the source's fix.
    assert blocks["deploy-gone"][1:] == [
        "  its source profile login-gone does not work",
        "    awslogin-helper --profile login-gone",
    ]
    assert blocks["deploy"][0] == "✓ deploy: works · assume role"
    assert "credential_process command failed" in flat(blocks["proc"])
    assert blocks["web"][0] == "✓ web: works · web identity token"
    assert blocks["empty"][-1].endswith("awslogin-helper --profile empty")
    assert blocks["china"][-1].endswith("aws configure --profile china")

    keys = blocks["keys"]
    assert keys[0] == "! keys: works, with a warning · long-term access keys (key ****1234)"
    assert "long-term keys never expire" in flat(keys)
    assert keys[-1].endswith("awslogin-helper --profile keys-login")

    temp = flat(blocks["temp"])
    assert "temporary access keys (key ****Y567)" in temp  # only the last four
    assert "the temporary keys have expired; replace them" in temp

    # SSO profiles are never told to use aws login.
    for name in ("sso-dev", "sso-legacy"):
        assert "awslogin-helper" not in flat(blocks[name])
    # Problems first: every failing block comes before the first working one.
    assert out.index("X login-gone") < out.index("✓ default")
    assert out.splitlines()[-1] == (
        "X 7 of 12 profiles need attention: run the commands shown above."
    )
    # The details are for --verbose.
    for detail in ("partition", "SSO URL", "estimate:", str(mixed.config_file), "Fix "):
        assert detail not in out, detail
    assert_no_secrets(mixed, proc.stdout, proc.stderr)
    assert_fits(out, 80, fixes_of(mixed))


def test_verbose_shows_every_detail(mixed: FakeAws) -> None:
    proc = status(mixed, *ALL, "--verbose", COLUMNS="80")
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout
    login = flat(block(out, "default"))
    assert login.startswith("✓ default: works")
    # A path longer than the line is folded: compared without the terminal's breaks.
    assert bare(f"File {mixed.config_file}, line 1") in bare(login)
    assert f"Identity {LOGIN_ARN}" in login
    assert "Expires credentials" in login
    assert "in 11 min" in login or "in 12 min" in login
    assert "at the latest" in login
    assert "estimate: 12 h after the login cache file was last written" in login
    assert "Region eu-west-1 (from the profile), partition aws" in login

    assert "  Fix       awslogin-helper --profile login-gone" in block(out, "login-gone")
    sso = flat(block(out, "sso-dev"))
    assert "SSO URL https://example.awsapps.com/start" in sso
    assert "Session sso-session corp" in sso
    assert "SSO token expires" in sso
    legacy = block(out, "sso-legacy")
    assert "SSO token expired" in flat(legacy)
    assert "  Fix       aws sso login --profile sso-legacy" in legacy
    assert "  Source    profile default" in block(out, "deploy")
    deploy_gone = flat(block(out, "deploy-gone"))
    assert "its source profile login-gone does not work: no `aws login` session" in deploy_gone
    keys = flat(block(out, "keys"))
    assert bare(f"File {mixed.credentials_file}, line 1") in bare(keys)
    assert "long-term keys never expire and sit on disk in plain text" in keys
    # The full report keeps the headings, every `aws` and where the profiles come from.
    assert "AWS CLI on PATH (the first one is what `aws` runs)" in out
    assert bare(f"from {mixed.config_file} and") in bare(out)
    assert out.splitlines()[-1] == "X 7 of 12 profiles need attention: see Fix above."
    # --verbose also shows each AWS CLI call (on stderr, apart from the report).
    assert "[verbose] $ aws sts get-caller-identity --output json --profile keys" in proc.stderr
    assert_no_secrets(mixed, proc.stdout, proc.stderr)
    assert_fits(out, 80, fixes_of(mixed))


def test_every_profile_checked_once_with_the_documented_call(mixed: FakeAws) -> None:
    status(mixed, *ALL)
    calls = mixed.calls()
    identity = sorted(
        c[-1] for c in calls if c[:4] == ["sts", "get-caller-identity", "--output", "json"]
    )
    assert identity == sorted(NAMES)
    assert ["--version"] in calls


@pytest.mark.parametrize("columns", [80, 60])
@pytest.mark.parametrize("verbose", [(), ("--verbose",)], ids=["default", "verbose"])
def test_fits_the_terminal_and_never_splits_a_command(
    mixed: FakeAws, columns: int, verbose: tuple[str, ...]
) -> None:
    env = {"COLUMNS": str(columns), "NO_COLOR": "1", "TERM": "xterm-256color", **ENV_KEYS}
    proc = status(mixed, *ALL, *verbose, **env)
    assert proc.returncode == 1, proc.stderr
    assert_fits(proc.stdout, columns, fixes_of(mixed, **ENV_KEYS))


def test_a_command_too_long_for_the_line_stands_alone_unindented(mixed: FakeAws) -> None:
    # An administrator's fix is longer than 60 columns: whole, alone, at the margin.
    mixed.scenario(
        identity={"default": {"stderr": "missing permission for the "
                              "'signin:CreateOAuth2Token' action", "exit": 255}}
    )  # fmt: skip
    proc = status(mixed, "--profile", "default", COLUMNS="60")
    lines = block(proc.stdout, "default")
    fix = json.loads(status(mixed, "--profile", "default", "--json").stdout)["profiles"][0]["fix"]
    assert fix.startswith("aws iam attach-user-policy ") and len(fix) > 60
    assert lines == [
        "X default: does not work · aws login session",
        f"  the identity lacks the {'SignInLocalDevelopmentAccess'} policy",
        fix,
    ]
    assert_fits(proc.stdout, 60, [fix])


def test_single_working_profile_exits_zero(mixed: FakeAws) -> None:
    proc = status(mixed, "--profile", "default")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "✓ default: works" in proc.stdout
    assert "login-gone" not in proc.stdout
    assert proc.stdout.rstrip().endswith("The profile works.")


def test_single_failing_sso_profile(mixed: FakeAws) -> None:
    proc = status(mixed, "--profile", "sso-legacy")
    assert proc.returncode == 1
    assert "aws sso login --profile sso-legacy" in proc.stdout


def test_missing_profile(mixed: FakeAws) -> None:
    proc = status(mixed, "--profile", "ghost")
    assert proc.returncode == 1
    assert "ghost: does not exist" in proc.stdout
    assert "awslogin-helper --profile ghost" in proc.stdout
    assert not [c for c in mixed.calls() if "ghost" in c]


def test_invalid_profile_name_is_a_usage_error(mixed: FakeAws) -> None:
    proc = status(mixed, "--profile", "bad name")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


# --------------------------------------------------------------------------- shadowing


def test_env_keys_shadow_the_default_profile(mixed: FakeAws) -> None:
    proc = status(
        mixed,
        "--profile",
        "default",
        AWS_ACCESS_KEY_ID="AKIAFAKEENVKEY000042",
        AWS_SECRET_ACCESS_KEY="FAKEenvSECRET99999999999999999999999999",
    )
    out = flat(proc.stdout)
    assert (
        "Without --profile, `aws` uses environment variables AWS_ACCESS_KEY_ID, "
        "AWS_SECRET_ACCESS_KEY (key ****0042), which win over profile default"
    ) in out
    assert "works as arn:aws:iam::111122223333:user/EnvUser" not in out  # not checked
    lines = [line.strip() for line in proc.stdout.splitlines()]
    assert "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY" in lines
    assert "AKIAFAKEENVKEY" not in out + proc.stderr
    assert "FAKEenvSECRET" not in out + proc.stderr
    # The explicit --profile is still checked with the profile's own credentials.
    assert proc.returncode == 0


def test_env_keys_json(mixed: FakeAws) -> None:
    proc = status(
        mixed,
        "--json",
        AWS_ACCESS_KEY_ID="AKIAFAKEENVKEY000042",
        AWS_SECRET_ACCESS_KEY="FAKEenvSECRET99999999999999999999999999",
        AWS_PROFILE="deploy",
        SHELL="/usr/bin/fish",
    )
    data = json.loads(proc.stdout)
    active = data["active"]
    assert active["source"] == "env"
    assert active["profile"] == "deploy"
    assert active["shadowed_by_env"] is True
    assert active["env_vars"] == ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]
    assert active["works"] is True
    assert active["arn"] == "arn:aws:iam::111122223333:user/EnvUser"
    (warning,) = [w for w in data["warnings"] if w["code"] == "env-shadows-profile"]
    assert warning["shell"] == "fish"
    assert warning["fix"] == ["set -e AWS_ACCESS_KEY_ID", "set -e AWS_SECRET_ACCESS_KEY"]
    # A bare call checked the environment's own credentials.
    assert ["sts", "get-caller-identity", "--output", "json"] in mixed.calls()


ENV_KEYS = {
    "AWS_ACCESS_KEY_ID": "AKIAFAKEENVKEY000042",
    "AWS_SECRET_ACCESS_KEY": "FAKEenvSECRET99999999999999999999999999",
}
GENERATED_AT = re.compile(r'^  "generated_at": "[^"]*",$', re.M)
# The fake names assumed-role sessions like botocore does, after the clock.
SESSION_NAME = re.compile(r"botocore-session-\d+")


def same_run(stdout: str) -> str:
    """The report without what differs between two runs: its moment and session names."""
    return SESSION_NAME.sub("botocore-session-N", GENERATED_AT.sub("", stdout))


@pytest.mark.parametrize(
    ("lead", "lang"),
    [((), "zh_CN.UTF-8"), (("--lang", "zh-CN"), "C.UTF-8")],
    ids=["LANG=zh_CN.UTF-8", "--lang zh-CN"],
)
def test_json_is_english_in_every_language(
    mixed: FakeAws, lead: tuple[str, ...], lang: str
) -> None:
    """`status --json` is byte for byte the English one (docs/status.md), whatever the language."""
    env = {"PATH": only_fake_on_path(mixed), "SHELL": "/bin/bash", **ENV_KEYS}
    english = run_helper(mixed, "status", "--json", env_overrides={**env, "LANG": "C.UTF-8"})
    chinese = run_helper(mixed, *lead, "status", "--json", env_overrides={**env, "LANG": lang})
    assert chinese.returncode == english.returncode == 1
    assert GENERATED_AT.search(english.stdout), english.stdout[:300]
    # Only the moment of the report differs between two runs.
    assert same_run(chinese.stdout) == same_run(english.stdout)
    data = json.loads(chinese.stdout)
    assert any(p["problem"] for p in data["profiles"]) and data["warnings"]
    assert not re.search(r"[\u4e00-\u9fff]", chinese.stdout)


def test_human_report_follows_the_language(mixed: FakeAws) -> None:
    """The same report on screen is Chinese under LANG=zh_CN (labels, headings, verdicts)."""
    for verbose, words in (
        ((), ("sso-legacy: does not work", "Warnings", "need attention", "with a warning")),
        (("--verbose",), ("  Problem   ", "  Fix       ", "  Kind      ", "Without --profile")),
    ):
        english = status(mixed, *ALL, *verbose, LANG="C.UTF-8", **ENV_KEYS)
        chinese = status(mixed, *ALL, *verbose, LANG="zh_CN.UTF-8", **ENV_KEYS)
        assert chinese.returncode == english.returncode == 1
        assert re.search(r"[\u4e00-\u9fff]", chinese.stdout)
        for word in words:
            assert word in english.stdout, word
            assert word not in chinese.stdout, word
        # Commands are values: the same on both screens.
        lines = chinese.stdout.splitlines()
        assert any(line.endswith(" aws sso login --profile sso-legacy") for line in lines)
        assert_no_secrets(mixed, chinese.stdout, chinese.stderr)


@pytest.mark.parametrize("columns", ["80", "60"])
def test_chinese_report_fits_the_terminal_in_cells(mixed: FakeAws, columns: str) -> None:
    """A Chinese character takes two cells: lines are measured in cells, not characters."""
    from awslogin_helper.words import cells

    for verbose in ((), ("--verbose",)):
        proc = status(mixed, *ALL, *verbose, LANG="zh_CN.UTF-8", COLUMNS=columns, **ENV_KEYS)
        long = [
            line
            for line in proc.stdout.splitlines()
            if cells(line) > int(columns) and not _value_alone(line)
        ]
        # Nothing passes the width but a path alone: the longest command fits a line.
        assert not long, "\n".join(long)
        assert_fits(proc.stdout, int(columns), fixes_of(mixed, **ENV_KEYS))


def test_aws_profile_selects_what_bare_aws_uses(mixed: FakeAws) -> None:
    proc = status(mixed, "--json", AWS_PROFILE="sso-legacy")
    active = json.loads(proc.stdout)["active"]
    assert (active["source"], active["profile"], active["works"]) == (
        "AWS_PROFILE",
        "sso-legacy",
        False,
    )
    assert active["shadowed_by_env"] is False


def test_aws_profile_naming_a_missing_profile(mixed: FakeAws) -> None:
    proc = status(mixed, AWS_PROFILE="ghost")
    assert "AWS_PROFILE=ghost names a profile that is in neither file" in proc.stdout
    assert "unset AWS_PROFILE" in proc.stdout
    assert proc.returncode == 1


# --------------------------------------------------------------------------- which aws


def add_old_aws(fake: FakeAws, version: str, **scenario_keys: Any) -> Path:
    """Another `aws` directory whose executable reports `version` (the fake, another scenario)."""
    old_dir = fake.root / "old-bin"
    old_dir.mkdir()
    scenario = fake.root / "old-scenario.json"
    scenario.write_text(json.dumps({"version": version, **scenario_keys}), encoding="utf-8")
    exe = old_dir / "aws"
    exe.write_text(
        f'#!/bin/sh\nFAKE_AWS_SCENARIO="{scenario}" exec "{fake.bin_dir / "aws"}" "$@"\n',
        encoding="utf-8",
    )
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return old_dir


def test_old_aws_first_and_newer_later(mixed: FakeAws) -> None:
    # What AWS CLI v1 answers for a login_session profile (facts file).
    needs_crt = "Using the login credential provider requires an additional dependency. " + (
        "You will need to pip install botocore[crt] before proceeding."
    )
    old_dir = add_old_aws(mixed, V1, identity={"default": {"stderr": needs_crt, "exit": 255}})
    proc = status(mixed, *ALL, PATH=only_fake_on_path(mixed, old_dir))
    out = proc.stdout
    # Temporary paths are long: the human output wraps them, so check the words around them.
    assert "1.45.11 (AWS CLI v1: no aws login)" in out
    assert "2.34.50" in out
    assert 'export PATH="' in out
    assert_fits(out, 80, fixes_of(mixed, PATH=only_fake_on_path(mixed, old_dir)))
    # The v1 in front cannot use the login profile: said so, with the newer one named.
    assert "the first aws on PATH (1.45.11) cannot use `aws login` sessions" in flat(
        block(out, "default")
    )
    verbose = status(mixed, *ALL, "-v", PATH=only_fake_on_path(mixed, old_dir)).stdout
    assert bare(f"{mixed.bin_dir / 'aws'} (2.34.50) can: put it first on PATH") in bare(verbose)
    data = json.loads(status(mixed, "--json", PATH=only_fake_on_path(mixed, old_dir)).stdout)
    exes = data["aws_executables"]
    assert [(e["version"], e["supports_login"]) for e in exes[:2]] == [
        ("1.45.11", False),
        ("2.34.50", True),
    ]
    (warning,) = [w for w in data["warnings"] if w["code"] == "old-aws-first"]
    assert warning["fix"] == [f'export PATH="{mixed.bin_dir}:$PATH"']


def test_no_aws_on_path_still_reports_the_files(mixed: FakeAws) -> None:
    mixed.remove_aws()
    empty = mixed.root / "empty-bin"
    empty.mkdir()
    proc = status(mixed, *ALL, PATH=str(empty))
    assert proc.returncode == 1
    assert "no aws on PATH" in proc.stdout
    keys = block(proc.stdout, "keys")
    assert keys[0] == "! keys: cannot be checked · long-term access keys (key ****1234)"
    assert keys[1:] == ["  no aws on PATH"]  # "unknown:" is said once, by the mark line
    assert "Problem   unknown: no aws on PATH" in status(mixed, *ALL, "-v", PATH=str(empty)).stdout
    data = json.loads(status(mixed, "--json", PATH=str(empty)).stdout)
    assert data["aws_executables"] == []
    assert all(p["works"] is None for p in data["profiles"])
    assert {p["problem_code"] for p in data["profiles"]} == {"no-aws"}


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize(
    ("which", "text", "line"),
    [
        ("config", "[default]\nregion = eu-west-1\n[profile broken\n", 3),
        ("credentials", "aws_access_key_id = AKIAFAKELONGTERM1234\n", 1),
    ],
)
def test_malformed_files(fake_aws: FakeAws, which: str, text: str, line: int) -> None:
    path = fake_aws.write_config(text) if which == "config" else fake_aws.write_credentials(text)
    for args in ((), ("--json",)):
        proc = status(fake_aws, *args)
        assert proc.returncode == 11
        assert proc.stdout == ""
        assert "".join(f"line {line} of {path}".split()) in "".join(proc.stderr.split())
        assert "Traceback" not in proc.stderr
        assert "AKIAFAKELONGTERM1234" not in proc.stderr


def test_readable_cache_is_warned_about(mixed: FakeAws) -> None:
    cache = write_login_cache(mixed, LOGIN_ARN, timedelta(minutes=10))
    cache.chmod(0o644)
    proc = status(mixed, "--profile", "default")
    assert "can be read by other users" in proc.stdout
    assert "chmod 600 ~/.aws/login/cache/*.json" in proc.stdout
    assert proc.returncode == 0  # a warning, not a failure
    data = json.loads(status(mixed, "--profile", "default", "--json").stdout)
    assert data["profiles"][0]["cache_file_world_readable"] is True


def test_env_config_file_locations_are_honoured(fake_aws: FakeAws, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "cfg").write_text("[profile only-here]\nregion = eu-west-1\n", encoding="utf-8")
    (elsewhere / "creds").write_text(CREDENTIALS, encoding="utf-8")
    proc = status(
        fake_aws,
        "--json",
        AWS_CONFIG_FILE=str(elsewhere / "cfg"),
        AWS_SHARED_CREDENTIALS_FILE=str(elsewhere / "creds"),
    )
    names = [p["name"] for p in json.loads(proc.stdout)["profiles"]]
    assert names == ["only-here", "keys", "temp"]


# --------------------------------------------------------------------------- JSON schema

TOP = {
    "schema_version": int,
    "generated_at": str,
    "config_file": str,
    "credentials_file": str,
    "selected_profile": (str, type(None)),
    "needs_attention": bool,
    "aws_executables": list,
    "active": dict,
    "profiles": list,
    "warnings": list,
    "checked_profiles": list,
}
OPT_STR = (str, type(None))
OPT_BOOL = (bool, type(None))
EXECUTABLE = {
    "path": str,
    "version": OPT_STR,
    "major": (int, type(None)),
    "supports_login": OPT_BOOL,
    "error": OPT_STR,
}
ACTIVE = {
    "source": str,
    "profile": str,
    "profile_exists": bool,
    "shadowed_by_env": bool,
    "env_vars": list,
    "key_id_last4": OPT_STR,
    "works": OPT_BOOL,
    "account": OPT_STR,
    "arn": OPT_STR,
    "problem": OPT_STR,
    "problem_code": OPT_STR,
}
PROFILE = {
    "name": str,
    "exists": bool,
    "kind": str,
    "status": str,
    "region": OPT_STR,
    "region_source": OPT_STR,
    "partition": str,
    "works": OPT_BOOL,
    "account": OPT_STR,
    "arn": OPT_STR,
    "problem": OPT_STR,
    "problem_code": OPT_STR,
    "fix": OPT_STR,
    "advice": OPT_STR,
    "advice_command": OPT_STR,
    "key_id_last4": OPT_STR,
    "role_arn": OPT_STR,
    "source_profile": OPT_STR,
    "credential_source": OPT_STR,
    "credentials_expire_at": OPT_STR,
    "session_ends_estimate": OPT_STR,
    "session_estimate_basis": OPT_STR,
    "sso_start_url": OPT_STR,
    "sso_token_expires_at": OPT_STR,
    "cache_file": OPT_STR,
    "cache_file_world_readable": bool,
}
WARNING = {"code": str, "message": str, "attention": bool, "shell": OPT_STR, "fix": list}
KINDS = {
    "login",
    "sso",
    "long-term-keys",
    "temporary-keys",
    "assume-role",
    "credential-process",
    "web-identity",
    "none",
}
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def check_shape(data: dict[str, Any], shape: dict[str, Any], where: str) -> None:
    assert set(data) == set(shape), (where, set(data) ^ set(shape))
    for key, kind in shape.items():
        assert isinstance(data[key], kind), (where, key, data[key])


def test_json_matches_the_documented_schema(mixed: FakeAws) -> None:
    proc = status(mixed, "--json", AWS_PROFILE="deploy")
    assert proc.returncode == 1
    assert proc.stderr == ""
    data = json.loads(proc.stdout)  # stdout holds the JSON document and nothing else
    check_shape(data, TOP, "top")
    assert data["schema_version"] == 1
    assert ISO.match(data["generated_at"])
    for exe in data["aws_executables"]:
        check_shape(exe, EXECUTABLE, "aws_executables")
    check_shape(data["active"], ACTIVE, "active")
    assert data["active"]["source"] in {"env", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "default"}
    assert [p["name"] for p in data["profiles"]] == NAMES  # file order in JSON
    for profile in data["profiles"]:
        check_shape(profile, PROFILE, profile["name"])
        assert profile["kind"] in KINDS
        assert profile["status"] in {"ok", "warning", "error"}
        for key in ("credentials_expire_at", "session_ends_estimate", "sso_token_expires_at"):
            assert profile[key] is None or ISO.match(profile[key])
        if profile["works"] is False:
            assert profile["problem"] and profile["problem_code"]
    for warning in data["warnings"]:
        check_shape(warning, WARNING, "warning")
    by_name = {p["name"]: p for p in data["profiles"]}
    assert by_name["default"]["kind"] == "login"
    assert by_name["default"]["credentials_expire_at"] is not None
    assert by_name["default"]["session_ends_estimate"] is not None
    assert by_name["sso-dev"]["sso_token_expires_at"] is not None
    assert by_name["sso-dev"]["sso_start_url"] == SSO_START
    assert by_name["keys"]["key_id_last4"] == "1234"
    assert by_name["deploy"]["source_profile"] == "default"
    assert by_name["sso-legacy"]["fix"] == "aws sso login --profile sso-legacy"
    assert_no_secrets(mixed, proc.stdout, proc.stderr)
