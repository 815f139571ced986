"""Pins what the docs recordings would otherwise take from the recording machine.

Loaded only where a recording puts this directory on PYTHONPATH (scripts/record_demo.py):
Python imports `sitecustomize` at start-up, in the helper's own process. The recordings show
one machine, whatever machine records them: an x86_64 Linux that is not a container, where the
user is not root. The product reads these facts from the machine on purpose; its tests of
them fabricate their own (tests/test_upgrade_*.py).
"""

from __future__ import annotations

import dataclasses
import os
import platform

platform.machine = lambda: "x86_64"  # the installer zip named in the upgrade plans
os.getuid = lambda: 4242  # not root, and not the owner of the test venv: no ownership shortcut

try:
    from awslogin_helper.edges import environment as _environment
except ImportError:  # a process that is not the helper (the fake aws): nothing to pin
    pass
else:
    _from_os = _environment.Environment.from_os

    def _not_a_container() -> _environment.Environment:
        return dataclasses.replace(_from_os(), dockerenv=False)

    _environment.Environment.from_os = staticmethod(_not_a_container)  # type: ignore[method-assign]
