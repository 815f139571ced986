"""Rules 1 and 2 of `redact`: PEM blocks, and values after names that suggest a secret."""

from __future__ import annotations

import re

from awslogin_helper.redact.common import REDACTED as _REDACTED
from awslogin_helper.redact.common import mask_key_id

# --------------------------------------------------------------------------- PEM

# Lazy body up to the END line or the end of the text: one linear scan per BEGIN.
_PEM = re.compile(r"-----BEGIN.*?(?:-----END[ A-Z0-9]*-*|\Z)", re.DOTALL)

# --------------------------------------------------------------------------- names

# Where a name could hold a secret: a stem, or a quoted one-letter JWK member. A plain
# alternation of literals lets the regex engine skip ahead fast; the full name pattern below
# is then tried only at the start of the word around each stem.
# (Searched in an ASCII-lower-cased copy of the text: same length, and much faster than
# a case-insensitive pattern.)
_STEM = re.compile(
    r"secret|pass|pwd|token|credential|signature|cookie|bearer|auth|key|private|sess|sig"
    r"|[\"'](?:d|p|q|k|dp|dq|qi)\\?[\"']"
)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
_MAX_NAME = 81
# The name must start a word (lookbehind); a bounded name length keeps the backtracking on a
# failed separator bounded too.
_NAME = re.compile(
    r"""
    (?<![A-Za-z0-9_.\-])
    (?P<dash>--?)?
    (?P<q>\\?["'])?
    (?P<name>[A-Za-z][A-Za-z0-9_.\-]{0,80})
    (?(q)(?P=q))
    (?P<sep>
        [ \t]*=>?[ \t]*
      | (?(q)[ \t]*:[ \t]*|(?:[ \t]*:[ \t]+|:(?=\\?["'])))
      | (?(dash)[ \t]+|(?!))
    )
    """,
    re.VERBOSE,
)
_VALUE_DQ = re.compile(r'"(?:[^"\\\n]|\\.)*"?')
_VALUE_SQ = re.compile(r"'(?:[^'\\\n]|\\.)*'?")
_VALUE_ESCAPED = re.compile(r'\\(["\'])(?:[^\\\n]|\\[^"\'\n])*(?:\\["\'])?')
_VALUE_BARE = re.compile(r"[^\s\"'`&<>]+")
_VALUE_LINE = re.compile(r"[^\r\n]+")
_ALREADY_MASKED = re.compile(r"\*{3,}[A-Za-z0-9]{0,4}|\[redacted\]")
_HARMLESS = frozenset({"null", "none", "true", "false", "nil"})

_WORD_SPLIT = re.compile(r"[_.\-]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SECRET_PART = re.compile(
    r"secret|passw|passphrase|pwd|token|credential|signature|cookie|bearer|apikey|"
    r"privatekey|sessid|sessionid|auth(?!or)|authoriz|authoris"
)
_SECRET_WORDS = frozenset({"key", "keys", "pass", "private", "session", "sig"})
# A last word that makes the value a fact *about* a secret, not the secret itself.
_METADATA = frozenset(
    {
        "type",
        "types",
        "kind",
        "id",
        "ids",
        "name",
        "names",
        "file",
        "files",
        "filename",
        "path",
        "paths",
        "dir",
        "directory",
        "url",
        "uri",
        "endpoint",
        "arn",
        "arns",
        "region",
        "source",
        "process",
        "provider",
        "method",
        "format",
        "mode",
        "version",
        "length",
        "len",
        "size",
        "count",
        "expiration",
        "expires",
        "expiry",
        "at",
        "in",
        "ttl",
        "duration",
        "seconds",
        "timeout",
        "cache",
        "stdin",
        "env",
        "profile",
        "location",
        "prefix",
        "algorithm",
        "alg",
        "scheme",
        "header",
        "headers",
        "field",
        "fields",
        "enabled",
        "required",
        "status",
        "state",
        "policy",
        "date",
        "time",
        "created",
        "updated",
        "used",
        "hint",
    }
)
_NOT_SECRET = frozenset({"loginsession", "ssosession", "publickey", "publickeys"})
_WHOLE_LINE = frozenset({"authorization", "proxyauthorization", "cookie", "setcookie"})
_JWK_PRIVATE = frozenset({"d", "p", "q", "dp", "dq", "qi", "k"})

_SECRET, _KEY_ID, _LINE = "secret", "key-id", "line"


def _words(name: str) -> list[str]:
    return [w.lower() for w in _WORD_SPLIT.split(name) if w]


def _name_kind(name: str, quoted: bool, prose: bool) -> str | None:
    """What the value after this name is: a secret, a key ID, a whole header line, or None.

    `prose`: an unquoted name and `: `. There a lone weak word (key, keys, pass, private,
    session, sig) is an ordinary word ("A session: ...", a profile named "keys" in a column of
    `aws configure list`); its value is masked only if it has a credential's shape.
    """
    if quoted and name in _JWK_PRIVATE:
        return _SECRET
    words = _words(name)
    joined = "".join(words)
    if not words or joined in _NOT_SECRET:
        return None
    if joined in _WHOLE_LINE:
        return _LINE
    if joined.endswith(("accesskeyid", "accesskey")) and "secret" not in joined:
        return _KEY_ID
    if words[-1] in _METADATA:
        return None
    if prose and len(words) == 1 and words[0] in _SECRET_WORDS:
        return None  # "A session: ...", a profile named "keys" in `aws configure list`
    for word in words:
        if word in _SECRET_WORDS or word.endswith(("key", "keys")) or _SECRET_PART.search(word):
            return _SECRET
    return None


def _value_span(text: str, pos: int, kind: str, flag_with_space: bool) -> tuple[int, int] | None:
    """Where the value starting at `pos` ends, and how much of it is quoting (start, end)."""
    if pos >= len(text):
        return None
    first = text[pos]
    if first in "{[(":
        return None  # a structure: its own members are looked at one by one
    if flag_with_space and first == "-":
        return None  # `--secret-key --profile x`: the next flag, not a value
    if first == '"':
        match = _VALUE_DQ.match(text, pos)
    elif first == "'":
        match = _VALUE_SQ.match(text, pos)
    elif text.startswith(('\\"', "\\'"), pos):
        match = _VALUE_ESCAPED.match(text, pos)
    elif kind == _LINE:
        match = _VALUE_LINE.match(text, pos)
    else:
        match = _VALUE_BARE.match(text, pos)
    if match is None or match.end() == pos:
        return None
    return pos, match.end()


def _masked_value(raw: str, kind: str) -> str:
    """The value with its secret part replaced, quotes and one trailing punctuation kept."""
    open_quote = ""
    for quote in ('\\"', "\\'", '"', "'"):
        if raw.startswith(quote):
            open_quote = quote
            break
    inner = raw[len(open_quote) :]
    close = ""
    if open_quote and inner.endswith(open_quote) and len(inner) >= len(open_quote):
        close, inner = open_quote, inner[: -len(open_quote)]
    elif not open_quote and len(inner) > 1 and inner[-1] in ".,;:)]}":
        close, inner = inner[-1], inner[:-1]
    if not inner or inner.lower() in _HARMLESS or _ALREADY_MASKED.fullmatch(inner):
        return raw
    replacement = mask_key_id(inner) if kind == _KEY_ID else _REDACTED
    return open_quote + replacement + close


def _name_at(text: str, stem: int, floor: int) -> re.Match[str] | None:
    """The name-and-separator match whose name holds the stem at `stem`, if any."""
    if text[stem] in "\"'":
        stem += 1  # a quoted JWK member: the name starts after its quote
    start = stem
    while start > floor and stem - start < _MAX_NAME and text[start - 1] in _NAME_CHARS:
        start -= 1
    # The name may be preceded by `--`, a quote or an escaped quote (`\"name\"`).
    for candidate in range(max(floor, start - 3), start + 1):
        match = _NAME.match(text, candidate)
        if match is not None and match.start("name") <= stem < match.end("name"):
            return match
    return None


def _redact_names(text: str) -> str:
    out: list[str] = []
    emitted = 0  # text[:emitted] is in `out`
    scan = 0  # where to look for the next stem
    lowered = text.translate(_ASCII_LOWER)
    while True:
        stem = _STEM.search(lowered, scan)
        if stem is None:
            break
        match = _name_at(text, stem.start(), emitted)
        if match is None:
            scan = stem.start() + 1
            continue
        quoted = match["q"] is not None
        prose = not quoted and ":" in match["sep"]
        kind = _name_kind(match["name"], quoted, prose)
        span = None
        if kind is not None:
            flag_with_space = match["dash"] is not None and "=" not in match["sep"]
            span = _value_span(text, match.end(), kind, flag_with_space)
        if kind is None or span is None:
            # Not a secret (or no value): go on after the name, so names inside its value
            # (`credential_process = cmd --password x`) are looked at too.
            scan = match.end("name")
            continue
        start, end = span
        out.append(text[emitted:start])
        out.append(_masked_value(text[start:end], kind))
        emitted = scan = end
    out.append(text[emitted:])
    return "".join(out)


def redact_names(text: str) -> str:
    """Rules 1 and 2: PEM blocks, then values after secret-like names."""
    return _redact_names(_PEM.sub(_REDACTED, text))
