"""One catalog of words: the catalogs match the source, Chinese is complete, and it shows.

What this enforces (CONTRIBUTING.md, "Adding or translating a message"):
- the committed template is what Babel extracts from the source today (no drift);
- every msgid has a non-empty zh_CN translation with exactly the same named placeholders and
  the same `code` spans (commands, flags and paths are never translated);
- the language is chosen from --lang, else LC_ALL / LC_MESSAGES / LANG;
- Chinese help and endings fit 80 terminal cells; `status --json` never changes language.
"""

from __future__ import annotations

import io
import json
import re
import string
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from rich.cells import cell_len

from awslogin_helper import words
from awslogin_helper.checks.classify import (
    IDENTITY_PROBLEM_TEXT,
    IdentityProblem,
    LoginProblem,
    problem_text,
)
from awslogin_helper.endings import Ending, Situation, identity_ending, login_ending
from fakeaws import FakeAws, helper_command, run_helper

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "awslogin_helper" / "locale"
POT = LOCALE / "awslogin_helper.pot"
ZH_PO = LOCALE / "zh_CN" / "LC_MESSAGES" / "awslogin_helper.po"
HAN = re.compile(r"[\u4e00-\u9fff]")


def load(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def ids(catalog: Catalog) -> set[str]:
    return {str(message.id) for message in catalog if message.id}


def placeholders(text: str) -> list[str]:
    """The named placeholders with their conversion and spec, sorted: `{name!r}` -> `name!r`."""
    found = []
    for _literal, field, spec, conversion in string.Formatter().parse(text):
        if field is not None:
            found.append(f"{field}!{conversion or ''}:{spec or ''}")
    return sorted(found)


def needs_words(msgid: str) -> bool:
    """A msgid with English words to translate (not only names like "AWS CLI v2", "Arn")."""
    bare = re.sub(r"`[^`]*`|\{[^}]*\}", " ", msgid)
    return bool(set(re.findall(r"\b[a-z]{2,}\b", bare)) - {"aws", "the", "an"})


def code_spans(text: str) -> list[str]:
    return sorted(re.findall(r"`[^`]*`", text))


@pytest.fixture
def chinese() -> Iterator[None]:
    words.set_language("zh-CN")
    try:
        yield
    finally:
        words.set_language("en")


# --------------------------------------------------------------------------- catalogs


def test_template_matches_the_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A message added, changed or removed in the source fails here until the .pot is redone."""
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    monkeypatch.chdir(ROOT)  # babel.cfg names its paths from the root
    import update_catalogs  # the one extraction command, shared with the maintainers' script

    fresh = tmp_path / "fresh.pot"
    update_catalogs.extract(fresh)
    extracted, committed = ids(load(fresh)), ids(load(POT))
    assert extracted, "Babel extracted nothing: babel.cfg or the keywords are wrong"
    assert extracted == committed, (
        f"not in the .pot: {sorted(extracted - committed)}; "
        f"gone from the source: {sorted(committed - extracted)}. "
        "Run: python scripts/update_catalogs.py"
    )


def test_every_message_has_its_chinese_translation() -> None:
    po = load(ZH_PO)
    assert ids(po) == ids(load(POT)), "run: python scripts/update_catalogs.py"
    for message in po:
        if not message.id:
            continue
        msgid, msgstr = str(message.id), str(message.string)
        assert msgstr.strip(), f"no translation: {msgid!r}"
        assert "fuzzy" not in message.flags, f"fuzzy (review it): {msgid!r}"
        if needs_words(msgid):
            assert HAN.search(msgstr), f"not Chinese: {msgid!r} -> {msgstr!r}"
        assert placeholders(msgstr) == placeholders(msgid), f"placeholders differ: {msgid!r}"
        assert code_spans(msgstr) == code_spans(msgid), f"a `command` was changed: {msgid!r}"


def test_placeholder_check_catches_a_dropped_or_added_name() -> None:
    assert placeholders("Sign in {profile} with {command}") == ["command!:", "profile!:"]
    assert placeholders("登录 {profile}") != placeholders("Sign in {profile} with {command}")
    assert placeholders("{name!r}") != placeholders("{name}")


def test_compiled_catalog_is_installed_and_read() -> None:
    """The build hook compiled the .mo next to the .po (the editable install reads it there)."""
    assert (ZH_PO.with_suffix(".mo")).is_file(), "pip install -e . compiles it (hatch_build.py)"
    words.set_language("zh-CN")
    try:
        assert words.catalog_loaded()
        assert words._("Sign in again:") == "请重新登录:"
    finally:
        words.set_language("en")


# --------------------------------------------------------------------------- language choice


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, words.CHINESE),
        ({"LANG": "zh_SG.UTF-8"}, words.CHINESE),
        ({"LANG": "zh_Hans_CN.UTF-8"}, words.CHINESE),
        ({"LANG": "zh_Hans"}, words.CHINESE),
        ({"LANG": "zh_TW.UTF-8"}, words.ENGLISH),
        ({"LANG": "zh_HK.UTF-8"}, words.ENGLISH),
        ({"LANG": "en_US.UTF-8"}, words.ENGLISH),
        ({"LANG": "C"}, words.ENGLISH),
        ({"LANG": "C.UTF-8"}, words.ENGLISH),
        ({}, words.ENGLISH),
        ({"LANG": ""}, words.ENGLISH),
        # POSIX precedence: LC_ALL, then LC_MESSAGES, then LANG; GNU's LANGUAGE is not read.
        ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, words.ENGLISH),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, words.CHINESE),
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "C"}, words.CHINESE),
        ({"LC_ALL": "", "LC_MESSAGES": "C", "LANG": "zh_CN.UTF-8"}, words.ENGLISH),
        ({"LANGUAGE": "zh_CN", "LANG": "C"}, words.ENGLISH),
    ],
)
def test_language_from_the_locale(env: dict[str, str], expected: str) -> None:
    assert words.language_from_env(env) == expected


@pytest.mark.parametrize(
    ("option", "expected"), [("zh-CN", words.CHINESE), ("en", words.ENGLISH), (None, None)]
)
def test_lang_option_wins_over_the_locale(option: str | None, expected: str | None) -> None:
    try:
        chosen = words.set_language(option, env={"LANG": "zh_CN.UTF-8"})
        assert chosen == (expected or words.CHINESE)
    finally:
        words.set_language("en")


def test_english_is_the_msgid_itself() -> None:
    words.set_language("en")
    assert words.tr("Sign in profile {source} first:", source="dev") == "Sign in profile dev first:"
    assert (
        problem_text(IdentityProblem.NEEDS_CRT) == IDENTITY_PROBLEM_TEXT[IdentityProblem.NEEDS_CRT]
    )


# --------------------------------------------------------------------------- rendered words


SITUATIONS = [
    Situation(),
    Situation(profile="dev", named=True, remote=True, verbose=True),
    Situation(
        profile="dev",
        named=True,
        principal_arn="arn:aws:iam::123456789012:user/DevAdmin",
        source_profile="base",
        proxy=("HTTPS_PROXY", "proxy.example.com:3128"),
    ),
]


def every_ending() -> list[tuple[str, Ending, Ending]]:
    """(name, English, Chinese) for every cause and situation."""
    rendered = []
    for situation in SITUATIONS:
        for problem in IdentityProblem:
            words.set_language("en")
            english = identity_ending(problem, situation)
            words.set_language("zh-CN")
            rendered.append((f"identity {problem}", english, identity_ending(problem, situation)))
        for login in LoginProblem:
            words.set_language("en")
            english = login_ending(login, situation)
            words.set_language("zh-CN")
            rendered.append((f"login {login}", english, login_ending(login, situation)))
    words.set_language("en")
    return rendered


def test_every_ending_reads_in_chinese_with_the_same_command_and_code() -> None:
    for name, english, chinese in every_ending():
        assert HAN.search(chinese.verdict), f"{name}: {chinese.verdict!r}"
        assert chinese.step is None or HAN.search(chinese.step), f"{name}: {chinese.step!r}"
        assert (chinese.command, chinese.code) == (english.command, english.code), name
        assert code_spans(chinese.verdict) == code_spans(english.verdict), name


@pytest.mark.parametrize("width", [60, 80])
def test_chinese_endings_fit_the_terminal(width: int) -> None:
    """Rendered as the screens show an ending (verdict, step, command), measured in cells."""
    from rich.console import Console

    from awslogin_helper.edges.ui import UI

    lead = "登录已完成,但配置文件 dev 仍然无法使用:"  # a long lead-in, as the wizard's
    for name, _english, chinese in every_ending():
        out = io.StringIO()
        ui = UI(Console(file=out, width=width, no_color=True, force_terminal=False))
        ui.error(lead + chinese.verdict)
        if chinese.step:
            ui.hint(chinese.step)
        if chinese.command:
            ui.command(chinese.command)
        lines = out.getvalue().splitlines()
        for line in lines:
            too_long = cell_len(line) > width and line.strip() != chinese.command
            assert not too_long, f"{name}: {cell_len(line)} cells: {line!r}"
        for span in code_spans(chinese.verdict + (chinese.step or "")):
            assert any(span in line for line in lines), f"{name}: {span} was split"
        assert not chinese.command or any(chinese.command in line for line in lines), name


def test_chinese_problem_texts_and_english_table() -> None:
    words.set_language("zh-CN")
    try:
        for problem in IdentityProblem:
            assert HAN.search(problem_text(problem)), problem
            assert not HAN.search(IDENTITY_PROBLEM_TEXT[problem]), "the table stays English"
    finally:
        words.set_language("en")


@pytest.mark.parametrize("width", [12, 30, 46, 80])
def test_wrap_cells_fits_and_keeps_commands_whole(width: int) -> None:
    text = "在另一台设备上登录(`aws login --remote`);默认自动检测。Sign in again, then run it."
    lines = words.wrap_cells(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        assert cell_len(line) <= width or line.strip("();,。") == "`aws login --remote`", line
        assert not line.startswith((",", "。", ";", ")"))
    assert any("`aws login --remote`" in line for line in lines)


# --------------------------------------------------------------------------- installed helper


def run_installed(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {"PATH": "/usr/bin:/bin", "COLUMNS": "80", "TERM": "dumb", "NO_COLOR": "1"}
    return subprocess.run(
        [*helper_command(), *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--lang", "zh-CN", "--help"], {"LANG": "C.UTF-8"}),
        (["--lang=zh-CN", "status", "--help"], {"LANG": "en_US.UTF-8"}),
        (["--help"], {"LANG": "zh_CN.UTF-8"}),
        (["status", "--help"], {"LC_ALL": "zh_SG.UTF-8", "LANG": "C"}),
    ],
)
def test_chinese_help(args: list[str], env: dict[str, str]) -> None:
    proc = run_installed(*args, **env)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("用法: awslogin-helper"), out
    assert "选项:" in out
    assert "显示此帮助并退出。" in out
    # --profile: the wizard signs that profile in; status only shows it.
    assert ("只显示此" if "status" in args else "登录此命名配置文件") in out
    for option in ("--profile", "--verbose", "--no-color", "-h, --help"):
        assert option in out  # option names are never translated
    long = [line for line in out.splitlines() if cell_len(line) > 80]
    assert not long, long


def test_english_help_is_unchanged_by_the_catalog() -> None:
    english = run_installed("--help", LANG="C.UTF-8")
    explicit = run_installed("--lang", "en", "--help", LANG="zh_CN.UTF-8")
    assert english.returncode == explicit.returncode == 0
    assert english.stdout == explicit.stdout
    assert english.stdout.startswith("Usage: awslogin-helper [OPTIONS] COMMAND [ARGS]...")
    assert "Sign in this named profile (default:" in english.stdout
    assert not HAN.search(english.stdout)


def test_unknown_lang_is_a_usage_error() -> None:
    proc = run_installed("--lang", "fr", "status", "--help")
    assert proc.returncode == 2
    assert "'fr' is not one of 'zh-CN', 'en'" in proc.stderr


STATUS_CONFIG = """\
[default]
region = eu-west-1

[profile dev]
region = eu-west-1
login_session = arn:aws:iam::123456789012:user/DevAdmin

[profile deploy]
role_arn = arn:aws:iam::444444444444:role/Deploy
source_profile = dev

[profile empty]
region = us-west-2
"""


def test_status_json_is_english_whatever_the_language(fake_aws: FakeAws) -> None:
    fake_aws.write_config(STATUS_CONFIG)
    # The AWS documentation's example key pair: never a real credential.
    fake_aws.write_credentials(
        "[keys]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    )
    fake_aws.scenario(
        identity={
            "dev": {
                "stderr": "Your session has expired. Please reauthenticate using 'aws login'.",
                "exit": 255,
            }
        }
    )
    path = {"PATH": str(fake_aws.bin_dir)}

    def status(*args: str, **env: str) -> str:
        proc = run_helper(fake_aws, *args, "status", "--json", env_overrides={**path, **env})
        assert proc.returncode in (0, 1), proc.stderr
        assert "generated_at" in json.loads(proc.stdout)
        # The byte-for-byte text, but for what changes from run to run: the time of the
        # report and the assumed role's session name (botocore-session-<epoch seconds>).
        text = re.sub(r'"generated_at": "[^"]*"', '"generated_at": "T"', proc.stdout)
        return re.sub(r"botocore-session-\d+", "botocore-session-N", text)

    english = status()
    assert "problem" in english
    assert status(LANG="zh_CN.UTF-8") == english
    assert status("--lang", "zh-CN") == english
    assert not HAN.search(english)
    # An unreachable proxy: the problem comes from the shared endings (words of the catalog).
    closed = {"HTTPS_PROXY": "http://127.0.0.1:9"}
    english = status(**closed)
    assert "proxy" in english
    assert status(LANG="zh_CN.UTF-8", **closed) == english
    assert status("--lang", "zh-CN", **closed) == english
    assert "wJalrXUtnFEMI" not in english


def test_recorded_chinese_help_is_current() -> None:
    """docs/zh/getting-started.md embeds docs/assets/zh/help.txt: it is what the tool prints.

    Renew it with: LANG=zh_CN.UTF-8 COLUMNS=80 awslogin-helper --help > docs/assets/zh/help.txt
    """
    recorded = (ROOT / "docs" / "assets" / "zh" / "help.txt").read_text(encoding="utf-8")
    proc = run_installed("--help", LANG="zh_CN.UTF-8")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == recorded


def test_wrap_cells_folds_a_long_arn_unless_told_not_to() -> None:
    arn = "arn:aws:sts::123456789012:assumed-role/VeryLongRoleNameForTesting/session-name-long"
    folded = words.wrap_cells(f"身份:{arn}", 40, "  ", "    ", fold=True)
    assert all(cell_len(line) <= 40 for line in folded), folded
    assert "".join(line.strip() for line in folded) == f"身份:{arn}"
    whole = words.wrap_cells(f"身份:{arn}", 40, "  ", "    ", fold=False)
    assert any(arn in line for line in whole), whole  # not folded: it stands whole


def test_a_url_after_chinese_punctuation_is_its_own_word() -> None:
    url = "https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sso.html"
    lines = words.wrap_cells(f"请参阅指南:{url}", 60, "  → ", "    ")
    assert url in lines, lines  # alone, unindented, whole
    assert all(cell_len(line) <= 60 for line in lines if line != url), lines


def test_chinese_takes_no_space_around_a_chinese_value_but_keeps_it_around_latin() -> None:
    from awslogin_helper import words

    words.set_language("zh-CN")
    try:
        joined = words._space_between_wide().sub("", "默认配置文件 的凭证, 而不是 配置文件 dev")
        assert joined == "默认配置文件的凭证, 而不是配置文件 dev"
    finally:
        words.set_language("en")


def test_field_labels_line_up_in_terminal_cells() -> None:
    import io

    from awslogin_helper.edges.ui import UI, make_console

    out = io.StringIO()
    ui = UI(make_console({}, file=out, no_color=True))
    ui.fields([("账号", "123456789012"), ("Arn", "arn:aws:iam::123456789012:user/DevAdmin")])
    first, second = out.getvalue().splitlines()
    assert first.index("1") * 1 + 2 == second.index("a", 3)  # "账号" is 4 cells, 2 characters


@pytest.mark.parametrize(
    "text",
    [
        "Run `aws login --profile dev` now, then see https://docs.aws.amazon.com/cli/x.html.",
        "arn:aws:iam::123456789012:user/a-very-long-user-name-that-does-not-fit-on-a-line-at-all",
        "  spaced   out\ttabs\nand lines ",
        "(see ~/.aws/config), then `x`; done!",
    ],
)
def test_ascii_text_wraps_as_the_wide_pattern_would(text: str) -> None:
    # ASCII text takes a pattern without the wide classes (fast to compile): same tokens.
    assert words._ASCII_TOKENS.findall(text) == words._wide_tokens().findall(text)
    for width in (20, 40, 80):
        assert words.wrap_cells(text, width, "  ", "    ")
