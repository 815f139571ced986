"""`aws --version` in every shape of the facts file, compared as versions, never as strings."""

from __future__ import annotations

import pytest
from packaging.version import Version

from awslogin_helper.checks.versions import LOGIN_MIN_VERSION, parse_aws_version

SHAPES = [
    (
        "aws-cli/2.34.50 Python/3.14.4 Linux/6.6.87.2-microsoft-standard-WSL2 exe/x86_64.ubuntu.26",
        "2.34.50",
        "exe/x86_64.ubuntu.26",
    ),
    (
        "aws-cli/2.16.9 Python/3.11.8 Linux/6.8.0-1008-aws exe/x86_64.ubuntu.24",
        "2.16.9",
        "exe/x86_64.ubuntu.24",
    ),
    ("aws-cli/2.28.10 Python/3.13.6 Darwin/24.6.0 source/arm64", "2.28.10", "source/arm64"),
    ("aws-cli/2.37.4 Python/3.14.6 Windows/10 exe/AMD64", "2.37.4", "exe/AMD64"),
    ("aws-cli/2.36.36 Python/3.14.6 Windows/10 script-exe/AMD64", "2.36.36", "script-exe/AMD64"),
    ("aws-cli/2.7.24 Python/3.8.8 Windows/10 exe/AMD64 prompt/off", "2.7.24", "exe/AMD64"),
    (
        "aws-cli/2.9.19 Python/3.11.2 Linux/6.1.0 source/x86_64.debian.12 prompt/off",
        "2.9.19",
        "source/x86_64.debian.12",
    ),
    ("aws-cli/1.45.11 Python/3.11.7 Linux/6.18.44 botocore/1.43.11", "1.45.11", None),
    (
        "aws-cli/2.13.5 Python/3.11.4 Linux/4.14.255 exec-env/CloudShell exe/x86_64.amzn.2 prompt/off",
        "2.13.5",
        "exe/x86_64.amzn.2",
    ),
]


@pytest.mark.parametrize(("line", "version", "install"), SHAPES)
def test_every_shape_parses(line: str, version: str, install: str | None) -> None:
    parsed = parse_aws_version(line + "\n")
    assert parsed is not None
    assert parsed.version == Version(version)
    assert parsed.install == install
    assert parsed.python is not None


def test_windows_line_endings_and_stderr_noise() -> None:
    parsed = parse_aws_version(
        "some warning\r\naws-cli/2.32.0 Python/3.13.1 Windows/11 exe/AMD64\r\n"
    )
    assert parsed is not None
    assert parsed.version == Version("2.32.0")
    assert parsed.platform == "Windows/11"


@pytest.mark.parametrize("text", ["", "command not found", "aws-cli/", "Python/3.11.2"])
def test_garbage_gives_none(text: str) -> None:
    assert parse_aws_version(text) is None


@pytest.mark.parametrize(
    ("version", "ok"),
    [
        ("2.32.0", True),
        ("2.31.39", False),
        ("2.100.0", True),
        ("2.9.19", False),
        ("1.45.11", False),
        ("3.0.0", True),
    ],
)
def test_login_support_is_a_version_comparison(version: str, ok: bool) -> None:
    parsed = parse_aws_version(f"aws-cli/{version} Python/3.12.0 Linux/6.1 exe/x86_64")
    assert parsed is not None
    assert parsed.supports_login() is ok
    # A string comparison would get 2.100.0 and 2.9.19 wrong.
    assert (parsed.version >= LOGIN_MIN_VERSION) is ok
