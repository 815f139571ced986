"""The docs' recordings are what the installed product prints today, in both languages.

`scripts/record_demo.py` runs `awslogin-helper` on a real pseudo-terminal against the fake AWS
CLI and writes `docs/assets/first-run.{txt,svg}` (and `docs/assets/zh/first-run.{txt,svg}` with
`--lang zh-CN`), and records every path without a terminal into `docs/assets/paths/` (and
`docs/assets/zh/paths/`). Here it records again and the result must equal the committed files
(after normalising paths, ports and OAuth state), so the pages cannot drift from the tool.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

try:  # the shared rule for real-component tiers: skip locally, fail in CI when missing
    from tests.tiers import require
except ImportError:  # pragma: no cover

    def require(condition: object, how_to_install: str) -> None:
        if not condition:
            pytest.skip(f"missing prerequisite: {how_to_install}")


ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "record_demo.py"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("record_demo", SCRIPT)
    assert spec is not None and spec.loader is not None
    if "record_demo" in sys.modules:  # one module for every test (tests/test_screens.py too)
        return sys.modules["record_demo"]
    module = importlib.util.module_from_spec(spec)
    sys.modules["record_demo"] = module
    spec.loader.exec_module(module)
    return module


LANGS = [pytest.param(lang, id=lang.code) for lang in load_script().LANGUAGES]


@pytest.mark.parametrize("lang", LANGS)
def test_committed_transcript_has_the_key_lines_and_no_secret(lang: Any) -> None:
    demo = load_script()
    text_name, svg_name = demo.first_run_files(lang)
    text = (ROOT / "docs" / "assets" / text_name).read_text(encoding="utf-8")
    lines = text.splitlines()
    for line in lang.key_lines:
        assert line in lines, f"{line!r} is not in {text_name}: re-record it"
    assert "FAKESECRET" not in text
    assert "\x1b" not in text, "the transcript must be plain text (no ANSI codes)"
    assert "/tmp/demo/" in text and "awslogin-demo-" not in text, "scratch path not normalised"
    assert (lang is demo.ENGLISH) != any(map(demo.has_wide, lines)), f"{text_name}: wrong language"
    svg = (ROOT / "docs" / "assets" / svg_name).read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg")
    assert "FAKESECRET" not in svg


@pytest.mark.parametrize(
    ("page", "lang"),
    [("getting-started.md", "en"), ("zh/getting-started.md", "zh-CN")],
)
def test_docs_embed_the_recording(page: str, lang: str) -> None:
    demo = load_script()
    text_name, svg_name = demo.first_run_files(next(x for x in demo.LANGUAGES if x.code == lang))
    shown = (ROOT / "docs" / page).read_text(encoding="utf-8")
    assert f'--8<-- "docs/assets/{text_name}"' in shown
    assert svg_name.removeprefix("zh/") in shown


def test_screen_model_replays_spinners_and_redraws() -> None:
    demo = load_script()
    screen = demo.Screen()
    screen.feed(
        "\x1b[?25l\x1b[32m⠋\x1b[0m Checking...\r\x1b[2K\x1b[32m⠙\x1b[0m Checking...\r\n"
        "\x1b[?25h\r\x1b[1A\x1b[2K\x1b[1;32m✓\x1b[0m Done\r\n"
        "? Ask (Y/n)\x1b[5D\x1b[JYes\r\n"
    )
    assert screen.lines(ansi=False) == ["✓ Done", "? Ask Yes"]
    assert screen.lines(ansi=True)[0] == "\x1b[0m\x1b[1;32m✓\x1b[0m Done"


def test_normalise_hides_volatile_parts() -> None:
    demo = load_script()
    url = "http%3A%2F%2F127.0.0.1%3A52076%2Foauth&state=bb6e-3f&code_challenge=B8M_y-x"
    assert demo.normalise(url) == (
        "http%3A%2F%2F127.0.0.1%3APORT%2Foauth&state=STATE&code_challenge=CHALLENGE"
    )
    assert demo.normalise("at /tmp/xyz/bin/aws", "/tmp/xyz") == "at /tmp/demo/bin/aws"


# The recordings are made on Linux (paths, `aws` vs `aws.cmd` and browser detection differ
# elsewhere); the key-line test above runs everywhere.
ON_LINUX = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the docs recordings are made on Linux"
)


@pytest.mark.pty
@ON_LINUX
@pytest.mark.parametrize("lang", LANGS)
def test_recording_again_gives_the_committed_transcript(tmp_path: Path, lang: Any) -> None:
    require(importlib.util.find_spec("pexpect"), "pip install pexpect (in the test extra)")
    demo = load_script()
    rec = demo.record(lang)
    assert demo.check_recording(rec) == []
    demo.write(rec, tmp_path)
    text_name, svg_name = demo.first_run_files(lang)
    assert (tmp_path / svg_name).read_text(encoding="utf-8").lstrip().startswith("<svg")
    committed = demo.normalise((ROOT / "docs" / "assets" / text_name).read_text(encoding="utf-8"))
    assert rec.text == committed, f"docs/assets/{text_name} is stale: run scripts/record_demo.py"


# The pages that embed each language's path recordings.
PAGES = {"en": ("paths.md", "errors.md"), "zh-CN": ("zh/paths.md",)}


@ON_LINUX
@pytest.mark.parametrize("lang", LANGS)
def test_every_path_recording_is_current(lang: Any) -> None:
    demo = load_script()
    paths = demo.record_paths(lang)
    assert len(paths) == len(demo.SCENARIOS)
    assert demo.stale_files(paths) == [], "docs/assets is stale: run scripts/record_demo.py"
    embedded = "".join(
        (ROOT / "docs" / page).read_text(encoding="utf-8") for page in PAGES[lang.code]
    )
    for name in paths:
        assert f'"docs/assets/{name}"' in embedded, f"no page of {PAGES[lang.code]} shows {name}"
