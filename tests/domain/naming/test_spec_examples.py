"""Golden tests: the 28 worked examples of naming spec §10, each with the facts the spec lists."""

# ruff: noqa: E501 - golden tables keep one example per row
from __future__ import annotations

from typing import Any

import pytest
from naming_facts import audio, facts, name_of, sub, tmdb, video

FR_VFF = audio("fr-FR", "EAC3", 6)
EN_US = audio("en-US", "EAC3", 6)

EXAMPLES: list[tuple[int, dict[str, Any], str]] = [
    (1, dict(file="Gladiator.II.2024.1080p.WEB-DL.DDP5.1.H.264-FLUX.mkv",
             media=facts(video(1920, 800), (audio("fre", "EAC3", 6, "VFF"), audio("eng", "EAC3", 6))),
             identity=tmdb("Gladiator II", language="en", year=2024)),
     "Gladiator.II.2024.MULTi.VFF.1080p.WEB.EAC3.5.1.H264-FLUX"),
    (2, dict(file="Cameron.Story.2019.1080p.BluRay.x264-GRP.mkv",
             media=facts(video(1920, 1080, enc=True), (audio("eng", "DTS", 6),), (sub("fre"),)),
             identity=tmdb("Cameron Story", year=2019)),
     "Cameron.Story.2019.VOSTFR.1080p.BluRay.DTS.5.1.x264-GRP"),
    (3, dict(file="Interstellar.2014.1920x1080.BluRay.x265.10bit-NOGRP.mkv",
             media=facts(video(1920, 800, "H.265", enc=True, bit_depth=10),
                         (audio("fre", "AC3", 6, "VFF"), audio("eng", "TrueHD", 8, atmos=True)))),
     "Interstellar.2014.MULTi.VFF.1080p.BluRay.TrueHD.Atmos.7.1.x265-NOTAG"),
    (4, dict(file="Twilight.2008.MULTi.1080p.WEB-DL.H264-GRP.mkv",
             media=facts(video(1920, 800), (audio("fr-FR", "AC3", 6), audio("en-US", "AC3", 6))),
             identity=tmdb("Twilight, chapitre 1 : Fascination", "Twilight", year=2008)),
     "Twilight.chapitre.1.Fascination.2008.MULTi.VFF.1080p.WEB.AC3.5.1.H264-GRP"),
    (5, dict(file="Lightyear.2022.2160p.WEB-DL.DDP5.1.Atmos.DV.HDR10.H.265-GRP.mkv",
             media=facts(video(3840, 2160, "H.265", hdr="DV HDR10"),
                         (audio("fr-FR", "EAC3", 6, atmos=True), audio("en-US", "EAC3", 6, atmos=True))),
             identity=tmdb("Buzz l'Éclair", "Lightyear", year=2022)),
     "Buzz.l.Eclair.2022.MULTi.VFF.2160p.WEB.DV.HDR10.EAC3.Atmos.5.1.H265-GRP"),
    (6, dict(file="Dune.1984.FRENCH.DVDRip.XviD-GRP.avi",
             media=facts(video(720, 304, "MPEG-4 Visual", codec_id="XVID"), (audio("fre", "MP3", 2),)),
             identity=tmdb("Dune", year=1984)),
     "Dune.1984.FRENCH.DVDRip.MP3.2.0.XviD-GRP"),
    (7, dict(file="Infinity.Pool.2023.1080p.AMZN.WEB-DL.DDP5.1.H.264-GRP.mkv", profile="p2p",
             media=facts(video(1920, 1040), (audio("eng", "EAC3", 6),))),
     "Infinity.Pool.2023.1080p.AMZN.WEB-DL.DDP5.1.H.264-GRP"),
    (7, dict(file="Infinity.Pool.2023.1080p.AMZN.WEB-DL.DDP5.1.H.264-GRP.mkv",
             media=facts(video(1920, 1040), (audio("eng", "EAC3", 6),))),
     "Infinity.Pool.2023.VO.1080p.WEB.EAC3.5.1.H264-GRP"),
    (8, dict(file="Pulp.Fiction.1994.TRUEFRENCH.720p.BluRay.x264-GRP.mkv",
             media=facts(video(1280, 688, enc=True), (audio("fre", "AC3", 6),)),
             identity=tmdb("Pulp Fiction", year=1994)),
     "Pulp.Fiction.1994.VFF.720p.BluRay.AC3.5.1.x264-GRP"),
    (9, dict(file="Encanto.2021.MULTi.1080p.WEB.H264-GRP.mkv",
             media=facts(video(1920, 1080), (audio("fr-CA", "EAC3", 6), EN_US)),
             identity=tmdb("Encanto : La Fantastique Famille Madrigal", "Encanto", year=2021)),
     "Encanto.La.Fantastique.Famille.Madrigal.2021.MULTi.VFQ.1080p.WEB.EAC3.5.1.H264-GRP"),
    (10, dict(file="Coco.2017.MULTi.2160p.UHD.BluRay.REMUX.HDR.HEVC.TrueHD.7.1.Atmos-GRP.mkv",
              media=facts(video(3840, 2160, "H.265", hdr="HDR10"),
                          (audio("eng", "TrueHD", 8, atmos=True), FR_VFF, audio("fr-CA", "EAC3", 6, "VFQ")))),
     "Coco.2017.MULTi.VF2.2160p.BluRay.REMUX.HDR10.TrueHD.Atmos.7.1.HEVC-GRP"),
    (11, dict(file="Les.Intouchables.2011.1080p.BluRay.x264-GRP.mkv",
              media=facts(video(1920, 1040, enc=True), (audio("fre", "DTS", 6), audio("eng", "AC3", 6))),
              identity=tmdb("Intouchables", language="fr", year=2011)),
     "Intouchables.2011.MULTi.VOF.1080p.BluRay.DTS.5.1.x264-GRP"),
    (12, dict(file="Parasite.2019.KOREAN.1080p.BluRay.x264-GRP.mkv",
              media=facts(video(1920, 800, enc=True), (audio("kor", "AC3", 6),), (sub("fre"), sub("eng"))),
              identity=tmdb("Parasite", "기생충", language="ko", year=2019)),
     "Parasite.2019.VOSTFR.1080p.BluRay.AC3.5.1.x264-GRP"),
    (13, dict(file="Oppenheimer.2023.2160p.WEB-DL.DDP5.1.H.265-GRP.mkv",
              media=facts(video(3840, 1600, "H.265"), (audio("eng", "EAC3", 6),))),
     "Oppenheimer.2023.VO.2160p.WEB.EAC3.5.1.H265-GRP"),
    (14, dict(file="Shrek.2001.MULTi.VFI.1080p.BluRay.x264-GRP.mkv",
              media=facts(video(1920, 1040, enc=True), (audio("fre", "AC3", 6), audio("eng", "AC3", 6)))),
     "Shrek.2001.MULTi.VFI.1080p.BluRay.AC3.5.1.x264-GRP"),
    (15, dict(file="Inception.2010.MULTi.1080p.BluRay.x264-GRP.mkv",
              media=facts(video(1920, 800, enc=True), (audio("fre", "AC3", 6), audio("eng", "DTS", 6)))),
     "Inception.2010.MULTi.1080p.BluRay.AC3.5.1.x264-GRP"),
    (16, dict(file="The.Bear.S02E01.1080p.DSNP.WEB-DL.DDP5.1.H.264-GRP.mkv",
              folder="The.Bear.S02.1080p.DSNP.WEB-DL.DDP5.1.H.264-GRP", pack=True,
              media=facts(video(1920, 1080), (audio("eng", "EAC3", 6), FR_VFF), shape="season_pack"),
              identity=tmdb("The Bear", media_type="tv", year=2022)),
     "The.Bear.S02.MULTi.VFF.1080p.WEB.EAC3.5.1.H264-GRP"),
    (17, dict(file="Shogun.2024.S01E05.1080p.WEB.H264-GRP.mkv",
              media=facts(video(1920, 1080), (audio("jpn", "EAC3", 6), audio("eng", "EAC3", 6)), (sub("fre"),)),
              identity=tmdb("Shōgun", media_type="tv", year=2024)),
     "Shogun.2024.S01E05.VOSTFR.1080p.WEB.EAC3.5.1.H264-GRP"),
    (18, dict(file="friends.1x05.french.720p.hdtv.x264-grp.mkv",
              media=facts(video(1280, 720, enc=True), (audio("fre", "AC3", 2),)),
              identity=tmdb("Friends", media_type="tv", year=1994)),
     "Friends.S01E05.FRENCH.720p.HDTV.AC3.2.0.x264-grp"),
    (19, dict(file="Friends.S01E01E02.FRENCH.720p.HDTV.x264-GRP.mkv",
              media=facts(video(1280, 720, enc=True), (audio("fre", "AC3", 2),)),
              identity=tmdb("Friends", media_type="tv", year=1994)),
     "Friends.S01E01E02.FRENCH.720p.HDTV.AC3.2.0.x264-GRP"),
    (20, dict(file="La.Haine.1995.FRENCH.1080i.HDTV.H264-GRP.ts",
              media=facts(video(1920, 1080, interlaced=True), (audio("fre", "AAC", 2),)),
              identity=tmdb("La Haine", language="fr", year=1995)),
     "La.Haine.1995.VOF.1080i.HDTV.AAC.2.0.H264-GRP"),
    (21, dict(file="Le.Comte.de.Monte-Cristo.2024.MULTi.VFF.1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1-GRP.mkv",
              media=facts(video(1920, 804), (audio("fre", "DTS-HD MA", 6, "VFF"), audio("eng", "DTS-HD MA", 6))),
              identity=tmdb("Le Comte de Monte-Cristo", language="fr", year=2024)),
     "Le.Comte.de.Monte-Cristo.2024.MULTi.VOF.1080p.BluRay.REMUX.DTS-HD.MA.5.1.AVC-GRP"),
    (22, dict(file="Planet.Earth.III.S01E01.2160p.iP.WEB-DL.AAC2.0.HLG.H.265-GRP.mkv",
              media=facts(video(3840, 2160, "H.265", hdr="HLG"), (audio("eng", "AAC", 2),)),
              identity=tmdb("Planète Terre III", "Planet Earth III", media_type="tv", year=2023)),
     "Planete.Terre.III.S01E01.VO.2160p.WEB.HLG.AAC.2.0.H265-GRP"),
    (23, dict(file="The.Boys.S04E01.2160p.AMZN.WEB-DL.DDP5.1.HDR10+.H.265-GRP.mkv",
              media=facts(video(3840, 2160, "H.265", hdr="HDR10+"), (FR_VFF, EN_US))),
     "The.Boys.S04E01.MULTi.VFF.2160p.WEB.HDR10+.EAC3.5.1.H265-GRP"),
    (24, dict(file="Barbie 2023 1080p WEB E-AC-3 5.1.mkv", media=facts(video(1920, 1080), (FR_VFF, EN_US))),
     "Barbie.2023.MULTi.VFF.1080p.WEB.EAC3.5.1.H264-NOTAG"),
    (25, dict(file="Napoleon (2023) MULTi VFF 2160p WEB-DL DV HDR H265 - TEAM.mkv",
              media=facts(video(3840, 1608, "H.265", hdr="DV HDR10"),
                          (audio("fr-FR", "EAC3", 6, atmos=True), audio("en-US", "EAC3", 6, atmos=True))),
              identity=tmdb("Napoléon", "Napoleon", year=2023)),
     "Napoleon.2023.MULTi.VFF.2160p.WEB.DV.HDR10.EAC3.Atmos.5.1.H265-TEAM"),
    (26, dict(file="Dune.Part.Two.2024.MULTi.2160p.WEB.x265-GRP.mkv",
              media=facts(video(3840, 1600, "H.265", enc=True, hdr="HDR10"), (FR_VFF, EN_US)),
              identity=tmdb("Dune : Deuxième Partie", "Dune: Part Two", year=2024)),
     "Dune.Deuxieme.Partie.2024.MULTi.VFF.2160p.WEB.HDR10.EAC3.5.1.x265-GRP"),
    (27, dict(file="Knives Out (2019) Bluray-1080p.mkv", scene="Knives.Out.2019.MULTi.1080p.BluRay.x264-LOST",
              media=facts(video(1920, 800, enc=True), (audio("fr-CA", "AC3", 6), audio("en-US", "AC3", 6))),
              identity=tmdb("À couteaux tirés", "Knives Out", year=2019)),
     "A.couteaux.tires.2019.MULTi.VFQ.1080p.BluRay.AC3.5.1.x264-LOST"),
    (28, dict(file="Oppenheimer.2023.MULTi.VFF.1080p.BluRay.HDLight.x264.AC3-GRP.mkv",
              media=facts(video(1920, 800, enc=True), (audio("fr-FR", "AC3", 6), audio("en-US", "AC3", 6)))),
     "Oppenheimer.2023.MULTi.VFF.1080p.BluRay.HDLight.AC3.5.1.x264-GRP"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [pytest.param(kw, expected, id=f"{n:02d}-{kw.get('profile', 'fr')}") for n, kw, expected in EXAMPLES],
)
def test_worked_example(kwargs: dict[str, Any], expected: str) -> None:
    release = name_of(**kwargs)
    assert release.name == expected, release.to_dict()


def test_every_example_is_covered() -> None:
    assert {n for n, _, _ in EXAMPLES} == set(range(1, 29))


def test_every_token_carries_evidence() -> None:
    _, kwargs, _ = EXAMPLES[9]
    release = name_of(**kwargs)
    assert release.evidence("language") is not None
    assert "VFQ" in release.evidence("language").detail  # type: ignore[union-attr]
    assert release.evidence("hdr").source == "mediainfo"  # type: ignore[union-attr]
    assert release.evidence("source").source == "file"  # type: ignore[union-attr]
    assert all(token.evidence.detail for token in release.tokens)


def test_scene_name_supplies_group_and_source_with_evidence() -> None:
    _, kwargs, _ = EXAMPLES[27]
    release = name_of(**kwargs)
    assert release.evidence("group").source == "scene"  # type: ignore[union-attr]
    assert release.evidence("source").source == "scene"  # type: ignore[union-attr]
    assert release.evidence("title").source == "tmdb"  # type: ignore[union-attr]
