"""The IAM commands that deactivate, then delete, a retired access key: printed, never run.

They need the whole key ID to work, and the screen shows at most its last four characters.
So the ID is never printed: in bash/zsh and fish the command reads it from the backup file
itself, with the AWS CLI's own `configure get` pointed at the backup (a command substitution
the user's shell runs); in PowerShell and cmd, where that would need more than one line, the
command holds a placeholder and the line above it names the backup that holds the ID.
"""

from __future__ import annotations

from pathlib import Path

from awslogin_helper.edges.ui import UI
from awslogin_helper.quoting import option, quote, shell_command
from awslogin_helper.redact import mask_key_id
from awslogin_helper.words import _, tr

PLACEHOLDER = "ACCESS_KEY_ID"


def user_from_arn(arn: str | None) -> str | None:
    """The IAM user name of `arn:aws:iam::123456789012:user/path/NAME`; None for others."""
    if not arn or arn.count(":") < 5:
        return None
    resource = arn.split(":", 5)[5]
    if not resource.startswith("user/"):
        return None
    return resource.rsplit("/", 1)[-1] or None


def _read_id(shell: str, backup: Path, variable: str, profile: str) -> str | None:
    """An expression the shell replaces by the key ID read from `backup`; None: no such form."""
    get = shell_command(
        ["aws", "configure", "get", "aws_access_key_id", *option("--profile", profile)], shell
    )
    if shell == "posix":
        return f'"$({variable}={quote(str(backup))} {get})"'
    if shell == "fish":
        return f"(env {variable}={quote(str(backup), 'fish')} {get})"
    return None


def iam_commands(
    shell: str, *, backup: Path, in_credentials: bool, profile: str, user: str | None
) -> list[str]:
    """`update-access-key --status Inactive`, then `delete-access-key`, for `shell`."""
    variable = "AWS_SHARED_CREDENTIALS_FILE" if in_credentials else "AWS_CONFIG_FILE"
    key = _read_id(shell, backup, variable, profile)
    who = [*option("--user-name", user)] if user else []
    # Run with the profile's new `aws login` credentials: the same IAM user, no keys needed.
    run_as = option("--profile", profile)
    lines = []
    for words in (
        ["aws", "iam", "update-access-key", *who, "--status", "Inactive", *run_as],
        ["aws", "iam", "delete-access-key", *who, *run_as],
    ):
        start = shell_command(words, shell)
        lines.append(f"{start} --access-key-id {key or PLACEHOLDER}")
    return lines


def say_iam_steps(
    ui: UI,
    shells: tuple[str, ...],
    *,
    key_id: str,
    backup: Path,
    in_credentials: bool,
    profile: str,
    user: str | None,
) -> None:
    """What to do with the old key in IAM, once nothing uses it any more (shown only)."""
    ui.info(
        tr(
            "The key {key} still works in AWS until it is deactivated. Once nothing uses it, "
            "deactivate it (this only prints the commands; it runs none):",
            key=mask_key_id(key_id),
        )
    )
    for shell in shells:
        commands = iam_commands(
            shell, backup=backup, in_credentials=in_credentials, profile=profile, user=user
        )
        if PLACEHOLDER in commands[0]:
            ui.hint(
                tr(
                    "Put the key's whole ID in place of {placeholder}: it is in {path}.",
                    placeholder=PLACEHOLDER,
                    path=backup,
                )
            )
        ui.command(commands[0])
        ui.hint(_("A few days later, when nothing broke, delete it:"))
        ui.command(commands[1])
    if user is None:
        ui.detail(
            tr(
                "Add {flag} when the key belongs to another IAM user than the one signed in.",
                flag="--user-name NAME",
            )
        )
