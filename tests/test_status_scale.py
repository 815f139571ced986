"""Issue 16: `status` over an organisation's config, `--check`, and the wizard's first line.

Configs are fabricated like the benchmark's (benchmarks/scale.py): SSO profiles whose token
caches tell whether they work, `aws login` profiles with cached credentials, keys and roles
that only AWS can judge. No timing is asserted.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

try:
    from fakeaws import FakeAws, helper_command, run_helper
    from fakes import make_ui
except ModuleNotFoundError:  # tests/ became a package
    from tests.fakeaws import FakeAws, helper_command, run_helper
    from tests.fakes import make_ui

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import scale

from awslogin_helper import early
from awslogin_helper.awsconfig import CredentialKind
from awslogin_helper.status.choose import CheckMode, local_check, to_check
from awslogin_helper.status.live import LiveChecks
from awslogin_helper.status.model import ProfileStatus

NOW = datetime(2030, 1, 1, 12, tzinfo=UTC)
PATIENCE = 30.0  # an upper bound for waiting, never asserted as a duration


def _sts_calls(fake: FakeAws) -> list[str]:
    """The profiles asked `sts get-caller-identity`, in the fake's log."""
    names = []
    for argv in fake.calls():
        if argv[:2] == ["sts", "get-caller-identity"]:
            names.append(argv[argv.index("--profile") + 1] if "--profile" in argv else "")
    return names


# --------------------------------------------------------------------------- choose


def _sso(expires: datetime | None, cache: bool = True) -> ProfileStatus:
    status = ProfileStatus("s", CredentialKind.SSO, sso_start_url="https://x.awsapps.com/start")
    status.cache_file = "/c.json" if cache else None
    status.sso_token_expires_at = expires
    return status


def test_sso_token_in_the_cache_tells_without_a_call() -> None:
    valid = local_check(_sso(NOW + timedelta(hours=1)), NOW)
    expired = local_check(_sso(NOW - timedelta(hours=1)), NOW)
    missing = local_check(_sso(None, cache=False), NOW)
    assert valid is not None and valid.works is True
    assert expired is not None and (expired.works, expired.code) == (False, "sso-expired")
    assert missing is not None and missing.works is False
    # A cache that could not be read: only the AWS CLI can tell.
    unread = _sso(NOW + timedelta(hours=1))
    unread.cache_problem = "permission denied"
    assert local_check(unread, NOW) is None


def test_login_cache_tells_only_while_its_credentials_are_valid() -> None:
    login = ProfileStatus("l", CredentialKind.LOGIN, cache_file="/l.json")
    assert local_check(login, NOW) is not None  # no cache: never signed in here
    login.credentials_expire_at = NOW + timedelta(minutes=10)
    login.session_ends_estimate = NOW + timedelta(hours=5)
    found = local_check(login, NOW)
    assert found is not None and found.works is True
    login.credentials_expire_at = NOW - timedelta(minutes=1)  # a refresh is due: ask AWS
    assert local_check(login, NOW) is None
    login.session_ends_estimate = NOW - timedelta(minutes=1)
    ended = local_check(login, NOW)
    assert ended is not None and ended.code == "login-session-expired"


def test_default_checks_keys_roles_and_the_active_profile_only() -> None:
    statuses = [
        _sso(NOW + timedelta(hours=1)),
        ProfileStatus("keys", CredentialKind.LONG_TERM_KEYS),
        ProfileStatus("role", CredentialKind.ASSUME_ROLE),
    ]
    statuses[0].name = "default"
    other = _sso(NOW + timedelta(hours=1))
    statuses.append(other)
    assert to_check(CheckMode.DEFAULT, statuses, ["default"], NOW) == ["default", "keys", "role"]
    assert to_check(CheckMode.ALL, statuses, [], NOW) == ["default", "keys", "role", "s"]
    assert to_check(CheckMode.NONE, statuses, ["default"], NOW) == []


# --------------------------------------------------------------------------- the command


@pytest.fixture
def org(fake_aws: FakeAws) -> scale.OrgConfig:
    return scale.write_org(fake_aws, 40, cache_files=60)


def test_default_status_asks_only_the_profiles_that_need_it(
    fake_aws: FakeAws, org: scale.OrgConfig
) -> None:
    result = run_helper(fake_aws, "status", "--json")
    report = json.loads(result.stdout)
    asked = _sts_calls(fake_aws)
    assert len(asked) == org.need_call, asked
    assert sorted(report["checked_profiles"]) == sorted(asked)
    by_name = {p["name"]: p for p in report["profiles"]}
    # Told from the files: an SSO profile on an expired session, one on a valid session.
    expired = next(n for n, p in by_name.items() if p["kind"] == "sso" and p["works"] is False)
    assert by_name[expired]["fix"] == f"aws sso login --profile {expired}"
    assert any(p["kind"] == "sso" and p["works"] is True for p in by_name.values())
    assert len(report["profiles"]) == 40


def test_check_none_makes_no_aws_call_and_check_all_asks_every_profile(
    fake_aws: FakeAws, org: scale.OrgConfig
) -> None:
    none = run_helper(fake_aws, "status", "--check", "none", "--json")
    assert fake_aws.calls() == []
    assert json.loads(none.stdout)["checked_profiles"] == []
    unasked = [p for p in json.loads(none.stdout)["profiles"] if p["works"] is None]
    assert unasked and all(p["problem_code"] == "not-checked" for p in unasked)
    assert all(p["fix"].startswith("aws sts get-caller-identity") for p in unasked)

    run_helper(fake_aws, "status", "--check", "all", "--json")
    assert len(_sts_calls(fake_aws)) == org.profiles


def test_human_report_says_what_was_not_checked(fake_aws: FakeAws, org: scale.OrgConfig) -> None:
    result = run_helper(fake_aws, "status", "--check", "none", env_overrides={"COLUMNS": "200"})
    assert "from the files, not checked with AWS" in result.stdout
    assert "not checked with AWS (--check none)" in result.stdout
    # Only what the files show broken counts (the six SSO profiles on expired sessions).
    assert "6 of 40 profiles need attention" in result.stdout
    assert result.returncode == 1


def test_nothing_known_broken_points_at_checking_the_rest(fake_aws: FakeAws) -> None:
    fake_aws.write_credentials(
        "[default]\naws_access_key_id = AKIAEXAMPLE000000001\naws_secret_access_key = x/y\n"
    )
    result = run_helper(fake_aws, "status", "--check", "none", env_overrides={"COLUMNS": "200"})
    # Never "All 1 profiles work": it was not asked. The closing line says how to ask.
    assert "work." not in result.stdout.splitlines()[-1]
    assert "1 of 1 profiles were not checked with AWS" in result.stdout
    assert "awslogin-helper status --check all" in result.stdout
    assert result.returncode == 0  # unasked by choice is no problem found


def test_bad_check_value_is_a_usage_error(fake_aws: FakeAws) -> None:
    result = run_helper(fake_aws, "status", "--check", "some")
    assert result.returncode == 2, result.stderr
    assert fake_aws.calls() == []


# --------------------------------------------------------------------------- in a terminal


pexpect = pytest.importorskip("pexpect")


def _aws_alive(fake: FakeAws) -> list[int]:
    """Processes still running the fake `aws` of this test."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if str(fake.bin_dir).encode() in cmdline and state != "Z":
            alive.append(int(entry.name))
    return alive


def _spawn(fake: FakeAws, *args: str) -> pexpect.spawn:
    env = fake.env(TERM="xterm-256color", COLUMNS="100")
    command = helper_command()
    return pexpect.spawn(
        command[0], [*command[1:], *args], env=env, encoding="utf-8", timeout=PATIENCE,
        dimensions=(30, 100),
    )  # fmt: skip


@pytest.mark.pty
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc for leftover processes")
def test_ctrl_c_while_status_checks_exits_130_with_no_aws_left(
    fake_aws: FakeAws, org: scale.OrgConfig
) -> None:
    fake_aws.scenario(latency=60)  # every call sleeps far longer than the test waits
    child = _spawn(fake_aws, "status", "--check", "all")
    try:
        child.expect("Checking with AWS")  # the live view's progress line
        deadline = time.monotonic() + PATIENCE
        while not _aws_alive(fake_aws) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _aws_alive(fake_aws), "no aws was running to interrupt"
        child.sendintr()
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 130, child.before
    deadline = time.monotonic() + PATIENCE
    while _aws_alive(fake_aws) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _aws_alive(fake_aws) == []


@pytest.mark.pty
def test_live_view_then_the_ordered_report(fake_aws: FakeAws, org: scale.OrgConfig) -> None:
    fake_aws.scenario(latency=0.05)
    child = _spawn(fake_aws, "status")
    child.expect("Checking with AWS: \\d+ of \\d+ done")
    child.expect(pexpect.EOF)
    child.close()
    assert "profiles need attention" in child.before or "needs attention" in child.before


# --------------------------------------------------------------------------- first line


def _home(tmp_path: Path, config: str = "") -> Path:
    (tmp_path / ".aws").mkdir(exist_ok=True)
    (tmp_path / ".aws" / "config").write_text(config, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("args", "env", "config", "certain"),
    [
        ([], {}, "[default]\nregion = eu-west-1\n", True),
        (["--yes", "--lang", "zh-CN", "--no-remote"], {}, "", True),
        ([], {"CI": "true"}, "", False),
        ([], {"CI": "false"}, "", True),
        (["--sso"], {}, "", False),
        (["--profile", "dev"], {}, "", False),
        (["--region", "us-east-1"], {}, "", False),
        (["--help"], {}, "", False),
        (["status"], {}, "", False),
        ([], {}, "[default]\nsso_session = corp\n", False),
        ([], {}, "[default]\nregion = us-gov-west-1\n", False),
        ([], {"AWS_REGION": "cn-north-1"}, "", False),
        ([], {"AWS_PROFILE": "--debug"}, "", False),
        ([], {"AWS_PROFILE": "dev"}, "", True),
    ],
)
def test_first_lines_early_only_when_the_path_is_surely_aws_login(
    tmp_path: Path, args: list[str], env: dict[str, str], config: str, certain: bool
) -> None:
    home = _home(tmp_path, config)
    assert early.login_path_certain(args, env, home) is certain


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")
def test_a_fifo_as_config_is_left_to_the_wizard(tmp_path: Path) -> None:
    (tmp_path / ".aws").mkdir()
    os.mkfifo(tmp_path / ".aws" / "config")
    assert early.login_path_certain([], {}, tmp_path) is False  # and it did not block


@pytest.mark.pty
@pytest.mark.parametrize(("args", "said"), [([], 1), (["--profile", "default"], 1)])
def test_wizard_says_the_recommendation_once(fake_aws: FakeAws, args: list[str], said: int) -> None:
    child = _spawn(fake_aws, *args)
    try:
        child.expect("Ready for me to run")
        shown = child.before
        child.sendintr()
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert shown.count("The fix is `aws login`") == said
    assert shown.count("First, checks that change nothing") == said


# --------------------------------------------------------------------------- the progress line


def test_the_progress_line_tells_running_checks_from_waiting_ones() -> None:
    # 10 checks in a pool of 2: after 3 are done, 2 run and 5 wait their turn.
    ui, _buffer = make_ui()
    live = LiveChecks(ui, 10, width=2)
    for _ in range(3):
        live.arrived(lambda: None)
    assert live._view().renderables[-1].plain == (  # type: ignore[union-attr]
        "Checking with AWS: 3 of 10 done, 2 running, 5 waiting..."
    )
    for _ in range(6):
        live.arrived(lambda: None)
    assert live._view().renderables[-1].plain == (  # type: ignore[union-attr]
        "Checking with AWS: 9 of 10 done, 1 running..."
    )
