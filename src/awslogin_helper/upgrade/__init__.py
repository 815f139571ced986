"""Too old or missing AWS CLI: the exact upgrade for this machine (issue #15).

`detect` tells how the `aws` found was installed (nothing runs), `plan` turns that into the
exact commands for this operating system, processor and shell, and `run` offers to run the
ones that need no elevation. `advice` is the one entry point for every ending of the version
gate (the wizard's endings and `status`); `show` prints a plan.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path

from packaging.version import Version

from awslogin_helper.edges.environment import Environment
from awslogin_helper.edges.ui import UI
from awslogin_helper.upgrade.detect import Layout, detect, every_aws
from awslogin_helper.upgrade.model import Host, Plan
from awslogin_helper.upgrade.plan import make_plan, normalise_machine
from awslogin_helper.words import _

__all__ = ["Host", "Plan", "advice", "host_for", "show"]

# The programs a plan may use; looked up on PATH once.
TOOLS = ("curl", "unzip", "brew", "pipx", "pyenv", "mktemp", "rm")


def _system(env: Environment) -> str:
    if env.is_windows:
        return "windows"
    return "darwin" if env.platform == "darwin" else "linux"


def host_for(env: Environment, machine: str | None = None) -> Host:
    """This machine: system, processor, home, shell, PATH and the tools found on it."""
    tools = {name: str(found) for name in TOOLS if (found := env.which(name)) is not None}
    return Host(
        system=_system(env),
        machine=normalise_machine(machine or platform.machine()),
        home=str(env.home),
        syntax=env.shells()[0],
        login_shell=env.get("SHELL"),
        path_dirs=tuple(str(p) for p in env.path_dirs()),
        aws_on_path=tuple(str(p) for p in env.which_all("aws")),
        tools=tools,
    )


def advice(
    env: Environment,
    aws: str | None,
    version_line: str | None = None,
    *,
    version: Version | None = None,
    newer: tuple[str, str] | None = None,
    root: Path = Path("/"),
    machine: str | None = None,
) -> Plan:
    """The plan for the `aws` at `aws` (None: none on PATH), as the version gate found it.

    `version_line` is what `aws --version` printed (already run by the caller); `newer` is
    (version, path) of a fitting `aws` later on PATH (`checks.diagnose.newer_aws`).
    """
    uid = os.getuid() if hasattr(os, "getuid") and root == Path("/") else None
    layout = Layout(root=root, home=env.home, platform=env.platform, env=env.vars, uid=uid)
    # The Environment read /.dockerenv once; tests fabricate theirs.
    container = env.dockerenv if root == Path("/") else None
    found = detect(layout, aws, version_line, container=container)
    if aws is None:
        # Nothing runnable on PATH: say what is there instead (a broken link, ...).
        broken = every_aws(layout, [str(p) for p in env.path_dirs()])
        if broken:
            found = detect(layout, broken[0].path, None, container=container)
    return make_plan(found, host_for(env, machine), version=version, newer=newer)


def show(ui: UI, plan: Plan) -> None:
    """How it was installed, then each step's title and its commands, each on its own line."""
    if plan.summary:
        ui.info(plan.summary)
    for note in plan.notes:
        ui.warn(note)
    for step in plan.steps:
        ui.hint(step.title)
        ui.commands([command.shown for command in step.commands])
    if not plan.steps:
        ui.hint(_("No command fits this machine; follow the install guide."))
