"""Keep secrets off the screen: mask key IDs, drop anything that looks like a secret or token."""

from __future__ import annotations

import re

_PEM = re.compile(r"-----BEGIN [A-Z ]+-----.*?(?:-----END [A-Z ]+-----|\Z)", re.DOTALL)
_SECRET_FIELD = re.compile(
    r"(?i)(\"?(?:aws_)?(?:secret_?access_?key|session_?token|security_?token|refresh_?token|"
    r"access_?token|id_?token|dpop_?key|client_?secret)\"?\s*[:=]\s*)(\"[^\"]*\"|\S+)"
)
_KEY_ID = re.compile(r"\b(?:AKIA|ASIA|AIDA|AROA|ABIA|ACCA)[A-Z0-9]{12,}\b")
# Long base64-ish runs: secret keys are 40 chars, session tokens and JWTs far longer.
_BLOB = re.compile(r"(?<![A-Za-z0-9/+=._-])[A-Za-z0-9/+=_.-]{40,}(?![A-Za-z0-9/+=._-])")
_REDACTED = "[redacted]"


def mask_key_id(key_id: str) -> str:
    """An access key ID shown as its last four characters only."""
    return "****" + key_id[-4:] if len(key_id) > 4 else "****"


def _mask_match(match: re.Match[str]) -> str:
    value = match.group(0)
    # AIDA/AROA are principal IDs, not key IDs, but they identify a person: mask the same way.
    return mask_key_id(value)


def _blob(match: re.Match[str]) -> str:
    value = match.group(0)
    # URLs and ARNs are long but not secret; everything that has their shape stays.
    if value.startswith(("arn:", "http")) or ("/" in value.strip("/") and ":" in value):
        return value
    if not any(c.isdigit() for c in value) or not any(c.isalpha() for c in value):
        return value
    return _REDACTED


def redact(text: str) -> str:
    """Remove secrets from text that came from the AWS CLI before it is shown or logged."""
    text = _PEM.sub(_REDACTED, text)
    text = _SECRET_FIELD.sub(lambda m: m.group(1) + _REDACTED, text)
    text = _KEY_ID.sub(_mask_match, text)
    return _BLOB.sub(_blob, text)
