"""File and folder names that trackers refuse inside a torrent, and the names we leave out by default.

The refusal rules are the trackers spec's (§0, "Filenames in torrent", UNIT3D's validation, safe for every
site): the characters ``\\ / ? < > : * | "`` and control characters, names made only of dots, trailing
dots or spaces, Windows reserved device names (``CON``, ``NUL``, ``COM1``… with or without an extension),
padding files (``.pad``, ``____padding…``) and a leading ``~``. Names must also be valid UTF-8.

Default exclusions (never put in a torrent, never an error): hidden files and folders (leading ``.``),
``Thumbs.db``, ``desktop.ini``, ``.DS_Store`` and partial downloads (``.!qB``, ``.part``, ``.crdownload``…).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence

__all__ = ["DEFAULT_EXCLUDES", "is_excluded", "name_problem"]

DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".*",
    "Thumbs.db",
    "desktop.ini",
    "*.!qB",
    "*.!ut",
    "*.!bt",
    "*.part",
    "*.partial",
    "*.crdownload",
    "*.aria2",
)
_FORBIDDEN_CHARS = set('\\/?<>:*|"')
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{n}" for n in range(1, 10)),
    *(f"LPT{n}" for n in range(1, 10)),
}
_DEFAULT_RE = re.compile("|".join(fnmatch.translate(p) for p in DEFAULT_EXCLUDES), re.IGNORECASE)


def name_problem(name: str) -> str | None:
    """Why trackers would refuse ``name`` (one path component), or None if it is fine."""
    if not name:
        return "is empty"
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid UTF-8"
    bad = sorted({ch for ch in name if ch in _FORBIDDEN_CHARS})
    if bad:
        return f"contains the forbidden character(s) {' '.join(bad)}"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        return "contains control characters"
    if set(name) == {"."}:
        return "is made only of dots"
    if name.endswith((".", " ")):
        return "ends with a dot or a space"
    if name.split(".", 1)[0].rstrip(" ").upper() in _RESERVED:
        return "is a reserved Windows device name"
    if name == ".pad" or name.startswith("____padding"):
        return "looks like a padding file"
    if name.startswith("~"):
        return "starts with ~"
    return None


def is_excluded(name: str, relative: str, user_globs: Sequence[str]) -> bool:
    """True if a file or folder is left out: a default exclusion (by name, any case) or a user glob.

    User globs are matched (case-sensitively) against the name and against the path relative to the
    content root with ``/`` separators, so ``*.nfo`` and ``Extras/*`` both work.
    """
    if _DEFAULT_RE.match(name):
        return True
    return any(fnmatch.fnmatchcase(name, g) or fnmatch.fnmatchcase(relative, g) for g in user_globs)
