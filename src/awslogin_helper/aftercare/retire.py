"""`awslogin-helper retire-keys NAME [--undo]`: long-term keys moved aside, never deleted.

A profile holding `aws_access_key_id` is refused by `aws login` (2.32.32+), and a key in
plain text on disk is the risk the sign-in is meant to end. This command comments the key
lines out in place, in the credentials file and the config file alike, under a marker saying
when and by whom, after a timestamped backup of each file (0600) and one confirmation; both
files change together or not at all (`configedit`). Then it offers to sign the profile in
with the wizard's own flow (which verifies the new credentials), and prints, never runs, the
IAM commands that deactivate and later delete the old key (`iam`).

`--undo` puts back the latest backup this command made for the profile, after showing the
diff and asking once. The marker comment is English on purpose: it is part of the file, read
by whoever opens it, in any language the helper ran in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from awslogin_helper.aftercare.common import (
    ask_once,
    declined,
    edit_failed,
    env_paths,
    helper_command,
    load,
    now,
    show_changes,
    snapshot,
    unknown_profile,
)
from awslogin_helper.aftercare.iam import say_iam_steps, user_from_arn
from awslogin_helper.awsconfig import AwsFiles, key_id_kind
from awslogin_helper.checks.classify import parse_identity
from awslogin_helper.edges import configedit, configtext
from awslogin_helper.edges.configedit import Change, EditError, Snapshot
from awslogin_helper.edges.environment import Environment
from awslogin_helper.edges.prompter import Prompter
from awslogin_helper.edges.runner import CommandNotStarted, CommandTimeout, Runner
from awslogin_helper.edges.ui import UI
from awslogin_helper.errors import HelperError
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.quoting import option
from awslogin_helper.redact import mask_key_id
from awslogin_helper.words import _, tr

SignIn = Callable[[str], ExitCode]


def tag(profile: str) -> str:
    """The backups' tag: one per profile, so `--undo` never restores another profile's."""
    return f"retire-keys.{profile}"


def _marker(env: Environment, profile: str, when: str) -> str:
    # The user name goes into the file: only a plain one, so it can never break the line.
    user = env.get("USER") or env.get("USERNAME") or ""
    by = f" for user {user}" if re.fullmatch(r"[A-Za-z0-9._@-]{1,64}", user) else ""
    undo = helper_command("retire-keys", profile, "--undo")
    return f"Commented out by awslogin-helper retire-keys{by} on {when}; undo: {undo}"


@dataclass(frozen=True)
class _Plan:
    changes: list[Change]
    key_id: str
    in_credentials: bool  # where the key ID that counts (botocore's choice) was found


def _plan(
    env: Environment, profile: str, files: AwsFiles, snaps: tuple[Snapshot, Snapshot]
) -> _Plan:
    source = files.profile(profile)
    if source is None:
        raise unknown_profile(profile, files)
    when = now().strftime("%Y-%m-%d %H:%M UTC")
    changes: list[Change] = []
    found_id: str | None = None
    in_credentials = False
    for snap, is_config in ((snaps[1], False), (snaps[0], True)):
        section = configtext.find_section(snap.text, profile, config=is_config)
        if section is None or not any(k in section.keys for k in configtext.SECRET_KEYS):
            continue
        after = configtext.comment_out(
            snap.text, section, configtext.SECRET_KEYS, _marker(env, profile, when)
        )
        changes.append(
            Change(snap, after, private=not is_config or snap.path.name == "credentials")
        )
        settings = source.config_settings if is_config else source.credentials_settings
        if found_id is None and settings.get("aws_access_key_id"):
            found_id, in_credentials = settings["aws_access_key_id"].strip(), not is_config
    if not changes or found_id is None:
        raise _no_keys(profile, files, from_default="aws_access_key_id" in source.settings)
    return _Plan(changes, found_id, in_credentials)


def _no_keys(profile: str, files: AwsFiles, *, from_default: bool) -> HelperError:
    if from_default:
        return HelperError(
            tr(
                "The keys of profile {name} come from the {section} section of {path}, which "
                "every profile shares; nothing was changed.",
                name=profile,
                section="[DEFAULT]",
                path=files.credentials_path,
            ),
            ExitCode.NOT_FOUND,
            [_("Move them into the profile's own section, then run this again.")],
        )
    where = (
        tr(
            "{config} and {credentials}",
            config=files.config_path,
            credentials=files.credentials_path,
        )
        if files.credentials_exists
        else tr(
            "{config} (there is no {credentials})",
            config=files.config_path,
            credentials=files.credentials_path,
        )
    )
    return HelperError(
        tr(
            "Profile {name} holds no access keys in {where}; nothing to retire.",
            name=profile,
            where=where,
        ),
        ExitCode.NOT_FOUND,
    )


def _caller_user(env: Environment, runner: Runner, profile: str) -> str | None:
    """The IAM user the old key belongs to, asked with that key before it is retired."""
    aws = env.which("aws")
    if aws is None:
        return None
    cmd = [
        str(aws),
        "sts",
        "get-caller-identity",
        "--output",
        "json",
        *option("--profile", profile),
    ]
    try:
        result = runner.run(cmd, timeout=20)
    except (CommandTimeout, CommandNotStarted):
        return None
    identity = parse_identity(result.stdout) if result.ok else None
    return user_from_arn(identity.arn) if identity else None


def run_retire(
    env: Environment,
    runner: Runner,
    ui: UI,
    prompter: Prompter,
    *,
    profile: str,
    yes: bool = False,
    sign_in: SignIn | None = None,
) -> ExitCode:
    config_path, credentials_path = env_paths(env)
    # Read before anything is decided: the write compares each file with these very bytes.
    snaps = (snapshot(config_path), snapshot(credentials_path))
    files = load(env)
    plan = _plan(env, profile, files, snaps)
    key = mask_key_id(plan.key_id)
    undo = "`" + helper_command("retire-keys", profile, "--undo") + "`"
    ui.info(
        tr(
            "This comments out the access key {key} of profile {name} (a backup of each file "
            "is kept; {undo} puts it back):",
            key=key,
            name=profile,
            undo=undo,
        )
    )
    show_changes(ui, plan.changes)
    if not ask_once(env, prompter, tr("Comment out the key {key}?", key=key), yes=yes):
        return declined(ui)
    long_term = key_id_kind(plan.key_id) == "long-term"
    user = _caller_user(env, runner, profile) if long_term else None
    try:
        written = configedit.commit(plan.changes, tag=tag(profile), now=now())
    except EditError as exc:
        raise edit_failed(exc) from None
    ui.success(tr("The key {key} of profile {name} is commented out.", key=key, name=profile))
    backup_of_key: Path | None = None
    for item in written:
        if item.backup is not None:
            ui.detail(tr("{path} as it was: {backup}", path=item.path, backup=item.backup))
            if (item.path == credentials_path) == plan.in_credentials:
                backup_of_key = item.backup
    _env_keys_warning(env, ui)
    code = _offer_sign_in(env, ui, prompter, profile, yes=yes, sign_in=sign_in)
    if long_term and backup_of_key is not None:
        ui.say()
        say_iam_steps(
            ui,
            env.shells(),
            key_id=plan.key_id,
            backup=backup_of_key,
            in_credentials=plan.in_credentials,
            profile=profile,
            user=user,
        )
    return code


def _env_keys_warning(env: Environment, ui: UI) -> None:
    if env.get("AWS_ACCESS_KEY_ID"):
        ui.warn(
            tr(
                "{variable} is set in this shell: commands without {flag} still use it.",
                variable="AWS_ACCESS_KEY_ID",
                flag="--profile",
            )
        )


def _offer_sign_in(
    env: Environment, ui: UI, prompter: Prompter, profile: str, *, yes: bool, sign_in: SignIn | None
) -> ExitCode:
    """Now that `aws login` no longer refuses the profile: sign it in (the wizard's flow)."""
    command = helper_command(*option("--profile", profile))
    if sign_in is not None and (yes or env.can_prompt):
        question = tr("Sign in profile {name} with {login} now?", name=profile, login="`aws login`")
        if yes or prompter.confirm(question):
            ui.say()
            return sign_in(profile)
    ui.hint(_("Sign the profile in with short-term credentials:"))
    ui.command(command)
    return ExitCode.OK


# --------------------------------------------------------------------------- --undo


def run_undo(
    env: Environment, ui: UI, prompter: Prompter, *, profile: str, yes: bool = False
) -> ExitCode:
    config_path, credentials_path = env_paths(env)
    found = {
        path: configedit.backups(path, tag(profile)) for path in (config_path, credentials_path)
    }
    stamps = {path: _stamp(backups[0]) for path, backups in found.items() if backups}
    if not stamps:
        raise HelperError(
            tr(
                "No backup of profile {name} by {command} is next to {path}; nothing was changed.",
                name=profile,
                command="`awslogin-helper retire-keys`",
                path=credentials_path,
            ),
            ExitCode.NOT_FOUND,
        )
    latest = max(stamps.values())
    try:
        changes = [
            configedit.restore(path, found[path][0], private=path == credentials_path)
            for path, stamp in stamps.items()
            if stamp == latest
        ]
    except EditError as exc:
        raise edit_failed(exc) from None
    if all(change.after == change.before.text for change in changes):
        ui.success(_("The files are already as in the latest backup; nothing to change."))
        return ExitCode.OK
    ui.info(tr("This puts back the files as they were before {command}:", command="`retire-keys`"))
    show_changes(ui, changes)
    if not ask_once(env, prompter, _("Restore the files from the backup?"), yes=yes):
        return declined(ui)
    try:
        configedit.commit(changes, tag=tag(profile) + ".undo", now=now())
    except EditError as exc:
        raise edit_failed(exc) from None
    for change in changes:
        ui.success(tr("{path} is as it was.", path=change.path))
    ui.detail(
        tr(
            "While the keys are there, {login} refuses profile {name}.",
            login="`aws login`",
            name=profile,
        )
    )
    return ExitCode.OK


def _stamp(backup: Path) -> str:
    return backup.name.rsplit("-", 1)[-1]
