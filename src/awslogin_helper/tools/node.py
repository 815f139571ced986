"""Node projects in the current directory: the AWS SDK for JavaScript v3 and the CDK CLI.

The lock files say which versions are installed: `package-lock.json` (or
`npm-shrinkwrap.json`), `pnpm-lock.yaml`, `yarn.lock`. The SDK reads a `login_session`
profile through `@aws-sdk/credential-provider-login` from 3.936.0; a project whose lock has
`@aws-sdk/*` but not that package has an SDK from before it. A lock file is read whole but
capped (`LOCK_LIMIT`); one that is not a regular text file, too large or malformed makes the
project's verdict UNKNOWN.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from awslogin_helper.edges.safeio import Reason
from awslogin_helper.tools.fsread import LOCK_LIMIT, exists, parse_version, read_text
from awslogin_helper.tools.model import (
    CDK_MIN,
    JS_LOGIN_MIN,
    JS_LOGIN_PACKAGE,
    Consumer,
    Fix,
    FixKind,
    Verdict,
)
from awslogin_helper.words import N_

LOCKS = (
    ("package-lock.json", "npm"),
    ("npm-shrinkwrap.json", "npm"),
    ("pnpm-lock.yaml", "pnpm"),
    ("yarn.lock", "yarn"),
)
_ADD = {"npm": ("npm", "install"), "pnpm": ("pnpm", "add"), "yarn": ("yarn", "add")}
_MAX_DEPTH = 64  # lockfileVersion 1 nests dependencies; real trees are a dozen deep
_PNPM = re.compile(
    r"^\s*['\"]?/?(?P<name>@aws-sdk/[a-z0-9._-]+|aws-cdk)[@/](?P<version>\d[^\s():'\"_]*)"
)
_YARN_HEAD = re.compile(r"(?:^|[\s,\"])(?P<name>@aws-sdk/[a-z0-9._-]+|aws-cdk)@")
_YARN_VERSION = re.compile(r"^\s+version:?\s+\"?(?P<version>[^\"\s]+)\"?\s*$")


def _relevant(name: str) -> bool:
    return name.startswith("@aws-sdk/") or name == "aws-cdk"


def _npm_v1(deps: Any, depth: int = 0) -> Iterator[tuple[str, str]]:
    if not isinstance(deps, dict) or depth > _MAX_DEPTH:
        return
    for name, info in deps.items():
        if isinstance(info, dict):
            if _relevant(str(name)) and isinstance(info.get("version"), str):
                yield str(name), info["version"]
            yield from _npm_v1(info.get("dependencies"), depth + 1)


def _npm(text: str) -> list[tuple[str, str]]:
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    found: list[tuple[str, str]] = []
    packages = data.get("packages")
    if isinstance(packages, dict):  # lockfileVersion 2 and 3
        for key, info in packages.items():
            name = str(key).rpartition("node_modules/")[2]
            version = info.get("version") if isinstance(info, dict) else None
            if key and _relevant(name) and isinstance(version, str):
                found.append((name, version))
        return found
    return list(_npm_v1(data.get("dependencies")))


def _pnpm(text: str) -> list[tuple[str, str]]:
    return [(m["name"], m["version"]) for m in map(_PNPM.match, text.splitlines()) if m]


def _yarn(text: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    names: list[str] = []
    for line in text.splitlines():
        if line and not line[0].isspace():  # a block's header: the specs it resolves
            names = [m["name"] for m in _YARN_HEAD.finditer(line)] if line.endswith(":") else []
        elif names:
            match = _YARN_VERSION.match(line)
            if match:
                found += [(name, match["version"]) for name in names]
                names = []
    return found


_PARSERS = {"npm": _npm, "pnpm": _pnpm, "yarn": _yarn}


def _direct_sdk_deps(cwd: Path) -> list[str]:
    """The project's own `@aws-sdk/*` dependencies, from package.json (what to upgrade)."""
    text = read_text(cwd / "package.json")
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return []
    names: list[str] = []
    if isinstance(data, dict):
        for section in ("dependencies", "devDependencies"):
            deps = data.get(section)
            if isinstance(deps, dict):
                names += [str(n) for n in deps if str(n).startswith("@aws-sdk/")]
    return sorted(set(names))


def node_consumers(cwd: Path | None) -> list[Consumer]:
    if cwd is None:
        return []
    consumers: list[Consumer] = []
    for filename, manager in LOCKS:
        path = cwd / filename
        if not exists(path):
            continue
        text = read_text(path, LOCK_LIMIT)
        try:
            found = _PARSERS[manager](text) if text is not None else None
        except (ValueError, RecursionError):
            found = None
        if found is None:
            consumers.append(
                Consumer(
                    kind="node",
                    name=N_("AWS SDK for JavaScript"),
                    where=str(path),
                    version=None,
                    verdict=Verdict.UNKNOWN,
                    reason=Reason(N_("the lock file cannot be read")),
                )
            )
            continue
        consumers += _judge_sdk(path, manager, found, _direct_sdk_deps(cwd))
        consumers += _judge_cdk(path, manager, found)
        break  # one lock file per project: the first one decides, like the package managers
    return consumers


def _judge_sdk(
    path: Path, manager: str, found: list[tuple[str, str]], direct: list[str]
) -> list[Consumer]:
    sdk = [(n, v) for n, v in found if n.startswith("@aws-sdk/")]
    if not sdk:
        return []
    login = [v for n, v in sdk if n == JS_LOGIN_PACKAGE]
    parsed = [parse_version(v) for v in login]
    upgrade = direct or sorted({n for n, _v in sdk if n.startswith("@aws-sdk/client-")})
    fix: Fix | None = (
        Fix(FixKind.COMMAND, (*_ADD[manager], *(f"{n}@latest" for n in upgrade)))
        if upgrade
        else Fix(FixKind.UPGRADE)
    )
    lowest = min((v for v in parsed if v is not None), default=None)
    shown = str(lowest) if lowest is not None else None
    if not login:
        verdict = Verdict.CANNOT
        reason = Reason(N_("its AWS SDK predates {package}"), {"package": JS_LOGIN_PACKAGE})
    elif lowest is None or None in parsed:
        verdict, reason, fix = Verdict.UNKNOWN, Reason(N_("version unknown")), None
    elif lowest < JS_LOGIN_MIN:
        verdict = Verdict.CANNOT
        reason = Reason(
            N_("{package} {version} is older than {minimum}"),
            {"package": JS_LOGIN_PACKAGE, "version": shown, "minimum": str(JS_LOGIN_MIN)},
        )
    else:
        verdict, reason, fix = Verdict.OK, Reason(N_("reads it")), None
    return [
        Consumer(
            kind="node",
            name=N_("AWS SDK for JavaScript"),
            where=str(path),
            version=shown,
            verdict=verdict,
            reason=reason,
            fix=fix,
        )
    ]


def _judge_cdk(path: Path, manager: str, found: list[tuple[str, str]]) -> list[Consumer]:
    versions = [v for n, v in found if n == "aws-cdk"]
    if not versions:
        return []
    parsed = [parse_version(v) for v in versions]
    lowest = min((v for v in parsed if v is not None), default=None)
    fix = Fix(FixKind.COMMAND, (*_ADD[manager], "aws-cdk@latest"))
    return [cdk_consumer(str(path), str(lowest) if lowest and None not in parsed else None, fix)]


def cdk_consumer(where: str, version: str | None, fix: Fix) -> Consumer:
    parsed = parse_version(version)
    if parsed is None:
        verdict, reason, shown_fix = Verdict.UNKNOWN, Reason(N_("version unknown")), None
    elif parsed < CDK_MIN:
        verdict, shown_fix = Verdict.CANNOT, fix
        reason = Reason(N_("older than {minimum}"), {"minimum": str(CDK_MIN)})
    else:
        verdict, reason, shown_fix = Verdict.OK, Reason(N_("reads it")), None
    return Consumer(
        kind="cdk",
        name=N_("AWS CDK CLI"),
        where=where,
        version=version,
        verdict=verdict,
        reason=reason,
        fix=shown_fix,
    )
