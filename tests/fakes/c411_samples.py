"""C411 samples for tests: the shipped definition aimed at the fake, and releases ready for C411."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Literal

from harness.tracker_samples import movie_release, tv_release
from seedarr.domain.media_facts import AudioTrack
from seedarr.domain.naming.compose import ReleaseName
from seedarr.domain.release import ReleaseInfo
from seedarr.trackers.definition import RateLimitSpec, TrackerDefinition
from seedarr.trackers.registry import deep_merge, default_registry

__all__ = ["DESCRIPTION", "c411_definition", "c411_release"]


def c411_definition(site_url: str, *, search_api: str | None = None, **custom: Any) -> TrackerDefinition:
    """The shipped C411 definition aimed at the fake: fast rate limit, ``custom`` deep-merged over."""
    definition = default_registry().get("c411")
    if search_api is not None:
        custom = deep_merge(custom, {"search": {"api": search_api}})
    update: dict[str, Any] = {
        "base_url": site_url,
        "rate_limit": RateLimitSpec(per_second=50, burst=10),
        "custom": deep_merge(definition.custom, custom),
    }
    return definition.model_copy(update=update)


DESCRIPTION = "[b]Le Film[/b]\nUne description assez longue pour C411."


def c411_release(
    torrent: Path,
    *,
    kind: Literal["movie", "pack", "episode"] = "movie",
    description: str = DESCRIPTION,
    identity: dict[str, Any] | None = None,
    video: dict[str, Any] | None = None,
    audio: tuple[str, ...] = ("fr",),
    nfo: bytes | None = None,
    **parsed: Any,
) -> ReleaseInfo:
    """A sample release ready for C411 (the harness samples, with ``parsed`` name fields, ``video`` and
    ``identity`` fields changed; ``raw`` renames the release)."""
    base = (
        movie_release("c411", torrent)
        if kind == "movie"
        else tv_release("c411", torrent, pack=kind == "pack")
    )
    assert base.facts is not None and base.facts.video is not None and base.identity is not None
    named = dataclasses.replace(base.names[0], **parsed)
    folder = "/media/tv/" if kind != "movie" else "/media/films/"
    facts = dataclasses.replace(
        base.facts,
        video=dataclasses.replace(base.facts.video, **(video or {})),
        audio=tuple(AudioTrack(language, "EAC3", "5.1") for language in audio),
        file_name=f"{named.raw}.mkv",
        mediainfo_text=f"General\nComplete name                            : {folder}{named.raw}.mkv\n",
    )
    media_type: Literal["movie", "tv"] = "tv" if kind != "movie" else "movie"
    artefacts = dataclasses.replace(
        base.trackers["c411"], release_name=ReleaseName(named.raw, "fr", "", (), media_type=media_type),
        description=description,
    )  # fmt: skip
    return dataclasses.replace(
        base, names=(named,), facts=facts, nfo=nfo, trackers={"c411": artefacts},
        identity=dataclasses.replace(base.identity, **(identity or {})),
    )  # fmt: skip
