"""What `bridge` and `retire-keys` share: reading the files, showing a change, asking once,
and turning a failed edit into a message and a documented exit code."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from rich.text import Text

from awslogin_helper.awsconfig import AwsFiles, ConfigFileError, config_paths, load_aws_files
from awslogin_helper.edges import configedit
from awslogin_helper.edges.configedit import Change, EditError, Snapshot
from awslogin_helper.edges.environment import Environment
from awslogin_helper.edges.prompter import Prompter
from awslogin_helper.edges.safeio import CHOWN_FIX
from awslogin_helper.edges.ui import LONG_COMMAND_WORD, UI, PrintablePrompter, clean
from awslogin_helper.errors import HelperError
from awslogin_helper.exit_codes import ExitCode
from awslogin_helper.quoting import shell_command
from awslogin_helper.words import _, tr


def now() -> datetime:
    return datetime.now(UTC)


def _config_error(exc: ConfigFileError) -> HelperError:
    hints = [tr("Fix it with: {command}", command=exc.fix)] if exc.fix else []
    return HelperError(
        tr("Cannot read {path}: {reason}", path=exc.path, reason=exc.reason),
        ExitCode.CONFIG_ERROR,
        hints,
    )


def load(env: Environment) -> AwsFiles:
    """Both files as the AWS CLI reads them; one the CLI would refuse is not edited."""
    try:
        return load_aws_files(env.vars, env.home)
    except ConfigFileError as exc:
        raise _config_error(exc) from None


def env_paths(env: Environment) -> tuple[Path, Path]:
    """(config, credentials) as the AWS CLI picks them."""
    try:
        return config_paths(env.vars, env.home)
    except ConfigFileError as exc:
        raise _config_error(exc) from None


def snapshot(path: Path) -> Snapshot:
    """The file as it is now, before anything is decided from it (the write compares)."""
    try:
        return configedit.read(path)
    except EditError as exc:
        raise edit_failed(exc) from None


def unknown_profile(name: str, files: AwsFiles) -> HelperError:
    return HelperError(
        tr(
            "There is no profile {name} in {config} or {credentials}; nothing was changed.",
            name=name,
            config=files.config_path,
            credentials=files.credentials_path,
        ),
        ExitCode.NOT_FOUND,
        [tr("See every profile with: {command}", command="`awslogin-helper status`")],
    )


def edit_failed(exc: EditError) -> HelperError:
    """An edit that did not happen: the files are as they were (configedit rolled back)."""
    if exc.conflict:
        return HelperError(
            tr(
                "{path} changed while I was editing it (another program wrote it); nothing "
                "was changed.",
                path=exc.path,
            ),
            ExitCode.NOT_WRITTEN,
            [_("Run the same command again: it shows the change against the file as it is.")],
        )
    hints = [tr("If root owns the files, fix it with: {command}", command=CHOWN_FIX)]
    return HelperError(
        tr("{path} {reason}; nothing was changed.", path=exc.path, reason=exc.said.shown()),
        ExitCode.CONFIG_ERROR if exc.reading else ExitCode.NOT_WRITTEN,
        hints if exc.permission else [],
    )


def show_changes(ui: UI, changes: Sequence[Change]) -> None:
    """Each change as a unified diff (secrets masked), never wrapped: lines stay copyable."""
    for change in changes:
        if change.after == change.before.text:
            continue
        ui.say()
        for line in change.diff():
            style = "green" if line.startswith("+") else "red" if line.startswith("-") else ""
            if line.startswith(("+++", "---", "@@")):
                style = "bold" if not line.startswith("@@") else "cyan"
            # clean(): the file's text is data, made printable before the terminal sees it.
            ui.console.print(
                Text("  " + clean(line, LONG_COMMAND_WORD), style=style), soft_wrap=True
            )
    ui.say()


def ask_once(env: Environment, prompter: Prompter, question: str, *, yes: bool) -> bool:
    """The one confirmation: `--yes` answers it; without a terminal it cannot be asked."""
    if yes:
        return True
    if not env.can_prompt:
        raise HelperError(
            _("I must ask before changing your AWS files, but there is no terminal to ask in."),
            ExitCode.USAGE,
            [tr("Run it in a terminal, or pass {flag} to answer yes.", flag="--yes")],
        )
    return PrintablePrompter(prompter).confirm(question)


def declined(ui: UI) -> ExitCode:
    ui.info(_("You answered no; nothing was changed."))
    return ExitCode.DECLINED


def helper_command(*words: str) -> str:
    return shell_command(["awslogin-helper", *words])
