"""Session-scoped sample media generated with ffmpeg (see ``harness.sample_media``), for every test suite.

Each fixture generates its sample once per test session into one temporary folder; a test that asks for
one skips (with the reason) when ffmpeg, or the encoder it needs, is missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import sample_media


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder holding this session's generated samples."""
    return tmp_path_factory.mktemp("sample-media")


@pytest.fixture(scope="session")
def movie_1080p(sample_dir: Path) -> Path:
    """1080p H.264 MKV: French AC3 5.1 + English AAC 2.0, French forced + English SDH subtitles."""
    sample_media.require_encoder("libx264")
    return sample_media.make_movie_1080p(sample_dir)


@pytest.fixture(scope="session")
def hdr10_2160p(sample_dir: Path) -> Path:
    """3840x1600 HEVC Main 10 HDR10 (PQ) MKV; skips loudly without libx265."""
    sample_media.require_encoder("libx265")
    return sample_media.make_hdr10_2160p(sample_dir)


@pytest.fixture(scope="session")
def mp4_720p(sample_dir: Path) -> Path:
    """720p H.264 + AAC MP4."""
    sample_media.require_encoder("libx264")
    return sample_media.make_mp4_720p(sample_dir)


@pytest.fixture(scope="session")
def untouched_cropped(sample_dir: Path) -> Path:
    """1920x800 H.264 without encoder settings (WEB-DL-like) + Spanish Opus, MKV."""
    sample_media.require_encoder("libx264")
    return sample_media.make_untouched_cropped(sample_dir)


@pytest.fixture(scope="session")
def interlaced_h264(sample_dir: Path) -> Path:
    """1080i (MBAFF) H.264 MKV with MP3 audio."""
    sample_media.require_encoder("libx264")
    return sample_media.make_interlaced_h264(sample_dir)


@pytest.fixture(scope="session")
def anamorphic_mpeg2(sample_dir: Path) -> Path:
    """720x576 MPEG-2 with 16:9 display (non-square pixels), interlaced, in an MPEG program stream."""
    sample_media.require_ffmpeg()
    return sample_media.make_anamorphic_mpeg2(sample_dir)


@pytest.fixture(scope="session")
def black_then_content(sample_dir: Path) -> Path:
    """10 s video, black for the first 6 s."""
    sample_media.require_encoder("libx264")
    return sample_media.make_black_then_content(sample_dir)


@pytest.fixture(scope="session")
def season_pack(sample_dir: Path) -> Path:
    """Season folder with episodes 1, 2 and 4 (3 missing) and a sample in ``Sample/``."""
    sample_media.require_encoder("libx264")
    return sample_media.make_season_pack(sample_dir)


@pytest.fixture(scope="session")
def bdmv_folder(sample_dir: Path) -> Path:
    """A Blu-ray-shaped folder (``BDMV/STREAM/00000.m2ts`` and friends)."""
    sample_media.require_encoder("libx264")
    return sample_media.make_bdmv_folder(sample_dir)


@pytest.fixture(scope="session")
def video_ts_folder(sample_dir: Path) -> Path:
    """A DVD-shaped folder (``VIDEO_TS/`` with IFO files and a VOB)."""
    sample_media.require_ffmpeg()
    return sample_media.make_video_ts_folder(sample_dir)


@pytest.fixture(scope="session")
def truncated_file(sample_dir: Path) -> Path:
    """The first 40 % of the 1080p sample."""
    sample_media.require_encoder("libx264")
    return sample_media.make_truncated_file(sample_dir)


@pytest.fixture(scope="session")
def corrupt_file(sample_dir: Path) -> Path:
    """Random bytes named ``.mkv``."""
    return sample_media.make_corrupt_file(sample_dir)


@pytest.fixture(scope="session")
def not_a_video(sample_dir: Path) -> Path:
    """A text file."""
    return sample_media.make_not_a_video(sample_dir)
