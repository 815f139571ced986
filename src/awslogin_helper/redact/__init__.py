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

from awslogin_helper.redact.common import mask_key_id
from awslogin_helper.redact.names import redact_names
from awslogin_helper.redact.shapes import redact_shapes

__all__ = ["CREDENTIAL_PROCESS_FAILED", "credential_process_failed", "mask_key_id", "redact"]

# The sentence shown instead of a failing credential_process's own output.
CREDENTIAL_PROCESS_FAILED = (
    "the credential_process command failed; its output is not shown (it can hold secrets)"
)
# botocore's ProcessProvider: "Error when retrieving credentials from custom-process: <stderr>".
_PROCESS_FAILURE = "from custom-process"


def credential_process_failed(stderr: str) -> bool:
    """True when the AWS CLI's error text is a failing credential_process's own stderr."""
    return _PROCESS_FAILURE in stderr


def redact(text: str) -> str:
    """Remove secrets from text that came from outside the helper before it is shown or logged.

    Give it the whole text: cut (last line, first 160 characters) only what it returns.
    """
    return redact_shapes(redact_names(text))
