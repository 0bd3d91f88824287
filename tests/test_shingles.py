"""Word n-gram hashes and the MinHash built on them: `datasketch`'s own sketch, stable in
every process."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
from datasketch import MinHash

from newsletter.group.shingles import (
    NUM_PERM,
    SCHEME,
    SEED,
    gram_hashes,
    minhash_of,
    minhashes_of,
    passage_gram_hashes,
)
from newsletter.group.similarity import profile, stable_hash
from tests.conftest import morning_report

WORDS = [stable_hash(w) for w in ["the", "harbor", "board", "voted", "to", "close", "the", "pier"]]


def test_the_sketch_is_the_one_datasketch_makes_of_the_same_hashes() -> None:
    grams = gram_hashes(WORDS, 3)
    theirs = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=int)
    theirs.update_batch(grams.tolist())
    assert list(minhash_of(grams).hashvalues) == list(theirs.hashvalues)


def test_word_order_matters_and_repeats_do_not() -> None:
    forward, backward = gram_hashes(WORDS[:3], 3), gram_hashes(WORDS[2::-1], 3)
    assert len(forward) == 1 and forward[0] != backward[0]
    twice = np.concatenate([gram_hashes(WORDS, 3)] * 2)
    assert minhash_of(twice).jaccard(minhash_of(gram_hashes(WORDS, 3))) == 1.0
    assert len(gram_hashes(WORDS[:2], 3)) == 0


def test_no_gram_spans_two_passages() -> None:
    first, second = WORDS[:5], WORDS[3:]
    joined = set(passage_gram_hashes([first, second], 3).tolist())
    assert joined == set(gram_hashes(first, 3).tolist()) | set(gram_hashes(second, 3).tolist())
    assert set(gram_hashes(first + second, 3).tolist()) - joined  # across the seam: left out


def test_texts_sketched_together_are_sketched_as_each_alone() -> None:
    hashes = np.asarray(WORDS, dtype=np.uint64)
    texts = [hashes[:length] for length in (8, 0, 2, 3, 5, 0, 8)] * 30  # past one batch
    together = minhashes_of(texts, 3)
    alone = [minhash_of(gram_hashes(text, 3)) for text in texts]
    assert [list(m.hashvalues) for m in together] == [list(m.hashvalues) for m in alone]


def test_profiles_hash_the_same_in_another_process() -> None:
    article = morning_report(
        "Harbor board closes the pier",
        "“The pier is closed for good,” said Ana Ruiz, 42.",
        "Harbor News",
        5,
    )
    here = profile(article)
    code = (
        "from tests.conftest import morning_report\n"
        "from newsletter.group.similarity import profile\n"
        "p = profile(morning_report('Harbor board closes the pier', "
        "'“The pier is closed for good,” said Ana Ruiz, 42.', 'Harbor News', 5))\n"
        "print(list(p.minhash.hashvalues.tolist()), sorted(p.quote_grams))"
    )
    there = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert there.strip() == f"{here.minhash.hashvalues.tolist()} {sorted(here.quote_grams)}"
