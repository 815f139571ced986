"""The docs' first-run recording is what the installed product prints today.

`scripts/record_demo.py` runs `awslogin-helper` on a real pseudo-terminal against the fake AWS
CLI and writes `docs/assets/first-run.{txt,svg}`. Here it records again into a temporary
directory and the result must equal the committed transcript (after normalising paths, ports
and OAuth state), so the getting-started page cannot drift from the tool.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

try:  # the shared rule for real-component tiers: skip locally, fail in CI when missing
    from tests.tiers import require
except ImportError:  # pragma: no cover

    def require(condition: object, how_to_install: str) -> None:
        if not condition:
            pytest.skip(f"missing prerequisite: {how_to_install}")


ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "record_demo.py"
TRANSCRIPT = ROOT / "docs" / "assets" / "first-run.txt"
SVG = ROOT / "docs" / "assets" / "first-run.svg"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("record_demo", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("record_demo", module)
    spec.loader.exec_module(module)
    return module


def test_committed_transcript_has_the_key_lines_and_no_secret() -> None:
    demo = load_script()
    text = TRANSCRIPT.read_text(encoding="utf-8")
    lines = text.splitlines()
    for line in demo.KEY_LINES:
        assert line in lines, f"{line!r} is not in {TRANSCRIPT.name}: re-record it"
    assert "FAKESECRET" not in text
    assert "\x1b" not in text, "the transcript must be plain text (no ANSI codes)"
    assert "/tmp/demo/" in text and "awslogin-demo-" not in text, "scratch path not normalised"
    svg = SVG.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg")
    assert "FAKESECRET" not in svg


def test_docs_embed_the_recording() -> None:
    page = (ROOT / "docs" / "getting-started.md").read_text(encoding="utf-8")
    assert '--8<-- "docs/assets/first-run.txt"' in page
    assert "assets/first-run.svg" in page


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
def test_recording_again_gives_the_committed_transcript(tmp_path: Path) -> None:
    require(importlib.util.find_spec("pexpect"), "pip install pexpect (in the test extra)")
    demo = load_script()
    rec = demo.record()
    assert demo.check_recording(rec) == []
    demo.write(rec, tmp_path)
    assert (tmp_path / "first-run.svg").read_text(encoding="utf-8").lstrip().startswith("<svg")
    committed = demo.normalise(TRANSCRIPT.read_text(encoding="utf-8"))
    assert rec.text == committed, "docs/assets/first-run.txt is stale: run scripts/record_demo.py"


@ON_LINUX
def test_every_path_recording_is_current() -> None:
    demo = load_script()
    paths = demo.record_paths()
    assert len(paths) == len(demo.SCENARIOS)
    wanted = {f"{demo.PATHS_DIR}/{name}.txt": text for name, text in paths.items()}
    assert demo.stale_files(wanted) == [], "docs/assets/paths is stale: run scripts/record_demo.py"
    embedded = "".join(
        (ROOT / "docs" / page).read_text(encoding="utf-8") for page in ("paths.md", "errors.md")
    )
    for name in paths:
        assert f'"docs/assets/paths/{name}.txt"' in embedded, f"no page shows {name}.txt"
