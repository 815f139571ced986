"""Property tests (Hypothesis): no generated secret survives redaction, in any shape.

The secrets are drawn the way real ones are made (a seeded random generator over the right
alphabet: 40-character secret keys, session tokens, JWTs, PEM bodies, hex digests), or, for
passwords, from Hypothesis directly. Each is embedded in one of the shapes `redact` knows
(see its module docstring), between random text. The check: no 12-character window of the
secret is left in the output (unless the random surrounding text holds it by itself).

What the generated passwords avoid, because `redact` documents it cannot tell: white space,
quotes, a backtick and `& < >` (they end an unquoted value), a leading `-` after `--name `
(the next flag) and `{ [ (` (the start of a structure).
"""

from __future__ import annotations

import base64
import random
import string
from collections.abc import Callable
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awslogin_helper.redact import mask_key_id, redact

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"
HEXDIGITS = "0123456789abcdef"

seeds = st.integers(min_value=0, max_value=2**63)


def _random(alphabet: str, size: int) -> Callable[[int], str]:
    return lambda seed: "".join(random.Random(seed).choices(alphabet, k=size))


secret_keys = seeds.map(_random(B64, 40))
session_tokens = st.builds(
    lambda prefix, seed, size, pad: prefix + _random(B64, size)(seed) + pad,
    st.sampled_from(["FwoGZXIvYXdz", "IQoJb3JpZ2lu", ""]),
    seeds,
    st.integers(100, 400),
    st.sampled_from(["", "=", "=="]),
)
jwts = st.builds(
    lambda seed, a, b, c: (
        "eyJ" + ".".join(_random(B64URL, n)(seed + i) for i, n in enumerate((a, b, c)))
    ),
    seeds,
    st.integers(10, 40),
    st.integers(10, 200),
    st.integers(0, 80),
)
hexes = st.builds(
    lambda seed, size, upper: (
        _random(HEXDIGITS, size)(seed).upper() if upper else _random(HEXDIGITS, size)(seed)
    ),
    seeds,
    st.integers(32, 128),
    st.booleans(),
)
PASSWORD_CHARS = string.ascii_letters + string.digits + "!#$%*+,./:;=?@^_|~-"
passwords = st.text(alphabet=PASSWORD_CHARS, min_size=12, max_size=40).filter(
    lambda p: not p.startswith("-")
)
credential_shaped = st.one_of(secret_keys, session_tokens, jwts, hexes)
any_secret = st.one_of(credential_shaped, passwords)

# Names that suggest a secret, as the AWS CLI, SDKs, shells and config files spell them.
SECRET_NAMES = [
    "secret",
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "token",
    "api_key",
    "apiKey",
    "client_secret",
    "SecretKey",
    "aws_secret_key",
    "aws_secret_access_key",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "sessionToken",
    "SessionToken",
    "refreshToken",
    "idToken",
    "accessToken",
    "dpopKey",
    "X-Amz-Security-Token",
    "X-Amz-Signature",
    "X-Amz-Credential",
    "credential",
    "credentials",
    "private_key",
    "privateKey",
    "auth_token",
    "authToken",
    "signature",
    "cookie",
    "session",
    "key",
    "DB_PASSWORD",
    "mysql.password",
]
# In `name: value` prose a lone weak word is an ordinary word (documented in redact.py).
WEAK = {"session", "key", "cookie"}

NAME_SHAPES: list[Callable[[str, str], str]] = [
    lambda n, s: f"{n}={s}",
    lambda n, s: f"{n} = {s}",
    lambda n, s: f'"{n}": "{s}"',
    lambda n, s: f'{{"{n}":"{s}"}}',
    lambda n, s: f"{{'{n}': '{s}'}}",
    lambda n, s: f'"{{\\"{n}\\": \\"{s}\\"}}"',
    lambda n, s: f"--{n}={s}",
    lambda n, s: f"--{n} {s}",
    lambda n, s: f"-{n} {s}",
    lambda n, s: f'export {n}="{s}"',
    lambda n, s: f"$env:{n}='{s}'",
    lambda n, s: f"https://example.com/x?a=1&{n}={quote(s, safe='')}&b=2",
    lambda n, s: f"{n}={s};",
    lambda n, s: f"{n} => '{s}'",
]
COLON_SHAPES: list[Callable[[str, str], str]] = [
    lambda n, s: f"{n}: {s}",
    lambda n, s: f"{n} : {s}",
    lambda n, s: f"  {n}: {s}\n",
]
BARE_SHAPES: list[Callable[[str], str]] = [
    lambda s: s,
    lambda s: f'"{s}"',
    lambda s: f"'{s}'",
    lambda s: f"={s}",
    lambda s: f"{s}=",
    lambda s: f"key/{s}",
    lambda s: f"{s}/x",
    lambda s: f"+{s}+",
    lambda s: f"({s})",
    lambda s: f"[{s}]",
    lambda s: f"{s}.",
    lambda s: f"x={quote(s, safe='')}",
    lambda s: f'"{s.replace("/", chr(92) + "/")}"',
    lambda s: f"Bearer {s}",
    lambda s: f"Authorization: Bearer {s}",
    lambda s: f"authorization: Basic {s}",
    lambda s: f'{{"kty": "EC", "x": "pub", "d": "{s}"}}',
]
SEPARATORS = [" ", "\n", "\t", ", ", "; ", " | ", "\r\n", ": "]
surrounding = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


def _windows(secret: str) -> list[str]:
    size = min(12, len(secret))
    return [secret[i : i + size] for i in range(len(secret) - size + 1)]


def _assert_gone(secret: str, before: str, after: str, out: str) -> None:
    forms = {secret, quote(secret, safe=""), secret.replace("/", "\\/")}
    for form in forms:
        for window in _windows(form):
            if window in before or window in after:
                continue  # the random text holds it by itself
            assert window not in out, (window, out)


def _embed(before: str, sep1: str, shape: str, sep2: str, after: str) -> str:
    return before + sep1 + shape + sep2 + after


@SETTINGS
@given(
    secret=any_secret,
    name=st.sampled_from(SECRET_NAMES),
    shape=st.sampled_from(NAME_SHAPES),
    before=surrounding,
    after=surrounding,
    sep1=st.sampled_from(SEPARATORS),
    sep2=st.sampled_from(SEPARATORS),
)
def test_a_secret_after_a_secret_name_never_survives(
    secret: str,
    name: str,
    shape: Callable[[str, str], str],
    before: str,
    after: str,
    sep1: str,
    sep2: str,
) -> None:
    text = _embed(before, sep1, shape(name, secret), sep2, after)
    _assert_gone(secret, before, after, redact(text))


@SETTINGS
@given(
    secret=any_secret,
    name=st.sampled_from([n for n in SECRET_NAMES if n not in WEAK]),
    shape=st.sampled_from(COLON_SHAPES),
    before=surrounding,
    after=surrounding,
    sep1=st.sampled_from(SEPARATORS),
    sep2=st.sampled_from(SEPARATORS),
)
def test_a_secret_after_name_colon_never_survives(
    secret: str,
    name: str,
    shape: Callable[[str, str], str],
    before: str,
    after: str,
    sep1: str,
    sep2: str,
) -> None:
    text = _embed(before, sep1, shape(name, secret), sep2, after)
    _assert_gone(secret, before, after, redact(text))


@SETTINGS
@given(
    secret=credential_shaped,
    shape=st.sampled_from(BARE_SHAPES),
    before=surrounding,
    after=surrounding,
    sep1=st.sampled_from(SEPARATORS),
    sep2=st.sampled_from(SEPARATORS),
)
def test_a_credential_shaped_value_never_survives_wherever_it_stands(
    secret: str,
    shape: Callable[[str], str],
    before: str,
    after: str,
    sep1: str,
    sep2: str,
) -> None:
    text = _embed(before, sep1, shape(secret), sep2, after)
    _assert_gone(secret, before, after, redact(text))


@SETTINGS
@given(
    seed=seeds,
    lines=st.integers(1, 6),
    kind=st.sampled_from(["RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY", "OPENSSH"]),
    ended=st.booleans(),
    escaped=st.booleans(),
    before=surrounding,
    after=surrounding,
)
def test_a_pem_body_never_survives_ended_or_not(
    seed: int, lines: int, kind: str, ended: bool, escaped: bool, before: str, after: str
) -> None:
    raw = random.Random(seed).randbytes(48 * lines)
    body_lines = [base64.b64encode(raw[i : i + 48]).decode() for i in range(0, len(raw), 48)]
    newline = "\\n" if escaped else "\n"  # JSON-escaped, as in a cache file, or real lines
    pem = f"-----BEGIN {kind}-----{newline}" + newline.join(body_lines) + newline
    if ended:
        pem += f"-----END {kind}-----"
    out = redact(before + " " + pem + (" " + after if ended else ""))
    for line in body_lines:
        _assert_gone(line, before, after, out)


@SETTINGS
@given(
    seed=seeds,
    prefix=st.sampled_from(["AKIA", "ASIA"]),
    shape=st.sampled_from(
        [
            lambda k: k,
            lambda k: f"aws_access_key_id = {k}",
            lambda k: f'"AccessKeyId": "{k}"',
            lambda k: f"AWS_ACCESS_KEY_ID={k}",
            lambda k: f"--access-key-id {k}",
            lambda k: f"key {k}.",
        ]
    ),
    before=surrounding,
    after=surrounding,
)
def test_key_ids_keep_exactly_their_last_four(
    seed: int, prefix: str, shape: Callable[[str], str], before: str, after: str
) -> None:
    key_id = prefix + _random(string.ascii_uppercase + string.digits, 16)(seed)
    out = redact(before + " " + shape(key_id) + " " + after)
    assert mask_key_id(key_id) in out
    for i in range(len(key_id) - 4):
        window = key_id[i : i + 5]  # any five characters would be more than the last four
        if window not in before and window not in after:
            assert window not in out


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_redact_takes_any_text_and_is_idempotent(text: str) -> None:
    once = redact(text)
    assert redact(once) == once
