"""Extract the messages into the template, then merge it into every translation (Babel).

    python scripts/update_catalogs.py          # rewrite the .pot and update the .po files
    python scripts/update_catalogs.py --check  # exit 1 when the .pot is not current

New or changed messages then wait, untranslated or fuzzy, in
src/awslogin_helper/locale/<lang>/LC_MESSAGES/awslogin_helper.po; tests/test_words.py fails
until each has its translation. The .mo files are compiled by hatch_build.py at build time.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "awslogin_helper" / "locale"
TEMPLATE = LOCALE / "awslogin_helper.pot"
LANGUAGES = ("zh_CN",)
# The one extraction command (tests/test_words.py runs it too).
EXTRACT = [
    "pybabel",
    "-q",
    "extract",
    "-F",
    "babel.cfg",
    "-k",
    "tr",  # words.tr(msgid, **values); _() and N_() are Babel's defaults
    "-c",
    "TRANSLATORS:",
    "--no-location",
    "--sort-output",
    "--project",
    "awslogin-helper",
    "--copyright-holder",
    "The awslogin-helper authors",
    "--msgid-bugs-address",
    "https://github.com/awslogin-helper/awslogin-helper/issues",
]


def extract(output: Path) -> None:
    CommandLineInterface().run([*EXTRACT, "-o", str(output), "src"])


def msgids(pot: Path) -> set[str]:
    with pot.open("rb") as handle:
        return {str(message.id) for message in read_po(handle) if message.id}


def main(argv: list[str]) -> int:
    import os

    os.chdir(ROOT)  # babel.cfg and the source directory are named from the root
    if "--check" in argv:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / "fresh.pot"
            extract(fresh)
            if msgids(fresh) != msgids(TEMPLATE):
                print(f"{TEMPLATE.relative_to(ROOT)} is out of date: run {__file__}")
                return 1
        return 0
    extract(TEMPLATE)
    for lang in LANGUAGES:
        if not (LOCALE / lang / "LC_MESSAGES" / "awslogin_helper.po").exists():
            init = ["pybabel", "-q", "init", "-i", str(TEMPLATE), "-d", str(LOCALE)]
            CommandLineInterface().run([*init, "-D", "awslogin_helper", "-l", lang])
    CommandLineInterface().run(
        [
            "pybabel",
            "-q",
            "update",
            "-i",
            str(TEMPLATE),
            "-d",
            str(LOCALE),
            "-D",
            "awslogin_helper",
            "--ignore-obsolete",
        ]
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
