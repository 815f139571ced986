"""Tier realcli_current: the REAL `aws login` (v2 >= 2.32) against the sign-in stand-in.

These tests drive the real CLI directly (not the helper): they prove that the stand-in speaks
the protocol the real CLI speaks (`standin.violations` stays empty), and they measure what
the real CLI prints and exits with for each error the stand-in can produce, so that the
helper's end-to-end tests can rely on both. The last group checks the stand-in itself
(without the CLI) where the CLI cannot be made to misbehave: reused codes, a wrong PKCE
verifier, a broken DPoP proof.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import select
import signal
import stat
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any

import pytest

from .conftest_current import CURRENT_CONFIG, CurrentAws, is_current, login_cache_key
from .signin_standin import (
    CROSS_DEVICE,
    DEFAULT_ARN,
    FAILURES,
    ROLE_ARN,
    SAME_DEVICE,
    SigninStandin,
    b64url,
    remote_code,
)

pytestmark = pytest.mark.realcli_current

UPDATED = "Updated profile {profile} to use {arn} credentials."
ENTER_CODE = "Enter the authorization code displayed in your browser: "
_URL = re.compile(r"^(http://127\.0\.0\.1:\d+/v1/authorize\?\S+)$", re.MULTILINE)


def identity(
    sandbox: CurrentAws, *args: str, **env: str | None
) -> subprocess.CompletedProcess[str]:
    return sandbox.run(
        "sts", "get-caller-identity", "--output", "json", *args, env=sandbox.env(**env)
    )


def no_secret_in(text: str, sandbox: CurrentAws, *arns: str) -> None:
    """Nothing the stand-in handed out or received, nor the cache file's secrets, is in text."""
    found = {s for s in sandbox.standin.secrets() if s and s in text}
    for arn in arns:
        path = sandbox.cache_file(arn)
        if path.exists():
            cache = json.loads(path.read_text(encoding="utf-8"))
            token = cache["accessToken"]
            for value in (token["secretAccessKey"], token["sessionToken"],
                          cache["refreshToken"], cache["dpopKey"]):  # fmt: skip
                if value in text:
                    found.add("<cache file secret>")
    assert not found, "a secret reached the output"


class Reader:
    """A process's stdout as it comes (no wait for newlines or for the process to end)."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdout is not None
        self._fd = proc.stdout.fileno()
        self._raw = b""

    @property
    def text(self) -> str:
        return self._raw.decode("utf-8", "replace")

    def until(self, marker: str, timeout: float = 30) -> str:
        """All read so far, once it holds `marker` (fails after `timeout` s or at EOF)."""
        deadline = time.monotonic() + timeout
        while marker.encode() not in self._raw:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._fd], [], [], left)[0]:
                break
            chunk = os.read(self._fd, 4096)
            if not chunk:
                break
            self._raw += chunk
        assert marker in self.text, f"never printed {marker!r}; got:\n{self.text}"
        return self.text


def remote_login(
    sandbox: CurrentAws, answer: Any, *args: str, timeout: float = 60
) -> tuple[int, str, str]:
    """`aws login --remote`: `answer(url)` is what the user types at the code prompt."""
    proc = subprocess.Popen(
        [str(sandbox.aws), "login", "--remote", *args],
        env=sandbox.env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        before = Reader(proc).until(ENTER_CODE)
        (url,) = _URL.findall(before)
        out, err = proc.communicate(f"{answer(url)}\n".encode(), timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, before + out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


# ------------------------------------------------------------------ the tier's own finder


@pytest.mark.parametrize(
    ("line", "current"),
    [
        ("aws-cli/2.36.7 Python/3.11.7 Linux/6.18.44 source/x86_64.debian.12", True),
        ("aws-cli/2.32.0 Python/3.13.6 Darwin/24.6.0 source/arm64", True),
        ("aws-cli/2.100.0 Python/3.14.6 Windows/10 exe/AMD64", True),
        ("aws-cli/2.31.39 Python/3.13.6 Linux/6.8 exe/x86_64", False),
        ("aws-cli/2.9.19 Python/3.11.2 Linux/6.1.0 source/x86_64.debian.12 prompt/off", False),
        ("aws-cli/1.45.11 Python/3.11.7 Linux/6.18.44 botocore/1.43.11", False),
        ("", False),
    ],
)
def test_the_tier_takes_only_v2_from_2_32(line: str, current: bool) -> None:
    assert is_current(line) is current


# ------------------------------------------------------------------ success paths


def test_same_device_login_then_identity(current_aws: CurrentAws) -> None:
    standin = current_aws.standin
    result = current_aws.login()
    assert result.returncode == 0, result.stderr
    assert UPDATED.format(profile="default", arn=DEFAULT_ARN) in result.stdout
    assert "--profile" not in result.stdout.split("credentials.")[-1]  # that line: named only
    assert standin.violations == []
    assert [r.grant for r in standin.token_requests()] == ["authorization_code"]
    report = standin.browser_report()
    assert report == {"event": "callback", "outcome": "code", "callback_status": 200}
    # What the CLI wrote: login_session in the config, the cache file (0600), nothing else.
    config = current_aws.config_file.read_text(encoding="utf-8")
    assert config == CURRENT_CONFIG + f"login_session = {DEFAULT_ARN}\n"
    assert not current_aws.credentials_file.exists()
    (cache_path,) = current_aws.cache_dir.iterdir()
    assert cache_path.name == f"{login_cache_key(DEFAULT_ARN)}.json"
    assert stat.S_IMODE(cache_path.stat().st_mode) == 0o600
    cache = current_aws.cache()
    assert cache["clientId"] == SAME_DEVICE
    assert cache["tokenType"] == "aws_sigv4"
    assert cache["accessToken"]["accountId"] == "123456789012"
    assert cache["accessToken"]["accessKeyId"].startswith("ASIA")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", cache["accessToken"]["expiresAt"])
    # The real STS call (to moto) answers with the signed-in identity, without a refresh.
    who = identity(current_aws)
    assert who.returncode == 0, who.stderr
    assert json.loads(who.stdout)["Arn"] == DEFAULT_ARN
    assert len(standin.token_requests()) == 1
    no_secret_in(result.stdout + result.stderr + who.stdout + who.stderr, current_aws, DEFAULT_ARN)
    # The network guard: without the STS override the call would leave the machine; it cannot.
    guarded = identity(current_aws, AWS_ENDPOINT_URL_STS=None)
    assert guarded.returncode == 255
    assert "Failed to connect to proxy URL" in guarded.stderr


def test_named_profile_with_an_assumed_role_session(current_aws: CurrentAws) -> None:
    current_aws.standin.login_arn = ROLE_ARN
    result = current_aws.login("--profile", "dev", "--region", "us-east-1")  # else: a prompt
    assert result.returncode == 0, result.stderr
    assert UPDATED.format(profile="dev", arn=ROLE_ARN) in result.stdout
    assert 'Use "--profile dev" to use the new credentials' in result.stdout
    assert f"[profile dev]\nlogin_session = {ROLE_ARN}\n" in current_aws.config_file.read_text()
    who = identity(current_aws, "--profile", "dev", "--region", "us-east-1")  # NoRegion else
    assert who.returncode == 0, who.stderr
    assert json.loads(who.stdout)["Arn"] == ROLE_ARN
    assert current_aws.standin.violations == []


def test_remote_code_typed_on_stdin(current_aws: CurrentAws) -> None:
    standin = current_aws.standin
    code, out, err = remote_login(current_aws, standin.confirm_remote)
    assert code == 0, err
    assert "Browser will not be automatically opened." in out
    assert UPDATED.format(profile="default", arn=DEFAULT_ARN) in out
    assert standin.last_remote_code is not None
    assert standin.violations == []
    (exchange,) = standin.token_requests()
    assert exchange.body is not None
    assert exchange.body["clientId"] == CROSS_DEVICE
    assert exchange.body["redirectUri"] == f"{standin.url}/v1/sessions/confirmation"
    assert current_aws.cache()["clientId"] == CROSS_DEVICE
    assert standin.browser_reports == []  # --remote never opens a browser
    no_secret_in(out + err, current_aws, DEFAULT_ARN)


def test_overwrite_question_answered_no_changes_nothing(current_aws: CurrentAws) -> None:
    assert current_aws.login().returncode == 0
    config_before = current_aws.config_file.read_text()
    current_aws.standin.login_arn = ROLE_ARN
    result = current_aws.login(input="n\n")
    assert result.returncode == 0, result.stderr
    assert (
        f"Profile default is already configured to use session {DEFAULT_ARN}. Do you want to "
        f"overwrite it to use {ROLE_ARN} instead? (y/n): "
    ) in result.stdout
    assert "Updated profile" not in result.stdout
    assert current_aws.config_file.read_text() == config_before
    assert not current_aws.cache_file(ROLE_ARN).exists()  # the new token was discarded
    assert current_aws.standin.violations == []


# ------------------------------------------------------------------ refresh


def test_refresh_goes_through_the_standin_with_the_cached_key(current_aws: CurrentAws) -> None:
    standin = current_aws.standin
    standin.expires_in = 120  # under botocore's 5 (and 10) minutes: the next call refreshes
    assert current_aws.login().returncode == 0
    before = current_aws.cache()
    standin.expires_in = 900
    who = identity(current_aws)
    assert who.returncode == 0, who.stderr
    assert json.loads(who.stdout)["Arn"] == DEFAULT_ARN
    assert [r.grant for r in standin.token_requests()] == ["authorization_code", "refresh_token"]
    assert standin.violations == []  # among them: the refresh's DPoP key is the login's
    after = current_aws.cache()
    assert after["refreshToken"] != before["refreshToken"]  # rotated
    assert after["accessToken"]["accessKeyId"] != before["accessToken"]["accessKeyId"]
    assert after["accessToken"]["expiresAt"] > before["accessToken"]["expiresAt"]
    assert after["dpopKey"] == before["dpopKey"]
    assert stat.S_IMODE(current_aws.cache_file().stat().st_mode) == 0o600
    no_secret_in(who.stdout + who.stderr, current_aws, DEFAULT_ARN)


TOKEN_FAILURES = [kind for kind, failure in FAILURES.items() if failure.step == "token"]


@pytest.mark.parametrize("kind", TOKEN_FAILURES)
def test_refresh_errors(current_aws: CurrentAws, kind: str) -> None:
    """Each refresh error: what the next command prints (the STS table's login rows)."""
    standin, failure = current_aws.standin, FAILURES[kind]
    standin.expires_in = 120
    assert current_aws.login().returncode == 0
    standin.fail_next(kind, grant="refresh_token")
    who = identity(current_aws)
    assert who.returncode == failure.refresh_exit, who.stderr
    assert failure.refresh_text in who.stderr
    assert [r.error for r in standin.token_requests()] == ["", failure.error]
    assert standin.violations == []
    no_secret_in(who.stdout + who.stderr, current_aws, DEFAULT_ARN)


# ------------------------------------------------------------------ errors of `aws login`


@pytest.mark.parametrize("kind", ["access_denied", *TOKEN_FAILURES])
def test_login_errors(current_aws: CurrentAws, kind: str) -> None:
    """Each error at login: the facts table's text and exit; nothing written."""
    failure = FAILURES[kind]
    current_aws.standin.fail_next(kind)
    result = current_aws.login()
    assert result.returncode == failure.login_exit, result.stderr
    assert failure.login_text in result.stderr
    assert result.stderr.startswith("\naws: [ERROR]: ")
    if failure.login_exit == 254:  # the service-error form
        assert f"\n\nAdditional error details:\nerror: {failure.error}\n" in result.stderr
    assert "Updated profile" not in result.stdout
    assert current_aws.config_file.read_text() == CURRENT_CONFIG
    assert not current_aws.cache_dir.exists() or not any(current_aws.cache_dir.iterdir())
    assert current_aws.standin.violations == []
    if kind == "access_denied":  # denied in the browser: the CLI never calls the token endpoint
        assert current_aws.standin.token_requests() == []
        assert current_aws.standin.browser_report()["outcome"] == "error"
    else:
        assert [r.error for r in current_aws.standin.token_requests()] == [failure.error]


@pytest.mark.parametrize(
    ("typed", "text"),
    [
        (lambda url: "not base64 at all!", "Failed to decode the verification code."),
        (lambda url: base64.b64encode(b"nothing=here").decode(),
         "Failed to retrieve an auth_code or state from the verification code"),
        (lambda url: remote_code("FAKESECRETcode", str(uuid.uuid4())),
         "State parameter "),
        (lambda url: "",  # a CLI bug: it decodes None
         "argument should be a bytes-like object or ASCII string, not 'NoneType'"),
    ],
    ids=["garbage", "no-fields", "other-attempt", "empty-line"],
)  # fmt: skip
def test_remote_bad_codes(current_aws: CurrentAws, typed: Any, text: str) -> None:
    code, _out, err = remote_login(current_aws, typed)
    assert code == 255, err
    assert text in err
    assert current_aws.standin.token_requests() == []  # the CLI rejects these itself


def test_remote_code_the_service_never_issued(current_aws: CurrentAws) -> None:
    """Right state, unknown code: the stand-in refuses it (a ValidationException, 254)."""

    def forged(url: str) -> str:
        state = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["state"][0]
        return remote_code("FAKESECRETforged", state)

    code, _out, err = remote_login(current_aws, forged)
    assert code == 254, err
    assert "(ValidationException) when calling the CreateOAuth2Token operation" in err
    assert current_aws.standin.violations == ["token: unknown authorization code"]


def test_no_browser_the_cli_waits_silently_until_ctrl_c(current_aws: CurrentAws) -> None:
    """BROWSER fails: the CLI says nothing more and waits; Ctrl-C (SIGINT) ends it with 130."""
    proc = subprocess.Popen(
        [str(current_aws.aws), "login"],
        env=current_aws.env(BROWSER=str(current_aws.browser("fail")), PYTHONUNBUFFERED="1"),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        reader = Reader(proc)
        reader.until("/v1/authorize?")
        shown = reader.until("\n\n")
        assert proc.poll() is None  # still waiting for a callback that cannot come
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert "Attempting to open your default browser." in shown
    assert "Updated profile" not in shown + out.decode()
    assert current_aws.standin.requests == []  # nobody opened the URL
    assert current_aws.leftover_pids(wait=5) == []


def test_servers_listen_on_loopback_only(current_aws: CurrentAws) -> None:
    bound = current_aws.standin.bound
    assert len(bound) == 2  # the sign-in stand-in and moto
    assert all(host == "127.0.0.1" for host, _ in bound), bound


# ------------------------------------------------------------------ the stand-in itself


def _dpop(url: str, *, key: Any = None, htm: str = "POST", full: bool = False) -> tuple[str, Any]:
    """A DPoP proof as botocore builds it (ES256, jwk, htm/htu/iat/jti).

    `full`: coordinates in 32 bytes, as the CLI sends them once the key comes from its cache.
    """
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    key = key or ec.generate_private_key(ec.SECP256R1())
    numbers = key.public_key().public_numbers()

    def coord(value: int) -> str:  # as awscrt exports a new key: no leading zero bytes
        return b64url(value.to_bytes(32 if full else (value.bit_length() + 7) // 8, "big"))

    jwk = {"kty": "EC", "x": coord(numbers.x), "y": coord(numbers.y), "crv": "P-256"}
    header = b64url(json.dumps({"typ": "dpop+jwt", "alg": "ES256", "jwk": jwk}).encode())
    claims = {"htm": htm, "htu": url, "iat": int(time.time()), "jti": str(uuid.uuid4())}
    payload = b64url(json.dumps(claims).encode())
    r, s = decode_dss_signature(key.sign(f"{header}.{payload}".encode(), ec.ECDSA(hashes.SHA256())))
    return f"{header}.{payload}.{b64url(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}", key


def _post(
    standin: SigninStandin, body: dict[str, Any], dpop: str | None
) -> tuple[int, dict[str, Any]]:
    headers = {"Content-Type": "application/json"}
    if dpop is not None:
        headers["DPoP"] = dpop
    request = urllib.request.Request(  # noqa: S310 - the stand-in's http:// loopback URL
        standin.token_url, data=json.dumps(body).encode(), headers=headers, method="POST"
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _authorize(standin: SigninStandin, verifier: str) -> tuple[str, str]:
    """A cross-device authorization as the CLI asks for it: (code, redirect_uri)."""
    redirect = f"{standin.url}/v1/sessions/confirmation"
    challenge = b64url(hashlib.sha256(verifier.encode()).digest())
    query = urllib.parse.urlencode({
        "response_type": "code", "client_id": CROSS_DEVICE, "state": str(uuid.uuid4()),
        "code_challenge_method": "SHA-256", "scope": "openid", "redirect_uri": redirect,
    })  # fmt: skip
    shown = standin.confirm_remote(f"{standin.url}/v1/authorize?{query}&code_challenge={challenge}")
    code = dict(urllib.parse.parse_qsl(base64.b64decode(shown).decode()))["code"]
    return code, redirect


@pytest.fixture
def bare_standin() -> Any:
    """The stand-in alone (moto, no CLI)."""
    pytest.importorskip("moto")
    with SigninStandin() as standin:
        yield standin


@pytest.mark.moto
def test_standin_checks_pkce_single_use_and_dpop(bare_standin: SigninStandin) -> None:
    standin = bare_standin
    verifier = "v" * 64
    code, redirect = _authorize(standin, verifier)
    exchange = {"clientId": CROSS_DEVICE, "grantType": "authorization_code", "code": code,
                "codeVerifier": "w" * 64, "redirectUri": redirect}  # fmt: skip
    status, body = _post(standin, exchange, _dpop(standin.token_url)[0])
    assert (status, body["error"]) == (400, "INVALID_REQUEST")  # wrong verifier
    assert "token: codeVerifier does not match the code_challenge (PKCE)" in standin.violations
    status, body = _post(
        standin, {**exchange, "codeVerifier": verifier}, _dpop(standin.token_url)[0]
    )
    assert status == 400  # the code was spent by the failed attempt: single use
    assert "token: authorization code used twice" in standin.violations

    standin.violations.clear()
    code, redirect = _authorize(standin, verifier)
    good = {**exchange, "code": code, "codeVerifier": verifier}
    status, body = _post(standin, good, _dpop(standin.token_url, htm="GET")[0])
    assert status == 400
    assert standin.violations == ["token: DPoP htm 'GET', not POST"]

    standin.violations.clear()
    code, redirect = _authorize(standin, verifier)
    proof, key = _dpop(standin.token_url)
    status, body = _post(standin, {**good, "code": code}, proof)
    assert status == 200, body
    assert body["tokenType"] == "aws_sigv4" and body["accessToken"]["accessKeyId"].startswith(
        "ASIA"
    )
    claims = json.loads(base64.urlsafe_b64decode(body["idToken"].split(".")[1] + "=="))
    assert claims["sub"] == DEFAULT_ARN
    status, _ = _post(standin, {**good, "code": code}, _dpop(standin.token_url, key=key)[0])
    assert status == 400  # replayed code
    refresh = {"clientId": CROSS_DEVICE, "grantType": "refresh_token",
               "refreshToken": body["refreshToken"]}  # fmt: skip
    standin.violations.clear()
    status, _ = _post(standin, refresh, _dpop(standin.token_url)[0])  # another key
    assert status == 400
    assert standin.violations == ["token: refresh DPoP key is not the login's (cached dpopKey)"]
    standin.violations.clear()
    status, refreshed = _post(standin, refresh, _dpop(standin.token_url, key=key)[0])
    assert status == 200 and standin.violations == []
    assert refreshed["refreshToken"] != body["refreshToken"] and "idToken" not in refreshed
    status, _ = _post(standin, refresh, None)
    assert status == 400 and standin.violations == ["token: no DPoP header"]


@pytest.mark.moto
def test_standin_accepts_the_clis_short_jwk_coordinates(bare_standin: SigninStandin) -> None:
    """awscrt drops leading zero bytes of x/y (1 login in 128): accepted, and noted."""
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    while key.public_key().public_numbers().x >= 1 << 248:  # a leading zero byte in x
        key = ec.generate_private_key(ec.SECP256R1())
    verifier = "v" * 64
    code, redirect = _authorize(bare_standin, verifier)
    exchange = {"clientId": CROSS_DEVICE, "grantType": "authorization_code", "code": code,
                "codeVerifier": verifier, "redirectUri": redirect}  # fmt: skip
    status, body = _post(bare_standin, exchange, _dpop(bare_standin.token_url, key=key)[0])
    assert status == 200, body
    assert bare_standin.violations == []
    assert bare_standin.notes == ["DPoP jwk x is 31 bytes, not 32"]
    # The refresh: the same key read back from the cache, now spelt in 32 bytes.
    refresh = {"clientId": CROSS_DEVICE, "grantType": "refresh_token",
               "refreshToken": body["refreshToken"]}  # fmt: skip
    status, body = _post(
        bare_standin, refresh, _dpop(bare_standin.token_url, key=key, full=True)[0]
    )
    assert status == 200, body
    assert bare_standin.violations == []


KEY_FORMAT = (
    "\naws: [ERROR]: 7178 (AWS_ERROR_CAL_UNSUPPORTED_KEY_FORMAT): Key format is not supported.\n"
)


def test_the_cli_cannot_read_back_a_key_it_wrote_in_31_bytes(current_aws: CurrentAws) -> None:
    """awscrt's 1 key in 256 (its scalar starts with a zero byte): the first refresh fails."""
    from awslogin_helper.awsconfig import short_private_key
    from awslogin_helper.checks.classify import IdentityProblem, classify_identity_error

    current_aws.standin.expires_in = 120  # the next call refreshes
    short = current_aws.env(AWSLOGIN_TEST_CRT_KEY="short")
    assert current_aws.login(env={**short, "BROWSER": str(current_aws.browser())}).returncode == 0
    assert short_private_key(current_aws.cache()["dpopKey"])
    who = identity(current_aws)
    assert (who.returncode, who.stderr, who.stdout) == (255, KEY_FORMAT, "")
    assert [r.grant for r in current_aws.standin.token_requests()] == ["authorization_code"]
    assert classify_identity_error(who.stderr) is IdentityProblem.LOGIN_KEY_UNREADABLE
    # The tier's other logins draw whole keys, which the CLI reads back.
    assert current_aws.login().returncode == 0
    assert not short_private_key(current_aws.cache()["dpopKey"])
    assert identity(current_aws).returncode == 0
