"""Rule 3 of `redact`: credential shapes wherever they stand (tokens, key IDs, random runs)."""

from __future__ import annotations

import re

from awslogin_helper.redact.common import REDACTED as _REDACTED
from awslogin_helper.redact.common import mask_key_id

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


def redact_shapes(text: str) -> str:
    """Rule 3: credential shapes wherever they stand."""
    text = _AUTH_SCHEME.sub(_auth_scheme, text)
    text = _JWT.sub(_REDACTED, text)
    # AIDA/AROA are principal IDs, not key IDs, but they identify a person: mask the same way.
    text = _KEY_ID_SHAPE.sub(lambda m: mask_key_id(m.group(0)), text)
    text = _redact_runs(text)
    return _URLSAFE_RUN.sub(_urlsafe, text)
