"""Keep secrets off the screen: redaction by structure, not by a list of spellings.

`redact(text)` is applied to whole texts (all of an AWS CLI's stderr, an exception message)
*before* anything is cut from them, so a secret split over lines is still seen whole.

Three kinds of rule, applied in this order:

1. **PEM blocks** ``-----BEGIN ...`` up to their ``-----END ...`` line, or to the end of the
   text when the END line is missing (a cut-off private key is still a private key).
2. **Names that suggest a secret.** A value after a key-like name is masked in every shape:
   ``name=value``, ``name = value``, ``name: value``, ``"name": "value"``, ``'name': 'value'``,
   ``\\"name\\": \\"value\\"`` (JSON inside JSON), ``--name=value``, ``--name value``, URL
   query parameters (``X-Amz-Security-Token=...&``) and environment lines
   (``AWS_SECRET_ACCESS_KEY=...``). The name is split into words (``_ - .`` and camelCase) and
   suggests a secret when a word contains secret, passw, passphrase, pwd, token, credential,
   signature, cookie, bearer, apikey, auth (not "author..."), is key/pass/private/session/sig or
   ends in "key" -- unless its *last* word says the value is only about the secret
   (``tokenType``, ``key_type``, ``credential_process``, ``credential_source``,
   ``AWS_SHARED_CREDENTIALS_FILE``, ``session_duration``, ``*_id``, ...). ``login_session`` and
   ``sso_session`` name ARNs and sections, not secrets. The private members of a JWK (``"d"``,
   ``"p"``, ``"q"``, ``"dp"``, ``"dq"``, ``"qi"``, ``"k"``) count when the name is quoted.
   ``Authorization``/``Cookie`` headers lose the rest of their line (``Bearer x``,
   ``AWS4-HMAC-SHA256 Credential=...``). Access key ID names (``aws_access_key_id``,
   ``AccessKeyId``, ``access_key`` of ``aws configure list``) keep the last four characters.
   A space alone separates a name from its value only for a flag (``--password hunter2``), so
   prose such as "Access Key credentials" or "key type" is left alone; ``name: value`` needs
   the space after the colon (or a quoted name), so ARNs (``arn:aws:secretsmanager:...``) and
   URLs survive, and there a lone weak word (key, keys, pass, private, session, sig) is prose
   ("A session: ...", a profile named "keys" in `aws configure list`'s columns). An unquoted
   value ends at white space, a quote, a backtick, ``& < >``; one trailing ``. , ; : ) ] }``
   stays visible. ``null``, ``true``, ``false`` and values already
   masked (``****MPLE``, ``[redacted]``) are kept.
3. **Credential shapes wherever they stand**: ``Bearer``/``Basic``/``Token`` followed by a
   token-like word; JWTs and other base64 JSON (``eyJ...``); access key and principal IDs
   (AKIA, ASIA, AIDA, AROA, ...: the last four characters stay); runs of the base64 alphabet
   (``%2F``, ``%2B``, ``%3D`` and ``\\/`` count as ``/ + =``) that hold a 40-character
   secret-key-shaped piece bounded by the run's ends or by ``/ +`` (so ``key/<40>`` and
   ``=<40>`` are caught), or are 80 characters or more and look random (session and refresh
   tokens, ``FwoGZXIvYXdz...``, ``IQoJb3JpZ2lu...``), or hold 32 hex digits or more; and
   random-looking base64url runs of 80 characters or more. A whole such run is masked. A
   run's end next to ``-`` or ``_`` does not bound a 40-character piece: it is inside a longer
   base64url word (a PKCE ``code_challenge`` in a sign-in URL).

"Looks random": upper case, lower case and a digit all present; a 40-character piece also
counts with at least eight upper and eight lower case letters and no digit. Words, paths
(``/tmp/pytest-of-root/...``, ``C:\\Users\\...``), URLs, ARNs, account IDs, profile names and
versions do not have these shapes and survive.

Decision on hex file names: a hex run of 32 digits or more is masked, except a file name
``<hex>.json`` right after a path separator. Those are the AWS CLI's cache file names
(``sha256(login_session)`` for `aws login`, ``sha1(start URL)`` for SSO): digests of values
that are not secret, which the user needs to see in a permission error to fix it. Any other
long hex (an HMAC, a sha256 signature, an API key) is masked: a secret is worse than an ugly
path.

Output that can hold a secret and helps nobody is not redacted but dropped:
`credential_process_failed` tells when the AWS CLI's error is the echo of a failing
`credential_process` (its stderr, which may repeat its own command line and its secrets);
callers then show `CREDENTIAL_PROCESS_FAILED` instead.

All patterns are free of nested quantifiers and start only at word or run boundaries, so the
cost is linear in the length of the text: 1 MB of hostile input (``a=`` repeated, ``%2F``
repeated, ``--password `` repeated, ...) takes 0.2 to 1.5 s, most of it for inputs that are
nothing but secret names.
"""

from __future__ import annotations

import re

_REDACTED = "[redacted]"

# The sentence shown instead of a failing credential_process's own output.
CREDENTIAL_PROCESS_FAILED = (
    "the credential_process command failed; its output is not shown (it can hold secrets)"
)
# botocore's ProcessProvider: "Error when retrieving credentials from custom-process: <stderr>".
_PROCESS_FAILURE = "from custom-process"


def credential_process_failed(stderr: str) -> bool:
    """True when the AWS CLI's error text is a failing credential_process's own stderr."""
    return _PROCESS_FAILURE in stderr


def mask_key_id(key_id: str) -> str:
    """An access key ID shown as its last four characters only."""
    return "****" + key_id[-4:] if len(key_id) > 4 else "****"


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


# --------------------------------------------------------------------------- shapes

_AUTH_SCHEME = re.compile(
    r"(?<![A-Za-z0-9_-])(?i:bearer|basic|token) (?P<tok>[A-Za-z0-9._~+/=\-]{7,}[A-Za-z0-9_~+/=\-])"
)
_JWT = re.compile(r"(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_.=+/\-]{16,}")
_KEY_ID_SHAPE = re.compile(
    r"(?<![A-Za-z0-9])(?:AKIA|ASIA|AIDA|AROA|ABIA|ACCA|AGPA|ANPA|ANVA|APKA|ASCA|AIPA)"
    r"[A-Z0-9]{12,}(?![A-Za-z0-9])"
)
# A run of the base64 alphabet, with URL-encoded and JSON-escaped / + = counted in; the
# alternatives begin with different characters, so there is nothing to backtrack over.
_RUN = re.compile(r"(?<![A-Za-z0-9/+])(?:[A-Za-z0-9/+]|%2[FfBb]|\\/){32,}(?:=|%3[Dd])*")
_URLSAFE_RUN = re.compile(r"(?<![A-Za-z0-9_\-])[A-Za-z0-9_\-]{80,}")
# URL-encoded and JSON-escaped forms of / + = (str.replace: C speed, no callback per match).
_DECODE: tuple[tuple[str, str], ...] = (
    ("%2F", "/"),
    ("%2f", "/"),
    ("%2B", "+"),
    ("%2b", "+"),
    ("%3D", "="),
    ("%3d", "="),
    ("\\/", "/"),
)
_HEX = re.compile(r"(?:0x)?[0-9a-fA-F]{32,}")
_HEX_RUN = re.compile(r"[0-9a-fA-F]{32}")


_DELETE_UPPER = str.maketrans("", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DELETE_LOWER = str.maketrans("", "", "abcdefghijklmnopqrstuvwxyz")
_DELETE_DIGITS = str.maketrans("", "", "0123456789")


def _counts(text: str) -> tuple[int, int, int]:
    """How many upper case letters, lower case letters and digits (str.translate: C speed)."""
    size = len(text)
    return (
        size - len(text.translate(_DELETE_UPPER)),
        size - len(text.translate(_DELETE_LOWER)),
        size - len(text.translate(_DELETE_DIGITS)),
    )


def _random_long(text: str) -> bool:
    upper, lower, digits = _counts(text)
    return upper > 0 and lower > 0 and digits > 0


def _random_40(piece: str) -> bool:
    upper, lower, digits = _counts(piece)
    return (upper > 0 and lower > 0 and digits > 0) or (upper >= 8 and lower >= 8)


def _auth_scheme(match: re.Match[str]) -> str:
    token = match["tok"]
    tokenish = any(c.isdigit() or c in "._~+/=-" for c in token) or any(
        c.isupper() for c in token[1:]
    )
    if not tokenish:
        return match.group(0)  # "Bearer authentication", "Basic Configuration"
    return match.group(0)[: match.start("tok") - match.start()] + _REDACTED


def _is_cache_file_name(text: str, run_start: int, run_end: int, core: str, seg_start: int) -> bool:
    """`<hex>.json` right after a path separator: an AWS CLI cache file name (see above)."""
    if not text.startswith(".json", run_end):
        return False
    if seg_start > 0:
        return core[seg_start - 1] == "/"
    return run_start > 0 and text[run_start - 1] in "/\\"


def _secret_run(text: str, start: int, end: int) -> bool:
    raw = text[start:end]
    decoded = raw
    for encoded, plain in _DECODE:
        decoded = decoded.replace(encoded, plain)
    core = decoded.rstrip("=")
    # Long hex in any piece between / and + (a digest, an HMAC key, an API key).
    seg_start = 0
    pieces = re.split(r"[/+]", core) if _HEX_RUN.search(core) else []
    for segment in pieces:
        if len(segment) >= 32 and _HEX.fullmatch(segment):
            last = seg_start + len(segment) == len(core)
            if not (last and _is_cache_file_name(text, start, end, core, seg_start)):
                return True
        seg_start += len(segment) + 1
    if len(core) >= 80 and _random_long(core):
        return True
    if len(core) < 40 or not _random_40(core):
        return False  # no piece can have mixed case and digits if the whole run has not
    # 40-character secret keys bounded by the run's ends or by / or + (`key/<40>`, `<40>/x`).
    # A run's end next to `-` or `_` is inside a longer base64url word (a PKCE
    # code_challenge of 43 characters, say), not the end of a secret key.
    open_start = start == 0 or text[start - 1] not in "-_"
    open_end = end == len(text) or text[end] not in "-_"
    starts = ([0] if open_start else []) + [i + 1 for i, c in enumerate(core) if c in "/+"]
    for i in starts:
        j = i + 40
        bounded = (j == len(core) and open_end) or (j < len(core) and core[j] in "/+")
        if bounded and _random_40(core[i:j]):
            return True
    return False


def _redact_runs(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        return _REDACTED if _secret_run(text, match.start(), match.end()) else match.group(0)

    return _RUN.sub(replace, text)


def _urlsafe(match: re.Match[str]) -> str:
    return _REDACTED if _random_long(match.group(0)) else match.group(0)


def redact(text: str) -> str:
    """Remove secrets from text that came from outside the helper before it is shown or logged.

    Give it the whole text: cut (last line, first 160 characters) only what it returns.
    """
    text = _PEM.sub(_REDACTED, text)
    text = _redact_names(text)
    text = _AUTH_SCHEME.sub(_auth_scheme, text)
    text = _JWT.sub(_REDACTED, text)
    # AIDA/AROA are principal IDs, not key IDs, but they identify a person: mask the same way.
    text = _KEY_ID_SHAPE.sub(lambda m: mask_key_id(m.group(0)), text)
    text = _redact_runs(text)
    return _URLSAFE_RUN.sub(_urlsafe, text)
