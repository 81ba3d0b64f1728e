"""The variable catalogue from real facts, the shipped templates, and the NFO layout."""

from __future__ import annotations

import dataclasses

import pytest

from seedarr.domain.identity import CastMember
from seedarr.render.bbcode import check_template, render_description
from seedarr.render.defaults import DEFAULT_TEMPLATES, read_default
from seedarr.render.nfo import render_nfo
from seedarr.render.sample import SAMPLE_FACTS, SAMPLE_IDENTITY, SAMPLE_RELEASE, sample_context
from seedarr.render.sandbox import TemplateFailure
from seedarr.render.variables import ReleaseFacts, Screenshot, build_context

CARRIED_OVER = [
    "title",
    "original_title",
    "year",
    "release_date",
    "poster_url",
    "backdrop_url",
    "rating",
    "rating_10",
    "genres",
    "overview",
    "tagline",
    "runtime",
    "country",
    "director",
    "tmdb_id",
    "imdb_id",
    "tmdb_url",
    "trailer_url",
    "cast_names",
    "quality",
    "format",
    "video_codec",
    "video_bitrate",
    "hdr",
    "resolution",
    "duration",
    "audio_list",
    "audio_table",
    "languages",
    "subtitles",
    "subtitles_table",
    "file_size",
    "file_count",
    "source",
    "release_name",
    "release_team",
]


def test_catalogue_is_complete_and_plain() -> None:
    context = sample_context()
    for name in CARRIED_OVER:
        assert context[name] not in ("", None), name
    for index in range(1, 7):
        for part in ("name", "character", "card", "photo"):
            assert f"cast_{index}_{part}" in context
    assert context["runtime"] == "2h et 46min"
    assert context["release_date"] == "mercredi 28 février 2024"
    assert context["hdr"] == "HDR10"
    assert context["resolution"] == "3840x1600"
    assert context["quality"] == "2160p WEB-DL (4K UHD)"
    assert context["subtitles"] == "Français (Forcés), Français, Anglais (SDH)"
    assert context["audio_list"].splitlines()[0] == "- Français (VFF) : E-AC-3 5.1 @ 640 kb/s"
    assert context["tmdb_url"] == "https://www.themoviedb.org/movie/693134"
    assert context["screenshot_count"] == 4 and context["screenshot_2_thumb"].endswith("2-t.png")
    assert "Complete name                            : Dune.Deuxieme" in context["mediainfo_text"]
    assert context["cast_3_photo"] == ""  # a missing photo is empty, never a placeholder service


def test_tv_urls_and_hostile_values_are_escaped() -> None:
    identity = dataclasses.replace(
        SAMPLE_IDENTITY, media_type="tv", title="[b]Evil[/b] [REC]",
        cast=(CastMember("[url=https://x]Bad[/url]", "[img]y[/img]", "/p.jpg"),),
    )  # fmt: skip
    release = dataclasses.replace(
        SAMPLE_RELEASE, screenshots=(Screenshot("javascript:x"), Screenshot("https://ok/1.png"))
    )
    context = build_context(SAMPLE_FACTS, identity, release)
    assert context["tmdb_url"] == "https://www.themoviedb.org/tv/693134"
    assert context["cast_1_card"] == "[img]https://image.tmdb.org/t/p/w185/p.jpg[/img]\n[b]Bad[/b] (y)"
    assert context["screenshot_count"] == 1
    assert render_description("{{ title }} {{ cast_1_card }}", context).startswith("Evil [REC] [img]")


def test_empty_release_has_every_key() -> None:
    context = build_context(None, None, ReleaseFacts())
    numbered = {k for k in sample_context() if k.startswith("screenshot_") and k[11:12].isdigit()}
    assert set(sample_context()) - numbered == set(context)


@pytest.mark.parametrize(("name", "kind", "file_name"), DEFAULT_TEMPLATES)
def test_shipped_templates_render_with_known_variables(name: str, kind: str, file_name: str) -> None:
    source = read_default(file_name)
    assert check_template(source, kind=kind, strict=True) == []  # type: ignore[arg-type]
    if kind == "description":
        output = render_description(source, sample_context(), name=name)
        assert "Dune : Deuxième Partie" in output or "DUNE : DEUXIÈME PARTIE" in output
        assert "{{" not in output and "{%" not in output


def test_nfo_layout() -> None:
    data = render_nfo(sample_context(), signature="Partager & Preserver")
    text = data.decode("utf-8")
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
    lines = text.splitlines()
    assert lines[0] == "=" * 79 and lines[2] == "=" * 79
    assert lines[1].strip() == SAMPLE_RELEASE.release_name
    assert all(
        len(line) <= 80 for line in lines if not line.startswith(("Complete name", "General", "Format"))
    )
    for section in ("INFORMATION GENERALE", "RESUME TECHNIQUE", "DETAILS TECHNIQUES"):
        assert section in text
    assert "Type               : Film" in text
    assert "Codec video        : HEVC" in text
    assert f"Complete name                            : {SAMPLE_RELEASE.release_name}.mkv" in text
    assert "Généré par Seedarr" in text and "Partager & Preserver" in text


def test_nfo_for_a_series_and_user_templates() -> None:
    context = build_context(
        SAMPLE_FACTS, dataclasses.replace(SAMPLE_IDENTITY, media_type="tv"), SAMPLE_RELEASE
    )
    assert "Type               : Série" in render_nfo(context).decode()
    custom = render_nfo(context, source="{{ release_name }}\n{{ '-' * 60 }}\n{{ mediainfo_text }}")
    assert custom.decode().startswith(SAMPLE_RELEASE.release_name)
    with pytest.raises(TemplateFailure, match="at least 50"):
        render_nfo(context, source="{{ year }}")
