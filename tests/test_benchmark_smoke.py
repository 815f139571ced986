"""`benchmarks/run.py --quick` runs end to end and prints its figures.

No timing is asserted here: the figures depend on the machine. The benchmark itself says
whether they meet their targets.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"
FIGURES = (
    "prompt_ratio",
    "version_ratio",
    "status_ratio",
    "peak_memory_mib",
    "endless_memory_mib",
    "tools_ms",
    "status_1000_s",
    "status_1000_vs_10",
    "status_300_calls",
    "status_300_time",
    "first_char_ratio",
    "status_1000_memory_mib",
)

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="the benchmark drives a pseudo-terminal (POSIX only)"
)


def test_quick_benchmark_prints_every_figure() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCHMARK), "--quick"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    for key in FIGURES:
        assert re.search(rf"^figure {key} = (\d+\.\d+|n/a)$", result.stdout, re.MULTILINE), output
    # `--version` start-up needs no terminal and no AWS CLI: it is always measured.
    assert re.search(r"^figure version_ratio = \d+\.\d+$", result.stdout, re.MULTILINE), output
    assert "wrote the figures" not in result.stdout  # quick mode never rewrites README.md
