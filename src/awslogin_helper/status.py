"""`awslogin-helper status`: each profile, what it holds, who it is, when it expires, what wins.

This module does the I/O: it reads the files and token caches, runs every AWS CLI call at once
in one bounded pool, and prints the report (human text or JSON) on stdout. The decisions live
in `status_model.py`, which tests drive with fake answers.

The human report is in the current language (`words`): the model's `Message`s are translated
here (`shown()`), and so are the labels and headings; `--json` is rendered in English.
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
from awslogin_helper.checks.versions import INSTALL_GUIDE, LOGIN_MIN_VERSION
from awslogin_helper.edges.environment import Environment
from awslogin_helper.edges.runner import (
    CommandNotStarted,
    CommandOutputTooLarge,
    CommandTimeout,
    Runner,
)
from awslogin_helper.edges.ui import LONG_COMMAND_WORD, LONG_WORD, UI, clean, make_console
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.quoting import option
from awslogin_helper.status_model import (
    IDENTITY_TIMEOUT,
    KIND_LABELS,
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
    say,
    skipped_cache_warnings,
    unknown_cause,
    when,
)
from awslogin_helper.words import N_, _, cells, has_wide, tr, wrap_cells

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
        if exc.line is not None:
            ui.error(
                tr(
                    "Cannot read line {line} of {path}: {reason}",
                    line=exc.line,
                    path=exc.path,
                    reason=exc.reason,
                )
            )
        else:
            ui.error(tr("Cannot read {path}: {reason}", path=exc.path, reason=exc.reason))
        if exc.fix:
            ui.hint(tr("Fix it with: {command}", command=exc.fix))
        ui.hint(_("The AWS CLI cannot read this file either; fix it, then run status again."))
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
    checking = (
        tr("Checking {count} profile...", count=count)
        if count == 1
        else tr("Checking {count} profiles...", count=count)
    )
    with ui.waiting(checking):
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
# The labels, translated where they are drawn (`_Writer.field`).
FIX_LABEL = N_("Fix")


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
        """`label` is the English msgid ("" for a continuation): translated and padded here."""
        indent = 2 + LABEL_WIDTH
        shown = _(label) if label else ""
        # Padded in terminal cells: a Chinese label is two cells a character.
        pad = " " * max(1, LABEL_WIDTH - cells(shown))
        # A translated label wider than the column pushes the text right: wrap it narrower.
        lines = self._wrap(text, max(indent, 2 + cells(shown + pad)), command=command)
        first = Text("  " + shown + pad, style="dim")
        first.append(lines[0], style="bold" if command else "")
        self.ui.console.print(first)
        self._blank = False
        if label == FIX_LABEL or (command and not label):
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
        if has_wide(text):
            # Chinese: measured in terminal cells, broken between characters too; a word longer
            # than the line (a path) is cut, as `break_long_words` does for English.
            return [
                piece for line in wrap_cells(text, room, fold=True) for piece in _cut(line, room)
            ] or [""]
        lines = textwrap.wrap(text, room, break_long_words=True, break_on_hyphens=False)
        return lines or [""]

    def prose(self, text: str, indent: int = 0, style: str = "") -> None:
        for piece in self._wrap(text, indent):
            self.line(" " * indent + piece, style=style)

    def command(self, text: str, indent: int) -> None:
        for piece in self._wrap(text, indent, command=True):
            self.line(" " * indent + piece, style="bold")


def _cut(line: str, room: int) -> list[str]:
    """`line` in pieces of at most `room` terminal cells."""
    pieces, piece, used = [], "", 0
    for char in line:
        width = cells(char)
        if piece and used + width > room:
            pieces.append(piece)
            piece, used = "", 0
        piece += char
        used += width
    return [*pieces, piece]


_MARK_STYLES = {
    "ok": "bold green",
    "warn": "bold yellow",
    "error": "bold red",
    "info": "cyan",
    "arrow": "dim",
}
_STATUS_MARK = {"ok": "ok", "warning": "warn", "error": "error"}
_STATUS_WORDS = {
    "ok": N_("{name}: works"),
    "warning": N_("{name}: works, with a warning"),
    "error": N_("{name}: does not work"),
}


def render(report: StatusReport, ui: UI, now: datetime, shells: Sequence[str]) -> None:
    w = _Writer(ui)
    _render_aws(report, w)
    _render_active(report, w)
    attention = [p for p in report.profiles if p.status == "error" or p.works is None]
    if report.selected is None:
        w.line(tr("Profiles: {count}", count=len(report.profiles)), style="bold")
        w.prose(
            tr(
                "from {config} and {credentials}",
                config=report.config_file,
                credentials=report.credentials_file,
            ),
            indent=2,
        )
    for status in problems_first(report.profiles):
        w.line()
        _render_profile(status, w, now)
    if report.warnings:
        w.line()
        w.line(_("Warnings"), style="bold")
        for warning in report.warnings:
            _render_warning(warning, w)
    w.line()
    if report.needs_attention:
        w.marked(
            "error",
            tr(
                "{what}: {step}",
                what=_attention(len(attention), len(report.profiles)),
                step=_next_step(report, w),
            ),
        )
    else:
        count = len(report.profiles)
        w.marked(
            "ok",
            _("The profile works.")
            if count == 1
            else tr("All {count} profiles work.", count=count),
        )


def _attention(count: int, total: int) -> str:
    """The closing line's lead: how many profiles need attention (each plural its sentence)."""
    if not total and not count:
        return _("Nothing works yet")
    if not count:
        return _("The environment needs attention")
    if count == 1 and total == 1:
        return tr("{count} of {total} profile needs attention", count=count, total=total)
    if count == 1:
        return tr("{count} of {total} profiles needs attention", count=count, total=total)
    return tr("{count} of {total} profiles need attention", count=count, total=total)


def _next_step(report: StatusReport, w: _Writer) -> str:
    """The closing line's pointer: to a Fix shown above, else the one step there is."""
    if w.fixes_shown:
        return _("see Fix above.")
    if report.warnings:  # they carry their own remedy (no aws on PATH, no profiles, ...)
        return _("see Warnings above.")
    if not report.aws_executables:
        return tr(
            "install AWS CLI v2 ({minimum} or later): {url}",
            minimum=str(LOGIN_MIN_VERSION),
            url=INSTALL_GUIDE,
        )
    if not report.profiles:
        return tr("sign in with `{command}`.", command="awslogin-helper")
    return _("see Problem above.")


def _render_aws(report: StatusReport, w: _Writer) -> None:
    w.line(tr("AWS CLI on PATH (the first one is what {aws} runs)", aws="`aws`"), style="bold")
    if not report.aws_executables:
        w.marked("error", _("no aws on PATH: identities are unknown"), indent=2)
    for index, exe in enumerate(report.aws_executables):
        mark = "ok" if exe.supports_login else "warn"
        if index > 0:
            mark = "info"
        w.marked(mark, f"{exe.path}: {exe.describe().shown()}", indent=2)
    w.line()


def _env_text(active: Active) -> str:
    names = ", ".join(active.env_vars)
    key = f"****{active.key_id_last4}" if active.key_id_last4 else None
    if active.shadowed_by_env:
        if key:
            return tr(
                "environment variables {names} (key {key}), which win over profile {profile}",
                names=names,
                key=key,
                profile=active.profile,
            )
        return tr(
            "environment variables {names}, which win over profile {profile}",
            names=names,
            profile=active.profile,
        )
    if key:
        return tr("environment variables {names} (key {key})", names=names, key=key)
    return tr("environment variables {names}", names=names)


def _profile_text(active: Active, *, missing: bool) -> str:
    """`profile NAME (from AWS_PROFILE=NAME)`, and whether it exists."""
    name = active.profile
    if active.source == "default":
        variable = "AWS_PROFILE"
        if missing:
            return tr(
                "profile {name} (no {variable} is set), which does not exist",
                name=name,
                variable=variable,
            )
        return tr("profile {name} (no {variable} is set)", name=name, variable=variable)
    setting = f"{active.source}={active.profile}"
    if missing:
        return tr(
            "profile {name} (from {setting}), which does not exist", name=name, setting=setting
        )
    return tr("profile {name} (from {setting})", name=name, setting=setting)


def _render_active(report: StatusReport, w: _Writer) -> None:
    active = report.active
    w.line(tr("Without {flag}, {aws} uses", flag="--profile", aws="`aws`"), style="bold")
    mark = "ok" if active.works else "warn" if active.works is None else "error"
    if active.source == "env":
        if active.shadowed_by_env:
            mark = "warn" if active.works is not False else mark
        if active.partial_env:
            mark = "error"
        elif active.works is None:
            mark = "warn"
        w.marked(mark, _env_text(active), indent=2)
    else:
        if not active.profile_exists:
            missing = "info" if active.source == "default" else "error"
            w.marked(missing, _profile_text(active, missing=True), indent=2)
            w.line()
            return
        if active.works is None and not active.problem and report.selected is not None:
            mark = "info"  # not checked: nothing to warn about
        w.marked(mark, _profile_text(active, missing=False), indent=2)
    if active.arn:
        _indented(w, tr("works as {arn}", arn=active.arn))
    elif active.problem:
        # Problems that leave it open already say so ("unknown: no aws on PATH").
        cause = unknown_cause(active.problem) or active.problem
        shown = cause.shown()
        if active.works is False:
            _indented(w, tr("problem: {problem}", problem=shown))
        else:
            _indented(w, tr("unknown: {problem}", problem=shown))
    elif active.works is None and report.selected is not None:
        command = f"status --profile {report.selected}"
        _indented(w, tr("not checked ({command} checks that profile only)", command=command))
    w.line()


def _indented(w: _Writer, text: str) -> None:
    """A line under the active credentials: Chinese wraps in cells, under its indent."""
    if has_wide(text):
        w.prose(text, indent=4)
    else:
        w.line("    " + text)  # as it always was (a longer English line folds at the width)


def _render_profile(status: ProfileStatus, w: _Writer, now: datetime) -> None:
    state = status.status
    if status.works is None:
        head = tr("{name}: cannot be checked", name=status.name)
    elif state == "error" and not status.exists:
        head = tr("{name}: does not exist", name=status.name)
    else:
        head = tr(_STATUS_WORDS[state], name=status.name)
    w.marked(_STATUS_MARK[state], head, style="bold")
    if status.exists:
        _render_settings(status, w)
    if status.arn:
        w.field(N_("Identity"), status.arn)
    if status.kind is CredentialKind.LOGIN:
        _render_login_expiry(status, w, now)
    if status.sso_token_expires_at is not None:
        expires = status.sso_token_expires_at
        moment = when(expires, now)
        token = (
            tr("SSO token expired {when}", when=moment)
            if expires <= now
            else tr("SSO token expires {when}", when=moment)
        )
        w.field(N_("Token"), token)
    if status.cache_file_world_readable and status.cache_file:
        w.field(N_("Cache"), _("readable by other users (see the warning below)"))
    if status.problem:
        w.field(N_("Problem"), status.problem.shown())
    if status.fix:
        w.field(FIX_LABEL, status.fix, command=True)
    if status.advice:
        w.field(N_("Advice"), status.advice.shown())
    if status.advice_command:
        w.field("", status.advice_command, command=True)


def _render_settings(status: ProfileStatus, w: _Writer) -> None:
    kind = _(KIND_LABELS[status.kind])
    if status.key_id_last4:
        key = "****" + status.key_id_last4
        kind = tr("{kind} (key {key})", kind=kind, key=key)
    w.field(N_("Kind"), kind)
    if status.role_arn:
        w.field(N_("Role"), status.role_arn)
    if status.source_profile:
        w.field(N_("Source"), tr("profile {name}", name=status.source_profile))
    elif status.credential_source:
        w.field(N_("Source"), f"credential_source {status.credential_source}")
    if status.sso_start_url:
        w.field(N_("SSO URL"), status.sso_start_url)
    region = status.region or _("not set")
    if status.region_source == "profile":
        region = tr("{region} (from the profile)", region=region)
    elif status.region_source:
        region = tr("{region} (from {variable})", region=region, variable=status.region_source)
    w.field(
        N_("Region"),
        tr("{region}, partition {partition}", region=region, partition=status.partition),
    )


def _render_login_expiry(status: ProfileStatus, w: _Writer, now: datetime) -> None:
    expires = status.credentials_expire_at
    if expires is None:
        if status.cache_file:
            w.field(N_("Cache"), tr("no login cache at {path}", path=status.cache_file))
        return
    if expires > now:
        w.field(
            N_("Expires"),
            tr("credentials {when}, renewed until the session ends", when=when(expires, now)),
        )
    else:
        w.field(
            N_("Expires"),
            tr("credentials expired {when}; renewed on next use", when=when(expires, now)),
        )
    if status.session_ends_estimate is not None:
        ends = status.session_ends_estimate
        moment = when(ends, now)
        session = (
            tr("ended by {when} at the latest", when=moment)
            if ends <= now
            else tr("ends by {when} at the latest", when=moment)
        )
        w.field(N_("Session"), session)
        if status.session_estimate_basis is not None:
            basis = status.session_estimate_basis.shown()
            w.field("", tr("(estimate: {basis})", basis=basis))


def _render_warning(warning: StatusWarning, w: _Writer) -> None:
    w.marked("warn", warning.message.shown())
    for shell, lines in warning.fix.items():
        if shell:
            w.line(f"    {shell}:")
        for line in lines:
            w.command(line, 6 if shell else 4)
