"""Unit rules of the naming spec: sanitisation (§8), templates (§9), profiles (§3), languages (§6),
audio (§5.2)."""

from __future__ import annotations

import pytest
from naming_facts import audio, sub

from seedarr.domain.naming import NamingProfileError, resolve_profile, season_episode_label
from seedarr.domain.naming.audio import audio_token
from seedarr.domain.naming.languages import infer_language_tag
from seedarr.domain.naming.profiles import profile_switches
from seedarr.domain.naming.sanitize import sanitize_title
from seedarr.domain.naming.templates import NameTemplateError, render_name_template, unknown_variables


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("L'Âge de glace", "L.Age.de.glace"),
        ("Ocean's Eleven", "Oceans.Eleven"),
        ("L\u2019homme qui", "L.homme.qui"),
        ("Jusqu'à la garde", "Jusqu.a.la.garde"),
        ("Qu`est-ce qu'on a fait", "Qu.est-ce.qu.on.a.fait"),
        ("Shōgun", "Shogun"),
        ("Cœur de pirate", "Coeur.de.pirate"),
        ("Straße · Weg", "Strasse.Weg"),
        ("Fast & Furious", "Fast.Furious"),
        ("Spider\u2013Man", "Spider-Man"),
        ("What?! (Director's Cut)", "What.Directors.Cut"),
        ("Love+", "Love+"),
        ("  __Dots...Everywhere__ ", "Dots.Everywhere"),
        ("千と千尋の神隠し", ""),
    ],
)
def test_sanitize_title(title: str, expected: str) -> None:
    assert sanitize_title(title) == expected


def test_sanitize_switches() -> None:
    assert (
        sanitize_title("le comte de monte-cristo", title_hyphen="dot", capitalize=True)
        == "Le.Comte.De.Monte.Cristo"
    )
    assert sanitize_title("spider-man", capitalize=True) == "Spider-Man"


def test_template_aliases_and_cleanup() -> None:
    values = {"title": "Film", "year": "2020", "language": "MULTi", "source": "WEB", "group": ""}
    assert (
        render_name_template("{titre}.{annee}.{langue}.{hdr}.{source}-{group}", values)
        == "Film.2020.MULTi.WEB"
    )
    assert (
        render_name_template("{title}.{saison}{episode}", {"title": "S", "season": "S01", "episode": "E05"})
        == "S.S01E05"
    )


def test_template_errors_name_their_column() -> None:
    with pytest.raises(NameTemplateError) as caught:
        render_name_template("{title}.{Year}", {})
    assert caught.value.column == 9
    with pytest.raises(NameTemplateError, match="unbalanced"):
        render_name_template("{title}.{year", {})
    assert unknown_variables("{title}.{titre}.{colour}") == ["colour"]


def test_profiles_and_overrides() -> None:
    assert resolve_profile("p2p").web_label == "WEB-DL"
    assert resolve_profile("fr", {"notag_label": "NoGrp"}).notag_label == "NoGrp"
    with pytest.raises(NamingProfileError, match="colour"):
        resolve_profile("fr", {"colour": "blue"})
    with pytest.raises(NamingProfileError, match="web_label"):
        resolve_profile("fr", {"web_label": "WEBDL"})
    with pytest.raises(NamingProfileError, match="vo_label"):
        resolve_profile("fr", {"vo_label": "yes"})
    with pytest.raises(NamingProfileError, match="unknown naming profile"):
        resolve_profile("nope")
    switches = profile_switches()
    assert switches["hdr_position"] == "before_audio | after_audio"
    assert switches["assume_vff_when_unknown"] == "true | false"


def test_season_episode_labels() -> None:
    assert season_episode_label(1, ()) == ("S01", "", "S01")
    assert season_episode_label(1, (2, 1)) == ("S01", "E01E02", "S01E01E02")
    assert season_episode_label(1, (1, 2, 3)) == ("S01", "E01-E03", "S01E01-E03")
    assert season_episode_label(None, (5,)) == ("", "E05", "E05")


def test_language_title_keywords_and_regions() -> None:
    tag = infer_language_tag([audio(None, "AC3", 6, "Français VFQ"), audio(None, "AC3", 6, "English")], [])
    assert tag.tag == "MULTi.VFQ"
    tag = infer_language_tag([audio("fr-BE", "AC3", 6)], [])
    assert tag.tag == "FRENCH"
    assert infer_language_tag([audio("fr-BE", "AC3", 6)], [], allow_vfb=True).tag == "VFB"
    assert infer_language_tag([audio("fr-CH", "AC3", 6)], []).tag == "VFF"
    assert infer_language_tag([audio("en", "AC3", 6)], [sub(None, title="Français")]).tag == "VOSTFR"
    assert infer_language_tag([audio("en", "AC3", 6)], [], name_tags=["SUBFRENCH"]).tag == "VOSTFR"
    assert infer_language_tag([], []).tag == "MUET"
    assert infer_language_tag([audio("fr", "AC3", 6), audio("en", "AC3", 2, "AD")], []).tag == "FRENCH"


@pytest.mark.parametrize(
    ("track", "fr", "p2p", "caps"),
    [
        (audio("en", "EAC3", 6, atmos=True), "EAC3.Atmos.5.1", "DDP5.1.Atmos", "EAC3.ATMOS.5.1"),
        (audio("en", "AC3", 6), "AC3.5.1", "DD5.1", "AC3.5.1"),
        (audio("en", "TrueHD", 8, atmos=True), "TrueHD.Atmos.7.1", "TrueHD.7.1.Atmos", "TRUEHD.ATMOS.7.1"),
        (audio("en", "DTS:X", 8), "DTS-X.7.1", "DTS-X.7.1", "DTSX.7.1"),
        (audio("en", "DTS-HD HRA", 6), "DTS-HD.HRA.5.1", "DTS-HD.HRA.5.1", "DTS.HD.HRA.5.1"),
        (audio("en", "FLAC", 1), "FLAC.1.0", "FLAC1.0", "FLAC.1.0"),
        (audio("en", "PCM", 2), "LPCM.2.0", "LPCM2.0", "LPCM.2.0"),
        (audio("en", "Vorbis", 2), "Vorbis.2.0", "Vorbis.2.0", "Vorbis.2.0"),
    ],
)
def test_audio_styles(track, fr: str, p2p: str, caps: str) -> None:  # type: ignore[no-untyped-def]
    assert [audio_token([track], s).full for s in ("fr", "p2p", "caps")] == [fr, p2p, caps]  # type: ignore[union-attr]
