"""Seedarr's template filters."""

from __future__ import annotations

import pytest

from seedarr.render.filters import bbcode_escape, duration, filesize, fr_date, url_safe


def test_bbcode_escape_keeps_unknown_brackets() -> None:
    assert bbcode_escape("[REC] [B]x[/B] [color=red]y[/color] [list][*]z") == "[REC] x y z"
    assert bbcode_escape(None) == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://i.ibb.co/x/1.png", "https://i.ibb.co/x/1.png"),
        ("javascript:alert(1)", ""),
        ("https://x.example/a b", ""),
        ("https://x.example/[img]", ""),
        ('https://x"y', ""),
        ("", ""),
        ("ftp://x", ""),
    ],
)
def test_url_safe(value: str, expected: str) -> None:
    assert url_safe(value) == expected


def test_formatters() -> None:
    assert filesize(19_756_849_152) == "18.4 GiB"
    assert filesize(512) == "512 B"
    assert filesize("nope") == ""
    assert fr_date("2024-02-28") == "mercredi 28 février 2024"
    assert fr_date("soon") == ""
    assert duration(167) == "2h47"
    assert duration(45) == "45min"
    assert duration(None) == ""
