"""The one console sanitiser (issue 11, class 2) and shortened long values (class 11).

Every text printed through the UI, and through the Rich console it hands out, is made
printable: C0/C1 controls other than newline and tab, DEL, ESC sequences (CSI, OSC 52/0/8,
DCS) and bidi controls become visible escapes. Property tests use a plain Rich Console with
`no_color=True` and a StringIO, where Rich adds no styling at all: so no ESC may appear.
"""

from __future__ import annotations

import io
import unicodedata
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from awslogin_helper.edges.ui import UI, clean, make_console, printable, printable_text, shorten

HOSTILE = [
    "\x1b]52;c;ZWNobyBwd25lZA==\x07",  # OSC 52: writes the clipboard
    "\x1b]0;title\x07",  # OSC 0: window title
    "\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1b[1A\x1b[2K",  # cursor up, erase line
    "\x1bP1$qm\x1b\\",  # DCS
    "\x9b2J",  # C1 CSI
    "\r",
    "\x08\x08\x08",
    "\x7f",
    "\x00",
    "\u202e",
    "\u2066",
    "\u200f",
    "\u061c",
    "\ud800",
]
# What may never reach the terminal raw (mirrors the module's list).
BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def unsafe_chars(text: str) -> list[str]:
    return [
        ch
        for ch in text
        if (unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t") or ch in BIDI
    ]


def plain_ui(width: int = 80) -> tuple[UI, io.StringIO]:
    """A UI over a *plain* Rich Console: the UI methods must sanitise by themselves."""
    buffer = io.StringIO()
    return UI(Console(file=buffer, no_color=True, width=width, markup=False)), buffer


# --------------------------------------------------------------------------- printable


@pytest.mark.parametrize("hostile", HOSTILE)
def test_printable_escapes_each_class(hostile: str) -> None:
    shown = printable(f"a{hostile}b")
    assert not unsafe_chars(shown)
    assert shown.startswith("a") and shown.endswith("b")
    assert "\\" in shown  # visible, not dropped


def test_printable_spelling() -> None:
    assert printable("\x1b[2K") == "\\x1b[2K"
    assert printable("x\u202ey") == "x\\u202ey"
    assert printable("\x9b") == "\\x9b"
    assert printable("\U000e0041") == "\\U000e0041"  # tag character: invisible text
    assert printable("\udcff") == "\\udcff"


def test_printable_keeps_ordinary_text() -> None:
    text = "Grüße ✓ 日本語 → tab\tnewline\n 🙂 C:\\Users\\x"
    assert printable(text) == text


@given(st.text())
def test_printable_is_idempotent_and_safe(text: str) -> None:
    once = printable(text)
    assert printable(once) == once
    assert not unsafe_chars(once)


def test_printable_text_moves_spans() -> None:
    text = Text("a\x1bb")
    text.stylize("bold", 2, 3)  # the "b"
    out = printable_text(text)
    assert out.plain == "a\\x1bb"
    (span,) = out.spans
    assert out.plain[span.start : span.end] == "b"
    assert span.style == "bold"


# --------------------------------------------------------------------------- the UI


def _every_method(ui: UI, text: str) -> None:
    ui.title(text)
    ui.say(text)
    ui.info(text)
    ui.success(text)
    ui.warn(text)
    ui.error(text)
    ui.hint(text)
    ui.command(text)
    ui.detail(text)
    ui.fields([(text, text), ("Identity", text)])
    ui.verbose = True
    ui.debug(text)
    with ui.waiting(text):
        pass


@pytest.mark.parametrize("hostile", HOSTILE)
def test_every_ui_method_sanitises(hostile: str) -> None:
    ui, buffer = plain_ui()
    _every_method(ui, f"profile dev{hostile} does not work")
    out = buffer.getvalue()
    assert "\x1b" not in out
    assert not unsafe_chars(out)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_string_printed_through_the_ui_has_no_control_character(text: str) -> None:
    ui, buffer = plain_ui()
    _every_method(ui, text)
    out = buffer.getvalue()
    assert "\x1b" not in out
    assert not unsafe_chars(out)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_the_console_itself_sanitises_str_and_text(text: str) -> None:
    # Code that prints straight through `ui.console` (status.py) is covered too.
    buffer = io.StringIO()
    console = make_console({"NO_COLOR": "1"}, file=buffer)
    console.print(text)
    console.print(Text(text, style="bold"))
    styled = Text("x")
    styled.append(text, style="red")
    console.print(styled)
    out = buffer.getvalue()
    assert "\x1b" not in out
    assert not unsafe_chars(out)


def test_status_report_is_sanitised(tmp_path: object) -> None:
    from awslogin_helper.awsconfig import CredentialKind
    from awslogin_helper.status import render
    from awslogin_helper.status.active import Active
    from awslogin_helper.status.model import ProfileStatus, verbatim
    from awslogin_helper.status.report import StatusReport
    from awslogin_helper.status.warnings import StatusWarning

    evil = "dev\x1b[1A\x1b[2K\u202e"
    said = verbatim(evil)  # what the model says is a message; this one is all value
    profile = ProfileStatus(evil, CredentialKind.LOGIN, region=evil, works=False, problem=said)
    profile.fix = f"aws login --profile {evil}"
    report = StatusReport(
        generated_at=datetime(2030, 1, 1, tzinfo=UTC),
        config_file=evil,
        credentials_file=evil,
        aws_executables=[],
        active=Active("AWS_PROFILE", evil, True, False, [], works=False, problem=said),
        profiles=[profile],
        warnings=[StatusWarning("x", said, {evil: [evil]})],
    )
    buffer = io.StringIO()
    # A plain console: status' writer must not rely on the console to sanitise.
    render(
        report,
        UI(Console(file=buffer, no_color=True, width=80)),
        datetime(2030, 1, 1, tzinfo=UTC),
        ("posix",),
    )
    out = buffer.getvalue()
    assert "\x1b" not in out
    assert not unsafe_chars(out)
    assert "dev\\x1b[1A\\x1b[2K\\u202e" in out


# --------------------------------------------------------------------------- encodings


def test_console_never_fails_on_a_character_it_cannot_encode() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="latin-1")  # errors="strict", like the real one
    ui = UI(make_console({"NO_COLOR": "1"}, file=stream))
    ui.say("profile bücher-✓ works")
    ui.error("arn:aws:iam::1:user/\udcff")
    stream.flush()
    out = raw.getvalue().decode("latin-1")
    assert "bücher-\\u2713" in out
    assert "\\udcff" in out
    assert ui.marks["ok"] == "+"  # ASCII marks on a non-UTF-8 console


# --------------------------------------------------------------------------- long values


def test_shorten_cuts_long_words_only() -> None:
    word = "R" * 300
    assert shorten("short words stay") == "short words stay"
    assert shorten(f"role {word} end") == f"role {'R' * 100}\u2026(300 characters) end"
    assert shorten("x" * 200) == "x" * 200


def test_five_megabyte_value_is_shortened_everywhere() -> None:
    value = "arn:aws:iam::1:role/" + "R" * 5_000_000
    ui, buffer = plain_ui()
    ui.fields([("Role", value)])
    ui.say(f"profile {value}")
    ui.command(f"aws login --profile {value}")
    out = buffer.getvalue()
    assert len(out) < 5_000
    assert out.count("characters)") == 3
    assert "5000020" in out


def test_commands_keep_path_sized_words_whole() -> None:
    path = "/very/long/" + "d" * 1000 + "/cache"
    ui, buffer = plain_ui(width=10_000)
    ui.command(f"chmod 600 {path}/*.json")
    assert path in buffer.getvalue()
    assert clean(path) != path  # prose would cut it
