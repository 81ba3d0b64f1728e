"""The technical variables of a release name: language, resolution, source, REMUX, light, HDR, audio, video.

MediaInfo decides wherever it has the field; names fill what it lacks (source, REMUX, light), and a name
token that MediaInfo contradicts becomes a warning, never the value (naming spec §1). Used by
:mod:`~seedarr.domain.naming.compose`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from seedarr.domain.identity import Identity, ParsedName, SourceKind
from seedarr.domain.media_facts import MediaFacts
from seedarr.domain.naming.audio import audio_token, codec_label
from seedarr.domain.naming.evidence import Evidence, EvidenceSource, Token
from seedarr.domain.naming.hdr import hdr_parts, render_hdr
from seedarr.domain.naming.languages import LanguageTag, infer_language_tag, language_tag_from_name
from seedarr.domain.naming.precedence import first_with
from seedarr.domain.naming.profiles import NamingProfile
from seedarr.domain.naming.resolution import resolution_token
from seedarr.domain.naming.source import DVD_KINDS, infer_source, remux_suggested, source_label
from seedarr.domain.naming.video import video_codec_token

__all__ = ["FactTokens", "fill"]


@dataclass
class FactTokens:
    tokens: list[Token] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def put(self, variable: str, value: str, source: EvidenceSource, detail: str) -> None:
        self.tokens.append(Token(variable, value, Evidence(source, detail)))


def _origin(name: ParsedName | None) -> EvidenceSource:
    return name.origin if name is not None else "default"


def _language(
    names: Sequence[ParsedName], facts: MediaFacts | None, identity: Identity | None, profile: NamingProfile
) -> LanguageTag | None:
    name_tags = tuple(dict.fromkeys(t for n in names for t in n.language_tags))
    original = identity.original_language if identity is not None else None
    if facts is not None:
        return infer_language_tag(
            facts.audio,
            facts.subtitles,
            original_language=original,
            name_tags=name_tags,
            assume_vff_when_unknown=profile.assume_vff_when_unknown,
            allow_vfb=profile.allow_vfb_voq,
        )
    tag = language_tag_from_name(name_tags, allow_vfb=profile.allow_vfb_voq)
    if tag is not None and original == "fr" and tag.base in {"MULTi", "FRENCH", "VFF", "VFQ", "VFI", "VF2"}:
        base = "MULTi" if tag.base == "MULTi" else "VOF"
        return LanguageTag("MULTi.VOF" if base == "MULTi" else "VOF", base, "VOF", False,
                           "name tokens; TMDB original language is French", from_mediainfo=False)  # fmt: skip
    return tag


def _fill_language(out: FactTokens, names: Sequence[ParsedName], facts: MediaFacts | None,
                   identity: Identity | None, profile: NamingProfile) -> None:  # fmt: skip
    tag = _language(names, facts, identity, profile)
    source: EvidenceSource = (
        "mediainfo" if tag is None or tag.from_mediainfo else _origin(names[0] if names else None)
    )
    if tag is None:
        out.put("language", "", "default", "no audio facts and no language token")
        out.put("language_variant", "", "default", "unknown")
        return
    value = tag.tag
    if tag.base == "VO" and not profile.vo_label:
        value, source = "", "profile"
    out.put("language", value, source, tag.evidence + (" (VO omitted by the profile)" if not value else ""))
    out.put("language_variant", tag.variant or "", source, tag.evidence)
    if tag.assumed:
        out.warnings.append("French variant unknown: VFF assumed by the tracker profile")
    written = {t.upper() for n in names for t in n.language_tags}
    if facts is not None and "MULTI" in written and tag.base != "MULTi":
        out.warnings.append(f"a name says MULTi but MediaInfo gives {tag.tag}")


def _fill_source(out: FactTokens, names: Sequence[ParsedName], facts: MediaFacts | None,
                 profile: NamingProfile, resolution: str) -> SourceKind | None:  # fmt: skip
    kind: SourceKind | None
    kind, named = first_with(names, "source")
    remux, remux_name = first_with(names, "remux")
    label, source, detail = "", _origin(named), "no source token"
    if kind is not None and named is not None:
        label = source_label(kind, named.source_token, profile.web_label)
        detail = f"{named.source_token} in the {named.origin} name"
    elif facts is not None and (inferred := infer_source(facts)) is not None:
        kind, why = inferred
        label, source, detail = source_label(kind, None, profile.web_label), "inferred", f"MediaInfo: {why}"
        out.warnings.append(f"source {label} inferred from MediaInfo ({why}): confirm it")
    disc = facts is not None and facts.shape == "disc"
    if label and profile.uhd_label == "remux_or_disc" and resolution == "2160p" and kind == "bluray":
        label = f"UHD.{label}" if (remux or disc) else label
    out.put("source", label, source, detail)
    out.put("remux", "REMUX" if remux else "", _origin(remux_name), "REMUX token" if remux else "not a remux")
    if not remux and facts is not None and remux_suggested(facts, kind):
        out.warnings.append("untouched video with lossless audio from BluRay: is it a REMUX?")
    light, light_name = first_with(names, "light")
    light_value = light if (light and profile.use_light) else ""
    out.put("light", light_value, _origin(light_name), f"{light} token" if light else "no light token")
    out.put("quality", light_value or ("REMUX" if remux else ""), "default", "light or remux (legacy alias)")
    return kind


def _fill_resolution(out: FactTokens, names: Sequence[ParsedName], facts: MediaFacts | None) -> str:
    name_value, named = first_with(names, "resolution")
    video = facts.video if facts is not None else None
    value, why, from_mi = resolution_token(video, name_value)
    if from_mi and name_value and name_value != value and name_value.rstrip("pi") != value.rstrip("pi"):
        out.warnings.append(f"the {_origin(named)} name says {name_value} but MediaInfo gives {value}")
    out.put("resolution", value, "mediainfo" if from_mi else _origin(named), why)
    return value


def _fill_hdr(out: FactTokens, names: Sequence[ParsedName], facts: MediaFacts | None,
              profile: NamingProfile) -> None:  # fmt: skip
    named_parts, named = first_with(names, "hdr")
    if facts is not None and facts.video is not None:
        parts = hdr_parts(facts.video.hdr)
        why = f"HDR format {facts.video.hdr}" if parts else "SDR (BT.709 or no HDR metadata): no token"
        if named_parts and set(named_parts) != set(parts):
            out.warnings.append(f"the {_origin(named)} name says {'.'.join(named_parts)}; MediaInfo wins")
        out.put("hdr", render_hdr(parts, profile.hdr10plus_label), "mediainfo", why)
        return
    parts = tuple(named_parts or ())
    out.put(
        "hdr", render_hdr(parts, profile.hdr10plus_label), _origin(named), "name tokens" if parts else "none"
    )


def _fill_audio(out: FactTokens, names: Sequence[ParsedName], facts: MediaFacts | None,
                profile: NamingProfile) -> None:  # fmt: skip
    token = audio_token(facts.audio, profile.audio_style) if facts is not None else None
    if token is not None and facts is not None:
        track = facts.audio[token.track_index - 1]
        language = track.language_tag or track.language or "und"
        why = f"audio track {token.track_index}: {track.codec}{' Atmos' if track.atmos else ''} " \
              f"{track.channels} ({language})"  # fmt: skip
        for variable, value in (
            ("audio", token.full),
            ("audio_codec", token.codec),
            ("audio_channels", token.channels),
        ):
            out.put(variable, value, "mediainfo", why)
        return
    codec, named = first_with(names, "audio_codec")
    label = codec_label(codec, profile.audio_style) if codec else ""
    out.put("audio", label, _origin(named), "name token" if codec else "no audio")
    out.put("audio_codec", label, _origin(named), "name token" if codec else "no audio")
    out.put("audio_channels", "", "default", "unknown without MediaInfo")


def fill(names: Sequence[ParsedName], facts: MediaFacts | None, identity: Identity | None,
         profile: NamingProfile) -> FactTokens:  # fmt: skip
    """Every technical variable of §9 with its evidence, plus warnings for the approval screen."""
    out = FactTokens()
    _fill_language(out, names, facts, identity, profile)
    resolution = _fill_resolution(out, names, facts)
    kind = _fill_source(out, names, facts, profile, resolution)
    if kind in DVD_KINDS:
        out.tokens = [t for t in out.tokens if t.variable != "resolution"]
        out.put("resolution", "", "profile", "DVD sources carry no resolution token")
    _fill_hdr(out, names, facts, profile)
    _fill_audio(out, names, facts, profile)
    name_codec, _ = first_with(names, "video_codec")
    remux = any(n.remux for n in names) or (facts is not None and facts.shape == "disc")
    video = facts.video if facts is not None else None
    value, why, from_mi = video_codec_token(
        video, remux_or_disc=remux, style=profile.untouched_codec_style, name_codec=name_codec
    )
    out.put("video_codec", value, "mediainfo" if from_mi else _origin(names[0] if names else None), why)
    return out
