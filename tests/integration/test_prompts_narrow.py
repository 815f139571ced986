"""At 60 columns every question, choice and hint is still whole, and a refused name is told
right under its prompt.

The screen tests run the installed helper (fake `aws`) in a real terminal that tmux draws,
60 columns wide, and read the screen as the user sees it (`tmux capture-pane`): a pty stream
alone does not say where questionary's redraws leave the text. They skip where there is no
tmux. The wrapping rules themselves are checked without a terminal.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from awslogin_helper.edges import prompter
from awslogin_helper.words import cells

try:
    from fakeaws import FakeAws, helper_command
except ModuleNotFoundError:  # tests/ became a package: go through it
    from tests.fakeaws import FakeAws, helper_command

WIDTH = 60
HEIGHT = 30
TMUX = shutil.which("tmux")
KEYS = (
    "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
)
KEEP_Q = "? Keep these credentials, or set up different ones?"
NAME_Q = "? Profile name (Enter runs it; n cancels):"
TITLES = ("Keep them (change nothing)", "Set up `aws login` in a new profile (this one stays)")
EXIT_MARK = "HELPER_EXIT="


class Screen:
    """The helper in a 60-column tmux window of its own (a private tmux server)."""

    def __init__(self, fake_aws: FakeAws, *args: str) -> None:
        assert TMUX is not None
        self.socket = f"awslogin-narrow-{uuid.uuid4().hex[:12]}"
        # COLUMNS would override the real width; the terminal says 60 itself.
        env = fake_aws.env(TERM="xterm-256color", COLUMNS=None)
        helper = shlex.join([*helper_command(), *args])
        script = f"{helper}; echo {EXIT_MARK}$?; sleep 60"
        start = ["new-session", "-d", "-x", str(WIDTH), "-y", str(HEIGHT), "/bin/sh", "-c"]
        subprocess.run(
            [TMUX, "-L", self.socket, "-f", os.devnull, *start, script],
            env=env,
            check=True,
            timeout=30,
        )

    def tmux(self, *args: str) -> str:
        assert TMUX is not None
        done = subprocess.run(
            [TMUX, "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
        return done.stdout

    def rows(self) -> list[str]:
        return self.tmux("capture-pane", "-p").splitlines()

    def wait_for(self, text: str, *, after: int = 0, timeout: float = 30) -> list[str]:
        """The screen's rows once `text` is on one of them (from row `after` on)."""
        deadline = time.monotonic() + timeout
        while True:
            rows = self.rows()
            if any(text in row for row in rows[after:]):
                return rows
            if time.monotonic() > deadline:
                pytest.fail(f"{text!r} never appeared; the screen:\n" + "\n".join(rows))
            time.sleep(0.1)

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", *(["-l"] if literal else []), *keys)

    def close(self) -> None:
        subprocess.run(
            [TMUX or "tmux", "-L", self.socket, "kill-server"],
            capture_output=True,
            check=False,
            timeout=30,
        )


@pytest.fixture
def screen(fake_aws: FakeAws) -> Iterator[Screen]:
    if TMUX is None:
        pytest.skip("tmux is needed to read a 60-column screen as the user sees it")
    fake_aws.write_config("[default]\nregion = us-east-1\n")
    fake_aws.write_credentials(KEYS)
    shown = Screen(fake_aws)
    try:
        yield shown
    finally:
        shown.close()


def row_of(rows: list[str], start: str) -> int:
    found = [index for index, row in enumerate(rows) if row.startswith(start)]
    assert found, f"no row starts with {start!r}:\n" + "\n".join(rows)
    return found[-1]


def test_choices_and_the_hint_are_whole_lines_at_60_columns(screen: Screen) -> None:
    rows = screen.wait_for(TITLES[1])
    assert all(cells(row) <= WIDTH for row in rows)
    question = row_of(rows, KEEP_Q)
    assert rows[question].rstrip() == KEEP_Q
    # The hint on a line of its own, under the question, not broken at the edge.
    assert rows[question + 1].strip() == "(Use arrow keys)", "\n".join(rows)
    choices = [row[3:].rstrip() for row in rows[question + 2 : question + 4]]
    assert choices == list(TITLES), "\n".join(rows)
    screen.keys("Enter")  # keep them
    rows = screen.wait_for(EXIT_MARK)
    assert f"{EXIT_MARK}0" in "\n".join(rows)


def test_a_refused_name_is_told_right_under_its_prompt(screen: Screen) -> None:
    screen.wait_for(TITLES[1])
    screen.keys("Down")
    screen.keys("Enter")
    rows = screen.wait_for(NAME_Q)
    first = row_of(rows, NAME_Q)
    screen.keys("BSpace", "BSpace", "BSpace")  # the suggested "dev"
    screen.keys("my name", literal=True)
    screen.keys("Enter")
    # Asked again, under the message.
    rows = screen.wait_for(NAME_Q, after=first + 1)
    again = row_of(rows, NAME_Q)
    assert again > first + 1, "\n".join(rows)
    told = [row.strip() for row in rows[first + 1 : again]]
    assert told, "\n".join(rows)
    assert told[0].startswith("X No spaces"), "\n".join(rows)
    assert "at most 64" in " ".join(told)
    # Nothing at the bottom of the terminal, where questionary used to say it.
    assert all(not row.strip() for row in rows[again + 1 :]), "\n".join(rows)
    # The refused answer is there to edit; cancel with n.
    assert rows[again].endswith("my name"), "\n".join(rows)
    screen.keys("C-u")
    screen.keys("n", literal=True)
    screen.keys("Enter")
    rows = screen.wait_for(EXIT_MARK)
    assert f"{EXIT_MARK}5" in "\n".join(rows)  # declined: nothing was run


# ---- the wrapping rules, without a terminal ----


@pytest.mark.parametrize("width", [20, 39, 59, 99])
def test_a_question_fits_and_leaves_room_for_its_hint(width: int) -> None:
    question = "Keep these credentials, or set up different ones?"
    text = prompter.fit_question(question, "(Use arrow keys)", width)
    lines = f"? {text} (Use arrow keys)".split("\n")
    assert all(cells(line) <= width for line in lines), lines
    assert " ".join(" ".join(lines).split()) == f"? {question} (Use arrow keys)"


def test_a_command_in_a_question_stays_whole_when_it_fits() -> None:
    question = "Ready for me to run `aws login --profile dev --region eu-central-1`?"
    lines = ("? " + prompter.fit_question(question, "(Y/n)", 59) + " (Y/n)").split("\n")
    assert any("`aws login --profile dev --region eu-central-1`?" in line for line in lines)
    assert all(cells(line) <= 59 for line in lines), lines


def test_nothing_is_wider_than_the_terminal_not_even_a_long_command() -> None:
    name = "p" * 64
    question = f"Ready for me to run `aws login --profile {name}`?"
    lines = ("? " + prompter.fit_question(question, "(Y/n)", 59)).split("\n")
    assert all(cells(line) <= 59 for line in lines), lines
    assert "".join(line.strip() for line in lines).endswith(f"{name}`?")


def test_a_long_choice_wraps_under_itself() -> None:
    title = "Set up `aws login` for profile " + "a-very-long-profile-name-" * 2
    lines = prompter.fit_choice(title.strip(), 59).split("\n")
    assert len(lines) > 1
    assert all(cells(line) + prompter.POINTER <= 59 for line in lines), lines
    assert all(line.startswith("   ") for line in lines[1:])


def test_a_chinese_choice_wraps_by_cells() -> None:
    title = "在新的配置文件中设置 `aws login`(保留当前配置文件)" * 2
    lines = prompter.fit_choice(title, 40).split("\n")
    assert all(cells(line) + prompter.POINTER <= 40 for line in lines), lines
    assert "`aws login`" in prompter.fit_choice(title, 40)


def test_a_refusal_is_printable_and_wrapped() -> None:
    lines = prompter.problem_lines("Profile \x1b[31mx\u202e already holds keys; " * 3, 40)
    assert all(cells(line) <= 40 for line in lines), lines
    assert lines[0].startswith("  X ")
    assert not any("\x1b" in line or "\u202e" in line for line in lines)


def test_prompter_module_is_small() -> None:
    assert len(Path(prompter.__file__).read_text(encoding="utf-8").splitlines()) <= 400
