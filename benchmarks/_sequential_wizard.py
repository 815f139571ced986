"""The sequential baseline for `benchmarks/run.py`: the real wizard with a one-worker probe pool.

Run by the benchmark in a pseudo-terminal, exactly like the installed `awslogin-helper`. The
only difference is made here, inside this benchmark process: `wizard.Probes` gets a single
worker, so the four pre-confirmation AWS CLI calls run one after another in the order the
wizard reads them. The product itself has no switch for this.
"""

from __future__ import annotations

import sys
from pathlib import Path

try:
    import awslogin_helper  # noqa: F401 -- installed (editable) in this interpreter
except ModuleNotFoundError:  # a bare checkout: use its src/ layout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from awslogin_helper import cli, wizard
from awslogin_helper.edges.runner import Runner


class OneWorkerProbes(wizard.Probes):
    def __init__(self, runner: Runner, workers: int = 1) -> None:
        super().__init__(runner, workers=1)


wizard.Probes = OneWorkerProbes  # type: ignore[misc]

if __name__ == "__main__":
    sys.argv[0] = "awslogin-helper"
    cli.main()
