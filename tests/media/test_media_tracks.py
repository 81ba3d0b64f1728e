"""MediaInfo spellings → Seedarr vocabulary, for streams the samples cannot hold (DV, DTS, TrueHD)."""

from __future__ import annotations

from typing import Any

import pytest

from seedarr.media.matroska import TrackFlags
from seedarr.media.tracks import audio_track, channels_label, hdr_label, subtitle_track, video_track


def _hdr(hdr_format: str, compatibility: str, transfer: str) -> dict[str, Any]:
    return {
        "hdr_format": hdr_format,
        "hdr_format_compatibility": compatibility,
        "transfer_characteristics": transfer,
    }


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (_hdr("Dolby Vision / SMPTE ST 2086", "HDR10 / HDR10", "PQ"), "DV HDR10"),
        (_hdr("Dolby Vision / SMPTE ST 2094 App 4", "HDR10+ Profile B / HDR10", "PQ"), "DV HDR10+"),
        (_hdr("SMPTE ST 2094 App 4", "HDR10+ Profile A", "PQ"), "HDR10+"),
        (_hdr("SMPTE ST 2086", "HDR10", "PQ"), "HDR10"),
        ({**_hdr("Dolby Vision", "", "PQ"), "hdr_format_profile": "dvhe.05"}, "DV"),  # profile 5: no fallback
        (_hdr("Dolby Vision", "HLG", "HLG"), "DV HLG"),
        ({"transfer_characteristics": "HLG"}, "HLG"),
        ({"transfer_characteristics": "PQ"}, "HDR"),
        ({"transfer_characteristics": "BT.709", "bit_depth": 10}, None),
        ({"bit_depth": 10}, None),
    ],
)  # fmt: skip
def test_hdr_labels(fields: dict[str, Any], expected: str | None) -> None:
    assert hdr_label(fields) == expected


def test_dolby_vision_profile_from_the_long_hdr_format() -> None:
    video = video_track({
        "format": "HEVC", "width": 3840, "height": 2160, "hdr_format": "Dolby Vision / SMPTE ST 2086",
        "other_hdr_format": ["Dolby Vision, Version 1.0, Profile 8.1, dvhe.08.06, BL+RPU, HDR10 compatible"],
        "hdr_format_compatibility": "HDR10", "transfer_characteristics": "PQ",
    })  # fmt: skip

    assert (video.hdr, video.dv_profile, video.resolution) == ("DV HDR10", "8.1", "2160p")


@pytest.mark.parametrize(
    ("fields", "codec"),
    [
        ({"format": "AVC"}, "H.264"),
        ({"format": "HEVC"}, "H.265"),
        ({"format": "AV1"}, "AV1"),
        ({"format": "VC-1"}, "VC-1"),
        ({"format": "VP9"}, "VP9"),
        ({"format": "MPEG Video", "format_version": "Version 2"}, "MPEG-2"),
        ({"format": "MPEG Video", "format_version": "Version 1"}, "MPEG-1"),
        ({"format": "MPEG-4 Visual", "codec_id": "XVID"}, "MPEG-4 Visual"),
    ],
)
def test_video_codecs(fields: dict[str, Any], codec: str) -> None:
    assert video_track({"width": 1920, "height": 1080, **fields}).codec == codec


@pytest.mark.parametrize(
    ("fields", "codec", "atmos"),
    [
        ({"format": "DTS", "format_additionalfeatures": "XLL X"}, "DTS:X", False),
        ({"format": "DTS", "format_additionalfeatures": "XLL"}, "DTS-HD MA", False),
        ({"format": "DTS", "format_profile": "MA / Core"}, "DTS-HD MA", False),
        ({"format": "DTS", "format_additionalfeatures": "XBR"}, "DTS-HD HRA", False),
        ({"format": "DTS", "format_additionalfeatures": "ES"}, "DTS", False),
        ({"format": "MLP FBA", "format_additionalfeatures": "16-ch"}, "TrueHD", True),
        ({"format": "MLP FBA"}, "TrueHD", False),
        ({"format": "E-AC-3", "format_additionalfeatures": "JOC"}, "EAC3", True),
        ({"format": "E-AC-3", "commercial_name": "Dolby Digital Plus with Dolby Atmos"}, "EAC3", True),
        ({"format": "MPEG Audio", "format_profile": "Layer 2"}, "MP2", False),
        ({"format": "PCM"}, "PCM", False),
    ],
)
def test_audio_codecs(fields: dict[str, Any], codec: str, atmos: bool) -> None:
    track = audio_track({"channel_s": 6, **fields})

    assert (track.codec, track.atmos) == (codec, atmos)


@pytest.mark.parametrize(
    ("count", "layout", "label"),
    [
        (6, "L R C LFE Ls Rs", "5.1"),
        (8, "L R C LFE Ls Rs Lb Rb", "7.1"),
        (2, "L R", "2.0"),
        (1, "M", "1.0"),
        (6, None, "5.1"),
        (3, "L R C", "3.0"),
        (3, None, "3.0"),
        (None, None, "2.0"),
    ],
)
def test_channel_labels(count: int | None, layout: str | None, label: str) -> None:
    assert channels_label(count, layout) == label


def test_object_based_channel_count_falls_back_to_the_original_count() -> None:
    track = audio_track({"format": "MLP FBA", "channel_s": "Object Based", "channel_s__original": 8,
                         "channel_layout_original": "L R C LFE Ls Rs Lb Rb"})  # fmt: skip

    assert (track.channels, track.channel_count) == ("7.1", 8)


def test_language_tag_keeps_the_region_and_titles_fill_missing_languages() -> None:
    quebec = audio_track({"format": "AC-3", "channel_s": 6, "language": "fr-CA", "title": "VFQ"})
    untagged = audio_track({"format": "AC-3", "channel_s": 2, "title": "English"})

    assert (quebec.language, quebec.language_tag) == ("fr", "fr-CA")
    assert (untagged.language, untagged.language_tag) == ("en", None)


@pytest.mark.parametrize(
    ("title", "service_kind", "flags", "described", "commentary"),
    [
        ("Audio Description", None, None, True, False),
        ("Français AD", None, None, True, False),
        (None, "VI", None, True, False),
        (None, None, TrackFlags(2, visual_impaired=True), True, False),
        ("Commentary with the director", None, None, False, True),
        (None, None, TrackFlags(2, commentary=True), False, True),
        ("Headliner", None, None, False, False),
    ],
)
def test_audio_description_and_commentary(
    title: str | None, service_kind: str | None, flags: TrackFlags | None, described: bool, commentary: bool
) -> None:
    fields = {"format": "AAC", "channel_s": 2, "title": title, "service_kind": service_kind}

    track = audio_track(fields, flags)

    assert (track.audio_description, track.commentary) == (described, commentary)


@pytest.mark.parametrize(
    ("fields", "flags", "expected"),
    [
        ({"format": "PGS", "forced": "Yes"}, None, ("PGS", True, False)),
        ({"format": "UTF-8", "title": "Forced"}, None, ("SRT", True, False)),
        ({"format": "UTF-8", "title": "Français (forcés)"}, None, ("SRT", True, False)),
        ({"format": "ASS", "title": "English SDH"}, None, ("ASS", False, True)),
        ({"format": "VobSub", "title": "Sourds et malentendants"}, None, ("VobSub", False, True)),
        ({"format": "UTF-8"}, TrackFlags(3, hearing_impaired=True), ("SRT", False, True)),
        ({"format": "Timed Text", "codec_id": "tx3g"}, None, ("Timed Text", False, False)),
        ({"format": "UTF-8", "title": "Full"}, None, ("SRT", False, False)),
    ],
)
def test_subtitle_formats_and_flags(
    fields: dict[str, Any], flags: TrackFlags | None, expected: tuple[str, bool, bool]
) -> None:
    track = subtitle_track(fields, flags)

    assert (track.format, track.forced, track.sdh) == expected
