"""Piece-length rules: the spec's examples, validation, and one shared length for several trackers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seedarr.domain.piece_length import (
    AUTO,
    GIB,
    KIB,
    MIB,
    STEPPED,
    AutoRule,
    FixedRule,
    NoCommonPieceLengthError,
    choose_piece_length,
    parse_piece_length,
    plan_piece_lengths,
    rule_from_text,
)


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (700 * MIB, 512 * KIB),
        (4 * GIB, 2 * MIB),
        (50 * GIB, 16 * MIB),
        (1, 256 * KIB),
        (512 * MIB, 256 * KIB),
    ],
)
def test_auto_examples_from_the_spec(size: int, expected: int) -> None:
    assert AUTO.preferred(size) == expected


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (GIB - 1, MIB),
        (GIB, 2 * MIB),
        (2 * GIB, 4 * MIB),
        (3 * GIB, 8 * MIB),
        (8 * GIB - 1, 8 * MIB),
        (8 * GIB, 16 * MIB),
    ],
)
def test_stepped_bands(size: int, expected: int) -> None:
    assert STEPPED.preferred(size) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("256KiB", 256 * KIB), ("4MiB", 4 * MIB), ("4M", 4 * MIB), ("16 kib", 16 * KIB), ("1048576", MIB)],
)
def test_parse_piece_length(text: str, expected: int) -> None:
    assert parse_piece_length(text) == expected


@pytest.mark.parametrize("text", ["3000", "8KiB", "128MiB", "0", "huge", "1.5MiB", "-16KiB"])
def test_invalid_piece_lengths(text: str) -> None:
    with pytest.raises(ValueError, match=r"power of two|between 16 KiB and 64 MiB|not a size"):
        parse_piece_length(text)


def test_rule_from_text() -> None:
    assert rule_from_text("auto") is AUTO
    assert rule_from_text("Stepped") is STEPPED
    assert rule_from_text("4MiB") == FixedRule(4 * MIB)


@given(st.integers(min_value=1, max_value=200 * GIB))
def test_auto_and_stepped_always_share_one_length(size: int) -> None:
    chosen = choose_piece_length(size, [AUTO, STEPPED, AUTO])
    assert chosen == STEPPED.preferred(size)
    assert chosen in AUTO.accepts(size)
    assert plan_piece_lengths(size, [AUTO, STEPPED, AUTO]) == [chosen] * 3


@given(st.integers(min_value=1, max_value=200 * GIB))
def test_auto_alone_keeps_its_preference_and_never_exceeds_16_mib(size: int) -> None:
    assert choose_piece_length(size, [AUTO, AUTO]) == AUTO.preferred(size) <= 16 * MIB


def test_rules_that_do_not_intersect_get_as_few_lengths_as_possible() -> None:
    capped = AutoRule(max_length=8 * MIB)
    with pytest.raises(NoCommonPieceLengthError):
        choose_piece_length(10 * GIB, [STEPPED, capped])
    plan = plan_piece_lengths(10 * GIB, [STEPPED, capped, AUTO, FixedRule(8 * MIB)])
    assert plan == [16 * MIB, 8 * MIB, 8 * MIB, 8 * MIB]
    assert len(set(plan)) == 2
