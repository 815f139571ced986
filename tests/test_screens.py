"""Every path of the docs fits a 60- and an 80-column screen, in English and in Chinese.

Each scenario of `scripts/record_demo.py` (the same list the docs are recorded from) runs
without a terminal with `COLUMNS=60` and `COLUMNS=80` (Rich honours `COLUMNS`), and once more
at 1000 columns to see every URL and command unwrapped. A screen fails when

* a line is wider than the screen (in terminal cells: a Chinese character takes two),
  unless it is a single command or URL standing alone at the left margin (a terminal
  wraps it, but a copy still gets it whole);
* a URL, a backticked command or a command shown after a "...:" line is not whole on one
  line of the narrow screen (so a user who copies it gets the whole thing);
* the same non-blank line is shown twice.

Lines the AWS CLI printed itself go straight to the terminal and are not the helper's to
wrap: the fake `aws` runs behind a small wrapper that records exactly what each call printed
and whether that call's output was passed through to the screen (its stdout is the helper's
stdout) or captured by the helper. Those lines are left out of every rule.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from awslogin_helper.words import cells

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "record_demo.py"
WIDTHS = (60, 80)
WIDE = 1000  # wide enough that nothing wraps

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"),
    reason="the wrapper reads /proc to tell passed-through output from captured",
)


def load_script() -> ModuleType:
    if "record_demo" in sys.modules:
        return sys.modules["record_demo"]
    spec = importlib.util.spec_from_file_location("record_demo", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["record_demo"] = module
    spec.loader.exec_module(module)
    return module


demo = load_script()

# The wrapper installed as `aws`: runs the real fake, copies its output through unchanged,
# and appends one JSON line per call: what it printed and whether that reached the screen.
# "Reached the screen" means the wrapper's stdout is the helper's own stdout (a call the
# helper runs interactively); otherwise the helper captured the output to read it.
WRAPPER = """#!{python}
import json, os, select, subprocess, sys
INNER, LOG = {inner!r}, {log!r}
def same(fd):
    try:
        mine, parent = os.fstat(fd), os.stat(f"/proc/{{os.getppid()}}/fd/{{fd}}")
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (parent.st_dev, parent.st_ino)
shown = same(1)
proc = subprocess.Popen([INNER, *sys.argv[1:]], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
pipes = {{proc.stdout.fileno(): 1, proc.stderr.fileno(): 2}}
seen = {{1: bytearray(), 2: bytearray()}}
# One loop, stdout first: the fake flushes each write, so what it wrote on stdout before an
# error on stderr is already waiting and keeps its place (as it does without the wrapper).
while pipes:
    ready, _, _ = select.select(list(pipes), [], [])
    src = min(ready, key=lambda fd: pipes[fd])
    fd = pipes[src]
    data = os.read(src, 65536)
    if not data:
        del pipes[src]
        continue
    seen[fd].extend(data)
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
code = proc.wait()
entry = {{"argv": sys.argv[1:], "shown": shown,
          "stdout": seen[1].decode("utf-8", "replace"),
          "stderr": seen[2].decode("utf-8", "replace")}}
with open(LOG, "a", encoding="utf-8") as handle:
    handle.write(json.dumps(entry) + "\\n")
sys.exit(code)
"""


class Run:
    """One rendering of a path: the helper's lines and the lines the AWS CLI printed."""

    def __init__(self, text: str, aws_lines: set[str], aws_fragments: set[str]) -> None:
        lines = text.rstrip("\n").split("\n")
        # The first line is the recorded command ("$ awslogin-helper ..."), the last the
        # exit code: neither is on the user's screen.
        self.lines = lines[1:-1]
        self.aws_lines = aws_lines
        self.aws_fragments = aws_fragments

    def own(self) -> list[tuple[int, str]]:
        """(number, line) of each line the helper printed (AWS CLI lines left out).

        A line that starts with an AWS CLI prompt the CLI did not end (its prompts without a
        terminal) is the helper's text after that prompt; only that part counts.
        """
        out = []
        for number, line in enumerate(self.lines, 1):
            if line in self.aws_lines:
                continue
            joined = next((f for f in self.aws_fragments if line.startswith(f)), "")
            out.append((number, line[len(joined) :]))
        return out


@cache
def render(name: str, lang_code: str, columns: int) -> Run:
    scenario = next(s for s in demo.SCENARIOS if s.name == name)
    lang = next(lang for lang in demo.LANGUAGES if lang.code == lang_code)
    state: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="awslogin-screens-") as tmp:
        log = Path(tmp) / "printed.jsonl"  # outside the scenario's scratch, which goes first

        def prepare(fake: Any) -> dict[str, str]:
            state["scratch"] = str(fake.root)
            aws = fake.bin_dir / "aws"
            if aws.exists():  # not on the "no AWS CLI" paths
                inner = fake.root / "inner" / "aws"
                inner.parent.mkdir()
                shutil.move(aws, inner)
                script = WRAPPER.format(python=sys.executable, inner=str(inner), log=str(log))
                aws.write_text(script, encoding="utf-8")
                aws.chmod(0o755)
            return {}

        text = demo.run_scenario(scenario, lang, columns=columns, prepare=prepare)
        entries = (
            [json.loads(raw) for raw in log.read_text(encoding="utf-8").splitlines()]
            if log.exists()
            else []
        )
    aws_lines: set[str] = set()
    fragments: set[str] = set()
    for entry in entries:
        if not entry["shown"]:
            continue
        for stream in ("stdout", "stderr"):
            printed = demo.normalise(entry[stream], state["scratch"]).split("\n")
            aws_lines.update(part.rstrip() for part in printed if part.strip())
            if printed[-1].strip():  # an unterminated prompt: the helper's next text joins it
                fragments.add(printed[-1])
    return Run(text, aws_lines, fragments)


# ASCII only: in Chinese text a URL may be followed by a full stop with no space.
URL = re.compile(r"https?://[\w\-.~:/?#\[\]@!$&*+,;=%]+", re.ASCII)
COLONS = (":", "\uff1a")  # "run it again:" in English, a full-width colon in Chinese
# The marks the UI starts its lines with (UTF-8 and ASCII): such a line is text, not a command.
MARK = re.compile(r"\s*(✓|!|X|•|→|\+|\*|->) ")
BACKTICKED = re.compile(r"`([^`\n]+)`")


def commands(run: Run) -> list[str]:
    """Every URL, backticked command and command shown after a "...:" line, unwrapped.

    A command after a "...:" line is each line indented under it that is not a marked line
    (`→ ...`, `• ...`): how `UI.command` shows one under its hint.
    """
    found: list[str] = []
    own = run.own()
    for index, (_, line) in enumerate(own):
        found += [re.sub(r"[.,;:]+$", "", url) for url in URL.findall(line)]
        found += BACKTICKED.findall(line)
        if not line.rstrip().endswith(COLONS):
            continue
        indent = len(line) - len(line.lstrip())
        for _, after in own[index + 1 :]:
            if not after.strip() or len(after) - len(after.lstrip()) <= indent:
                break
            if MARK.match(after):
                continue
            found.append(after.strip())
    return list(dict.fromkeys(found))


def alone(line: str, wide: Run) -> bool:
    """A single command or URL on its own line, at the left margin."""
    if line != line.lstrip():
        return False
    return bool(URL.fullmatch(line)) or line in commands(wide)


CASES = [
    pytest.param(s.name, lang.code, width, id=f"{s.name}-{lang.code}-{width}")
    for s in demo.SCENARIOS
    for lang in demo.LANGUAGES
    for width in WIDTHS
]


def screen_problems(run: Run, wide: Run, width: int) -> list[str]:
    """What is wrong with `run` on a screen `width` cells wide (`wide`: the same, unwrapped)."""
    problems = []
    for number, line in run.own():
        if cells(line) > width and not alone(line, wide):
            problems.append(f"line {number} is {cells(line)} cells wide: {line!r}")
    for command in commands(wide):
        if not any(command in line for line in run.lines):
            problems.append(f"split over lines: {command!r}")
    counts = Counter(line for _, line in run.own() if line.strip())
    problems += [f"shown {n} times: {line!r}" for line, n in counts.items() if n > 1]
    return problems


@pytest.mark.slow  # about 160 runs of the helper
@pytest.mark.parametrize(("name", "lang", "width"), CASES)
def test_screen_fits_and_keeps_commands_whole(name: str, lang: str, width: int) -> None:
    run = render(name, lang, width)
    problems = screen_problems(run, render(name, lang, WIDE), width)
    screen = "\n".join(run.lines)
    assert not problems, (
        f"{name} ({lang}, {width} columns):\n"
        + "\n".join(problems)
        + (f"\n--- the screen:\n{screen}")
    )


def screen(*lines: str, aws: tuple[str, ...] = (), fragments: tuple[str, ...] = ()) -> Run:
    return Run("\n".join(["$ awslogin-helper", *lines, "[exit code 0]"]), set(aws), set(fragments))


WIDE_SCREEN = screen(
    "X The policy is missing; `aws iam list-policies` shows it.",
    "  → Attach it, then run:",
    "    aws iam attach-user-policy --user-name NAME --policy-arn arn:aws:iam::aws:policy/X",
    "  → Guide: https://docs.aws.amazon.com/IAM/latest/UserGuide/x.html.",
    "Attempting to open your default browser. If the browser does not open, open the URL.",
    aws=("Attempting to open your default browser. If the browser does not open, open the URL.",),
)


def test_a_screen_that_follows_the_rules_passes() -> None:
    narrow = screen(
        "X The policy is missing; `aws iam list-policies`",
        "  shows it.",
        "  → Attach it, then run:",
        "aws iam attach-user-policy --user-name NAME --policy-arn arn:aws:iam::aws:policy/X",
        "  → Guide:",
        "    https://docs.aws.amazon.com/IAM/latest/UserGuide/x.html.",
        "Attempting to open your default browser. If the browser does not open, open the URL.",
        aws=tuple(WIDE_SCREEN.aws_lines),
    )
    assert commands(WIDE_SCREEN) == [
        "aws iam list-policies",
        "aws iam attach-user-policy --user-name NAME --policy-arn arn:aws:iam::aws:policy/X",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/x.html",
    ]
    assert screen_problems(narrow, WIDE_SCREEN, 60) == []


def test_a_split_command_a_long_line_and_a_repeat_fail() -> None:
    narrow = screen(
        "X The policy is missing; `aws iam",
        "  list-policies` shows it.",
        "  → Attach it, then run:",
        "    aws iam attach-user-policy --user-name NAME --policy-arn arn:aws:iam::aws:policy/X",
        "  → Guide: https://docs.aws.amazon.com/IAM/latest/UserGuide/x.html.",
        "  → Guide: https://docs.aws.amazon.com/IAM/latest/UserGuide/x.html.",
    )
    assert screen_problems(narrow, WIDE_SCREEN, 60) == [
        "line 4 is 86 cells wide: '    aws iam attach-user-policy --user-name NAME"
        " --policy-arn arn:aws:iam::aws:policy/X'",
        "line 5 is 67 cells wide: '  → Guide: https://docs.aws.amazon.com/IAM/latest/UserGuide"
        "/x.html.'",
        "line 6 is 67 cells wide: '  → Guide: https://docs.aws.amazon.com/IAM/latest/UserGuide"
        "/x.html.'",
        "split over lines: 'aws iam list-policies'",
        "shown 2 times: '  → Guide: https://docs.aws.amazon.com/IAM/latest/UserGuide/x.html.'",
    ]


def test_chinese_is_measured_in_cells_and_aws_prompts_are_left_out() -> None:
    prompt = "AWS Access Key ID [None]: "
    narrow = screen(
        "长期访问密钥安全性较低:它们以明文形式存储在磁盘上,不会自动过期,若泄露会授予无限期访问权限。",
        prompt + "X `aws configure` 没有完成。",
        fragments=(prompt,),
    )
    wide = screen("X `aws configure` 没有完成。")
    assert screen_problems(narrow, wide, 80) == [
        "line 1 is 91 cells wide: '长期访问密钥安全性较低:它们以明文形式存储在磁盘上,不会自动过期,"
        "若泄露会授予无限期访问权限。'",
    ]
