"""Pure helpers the media facts rely on: language codes, resolution labels, Matroska flag parsing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seedarr.domain.languages import language_name, language_region, to_iso639_1
from seedarr.domain.resolution import display_size, resolution_label, scaled_size
from seedarr.media.matroska import read_track_flags


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("fr", "fr"), ("fre", "fr"), ("fra", "fr"), ("fr-CA", "fr"), ("fr_FR", "fr"), ("French", "fr"),
        ("Français", "fr"), ("francais", "fr"), ("FRENCH", "fr"), ("eng", "en"), ("en-US", "en"),
        ("ger", "de"), ("deu", "de"), ("chi", "zh"), ("zho", "zh"), ("cmn", "zh"), ("es-419", "es"),
        ("pt-BR", "pt"), ("nob", "nb"), ("French (Canada)", "fr"), ("English SDH", "en"),
        ("und", None), ("zxx", None), ("mul", None), ("", None), (None, None), ("klingon", None),
    ],
)  # fmt: skip
def test_to_iso639_1(value: str | None, code: str | None) -> None:
    assert to_iso639_1(value) == code


@pytest.mark.parametrize(
    ("value", "region"),
    [("fr-CA", "CA"), ("fr-fr", "FR"), ("fr-BE", "BE"), ("es-419", "419"), ("fr", None), ("French", None)],
)
def test_language_region(value: str, region: str | None) -> None:
    assert language_region(value) == region


def test_language_name() -> None:
    assert (language_name("fr"), language_name(None), language_name("xx")) == ("French", "Undetermined", "xx")


@given(st.text(max_size=40))
def test_language_lookup_never_fails(value: str) -> None:
    code = to_iso639_1(value)
    assert code is None or 2 <= len(code) <= 3


@pytest.mark.parametrize(
    ("width", "height", "label"),
    [
        (7680, 4320, "4320p"), (3840, 2160, "2160p"), (3840, 1600, "2160p"), (3996, 1600, "2160p"),
        (1920, 1080, "1080p"), (1920, 800, "1080p"), (1440, 1080, "1080p"), (1280, 720, "720p"),
        (1280, 536, "720p"), (960, 720, "720p"), (720, 576, "576p"), (720, 480, "480p"), (640, 360, "480p"),
    ],
)  # fmt: skip
def test_resolution_labels(width: int, height: int, label: str) -> None:
    assert resolution_label(width, height) == label


def test_display_size_widens_anamorphic_frames_only() -> None:
    assert display_size(720, 576, 16 / 9) == (1024, 576)
    assert display_size(720, 480, 4 / 3) == (640, 480)
    assert display_size(1920, 1080, 1.778) == (1920, 1080)
    assert display_size(1920, 1080, None) == (1920, 1080)


def test_scaled_size_keeps_the_aspect_with_even_sides() -> None:
    assert scaled_size(1920, 1080, 1280) == (1280, 720)
    assert scaled_size(1920, 800, 1000) == (1000, 416)
    assert scaled_size(1920, 1080, None) == (1920, 1080)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=512))
def test_matroska_flag_reader_never_raises_on_garbage(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("ebml") / "garbage.mkv"
    path.write_bytes(b"\x1a\x45\xdf\xa3" + data)

    assert isinstance(read_track_flags(path), dict)


def test_matroska_flags_of_a_file_that_is_not_matroska(tmp_path: Path) -> None:
    other = tmp_path / "clip.mp4"
    other.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(64))

    assert read_track_flags(other) == {}
    assert read_track_flags(tmp_path / "missing.mkv") == {}
