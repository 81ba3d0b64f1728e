"""Screenshots taken with the real ffmpeg from generated samples."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import pytest

from harness.sample_media import frame_stats, image_size
from seedarr.errors import MissingDependency, ValidationFailed
from seedarr.media.mediainfo import read_file_facts
from seedarr.media.screenshots import (
    FrameStats,
    ScreenshotFailed,
    plan_timestamps,
    screenshot_filter,
    take_screenshots,
)


def test_timestamps_avoid_the_first_and_last_tenth() -> None:
    times = plan_timestamps(6000.0, 4)

    assert times == [1200.0, 2400.0, 3600.0, 4800.0]
    assert all(600 <= t <= 5400 for t in plan_timestamps(6000.0, 17))


def test_blank_frames() -> None:
    assert FrameStats(average=16.0, low=16.0, high=17.0).blank  # black
    assert FrameStats(average=200.0, low=198.0, high=203.0).blank  # a white fade
    assert FrameStats(average=30.0, low=16.0, high=35.0).blank  # mostly black
    assert not FrameStats(average=110.0, low=30.0, high=200.0).blank


async def test_four_png_screenshots_in_keyframe_mode(movie_1080p: Path, tmp_path: Path) -> None:
    facts = read_file_facts(movie_1080p)
    seen: list[Path] = []

    shots = await take_screenshots(
        movie_1080p, facts, out_dir=tmp_path, on_progress=lambda s: seen.append(s.path)
    )

    assert len(shots) == 4 and sorted(s.path for s in shots) == sorted(seen)  # progress as each one finishes
    for shot in shots:
        assert shot.path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert image_size(shot.path) == (1920, 1080) == (shot.width, shot.height)
        # the keyframe before the requested time (one keyframe per second in this sample)
        assert shot.requested - 1.0 <= shot.timestamp <= shot.requested
        assert not shot.tone_mapped and shot.attempts == 1
    assert [s.requested for s in shots] == plan_timestamps(facts.duration_seconds or 0, 4)
    assert len({s.timestamp for s in shots}) == 4


async def test_accurate_jpeg_screenshots_at_a_chosen_width(movie_1080p: Path, tmp_path: Path) -> None:
    facts = read_file_facts(movie_1080p)

    shots = await take_screenshots(
        movie_1080p, facts, out_dir=tmp_path, count=2, image_format="jpg", width=1280, accurate=True
    )

    for shot in shots:
        assert shot.path.suffix == ".jpg" and shot.path.read_bytes()[:3] == b"\xff\xd8\xff"
        assert image_size(shot.path) == (1280, 720)
        assert shot.requested <= shot.timestamp <= shot.requested + 0.25  # the next frame at 4 fps


async def test_black_frames_are_rejected_and_re_picked(black_then_content: Path, tmp_path: Path) -> None:
    facts = read_file_facts(black_then_content)

    (shot,) = await take_screenshots(black_then_content, facts, out_dir=tmp_path, count=1)

    assert shot.requested == 5.0  # planned inside the black opening…
    assert shot.attempts >= 2 and not shot.blank
    assert shot.timestamp >= 6.0  # …kept from the pattern after it
    stats = frame_stats(shot.path)
    assert stats["YHIGH"] - stats["YLOW"] > 50


async def test_non_square_pixels_give_the_display_aspect_ratio(
    anamorphic_mpeg2: Path, tmp_path: Path
) -> None:
    facts = read_file_facts(anamorphic_mpeg2)

    (shot,) = await take_screenshots(anamorphic_mpeg2, facts, out_dir=tmp_path, count=1)

    assert image_size(shot.path) == (1024, 576)  # 720x576 stored, 16:9 shown
    assert "bwdif" in screenshot_filter(facts.video, None)[0]  # interlaced source: deinterlaced


async def test_hdr10_is_tone_mapped_not_washed_out(hdr10_2160p: Path, tmp_path: Path) -> None:
    facts = read_file_facts(hdr10_2160p)

    (shot,) = await take_screenshots(hdr10_2160p, facts, out_dir=tmp_path, count=1, width=1920)

    assert shot.tone_mapped and image_size(shot.path) == (1920, 800)
    # the same frame without tone mapping: PQ code values shown as SDR look grey and flat
    raw = tmp_path / "raw.png"
    seek = ["-noaccurate_seek", "-ss", f"{shot.timestamp}"]
    untouched = ["-vf", "scale=1920:800", "-frames:v", "1", "-pix_fmt", "rgb24", str(raw)]
    await asyncio.to_thread(
        subprocess.run, ["ffmpeg", "-v", "error", "-y", *seek, "-i", str(hdr10_2160p), *untouched], check=True
    )
    mapped, washed = frame_stats(shot.path), frame_stats(raw)
    assert mapped["YHIGH"] - mapped["YLOW"] > 1.5 * (washed["YHIGH"] - washed["YLOW"])
    assert mapped["SATAVG"] > 2 * washed["SATAVG"]
    assert mapped["YHIGH"] - mapped["YLOW"] > 80


async def test_interlaced_source(interlaced_h264: Path, tmp_path: Path) -> None:
    facts = read_file_facts(interlaced_h264)

    (shot,) = await take_screenshots(interlaced_h264, facts, out_dir=tmp_path, count=1, image_format="jpg")

    assert image_size(shot.path) == (1920, 1080)


async def test_bad_options_and_missing_ffmpeg(
    movie_1080p: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = read_file_facts(movie_1080p)
    with pytest.raises(ValidationFailed, match="count"):
        await take_screenshots(movie_1080p, facts, out_dir=tmp_path, count=0)
    with pytest.raises(ValidationFailed, match="width"):
        await take_screenshots(movie_1080p, facts, out_dir=tmp_path, width=5)

    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(MissingDependency, match=r"ffmpeg is not installed.*apt-get install ffmpeg"):
        await take_screenshots(movie_1080p, facts, out_dir=tmp_path)


async def test_a_stuck_ffmpeg_is_killed_after_its_time_limit(movie_1080p: Path, tmp_path: Path) -> None:
    facts = read_file_facts(movie_1080p)

    with pytest.raises(ScreenshotFailed, match="took more than"):
        await take_screenshots(movie_1080p, facts, out_dir=tmp_path, count=2, seconds_per_frame=0.001)
