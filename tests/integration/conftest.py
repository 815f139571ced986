"""Fixtures of the integration tests."""

from __future__ import annotations

import pytest

try:
    from fakeaws import FakeAws
except ModuleNotFoundError:  # tests/ became a package: go through it
    from tests.fakeaws import FakeAws

REGION_CONFIG = "[default]\nregion = us-east-1\n"


@pytest.fixture
def aws(fake_aws: FakeAws) -> FakeAws:
    """The fake with a region configured (else `aws login` would prompt for one)."""
    fake_aws.write_config(REGION_CONFIG)
    return fake_aws
