"""One rule for the real-component test tiers (realcli_v1, realcli_v2, realcli_current, moto, pty).

A tier whose prerequisite is missing skips locally, with a message that says how to install
it. With ``AWSLOGIN_HELPER_REQUIRE_ALL_TIERS=1`` (set by ``.ci/run``) it fails instead, so CI
never goes green by skipping the tests that talk to the real things.
"""

from __future__ import annotations

import os

import pytest

REQUIRE_ALL_ENV = "AWSLOGIN_HELPER_REQUIRE_ALL_TIERS"
TIER_MARKERS = ("realcli_v1", "realcli_v2", "realcli_current", "moto", "pty")


def all_tiers_required() -> bool:
    return os.environ.get(REQUIRE_ALL_ENV, "").strip().lower() not in ("", "0", "false", "no")


def require(condition: object, how_to_install: str) -> None:
    """Skip (locally) or fail (with AWSLOGIN_HELPER_REQUIRE_ALL_TIERS=1) unless `condition`."""
    if condition:
        return
    if all_tiers_required():
        pytest.fail(
            f"missing prerequisite, and {REQUIRE_ALL_ENV}=1 forbids skipping: {how_to_install}",
            pytrace=False,
        )
    pytest.skip(f"missing prerequisite: {how_to_install}")
