"""The wizard's endings that leave a long-term key on disk name `retire-keys` (issue #14).

Kept here, beside the command, so each ending gains one call and its wording lives once.
"""

from __future__ import annotations

from awslogin_helper.awsconfig import Profile, key_id_kind
from awslogin_helper.edges.ui import UI
from awslogin_helper.quoting import shell_command
from awslogin_helper.words import _


def retire_keys_step(
    ui: UI, name: str, profile: Profile | None, *, moved_away: bool = False
) -> None:
    """`awslogin-helper retire-keys NAME` when profile NAME still holds a long-term key.

    `moved_away`: the user signed in another profile and this one keeps its key; otherwise
    the run ends with the key in the profile (kept, or refused by `aws login` because of it).
    """
    key_id = profile.get("aws_access_key_id") if profile is not None else None
    if not key_id or key_id_kind(key_id) != "long-term":
        return
    ui.hint(
        _("When nothing uses it any more, move it aside (commented out, with a backup):")
        if moved_away
        else _("Or move its long-term key aside (with a backup) and sign this profile in:")
    )
    ui.command(shell_command(["awslogin-helper", "retire-keys", name]))
