"""An AWS sign-in service stand-in on loopback that the real `aws login` (2.32+) completes against.

Written from what the real AWS CLI 2.36.7 sends (facts file, section "The sign-in service, as
the CLI talks to it", and the CLI's own code in ``awscli/customizations/login/utils.py`` and
botocore's ``LoginCredentialFetcher``). Standard library plus moto (and ``cryptography``, which
moto brings, to check the DPoP signatures).

Usage::

    from tests.realtiers.signin_standin import SigninStandin

    with SigninStandin(login_arn="arn:aws:iam::123456789012:user/DevAdmin") as standin:
        env = {..., "AWS_ENDPOINT_URL_SIGNIN": standin.url,
               "AWS_ENDPOINT_URL_STS": standin.moto_url, "AWS_ENDPOINT_URL_IAM": standin.moto_url,
               "BROWSER": str(browser_wrapper)}           # see browser_standin.write_wrapper()
        # ... run the real `aws login` (same-device: the BROWSER program completes it) ...
        assert standin.violations == []                    # the CLI spoke the protocol as expected
        assert [r.grant for r in standin.token_requests()] == ["authorization_code"]

API (all methods are thread-safe; the servers run in daemon threads):

- ``SigninStandin(login_arn=..., expires_in=900, moto_url=None)``: a context manager. It starts
  moto's server (as ``ThreadedMotoServer`` does) on 127.0.0.1 (a free port) unless ``moto_url``
  names one that runs in this same process (it mints in moto's in-process backends), and a ``ThreadingHTTPServer`` on 127.0.0.1 (a free port). ``stop()``
  (or leaving the ``with``) shuts both down and deletes the keys it minted in moto.
- ``url``: the base URL (``http://127.0.0.1:<port>``) for ``AWS_ENDPOINT_URL_SIGNIN``;
  ``token_url`` is ``url + "/v1/token"``; ``moto_url`` for ``AWS_ENDPOINT_URL_STS``/``_IAM``.
- ``login_arn`` / ``expires_in``: attributes, may be changed between logins. The ARN is a user
  (``arn:aws:iam::<acct>:user/<name>``) or an assumed role
  (``arn:aws:sts::<acct>:assumed-role/<role>/<session>``); a real ``aws sts
  get-caller-identity`` with the handed-out credentials (through moto) answers with that ARN.
  botocore refreshes login credentials only when fewer than 5 minutes remain, and it fails
  on a refresh error only when fewer than 10 remain: ``expires_in=120`` makes the next command
  refresh (and a refresh error surface).
- ``fail_next(kind, times=1, grant=None)``: the next matching request(s) fail. ``kind`` is a
  key of ``FAILURES``: ``"access_denied"`` (the browser step: the callback gets
  ``?error=access_denied``), ``"insufficient_permissions"``, ``"authcode_expired"``,
  ``"token_expired"``, ``"user_credentials_changed"``, ``"access_denied_other"``,
  ``"validation"``, ``"server_error"``
  (token requests; ``grant`` limits it to ``"authorization_code"`` or ``"refresh_token"``).
- ``confirm_remote(authorize_url) -> str``: plays the user's other device for ``aws login
  --remote``: opens the printed URL here, follows it to the confirmation page and returns the
  code that page shows (also kept as ``last_remote_code``).
- ``requests``: every request as a ``Recorded`` (method, path, query, body with secret values
  replaced by ``"<redacted>"``, headers without ``DPoP``/``Authorization``, the parsed DPoP
  header and claims, the answer's status and error). ``token_requests()`` filters the token
  calls; ``browser_reports`` holds what the BROWSER program reported (no codes in it), and
  ``browser_report()`` waits for the latest (it may come just after `aws login` exits).
- ``violations``: every way a request differed from what the real CLI sends (empty when all
  went as expected). A violation also makes the request fail the way a real service would
  (the authorize step redirects with ``error=invalid_request``; the token call answers 400
  ``ValidationException``), so the CLI fails fast instead of waiting.
- ``notes``: oddities accepted rather than refused (the real CLI sends a 31-byte DPoP `jwk`
  coordinate in about 1 login in 128: botocore/awscrt drop a leading zero byte).
- ``secrets()``: every secret value it handed out or received (codes, verifiers, keys, tokens),
  for "no secret reaches the screen" checks. Its own tokens contain ``FAKESECRET``. The
  ``--remote`` code (base64 of code and state) is left out: the user types it, and a terminal
  echoes it.

What each failure makes the real 2.36.7 print and exit with, at login and at a refresh, is in
``FAILURES`` (``login_text``/``login_exit``, ``refresh_text``/``refresh_exit``), as measured and
checked by ``tests/realtiers/test_signin_standin.py``. Service errors (254) are followed by a
blank line, ``Additional error details:`` and ``error: <the body's error>``.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import hashlib
import html
import json
import re
import secrets
import threading
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SAME_DEVICE = "arn:aws:signin:::devtools/same-device"
CROSS_DEVICE = "arn:aws:signin:::devtools/cross-device"
DEFAULT_ARN = "arn:aws:iam::123456789012:user/DevAdmin"
ROLE_ARN = "arn:aws:sts::123456789012:assumed-role/DevRole/dev-session"

_USER_ARN = re.compile(r"^arn:aws:iam::(\d{12}):user/(?:[\w+=,.@-]+/)*([\w+=,.@-]+)$")
_ROLE_ARN = re.compile(r"^arn:aws:sts::(\d{12}):assumed-role/([\w+=,.@-]+)/([\w+=,.@-]+)$")
_CALLBACK = re.compile(r"^http://127\.0\.0\.1:(\d{1,5})/oauth/callback$")
_VERIFIER = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")
_CHALLENGE = re.compile(r"^[A-Za-z0-9_-]{43}$")  # base64url(sha256), no padding
_SECRET_BODY_KEYS = ("code", "codeVerifier", "refreshToken")


@dataclasses.dataclass(frozen=True)
class Failure:
    """One error the stand-in answers on request, and what the real CLI 2.36.7 makes of it.

    `login_text`/`login_exit`: of `aws login` when the token exchange (or, for "authorize",
    the browser step) fails; `refresh_text`/`refresh_exit`: of the next command (e.g. `aws sts
    get-caller-identity`) when the refresh fails. Measured (AWS_MAX_ATTEMPTS=1), and checked by
    tests/realtiers/test_signin_standin.py.
    """

    step: str  # "authorize" or "token"
    status: int
    error_type: str  # x-amzn-ErrorType
    error: str  # the body's `error`
    message: str
    login_text: str
    login_exit: int
    refresh_text: str = ""
    refresh_exit: int = 0


_UNSPECIFIED = (
    "An unspecified error happened when resolving AWS credentials or refreshing a login "
    "session profile."
)
_PERMISSION = (
    "Unable to create or refresh login credentials due to insufficient permissions. "
    "You may be missing permission for the 'signin:CreateOAuth2Token' action."
)
_OPERATION = "when calling the CreateOAuth2Token operation (reached max retries: 0): "

FAILURES: dict[str, Failure] = {
    "access_denied": Failure(
        "authorize", 302, "", "access_denied", "The user denied the authorization.",
        "Error loading or redeeming a login authorization code: "
        "Failed to retrieve an authorization code.", 255,
    ),
    "insufficient_permissions": Failure(
        "token", 400, "AccessDeniedException", "INSUFFICIENT_PERMISSIONS",
        "User is not authorized to perform: signin:CreateOAuth2Token",
        _PERMISSION, 255, _PERMISSION, 255,
    ),
    "authcode_expired": Failure(
        "token", 400, "AccessDeniedException", "AUTHCODE_EXPIRED",
        "The authorization code has expired.",
        "Error loading or redeeming a login authorization code: Unable to complete the login "
        "process due to an expired authorization code. Please reauthenticate using 'aws login'.",
        255, _UNSPECIFIED, 255,
    ),
    "token_expired": Failure(
        "token", 400, "AccessDeniedException", "TOKEN_EXPIRED", "The session has expired.",
        f"An error occurred (AccessDeniedException) {_OPERATION}The session has expired.", 254,
        "Your session has expired. Please reauthenticate using 'aws login'.", 255,
    ),
    "user_credentials_changed": Failure(
        "token", 400, "AccessDeniedException", "USER_CREDENTIALS_CHANGED",
        "The user's credentials changed.",
        f"An error occurred (AccessDeniedException) {_OPERATION}The user's credentials changed.",
        254,
        "Unable to refresh login credentials because of a change in your password. "
        "Please reauthenticate with your new password using 'aws login'.", 255,
    ),
    "access_denied_other": Failure(
        "token", 400, "AccessDeniedException", "INVALID_REQUEST", "Access denied.",
        f"An error occurred (AccessDeniedException) {_OPERATION}Access denied.", 254,
        _UNSPECIFIED, 255,
    ),
    "validation": Failure(
        "token", 400, "ValidationException", "INVALID_REQUEST", "Invalid request.",
        f"An error occurred (ValidationException) {_OPERATION}Invalid request.", 254,
        f"An error occurred (ValidationException) {_OPERATION}Invalid request.", 254,
    ),
    "server_error": Failure(
        "token", 500, "InternalServerException", "server_error", "Internal failure.",
        f"An error occurred (InternalServerException) {_OPERATION}Internal failure.", 254,
        f"An error occurred (InternalServerException) {_OPERATION}Internal failure.", 254,
    ),
}  # fmt: skip


@dataclasses.dataclass
class Recorded:
    """One request the stand-in answered (no secret values in it)."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: dict[str, Any] | None = None
    dpop_header: dict[str, Any] | None = None
    dpop_claims: dict[str, Any] | None = None
    status: int = 0
    error: str = ""  # the `error` answered (or the OAuth error of a redirect)

    @property
    def grant(self) -> str:
        return str((self.body or {}).get("grantType", ""))


@dataclasses.dataclass
class _Pending:
    """An authorization code handed out by /v1/authorize, waiting for its token exchange."""

    client_id: str
    redirect_uri: str
    challenge: str
    arn: str
    used: bool = False


@dataclasses.dataclass
class _Session:
    """A refresh token: bound to the DPoP key of the login that got it."""

    client_id: str
    jkt: str
    arn: str
    answer: dict[str, Any] | None = None  # once used: the answer (refresh is idempotent)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def unsigned_jwt(claims: dict[str, Any]) -> str:
    """A JWT with no signature (the CLI reads `sub` and does not check the signature)."""
    header = b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    return f"{header}.{b64url(json.dumps(claims).encode())}."


def jwk_thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638 thumbprint of an EC key (what a real service binds refresh tokens to).

    Over the point, not its spelling: the real CLI (awscrt 0.36) sends a coordinate with a
    leading zero byte as 31 bytes from a new key and as 32 once the key is reloaded from the
    cache, so the login and its refresh spell one key two ways (1 login in 128).
    """
    members: dict[str, Any] = {k: jwk.get(k) for k in ("crv", "kty", "x", "y")}
    for coord in ("x", "y"):
        with contextlib.suppress(ValueError, TypeError):
            raw = b64url_decode(str(members[coord]))
            if len(raw) < 32:
                members[coord] = b64url(raw.rjust(32, b"\0"))
    return b64url(hashlib.sha256(json.dumps(members, separators=(",", ":")).encode()).digest())


def remote_code(code: str, state: str) -> str:
    """The code the cross-device page shows: base64("code=...&state=...")."""
    return base64.b64encode(f"code={code}&state={state}".encode()).decode("ascii")


def _verify_es256(jwk: dict[str, Any], signing_input: bytes, signature: bytes) -> str:
    """Empty when the ES256 signature verifies (or cannot be checked), else why not."""
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
    except ImportError:  # moto brings cryptography; without it only the structure is checked
        return ""
    if len(signature) != 64:
        return f"DPoP signature is {len(signature)} bytes, not 64 (r||s)"
    try:
        x = int.from_bytes(b64url_decode(str(jwk["x"])), "big")
        y = int.from_bytes(b64url_decode(str(jwk["y"])), "big")
        key = ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()
        der = encode_dss_signature(
            int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        )
        key.verify(der, signing_input, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return "DPoP signature does not verify with its jwk"
    except (ValueError, KeyError, TypeError) as exc:
        return f"DPoP jwk is not a P-256 point: {exc}"
    return ""


class _MotoMinter:
    """Mints credentials in moto (in this process) that moto's STS maps to a given ARN.

    A user ARN gets an ASIA key attached to that IAM user (moto's get-caller-identity then
    answers with the user); an assumed-role ARN goes through moto's STS AssumeRole. Both are
    temporary keys, like the real service's: the helper tells AKIA from ASIA.
    """

    def __init__(self) -> None:
        self._minted: list[tuple[str, str, str]] = []  # (account, user or "", key id)

    def mint(self, arn: str) -> dict[str, str]:
        from moto.iam.models import iam_backends
        from moto.sts.models import sts_backends

        if user := _USER_ARN.match(arn):
            account, name = user.groups()
            iam = iam_backends[account]["aws"]
            if name not in iam.users:
                iam.create_user(region_name="us-east-1", user_name=name, path="/", tags=[])
            # Straight on the user, past moto's two-keys-per-user limit: refreshes rotate keys.
            key = iam.users[name].create_access_key(prefix="ASIA")
            iam.access_keys[key.physical_resource_id] = key
            self._minted.append((account, name, key.access_key_id))
            return {
                "accessKeyId": key.access_key_id,
                "secretAccessKey": key.secret_access_key,
                "sessionToken": "IQoJb3JpZ2luFAKESECRET" + secrets.token_urlsafe(24),
            }
        if role := _ROLE_ARN.match(arn):
            account, role_name, session = role.groups()
            assumed = sts_backends[account]["aws"].assume_role(
                region_name="us-east-1",
                role_session_name=session,
                role_arn=f"arn:aws:iam::{account}:role/{role_name}",
                policy="",
                duration=3600,
                external_id="",
            )
            self._minted.append((account, "", assumed.access_key_id))
            return {
                "accessKeyId": assumed.access_key_id,
                "secretAccessKey": assumed.secret_access_key,
                "sessionToken": assumed.session_token,
            }
        raise ValueError(f"not a user or assumed-role ARN: {arn}")

    def cleanup(self) -> None:
        from moto.iam.models import iam_backends
        from moto.sts.models import sts_backends

        for account, user, key_id in self._minted:
            iam = iam_backends[account]["aws"]
            iam.access_keys.pop(f"{key_id}", None)
            for stored in list(iam.access_keys):
                if iam.access_keys[stored].access_key_id == key_id:
                    del iam.access_keys[stored]
            if user and user in iam.users:
                keys = iam.users[user].access_keys
                keys[:] = [k for k in keys if k.access_key_id != key_id]
            sts = sts_backends[account]["aws"]
            sts.assumed_roles[:] = [r for r in sts.assumed_roles if r.access_key_id != key_id]
        self._minted.clear()


class SigninStandin:
    """The sign-in service on 127.0.0.1 (see the module docstring for the API)."""

    def __init__(
        self,
        *,
        login_arn: str = DEFAULT_ARN,
        expires_in: int = 900,
        moto_url: str | None = None,
    ) -> None:
        self.login_arn = login_arn
        self.expires_in = expires_in
        self.requests: list[Recorded] = []
        self.violations: list[str] = []
        self.notes: list[str] = []  # oddities of the real CLI that a real service may accept
        self.browser_reports: list[dict[str, Any]] = []
        self.last_remote_code: str | None = None
        self._lock = threading.RLock()
        self._failures: list[tuple[Failure, str | None]] = []
        self._pending: dict[str, _Pending] = {}
        self._sessions: dict[str, _Session] = {}
        self._jtis: set[str] = set()
        self._secrets: set[str] = set()
        self._minter = _MotoMinter()
        self._moto: Any = None
        self._moto_url = moto_url
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._moto_thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> SigninStandin:
        if self._moto_url is None:
            # moto's ThreadedMotoServer, but with a short poll interval (its shutdown() waits
            # for one) and a socket that is closed, not left to the garbage collector.
            from moto.moto_server.werkzeug_app import (
                DomainDispatcherApplication,
                MotoRequestHandler,
                create_backend_app,
            )
            from werkzeug.serving import make_server

            app = DomainDispatcherApplication(create_backend_app)
            self._moto = make_server(
                "127.0.0.1", 0, app, threaded=True, request_handler=MotoRequestHandler
            )
            self._moto_thread = self._serve(self._moto)
            self._moto_url = f"http://127.0.0.1:{self._moto.server_port}"
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        server.daemon_threads = True
        self._server = server
        self._thread = self._serve(server)
        return self

    @staticmethod
    def _serve(server: Any) -> threading.Thread:
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        for server, thread in ((self._server, self._thread), (self._moto, self._moto_thread)):
            if server is not None:
                server.shutdown()
                server.server_close()
            if thread is not None:
                thread.join(timeout=10)
        self._server = self._thread = self._moto = self._moto_thread = None
        self._minter.cleanup()

    def __enter__(self) -> SigninStandin:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def bound(self) -> list[tuple[str, int]]:
        """The (address, port) each server of the stand-in listens on (for loopback checks)."""
        addresses: list[tuple[str, int]] = []
        if self._server is not None:
            host, port = self._server.server_address[:2]
            addresses.append((str(host), int(port)))
        if self._moto is not None:
            host, port = self._moto.server_address[:2]
            addresses.append((str(host), int(port)))
        return addresses

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the stand-in first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def token_url(self) -> str:
        return f"{self.url}/v1/token"

    @property
    def moto_url(self) -> str:
        assert self._moto_url is not None, "start() the stand-in first"
        return self._moto_url

    # ------------------------------------------------------------------ test controls

    def fail_next(self, kind: str, *, times: int = 1, grant: str | None = None) -> None:
        failure = FAILURES[kind]
        with self._lock:
            self._failures.extend([(failure, grant)] * times)

    def token_requests(self) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.path == "/v1/token"]

    def browser_report(self, timeout: float = 10) -> dict[str, Any]:
        """The BROWSER program's latest report, waiting for it: its child reports after the
        CLI's callback answered, so it may arrive just after `aws login` exits."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if self.browser_reports:
                    return self.browser_reports[-1]
            if time.monotonic() > deadline:
                raise AssertionError("the BROWSER program reported nothing")
            time.sleep(0.02)

    def secrets(self) -> set[str]:
        with self._lock:
            return set(self._secrets)

    def confirm_remote(self, authorize_url: str) -> str:
        """Visit the URL `aws login --remote` printed; return the code the page shows."""
        parsed = urllib.parse.urlsplit(authorize_url)
        if f"{parsed.scheme}://{parsed.netloc}" != self.url:
            raise ValueError(f"not this stand-in's URL: {authorize_url}")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(authorize_url, timeout=10) as answer:
            page = answer.read().decode("utf-8")
        found = re.search(r'<code id="code">([^<]+)</code>', page)
        if not found:
            raise AssertionError(f"no code on the confirmation page: {page[:300]}")
        return html.unescape(found.group(1))

    # ------------------------------------------------------------------ the service

    def _violation(self, text: str) -> None:
        with self._lock:
            self.violations.append(text)

    def _take_failure(self, step: str, grant: str | None) -> Failure | None:
        with self._lock:
            for index, (failure, only) in enumerate(self._failures):
                if failure.step == step and (only is None or only == grant):
                    del self._failures[index]
                    return failure
        return None

    def authorize(
        self, query: dict[str, list[str]], record: Recorded
    ) -> tuple[int, dict[str, str], str]:
        """GET /v1/authorize: (status, headers, body)."""
        problems: list[str] = []
        single = {k: v[0] for k, v in query.items() if len(v) == 1}
        for key, values in query.items():
            if len(values) != 1:
                problems.append(f"authorize: {key} given {len(values)} times")
        client_id = single.get("client_id", "")
        redirect_uri = single.get("redirect_uri", "")
        state = single.get("state", "")
        confirmation = f"{self.url}/v1/sessions/confirmation"
        if client_id == SAME_DEVICE:
            redirect_ok = bool(_CALLBACK.match(redirect_uri))
        elif client_id == CROSS_DEVICE:
            redirect_ok = redirect_uri == confirmation
        else:
            redirect_ok = False
            problems.append(f"authorize: unknown client_id {client_id!r}")
        if not redirect_ok:
            problems.append(
                f"authorize: redirect_uri {redirect_uri!r} not allowed for {client_id!r}"
            )
        expected = {"response_type": "code", "scope": "openid", "code_challenge_method": "SHA-256"}
        for key, value in expected.items():
            if single.get(key) != value:
                problems.append(f"authorize: {key}={single.get(key)!r}, expected {value!r}")
        try:
            if str(uuid.UUID(state)) != state or uuid.UUID(state).version != 4:
                problems.append(f"authorize: state {state!r} is not a uuid4")
        except ValueError:
            problems.append(f"authorize: state {state!r} is not a uuid4")
        challenge = single.get("code_challenge", "")
        if not _CHALLENGE.match(challenge):
            problems.append(f"authorize: code_challenge {challenge!r} is not base64url(sha256)")
        known = {"response_type", "client_id", "state", "code_challenge_method", "scope",
                 "redirect_uri", "code_challenge"}  # fmt: skip
        if extra := sorted(set(query) - known):
            problems.append(f"authorize: unexpected parameters {extra}")
        for problem in problems:
            self._violation(problem)
        if not redirect_ok:  # RFC 6749 4.1.2.1: never redirect to an unchecked URI
            record.error = "invalid_request"
            return 400, {"Content-Type": "text/plain"}, "invalid_request: " + "; ".join(problems)
        failure = self._take_failure("authorize", None)
        if problems or failure is not None:
            error = "invalid_request" if problems else failure.error  # type: ignore[union-attr]
            record.error = error
            params = {"error": error, "state": state}
            return 302, {"Location": f"{redirect_uri}?{urllib.parse.urlencode(params)}"}, ""
        code = "FAKESECRETcode" + secrets.token_urlsafe(24)
        with self._lock:
            self._pending[code] = _Pending(client_id, redirect_uri, challenge, self.login_arn)
            self._secrets.add(code)
        location = f"{redirect_uri}?{urllib.parse.urlencode({'code': code, 'state': state})}"
        return 302, {"Location": location}, ""

    def confirmation(self, query: dict[str, list[str]]) -> tuple[int, dict[str, str], str]:
        """GET /v1/sessions/confirmation: the cross-device page with the code to paste."""
        code = (query.get("code") or [""])[0]
        state = (query.get("state") or [""])[0]
        if not code or not state:
            return 400, {"Content-Type": "text/plain"}, "missing code or state"
        shown = remote_code(code, state)
        with self._lock:  # not in secrets(): the user types it and the terminal echoes it
            self.last_remote_code = shown
        page = (
            "<!doctype html><title>AWS sign-in (stand-in)</title>"
            "<p>Enter this code in your terminal:</p>"
            f'<p><code id="code">{html.escape(shown)}</code></p>'
        )
        return 200, {"Content-Type": "text/html; charset=utf-8"}, page

    def _check_dpop(self, proof: str, record: Recorded) -> tuple[list[str], str]:
        """Problems with the DPoP header, and the thumbprint of its key."""
        parts = proof.split(".")
        if len(parts) != 3:
            return [f"DPoP has {len(parts)} parts, not 3"], ""
        try:
            header = json.loads(b64url_decode(parts[0]))
            claims = json.loads(b64url_decode(parts[1]))
            signature = b64url_decode(parts[2])
        except (ValueError, UnicodeDecodeError) as exc:
            return [f"DPoP does not decode: {exc}"], ""
        if not isinstance(header, dict) or not isinstance(claims, dict):
            return ["DPoP header or claims are not JSON objects"], ""
        record.dpop_header = {k: v for k, v in header.items() if k != "jwk"}
        record.dpop_claims = dict(claims)
        problems: list[str] = []
        if header.get("alg") != "ES256":
            problems.append(f"DPoP alg {header.get('alg')!r}, not ES256")
        if "typ" in header and header["typ"] != "dpop+jwt":
            problems.append(f"DPoP typ {header['typ']!r}, not dpop+jwt")
        jwk = header.get("jwk")
        if not isinstance(jwk, dict) or jwk.get("kty") != "EC" or jwk.get("crv") != "P-256":
            return [*problems, f"DPoP jwk is not an EC P-256 key: {jwk!r}"], ""
        if "d" in jwk:
            problems.append("DPoP jwk carries the private key")
        for coord in ("x", "y"):
            size = len(b64url_decode(str(jwk.get(coord, ""))))
            if size < 32:
                # The real CLI does this in about 1 login in 128: awscrt's get_public_coords()
                # drops leading zero bytes (RFC 7518 wants 32). Accepted (the point is the
                # same), noted; whether AWS accepts it is not known.
                with self._lock:
                    self.notes.append(f"DPoP jwk {coord} is {size} bytes, not 32")
            if not 0 < size <= 32:
                problems.append(f"DPoP jwk {coord} is {size} bytes")
        if problems:
            return problems, ""
        problems += self._check_claims(claims)
        if why := _verify_es256(jwk, f"{parts[0]}.{parts[1]}".encode(), signature):
            problems.append(why)
        return problems, jwk_thumbprint(jwk)

    def _check_claims(self, claims: dict[str, Any]) -> list[str]:
        """Problems with the DPoP claims: htm, htu, iat, jti (and jti replays)."""
        problems: list[str] = []
        if claims.get("htm") != "POST":
            problems.append(f"DPoP htm {claims.get('htm')!r}, not POST")
        if claims.get("htu") != self.token_url:
            problems.append(f"DPoP htu {claims.get('htu')!r}, not {self.token_url!r}")
        iat = claims.get("iat")
        if not isinstance(iat, int) or abs(iat - time.time()) > 300:
            problems.append(f"DPoP iat {iat!r} is not now")
        jti = claims.get("jti")
        with self._lock:
            if not isinstance(jti, str) or not jti or jti in self._jtis:
                problems.append(f"DPoP jti {jti!r} missing or replayed")
            else:
                self._jtis.add(jti)
        return problems

    def token(
        self, body: Any, dpop: str | None, record: Recorded
    ) -> tuple[int, dict[str, str], str]:
        """POST /v1/token: the code exchange or a refresh."""
        problems: list[str] = []
        if not isinstance(body, dict):
            return self._error(
                400, "ValidationException", "INVALID_REQUEST", "body is not a JSON object", record
            )
        grant = body.get("grantType")
        client_id = body.get("clientId")
        if client_id not in (SAME_DEVICE, CROSS_DEVICE):
            problems.append(f"token: unknown clientId {client_id!r}")
        if dpop is None:
            problems.append("token: no DPoP header")
            jkt = ""
        else:
            dpop_problems, jkt = self._check_dpop(dpop, record)
            problems += [f"token: {p}" for p in dpop_problems]
        with self._lock:
            for key in _SECRET_BODY_KEYS:
                if isinstance(body.get(key), str):
                    self._secrets.add(body[key])
        if grant == "authorization_code":
            return self._exchange(body, str(client_id), jkt, problems, record)
        if grant == "refresh_token":
            return self._refresh(body, str(client_id), jkt, problems, record)
        problems.append(f"token: grantType {grant!r}")
        for problem in problems:
            self._violation(problem)
        return self._error(
            400, "ValidationException", "INVALID_REQUEST", "unsupported grantType", record
        )

    def _exchange(
        self, body: dict[str, Any], client_id: str, jkt: str, problems: list[str], record: Recorded
    ) -> tuple[int, dict[str, str], str]:
        expected = {"clientId", "grantType", "code", "codeVerifier", "redirectUri"}
        if set(body) != expected:
            problems.append(f"token: body keys {sorted(body)}, expected {sorted(expected)}")
        code, verifier = str(body.get("code", "")), str(body.get("codeVerifier", ""))
        with self._lock:
            pending = self._pending.get(code)
            if pending is None:
                problems.append("token: unknown authorization code")
            elif pending.used:
                problems.append("token: authorization code used twice")
            else:
                pending.used = True  # single use, even when the rest of the request is wrong
        if pending is not None:
            if pending.client_id != client_id:
                problems.append(f"token: clientId {client_id!r} differs from the authorize step's")
            if body.get("redirectUri") != pending.redirect_uri:
                problems.append(
                    f"token: redirectUri {body.get('redirectUri')!r} differs from the authorize step's"
                )
            if not _VERIFIER.match(verifier):
                problems.append("token: codeVerifier is not 43-128 unreserved characters")
            if b64url(hashlib.sha256(verifier.encode()).digest()) != pending.challenge:
                problems.append("token: codeVerifier does not match the code_challenge (PKCE)")
        for problem in problems:
            self._violation(problem)
        if problems:
            return self._error(400, "ValidationException", "INVALID_REQUEST", problems[0], record)
        assert pending is not None
        if failure := self._take_failure("token", "authorization_code"):
            return self._error(
                failure.status, failure.error_type, failure.error, failure.message, record
            )
        answer = self._answer(pending.arn, client_id, jkt, with_id_token=True)
        return 200, {"Content-Type": "application/json"}, json.dumps(answer)

    def _refresh(
        self, body: dict[str, Any], client_id: str, jkt: str, problems: list[str], record: Recorded
    ) -> tuple[int, dict[str, str], str]:
        expected = {"clientId", "grantType", "refreshToken"}
        if set(body) != expected:
            problems.append(f"token: body keys {sorted(body)}, expected {sorted(expected)}")
        with self._lock:
            session = self._sessions.get(str(body.get("refreshToken", "")))
        if session is None:
            problems.append("token: unknown refresh token")
        else:
            if session.client_id != client_id:
                problems.append("token: refresh with another clientId than the login's")
            if jkt and session.jkt != jkt:
                problems.append("token: refresh DPoP key is not the login's (cached dpopKey)")
        for problem in problems:
            self._violation(problem)
        if problems:
            return self._error(400, "ValidationException", "INVALID_REQUEST", problems[0], record)
        assert session is not None
        if failure := self._take_failure("token", "refresh_token"):
            return self._error(
                failure.status, failure.error_type, failure.error, failure.message, record
            )
        with self._lock:
            if session.answer is None:  # the service's refresh is idempotent per token
                session.answer = self._answer(session.arn, client_id, jkt, with_id_token=False)
            answer = session.answer
        return 200, {"Content-Type": "application/json"}, json.dumps(answer)

    def _answer(self, arn: str, client_id: str, jkt: str, *, with_id_token: bool) -> dict[str, Any]:
        credentials = self._minter.mint(arn)
        refresh = "ASORFAKESECRET" + secrets.token_urlsafe(32)
        answer: dict[str, Any] = {
            "accessToken": credentials,
            "tokenType": "aws_sigv4",
            "expiresIn": self.expires_in,
            "refreshToken": refresh,
        }
        if with_id_token:
            now = int(time.time())
            answer["idToken"] = unsigned_jwt(
                {"iss": self.url, "sub": arn, "aud": client_id, "iat": now, "exp": now + 43200}
            )
        with self._lock:
            self._sessions[refresh] = _Session(client_id, jkt, arn)
            self._secrets.update(
                {refresh, credentials["secretAccessKey"], credentials["sessionToken"]}
            )
        return answer

    @staticmethod
    def _error(
        status: int, error_type: str, error: str, message: str, record: Recorded
    ) -> tuple[int, dict[str, str], str]:
        record.error = error
        headers = {"Content-Type": "application/json", "x-amzn-ErrorType": error_type}
        return status, headers, json.dumps({"error": error, "message": message})


def _handler_for(standin: SigninStandin) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass  # quiet: pytest shows the recorded requests when a test fails

        def _record(self, body: dict[str, Any] | None) -> Recorded:
            split = urllib.parse.urlsplit(self.path)
            query = {k: v[0] for k, v in urllib.parse.parse_qs(split.query).items()}
            for key in ("code", "code_challenge"):
                if key in query:
                    query[key] = "<redacted>"
            headers = {
                k: v for k, v in self.headers.items() if k.lower() not in ("dpop", "authorization")
            }
            shown = None
            if body is not None:
                shown = {
                    k: ("<redacted>" if k in _SECRET_BODY_KEYS else v) for k, v in body.items()
                }
            record = Recorded(self.command, split.path, query, headers, shown)
            with standin._lock:
                standin.requests.append(record)
            return record

        def _send(self, record: Recorded, status: int, headers: dict[str, str], body: str) -> None:
            record.status = status
            data = body.encode("utf-8")
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            split = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(split.query, keep_blank_values=True)
            record = self._record(None)
            if split.path == "/v1/authorize":
                self._send(record, *standin.authorize(query, record))
            elif split.path == "/v1/sessions/confirmation":
                self._send(record, *standin.confirmation(query))
            else:
                standin._violation(f"GET {split.path}: no such endpoint")
                self._send(record, 404, {"Content-Type": "text/plain"}, "not found")

        def do_POST(self) -> None:
            split = urllib.parse.urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body: Any = json.loads(raw or b"null")
            except ValueError:
                body = None
            if split.path == "/_standin/browser-report" and isinstance(body, dict):
                with standin._lock:
                    standin.browser_reports.append(body)
                self._send(self._record(body), 204, {}, "")
                return
            record = self._record(body if isinstance(body, dict) else None)
            if split.path == "/v1/token" and not split.query:
                if not (self.headers.get("Content-Type") or "").startswith("application/json"):
                    standin._violation(f"token: Content-Type {self.headers.get('Content-Type')!r}")
                self._send(record, *standin.token(body, self.headers.get("DPoP"), record))
            else:
                standin._violation(f"POST {self.path}: no such endpoint")
                self._send(record, 404, {"Content-Type": "text/plain"}, "not found")

    return Handler


@contextlib.contextmanager
def running(**kwargs: Any) -> Iterator[SigninStandin]:
    """`with running(login_arn=...) as standin:` (the same as `with SigninStandin(...)`)."""
    standin = SigninStandin(**kwargs)
    try:
        yield standin.start()
    finally:
        standin.stop()
