"""Compose a release name (naming spec §3 to §9) from names, MediaInfo facts and TMDB, with evidence.

:func:`compose_release_name` fills every template variable of §9 from the facts in the precedence of §1
(MediaInfo for resolution/codecs/HDR/audio/languages, names for source/REMUX/edition/repack/service/group,
TMDB for title/year), renders the profile's template and returns a :class:`ReleaseName` whose tokens each
carry their :class:`~seedarr.domain.naming.evidence.Evidence`. Contradictions between MediaInfo and name
tokens, inferred sources and assumed variants become ``warnings`` for the approval screen.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from seedarr.domain.identity import Identity, MediaType, ParsedName
from seedarr.domain.media_facts import MediaFacts
from seedarr.domain.naming import facts_tokens
from seedarr.domain.naming.evidence import Evidence, EvidenceSource, Token
from seedarr.domain.naming.precedence import first_with
from seedarr.domain.naming.profiles import NamingProfile
from seedarr.domain.naming.sanitize import ascii_fold, sanitize_title
from seedarr.domain.naming.scan import strip_extension
from seedarr.domain.naming.templates import clean_name, default_template, render_name_template

__all__ = ["NamingError", "NamingInputs", "ReleaseName", "compose_release_name", "season_episode_label"]


class NamingError(ValueError):
    """Nothing can be named: no title from TMDB nor from any name."""


@dataclass(frozen=True, slots=True)
class NamingInputs:
    """Everything a name is made from. ``names`` are ordered by precedence (see ``order_names``)."""

    names: tuple[ParsedName, ...] = ()
    facts: MediaFacts | None = None
    identity: Identity | None = None
    media_type: MediaType | None = None  # the user's choice wins over TMDB and the names
    include_year: bool | None = None  # TV: force the year in or out


@dataclass(frozen=True, slots=True)
class ReleaseName:
    """A composed release name, the template it came from, every variable with evidence, and warnings."""

    name: str
    profile: str
    template: str
    tokens: tuple[Token, ...]
    warnings: tuple[str, ...] = ()
    media_type: MediaType = "movie"

    def value(self, variable: str) -> str:
        """The value of one variable (``""`` when empty or unknown)."""
        return next((t.value for t in self.tokens if t.variable == variable), "")

    def evidence(self, variable: str) -> Evidence | None:
        return next((t.evidence for t in self.tokens if t.variable == variable), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: name, profile, template, tokens with evidence, warnings."""
        return {
            "name": self.name,
            "profile": self.profile,
            "template": self.template,
            "media_type": self.media_type,
            "tokens": [
                {
                    "variable": t.variable,
                    "value": t.value,
                    "source": t.evidence.source,
                    "evidence": t.evidence.detail,
                }
                for t in self.tokens
            ],
            "warnings": list(self.warnings),
        }


@dataclass
class _Sheet:
    """Variables being filled, with evidence and warnings."""

    tokens: dict[str, Token] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def put(self, variable: str, value: str, source: EvidenceSource, detail: str) -> None:
        self.tokens[variable] = Token(variable, value, Evidence(source, detail))


def season_episode_label(season: int | None, episodes: Sequence[int]) -> tuple[str, str, str]:
    """(``S01``, ``E01E02``, ``S01E01E02``); three or more consecutive episodes read ``E01-E03``."""
    if season is None and not episodes:
        return "", "", ""
    saison = f"S{season:02d}" if season is not None else ""
    numbers = sorted(set(episodes))
    if len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        episode = f"E{numbers[0]:02d}-E{numbers[-1]:02d}"
    else:
        episode = "".join(f"E{n:02d}" for n in numbers)
    return saison, episode, saison + episode


def _origin(name: ParsedName | None) -> EvidenceSource:
    return name.origin if name is not None else "default"


def _media_type(inputs: NamingInputs) -> tuple[MediaType, EvidenceSource, str]:
    if inputs.media_type:
        return inputs.media_type, "user", f"asked for {inputs.media_type}"
    if inputs.identity is not None:
        return (
            inputs.identity.media_type,
            "tmdb",
            f"TMDB {inputs.identity.media_type} {inputs.identity.tmdb_id}",
        )
    _, numbered = first_with(inputs.names, "season")
    if numbered is not None:
        return "tv", numbered.origin, "the name has a season marker"
    return "movie", "default", "no season marker"


def _titles(inputs: NamingInputs, profile: NamingProfile, sheet: _Sheet) -> None:
    capitalize = profile.title_case == "capitalize"

    def clean(text: str | None) -> str:
        return sanitize_title(text or "", title_hyphen=profile.title_hyphen, capitalize=capitalize)

    parsed, named = first_with(inputs.names, "title")
    identity = inputs.identity
    candidates: list[tuple[str, EvidenceSource, str]] = []
    if identity is not None:
        french, original = identity.title, identity.original_title
        if profile.title_language == "original":
            candidates.append((original, "tmdb", f"TMDB original title {original!r} (profile)"))
        elif french and (french != original or identity.original_language == "fr"):
            candidates.append((french, "tmdb", f"TMDB French title {french!r}"))
        candidates += [
            (original, "tmdb", f"TMDB original title {original!r}"),
            (french, "tmdb", "TMDB title"),
        ]
        sheet.put("title_fr", clean(french), "tmdb", "TMDB French title")
        sheet.put("title_original", clean(original), "tmdb", "TMDB original title")
    if parsed:
        candidates.append((parsed, _origin(named), f"title read from the {_origin(named)} name"))
        sheet.tokens.setdefault(
            "title_fr", Token("title_fr", clean(parsed), Evidence(_origin(named), "name"))
        )
        sheet.tokens.setdefault(
            "title_original", Token("title_original", clean(parsed), Evidence(_origin(named), "name"))
        )
    for text, source, detail in candidates:
        if cleaned := clean(text):
            sheet.put("title", cleaned, source, detail)
            break
    else:
        raise NamingError("no title: TMDB gave none and no name has a readable title")
    for variable in ("title", "title_fr", "title_original"):
        token = sheet.tokens[variable]
        sheet.put(f"{variable}_lower", token.value.lower(), token.evidence.source, token.evidence.detail)


def _numbering(inputs: NamingInputs, media_type: MediaType, profile: NamingProfile, sheet: _Sheet) -> None:
    identity = inputs.identity
    year, dated = first_with(inputs.names, "year")
    if media_type == "movie":
        if identity is not None and identity.year:
            sheet.put("year", str(identity.year), "tmdb", "TMDB release year")
        elif year:
            sheet.put("year", str(year), _origin(dated), f"year in the {_origin(dated)} name")
        for variable in ("season", "episode", "season_episode"):
            sheet.put(variable, "", "default", "a movie has no season")
        return
    keep = inputs.include_year
    if keep is None:
        keep = {"always": True, "never": False}.get(profile.tv_year, bool(dated and dated.year_after_title))
    value = year or (identity.year if identity is not None else None)
    why = (
        "the source name has a year after the title"
        if keep
        else "TV names carry no year unless the source did"
    )
    sheet.put("year", str(value) if keep and value else "", _origin(dated) if dated else "profile", why)
    _, numbered = first_with(inputs.names, "season")
    if numbered is None:
        _, numbered = first_with(inputs.names, "episodes")
    season, episode, both = season_episode_label(
        numbered.season if numbered else None, numbered.episodes if numbered else ()
    )
    detail = f"{numbered.origin} name" if numbered else "no season marker in any name"
    if numbered is None:
        sheet.warnings.append("TV release without a season marker in its name")
    for variable, text in (("season", season), ("episode", episode), ("season_episode", both)):
        sheet.put(variable, text, _origin(numbered), detail)


def _name_tokens(inputs: NamingInputs, profile: NamingProfile, sheet: _Sheet) -> None:
    editions, named = first_with(inputs.names, "editions")
    sheet.put("edition", ".".join(editions or ()), _origin(named), "edition tokens" if named else "none")
    repack, named = first_with(inputs.names, "repack")
    sheet.put("repack", repack or "", _origin(named), "repack token" if named else "none")
    service, named = first_with(inputs.names, "service")
    sheet.put("service", service or "", _origin(named), "service token" if named else "none")
    group, named = first_with(inputs.names, "group")
    if group:
        clean = re.sub(r"[^A-Za-z0-9+-]", "", ascii_fold(group))
        sheet.put("group", clean, named.origin if named else "default", f"group of the {_origin(named)} name")
    else:
        sheet.put("group", profile.notag_label, "profile", "no group in any name")


def compose_release_name(inputs: NamingInputs, profile: NamingProfile) -> ReleaseName:
    """The release name of ``inputs`` under ``profile``; raises :class:`NamingError` without a title."""
    sheet = _Sheet()
    media_type, source, detail = _media_type(inputs)
    _titles(inputs, profile, sheet)
    _numbering(inputs, media_type, profile, sheet)
    _name_tokens(inputs, profile, sheet)
    found = facts_tokens.fill(inputs.names, inputs.facts, inputs.identity, profile)
    for token in found.tokens:
        sheet.tokens[token.variable] = token
    sheet.warnings.extend(found.warnings)
    tv = media_type == "tv"
    template = (
        (profile.tv_template if tv else None)
        or profile.template
        or default_template(
            tv=tv,
            hdr_after_audio=profile.hdr_position == "after_audio",
            service=profile.include_service,
            light=profile.use_light,
        )
    )
    values = {variable: token.value for variable, token in sheet.tokens.items()}
    name = render_name_template(template, values)
    scene = next((n for n in inputs.names if n.origin == "scene"), None)
    if profile.keep_scene_name and scene is not None:
        name, template = strip_extension(scene.raw.strip(), "scene"), "{scene_name}"
        sheet.warnings.append("the scene name is kept verbatim (tracker profile keep_scene_name)")
    name = clean_name(re.sub(r"[^A-Za-z0-9.+-]", "", name.replace(" ", ".")))
    order = [m.group(1).strip() for m in re.finditer(r"\{([a-z_]+)\}", template)]
    ordered = sorted(
        sheet.tokens.values(), key=lambda t: order.index(t.variable) if t.variable in order else 99
    )
    tokens = (Token("media_type", media_type, Evidence(source, detail)), *ordered)
    return ReleaseName(name, profile.name, template, tokens, tuple(dict.fromkeys(sheet.warnings)), media_type)
