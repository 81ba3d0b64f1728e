"""Identification: from a path (and maybe a manual TMDB id) to an :class:`Identity`, or a question.

The names come first: the scene name Radarr/Sonarr recorded for the file wins, then the file name, then the
parent folder name, field by field (title, year, season, episodes; a generic file name such as
``movie.mkv`` is skipped). Then, in order of trust: a manual TMDB id and type, the ids the arr app handed
over, a scored search (see :mod:`~seedarr.metadata.scoring`; never TMDB's first result blindly). Anything
short of a confident match is :class:`NeedsIdentification`, carrying the reason and the five best
candidates, never an error: so is "no TMDB key" (``offline``) and "TMDB still down after retries"
(``retryable``). Only a refused TMDB key raises (:class:`~seedarr.errors.ServiceAuthError`), because a
person must fix it before any release can be identified.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import structlog

from seedarr.domain.identity import Identity, IdentityCandidate, MediaType, NameOrigin, ParsedName
from seedarr.errors import (
    ExternalServiceError,
    RateLimited,
    ServiceAuthError,
    ServiceRejected,
    ServiceUnavailable,
    ValidationFailed,
)
from seedarr.metadata.arr import ArrClient, ArrMatch
from seedarr.metadata.parse import parse_name
from seedarr.metadata.scoring import ScoringWeights, decide, rank_candidates
from seedarr.metadata.tmdb import TmdbClient, TmdbNotFound

__all__ = [
    "IdentificationResult",
    "Identified",
    "Identifier",
    "ManualId",
    "NameSummary",
    "NeedsIdentification",
    "summarise_names",
]

Method = Literal["manual", "radarr", "sonarr", "search"]
NameParser = Callable[[str, NameOrigin], ParsedName]
_GENERIC_STEM = re.compile(r"(?i)(movie|film|video|sample|episode|[0-9a-f]{16,})")
_log = structlog.stdlib.get_logger("seedarr.metadata")


@dataclass(frozen=True, slots=True)
class ManualId:
    """A TMDB id chosen by a person; ``media_type`` says which id space it belongs to."""

    tmdb_id: int
    media_type: MediaType

    def __post_init__(self) -> None:
        if self.tmdb_id <= 0:
            raise ValidationFailed("tmdbId", "must be a positive number", self.tmdb_id)
        if self.media_type not in ("movie", "tv"):
            raise ValidationFailed("mediaType", "must be movie or tv", self.media_type)


@dataclass(frozen=True, slots=True)
class NameSummary:
    """Title, year, season and episodes after precedence (scene > file > folder)."""

    title: str | None
    year: int | None
    season: int | None
    episodes: tuple[int, ...]
    media_type: MediaType


@dataclass(frozen=True, slots=True)
class Identified:
    identity: Identity
    method: Method
    names: tuple[ParsedName, ...]
    scene_name: str | None = None
    candidates: tuple[IdentityCandidate, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NeedsIdentification:
    """No confident match: a person picks a candidate or types a TMDB id (``reason`` says why)."""

    reason: str
    names: tuple[ParsedName, ...]
    candidates: tuple[IdentityCandidate, ...] = ()
    scene_name: str | None = None
    offline: bool = False  # no TMDB key configured
    retryable: bool = False  # TMDB unavailable: trying later may succeed on its own
    warnings: tuple[str, ...] = ()


IdentificationResult = Identified | NeedsIdentification


def summarise_names(names: Sequence[ParsedName]) -> NameSummary:
    """Field-by-field precedence: scene name, then file name, then folder name."""
    order = {"scene": 0, "file": 1, "folder": 2}
    ranked = sorted(names, key=lambda n: order[n.origin])
    usable = [n for n in ranked if not (n.origin == "file" and _generic(n.raw))]
    title = next((n.title for n in usable if n.title), None)
    year = next((n.year for n in usable if n.year), None)
    season = next((n.season for n in usable if n.season is not None), None)
    episodes = next((n.episodes for n in usable if n.episodes), ())
    is_tv = season is not None or any(n.media_type == "episode" for n in usable[:1])
    return NameSummary(title, year, season, episodes, "tv" if is_tv else "movie")


def _generic(raw: str) -> bool:
    return bool(_GENERIC_STEM.fullmatch(Path(raw).stem))


class Identifier:
    """The identification service; ``tmdb`` is None when no key is configured (offline)."""

    def __init__(
        self,
        tmdb: TmdbClient | None,
        arr: Sequence[ArrClient] = (),
        *,
        parser: NameParser = parse_name,
        weights: ScoringWeights | None = None,
    ) -> None:
        self._tmdb = tmdb
        self._arr = tuple(arr)
        self._parse = parser
        self._weights = weights or ScoringWeights()

    async def identify(self, path: Path, *, manual: ManualId | None = None) -> IdentificationResult:
        """Identify the release at ``path`` (a file or a folder). Raises only ``ServiceAuthError`` (TMDB)."""
        warnings: list[str] = []
        is_dir = await _is_dir(path)
        raw_names: list[tuple[str, NameOrigin]] = [(path.name, "folder" if is_dir else "file")]
        if not is_dir and path.parent.name:
            raw_names.append((path.parent.name, "folder"))
        match = await self._ask_arr(path, warnings)
        scene = match.scene_name if match else None
        if scene:
            raw_names.insert(0, (scene, "scene"))
        found = tuple(self._parse_all(raw_names, warnings))
        if self._tmdb is None:
            warning = "no TMDB API key is configured: identification is offline (set metadata.tmdb.api_key)"
            _log.warning("tmdb_offline", path=str(path))
            return NeedsIdentification(
                warning, found, scene_name=scene, offline=True, warnings=(*warnings, warning)
            )
        try:
            result = await self._resolve(self._tmdb, path, found, match, manual, warnings)
        except ServiceAuthError:
            raise
        except (ServiceUnavailable, RateLimited) as exc:
            reason = f"TMDB is unavailable after retries ({exc}); try again later"
            result = NeedsIdentification(reason, found, scene_name=scene, retryable=True)
        except ServiceRejected as exc:
            result = NeedsIdentification(f"TMDB refused the request ({exc})", found, scene_name=scene)
        if isinstance(result, NeedsIdentification):
            _log.info("needs_identification", path=str(path), reason=result.reason)
            return NeedsIdentification(
                result.reason,
                found,
                result.candidates,
                scene,
                retryable=result.retryable,
                warnings=tuple(warnings),
            )
        _log.info("identified", path=str(path), tmdb_id=result.identity.tmdb_id, method=result.method)
        return result

    def _parse_all(
        self, raw_names: Sequence[tuple[str, NameOrigin]], warnings: list[str]
    ) -> list[ParsedName]:
        parsed = []
        for raw, origin in raw_names:
            try:
                parsed.append(self._parse(raw, origin))
            except ValidationFailed as exc:  # a name with nothing readable: the others may still say enough
                warnings.append(f"the {origin} name {raw!r} cannot be read: {exc.problem}")
        return parsed

    async def _resolve(
        self,
        tmdb: TmdbClient,
        path: Path,
        names: tuple[ParsedName, ...],
        match: ArrMatch | None,
        manual: ManualId | None,
        warnings: list[str],
    ) -> IdentificationResult:
        summary = summarise_names(names)
        scene = match.scene_name if match else None

        async def done(
            identity: Identity, method: Method, ranked: Sequence[IdentityCandidate] = ()
        ) -> Identified:
            if identity.media_type == "tv" and summary.season is not None:
                identity = await tmdb.identity_with_season(identity, summary.season)
            return Identified(identity, method, names, scene, tuple(ranked), tuple(warnings))

        if manual is not None:
            try:
                return await done(await tmdb.details(manual.media_type, manual.tmdb_id), "manual")
            except TmdbNotFound:
                kind = "film" if manual.media_type == "movie" else "series"
                return NeedsIdentification(f"TMDB has no {kind} with id {manual.tmdb_id}", names)
        if match is not None:
            identity = await self._from_arr_ids(tmdb, match, warnings)
            if identity is not None:
                return await done(identity, match.kind)
        if not summary.title:
            return NeedsIdentification("no title could be read from the file, folder or scene name", names)
        ranked = await self._search(tmdb, summary)
        decision = decide(ranked, weights=self._weights)
        if decision.best is None:
            return NeedsIdentification(decision.reason, names, decision.candidates)
        identity = await tmdb.details(decision.best.media_type, decision.best.tmdb_id)
        return await done(identity, "search", decision.candidates)

    async def _search(self, tmdb: TmdbClient, summary: NameSummary) -> tuple[IdentityCandidate, ...]:
        assert summary.title is not None
        pool = await tmdb.search(summary.media_type, summary.title, summary.year)
        ranked = rank_candidates(summary.title, summary.year, pool, weights=self._weights)
        if summary.year is not None and decide(ranked, weights=self._weights).best is None:
            # TMDB filters on the exact year: a ±1 year (festival vs release) shows up only without it.
            seen = {c.tmdb_id for c in pool}
            pool += [
                c for c in await tmdb.search(summary.media_type, summary.title, None) if c.tmdb_id not in seen
            ]
            ranked = rank_candidates(summary.title, summary.year, pool, weights=self._weights)
        return ranked

    async def _from_arr_ids(self, tmdb: TmdbClient, match: ArrMatch, warnings: list[str]) -> Identity | None:
        media_type: MediaType = "movie" if match.kind == "radarr" else "tv"
        try:
            if match.tmdb_id:
                return await tmdb.details(media_type, match.tmdb_id)
            found: list[IdentityCandidate] = []
            if match.tvdb_id:
                found = await tmdb.find_by_external_id(str(match.tvdb_id), "tvdb_id")
            elif match.imdb_id:
                found = await tmdb.find_by_external_id(match.imdb_id, "imdb_id")
            same_type = [c for c in found if c.media_type == media_type]
            if len(same_type) == 1:
                return await tmdb.details(media_type, same_type[0].tmdb_id)
        except TmdbNotFound:
            warnings.append(f"{match.kind} gave ids TMDB does not know; searching by name instead")
        return None

    async def _ask_arr(self, path: Path, warnings: list[str]) -> ArrMatch | None:
        for client in self._arr:
            try:
                match = await client.find(path)
            except ExternalServiceError as exc:
                warnings.append(f"{client.service} could not be asked for the scene name: {exc}")
                continue
            if match is not None:
                return match
        return None


async def _is_dir(path: Path) -> bool:
    return await asyncio.to_thread(path.is_dir)
