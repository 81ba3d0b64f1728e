"""Release shapes: a single file, a season-pack folder, or a disc folder (BDMV, VIDEO_TS).

:func:`scan_release` looks at a path and says what it is: which files are the content, which are samples
or extras (left out of the facts), which episodes a pack holds and which numbers are missing.
:func:`analyse_release` reads the facts of the reference file (the film, the first episode of a pack unless
told otherwise, or a disc's main stream) and adds the release's shape. Disc releases are recognised and
analysed, but later stages cannot build them yet: :func:`ensure_supported` says so clearly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from seedarr.domain.media_facts import MediaFacts, ReleaseShape
from seedarr.errors import UserInputError
from seedarr.media.mediainfo import VIDEO_EXTENSIONS, UnreadableMedia, read_file_facts

__all__ = [
    "Episode",
    "ReleaseLayout",
    "UnsupportedRelease",
    "analyse_release",
    "ensure_supported",
    "episode_numbers",
    "is_extra",
    "is_sample",
    "reference_file",
    "scan_release",
]

DiscKind = Literal["BDMV", "VIDEO_TS"]

_SAMPLE_RE = re.compile(r"(?:^|[.\-_ \[(])sample(?:$|[.\-_ \])])", re.IGNORECASE)
_SAMPLE_DIRS = {"sample", "samples"}
_EXTRA_DIRS = {
    "extras", "extra", "featurettes", "featurette", "bonus", "bonus features", "behind the scenes",
    "deleted scenes", "interviews", "trailers", "trailer", "shorts", "scenes", "other", "others",
}  # fmt: skip
_EXTRA_SUFFIX_RE = re.compile(
    r"[-_. ](trailer|featurette|behindthescenes|deleted|deletedscene|interview|scene|short|extra|other)$",
    re.IGNORECASE,
)
_MORE_EPISODES = r"(?:[ ._]?e\d{1,3}|[ ._]?-[ ._]?e?\d{1,3})(?![0-9p])"
_SXXEYY_RE = re.compile(
    rf"(?:^|[^a-z0-9])s(\d{{1,2}})[ ._-]?e(\d{{1,3}})((?:{_MORE_EPISODES})*)", re.IGNORECASE
)
_NXNN_RE = re.compile(r"(?:^|[^a-z0-9])(\d{1,2})x(\d{2,3})(?![0-9])", re.IGNORECASE)
_EPISODE_WORD_RE = re.compile(r"(?:^|[^a-z0-9])(?:[ée]pisode|ep)[ ._-]?(\d{1,3})(?![0-9])", re.IGNORECASE)


class UnsupportedRelease(UserInputError):
    """A release shape Seedarr recognises but cannot build yet (discs, disc images, several seasons)."""


@dataclass(frozen=True, slots=True)
class Episode:
    """One episode file of a pack; a multi-episode file (``S01E01E02``) has several numbers."""

    season: int | None
    numbers: tuple[int, ...]
    path: Path


@dataclass(frozen=True, slots=True)
class ReleaseLayout:
    """What a release path holds. ``content`` lists the files the facts are about, in order."""

    root: Path
    shape: ReleaseShape
    content: tuple[Path, ...]
    episodes: tuple[Episode, ...] = ()
    missing_episodes: tuple[int, ...] = ()
    samples: tuple[Path, ...] = ()
    extras: tuple[Path, ...] = ()
    disc_kind: DiscKind | None = None
    size_bytes: int = 0

    def relative(self, path: Path) -> str:
        """``path`` relative to the release root (the file name for a single file)."""
        return path.name if self.root == path else path.relative_to(self.root).as_posix()


def is_sample(relative: Path) -> bool:
    """Whether a file (path relative to the release root) is a sample: in ``Sample/`` or named ``sample``."""
    in_folder = any(p.lower() in _SAMPLE_DIRS for p in relative.parts[:-1])
    return in_folder or bool(_SAMPLE_RE.search(relative.stem))


def is_extra(relative: Path) -> bool:
    """Whether a file is an extra: in ``Extras/``, ``Featurettes/``… or named ``…-trailer`` and the like."""
    return any(p.lower() in _EXTRA_DIRS for p in relative.parts[:-1]) or bool(
        _EXTRA_SUFFIX_RE.search(relative.stem)
    )


def episode_numbers(name: str) -> tuple[int | None, tuple[int, ...]]:
    """(season, episode numbers) from a file name: ``S01E02``, ``S01E01E02``, ``S01E01-E03``, ``1x02``,
    ``Episode 5``; ``(None, ())`` when there is none. ``1920x1080`` is never an episode."""
    match = _SXXEYY_RE.search(name)
    if match:
        first = int(match.group(2))
        numbers = [first]
        for sep, number in re.findall(r"([ ._-]*)e?(\d{1,3})", match.group(3), re.IGNORECASE):
            value = int(number)
            if "-" in sep and value > numbers[-1]:
                numbers.extend(range(numbers[-1] + 1, value + 1))
            elif value > numbers[-1]:
                numbers.append(value)
        return int(match.group(1)), tuple(numbers)
    match = _NXNN_RE.search(name)
    if match:
        return int(match.group(1)), (int(match.group(2)),)
    match = _EPISODE_WORD_RE.search(name)
    if match:
        return None, (int(match.group(1)),)
    return None, ()


def _tree_size(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def _disc(root: Path) -> ReleaseLayout | None:
    """A BDMV or VIDEO_TS folder (``root`` itself or its child), with its largest stream as content."""
    for kind, streams in (("BDMV", "STREAM/*.m2ts"), ("VIDEO_TS", "VTS_*_[1-9].VOB")):
        folder = root if root.name.upper() == kind else root / kind
        if not folder.is_dir():
            continue
        release_root = folder.parent if folder == root else root
        found = sorted(folder.glob(streams), key=lambda p: p.stat().st_size, reverse=True)
        if not found:
            raise UnreadableMedia(f"{release_root.name}: a {kind} folder with no video stream ({streams})")
        disc_kind: DiscKind = "BDMV" if kind == "BDMV" else "VIDEO_TS"
        return ReleaseLayout(
            root=release_root, shape="disc", content=(found[0],), disc_kind=disc_kind,
            size_bytes=_tree_size(release_root),
        )  # fmt: skip
    return None


def _pack(root: Path, videos: list[Path]) -> ReleaseLayout:
    episodes = [Episode(*episode_numbers(p.name), p) for p in videos]
    if any(not e.numbers for e in episodes):
        names = ", ".join(p.name for p in videos[:4])
        raise UnsupportedRelease(
            f"{root.name}: several videos without episode numbers ({names})",
            hint="give the film's file itself, or name the episodes S01E01, S01E02…",
        )
    seasons = sorted({e.season for e in episodes if e.season is not None})
    if len(seasons) > 1:
        listed = ", ".join(f"S{s:02d}" for s in seasons)
        raise UnsupportedRelease(
            f"{root.name}: several seasons in one folder ({listed})", hint="give one season folder at a time"
        )
    episodes.sort(key=lambda e: (e.numbers[0], e.path.name))
    present = {n for e in episodes for n in e.numbers}
    missing = tuple(n for n in range(1, max(present) + 1) if n not in present)
    return ReleaseLayout(
        root=root, shape="season_pack", content=tuple(e.path for e in episodes), episodes=tuple(episodes),
        missing_episodes=missing,
    )  # fmt: skip


def scan_release(path: Path) -> ReleaseLayout:
    """The shape of the release at ``path`` (a video file, a season folder, or a disc folder).

    Raises :class:`UnreadableMedia` for a missing path or a folder without videos, and
    :class:`UnsupportedRelease` for disc images and folders Seedarr cannot read as one release.
    """
    if not path.exists():
        raise UnreadableMedia(f"{path}: no such file or folder", hint="check the path")
    path = path.absolute()
    if path.is_file():
        if path.suffix.lower() == ".iso":
            raise UnsupportedRelease(f"{path.name}: disc images (.iso) are not supported yet")
        return ReleaseLayout(root=path, shape="file", content=(path,), size_bytes=path.stat().st_size)
    disc = _disc(path)
    if disc is not None:
        return disc
    videos: list[Path] = []
    samples: list[Path] = []
    extras: list[Path] = []
    for file in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in VIDEO_EXTENSIONS):
        relative = file.relative_to(path)
        if file.suffix.lower() == ".iso":
            raise UnsupportedRelease(f"{relative}: disc images (.iso) are not supported yet")
        (samples if is_sample(relative) else extras if is_extra(relative) else videos).append(file)
    if not videos:
        raise UnreadableMedia(f"{path.name}: no video file in this folder", hint="give a film or a season")
    if len(videos) == 1:
        layout = ReleaseLayout(root=path, shape="file", content=(videos[0],))
    else:
        layout = _pack(path, videos)
    return replace(layout, samples=tuple(samples), extras=tuple(extras), size_bytes=_tree_size(path))


def reference_file(layout: ReleaseLayout, episode: int | None = None) -> Path:
    """The file whose facts stand for the release: the film, a disc's main stream, or a pack's first
    episode (``episode`` picks another one; UserInputError if the pack does not hold it)."""
    if episode is not None and layout.shape != "season_pack":
        raise UserInputError(f"{layout.root.name} is not a season pack: --episode applies to packs only")
    if episode is None:
        return layout.content[0]
    for item in layout.episodes:
        if episode in item.numbers:
            return item.path
    held = ", ".join(str(n) for e in layout.episodes for n in e.numbers) or "none"
    raise UserInputError(f"episode {episode} is not in {layout.root.name} (episodes: {held})")


def analyse_release(path: Path, *, episode: int | None = None) -> MediaFacts:
    """Facts of the release at ``path``: its reference file's MediaInfo facts plus the release shape.

    ``episode`` picks a pack's reference episode (default: the first). Raises what :func:`scan_release`
    and :func:`~seedarr.media.mediainfo.read_file_facts` raise.
    """
    layout = scan_release(path)
    facts = read_file_facts(reference_file(layout, episode))
    return replace(
        facts,
        shape=layout.shape,
        episode_files=tuple(layout.relative(e.path) for e in layout.episodes),
        missing_episodes=layout.missing_episodes,
        extras=tuple(layout.relative(p) for p in layout.extras),
        samples=tuple(layout.relative(p) for p in layout.samples),
        release_size_bytes=layout.size_bytes,
        disc_kind=layout.disc_kind,
    )


def ensure_supported(facts: MediaFacts) -> None:
    """Raise :class:`UnsupportedRelease` for shapes later stages (naming, torrents, upload) cannot handle."""
    if facts.shape == "disc":
        raise UnsupportedRelease(
            f"disc releases ({facts.disc_kind}) are not supported yet",
            hint="upload a remux or encode of the disc instead",
        )
