"""Release labels every tracker mapping reads, and the adapter factory that picks a definition's engine."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import httpx
import pytest

from harness.tracker_samples import API_TOKEN, PASSKEY, movie_release, tv_release
from seedarr.domain.identity import ParsedName
from seedarr.domain.naming.compose import ReleaseName
from seedarr.domain.naming.evidence import Evidence, Token
from seedarr.domain.release import TrackerArtefacts
from seedarr.errors import ConfigurationError
from seedarr.trackers.adapters import adapter_class, build_adapter
from seedarr.trackers.families.unit3d import Unit3dAdapter
from seedarr.trackers.labels import codec_family, release_labels
from seedarr.trackers.registry import default_registry
from seedarr.trackers.settings import validate_settings

TORRENT = Path("/nonexistent/x.torrent")


def test_movie_labels_come_from_facts_and_names() -> None:
    labels = release_labels(movie_release("unit3d", TORRENT))
    assert labels.media_type == "movie"
    assert (labels.resolution, labels.type, labels.source) == ("1080p", "web-dl", "web-dl")
    assert labels.codec_family == "avc" and labels.hdr_class == "sdr"
    assert labels.season is None and not labels.season_pack


def test_hdr_class_prefers_dolby_vision() -> None:
    release = movie_release("unit3d", TORRENT)
    video = dataclasses.replace(release.facts.video, hdr="DV HDR10", codec="H.265")  # type: ignore[union-attr]
    facts = dataclasses.replace(release.facts, video=video)  # type: ignore[arg-type]
    labels = release_labels(dataclasses.replace(release, facts=facts, names=()))
    assert labels.hdr == ("DV", "HDR10") and labels.hdr_class == "dv"
    assert labels.codec_family == "hevc"


def test_tv_labels_tell_a_pack_from_an_episode() -> None:
    pack = release_labels(tv_release("unit3d", TORRENT, pack=True))
    episode = release_labels(tv_release("unit3d", TORRENT, pack=False))
    assert (pack.season, pack.episode, pack.season_pack) == (2, None, True)
    assert (episode.season, episode.episode, episode.season_pack) == (2, 5, False)


def test_the_trackers_release_name_wins_for_languages_and_codec() -> None:
    release = movie_release("unit3d", TORRENT)
    release = dataclasses.replace(
        release, names=(dataclasses.replace(release.names[0], language_tags=("VOSTFR",)),)
    )
    assert release_labels(release).languages == ("VOSTFR",)
    evidence = Evidence("profile", "test")
    named = ReleaseName(
        "X", "fr", "", (Token("language", "MULTi.VFF", evidence), Token("video_codec", "x265", evidence))
    )
    release.trackers["unit3d"] = TrackerArtefacts("unit3d", named)
    labels = release_labels(release, "unit3d")
    assert labels.languages == ("MULTI", "VFF") and labels.video_codec == "x265"
    assert labels.codec_family == "hevc"


def test_light_is_only_an_explicit_token() -> None:
    release = movie_release("unit3d", TORRENT)
    assert release_labels(release).light is None
    lit = dataclasses.replace(release.names[0], light="HDLight")
    assert (
        release_labels(dataclasses.replace(release, names=(lit, ParsedName("Twilight", "file")))).light
        == "HDLight"
    )


@pytest.mark.parametrize(
    ("codec", "family"),
    [("x264", "avc"), ("H.265", "hevc"), ("AV1", "av1"), ("XviD", "other"), (None, "other")],
)
def test_codec_family(codec: str | None, family: str) -> None:
    assert codec_family(codec) == family


async def test_build_adapter_picks_the_family_engine() -> None:
    definition = default_registry().get("unit3d")
    settings = validate_settings(
        definition,
        {
            "apiKey": API_TOKEN,
            "announceUrl": f"https://x.test/announce/{PASSKEY}",
            "baseUrl": "https://x.test",
        },
    )
    async with httpx.AsyncClient() as http:
        adapter = build_adapter(definition, settings, http)
    assert isinstance(adapter, Unit3dAdapter) and adapter.tracker_id == "unit3d"


def test_a_missing_custom_module_is_a_configuration_error() -> None:
    definition = (
        default_registry().get("unit3d").model_copy(update={"family": None, "adapter": "no_such_site"})
    )
    with pytest.raises(ConfigurationError, match="no_such_site is missing"):
        adapter_class(definition)
