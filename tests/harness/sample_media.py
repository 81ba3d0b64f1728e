"""Small sample media generated with ffmpeg on the fly (no binary media is committed).

Each ``make_*`` function writes one sample into ``directory`` (or returns it if it is already there) and
returns its path, so fixtures can cache them for a test session and other test suites (naming, trackers)
can reuse them. Videos are a few seconds long at a low frame rate with ``-preset ultrafast`` so generating
every sample takes seconds. :func:`require_ffmpeg` and :func:`require_encoder` skip loudly when a tool or
encoder is missing.
"""

from __future__ import annotations

import functools
import random
import shutil
import subprocess
from pathlib import Path

import pytest

__all__ = [
    "HDR10_MASTER_DISPLAY",
    "frame_stats",
    "has_encoder",
    "image_size",
    "make_anamorphic_mpeg2",
    "make_bdmv_folder",
    "make_black_then_content",
    "make_corrupt_file",
    "make_hdr10_2160p",
    "make_interlaced_h264",
    "make_movie_1080p",
    "make_mp4_720p",
    "make_not_a_video",
    "make_season_pack",
    "make_truncated_file",
    "make_untouched_cropped",
    "make_video_ts_folder",
    "require_encoder",
    "require_ffmpeg",
    "run_ffmpeg",
]

HDR10_MASTER_DISPLAY = "G(13250,34500)B(7500,3000)R(34000,16000)WP(15635,16450)L(10000000,1)"
_QUIET = ["-hide_banner", "-nostdin", "-v", "error", "-y"]
# an SDR BT.709 picture re-encoded as PQ / BT.2020 (what an HDR10 master of the same picture would hold)
_SDR_TO_PQ = (
    "format=yuv444p,setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709:range=tv,"
    "zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt2020:t=smpte2084:m=bt2020nc:r=tv:npl=100,"
    "format=yuv420p10le"
)

_SUBTITLE_FR = "1\n00:00:00,500 --> 00:00:01,500\nBonjour.\n\n2\n00:00:02,000 --> 00:00:03,000\nAu revoir.\n"
_SUBTITLE_EN = (
    "1\n00:00:00,500 --> 00:00:01,500\n[door slams] Hello.\n\n2\n00:00:02,000 --> 00:00:03,000\nBye.\n"
)
_CHAPTERS = (
    ";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=2000\ntitle=Opening\n"
    "[CHAPTER]\nTIMEBASE=1/1000\nSTART=2000\nEND=4000\ntitle=Ending\n"
)


def require_ffmpeg() -> None:
    """Skip the calling test when ffmpeg or ffprobe is not installed."""
    for tool in ("ffmpeg", "ffprobe"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (apt-get install ffmpeg): sample media cannot be generated")


@functools.cache
def has_encoder(name: str) -> bool:
    """Whether this ffmpeg build has the encoder ``name`` (libx265, libx264, …)."""
    out = subprocess.run(
        ["ffmpeg", "-hide_banner", "-encoders"], capture_output=True, text=True, timeout=30, check=False
    ).stdout
    return any(line.split()[1:2] == [name] for line in out.splitlines() if line.startswith(" "))


def require_encoder(name: str) -> None:
    """Skip the calling test, with a visible reason, when ffmpeg lacks the encoder ``name``."""
    require_ffmpeg()
    if not has_encoder(name):
        pytest.skip(f"SKIPPED LOUDLY: this ffmpeg has no {name} encoder, so the sample cannot be generated")


def run_ffmpeg(args: list[str], *, cwd: Path | None = None) -> None:
    """Run ffmpeg quietly; raise with its stderr when it fails."""
    done = subprocess.run(
        ["ffmpeg", *_QUIET, *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"ffmpeg {' '.join(args)} failed: {done.stderr.strip()}")


def _cached(path: Path) -> bool:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.exists()


def make_movie_1080p(directory: Path) -> Path:
    """1920x1080 H.264 (x264) MKV, 4 s: French AC3 5.1 "VFF" (default) + English AAC 2.0, a French forced
    and an English SDH (hearing-impaired flag, title "SDH") subtitle, two chapters, one keyframe a second."""
    out = directory / "Le.Film.Test.2021.MULTi.1080p.BluRay.x264-SEEDARR.mkv"
    if _cached(out):
        return out
    work = directory / ".work-movie"
    work.mkdir(exist_ok=True)
    (work / "fr.srt").write_text(_SUBTITLE_FR, encoding="utf-8")
    (work / "en.srt").write_text(_SUBTITLE_EN, encoding="utf-8")
    (work / "chapters.txt").write_text(_CHAPTERS, encoding="utf-8")
    run_ffmpeg([
        "-f", "lavfi", "-i", "testsrc2=s=1920x1080:r=4:d=4",
        "-f", "lavfi", "-i", "sine=f=440:r=48000:d=4",
        "-i", str(work / "fr.srt"), "-i", str(work / "en.srt"), "-i", str(work / "chapters.txt"),
        "-map", "0:v", "-map", "1:a", "-map", "1:a", "-map", "2", "-map", "3", "-map_chapters", "4",
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "4", "-pix_fmt", "yuv420p",
        "-c:a:0", "ac3", "-ac:a:0", "6", "-c:a:1", "aac", "-ac:a:1", "2", "-c:s", "srt",
        "-metadata:s:a:0", "language=fre", "-metadata:s:a:0", "title=VFF",
        "-metadata:s:a:1", "language=eng",
        "-metadata:s:s:0", "language=fre", "-metadata:s:s:1", "language=eng", "-metadata:s:s:1", "title=SDH",
        "-disposition:a:0", "default", "-disposition:a:1", "0",
        "-disposition:s:0", "forced", "-disposition:s:1", "hearing_impaired",
        str(out),
    ])  # fmt: skip
    shutil.rmtree(work)
    return out


def make_hdr10_2160p(directory: Path) -> Path:
    """3840x1600 (scope crop) HEVC Main 10 with HDR10 mastering metadata (PQ, BT.2020), E-AC-3 5.1 English
    + FLAC 2.0 commentary; needs libx265 (call :func:`require_encoder` first).

    The test pattern is really converted to PQ (100-nit white), so a frame shown without tone mapping is
    grey and washed out, and a tone-mapped one has its contrast and colours back."""
    out = directory / "Scope.Film.2022.2160p.UHD.BluRay.HDR10.x265-SEEDARR.mkv"
    if _cached(out):
        return out
    x265 = (
        "log-level=error:keyint=2:hdr10=1:repeat-headers=1:colorprim=bt2020:transfer=smpte2084:"
        f"colormatrix=bt2020nc:master-display={HDR10_MASTER_DISPLAY}:max-cll=1000,400"
    )
    run_ffmpeg([
        "-f", "lavfi", "-i", "testsrc2=s=3840x1600:r=2:d=2",
        "-f", "lavfi", "-i", "sine=f=330:r=48000:d=2",
        "-map", "0:v", "-map", "1:a", "-map", "1:a", "-vf", _SDR_TO_PQ,
        "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", x265,
        "-color_primaries", "bt2020", "-color_trc", "smpte2084", "-colorspace", "bt2020nc",
        "-c:a:0", "eac3", "-ac:a:0", "6", "-c:a:1", "flac", "-ac:a:1", "2",
        "-metadata:s:a:0", "language=eng", "-metadata:s:a:1", "language=eng",
        "-metadata:s:a:1", "title=Director's commentary", "-disposition:a:1", "comment",
        str(out),
    ])  # fmt: skip
    return out


def make_mp4_720p(directory: Path) -> Path:
    """1280x720 H.264 + AAC 2.0 (English) in MP4, 2 s."""
    out = directory / "Short.Clip.2019.720p.WEB.H264-SEEDARR.mp4"
    if _cached(out):
        return out
    run_ffmpeg([
        "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=5:d=2", "-f", "lavfi", "-i", "sine=r=44100:d=2",
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "5", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-ac", "2", "-metadata:s:a:0", "language=eng", "-movflags", "+faststart", str(out),
    ])  # fmt: skip
    return out


def make_untouched_cropped(directory: Path) -> Path:
    """1920x800 H.264 with no encoder settings (a WEB-DL-like "untouched" stream) + Opus 2.0, in MKV."""
    out = directory / "Crop.Film.2020.1080p.WEB-DL.H264-SEEDARR.mkv"
    if _cached(out):
        return out
    raw = directory / ".untouched.h264"
    run_ffmpeg([
        "-f", "lavfi", "-i", "testsrc2=s=1920x800:r=4:d=2", "-c:v", "libx264", "-preset", "ultrafast",
        "-g", "4", "-pix_fmt", "yuv420p", "-bsf:v", "filter_units=remove_types=6", str(raw),
    ])  # fmt: skip
    run_ffmpeg([
        "-r", "4", "-i", str(raw), "-f", "lavfi", "-i", "sine=r=48000:d=2",
        "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "libopus", "-ac", "2",
        "-metadata:s:a:0", "language=spa", "-fflags", "+bitexact", str(out),
    ])  # fmt: skip
    raw.unlink()
    return out


def make_interlaced_h264(directory: Path) -> Path:
    """1920x1080 interlaced (MBAFF) H.264 in MKV, 1 s, with MP3 stereo."""
    out = directory / "Broadcast.2018.1080i.HDTV.H264-SEEDARR.mkv"
    if _cached(out):
        return out
    run_ffmpeg([
        "-f", "lavfi", "-i", "testsrc2=s=1920x1080:r=25:d=1", "-f", "lavfi", "-i", "sine=r=48000:d=1",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-flags", "+ildct+ilme",
        "-x264-params", "interlaced=1", "-c:a", "libmp3lame", "-ac", "2", str(out),
    ])  # fmt: skip
    return out


def make_anamorphic_mpeg2(directory: Path) -> Path:
    """720x576 MPEG-2 with 64:45 pixels (16:9 display), interlaced, AC3 2.0, in an MPEG program stream."""
    out = directory / "Old.Film.1999.DVDRip.MPEG2-SEEDARR.mpg"
    if _cached(out):
        return out
    run_ffmpeg([
        "-f", "lavfi", "-i", "testsrc2=s=720x576:r=25:d=2", "-f", "lavfi", "-i", "sine=r=48000:d=2",
        "-vf", "setsar=64/45", "-c:v", "mpeg2video", "-flags", "+ildct+ilme", "-b:v", "2M", "-g", "12",
        "-c:a", "ac3", "-ac", "2", "-f", "vob", str(out),
    ])  # fmt: skip
    return out


def make_black_then_content(directory: Path) -> Path:
    """10 s 640x360 H.264: black for the first 6 s, a test pattern after; a keyframe every second."""
    out = directory / "Black.Opening.2020.360p.x264-SEEDARR.mkv"
    if _cached(out):
        return out
    run_ffmpeg([
        "-f", "lavfi", "-i", "color=c=black:s=640x360:r=5:d=6",
        "-f", "lavfi", "-i", "testsrc2=s=640x360:r=5:d=4",
        "-filter_complex", "[0:v][1:v]concat=n=2:v=1:a=0[v]", "-map", "[v]",
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "5", "-pix_fmt", "yuv420p", str(out),
    ])  # fmt: skip
    return out


def make_season_pack(directory: Path) -> Path:
    """A season folder with episodes 1, 2 and 4 (3 is missing) of 1 s each, plus a sample in ``Sample/``."""
    pack = directory / "Show.Name.S01.1080p.WEB.H264-SEEDARR"
    if _cached(pack / "Show.Name.S01E04.1080p.WEB.H264-SEEDARR.mkv"):
        return pack
    first = pack / "Show.Name.S01E01.1080p.WEB.H264-SEEDARR.mkv"
    run_ffmpeg([
        "-f", "lavfi", "-i", "testsrc2=s=640x360:r=5:d=1", "-f", "lavfi", "-i", "sine=r=48000:d=1",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ac", "2",
        "-metadata:s:a:0", "language=eng", str(first),
    ])  # fmt: skip
    (pack / "Sample").mkdir(exist_ok=True)
    shutil.copyfile(first, pack / "Sample" / "show.name.s01e01.sample.mkv")
    shutil.copyfile(first, pack / "Show.Name.S01E02.1080p.WEB.H264-SEEDARR.mkv")
    shutil.copyfile(first, pack / "Show.Name.S01E04.1080p.WEB.H264-SEEDARR.mkv")
    (pack / "Show.Name.S01.nfo").write_text("release notes\n", encoding="utf-8")
    return pack


def make_bdmv_folder(directory: Path) -> Path:
    """A Blu-ray-shaped folder: ``BDMV/`` with index, movie object, playlist, clip info and an M2TS stream."""
    root = directory / "Disc.Film.2020.COMPLETE.BLURAY-SEEDARR"
    stream = root / "BDMV" / "STREAM" / "00000.m2ts"
    if _cached(stream):
        return root
    run_ffmpeg([
        "-f", "lavfi", "-i", "testsrc2=s=1920x1080:r=4:d=2", "-f", "lavfi", "-i", "sine=r=48000:d=2",
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "4", "-pix_fmt", "yuv420p", "-c:a", "ac3",
        "-f", "mpegts", "-mpegts_m2ts_mode", "1", str(stream),
    ])  # fmt: skip
    bdmv = root / "BDMV"
    for sub in ("PLAYLIST", "CLIPINF", "BACKUP", "AUXDATA"):
        (bdmv / sub).mkdir(exist_ok=True)
    (root / "CERTIFICATE").mkdir(exist_ok=True)
    (bdmv / "index.bdmv").write_bytes(b"INDX0200" + bytes(112))
    (bdmv / "MovieObject.bdmv").write_bytes(b"MOBJ0200" + bytes(56))
    (bdmv / "PLAYLIST" / "00000.mpls").write_bytes(b"MPLS0200" + bytes(120))
    (bdmv / "CLIPINF" / "00000.clpi").write_bytes(b"HDMV0200" + bytes(120))
    return root


def make_video_ts_folder(directory: Path) -> Path:
    """A DVD-shaped folder: ``VIDEO_TS/`` with IFO files and one MPEG-2 VOB."""
    root = directory / "Dvd.Film.1998.PAL.DVD9-SEEDARR"
    vob = root / "VIDEO_TS" / "VTS_01_1.VOB"
    if _cached(vob):
        return root
    run_ffmpeg([
        "-f", "lavfi", "-i", "testsrc2=s=720x576:r=25:d=1", "-f", "lavfi", "-i", "sine=r=48000:d=1",
        "-c:v", "mpeg2video", "-b:v", "2M", "-c:a", "ac3", "-f", "vob", str(vob),
    ])  # fmt: skip
    (vob.parent / "VIDEO_TS.IFO").write_bytes(b"DVDVIDEO-VMG" + bytes(500))
    (vob.parent / "VTS_01_0.IFO").write_bytes(b"DVDVIDEO-VTS" + bytes(500))
    return root


def make_truncated_file(directory: Path) -> Path:
    """The first 40 % of the 1080p sample: a download that stopped half way."""
    out = directory / "Truncated.Film.2021.1080p.BluRay.x264-SEEDARR.mkv"
    if _cached(out):
        return out
    data = make_movie_1080p(directory).read_bytes()
    out.write_bytes(data[: len(data) * 2 // 5])
    return out


def make_corrupt_file(directory: Path) -> Path:
    """64 KiB of random bytes with a ``.mkv`` name."""
    out = directory / "Corrupt.Film.2021.1080p.BluRay.x264-SEEDARR.mkv"
    if not _cached(out):
        out.write_bytes(random.Random(4).randbytes(65536))
    return out


def make_not_a_video(directory: Path) -> Path:
    """A plain text file."""
    out = directory / "notes.txt"
    if not _cached(out):
        out.write_text("These are notes, not a film.\n" * 20, encoding="utf-8")
    return out


def frame_stats(image: Path) -> dict[str, float]:
    """Luma statistics of an image from ffmpeg's ``signalstats`` (YAVG, YMIN, YMAX, YLOW, YHIGH; 8-bit)."""
    done = subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostdin", "-i", str(image), "-vf",
         "format=yuv444p,signalstats,metadata=mode=print", "-f", "null", "-"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    stats: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if "lavfi.signalstats." in line and "=" in line:
            key, _, value = line.split("lavfi.signalstats.", 1)[1].partition("=")
            stats[key.strip()] = float(value)
    return stats


def image_size(image: Path) -> tuple[int, int]:
    """(width, height) of an image, read with ffprobe."""
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height",
         "-of", "csv=p=0", str(image)],
        capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    width, height = done.stdout.strip().split(",")
    return int(width), int(height)
