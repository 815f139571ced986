"""Issue 16's figures: `status` over an organisation's config, and the wizard's first line.

Imported by run.py (which owns the report). The configs are fabricated like the ones
IAM Identity Center generates: hundreds of profiles, one per account and role, beside
`aws login` profiles, keys and roles, with 1,000 SSO token cache files.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fakeaws import FakeAws, helper_command

try:
    import pexpect
except ImportError:  # Windows, or the test extra is not installed
    pexpect = None

SSO_SESSIONS = 20
EXPIRED_SESSIONS = frozenset({12, 13, 14})  # their profiles are known expired from the files
SSO_CACHE_FILES = 1000


def _stamp(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).strftime("%Y-%m-%dT%H:%M:%SZ")


def _private(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    path.chmod(0o600)


@dataclass(frozen=True)
class OrgConfig:
    profiles: int
    # Profiles whose files cannot tell whether they work (keys, roles, the active one):
    # the ones default `status` should check, by how the config was made.
    need_call: int
    kinds: dict[str, int]


def kind_of(n: int) -> str:
    """The mix: half SSO, a fifth `aws login`, a tenth keys, a fifth roles (profile 0: login)."""
    if n == 0:
        return "login"
    slot = n % 10
    return "sso" if slot < 5 else "login" if slot < 7 else "keys" if slot == 7 else "role"


def write_org(fake: FakeAws, profiles: int, *, cache_files: int = SSO_CACHE_FILES) -> OrgConfig:
    """`profiles` profiles (mixed), their caches, and `cache_files` SSO cache files in all."""
    config: list[str] = []
    credentials: list[str] = []
    kinds: dict[str, int] = {}
    need = 0
    last_keys = None
    for s in range(SSO_SESSIONS):
        config.append(
            f"[sso-session org{s}]\nsso_start_url = https://org{s}.awsapps.com/start\n"
            "sso_region = us-east-1\nsso_registration_scopes = sso:account:access\n"
        )
    for n in range(profiles):
        kind = kind_of(n)
        kinds[kind] = kinds.get(kind, 0) + 1
        name = "default" if n == 0 else f"acct{n:04d}-{kind}"
        section = "default" if n == 0 else f"profile {name}"
        body = "region = us-east-1\n"
        if kind == "sso":
            body += (
                f"sso_session = org{n % SSO_SESSIONS}\nsso_account_id = {100000000000 + n}\n"
                "sso_role_name = ReadOnly\n"
            )
        elif kind == "login":
            session = f"arn:aws:iam::{100000000000 + n}:user/dev{n}"
            body += f"login_session = {session}\n"
            digest = hashlib.sha256(session.encode()).hexdigest()
            _private(
                fake.login_cache_dir / f"{digest}.json",
                {
                    "accessToken": {
                        "accessKeyId": "ASIAFAKEACCESSKEY123",
                        "secretAccessKey": "FAKESECRETbench",
                        "sessionToken": "FAKESECRETbench",
                        "accountId": str(100000000000 + n),
                        "expiresAt": _stamp(timedelta(minutes=14)),
                    },
                    "tokenType": "aws_sigv4",
                    "refreshToken": "FAKESECRETbench",
                },
            )
        elif kind == "keys":
            credentials.append(
                f"[{name}]\naws_access_key_id = AKIAEXAMPLE{n:09d}\n"
                f"aws_secret_access_key = example/secret/{n:04d}\n"
            )
            last_keys = name
            need += 1
        else:  # a role on the nearest keys profile (or on the default one)
            body += (
                f"role_arn = arn:aws:iam::{100000000000 + n}:role/Admin\n"
                f"source_profile = {last_keys or 'default'}\n"
            )
            need += 1
        if n == 0 and kind not in ("keys", "role"):
            need += 1  # the active profile is always checked
        config.append(f"[{section}]\n{body}")
    fake.write_config("\n".join(config))
    fake.write_credentials("\n".join(credentials))
    # The SSO token caches: one per session (some expired), then other tools' and old
    # sessions' files up to `cache_files`.
    cache = fake.sso_cache_dir
    for s in range(SSO_SESSIONS):
        digest = hashlib.sha1(f"org{s}".encode(), usedforsecurity=False).hexdigest()
        expired = s in EXPIRED_SESSIONS
        _private(
            cache / f"{digest}.json",
            {
                "startUrl": f"https://org{s}.awsapps.com/start",
                "region": "us-east-1",
                "accessToken": "FAKESECRETbench",
                "expiresAt": _stamp(timedelta(hours=-2 if expired else 8)),
                "refreshToken": "FAKESECRETbench",
            },
        )
    for n in range(max(0, cache_files - SSO_SESSIONS)):
        digest = hashlib.sha1(f"old{n}".encode(), usedforsecurity=False).hexdigest()
        _private(
            cache / f"{digest}.json",
            {
                "startUrl": f"https://old{n}.awsapps.com/start",
                "region": "us-east-1",
                "accessToken": "FAKESECRETbench",
                "expiresAt": _stamp(timedelta(days=-30)),
            },
        )
    return OrgConfig(profiles, need, kinds)


# ----------------------------------------------------------------------------- status runs


def status_env(fake: FakeAws, *, with_aws: bool = True) -> dict[str, str]:
    env = fake.env()
    dirs = [d for d in fake.path_dirs()[1:] if not (Path(d) / "aws").is_file()]
    env["PATH"] = os.pathsep.join([str(fake.bin_dir), *dirs] if with_aws else dirs)
    return env


def run_status(fake: FakeAws, args: Sequence[str], *, with_aws: bool = True) -> float:
    """Wall time of one whole `status` process (its output is read and dropped)."""
    started = time.perf_counter()
    subprocess.run(
        [*helper_command(), "status", *args],
        env=status_env(fake, with_aws=with_aws),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=600,
        check=False,
    )
    return time.perf_counter() - started


def peak_status_mib(fake: FakeAws, args: Sequence[str], *, with_aws: bool = True) -> float | None:
    """Peak resident memory of the `status` process itself (its `aws` children not counted)."""
    if sys.platform == "win32":
        return None
    # RUSAGE_CHILDREN's ru_maxrss is the largest child so far: measured in a fresh
    # interpreter that runs `status` as its only child.
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,"
        " stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *helper_command(), "status", *args],
        env=status_env(fake, with_aws=with_aws),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    try:
        return int(done.stdout.strip()) / 1024  # kB on Linux
    except ValueError:
        return None


def supports_check(fake: FakeAws) -> bool:
    """Whether this helper has `status --check` (before issue 16 it had not)."""
    done = subprocess.run(
        [*helper_command(), "status", "--help"],
        env=status_env(fake),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return "--check" in done.stdout


def identity_calls(fake: FakeAws) -> tuple[int, int]:
    """(`sts get-caller-identity` calls, all calls) in the fake's log so far."""
    calls = fake.calls()
    sts = sum(1 for argv in calls if argv[:2] == ["sts", "get-caller-identity"])
    return sts, len(calls)


def concurrency() -> int:
    """What the helper bounds its concurrent AWS CLI processes by: the usable cores."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


# ----------------------------------------------------------------------------- first line


_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|.)")


def first_char_seconds(command: Sequence[str], env: dict[str, str]) -> float:
    """From spawn until the first visible character (not blank, not an escape) in a pty."""
    assert pexpect is not None
    started = time.perf_counter()
    child = pexpect.spawn(
        command[0], list(command[1:]), env=env, encoding="utf-8", codec_errors="replace",
        timeout=60, dimensions=(40, 120),
    )  # fmt: skip
    seen = ""
    try:
        while True:
            try:
                seen += child.read_nonblocking(4096, timeout=60)
            except pexpect.EOF:
                raise RuntimeError(f"{command} printed nothing visible: {seen!r}") from None
            if _ESCAPES.sub("", seen).strip():
                break
        elapsed = time.perf_counter() - started
        child.sendintr()
        child.expect(pexpect.EOF, timeout=30)
    finally:
        child.close(force=True)
    return elapsed


def ceil_waves(calls: int, width: int) -> int:
    return max(1, math.ceil(calls / max(1, width)))


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


# ----------------------------------------------------------------------------- the figures

# Measured on `main` before issue 16 was built (2 cores, load 2-11; `--check none` did not
# exist, so its stand-in is `status` with no `aws` on PATH: the files alone).
BEFORE = {
    "status_1000_s": "1.02 s (no aws on PATH)",
    "status_1000_vs_10": "2.17 x",
    "status_300_calls": "3.30 x (300 calls, 91 needed)",
    "status_300_time": "29.6 s for 301 calls",
    "first_char_ratio": "2.38 x (337 ms / 141 ms)",
    "status_1000_memory_mib": "31.69 MiB",
}


def measure(work: Path, latency: float, runs: int, figure: Any, results: Any) -> None:
    """Append issue 16's figures to `results` (`figure` is run.py's Figure class)."""
    add = results.figures.append
    root = work / "scale"
    big = FakeAws(root / "big", root / "big-home")
    big.scenario(latency=latency)
    write_org(big, 1000)
    small = FakeAws(root / "small", root / "small-home")
    small.scenario(latency=latency)
    write_org(small, 10, cache_files=10)
    if supports_check(big):
        args, how = ["--check", "none"], "--check none"
    else:  # before issue 16: no aws on PATH is the closest to "files only"
        args, how = [], "no aws on PATH"
    with_aws = bool(args)
    run_status(big, args, with_aws=with_aws)  # warm the page cache
    bigs = [run_status(big, args, with_aws=with_aws) for _ in range(runs)]
    smalls = [run_status(small, args, with_aws=with_aws) for _ in range(runs)]
    calls_none = len(big.calls())
    label = "`status --check none` over 1,000 profiles (1,000 SSO cache files), s"
    note = f"{how}; {calls_none} AWS CLI calls"
    add(figure("status_1000_s", label, median(bigs), 0.5, "s", note))
    add(
        figure(
            "status_1000_vs_10",
            "`status --check none` over 1,000 profiles / over 10",
            median(bigs) / median(smalls),
            3.0,
            note=f"{median(bigs):.3f} s / {median(smalls):.3f} s",
        )
    )
    memory = peak_status_mib(big, args, with_aws=with_aws)
    add(
        figure(
            "status_1000_memory_mib",
            "peak memory of `status` over 1,000 profiles",
            memory,
            60.0,
            "MiB",
            "ru_maxrss of the helper process",
        )
    )

    # Default checks over 300 profiles: how many calls, and how long against the waves.
    mid = FakeAws(root / "mid", root / "mid-home")
    mid.scenario(latency=latency)
    org = write_org(mid, 300)
    one = median([run_status_call(mid) for _ in range(max(3, runs))])  # one `aws --version` alone
    mid.reset_state()
    before = len(mid.calls())
    seconds = run_status(mid, [])
    sts, total = identity_calls(mid)
    total -= before
    width = concurrency()
    waves = ceil_waves(total, width)
    add(
        figure(
            "status_300_calls",
            "`status` over 300 profiles: identity calls / profiles that need one",
            sts / max(1, org.need_call),
            1.0,
            note=f"{sts} calls, {org.need_call} needed ({total} AWS CLI processes in all)",
        )
    )
    add(
        figure(
            "status_300_time",
            "`status` over 300 profiles / (ceil(calls / cores) x one call)",
            seconds / (waves * one),
            1.3,
            note=f"{seconds:.2f} s / ({waves} x {one:.3f} s); {width} cores",
        )
    )


def run_status_call(fake: FakeAws) -> float:
    started = time.perf_counter()
    subprocess.run(
        [str(fake.bin_dir / "aws"), "--version"],
        env=status_env(fake),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
        check=False,
    )
    return time.perf_counter() - started


def measure_first_char(work: Path, runs: int, figure: Any, results: Any) -> None:
    label = "first visible character: wizard / `python -c 'import typer; print(1)'`, pty"
    if pexpect is None:
        results.figures.append(figure("first_char_ratio", label, None, 1.3, note="needs pexpect"))
        return
    fake = FakeAws(work / "first", work / "first-home")
    fake.scenario(latency=0.4)
    env = fake.env(TERM="xterm-256color")
    typer_only = [sys.executable, "-c", "import typer; print('x')"]
    first_char_seconds(helper_command(), env)  # warm
    helper, baseline = [], []
    for _ in range(runs):  # interleaved, so drift on the machine hits both alike
        helper.append(first_char_seconds(helper_command(), env))
        baseline.append(first_char_seconds(typer_only, env))
    ratio = median(helper) / median(baseline)
    note = f"{median(helper) * 1000:.0f} ms / {median(baseline) * 1000:.0f} ms"
    results.figures.append(figure("first_char_ratio", label, ratio, 1.3, note=note))
