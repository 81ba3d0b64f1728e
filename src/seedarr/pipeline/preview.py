"""Analyse, identify and name a release without storing anything: what the API, the CLI and template
previews show before a release is queued.

:func:`preview_release` runs the first stages (MediaInfo facts, identification, per-profile names) on one
path and returns a :class:`ReleasePreview`; :func:`description_context` turns it into the variables of a
description or NFO template, so a template can be previewed against a real release.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seedarr.domain.identity import Identity, MediaType
from seedarr.domain.media_facts import MediaFacts
from seedarr.domain.naming import NamingError, NamingInputs, compose_release_name
from seedarr.domain.naming.compose import ReleaseName
from seedarr.domain.naming.profiles import NamingProfile
from seedarr.domain.release import ReleaseInfo
from seedarr.errors import UserInputError
from seedarr.media.shapes import analyse_release
from seedarr.metadata.identify import IdentificationResult, Identified, Identifier, ManualId
from seedarr.metadata.parse import parse_release_names
from seedarr.render.variables import ReleaseFacts, build_context

__all__ = ["ReleasePreview", "description_context", "preview_release"]


@dataclass(frozen=True, slots=True)
class ReleasePreview:
    """The facts, the identification (None when it was not asked for) and one name per profile."""

    release: ReleaseInfo
    names: tuple[ReleaseName, ...]
    identification: IdentificationResult | None
    warnings: tuple[str, ...]

    @property
    def identity(self) -> Identity | None:
        return self.release.identity


async def preview_release(
    path: Path,
    profiles: Sequence[NamingProfile],
    *,
    identifier: Identifier | None,
    manual: ManualId | None = None,
    scene_name: str | None = None,
    media_type: MediaType | None = None,
) -> ReleasePreview:
    """Facts, identity and names of the release at ``path``.

    ``identifier`` None means offline (names from MediaInfo and the names only). Raises the media errors of
    :func:`~seedarr.media.shapes.analyse_release`, ``ServiceAuthError`` for a refused TMDB key, and
    :class:`UserInputError` when no name can be composed.
    """
    facts, is_dir = await asyncio.to_thread(_analyse, path)
    warnings: list[str] = []
    identification: IdentificationResult | None = None
    identity: Identity | None = None
    if identifier is not None:
        identification = await identifier.identify(path, manual=manual)
        warnings.extend(identification.warnings)
        if isinstance(identification, Identified):
            identity = identification.identity
        elif identification.offline:
            warnings.append("TMDB identification is not configured: naming offline")
        else:
            warnings.append(f"not identified ({identification.reason}): naming from the file alone")
        scene_name = scene_name or identification.scene_name
    folder = path.name if is_dir else path.parent.name
    names = parse_release_names(
        facts.file_name or path.name, folder, scene_name, pack=facts.shape == "season_pack"
    )
    chosen_type = media_type or (manual.media_type if manual else None)
    inputs = NamingInputs(names=names, facts=facts, identity=identity, media_type=chosen_type)
    try:
        releases = tuple(compose_release_name(inputs, profile) for profile in profiles)
    except NamingError as exc:
        raise UserInputError(str(exc), hint="give a TMDB id and type, or rename the file") from None
    info = ReleaseInfo(path=path, facts=facts, names=names, identity=identity)
    return ReleasePreview(info, releases, identification, tuple(dict.fromkeys(warnings)))


def _analyse(path: Path) -> tuple[MediaFacts, bool]:
    return analyse_release(path), path.is_dir()


def _token(name: ReleaseName, variable: str) -> str:
    return next((t.value for t in name.tokens if t.variable == variable and t.value), "")


def description_context(preview: ReleasePreview, profile_index: int = 0) -> dict[str, Any]:
    """Template variables for the release as named by ``preview.names[profile_index]``."""
    name = preview.names[profile_index]
    facts = preview.release.facts
    extension = Path(facts.file_name).suffix if facts and facts.file_name else ""
    release = ReleaseFacts(
        release_name=name.name,
        group=_token(name, "group"),
        source=_token(name, "source"),
        resolution=_token(name, "resolution"),
        language_tag=_token(name, "language"),
        season=_token(name, "season"),
        episode=_token(name, "episode"),
        file_name=name.name + extension if facts and facts.shape == "file" else "",
        size_bytes=(facts.release_size_bytes or facts.size_bytes) if facts else None,
    )
    return build_context(facts, preview.identity, release)
