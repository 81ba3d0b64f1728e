"""Group (team) extraction from a release name (naming spec §7).

The group is the text after the **last** hyphen of the name, or after a trailing `` - `` (space, hyphen,
space). Technical tails (``DL`` of ``WEB-DL``, ``3`` of ``E-AC-3``, ``1080p``…), text with a space or a dot,
and bare numbers are not groups. Placeholders (``NOGRP``, ``NoTag``…) count as no group. Groups containing
a hyphen (``D-Z0N3``) are only found through a known-groups list. Nothing is ever guessed from a list of
famous names found elsewhere in the name.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from seedarr.domain.naming.vocabulary import classify

__all__ = ["PLACEHOLDER_GROUPS", "GroupSplit", "split_group"]

PLACEHOLDER_GROUPS = frozenset({"NOGRP", "NOGROUP", "UNKNOWN", "UNK", "NOTAG"})
_TECHNICAL_TAILS = frozenset({"DL", "HD", "MA", "HRA", "3", "X", "264", "265", "RIP", "5.1", "RAY", "1", "2"})
_SPACED_RE = re.compile(r"\s+-\s+(\S+)\s*$")
_YEAR_RE = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")


@dataclass(frozen=True, slots=True)
class GroupSplit:
    """The name without its group (``rest``), the group (None when absent or a placeholder) and why."""

    rest: str
    group: str | None
    written: str | None  # as found, placeholders included ("NOGRP")
    reason: str


def _before_has_technical(before: str) -> bool:
    words = [w for w in re.split(r"[.\s_\[\](){}-]+", before) if w]
    return bool(_YEAR_RE.search(before)) or any(classify(w) is not None for w in words[1:])


def _rejection(candidate: str) -> str | None:
    if not candidate:
        return "empty"
    if " " in candidate or "." in candidate:
        return "contains a space or a dot"
    if candidate.isdigit():
        return "only digits"
    if candidate.upper() in _TECHNICAL_TAILS or classify(candidate) is not None:
        return "a technical token"
    return None


def _accept(rest: str, written: str, how: str) -> GroupSplit:
    if written.upper() in PLACEHOLDER_GROUPS:
        return GroupSplit(rest, None, written, f"placeholder group {written!r} counts as no group")
    return GroupSplit(rest, written, written, how)


def split_group(stem: str, known_groups: Collection[str] = ()) -> GroupSplit:
    """Split the group off ``stem`` (a name without extension); ``group`` is None when there is none."""
    text = stem.rstrip()
    lowered = text.casefold()
    for known in sorted(known_groups, key=len, reverse=True):
        if lowered.endswith("-" + known.casefold()) and len(text) > len(known) + 1:
            written = text[-len(known) :]
            return _accept(text[: -len(known) - 1], written, f"known group {known!r}")
    spaced = _SPACED_RE.search(text)
    if spaced and _rejection(spaced.group(1)) is None:
        return _accept(text[: spaced.start()], spaced.group(1), "after a trailing ' - '")
    index = text.rfind("-")
    if index <= 0:
        return GroupSplit(text, None, None, "no hyphen")
    candidate, before = text[index + 1 :].strip(), text[:index]
    problem = _rejection(candidate)
    if problem is not None:
        return GroupSplit(text, None, None, f"{candidate!r} after the last hyphen is {problem}")
    if not _before_has_technical(before):
        return GroupSplit(text, None, None, "the last hyphen is inside the title")
    return _accept(before, candidate, "after the last hyphen")
