"""Hostile files and output, end to end: the installed helper against the fake `aws`.

Issue 11, classes 2 (terminal control sequences), 4 (files that are not files), 6 (unreadable
~/.aws parts), 9 (malformed data that crashes), 11 (costs that grow badly) and 12's chmod line.
Every test here ended in a hang, a MemoryError, a raw ESC on the terminal or exit 70 before.
Each run has a timeout: a hang fails the test instead of blocking the suite.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from fakeaws import FakeAws, helper_command, run_helper

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices, file modes")

ARN = "arn:aws:iam::123456789012:user/DevAdmin"
SSO_START = "https://example.awsapps.com/start"
# A run that hangs (a FIFO opened for reading) fails here instead of blocking the suite.
TIMEOUT = 30
INTERNAL_ERROR = 70
CONFIG_ERROR = 11
CHOWN = 'sudo chown -R "$USER" ~/.aws'

SSO_CONFIG = f"""\
[profile sso-dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Developer
region = us-east-1

[sso-session corp]
sso_start_url = {SSO_START}
sso_region = us-east-1
"""


def identity_json(arn: str = ARN) -> str:
    return json.dumps({"UserId": "AIDAFAKE", "Account": "123456789012", "Arn": arn})


def status(fake: FakeAws, *args: str, **env: str | None) -> subprocess.CompletedProcess[str]:
    # Only the fake on PATH: a real `aws --version` elsewhere on PATH costs seconds per run.
    env.setdefault("PATH", str(fake.bin_dir))
    return run_helper(fake, "status", *args, env_overrides=env, timeout=TIMEOUT)


def assert_no_raw_controls(text: str) -> None:
    bad = [ch for ch in text if (ord(ch) < 32 and ch not in "\n\t") or 0x7F <= ord(ch) < 0xA0]
    assert not bad, f"raw control characters reached the terminal: {bad!r}"
    for bidi in ("\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200f"):
        assert bidi not in text


def sso_cache(fake: FakeAws) -> Path:
    fake.sso_cache_dir.mkdir(parents=True, exist_ok=True)
    return fake.sso_cache_dir


# --------------------------------------------------------------------------- class 2


def test_escape_sequences_from_files_and_aws_are_shown_escaped(fake_aws: FakeAws) -> None:
    # OSC 52 (clipboard), cursor-up + erase-line, OSC 8 link, bidi override: from the config
    # file (profile name, region, role ARN), from the AWS CLI's identity JSON and its stderr.
    osc52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
    hide = "\x1b[1A\x1b[2K"
    fake_aws.write_config(
        f"[profile evil{hide}]\nregion = us-east-1{osc52}\n"
        f"[profile role]\nrole_arn = arn:aws:iam::1:role/R\u202egnp.exe\nsource_profile = evil{hide}\n"
    )
    fake_aws.scenario(
        identity={
            f"evil{hide}": {"stdout": identity_json(ARN + "\x1b]8;;http://x/\x1b\\")},
            "role": {"stderr": f"boom {hide}does not work\x1b]0;title\x07", "exit": 255},
        }
    )
    result = status(fake_aws, "--verbose")
    assert result.returncode != INTERNAL_ERROR, result.stderr
    assert_no_raw_controls(result.stdout)
    assert_no_raw_controls(result.stderr)
    # A hostile AWS_PROFILE: whatever is said about it (a usage error), it is said escaped.
    named = status(fake_aws, AWS_PROFILE=f"evil{osc52}")
    assert named.returncode != INTERNAL_ERROR, named.stderr
    assert_no_raw_controls(named.stdout + named.stderr)
    # Shown, not hidden: the user sees that something odd is in the file.
    assert "\\x1b[1A" in result.stdout
    assert "\\u202e" in result.stdout


def test_json_output_escapes_controls_and_bidi(fake_aws: FakeAws) -> None:
    fake_aws.write_config("[profile p\x1b[2K]\nregion = us-east-1\u202e\n")
    fake_aws.scenario(identity={"stdout": identity_json()})
    result = status(fake_aws, "--json")
    assert result.returncode in (0, 1), result.stderr
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    data = json.loads(result.stdout)
    # Still the exact value, in proper JSON escaping.
    assert [p["name"] for p in data["profiles"]] == ["p\x1b[2K"]
    assert data["profiles"][0]["region"] == "us-east-1\u202e"


# --------------------------------------------------------------------------- class 4


def test_fifo_in_sso_cache_does_not_block(fake_aws: FakeAws) -> None:
    fake_aws.write_config(SSO_CONFIG)
    fake_aws.scenario(identity={"stdout": identity_json()})
    cache = sso_cache(fake_aws)
    os.mkfifo(cache / "0000-not-a-file.json")
    # The file the AWS CLI would use for session "corp" is a FIFO too.
    import hashlib

    expected = hashlib.sha1(b"corp", usedforsecurity=False).hexdigest() + ".json"
    os.mkfifo(cache / expected)
    result = status(fake_aws)
    assert result.returncode in (0, 1), result.stderr
    assert "named pipe" in result.stdout
    assert "0000-not-a-file.json" in result.stdout


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_cache_linked_to_a_device_is_skipped(fake_aws: FakeAws, device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    fake_aws.write_config(SSO_CONFIG)
    fake_aws.scenario(identity={"stdout": identity_json()})
    (sso_cache(fake_aws) / "endless.json").symlink_to(device)
    result = status(fake_aws)
    assert result.returncode in (0, 1), result.stderr
    assert "MemoryError" not in result.stderr
    assert "device" in result.stdout


def test_sparse_8_gb_config_is_a_config_error(fake_aws: FakeAws) -> None:
    config = fake_aws.write_config("[default]\nregion = us-east-1\n")
    with config.open("r+b") as handle:
        handle.truncate(8 * 1024**3)  # sparse: no disk space used
    fake_aws.remove_aws()  # the fake would read the file itself
    result = status(fake_aws)
    assert result.returncode == CONFIG_ERROR, result.stderr
    assert str(config) in result.stderr
    assert "larger than 4 MiB" in result.stderr


def test_sparse_8_gb_sso_cache_file_is_skipped(fake_aws: FakeAws) -> None:
    fake_aws.write_config(SSO_CONFIG)
    fake_aws.scenario(identity={"stdout": identity_json()})
    with (sso_cache(fake_aws) / "huge.json").open("wb") as handle:
        handle.truncate(8 * 1024**3)
    result = status(fake_aws)
    assert result.returncode in (0, 1), result.stderr
    assert "larger than 1 MiB" in result.stdout


def test_config_file_that_is_a_fifo_is_no_file(fake_aws: FakeAws) -> None:
    # Like botocore's os.path.isfile: a FIFO (or /dev/null) is "no config file", never opened.
    fifo = fake_aws.home / "fifo-config"
    os.mkfifo(fifo)
    fake_aws.remove_aws()
    result = status(fake_aws, AWS_CONFIG_FILE=str(fifo))
    assert result.returncode != INTERNAL_ERROR, result.stderr
    assert "No profiles in" in result.stdout


# --------------------------------------------------------------------------- class 6


def _as_other_user(uid: int) -> dict[str, object]:
    """subprocess arguments that run the helper as an unprivileged user.

    As root (CI containers) mode 000 stops nothing, so the helper runs as another uid instead;
    as a normal user the modes themselves stop the helper.
    """
    if os.geteuid() != 0:
        return {}
    return {"user": uid, "group": uid, "extra_groups": []}


def _commands() -> list[tuple[list[str], dict[str, str]]]:
    """Ways to start the helper: the installed script, else the system Python on src/.

    The test venv's interpreter may live where another user cannot reach it (/root/.pyenv).
    """
    import rich

    src = str(Path(__file__).resolve().parents[1] / "src")
    site = str(Path(rich.__file__).resolve().parents[1])
    found = [(helper_command(), {})]
    for python in ("/usr/bin/python3", "/usr/local/bin/python3"):
        if Path(python).is_file():
            found.append(([python, "-m", "awslogin_helper"], {"PYTHONPATH": f"{src}:{site}"}))
    return found


def _run_unprivileged(
    home: Path | None, *args: str, uid: int = 65534, **env: str
) -> subprocess.CompletedProcess[str] | None:
    """Run the helper as `uid` (when root); None when no interpreter is usable by it."""
    environment = {
        "PATH": "/usr/bin:/bin",  # no aws: identities unknown, files still read
        "NO_COLOR": "1",
        "COLUMNS": "80",
        "LANG": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        **env,
    }
    if home is not None:
        environment["HOME"] = str(home)
    for command, extra_env in _commands():
        try:
            result = subprocess.run(
                [*command, *args],
                env={**environment, **extra_env},
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=TIMEOUT,
                check=False,
                stdin=subprocess.DEVNULL,
                cwd="/",
                **_as_other_user(uid),  # type: ignore[call-overload]
            )
        except PermissionError:
            continue  # this interpreter is out of reach for `uid`
        if "ModuleNotFoundError" in result.stderr or "Permission denied: '" in result.stderr:
            continue
        return result
    return None


@pytest.fixture
def world_home() -> Iterator[Path]:
    """A HOME another user can reach: not under pytest's tmp_path, whose 0700 root a
    concurrent pytest run may reset at any moment."""
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="awslogin-hostile-"))
    base.chmod(0o755)
    home = base / "home"
    home.mkdir()
    home.chmod(0o777)
    try:
        yield home
    finally:
        for path in (base, *base.rglob("*")):
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


def _needs_unprivileged(result: subprocess.CompletedProcess[str] | None) -> None:
    if result is None:
        pytest.skip("the helper cannot be run by an unprivileged user here")


def test_aws_dir_at_mode_000_is_a_config_error(world_home: Path) -> None:
    aws = world_home / ".aws"
    aws.mkdir()
    (aws / "config").write_text("[default]\nregion = us-east-1\n", encoding="utf-8")
    aws.chmod(0o000)
    try:
        result = _run_unprivileged(world_home, "status")
    finally:
        aws.chmod(0o700)
    _needs_unprivileged(result)
    assert result is not None
    assert result.returncode == CONFIG_ERROR, result.stderr
    assert str(aws / "config") in result.stderr
    assert CHOWN in result.stderr


def test_root_owned_login_and_sso_caches_are_warnings(world_home: Path) -> None:
    # What `sudo aws login` leaves behind: cache folders owned by root, mode 0700.
    if os.geteuid() != 0:
        pytest.skip("needs root to leave root-owned folders behind")
    aws = world_home / ".aws"
    (aws / "login" / "cache").mkdir(parents=True)
    (aws / "sso" / "cache").mkdir(parents=True)
    (aws / "sso" / "cache" / "x.json").write_text("{}", encoding="utf-8")
    config = SSO_CONFIG + f"[default]\nregion = eu-west-1\nlogin_session = {ARN}\n"
    (aws / "config").write_text(config, encoding="utf-8")
    for path in (aws, aws / "config"):
        os.chown(path, 65534, 65534)
    (aws / "login").chmod(0o700)
    (aws / "sso").chmod(0o700)
    (aws / "login" / "cache").chmod(0o700)
    (aws / "sso" / "cache").chmod(0o700)
    result = _run_unprivileged(world_home, "status")
    _needs_unprivileged(result)
    assert result is not None
    assert result.returncode in (0, 1), result.stderr
    assert "permission denied" in result.stdout
    assert CHOWN in result.stdout


# --------------------------------------------------------------------------- class 9


def test_nul_in_a_section_name_is_a_config_error(fake_aws: FakeAws) -> None:
    fake_aws.write_config("[default]\nregion = us-east-1\n[profile bad\x00name]\nregion = x\n")
    result = status(fake_aws)
    assert result.returncode == CONFIG_ERROR, result.stderr
    assert "line 3" in result.stderr
    assert "NUL" in result.stderr


def test_json_nested_100000_deep_in_cache_and_aws_output(fake_aws: FakeAws) -> None:
    fake_aws.write_config(SSO_CONFIG)
    deep = "[" * 100_000 + "]" * 100_000
    fake_aws.scenario(identity={"stdout": deep})
    (sso_cache(fake_aws) / "deep.json").write_text(deep, encoding="utf-8")
    result = status(fake_aws)
    assert result.returncode == 1, result.stderr
    assert "RecursionError" not in result.stderr


@pytest.mark.parametrize(
    "expires", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "9999-12-31T23:59:59Z"]
)
def test_expiry_out_of_range_is_unknown(fake_aws: FakeAws, expires: str) -> None:
    fake_aws.write_config(SSO_CONFIG)
    fake_aws.scenario(identity={"stdout": identity_json()})
    import hashlib

    name = hashlib.sha1(b"corp", usedforsecurity=False).hexdigest() + ".json"
    token = {"startUrl": SSO_START, "expiresAt": expires, "accessToken": "FAKEssoTOKEN"}
    (sso_cache(fake_aws) / name).write_text(json.dumps(token), encoding="utf-8")
    result = status(fake_aws, "--json")
    assert result.returncode in (0, 1), result.stderr
    assert json.loads(result.stdout)["profiles"][0]["sso_token_expires_at"] is None


def test_lone_surrogate_in_the_arn(fake_aws: FakeAws) -> None:
    fake_aws.write_config("[default]\nregion = us-east-1\n")
    # JSON may spell a lone surrogate; decoded, it cannot be encoded for any terminal.
    fake_aws.scenario(identity={"stdout": identity_json().replace("DevAdmin", "Dev\\udcffAdmin")})
    result = status(fake_aws)
    assert result.returncode == 0, result.stderr
    assert "Dev\\udcffAdmin" in result.stdout
    as_json = status(fake_aws, "--json")
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout)["profiles"][0]["arn"].startswith("arn:")


def test_latin1_console_with_a_non_ascii_profile_name(fake_aws: FakeAws) -> None:
    fake_aws.write_config("[profile bücher-✓]\nregion = us-east-1\n")
    fake_aws.scenario(identity={"stdout": identity_json()})
    env = fake_aws.env(PYTHONIOENCODING="latin-1", PATH=str(fake_aws.bin_dir))
    result = subprocess.run(
        [*helper_command(), "status"],
        env=env,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    stdout = result.stdout.decode("latin-1")
    assert result.returncode == 0, result.stderr.decode("latin-1")
    # ü fits latin-1; ✓ does not and is written as an escape instead of failing.
    assert "bücher-\\u2713" in stdout


def test_home_unset_and_no_passwd_entry(world_home: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to run as a uid without a passwd entry (see test_safe_reads)")
    config = world_home / "config"
    config.write_text("[default]\nregion = us-east-1\n", encoding="utf-8")
    files = {"AWS_CONFIG_FILE": str(config), "AWS_SHARED_CREDENTIALS_FILE": str(world_home / "c")}
    # uid 54321 has no passwd entry and HOME is unset: Path.home() has nothing to go on.
    result = _run_unprivileged(None, "status", uid=54321, **files)
    _needs_unprivileged(result)
    assert result is not None
    assert result.returncode != INTERNAL_ERROR, result.stderr
    assert "default" in result.stdout

    without = _run_unprivileged(None, "status", uid=54321, AWS_CONFIG_FILE=str(config))
    assert without is not None
    assert without.returncode == CONFIG_ERROR, without.stderr
    assert "HOME is not set" in without.stderr


# --------------------------------------------------------------------------- classes 11, 12


def test_long_value_is_shortened_in_human_output(fake_aws: FakeAws) -> None:
    # 3 MB (the config file cap is 4 MiB); the renderer once took 16 s for 5 MB.
    long_role = "arn:aws:iam::1:role/" + "R" * 3_000_000
    fake_aws.write_config(
        f"[profile base]\nregion = us-east-1\n"
        f"[profile deploy]\nrole_arn = {long_role}\nsource_profile = base\n"
    )
    fake_aws.scenario(identity={"stdout": identity_json()})
    result = status(fake_aws, "--verbose")  # the role ARN is shown in the full report
    assert result.returncode in (0, 1), result.stderr
    assert "characters)" in result.stdout
    assert len(result.stdout) < 20_000


def test_chmod_line_quotes_only_after_the_tilde(fake_aws: FakeAws) -> None:
    cache = fake_aws.home / "my cache"
    cache.mkdir()
    fake_aws.write_config(f"[default]\nregion = eu-west-1\nlogin_session = {ARN}\n")
    fake_aws.scenario(identity={"stdout": identity_json()})
    import hashlib

    name = hashlib.sha256(ARN.encode()).hexdigest() + ".json"
    token = {"accessToken": {"expiresAt": "2999-01-01T00:00:00Z"}}
    (cache / name).write_text(json.dumps(token), encoding="utf-8")
    (cache / name).chmod(0o644)
    result = status(fake_aws, AWS_LOGIN_CACHE_DIRECTORY=str(cache))
    assert "chmod 600 ~/'my cache'/*.json" in result.stdout, result.stdout
    if shutil.which("sh"):
        # The line really works in a POSIX shell.
        shown = "chmod 600 ~/'my cache'/*.json"
        subprocess.run(["sh", "-c", shown], env={"HOME": str(fake_aws.home)}, check=True)
        assert (cache / name).stat().st_mode & 0o777 == 0o600


@pytest.mark.skipif(sys.platform == "win32", reason="a /bin/sh stand-in for aws")
def test_aws_login_stderr_reaches_the_terminal_sanitised(fake_aws: FakeAws, tmp_path: Path) -> None:
    # `aws login`'s stderr is teed to the user: an OSC 52 (clipboard write) and a cursor-up
    # plus erase-line in it must arrive as visible escapes, not as terminal commands.
    fake_aws.write_config("[default]\nregion = us-east-1\n")
    wrapper = tmp_path / "hostile-bin"
    wrapper.mkdir()
    script = wrapper / "aws"
    script.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = login ]; then\n'
        "  printf 'evil \\033]52;c;aGVsbG8=\\007 \\033[1A\\033[2K done\\n' >&2\n"
        "fi\n"
        f'exec "{fake_aws.bin_dir / "aws"}" "$@"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    proc = run_helper(
        fake_aws,
        "--yes",
        env_overrides={"PATH": os.pathsep.join([str(wrapper), str(fake_aws.bin_dir)])},
    )
    assert proc.returncode == 0, proc.stderr
    assert "evil" in proc.stderr
    assert_no_raw_controls(proc.stderr)
    assert "\\x1b]52;c;" in proc.stderr
