"""Ranking TMDB search candidates against what a release name says (pure: no I/O).

A candidate scores on three things, weighted and summed to 0..1: how close its ``title`` *or* its
``original_title`` is to the parsed title (after folding case, accents, punctuation and ``&``; the ratio is
squared so that a merely similar title cannot win on year and popularity), how far its
year is from the parsed year (same year, then ±1, otherwise nothing; unknown years are neutral), and its
popularity relative to the other candidates (log scale, a tie-breaker, never enough on its own to beat a
right title and year). The order TMDB returned is ignored. A match is *confident* only when the best score is
high enough and clearly ahead of the runner-up; otherwise a person chooses among the top five.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from seedarr.domain.identity import IdentityCandidate

__all__ = [
    "MatchDecision",
    "ScoringWeights",
    "decide",
    "normalise_title",
    "rank_candidates",
    "title_similarity",
    "year_closeness",
]

TOP_N = 5
_NON_WORD = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True, slots=True)
class ScoringWeights:
    title: float = 0.6
    year: float = 0.3
    popularity: float = 0.1
    # A match is confident when the best score reaches ``confident`` and leads the next by ``margin``.
    confident: float = 0.75
    margin: float = 0.08


@dataclass(frozen=True, slots=True)
class MatchDecision:
    """The ranked top candidates and, when one is clearly best, that one."""

    candidates: tuple[IdentityCandidate, ...]
    best: IdentityCandidate | None
    reason: str


def normalise_title(title: str) -> str:
    """Lower case, accents removed, ``&`` → ``and``, punctuation folded to single spaces."""
    decomposed = unicodedata.normalize("NFKD", title.casefold().replace("&", " and "))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", plain.replace("'", "").replace("\u2019", "")).strip()


def title_similarity(wanted: str, *titles: str) -> float:
    """1.0 for an equal normalised title, else the best similarity ratio (0..1) over ``titles``."""
    target = normalise_title(wanted)
    best = 0.0
    for title in titles:
        candidate = normalise_title(title)
        if not candidate or not target:
            continue
        if candidate == target:
            return 1.0
        best = max(best, SequenceMatcher(None, target, candidate).ratio())
    return best


def year_closeness(wanted: int | None, year: int | None) -> float:
    """1.0 for the same year, 0.6 for ±1, 0 beyond; 0.3 (neutral) when either year is unknown."""
    if wanted is None or year is None:
        return 0.3
    distance = abs(wanted - year)
    if distance == 0:
        return 1.0
    if distance == 1:
        return 0.6
    return 0.0


def rank_candidates(
    title: str,
    year: int | None,
    candidates: Iterable[IdentityCandidate],
    *,
    weights: ScoringWeights | None = None,
    limit: int = TOP_N,
) -> tuple[IdentityCandidate, ...]:
    """The ``limit`` best candidates with ``score`` filled in, best first (ties: more popular first)."""
    weights = weights or ScoringWeights()
    pool = list(candidates)
    top_popularity = max((max(c.popularity, 0.0) for c in pool), default=0.0)
    scored = []
    for candidate in pool:
        popularity = (
            math.log1p(max(candidate.popularity, 0.0)) / math.log1p(top_popularity) if top_popularity else 0.0
        )
        score = (
            # squared: a title that is only "rather like" the name must not win on year and popularity
            weights.title * title_similarity(title, candidate.title, candidate.original_title) ** 2
            + weights.year * year_closeness(year, candidate.year)
            + weights.popularity * popularity
        )
        scored.append(replace(candidate, score=round(score, 4)))
    scored.sort(key=lambda c: (-c.score, -c.popularity, c.tmdb_id))
    return tuple(scored[:limit])


def decide(ranked: Sequence[IdentityCandidate], *, weights: ScoringWeights | None = None) -> MatchDecision:
    """Pick the best of ``ranked`` (from :func:`rank_candidates`) only when it is clearly the one."""
    weights = weights or ScoringWeights()
    top = tuple(ranked)
    if not top:
        return MatchDecision(top, None, "TMDB found no candidate")
    best = top[0]
    if best.score < weights.confident:
        return MatchDecision(
            top, None, f"no candidate is close enough (best {best.title!r} scores {best.score:.2f})"
        )
    if len(top) > 1 and best.score - top[1].score < weights.margin:
        return MatchDecision(
            top,
            None,
            f"{best.title!r} ({best.year}) and {top[1].title!r} ({top[1].year}) are too close to choose",
        )
    return MatchDecision(top, best, f"{best.title!r} ({best.year}) scores {best.score:.2f}")
