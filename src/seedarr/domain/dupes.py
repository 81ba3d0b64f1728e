"""Duplicate rules: the *slot* a release fills on a site, and whether a torrent the site has blocks ours.

Pure (no I/O). A **slot** is what a site lets coexist for one work: the resolution class (2160p; 1080p and
1080i together; 720p; SD), the source type (full disc, remux, encode, light encode, web, HDTV), the HDR class
(SDR, HDR, Dolby Vision) and the codec family (AVC, HEVC, AV1…). WEB-DL and WEBRip share the ``web`` slot:
both come from the same stream, sites keep one web release per resolution and codec (a WEB-DL trumps a
WEBRip of the same stream), and names cannot tell them apart reliably (scene and French groups write
``WEB`` for both); the explanation still says which is which. A light encode (an explicit ``HDLight``,
``4KLight`` or ``mHD`` token) is its own slot, as French sites file it apart from full-size encodes.

:func:`judge` decides for one torrent the site already has (a :class:`DupeCandidate`) against our release
(a :class:`DupeSubject`), with a one-line explanation listing the facts compared:

- ``exact``: the same infohash, or the same slot and a size within 1 % (and the same file count when both
  are known): most likely the very same release;
- ``duplicate``: the same slot; a season pack on the site blocks each of its episodes;
- ``similar``: the same work in another slot, an episode on the site next to our season pack, or a name too
  vague to place in a slot (check it by hand);
- ``unrelated``: another work (TMDB id, or title and year when the site gives no id), another season or
  another episode.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from seedarr.domain.identity import ParsedName

__all__ = [
    "Decision",
    "DupeCandidate",
    "DupeSubject",
    "Slot",
    "codec_class",
    "hdr_class",
    "judge",
    "name_slot",
    "resolution_class",
    "slot_of",
    "source_class",
]

Decision = Literal["exact", "duplicate", "similar", "unrelated"]
SIZE_TOLERANCE = 0.01  # ±1 % counts as the same file (trackers spec §5)

_SOURCE_LABELS = {"full_disc": "full disc", "remux": "remux", "encode": "encode", "light": "light encode",
                  "web": "WEB", "hdtv": "HDTV", "cam": "CAM"}  # fmt: skip
_HDR_LABELS = {"sdr": "SDR", "hdr": "HDR", "dv": "Dolby Vision"}
_CODECS = {
    "x264": "avc", "h264": "avc", "h.264": "avc", "avc": "avc", "x265": "hevc", "h265": "hevc",
    "h.265": "hevc", "hevc": "hevc", "av1": "av1", "vc-1": "vc1", "vc1": "vc1", "mpeg-2": "mpeg2",
    "mpeg2": "mpeg2", "xvid": "mpeg4", "divx": "mpeg4", "vp9": "vp9",
}  # fmt: skip
_CODEC_LABELS = {"avc": "AVC", "hevc": "HEVC", "vc1": "VC-1", "mpeg2": "MPEG-2", "mpeg4": "MPEG-4"}
_NAME_SOURCES = {"web-dl": "web", "webrip": "web", "hdtv": "hdtv", "dvd": "full_disc", "cam": "cam",
                 "ts": "cam", "tc": "cam", "bluray": "encode", "bdrip": "encode", "brrip": "encode",
                 "dvdrip": "encode", "hdrip": "encode"}  # fmt: skip
_DISC_CODECS = frozenset({"AVC", "HEVC", "VC-1", "MPEG-2"})  # a BluRay name with these and no REMUX: a disc


@dataclass(frozen=True, slots=True)
class Slot:
    """Resolution class, source type, HDR class and codec family; None where unknown."""

    resolution: str | None
    source: str | None
    hdr: str
    codec: str | None

    def describe(self) -> str:
        """``1080p · WEB · SDR · AVC`` (``?`` for what is unknown)."""
        parts = (
            self.resolution or "resolution ?",
            _SOURCE_LABELS.get(self.source or "", "source ?"),
            _HDR_LABELS.get(self.hdr, self.hdr),
            _CODEC_LABELS.get(self.codec, self.codec.upper()) if self.codec else "codec ?",
        )
        return " · ".join(parts)


@dataclass(frozen=True, slots=True)
class DupeSubject:
    """Our release as the rules see it. ``episodes`` empty with a ``season``: a season pack."""

    slot: Slot
    size: int
    media_type: Literal["movie", "tv"] = "movie"
    tmdb_id: int | None = None
    titles: tuple[str, ...] = ()
    year: int | None = None
    season: int | None = None
    episodes: tuple[int, ...] = ()
    infohashes: frozenset[str] = frozenset()
    file_count: int | None = None
    languages: tuple[str, ...] = ()
    group: str | None = None
    release_type: str | None = None  # "web-dl", "webrip"…: said apart in explanations


@dataclass(frozen=True, slots=True)
class DupeCandidate:
    """A torrent the site already has: its name as parsed (None: unreadable) and what the site says."""

    name: str
    size: int
    parsed: ParsedName | None
    site_resolution: str | None = None  # the site's own resolution label ("1080p"), from its ids
    site_type: str | None = None  # the site's own release type ("remux", "web-dl"…), from its ids
    tmdb_id: int | None = None
    found_by_id: bool = False  # the site returned it for our TMDB or IMDb id
    infohash: str | None = None
    file_count: int | None = None
    # kept in the report, not read by the rules
    seeders: int = 0
    leechers: int | None = None
    link: str | None = None
    torrent_id: str = ""
    origin: str = "native"


def resolution_class(resolution: str | None) -> str | None:
    """``2160p``, ``1080p`` (1080i too), ``720p``, ``SD`` or ``4320p``; None when unknown."""
    match = re.match(r"^(\d{3,4})[pi]$", (resolution or "").strip().lower())
    if match is None:
        return None
    lines = int(match.group(1))
    for floor, label in ((4000, "4320p"), (2000, "2160p"), (1000, "1080p"), (700, "720p")):
        if lines >= floor:
            return label
    return "SD"


def source_class(release_type: str | None, light: str | None = None) -> str | None:
    """The slot's source type from the definitions' release-type vocabulary (``web-dl`` → ``web``)."""
    kind = {"web-dl": "web", "webrip": "web"}.get(release_type or "", release_type)
    if kind == "encode" and light:
        return "light"
    return kind if kind in _SOURCE_LABELS else None


def hdr_class(formats: Iterable[str]) -> str:
    """``dv`` when Dolby Vision is there, ``hdr`` for any other HDR format, else ``sdr``."""
    upper = {f.upper() for f in formats}
    return "dv" if upper & {"DV", "DOVI"} else ("hdr" if upper - {"SDR"} else "sdr")


def codec_class(codec: str | None) -> str | None:
    """``avc`` for x264/H.264/AVC, ``hevc`` for x265/H.265/HEVC…; None when unknown."""
    return _CODECS.get((codec or "").strip().lower())


def slot_of(
    resolution: str | None, release_type: str | None, hdr: str, codec: str | None, light: str | None = None
) -> Slot:
    """Our release's slot from its labels (``hdr`` is already a class: sdr, hdr or dv)."""
    family = codec if codec in _CODEC_LABELS or codec in {"av1", "vp9"} else codec_class(codec)
    return Slot(resolution_class(resolution), source_class(release_type, light), hdr, family)


def name_slot(
    parsed: ParsedName, *, site_resolution: str | None = None, site_type: str | None = None
) -> Slot:
    """A site torrent's slot from its parsed name, the site's own type and resolution filling the gaps.

    The site's type wins over the name (its ids are chosen from a list and checked by moderators); the
    name's resolution wins over the site's (1080i filed as 1080p is common and changes nothing here).
    """
    return Slot(resolution_class(parsed.resolution or site_resolution),
                source_class(site_type or _name_type(parsed), parsed.light), hdr_class(parsed.hdr),
                codec_class(parsed.video_codec))  # fmt: skip


def _name_type(parsed: ParsedName) -> str | None:
    """The release type a name says: REMUX, its source, else an encoder token or a light tag (encode)."""
    if parsed.remux:
        return "remux"
    if parsed.source == "bluray" and (parsed.video_codec or "") in _DISC_CODECS:
        return "full_disc"
    if parsed.source is not None:
        return _NAME_SOURCES.get(parsed.source)
    encoder = (parsed.video_codec or "").lower() in {"x264", "x265", "xvid", "divx"}
    return "encode" if encoder or parsed.light else None


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _size(size: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.2f} {unit}"
    return f"{size} B"


def _other_work(ours: DupeSubject, hit: DupeCandidate) -> str | None:
    """Why ``hit`` is another work, or None when it is (or may be) ours."""
    if hit.tmdb_id and ours.tmdb_id and hit.tmdb_id != ours.tmdb_id:
        return f"another work: TMDB id {hit.tmdb_id} on the site, ours is {ours.tmdb_id}"
    if hit.found_by_id or (hit.tmdb_id and hit.tmdb_id == ours.tmdb_id) or hit.parsed is None:
        return None
    title, year = hit.parsed.title, hit.parsed.year
    if title and ours.titles and _fold(title) not in {_fold(t) for t in ours.titles}:
        return f"another work: “{title}” on the site, ours is “{ours.titles[0]}”"
    if ours.media_type == "movie" and year and ours.year and abs(year - ours.year) > 1:
        return f"another work: a film from {year} on the site, ours is from {ours.year}"
    return None


def _numbering(ours: DupeSubject, parsed: ParsedName) -> tuple[Decision | None, str]:
    """Season and episode rules: a final decision with its reason, or (None, note) to compare slots."""
    if ours.media_type != "tv" or ours.season is None:
        return None, ""
    if parsed.season is None and not parsed.episodes:
        return "similar", "the site's name gives no season or episode (a complete series?): check it by hand"
    if parsed.season is not None and parsed.season != ours.season:
        return "unrelated", f"another season: S{parsed.season:02d} on the site, ours is S{ours.season:02d}"
    listed = ", ".join(f"E{e:02d}" for e in parsed.episodes)
    if not ours.episodes and parsed.episodes:
        return "similar", (
            f"the site has only {listed} of season {ours.season}, not a season pack; "
            "single episodes do not block our season pack"
        )
    if ours.episodes and not parsed.episodes:
        ours_listed = ", ".join(f"E{e:02d}" for e in ours.episodes)
        return None, f"the site's season {ours.season} pack already contains our {ours_listed}"
    if ours.episodes and not set(ours.episodes) & set(parsed.episodes):
        ours_listed = ", ".join(f"E{e:02d}" for e in ours.episodes)
        return "unrelated", f"another episode: {listed} on the site, ours is {ours_listed}"
    return None, ""


def _slot_differences(ours: Slot, theirs: Slot) -> list[str]:
    pairs = (("resolution", theirs.resolution, ours.resolution), ("source", theirs.source, ours.source),
             ("dynamic range", theirs.hdr, ours.hdr), ("codec", theirs.codec, ours.codec))  # fmt: skip
    return [
        f"{what} {_label(what, site)} on the site vs {_label(what, mine)} ours"
        for what, site, mine in pairs
        if site is not None and mine is not None and site != mine
    ]


def _label(what: str, value: str | None) -> str:
    table = {"source": _SOURCE_LABELS, "dynamic range": _HDR_LABELS, "codec": _CODEC_LABELS}.get(what, {})
    return table.get(value or "", value or "?")


def _notes(ours: DupeSubject, hit: DupeCandidate) -> list[str]:
    parsed = hit.parsed
    notes: list[str] = []
    if parsed is None:
        return notes
    if parsed.group and ours.group:
        same = parsed.group.casefold() == ours.group.casefold()
        notes.append(
            f"group {parsed.group} on both" if same else f"group {parsed.group} vs ours {ours.group}"
        )
    if parsed.language_tags and ours.languages and set(parsed.language_tags) != set(ours.languages):
        notes.append(f"languages {'.'.join(parsed.language_tags)} vs ours {'.'.join(ours.languages)}")
    web = {"web-dl": "WEB-DL", "webrip": "WEBRip"}
    theirs = hit.site_type if hit.site_type in web else parsed.source
    if theirs in web and ours.release_type in web and theirs != ours.release_type:
        notes.append(f"{web[theirs or '']} on the site vs {web[ours.release_type or '']} ours (one web slot)")
    if parsed.repack:
        notes.append(f"the site's is a {parsed.repack}")
    return notes


def judge(ours: DupeSubject, hit: DupeCandidate) -> tuple[Decision, str]:
    """The decision for one site torrent and a one-line explanation of the facts compared."""
    if hit.infohash and hit.infohash.lower() in {h.lower() for h in ours.infohashes}:
        return "exact", f"same infohash as ours ({hit.infohash.lower()[:12]}…): the same torrent"
    if (reason := _other_work(ours, hit)) is not None:
        return "unrelated", reason
    if hit.parsed is None:
        return "similar", "the site's name could not be read, so its slot is unknown: check it by hand"
    decision, numbering = _numbering(ours, hit.parsed)
    if decision is not None:
        return decision, numbering
    theirs = name_slot(hit.parsed, site_resolution=hit.site_resolution, site_type=hit.site_type)
    if theirs.resolution is None or theirs.source is None:
        missing = " and ".join(w for w, v in (("resolution", theirs.resolution), ("source", theirs.source))
                               if v is None)  # fmt: skip
        return (
            "similar",
            f"the site's name does not give its {missing}, so its slot is unknown: check it by hand",
        )
    notes = _notes(ours, hit)
    if differences := _slot_differences(ours.slot, theirs):
        return "similar", "; ".join(
            [f"another slot ({theirs.describe()}): " + ", ".join(differences), *notes]
        )
    same = f"same slot ({theirs.describe()})"
    if numbering:  # a season pack on the site blocks our episode: sizes do not compare
        return "duplicate", "; ".join([f"{numbering}, in the {same}", *notes])
    return _by_size(ours, hit, same, notes)


def _by_size(ours: DupeSubject, hit: DupeCandidate, same: str, notes: list[str]) -> tuple[Decision, str]:
    if hit.size <= 0 or ours.size <= 0:
        return "duplicate", "; ".join([f"{same}; the site gives no size to compare", *notes])
    apart = abs(hit.size - ours.size) / ours.size
    sizes = f"{_size(hit.size)} on the site vs {_size(ours.size)} ours, {apart:.1%} apart"
    files_differ = hit.file_count and ours.file_count and hit.file_count != ours.file_count
    if apart <= SIZE_TOLERANCE and not files_differ:
        return "exact", "; ".join(
            [f"{same} and the same size ({sizes}): most likely the same release", *notes]
        )
    if apart <= SIZE_TOLERANCE:
        files = f"{hit.file_count} files on the site vs {ours.file_count} ours"
        return "duplicate", "; ".join([f"{same}, same size ({sizes}) but {files}", *notes])
    return "duplicate", "; ".join([f"{same}, another size ({sizes})", *notes])
