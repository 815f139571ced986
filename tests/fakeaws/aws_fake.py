#!/usr/bin/env python3
"""A fake ``aws`` executable for the awslogin-helper integration tests.

Standard library only; it never imports the project. It reads the same files the real AWS
CLI reads (``AWS_CONFIG_FILE``, ``AWS_SHARED_CREDENTIALS_FILE``, ``~/.aws/...``) and answers
with the strings and exit codes of ``/work/shared/reference/aws-cli-facts.md``.

Environment:

* ``FAKE_AWS_SCENARIO``: path of a JSON scenario file (absent file = defaults). Successful
  logins are remembered in ``<scenario minus .json>.state.json`` beside it.
* ``FAKE_AWS_LOG``: every invocation appends one JSON line to this file. Secret values the
  fake writes to disk are appended to ``<FAKE_AWS_LOG>.secrets`` (one JSON string a line).

See ``README.md`` beside this file for the scenario keys.
"""

from __future__ import annotations

import base64
import binascii
import configparser
import contextlib
import hashlib
import json
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn

DEFAULT_VERSION = "aws-cli/2.34.50 Python/3.13.7 Linux/6.1.0 exe/x86_64.debian.12"
DEFAULT_LOGIN_SESSION = "arn:aws:iam::123456789012:user/DevAdmin"
DEFAULT_REGION_FOR_PROMPT = "us-east-1"
# The real CLI draws a random uuid4 as the OAuth state; the fake uses a fixed one (scenario
# key ``login_state``) so that a test can type a valid ``--remote`` code without reading the URL.
DEFAULT_LOGIN_STATE = "5f1c7a3e-0d2b-4c8e-9a6f-000000000001"

STATIC_IDENTITY = {
    "UserId": "AIDASAMPLEUSERID",
    "Account": "123456789012",
    "Arn": "arn:aws:iam::123456789012:user/DevAdmin",
}
ENV_IDENTITY = {
    "UserId": "AIDAFAKEENVUSER",
    "Account": "111122223333",
    "Arn": "arn:aws:iam::111122223333:user/EnvUser",
}
PROCESS_IDENTITY = {
    "UserId": "AIDAFAKEPROCESSUSER",
    "Account": "123456789012",
    "Arn": "arn:aws:iam::123456789012:user/ProcessUser",
}

USAGE = (
    "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n"
    "To see help text, you can run:\n"
    "\n"
    "  aws help\n"
    "  aws <command> help\n"
    "  aws <command> <subcommand> help\n"
)
COMMANDS_OLD = ["accessanalyzer", "acm", "cloudformation", "configure", "ec2", "iam"]
COMMANDS_OLD += ["s3", "sso", "sso-oidc", "sts"]
COMMANDS_LOGIN = sorted([*COMMANDS_OLD, "login", "logout", "signin"])

GLOBAL_VALUE_OPTIONS = {
    "--profile",
    "--region",
    "--output",
    "--endpoint-url",
    "--query",
    "--cli-connect-timeout",
    "--cli-read-timeout",
    "--color",
    "--ca-bundle",
    "--cli-error-format",
    "--cli-binary-format",
}
GLOBAL_FLAGS = {
    "--debug",
    "--no-cli-pager",
    "--no-paginate",
    "--no-verify-ssl",
    "--no-sign-request",
    "--cli-auto-prompt",
    "--no-cli-auto-prompt",
    "--version",
}
# Options of one command: (flags, options taking a value).
COMMAND_OPTIONS: dict[str, tuple[set[str], set[str]]] = {
    # No --redirect-port up to 2.36.7: it is only proposed upstream (facts, "aws login").
    "login": ({"--remote"}, set()),
    "logout": ({"--all"}, set()),
    "sso login": ({"--use-device-code", "--no-browser"}, {"--sso-session"}),
    "sso logout": (set(), set()),
}

# Refusals of `aws login` (2.32.32+): which setting means which kind, in the CLI's order.
REFUSAL_KINDS = (
    ("web_identity_token_file", "Web Identity"),
    ("sso_role_name", "SSO"),
    ("sso_account_id", "SSO"),
    ("aws_access_key_id", "Access Key"),
    ("role_arn", "Assume Role"),
    ("credential_process", "Credential Process"),
)

LOGIN_FAILURES: dict[str, tuple[str, int]] = {
    "permission": (
        "Unable to create or refresh login credentials due to insufficient permissions. "
        "You may be missing permission for the 'signin:CreateOAuth2Token' action.",
        255,
    ),
    "denied": (
        "Error loading or redeeming a login authorization code: "
        "Failed to retrieve an authorization code.",
        255,
    ),
    "expired_code": (
        "Unable to complete the login process due to an expired authorization code.",
        255,
    ),
    "timeout": (
        "The pending authorization to retrieve an SSO token has expired. "
        "The login flow to retrieve an SSO token must be restarted.",
        255,
    ),
    "service": (
        "An error occurred (AccessDeniedException) when calling the CreateOAuth2Token "
        "operation: User is not authorized to perform this operation.",
        254,
    ),
    "callback": (
        "Unable to initialize the OAuth 2.0 authorization callback handler: "
        "[Errno 98] Address already in use",
        255,
    ),
    "network": (
        'Could not connect to the endpoint URL: "https://{region}.signin.aws.amazon.com/v1/token"',
        255,
    ),
}
SSO_LOGIN_FAILURES: dict[str, tuple[str, int]] = {
    "expired": (
        "The pending authorization to retrieve an SSO token has expired. "
        "The login flow to retrieve an SSO token must be restarted.",
        255,
    ),
    "denied": (
        "Error loading or redeeming an SSO authorization code: "
        "Failed to retrieve an authorization code.",
        255,
    ),
}
SSO_EXPIRED = "Error when retrieving token from sso: Token has expired and refresh failed"


class FakeExit(Exception):
    """Stops the fake with an exit code (raised instead of calling sys.exit deep down)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


# --------------------------------------------------------------------------- small helpers


def parse_version(line: str) -> tuple[int, ...]:
    """``aws-cli/2.34.50 Python/...`` -> (2, 34, 50); unparseable -> the default version."""
    first = line.split(maxsplit=1)[0] if line.split() else ""
    number = first.partition("/")[2]
    parts: list[int] = []
    for piece in number.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts) if parts else (2, 34, 50)


def utc_stamp(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).strftime("%Y-%m-%dT%H:%M:%SZ")


def short_scalar_sec1() -> bytes:
    """A SEC1 P-256 key shaped as awscrt writes a scalar with a leading zero: 31 bytes.

    Random bytes (not a working key): only its shape matters to the helper and to this fake.
    """
    point = b"\x04" + secrets.token_bytes(64)
    body = (
        b"\x02\x01\x01\x04\x1f" + b"\x01" + secrets.token_bytes(30)
        + b"\xa0\x0a\x06\x08\x2a\x86\x48\xce\x3d\x03\x01\x07"
        + b"\xa1\x44\x03\x42\x00" + point
    )  # fmt: skip
    return b"\x30" + bytes([len(body)]) + body


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def mask(value: str) -> str:
    return "*" * 16 + value[-4:]


def write_out(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def write_err(text: str) -> None:
    sys.stderr.write(text)
    sys.stderr.flush()


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` with mode 0600 (a new file never exists with wider mode)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    path.chmod(0o600)


def update_ini(path: Path, section: str, values: Mapping[str, str]) -> None:
    """Set ``values`` in ``[section]`` of an INI file, keeping everything else as it was."""
    existed = path.exists()
    lines = path.read_text(encoding="utf-8").splitlines() if existed else []
    start = None
    for index, line in enumerate(lines):
        stripped = line.strip()
        is_header = stripped.startswith("[") and stripped.endswith("]")
        if is_header and " ".join(stripped[1:-1].split()) == section:
            start = index
            break
    if start is None:
        if lines and lines[-1].strip():
            lines.append("")
        lines.append(f"[{section}]")
        lines.extend(f"{key} = {value}" for key, value in values.items())
    else:
        end = len(lines)
        for index in range(start + 1, len(lines)):
            if lines[index].strip().startswith("["):
                end = index
                break
        remaining = dict(values)
        for index in range(start + 1, end):
            raw = lines[index]
            if raw[:1] in (" ", "\t") or "=" not in raw:
                continue
            key = raw.split("=", 1)[0].strip()
            if key in remaining:
                lines[index] = f"{key} = {remaining.pop(key)}"
        insert_at = end
        while insert_at > start + 1 and not lines[insert_at - 1].strip():
            insert_at -= 1
        lines[insert_at:insert_at] = [f"{key} = {value}" for key, value in remaining.items()]
    if existed:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        write_private(path, "\n".join(lines) + "\n")


# --------------------------------------------------------------------------- arguments


@dataclass
class Args:
    positionals: list[str] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    # Every token in argv order: (kind, text), kind one of pos, flag, option, unknown.
    tokens: list[tuple[str, str]] = field(default_factory=list)
    # A value option whose value is missing or looks like an option (argparse's
    # "expected one argument", exit 252): ``--profile --debug``.
    missing_value: str | None = None

    @property
    def unknown(self) -> list[str]:
        return [text for kind, text in self.tokens if kind == "unknown"]


def looks_like_option(value: str) -> bool:
    """argparse takes a token starting with "-" for an option (negative numbers aside)."""
    if not value.startswith("-") or value == "-":
        return False
    try:
        float(value)
    except ValueError:
        return True
    return False


def parse_args(argv: list[str]) -> Args:
    known_values = set(GLOBAL_VALUE_OPTIONS)
    known_flags = set(GLOBAL_FLAGS)
    for flags, values in COMMAND_OPTIONS.values():
        known_flags |= flags
        known_values |= values
    args = Args()
    index = 0
    while index < len(argv):
        item = argv[index]
        index += 1
        if not item.startswith("--"):
            args.positionals.append(item)
            args.tokens.append(("pos", item))
            continue
        name, eq, inline = item.partition("=")
        if name in known_values:
            if eq:
                args.options[name] = inline
            elif index < len(argv) and not looks_like_option(argv[index]):
                args.options[name] = argv[index]
                index += 1
            elif args.missing_value is None:
                args.missing_value = name
            args.tokens.append(("option", name))
        elif name in known_flags and not eq:
            args.flags.add(name)
            args.tokens.append(("flag", name))
        else:
            args.tokens.append(("unknown", item))
    return args


# --------------------------------------------------------------------------- profiles


@dataclass
class Profiles:
    config_path: Path
    credentials_path: Path
    config_display: str
    config: dict[str, dict[str, str]] = field(default_factory=dict)
    credentials: dict[str, dict[str, str]] = field(default_factory=dict)
    sso_sessions: dict[str, dict[str, str]] = field(default_factory=dict)

    def exists(self, name: str) -> bool:
        return name in self.config or name in self.credentials

    def merged(self, name: str) -> dict[str, str]:
        return {**self.config.get(name, {}), **self.credentials.get(name, {})}


def read_ini(path: Path) -> dict[str, dict[str, str]]:
    parser = configparser.RawConfigParser(strict=False, default_section="__fake_aws_none__")
    if path.is_file():
        with path.open(encoding="utf-8") as handle:
            parser.read_file(handle)
    return {name: dict(parser.items(name)) for name in parser.sections()}


# --------------------------------------------------------------------------- the fake


@dataclass
class Source:
    """Where the credentials of a command come from (the TYPE column of configure list)."""

    kind: str
    values: dict[str, str]


class FakeAws:
    def __init__(self, argv: list[str], env: Mapping[str, str]) -> None:
        self.argv = argv
        self.env = env
        self.args = parse_args(argv)
        scenario_env = env.get("FAKE_AWS_SCENARIO")
        self.scenario_path = Path(scenario_env) if scenario_env else None
        self.scenario = self._load_scenario()
        self.version_line = str(self.scenario.get("version") or DEFAULT_VERSION)
        self.version = parse_version(self.version_line)
        self.home = Path("~").expanduser()
        # Set once a prompt_toolkit prompt has read all of a non-terminal stdin.
        self.stdin_drained = False

    # ------------------------------------------------------------------ scenario and state

    def _load_scenario(self) -> dict[str, Any]:
        if self.scenario_path is None or not self.scenario_path.is_file():
            return {}
        try:
            data = json.loads(self.scenario_path.read_text(encoding="utf-8") or "{}")
        except ValueError as exc:
            write_err(f"fake aws: invalid scenario file {self.scenario_path}: {exc}\n")
            raise FakeExit(99) from exc
        return data if isinstance(data, dict) else {}

    @property
    def state_path(self) -> Path | None:
        if self.scenario_path is None:
            return None
        return self.scenario_path.with_suffix(".state.json")

    def state(self) -> dict[str, Any]:
        path = self.state_path
        if path is None or not path.is_file():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def record(self, event: str, profile: str) -> None:
        path = self.state_path
        if path is None:
            return
        state = self.state()
        state[event] = True
        state.setdefault("events", []).append({"event": event, "profile": profile})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")

    def record_secrets(self, *values: str) -> None:
        log = self.env.get("FAKE_AWS_LOG")
        if not log:
            return
        path = Path(log + ".secrets")
        with path.open("a", encoding="utf-8") as handle:
            handle.writelines(json.dumps(value) + "\n" for value in values if value)

    # ------------------------------------------------------------------ versions and output

    @property
    def is_v1(self) -> bool:
        return self.version[0] < 2

    def at_least(self, *wanted: int) -> bool:
        return not self.is_v1 and self.version >= wanted

    @property
    def has_login(self) -> bool:
        return self.at_least(2, 32, 0)

    @property
    def legacy_errors(self) -> bool:
        return (
            self.args.options.get("--cli-error-format") == "legacy"
            or self.env.get("AWS_CLI_ERROR_FORMAT") == "legacy"
        )

    def error(
        self,
        message: str,
        code: int,
        *,
        wrapper: str | None = None,
        details: str | None = None,
        keep_wrapper: bool = False,
    ) -> NoReturn:
        """Print an error the way the CLI does and exit.

        From 2.34.0: a blank line, then ``aws: [ERROR]: ``, the message wrapped as
        ``An error occurred (<wrapper>): `` and followed by an ``Additional error details:``
        block. ``AWS_CLI_ERROR_FORMAT=legacy`` drops only the wrapper and the details; the
        prefix stays (ran, 2.36.7). ``keep_wrapper``: errors raised while the global options
        are parsed, before the CLI knows the error format, keep the wrapper even in legacy.
        """
        if self.at_least(2, 34, 0):
            if wrapper and (keep_wrapper or not self.legacy_errors):
                message = f"An error occurred ({wrapper}): {message}"
            if details and not self.legacy_errors:
                message = f"{message}\n\nAdditional error details:\n{details}"
            if not message.startswith("aws: "):
                # An empty message leaves no trailing space: the CLI prints "aws: [ERROR]:".
                message = f"aws: [ERROR]: {message}".rstrip(" ")
        write_err(f"\n{message}\n")
        raise FakeExit(code)

    def usage_error(
        self, detail: str, *, keep_wrapper: bool = False, usage_text: str = USAGE
    ) -> NoReturn:
        """An argument error (252; v1: 2).

        From 2.34.0 ``aws: [ERROR]: An error occurred (ParamValidation): <detail>`` and then the
        usage; before, argparse's usage and ``aws: error: <detail>``.
        """
        if self.at_least(2, 34, 0):
            wrapped = keep_wrapper or not self.legacy_errors
            message = f"An error occurred (ParamValidation): {detail}" if wrapped else detail
            write_err(f"\naws: [ERROR]: {message}\n\n{usage_text}")
        else:
            write_err(f"{USAGE}\naws: error: {detail}\n")
        raise FakeExit(2 if self.is_v1 else 252)

    def expected_one_argument(self, option: str) -> NoReturn:
        """A global option whose value is missing or looks like an option (``--profile
        --debug``): parsed before the error format is known, so legacy keeps the wrapper."""
        self.usage_error(
            f"argument {option}: expected one argument",
            keep_wrapper=True,
            usage_text=f"usage: aws [{option} {option.strip('-').upper().replace('-', '_')}] "
            "[--debug]\n",
        )

    def unknown_options(self, unknown: list[str], *, custom: bool) -> NoReturn:
        """``Unknown options: ...`` (252). Custom commands (login, logout, configure) join
        with "," and print no usage; service operations join with ", " after the usage."""
        if not self.at_least(2, 34, 0):
            self.usage_error(f"Unknown options: {', '.join(unknown)}")
        if custom:
            self.error(f"Unknown options: {','.join(unknown)}", 252, wrapper="ParamValidation")
        write_err(f"\n{USAGE}\n\naws: [ERROR]: Unknown options: {', '.join(unknown)}\n")
        raise FakeExit(252)

    def invalid_choice(self, what: str, choices: list[str], given: str = "") -> NoReturn:
        if self.at_least(2, 34, 0):  # the form later v2 releases print (ran, 2.36.7)
            self.usage_error(f"argument {what}: Found invalid choice '{given}'\n")
        rows = [
            f"{choices[i]:<41}| {choices[i + 1]}" if i + 1 < len(choices) else choices[i]
            for i in range(0, len(choices), 2)
        ]
        self.usage_error(
            f"argument {what}: Invalid choice, valid choices are:\n\n" + "\n".join(rows) + "\n"
        )

    def prompt(self, text: str, *, strip: bool = True) -> str:
        """Write a prompt on stdout, flush, read one line from stdin (EOF is an error)."""
        write_out(text)
        drained = self.stdin_drained or sys.stdin is None
        line = "" if drained else sys.stdin.readline()
        if not line:
            self.error("EOF when reading a line", 255)
        line = line.rstrip("\n")
        return line.strip() if strip else line

    def hang(self) -> NoReturn:
        """Wait until killed; Ctrl-C (SIGINT) ends with a newline and exit 130 in main()."""
        while True:
            time.sleep(3600)

    # ------------------------------------------------------------------ files

    def _path_from_env(self, name: str, default: Path) -> Path:
        value = self.env.get(name)
        if value:
            return Path(os.path.expandvars(value)).expanduser()
        return default

    def load_profiles(self) -> Profiles:
        config_path = self._path_from_env("AWS_CONFIG_FILE", self.home / ".aws" / "config")
        credentials_path = self._path_from_env(
            "AWS_SHARED_CREDENTIALS_FILE", self.home / ".aws" / "credentials"
        )
        profiles = Profiles(
            config_path,
            credentials_path,
            self.env.get("AWS_CONFIG_FILE") or "~/.aws/config",
        )
        for path, target in ((config_path, "config"), (credentials_path, "credentials")):
            try:
                sections = read_ini(path)
            except (configparser.Error, UnicodeDecodeError):
                self.error(f"Unable to parse config file: {path}", 255)
            if target == "credentials":
                profiles.credentials = sections
                continue
            for name, values in sections.items():
                if name in ("default", "profile default"):
                    profiles.config.setdefault("default", {}).update(values)
                elif name.startswith("profile "):
                    profiles.config[name.removeprefix("profile ").strip()] = values
                elif name.startswith("sso-session "):
                    profiles.sso_sessions[name.removeprefix("sso-session ").strip()] = values
        return profiles

    @property
    def login_cache_dir(self) -> Path:
        default = self.home / ".aws" / "login" / "cache"
        return self._path_from_env("AWS_LOGIN_CACHE_DIRECTORY", default)

    def login_cache_file(self, session: str) -> Path:
        return self.login_cache_dir / (hashlib.sha256(session.encode()).hexdigest() + ".json")

    # ------------------------------------------------------------------ profile resolution

    def profile_name(self) -> tuple[str, bool]:
        """(profile, explicitly named): ``--profile``, then AWS_PROFILE, then ``default``."""
        if "--profile" in self.args.options:
            return self.args.options["--profile"], True
        for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
            if self.env.get(name):
                return self.env[name], True
        return "default", False

    def require_profile(self, profiles: Profiles, name: str, named: bool) -> None:
        if named and name != "default" and not profiles.exists(name):
            self.error(f"The config profile ({name}) could not be found", 255)

    def env_credentials(self) -> bool:
        return (
            "--profile" not in self.args.options
            and bool(self.env.get("AWS_ACCESS_KEY_ID"))
            and bool(self.env.get("AWS_SECRET_ACCESS_KEY"))
        )

    def sso_token_valid(self) -> bool:
        if self.state().get("sso_login"):
            return True
        return self.scenario.get("sso_token", "expired") == "valid"

    def resolve_source(
        self, profiles: Profiles, name: str, *, allow_env: bool = True
    ) -> Source | None:
        """The credential provider chain of botocore, reduced to what the tests need."""
        if allow_env and self.env_credentials():
            return Source("env", {})
        merged = profiles.merged(name)
        in_config = profiles.config.get(name, {})
        in_credentials = profiles.credentials.get(name, {})
        chain = (
            ("assume-role-with-web-identity", "web_identity_token_file" in merged),
            ("assume-role", "role_arn" in merged),
            (
                "sso",
                "sso_account_id" in merged
                and "sso_role_name" in merged
                and ("sso_session" in merged or "sso_start_url" in merged),
            ),
            ("shared-credentials-file", "aws_access_key_id" in in_credentials),
            ("custom-process", "credential_process" in merged),
            ("config-file", "aws_access_key_id" in in_config),
            ("login", "login_session" in merged),
        )
        for kind, matches in chain:
            if matches:
                return Source(kind, merged)
        return None

    def region(self, profiles: Profiles, name: str) -> tuple[str | None, str, str]:
        """(region, TYPE, LOCATION) as configure list shows them."""
        if self.args.options.get("--region"):
            return self.args.options["--region"], "manual", "--region"
        for variable in ("AWS_REGION", "AWS_DEFAULT_REGION"):
            if self.env.get(variable):
                return self.env[variable], "env", variable
        value = profiles.merged(name).get("region")
        if value:
            return value, "config-file", profiles.config_display
        return None, "None", "None"

    # ------------------------------------------------------------------ dispatch

    def run(self) -> int:
        if self.args.missing_value:
            self.expected_one_argument(self.args.missing_value)
        if "--version" in self.args.flags:
            stream = sys.stderr if self.scenario.get("version_stream") == "stderr" else sys.stdout
            stream.write(self.version_line + "\n")
            stream.flush()
            return 0
        words = self.args.positionals
        if not words:
            self.usage_error("the following arguments are required: command")
        command = words[0]
        if command in ("login", "logout") and not self.has_login:
            self.invalid_choice("command", COMMANDS_OLD, command)
        if command in ("login", "logout"):
            self.check_custom_options(command)
        self.check_options(command if command != "sso" else " ".join(words[:2]))
        if command == "sts":
            return self.cmd_sts(words[1:])
        if command == "configure":
            return self.cmd_configure(words[1:])
        if command == "login" and len(words) == 1:
            return self.cmd_login()
        if command == "logout" and len(words) == 1:
            return self.cmd_logout()
        if command == "sso":
            return self.cmd_sso(words[1:])
        return self.invalid_choice(
            "command", COMMANDS_LOGIN if self.has_login else COMMANDS_OLD, command
        )

    def unknown_tokens(self, command: str) -> list[str]:
        """The tokens this command does not know, in argv order."""
        allowed_flags, allowed_values = COMMAND_OPTIONS.get(command, (set(), set()))
        unknown = []
        for kind, text in self.args.tokens:
            if (
                kind == "unknown"
                or (kind == "flag" and text not in GLOBAL_FLAGS | allowed_flags)
                or (kind == "option" and text not in GLOBAL_VALUE_OPTIONS | allowed_values)
            ):
                unknown.append(text)
        return unknown

    def check_custom_options(self, command: str) -> None:
        """login/logout take no positionals: extra words are unknown options too, so
        ``login --redirect-port 1234`` is ``Unknown options: --redirect-port,1234`` (ran)."""
        unknown = set(self.unknown_tokens(command))
        ordered: list[str] = []
        seen_command = False
        for kind, text in self.args.tokens:
            if kind == "pos" and not seen_command:
                seen_command = True  # the command word itself
                continue
            if kind == "pos" or text in unknown:
                ordered.append(text)
        if ordered:
            self.unknown_options(ordered, custom=True)

    def check_options(self, command: str) -> None:
        unknown = self.unknown_tokens(command)
        if unknown:
            self.unknown_options(unknown, custom=command.startswith("configure"))

    # ------------------------------------------------------------------ sts

    def cmd_sts(self, words: list[str]) -> int:
        if not words:
            self.usage_error("the following arguments are required: operation")
        if words[0] != "get-caller-identity":
            self.invalid_choice("operation", ["get-caller-identity", "assume-role"], words[0])
        if len(words) > 1:
            self.unknown_options(words[1:], custom=False)
        name, named = self.profile_name()
        key = "env" if self.env_credentials() else name
        override = self.identity_override(key)
        if override is not None:
            return self.apply_identity_override(override)
        return self.print_identity(self.derive_identity(name, named))

    def identity_override(self, key: str) -> dict[str, Any] | None:
        candidates = []
        if self.state().get("success"):
            candidates.append(self.scenario.get("identity_after_login"))
        candidates.append(self.scenario.get("identity"))
        for candidate in candidates:
            if not isinstance(candidate, dict):
                continue
            if {"stdout", "stderr", "exit"} & candidate.keys():
                return candidate
            per_profile = candidate.get(key)
            if isinstance(per_profile, dict):
                return per_profile
        return None

    def apply_identity_override(self, override: Mapping[str, Any]) -> int:
        stdout = override.get("stdout")
        if stdout is not None:
            text = stdout if isinstance(stdout, str) else json.dumps(stdout, indent=4)
            write_out(text.rstrip("\n") + "\n")
        if override.get("stderr"):
            code = int(override.get("exit", 255))
            self.error(str(override["stderr"]), code)
        return int(override.get("exit", 0))

    def no_credentials(self) -> NoReturn:
        hint = "aws login" if self.has_login else "aws configure"
        message = (
            f'Unable to locate credentials. You can configure credentials by running "{hint}".'
        )
        self.error(message, 255 if self.is_v1 else 253, wrapper="NoCredentials")

    def check_role_source(self, profiles: Profiles, name: str, seen: tuple[str, ...] = ()) -> None:
        """A role profile needs a source with credentials, like botocore's AssumeRoleProvider
        (ran, 2.36.7: ``The source profile "base" must have credentials.``, 255)."""
        values = profiles.merged(name)
        source = values.get("source_profile")
        if not source or "credential_source" in values or source in seen:
            return
        if not profiles.exists(source):
            self.error(
                f'The source_profile "{source}" referenced in the profile "{name}" does not exist.',
                255,
            )
        found = self.resolve_source(profiles, source, allow_env=False)
        if found is None:
            self.error(f'The source profile "{source}" must have credentials.', 255)
        if found.kind == "assume-role":
            self.check_role_source(profiles, source, (*seen, name))

    def sts_endpoint(self, region: str | None) -> tuple[str, bool]:
        """Where ``sts get-caller-identity`` goes: an override, else the regional endpoint,
        else (no region) the global one, so no "You must specify a region" (ran, 2.36.7)."""
        override = self.env.get("AWS_ENDPOINT_URL_STS") or self.env.get("AWS_ENDPOINT_URL")
        override = self.args.options.get("--endpoint-url") or override
        if override:
            if not region:
                self.error(
                    "You must specify a region. You can also configure your region by running "
                    '"aws configure".',
                    253,
                    wrapper="NoRegion",
                )
            return override, True
        url = f"https://sts.{region}.amazonaws.com/" if region else "https://sts.amazonaws.com/"
        return url, False

    def proxy_for(self, url: str) -> str | None:
        """The proxy a request to ``url`` goes through (HTTPS_PROXY/HTTP_PROXY, NO_PROXY)."""
        parsed = urllib.parse.urlsplit(url)
        host = (parsed.hostname or "").lower()
        names = ("HTTPS_PROXY", "https_proxy") if parsed.scheme == "https" else ()
        names += ("HTTP_PROXY", "http_proxy") if parsed.scheme == "http" else ()
        proxy = next((self.env[n] for n in names if self.env.get(n)), None)
        no_proxy = self.env.get("NO_PROXY") or self.env.get("no_proxy") or ""
        for entry in (e.strip().lower().lstrip(".") for e in no_proxy.split(",")):
            if entry == "*" or (entry and (host == entry or host.endswith("." + entry))):
                return None
        return proxy

    def reachable(self, url: str) -> bool:
        parsed = urllib.parse.urlsplit(url)
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        try:
            with socket.create_connection((parsed.hostname or "127.0.0.1", port), timeout=2):
                return True
        except OSError:
            return False

    def call_sts(self, profiles: Profiles, name: str) -> None:
        """The fake "sends" the request: the endpoint needs a region only when overridden, and
        a proxy (or loopback endpoint) that nothing listens on fails like the real CLI.
        Scenario key ``network``: ``probe`` (default: try a TCP connection to the proxy or to
        an endpoint override), ``offline`` (every request fails to connect), ``ignore``."""
        region, _kind, _where = self.region(profiles, name)
        endpoint, overridden = self.sts_endpoint(region)
        mode = str(self.scenario.get("network", "probe"))
        if mode == "ignore":
            return
        proxy = self.proxy_for(endpoint)
        if proxy and (mode == "offline" or not self.reachable(proxy)):
            self.error(f'Failed to connect to proxy URL: "{proxy}"', 255)
        if mode == "offline" or (overridden and not proxy and not self.reachable(endpoint)):
            self.error(f'Could not connect to the endpoint URL: "{endpoint.rstrip("/")}/"', 255)

    def derive_identity(self, name: str, named: bool) -> dict[str, str]:
        profiles = self.load_profiles()
        if not self.env_credentials():
            self.require_profile(profiles, name, named)
        source = self.resolve_source(profiles, name)
        if source is not None and source.kind == "assume-role":
            self.check_role_source(profiles, name)
        # The client is made before credentials are looked for: an endpoint override without
        # a region fails first, even with no credentials at all (ran, 2.36.7).
        self.sts_endpoint(self.region(profiles, name)[0])
        if source is None:
            self.no_credentials()
        # Credentials are resolved (and may fail) before the request is sent.
        identity = self.identity_of(source)
        self.call_sts(profiles, name)
        return identity

    def identity_of(self, source: Source) -> dict[str, str]:
        values = source.values
        if source.kind == "env":
            return dict(ENV_IDENTITY)
        if source.kind in ("shared-credentials-file", "config-file"):
            return dict(STATIC_IDENTITY)
        if source.kind == "custom-process":
            self.run_credential_process(values["credential_process"])
            return dict(PROCESS_IDENTITY)
        if source.kind in ("assume-role", "assume-role-with-web-identity"):
            role_arn = values.get("role_arn", "arn:aws:iam::123456789012:role/FakeRole")
            account = role_arn.split(":")[4] if role_arn.count(":") >= 5 else "123456789012"
            role = role_arn.rsplit("/", 1)[-1]
            # botocore names an unnamed role session after the time (ran, 2.36.7).
            session = values.get("role_session_name") or f"botocore-session-{int(time.time())}"
            return {
                "UserId": f"AROAFAKEROLEID:{session}",
                "Account": account,
                "Arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
            }
        if source.kind == "sso":
            if not self.sso_token_valid():
                self.error(SSO_EXPIRED, 255)
            account = values.get("sso_account_id", "123456789012")
            role = f"AWSReservedSSO_{values.get('sso_role_name', 'Fake')}_0123456789abcdef"
            return {
                "UserId": "AROAFAKESSOROLEID:fakeuser@example.com",
                "Account": account,
                "Arn": f"arn:aws:sts::{account}:assumed-role/{role}/fakeuser@example.com",
            }
        session = values["login_session"]
        if self.scenario.get("require_login_cache") and not self.login_cache_file(session).exists():
            self.error(
                # The real text, comma and all (ran, 2.36.7).
                f"Error loading login session token: Unable to load a existing login session "
                f"for session {session}, Please reauthenticate with 'aws login'.",
                255,
            )
        if self.refresh_due(session) and self.cached_key_is_short(session):
            # The refresh loads the cached key first, and awscrt refuses it (ran, 2.36.7).
            self.error(
                "7178 (AWS_ERROR_CAL_UNSUPPORTED_KEY_FORMAT): Key format is not supported.", 255
            )
        parts = session.split(":")
        account = parts[4] if len(parts) > 4 and parts[4] else "123456789012"
        return {"UserId": "AIDAFAKELOGINUSER", "Account": account, "Arn": session}

    def login_cache_token(self, session: str) -> dict[str, Any]:
        try:
            token = json.loads(self.login_cache_file(session).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return token if isinstance(token, dict) else {}

    def refresh_due(self, session: str) -> bool:
        """botocore refreshes `aws login` credentials within 5 minutes of their expiry."""
        access = self.login_cache_token(session).get("accessToken")
        stamp = access.get("expiresAt") if isinstance(access, dict) else None
        try:
            expires = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
        except ValueError:
            return False
        return expires - datetime.now(UTC) < timedelta(minutes=5)

    def cached_key_is_short(self, session: str) -> bool:
        pem = str(self.login_cache_token(session).get("dpopKey", ""))
        body = "".join(line for line in pem.splitlines() if not line.startswith("-----"))
        try:
            der = base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            return False
        return der[:7] == b"\x30\x76\x02\x01\x01\x04\x1f"

    def run_credential_process(self, command: str) -> None:
        """Run ``credential_process`` as botocore does (shlex-split, no shell) and fail with
        its texts (ran, 2.36.7): a non-zero exit, output that is not JSON, a missing program."""
        try:
            proc = subprocess.run(
                shlex.split(command),
                capture_output=True,
                env=dict(self.env),
                timeout=60,
                check=False,
            )
        except OSError as exc:
            self.error(str(exc), 255)
        if proc.returncode != 0:
            detail = proc.stderr.decode("utf-8", "replace").strip()
            self.error(f"Error when retrieving credentials from custom-process: {detail}", 255)
        try:
            data = json.loads(proc.stdout.decode("utf-8", "replace"))
        except ValueError as exc:
            self.error(str(exc), 255)
        version = data.get("Version") if isinstance(data, dict) else None
        if version != 1:
            self.error(
                "Error when retrieving credentials from custom-process: Unsupported version "
                f"'{version}' for credential process provider, supported versions: 1",
                255,
            )
        for key in ("AccessKeyId", "SecretAccessKey"):
            if key not in data:
                self.error(
                    "Error when retrieving credentials from custom-process: "
                    f"Missing required key in response: {key}",
                    255,
                )

    def print_identity(self, identity: Mapping[str, str]) -> int:
        query = self.args.options.get("--query")
        output = self.args.options.get("--output") or self.env.get("AWS_DEFAULT_OUTPUT") or "json"
        if query in identity:
            value = identity[str(query)]
            write_out((value if output == "text" else json.dumps(value)) + "\n")
        elif output == "text":
            write_out("\t".join(identity[key] for key in sorted(identity)) + "\n")
        else:
            write_out(json.dumps(dict(identity), indent=4) + "\n")
        return 0

    # ------------------------------------------------------------------ configure

    def cmd_configure(self, words: list[str]) -> int:
        if not words:
            return self.cmd_configure_interactive()
        sub, rest = words[0], words[1:]
        if sub == "list" and not rest:
            return self.cmd_configure_list()
        if sub == "get" and len(rest) == 1:
            return self.cmd_configure_get(rest[0])
        if sub == "set" and len(rest) == 2:
            return self.cmd_configure_set(rest[0], rest[1])
        if sub in ("list", "get", "set"):
            self.usage_error("the following arguments are required: varname")
        return self.invalid_choice("operation", ["get", "list", "set", "sso", "export-credentials"])

    def credential_rows(self, profiles: Profiles, name: str) -> tuple[str, str, str]:
        """(masked access key, masked secret key, TYPE) for configure list."""
        source = self.resolve_source(profiles, name)
        if source is None:
            return "<not set>", "<not set>", "None"
        values = source.values
        access, secret = "ASIAFAKEACCESSKEY123", "FAKESECRETtemporaryKEYx"
        if source.kind == "env":
            access = self.env["AWS_ACCESS_KEY_ID"]
            secret = self.env["AWS_SECRET_ACCESS_KEY"]
        elif source.kind in ("shared-credentials-file", "config-file"):
            access = values.get("aws_access_key_id", "")
            secret = values.get("aws_secret_access_key", "")
        elif source.kind == "sso" and not self.sso_token_valid():
            self.error(SSO_EXPIRED, 255)
        elif source.kind == "login":
            cache = self.login_cache_file(values["login_session"])
            try:
                token = json.loads(cache.read_text(encoding="utf-8"))["accessToken"]
                access, secret = token["accessKeyId"], token["secretAccessKey"]
            except (OSError, ValueError, KeyError, TypeError):
                pass
        return mask(access), mask(secret), source.kind

    def cmd_configure_list(self) -> int:
        name, named = self.profile_name()
        profiles = self.load_profiles()
        if "--profile" in self.args.options:
            profile_row = (name, "manual", "--profile")
        elif named:
            variable = "AWS_PROFILE" if self.env.get("AWS_PROFILE") else "AWS_DEFAULT_PROFILE"
            profile_row = (name, "env", variable)
        else:
            profile_row = ("<not set>", "None", "None")
        if named and name != "default" and not profiles.exists(name) and self.at_least(2, 31, 0):
            # 2.31+ prints the header and the profile row before it fails (ran, 2.36.7).
            write_out(f"{'NAME':<10} : {'VALUE':<24} : {'TYPE':<16} : LOCATION\n")
            write_out(f"{'profile':<10} : {name:<24} : {profile_row[1]:<16} : {profile_row[2]}\n")
        self.require_profile(profiles, name, named)
        access, secret, kind = self.credential_rows(profiles, name)
        location = "None" if kind == "None" else ""
        region, region_type, region_location = self.region(profiles, name)
        rows = [
            ("profile", *profile_row),
            ("access_key", access, kind, location),
            ("secret_key", secret, kind, location),
            ("region", region or "<not set>", region_type, region_location),
        ]
        if self.at_least(2, 31, 0):
            lines = [f"{'NAME':<10} : {'VALUE':<24} : {'TYPE':<16} : LOCATION"]
            lines += [f"{a:<10} : {b:<24} : {c:<16} : {d}" for a, b, c, d in rows]
        else:
            header = [("Name", "Value", "Type", "Location"), ("----", "-----", "----", "--------")]
            lines = [f"{a:>10} {b:>24} {c:>16}    {d}" for a, b, c, d in header + rows]
        write_out("\n".join(lines) + "\n")
        return 0

    def cmd_configure_get(self, varname: str) -> int:
        profiles = self.load_profiles()
        name, named = self.profile_name()
        parts = varname.split(".")
        if len(parts) == 1:
            self.require_profile(profiles, name, named)
            value = profiles.merged(name).get(varname)
        elif parts[0] == "profile" and len(parts) >= 3:
            value = profiles.merged(parts[1]).get(parts[2])
        elif parts[0] == "sso-session" and len(parts) >= 3:
            value = profiles.sso_sessions.get(parts[1], {}).get(parts[2])
        elif parts[0] == "default" or profiles.exists(parts[0]):
            value = profiles.merged(parts[0]).get(parts[1])
        else:
            value = profiles.merged(name).get(parts[0])
        if not value:
            return 1
        write_out(value + "\n")
        return 0

    def cmd_configure_set(self, varname: str, value: str) -> int:
        name, _named = self.profile_name()
        parts = varname.split(".")
        if parts[0] == "profile" and len(parts) >= 3:
            name, key = parts[1], parts[2]
        elif parts[0] == "default" and len(parts) >= 2:
            name, key = "default", parts[1]
        else:
            key = varname
        profiles = self.load_profiles()
        if key in ("aws_access_key_id", "aws_secret_access_key", "aws_session_token"):
            update_ini(profiles.credentials_path, name, {key: value})
        else:
            section = "default" if name == "default" else f"profile {name}"
            update_ini(profiles.config_path, section, {key: value})
        return 0

    def cmd_configure_interactive(self) -> int:
        name, _named = self.profile_name()
        profiles = self.load_profiles()
        current = profiles.merged(name)
        questions = (
            ("aws_access_key_id", "AWS Access Key ID", True),
            ("aws_secret_access_key", "AWS Secret Access Key", True),
            ("region", "Default region name", False),
            ("output", "Default output format", False),
        )
        answers: dict[str, str] = {}
        for key, label, masked in questions:
            shown = current.get(key)
            shown = (mask(shown) if masked else shown) if shown else "None"
            answer = self.prompt(f"{label} [{shown}]: ")
            if answer:
                answers[key] = answer
        if self.scenario.get("configure", "success") == "fail":
            self.error(f"[Errno 13] Permission denied: '{profiles.credentials_path}'", 255)
        keys = {k: v for k, v in answers.items() if k.startswith("aws_")}
        settings = {k: v for k, v in answers.items() if not k.startswith("aws_")}
        if keys:
            update_ini(profiles.credentials_path, name, keys)
            self.record_secrets(keys.get("aws_secret_access_key", ""))
        if settings:
            section = "default" if name == "default" else f"profile {name}"
            update_ini(profiles.config_path, section, settings)
        self.record("configure", name)
        self.record("success", name)
        return 0

    # ------------------------------------------------------------------ login

    def refusal(self, name: str, merged: Mapping[str, str]) -> None:
        for key, kind in REFUSAL_KINDS:
            if key in merged:
                self.error(
                    f"Profile '{name}' is already configured with {kind} credentials.\n\n"
                    f"You may run 'aws login --profile new-profile-name' to create a new "
                    f"profile with the specified name. Otherwise you must first manually "
                    f"remove the existing credentials from '{name}'.",
                    253,
                    wrapper="Configuration",
                )

    def login_region(self, merged: Mapping[str, str]) -> tuple[str, bool]:
        configured = (
            self.args.options.get("--region")
            or self.env.get("AWS_REGION")
            or self.env.get("AWS_DEFAULT_REGION")
            or merged.get("region")
        )
        if configured:
            return configured, False
        write_out(
            "No AWS region has been configured. The AWS region is the geographic location of "
            "your AWS resources.\n\n"
            "If you have used AWS before and already have resources in your account, specify "
            "which region they were created in. If you have not created resources in your "
            "account before, you can pick the region closest to you: "
            "https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html."
            "\n\n"
            'You are able to change the region in the CLI at any time with the command "aws '
            'configure set region NEW_REGION".\n'
        )
        answer = self.region_prompt(f"AWS Region [{DEFAULT_REGION_FOR_PROMPT}]: ")
        return answer or DEFAULT_REGION_FOR_PROMPT, True

    def region_prompt(self, text: str) -> str:
        """The CLI's region question is a prompt_toolkit prompt (ran, 2.36.7).

        On a terminal it reads one line. Without one it warns on stderr, reads ALL of stdin
        (so a later prompt sees EOF) and takes the first line; no input at all is an error
        with an empty message, exit 255.
        """
        if sys.stdin is not None and sys.stdin.isatty():
            return self.prompt(text)
        write_err("Warning: Input is not a terminal (fd=0).\n")
        write_out(text)
        data = sys.stdin.read() if sys.stdin is not None else ""
        self.stdin_drained = True
        if not data:
            self.error("", 255)
        first = data.splitlines()[0] if data.splitlines() else ""
        write_out(first + "\n")
        return first.strip()

    def authorize_url(self, region: str, remote: bool) -> str:
        client = "cross-device" if remote else "same-device"
        if remote:
            redirect = (
                f"https%3A%2F%2F{region}.signin.aws.amazon.com%2Fv1%2Fsessions%2Fconfirmation"
            )
        else:
            port = str(49152 + os.getpid() % 16000)
            redirect = f"http%3A%2F%2F127.0.0.1%3A{port}%2Foauth%2Fcallback"
        return (
            f"https://{region}.signin.aws.amazon.com/v1/authorize?response_type=code"
            f"&client_id=arn%3Aaws%3Asignin%3A%3A%3Adevtools%2F{client}"
            f"&state={self.login_state}&code_challenge_method=SHA-256&scope=openid"
            f"&redirect_uri={redirect}&code_challenge={b64url(secrets.token_bytes(32))}"
        )

    def browser_step(self, region: str, remote: bool, mode: str) -> None:
        """Print the browser (or --remote) text; read the code; fail as the scenario says."""
        if mode == "callback" and not remote:
            message, code = LOGIN_FAILURES["callback"]
            self.error(message, code)
        url = self.authorize_url(region, remote)
        if remote:
            write_out(
                "Browser will not be automatically opened.\n"
                f"Please visit the following URL:\n\n{url}\n\n"
            )
            if mode == "hang":
                self.hang()
            code_text = self.prompt(
                "Enter the authorization code displayed in your browser: ", strip=False
            )
            self.check_verification_code(code_text)
        else:
            if self.at_least(2, 34, 22):
                write_out(
                    "Attempting to open your default browser. If the browser does not open, "
                    "open the following URL.\nIf you are unable to open the URL on this device, "
                    "run this command again with the '--remote' option.\n\n"
                )
            else:
                write_out(
                    "Attempting to open your default browser.\n"
                    "If the browser does not open, open the following URL:\n\n"
                )
            write_out(url + "\n")
            if mode == "hang":
                self.hang()
        if mode in LOGIN_FAILURES:
            message, code = LOGIN_FAILURES[mode]
            # Service errors (254) carry the service's details from 2.34.0 (not in legacy).
            details = "error: INVALID_REQUEST" if code == 254 else None
            self.error(message.format(region=region), code, details=details)

    @property
    def login_state(self) -> str:
        return str(self.scenario.get("login_state") or DEFAULT_LOGIN_STATE)

    def check_verification_code(self, text: str) -> None:
        """What the CLI does with the pasted ``--remote`` code (its parse_verification_code):
        base64 of ``code=...&state=...``, whose state must be this attempt's. All 255 (ran)."""
        if not text:
            # The CLI turns an empty answer into None and base64 fails on it (a CLI bug).
            self.error(
                "argument should be a bytes-like object or ASCII string, not 'NoneType'", 255
            )
        try:
            query = base64.b64decode(text).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            self.error("Failed to decode the verification code.", 255)
        params = dict(urllib.parse.parse_qsl(query))
        if "state" not in params or "code" not in params:
            self.error("Failed to retrieve an auth_code or state from the verification code", 255)
        if params["state"] != self.login_state:
            self.error(
                "Error loading or redeeming a login authorization code: State parameter "
                f"{params['state']} does not match expected value {self.login_state}.",
                255,
            )

    def confirm_overwrite(self, name: str, existing: str, new: str, mode: str) -> bool:
        question = (
            f"\nProfile {name} is already configured to use session {existing}. Do you want "
            f"to overwrite it to use {new} instead? (y/n): "
        )
        if mode == "decline_overwrite":
            write_out(question + "n\n")
            return False
        while True:
            answer = self.prompt(question, strip=False).lower()
            if answer in ("y", "yes"):
                return True
            if answer in ("n", "no"):
                return False
            write_out('Invalid response. Please enter "y" or "n"')

    def cmd_login(self) -> int:
        name, _named = self.profile_name()
        remote = "--remote" in self.args.flags
        profiles = self.load_profiles()
        merged = profiles.merged(name)
        mode = str(self.scenario.get("login", "success"))
        # The region comes first, so a refused profile without a region sees the prompt (ran).
        region, prompted = self.login_region(merged)
        if self.at_least(2, 32, 32):
            self.refusal(name, merged)
        self.browser_step(region, remote, mode)
        new_session = str(self.scenario.get("login_session") or DEFAULT_LOGIN_SESSION)
        existing = merged.get("login_session")
        if mode == "decline_overwrite":
            existing = existing or "arn:aws:iam::123456789012:user/OtherUser"
            if existing == new_session:
                existing = "arn:aws:iam::210987654321:user/OtherUser"
        if (
            existing
            and existing != new_session
            and not self.confirm_overwrite(name, existing, new_session, mode)
        ):
            return 0
        self.write_login_cache(new_session, remote)
        section = "default" if name == "default" else f"profile {name}"
        values = {"login_session": new_session}
        if prompted:
            values["region"] = region
        update_ini(profiles.config_path, section, values)
        write_out(f"\nUpdated profile {name} to use {new_session} credentials.\n")
        if name != "default":
            write_out(
                f'Use "--profile {name}" to use the new credentials, such as '
                f'"aws sts get-caller-identity --profile {name}"\n'
            )
        self.record("login", name)
        self.record("success", name)
        return 0

    def write_login_cache(self, session: str, remote: bool) -> None:
        parts = session.split(":")
        account = parts[4] if len(parts) > 4 and parts[4] else "123456789012"
        now = int(time.time())
        header = b64url(json.dumps({"alg": "ES256", "typ": "JWT"}).encode())
        claims = {"sub": session, "iss": "https://signin.aws.amazon.com", "iat": now}
        claims["exp"] = now + 900
        id_token = (
            f"{header}.{b64url(json.dumps(claims).encode())}.FAKESECRET{secrets.token_hex(16)}"
        )
        dpop_body = "FAKESECRET" + base64.b64encode(secrets.token_bytes(48)).decode()
        if self.scenario.get("login_key") == "short":
            # awscrt writes a scalar with a leading zero byte in 31 bytes (1 key in 256) and
            # cannot load it back (ran, 2.36.7): SEC1 with a 31-byte private key, 64 a line.
            der = short_scalar_sec1()
            dpop_body = "\n".join(
                base64.b64encode(der).decode()[i : i + 64] for i in range(0, 160, 64)
            )
        token = {
            "accessToken": {
                "accessKeyId": "ASIAFAKEACCESSKEY123",
                "secretAccessKey": "FAKESECRETwJalrXUtnFEMIK7MDENG" + secrets.token_hex(5),
                "sessionToken": "FAKESECRETsessiontoken" + secrets.token_hex(24),
                "accountId": account,
                "expiresAt": utc_stamp(timedelta(minutes=15)),
            },
            "tokenType": "aws_sigv4",
            "clientId": "arn:aws:signin:::devtools/"
            + ("cross-device" if remote else "same-device"),
            "refreshToken": "FAKESECRETrefresh" + secrets.token_hex(24),
            "idToken": id_token,
            "dpopKey": (
                f"-----BEGIN EC PRIVATE KEY-----\n{dpop_body}\n-----END EC PRIVATE KEY-----\n"
            ),
        }
        write_private(self.login_cache_file(session), json.dumps(token))
        access = token["accessToken"]
        self.record_secrets(
            str(access["secretAccessKey"]),
            str(access["sessionToken"]),
            str(token["refreshToken"]),
            id_token,
            str(token["dpopKey"]),
            dpop_body,
        )

    def cmd_logout(self) -> int:
        """``aws logout [--all]``: exit 0 in every case, with the CLI's texts (ran, 2.36.7)."""
        profiles = self.load_profiles()
        if "--all" in self.args.flags:
            # Like the CLI's sweeper: only files that hold an accessToken with a key ID.
            deleted = 0
            for path in (
                sorted(self.login_cache_dir.glob("*")) if self.login_cache_dir.is_dir() else []
            ):
                try:
                    token = json.loads(path.read_text(encoding="utf-8")).get("accessToken")
                except (OSError, ValueError, AttributeError):
                    continue
                if isinstance(token, dict) and "accessKeyId" in token:
                    path.unlink()
                    deleted += 1
            if deleted:
                plural = "s" if deleted != 1 else ""
                write_out(
                    f"Removed {deleted} cached login credential{plural}. Note, any local "
                    "developer tools that have already loaded access tokens may continue to "
                    "use them until their expiration. Access tokens expire in 15 minutes.\n"
                )
            else:
                write_out("No cached login session tokens found.\n")
            return 0
        name, _named = self.profile_name()
        session = profiles.config.get(name, {}).get("login_session")
        if not session:
            write_err(f"warning: no login session found for profile '{name}'\n")
            return 0
        # The CLI says "Removed" whether or not the cache file was there.
        self.login_cache_file(session).unlink(missing_ok=True)
        write_out(
            f"Removed cached login credentials for profile '{name}'. Note, any local developer "
            "tools that have already loaded the access token may continue to use it until its "
            "expiration. Access tokens expire in 15 minutes.\n"
        )
        return 0

    # ------------------------------------------------------------------ sso

    def cmd_sso(self, words: list[str]) -> int:
        if words == ["logout"]:
            cache = self.home / ".aws" / "sso" / "cache"
            for path in cache.glob("*.json") if cache.is_dir() else []:
                path.unlink()
            return 0
        if words != ["login"]:
            self.invalid_choice("operation", ["login", "logout", "list-accounts"])
        profiles = self.load_profiles()
        session_name = self.args.options.get("--sso-session")
        if session_name:
            values = profiles.sso_sessions.get(session_name)
            if values is None:
                self.error(f'The specified sso-session does not exist: "{session_name}"', 253)
            profile = session_name
        else:
            profile, named = self.profile_name()
            self.require_profile(profiles, profile, named)
            values = profiles.merged(profile)
            session_name = values.get("sso_session")
            if session_name:
                if session_name not in profiles.sso_sessions:
                    self.error(f'The specified sso-session does not exist: "{session_name}"', 253)
                values = {**values, **profiles.sso_sessions[session_name]}
        start_url, region = values.get("sso_start_url"), values.get("sso_region")
        if not start_url or not region:
            self.error(
                "Missing the following required SSO configuration values: sso_start_url, "
                "sso_region. To make sure this profile is properly configured to use SSO, "
                "please run:\n\naws configure sso",
                253,
            )
        self.sso_browser_step(region)
        mode = str(self.scenario.get("sso_login", "success"))
        if mode == "hang":
            self.hang()
        if mode in SSO_LOGIN_FAILURES:
            message, code = SSO_LOGIN_FAILURES[mode]
            self.error(message, code)
        self.write_sso_cache(session_name or start_url, start_url, region)
        write_out(f"Successfully logged into Start URL: {start_url}\n")
        self.record("sso_login", profile)
        self.record("success", profile)
        return 0

    def sso_browser_step(self, region: str) -> None:
        code = f"{secrets.token_hex(2).upper()}-{secrets.token_hex(2).upper()}"
        device_url = f"https://device.sso.{region}.amazonaws.com/"
        if {"--use-device-code", "--no-browser"} & self.args.flags:
            write_out(
                "Browser will not be automatically opened.\nPlease visit the following URL:\n\n"
                f"{device_url}\n\nThen enter the code:\n\n{code}\n"
            )
            return
        write_out(
            "Attempting to automatically open the SSO authorization page in your default "
            "browser.\nIf the browser does not open or you wish to use a different device to "
            "authorize this request, open the following URL:\n\n"
            f"https://oidc.{region}.amazonaws.com/authorize?response_type=code"
            f"&client_id={uuid.uuid4().hex}&state={uuid.uuid4()}\n\n"
        )

    def write_sso_cache(self, key: str, start_url: str, region: str) -> None:
        digest = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()
        token = {
            "startUrl": start_url,
            "region": region,
            "accessToken": "FAKESECRETssoaccesstoken" + secrets.token_hex(24),
            "expiresAt": utc_stamp(timedelta(hours=8)),
            "clientId": "FAKEclientid" + secrets.token_hex(8),
            "clientSecret": "FAKESECRETclientsecret" + secrets.token_hex(16),
            "registrationExpiresAt": utc_stamp(timedelta(days=90)),
            "refreshToken": "FAKESECRETssorefresh" + secrets.token_hex(16),
        }
        write_private(self.home / ".aws" / "sso" / "cache" / f"{digest}.json", json.dumps(token))
        self.record_secrets(token["accessToken"], token["clientSecret"], token["refreshToken"])


# --------------------------------------------------------------------------- entry point


def log_invocation(argv: list[str], env: Mapping[str, str]) -> None:
    log = env.get("FAKE_AWS_LOG")
    if not log:
        return
    entry = {
        "argv": argv,
        "profile_env": env.get("AWS_PROFILE"),
        "tty": {
            "stdin": bool(sys.stdin and sys.stdin.isatty()),
            "stdout": bool(sys.stdout and sys.stdout.isatty()),
            "stderr": bool(sys.stderr and sys.stderr.isatty()),
        },
    }
    with Path(log).open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry) + "\n")


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    env = dict(os.environ)
    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        log_invocation(args, env)
        fake = FakeAws(args, env)
        latency = float(fake.scenario.get("latency") or 0)
        if latency > 0:
            time.sleep(latency)
        return fake.run()
    except FakeExit as stop:
        return stop.code
    except KeyboardInterrupt:
        # The real CLI prints a newline on Ctrl-C and exits 130.
        with contextlib.suppress(OSError):
            write_out("\n")
        return 130
    except BrokenPipeError:
        return 255


if __name__ == "__main__":
    sys.exit(main())
