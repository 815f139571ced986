"""`awslogin-helper status`: each profile, what it holds, who it is, when it expires, what wins.

This module does the I/O: it reads the files and token caches, runs every AWS CLI call at once
in one bounded pool, and prints the report (human text or JSON) on stdout. The decisions live
in `status_model.py`, which tests drive with fake answers.
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from rich.text import Text

from awslogin_helper.awsconfig import (
    AwsFiles,
    ConfigFileError,
    CredentialKind,
    SsoCacheIndex,
    credential_kind,
    find_sso_cache,
    load_aws_files,
    login_cache_file,
    plausible_time,
    read_login_cache,
    scan_sso_cache,
    sso_start_url,
)
from awslogin_helper.environment import Environment
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.quoting import option
from awslogin_helper.runner import (
    CommandNotStarted,
    CommandOutputTooLarge,
    CommandTimeout,
    Runner,
)
from awslogin_helper.status_model import (
    IDENTITY_TIMEOUT,
    NO_AWS,
    VERSION_TIMEOUT,
    Active,
    IdentityCheck,
    Outcome,
    ProfileFacts,
    ProfileStatus,
    StatusReport,
    StatusWarning,
    apply_active_identity,
    apply_identity,
    aws_warnings,
    cache_warnings,
    check_identity,
    copy_profile_result,
    describe_profile,
    env_warnings,
    executable_from_outcome,
    link_sources,
    newer_later,
    problems_first,
    skipped_cache_warnings,
    when,
)
from awslogin_helper.ui import LONG_COMMAND_WORD, LONG_WORD, UI, clean, make_console
from awslogin_helper.versions import INSTALL_GUIDE

# Every AWS CLI call of one run shares this pool: `--version` of each `aws` on PATH and one
# `sts get-caller-identity` per profile. The calls mostly wait on the network, so the pool is
# wide enough for 20 profiles and a few `aws` executables to run in one wave; it stays bounded
# because each `aws` is a whole Python process (tens of MB each).
MAX_WORKERS = 24

Job = tuple[str, ...]


def run_status(
    env: Environment,
    runner: Runner,
    ui: UI,
    *,
    profile: str | None,
    as_json: bool,
    stdout: IO[str] | None = None,
) -> ExitCode:
    now = datetime.now(UTC)
    try:
        files = load_aws_files(env.vars, env.home)
    except ConfigFileError as exc:
        where = f"line {exc.line} of {exc.path}" if exc.line is not None else str(exc.path)
        ui.error(f"Cannot read {where}: {exc.reason}")
        if exc.fix:
            ui.hint(f"Fix it with: {exc.fix}")
        ui.hint("The AWS CLI cannot read this file either; fix it, then run status again.")
        return ExitCode.CONFIG_ERROR

    report = collect(env, runner, ui, files, profile, now)
    out = stdout if stdout is not None else sys.stdout
    try:
        if as_json:
            out.write(json.dumps(report.to_json(), indent=2) + "\n")
        else:
            console = make_console(env.vars, no_color=ui.console.no_color, stderr=False, file=out)
            # Rich ends the process with exit 1 when the reader leaves; the report's own
            # status must stand instead (`status | head -2`), so it just stops writing.
            console.on_broken_pipe = lambda: setattr(console, "quiet", True)  # type: ignore[method-assign]
            render(report, UI(console), now, env.shells())
        out.flush()
    except BrokenPipeError:
        _reader_left(out)
    return ExitCode.NEEDS_ATTENTION if report.needs_attention else ExitCode.OK


def _reader_left(out: IO[str]) -> None:
    """The reader of stdout went away: what is still buffered goes to devnull, quietly."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


# --------------------------------------------------------------------------- gathering


def collect(
    env: Environment,
    runner: Runner,
    ui: UI,
    files: AwsFiles,
    selected: str | None,
    now: datetime,
) -> StatusReport:
    names = [selected] if selected is not None else list(files.profiles)
    active = resolve_active_for(env, files)
    paths = _distinct(env.which_all("aws"))
    aws = paths[0] if paths else None

    # The login cache is rewritten by every refresh, and `sts` below may refresh it: note when
    # it was last written before anything runs (the basis of the session-end estimate).
    written = {name: _login_cache_written(env, files, name) for name in names}

    jobs: dict[Job, tuple[list[str], float]] = {}
    for path in paths:
        jobs[("version", path)] = ([path, "--version"], VERSION_TIMEOUT)
    if aws is not None:
        for name in names:
            if files.profile(name) is not None or name == "default":
                # A name from the file may look like an option (`--debug`): keep it a value.
                by_name = option("--profile", name)
                args = [aws, "sts", "get-caller-identity", "--output", "json", *by_name]
                jobs[("identity", name)] = (args, IDENTITY_TIMEOUT)
        if selected is None and active.source == "env" and not active.partial_env:
            jobs[("env",)] = (
                [aws, "sts", "get-caller-identity", "--output", "json"],
                IDENTITY_TIMEOUT,
            )

    count = len(names)
    with ui.waiting(f"Checking {count} profile{'s' if count != 1 else ''}..."):
        outcomes = run_all(runner, jobs)

    executables = [executable_from_outcome(path, outcomes[("version", path)]) for path in paths]
    first = executables[0] if executables else None
    newer = newer_later(executables)

    statuses: list[ProfileStatus] = []
    # Every SSO cache file read once for all profiles (a scan per profile was quadratic).
    sso_index = scan_sso_cache(env.home)
    for name in names:
        facts = _facts_after_calls(env, files, name, written.get(name), sso_index)
        status = describe_profile(facts, files, env.vars, now)
        check = _identity_check(name, files, aws, outcomes)
        apply_identity(status, check, first, newer)
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
                f"No profiles in {files.config_path} or {files.credentials_path}. "
                "Create one with `awslogin-helper`.",
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
    )


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
    from awslogin_helper.status_model import resolve_active

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


def _call(runner: Runner, args: Sequence[str], timeout: float) -> Outcome:
    try:
        return runner.run(args, timeout=timeout)
    except (CommandTimeout, CommandNotStarted, CommandOutputTooLarge) as exc:
        return exc


def run_all(runner: Runner, jobs: Mapping[Job, tuple[list[str], float]]) -> dict[Job, Outcome]:
    """Every call at once in one bounded pool; each is bounded in time by the runner."""
    if not jobs:
        return {}
    pool = ThreadPoolExecutor(min(MAX_WORKERS, len(jobs)), thread_name_prefix="aws-status")
    futures = {
        key: pool.submit(_call, runner, args, timeout) for key, (args, timeout) in jobs.items()
    }
    try:
        results = {key: future.result() for key, future in futures.items()}
    except BaseException:
        # Ctrl-C (or a bug): stop what is still running instead of waiting for it.
        pool.shutdown(wait=False, cancel_futures=True)
        runner.cancel_all()
        raise
    pool.shutdown(wait=True)
    return results


# --------------------------------------------------------------------------- human output

LABEL_WIDTH = 10


class _Writer:
    def __init__(self, ui: UI) -> None:
        self.ui = ui
        self.width = max(40, min(ui.console.width, 120))
        self._blank = True  # the last line written was blank (or nothing was written yet)
        self.fixes_shown = 0  # "see Fix above" only when there is one

    def line(self, text: str = "", style: str = "") -> None:
        if not text and self._blank:
            return  # one blank line between blocks, never two
        self._blank = not text
        # clean(): values from files and the AWS CLI are shown printable and shortened.
        self.ui.console.print(Text(clean(text), style=style))

    def marked(self, mark: str, text: str, *, indent: int = 0, style: str = "") -> None:
        prefix = " " * indent + self.ui.marks[mark] + " "
        lines = self._wrap(text, len(prefix))
        out = Text(" " * indent)
        out.append(self.ui.marks[mark] + " ", style=_MARK_STYLES[mark])
        out.append(lines[0], style=style)
        self.ui.console.print(out)
        self._blank = False
        for rest in lines[1:]:
            self.line(" " * len(prefix) + rest)

    def field(self, label: str, text: str, *, command: bool = False) -> None:
        indent = 2 + LABEL_WIDTH
        lines = self._wrap(text, indent, command=command)
        first = Text("  " + label.ljust(LABEL_WIDTH - 1) + " ", style="dim")
        first.append(lines[0], style="bold" if command else "")
        self.ui.console.print(first)
        self._blank = False
        if label == "Fix" or (command and not label):
            self.fixes_shown += 1
        for rest in lines[1:]:
            self.line(" " * indent + rest, style="bold" if command else "")

    def _wrap(self, text: str, indent: int, *, command: bool = False) -> list[str]:
        room = max(20, self.width - indent)
        # Shortened before wrapping, so a 5 MB value costs linear time, not minutes.
        text = clean(text, LONG_COMMAND_WORD if command else LONG_WORD)
        if command:
            # A command is never split at its spaces; one longer than the line (a very long
            # path) is cut into full-width pieces so that no line passes the terminal's width.
            return [text[i : i + room] for i in range(0, len(text), room)] or [""]
        lines = textwrap.wrap(text, room, break_long_words=True, break_on_hyphens=False)
        return lines or [""]

    def prose(self, text: str, indent: int = 0, style: str = "") -> None:
        for piece in self._wrap(text, indent):
            self.line(" " * indent + piece, style=style)

    def command(self, text: str, indent: int) -> None:
        for piece in self._wrap(text, indent, command=True):
            self.line(" " * indent + piece, style="bold")


_MARK_STYLES = {
    "ok": "bold green",
    "warn": "bold yellow",
    "error": "bold red",
    "info": "cyan",
    "arrow": "dim",
}
_STATUS_MARK = {"ok": "ok", "warning": "warn", "error": "error"}
_STATUS_WORDS = {"ok": "works", "warning": "works, with a warning", "error": "does not work"}
_REGION_SOURCES = {"profile": "from the profile"}


def render(report: StatusReport, ui: UI, now: datetime, shells: Sequence[str]) -> None:
    w = _Writer(ui)
    _render_aws(report, w)
    _render_active(report, w)
    attention = [p for p in report.profiles if p.status == "error" or p.works is None]
    if report.selected is None:
        w.line(f"Profiles: {len(report.profiles)}", style="bold")
        w.prose(f"from {report.config_file} and {report.credentials_file}", indent=2)
    for status in problems_first(report.profiles):
        w.line()
        _render_profile(status, w, now)
    if report.warnings:
        w.line()
        w.line("Warnings", style="bold")
        for warning in report.warnings:
            _render_warning(warning, w)
    w.line()
    if report.needs_attention:
        count = len(attention)
        what = (
            f"{count} of {len(report.profiles)} profile{'s' if len(report.profiles) != 1 else ''}"
            f" need{'s' if count == 1 else ''} attention"
            if count
            else "The environment needs attention"
        )
        if not report.profiles and not count:
            what = "Nothing works yet"
        w.marked("error", f"{what}: {_next_step(report, w)}")
    else:
        count = len(report.profiles)
        w.marked("ok", "The profile works." if count == 1 else f"All {count} profiles work.")


def _next_step(report: StatusReport, w: _Writer) -> str:
    """The closing line's pointer: to a Fix shown above, else the one step there is."""
    if w.fixes_shown:
        return "see Fix above."
    if report.warnings:  # they carry their own remedy (no aws on PATH, no profiles, ...)
        return "see Warnings above."
    if not report.aws_executables:
        return f"install AWS CLI v2 (2.32.0 or later): {INSTALL_GUIDE}"
    if not report.profiles:
        return "sign in with `awslogin-helper`."
    return "see Problem above."


def _render_aws(report: StatusReport, w: _Writer) -> None:
    w.line("AWS CLI on PATH (the first one is what `aws` runs)", style="bold")
    if not report.aws_executables:
        w.marked("error", "no aws on PATH: identities are unknown", indent=2)
    for index, exe in enumerate(report.aws_executables):
        mark = "ok" if exe.supports_login else "warn"
        if index > 0:
            mark = "info"
        w.marked(mark, f"{exe.path}: {exe.describe()}", indent=2)
    w.line()


def _render_active(report: StatusReport, w: _Writer) -> None:
    active = report.active
    w.line("Without --profile, `aws` uses", style="bold")
    mark = "ok" if active.works else "warn" if active.works is None else "error"
    if active.source == "env":
        key = f" (key ****{active.key_id_last4})" if active.key_id_last4 else ""
        text = f"environment variables {', '.join(active.env_vars)}{key}"
        if active.shadowed_by_env:
            text += f", which win over profile {active.profile}"
            mark = "warn" if active.works is not False else mark
        if active.partial_env:
            mark = "error"
        elif active.works is None:
            mark = "warn"
        w.marked(mark, text, indent=2)
    else:
        how = (
            f"from {active.source}={active.profile}"
            if active.source != "default"
            else "no AWS_PROFILE is set"
        )
        if not active.profile_exists:
            if active.source == "default":
                w.marked("info", f"profile default ({how}), which does not exist", indent=2)
            else:
                w.marked(
                    "error", f"profile {active.profile} ({how}), which does not exist", indent=2
                )
            w.line()
            return
        if active.works is None and not active.problem and report.selected is not None:
            mark = "info"  # not checked: nothing to warn about
        w.marked(mark, f"profile {active.profile} ({how})", indent=2)
    if active.arn:
        w.line(f"    works as {active.arn}")
    elif active.problem:
        label = "problem" if active.works is False else "unknown"
        # Problems that leave it open already say so ("unknown: no aws on PATH").
        shown = active.problem.removeprefix("unknown: ")
        w.line(f"    {label}: {shown}")
    elif active.works is None and report.selected is not None:
        w.line(f"    not checked (status --profile {report.selected} checks that profile only)")
    w.line()


def _render_profile(status: ProfileStatus, w: _Writer, now: datetime) -> None:
    state = status.status
    if status.works is None:
        word = "cannot be checked"
    elif state == "error" and not status.exists:
        word = "does not exist"
    else:
        word = _STATUS_WORDS[state]
    w.marked(_STATUS_MARK[state], f"{status.name}: {word}", style="bold")
    if status.exists:
        _render_settings(status, w)
    if status.arn:
        w.field("Identity", status.arn)
    if status.kind is CredentialKind.LOGIN:
        _render_login_expiry(status, w, now)
    if status.sso_token_expires_at is not None:
        expires = status.sso_token_expires_at
        verb = "expired" if expires <= now else "expires"
        w.field("Token", f"SSO token {verb} {when(expires, now)}")
    if status.cache_file_world_readable and status.cache_file:
        w.field("Cache", "readable by other users (see the warning below)")
    if status.problem:
        w.field("Problem", status.problem)
    if status.fix:
        w.field("Fix", status.fix, command=True)
    if status.advice:
        w.field("Advice", status.advice)
    if status.advice_command:
        w.field("", status.advice_command, command=True)


def _render_settings(status: ProfileStatus, w: _Writer) -> None:
    kind = status.kind_label
    if status.key_id_last4:
        kind += f" (key ****{status.key_id_last4})"
    w.field("Kind", kind)
    if status.role_arn:
        w.field("Role", status.role_arn)
    if status.source_profile:
        w.field("Source", f"profile {status.source_profile}")
    elif status.credential_source:
        w.field("Source", f"credential_source {status.credential_source}")
    if status.sso_start_url:
        w.field("SSO URL", status.sso_start_url)
    region = status.region or "not set"
    if status.region_source:
        source = _REGION_SOURCES.get(status.region_source, "from " + status.region_source)
        region += f" ({source})"
    w.field("Region", f"{region}, partition {status.partition}")


def _render_login_expiry(status: ProfileStatus, w: _Writer, now: datetime) -> None:
    expires = status.credentials_expire_at
    if expires is None:
        if status.cache_file:
            w.field("Cache", f"no login cache at {status.cache_file}")
        return
    if expires > now:
        w.field("Expires", f"credentials {when(expires, now)}, renewed until the session ends")
    else:
        w.field("Expires", f"credentials expired {when(expires, now)}; renewed on next use")
    if status.session_ends_estimate is not None:
        ends = status.session_ends_estimate
        verb = "ended by" if ends <= now else "ends by"
        w.field("Session", f"{verb} {when(ends, now)} at the latest")
        w.field("", f"(estimate: {status.session_estimate_basis})")


def _render_warning(warning: StatusWarning, w: _Writer) -> None:
    w.marked("warn", warning.message)
    for shell, lines in warning.fix.items():
        if shell:
            w.line(f"    {shell}:")
        for line in lines:
            w.command(line, 6 if shell else 4)
