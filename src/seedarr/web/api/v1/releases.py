"""``/api/v1/releases/preview``: analyse, identify and name a release on disk without queueing it.

The lookup the UI shows before a release is queued (Radarr's movie lookup plays the same part): MediaInfo
facts, the TMDB identity or the scored candidates a person picks from, and the name per naming profile with
the evidence of every token. A manual TMDB id and type skip the search.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import Field, StrictBool, StrictInt, StrictStr

from seedarr.domain.naming import NamingProfileError
from seedarr.domain.naming.profiles import NamingProfile, profile_for_tracker, resolve_profile
from seedarr.errors import ValidationFailed
from seedarr.metadata.config import build_identifier
from seedarr.metadata.identify import Identified, ManualId
from seedarr.observability.redaction import redact_text
from seedarr.pipeline.preview import ReleasePreview, preview_release
from seedarr.validation import confine_to_roots
from seedarr.web.deps import State
from seedarr.web.schemas import ApiModel, ErrorResponse, ValidationFailure, with_example

__all__ = ["ReleaseTarget", "resolve_target", "router"]

router = APIRouter(tags=["releases"])
MediaTypeName = Literal["movie", "tv"]


class ReleaseTarget(ApiModel):
    """A release on disk, optionally pinned to a TMDB id."""

    path: StrictStr = Field(description="Absolute path of a file or folder inside a media root.")
    tmdb_id: StrictInt | None = Field(default=None, gt=0, description="Manual TMDB id (with mediaType).")
    media_type: MediaTypeName | None = Field(default=None, description="movie or tv (with tmdbId).")
    scene_name: StrictStr | None = Field(default=None, max_length=300, description="A known scene name.")
    offline: StrictBool = Field(default=False, description="Skip TMDB and Radarr/Sonarr.")


class ReleasePreviewRequest(ReleaseTarget):
    model_config = with_example({"path": "/media/Films/Dune.Part.Two.2024.2160p.WEB.x265-GRP.mkv"})
    profiles: list[StrictStr] = Field(
        default_factory=lambda: ["fr"],
        min_length=1,
        max_length=10,
        description="Naming profiles or trackers.",
    )


class IdentityPublic(ApiModel):
    tmdb_id: int
    media_type: MediaTypeName
    title: str
    original_title: str
    year: int | None
    imdb_id: str | None


class CandidatePublic(ApiModel):
    tmdb_id: int
    media_type: MediaTypeName
    title: str
    original_title: str
    year: int | None
    score: float


class TokenPublic(ApiModel):
    variable: str
    value: str
    source: str
    evidence: str


class NamePublic(ApiModel):
    name: str
    profile: str
    media_type: MediaTypeName
    tokens: list[TokenPublic]
    warnings: list[str]


class ReleasePreviewResponse(ApiModel):
    model_config = with_example(
        {
            "path": "/media/Films/Dune.Part.Two.2024.2160p.WEB.x265-GRP.mkv",
            "status": "identified",
            "identity": {
                "tmdbId": 693134,
                "mediaType": "movie",
                "title": "Dune : Deuxième Partie",
                "originalTitle": "Dune: Part Two",
                "year": 2024,
                "imdbId": "tt15239678",
            },
            "candidates": [],
            "reason": None,
            "names": [
                {
                    "name": "Dune.Deuxieme.Partie.2024.MULTi.VFF.2160p.WEB.HDR10.EAC3.5.1.x265-GRP",
                    "profile": "fr",
                    "mediaType": "movie",
                    "tokens": [
                        {
                            "variable": "resolution",
                            "value": "2160p",
                            "source": "mediainfo",
                            "evidence": "3840x1600",
                        }
                    ],
                    "warnings": [],
                }
            ],
            "warnings": [],
        }
    )
    path: str
    status: Literal["identified", "needsIdentification", "offline"]
    identity: IdentityPublic | None
    candidates: list[CandidatePublic]
    reason: str | None
    names: list[NamePublic]
    warnings: list[str]


def _profiles(names: list[str]) -> list[NamingProfile]:
    try:
        return [resolve_profile(profile_for_tracker(name)) for name in names]
    except NamingProfileError as exc:
        raise ValidationFailed("profiles", str(exc), names) from None


async def resolve_target(
    state: State, target: ReleaseTarget, profiles: list[NamingProfile]
) -> ReleasePreview:
    """Confine the path, then analyse, identify (unless offline) and name it."""
    if (target.tmdb_id is None) != (target.media_type is None):
        raise ValidationFailed("tmdbId", "give tmdbId and mediaType together, or neither")
    path = confine_to_roots(target.path, state.settings.media.roots)
    manual = ManualId(target.tmdb_id, target.media_type) if target.tmdb_id and target.media_type else None
    identifier = None if target.offline else await build_identifier(state.http, state.sessions)
    return await preview_release(
        path,
        profiles,
        identifier=identifier,
        manual=manual,
        scene_name=target.scene_name,
        media_type=target.media_type,
    )


def _response(preview: ReleasePreview) -> ReleasePreviewResponse:
    result = preview.identification
    identity = preview.identity
    status: Literal["identified", "needsIdentification", "offline"] = (
        "identified"
        if isinstance(result, Identified)
        else "offline"
        if result is None or getattr(result, "offline", False)
        else "needsIdentification"
    )
    candidates = list(result.candidates) if result is not None and not isinstance(result, Identified) else []
    return ReleasePreviewResponse(
        path=str(preview.release.path),
        status=status,
        identity=IdentityPublic(
            tmdb_id=identity.tmdb_id,
            media_type=identity.media_type,
            title=identity.title,
            original_title=identity.original_title,
            year=identity.year,
            imdb_id=identity.imdb_id,
        )
        if identity
        else None,
        candidates=[
            CandidatePublic(
                tmdb_id=c.tmdb_id,
                media_type=c.media_type,
                title=c.title,
                original_title=c.original_title,
                year=c.year,
                score=round(c.score, 3),
            )
            for c in candidates
        ],
        reason=None if isinstance(result, Identified) or result is None else redact_text(result.reason),
        names=[NamePublic.model_validate(name.to_dict()) for name in preview.names],
        warnings=[redact_text(w) for w in preview.warnings],  # service messages never echo a key back
    )


@router.post(
    "/releases/preview",
    summary="Analyse, identify and name a release",
    description="Reads the MediaInfo facts of a file or folder inside the media roots, identifies it "
    "with TMDB (Radarr/Sonarr scene name first; `tmdbId` + `mediaType` pin the id; `offline` skips TMDB) "
    "and composes its name for each naming profile, every token with its evidence. Nothing is stored or "
    "queued. A release without a confident match answers `needsIdentification` with the scored candidates.",
    response_model=ReleasePreviewResponse,
    responses={
        400: {
            "model": ErrorResponse,
            "description": "The media cannot be read (missing, corrupt, not a video).",
        },
        422: {"model": list[ValidationFailure], "description": "Bad path, profile or TMDB id."},
        502: {"model": ErrorResponse, "description": "TMDB refused the configured key."},
    },
)
async def preview(state: State, request: ReleasePreviewRequest) -> ReleasePreviewResponse:
    return _response(await resolve_target(state, request, _profiles(request.profiles)))
