"""`status --verbose`: every detail, one labelled line each (and the shared header lines).

Where each profile is written, its settings (region, role, source, SSO start URL and
session), expiry with the basis of the session estimate, the whole cause with the AWS CLI's
own error line, and the fix. The default screen (render.py) keeps two or three lines of it.
"""

from __future__ import annotations

from datetime import datetime

from awslogin_helper.awsconfig import CredentialKind
from awslogin_helper.status.active import Active
from awslogin_helper.status.model import KIND_LABELS, ProfileStatus, when
from awslogin_helper.status.report import StatusReport
from awslogin_helper.status.verdicts import unknown_cause
from awslogin_helper.status.writer import Piece, Writer
from awslogin_helper.words import N_, _, tr

# The labels, translated where they are drawn (`Writer.field`).
FIX_LABEL = N_("Fix")

STATUS_MARK = {"ok": "ok", "warning": "warn", "error": "error"}
_STATUS_WORDS = {
    "ok": N_("{name}: works"),
    "warning": N_("{name}: works, with a warning"),
    "error": N_("{name}: does not work"),
}


def head(status: ProfileStatus) -> str:
    """`NAME: works` (or does not, cannot be checked, does not exist)."""
    if status.works is None:
        return tr("{name}: cannot be checked", name=status.name)
    if status.status == "error" and not status.exists:
        return tr("{name}: does not exist", name=status.name)
    return tr(_STATUS_WORDS[status.status], name=status.name)


def kind_text(status: ProfileStatus) -> str:
    kind = _(KIND_LABELS[status.kind])
    if status.key_id_last4:
        kind = tr("{kind} (key {key})", kind=kind, key="****" + status.key_id_last4)
    return kind


# --------------------------------------------------------------------------- header


def aws_lines(report: StatusReport, w: Writer) -> None:
    w.line(tr("AWS CLI on PATH (the first one is what {aws} runs)", aws="`aws`"), style="bold")
    if not report.aws_executables:
        w.marked("error", _("no aws on PATH: identities are unknown"), indent=2)
    for index, exe in enumerate(report.aws_executables):
        mark = "info" if index > 0 else "ok" if exe.supports_login else "warn"
        w.marked(mark, f"{exe.path}: {exe.describe().shown()}", indent=2)
    w.blank()


def env_text(active: Active) -> str:
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


def profile_text(active: Active, *, missing: bool) -> str:
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


def active_mark(report: StatusReport) -> str:
    active = report.active
    mark = "ok" if active.works else "warn" if active.works is None else "error"
    if active.source == "env":
        if active.shadowed_by_env and active.works is not False:
            mark = "warn"
        if active.partial_env:
            return "error"
        return "warn" if active.works is None else mark
    if not active.profile_exists:
        return "info" if active.source == "default" else "error"
    if active.works is None and not active.problem and report.selected is not None:
        return "info"  # not checked: nothing to warn about
    return mark


def active_what(report: StatusReport) -> str:
    active = report.active
    if active.source == "env":
        return env_text(active)
    return profile_text(active, missing=not active.profile_exists)


def active_outcome(report: StatusReport) -> str | None:
    """Whom the bare `aws` works as, what is wrong with it, or why it was not checked."""
    active = report.active
    if active.source != "env" and not active.profile_exists:
        return None
    if active.arn:
        return tr("works as {arn}", arn=active.arn)
    if active.problem:
        # Problems that leave it open already say so ("unknown: no aws on PATH").
        shown = (unknown_cause(active.problem) or active.problem).shown()
        if active.works is False:
            return tr("problem: {problem}", problem=shown)
        return tr("unknown: {problem}", problem=shown)
    if active.works is None and report.selected is not None:
        command = f"status --profile {report.selected}"
        return tr("not checked ({command} checks that profile only)", command=command)
    return None


def active_lines(report: StatusReport, w: Writer) -> None:
    w.line(tr("Without {flag}, {aws} uses", flag="--profile", aws="`aws`"), style="bold")
    w.marked(active_mark(report), active_what(report), indent=2)
    outcome = active_outcome(report)
    if outcome:
        w.prose(outcome, indent=4)
    w.blank()


# --------------------------------------------------------------------------- one profile


def profile_block(status: ProfileStatus, w: Writer, now: datetime) -> None:
    w.flow([Piece(head(status))], rest="  ", mark=STATUS_MARK[status.status], style="bold")
    if status.exists:
        _settings(status, w)
    if status.arn:
        w.field(N_("Identity"), status.arn)
    if status.kind is CredentialKind.LOGIN:
        _login_expiry(status, w, now)
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


def _settings(status: ProfileStatus, w: Writer) -> None:
    for path, line in status.defined_in:
        where = tr("{path}, line {line}", path=path, line=line) if line else path
        w.field(N_("File"), where)
    w.field(N_("Kind"), kind_text(status))
    if status.role_arn:
        w.field(N_("Role"), status.role_arn)
    if status.source_profile:
        w.field(N_("Source"), tr("profile {name}", name=status.source_profile))
    elif status.credential_source:
        w.field(N_("Source"), f"credential_source {status.credential_source}")
    if status.sso_start_url:
        w.field(N_("SSO URL"), status.sso_start_url)
    if status.sso_session:
        w.field(N_("Session"), f"sso-session {status.sso_session}")
    region = status.region or _("not set")
    if status.region_source == "profile":
        region = tr("{region} (from the profile)", region=region)
    elif status.region_source:
        region = tr("{region} (from {variable})", region=region, variable=status.region_source)
    w.field(
        N_("Region"),
        tr("{region}, partition {partition}", region=region, partition=status.partition),
    )


def _login_expiry(status: ProfileStatus, w: Writer, now: datetime) -> None:
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
