"""The per-tracker dupe report: sorting, verdict, what each hit keeps, and its JSON round-trip."""

from __future__ import annotations

import dataclasses
import json
from pathlib import PurePath

from seedarr.domain.dupe_report import DupeReport, build_report, reports_from_dict, reports_to_dict
from seedarr.domain.dupes import DupeCandidate, DupeSubject, slot_of
from seedarr.domain.release import ReleaseInfo
from seedarr.metadata.parse import parse_name

GIB = 1 << 30
SLOT = slot_of("1080p", "web-dl", "sdr", "avc")
OURS = DupeSubject(SLOT, 10 * GIB, "movie", tmdb_id=7, titles=("Le Film",), year=2021, group="GRP")


def candidate(
    name: str, size: int, *, seeders: int = 0, tmdb_id: int = 7, torrent_id: str = ""
) -> DupeCandidate:
    return DupeCandidate(
        name, size, parse_name(name, "scene"), tmdb_id=tmdb_id, seeders=seeders, leechers=seeders // 2,
        link=f"https://site.example/torrents/{torrent_id}", torrent_id=torrent_id,
    )  # fmt: skip


HITS = [
    candidate("Autre.Film.2019.1080p.WEB.H264-X", GIB, seeders=99, tmdb_id=8, torrent_id="1"),
    candidate("Le.Film.2021.2160p.WEB.H265-X", 20 * GIB, seeders=50, torrent_id="2"),
    candidate("Le.Film.2021.1080p.WEB.H264-Y", 6 * GIB, seeders=3, torrent_id="3"),
    candidate("Le.Film.2021.1080p.WEB.H264-Z", 10 * GIB, seeders=1, torrent_id="4"),
    candidate("Le.Film.2021.1080p.WEBRip.x264-W", 5 * GIB, seeders=30, torrent_id="5"),
]


def test_matches_are_sorted_by_decision_then_seeders_and_keep_what_the_site_said() -> None:
    report = build_report(
        "site", OURS, HITS, searched_by=("tmdb id",), checked_at="2026-01-02T03:04:05+00:00"
    )
    assert [(m.torrent_id, m.decision) for m in report.matches] == [
        ("4", "exact"), ("5", "duplicate"), ("3", "duplicate"), ("2", "similar"), ("1", "unrelated"),
    ]  # fmt: skip
    assert report.status == "completed" and report.verdict == "exact" and report.blocking
    first = report.matches[0]
    assert (first.name, first.size, first.seeders, first.leechers) == (
        "Le.Film.2021.1080p.WEB.H264-Z",
        10 * GIB,
        1,
        0,
    )
    assert first.link == "https://site.example/torrents/4" and first.origin == "native"
    assert "same size" in first.explanation
    assert [m.torrent_id for m in report.counted()] == ["4", "5", "3", "2"]
    assert (
        report.message == "the site already has this release (1 exact, 2 duplicate, 1 similar, 1 unrelated)"
    )


def test_the_verdict_is_the_worst_decision_that_counts() -> None:
    similar_only = build_report("site", OURS, [HITS[0], HITS[1]], searched_by=("tmdb id",))
    assert similar_only.verdict == "similar" and not similar_only.blocking
    unrelated_only = build_report("site", OURS, [HITS[0]], searched_by=("tmdb id", "imdb id", "title"))
    assert unrelated_only.verdict == "clear" and unrelated_only.counted() == ()
    empty = build_report("site", OURS, [], searched_by=("tmdb id",))
    assert (
        empty.verdict == "clear"
        and empty.matches == ()
        and empty.message == "no torrent found for this release"
    )
    duplicate = build_report("site", OURS, [HITS[2], HITS[1]], searched_by=("title",))
    assert duplicate.verdict == "duplicate" and duplicate.blocking


def test_reports_round_trip_through_json_on_the_release() -> None:
    completed = build_report(
        "one", OURS, HITS, searched_by=("tmdb id", "imdb id"), checked_at="2026-01-01T00:00:00+00:00"
    )
    failed = DupeReport("two", "failed", message="Two: Server Error", checked_at="2026-01-01T00:00:01+00:00")
    not_run = DupeReport("three", "not_run", message="the site has no search API")
    dupes = {"one": completed, "two": failed, "three": not_run}
    release = dataclasses.replace(ReleaseInfo(PurePath("/m/Le.Film.mkv")), dupes=dupes)
    stored = json.loads(json.dumps(reports_to_dict(release.dupes)))
    assert reports_from_dict(stored) == release.dupes
    assert stored["one"]["matches"][0]["decision"] == "exact" and stored["two"]["status"] == "failed"
    assert DupeReport.from_dict({"tracker_id": "x", "status": "not_run", "extra": 1}) == DupeReport(
        "x", "not_run"
    )


def test_a_release_starts_without_dupe_reports() -> None:
    assert ReleaseInfo(PurePath("/m/x.mkv")).dupes == {}
