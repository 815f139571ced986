#!/usr/bin/env python3
"""Whole-process benchmark of awslogin-helper against the fake `aws` (tests/fakeaws).

    python benchmarks/run.py            # 5 runs, 0.4 s per AWS CLI call; rewrites README.md
    python benchmarks/run.py --quick    # 1 run, 0.05 s per call; prints only (the smoke test)

Every figure is a ratio of two wall times measured in the same run, so it says something
about the helper and not about this machine's speed. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import compileall
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
README = Path(__file__).resolve().with_name("README.md")
SEQUENTIAL_DRIVER = Path(__file__).resolve().with_name("_sequential_wizard.py")
PROMPT_TEXT = "Ready for me to run"
MARK_START = "<!-- benchmark-results:start -->"
MARK_END = "<!-- benchmark-results:end -->"
STATUS_PROFILES = 20

# The fake AWS CLI and the helper locator of the test suite, imported by path (never copied).
sys.path.insert(0, str(REPO / "tests"))
import awslogin_helper  # noqa: E402
from fakeaws import FakeAws, helper_command  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale  # noqa: E402  (issue 16's figures)

try:
    import pexpect
except ImportError:  # Windows, or the test extra is not installed
    pexpect = None


@dataclass
class Figure:
    key: str
    label: str
    value: float | None
    target: float
    unit: str = "x"
    note: str = ""

    @property
    def shown(self) -> str:
        return "n/a" if self.value is None else f"{self.value:.2f}"

    @property
    def verdict(self) -> str:
        if self.value is None:
            return "not available"
        return "ok" if self.value <= self.target else "MISSED"


@dataclass
class Results:
    figures: list[Figure] = field(default_factory=list)
    details: list[tuple[str, str]] = field(default_factory=list)


# ----------------------------------------------------------------------------- helpers


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def timed(func: Callable[[], Any]) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def run_quiet(cmd: Sequence[str], env: dict[str, str] | None = None) -> None:
    subprocess.run(
        list(cmd),
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        timeout=60,
    )


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 0
    load = Path("/proc/loadavg")
    return {
        "load": " ".join(load.read_text().split()[:3]) if load.is_file() else "n/a",
        "nproc": str(cores),
        "cpu": cpu,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "os": platform.platform(),
    }


def peak_rss_mib(pid: int) -> float | None:
    """VmHWM of this one process (its `aws` children are separate processes, never counted)."""
    status = Path(f"/proc/{pid}/status")
    try:
        text = status.read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(r"^VmHWM:\s+(\d+)\s+kB", text, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else None


def bench_env(fake: FakeAws, **overrides: str | None) -> dict[str, str]:
    """`fake.env()` with no other `aws` on PATH: a real CLI there would be timed too."""
    env = fake.env(**overrides)
    others = [d for d in fake.path_dirs()[1:] if not (Path(d) / "aws").is_file()]
    env["PATH"] = os.pathsep.join([str(fake.bin_dir), *others])
    return env


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of this one process so far (children not included)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ----------------------------------------------------------------------------- the wizard


@dataclass
class PromptRun:
    seconds: float  # from spawn until the confirmation question shows
    peak_mib: float | None  # VmHWM of the helper process then
    cpu: float | None  # its own CPU time then


def until_prompt(command: Sequence[str], env: dict[str, str]) -> PromptRun:
    """Start `command` in a pseudo-terminal, wait for the question, then press Ctrl-C."""
    assert pexpect is not None
    started = time.perf_counter()
    child = pexpect.spawn(
        command[0],
        list(command[1:]),
        env=env,
        encoding="utf-8",
        codec_errors="replace",
        timeout=60,
        dimensions=(40, 120),
    )
    try:
        try:
            child.expect_exact(PROMPT_TEXT)
        except (pexpect.TIMEOUT, pexpect.EOF) as exc:
            raise RuntimeError(
                f"{' '.join(command)} never asked {PROMPT_TEXT!r}; it printed:\n{child.before}"
            ) from exc
        elapsed = time.perf_counter() - started
        run = PromptRun(elapsed, peak_rss_mib(child.pid), cpu_seconds(child.pid))
        child.sendintr()  # Ctrl-C: nothing is run
        child.expect(pexpect.EOF, timeout=30)
    finally:
        child.close(force=True)
    return run


def measure_wizard(work: Path, latency: float, runs: int, results: Results) -> None:
    if pexpect is None:
        for key, label in (
            ("prompt_ratio", "start -> confirmation prompt / one AWS CLI call"),
            ("peak_memory_mib", "peak memory of the helper up to the prompt"),
        ):
            unit = "MiB" if "memory" in key else "x"
            note = "needs pexpect (POSIX)"
            results.figures.append(Figure(key, label, None, 1.5, unit=unit, note=note))
        return
    fake = FakeAws(work / "wizard", work / "wizard-home")
    # No credentials at all: every check runs, then the wizard asks before `aws login`.
    fake.scenario(latency=latency)
    env = bench_env(fake, TERM="xterm-256color")
    one_call = [fake.bin_dir / "aws", "--version"]
    helper = helper_command()
    sequential = [sys.executable, str(SEQUENTIAL_DRIVER)]

    run_quiet([str(one_call[0]), "--version"], env)  # warm the page cache
    before = len(fake.calls())
    until_prompt(helper, env)
    aws_calls = len(fake.calls()) - before
    calls, concurrent, baseline, memory, cpu = [], [], [], [], []
    for _ in range(runs):
        calls.append(timed(lambda: run_quiet([str(c) for c in one_call], env)))
        run = until_prompt(helper, env)
        concurrent.append(run.seconds)
        if run.peak_mib is not None:
            memory.append(run.peak_mib)
        if run.cpu is not None:
            cpu.append(run.cpu)
        baseline.append(until_prompt(sequential, env).seconds)
        fake.reset_state()

    call = median(calls)
    results.figures.append(
        Figure(
            "prompt_ratio",
            "start -> confirmation prompt / one AWS CLI call",
            median(concurrent) / call,
            1.5,
            note=f"{median(concurrent):.3f} s / {call:.3f} s",
        )
    )
    results.figures.append(
        Figure(
            "peak_memory_mib",
            "peak memory of the helper up to the prompt",
            median(memory) if memory else None,
            # No target was set for memory; the figure is reported, never judged.
            float("inf"),
            unit="MiB",
            note="VmHWM of the helper process only" if memory else "needs /proc (Linux)",
        )
    )
    results.details += [
        ("configured latency of one fake AWS CLI call", f"{latency:.3f} s"),
        ("one fake `aws --version`, measured alone", f"{call:.3f} s"),
        ("AWS CLI calls before the prompt", str(aws_calls)),
        ("start -> prompt, concurrent checks (the helper)", f"{median(concurrent):.3f} s"),
        (
            "CPU time of the helper process itself up to the prompt",
            f"{median(cpu):.3f} s" if cpu else "n/a",
        ),
        (
            "start -> prompt, sequential baseline (same wizard, 1 worker)",
            f"{median(baseline):.3f} s = {median(baseline) / call:.2f} x one call",
        ),
        (
            "start -> prompt / configured latency (helper; baseline)",
            f"{median(concurrent) / latency:.2f} x; {median(baseline) / latency:.2f} x",
        ),
    ]


# ----------------------------------------------------------------------------- start-up


def measure_startup(runs: int, results: Results) -> None:
    helper = [*helper_command(), "--version"]
    typer_only = [sys.executable, "-c", "import typer"]
    for cmd in (helper, typer_only):
        run_quiet(cmd)
    helper_times, typer_times = [], []
    for _ in range(runs):  # interleaved, so drift on the machine hits both alike
        helper_times.append(timed(lambda: run_quiet(helper)))
        typer_times.append(timed(lambda: run_quiet(typer_only)))
    ratio = median(helper_times) / median(typer_times)
    results.figures.append(
        Figure(
            "version_ratio",
            "`awslogin-helper --version` / `python -c 'import typer'`",
            ratio,
            1.3,
            note=f"{median(helper_times) * 1000:.0f} ms / {median(typer_times) * 1000:.0f} ms",
        )
    )


# ----------------------------------------------------------------------------- status


def status_fake(root: Path, profiles: int, latency: float) -> FakeAws:
    fake = FakeAws(root / f"status-{profiles}", root / f"status-{profiles}-home")
    fake.scenario(latency=latency)
    names = ["default", *(f"team{n:02d}" for n in range(1, profiles))]
    config, credentials = [], []
    for n, name in enumerate(names):
        section = "default" if name == "default" else f"profile {name}"
        config.append(f"[{section}]\nregion = us-east-1\noutput = json\n")
        credentials.append(
            f"[{name}]\naws_access_key_id = AKIAEXAMPLE{n:09d}\n"
            f"aws_secret_access_key = example/secret/{n:04d}\n"
        )
    fake.write_config("\n".join(config))
    fake.write_credentials("\n".join(credentials))
    return fake


def run_status(fake: FakeAws) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*helper_command(), "status"],
        env=bench_env(fake),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
        check=False,
    )


def measure_status(work: Path, latency: float, runs: int, results: Results) -> None:
    label = f"`status` over {STATUS_PROFILES} profiles / over 1 profile"
    one = status_fake(work, 1, latency)
    many = status_fake(work, STATUS_PROFILES, latency)
    run_status(one)
    one_calls = len(one.calls())
    probe = run_status(many)
    per_run = len(many.calls())
    problem = ""
    if probe.returncode != 0:
        problem = f"`status` exited {probe.returncode}"
    elif not many.calls():
        problem = "`status` makes no AWS CLI calls yet"
    if problem:
        results.figures.append(Figure("status_ratio", label, None, 3.0, note=problem))
        return
    times_one, times_many = [], []
    for _ in range(runs):
        times_one.append(timed(lambda: run_status(one)))
        times_many.append(timed(lambda: run_status(many)))
    # Issue 16 bounds the AWS CLI processes by the cores: the calls run in rounds of `cores`.
    cores = os.cpu_count() or 1
    rounds = math.ceil(per_run / cores) / math.ceil(max(one_calls, 1) / cores)
    results.figures.append(
        Figure(
            "status_ratio",
            label,
            median(times_many) / median(times_one),
            round(1.3 * rounds, 2),
            note=f"{median(times_many):.3f} s / {median(times_one):.3f} s; "
            f"{per_run} calls in rounds of {cores} (1.3 x the rounds)",
        )
    )
    results.details.append(
        (f"AWS CLI calls of one `status` over {STATUS_PROFILES} profiles", str(per_run))
    )


def measure_endless(work: Path, results: Results) -> None:
    """Peak memory of `status` when every `aws` prints without end (issue 11: < 100 MiB)."""
    label = "peak memory of `status` against an endless `aws` (MiB)"
    fake = status_fake(work / "endless", 2, 0.0)
    endless = work / "endless-bin"
    endless.mkdir()
    script = endless / "aws"
    # `yes` writes as fast as the pipe takes it: the helper must cap and end it.
    script.write_text(
        "#!/bin/sh\nexec yes AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n", encoding="utf-8"
    )
    script.chmod(0o755)
    env = bench_env(fake, PATH=f"{endless}{os.pathsep}/usr/bin{os.pathsep}/bin")
    proc = subprocess.Popen(
        [*helper_command(), "status"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak = 0.0
    while proc.poll() is None:  # sampled: VmHWM is the high-water mark, never lowered
        peak = max(peak, peak_rss_mib(proc.pid) or 0.0)
        time.sleep(0.02)
    value = peak or None
    note = f"exit {proc.returncode}"
    results.figures.append(Figure("endless_memory_mib", label, value, 100.0, unit="MiB", note=note))


# ----------------------------------------------------------------------------- tools

TOOLS_ENVS = 10


def tools_machine(root: Path) -> tuple[dict[str, str], Path]:
    """A home with ten Python environments (PATH, pipx, uv, the project's .venv), each with
    botocore, boto3 and awscrt among 300 other distributions, and a package-lock.json."""
    home, project, path_dirs = root / "home", root / "project", []
    project.mkdir(parents=True)
    roots = [root / f"path-env-{n}" for n in range(4)]
    roots += [home / ".local" / "pipx" / "venvs" / f"tool{n}" for n in range(3)]
    roots += [home / ".local" / "share" / "uv" / "tools" / f"uvtool{n}" for n in range(2)]
    roots += [project / ".venv"]
    for env_root in roots:
        site = env_root / "lib" / "python3.11" / "site-packages"
        site.mkdir(parents=True)
        (env_root / "pyvenv.cfg").write_text("version = 3.11.7\n", encoding="utf-8")
        (env_root / "bin").mkdir()
        for name in ("python", "python3"):
            exe = env_root / "bin" / name
            exe.write_text("#!/bin/sh\n", encoding="utf-8")
            exe.chmod(0o755)
        packages = [("botocore", "1.42.0"), ("boto3", "1.41.0"), ("awscrt", "0.29.0")]
        packages += [(f"filler{n}", "1.0") for n in range(300)]
        for name, version in packages:
            info = site / f"{name}-{version}.dist-info"
            info.mkdir()
            (info / "METADATA").write_text(
                f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n" + "x" * 4000,
                encoding="utf-8",
            )
        if env_root.parent == root:
            path_dirs.append(str(env_root / "bin"))
    lock = {"lockfileVersion": 3, "packages": {"": {}}}
    for n in range(2000):
        lock["packages"][f"node_modules/pkg{n}"] = {"version": "1.0.0"}
    lock["packages"]["node_modules/@aws-sdk/credential-provider-login"] = {"version": "3.940.0"}
    import json

    (project / "package-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    env = {
        "HOME": str(home),
        "PATH": os.pathsep.join([*path_dirs, "/usr/bin", "/bin"]),
        "AWS_CONFIG_FILE": str(home / ".aws" / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / ".aws" / "credentials"),
        "NO_COLOR": "1",
    }
    return env, project


def measure_tools(work: Path, runs: int, results: Results) -> None:
    """`awslogin-helper tools` on a machine with ten Python environments (issue 14: < 300 ms)."""
    label = f"`tools` with {TOOLS_ENVS} Python environments, whole process (ms)"
    env, project = tools_machine(work / "tools")
    command = [*helper_command(), "tools"]
    # The scan alone, inside one process: what `tools` adds to the helper's start-up.
    inner = [
        sys.executable,
        "-c",
        "import time\n"
        "from awslogin_helper.edges.environment import Environment\n"
        "from awslogin_helper.tools import scan\n"
        "env = Environment.from_os()\n"
        "started = time.perf_counter()\n"
        "scan('default', env, None)\n"
        "print(time.perf_counter() - started)\n",
    ]

    def once() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command, env=env, cwd=project, capture_output=True, text=True, check=False, timeout=60
        )

    def children_cpu() -> float:
        try:
            import resource
        except ImportError:  # Windows
            return 0.0
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    probe = once()  # also warms the page cache
    times, starts, scans, cpu = [], [], [], []
    for _ in range(runs):  # interleaved, so drift on the machine hits all three alike
        before = children_cpu()
        times.append(timed(once))
        cpu.append(children_cpu() - before)  # less sensitive to the machine's load than wall time
        starts.append(timed(lambda: run_quiet([*helper_command(), "--version"], env)))
        inside = subprocess.run(
            inner, env=env, cwd=project, capture_output=True, text=True, check=True, timeout=60
        )
        scans.append(float(inside.stdout.strip()))
    found = probe.stdout.count("Python virtual environment") + probe.stdout.count("tool environ")
    note = f"exit {probe.returncode}; {found} environments reported"
    results.figures.append(Figure("tools_ms", label, median(times) * 1000, 300.0, "ms", note))
    results.details += [
        ("`--version`, same run (start-up alone)", f"{median(starts) * 1000:.0f} ms"),
        ("the `tools` scan alone, in-process", f"{median(scans) * 1000:.0f} ms"),
        ("CPU time of one whole `tools` process", f"{median(cpu) * 1000:.0f} ms"),
    ]


# ----------------------------------------------------------------------------- report


def table(results: Results) -> str:
    rows = [("#", "figure", "value", "target", "result", "measured")]
    for n, fig in enumerate(results.figures, 1):
        if fig.target == float("inf"):
            value, target = f"{fig.shown} MiB", "(reported)"
            verdict = "-" if fig.value is not None else fig.verdict
        else:
            value, target, verdict = f"{fig.shown} {fig.unit}", f"<= {fig.target:g}", fig.verdict
        rows.append((str(n), fig.label, value, target, verdict, fig.note))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def markdown(results: Results, info: dict[str, str], args: argparse.Namespace) -> str:
    out = [
        MARK_START,
        "",
        f"Latest full run: `python benchmarks/run.py` ({args.runs} runs, medians; "
        f"fake AWS CLI latency {args.latency:g} s), {time.strftime('%Y-%m-%d')}.",
        "",
        f"Machine: {info['nproc']} cores, {info['cpu']}; {info['python']}; {info['os']}; "
        f"load average {info['load']} before, {info['load_after']} after.",
        "",
        "| # | figure | value | target | result | measured | before issue 16 |",
        "|---|---|---|---|---|---|---|",
    ]
    for n, fig in enumerate(results.figures, 1):
        if fig.target == float("inf"):
            value, target = f"{fig.shown} MiB", "(reported)"
            verdict = "-" if fig.value is not None else fig.verdict
        else:
            value, target, verdict = f"{fig.shown} {fig.unit}", f"<= {fig.target:g}", fig.verdict
        before = scale.BEFORE.get(fig.key, "")
        out.append(
            f"| {n} | {fig.label} | {value} | {target} | {verdict} | {fig.note} | {before} |"
        )
    out += ["", "| detail | value |", "|---|---|"]
    out += [f"| {name} | {value} |" for name, value in results.details]
    out += ["", MARK_END]
    return "\n".join(out)


def write_readme(block: str) -> bool:
    text = README.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(MARK_START) + r".*?" + re.escape(MARK_END), re.DOTALL)
    if not pattern.search(text):
        return False
    README.write_text(pattern.sub(lambda _m: block, text), encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--latency", type=float, default=0.4, help="seconds per fake aws call")
    parser.add_argument("--quick", action="store_true", help="1 run, 0.05 s latency, no README")
    parser.add_argument("--no-write", action="store_true", help="do not rewrite README.md")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.latency, args.no_write = 1, 0.05, True

    # An installed package has compiled bytecode (pip compiles it); with
    # PYTHONDONTWRITEBYTECODE set, every run would time the compiler instead of the helper.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(str(Path(awslogin_helper.__file__).parent), quiet=1)
    info = machine()
    print(
        f"machine: {info['nproc']} cores, {info['cpu']}; {info['python']}; {info['os']}",
        flush=True,
    )
    print(f"runs: {args.runs} (medians); fake AWS CLI latency: {args.latency:g} s", flush=True)
    print(f"load average before: {info['load']}", flush=True)
    results = Results()
    with tempfile.TemporaryDirectory(prefix="awslogin-bench-") as tmp:
        work = Path(tmp)
        measure_wizard(work, args.latency, args.runs, results)
        # Start-up is a few tens of milliseconds: more repetitions for a stable median.
        measure_startup(max(3, args.runs * 4), results)
        measure_status(work, args.latency, args.runs, results)
        measure_endless(work, results)
        measure_tools(work, max(3, args.runs * 2), results)
        scale.measure(work, args.latency, args.runs, Figure, results)
        scale.measure_first_char(work, max(3, args.runs * 2), Figure, results)
    info["load_after"] = machine()["load"]
    # The order the issues list them in: prompt, --version, status, memory, endless aws.
    order = [
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
    ]
    results.figures.sort(key=lambda fig: order.index(fig.key))

    print()
    print(table(results))
    print()
    for name, value in results.details:
        print(f"  {name}: {value}")
    print()
    for fig in results.figures:  # one machine-readable line per figure
        print(f"figure {fig.key} = {fig.shown}")
    print(f"load average after: {info['load_after']}")
    if not args.no_write:
        block = markdown(results, info, args)
        if write_readme(block):
            print(f"\nwrote the figures to {README.relative_to(REPO)}")
        else:
            print(f"\n{README.relative_to(REPO)} has no {MARK_START} section; not written")
    missed = [fig for fig in results.figures if fig.verdict == "MISSED"]
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
