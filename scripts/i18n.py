"""Keep the translation catalogues in step with the code.

    python scripts/i18n.py update   extract messages, update nl and en, fill en from the msgids
    python scripts/i18n.py check    fail if a catalogue misses or has not translated a message

The English catalogue is complete by construction: our msgids are English. Dutch is written
by people, in challenges/translations/nl/LC_MESSAGES/messages.po.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "challenges" / "translations"
POT = ROOT / "messages.pot"
LANGUAGES = ("nl", "en")


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)


def extract() -> None:
    pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext",
            "--no-location", "--sort-output", "-o", str(POT), ".")


def po_path(language: str) -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"


def update() -> None:
    extract()
    for language in LANGUAGES:
        command = "update" if po_path(language).exists() else "init"
        pybabel(command, "-i", str(POT), "-d", str(TRANSLATIONS), "-l", language,
                *(["--no-fuzzy-matching", "--ignore-obsolete"] if command == "update" else []))
    path = po_path("en")
    with path.open("rb") as fh:
        catalog = read_po(fh, locale="en")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):  # plural: English singular and plural as written
            if not all(message.string or ()):
                message.string = tuple(message.id)
        elif not message.string:
            message.string = message.id
        message.flags.discard("fuzzy")
    with path.open("wb") as fh:
        write_po(fh, catalog, omit_header=False, sort_output=True, no_location=True)


def check() -> int:
    extract()
    with POT.open("rb") as fh:
        template = read_po(fh)
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    problems = []
    for language in LANGUAGES:
        with po_path(language).open("rb") as fh:
            catalog = read_po(fh, locale=language)
        have = {}
        for m in catalog:
            if m.id:
                key = m.id if isinstance(m.id, str) else m.id[0]
                have[key] = m
        for msgid in sorted(wanted):
            message = have.get(msgid)
            strings = message.string if message else None
            ok = all(strings) if isinstance(strings, tuple) else bool(strings)
            if message is None or not ok or "fuzzy" in message.flags:
                problems.append(f"{language}: {msgid!r}")
    for problem in problems:
        print("untranslated", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "update"
    if command == "update":
        update()
    elif command == "check":
        sys.exit(check())
    else:
        sys.exit(__doc__)
