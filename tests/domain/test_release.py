"""ReleaseInfo: media type from identity or names, per-tracker artefacts by id."""

from __future__ import annotations

from pathlib import PurePath

import pytest

from seedarr.domain.identity import Identity, ParsedName
from seedarr.domain.release import ReleaseInfo


def test_media_type_prefers_the_identity() -> None:
    episode = ParsedName(raw="Show.S01E01.mkv", origin="file", media_type="episode")
    release = ReleaseInfo(path=PurePath("/media/Show.S01E01.mkv"), names=(episode,))
    assert release.media_type == "tv"
    identity = Identity(
        tmdb_id=1, media_type="movie", title="T", original_title="T", original_language="en", year=2020
    )
    assert ReleaseInfo(path=release.path, names=(episode,), identity=identity).media_type == "movie"
    assert ReleaseInfo(path=release.path).media_type is None


def test_missing_tracker_artefacts_name_the_tracker() -> None:
    with pytest.raises(KeyError, match="no artefacts built for tracker 'x'"):
        ReleaseInfo(path=PurePath("/m")).for_tracker("x")
