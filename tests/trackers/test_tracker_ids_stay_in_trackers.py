"""Architecture rule: no tracker id (nor a family name) appears in code outside ``seedarr/trackers/``.

The check reads Python tokens, so it finds an id used as a quoted string (``"generation-free"``) or as an
identifier (``generation_free``, ``UNIT3D``) while prose in docstrings and comments stays free to name them.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import seedarr
from seedarr.trackers.registry import default_registry

SRC = Path(seedarr.__file__).resolve().parent
TRACKERS = SRC / "trackers"


def _words() -> set[str]:
    registry = default_registry()
    words = {d.id for d in registry} | {old for d in registry for old in d.renamed_from}
    return {w.lower() for w in words | {d.family for d in registry if d.family}}


def _uses(source: str, words: set[str]) -> list[tuple[int, str]]:
    found = []
    identifiers = {w.replace("-", "_"): w for w in words}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME and token.string.lower() in identifiers:
            found.append((token.start[0], token.string))
        elif token.type == tokenize.STRING:
            try:
                value = ast.literal_eval(token.string)
            except (ValueError, SyntaxError):
                continue
            if isinstance(value, str) and value.strip().lower() in words:
                found.append((token.start[0], token.string))
    return found


def test_tracker_ids_appear_only_under_trackers() -> None:
    words = _words()
    assert {"unit3d", "generation-free"} <= words
    offenders = [
        f"{path.relative_to(SRC.parent)}:{line}: {text}"
        for path in sorted(SRC.rglob("*.py"))
        if not path.is_relative_to(TRACKERS)
        for line, text in _uses(path.read_text(encoding="utf-8"), words)
    ]
    assert not offenders, "tracker ids belong in seedarr/trackers/ only:\n" + "\n".join(offenders)


def test_the_check_catches_quoted_ids_and_identifiers_but_not_prose() -> None:
    words = {"generation-free", "unit3d"}
    assert _uses('tracker = "generation-free"\n', words)
    assert _uses("if generation_free:\n    pass\n", words)
    assert _uses("FAMILY = UNIT3D\n", words)
    assert _uses("kind = 'unit3d'\n", words)
    assert not _uses('"""A UNIT3D site is data."""\n# generation-free\nx = "unit3d site"\n', words)
