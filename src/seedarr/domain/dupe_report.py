"""The outcome of a duplicate check on one tracker, as stored on the release (pure, JSON-ready).

A :class:`DupeReport` says whether the check ran (``completed``), could not run (``not_run``: no way to
search that site, or nothing to search for) or failed (``failed``: the site's error, one line), which keys
were tried (``tmdb id``, ``imdb id``, ``title``; ``torznab …`` through an indexer), and keeps every torrent
the site answered with as a :class:`DupeMatch` (name, size, seeders, link, decision, explanation), sorted
exact → duplicate → similar → unrelated. The ``verdict`` is the worst decision that counts (unrelated
torrents never do), ``clear`` when none does. :func:`build_report` judges the candidates with
:func:`seedarr.domain.dupes.judge`; ``to_dict``/``from_dict`` round-trip through JSON for the job store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal, cast

from seedarr.domain.dupes import Decision, DupeCandidate, DupeSubject, judge

__all__ = [
    "DupeMatch",
    "DupeReport",
    "DupeStatus",
    "DupeVerdict",
    "build_report",
    "reports_from_dict",
    "reports_to_dict",
]

DupeStatus = Literal["completed", "failed", "not_run"]
DupeVerdict = Literal["exact", "duplicate", "similar", "clear"]
_RANK: dict[str, int] = {"exact": 0, "duplicate": 1, "similar": 2, "unrelated": 3}


@dataclass(frozen=True, slots=True)
class DupeMatch:
    """One torrent the site has, with the decision about it and why."""

    name: str
    size: int
    seeders: int
    link: str | None
    decision: Decision
    explanation: str
    torrent_id: str = ""
    leechers: int | None = None
    origin: str = "native"  # "native" (the site's API) or "torznab"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DupeMatch:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass(frozen=True, slots=True)
class DupeReport:
    """The duplicate check of one tracker (see the module docstring)."""

    tracker_id: str
    status: DupeStatus
    verdict: DupeVerdict | None = None  # None unless completed
    matches: tuple[DupeMatch, ...] = ()
    searched_by: tuple[str, ...] = ()  # the keys tried, in order; with matches, the last one answered
    message: str = ""  # the error (failed), the reason (not_run), a summary (completed)
    checked_at: str | None = None  # ISO 8601, UTC

    @property
    def blocking(self) -> bool:
        """True when the site already has this release or one in the same slot."""
        return self.verdict in ("exact", "duplicate")

    def counted(self) -> tuple[DupeMatch, ...]:
        """The matches that count (every decision but ``unrelated``)."""
        return tuple(m for m in self.matches if m.decision != "unrelated")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (tuples become lists); :meth:`from_dict` reads it back."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DupeReport:
        """A report from :meth:`to_dict` output; unknown keys are ignored."""
        return cls(
            tracker_id=str(data["tracker_id"]),
            status=cast(DupeStatus, data["status"]),
            verdict=cast(DupeVerdict | None, data.get("verdict")),
            matches=tuple(DupeMatch.from_dict(m) for m in data.get("matches") or ()),
            searched_by=tuple(data.get("searched_by") or ()),
            message=str(data.get("message") or ""),
            checked_at=data.get("checked_at"),
        )


def build_report(
    tracker_id: str,
    subject: DupeSubject,
    candidates: Iterable[DupeCandidate],
    *,
    searched_by: tuple[str, ...],
    checked_at: str | None = None,
) -> DupeReport:
    """A completed report: every candidate judged against ``subject``, sorted, with the verdict."""
    matches = []
    for hit in candidates:
        decision, explanation = judge(subject, hit)
        kept = (hit.torrent_id, hit.leechers, hit.origin)
        matches.append(DupeMatch(hit.name, hit.size, hit.seeders, hit.link, decision, explanation, *kept))
    matches.sort(key=lambda m: (_RANK[m.decision], -m.seeders, m.name))
    counted = [m for m in matches if m.decision != "unrelated"]
    verdict: DupeVerdict = cast(DupeVerdict, counted[0].decision) if counted else "clear"
    return DupeReport(
        tracker_id, "completed", verdict, tuple(matches), searched_by, _summary(verdict, matches), checked_at
    )


def _summary(verdict: DupeVerdict, matches: list[DupeMatch]) -> str:
    counts = {d: sum(1 for m in matches if m.decision == d) for d in _RANK}
    if not matches:
        return "no torrent found for this release"
    parts = [f"{n} {d}" for d, n in counts.items() if n]
    head = {
        "exact": "the site already has this release",
        "duplicate": "the site has a release in this slot",
        "similar": "the site has this work in other slots",
        "clear": "nothing on the site blocks it",
    }
    return f"{head[verdict]} ({', '.join(parts)})"


def reports_to_dict(reports: Mapping[str, DupeReport]) -> dict[str, dict[str, Any]]:
    """Per tracker id, each report's :meth:`DupeReport.to_dict`."""
    return {tracker_id: report.to_dict() for tracker_id, report in reports.items()}


def reports_from_dict(data: Mapping[str, Mapping[str, Any]]) -> dict[str, DupeReport]:
    """The inverse of :func:`reports_to_dict`."""
    return {tracker_id: DupeReport.from_dict(item) for tracker_id, item in data.items()}
