"""Grouping's array and set shortcuts give what their plain definitions give."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from itertools import combinations

import numpy as np
import pytest

from newsletter.group.cluster import (
    _distinct_pairs,
    _held_keys,
    _pairs_in_groups,
    _sharing_a_lead_term,
)
from newsletter.group.evidence import DayStats, evidence, points, swapped
from newsletter.group.similarity import Profile, profile, profiles
from newsletter.models import Article

NAMES = ["Ruiz", "Okafor", "Harlow", "Dunmore", "Quarry", "Ansel", "Park", "Berg", "Tan"]
WORDS = ["council", "approved", "library", "barrier", "opened", "river", "budget", "said"]
FIGURES = ["12", "40", "$1,200", "3,000%", "2024"]


def _article(rng: random.Random, number: int) -> Article:
    def sentence() -> str:
        words = rng.choices(NAMES + WORDS + FIGURES, k=rng.randint(5, 12))
        if rng.random() < 0.3:
            words.insert(rng.randint(0, len(words)), '"' + " ".join(rng.choices(WORDS, k=7)) + '"')
        text = " ".join(words)
        return text[0].upper() + text[1:] + rng.choice([".", "!", "?", ".\n"])

    return Article(
        title=" ".join(rng.choices(NAMES + WORDS, k=6)),
        text=" ".join(sentence() for _ in range(rng.randint(3, 9))),
        source="Test",
        url=f"https://example.org/{number}",
        published=datetime(2024, 5, 1, tzinfo=UTC) + timedelta(hours=rng.randint(0, 90)),
    )


@pytest.fixture(scope="module")
def day() -> list[Profile]:
    rng = random.Random(7)
    return profiles([_article(rng, n) for n in range(60)])


def test_a_day_s_profiles_are_each_article_s_own(day: list[Profile]) -> None:
    rng = random.Random(7)
    articles = [_article(rng, n) for n in range(60)]
    assert [profile(a) for a in articles] == day


def test_points_are_the_evidence_s_points_to_the_last_bit(day: list[Profile]) -> None:
    stats = DayStats.of(day)
    for a, b in combinations(day, 2):
        for quote in (False, True):
            assert points(a, b, stats, quote) == evidence(a, b, stats, quote).points


def test_swapped_counts_the_names_each_has_that_the_other_lacks(day: list[Profile]) -> None:
    for a, b in combinations(day, 2):
        assert swapped(a, b) == min(len(a.terms - b.terms), len(b.terms - a.terms))


def test_pairs_sharing_a_lead_term_are_those_of_the_definition(day: list[Profile]) -> None:
    for common in (1, 3, 60):
        held = {t: {j for j, p in enumerate(day) if t in p.terms} for p in day for t in p.terms}
        expected = {
            (i, j)
            for i, p in enumerate(day)
            for t in p.lead_terms
            if len(held.get(t, ())) <= common
            for j in held.get(t, ())
        }
        firsts, seconds = _sharing_a_lead_term(day, common)
        assert set(zip(firsts.tolist(), seconds.tolist(), strict=True)) == expected


def test_pairs_sharing_a_key_are_each_pair_of_holders() -> None:
    rng = random.Random(3)
    keys = [frozenset(rng.sample(range(30), rng.randint(0, 6))) for _ in range(40)]
    expected = [(i, j) for i, j in combinations(range(40), 2) for _ in keys[i] & keys[j]]
    firsts, seconds = _pairs_sharing_a_key(keys)
    assert sorted(zip(firsts.tolist(), seconds.tolist(), strict=True)) == sorted(expected)
    assert _pairs_sharing_a_key([])[0].tolist() == []


def _pairs_sharing_a_key(keys: list[frozenset[int]]) -> tuple[np.ndarray, np.ndarray]:
    holder, key, _, held = _held_keys(keys)
    return _pairs_in_groups(holder, key, held)


def test_distinct_pairs_are_each_unordered_pair_once_sorted() -> None:
    a = np.array([3, 1, 2, 2, 5, 4])
    b = np.array([1, 3, 2, 4, 0, 2])
    assert _distinct_pairs(a, b) == [(0, 5), (1, 3), (2, 4)]
