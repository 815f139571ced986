"""Problems outside single profiles, each with the exact lines that clear it.

Environment keys that shadow a profile or fail, an AWS_PROFILE naming no profile, an old
`aws` first on PATH, token caches others can read or that could not be read.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from awslogin_helper.awsconfig import SsoCacheIndex
from awslogin_helper.checks.versions import INSTALL_GUIDE, LOGIN_MIN_VERSION
from awslogin_helper.edges.safeio import CHOWN_FIX
from awslogin_helper.quoting import quote, quote_string
from awslogin_helper.shells import SHELL_LABELS, unset_lines
from awslogin_helper.status.active import Active
from awslogin_helper.status.answers import AwsExecutable, newer_later
from awslogin_helper.status.model import (
    Message,
    ProfileStatus,
    login_command,
    say,
    shell_arg,
    verbatim,
)
from awslogin_helper.status.verdicts import _LOGIN
from awslogin_helper.words import N_


@dataclass(frozen=True)
class StatusWarning:
    code: str
    message: Message
    # Lines to run, per shell label ("bash/zsh", "fish", ...) or "" when not shell-specific.
    fix: Mapping[str, Sequence[str]] = field(default_factory=dict)
    # Counts toward NEEDS_ATTENTION (it breaks bare `aws` commands) or is advice only.
    attention: bool = False

    def to_json(self) -> dict[str, Any]:
        first = next(iter(self.fix.items()), None)
        return {
            "code": self.code,
            "message": self.message.english(),
            "attention": self.attention,
            "shell": (first[0] or None) if first else None,
            "fix": list(first[1]) if first else [],
        }


def _per_shell(shells: Sequence[str], lines: Any) -> dict[str, list[str]]:
    return {SHELL_LABELS.get(shell, shell): list(lines(shell)) for shell in shells}


def env_warnings(
    active: Active, shells: Sequence[str], selected: str | None
) -> list[StatusWarning]:
    """Shadowing and broken environment variables, with the exact lines that clear them."""
    warnings: list[StatusWarning] = []
    names = active.env_vars
    if active.source == "env" and (selected is None or selected == active.profile):
        clear = _per_shell(shells, lambda sh: unset_lines(sh, names))
        key = f"****{active.key_id_last4}" if active.key_id_last4 else None
        if active.partial_env:
            warnings.append(
                StatusWarning(
                    "env-partial-credentials", active.problem or verbatim(""), clear, True
                )
            )
        elif active.works is False:
            fail = (
                N_(
                    "The credentials in {names} (key {key}) do not work ({problem}), and every "
                    "`aws` command without --profile uses them."
                )
                if key
                else N_(
                    "The credentials in {names} do not work ({problem}), and every `aws` "
                    "command without --profile uses them."
                )
            )
            problem = active.problem or verbatim("None")  # as the f-string it replaces
            message = say(fail, names=", ".join(names), key=key, problem=problem)
            warnings.append(StatusWarning("env-credentials-fail", message, clear, True))
        elif active.shadowed_by_env:
            shadows = (
                N_(
                    "{names} (key {key}) in the environment win over profile {profile} for "
                    "every `aws` command without --profile."
                )
                if key
                else N_(
                    "{names} in the environment win over profile {profile} for every `aws` "
                    "command without --profile."
                )
            )
            message = say(shadows, names=_and(names), key=key, profile=active.profile)
            warnings.append(StatusWarning("env-shadows-profile", message, clear))
    if (
        selected is None
        and active.source in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE")
        and not active.profile_exists
    ):
        clear = _per_shell(shells, lambda sh: unset_lines(sh, [active.source]))
        message = say(
            N_(
                "{setting} names a profile that is in neither file: every `aws` command "
                "without --profile fails. Clear it, or create it with `{command}`."
            ),
            setting=f"{active.source}={active.profile}",
            command=login_command(active.profile),
        )
        warnings.append(StatusWarning("profile-var-missing", message, clear, True))
    return warnings


def _and(names: Sequence[str]) -> Message | str:
    """`A and B and C` (values joined in the sentence's language)."""
    joined: Message | str = names[0] if names else ""
    for name in names[1:]:
        joined = say(N_("{first} and {second}"), first=joined, second=name)
    return joined


def _path_line(shell: str, directory: str) -> list[str]:
    if shell == "fish":
        return [f"set -gx PATH {quote(directory, 'fish')} $PATH"]
    if shell == "powershell":
        literal = quote_string(directory, "powershell")
        if literal.startswith('"'):
            return [f'$Env:PATH = "{directory};$Env:PATH"']
        return [f'$Env:PATH = {literal} + ";$Env:PATH"']
    if shell == "cmd":
        if quote(directory, "cmd") == directory:
            return [f"set PATH={directory};%PATH%"]
        return [f'set "PATH={directory};%PATH%"']
    if not _DOUBLE_QUOTE_SPECIAL.search(directory):
        return [f'export PATH="{directory}:$PATH"']
    return [f'export PATH={quote(directory)}:"$PATH"']


# What a POSIX shell still expands inside double quotes (and `!`, bash's history).
_DOUBLE_QUOTE_SPECIAL = re.compile(r'[$`"\\!]')


def aws_warnings(
    executables: Sequence[AwsExecutable],
    shells: Sequence[str],
    directory_of: Any,
    login_profiles: bool,
) -> list[StatusWarning]:
    if not executables:
        return [
            StatusWarning(
                "no-aws",
                say(
                    N_(
                        "No `aws` executable on PATH: identities cannot be checked. "
                        "Install the AWS CLI v2 ({minimum} or later): {url}"
                    ),
                    minimum=str(LOGIN_MIN_VERSION),
                    url=INSTALL_GUIDE,
                ),
                attention=True,
            )
        ]
    first = executables[0]
    if not first.too_old_for_login:
        return []
    assert first.version is not None
    what = "AWS CLI v1" if first.version.major < 2 else f"AWS CLI {first.version}"
    newer = newer_later(executables)
    if newer is not None:
        directory = str(directory_of(newer.path))
        return [
            StatusWarning(
                "old-aws-first",
                say(
                    N_(
                        "The first aws on PATH ({path}) is {what}, without {login}; {newer_path} "
                        "({newer}) comes later on PATH and is used only when its directory "
                        "comes first."
                    ),
                    path=first.path,
                    what=what,
                    login=_LOGIN,
                    newer_path=newer.path,
                    newer=str(newer.version),
                ),
                _per_shell(shells, lambda sh: _path_line(sh, directory)),
            )
        ]
    if login_profiles:
        return [
            StatusWarning(
                "old-aws",
                say(
                    N_(
                        "The aws on PATH ({path}) is {what}, which cannot use {login} sessions; "
                        "install {minimum} or later: {url}"
                    ),
                    path=first.path,
                    what=what,
                    login=_LOGIN,
                    minimum=str(LOGIN_MIN_VERSION),
                    url=INSTALL_GUIDE,
                ),
            )
        ]
    return []


def cache_warnings(
    profiles: Sequence[ProfileStatus], home: str | None = None
) -> list[StatusWarning]:
    """One warning per cache directory holding a file others can read, with its chmod line."""
    by_dir: dict[str, list[str]] = {}
    for status in profiles:
        if status.cache_file_world_readable and status.cache_file is not None:
            directory = status.cache_file.replace("\\", "/").rsplit("/", 1)[0]
            names = by_dir.setdefault(directory, [])
            if status.name not in names:
                names.append(status.name)
    warnings: list[StatusWarning] = []
    for directory, names in by_dir.items():
        shown, quoted = _short_path(directory, home)
        which = ", ".join(names)
        readable = (
            N_("Token cache files in {path} can be read by other users (profiles {names}).")
            if len(names) > 1
            else N_("Token cache files in {path} can be read by other users (profile {names}).")
        )
        warnings.append(
            StatusWarning(
                "cache-readable",
                say(readable, path=shown, names=which),
                {"": [f"chmod 600 {quoted}/*.json"]},
            )
        )
    for status in profiles:
        if status.cache_problem and status.cache_file:
            shown, _quoted = _short_path(status.cache_file, home)
            warnings.append(
                StatusWarning(
                    "cache-unreadable",
                    say(
                        N_("Token cache {path} of profile {name} was not read: {reason}."),
                        path=shown,
                        name=status.name,
                        reason=status.cache_problem,
                    ),
                    {"": [status.cache_fix]} if status.cache_fix else {},
                )
            )
    return warnings


def _short_path(path: str, home: str | None) -> tuple[str, str]:
    """(path as shown, path quoted for a command), with "~/" for the home directory.

    "~" keeps lines short enough for 80 columns; every POSIX shell and fish expand it, but only
    when it is unquoted and followed by "/", so only the part after "~/" is quoted:
    `~/'my cache'` (never `~'/my cache'`, which no shell expands).
    """
    path = path.replace("\\", "/")
    base = (home or "").rstrip("/")
    if home and base and (path == base or path.startswith(base + "/")):
        rest = path[len(base) + 1 :]
        if not rest:
            return "~", "~"
        return "~/" + rest, "~/" + shell_arg(rest)
    return path, shell_arg(path)


def skipped_cache_warnings(
    index: SsoCacheIndex, home: str | None = None, exclude: Collection[str] = ()
) -> list[StatusWarning]:
    """What the SSO cache scan skipped: entries that are not files, or an unreadable folder.

    `exclude`: cache files already named in a profile's own warning.
    """
    shown, _quoted = _short_path(str(index.directory), home)
    if index.problem:
        return [
            StatusWarning(
                "cache-unreadable",
                say(
                    N_("The SSO token cache folder {path} cannot be read: {reason}."),
                    path=shown,
                    reason=index.problem,
                ),
                {"": [CHOWN_FIX]},
            )
        ]
    skipped = [entry for entry in index.skipped if str(entry.path) not in exclude]
    if not skipped:
        return []
    first = skipped[0]
    what = (
        N_("Skipped {name} in {path} and {more} more: {reason}.")
        if len(skipped) > 1
        else N_("Skipped {name} in {path}: {reason}.")
    )
    message = say(
        what, name=first.path.name, path=shown, more=len(skipped) - 1, reason=first.problem
    )
    fixes = [entry.fix for entry in skipped if entry.fix]
    return [StatusWarning("cache-skipped", message, {"": [fixes[0]]} if fixes else {})]
