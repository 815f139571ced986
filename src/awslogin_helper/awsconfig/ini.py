"""Parse the AWS files with configparser exactly as botocore does, and merge the profiles."""

from __future__ import annotations

import ast
import configparser
import io
import re
import shlex
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from awslogin_helper.awsconfig.locations import config_paths
from awslogin_helper.awsconfig.model import (
    AwsFiles,
    ConfigFileError,
    Profile,
    SsoSession,
)
from awslogin_helper.edges.safeio import CHOWN_FIX, CONFIG_LIMIT, Reason, UnsafeFile
from awslogin_helper.edges.safeio import is_regular as _is_regular
from awslogin_helper.edges.safeio import read_capped as _read_capped
from awslogin_helper.words import N_


class _LineTracker:
    """Feeds lines to configparser and remembers where section headers and options were."""

    def __init__(self, text: str) -> None:
        # newline=None gives the same universal-newline splitting as reading the file in text mode.
        self._stream = io.StringIO(text, newline=None)
        self.line = 0
        self.header_lines: dict[str, int] = {}
        self.option_lines: dict[tuple[str, str], int] = {}
        self.section_by_id: dict[int, str] = {}

    def __iter__(self) -> Iterator[str]:
        for text_line in self._stream:
            self.line += 1
            yield text_line


@dataclass
class _ParsedIni:
    sections: dict[str, dict[str, str]]
    header_lines: dict[str, int]


def _make_recording_dict(tracker: _LineTracker) -> type[dict[str, Any]]:
    # configparser builds every mapping (all sections, each section) with dict_type and inserts
    # a section or option while reading its line, so recording first insertions yields exact
    # line numbers without re-implementing configparser's rules.
    class _Recording(dict[str, Any]):
        def __setitem__(self, key: str, value: Any) -> None:
            if key not in self:
                if isinstance(value, _Recording):
                    tracker.header_lines[key] = tracker.line
                    tracker.section_by_id[id(value)] = key
                else:
                    section = tracker.section_by_id.get(id(self))
                    if section is not None:
                        tracker.option_lines[(section, key)] = tracker.line
            super().__setitem__(key, value)

    return _Recording


def _describe_bad_line(text: str) -> Reason:
    stripped = text.strip()
    if stripped.startswith("[") and "]" not in stripped:
        # A header is never secret, so echoing it (shortened) helps the user find it.
        shown = stripped if len(stripped) <= 60 else stripped[:57] + "..."
        return Reason(N_("section header {header} has no closing ']'"), {"header": repr(shown)})
    if stripped[:1] in ("=", ":"):
        return Reason(N_("setting has no name before '='"))
    return Reason(
        N_(
            "line is not a section header, a comment or 'name = value' "
            "(continuation lines must be indented)"
        )
    )


def _parse_ini(path: Path) -> _ParsedIni:
    try:
        data, _info = _read_capped(path, CONFIG_LIMIT)
    except UnsafeFile as exc:
        # botocore silently treats an unreadable file as empty; the user should be told instead.
        raise _unreadable(path, exc) from None
    if data.startswith(b"\xef\xbb\xbf"):
        # configparser does not skip a BOM, so the AWS CLI sees text before the first header.
        raise ConfigFileError(
            path,
            1,
            Reason(
                N_(
                    "the file starts with a UTF-8 byte order mark (BOM), which the AWS CLI "
                    "cannot parse; save it as UTF-8 without BOM"
                )
            ),
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigFileError(path, line, Reason(N_("the file is not valid UTF-8 text"))) from None

    if "\0" in text:
        # Never valid in a name or value (and no process argument can hold one); a file with
        # NULs is damaged, e.g. zero-filled after a crash.
        line = text.count("\n", 0, text.index("\0")) + 1
        raise ConfigFileError(
            path,
            line,
            Reason(N_("the line holds a NUL character; the file may be damaged")),
        )

    tracker = _LineTracker(text)
    parser = configparser.RawConfigParser(dict_type=_make_recording_dict(tracker))
    try:
        parser.read_file(tracker, source=str(path))
    except configparser.MissingSectionHeaderError as exc:
        raise ConfigFileError(
            path,
            exc.lineno,
            Reason(
                N_(
                    "setting outside any section; put it under a header such as {default} "
                    "or {named}"
                ),
                {"default": "[default]", "named": "[profile NAME]"},
            ),
        ) from None
    except configparser.DuplicateSectionError as exc:
        first = tracker.header_lines.get(exc.section)
        section = f"[{exc.section}]"
        twice = (
            Reason(
                N_("section {section} appears twice (first on line {line})"),
                {"section": section, "line": first},
            )
            if first is not None
            else Reason(N_("section {section} appears twice"), {"section": section})
        )
        raise ConfigFileError(path, exc.lineno, twice) from None
    except configparser.DuplicateOptionError as exc:
        raise ConfigFileError(
            path,
            exc.lineno,
            Reason(
                N_("setting {name} appears twice in section {section}"),
                {"name": repr(exc.option), "section": f"[{exc.section}]"},
            ),
        ) from None
    except configparser.ParsingError as exc:
        # Never echo the offending line itself: it may be a mistyped secret.
        lineno, raw = exc.errors[0] if exc.errors else (None, "")
        raise ConfigFileError(path, lineno, _describe_bad_line(_unrepr(raw))) from None
    except configparser.Error as exc:
        raise ConfigFileError(path, getattr(exc, "lineno", None), type(exc).__name__) from None

    sections: dict[str, dict[str, str]] = {}
    for section in parser.sections():
        values: dict[str, str] = {}
        for option in parser.options(section):
            value = parser.get(section, option, raw=True)
            if value.startswith("\n"):
                # botocore parses such a value as a nested block and fails on any line without
                # "=" (raw_config_parse -> _parse_nested); the raw string is kept here.
                for nested in value.splitlines():
                    if nested.strip() and "=" not in nested:
                        raise ConfigFileError(
                            path,
                            tracker.option_lines.get((section, option)),
                            Reason(
                                N_(
                                    "setting {name} in {section} starts a nested block, "
                                    "but a line in it is not 'name = value'"
                                ),
                                {"name": repr(option), "section": f"[{section}]"},
                            ),
                        )
            values[option] = value
        sections[section] = values
    return _ParsedIni(sections, tracker.header_lines)


def _unreadable(path: Path, exc: UnsafeFile) -> ConfigFileError:
    if exc.permission:
        return ConfigFileError(
            path,
            None,
            Reason(
                N_("cannot read the file: permission denied (left behind by {command}?)"),
                {"command": "`sudo aws ...`"},
            ),
            fix=CHOWN_FIX,
        )
    return ConfigFileError(
        path,
        None,
        Reason(N_("cannot read the file: it {reason}"), {"reason": exc.said}),
    )


def _file_exists(path: Path) -> bool:
    """botocore's os.path.isfile: only a regular file counts (a directory, a FIFO or
    /dev/null means "no file"); a directory on the way that cannot be searched is an error."""
    try:
        return _is_regular(path)
    except UnsafeFile as exc:
        raise _unreadable(path, exc) from None


def _unrepr(raw: object) -> str:
    # ParsingError stores repr(line); only its shape is inspected, never shown.
    text = str(raw)
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        try:
            value = ast.literal_eval(text)  # undo the escapes too ("\\n" -> newline)
        except (ValueError, SyntaxError):
            return text[1:-1]
        return value if isinstance(value, str) else text[1:-1]
    return text


_PLAIN_SECTION = re.compile(r"[A-Za-z0-9_.+@:/=,%-]+(?: +[A-Za-z0-9_.+@:/=,%-]+)* *")


def _section_name(section: str) -> str | None:
    # botocore's _parse_section: shlex-split, exactly two words, else the section is skipped.
    # Plain names and spaces (no quotes, escapes, comment signs, other white space): shlex
    # splits at the spaces, as str.split does, without its cost per character (1,000
    # profiles are common).
    if _PLAIN_SECTION.fullmatch(section):
        parts = section.split()
        return parts[1] if len(parts) == 2 else None
    try:
        parts = shlex.split(section)
    except ValueError:
        return None
    return parts[1] if len(parts) == 2 else None


def load_aws_files(env: Mapping[str, str], home: Path) -> AwsFiles:
    """Load both files like botocore's Session.full_config (missing files count as empty)."""
    config_path, credentials_path = config_paths(env, home)
    # botocore checks os.path.isfile: a missing file or a directory means "no file".
    config_exists = _file_exists(config_path)
    credentials_exists = _file_exists(credentials_path)

    config_profiles: dict[str, tuple[dict[str, str], int | None]] = {}
    sso_sessions: dict[str, SsoSession] = {}
    if config_exists:
        parsed = _parse_ini(config_path)
        # Same tests, in the same order, as botocore's build_profile_map.
        for section, values in parsed.sections.items():
            line = parsed.header_lines.get(section)
            if section.startswith("profile"):
                name = _section_name(section)
                if name is not None:
                    # A later section for the same name replaces the earlier one whole.
                    config_profiles[name] = (values, line)
            elif section.startswith("sso-session"):
                name = _section_name(section)
                if name is not None:
                    sso_sessions[name] = SsoSession(name, MappingProxyType(values), line)
            elif section.startswith("services"):
                continue
            elif section == "default":
                config_profiles["default"] = (values, line)
            # Any other bare [name] in the config file is not a profile for botocore.

    cred_profiles: dict[str, tuple[dict[str, str], int | None]] = {}
    if credentials_exists:
        parsed = _parse_ini(credentials_path)
        for section, values in parsed.sections.items():
            cred_profiles[section] = (values, parsed.header_lines.get(section))

    profiles: dict[str, Profile] = {}
    for name in [
        *config_profiles,
        *(n for n in cred_profiles if n not in config_profiles),
    ]:
        cfg_values, cfg_line = config_profiles.get(name, ({}, None))
        cred_values, cred_line = cred_profiles.get(name, ({}, None))
        merged = {**cfg_values, **cred_values}
        profiles[name] = Profile(
            name=name,
            settings=MappingProxyType(merged),
            in_config=name in config_profiles,
            in_credentials=name in cred_profiles,
            config_line=cfg_line,
            credentials_line=cred_line,
            config_settings=MappingProxyType(dict(cfg_values)),
            credentials_settings=MappingProxyType(dict(cred_values)),
        )

    return AwsFiles(
        config_path=config_path,
        credentials_path=credentials_path,
        config_exists=config_exists,
        credentials_exists=credentials_exists,
        profiles=MappingProxyType(profiles),
        sso_sessions=MappingProxyType(sso_sessions),
    )
