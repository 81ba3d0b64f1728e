"""MediaInfo facts read back from generated sample media."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from seedarr.domain.media_facts import MediaFacts
from seedarr.media.mediainfo import UnreadableMedia, read_file_facts


def test_1080p_movie_tracks_languages_and_flags(movie_1080p: Path) -> None:
    facts = read_file_facts(movie_1080p)

    assert facts.container == "MKV"
    assert facts.size_bytes == movie_1080p.stat().st_size
    assert facts.duration_seconds == pytest.approx(4.0, abs=0.1)
    assert facts.chapters == 2
    video = facts.video
    assert video is not None
    assert (video.codec, video.width, video.height, video.resolution) == ("H.264", 1920, 1080, "1080p")
    assert (video.scan, video.bit_depth, video.hdr) == ("progressive", 8, None)
    assert video.frame_rate == pytest.approx(4.0)
    assert video.writing_library is not None and video.writing_library.startswith("x264")
    assert video.encoder_settings and "keyint=4" in video.encoder_settings

    french, english = facts.audio
    assert (french.language, french.codec, french.channels, french.title) == ("fr", "AC3", "5.1", "VFF")
    assert french.default and not english.default
    assert french.bitrate == 448_000
    assert (english.language, english.codec, english.channels) == ("en", "AAC", "2.0")
    assert not french.commentary and not french.atmos

    forced, sdh = facts.subtitles
    assert (forced.language, forced.format, forced.forced, forced.sdh) == ("fr", "SRT", True, False)
    # the hearing-impaired flag is read from the Matroska track entry (MediaInfo does not report it)
    assert (sdh.language, sdh.format, sdh.forced, sdh.sdh, sdh.title) == ("en", "SRT", False, True, "SDH")


def test_mediainfo_text_names_the_file_but_never_its_folder(movie_1080p: Path) -> None:
    text = read_file_facts(movie_1080p).mediainfo_text

    complete = next(line for line in text.splitlines() if line.startswith("Complete name"))
    assert complete.split(":", 1)[1].strip() == movie_1080p.name
    assert str(movie_1080p.parent) not in text
    assert (
        "Audio #1" in text and "Text #2" in text and "Forced                                   : Yes" in text
    )


def test_hdr10_2160p_scope_is_2160p_hdr10_with_eac3_and_commentary(hdr10_2160p: Path) -> None:
    facts = read_file_facts(hdr10_2160p)

    video = facts.video
    assert video is not None
    assert (video.codec, video.width, video.height) == ("H.265", 3840, 1600)
    assert video.resolution == "2160p"  # cropped frames count by width
    assert (video.bit_depth, video.hdr, video.transfer, video.dv_profile) == (10, "HDR10", "PQ", None)
    assert video.profile and video.profile.startswith("Main 10")
    main, commentary = facts.audio
    assert (main.codec, main.channels, main.language) == ("EAC3", "5.1", "en")
    assert (commentary.codec, commentary.channels, commentary.commentary) == ("FLAC", "2.0", True)
    assert not main.commentary


def test_720p_mp4(mp4_720p: Path) -> None:
    facts = read_file_facts(mp4_720p)

    assert facts.container == "MP4"
    assert facts.video is not None and facts.video.resolution == "720p"
    assert [(a.codec, a.language, a.channels) for a in facts.audio] == [("AAC", "en", "2.0")]
    assert facts.subtitles == () and facts.chapters == 0


def test_untouched_cropped_stream_has_no_writing_library(untouched_cropped: Path) -> None:
    facts = read_file_facts(untouched_cropped)

    video = facts.video
    assert video is not None
    assert (video.width, video.height, video.resolution) == (1920, 800, "1080p")
    assert video.writing_library is None and video.encoder_settings is None
    assert video.display_aspect_ratio == pytest.approx(2.4)
    assert [(a.codec, a.language) for a in facts.audio] == [("Opus", "es")]


def test_interlaced_h264_scan(interlaced_h264: Path) -> None:
    facts = read_file_facts(interlaced_h264)

    assert facts.video is not None
    assert (facts.video.scan, facts.video.resolution) == ("interlaced", "1080p")
    assert [(a.codec, a.language) for a in facts.audio] == [("MP3", None)]


def test_anamorphic_mpeg2_program_stream(anamorphic_mpeg2: Path) -> None:
    facts = read_file_facts(anamorphic_mpeg2)

    video = facts.video
    assert video is not None
    assert (facts.container, video.codec, video.resolution, video.scan) == (
        "MPEG-PS",
        "MPEG-2",
        "576p",
        "interlaced",
    )
    assert video.display_aspect_ratio == pytest.approx(16 / 9, abs=0.01)


def test_facts_survive_a_json_round_trip(movie_1080p: Path) -> None:
    facts = read_file_facts(movie_1080p)

    stored = json.loads(json.dumps(facts.to_dict()))

    assert MediaFacts.from_dict(stored) == facts


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("truncated_file", "truncated"),
        ("corrupt_file", "corrupt or not a video"),
        ("not_a_video", "not a video file"),
    ],
)
def test_unreadable_files_raise_a_user_error(
    fixture: str, message: str, request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(fixture)

    with pytest.raises(UnreadableMedia, match=message):
        read_file_facts(path)


def test_audio_only_file_is_not_a_video(tmp_path: Path) -> None:
    from harness.sample_media import require_ffmpeg, run_ffmpeg

    require_ffmpeg()
    song = tmp_path / "song.flac"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=d=1", "-c:a", "flac", str(song)])

    with pytest.raises(UnreadableMedia, match=r"not a video .*FLAC"):
        read_file_facts(song)
