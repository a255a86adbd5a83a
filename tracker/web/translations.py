"""The English catalogue, compiled from the committed `.po` when the app starts.

Only the `.po` is in the repository; the `.mo` that Flask-Babel reads is built into `var/` at start
(a fraction of a millisecond for our catalogue), so a fresh clone works without a build step and the
two can never disagree.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

SOURCE_DIR = Path(__file__).resolve().parent.parent / "translations"


def compile_catalogues(target_dir: Path) -> Path:
    """Compile every `<locale>/LC_MESSAGES/messages.po` under tracker/translations into `target_dir`."""
    for po_path in SOURCE_DIR.glob("*/LC_MESSAGES/messages.po"):
        mo_path = target_dir / po_path.relative_to(SOURCE_DIR).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as source:
            catalogue = read_po(source)
        # Several web processes start at once: each writes its own file and renames it into place.
        with tempfile.NamedTemporaryFile(dir=mo_path.parent, suffix=".mo.tmp", delete=False) as target:
            write_mo(target, catalogue)
        Path(target.name).replace(mo_path)
    return target_dir
