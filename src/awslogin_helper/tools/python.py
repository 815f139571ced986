"""Python consumers: boto3/botocore environments and the AWS CLIs on PATH.

botocore reads a `login_session` profile from 1.41.0 with `botocore[crt]` (awscrt 0.28.4+)
and `BOTO_DISABLE_CRT` not `true` (botocore's own test: the value, lower-cased, is "true").
The AWS CLI v2 reads it from 2.32.0; v1 has no `aws login` but reads the profile when its
botocore is 1.41+ and awscrt is installed by hand (facts file).
"""

from __future__ import annotations

import re
from pathlib import Path

from awslogin_helper.edges.environment import Environment
from awslogin_helper.edges.safeio import Reason
from awslogin_helper.tools.fsread import entries, exists, parse_version, resolved, version_in_name
from awslogin_helper.tools.model import (
    AWSCRT_MIN,
    BOTOCORE_MIN,
    CLI_GUIDE,
    CLI_V2_MIN,
    Consumer,
    Fix,
    FixKind,
    Verdict,
)
from awslogin_helper.tools.pyenvs import (
    PythonEnv,
    env_from_dir,
    env_from_python,
    interpreter_of_script,
    prefix_of,
)
from awslogin_helper.words import N_

CRT = "botocore[crt]"
CRT_UPGRADE = "botocore[crt]>=1.41.0"
_PYTHON_NAMES = ("python3", "python")
_PY_EXE = re.compile(r"python(\d+(\.\d+)?)?(\.exe)?")
MAX_TOOL_ENVS = 200  # pipx/uv environments read at most


def crt_disabled(env: Environment) -> bool:
    return (env.get("BOTO_DISABLE_CRT") or "false").lower() == "true"


def _install_fix(py: PythonEnv, *, upgrade: bool) -> Fix:
    """The one command that gives this environment a botocore that reads login profiles."""
    if py.kind == "pipx" and py.tool:
        return Fix(FixKind.COMMAND, ("pipx", "inject", py.tool, CRT_UPGRADE if upgrade else CRT))
    if py.kind == "uv" and py.tool:
        spec = CRT_UPGRADE if upgrade else CRT
        return Fix(FixKind.COMMAND, ("uv", "tool", "install", "--with", spec, py.tool))
    if py.externally_managed:
        return Fix(
            FixKind.MANUAL,
            text=Reason(
                N_(
                    "This Python is managed by the system's package manager: install "
                    "{package} with it, or use a virtual environment."
                ),
                {"package": CRT},
            ),
        )
    args = [str(py.python), "-m", "pip", "install"]
    if upgrade:
        args.append("--upgrade")
        if py.has("boto3"):
            args.append("boto3")  # boto3 pins botocore: both move together
    return Fix(FixKind.COMMAND, (*args, CRT))


def judge_botocore(py: PythonEnv, env: Environment) -> tuple[Verdict, Reason, Fix | None]:
    """Can botocore in this environment read a login profile? The verdict, why, the fix."""
    botocore = py.packages.get("botocore")
    version = parse_version(botocore)
    if version is None:
        return Verdict.UNKNOWN, Reason(N_("botocore is installed, its version is unknown")), None
    if version < BOTOCORE_MIN:
        reason = Reason(
            N_("botocore {version} is older than {minimum}"),
            {"version": botocore, "minimum": str(BOTOCORE_MIN)},
        )
        return Verdict.CANNOT, reason, _install_fix(py, upgrade=True)
    if not py.has("awscrt"):
        reason = Reason(N_("botocore {version} without awscrt"), {"version": botocore})
        return Verdict.CANNOT, reason, _install_fix(py, upgrade=False)
    crt = parse_version(py.packages.get("awscrt"))
    if crt is None:
        return Verdict.UNKNOWN, Reason(N_("awscrt is installed, its version is unknown")), None
    if crt < AWSCRT_MIN:
        reason = Reason(
            N_("awscrt {version} is older than {minimum}"),
            {"version": str(crt), "minimum": str(AWSCRT_MIN)},
        )
        return Verdict.CANNOT, reason, _install_fix(py, upgrade=True)
    if crt_disabled(env):
        reason = Reason(N_("{setting} turns awscrt off"), {"setting": "BOTO_DISABLE_CRT=true"})
        return Verdict.CANNOT, reason, Fix(FixKind.UNSET, variable="BOTO_DISABLE_CRT")
    reason = Reason(N_("botocore {version} with awscrt"), {"version": botocore})
    return Verdict.OK, reason, None


def _details(py: PythonEnv) -> dict[str, str | None]:
    return {name: py.packages[name] for name in ("botocore", "boto3", "awscrt") if py.has(name)}


def python_consumer(py: PythonEnv, env: Environment) -> Consumer:
    verdict, reason, fix = judge_botocore(py, env)
    names = {
        "pipx": N_("pipx tool environment"),
        "uv": N_("uv tool environment"),
        "venv": N_("Python virtual environment"),
    }
    return Consumer(
        kind="python",
        name=names.get(py.kind, N_("Python")),
        where=str(py.prefix if py.kind != "python" else py.python),
        version=py.packages.get("botocore"),
        verdict=verdict,
        reason=reason,
        fix=fix,
        details={"tool": py.tool, **_details(py)} if py.tool else _details(py),
    )


# --------------------------------------------------------------------------- finding envs


def _tool_dirs(env: Environment) -> list[tuple[str, Path]]:
    home = env.home
    pipx = [Path(p) / "venvs" for p in (env.get("PIPX_HOME"),) if p] or [
        home / ".local" / "pipx" / "venvs",
        home / ".local" / "share" / "pipx" / "venvs",
    ]
    data = env.get("XDG_DATA_HOME")
    uv = [Path(p) for p in (env.get("UV_TOOL_DIR"),) if p] or [
        *([Path(data) / "uv" / "tools"] if data else []),
        home / ".local" / "share" / "uv" / "tools",
    ]
    return [("pipx", d) for d in pipx] + [("uv", d) for d in uv]


def python_envs(env: Environment, cwd: Path | None) -> list[PythonEnv]:
    """Every Python environment to look at, each once (by its root), tools first."""
    found: dict[Path, PythonEnv] = {}

    def add(py: PythonEnv | None) -> None:
        if py is not None:
            found.setdefault(resolved(py.prefix), py)

    count = 0
    for kind, directory in _tool_dirs(env):
        for name in entries(directory):
            count += 1
            if count > MAX_TOOL_ENVS:
                break
            add(env_from_dir(directory / name, env.home, kind=kind, tool=name))
    if cwd is not None:
        for name in (".venv", "venv"):
            add(env_from_dir(cwd / name, env.home, kind="venv"))
    for directory in env.path_dirs():
        # /usr/bin holds thousands of names: match the name before touching the file system.
        for name in filter(_PY_EXE.fullmatch, entries(directory)):
            python = directory / name
            if exists(python) and resolved(prefix_of(python)) not in found:
                add(env_from_python(python, env.home))
    return list(found.values())


# --------------------------------------------------------------------------- AWS CLIs


def _version_from_path(aws: Path) -> str | None:
    """A version directory on the way to the real executable: the official installer keeps
    `.../aws-cli/v2/2.15.30/...`, Homebrew `.../Cellar/awscli/2.15.30/...`."""
    parts = resolved(aws).parts
    for index in range(1, len(parts)):
        if parts[index - 1] in ("v2", "awscli"):
            version = version_in_name(parts[index])
            if version is not None:
                return version
    return None


def aws_cli_consumers(
    env: Environment, known: tuple[Path, str] | None
) -> tuple[list[Consumer], set[Path]]:
    """Every `aws` on PATH, and the environment roots they live in (not reported twice)."""
    consumers: list[Consumer] = []
    roots: set[Path] = set()
    lookup = {name: env.which(name) for name in _PYTHON_NAMES}
    # /bin/aws and /usr/bin/aws are one file where /bin links to /usr/bin: listed once.
    unique = {resolved(aws): aws for aws in reversed(env.which_all("aws"))}
    for index, aws in enumerate(reversed(unique.values())):
        version: str | None = None
        py: PythonEnv | None = None
        if known is not None and resolved(known[0]) == resolved(aws):
            version = known[1]
        interpreter = interpreter_of_script(aws, lookup)
        if interpreter is not None:
            py = env_from_python(interpreter, env.home)
            roots.add(resolved(py.prefix))
            for tool_kind, directory in _tool_dirs(env):
                if resolved(py.prefix.parent) == resolved(directory):
                    py.kind, py.tool = tool_kind, py.prefix.name
            version = version or py.packages.get("awscli")
        version = version or _version_from_path(aws)
        consumers.append(_judge_cli(aws, version, py, env, shadowed=index > 0))
    return consumers, roots


def _judge_cli(
    aws: Path, version: str | None, py: PythonEnv | None, env: Environment, *, shadowed: bool
) -> Consumer:
    parsed = parse_version(version)
    name = N_("AWS CLI")
    details: dict[str, str | None] = {}
    if parsed is None:
        verdict, reason, fix = Verdict.UNKNOWN, Reason(N_("version unknown")), None
    elif parsed.major >= 2:
        if parsed >= CLI_V2_MIN:
            verdict, reason, fix = Verdict.OK, Reason(N_("reads it")), None
        else:
            verdict = Verdict.CANNOT
            reason = Reason(N_("older than {minimum}"), {"minimum": str(CLI_V2_MIN)})
            fix = Fix(FixKind.UPGRADE, url=CLI_GUIDE)
    else:
        name = N_("AWS CLI v1")
        verdict, reason, fix = _judge_v1(py, env)
        if py is not None:
            details = _details(py)
    return Consumer(
        kind="aws-cli",
        name=name,
        where=str(aws),
        version=version,
        verdict=verdict,
        reason=reason,
        fix=fix,
        shadowed=shadowed,
        details=details,
    )


def _judge_v1(py: PythonEnv | None, env: Environment) -> tuple[Verdict, Reason, Fix | None]:
    """v1 has no `aws login`: it reads the profile only through its botocore and awscrt."""
    if py is None:
        return Verdict.UNKNOWN, Reason(N_("its botocore is unknown")), None
    verdict, reason, fix = judge_botocore(py, env)
    if verdict is Verdict.OK:
        return verdict, Reason(N_("reads it, but cannot sign in (no `aws login` in v1)")), None
    version = parse_version(py.packages.get("botocore"))
    if version is not None and version < BOTOCORE_MIN:
        # Its botocore is pinned by the CLI: the one fix is the v2 CLI.
        return verdict, reason, Fix(FixKind.UPGRADE, url=CLI_GUIDE)
    return verdict, reason, fix
