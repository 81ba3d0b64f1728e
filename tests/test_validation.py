"""Validation helpers: URLs, API keys, invisible Unicode, confinement to media roots."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seedarr.domain.text import INVISIBLE_CHARACTERS, find_invisible, strip_invisible
from seedarr.errors import PathOutsideRoots, ValidationFailed
from seedarr.validation import clean_name, confine_to_roots, validate_api_key, validate_url


@pytest.mark.parametrize(
    "url",
    [
        "https://tracker.example/announce?passkey=abc",
        "http://127.0.0.1:8080",
        "https://[::1]:9696/api",
        "http://host",
    ],
)
def test_valid_urls(url: str) -> None:
    assert validate_url(url) == url


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("ftp://tracker.example/", "must start with"),
        ("tracker.example/announce", "must start with"),
        ("https://", "must name a host"),
        ("https://exa mple.com", "without spaces"),
        ("https://example.com:99999/", "not a valid URL"),
        ("https://exa\u200bmple.com", "invisible Unicode"),
        ("https://-bad-.example", "invalid host"),
        ("", "without spaces"),
    ],
)
def test_invalid_urls_name_the_problem(url: str, problem: str) -> None:
    with pytest.raises(ValidationFailed) as excinfo:
        validate_url(url, field="announceUrl")
    assert excinfo.value.field == "announceUrl"
    assert problem in excinfo.value.problem


def test_api_keys() -> None:
    assert validate_api_key(" ABCDEF0123456789ABCDEF0123456789\u200b") == "abcdef0123456789abcdef0123456789"
    for bad in ("abc", "g" * 32, "a" * 33):
        with pytest.raises(ValidationFailed, match="32 hexadecimal"):
            validate_api_key(bad)


def test_invisible_unicode_is_found_and_removed() -> None:
    sneaky = "Film\u200b.2024\u202e.\ufeffmkv"
    assert [name for _, name in find_invisible(sneaky)] == [
        "ZERO WIDTH SPACE",
        "RIGHT-TO-LEFT OVERRIDE",
        "ZERO WIDTH NO-BREAK SPACE",
    ]
    assert strip_invisible(sneaky) == "Film.2024.mkv"
    assert clean_name("  Am\u00e9lie\u200d ") == "Am\u00e9lie"
    assert strip_invisible("Ame\u0301lie") == "Am\u00e9lie"


@given(st.text(alphabet=st.sampled_from(sorted(INVISIBLE_CHARACTERS) + list("abc. -é"))))
def test_strip_invisible_leaves_none_and_is_idempotent(text: str) -> None:
    cleaned = strip_invisible(text)
    assert not find_invisible(cleaned)
    assert strip_invisible(cleaned) == cleaned


@pytest.fixture
def roots(tmp_path: Path) -> tuple[Path, Path]:
    media = tmp_path / "media"
    (media / "films").mkdir(parents=True)
    sibling = tmp_path / "media2"
    sibling.mkdir()
    os.symlink(sibling, media / "link-out")
    os.symlink(media / "films", media / "link-in")
    return media, sibling


def test_paths_inside_roots(roots: tuple[Path, Path]) -> None:
    media, _ = roots
    assert confine_to_roots(media / "films", [media]) == (media / "films").resolve()
    assert confine_to_roots(media, [media]) == media.resolve()
    assert confine_to_roots(media / "link-in", [media]) == (media / "films").resolve()
    assert confine_to_roots(media / "films" / "not-yet-there.mkv", [media]).name == "not-yet-there.mkv"


@pytest.mark.parametrize(
    "make", [lambda m, s: m / ".." / "media2", lambda m, s: s, lambda m, s: m / "link-out"]
)
def test_paths_escaping_roots(roots: tuple[Path, Path], make) -> None:
    media, sibling = roots
    with pytest.raises(PathOutsideRoots, match="outside the configured media roots"):
        confine_to_roots(make(media, sibling), [media])


def test_path_rules(roots: tuple[Path, Path]) -> None:
    media, _ = roots
    with pytest.raises(ValidationFailed, match="absolute"):
        confine_to_roots("films", [media])
    with pytest.raises(ValidationFailed, match="invisible"):
        confine_to_roots(f"{media}/fi\u200blms", [media])
    with pytest.raises(ValidationFailed, match="NUL"):
        confine_to_roots(f"{media}/a\x00b", [media])
    with pytest.raises(PathOutsideRoots, match="no media roots"):
        confine_to_roots(media, [])
