"""What a plan is made of: groups of steps, each with its commands, for one host."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from awslogin_helper.upgrade.detect import Install

# Stands for the temporary directory a step works in; the run path replaces it.
TMP = "\x00tmp"


class Group(Enum):
    REMOVE = "remove"
    INSTALL = "install"
    PATH = "path"


@dataclass(frozen=True)
class Command:
    shown: str  # copyable, whole, quoted for the user's shell
    argv: tuple[str, ...] | None = None  # what the helper runs; None: printed only; (): nothing


@dataclass(frozen=True)
class Step:
    group: Group
    title: str  # translated; ends with ":" before its commands
    commands: tuple[Command, ...] = ()
    elevated: bool = False
    optional: bool = False  # the plan works without it (a lagging package behind the new one)
    in_tmp: bool = False  # its commands work in a fresh temporary directory

    @property
    def runnable(self) -> bool:
        return (
            not self.elevated
            and bool(self.commands)
            and all(c.argv is not None for c in self.commands)
        )


@dataclass(frozen=True)
class Host:
    """This machine, as far as the plan depends on it."""

    system: str  # linux, darwin, windows
    machine: str  # x86_64, aarch64, arm64, ... (normalised by `normalise_machine`)
    home: str
    syntax: str = "posix"  # the shell: posix, fish, powershell, cmd (Environment.shells()[0])
    login_shell: str | None = None  # $SHELL
    path_dirs: tuple[str, ...] = ()
    aws_on_path: tuple[str, ...] = ()  # every runnable `aws` on PATH, in order
    tools: Mapping[str, str] = field(default_factory=dict)  # name -> absolute path

    def tool(self, name: str, *args: str) -> tuple[str, ...] | None:
        found = self.tools.get(name)
        return (found, *args) if found else None


@dataclass(frozen=True)
class Plan:
    install: Install
    summary: str  # how the `aws` found was installed, one sentence
    steps: tuple[Step, ...]
    new_aws: str | None = None  # where the working `aws` will be afterwards
    notes: tuple[str, ...] = ()

    @property
    def runnable(self) -> bool:
        """The helper may run it: every step it needs runs without elevation."""
        needed = [s for s in self.steps if not s.optional and s.group is not Group.PATH]
        return bool(needed) and all(s.runnable for s in needed)

    def run_steps(self) -> list[Step]:
        return [s for s in self.steps if s.runnable and s.group is not Group.PATH]

    def run_order(self) -> list[tuple[Step, Command]]:
        """The commands the helper runs, in the order it runs them.

        A download (every command of a temporary-directory step but its last) comes before
        any removal, so a failed download leaves the old CLI in place; the removal comes
        before the install itself, which may put its link where the old script was.
        """
        steps = self.run_steps()
        fetch = [(s, c) for s in steps if s.in_tmp for c in s.commands[:-1]]
        rest = [(s, c) for s in steps for c in (s.commands[-1:] if s.in_tmp else s.commands)]
        return [(s, c) for s, c in fetch + rest if c.argv]
