"""Tests for awslogin_helper.awsconfig: reading the AWS config files like botocore does."""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from awslogin_helper import awsconfig
from awslogin_helper.awsconfig import (
    AwsFiles,
    ConfigFileError,
    CredentialKind,
    Profile,
    config_paths,
    credential_kind,
    find_sso_cache,
    is_sso_profile,
    key_id_kind,
    load_aws_files,
    login_cache_dir,
    login_cache_file,
    login_refusal_kind,
    mask_key_id,
    partition_of,
    read_login_cache,
    resolve_region,
    sso_region,
    sso_start_url,
    validate_profile_name,
)

AKIA = "AKIAIOSFODNN7EXAMPLE"
ASIA = "ASIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TOKEN = "FwoGZXIvYXdzEXAMPLESESSIONTOKENVALUE"
SESSION_ARN = "arn:aws:iam::123456789012:user/Admin"

windows_only_skip = pytest.mark.skipif(
    sys.platform == "win32", reason="POSIX permission bits do not apply on Windows"
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def setup_files(home: Path, config: str | None = None, credentials: str | None = None) -> AwsFiles:
    if config is not None:
        write(home / ".aws" / "config", config)
    if credentials is not None:
        write(home / ".aws" / "credentials", credentials)
    return load_aws_files({}, home)


def profile_of(files: AwsFiles, name: str) -> Profile:
    profile = files.profile(name)
    assert profile is not None, f"profile {name!r} missing; have {list(files.profiles)}"
    return profile


def kind_of(home: Path, name: str, config: str = "", credentials: str | None = None) -> str:
    files = setup_files(home, config, credentials)
    return credential_kind(profile_of(files, name), files)


# --------------------------------------------------------------------------- paths


def test_config_paths_default(tmp_path: Path) -> None:
    assert config_paths({}, tmp_path) == (
        tmp_path / ".aws" / "config",
        tmp_path / ".aws" / "credentials",
    )


def test_config_paths_from_env_with_tilde_and_vars(tmp_path: Path) -> None:
    env = {
        "AWS_CONFIG_FILE": "~/custom/cfg",
        "AWS_SHARED_CREDENTIALS_FILE": "$CREDDIR/creds",
        "CREDDIR": str(tmp_path / "elsewhere"),
    }
    assert config_paths(env, tmp_path) == (
        tmp_path / "custom" / "cfg",
        tmp_path / "elsewhere" / "creds",
    )


def test_env_file_locations_are_used_for_loading(tmp_path: Path) -> None:
    write(tmp_path / "c1", "[profile envcfg]\nregion = eu-west-1\n")
    write(tmp_path / "c2", f"[envcred]\naws_access_key_id = {AKIA}\n")
    write(tmp_path / ".aws" / "config", "[profile ignored]\n")
    env = {"AWS_CONFIG_FILE": str(tmp_path / "c1"), "AWS_SHARED_CREDENTIALS_FILE": "~/c2"}
    files = load_aws_files(env, tmp_path)
    assert list(files.profiles) == ["envcfg", "envcred"]
    assert files.config_path == tmp_path / "c1"
    assert files.credentials_exists


def test_missing_files_are_empty(tmp_path: Path) -> None:
    files = load_aws_files({}, tmp_path)
    assert not files.config_exists
    assert not files.credentials_exists
    assert dict(files.profiles) == {}
    assert files.profile("default") is None


# --------------------------------------------------------------------------- sections


def test_config_section_kinds(tmp_path: Path) -> None:
    files = setup_files(
        tmp_path,
        config=(
            "[default]\nregion = us-east-1\n\n"
            "[profile dev]\nregion = eu-west-1\n\n"
            "[bare]\nregion = ap-south-1\n\n"
            "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
            "sso_region = eu-central-1\n\n"
            "[services myservices]\ns3 =\n  endpoint_url = http://localhost:4566\n\n"
            '[profile "with space"]\nregion = us-west-2\n'
        ),
    )
    assert list(files.profiles) == ["default", "dev", "with space"]
    assert "bare" not in files.profiles
    assert list(files.sso_sessions) == ["corp"]
    dev = profile_of(files, "dev")
    assert dev.get("region") == "eu-west-1"
    assert dev.in_config
    assert not dev.in_credentials
    assert dev.config_line == 4
    assert profile_of(files, "default").config_line == 1


def test_profile_section_with_extra_words_is_ignored(tmp_path: Path) -> None:
    files = setup_files(tmp_path, config="[profile a b]\nregion = x\n[profile]\nregion = y\n")
    assert dict(files.profiles) == {}


def test_later_duplicate_profile_replaces_earlier_whole(tmp_path: Path) -> None:
    # "[default]" and "[profile default]" are distinct sections for configparser; botocore
    # maps both to "default" and the later one wins without merging.
    files = setup_files(
        tmp_path,
        config="[default]\nregion = us-east-1\noutput = json\n\n[profile default]\nregion = x\n",
    )
    default = profile_of(files, "default")
    assert dict(default.settings) == {"region": "x"}
    assert default.config_line == 5


def test_credentials_file_sections_are_profiles(tmp_path: Path) -> None:
    files = setup_files(
        tmp_path,
        config="[profile dev]\nregion = eu-west-1\n",
        credentials=(
            f"[default]\naws_access_key_id = {AKIA}\naws_secret_access_key = {SECRET}\n"
            f"[profile odd]\naws_access_key_id = {AKIA}\n"
            f"[dev]\naws_access_key_id = {AKIA}\n"
        ),
    )
    # Config order first, then the credentials-only ones in file order.
    assert list(files.profiles) == ["dev", "default", "profile odd"]
    default = profile_of(files, "default")
    assert default.in_credentials
    assert not default.in_config
    assert default.config_line is None
    assert default.credentials_line == 1
    dev = profile_of(files, "dev")
    assert dev.in_config
    assert dev.in_credentials


def test_credentials_file_overrides_config(tmp_path: Path) -> None:
    files = setup_files(
        tmp_path,
        config="[profile dev]\nregion = eu-west-1\noutput = json\n",
        credentials="[dev]\nregion = us-west-2\n",
    )
    dev = profile_of(files, "dev")
    assert dev.get("region") == "us-west-2"
    assert dev.get("output") == "json"
    assert dev.config_settings["region"] == "eu-west-1"


def test_ini_details_match_configparser(tmp_path: Path) -> None:
    files = setup_files(
        tmp_path,
        config=(
            "# comment\n; another\n[default]\nRegion = us-east-1 # not a comment\n"
            "output: json\ns3 =\n  max_concurrent_requests = 10\n  addressing_style = path\n"
        ),
    )
    default = profile_of(files, "default")
    assert default.settings["region"] == "us-east-1 # not a comment"
    assert default.get("REGION") == "us-east-1 # not a comment"
    assert default.get("output") == "json"
    assert default.get("s3") == "\nmax_concurrent_requests = 10\naddressing_style = path"


def test_default_section_values_reach_every_section(tmp_path: Path) -> None:
    files = setup_files(tmp_path, config="[DEFAULT]\nregion = eu-north-1\n[profile a]\nx = 1\n")
    assert profile_of(files, "a").get("region") == "eu-north-1"
    assert "DEFAULT" not in files.profiles


# --------------------------------------------------------------------------- malformed files


@pytest.mark.parametrize(
    ("text", "line", "reason_part"),
    [
        ("region = us-east-1\n[default]\n", 1, "outside any section"),
        ("[default]\nregion = x\n[profile dev\noutput = y\n", 3, "no closing ']'"),
        ("[default]\nregion = x\n\n[default]\n", 4, "appears twice (first on line 1)"),
        ("[default]\nregion = x\nRegion = y\n", 3, "'region' appears twice"),
        (f"[default]\n{SECRET}\n", 2, "not a section header"),
        ("[default]\ns3 =\n  not nested\n", 2, "nested block"),
        ("\ufeff[default]\nregion = x\n", 1, "byte order mark"),
    ],
)
def test_malformed_config_names_file_and_line(
    tmp_path: Path, text: str, line: int, reason_part: str
) -> None:
    path = write(tmp_path / ".aws" / "config", text)
    with pytest.raises(ConfigFileError) as info:
        load_aws_files({}, tmp_path)
    err = info.value
    assert err.path == path
    assert err.line == line
    assert reason_part in err.reason
    assert str(err).startswith(f"{path}, line {line}: ")
    assert SECRET not in str(err)


def test_malformed_credentials_file(tmp_path: Path) -> None:
    path = write(tmp_path / ".aws" / "credentials", f"aws_secret_access_key = {SECRET}\n")
    with pytest.raises(ConfigFileError) as info:
        load_aws_files({}, tmp_path)
    assert info.value.path == path
    assert info.value.line == 1
    assert SECRET not in str(info.value)


def test_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / ".aws" / "config"
    path.parent.mkdir()
    path.write_bytes(b"[default]\nregion = x\nname = \xff\n")
    with pytest.raises(ConfigFileError) as info:
        load_aws_files({}, tmp_path)
    assert info.value.line == 3


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / ".aws" / "config", "[default]\n")

    def refuse(*_args: object, **_kwargs: object) -> int:
        raise PermissionError(13, "Permission denied", str(path))

    # chmod 000 does not stop root, so simulate the refusal (every AWS file is read via os.open
    # in safeio; tests/test_safe_reads.py covers the rest).
    monkeypatch.setattr("awslogin_helper.edges.safeio.os.open", refuse)
    with pytest.raises(ConfigFileError) as info:
        load_aws_files({}, tmp_path)
    assert info.value.line is None
    assert str(info.value).startswith(f"{path}: cannot read the file: permission denied")
    assert info.value.fix == 'sudo chown -R "$USER" ~/.aws'


def test_error_str_without_line() -> None:
    err = ConfigFileError(Path("/x/config"), None, "cannot read the file")
    assert str(err) == f"{Path('/x/config')}: cannot read the file"


# --------------------------------------------------------------------------- kinds


@pytest.mark.parametrize(
    ("config", "credentials", "expected"),
    [
        (f"[default]\nlogin_session = {SESSION_ARN}\n", None, CredentialKind.LOGIN),
        ("[default]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n", None, "sso"),
        ("[default]\nsso_start_url = https://x/start\nsso_role_name = R\n", None, "sso"),
        ("[default]\nsso_session = corp\n", None, CredentialKind.SSO),
        ("", f"[default]\naws_access_key_id = {AKIA}\n", CredentialKind.LONG_TERM_KEYS),
        ("", "[default]\naws_access_key_id = XXXXEXAMPLE1234\n", CredentialKind.LONG_TERM_KEYS),
        ("", f"[default]\naws_access_key_id = {ASIA}\n", CredentialKind.TEMPORARY_KEYS),
        (
            "",
            f"[default]\naws_access_key_id = {AKIA}\naws_session_token = {TOKEN}\n",
            CredentialKind.TEMPORARY_KEYS,
        ),
        (
            "",
            f"[default]\naws_access_key_id = {AKIA}\naws_security_token = {TOKEN}\n",
            CredentialKind.TEMPORARY_KEYS,
        ),
        (f"[default]\naws_access_key_id = {AKIA}\n", None, CredentialKind.LONG_TERM_KEYS),
        ("[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = b\n", None, "assume-role"),
        (
            "[default]\nrole_arn = arn:aws:iam::1:role/r\nweb_identity_token_file = /t\n",
            None,
            CredentialKind.WEB_IDENTITY,
        ),
        ("[default]\ncredential_process = /bin/creds\n", None, CredentialKind.PROCESS),
        ("[default]\nregion = us-east-1\n", None, CredentialKind.NONE),
    ],
)
def test_credential_kind(
    tmp_path: Path, config: str, credentials: str | None, expected: str
) -> None:
    assert kind_of(tmp_path, "default", config, credentials) == expected


def test_kind_precedence_credentials_file_keys_beat_login(tmp_path: Path) -> None:
    kind = kind_of(
        tmp_path,
        "default",
        f"[default]\nlogin_session = {SESSION_ARN}\n",
        f"[default]\naws_access_key_id = {AKIA}\naws_secret_access_key = {SECRET}\n",
    )
    assert kind == CredentialKind.LONG_TERM_KEYS


def test_kind_precedence_login_beats_config_file_keys(tmp_path: Path) -> None:
    kind = kind_of(
        tmp_path,
        "default",
        f"[default]\naws_access_key_id = {AKIA}\nlogin_session = {SESSION_ARN}\n",
    )
    assert kind == CredentialKind.LOGIN


def test_kind_precedence_login_beats_process(tmp_path: Path) -> None:
    config = f"[default]\ncredential_process = /bin/c\nlogin_session = {SESSION_ARN}\n"
    assert kind_of(tmp_path, "default", config) == CredentialKind.LOGIN


def test_kind_precedence_role_beats_everything(tmp_path: Path) -> None:
    config = (
        "[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n"
        f"sso_account_id = 1\nsso_role_name = R\nlogin_session = {SESSION_ARN}\n"
    )
    assert kind_of(tmp_path, "default", config, f"[default]\naws_access_key_id = {AKIA}\n") == (
        CredentialKind.ASSUME_ROLE
    )


def test_kind_precedence_sso_beats_keys_and_login(tmp_path: Path) -> None:
    config = f"[default]\nsso_account_id = 1\nsso_role_name = R\nlogin_session = {SESSION_ARN}\n"
    creds = f"[default]\naws_access_key_id = {AKIA}\n"
    assert kind_of(tmp_path, "default", config, creds) == CredentialKind.SSO


def test_kind_sso_session_only_loses_to_login(tmp_path: Path) -> None:
    config = f"[default]\nsso_session = corp\nlogin_session = {SESSION_ARN}\n"
    assert kind_of(tmp_path, "default", config) == CredentialKind.LOGIN


def test_kind_token_must_come_from_same_file_as_key(tmp_path: Path) -> None:
    kind = kind_of(
        tmp_path,
        "default",
        f"[default]\naws_session_token = {TOKEN}\n",
        f"[default]\naws_access_key_id = {AKIA}\n",
    )
    assert kind == CredentialKind.LONG_TERM_KEYS


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"web_identity_token_file": "/t", "aws_access_key_id": AKIA}, "Web Identity"),
        ({"sso_role_name": "R"}, "SSO"),
        ({"sso_account_id": "1", "aws_access_key_id": AKIA}, "SSO"),
        ({"sso_session": "corp"}, None),
        ({"sso_start_url": "https://x/start"}, None),
        ({"aws_access_key_id": AKIA, "role_arn": "r"}, "Access Key"),
        ({"role_arn": "r", "credential_process": "c"}, "Assume Role"),
        ({"credential_process": "c"}, "Credential Process"),
        ({"login_session": SESSION_ARN, "region": "us-east-1"}, None),
        ({}, None),
    ],
)
def test_login_refusal_kind(settings: dict[str, str], expected: str | None) -> None:
    profile = Profile("p", settings, True, False, 1)
    assert login_refusal_kind(profile) == expected


def test_login_refusal_uses_merged_files(tmp_path: Path) -> None:
    files = setup_files(
        tmp_path,
        config="[profile dev]\nregion = eu-west-1\n",
        credentials=f"[dev]\naws_access_key_id = {AKIA}\n",
    )
    assert login_refusal_kind(profile_of(files, "dev")) == "Access Key"


# --------------------------------------------------------------------------- SSO


SSO_CONFIG = (
    "[profile new]\nsso_session = corp\nsso_account_id = 111122223333\n"
    "sso_role_name = Dev\n\n"
    "[profile legacy]\nsso_start_url = https://legacy.awsapps.com/start\n"
    "sso_region = us-west-2\nsso_account_id = 111122223333\nsso_role_name = Dev\n\n"
    "[profile dangling]\nsso_session = nope\n\n"
    "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
    "sso_region = eu-central-1\n"
)


def test_sso_resolution(tmp_path: Path) -> None:
    files = setup_files(tmp_path, config=SSO_CONFIG)
    new = profile_of(files, "new")
    legacy = profile_of(files, "legacy")
    dangling = profile_of(files, "dangling")
    assert sso_start_url(new, files) == "https://corp.awsapps.com/start"
    assert sso_region(new, files) == "eu-central-1"
    assert sso_start_url(legacy, files) == "https://legacy.awsapps.com/start"
    assert sso_region(legacy, files) == "us-west-2"
    assert sso_start_url(dangling, files) is None
    assert all(is_sso_profile(p) for p in (new, legacy, dangling))
    assert files.sso_sessions["corp"].config_line == 15


def test_is_sso_profile_false_for_keys() -> None:
    assert not is_sso_profile(Profile("p", {"aws_access_key_id": AKIA}, False, True, None))


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def _write_json(path: Path, document: dict[str, Any], mode: int = 0o600) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document), encoding="utf-8")
    path.chmod(mode)
    return path


def test_find_sso_cache_by_session_name(tmp_path: Path) -> None:
    cache = tmp_path / ".aws" / "sso" / "cache"
    path = _write_json(
        cache / f"{_sha1('corp')}.json",
        {"startUrl": "https://corp.awsapps.com/start", "expiresAt": "2030-01-02T03:04:05Z"},
    )
    # A fresher file under the legacy (URL) name must not be preferred over the session's file.
    url = "https://corp.awsapps.com/start"
    _write_json(
        cache / f"{_sha1(url)}.json", {"startUrl": url, "expiresAt": "2035-01-01T00:00:00Z"}
    )
    info = find_sso_cache(url, "corp", tmp_path)
    assert info is not None
    assert info.path == path
    assert info.expires_at == datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_find_sso_cache_legacy_by_url_with_utc_suffix(tmp_path: Path) -> None:
    url = "https://legacy.awsapps.com/start"
    cache = tmp_path / ".aws" / "sso" / "cache"
    path = _write_json(
        cache / f"{_sha1(url)}.json", {"startUrl": url, "expiresAt": "2030-01-02T03:04:05UTC"}
    )
    info = find_sso_cache(url, None, tmp_path)
    assert info is not None
    assert info.path == path
    assert info.expires_at == datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    # A session name selects a different file name, so the legacy file is found by scanning.
    assert find_sso_cache("https://other/start", "corp", tmp_path) is None


def test_find_sso_cache_scans_for_start_url(tmp_path: Path) -> None:
    url = "https://scan.awsapps.com/start"
    cache = tmp_path / ".aws" / "sso" / "cache"
    _write_json(cache / "old.json", {"startUrl": url, "expiresAt": "2020-01-01T00:00:00Z"})
    newest = _write_json(cache / "new.json", {"startUrl": url, "expiresAt": "2031-01-01T00:00:00Z"})
    _write_json(cache / "client.json", {"clientId": "x", "clientSecret": "y"})
    (cache / "broken.json").write_text("{", encoding="utf-8")
    info = find_sso_cache(url + "/", "unknown-session", tmp_path)
    assert info is not None
    assert info.path == newest
    assert info.readable


def test_find_sso_cache_missing(tmp_path: Path) -> None:
    assert find_sso_cache("https://x/start", None, tmp_path) is None


# --------------------------------------------------------------------------- login cache


def test_login_cache_dir_default_and_env(tmp_path: Path) -> None:
    assert login_cache_dir({}, tmp_path) == tmp_path / ".aws" / "login" / "cache"
    env = {"AWS_LOGIN_CACHE_DIRECTORY": "~/${SUB}/c", "SUB": "x"}
    assert login_cache_dir(env, tmp_path) == tmp_path / "x" / "c"


def test_login_cache_file_name_is_sha256(tmp_path: Path) -> None:
    digest = hashlib.sha256(SESSION_ARN.encode()).hexdigest()
    assert login_cache_file(SESSION_ARN, {}, tmp_path) == (
        tmp_path / ".aws" / "login" / "cache" / f"{digest}.json"
    )


def _login_document(expires: object) -> dict[str, Any]:
    return {
        "accessToken": {
            "accessKeyId": ASIA,
            "secretAccessKey": SECRET,
            "sessionToken": TOKEN,
            "accountId": "123456789012",
            "expiresAt": expires,
        },
        "tokenType": "aws_sigv4",
        "refreshToken": "REFRESHTOKENEXAMPLE",
        "dpopKey": "-----BEGIN EC PRIVATE KEY-----\nEXAMPLE\n-----END EC PRIVATE KEY-----\n",
    }


@windows_only_skip
def test_read_login_cache_expiry_and_private_mode(tmp_path: Path) -> None:
    path = _write_json(
        login_cache_file(SESSION_ARN, {}, tmp_path), _login_document("2030-05-06T07:08:09Z")
    )
    info = read_login_cache(SESSION_ARN, {}, tmp_path)
    assert info is not None
    assert info.path == path
    assert info.readable
    assert info.expires_at == datetime(2030, 5, 6, 7, 8, 9, tzinfo=UTC)
    assert not info.world_or_group_readable
    for secret in (SECRET, TOKEN, ASIA, "REFRESHTOKENEXAMPLE", "PRIVATE KEY"):
        assert secret not in repr(info)


@windows_only_skip
def test_read_login_cache_warns_on_0644(tmp_path: Path) -> None:
    _write_json(
        login_cache_file(SESSION_ARN, {}, tmp_path),
        _login_document("2030-05-06T07:08:09Z"),
        mode=0o644,
    )
    info = read_login_cache(SESSION_ARN, {}, tmp_path)
    assert info is not None
    assert info.world_or_group_readable


def test_read_login_cache_missing_and_bad(tmp_path: Path) -> None:
    assert read_login_cache(SESSION_ARN, {}, tmp_path) is None
    path = login_cache_file(SESSION_ARN, {}, tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("not json", encoding="utf-8")
    info = read_login_cache(SESSION_ARN, {}, tmp_path)
    assert info is not None
    assert not info.readable
    assert info.expires_at is None


def test_read_login_cache_bad_expiry(tmp_path: Path) -> None:
    _write_json(login_cache_file(SESSION_ARN, {}, tmp_path), _login_document("soon"))
    info = read_login_cache(SESSION_ARN, {}, tmp_path)
    assert info is not None
    assert info.readable
    assert info.expires_at is None


def test_read_login_cache_uses_env_directory(tmp_path: Path) -> None:
    env = {"AWS_LOGIN_CACHE_DIRECTORY": str(tmp_path / "elsewhere")}
    digest = hashlib.sha256(SESSION_ARN.encode()).hexdigest()
    _write_json(tmp_path / "elsewhere" / f"{digest}.json", _login_document("2030-01-01T00:00:00Z"))
    assert read_login_cache(SESSION_ARN, {}, tmp_path) is None
    assert read_login_cache(SESSION_ARN, env, tmp_path) is not None


# --------------------------------------------------------------------------- region


@pytest.fixture
def region_files(tmp_path: Path) -> AwsFiles:
    return setup_files(
        tmp_path,
        config="[default]\nregion = eu-west-1\n[profile noregion]\noutput = json\n",
    )


def test_region_order(region_files: AwsFiles) -> None:
    env = {"AWS_REGION": "us-east-2", "AWS_DEFAULT_REGION": "us-west-1"}
    assert resolve_region("default", region_files, env, "ap-south-1") == ("ap-south-1", "--region")
    assert resolve_region("default", region_files, env, None) == ("us-east-2", "AWS_REGION")
    assert resolve_region("default", region_files, {"AWS_DEFAULT_REGION": "us-west-1"}, None) == (
        "us-west-1",
        "AWS_DEFAULT_REGION",
    )
    assert resolve_region("default", region_files, {}, None) == ("eu-west-1", "profile default")
    assert resolve_region("noregion", region_files, {}, None) == (None, "not set")
    assert resolve_region("missing", region_files, {}, None) == (None, "not set")


def test_region_set_but_empty_env_still_wins(region_files: AwsFiles) -> None:
    assert resolve_region("default", region_files, {"AWS_REGION": ""}, None) == (
        None,
        "AWS_REGION",
    )


@pytest.mark.parametrize(
    ("region", "partition"),
    [
        (None, "aws"),
        ("", "aws"),
        ("us-east-1", "aws"),
        ("eu-central-1", "aws"),
        ("us-gov-west-1", "aws-us-gov"),
        ("cn-north-1", "aws-cn"),
        ("cn-northwest-1", "aws-cn"),
        ("us-iso-east-1", "aws-iso"),
        ("us-isob-east-1", "aws-iso-b"),
        ("US-GOV-EAST-1", "aws-us-gov"),
    ],
)
def test_partition_of(region: str | None, partition: str) -> None:
    assert partition_of(region) == partition


# --------------------------------------------------------------------------- keys


def test_key_id_kind() -> None:
    assert key_id_kind(AKIA) == "long-term"
    assert key_id_kind(ASIA) == "temporary"
    assert key_id_kind("AROAEXAMPLE") == "unknown"
    assert key_id_kind("") == "unknown"
    assert key_id_kind(None) == "unknown"


def test_mask_key_id() -> None:
    assert mask_key_id(AKIA) == "****MPLE"
    assert mask_key_id("") == "****"
    assert mask_key_id("AKIA") == "****"


def test_credential_env_vars() -> None:
    assert awsconfig.CREDENTIAL_ENV_VARS == (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
    )


def test_repr_never_shows_secrets(tmp_path: Path) -> None:
    files = setup_files(
        tmp_path,
        config="[default]\ncredential_process = /bin/creds --password hunter2\n",
        credentials=(
            f"[default]\naws_access_key_id = {AKIA}\naws_secret_access_key = {SECRET}\n"
            f"aws_session_token = {TOKEN}\naws_security_token = {TOKEN}\nregion = us-east-1\n"
        ),
    )
    for text in (repr(files), repr(profile_of(files, "default")), str(files)):
        assert SECRET not in text
        assert TOKEN not in text
        assert AKIA not in text
        assert "hunter2" not in text
    shown = repr(profile_of(files, "default"))
    assert "****MPLE" in shown
    assert "us-east-1" in shown


# --------------------------------------------------------------------------- profile names


@pytest.mark.parametrize(
    "name", ["default", "dev", "Dev-1", "a", "team_x.prod+ro", "me@corp", "9lives", "a" * 64]
)
def test_valid_profile_names(name: str) -> None:
    assert validate_profile_name(name) is None


@pytest.mark.parametrize(
    ("name", "message_part"),
    [
        ("", "empty"),
        ("my profile", "No spaces"),
        (" dev", "No spaces"),
        ("dev\n", "No spaces"),
        ("a" * 65, "65 characters"),
        ("-dev", "Start with a letter or digit"),
        (".hidden", "Start with a letter or digit"),
        ("dev;rm", "';'"),
        ("a|b", "'|'"),
        ("a&b", "'&'"),
        ("$HOME", "'$'"),
        ("a`b`", "'`'"),
        ("a<b", "'<'"),
        ("a(b)", "'('"),
        ("it's", '"\'"'),
        ('a"b', "'\"'"),
        ("a\\b", "'\\\\'"),
        ("a*", "'*'"),
        ("a?", "'?'"),
        ("a!", "'!'"),
        ("a#b", "'#'"),
        ("[dev]", "'['"),
        ("dev]", "']'"),
        ("dév", "'é'"),
    ],
)
def test_invalid_profile_names(name: str, message_part: str) -> None:
    message = validate_profile_name(name)
    assert message is not None
    assert message_part in message
    assert "letters, digits" in message
    # The prompt shows it on one line of an 80-column terminal.
    assert len(message) <= 78, message
    assert message.endswith(".")


# --------------------------------------------------------------------------- botocore oracle


ORACLE_CONFIG = (
    "[DEFAULT]\noutput = text\n"
    "[default]\nregion = us-east-1\n"
    "[profile dev]\nregion = eu-west-1\nlogin_session = arn:aws:iam::1:user/a\n"
    "[bare]\nregion = x\n"
    '[profile "quoted name"]\nregion = y\n'
    "[profile a b]\nregion = z\n"
    "[profile default]\nfoo = bar\n"
    "[sso-session corp]\nsso_start_url = https://corp/start\n"
    "[profile nested]\ns3 =\n  max_concurrent_requests = 10\n"
)
ORACLE_CREDENTIALS = (
    f"[dev]\naws_access_key_id = {AKIA}\nregion = us-west-2\n[credonly]\nregion = w\n"
)


def test_matches_botocore_full_config(tmp_path: Path) -> None:
    session_module = pytest.importorskip("botocore.session")
    config = write(tmp_path / "config", ORACLE_CONFIG)
    creds = write(tmp_path / "credentials", ORACLE_CREDENTIALS)
    session = session_module.Session()
    session.set_config_variable("config_file", str(config))
    session.set_config_variable("credentials_file", str(creds))
    expected = session.full_config
    env = {"AWS_CONFIG_FILE": str(config), "AWS_SHARED_CREDENTIALS_FILE": str(creds)}
    files = load_aws_files(env, tmp_path)

    assert list(files.profiles) == list(expected["profiles"])
    for name, values in expected["profiles"].items():
        ours = dict(profile_of(files, name).settings)
        # botocore turns nested blocks into dicts; we keep the raw string.
        theirs = {k: v for k, v in values.items() if isinstance(v, str)}
        assert {k: v for k, v in ours.items() if k in theirs} == theirs
        assert set(ours) == set(values)
    assert list(files.sso_sessions) == list(expected["sso_sessions"])


@pytest.mark.parametrize(
    "text",
    [
        "region = x\n",
        "[default]\nregion = x\n[default]\n",
        "[default]\nfoo\n",
        "[default]\ns3 =\n  bad\n",
        "\ufeff[default]\n",
    ],
)
def test_botocore_rejects_what_we_reject(tmp_path: Path, text: str) -> None:
    configloader = pytest.importorskip("botocore.configloader")
    exceptions = pytest.importorskip("botocore.exceptions")
    path = write(tmp_path / ".aws" / "config", text)
    with pytest.raises(exceptions.ConfigParseError):
        configloader.raw_config_parse(str(path))
    with pytest.raises(ConfigFileError):
        load_aws_files({}, tmp_path)


# ------------------------------------------------------------------ the login cache's key


def _sec1(scalar_bytes: int) -> str:
    """A SEC1 P-256 key's PEM with a private scalar of that many bytes (not a working key)."""
    import base64

    body = (
        b"\x02\x01\x01\x04" + bytes([scalar_bytes]) + b"\x01" * scalar_bytes
        + b"\xa0\x0a\x06\x08\x2a\x86\x48\xce\x3d\x03\x01\x07"
        + b"\xa1\x44\x03\x42\x00\x04" + b"\x02" * 64
    )  # fmt: skip
    text = base64.b64encode(b"\x30" + bytes([len(body)]) + body).decode()
    lines = "\n".join(text[i : i + 64] for i in range(0, len(text), 64))
    return f"-----BEGIN EC PRIVATE KEY-----\n{lines}\n-----END EC PRIVATE KEY-----\n"


@pytest.mark.parametrize(
    ("pem", "short"),
    [
        (_sec1(31), True),  # what awscrt writes for a scalar with a leading zero byte
        (_sec1(32), False),
        (
            "-----BEGIN EC PRIVATE KEY-----\nFAKESECRETnot base64\n-----END EC PRIVATE KEY-----",
            False,
        ),
        ("", False),
        (None, False),
        (12, False),
        ("A" * 100_000, False),  # never decoded: too long to be a key
    ],
)
def test_a_short_private_key_is_told_by_its_shape(pem: object, short: bool) -> None:
    assert awsconfig.short_private_key(pem) is short


def test_the_login_cache_tells_an_unreadable_key_and_keeps_no_secret(tmp_path: Path) -> None:
    session = "arn:aws:iam::123456789012:user/dev"
    cache = tmp_path / ".aws" / "login" / "cache"
    cache.mkdir(parents=True)
    document = {"accessToken": {"expiresAt": "2030-01-01T00:00:00Z"}, "dpopKey": _sec1(31)}
    name = hashlib.sha256(session.encode()).hexdigest() + ".json"
    (cache / name).write_text(json.dumps(document), encoding="utf-8")
    info = awsconfig.read_login_cache(session, {}, tmp_path)
    assert info is not None and info.key_unreadable
    assert "PRIVATE" not in repr(info)
    document["dpopKey"] = _sec1(32)
    (cache / name).write_text(json.dumps(document), encoding="utf-8")
    again = awsconfig.read_login_cache(session, {}, tmp_path)
    assert again is not None and not again.key_unreadable
