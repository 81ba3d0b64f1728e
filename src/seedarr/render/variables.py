"""The variable catalogue of description and NFO templates (templates spec §2 and §3), as plain data.

:func:`build_context` turns :class:`~seedarr.domain.media_facts.MediaFacts` (parsed once per release),
:class:`~seedarr.domain.identity.Identity` (TMDB) and :class:`ReleaseFacts` (this tracker's name, group,
size, files, screenshots, category) into a dict of strings, numbers and lists: never ORM objects, settings,
paths, passkeys or API keys. Ready-made BBCode (tables, cast cards, screenshot block) is built from
escaped parts and marked safe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from seedarr import __version__
from seedarr.domain.identity import Identity
from seedarr.domain.media_facts import MediaFacts
from seedarr.render import tracks
from seedarr.render.filters import bbcode_escape, filesize, fr_date, url_safe
from seedarr.render.sandbox import SafeBBCode

__all__ = ["ReleaseFacts", "Screenshot", "build_context", "is_catalogue_variable", "mediainfo_for_release"]

_IMAGE = "https://image.tmdb.org/t/p/"
_NUMBERED_RE = re.compile(r"^(cast_[1-6]_(name|character|card|photo)|screenshot_\d+(_thumb)?)$")
_COMPLETE_NAME_RE = re.compile(r"^(Complete name\s*:\s*).*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Screenshot:
    full: str
    thumb: str | None = None
    viewer: str | None = None


@dataclass(frozen=True, slots=True)
class ReleaseFacts:
    """What this tracker's release is: name, group, language tag, numbering, size, files, images, target."""

    release_name: str = ""
    group: str = ""
    source: str = ""  # "WEB-DL", "BluRay"…
    resolution: str = ""  # "2160p"
    language_tag: str = ""
    season: str = ""
    episode: str = ""
    file_name: str = ""  # the file name inside the torrent ("Complete name" of the MediaInfo text)
    size_bytes: int | None = None
    files: tuple[tuple[str, int], ...] = ()
    screenshots: tuple[Screenshot, ...] = ()
    tracker_name: str = ""
    tracker_slug: str = ""
    category_name: str = ""


def mediainfo_for_release(text: str, file_name: str) -> str:
    """The MediaInfo text with "Complete name" set to ``file_name`` (no directory)."""
    if not file_name:
        return text
    name = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    return _COMPLETE_NAME_RE.sub(lambda m: m.group(1) + name, text)


def _runtime(minutes: int | None) -> str:
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    return f"{hours}h et {rest:02d}min" if hours else f"{rest}min"


def _tmdb(identity: Identity | None) -> dict[str, Any]:
    if identity is None:
        keys = (
            "title original_title year release_date poster_url backdrop_url rating rating_10 genres overview "
            "tagline runtime country director tmdb_id imdb_id tmdb_url trailer_url network creators "
            "first_air_date season_count episode_title episode_overview"
        )
        return {**dict.fromkeys(keys.split(), ""), "genre_list": []}
    kind = "movie" if identity.media_type == "movie" else "tv"
    rating = f"{identity.vote_average:.1f}" if identity.vote_average is not None else ""
    tv = identity.media_type == "tv"
    return {
        "title": identity.title,
        "original_title": identity.original_title,
        "year": str(identity.year or ""),
        "release_date": fr_date(identity.release_date or ""),
        "poster_url": f"{_IMAGE}w500{identity.poster_path}" if identity.poster_path else "",
        "backdrop_url": f"{_IMAGE}w1280{identity.backdrop_path}" if identity.backdrop_path else "",
        "rating": rating,
        "rating_10": f"{rating}/10" if rating else "",
        "genres": ", ".join(identity.genres),
        "genre_list": list(identity.genres),
        "overview": identity.overview,
        "tagline": identity.tagline,
        "runtime": _runtime(identity.runtime_minutes),
        "country": ", ".join(identity.countries),
        "director": ", ".join(identity.directors),
        "tmdb_id": str(identity.tmdb_id),
        "imdb_id": identity.imdb_id or "",
        "tmdb_url": f"https://www.themoviedb.org/{kind}/{identity.tmdb_id}",
        "trailer_url": url_safe(identity.trailer_url or ""),
        "network": ", ".join(identity.networks) if tv else "",
        "creators": ", ".join(identity.directors) if tv else "",
        "first_air_date": fr_date(identity.release_date or "") if tv else "",
        "season_count": str(identity.number_of_seasons or "") if tv else "",
        "episode_title": "",
        "episode_overview": "",
    }


def _cast(identity: Identity | None) -> dict[str, Any]:
    members = sorted(identity.cast, key=lambda c: c.order)[:20] if identity else []
    cast = []
    for member in members:
        photo = url_safe(f"{_IMAGE}w185{member.profile_path}") if member.profile_path else ""
        role = f" ({bbcode_escape(member.character)})" if member.character else ""
        card = (f"[img]{photo}[/img]\n" if photo else "") + f"[b]{bbcode_escape(member.name)}[/b]{role}"
        cast.append(
            {
                "name": member.name,
                "character": member.character or "",
                "photo_url": photo,
                "card": SafeBBCode(card),
            }
        )
    values: dict[str, Any] = {"cast": cast, "cast_names": ", ".join(c["name"] for c in cast[:6])}
    for index in range(1, 7):
        entry: dict[str, Any] = cast[index - 1] if index <= len(cast) else {}
        values[f"cast_{index}_name"] = entry.get("name", "")
        values[f"cast_{index}_character"] = entry.get("character", "")
        values[f"cast_{index}_photo"] = entry.get("photo_url", "")
        values[f"cast_{index}_card"] = entry.get("card", SafeBBCode(""))
    return values


def _screenshots(shots: tuple[Screenshot, ...]) -> dict[str, Any]:
    listed = []
    for shot in shots[:32]:
        full = url_safe(shot.full)
        if full:
            thumb = url_safe(shot.thumb or "") or full
            listed.append({"full": full, "thumb": thumb, "viewer": url_safe(shot.viewer or "") or full})
    values: dict[str, Any] = {"screenshots": listed, "screenshot_count": len(listed)}
    for index, row in enumerate(listed, 1):
        values[f"screenshot_{index}"], values[f"screenshot_{index}_thumb"] = row["full"], row["thumb"]
    block = " ".join(f"[url={s['viewer']}][img]{s['thumb']}[/img][/url]" for s in listed)
    values["screenshots_bbcode"] = SafeBBCode(f"[center]{block}[/center]" if listed else "")
    return values


def _media(facts: MediaFacts | None, release: ReleaseFacts) -> dict[str, Any]:
    audio = tracks.audio_rows(facts.audio) if facts else []
    subs = tracks.subtitle_rows(facts.subtitles) if facts else []
    size = release.size_bytes or (facts.release_size_bytes or facts.size_bytes if facts else 0)
    files = [{"path": path, "size": size_} for path, size_ in release.files[:1000]]
    count = len(files) or (len(facts.episode_files) if facts and facts.episode_files else (1 if facts else 0))
    line = "- {language_fr}{v} : {codec} {channels}{b}"
    return {
        **tracks.video_values(facts),
        "audio_tracks": audio,
        "subtitle_tracks": subs,
        "audio_list": "\n".join(
            line.format(
                **a,
                v=f" ({a['variant']})" if a["variant"] else "",
                b=f" @ {a['bitrate']}" if a["bitrate"] else "",
            )
            for a in audio
        ),
        "audio_table": tracks.table(
            ("Langue", "Codec", "Débit"),
            [
                (
                    a["language_fr"] + (f" ({a['variant']})" if a["variant"] else ""),
                    f"{a['codec']} {a['channels']}",
                    a["bitrate"],
                )
                for a in audio
            ],
        ),
        "languages": ", ".join(dict.fromkeys(a["language_fr"] for a in audio)),
        "subtitles": ", ".join(
            s["language_fr"] + (f" ({k})" if (k := tracks.subtitle_kind(s)) != "Complets" else "")
            for s in subs
        ),
        "subtitles_table": tracks.table(
            ("Langue", "Format", "Type"),
            [(s["language_fr"], s["format"], tracks.subtitle_kind(s)) for s in subs],
        ),
        "file_size": filesize(size) if size else "",
        "size_bytes": size or 0,
        "file_count": count,
        "files": files,
        "mediainfo_text": mediainfo_for_release(facts.mediainfo_text, release.file_name) if facts else "",
    }


def build_context(
    facts: MediaFacts | None, identity: Identity | None, release: ReleaseFacts
) -> dict[str, Any]:
    """Every catalogue variable for one tracker release, as plain data."""
    resolution = release.resolution or (facts.video.resolution if facts and facts.video else "")
    quality = " ".join(p for p in (resolution, release.source) if p)
    values = {
        **_tmdb(identity),
        **_cast(identity),
        **_media(facts, release),
        **_screenshots(release.screenshots),
    }
    values.update(
        {
            "quality": f"{quality} ({tracks.quality_label(resolution)})" if quality else "",
            "source": release.source,
            "release_name": release.release_name,
            "release_team": release.group,
            "tracker_name": release.tracker_name,
            "tracker_slug": release.tracker_slug,
            "category_name": release.category_name,
            "media_type": identity.media_type if identity else ("tv" if release.season else "movie"),
            "season": release.season,
            "episode": release.episode,
            "season_episode": release.season + release.episode,
            "language_tag": release.language_tag,
            "app_name": "Seedarr",
            "app_version": __version__,
        }
    )
    return values


def is_catalogue_variable(name: str, known: frozenset[str]) -> bool:
    """Whether ``name`` is a catalogue variable (``cast_3_card`` and ``screenshot_12`` included)."""
    return name in known or bool(_NUMBERED_RE.match(name))
