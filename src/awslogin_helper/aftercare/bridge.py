"""`awslogin-helper bridge NAME`: a profile that tools unable to read `login_session` can use.

AWS documents the bridge ("Sharing Login credentials as process credentials"): a second
profile whose `credential_process` is `aws configure export-credentials --profile NAME
--format process`. Terraform's AWS provider, the JetBrains toolkit and Pulumi read
`credential_process` but not `login_session`; pointed at `NAME-process` they get the same
short-term credentials, refreshed by the AWS CLI (2.32.0+ on their PATH).

The command adds `[profile NAME-process]` to the config file (the region copied from NAME),
shows the change, asks once, and writes it through `configedit`. Run again, it finds the same
profile and says so (exit 0); a different profile of that name is never replaced (exit 10).
"""

from __future__ import annotations

from awslogin_helper.aftercare.common import (
    ask_once,
    declined,
    edit_failed,
    env_paths,
    load,
    now,
    show_changes,
    snapshot,
    unknown_profile,
)
from awslogin_helper.awsconfig import AwsFiles, Profile, validate_profile_name
from awslogin_helper.edges import configedit, configtext
from awslogin_helper.edges.configedit import EditError
from awslogin_helper.edges.environment import Environment
from awslogin_helper.edges.prompter import Prompter
from awslogin_helper.edges.ui import UI
from awslogin_helper.errors import HelperError
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.quoting import option, shell_command
from awslogin_helper.shells import set_line
from awslogin_helper.words import N_, _, tr

SUFFIX = "-process"
# The tools the facts file lists as unable to read `login_session` (they read the bridge).
KNOWN_CONSUMERS = (
    N_("the AWS Toolkit for JetBrains"),
    N_("the Terraform AWS provider"),
    N_("Pulumi"),
)


def bridge_name(name: str) -> str:
    return name + SUFFIX


def bridge_command(name: str) -> str:
    """The `credential_process` value, as AWS documents it.

    Written into the config file, never run by the helper: its output is the secret keys, for
    the AWS CLI and SDKs alone (the runner refuses it: `edges.runner.refusal`).
    """
    return shell_command(
        [
            "aws",
            "configure",
            "export-credentials",
            *option("--profile", name),
            "--format",
            "process",
        ]
    )


def bridge_settings(source: Profile) -> dict[str, str]:
    settings = {"credential_process": bridge_command(source.name)}
    region = (source.get("region") or "").strip()
    if region:
        settings["region"] = region
    return settings


def _same(existing: Profile, wanted: dict[str, str]) -> bool:
    if existing.in_credentials:
        return False  # a section in the credentials file would add to it, or beat it
    have = {key: " ".join(value.split()) for key, value in existing.config_settings.items()}
    return have == {key: " ".join(value.split()) for key, value in wanted.items()}


def run_bridge(
    env: Environment, ui: UI, prompter: Prompter, *, profile: str, yes: bool = False
) -> ExitCode:
    target = bridge_name(profile)
    problem = validate_profile_name(target)
    if problem:
        raise HelperError(
            tr(
                "The bridge profile name {name} is not usable: {problem}",
                name=target,
                problem=problem,
            ),
            ExitCode.USAGE,
        )
    # Read before anything is decided: the write compares the file with these very bytes.
    before = snapshot(env_paths(env)[0])
    files = load(env)
    source = files.profile(profile)
    if source is None:
        raise unknown_profile(profile, files)
    wanted = bridge_settings(source)
    existing = files.profile(target)
    if existing is not None:
        if _same(existing, wanted):
            ui.success(
                tr(
                    "Profile {name} is already the bridge for {source}; nothing to change.",
                    name=target,
                    source=profile,
                )
            )
            _say_who_uses_it(env, ui, profile, target, files)
            return ExitCode.OK
        raise _conflict(target, existing, files)
    if "login_session" not in source.settings:
        ui.warn(
            tr(
                "Profile {source} has no {setting}: the bridge passes on whatever credentials "
                "it has, but it is meant for a profile signed in with {login}.",
                source=profile,
                setting="login_session",
                login="`aws login`",
            )
        )
    header = configtext.config_header(target)
    change = configedit.Change(
        before, configtext.add_section(before.text, header, list(wanted.items()))
    )
    ui.info(tr("This adds profile {name} to {path}:", name=target, path=files.config_path))
    show_changes(ui, [change])
    if not ask_once(env, prompter, tr("Add profile {name}?", name=target), yes=yes):
        return declined(ui)
    try:
        [written] = configedit.commit([change], tag="bridge", now=now())
    except EditError as exc:
        raise edit_failed(exc) from None
    ui.success(tr("Added profile {name} to {path}.", name=target, path=files.config_path))
    if written.backup is not None:
        ui.detail(tr("The file as it was is in {path}.", path=written.backup))
    _say_who_uses_it(env, ui, profile, target, load(env))
    return ExitCode.OK


def _conflict(target: str, existing: Profile, files: AwsFiles) -> HelperError:
    where = files.credentials_path if existing.in_credentials else files.config_path
    return HelperError(
        tr(
            "Profile {name} already exists in {path} and is not the bridge this command "
            "writes; it stays as it is.",
            name=target,
            path=where,
        ),
        ExitCode.PROFILE_CONFLICT,
        [_("Rename or remove that profile, then run this again.")],
    )


def _found_here(env: Environment, profile: str, files: AwsFiles) -> list[str] | None:
    """The tools found on this machine that should read the bridge; None: no scan."""
    try:
        from awslogin_helper.tools import problems
    except ImportError:
        return None
    try:
        found = problems(profile, env, files)
    except Exception:  # the edit is done: a failed scan only loses the advice, never the run
        return None
    return [tr("{name} ({path})", name=_(c.name), path=c.where) for c in found if c.uses_bridge]


def _say_who_uses_it(env: Environment, ui: UI, profile: str, target: str, files: AwsFiles) -> None:
    found = _found_here(env, profile, files)
    if found:
        ui.info(
            tr(
                "Found here, and unable to read profile {source}; point them at {name}:",
                source=profile,
                name=target,
            )
        )
        for line in found:
            ui.detail(line)
    else:
        ui.info(
            tr(
                "Tools that cannot read a {setting} profile ({tools}) can use profile {name}.",
                setting="login_session",
                tools=", ".join(_(tool) for tool in KNOWN_CONSUMERS),
                name=target,
            )
        )
    ui.hint(_("Select it for the tools started from this shell:"))
    for shell in env.shells():
        ui.command(set_line(shell, "AWS_PROFILE", target))
    ui.hint(_("Check it:"))
    ui.command(shell_command(["aws", "sts", "get-caller-identity", *option("--profile", target)]))
