"""Surgical edits of AWS config and credentials text: only the changed lines change.

`configparser` reads these files for the helper (`awsconfig`), but it must never write one:
it drops comments, blank lines and the user's layout. Here the text is a list of lines (each
with its own line ending) and an edit replaces, inserts or prefixes whole lines; everything
else stays byte for byte. Sections, keys and continuation lines are found with the same rules
`configparser.RawConfigParser` reads them by (full-line `#`/`;` comments, `=` or `:`, lower-
cased names, indented continuation lines), so an edit lands where botocore reads the value.

Pure functions of text; the files themselves are read and written by `configedit`.
`masked_diff` is the unified diff to show before writing: key IDs as their last four
characters, secret values never.
"""

from __future__ import annotations

import difflib
import re
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from awslogin_helper.redact import mask_key_id, redact

__all__ = [
    "SECRET_KEYS",
    "Section",
    "add_section",
    "comment_out",
    "config_header",
    "find_section",
    "masked_diff",
    "parse_sections",
    "set_key",
]

# The key names that hold static credentials (botocore reads both token spellings).
SECRET_KEYS = (
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
)

# configparser's own patterns (RawConfigParser.SECTCRE, OPTCRE and NONSPACECRE).
_SECTION = re.compile(r"\[(?P<header>.+)\]")
_OPTION = re.compile(r"(?P<option>.*?)\s*(?P<vi>[=:])\s*(?P<value>.*)$")
_NONSPACE = re.compile(r"\S")
# What a setting's name looks like (for masking): one word, no spaces.
_KEY_NAME = re.compile(r"[a-z0-9_.-]+")


@dataclass
class Section:
    """One `[header]` and its lines: `start` is the header's index, `end` the next header's."""

    header: str
    start: int
    end: int
    # Key name (lower-cased) -> indices of its line and its continuation lines.
    keys: dict[str, list[int]] = field(default_factory=dict)

    def insert_at(self) -> int:
        """Where a new key goes: after the last key line, so trailing comments stay below."""
        last = max((i for lines in self.keys.values() for i in lines), default=self.start)
        return last + 1


# A line and its ending, as Python's universal newlines split text (how `awsconfig` reads it):
# "\r\n", "\n" or a lone "\r". (str.splitlines would also split on form feeds and others.)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _lines(text: str) -> list[str]:
    return _LINE.findall(text)


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :]


def _newline(lines: Sequence[str]) -> str:
    """The file's own line ending, for the lines an edit adds."""
    return (_ending(lines[0]) or "\n") if lines else "\n"


def parse_sections(text: str) -> list[Section]:
    """Every section of `text`, in order, as configparser reads them (errors are skipped:
    `awsconfig` has already refused a file the AWS CLI cannot read)."""
    sections: list[Section] = []
    current: Section | None = None
    option: str | None = None
    indent = 0
    for index, line in enumerate(_lines(text)):
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue  # comments and blank lines end nothing, as in configparser
        first = _NONSPACE.search(line)
        level = first.start() if first else 0
        if current is not None and option is not None and level > indent:
            current.keys[option].append(index)  # a continuation line
            continue
        indent = level
        header = _SECTION.match(stripped)
        if header:
            if current is not None:
                current.end = index
            current = Section(header.group("header"), index, index + 1)
            sections.append(current)
            option = None
            continue
        match = _OPTION.match(stripped)
        if current is not None and match and match.group("option"):
            option = match.group("option").rstrip().lower()
            current.keys[option] = [index]
    if current is not None:
        current.end = len(_lines(text))
    return sections


def config_header(name: str) -> str:
    """The config file's header for a profile: `default`, else `profile NAME`."""
    return "default" if name == "default" else f"profile {name}"


def _config_names(header: str) -> str | None:
    # botocore's build_profile_map: "default", or "profile" and exactly one more word.
    if header == "default":
        return "default"
    if not header.startswith("profile"):
        return None
    try:
        parts = shlex.split(header)
    except ValueError:
        return None
    return parts[1] if len(parts) == 2 and parts[0] == "profile" else None


def find_section(text: str, profile: str, *, config: bool) -> Section | None:
    """The section botocore reads `profile` from: in the config file, the last one named so
    (a later section replaces an earlier one); in the credentials file, `[profile]` itself."""
    found: Section | None = None
    for section in parse_sections(text):
        name = _config_names(section.header) if config else section.header
        if name == profile:
            found = section
    return found


def _ensure_final_newline(lines: list[str], newline: str) -> None:
    if lines and not _ending(lines[-1]):
        lines[-1] += newline


def add_section(text: str, header: str, settings: Sequence[tuple[str, str]]) -> str:
    """`text` with `[header]` and its `key = value` lines appended, after one blank line."""
    lines = _lines(text)
    newline = _newline(lines)
    _ensure_final_newline(lines, newline)
    if lines and lines[-1].strip():
        lines.append(newline)
    lines.append(f"[{header}]{newline}")
    lines.extend(f"{key} = {value}{newline}" for key, value in settings)
    return "".join(lines)


def set_key(text: str, section: Section, key: str, value: str) -> str:
    """`key = value` in `section`: its line (and continuations) replaced, or a new line."""
    lines = _lines(text)
    newline = _newline(lines)
    where = section.keys.get(key.lower())
    if where:
        # The replaced line keeps its own ending (none at the end of a file without one).
        lines[where[0] : where[-1] + 1] = [f"{key} = {value}{_ending(lines[where[-1]])}"]
    else:
        at = section.insert_at()
        if lines[at - 1 : at] and not _ending(lines[at - 1]):
            lines[at - 1] += newline
        lines.insert(at, f"{key} = {value}{newline}")
    return "".join(lines)


def comment_out(text: str, section: Section, keys: Sequence[str], marker: str) -> str:
    """`text` with each of `keys` in `section` (and its continuation lines) commented out.

    Never deleted: each line gets a `# ` in front, and `marker` (a comment saying when and by
    whom) goes on its own line above the first one. Keys not in the section are skipped.
    """
    lines = _lines(text)
    newline = _newline(lines)
    targets = sorted(i for key in keys for i in section.keys.get(key.lower(), []))
    if not targets:
        return text
    for index in targets:
        lines[index] = "# " + lines[index]
    lines.insert(targets[0], f"# {marker}{newline}")
    return "".join(lines)


# --------------------------------------------------------------------------- diff


# Values shown as they are in a diff: the bridge's command line holds no secret (what it
# prints does, and the helper never runs it).
_SAFE_PROCESS = "aws configure export-credentials "


def _mask_line(line: str) -> str:
    """One line of a file with its secret value masked (a commented-out key too)."""
    body = line.lstrip("#; \t")
    match = _OPTION.match(body)
    if not match:
        return line
    key = match.group("option").strip().lower()
    if not _KEY_NAME.fullmatch(key):
        return line  # prose in a comment ("... on 12:30"), not a setting
    value = match.group("value")
    if key == "aws_access_key_id":
        shown = mask_key_id(value.strip())
    elif key == "credential_process":
        if value.strip().startswith(_SAFE_PROCESS):
            return line
        shown = "<hidden>"
    elif any(word in key for word in ("secret", "token", "password", "key")):
        shown = "<hidden>"
    else:
        return line
    return line[: len(line) - len(body)] + body[: match.start("value")] + shown


def masked_diff(
    before: str, after: str, name: str, *, mask: Callable[[str], str] = _mask_line
) -> list[str]:
    """A unified diff of the two texts (lines without their endings), secrets masked."""
    diff = difflib.unified_diff(
        [line.rstrip("\r\n") for line in _lines(before)],
        [line.rstrip("\r\n") for line in _lines(after)],
        fromfile=name,
        tofile=name,
        lineterm="",
    )
    shown: list[str] = []
    for line in diff:
        if line.startswith(("---", "+++", "@@")):
            shown.append(line)
        else:
            # `redact` after the masking: a secret in a comment or an odd spelling is caught too.
            shown.append(line[:1] + redact(mask(line[1:])))
    return shown
