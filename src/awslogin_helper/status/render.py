"""The human `status` report on stdout: two or three lines a profile, like `gh auth status`.

    ✓ /usr/local/bin/aws: 2.34.50
    ✓ Without --profile, `aws` uses profile default (no AWS_PROFILE is set)

    X sso-legacy: does not work · IAM Identity Center (SSO)
      the IAM Identity Center (SSO) session has expired → aws sso login --profile sso-legacy
    ✓ default: works · aws login session
      arn:aws:iam::123456789012:user/DevAdmin · session ends in 11 h at the latest

Problems first; each profile says its state in words next to its mark (nothing depends on
colour), its kind, who it is or what is wrong in a few words (`verdicts.brief`), when it
expires, and the one command that fixes it. `--verbose` shows every detail (detail.py).
Warnings and the closing line are the same in both. Human text is in the current language.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from awslogin_helper.awsconfig import CredentialKind
from awslogin_helper.checks.versions import INSTALL_GUIDE, LOGIN_MIN_VERSION
from awslogin_helper.edges.ui import UI
from awslogin_helper.status import detail
from awslogin_helper.status.choose import NOT_CHECKED
from awslogin_helper.status.model import ProfileStatus, relative
from awslogin_helper.status.report import StatusReport, problems_first
from awslogin_helper.status.verdicts import brief
from awslogin_helper.status.warnings import StatusWarning
from awslogin_helper.status.writer import Piece, Writer
from awslogin_helper.words import _, tr

CHECK_ALL = "awslogin-helper status --check all"


def render(
    report: StatusReport,
    ui: UI,
    now: datetime,
    shells: Sequence[str],
    *,
    verbose: bool = False,
) -> None:
    w = Writer(ui)
    if verbose:
        detail.aws_lines(report, w)
        detail.active_lines(report, w)
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
    else:
        _aws_line(report, w)
        _active_line(report, w)
    asked = None if report.checked is None else set(report.checked)
    for status in problems_first(report.profiles):
        if verbose:
            w.blank()
            detail.profile_block(status, w, now)
        else:
            # Told by the token caches alone (`--check`): say so, the reader may want to ask.
            local = asked is not None and status.name not in asked
            told = local and status.problem_code not in (NOT_CHECKED, "no-aws")
            _profile_lines(status, w, now, local=told)
    fixes = w.commands_shown  # the warnings' own lines are not what the closing points at
    if report.warnings:
        w.blank()
        w.line(_("Warnings"), style="bold")
        for warning in report.warnings:
            _warning(warning, w)
    w.blank()
    _closing(report, w, fixes, verbose=verbose)
    w.flush()


# --------------------------------------------------------------------------- header


def _aws_line(report: StatusReport, w: Writer) -> None:
    """The `aws` that runs (every one on PATH with --verbose; the warnings name a better one)."""
    if not report.aws_executables:
        w.marked("error", _("no aws on PATH: identities are unknown"))
        return
    exe = report.aws_executables[0]
    mark = "ok" if exe.supports_login else "warn"
    w.flow([Piece(exe.path), Piece(exe.describe().shown(), sep=": ")], mark=mark)


def _active_line(report: StatusReport, w: Writer) -> None:
    """What a bare `aws` uses; whom it works as only when no profile below says so."""
    what = tr(
        "Without {flag}, {aws} uses {what}",
        flag="--profile",
        aws="`aws`",
        what=detail.active_what(report),
    )
    w.marked(detail.active_mark(report), what)
    active = report.active
    below = any(p.name == active.profile for p in report.profiles)
    outcome = detail.active_outcome(report)
    if outcome and (active.source == "env" or not below):  # else its profile says it below
        w.prose(outcome, indent=2)
    w.blank()


# --------------------------------------------------------------------------- one profile


def _profile_lines(status: ProfileStatus, w: Writer, now: datetime, *, local: bool = False) -> None:
    first = [Piece(detail.head(status))]
    if status.exists:
        first.append(Piece(detail.kind_text(status)))
    w.flow(first, mark=detail.STATUS_MARK[status.status], style="bold")
    pieces: list[Piece] = []
    if status.arn:
        pieces.append(Piece(status.arn))
    if status.works:
        pieces.extend(Piece(text) for text in _expiry(status, now))
    elif status.problem and status.exists:  # "does not exist" is said already
        pieces.append(Piece(brief(status.problem).shown()))
    if status.fix:
        pieces.append(w.fix(status.fix))
    if local:
        pieces.append(Piece(_("from the files, not checked with AWS")))
    if status.cache_file_world_readable and status.cache_file:
        pieces.append(Piece(_("its token cache can be read by other users (see Warnings)")))
    if status.advice:
        keys = status.kind is CredentialKind.LONG_TERM_KEYS
        pieces.append(Piece(_("long-term keys never expire") if keys else status.advice.shown()))
    if status.advice_command:
        pieces.append(w.fix(status.advice_command))
    if pieces:
        w.flow(pieces, first="  ", rest="  ")


def _expiry(status: ProfileStatus, now: datetime) -> list[str]:
    """When a working profile stops working: the session's end, the SSO token's expiry."""
    ends = status.session_ends_estimate
    if status.kind is CredentialKind.LOGIN and ends is not None and ends > now:
        # An estimate (12 h after the cache was last written), so "at the latest".
        return [tr("session ends {relative} at the latest", relative=relative(ends, now))]
    expires = status.sso_token_expires_at
    if expires is not None:
        moment = relative(expires, now)
        if expires <= now:
            return [tr("SSO token expired {relative}", relative=moment)]
        return [tr("SSO token expires {relative}", relative=moment)]
    return []


# --------------------------------------------------------------------------- the rest


def _warning(warning: StatusWarning, w: Writer) -> None:
    w.marked("warn", warning.message.shown())
    for shell, lines in warning.fix.items():
        if shell:
            w.prose(f"{shell}:", indent=4)
        for line in lines:
            w.command(line, 6 if shell else 4)


def _closing(report: StatusReport, w: Writer, fixes: int, *, verbose: bool) -> None:
    unasked = [p for p in report.profiles if p.problem_code == NOT_CHECKED]
    if not report.needs_attention and unasked:
        text = tr(
            "{count} of {total} profiles were not checked with AWS",
            count=len(unasked),
            total=len(report.profiles),
        )
        w.flow([Piece(text), w.fix(CHECK_ALL)], mark="warn")
        return
    if not report.needs_attention:
        count = len(report.profiles)
        w.marked(
            "ok",
            _("The profile works.")
            if count == 1
            else tr("All {count} profiles work.", count=count),
        )
        return
    attention = [
        p
        for p in report.profiles
        if p.status == "error" or (p.works is None and p.problem_code != NOT_CHECKED)
    ]
    what = _attention(len(attention), len(report.profiles))
    w.marked("error", tr("{what}: {step}", what=what, step=_next_step(report, fixes, verbose)))


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


def _next_step(report: StatusReport, fixes: int, verbose: bool) -> str:
    """The closing line's pointer: to a fix shown above, else the one step there is."""
    if fixes:
        if verbose:
            return _("see Fix above.")
        if fixes == 1:
            return _("run the command shown above.")
        return _("run the commands shown above.")
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
    return _("see Problem above.") if verbose else _("see the profiles above.")
