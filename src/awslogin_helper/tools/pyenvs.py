"""Python environments and what is installed in them, read from their metadata files.

An environment is found from an interpreter (on PATH, or an `aws`/`sam` script's shebang) or
from a directory (the project's `.venv`/`venv`, pipx and uv tool environments). Its packages'
versions come from `*.dist-info/METADATA` (or `*.egg-info`) in its site-packages: never an
import, never a subprocess. Each lookup lists a handful of known directories, never a tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from awslogin_helper.edges.safeio import read_head
from awslogin_helper.tools.fsread import (
    entries,
    exists,
    is_dir,
    parse_version,
    read_text,
    resolved,
)

# The distributions `tools` asks about (normalised names, PEP 503).
WANTED = frozenset({"botocore", "boto3", "awscrt", "awscli", "aws-sam-cli"})
_NORMALISE = re.compile(r"[-_.]+")
_DIST_DIR = re.compile(r"(?P<name>[^-]+)-(?P<version>[^-]+?)(?:-py[\d.]+)?\.(?:dist|egg)-info")
_PY_VERSION = re.compile(r"python(\d+\.\d+)")
_HEADER_LINES = 200  # Version: is among the first headers; the body is the README


@dataclass
class PythonEnv:
    prefix: Path  # the environment's root (a venv directory, or /usr for the system)
    python: Path  # the interpreter to name in a fix
    kind: str = "python"  # python | venv | pipx | uv
    tool: str | None = None  # the pipx/uv tool name
    externally_managed: bool = False  # PEP 668: pip refuses to install here
    # Normalised name -> version text; None: installed, but its version is unreadable.
    packages: dict[str, str | None] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.packages


def normalise(name: str) -> str:
    return _NORMALISE.sub("-", name).lower()


def _metadata_version(meta_dir: Path) -> str | None:
    """The `Version:` header of a dist-info's METADATA (or an egg-info's PKG-INFO)."""
    if is_dir(meta_dir):
        files = ("METADATA",) if meta_dir.name.endswith(".dist-info") else ("PKG-INFO",)
        candidates = [meta_dir / name for name in files]
    else:
        candidates = [meta_dir]  # an egg-info can be a single file
    for candidate in candidates:
        text = read_text(candidate)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines()):
            if not line.strip() or number > _HEADER_LINES:
                break  # the headers end at the first blank line
            key, sep, value = line.partition(":")
            if sep and key.strip().lower() == "version":
                return value.strip() if parse_version(value) is not None else None
    return None


def site_packages(prefix: Path, py_version: str | None = None) -> list[Path]:
    """The package directories of an environment rooted at `prefix` (existing ones only)."""
    found: list[Path] = []
    for lib in ("lib", "lib64"):
        for name in entries(prefix / lib):
            if not name.startswith("python"):
                continue
            if py_version and name not in (f"python{py_version}", "python3"):
                continue
            found += [prefix / lib / name / "site-packages", prefix / lib / name / "dist-packages"]
    found += [prefix / "Lib" / "site-packages"]  # Windows
    if prefix.name != "local":
        local = prefix / "local" / "lib"
        found += [local / n / "dist-packages" for n in entries(local) if n.startswith("python")]
    unique = list(dict.fromkeys(found))
    return [path for path in unique if is_dir(path)]


def read_packages(sites: Iterable[Path], wanted: frozenset[str] = WANTED) -> dict[str, str | None]:
    packages: dict[str, str | None] = {}
    for site in sites:
        for entry in entries(site):
            # Most names are packages and modules: a cheap test before the regular expression.
            if not entry.endswith("-info") or normalise(entry.split("-", 1)[0]) not in wanted:
                continue
            match = _DIST_DIR.fullmatch(entry)
            if match is None:
                continue
            name = normalise(match["name"])
            if name not in wanted or packages.get(name) is not None:
                continue  # the first readable copy counts (site order is import order)
            packages[name] = _metadata_version(site / entry)
    return packages


def _py_version(python: Path, prefix: Path) -> str | None:
    for name in (resolved(python).name, python.name):
        match = _PY_VERSION.fullmatch(name.removesuffix(".exe"))
        if match:
            return match.group(1)
    cfg = read_text(prefix / "pyvenv.cfg")
    for line in (cfg or "").splitlines():
        key, _sep, value = line.partition("=")
        if key.strip() in ("version", "version_info"):
            parts = value.strip().split(".")
            if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
                return f"{parts[0]}.{parts[1]}"
    return None


def prefix_of(python: Path) -> Path:
    """The environment root of an interpreter: a venv's own directory, else the install's.

    A venv's `bin/python` is a link to the base interpreter, so the venv is recognised by the
    `pyvenv.cfg` beside its (unresolved) `bin/`; a system interpreter's links are followed.
    """
    parent = python.parent
    if exists(parent.parent / "pyvenv.cfg"):
        return parent.parent
    real = resolved(python)
    return real.parent.parent if real.parent.name.lower() in ("bin", "scripts") else real.parent


def env_from_python(python: Path, home: Path, *, kind: str = "python") -> PythonEnv:
    prefix = prefix_of(python)
    is_venv = exists(prefix / "pyvenv.cfg")
    version = _py_version(python, prefix)
    sites = site_packages(prefix, version)
    cfg = read_text(prefix / "pyvenv.cfg") if is_venv else None
    system_site = not is_venv or "include-system-site-packages = true" in (cfg or "").lower()
    if system_site and version:
        # The user's own site (`pip install --user`) comes before the system's.
        sites = [home / ".local" / "lib" / f"python{version}" / "site-packages", *sites]
    managed = any(
        exists(path)
        for path in (prefix / "lib" / f"python{version}" / "EXTERNALLY-MANAGED",)
        if version and not is_venv
    )
    return PythonEnv(
        prefix=prefix,
        python=python,
        kind="venv" if is_venv and kind == "python" else kind,
        externally_managed=managed,
        packages=read_packages(sites),
    )


def env_from_dir(root: Path, home: Path, *, kind: str, tool: str | None = None) -> PythonEnv | None:
    """A venv directory (pyvenv.cfg inside) as an environment; None when it is not one."""
    if not exists(root / "pyvenv.cfg"):
        return None
    bin_dir, scripts = root / "bin", root / "Scripts"
    candidates = (bin_dir / "python", bin_dir / "python3", scripts / "python.exe")
    for candidate in candidates:
        if exists(candidate):
            env = env_from_python(candidate, home, kind=kind)
            env.tool = tool
            return env
    return None


def interpreter_of_script(script: Path, path_lookup: dict[str, Path | None]) -> Path | None:
    """The Python that runs an executable script (`#!/path/python` or `#!/usr/bin/env python3`)."""
    head = read_head(script)
    if not head.startswith(b"#!"):
        return None
    line = head[2:].split(b"\n", 1)[0].decode("utf-8", errors="replace").strip()
    if line.startswith("/bin/sh") and b"exec" in head:
        # pip's launcher for long paths: `#!/bin/sh` then `'''exec' /path/python "$0" "$@"`.
        match = re.search(rb"exec' (\S+)", head)
        line = match.group(1).decode("utf-8", errors="replace") if match else ""
    parts = line.split()
    if not parts:
        return None
    if Path(parts[0]).name == "env" and len(parts) > 1:
        return path_lookup.get(parts[-1])
    name = Path(parts[0]).name
    return Path(parts[0]) if name.startswith("python") else None
