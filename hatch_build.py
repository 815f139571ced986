"""Build hook: compile the gettext catalogs (`.po` -> `.mo`) with Babel when a wheel is built.

The `.po` files are the source (committed, and shipped in the sdist); the `.mo` files are
build output (git-ignored). They are written next to their `.po` in the source tree, which is
what an editable install reads, and forced into a regular wheel (a git-ignored file would be
left out otherwise).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGE = Path("src") / "awslogin_helper"


class CatalogBuildHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return  # the sdist ships the .po sources; its wheel compiles them
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root)
        for po_path in sorted((root / PACKAGE / "locale").glob("*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog)  # fuzzy entries are left out, as msgfmt does
            if version != "editable":
                relative = mo_path.relative_to(root / "src").as_posix()
                build_data["force_include"][str(mo_path)] = relative
