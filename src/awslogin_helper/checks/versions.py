"""Parse `aws --version` output (every shape in the facts file) and compare versions properly."""

from __future__ import annotations

import re
from dataclasses import dataclass

from packaging.version import InvalidVersion, Version

INSTALL_GUIDE = "https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html"
LOGIN_MIN_VERSION = Version("2.32.0")
# `aws login` refuses profiles that hold other credentials from this release on.
LOGIN_REFUSAL_VERSION = Version("2.32.32")
# The newest AWS CLI seen failing to read back a key it cached with a 31-byte scalar
# (awscrt 0.36.0; `awsconfig.caches.short_private_key`). Later versions are not known.
SHORT_KEY_FAILS_UP_TO = Version("2.36.7")

_LINE = re.compile(r"aws-cli/(?P<version>\d+(?:\.\d+)*)(?P<rest>[^\r\n]*)")
_INSTALL_KINDS = ("exe", "source", "script-exe")


@dataclass(frozen=True)
class AwsCliVersion:
    version: Version
    python: str | None
    platform: str | None
    install: str | None  # exe / source / script-exe, with its architecture suffix
    raw: str

    @property
    def major(self) -> int:
        return self.version.major

    def supports_login(self) -> bool:
        return self.version >= LOGIN_MIN_VERSION

    def __str__(self) -> str:
        return str(self.version)


def parse_aws_version(text: str) -> AwsCliVersion | None:
    """Find the `aws-cli/X.Y.Z ...` line in stdout+stderr; None if there is none."""
    match = _LINE.search(text)
    if match is None:
        return None
    try:
        version = Version(match["version"])
    except InvalidVersion:
        return None
    python = platform = install = None
    for token in match["rest"].split():
        name, _, value = token.partition("/")
        if name == "Python":
            python = value
        elif name in _INSTALL_KINDS:
            install = token
        elif name not in ("botocore", "prompt", "exec-env") and platform is None and value:
            platform = token
    return AwsCliVersion(version, python, platform, install, match.group(0).strip())


def short_key_fails(cli: AwsCliVersion | None) -> bool:
    """Whether this CLI fails on a cached key with a short scalar (unknown CLI: as all seen)."""
    return cli is None or cli.version <= SHORT_KEY_FAILS_UP_TO
