"""Torrent piece lengths: what is valid, what each tracker accepts, and one length for several trackers.

A piece length is a power of two between 16 KiB and 64 MiB (what BitTorrent clients accept). Each tracker
has a *rule* saying which lengths it accepts for a given content size and which one it prefers:

- :class:`AutoRule` (Seedarr's default): accepts the powers of two between 256 KiB and 16 MiB that keep the
  piece count at or below 2048 (16 MiB alone when nothing does) and prefers the smallest of them
  (700 MiB → 512 KiB, 4 GiB → 2 MiB, 50 GiB → 16 MiB).
- :class:`SteppedRule`: one length per size band (the trackers spec's size-stepped strategy:
  < 1 GiB → 1 MiB, < 2 GiB → 2 MiB, < 3 GiB → 4 MiB, < 8 GiB → 8 MiB, else 16 MiB). It accepts only
  that length, because it is unknown whether the tracker enforces it.
- :class:`FixedRule`: exactly one length, whatever the size (a person's explicit choice).

Hashing costs one SHA-1 pass per distinct length, so :func:`choose_piece_length` picks one length that every
selected rule accepts, and :func:`plan_piece_lengths` falls back to as few distinct lengths as possible when
the rules do not intersect. Pure logic, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = [
    "AUTO",
    "GIB",
    "KIB",
    "MAX_PIECE_LENGTH",
    "MIB",
    "MIN_PIECE_LENGTH",
    "STEPPED",
    "AutoRule",
    "FixedRule",
    "NoCommonPieceLengthError",
    "PieceLengthRule",
    "SteppedRule",
    "choose_piece_length",
    "format_piece_length",
    "parse_piece_length",
    "piece_count",
    "plan_piece_lengths",
    "rule_from_text",
]

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB
MIN_PIECE_LENGTH = 16 * KIB
MAX_PIECE_LENGTH = 64 * MIB
_ALL_LENGTHS = tuple(1 << n for n in range(14, 27))  # 16 KiB .. 64 MiB
_SIZE_RE = re.compile(r"^\s*(\d+)\s*(|b|k|kb|kib|m|mb|mib)\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": KIB, "kb": KIB, "kib": KIB, "m": MIB, "mb": MIB, "mib": MIB}


class NoCommonPieceLengthError(ValueError):
    """The selected rules accept no common piece length for this size."""


def piece_count(size: int, piece_length: int) -> int:
    """Number of pieces of ``piece_length`` needed for ``size`` bytes (0 for empty content)."""
    return -(-size // piece_length)


def _check_length(value: int) -> int:
    if value < MIN_PIECE_LENGTH or value > MAX_PIECE_LENGTH:
        raise ValueError(f"must be between 16 KiB and 64 MiB, not {format_piece_length(value)}")
    if value & (value - 1):
        raise ValueError(f"must be a power of two, not {value}")
    return value


def parse_piece_length(text: str) -> int:
    """Bytes for ``"256KiB"``, ``"4MiB"``, ``"4M"`` or ``"1048576"``;
    ValueError if invalid or out of range."""
    match = _SIZE_RE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a size such as 256KiB, 4MiB or 1048576")
    return _check_length(int(match.group(1)) * _UNITS[match.group(2).lower()])


def format_piece_length(value: int) -> str:
    """``"256 KiB"``, ``"4 MiB"``, or plain bytes when not a whole number of KiB."""
    if value >= MIB and value % MIB == 0:
        return f"{value // MIB} MiB"
    if value >= KIB and value % KIB == 0:
        return f"{value // KIB} KiB"
    return f"{value} B"


class PieceLengthRule(Protocol):
    """What one tracker accepts for content of ``size`` bytes, and what it would pick alone."""

    def accepts(self, size: int) -> tuple[int, ...]:
        """Accepted piece lengths, ascending (never empty)."""
        ...

    def preferred(self, size: int) -> int:
        """The length this rule picks when it is the only one."""
        ...


@dataclass(frozen=True, slots=True)
class AutoRule:
    """Smallest power of two in [min_length, max_length] keeping the piece count ≤ max_pieces."""

    min_length: int = 256 * KIB
    max_length: int = 16 * MIB
    max_pieces: int = 2048

    def accepts(self, size: int) -> tuple[int, ...]:
        span = [n for n in _ALL_LENGTHS if self.min_length <= n <= self.max_length]
        fitting = tuple(n for n in span if piece_count(size, n) <= self.max_pieces)
        return fitting or (span[-1],)

    def preferred(self, size: int) -> int:
        return self.accepts(size)[0]


@dataclass(frozen=True, slots=True)
class SteppedRule:
    """One length per size band: ``steps`` are (size below which, length), then ``top`` above them all."""

    steps: tuple[tuple[int, int], ...] = (
        (GIB, MIB),
        (2 * GIB, 2 * MIB),
        (3 * GIB, 4 * MIB),
        (8 * GIB, 8 * MIB),
    )
    top: int = 16 * MIB

    def accepts(self, size: int) -> tuple[int, ...]:
        return (self.preferred(size),)

    def preferred(self, size: int) -> int:
        for below, length in self.steps:
            if size < below:
                return length
        return self.top


@dataclass(frozen=True, slots=True)
class FixedRule:
    """Exactly ``length`` bytes, whatever the size."""

    length: int

    def __post_init__(self) -> None:
        _check_length(self.length)

    def accepts(self, size: int) -> tuple[int, ...]:
        return (self.length,)

    def preferred(self, size: int) -> int:
        return self.length


AUTO = AutoRule()
STEPPED = SteppedRule()


def rule_from_text(text: str) -> PieceLengthRule:
    """``"auto"``, ``"stepped"`` or an explicit size (see :func:`parse_piece_length`)."""
    key = text.strip().lower()
    if key == "auto":
        return AUTO
    if key == "stepped":
        return STEPPED
    return FixedRule(parse_piece_length(text))


def _cost(length: int, rules: Sequence[PieceLengthRule], size: int) -> tuple[int, int]:
    """Distance (in doublings) from each rule's preference, summed; ties go to the larger length."""
    distance = sum(abs(length.bit_length() - rule.preferred(size).bit_length()) for rule in rules)
    return distance, -length


def choose_piece_length(size: int, rules: Sequence[PieceLengthRule]) -> int:
    """One piece length every rule accepts, closest to their preferences.

    Raises NoCommonPieceLengthError when the rules share no length.
    """
    if not rules:
        return AUTO.preferred(size)
    common = set(rules[0].accepts(size))
    for rule in rules[1:]:
        common &= set(rule.accepts(size))
    if not common:
        raise NoCommonPieceLengthError(f"the rules accept no common piece length for {size} bytes")
    return min(common, key=lambda length: _cost(length, rules, size))


def plan_piece_lengths(size: int, rules: Sequence[PieceLengthRule]) -> list[int]:
    """A piece length per rule (same order), using as few distinct lengths as possible.

    Greedy: the length accepted by the most remaining rules is taken first, so rules that intersect share
    one hashing pass.
    """
    plan: dict[int, int] = {}
    remaining = list(range(len(rules)))
    while remaining:
        votes: dict[int, list[int]] = {}
        for index in remaining:
            for length in rules[index].accepts(size):
                votes.setdefault(length, []).append(index)
        best = max(
            votes,
            key=lambda n: (len(votes[n]), [-c for c in _cost(n, [rules[i] for i in votes[n]], size)]),
        )
        group = votes[best]
        chosen = choose_piece_length(size, [rules[i] for i in group])
        for index in group:
            plan[index] = chosen
        remaining = [i for i in remaining if i not in plan]
    return [plan[i] for i in range(len(rules))]
