"""Piece lengths for real content: the domain rules (:mod:`seedarr.domain.piece_length`) with user errors.

:func:`resolve_piece_length` turns a person's choice (``auto``, ``stepped``, ``4MiB``, ``1048576``) into bytes
for a content size; :func:`lengths_for_rules` gives the per-rule lengths of a multi-tracker release, so the
hashing engine is asked only for the distinct ones (usually one).
"""

from __future__ import annotations

from collections.abc import Sequence

from seedarr.domain.piece_length import (
    PieceLengthRule,
    choose_piece_length,
    plan_piece_lengths,
    rule_from_text,
)
from seedarr.errors import ValidationFailed

__all__ = ["choose_piece_length", "lengths_for_rules", "parse_rule", "resolve_piece_length"]


def parse_rule(text: str, *, field: str = "piece_length") -> PieceLengthRule:
    """The rule a person typed; ValidationFailed naming ``field`` if it is not one."""
    try:
        return rule_from_text(text)
    except ValueError as exc:
        raise ValidationFailed(
            field, f"{exc} (use auto, stepped, 256KiB…64MiB or a byte count)", text
        ) from None


def resolve_piece_length(text: str, size: int, *, field: str = "piece_length") -> int:
    """Bytes per piece for ``size`` bytes of content under the rule ``text``."""
    return parse_rule(text, field=field).preferred(size)


def lengths_for_rules(size: int, rules: Sequence[PieceLengthRule]) -> list[int]:
    """One length per rule (same order), sharing lengths wherever the rules intersect."""
    return plan_piece_lengths(size, rules)
