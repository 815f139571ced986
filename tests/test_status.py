"""`status` model and in-process runs: precedence, kinds, fixes, expiry labels, shadowing, speed."""

from __future__ import annotations

import io
import json
import re
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from awslogin_helper.awsconfig import AwsFiles, CacheInfo, CredentialKind, load_aws_files
from awslogin_helper.checks.versions import parse_aws_version
from awslogin_helper.edges.environment import Environment
from awslogin_helper.edges.runner import CommandNotStarted, CommandTimeout, Completed
from awslogin_helper.edges.ui import UI, make_console
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.status import MAX_WORKERS, render, run_status
from awslogin_helper.status.active import apply_active_identity, copy_profile_result, resolve_active
from awslogin_helper.status.answers import NO_AWS, AwsExecutable, IdentityCheck, check_identity
from awslogin_helper.status.facts import ProfileFacts, describe_profile
from awslogin_helper.status.model import english, relative, when
from awslogin_helper.status.report import StatusReport, problems_first
from awslogin_helper.status.verdicts import apply_identity, brief, link_sources
from awslogin_helper.status.warnings import aws_warnings, cache_warnings, env_warnings

NOW = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)
LOGIN_ARN = "arn:aws:iam::123456789012:user/DevAdmin"
IDENTITY = json.dumps({"UserId": "AIDAFAKE", "Account": "123456789012", "Arn": LOGIN_ARN})
FAKE_SECRET = "FAKEsecretVALUEdoNOTprint0000000000000000"

CONFIG = """\
[default]
region = eu-west-1
login_session = arn:aws:iam::123456789012:user/DevAdmin

[profile sso]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Dev

[sso-session corp]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1

[profile role]
role_arn = arn:aws:iam::222222222222:role/Deploy
source_profile = default

[profile proc]
credential_process = /bin/false

[profile web]
web_identity_token_file = /tmp/token
role_arn = arn:aws:iam::333333333333:role/Web

[profile bare]
region = cn-north-1
"""
CREDENTIALS = f"""\
[keys]
aws_access_key_id = AKIAFAKEKEY000001234
aws_secret_access_key = {FAKE_SECRET}

[temp]
aws_access_key_id = ASIAFAKEKEY000005678
aws_secret_access_key = {FAKE_SECRET}
aws_session_token = FAKEtokenVALUE
"""


def v(text: str) -> AwsExecutable:
    parsed = parse_aws_version(text)
    assert parsed is not None
    return AwsExecutable(f"/opt/{text.split(maxsplit=1)[0]}/aws", parsed)


NEW = v("aws-cli/2.34.50 Python/3.13.7 Linux/6.1.0 exe/x86_64")
OLD_V2 = v("aws-cli/2.9.19 Python/3.11.2 Linux/6.1.0 source/x86_64.debian.12")
V1 = v("aws-cli/1.45.11 Python/3.11.7 Linux/6.18.44 botocore/1.43.11")


@pytest.fixture
def files(tmp_path: Path) -> AwsFiles:
    (tmp_path / "config").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "credentials").write_text(CREDENTIALS, encoding="utf-8")
    env = {
        "AWS_CONFIG_FILE": str(tmp_path / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
    }
    return load_aws_files(env, tmp_path)


def completed(code: int = 0, stdout: str = "", stderr: str = "") -> Completed:
    return Completed(("aws",), code, stdout, stderr, 0.01)


def status_of(files: AwsFiles, name: str, check: IdentityCheck, **facts: object):  # type: ignore[no-untyped-def]
    status = describe_profile(ProfileFacts(name, files.profile(name), **facts), files, {}, NOW)  # type: ignore[arg-type]
    apply_identity(status, check, NEW)
    return status


# --------------------------------------------------------------------------- precedence


def test_default_profile_when_nothing_is_set(files: AwsFiles) -> None:
    active = resolve_active({}, files)
    assert (active.source, active.profile, active.shadowed_by_env) == ("default", "default", False)
    assert active.profile_exists


def test_aws_profile_selects_the_profile(files: AwsFiles) -> None:
    active = resolve_active({"AWS_PROFILE": "sso"}, files)
    assert (active.source, active.profile) == ("AWS_PROFILE", "sso")


def test_aws_default_profile_comes_before_aws_profile(files: AwsFiles) -> None:
    # botocore's session variable 'profile' reads AWS_DEFAULT_PROFILE first.
    active = resolve_active({"AWS_PROFILE": "sso", "AWS_DEFAULT_PROFILE": "keys"}, files)
    assert (active.source, active.profile) == ("AWS_DEFAULT_PROFILE", "keys")


def test_empty_aws_profile_counts_as_unset(files: AwsFiles) -> None:
    assert resolve_active({"AWS_PROFILE": ""}, files).source == "default"


def test_env_keys_win_and_shadow_the_selected_profile(files: AwsFiles) -> None:
    env = {
        "AWS_ACCESS_KEY_ID": "AKIAENVFAKE000009999",
        "AWS_SECRET_ACCESS_KEY": FAKE_SECRET,
        "AWS_SESSION_TOKEN": "tok",
        "AWS_PROFILE": "sso",
    }
    active = resolve_active(env, files)
    assert active.source == "env"
    assert active.profile == "sso"
    assert active.shadowed_by_env
    assert active.env_vars == ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]
    assert active.key_id_last4 == "9999"
    assert FAKE_SECRET not in json.dumps(active.to_json())


def test_env_keys_do_not_shadow_a_profile_without_credentials(files: AwsFiles) -> None:
    env = {"AWS_ACCESS_KEY_ID": "AKIAENVFAKE000009999", "AWS_SECRET_ACCESS_KEY": "x"}
    active = resolve_active({**env, "AWS_PROFILE": "bare"}, files)
    assert active.source == "env"
    assert not active.shadowed_by_env


def test_key_id_without_secret_is_partial_and_breaks_bare_aws(files: AwsFiles) -> None:
    active = resolve_active({"AWS_ACCESS_KEY_ID": "AKIAENVFAKE000009999"}, files)
    assert active.partial_env
    apply_active_identity(active, None)
    assert active.works is False
    warnings = env_warnings(active, ["posix"], None)
    assert [w.code for w in warnings] == ["env-partial-credentials"]
    assert warnings[0].attention
    assert warnings[0].fix == {"bash/zsh": ["unset AWS_ACCESS_KEY_ID"]}


@pytest.mark.parametrize(
    ("shell", "label", "lines"),
    [
        ("posix", "bash/zsh", ["unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY"]),
        ("fish", "fish", ["set -e AWS_ACCESS_KEY_ID", "set -e AWS_SECRET_ACCESS_KEY"]),
        (
            "powershell",
            "PowerShell",
            ["Remove-Item Env:AWS_ACCESS_KEY_ID", "Remove-Item Env:AWS_SECRET_ACCESS_KEY"],
        ),
    ],
)
def test_shadowing_warning_gives_the_exact_lines_for_the_shell(
    files: AwsFiles, shell: str, label: str, lines: list[str]
) -> None:
    env = {"AWS_ACCESS_KEY_ID": "AKIAENVFAKE000009999", "AWS_SECRET_ACCESS_KEY": "x"}
    active = resolve_active(env, files)
    apply_active_identity(active, IdentityCheck(True))
    (warning,) = env_warnings(active, [shell], None)
    assert warning.code == "env-shadows-profile"
    assert "profile default" in warning.message.english()
    assert not warning.attention
    assert warning.fix == {label: lines}


def test_shadowing_only_reported_for_the_selected_profile(files: AwsFiles) -> None:
    env = {"AWS_ACCESS_KEY_ID": "AKIAENVFAKE000009999", "AWS_SECRET_ACCESS_KEY": "x"}
    active = resolve_active(env, files)
    assert env_warnings(active, ["posix"], "sso") == []
    assert [w.code for w in env_warnings(active, ["posix"], "default")] == ["env-shadows-profile"]


def test_failing_env_credentials_need_attention(files: AwsFiles) -> None:
    env = {"AWS_ACCESS_KEY_ID": "AKIAENVFAKE000009999", "AWS_SECRET_ACCESS_KEY": "x"}
    active = resolve_active(env, files)
    apply_active_identity(
        active, check_identity(completed(254, stderr="An error occurred (InvalidClientTokenId)"))
    )
    (warning,) = env_warnings(active, ["posix"], None)
    assert (warning.code, warning.attention) == ("env-credentials-fail", True)


def test_aws_profile_naming_a_missing_profile(files: AwsFiles) -> None:
    active = resolve_active({"AWS_PROFILE": "ghost"}, files)
    (warning,) = env_warnings(active, ["posix"], None)
    assert warning.code == "profile-var-missing"
    assert warning.fix == {"bash/zsh": ["unset AWS_PROFILE"]}
    assert "awslogin-helper --profile ghost" in warning.message.english()


# --------------------------------------------------------------------------- kinds


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("default", CredentialKind.LOGIN),
        ("sso", CredentialKind.SSO),
        ("keys", CredentialKind.LONG_TERM_KEYS),
        ("temp", CredentialKind.TEMPORARY_KEYS),
        ("role", CredentialKind.ASSUME_ROLE),
        ("proc", CredentialKind.PROCESS),
        ("web", CredentialKind.WEB_IDENTITY),
        ("bare", CredentialKind.NONE),
    ],
)
def test_kinds(files: AwsFiles, name: str, kind: CredentialKind) -> None:
    status = describe_profile(ProfileFacts(name, files.profile(name)), files, {}, NOW)
    assert status.kind is kind
    assert status.to_json()["kind"] == kind.value


def test_keys_show_only_the_last_four_characters(files: AwsFiles) -> None:
    keys = describe_profile(ProfileFacts("keys", files.profile("keys")), files, {}, NOW)
    temp = describe_profile(ProfileFacts("temp", files.profile("temp")), files, {}, NOW)
    assert (keys.key_id_last4, temp.key_id_last4) == ("1234", "5678")
    dumped = json.dumps([keys.to_json(), temp.to_json()])
    assert "AKIAFAKEKEY" not in dumped
    assert FAKE_SECRET not in dumped
    assert "FAKEtokenVALUE" not in dumped


def test_assume_role_names_its_source(files: AwsFiles) -> None:
    status = describe_profile(ProfileFacts("role", files.profile("role")), files, {}, NOW)
    assert status.source_profile == "default"
    assert status.role_arn == "arn:aws:iam::222222222222:role/Deploy"


def test_region_partition_and_env_override(files: AwsFiles) -> None:
    bare = describe_profile(ProfileFacts("bare", files.profile("bare")), files, {}, NOW)
    assert (bare.region, bare.region_source, bare.partition) == ("cn-north-1", "profile", "aws-cn")
    env = {"AWS_REGION": "us-gov-west-1"}
    bare = describe_profile(ProfileFacts("bare", files.profile("bare")), files, env, NOW)
    assert (bare.region_source, bare.partition) == ("AWS_REGION", "aws-us-gov")
    sso = describe_profile(ProfileFacts("sso", files.profile("sso")), files, {}, NOW)
    assert (sso.region, sso.region_source, sso.partition) == (None, None, "aws")
    assert sso.sso_start_url == "https://example.awsapps.com/start"


# --------------------------------------------------------------------------- identity answers


@pytest.mark.parametrize(
    ("outcome", "works", "code"),
    [
        (completed(0, IDENTITY), True, None),
        (completed(0, "not json"), False, "other"),
        (completed(253, stderr="Unable to locate credentials"), False, "no-credentials"),
        (completed(254, stderr="An error occurred (ExpiredToken) when"), False, "expired"),
        (
            completed(
                255, stderr="Your session has expired. Please reauthenticate using 'aws login'."
            ),
            False,
            "login-session-expired",
        ),
        (completed(255, stderr="Token has expired and refresh failed"), False, "sso-expired"),
        (completed(255, stderr="Could not connect to the endpoint URL"), None, "network"),
        (CommandTimeout(["aws"], 20), None, "timeout"),
        (CommandNotStarted(["aws"], "Permission denied"), None, "aws-not-started"),
        (None, None, "no-aws"),
    ],
)
def test_check_identity(
    outcome: Completed | CommandTimeout | CommandNotStarted | None, works: bool | None, code: str
) -> None:
    check = check_identity(outcome)
    assert (check.works, check.code) == (works, code)


def test_other_errors_keep_a_redacted_detail() -> None:
    check = check_identity(
        completed(255, stderr=f"aws: [ERROR]: weird failure aws_secret_access_key={FAKE_SECRET}")
    )
    assert check.code == "other"
    assert check.detail is not None
    assert check.detail.startswith("weird failure")
    assert FAKE_SECRET not in check.detail


# --------------------------------------------------------------------------- fixes


def failed(stderr: str, code: int = 255) -> IdentityCheck:
    return check_identity(completed(code, stderr=stderr))


def test_sso_is_never_sent_to_aws_login(files: AwsFiles) -> None:
    for stderr in ("Token has expired and refresh failed", "something odd", "(ExpiredToken)"):
        status = status_of(files, "sso", failed(stderr))
        assert status.fix == "aws sso login --profile sso"
        assert "aws login" not in (status.fix or "")
        assert "awslogin-helper" not in (status.fix or "")


def test_expired_login_session_fix(files: AwsFiles) -> None:
    cache = CacheInfo(Path("/c.json"), NOW - timedelta(hours=1), False, True)
    status = status_of(
        files,
        "default",
        failed("Your session has expired. Please reauthenticate using 'aws login'."),
        login_cache=cache,
    )
    assert status.works is False
    assert status.problem_code == "login-session-expired"
    assert status.fix == "awslogin-helper --profile default"


def test_login_permission_fix_is_the_attach_command(files: AwsFiles) -> None:
    status = status_of(
        files, "default", failed("missing permission for the 'signin:CreateOAuth2Token' action")
    )
    assert status.fix == (
        "aws iam attach-user-policy --user-name DevAdmin "
        "--policy-arn arn:aws:iam::aws:policy/SignInLocalDevelopmentAccess"
    )


def test_working_long_term_keys_get_advice_for_a_new_profile(files: AwsFiles) -> None:
    status = status_of(files, "keys", check_identity(completed(0, IDENTITY)))
    assert status.works is True
    assert status.status == "warning"
    assert status.advice_command == "awslogin-helper --profile keys-login"
    assert status.fix is None


def test_expired_temporary_keys(files: AwsFiles) -> None:
    status = status_of(files, "temp", failed("An error occurred (ExpiredToken)", 254))
    assert status.problem_code == "expired"
    assert status.fix == "awslogin-helper --profile temp-login"


def test_no_credentials_in_china_gets_aws_configure(files: AwsFiles) -> None:
    status = status_of(files, "bare", failed("Unable to locate credentials", 253))
    assert status.fix == "aws configure --profile bare"


def test_missing_profile(files: AwsFiles) -> None:
    status = describe_profile(ProfileFacts("ghost", None), files, {}, NOW)
    apply_identity(status, IdentityCheck(False, code="unknown-profile"), NEW)
    assert (status.exists, status.works, status.problem_code) == (False, False, "unknown-profile")
    assert status.fix == "awslogin-helper --profile ghost"


def test_no_aws_reports_unknown(files: AwsFiles) -> None:
    status = status_of(files, "keys", NO_AWS)
    assert status.works is None
    assert english(status.problem) == "unknown: no aws on PATH"
    assert status.status == "warning"


def test_old_first_aws_explains_a_failing_login_profile(files: AwsFiles) -> None:
    status = describe_profile(ProfileFacts("default", files.profile("default")), files, {}, NOW)
    apply_identity(status, failed("Unable to locate credentials", 253), OLD_V2, NEW)
    assert status.problem_code == "cli-too-old"
    assert NEW.path in (english(status.problem) or "")


def test_assume_role_points_at_its_failing_source(files: AwsFiles) -> None:
    login = status_of(files, "default", failed("reauthenticate using 'aws login'"))
    role = status_of(files, "role", failed("reauthenticate using 'aws login'"))
    link_sources([login, role])
    assert role.problem_code == "source-profile"
    assert role.fix == "awslogin-helper --profile default"
    assert "source profile default" in (english(role.problem) or "")


def test_problems_come_first(files: AwsFiles) -> None:
    ok = status_of(files, "role", check_identity(completed(0, IDENTITY)))
    bad = status_of(files, "sso", failed("Token has expired and refresh failed"))
    advice = status_of(files, "keys", check_identity(completed(0, IDENTITY)))
    assert [p.name for p in problems_first([ok, advice, bad])] == ["sso", "keys", "role"]


# --------------------------------------------------------------------------- expiry


def test_login_expiry_and_session_estimate(files: AwsFiles) -> None:
    written = NOW - timedelta(hours=2)
    cache = CacheInfo(Path("/c.json"), NOW + timedelta(minutes=12), False, True)
    status = describe_profile(
        ProfileFacts(
            "default", files.profile("default"), login_cache=cache, login_cache_written=written
        ),
        files,
        {},
        NOW,
    )
    assert status.credentials_expire_at == NOW + timedelta(minutes=12)
    assert status.session_ends_estimate == written + timedelta(hours=12)
    basis = english(status.session_estimate_basis) or ""
    assert "12 h after the login cache file was last written" in basis
    assert "2026-01-15T08:00:00Z" in basis
    data = status.to_json()
    assert data["credentials_expire_at"] == "2026-01-15T10:12:00Z"
    assert data["session_ends_estimate"] == "2026-01-15T20:00:00Z"


def test_sso_token_expiry_and_readable_cache(files: AwsFiles) -> None:
    cache = CacheInfo(
        Path("/home/u/.aws/sso/cache/abc.json"), NOW - timedelta(minutes=5), True, True
    )
    status = describe_profile(
        ProfileFacts("sso", files.profile("sso"), sso_cache=cache), files, {}, NOW
    )
    assert status.sso_token_expires_at == NOW - timedelta(minutes=5)
    assert status.cache_file_world_readable
    (warning,) = cache_warnings([status], "/home/u")
    assert warning.fix == {"": ["chmod 600 ~/.aws/sso/cache/*.json"]}


@pytest.mark.parametrize(
    ("delta", "label"),
    [
        (timedelta(seconds=20), "now"),
        (timedelta(minutes=12), "in 12 min"),
        (timedelta(minutes=-3), "3 min ago"),
        (timedelta(hours=2, minutes=5), "in 2 h 5 min"),
        (timedelta(hours=11, minutes=59), "in 11 h"),
        (timedelta(days=-3), "3 days ago"),
    ],
)
def test_relative_labels(delta: timedelta, label: str) -> None:
    assert relative(NOW + delta, NOW) == label


def test_when_shows_the_date_only_for_other_days() -> None:
    assert when(NOW + timedelta(minutes=5), NOW) == "10:05 UTC (in 5 min)"
    assert when(NOW + timedelta(hours=15), NOW) == "2026-01-16 01:00 UTC (in 15 h)"


# --------------------------------------------------------------------------- aws on PATH


def test_old_aws_first_and_newer_later_gives_the_path_line() -> None:
    (warning,) = aws_warnings([V1, NEW], ["posix", "fish"], lambda p: Path(p).parent, False)
    assert warning.code == "old-aws-first"
    assert warning.fix == {
        "bash/zsh": [f'export PATH="{Path(NEW.path).parent}:$PATH"'],
        "fish": [f"set -gx PATH {Path(NEW.path).parent} $PATH"],
    }


def test_old_v2_first_without_newer_warns_only_with_login_profiles() -> None:
    assert aws_warnings([OLD_V2], ["posix"], lambda p: Path(p).parent, False) == []
    (warning,) = aws_warnings([OLD_V2], ["posix"], lambda p: Path(p).parent, True)
    assert warning.code == "old-aws"


def test_new_aws_first_is_fine() -> None:
    assert aws_warnings([NEW, V1], ["posix"], lambda p: Path(p).parent, True) == []


def test_no_aws_needs_attention() -> None:
    (warning,) = aws_warnings([], ["posix"], lambda p: Path(p).parent, True)
    assert (warning.code, warning.attention) == ("no-aws", True)


# --------------------------------------------------------------------------- in-process runs


class ScriptedRunner:
    """Answers `--version` and `sts get-caller-identity` per profile; records concurrency."""

    def __init__(self, answers: dict[str | None, Completed], delay: float = 0.0) -> None:
        self.answers = answers
        self.delay = delay
        self.calls: list[tuple[str, ...]] = []
        self.active = 0
        self.peak = 0
        self._lock = threading.Lock()

    def run(self, args: Sequence[str], *, timeout: float = 30) -> Completed:
        assert timeout <= 20, "every call is bounded in time"
        with self._lock:
            self.calls.append(tuple(args))
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            time.sleep(self.delay)
            if args[1:] == ["--version"]:
                return completed(0, "aws-cli/2.34.50 Python/3.13.7 Linux/6.1.0 exe/x86_64\n")
            assert list(args[1:5]) == ["sts", "get-caller-identity", "--output", "json"]
            profile = args[6] if len(args) > 6 else None
            return self.answers.get(profile, completed(0, IDENTITY))
        finally:
            with self._lock:
                self.active -= 1

    def run_interactive(self, args: Sequence[str], *, timeout: float = 660) -> Completed:
        raise AssertionError("status never hands the terminal to aws")

    def cancel_all(self) -> None:
        pass


def make_env(tmp_path: Path, config: str, extra: dict[str, str] | None = None) -> Environment:
    home = tmp_path / "home"
    (home / ".aws").mkdir(parents=True, exist_ok=True)
    (home / ".aws" / "config").write_text(config, encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    exe = bin_dir / "aws"
    exe.write_text("#!/bin/sh\n", encoding="utf-8")
    exe.chmod(0o755)
    variables = {"PATH": str(bin_dir), "HOME": str(home), "NO_COLOR": "1", **(extra or {})}
    return Environment(vars=variables, platform="linux", home=home)


def quiet_ui() -> tuple[UI, io.StringIO]:
    buffer = io.StringIO()
    return UI(make_console({"NO_COLOR": "1"}, file=buffer)), buffer


def run(env: Environment, runner: ScriptedRunner, **kwargs: object) -> tuple[ExitCode, str, str]:
    ui, err = quiet_ui()
    out = io.StringIO()
    code = run_status(env, runner, ui, stdout=out, **kwargs)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def many_profiles(count: int) -> str:
    return "".join(
        f"[profile p{i}]\nlogin_session = arn:aws:iam::123456789012:user/U{i}\n\n"
        for i in range(count)
    )


def test_json_is_the_only_thing_on_stdout(tmp_path: Path) -> None:
    env = make_env(tmp_path, many_profiles(3))
    code, out, _ = run(env, ScriptedRunner({}), profile=None, as_json=True)
    assert code is ExitCode.OK
    data = json.loads(out)
    assert data["schema_version"] == 1
    assert [p["name"] for p in data["profiles"]] == ["p0", "p1", "p2"]
    assert all(p["works"] is True for p in data["profiles"])


def test_any_failing_profile_needs_attention(tmp_path: Path) -> None:
    env = make_env(tmp_path, many_profiles(3))
    runner = ScriptedRunner({"p1": completed(255, stderr="reauthenticate using 'aws login'")})
    code, out, _ = run(env, runner, profile=None, as_json=False)
    assert code is ExitCode.NEEDS_ATTENTION
    assert "X p1: does not work" in out
    assert "awslogin-helper --profile p1" in out
    # Problems first.
    assert out.index("p1: does not work") < out.index("p0: works")


def test_selected_profile_only(tmp_path: Path) -> None:
    env = make_env(tmp_path, many_profiles(3))
    runner = ScriptedRunner({"p1": completed(255, stderr="reauthenticate using 'aws login'")})
    code, out, _ = run(env, runner, profile="p2", as_json=True)
    assert code is ExitCode.OK
    assert [p["name"] for p in json.loads(out)["profiles"]] == ["p2"]
    assert not [c for c in runner.calls if "p1" in c]


def test_selected_missing_profile_is_not_asked_and_needs_attention(tmp_path: Path) -> None:
    env = make_env(tmp_path, many_profiles(1))
    runner = ScriptedRunner({})
    code, out, _ = run(env, runner, profile="ghost", as_json=False)
    assert code is ExitCode.NEEDS_ATTENTION
    assert "ghost: does not exist" in out
    assert "awslogin-helper --profile ghost" in out
    assert not [c for c in runner.calls if "ghost" in c]


def test_malformed_config_is_a_config_error(tmp_path: Path) -> None:
    env = make_env(tmp_path, "[default]\nregion = eu-west-1\nthis line is wrong\n")
    code, out, err = run(env, ScriptedRunner({}), profile=None, as_json=True)
    assert code is ExitCode.CONFIG_ERROR
    assert out == ""
    assert "line 3" in err
    assert str(env.home / ".aws" / "config") in "".join(err.split())  # a long path may fold


def test_calls_run_concurrently_in_one_bounded_pool(tmp_path: Path) -> None:
    delay = 0.2
    env1 = make_env(tmp_path / "one", many_profiles(1))
    start = time.monotonic()
    run(env1, ScriptedRunner({}, delay=delay), profile=None, as_json=True)
    one = time.monotonic() - start

    env20 = make_env(tmp_path / "twenty", many_profiles(20))
    runner = ScriptedRunner({}, delay=delay)
    start = time.monotonic()
    code, _, _ = run(env20, runner, profile=None, as_json=True)
    twenty = time.monotonic() - start

    assert code is ExitCode.OK
    assert len(runner.calls) == 21  # 20 identities + 1 version, all through the same pool
    # As many at once as the pool allows (cores: each AWS CLI process is a whole Python).
    assert min(8, MAX_WORKERS) <= runner.peak <= MAX_WORKERS
    waves = -(-21 // MAX_WORKERS)
    assert twenty <= 1.5 * waves * one + 0.3, (one, twenty, MAX_WORKERS)


def test_env_credentials_are_checked_with_a_bare_call(tmp_path: Path) -> None:
    env = make_env(
        tmp_path,
        many_profiles(1),
        {"AWS_ACCESS_KEY_ID": "AKIAENVFAKE000009999", "AWS_SECRET_ACCESS_KEY": FAKE_SECRET},
    )
    runner = ScriptedRunner({None: completed(254, stderr="(InvalidClientTokenId)")})
    code, out, err = run(env, runner, profile=None, as_json=True)
    assert code is ExitCode.NEEDS_ATTENTION
    data = json.loads(out)
    assert data["active"]["source"] == "env"
    assert data["active"]["works"] is False
    assert [w["code"] for w in data["warnings"]] == ["env-credentials-fail"]
    assert FAKE_SECRET not in out + err
    assert "AKIAENVFAKE" not in out + err


# --------------------------------------------------------------------------- language


class _Marked:
    """A stand-in catalog that translates every message to `<<msgid>>` (placeholders kept)."""

    def gettext(self, message: str) -> str:
        return f"<<{message}>>"


def _mixed_run(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    lang: str,
    as_json: bool,
    verbose: bool = False,
) -> str:
    from awslogin_helper import words

    monkeypatch.setitem(words._state, "lang", lang)
    monkeypatch.setitem(words._loaded, "marked", _Marked())  # type: ignore[arg-type]
    env = make_env(
        tmp_path,
        CONFIG + "\n[profile ghost-role]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = sso\n",
        {"AWS_ACCESS_KEY_ID": "AKIAENVFAKE000009999", "AWS_SECRET_ACCESS_KEY": FAKE_SECRET},
    )
    (env.home / ".aws" / "credentials").write_text(CREDENTIALS, encoding="utf-8")
    runner = ScriptedRunner(
        {
            None: completed(254, stderr="(InvalidClientTokenId)"),
            "sso": completed(255, stderr="Token has expired and refresh failed"),
            "ghost-role": completed(255, stderr="Token has expired and refresh failed"),
            "temp": completed(254, stderr="(ExpiredToken) the security token is expired"),
            "proc": completed(255, stderr="Error when retrieving credentials from custom-process"),
            "bare": completed(253, stderr="Unable to locate credentials"),
        }
    )
    ui, _err = quiet_ui()
    ui.verbose = verbose
    out = io.StringIO()
    run_status(env, runner, ui, profile=None, as_json=as_json, stdout=out)  # type: ignore[arg-type]
    return out.getvalue()


def test_json_never_changes_with_the_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The model keeps what to say as messages: JSON renders them in English, always."""
    english = json.loads(_mixed_run(tmp_path, monkeypatch, lang="en", as_json=True))
    marked = json.loads(_mixed_run(tmp_path, monkeypatch, lang="marked", as_json=True))
    english.pop("generated_at")
    marked.pop("generated_at")
    assert marked == english
    assert "<<" not in json.dumps(marked, ensure_ascii=False)
    assert english["warnings"][0]["code"] == "env-credentials-fail"


def test_every_word_of_the_human_report_goes_through_the_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Wide enough that no marked line is folded.
    monkeypatch.setenv("COLUMNS", "200")
    out = _mixed_run(tmp_path, monkeypatch, lang="marked", as_json=False)
    for piece in (
        "X <<Without --profile, `aws` uses <<environment variables AWS_ACCESS_KEY_ID,",
        "<<sso: does not work>> · <<IAM Identity Center (SSO)>>",
        "  <<the IAM Identity Center (SSO) session has expired>> → aws sso login --profile sso",
        "<<keys: works, with a warning>> · <<<<long-term access keys>> (key ****1234)>>",
        " · <<long-term keys never expire>> → awslogin-helper --profile keys-login",
        "  <<its source profile sso does not work>> → aws sso login --profile sso",
        "<<Warnings>>",
        "<<The credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (key ****9999)",
        "X <<<<5 of 9 profiles need attention>>: <<run the commands shown above.>>>>",
    ):
        assert piece in out, piece
    _nothing_left_in_english(out)


def test_every_word_of_the_verbose_report_goes_through_the_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    out = _mixed_run(tmp_path, monkeypatch, lang="marked", as_json=False, verbose=True)
    for piece in (
        "<<AWS CLI on PATH (the first one is what `aws` runs)>>",
        "<<Without --profile, `aws` uses>>",
        "<<Profiles: 9>>",
        "<<File>>  ",
        "<<Kind>>  <<IAM Identity Center (SSO)>>",
        "<<Session>> sso-session corp",
        "<<Region>> <<<<not set>>, partition aws>>",
        "<<Problem>> <<the IAM Identity Center (SSO) session has expired>>",
        "<<Fix>>   aws sso login --profile sso",
        "<<Advice>> <<long-term keys never expire",
        "<<Kind>>  <<<<long-term access keys>> (key ****1234)>>",
        "<<sso: does not work>>",
        "<<its source profile sso does not work: <<the IAM Identity Center",
        "X <<<<5 of 9 profiles need attention>>: <<see Fix above.>>>>",
    ):
        assert piece in out, piece
    lines = out.splitlines()
    labels = [line for line in lines if re.match(r"^  [A-Z][A-Za-z ]{1,8} {2,}\S", line)]
    assert not labels, labels
    _nothing_left_in_english(out)


def _nothing_left_in_english(out: str) -> None:
    """No heading, label or sentence outside the catalog (commands, paths, ARNs are values)."""
    text, before = out, ""
    while text != before:  # innermost first: `<<a <<b>> c>>`, across the line breaks too
        text, before = re.sub(r"<<[^<>]*>>", "", text), text
    for line in text.splitlines():
        # A command, or a setting with its value (`sso-session corp`).
        words = re.sub(r"(aws|awslogin-helper|unset|chmod|sso-session) .*", "", line)
        assert not re.search(r"\b[a-z]{2,} [a-z]{2,}\b", words), line


# --------------------------------------------------------------------------- the screen


def _report(files: AwsFiles, *checks: tuple[str, IdentityCheck], **facts: object) -> StatusReport:
    statuses = []
    for name, check in checks:
        status = describe_profile(
            ProfileFacts(name, files.profile(name), **facts.get(name, {})),  # type: ignore[arg-type]
            files,
            {},
            NOW,
        )
        apply_identity(status, check, NEW)
        statuses.append(status)
    link_sources(statuses)
    active = resolve_active({}, files)
    copy_profile_result(active, statuses)
    return StatusReport(NOW, "/c", "/k", [NEW], active, statuses, [])


def _screen(report: StatusReport, width: int = 80, *, verbose: bool = False) -> list[str]:
    buffer = io.StringIO()
    console = make_console({"NO_COLOR": "1"}, stderr=False, file=buffer)
    console.width = width
    render(report, UI(console), NOW, ["posix"], verbose=verbose)
    return buffer.getvalue().splitlines()


def test_default_screen_is_two_or_three_lines_a_profile(files: AwsFiles) -> None:
    written = NOW - timedelta(minutes=58)
    cache = CacheInfo(Path("/c.json"), NOW + timedelta(minutes=2), False, True)
    sso_cache = CacheInfo(Path("/s.json"), NOW + timedelta(hours=3), False, True)
    ok = check_identity(completed(0, IDENTITY))
    report = _report(
        files,
        ("default", ok),
        ("sso", ok),
        ("temp", failed("An error occurred (ExpiredToken)", 254)),
        ("role", failed("reauthenticate using 'aws login'")),
        default={"login_cache": cache, "login_cache_written": written},
        sso={"sso_cache": sso_cache},
    )
    assert _screen(report) == [
        f"✓ {NEW.path}: 2.34.50",
        "✓ Without --profile, `aws` uses profile default (no AWS_PROFILE is set)",
        "",
        "X temp: does not work · temporary access keys (key ****5678)",
        "  the temporary keys have expired; replace them",
        "    awslogin-helper --profile temp-login",
        "X role: does not work · assume role",
        "  the `aws login` session has ended and must be renewed",
        "    aws sts get-caller-identity --profile role",
        "✓ default: works · aws login session",
        f"  {LOGIN_ARN} · session ends in 11 h at the latest",
        "✓ sso: works · IAM Identity Center (SSO)",
        f"  {LOGIN_ARN} · SSO token expires in 3 h",
        "",
        "X 2 of 4 profiles need attention: run the commands shown above.",
    ]


def test_a_fix_that_fits_stays_on_its_line_else_stands_alone(files: AwsFiles) -> None:
    report = _report(files, ("sso", failed("Token has expired and refresh failed")))
    cause = "  the IAM Identity Center (SSO) session has expired"
    fix = "aws sso login --profile sso"
    assert f"{cause} → {fix}" in _screen(report, 90)
    at_60 = _screen(report, 60)
    assert at_60[at_60.index(cause) + 1] == f"    {fix}"
    # Too long for any line after an indent: whole, alone, unindented (wider than 40).
    long_name = "sso-" + "x" * 40
    report.profiles[0].fix = f"aws sso login --profile {long_name}"
    at_40 = _screen(report, 40)
    assert f"aws sso login --profile {long_name}" in at_40
    assert [line for line in at_40 if len(line) > 40] == [report.profiles[0].fix]


def test_chinese_is_measured_in_cells(files: AwsFiles, monkeypatch: pytest.MonkeyPatch) -> None:
    from awslogin_helper import words

    class Wide:
        def gettext(self, message: str) -> str:
            return "很长的中文说明" * 6 if message == "long-term keys never expire" else message

    monkeypatch.setitem(words._state, "lang", "wide")
    monkeypatch.setitem(words._loaded, "wide", Wide())  # type: ignore[arg-type]
    report = _report(files, ("keys", check_identity(completed(0, IDENTITY))))
    lines = _screen(report, 60)
    assert max(words.cells(line) for line in lines) <= 60
    assert "    awslogin-helper --profile keys-login" in lines  # whole, on its own line
    assert sum("中文" in line for line in lines) == 2  # 84 cells: broken once, by cells


def test_verbose_screen_has_every_detail(files: AwsFiles) -> None:
    report = _report(files, ("sso", failed("Token has expired and refresh failed")))
    lines = _screen(report, verbose=True)
    assert "  Kind      IAM Identity Center (SSO)" in lines
    assert "  SSO URL   https://example.awsapps.com/start" in lines
    assert "  Session   sso-session corp" in lines
    assert "  Region    not set, partition aws" in lines
    bare = "".join("".join(lines).split())  # a long path folds at the edge
    assert "".join(f"File {files.config_path}, line 5".split()) in bare
    assert "  Fix       aws sso login --profile sso" in lines
    assert lines[-1] == "X 1 of 1 profile needs attention: see Fix above."


@pytest.mark.parametrize(
    ("name", "stderr", "short"),
    [
        ("sso", "something odd", "the AWS CLI reported an error"),
        ("temp", "(ExpiredToken)", "the temporary keys have expired; replace them"),
        ("temp", "(InvalidClientTokenId)", "its access key is invalid or deleted"),
        ("proc", "exit 1", "the credential_process command failed"),
        ("default", "missing permission for the 'signin:CreateOAuth2Token' action", "the identity lacks the SignInLocalDevelopmentAccess policy"),
        ("sso", "Could not connect to the endpoint URL", "AWS could not be reached (network problem)"),
    ],
)  # fmt: skip
def test_the_short_cause_is_the_same_cause(
    files: AwsFiles, name: str, stderr: str, short: str
) -> None:
    status = status_of(files, name, failed(stderr))
    assert status.problem is not None
    assert brief(status.problem).english() == short
    assert short.split(";", maxsplit=1)[0].split(" (", maxsplit=1)[0] in status.problem.english()
