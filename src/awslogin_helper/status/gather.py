"""Gathering for `status`: the files and token caches, and every AWS CLI call at once.

All calls of one run (`--version` of each `aws` on PATH, one `sts get-caller-identity` per
profile, one bare call for keys in the environment) share one bounded pool; each call is
bounded in time and output by the runner. The answers go to the model (facts, verdicts,
active, warnings), which tests drive with fake answers.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from awslogin_helper.awsconfig import (
    AwsFiles,
    CredentialKind,
    SsoCacheIndex,
    credential_kind,
    find_sso_cache,
    login_cache_file,
    plausible_time,
    read_login_cache,
    scan_sso_cache,
    sso_start_url,
)
from awslogin_helper.checks.classify import IdentityProblem
from awslogin_helper.edges.environment import Environment
from awslogin_helper.edges.runner import (
    CommandNotStarted,
    CommandOutputTooLarge,
    CommandTimeout,
    Runner,
)
from awslogin_helper.edges.ui import UI
from awslogin_helper.quoting import option
from awslogin_helper.status import detail
from awslogin_helper.status.active import (
    Active,
    apply_active_identity,
    copy_profile_result,
    resolve_active,
)
from awslogin_helper.status.answers import (
    NO_AWS,
    AwsExecutable,
    IdentityCheck,
    check_identity,
    executable_from_outcome,
    newer_later,
)
from awslogin_helper.status.choose import (
    CheckMode,
    local_check,
    mind_the_key,
    not_checked,
    to_check,
)
from awslogin_helper.status.facts import ProfileFacts, describe_profile
from awslogin_helper.status.live import Line, LiveChecks
from awslogin_helper.status.model import (
    IDENTITY_TIMEOUT,
    VERSION_TIMEOUT,
    Outcome,
    ProfileStatus,
    say,
)
from awslogin_helper.status.report import StatusReport
from awslogin_helper.status.verdicts import apply_identity, brief, link_sources
from awslogin_helper.status.warnings import (
    StatusWarning,
    aws_warnings,
    cache_warnings,
    env_warnings,
    skipped_cache_warnings,
)
from awslogin_helper.words import N_


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# Every AWS CLI call of one run shares this pool: `--version` of each `aws` on PATH and one
# `sts get-caller-identity` per profile checked. Each `aws` is a whole Python process that
# costs about 0.4 s of CPU (AWS CLI 2.36.7, measured), so more processes than cores only
# slow each other down: the pool is as wide as the cores (at least two, so that `--version`
# overlaps a check), never wider than 32.
MAX_WORKERS = max(2, min(32, _cores()))

Job = tuple[str, ...]


def pool_width(jobs: int) -> int:
    """How many AWS CLI calls run at once for `jobs` calls."""
    return max(1, min(MAX_WORKERS, jobs))


def collect(
    env: Environment,
    runner: Runner,
    ui: UI,
    files: AwsFiles,
    selected: str | None,
    now: datetime,
    check: CheckMode = CheckMode.ALL,
) -> StatusReport:
    names = [selected] if selected is not None else list(files.profiles)
    active = resolve_active_for(env, files)
    paths = _distinct(env.which_all("aws"))
    aws = paths[0] if paths else None

    # Every SSO cache file read once for all profiles (a scan per profile was quadratic).
    sso_index = scan_sso_cache(env.home)
    # The login cache is rewritten by every refresh, and `sts` below may refresh it: note when
    # it was last written before anything runs (the basis of the session-end estimate).
    written = {name: _login_cache_written(env, files, name) for name in names}
    # Everything the files tell, in one pass, before any call.
    local = {
        name: describe_profile(
            _facts_after_calls(env, files, name, written.get(name), sso_index),
            files,
            env.vars,
            now,
        )
        for name in names
    }
    always = [selected] if selected is not None else [active.profile]
    checked = to_check(check, local.values(), always, now) if aws is not None else []

    jobs: dict[Job, tuple[list[str], float]] = {}
    if check is not CheckMode.NONE:
        for path in paths:
            jobs[("version", path)] = ([path, "--version"], VERSION_TIMEOUT)
    for name in checked:
        if aws is not None and (files.profile(name) is not None or name == "default"):
            # A name from the file may look like an option (`--debug`): keep it a value.
            by_name = option("--profile", name)
            args = [aws, "sts", "get-caller-identity", "--output", "json", *by_name]
            jobs[("identity", name)] = (args, IDENTITY_TIMEOUT)
    env_check = selected is None and active.source == "env" and not active.partial_env
    if aws is not None and check is not CheckMode.NONE and env_check:
        jobs[("env",)] = ([aws, "sts", "get-caller-identity", "--output", "json"], IDENTITY_TIMEOUT)

    with LiveChecks(ui, len(jobs), pool_width(len(jobs))) as live:

        def arrived(key: Job, outcome: Outcome) -> None:
            live.arrived(lambda: _live_line(key, outcome, local))

        outcomes = run_all(runner, jobs, arrived)

    executables = [
        executable_from_outcome(path, outcomes[("version", path)])
        if ("version", path) in outcomes
        else AwsExecutable(path, None, say(N_("not asked: {flag}"), flag="--check none"))
        for path in paths
    ]
    first = executables[0] if executables else None
    newer = newer_later(executables)

    statuses: list[ProfileStatus] = []
    asked = set(checked)
    for name in names:
        if name in asked or aws is None:
            # Read again: a refresh during `sts` moves the expiry forward.
            facts = _facts_after_calls(env, files, name, written.get(name), sso_index)
            status = describe_profile(facts, files, env.vars, now)
            found = mind_the_key(status, _identity_check(name, files, aws, outcomes), first)
            apply_identity(status, found, first, newer)
        else:
            status = local[name]
            local_found = _from_the_files(status, now, first)
            if local_found is not None:
                apply_identity(status, local_found, first, newer)
            else:
                not_checked(status, check)
        statuses.append(status)
    link_sources(statuses)

    env_outcome = outcomes.get(("env",))
    apply_active_identity(
        active,
        check_identity(env_outcome)
        if env_outcome is not None
        else (NO_AWS if aws is None else None),
    )
    copy_profile_result(active, statuses)

    shells = env.shells()
    login_profiles = any(s.kind is CredentialKind.LOGIN for s in statuses)
    warnings: list[StatusWarning] = [
        *aws_warnings(executables, shells, lambda p: Path(p).parent, login_profiles),
        *env_warnings(active, shells, selected),
        *cache_warnings(statuses, str(env.home)),
        *skipped_cache_warnings(
            sso_index,
            str(env.home),
            {s.cache_file for s in statuses if s.cache_problem and s.cache_file},
        ),
    ]
    if selected is None and not statuses:
        warnings.append(
            StatusWarning(
                "no-profiles",
                say(
                    N_("No profiles in {config} or {credentials}. Create one with `{command}`."),
                    config=str(files.config_path),
                    credentials=str(files.credentials_path),
                    command="awslogin-helper",
                ),
                attention=False,
            )
        )
    return StatusReport(
        generated_at=now,
        config_file=str(files.config_path),
        credentials_file=str(files.credentials_path),
        aws_executables=executables,
        active=active,
        profiles=statuses,
        warnings=warnings,
        selected=selected,
        checked=[name for name in names if ("identity", name) in outcomes],
    )


def _from_the_files(
    status: ProfileStatus, now: datetime, cli: AwsExecutable | None
) -> IdentityCheck | None:
    """What the files alone say, the cached key weighed against the CLI that would read it."""
    found = local_check(status, now)
    if found is not None and found.code == IdentityProblem.LOGIN_KEY_UNREADABLE.value:
        return mind_the_key(status, IdentityCheck(True), cli)
    return found


def _distinct(found: Sequence[Path]) -> list[str]:
    """PATH entries that are the same file (/bin -> /usr/bin links) count once."""
    kept: list[Path] = []
    for path in found:
        try:
            if any(path.samefile(other) for other in kept):
                continue
        except OSError:
            pass
        kept.append(path)
    return [str(path) for path in kept]


def resolve_active_for(env: Environment, files: AwsFiles) -> Active:
    return resolve_active(env.vars, files)


def _identity_check(
    name: str, files: AwsFiles, aws: str | None, outcomes: Mapping[Job, Outcome]
) -> IdentityCheck:
    if files.profile(name) is None and name != "default":
        # Not asked: the AWS CLI would only say it cannot find the profile.
        return IdentityCheck(False, code="unknown-profile")
    if aws is None:
        return NO_AWS
    return check_identity(outcomes[("identity", name)])


def _login_session(files: AwsFiles, name: str) -> str | None:
    profile = files.profile(name)
    if profile is None or credential_kind(profile, files) is not CredentialKind.LOGIN:
        return None
    return profile.get("login_session")


def _login_cache_written(env: Environment, files: AwsFiles, name: str) -> datetime | None:
    session = _login_session(files, name)
    if session is None:
        return None
    try:
        mtime = login_cache_file(session, env.vars, env.home).stat().st_mtime
        # An absurd mtime (touch -d 9999-12-31) is no basis for an estimate.
        return plausible_time(datetime.fromtimestamp(mtime, UTC))
    except (OSError, OverflowError, ValueError):
        return None


def _facts_after_calls(
    env: Environment,
    files: AwsFiles,
    name: str,
    written: datetime | None,
    sso_index: SsoCacheIndex | None = None,
) -> ProfileFacts:
    """Expiry as it stands after the calls (a refresh during `sts` moves it forward)."""
    profile = files.profile(name)
    if profile is None:
        return ProfileFacts(name, None)
    session = _login_session(files, name)
    if session is not None:
        return ProfileFacts(
            name,
            profile,
            login_cache=read_login_cache(session, env.vars, env.home),
            login_cache_written=written,
            login_cache_path=str(login_cache_file(session, env.vars, env.home)),
        )
    if credential_kind(profile, files) is CredentialKind.SSO:
        start_url = sso_start_url(profile, files)
        if start_url:
            cache = find_sso_cache(start_url, profile.get("sso_session"), env.home, sso_index)
            return ProfileFacts(name, profile, sso_cache=cache)
    return ProfileFacts(name, profile)


def _live_line(key: Job, outcome: Outcome, local: Mapping[str, ProfileStatus]) -> Line | None:
    """What one identity answer says, for the live view (the report below has it all)."""
    if key[0] != "identity" or key[1] not in local:
        return None
    status = copy.copy(local[key[1]])
    apply_identity(status, check_identity(outcome), None)
    text = detail.head(status)
    if status.arn:
        text += f" · {status.arn}"
    elif status.problem is not None:
        text += f" · {brief(status.problem).shown()}"
    return detail.STATUS_MARK[status.status], text


def _call(runner: Runner, args: Sequence[str], timeout: float) -> Outcome:
    try:
        return runner.run(args, timeout=timeout)
    except (CommandTimeout, CommandNotStarted, CommandOutputTooLarge) as exc:
        return exc


def run_all(
    runner: Runner,
    jobs: Mapping[Job, tuple[list[str], float]],
    arrived: Callable[[Job, Outcome], None] | None = None,
) -> dict[Job, Outcome]:
    """Every call in one pool as wide as the cores; each is bounded in time by the runner.

    `arrived` is told each outcome as it comes (on the pool's thread), for the live view.
    """
    if not jobs:
        return {}
    pool = ThreadPoolExecutor(pool_width(len(jobs)), thread_name_prefix="aws-status")

    def one(key: Job, args: list[str], timeout: float) -> Outcome:
        outcome = _call(runner, args, timeout)
        if arrived is not None:
            arrived(key, outcome)
        return outcome

    futures = {key: pool.submit(one, key, args, timeout) for key, (args, timeout) in jobs.items()}
    try:
        results = {key: future.result() for key, future in futures.items()}
    except BaseException:
        # Ctrl-C (or a bug): stop what is still running instead of waiting for it.
        pool.shutdown(wait=False, cancel_futures=True)
        runner.cancel_all()
        raise
    pool.shutdown(wait=True)
    return results
