"""``ReleaseInfo``: the one typed record a release carries through the pipeline.

A release (one file, a season-pack folder, a disc folder) is analysed once (:class:`MediaFacts`), named from
its file/folder/scene names (:class:`ParsedName`), identified (:class:`Identity`), then gets per-tracker
names and artefacts. Stages read the fields they need and return a new record with their outputs
(``dataclasses.replace``); tracker adapters build their upload requests from it. No untyped "meta" dict
crosses a module boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from seedarr.domain.dupe_report import DupeReport
from seedarr.domain.identity import Identity, ParsedName
from seedarr.domain.media_facts import MediaFacts
from seedarr.domain.naming.compose import ReleaseName

__all__ = ["ReleaseInfo", "ScreenshotLink", "TrackerArtefacts"]


@dataclass(frozen=True, slots=True)
class ScreenshotLink:
    """One hosted screenshot: full image and thumbnail (``[url=full][img]thumb[/img][/url]``)."""

    full_url: str
    thumb_url: str
    timestamp: float | None = None


@dataclass(frozen=True, slots=True)
class TrackerArtefacts:
    """What one tracker gets: its name, its .torrent (own ``source`` flag and announce), its description."""

    tracker_id: str
    release_name: ReleaseName
    torrent_path: PurePath | None = None
    info_hash: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class ReleaseInfo:
    """Everything known about a release; every field after ``path`` is filled by a later stage."""

    path: PurePath
    facts: MediaFacts | None = None
    names: tuple[ParsedName, ...] = ()  # scene, file and folder names as parsed (scene first when present)
    identity: Identity | None = None
    nfo: bytes | None = None
    screenshots: tuple[ScreenshotLink, ...] = ()
    trackers: dict[str, TrackerArtefacts] = field(default_factory=dict)
    release_id: int | None = None
    # per tracker id, the duplicate check (JSON via seedarr.domain.dupe_report.reports_to_dict/_from_dict)
    dupes: dict[str, DupeReport] = field(default_factory=dict)

    @property
    def media_type(self) -> str | None:
        """``movie`` or ``tv`` once identified, else what the names say (``episode`` means tv)."""
        if self.identity is not None:
            return self.identity.media_type
        for name in self.names:
            if name.media_type is not None:
                return "tv" if name.media_type == "episode" else "movie"
        return None

    def for_tracker(self, tracker_id: str) -> TrackerArtefacts:
        """The artefacts of ``tracker_id``; a KeyError names the tracker when the build stage skipped it."""
        try:
            return self.trackers[tracker_id]
        except KeyError:
            raise KeyError(f"no artefacts built for tracker {tracker_id!r}") from None
