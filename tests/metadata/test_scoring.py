"""Ranking search candidates: never TMDB's first result blindly; title or original title, year ±1."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from seedarr.domain.identity import IdentityCandidate
from seedarr.metadata.scoring import decide, normalise_title, rank_candidates, title_similarity


def candidate(
    tmdb_id: int, title: str, year: int | None, popularity: float, original: str = ""
) -> IdentityCandidate:
    return IdentityCandidate(tmdb_id, "movie", title, original or title, year, popularity, 0.0)


def test_a_popular_result_of_the_wrong_year_loses_to_the_right_year() -> None:
    tmdb_order = [candidate(438631, "Dune", 2021, 310.0), candidate(841, "Dune", 1984, 42.0)]
    decision = decide(rank_candidates("Dune", 1984, tmdb_order))
    assert decision.best is not None and decision.best.tmdb_id == 841
    assert [c.tmdb_id for c in decision.candidates] == [841, 438631]


def test_the_original_title_counts_as_much_as_the_french_one() -> None:
    pool = [
        candidate(1573, "58 minutes pour vivre", 1990, 48.0, original="Die Hard 2"),
        candidate(562, "Piège de cristal", 1988, 65.0, original="Die Hard"),
    ]
    decision = decide(rank_candidates("Die Hard", 1988, pool))
    assert decision.best is not None and decision.best.tmdb_id == 562
    assert decision.best.score > 0.95


def test_a_year_off_by_one_still_matches_but_two_does_not() -> None:
    (one_off,) = rank_candidates(
        "Portrait de la jeune fille en feu",
        2020,
        [candidate(1, "Portrait de la jeune fille en feu", 2019, 25.0)],
    )
    (two_off,) = rank_candidates(
        "Portrait de la jeune fille en feu",
        2021,
        [candidate(1, "Portrait de la jeune fille en feu", 2019, 25.0)],
    )
    assert decide([one_off]).best is not None
    assert one_off.score > two_off.score


def test_two_equally_good_candidates_are_left_to_a_person() -> None:
    pool = [candidate(10001, "Alien", 1979, 80.0), candidate(10002, "Alien", 1979, 78.0)]
    decision = decide(rank_candidates("Alien", 1979, pool))
    assert decision.best is None
    assert "too close" in decision.reason
    assert len(decision.candidates) == 2


def test_a_weak_title_is_not_confident_however_popular() -> None:
    decision = decide(rank_candidates("Dunkerque", 2017, [candidate(1, "Dune", 2017, 500.0)]))
    assert decision.best is None
    assert decide([]).best is None


def test_only_the_top_five_are_kept() -> None:
    pool = [candidate(i, f"Film {i}", 2000 + i, float(i)) for i in range(1, 12)]
    assert len(rank_candidates("Film 3", 2003, pool)) == 5


def test_normalisation_folds_case_accents_punctuation_and_ampersand() -> None:
    assert normalise_title("Amélie & l'Été: Part II") == normalise_title("AMELIE and lEte - part ii")
    assert title_similarity("Piege de cristal", "Piège de cristal") == 1.0


titles = st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), min_size=1, max_size=30)
pools = st.lists(
    st.builds(
        candidate,
        st.integers(1, 10**6),
        titles,
        st.one_of(st.none(), st.integers(1900, 2030)),
        st.floats(0, 1000, allow_nan=False),
    ),
    max_size=12,
    unique_by=lambda c: c.tmdb_id,
)


@given(title=titles, year=st.one_of(st.none(), st.integers(1900, 2030)), pool=pools)
def test_ranking_ignores_the_order_tmdb_returned(
    title: str, year: int | None, pool: list[IdentityCandidate]
) -> None:
    forward = rank_candidates(title, year, pool)
    backward = rank_candidates(title, year, list(reversed(pool)))
    assert forward == backward
    assert all(0.0 <= c.score <= 1.0 for c in forward)
    assert [c.score for c in forward] == sorted((c.score for c in forward), reverse=True)
