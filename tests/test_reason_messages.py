"""Reasons kept as catalog messages (`safeio.Reason`): English where stored, translated shown.

The cache problem goes into `status --json` in English, while the person reads it in their
language; a config error is only ever shown, so its `reason` is in the current language.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from awslogin_helper import awsconfig, words
from awslogin_helper.edges.safeio import CHOWN_FIX, Reason, UnsafeFile, read_capped


@pytest.fixture(autouse=True)
def _english() -> object:
    words.set_language("en")
    yield
    words.set_language("en")


def test_reason_english_fills_nested_reasons() -> None:
    inner = Reason("is larger than {size}", {"size": "1 MiB"})
    outer = Reason("cannot read the file: it {reason}", {"reason": inner})
    assert outer.english() == "cannot read the file: it is larger than 1 MiB"
    assert outer.shown() == outer.english()  # English: the msgid is the text
    hash(outer)  # CacheInfo holding one stays hashable


def test_unsafe_file_reason_is_english_and_kept_as_message(tmp_path: Path) -> None:
    folder = tmp_path / "dir"
    folder.mkdir()
    with pytest.raises(UnsafeFile) as caught:
        read_capped(folder, 10)
    assert caught.value.reason == "is a directory, not a regular file"
    assert caught.value.said.msgid == "is a directory, not a regular file"


def test_too_large_file_names_its_limit(tmp_path: Path) -> None:
    big = tmp_path / "big"
    big.write_bytes(b"x" * (2 * 1024 * 1024 + 1))
    with pytest.raises(UnsafeFile) as caught:
        read_capped(big, 2 * 1024 * 1024)
    assert caught.value.reason == f"is larger than 2 MiB ({2 * 1024 * 1024 + 1} bytes)"


@pytest.mark.skipif(os.name == "nt" or not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_cache_problem_english_and_shown(tmp_path: Path) -> None:
    cache = tmp_path / ".aws" / "sso" / "cache"
    cache.mkdir(parents=True)
    os.mkfifo(cache / "x.json")
    index = awsconfig.scan_sso_cache(tmp_path)
    (skipped,) = index.skipped
    assert skipped.problem == "is a named pipe (FIFO), not a regular file"
    assert skipped.problem_shown() == skipped.problem
    assert skipped.fix is None


def test_config_error_reason_and_str(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.write_text("[default]\nregion = us-east-1\n[default]\n", encoding="utf-8")
    with pytest.raises(awsconfig.ConfigFileError) as caught:
        awsconfig.load_aws_files({"AWS_CONFIG_FILE": str(config)}, tmp_path)
    error = caught.value
    assert error.reason == "section [default] appears twice (first on line 1)"
    assert error.english == error.reason
    assert str(error) == f"{config}, line 3: {error.reason}"


def test_plain_string_reason_is_shown_as_given(tmp_path: Path) -> None:
    error = awsconfig.ConfigFileError(tmp_path, None, "a {brace} stays", fix=CHOWN_FIX)
    assert error.reason == "a {brace} stays"
    assert str(error) == f"{tmp_path}: a {{brace}} stays"  # {{ is one brace in an f-string


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("", "The name is empty; use letters, digits and - _ . + @ (at most 64)."),
        ("a" * 65, "Too long (65 characters); use letters, digits and - _ . + @ (at most 64)."),
        ("a b", "No spaces; use letters, digits and - _ . + @ (at most 64)."),
        ("a/b", "'/' is not allowed; use letters, digits and - _ . + @ (at most 64)."),
        ("-ab", "Start with a letter or digit; use letters, digits and - _ . + @ (at most 64)."),
        ("dev", None),
    ],
)
def test_profile_name_problems_read_as_before(name: str, expected: str | None) -> None:
    assert awsconfig.validate_profile_name(name) == expected
