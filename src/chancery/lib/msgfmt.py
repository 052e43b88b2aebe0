"""Compile every ``*locale/*/LC_MESSAGES/*.po`` under a folder into ``.mo`` with polib
(``locale/`` and the portal's ``admin_locale/``).

Django's ``compilemessages`` needs GNU gettext installed on the machine; this needs nothing
but the virtual environment, so ``make run`` works on a fresh machine.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib


def compile_tree(root: Path) -> int:
    count = 0
    for po_path in sorted(root.glob("**/*locale/*/LC_MESSAGES/*.po")):
        catalogue = polib.pofile(str(po_path))
        catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
        count += 1
    return count


if __name__ == "__main__":
    compiled = compile_tree(Path(sys.argv[1] if len(sys.argv) > 1 else "src"))
    print(f"compiled {compiled} translation catalogues")  # noqa: T201
