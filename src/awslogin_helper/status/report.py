"""The whole report: its JSON form (stable schema) and whether it needs attention."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from awslogin_helper.status.active import Active
from awslogin_helper.status.answers import AwsExecutable
from awslogin_helper.status.choose import NOT_CHECKED
from awslogin_helper.status.model import SCHEMA_VERSION, ProfileStatus, iso_utc
from awslogin_helper.status.warnings import StatusWarning


@dataclass
class StatusReport:
    generated_at: datetime
    config_file: str
    credentials_file: str
    aws_executables: list[AwsExecutable]
    active: Active
    profiles: list[ProfileStatus]
    warnings: list[StatusWarning]
    selected: str | None = None
    # The profiles asked `sts get-caller-identity` (`--check`); None: every one (as before).
    checked: list[str] | None = None

    @property
    def needs_attention(self) -> bool:
        """Any selected profile that does not work (or cannot be checked), or a broken env."""
        if not self.profiles:
            # Nothing configured, unless the environment's own credentials work.
            return not (self.active.source == "env" and self.active.works is True)
        # A profile left unasked by choice (`--check none`) is not a problem found.
        if any(p.works is not True and p.problem_code != NOT_CHECKED for p in self.profiles):
            return True
        return any(w.attention for w in self.warnings)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "generated_at": iso_utc(self.generated_at),
            "config_file": self.config_file,
            "credentials_file": self.credentials_file,
            "selected_profile": self.selected,
            "needs_attention": self.needs_attention,
            "aws_executables": [exe.to_json() for exe in self.aws_executables],
            "active": self.active.to_json(),
            "profiles": [p.to_json() for p in self.profiles],
            "warnings": [w.to_json() for w in self.warnings],
            # Added by issue 16: which profiles were checked with AWS (`--check`).
            "checked_profiles": (
                [p.name for p in self.profiles] if self.checked is None else self.checked
            ),
        }


def problems_first(profiles: Sequence[ProfileStatus]) -> list[ProfileStatus]:
    """Errors, then warnings, then working profiles; file order within each group."""
    rank = {"error": 0, "warning": 1, "ok": 2}
    return sorted(profiles, key=lambda p: rank[p.status])
