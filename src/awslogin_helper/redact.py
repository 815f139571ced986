"""Keep secrets off the screen: mask key IDs, drop anything that looks like a secret or token."""

from __future__ import annotations

import re

_PEM = re.compile(r"-----BEGIN [A-Z ]+-----.*?(?:-----END [A-Z ]+-----|\Z)", re.DOTALL)
_SECRET_FIELD = re.compile(
    r"(?i)(\"?(?:aws_)?(?:secret_?access_?key|session_?token|security_?token|refresh_?token|"
    r"access_?token|id_?token|dpop_?key|client_?secret)\"?\s*[:=]\s*)(\"[^\"]*\"|\S+)"
)
_KEY_ID = re.compile(r"\b(?:AKIA|ASIA|AIDA|AROA|ABIA|ACCA)[A-Z0-9]{12,}\b")
# Secret access keys are 40 characters of base64; session and refresh tokens are long base64
# runs; ID tokens are JWTs. Paths, URLs and ARNs have other shapes and must survive.
_SECRET_KEY = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")
_LONG_TOKEN = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{80,}(?![A-Za-z0-9/+=])")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
_REDACTED = "[redacted]"


def mask_key_id(key_id: str) -> str:
    """An access key ID shown as its last four characters only."""
    return "****" + key_id[-4:] if len(key_id) > 4 else "****"


def _mask_match(match: re.Match[str]) -> str:
    value = match.group(0)
    # AIDA/AROA are principal IDs, not key IDs, but they identify a person: mask the same way.
    return mask_key_id(value)


def _if_random(match: re.Match[str]) -> str:
    """Redact only what looks random: upper case, lower case and digits all present."""
    value = match.group(0)
    random_looking = (
        any(c.isupper() for c in value)
        and any(c.islower() for c in value)
        and any(c.isdigit() for c in value)
    )
    return _REDACTED if random_looking else value


def redact(text: str) -> str:
    """Remove secrets from text that came from the AWS CLI before it is shown or logged."""
    text = _PEM.sub(_REDACTED, text)
    text = _SECRET_FIELD.sub(lambda m: m.group(1) + _REDACTED, text)
    text = _KEY_ID.sub(_mask_match, text)
    text = _JWT.sub(_REDACTED, text)
    text = _LONG_TOKEN.sub(_if_random, text)
    return _SECRET_KEY.sub(_if_random, text)
