"""Record what the installed `awslogin-helper` prints, for the docs; never drawn by hand.

Everything is recorded twice: in English and in Simplified Chinese (`--lang zh-CN`, files
under `docs/assets/zh/`). The Chinese recordings need the compiled catalog, which the build
makes: `pip install -e .` again after the `.po` changed.

The first run: the helper runs in a real pseudo-terminal (pexpect, 80 columns) against the
fake AWS CLI of `tests/fakeaws/` in a scratch HOME with no credentials. The script answers
the two prompts (`y` to the one confirmation, then a region for `aws login`'s region
question) and saves:

* `docs/assets/first-run.txt` (`zh/first-run.txt`): the screen as plain text, and
* `docs/assets/first-run.svg` (`zh/first-run.svg`): the same screen, in colour, by Rich.

It also runs every path of `docs/paths.md` and `docs/errors.md` once, without a terminal
(as in a log; `--yes` where a question would stand), and saves what each printed, with its
exit code, as `docs/assets/paths/<name>.txt` (`zh/paths/<name>.txt`); the pages embed them.
`tests/test_screens.py` runs the same scenarios at 60 and 80 columns.

Spinner frames and prompt redraws are replayed through a small line-oriented terminal model,
so the files show the final screen, as a person sees it, not the byte stream. Volatile parts
(the scratch directory, the sign-in URL's port, state and challenge) are replaced by fixed
placeholders so that re-recording changes nothing unless the product's output changed.

    python scripts/record_demo.py            # rewrite every recording, both languages
    python scripts/record_demo.py --check    # record into memory, compare with the docs
    python scripts/record_demo.py --out DIR  # write the files into DIR instead

POSIX only (pexpect needs a pty). Needs `pexpect` and `rich` (both in `.[test]`).
"""

from __future__ import annotations

import argparse
import difflib
import io
import os
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "docs" / "assets"
TEXT_NAME = "first-run.txt"
SVG_NAME = "first-run.svg"
COLUMNS = 80
REGION = "eu-west-1"
# How the scratch directory is shown (a label, never created or written).
SCRATCH = "/tmp/demo"  # noqa: S108
SVG_TITLE = "awslogin-helper: first run"

# Lines of the current product wording that the transcript must contain (checked in --check
# mode and by tests/test_docs_demo.py): if the wording changes, re-record.
KEY_LINES = (
    "The fix is `aws login`: short-term credentials that rotate by themselves.",
    "? Ready for me to run `aws login`? Yes",
    "Running `aws login`. Follow its instructions; it asks for a region first.",
    f"AWS Region [us-east-1]: {REGION}",
    "✓ Signed in: the default profile is arn:aws:iam::123456789012:user/DevAdmin",
)
# The same for the Chinese first run (`--lang zh-CN`).
ZH_KEY_LINES = (f"AWS Region [us-east-1]: {REGION}",)

_VOLATILE = (
    (re.compile(r"127\.0\.0\.1%3A\d+"), "127.0.0.1%3APORT"),
    (re.compile(r"127\.0\.0\.1:\d+"), "127.0.0.1:PORT"),
    (re.compile(r"state=[0-9A-Za-z-]+"), "state=STATE"),
    (re.compile(r"client_id=[0-9a-f]{32}\b"), "client_id=CLIENT"),
    (re.compile(r"code_challenge=[0-9A-Za-z_-]+"), "code_challenge=CHALLENGE"),
)


# Machine facts the recordings pin (tests/fakeaws/pinned_machine/sitecustomize.py).
PINNED_MACHINE = ROOT / "tests" / "fakeaws" / "pinned_machine"
# The fake aws runs on the test interpreter, which a v1 or pip install shows by its path: the
# recordings reach it through a link at a fixed place in the scratch home (a user's own venv).
VENV_LINK = Path(".local") / "awscli-venv"


def pin_interpreter(fake: Any) -> None:
    """Run the fake through `~/.local/awscli-venv`, a link to the test venv."""
    link = Path(fake.home) / VENV_LINK
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(Path(sys.executable).parent.parent, target_is_directory=True)
    fake.install(python=str(link / "bin" / Path(sys.executable).name))


def normalise(text: str, scratch: str | None = None) -> str:
    """Replace the parts that differ from run to run (paths, ports, OAuth state)."""
    if scratch:
        text = text.replace(scratch, SCRATCH)
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return text


# --------------------------------------------------------------------------- terminal model

_CSI = re.compile(r"\x1b\[([?<>=]?)([0-9;]*)([ -/]*)([@-~])")
_OSC = re.compile(r"\x1b\].*?(?:\x07|\x1b\\)", re.DOTALL)
_OTHER_ESC = re.compile(r"\x1b[()][0-9A-Za-z]|\x1b[@-Z\\-_=>78]")


@dataclass
class Screen:
    """Just enough of a terminal to replay Rich's spinner and prompt_toolkit's prompt.

    Lines have no width limit (long lines stay one logical line); each cell keeps the SGR
    (colour) sequence that was active when it was written.
    """

    rows: list[list[tuple[str, str]]] = field(default_factory=lambda: [[]])
    row: int = 0
    col: int = 0
    sgr: str = ""

    def _line(self) -> list[tuple[str, str]]:
        while len(self.rows) <= self.row:
            self.rows.append([])
        return self.rows[self.row]

    def _put(self, char: str) -> None:
        line = self._line()
        while len(line) < self.col:
            line.append((" ", ""))
        if self.col < len(line):
            line[self.col] = (char, self.sgr)
        else:
            line.append((char, self.sgr))
        self.col += 1

    def _csi(self, private: str, params: str, final: str) -> None:
        if private:  # modes (?25l cursor, ?2004h paste, ...): nothing visible
            return
        numbers = [int(p) if p else 0 for p in params.split(";")] if params else []
        n = numbers[0] if numbers else 0
        line = self._line()
        if final == "m":
            self.sgr = "" if params in ("", "0") else self.sgr + f"\x1b[{params}m"
        elif final == "A":
            self.row = max(0, self.row - max(n, 1))
        elif final == "B":
            self.row += max(n, 1)
        elif final == "C":
            self.col += max(n, 1)
        elif final == "D":
            self.col = max(0, self.col - max(n, 1))
        elif final == "G":
            self.col = max(0, n - 1)
        elif final == "K":
            if n == 2:
                line.clear()
            elif n == 1:
                line[: self.col] = [(" ", "")] * min(self.col, len(line))
            else:
                del line[self.col :]
        elif final == "J":
            if n == 0:
                del line[self.col :]
                del self.rows[self.row + 1 :]
            else:
                self.rows = [[]]
                self.row = self.col = 0

    def feed(self, data: str) -> None:
        data = _OSC.sub("", data)
        i = 0
        while i < len(data):
            char = data[i]
            if char == "\x1b":
                match = _CSI.match(data, i)
                if match:
                    self._csi(match.group(1), match.group(2), match.group(4))
                    i = match.end()
                    continue
                other = _OTHER_ESC.match(data, i)
                i = other.end() if other else i + 1
                continue
            if char == "\r":
                self.col = 0
            elif char == "\n":
                self.row += 1
                self.col = 0
                self._line()
            elif char == "\b":
                self.col = max(0, self.col - 1)
            elif char == "\t":
                self.col = (self.col // 8 + 1) * 8
            elif char >= " ":
                self._put(char)
            i += 1

    def lines(self, *, ansi: bool) -> list[str]:
        out: list[str] = []
        for cells in self.rows:
            text, current = [], ""
            for char, sgr in cells:
                if ansi and sgr != current:
                    text.append("\x1b[0m" + sgr)
                    current = sgr
                text.append(char)
            if ansi and current:
                text.append("\x1b[0m")
            out.append("".join(text).rstrip())
        while out and not out[-1]:
            out.pop()
        while out and not out[0]:
            out.pop(0)
        return out


# --------------------------------------------------------------------------- recording


@dataclass
class Recording:
    raw: str
    text: str  # plain, normalised
    ansi: str  # coloured, normalised
    exit_status: int | None
    lang: Language


def record(lang: Language | None = None) -> Recording:
    """Run the installed helper on a pty against the fake `aws`; return what it showed."""
    import pexpect  # type: ignore[import-untyped]

    sys.path.insert(0, str(ROOT / "tests"))
    from fakeaws import FakeAws, helper_command

    with tempfile.TemporaryDirectory(prefix="awslogin-demo-") as tmp:
        scratch = str(Path(tmp).resolve())
        fake = FakeAws(Path(scratch), Path(scratch) / "home")
        env = fake.env(NO_COLOR=None, TERM="xterm-256color", LINES="40")
        lang = lang or ENGLISH
        command = [*helper_command(), *lang.args]
        child = pexpect.spawn(
            command[0],
            command[1:],
            env=env,
            cwd=str(fake.home),
            encoding="utf-8",
            codec_errors="replace",
            timeout=60,
            dimensions=(40, COLUMNS),
        )
        chunks: list[str] = []

        class _Tee:
            def write(self, data: str) -> None:
                chunks.append(data)

            def flush(self) -> None:
                pass

        child.logfile_read = _Tee()
        child.expect_exact(lang.question)
        child.send("y")
        child.expect_exact("AWS Region [us-east-1]:")
        child.sendline(REGION)
        child.expect(pexpect.EOF)
        child.close()
        raw = "".join(chunks)
        screen = Screen()
        screen.feed(raw)
        text = normalise("\n".join(screen.lines(ansi=False)), scratch) + "\n"
        ansi = normalise("\n".join(screen.lines(ansi=True)), scratch) + "\n"
        return Recording(raw, text, ansi, child.exitstatus, lang)


def check_recording(rec: Recording) -> list[str]:
    """What is wrong with a recording (empty when it is good)."""
    problems = []
    if rec.exit_status != 0:
        problems.append(f"awslogin-helper exited with {rec.exit_status}, not 0")
    if "FAKESECRET" in rec.raw:
        problems.append("a secret of the fake AWS CLI (FAKESECRET...) reached the terminal")
    if re.search(r"\b(AKIA|ASIA)[A-Z0-9]{12,}", rec.raw):
        problems.append("a whole access key ID reached the terminal")
    if rec.lang is not ENGLISH and not any(map(has_wide, rec.text.splitlines())):
        problems.append("not one line is in Chinese: is the catalog compiled (pip install -e .)?")
    for line in rec.lang.key_lines:
        if line not in rec.text.splitlines():
            problems.append(f"missing line: {line!r}")
    return problems


def has_wide(text: str) -> bool:
    """True when `text` holds a character two terminal cells wide (Chinese)."""
    import unicodedata

    return any(unicodedata.east_asian_width(ch) in "WF" for ch in text)


def svg_of(ansi: str, title: str = SVG_TITLE) -> str:
    from rich.console import Console
    from rich.text import Text

    console = Console(
        record=True,
        width=COLUMNS,
        force_terminal=True,
        color_system="truecolor",
        file=io.StringIO(),
    )
    console.print(Text.from_ansi(ansi), soft_wrap=False)
    return console.export_svg(title=title)


def write(rec: Recording, out: Path) -> None:
    """Write the first run's text and SVG under `out` (in the language's sub-directory)."""
    text_name, svg_name = first_run_files(rec.lang)
    save(out / text_name, rec.text)
    save(out / svg_name, svg_of(rec.ansi, rec.lang.svg_title))


def save(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


# --------------------------------------------------------------------------- every path, as logged

PATHS_DIR = "paths"
NO_CREDS = 'Unable to locate credentials. You can configure credentials by running "aws login".'
AKIA_KEYS = (
    "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
    "aws_secret_access_key = FAKESECRETwJalrXUtnFEMI/K7MDENG/bPxRfiCY\n"
)
SSO_CONFIG = (
    "[profile work]\nsso_session = corp\nsso_account_id = 123456789012\n"
    "sso_role_name = Developer\nregion = eu-west-1\n\n"
    "[sso-session corp]\nsso_start_url = https://my-corp.awsapps.com/start\n"
    "sso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n"
)
REGION_CONFIG = "[default]\nregion = eu-west-1\n"


@dataclass(frozen=True)
class Scenario:
    """One run of the helper without a terminal: its arguments and the fake's set-up."""

    name: str
    args: tuple[str, ...] = ("--yes",)
    fake: dict[str, object] = field(default_factory=dict)
    config: str = REGION_CONFIG
    credentials: str | None = None
    env: dict[str, str | None] = field(default_factory=dict)
    stdin: str = ""
    no_aws: bool = False


SCENARIOS = (
    Scenario("default-login"),
    Scenario(
        "kept",
        config=REGION_CONFIG + "login_session = arn:aws:iam::123456789012:user/DevAdmin\n",
    ),
    Scenario("named-profile", args=("--yes", "--profile", "dev"), stdin=f"{REGION}\n"),
    Scenario(
        "akia-keys-conflict",
        credentials=AKIA_KEYS,
        fake={
            "identity": {
                "stderr": "An error occurred (InvalidClientTokenId) when calling "
                "the GetCallerIdentity operation: The security token included in the "
                "request is invalid.",
                "exit": 254,
            }
        },
    ),
    Scenario("sso", args=("--yes", "--profile", "work"), config=SSO_CONFIG),
    Scenario("sso-not-configured", args=("--sso",)),
    Scenario(
        "govcloud",
        args=("--yes", "--region", "us-gov-west-1"),
        config="",
        stdin="AKIAIOSFODNN7EXAMPLE\nFAKESECRETkey\nus-gov-west-1\njson\n",
    ),
    Scenario("ci", args=(), env={"CI": "true"}),
    Scenario("needs-terminal", args=()),
    Scenario("remote", args=("--yes", "--remote"), stdin="EXAMPLECODE\n"),
    Scenario(
        "remote-ssh",
        env={"SSH_CONNECTION": "192.0.2.10 50000 192.0.2.20 22"},
        stdin="EXAMPLECODE\n",
    ),
    Scenario("cli-missing", no_aws=True),
    Scenario(
        "cli-too-old",
        fake={
            "version": "aws-cli/2.9.19 Python/3.11.2 Linux/6.1.0 source/x86_64.debian.12 prompt/off"
        },
    ),
    Scenario(
        "cli-v1", fake={"version": "aws-cli/1.45.11 Python/3.11.7 Linux/6.18.44 botocore/1.43.11"}
    ),
    Scenario("login-permission", fake={"login": "permission"}),
    Scenario("login-denied", fake={"login": "denied"}),
    Scenario("login-timeout", fake={"login": "timeout"}),
    Scenario("login-network", fake={"login": "network"}),
    Scenario("login-service", fake={"login": "service"}),
    Scenario(
        "remote-expired-code",
        args=("--yes", "--remote"),
        fake={"login": "expired_code"},
        stdin="EXAMPLECODE\n",
    ),
    Scenario("verify-failed", fake={"identity_after_login": {"stderr": NO_CREDS, "exit": 253}}),
    Scenario(
        "verify-permission",
        fake={
            "identity_after_login": {
                "stderr": "An error occurred (AccessDenied) when calling the GetCallerIdentity "
                "operation: User: arn:aws:iam::123456789012:user/DevAdmin is not authorized to "
                "perform: sts:GetCallerIdentity",
                "exit": 254,
            }
        },
    ),
    Scenario(
        "sso-login-failed",
        args=("--yes", "--profile", "work"),
        config=SSO_CONFIG,
        fake={"sso_login": "denied"},
    ),
    Scenario(
        "configure-failed",
        args=("--yes", "--region", "cn-north-1"),
        config="",
        fake={"configure": "fail"},
        stdin="\n\n\n\n",
    ),
    Scenario("config-error", config="[default\nregion = eu-west-1\n"),
    Scenario(
        "shadowed",
        args=("--yes", "--profile", "dev"),
        config=REGION_CONFIG + "\n[profile dev]\nregion = eu-west-1\n",
        env={
            "AWS_PROFILE": "other",
            "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "FAKESECRETwJalrXUtnFEMI/K7MDENG/bPxRfiCY",
        },
    ),
)


@dataclass(frozen=True)
class Language:
    """One language the docs are recorded in: where its files go, how the helper is asked."""

    code: str
    assets: str  # sub-directory of docs/assets ("" for English)
    args: tuple[str, ...]  # put before the scenario's own arguments
    question: str  # the one confirmation, as the pty recording waits for it
    key_lines: tuple[str, ...]
    svg_title: str


ENGLISH = Language("en", "", (), "Ready for me to run `aws login`?", KEY_LINES, SVG_TITLE)
CHINESE = Language(
    "zh-CN",
    "zh",
    ("--lang", "zh-CN"),
    "准备好让我运行 `aws login` 了吗?",
    ZH_KEY_LINES,
    "awslogin-helper: 首次运行",
)
LANGUAGES = (ENGLISH, CHINESE)

# Called with the scenario's FakeAws before the helper runs; returns extra environment
# (tests/test_screens.py wraps the fake to learn which lines the AWS CLI printed itself).
Prepare = Callable[[Any], dict[str, str]]


def run_scenario(
    scenario: Scenario,
    lang: Language = ENGLISH,
    *,
    columns: int = COLUMNS,
    prepare: Prepare | None = None,
) -> str:
    """The helper's output (stdout and stderr as one stream) and exit code, normalised."""
    import subprocess

    sys.path.insert(0, str(ROOT / "tests"))
    from fakeaws import FakeAws, helper_command

    with tempfile.TemporaryDirectory(prefix="awslogin-demo-") as tmp:
        scratch = str(Path(tmp).resolve())
        fake = FakeAws(Path(scratch), Path(scratch) / "home")
        pin_interpreter(fake)
        if scenario.fake:
            fake.scenario(**scenario.fake)
        if scenario.config:
            fake.write_config(scenario.config)
        if scenario.credentials:
            fake.write_credentials(scenario.credentials)
        if scenario.no_aws:
            fake.remove_aws()
        extra = prepare(fake) if prepare else {}
        env = fake.env(**scenario.env, **extra, COLUMNS=str(columns))
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(PINNED_MACHINE), env.get("PYTHONPATH", "")) if p
        )
        args = (*lang.args, *scenario.args)
        result = subprocess.run(
            [*helper_command(), *args],
            env=env,
            cwd=str(fake.home),
            input=scenario.stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=120,
            check=False,
        )
        if "FAKESECRET" in result.stdout:
            raise SystemExit(f"record_demo: {scenario.name} printed a secret of the fake")
        shown = " ".join(["awslogin-helper", *args])
        body = "\n".join(line.rstrip() for line in result.stdout.rstrip().splitlines())
        text = f"$ {shown}\n{body}\n[exit code {result.returncode}]\n"
        return normalise(text, scratch)


def record_paths(lang: Language = ENGLISH) -> dict[str, str]:
    """Every scenario's recording in `lang`, by file name under docs/assets."""
    return {path_file(s.name, lang): run_scenario(s, lang) for s in SCENARIOS}


def path_file(name: str, lang: Language) -> str:
    """Where a path's recording lives, relative to docs/assets."""
    return "/".join(part for part in (lang.assets, PATHS_DIR, f"{name}.txt") if part)


def first_run_files(lang: Language) -> tuple[str, str]:
    """The first run's text and SVG, relative to docs/assets."""
    prefix = f"{lang.assets}/" if lang.assets else ""
    return prefix + TEXT_NAME, prefix + SVG_NAME


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with docs/assets only")
    parser.add_argument("--out", type=Path, default=ASSETS, help="where to write the files")
    args = parser.parse_args(argv)

    wanted: dict[str, str] = {}
    recordings = []
    for lang in LANGUAGES:
        rec = record(lang)
        problems = check_recording(rec)
        if problems:
            for problem in problems:
                print(f"record_demo: {lang.code}: {problem}", file=sys.stderr)
            return 1
        recordings.append(rec)
        wanted[first_run_files(lang)[0]] = rec.text
        wanted.update(record_paths(lang))
    if not args.check:
        for rec in recordings:
            write(rec, args.out)
        for name, text in wanted.items():
            save(args.out / name, text)
        print(f"wrote {len(wanted)} recordings and {len(recordings)} SVGs under {args.out}")
        return 0
    stale = stale_files(wanted)
    if not stale:
        print(f"the {len(wanted)} recordings in docs/assets match what awslogin-helper prints")
        return 0
    print("record_demo: stale docs recordings: run python scripts/record_demo.py", file=sys.stderr)
    return 1


def stale_files(wanted: dict[str, str]) -> list[str]:
    """Names under docs/assets whose committed text differs from `wanted` (diffs to stderr)."""
    stale = []
    for name, text in wanted.items():
        path = ASSETS / name
        committed = path.read_text(encoding="utf-8") if path.exists() else ""
        if normalise(committed) != text:
            stale.append(name)
            sys.stderr.writelines(
                difflib.unified_diff(
                    committed.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    f"committed {name}",
                    "recorded now",
                )
            )
    return stale


if __name__ == "__main__":
    sys.exit(main())
