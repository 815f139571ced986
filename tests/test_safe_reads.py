"""Safe reads of ~/.aws and the token caches, and robust parsing (issue 11, classes 4, 6, 9, 11).

The pure layer: `safeio.read_capped` and what awsconfig makes of its refusals. Permission
problems are simulated here (tests run as root, where mode 000 stops nothing); the real ones,
as another user, are in tests/test_hostile_files.py. Hypothesis: any bytes given as a config,
credentials or cache file either load or raise the documented ConfigFileError.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awslogin_helper import awsconfig
from awslogin_helper.awsconfig import (
    ConfigFileError,
    find_sso_cache,
    load_aws_files,
    read_login_cache,
    scan_sso_cache,
)
from awslogin_helper.checks.classify import parse_identity
from awslogin_helper.edges import safeio
from awslogin_helper.edges.environment import NO_HOME, Environment
from awslogin_helper.edges.safeio import CHOWN_FIX, UnsafeFile, read_capped
from fakes import make_ui

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and devices")
URL = "https://example.awsapps.com/start"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def in_thread(func: object, *args: object) -> object:
    """Run `func(*args)` with a bound: a blocking open() fails the test instead of hanging."""
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = func(*args)  # type: ignore[operator]
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(10)
    assert not thread.is_alive(), "blocked (a FIFO was opened for reading?)"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("value")


# --------------------------------------------------------------------------- read_capped


def test_regular_file_is_read(tmp_path: Path) -> None:
    data, info = read_capped(write(tmp_path / "f", b"abc"), 10)
    assert data == b"abc"
    assert info.st_size == 3


def test_limit_is_exact(tmp_path: Path) -> None:
    assert read_capped(write(tmp_path / "f", b"x" * 10), 10)[0] == b"x" * 10
    with pytest.raises(UnsafeFile, match="larger than"):
        read_capped(write(tmp_path / "g", b"x" * 11), 10)


def test_sparse_huge_file_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "sparse"
    with path.open("wb") as handle:
        handle.truncate(8 * 1024**3)
    with pytest.raises(UnsafeFile, match="larger than 4 MiB"):
        read_capped(path, safeio.CONFIG_LIMIT)


@POSIX
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(UnsafeFile, match="named pipe"):
        in_thread(read_capped, fifo, 100)


@POSIX
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_link_to_a_device_is_refused(tmp_path: Path, device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    link = tmp_path / "cache.json"
    link.symlink_to(device)
    with pytest.raises(UnsafeFile, match="device"):
        in_thread(read_capped, link, 100)


def test_symlink_to_a_regular_file_is_followed(tmp_path: Path) -> None:
    # Users keep ~/.aws/config in a dotfiles repository and link it.
    target = write(tmp_path / "dotfiles" / "config", "[default]\n")
    link = tmp_path / "config"
    link.symlink_to(target)
    assert read_capped(link, 100)[0] == b"[default]\n"


@POSIX
def test_opened_descriptor_is_checked_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The path is a regular file when checked, but a FIFO by the time it is opened.
    regular = write(tmp_path / "f", "{}")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    real_open = os.open
    monkeypatch.setattr(safeio.os, "open", lambda _p, flags: real_open(fifo, flags))
    with pytest.raises(UnsafeFile, match="named pipe"):
        in_thread(read_capped, regular, 100)


def test_permission_error_is_marked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "f", "{}")

    def refuse(*_args: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(safeio.os, "open", refuse)
    with pytest.raises(UnsafeFile) as info:
        read_capped(path, 100)
    assert info.value.permission
    assert info.value.reason == "permission denied"


def test_missing_file_is_marked(tmp_path: Path) -> None:
    with pytest.raises(UnsafeFile) as info:
        read_capped(tmp_path / "nope", 100)
    assert info.value.missing


# --------------------------------------------------------------------------- config files


def _refuse_stat_under(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Simulate `~/.aws` at mode 000 (or owned by root): stat of anything inside fails."""
    real_stat = Path.stat

    def stat(self: Path, *, follow_symlinks: bool = True) -> os.stat_result:
        if folder in self.parents:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, follow_symlinks=follow_symlinks)

    monkeypatch.setattr(Path, "stat", stat)


def test_aws_folder_that_cannot_be_searched_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / ".aws" / "config", "[default]\n")
    _refuse_stat_under(monkeypatch, tmp_path / ".aws")
    with pytest.raises(ConfigFileError) as info:
        load_aws_files({}, tmp_path)
    assert info.value.path == tmp_path / ".aws" / "config"
    assert "permission denied" in info.value.reason
    assert info.value.fix == CHOWN_FIX


def test_oversized_config_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / ".aws" / "config"
    path.parent.mkdir()
    with path.open("wb") as handle:
        handle.truncate(safeio.CONFIG_LIMIT + 1)
    with pytest.raises(ConfigFileError, match="larger than 4 MiB"):
        load_aws_files({}, tmp_path)


@POSIX
def test_config_that_is_dev_null_or_a_fifo_is_no_file(tmp_path: Path) -> None:
    # botocore's os.path.isfile: AWS_CONFIG_FILE=/dev/null is the usual "no config" idiom.
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path in ("/dev/null", str(fifo)):
        files = in_thread(load_aws_files, {"AWS_CONFIG_FILE": path}, tmp_path)
        assert isinstance(files, awsconfig.AwsFiles)
        assert not files.config_exists
        assert not files.profiles


@pytest.mark.parametrize(
    "text",
    [
        "[default]\nregion = us-east-1\n[profile bad\x00name]\nregion = x\n",
        "[default]\nregion = us-east-1\n[profile ok]\nregion = a\x00b\n",
        "[default]\nregion = us-east-1\n\x00\x00\x00\x00\n",
    ],
)
def test_nul_is_a_config_error_with_its_line(tmp_path: Path, text: str) -> None:
    write(tmp_path / ".aws" / "config", text)
    with pytest.raises(ConfigFileError, match="NUL") as info:
        load_aws_files({}, tmp_path)
    assert info.value.line == text.count("\n", 0, text.index("\x00")) + 1


def test_home_unknown_needs_both_variables(tmp_path: Path) -> None:
    config = write(tmp_path / "config", "[default]\nregion = us-east-1\n")
    with pytest.raises(ConfigFileError, match="HOME is not set"):
        load_aws_files({}, NO_HOME)
    with pytest.raises(ConfigFileError, match="AWS_SHARED_CREDENTIALS_FILE"):
        load_aws_files({"AWS_CONFIG_FILE": str(config)}, NO_HOME)
    env = {"AWS_CONFIG_FILE": str(config), "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "c")}
    files = load_aws_files(env, NO_HOME)
    assert list(files.profiles) == ["default"]
    # No home, so no cache the AWS CLI could find: nothing is read relative to the cwd.
    assert read_login_cache("arn:aws:iam::1:user/x", env, NO_HOME) is None
    assert find_sso_cache(URL, None, NO_HOME) is None
    assert scan_sso_cache(NO_HOME).by_name == {}


def test_environment_without_a_home(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert Environment.from_os().home == NO_HOME


def test_unknown_user_tilde_is_kept_as_written(tmp_path: Path) -> None:
    # Path.expanduser raises for "~nosuchuser"; botocore's os.path.expanduser keeps it.
    files = load_aws_files(
        {"AWS_CONFIG_FILE": "~nosuchuser-awslogin/config", "AWS_SHARED_CREDENTIALS_FILE": "x"},
        tmp_path,
    )
    assert str(files.config_path) == "~nosuchuser-awslogin/config"


# --------------------------------------------------------------------------- token caches


def sso_name(key: str) -> str:
    return hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest() + ".json"


@pytest.mark.parametrize(
    "expires",
    [
        "0001-01-01T00:00:00+05:00",  # OverflowError in astimezone
        "9999-12-31T23:59:59-05:00",
        "9999-12-31T23:59:59Z",
        "1969-12-31T23:59:59Z",
        "+10000-01-01T00:00:00Z",
    ],
)
def test_expiry_out_of_range_is_unknown(tmp_path: Path, expires: str) -> None:
    token = {"startUrl": URL, "expiresAt": expires}
    write(tmp_path / ".aws" / "sso" / "cache" / sso_name("corp"), json.dumps(token))
    info = find_sso_cache(URL, "corp", tmp_path)
    assert info is not None and info.readable
    assert info.expires_at is None


def test_expiry_with_offset_in_range(tmp_path: Path) -> None:
    token = {"startUrl": URL, "expiresAt": "2030-01-01T05:00:00+05:00"}
    write(tmp_path / ".aws" / "sso" / "cache" / sso_name("corp"), json.dumps(token))
    info = find_sso_cache(URL, "corp", tmp_path)
    assert info is not None
    assert info.expires_at == datetime(2030, 1, 1, tzinfo=UTC)


def test_json_nested_100000_deep(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    write(tmp_path / ".aws" / "sso" / "cache" / sso_name("corp"), deep)
    info = find_sso_cache(URL, "corp", tmp_path)
    assert info is not None and not info.readable
    assert info.problem == "is not a JSON object"
    assert parse_identity(deep) is None
    assert parse_identity('{"Account": ' * 100_000) is None


def test_lone_surrogate_in_a_login_session(tmp_path: Path) -> None:
    # The cache key of a name holding "\udcff" (from JSON) must not raise.
    assert read_login_cache("arn:aws:iam::1:user/\udcff", {}, tmp_path) is None


def test_root_owned_login_cache_is_a_problem_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / ".aws" / "login" / "cache" / "x.json", "{}")
    _refuse_stat_under(monkeypatch, tmp_path / ".aws" / "login")
    info = read_login_cache("arn:aws:iam::1:user/x", {}, tmp_path)
    assert info is not None and not info.readable
    assert info.problem == "permission denied"
    assert info.fix == CHOWN_FIX


def test_unlistable_sso_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".aws" / "sso" / "cache").mkdir(parents=True)

    def refuse(_path: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(awsconfig.os, "scandir", refuse)
    index = scan_sso_cache(tmp_path)
    assert index.problem == "permission denied"
    assert find_sso_cache(URL, None, tmp_path, index) is None


@POSIX
def test_scan_skips_what_is_not_a_file(tmp_path: Path) -> None:
    cache = tmp_path / ".aws" / "sso" / "cache"
    write(cache / "good.json", json.dumps({"startUrl": URL, "expiresAt": "2030-01-01T00:00:00Z"}))
    os.mkfifo(cache / "pipe.json")
    (cache / "zero.json").symlink_to("/dev/zero")
    (cache / "dir.json").mkdir()
    index = in_thread(scan_sso_cache, tmp_path)
    assert isinstance(index, awsconfig.SsoCacheIndex)
    assert sorted(e.path.name for e in index.skipped) == ["dir.json", "pipe.json", "zero.json"]
    found = find_sso_cache(URL, "other-session", tmp_path, index)
    assert found is not None and found.path.name == "good.json"


def test_sso_cache_is_read_once_for_all_profiles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`status` with N SSO profiles and N cache files opens each file once (it was N*N)."""
    from awslogin_helper import status as status_module

    count = 60
    cache = tmp_path / ".aws" / "sso" / "cache"
    config = io.StringIO()
    for number in range(count):
        url = f"https://corp{number}.awsapps.com/start"
        token = {"startUrl": f"https://other{number}.example/start", "expiresAt": "2030-01-01Z"}
        write(cache / f"other-tool-{number}.json", json.dumps(token))
        config.write(
            f"[profile p{number}]\nsso_start_url = {url}\nsso_region = us-east-1\n"
            f"sso_account_id = 111111111111\nsso_role_name = R\n"
        )
    write(tmp_path / ".aws" / "config", config.getvalue())
    env = Environment(vars={"PATH": ""}, home=tmp_path)
    files = load_aws_files(env.vars, env.home)

    opened: list[str] = []
    real_os_open, real_io_open = os.open, io.open

    def counting_os_open(path: object, *args: object, **kwargs: object) -> int:
        opened.append(str(path))
        return real_os_open(path, *args, **kwargs)  # type: ignore[arg-type]

    def counting_io_open(path: object, *args: object, **kwargs: object) -> object:
        opened.append(str(path))
        return real_io_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "open", counting_os_open)
    monkeypatch.setattr(io, "open", counting_io_open)
    ui, _buffer = make_ui()
    report = status_module.collect(
        env,
        _NoRunner(),  # type: ignore[arg-type]
        ui,
        files,
        None,
        datetime(2029, 1, 1, tzinfo=UTC),
    )
    monkeypatch.undo()
    assert len(report.profiles) == count
    cache_opens = [p for p in opened if "sso" in p and p.endswith(".json")]
    assert len(cache_opens) <= count, f"{len(cache_opens)} opens for {count} files"


class _NoRunner:
    """No aws on PATH, so nothing may run."""

    def run(self, *_args: object, **_kwargs: object) -> object:
        raise AssertionError("nothing should run")

    def cancel_all(self) -> None:
        pass


# --------------------------------------------------------------------------- property tests


_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Bytes that look like INI files often enough to reach the parser's deeper paths.
_INI_BYTES = st.one_of(
    st.binary(max_size=400),
    st.lists(
        st.sampled_from(
            [
                b"[default]\n",
                b"[profile a b]\n",
                b"[profile \x00]\n",
                b"[sso-session s]\n",
                b"region = x\n",
                b"  nested = y\n",
                b"key\n",
                b"= v\n",
                b"\xef\xbb\xbf",
                b"\xff\xfe",
                b"\r\n",
                b"\x1b[2K",
                b"[",
                b"]",
                b"login_session = arn\n",
            ]
        ),
        max_size=12,
    ).map(b"".join),
)


@_SETTINGS
@given(config=_INI_BYTES, credentials=_INI_BYTES)
def test_any_bytes_as_config_load_or_raise_config_file_error(
    tmp_path: Path, config: bytes, credentials: bytes
) -> None:
    write(tmp_path / ".aws" / "config", config)
    write(tmp_path / ".aws" / "credentials", credentials)
    error: ConfigFileError | None = None
    try:
        files = load_aws_files({}, tmp_path)
    except ConfigFileError as exc:  # the documented refusal; anything else fails the test
        error = exc
    if error is not None:
        assert error.path in (tmp_path / ".aws" / "config", tmp_path / ".aws" / "credentials")
        assert str(error)
        return
    for profile in files.profiles.values():
        awsconfig.credential_kind(profile, files)
        repr(profile)


_JSON_BYTES = st.one_of(
    st.binary(max_size=300),
    st.recursive(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.text(max_size=20),
            st.sampled_from(["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", URL]),
        ),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(
                st.sampled_from(["startUrl", "expiresAt", "accessToken", "x"]), inner, max_size=4
            ),
        ),
        max_leaves=12,
    ).map(lambda value: json.dumps(value).encode()),
)


@_SETTINGS
@given(document=_JSON_BYTES)
def test_any_bytes_as_a_cache_file_never_raise(tmp_path: Path, document: bytes) -> None:
    write(tmp_path / ".aws" / "sso" / "cache" / sso_name("corp"), document)
    session = "arn:aws:iam::1:user/x"
    login = tmp_path / ".aws" / "login" / "cache"
    write(login / (hashlib.sha256(session.encode()).hexdigest() + ".json"), document)
    for info in (
        find_sso_cache(URL, "corp", tmp_path),
        find_sso_cache(URL, None, tmp_path, scan_sso_cache(tmp_path)),
        read_login_cache(session, {}, tmp_path),
    ):
        if info is not None and info.expires_at is not None:
            assert info.expires_at.tzinfo is not None
            info.expires_at - datetime.now(UTC)
