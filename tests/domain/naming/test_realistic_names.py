"""Golden names beyond the spec's examples: realistic uploads, profiles, overrides and edge cases."""

# ruff: noqa: E501 - golden tables keep one example per row
from __future__ import annotations

from typing import Any

import pytest
from naming_facts import audio, facts, name_of, sub, tmdb, video

FR = audio("fr-FR", "EAC3", 6)
EN = audio("en-US", "EAC3", 6)
FR_AC3 = audio("fr-FR", "AC3", 6)
EN_AC3 = audio("en-US", "AC3", 6)
HD = video(1920, 800)
HD_ENC = video(1920, 800, enc=True)
UHD = video(3840, 2160, "H.265")

CASES: list[tuple[str, dict[str, Any], str]] = [
    ("blade-runner-year", dict(file="Blade.Runner.2049.2017.1080p.BluRay.x264-SPARKS.mkv",
                               media=facts(HD_ENC, (EN_AC3,), (sub("fre"),))),
     "Blade.Runner.2049.2017.VOSTFR.1080p.BluRay.AC3.5.1.x264-SPARKS"),
    ("1917", dict(file="1917.2019.MULTi.1080p.BluRay.x264-GRP.mkv", media=facts(HD_ENC, (FR_AC3, EN_AC3))),
     "1917.2019.MULTi.VFF.1080p.BluRay.AC3.5.1.x264-GRP"),
    ("french-connection", dict(file="The.French.Connection.1971.1080p.BluRay.x264-GRP.mkv",
                               media=facts(HD_ENC, (EN_AC3,))),
     "The.French.Connection.1971.VO.1080p.BluRay.AC3.5.1.x264-GRP"),
    ("ocean-apostrophe", dict(file="Oceans.Eleven.2001.1080p.BluRay.x264-GRP.mkv", media=facts(HD_ENC, (FR_AC3, EN_AC3)),
                              identity=tmdb("Ocean's Eleven", year=2001)),
     "Oceans.Eleven.2001.MULTi.VFF.1080p.BluRay.AC3.5.1.x264-GRP"),
    ("elision-l-age", dict(file="Ice.Age.2002.1080p.BluRay.x264-GRP.mkv", media=facts(HD_ENC, (FR_AC3, EN_AC3)),
                           identity=tmdb("L'Âge de glace", "Ice Age", year=2002)),
     "L.Age.de.glace.2002.MULTi.VFF.1080p.BluRay.AC3.5.1.x264-GRP"),
    ("amelie-vof", dict(file="Le.Fabuleux.Destin.d.Amelie.Poulain.2001.FRENCH.1080p.BluRay.x264-GRP.mkv",
                        media=facts(HD_ENC, (audio("fre", "DTS", 6),)),
                        identity=tmdb("Le Fabuleux Destin d'Amélie Poulain", language="fr", year=2001)),
     "Le.Fabuleux.Destin.d.Amelie.Poulain.2001.VOF.1080p.BluRay.DTS.5.1.x264-GRP"),
    ("spider-man-hyphen", dict(file="Spider-Man.No.Way.Home.2021.MULTi.2160p.WEB-DL.DDP5.1.H.265-GRP.mkv",
                               media=facts(video(3840, 1600, "H.265", hdr="HDR10"), (FR, EN)),
                               identity=tmdb("Spider-Man : No Way Home", "Spider-Man: No Way Home", year=2021)),
     "Spider-Man.No.Way.Home.2021.MULTi.VFF.2160p.WEB.HDR10.EAC3.5.1.H265-GRP"),
    ("mission-dash", dict(file="Mission.Impossible.Dead.Reckoning.2023.1080p.WEB.H264-GRP.mkv",
                          media=facts(HD, (FR, EN)),
                          identity=tmdb("Mission : Impossible \u2013 Dead Reckoning Partie 1",
                                        "Mission: Impossible - Dead Reckoning Part One", year=2023)),
     "Mission.Impossible.Dead.Reckoning.Partie.1.2023.MULTi.VFF.1080p.WEB.EAC3.5.1.H264-GRP"),
    ("extended-repack", dict(file="The.Lord.of.the.Rings.2001.EXTENDED.REPACK.MULTi.1080p.BluRay.x264-GRP.mkv",
                             media=facts(HD_ENC, (FR_AC3, EN_AC3))),
     "The.Lord.of.the.Rings.2001.EXTENDED.REPACK.MULTi.VFF.1080p.BluRay.AC3.5.1.x264-GRP"),
    ("imax-edition", dict(file="Dune.2021.IMAX.MULTi.2160p.WEB-DL.DDP5.1.Atmos.H.265-GRP.mkv",
                          media=facts(UHD, (audio("fr-FR", "EAC3", 6, atmos=True), EN))),
     "Dune.2021.IMAX.MULTi.VFF.2160p.WEB.EAC3.Atmos.5.1.H265-GRP"),
    ("webrip-x264", dict(file="Movie.Title.2020.1080p.WEBRip.x264-GRP.mkv", media=facts(HD_ENC, (EN,), (sub("fr"),))),
     "Movie.Title.2020.VOSTFR.1080p.WEBRip.EAC3.5.1.x264-GRP"),
    ("bdrip-kept", dict(file="Old.Film.1999.FRENCH.BDRip.x264-GRP.mkv",
                        media=facts(video(1280, 544, enc=True), (audio("fre", "AC3", 2),))),
     "Old.Film.1999.FRENCH.720p.BDRip.AC3.2.0.x264-GRP"),
    ("brrip-kept", dict(file="Old.Film.1999.FRENCH.720p.BRRip.x264-GRP.mkv",
                        media=facts(video(1280, 544, enc=True), (audio("fre", "AC3", 2),))),
     "Old.Film.1999.FRENCH.720p.BRRip.AC3.2.0.x264-GRP"),
    ("dvd-remux", dict(file="Old.Film.1985.MULTi.DVD.REMUX.MPEG2-GRP.mkv",
                       media=facts(video(720, 576, "MPEG-2", interlaced=True), (audio("fre", "AC3", 2), audio("eng", "AC3", 2)))),
     "Old.Film.1985.MULTi.DVD.REMUX.AC3.2.0.MPEG2-GRP"),
    ("uhd-remux-p2p", dict(file="Avatar.2009.2160p.UHD.BluRay.REMUX.HDR.HEVC.TrueHD.7.1.Atmos-FGT.mkv",
                           profile="p2p", media=facts(video(3840, 2160, "H.265", hdr="HDR10"),
                                                      (audio("en", "TrueHD", 8, atmos=True),))),
     "Avatar.2009.2160p.BluRay.REMUX.TrueHD.7.1.Atmos.HDR10.HEVC-FGT"),
    ("uhd-override", dict(file="Avatar.2009.2160p.UHD.BluRay.REMUX.HDR.HEVC.TrueHD.7.1.Atmos-FGT.mkv",
                          overrides={"uhd_label": "remux_or_disc"},
                          media=facts(video(3840, 2160, "H.265", hdr="HDR10"), (audio("en", "TrueHD", 8, atmos=True), FR))),
     "Avatar.2009.MULTi.VFF.2160p.UHD.BluRay.REMUX.HDR10.TrueHD.Atmos.7.1.HEVC-FGT"),
    ("p2p-dv-hdr10plus", dict(file="The.Boys.S04E01.2160p.AMZN.WEB-DL.DDP5.1.DV.HDR10+.H.265-GRP.mkv", profile="p2p",
                              media=facts(video(3840, 2160, "H.265", hdr="DV HDR10+"), (EN,))),
     "The.Boys.S04E01.2160p.AMZN.WEB-DL.DDP5.1.DV.HDR10+.H.265-GRP"),
    ("hdr10plus-override", dict(file="The.Boys.S04E01.2160p.AMZN.WEB-DL.DDP5.1.HDR10+.H.265-GRP.mkv",
                                overrides={"hdr10plus_label": "HDR10PLUS"},
                                media=facts(video(3840, 2160, "H.265", hdr="HDR10+"), (FR, EN))),
     "The.Boys.S04E01.MULTi.VFF.2160p.WEB.HDR10PLUS.EAC3.5.1.H265-GRP"),
    ("dv-profile5", dict(file="Movie.2023.2160p.WEB-DL.DV.H.265-GRP.mkv",
                         media=facts(video(3840, 2160, "H.265", hdr="DV"), (EN,))),
     "Movie.2023.VO.2160p.WEB.DV.EAC3.5.1.H265-GRP"),
    ("10bit-sdr", dict(file="Movie.2023.1080p.BluRay.10bit.x265-GRP.mkv",
                       media=facts(video(1920, 1080, "H.265", enc=True, bit_depth=10), (FR_AC3, EN_AC3))),
     "Movie.2023.MULTi.VFF.1080p.BluRay.AC3.5.1.x265-GRP"),
    ("commentary-skipped", dict(file="Movie.2010.MULTi.1080p.BluRay.x264-GRP.mkv",
                                media=facts(HD_ENC, (audio("fr-FR", "AC3", 6), audio("en", "FLAC", 2, "Commentary"),
                                                     audio("en", "DTS", 6)))),
     "Movie.2010.MULTi.VFF.1080p.BluRay.AC3.5.1.x264-GRP"),
    ("audio-description-only-french", dict(file="Movie.2010.1080p.BluRay.x264-GRP.mkv",
                                           media=facts(HD_ENC, (audio("en", "AC3", 6), audio("fr-FR", "AC3", 2, "Audiodescription")),
                                                       (sub("fr"),))),
     "Movie.2010.VOSTFR.1080p.BluRay.AC3.5.1.x264-GRP"),
    ("muet", dict(file="Nosferatu.1922.1080p.BluRay.x264-GRP.mkv", media=facts(HD_ENC, (), (sub("fr"),))),
     "Nosferatu.1922.MUET.VOSTFR.1080p.BluRay.x264-GRP"),
    ("vfq-only", dict(file="Movie.2021.VFQ.1080p.WEB.H264-GRP.mkv", media=facts(HD, (audio("fr-CA", "EAC3", 6),))),
     "Movie.2021.VFQ.1080p.WEB.EAC3.5.1.H264-GRP"),
    ("assume-vff", dict(file="Inception.2010.MULTi.1080p.BluRay.x264-GRP.mkv", overrides={"assume_vff_when_unknown": True},
                        media=facts(HD_ENC, (audio("fre", "AC3", 6), audio("eng", "DTS", 6)))),
     "Inception.2010.MULTi.VFF.1080p.BluRay.AC3.5.1.x264-GRP"),
    ("und-not-multi", dict(file="Movie.2015.1080p.WEB.H264-GRP.mkv", media=facts(HD, (FR, audio(None, "EAC3", 2)))),
     "Movie.2015.VFF.1080p.WEB.EAC3.5.1.H264-GRP"),
    ("season-range", dict(file="The.Office.US.S01E01-E03.720p.HDTV.x264-GRP.mkv",
                          media=facts(video(1280, 720, enc=True), (audio("en", "AC3", 2),))),
     "The.Office.US.S01E01-E03.VO.720p.HDTV.AC3.2.0.x264-GRP"),
    ("doctor-who-year", dict(file="Doctor.Who.2005.S01E01.MULTi.720p.HDTV.x264-GRP.mkv",
                             media=facts(video(1280, 720, enc=True), (audio("fr-FR", "AC3", 2), audio("en", "AC3", 2))),
                             identity=tmdb("Doctor Who", media_type="tv", year=2005)),
     "Doctor.Who.2005.S01E01.MULTi.VFF.720p.HDTV.AC3.2.0.x264-GRP"),
    ("tv-no-year", dict(file="Lupin.2021.S01E01.MULTi.1080p.NF.WEB-DL.DDP5.1.x264-GRP.mkv",
                        folder="Lupin", media=facts(video(1920, 1080, enc=True), (FR, EN)),
                        identity=tmdb("Lupin", language="fr", media_type="tv", year=2021), profile="p2p",
                        overrides={"tv_year": "never"}),
     "Lupin.S01E01.MULTi.VOF.1080p.NF.WEB-DL.DDP5.1.x264-GRP"),
    ("saison-episode-words", dict(file="Les.Revenants.Saison 1.Episode 05.FRENCH.720p.HDTV.x264-GRP.mkv",
                                  media=facts(video(1280, 720, enc=True), (audio("fre", "AC3", 2),)),
                                  identity=tmdb("Les Revenants", language="fr", media_type="tv")),
     "Les.Revenants.S01E05.VOF.720p.HDTV.AC3.2.0.x264-GRP"),
    ("generic-file-uses-folder", dict(file="movie.mkv", folder="Heat.1995.MULTi.1080p.BluRay.x264-GRP",
                                      media=facts(HD_ENC, (FR_AC3, EN_AC3))),
     "Heat.1995.MULTi.VFF.1080p.BluRay.AC3.5.1.x264-GRP"),
    ("site-tag-stripped", dict(file="Movie.2019.1080p.WEBRip.x264-GRP[rartv].mkv", media=facts(HD_ENC, (EN,))),
     "Movie.2019.VO.1080p.WEBRip.EAC3.5.1.x264-GRP"),
    ("resolution-from-mediainfo", dict(file="Movie.2019.2160p.WEB-DL.H264-GRP.mkv", media=facts(HD, (EN,))),
     "Movie.2019.VO.1080p.WEB.EAC3.5.1.H264-GRP"),
    ("inferred-bluray", dict(file="Some Movie (2018).mkv",
                             media=facts(HD, (audio("en", "TrueHD", 8), FR), (sub("fr", "PGS"),))),
     "Some.Movie.2018.MULTi.VFF.1080p.BluRay.TrueHD.7.1.H264-NOTAG"),
    ("p2p-dts-hd", dict(file="Heat.1995.1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1-FraMeSToR.mkv", profile="p2p",
                        media=facts(video(1920, 1080), (audio("en", "DTS-HD MA", 6),))),
     "Heat.1995.1080p.BluRay.REMUX.DTS-HD.MA.5.1.AVC-FraMeSToR"),
    ("p2p-aac", dict(file="Show.S01E01.1080p.ATVP.WEB-DL.AAC2.0.H.264-GRP.mkv", profile="p2p",
                     media=facts(video(1920, 1080), (audio("en", "AAC", 2),))),
     "Show.S01E01.1080p.ATVP.WEB-DL.AAC2.0.H.264-GRP"),
    ("c411-style", dict(file="Interstellar.2014.MULTi.1080p.BluRay.REMUX.AVC.TrueHD.Atmos.7.1-GRP.mkv",
                        overrides={"audio_style": "caps", "title_case": "capitalize", "title_hyphen": "dot"},
                        media=facts(video(1920, 1080), (audio("en", "TrueHD", 8, atmos=True), FR_AC3)),
                        identity=tmdb("le jour-j", "Interstellar", year=2014)),
     "Le.Jour.J.2014.MULTi.VFF.1080p.BluRay.REMUX.TRUEHD.ATMOS.7.1.AVC-GRP"),
    ("notag-label", dict(file="Movie.2019.1080p.WEB.H264.mkv", overrides={"notag_label": "NoGroup"},
                         media=facts(HD, (FR, EN))),
     "Movie.2019.MULTi.VFF.1080p.WEB.EAC3.5.1.H264-NoGroup"),
    ("original-title-language", dict(file="Movie.2019.1080p.WEB.H264-GRP.mkv", overrides={"title_language": "original"},
                                     media=facts(HD, (FR, EN)), identity=tmdb("Le Film", "The Movie", year=2019)),
     "The.Movie.2019.MULTi.VFF.1080p.WEB.EAC3.5.1.H264-GRP"),
    ("legacy-template", dict(file="Movie.2019.1080p.WEB.H264-GRP.mkv",
                             overrides={"template": "{titre}.{annee}.{langue}.{resolution}.{source}.{codec_audio}.{codec_video}-{group}"},
                             media=facts(HD, (FR, EN)), identity=tmdb("Le Film", "The Movie", year=2019)),
     "Le.Film.2019.MULTi.VFF.1080p.WEB.EAC3.H264-GRP"),
    ("keep-scene-name", dict(file="Knives Out (2019) Bluray-1080p.mkv", scene="Knives.Out.2019.MULTi.1080p.BluRay.x264-LOST",
                             overrides={"keep_scene_name": True},
                             media=facts(HD_ENC, (audio("fr-CA", "AC3", 6), EN_AC3))),
     "Knives.Out.2019.MULTi.1080p.BluRay.x264-LOST"),
    ("xvid-divx", dict(file="Film.2003.FRENCH.DVDRip.DivX-GRP.avi",
                       media=facts(video(640, 272, "MPEG-4 Visual", codec_id="DX50"), (audio("fre", "MP3", 2),))),
     "Film.2003.FRENCH.DVDRip.MP3.2.0.DivX-GRP"),
    ("vc1-p2p", dict(file="Old.Movie.1990.1080p.BluRay.REMUX.VC-1.DTS-HD.MA.5.1-GRP.mkv", profile="p2p",
                     media=facts(video(1920, 1080, "VC-1"), (audio("en", "DTS-HD MA", 6),))),
     "Old.Movie.1990.1080p.BluRay.REMUX.DTS-HD.MA.5.1.VC-1-GRP"),
    ("av1-opus", dict(file="Clip.2022.1080p.WEB-DL.Opus.2.0.AV1-GRP.mkv", media=facts(video(1920, 1080, "AV1"), (audio("en", "Opus", 2),))),
     "Clip.2022.VO.1080p.WEB.OPUS.2.0.AV1-GRP"),
    ("lpcm-dvd", dict(file="Concert.2001.MULTi.DVD9-GRP.iso",
                      media=facts(video(720, 480, "MPEG-2"), (audio("fr", "PCM", 2), audio("en", "AC3", 6)))),
     "Concert.2001.MULTi.DVD.LPCM.2.0.MPEG2-GRP"),
]  # fmt: skip


@pytest.mark.parametrize(("kwargs", "expected"), [pytest.param(kw, ex, id=i) for i, kw, ex in CASES])
def test_realistic_name(kwargs: dict[str, Any], expected: str) -> None:
    release = name_of(**kwargs)
    assert release.name == expected, release.to_dict()


def test_contradictions_become_warnings() -> None:
    release = name_of("Movie.2019.MULTi.2160p.WEB-DL.HDR.H264-GRP.mkv", media=facts(HD, (EN,)))
    text = " | ".join(release.warnings)
    assert "2160p" in text
    assert "MULTi" in text
    assert "MediaInfo wins" in text


def test_inferred_source_and_assumed_variant_are_flagged() -> None:
    release = name_of("Some Movie (2018).mkv", media=facts(HD, (FR,), (sub("fr", "PGS"),)),
                      overrides={"assume_vff_when_unknown": True})  # fmt: skip
    assert release.evidence("source").source == "inferred"  # type: ignore[union-attr]
    assert any("inferred" in w for w in release.warnings)


def test_remux_is_proposed_never_assumed() -> None:
    release = name_of("Heat.1995.1080p.BluRay.AVC-GRP.mkv", media=facts(HD, (audio("en", "DTS-HD MA", 6),)))
    assert "REMUX" not in release.name
    assert any("REMUX" in w for w in release.warnings)


def test_without_mediainfo_names_decide() -> None:
    release = name_of("Gladiator.II.2024.MULTi.VFF.1080p.WEB-DL.DDP5.1.H.264-FLUX.mkv")
    assert release.name == "Gladiator.II.2024.MULTi.VFF.1080p.WEB.EAC3.H264-FLUX"
    assert release.evidence("resolution").source == "file"  # type: ignore[union-attr]


def test_name_only_original_french() -> None:
    release = name_of(
        "La.Haine.1995.FRENCH.1080p.BluRay.x264-GRP.mkv", identity=tmdb("La Haine", language="fr")
    )
    assert release.value("language") == "VOF"


def test_tv_year_always_switch() -> None:
    release = name_of("The.Bear.S02E01.1080p.WEB.H264-GRP.mkv", media=facts(HD, (EN,)),
                      identity=tmdb("The Bear", media_type="tv", year=2022), overrides={"tv_year": "always"})  # fmt: skip
    assert release.name.startswith("The.Bear.2022.S02E01.")


def test_user_media_type_wins() -> None:
    release = name_of("Movie.2019.1080p.WEB.H264-GRP.mkv", media=facts(HD, (EN,)), media_type="tv")
    assert release.media_type == "tv"
    assert any("season" in w for w in release.warnings)
