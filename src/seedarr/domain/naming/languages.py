"""French language tags of a release (naming spec §6): MULTi, VFF, VFQ, VF2, VOF, VOSTFR, VO, MUET…

Deterministic and MediaInfo first: the audio tracks (minus commentary and audio description), their
language, region (``fr-CA`` → VFQ) and titles decide; TMDB's original language turns a French track into
VOF; name tokens only fill a variant the tracks leave unknown and hint at VOSTFR. An unknown variant stays
unknown (``FRENCH``, bare ``MULTi``) unless the tracker profile sets ``assume_vff_when_unknown``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from seedarr.domain.languages import language_region, to_iso639_1
from seedarr.domain.media_facts import AudioTrack, SubtitleTrack

__all__ = [
    "LanguageTag",
    "infer_language_tag",
    "language_tag_from_name",
    "main_audio_tracks",
    "track_language",
]

_AD_RE = re.compile(r"audio.?desc|descriptive|malvoyant|(?<![a-z])ad(?![a-z])", re.IGNORECASE)
_COMMENT_RE = re.compile(r"comment", re.IGNORECASE)
_FRENCH_TITLE_RE = re.compile(r"fran[cç]ais|french|(?<![a-z])vf[a-z0-9]?(?![a-z])|truefrench", re.IGNORECASE)
_ENGLISH_TITLE_RE = re.compile(r"english|anglais", re.IGNORECASE)
_TITLE_VARIANTS = (
    ("VF2", re.compile(r"(?<![a-z])vf2(?![a-z0-9])", re.IGNORECASE)),
    ("VFQ", re.compile(r"vfq|qu[eé]bec|canad", re.IGNORECASE)),
    ("VFF", re.compile(r"vff|france|truefrench", re.IGNORECASE)),
    ("VFI", re.compile(r"vfi|international", re.IGNORECASE)),
    ("VFB", re.compile(r"vfb|belgi", re.IGNORECASE)),
)
_NAME_VARIANTS = (("VF2", "VF2"), ("VFQ", "VFQ"), ("VFF", "VFF"), ("TRUEFRENCH", "VFF"), ("VFI", "VFI"))
_REGIONS = {"FR": "VFF", "CH": "VFF", "CA": "VFQ", "BE": "VFB"}


@dataclass(frozen=True, slots=True)
class LanguageTag:
    """The composed tag (``MULTi.VFF``), its parts, whether the variant was assumed, and why."""

    tag: str
    base: str  # "MULTi", "VFF", "FRENCH", "VOSTFR", "VO", "MUET"…
    variant: str | None  # "VFF", "VFQ", "VF2", "VFI", "VOF", "VFB" or None when unknown
    assumed: bool
    evidence: str
    from_mediainfo: bool = True


def main_audio_tracks(tracks: Sequence[AudioTrack]) -> list[AudioTrack]:
    """Audio tracks that count: no commentary, no audio description (flags or titles)."""
    kept = []
    for track in tracks:
        title = track.title or ""
        if track.commentary or track.audio_description or _COMMENT_RE.search(title) or _AD_RE.search(title):
            continue
        kept.append(track)
    return kept


def track_language(track: AudioTrack | SubtitleTrack) -> str | None:
    """ISO 639-1 of a track: its tag, else keywords of its title (``VFF`` → fr); None for undetermined."""
    code = track.language or to_iso639_1(track.language_tag)
    if code:
        return code
    title = track.title or ""
    if _FRENCH_TITLE_RE.search(title):
        return "fr"
    if _ENGLISH_TITLE_RE.search(title):
        return "en"
    return None


def _variant(track: AudioTrack) -> tuple[str | None, str]:
    region = language_region(track.language_tag)
    if region in _REGIONS:
        return _REGIONS[region], f"region {track.language_tag}"
    for variant, pattern in _TITLE_VARIANTS:
        if track.title and pattern.search(track.title):
            return variant, f"title {track.title!r}"
    return None, "no region or title"


def _combine(known: list[tuple[str, str]], allow_vfb: bool) -> tuple[str | None, str]:
    usable = [(v, why) for v, why in known if v != "VFB" or allow_vfb]
    variants = {v for v, _ in usable}
    if "VF2" in variants or {"VFF", "VFQ"} <= variants:
        return "VF2", "; ".join(why for _, why in usable) + " → VF2"
    if usable:
        return usable[0][0], usable[0][1] + f" → {usable[0][0]}"
    return None, ""


def _name_variant(name_tags: Sequence[str], allow_vfb: bool) -> str | None:
    tags = {t.upper() for t in name_tags}
    pairs: tuple[tuple[str, str], ...] = (*_NAME_VARIANTS, *((("VFB", "VFB"),) if allow_vfb else ()))
    for written, variant in pairs:
        if written in tags:
            return variant
    return None


def infer_language_tag(
    audio: Sequence[AudioTrack],
    subtitles: Sequence[SubtitleTrack],
    *,
    original_language: str | None = None,
    name_tags: Sequence[str] = (),
    assume_vff_when_unknown: bool = False,
    allow_vfb: bool = False,
) -> LanguageTag:
    """The French language tag of a release from its tracks (spec §6.1, steps 1 to 7)."""
    tags = {t.upper() for t in name_tags}
    main = main_audio_tracks(audio)
    languages = [track_language(t) for t in main]
    french = [t for t, lang in zip(main, languages, strict=True) if lang == "fr"]
    french_subs = any(track_language(s) == "fr" for s in subtitles)
    sub_hint = french_subs or bool(tags & {"VOSTFR", "SUBFRENCH"})
    why_subs = "French subtitles" if french_subs else "name says VOSTFR"
    if not main:
        if sub_hint:
            return LanguageTag("MUET.VOSTFR", "MUET", None, False, f"no audio track; {why_subs}")
        return LanguageTag("MUET", "MUET", None, False, "no audio track")
    if not french:
        if sub_hint:
            return LanguageTag("VOSTFR", "VOSTFR", None, False, f"no French audio; {why_subs}")
        return LanguageTag("VO", "VO", None, False, "no French audio and no French subtitles")
    known = [(v, f"track {main.index(t) + 1} {why}") for t in french for v, why in [_variant(t)] if v]
    variant, why = _combine(known, allow_vfb)
    assumed = False
    if variant is None and (variant := _name_variant(name_tags, allow_vfb)) is not None:
        why = f"no variant in the tracks; the name says {variant}"
    if original_language == "fr":
        variant, why = "VOF", "TMDB original language is French"
    if variant is None and assume_vff_when_unknown:
        variant, assumed, why = "VFF", True, "variant unknown; VFF assumed by the tracker profile"
    others = {lang for lang in languages if lang and lang != "fr"}
    if others:
        base, lead = "MULTi", f"French audio plus {', '.join(sorted(others))}"
        tag = f"MULTi.{variant}" if variant else "MULTi"
    else:
        base, lead = (variant or "FRENCH"), "French audio only"
        tag = base
    detail = f"{lead}; {why}" if why else f"{lead}; variant unknown"
    return LanguageTag(tag, base, variant, assumed, detail)


def language_tag_from_name(name_tags: Sequence[str], *, allow_vfb: bool = False) -> LanguageTag | None:
    """The tag a name alone gives (no MediaInfo): TRUEFRENCH reads as VFF, SUBFRENCH as VOSTFR."""
    tags = {t.upper() for t in name_tags}
    variant = _name_variant(name_tags, allow_vfb) or ("VOF" if tags & {"VOF", "VOQ"} else None)
    if "MULTI" in tags:
        tag = f"MULTi.{variant}" if variant else "MULTi"
        return LanguageTag(tag, "MULTi", variant, False, "name tokens", from_mediainfo=False)
    if variant:
        return LanguageTag(variant, variant, variant, False, "name tokens", from_mediainfo=False)
    for written, base in (
        ("FRENCH", "FRENCH"),
        ("VOSTFR", "VOSTFR"),
        ("SUBFRENCH", "VOSTFR"),
        ("MUET", "MUET"),
    ):
        if written in tags:
            return LanguageTag(base, base, None, False, f"name token {written}", from_mediainfo=False)
    if "VO" in tags:
        return LanguageTag("VO", "VO", None, False, "name token VO", from_mediainfo=False)
    return None
