"""Editing the AWS files: surgical text edits (configtext) and safe writes (configedit).

Real files in tmp_path. What a user would notice: every byte outside the changed lines stays,
modes stay (0600 for secrets and new files), a crash or Ctrl-C leaves the originals, another
program's write is never overwritten, and a read-only folder gives a clear error.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from awslogin_helper.awsconfig import load_aws_files
from awslogin_helper.edges import configedit, configtext
from awslogin_helper.edges.configedit import Change, EditError, commit, read

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes and links")
NOW = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
AKIA = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYFAKESECRET"

CONFIG = textwrap.dedent(
    """\
    # my AWS settings; keep this comment
    [default]
    region = eu-west-1
    output=json

    ; a profile for the team
    [profile  dev]
    region: us-east-1
    s3 =
      max_concurrent_requests = 10

    # trailing comment
    """
).replace("eu-west-1\n", "eu-west-1   \n", 1)  # trailing blanks stay too
CREDENTIALS = textwrap.dedent(
    f"""\
    [default]
    # the old key, from 2019
    aws_access_key_id = {AKIA}
    aws_secret_access_key = {SECRET}

    [other]
    aws_access_key_id = AKIAOTHEROTHEROTHER1
    aws_secret_access_key = {SECRET}
    """
)


def write(path: Path, text: str, mode: int = 0o600) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode())
    path.chmod(mode)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".bak")))


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """A folder no one may write in: `chattr +i` for root (who ignores modes), else 0500."""
    if os.geteuid() == 0:
        if (
            not shutil.which("chattr")
            or subprocess.run(["chattr", "+i", str(folder)], check=False).returncode
        ):
            pytest.skip("root, and no chattr +i on this file system")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o500)
        try:
            yield
        finally:
            folder.chmod(0o700)


# --------------------------------------------------------------------------- configtext


def test_sections_are_found_as_botocore_names_them() -> None:
    sections = configtext.parse_sections(CONFIG)
    assert [s.header for s in sections] == ["default", "profile  dev"]
    dev = configtext.find_section(CONFIG, "dev", config=True)
    assert dev is not None and set(dev.keys) == {"region", "s3"}
    assert len(dev.keys["s3"]) == 2  # the continuation line belongs to its key
    assert configtext.find_section(CONFIG, "dev", config=False) is None
    assert configtext.find_section(CREDENTIALS, "other", config=False) is not None


def test_add_section_keeps_every_byte_before_it() -> None:
    after = configtext.add_section(CONFIG, "profile dev-process", [("region", "us-east-1")])
    assert after.startswith(CONFIG)
    assert after[len(CONFIG) :] == "\n[profile dev-process]\nregion = us-east-1\n"


def test_add_section_to_a_file_without_final_newline_and_with_crlf() -> None:
    text = "[default]\r\nregion = eu-west-1"
    after = configtext.add_section(text, "profile x", [("a", "b")])
    assert after == "[default]\r\nregion = eu-west-1\r\n\r\n[profile x]\r\na = b\r\n"
    assert configtext.add_section("", "default", [("a", "b")]) == "[default]\na = b\n"


def test_set_key_replaces_in_place_or_adds_after_the_last_key() -> None:
    dev = configtext.find_section(CONFIG, "dev", config=True)
    assert dev is not None
    replaced = configtext.set_key(CONFIG, dev, "region", "eu-central-1")
    assert replaced == CONFIG.replace("region: us-east-1", "region = eu-central-1")
    added = configtext.set_key(CONFIG, dev, "output", "text")
    assert added == CONFIG.replace(
        "max_concurrent_requests = 10\n", "max_concurrent_requests = 10\noutput = text\n"
    )


def test_comment_out_touches_only_the_key_lines(tmp_path: Path) -> None:
    section = configtext.find_section(CREDENTIALS, "default", config=False)
    assert section is not None
    after = configtext.comment_out(
        CREDENTIALS, section, configtext.SECRET_KEYS, "Commented out by test"
    )
    expected = CREDENTIALS.replace(
        f"aws_access_key_id = {AKIA}\naws_secret_access_key",
        f"# Commented out by test\n# aws_access_key_id = {AKIA}\n# aws_secret_access_key",
        1,
    )
    assert after == expected
    # What the AWS CLI reads now: no keys in [default], [other] untouched.
    write(tmp_path / "credentials", after)
    files = load_aws_files({"AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials")}, tmp_path)
    assert files.profiles["default"].get("aws_access_key_id") is None
    assert files.profiles["other"].get("aws_access_key_id") == "AKIAOTHEROTHEROTHER1"


def test_diff_masks_key_ids_and_hides_secrets() -> None:
    section = configtext.find_section(CREDENTIALS, "default", config=False)
    assert section is not None
    after = configtext.comment_out(CREDENTIALS, section, configtext.SECRET_KEYS, "marker")
    shown = "\n".join(configtext.masked_diff(CREDENTIALS, after, "~/.aws/credentials"))
    assert SECRET not in shown and AKIA not in shown and "FAKESECRET" not in shown
    assert "-aws_access_key_id = ****MPLE" in shown
    assert "+# aws_access_key_id = ****MPLE" in shown
    assert "+# aws_secret_access_key = <hidden>" in shown
    bridge = "aws configure export-credentials --profile dev --format process"
    added = configtext.add_section("", "profile dev-process", [("credential_process", bridge)])
    assert f"+credential_process = {bridge}" in configtext.masked_diff("", added, "config")
    other = configtext.add_section("", "p", [("credential_process", "vault --pw hunter2")])
    assert "hunter2" not in "\n".join(configtext.masked_diff("", other, "config"))


# --------------------------------------------------------------------------- configedit


def edit_config(path: Path) -> Change:
    before = read(path)
    return Change(before, configtext.add_section(before.text, "profile x", [("region", "a")]))


@POSIX
def test_commit_writes_keeps_the_mode_and_backs_up(tmp_path: Path) -> None:
    config = write(tmp_path / "config", CONFIG, 0o640)
    change = edit_config(config)
    [written] = commit([change], tag="bridge", now=NOW)
    assert config.read_text() == change.after
    assert stat.S_IMODE(config.stat().st_mode) == 0o640
    assert written.backup == tmp_path / "config.bridge-20260102T030405.678901Z.bak"
    assert written.backup.read_bytes() == CONFIG.encode()
    assert stat.S_IMODE(written.backup.stat().st_mode) == 0o600
    assert configedit.backups(config, "bridge") == [written.backup]
    assert leftovers(tmp_path) == [written.backup.name]


@POSIX
def test_secrets_file_is_tightened_and_new_files_are_private(tmp_path: Path) -> None:
    credentials = write(tmp_path / "credentials", CREDENTIALS, 0o644)
    before = read(credentials)
    commit([Change(before, before.text + "\n", private=True)], tag="t", now=NOW)
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    new = tmp_path / "sub" / "config"
    [written] = commit([Change(read(new), "[default]\n")], tag="t", now=NOW)
    assert written.backup is None and new.read_text() == "[default]\n"
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    assert stat.S_IMODE(new.parent.stat().st_mode) == 0o700


@POSIX
def test_a_linked_file_stays_linked_and_its_backup_stays_beside_the_link(tmp_path: Path) -> None:
    dotfiles = write(tmp_path / "dotfiles" / "aws-config", CONFIG)
    aws = tmp_path / ".aws"
    aws.mkdir()
    (aws / "config").symlink_to(dotfiles)
    change = edit_config(aws / "config")
    [written] = commit([change], tag="bridge", now=NOW)
    assert (aws / "config").is_symlink() and dotfiles.read_text() == change.after
    assert written.backup is not None and written.backup.parent == aws
    assert leftovers(dotfiles.parent) == []


def test_crash_between_backup_and_rename_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write(tmp_path / "config", CONFIG)

    def crash(_source: Path, _target: Path) -> None:
        raise RuntimeError("crash")

    monkeypatch.setattr(configedit, "_rename", crash)
    with pytest.raises(RuntimeError):
        commit([edit_config(config)], tag="bridge", now=NOW)
    assert config.read_bytes() == CONFIG.encode()
    assert leftovers(tmp_path) == []  # no temporary file, no stray backup


@POSIX
def test_process_killed_between_backup_and_rename_leaves_the_original(tmp_path: Path) -> None:
    config = write(tmp_path / "config", CONFIG)
    script = textwrap.dedent(
        f"""
        import os
        from datetime import datetime, timezone
        from pathlib import Path
        from awslogin_helper.edges import configedit, configtext
        configedit._rename = lambda source, target: os._exit(9)
        before = configedit.read(Path({str(config)!r}))
        after = configtext.add_section(before.text, "profile x", [("region", "a")])
        configedit.commit([configedit.Change(before, after)], tag="t", now=datetime.now(timezone.utc))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], check=False)
    assert result.returncode == 9
    assert config.read_bytes() == CONFIG.encode()
    [backup] = configedit.backups(config, "t")
    assert backup.read_bytes() == CONFIG.encode()


def test_a_file_changed_by_another_program_is_not_overwritten(tmp_path: Path) -> None:
    config = write(tmp_path / "config", CONFIG)
    change = edit_config(config)
    config.write_text(CONFIG + "[profile theirs]\n")  # another program, after our read
    with pytest.raises(EditError) as caught:
        commit([change], tag="bridge", now=NOW)
    assert caught.value.conflict and caught.value.path == config
    assert config.read_text() == CONFIG + "[profile theirs]\n"
    assert leftovers(tmp_path) == []


def test_a_file_created_meanwhile_is_a_conflict_too(tmp_path: Path) -> None:
    change = Change(read(tmp_path / "config"), "[default]\n")
    write(tmp_path / "config", "[theirs]\n")
    with pytest.raises(EditError, match="changed while"):
        commit([change], tag="bridge", now=NOW)
    assert (tmp_path / "config").read_text() == "[theirs]\n"


def two_changes(tmp_path: Path) -> tuple[Path, Path, list[Change]]:
    config = write(tmp_path / "config", CONFIG, 0o644)
    credentials = write(tmp_path / "credentials", CREDENTIALS)
    section = configtext.find_section(CREDENTIALS, "default", config=False)
    assert section is not None
    changes = [
        edit_config(config),
        Change(
            read(credentials),
            configtext.comment_out(CREDENTIALS, section, configtext.SECRET_KEYS, "m"),
            private=True,
        ),
    ]
    return config, credentials, changes


def assert_both_as_before(config: Path, credentials: Path) -> None:
    assert config.read_bytes() == CONFIG.encode()
    assert credentials.read_bytes() == CREDENTIALS.encode()
    if os.name != "nt":
        assert stat.S_IMODE(config.stat().st_mode) == 0o644
    assert leftovers(config.parent) == []


def test_second_file_failing_restores_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, credentials, changes = two_changes(tmp_path)
    real = configedit._rename

    def second_fails(source: Path, target: Path) -> None:
        if target.name == "credentials":
            raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(configedit, "_rename", second_fails)
    with pytest.raises(EditError, match="No space left") as caught:
        commit(changes, tag="retire-keys", now=NOW)
    assert caught.value.path == credentials
    assert_both_as_before(config, credentials)


def test_conflict_on_the_second_file_restores_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, credentials, changes = two_changes(tmp_path)
    real = configedit._rename

    def meddle(source: Path, target: Path) -> None:
        real(source, target)
        credentials.write_text(CREDENTIALS)  # rewritten, same bytes: not a conflict
        os.utime(credentials, (0, 0))

    monkeypatch.setattr(configedit, "_rename", meddle)
    commit(changes, tag="t", now=NOW)  # same content, other mtime: written
    config, credentials, changes = two_changes(tmp_path / "again")

    def meddle_for_real(source: Path, target: Path) -> None:
        real(source, target)
        if target.name == "config":
            credentials.write_text(CREDENTIALS + "[new]\n")

    monkeypatch.setattr(configedit, "_rename", meddle_for_real)
    with pytest.raises(EditError) as caught:
        commit(changes, tag="t", now=NOW)
    assert caught.value.conflict and caught.value.path == credentials
    assert config.read_bytes() == CONFIG.encode()
    assert credentials.read_text() == CREDENTIALS + "[new]\n"


def test_ctrl_c_during_the_renames_is_held_then_undone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, credentials, changes = two_changes(tmp_path)
    real = configedit._rename

    def interrupted(source: Path, target: Path) -> None:
        real(source, target)
        if target.name == "config":
            signal.raise_signal(signal.SIGINT)  # Ctrl-C between the two files

    monkeypatch.setattr(configedit, "_rename", interrupted)
    with pytest.raises(KeyboardInterrupt):
        commit(changes, tag="t", now=NOW)
    assert_both_as_before(config, credentials)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_read_only_folder_is_a_clear_error_and_changes_nothing(tmp_path: Path) -> None:
    aws = tmp_path / ".aws"
    config = write(aws / "config", CONFIG)
    change = edit_config(config)
    with read_only(aws), pytest.raises(EditError) as caught:
        commit([change], tag="bridge", now=NOW)
    assert caught.value.permission
    assert "permission denied" in str(caught.value)
    assert config.read_bytes() == CONFIG.encode()
    assert leftovers(aws) == []


def test_restore_puts_the_backup_back_exactly(tmp_path: Path) -> None:
    config, credentials, changes = two_changes(tmp_path)
    commit(changes, tag="retire-keys", now=NOW)
    assert credentials.read_bytes() != CREDENTIALS.encode()
    undo = [
        configedit.restore(path, configedit.backups(path, "retire-keys")[0])
        for path in (config, credentials)
    ]
    commit(undo, tag="undo", now=datetime.now(UTC))
    assert config.read_bytes() == CONFIG.encode()
    assert credentials.read_bytes() == CREDENTIALS.encode()


@POSIX
def test_read_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "config")
    with pytest.raises(EditError, match="named pipe"):
        read(tmp_path / "config")
    (tmp_path / "bad").write_bytes(b"[default]\nregion = \xff\n")
    with pytest.raises(EditError, match="UTF-8"):
        read(tmp_path / "bad")
    assert read(tmp_path / "missing").data is None
