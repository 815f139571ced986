"""`status --check`: which profiles are checked with AWS (a light module: cli.py imports it)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from awslogin_helper.words import N_


class Check(StrEnum):
    default = "default"
    all = "all"
    none = "none"


CheckOpt = Annotated[
    Check,
    typer.Option(
        "--check",
        help=N_(
            "Which profiles to check with AWS: default (only where the files cannot tell), "
            "all, or none."
        ),
    ),
]
