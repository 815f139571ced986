"""The `tools` command and what it prints: one line per consumer, each fix on its own line.

Human text goes to stdout in the current language; `--json` is English with a stable schema
(docs/tools.md). Exit 0 when every consumer found can read the profile (or its version is
unknown), 1 (NEEDS_ATTENTION) when at least one that runs cannot.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from awslogin_helper.awsconfig import AwsFiles, ConfigFileError, load_aws_files
from awslogin_helper.edges.environment import Environment
from awslogin_helper.edges.ui import UI, make_console
from awslogin_helper.errors import HelperError
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.quoting import option, shell_command
from awslogin_helper.shells import SHELL_LABELS, unset_lines
from awslogin_helper.tools import problems, scan
from awslogin_helper.tools.model import Consumer, Fix, FixKind, Verdict
from awslogin_helper.words import _, tr

if TYPE_CHECKING:
    from awslogin_helper.state import Context

SCHEMA_VERSION = 1
_MARK = {Verdict.OK: "success", Verdict.CANNOT: "error", Verdict.UNKNOWN: "warn"}


def bridge_name(profile: str) -> str:
    return f"{profile}-process"


def bridge_command(profile: str, shell: str = "posix") -> str:
    return shell_command(["awslogin-helper", "bridge", profile], shell)


def _headline(consumer: Consumer) -> str:
    name = _(consumer.name)
    # A Python environment's or a project's versions are its SDK's: the reason names them.
    own = consumer.version and consumer.kind not in ("python", "node")
    head = tr("{name} {version}", name=name, version=consumer.version) if own else name
    if consumer.shadowed:
        return tr(
            "{head} ({where}; a plain {command} runs an earlier one): {reason}",
            head=head,
            where=consumer.where,
            command="`aws`",
            reason=consumer.reason.shown(),
        )
    reason = consumer.reason.shown()
    return tr("{head} ({where}): {reason}", head=head, where=consumer.where, reason=reason)


def show_fix(ui: UI, fix: Fix, profile: str, shells: tuple[str, ...]) -> None:
    """The one fix: a hint, then the command on a line of its own (never wrapped)."""
    if fix.kind is FixKind.COMMAND:
        ui.hint(_("Fix it with:"))
        ui.command(fix.command(shells[0]) or "")
    elif fix.kind is FixKind.BRIDGE:
        ui.hint(
            tr(
                "Let it read the bridge profile {bridge} instead; add it with:",
                bridge=bridge_name(profile),
            )
        )
        ui.command(bridge_command(profile, shells[0]))
    elif fix.kind is FixKind.UPGRADE:
        ui.hint(_("Upgrade it:") if fix.url else _("Upgrade it."))
        if fix.url:
            ui.command(fix.url)  # a URL stays whole, on a line of its own
    elif fix.kind is FixKind.UNSET and fix.variable:
        ui.hint(tr("Unset {variable} where it runs:", variable=fix.variable))
        for shell in shells:
            for line in unset_lines(shell, [fix.variable]):
                shown = line if len(shells) == 1 else f"{line}    # {SHELL_LABELS[shell]}"
                ui.command(shown)
    elif fix.text is not None:
        ui.hint(fix.text.shown())


def render(ui: UI, profile: str, consumers: list[Consumer], shells: tuple[str, ...]) -> None:
    ui.title(tr("Can your tools read profile {profile}?", profile=profile))
    if not consumers:
        ui.info(_("No AWS tools were found on PATH, in Python environments or in this project."))
        return
    for consumer in consumers:
        # A shadowed CLI never runs as `aws`: a warning, not a failure.
        mark = "warn" if consumer.shadowed else _MARK[consumer.verdict]
        getattr(ui, mark)(_headline(consumer))
        if consumer.fix is not None and consumer.verdict is Verdict.CANNOT:
            show_fix(ui, consumer.fix, profile, shells)
    cannot = [c for c in consumers if c.is_problem]
    if cannot:
        ui.warn(tr("{count} of {total} cannot read it.", count=len(cannot), total=len(consumers)))
    else:
        ui.success(_("Every tool that runs can read it (or its version is unknown)."))


def _fix_json(fix: Fix | None, profile: str) -> dict[str, Any] | None:
    if fix is None:
        return None
    argv = list(fix.argv)
    if fix.kind is FixKind.BRIDGE:
        argv = ["awslogin-helper", "bridge", profile]
    return {
        "kind": fix.kind.value,
        "command": shell_command(argv) if argv else None,
        "argv": argv or None,
        "url": fix.url,
        "variable": fix.variable,
        "text": fix.text.english() if fix.text is not None else None,
        "bridge_profile": bridge_name(profile) if fix.kind is FixKind.BRIDGE else None,
    }


def to_json(profile: str, login: bool, consumers: list[Consumer]) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "profile": profile,
        "login_session": login,
        "needs_attention": any(c.is_problem for c in consumers),
        "consumers": [
            {
                "kind": c.kind,
                "name": c.name,
                "where": c.where,
                "version": c.version,
                "verdict": c.verdict.value,
                "reason": c.reason.english(),
                "shadowed": c.shadowed,
                "uses_bridge": c.uses_bridge,
                "details": dict(c.details),
                "fix": _fix_json(c.fix, profile),
            }
            for c in consumers
        ],
    }


def _load(env: Environment) -> AwsFiles:
    try:
        return load_aws_files(env.vars, env.home)
    except ConfigFileError as exc:
        hints = [tr("Fix it with: {command}", command=exc.fix)] if exc.fix else []
        raise HelperError(
            tr("Cannot read {path}: {reason}", path=exc.path, reason=exc.reason),
            ExitCode.CONFIG_ERROR,
            hints,
        ) from None


def run_tools(
    env: Environment,
    ui: UI,
    *,
    profile: str | None,
    as_json: bool,
    stdout: IO[str] | None = None,
) -> ExitCode:
    files = _load(env)
    # The AWS CLI's own order: --profile, then AWS_DEFAULT_PROFILE, then AWS_PROFILE.
    name = profile or env.get("AWS_DEFAULT_PROFILE") or env.get("AWS_PROFILE") or "default"
    found = files.profile(name)
    if found is None and (profile or name != "default"):
        raise HelperError(
            tr(
                "There is no profile {name} in {config} or {credentials}.",
                name=name,
                config=files.config_path,
                credentials=files.credentials_path,
            ),
            ExitCode.NOT_FOUND,  # as `bridge` and `retire-keys` say it
            [
                tr(
                    "Sign it in with: {command}",
                    command=f"`{shell_command(['awslogin-helper', *option('--profile', name)])}`",
                )
            ],
        )
    login = found is not None and found.get("login_session") is not None
    consumers = scan(name, env, files)
    out = stdout if stdout is not None else sys.stdout
    if as_json:
        out.write(json.dumps(to_json(name, login, consumers), indent=2) + "\n")
    else:
        if not login:
            ui.info(
                tr(
                    "Profile {name} does not use {login} yet; this says which tools could "
                    "read it once it does.",
                    name=name,
                    login="`aws login`",
                )
            )
        console = make_console(env.vars, no_color=ui.console.no_color, stderr=False, file=out)
        render(UI(console), name, consumers, env.shells())
    out.flush()
    return ExitCode.NEEDS_ATTENTION if any(c.is_problem for c in consumers) else ExitCode.OK


def after_login(ctx: Context) -> None:
    """After a successful sign-in: one line per tool that cannot read the profile, with its
    fix. Nothing when there is none; a scan that fails says nothing either (the sign-in
    itself worked, and `awslogin-helper tools` reports the same in full)."""
    ui, env, profile, found_aws = ctx.ui, ctx.env, ctx.progress.profile, ctx.found
    # The one `aws` the wizard ran: its version is known without reading any file.
    known = (Path(found_aws.aws), str(found_aws.cli)) if found_aws.aws and found_aws.cli else None
    try:
        found = problems(profile, env, found_aws.files, known_aws=known)
    except Exception:  # a best-effort note must never turn a working sign-in into exit 70
        return
    if not found:
        return
    ui.warn(tr("Some tools here cannot read profile {profile} yet:", profile=profile))
    shells = env.shells()
    for consumer in found:
        ui.detail(_headline(consumer))  # indented under the warning: one line per problem
        if consumer.fix is not None:
            show_fix(ui, consumer.fix, profile, shells)
