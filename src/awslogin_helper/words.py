"""The one rendering layer for words: every user-facing message goes through this module.

English is the source language: a message's English text is its msgid. Translations come
from gettext catalogs inside the package (`locale/<lang>/LC_MESSAGES/awslogin_helper.mo`,
compiled from the committed `.po` by `hatch_build.py` when the package is built).

Two ways to say something:

- `_("No credentials were found.")`: a message without values.
- `tr("Sign in profile {name} first:", name=profile)`: a message with NAMED placeholders,
  filled with `str.format` AFTER translation, so a translator can move them (a literal brace
  in such a message is written `{{`). Placeholders carry the values that are never
  translated: AWS command lines, flags, policy names, file paths, URLs, exit codes.
- `N_("...")` only marks a message for extraction (tables built at import time); translate it
  where it is shown, with `_()`.

The language comes from `--lang` (`set_language("zh-CN")`), else from LC_ALL, LC_MESSAGES or
LANG, the first one set (POSIX order): zh_CN, zh_SG and zh_Hans* mean Simplified Chinese,
everything else English. Machine-readable output (`status --json`) is always English: the
command line sets English for it before anything is built.

Import cost is the stdlib `gettext` module only, and the catalog is read at the first message.
"""

from __future__ import annotations

import functools
import gettext as _gettext
import os
import re
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "awslogin_helper"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

ENGLISH = "en"
CHINESE = "zh_CN"
# The values `--lang` accepts (BCP 47 spelling, as users type them).
LANG_OPTIONS = ("zh-CN", "en")

# The chosen language (None: not chosen yet, read the environment at the first message) and
# its loaded catalog.
_state: dict[str, str | None] = {"lang": None}
_loaded: dict[str, _gettext.NullTranslations] = {}


def language_from_locale(value: str | None) -> str:
    """`zh_CN.UTF-8`, `zh-SG`, `zh_Hans_CN@x` -> Chinese; else (zh_TW, C, "") -> English."""
    if not value:
        return ENGLISH
    name = value.split(".", 1)[0].split("@", 1)[0].replace("-", "_").lower()
    if name in ("zh_cn", "zh_sg") or name == "zh_hans" or name.startswith("zh_hans_"):
        return CHINESE
    return ENGLISH


def language_from_env(env: Mapping[str, str]) -> str:
    """The language of the first non-empty of LC_ALL, LC_MESSAGES, LANG (POSIX precedence)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return language_from_locale(value)
    return ENGLISH


def set_language(option: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """Choose the language: the `--lang` value if given, else the locale variables."""
    lang = (
        language_from_locale(option)
        if option
        else language_from_env(os.environ if env is None else env)
    )
    _state["lang"] = lang
    return lang


def current_language() -> str:
    lang = _state["lang"]
    return lang if lang is not None else set_language()


def _translation() -> _gettext.NullTranslations:
    lang = current_language()
    found = _loaded.get(lang)
    if found is None:
        if lang == ENGLISH:
            found = _gettext.NullTranslations()  # the msgids are the English text
        else:
            # `languages` is explicit so LANGUAGE (a GNU extension) cannot pick another one;
            # without a compiled catalog the messages stay English rather than fail.
            found = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
        _loaded[lang] = found
    return found


def catalog_loaded() -> bool:
    """True when the current language's compiled catalog was found (English always is)."""
    return current_language() == ENGLISH or type(_translation()) is not _gettext.NullTranslations


def _(msgid: str) -> str:
    """The message in the current language (the English msgid when it has no translation)."""
    return _translation().gettext(msgid)


def N_(msgid: str) -> str:  # noqa: N802 -- the gettext convention for "mark only"
    """Mark a message for extraction without translating it now (translate it at display)."""
    return msgid


def tr(msgid: str, /, **values: object) -> str:
    """The message translated, then its named placeholders filled from `values`."""
    text = _(msgid).format(**values)
    if current_language() == CHINESE:
        # Translations keep a space around each placeholder (a value may be Latin, `dev`);
        # where the value itself was Chinese (a translated label), Chinese takes no space.
        text = _space_between_wide().sub("", text)
    return text


@functools.cache
def _space_between_wide() -> re.Pattern[str]:
    # Compiled on first use: a class of thousands of characters costs milliseconds to compile,
    # and English never needs it.
    return re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]) (?=[\u4e00-\u9fff])")


# Closing punctuation never starts a line, opening punctuation never ends one (the usual
# Chinese line-breaking rule); each wide character is a break opportunity of its own.
_NO_LINE_START = frozenset(",。、;:)!?」』》”\u2019")
_NO_LINE_END = frozenset("(「『《“\u2018")


# The product's own marks and punctuation, all one cell wide (East Asian width N or A).
_NARROW = dict.fromkeys(map(ord, "✓•→·…"))


def cells(text: str) -> int:
    """Terminal cells of `text`: East Asian wide and fullwidth characters take two."""
    # Most text is ASCII plus the product's marks: one cell a character, without a lookup
    # per character (a status report over 1,000 profiles measures many lines).
    if text.isascii() or text.translate(_NARROW).isascii():
        return len(text)
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def has_wide(text: str) -> bool:
    """True when `text` holds a character that takes two terminal cells (Chinese, ...)."""
    return cells(text) != len(text)


def chunks(token: str, room: int) -> list[str]:
    """`token` cut into pieces of at most `room` cells (a wide character is never halved)."""
    pieces = [""]
    used = 0
    for ch in token:
        size = cells(ch)
        if pieces[-1] and used + size > room:
            pieces.append("")
            used = 0
        pieces[-1] += ch
        used += size
    return pieces


# One token each: a `command` in backticks, a URL, a run of Latin text, one wide character,
# or spaces. A command or URL is never split.
@functools.cache
def _wide_tokens() -> re.Pattern[str]:
    # Compiled on first use (about 12 ms: its classes span 53,000 characters), for text that
    # is not ASCII; ASCII text takes `_ASCII_TOKENS`, the same pattern without them.
    return re.compile(
        r"`[^`]*`[.,;:!?)\]]*\s*|https?://[^\s\u2e80-\uffef]+\s*"
        r"|(?:(?!https?://)[^\s`\u2e80-\uffef])+\s*|[\u2e80-\uffef]\s*|\s+"
    )


_ASCII_TOKENS = re.compile(
    r"`[^`]*`[.,;:!?)\]]*\s*|https?://\S+\s*|(?:(?!https?://)[^\s`])+\s*|\s+"
)
# Never split: a command, a URL, a file path (each must stay copyable).
_ATOM = re.compile(r"`|https?://|^[(\[\"']?(?:~|\.{1,2})?/")


def wrap_cells(
    text: str, width: int, first: str = "", rest: str = "", *, fold: bool = True
) -> list[str]:
    """`text` in lines of at most `width` terminal cells, in time linear in its length.

    Breaks at spaces and between wide characters, so Chinese wraps as well as English. A
    `command` in backticks, a URL or a file path is never split: when it does not fit on a
    line after the indent, it stands alone on a line of its own, unindented, and may be wider
    than `width` (it must stay copyable). `first` and `rest` are the indents of the first and
    the following lines (as in `textwrap.wrap`), counted in the width. Another word longer
    than a line (an ARN) is split at the edge, as `break_long_words` does, unless `fold` is
    False.
    """
    tokens: list[str] = []
    for token in (_ASCII_TOKENS if text.isascii() else _wide_tokens()).findall(text):
        if tokens and (token[0] in _NO_LINE_START or tokens[-1].rstrip()[-1:] in _NO_LINE_END):
            tokens[-1] += token
        else:
            tokens.append(token)
    room = max(width - max(cells(first), cells(rest)), 1)
    lines: list[str] = []
    lead, line, used = first, "", cells(first)  # `used`: cells of lead + line.rstrip()
    pending = 0  # cells of the trailing spaces of `line`

    def flush() -> None:
        if line.strip():
            lines.append(lead + line.rstrip())

    for token in tokens:
        word = token.rstrip()
        size = cells(word)
        spaces = len(token) - len(word)
        if not word:  # spaces only
            if line:
                line += token
                pending += spaces
            continue
        if line and used + pending + size > width:
            flush()
            lead, line, used, pending = rest, "", cells(rest), 0
        if not line and size > room:
            if _ATOM.search(word):  # too long for any line: alone, unindented, whole
                if lead.strip() and not lines:  # a mark or label stays on its own line
                    lines.append(lead.rstrip())
                lines.append(word)
                lead, line, used, pending = rest, "", cells(rest), 0
                continue
            if fold:
                *whole, word = chunks(word, room)
                for piece in whole:
                    lines.append(lead + piece)
                    lead = rest
                used, size = cells(lead), cells(word)
        line += word + " " * spaces
        used += pending + size
        pending = spaces
    flush()
    return lines
