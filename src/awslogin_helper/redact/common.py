"""What the redaction rules share: the mask and the access-key-ID form."""

from __future__ import annotations

REDACTED = "[redacted]"


def mask_key_id(key_id: str) -> str:
    """An access key ID shown as its last four characters only."""
    return "****" + key_id[-4:] if len(key_id) > 4 else "****"
