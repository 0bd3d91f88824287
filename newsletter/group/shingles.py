"""Word n-grams as numbers, and the MinHash of a text's word 3-shingles, computed with numpy.

Each distinct word is hashed once (CRC-32 of its lower-case UTF-8); an n-gram's hash mixes
its words' hashes by position, so "a b c" and "c b a" differ, and no n-gram string is ever
built. The MinHash is `datasketch`'s own ("affine32": the MurmurHash3 finalizer, then
`a * h + b` modulo 2^32 for each of its permutations), so sketches made here compare and
merge with `datasketch.MinHash` and its LSH index. Every value is stable across processes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from datasketch import LeanMinHash, MinHash

__all__ = [
    "HASHES",
    "NUM_PERM",
    "SCHEME",
    "SEED",
    "gram_hashes",
    "joined_gram_hashes",
    "minhash_of",
    "minhashes_of",
    "passage_gram_hashes",
]

HASHES = 2
"""The version of the n-gram hashes: values stored under another version (a sent story's
fingerprint) cannot be compared with today's."""
NUM_PERM = 64
SEED = 1
SCHEME = "affine32"
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
_A, _B = (np.asarray(p, dtype=np.uint32)[:, None] for p in _PERMUTATIONS)
_TEXTS_AT_ONCE = 16
"""Texts sketched together by `minhashes_of` (its array: a row of their n-grams for each
permutation)."""
_POSITION_MIX = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0x27D4EB2F165667C5,
        0x85EBCA77C2B2AE63,
    ],
    dtype=np.uint64,
)  # odd 64-bit constants, one per position in an n-gram (n <= 5)


def gram_hashes(word_hashes: Sequence[int], n: int) -> np.ndarray:
    """The 32-bit hashes of the word n-grams of a text, from its words' hashes in order
    (none when it has fewer than n words)."""
    words = np.asarray(word_hashes, dtype=np.uint64)
    count = len(words) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint32)
    mixed = np.zeros(count, dtype=np.uint64)
    for position in range(n):
        mixed += words[position : position + count] * _POSITION_MIX[position]
    return (mixed ^ (mixed >> np.uint64(32))).astype(np.uint32)


def passage_gram_hashes(passages: Sequence[Sequence[int]], n: int) -> np.ndarray:
    """`gram_hashes` of several passages at once: no n-gram spans two passages."""
    if not passages:
        return np.zeros(0, dtype=np.uint32)
    joined = np.concatenate([np.asarray(p, dtype=np.uint64) for p in passages])
    return joined_gram_hashes(joined, [len(p) for p in passages], n)


def joined_gram_hashes(word_hashes: np.ndarray, sizes: Sequence[int], n: int) -> np.ndarray:
    """`passage_gram_hashes` of passages given one after another (`sizes` words each)."""
    owner = np.repeat(np.arange(len(sizes)), sizes)
    grams = gram_hashes(word_hashes, n)
    return grams[owner[: len(grams)] == owner[n - 1 :]] if len(grams) else grams


def _premix(values: np.ndarray) -> np.ndarray:
    """The MurmurHash3 32-bit finalizer, as `datasketch` applies it before its permutations."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def minhashes_of(texts: Sequence[np.ndarray], n: int) -> list[LeanMinHash]:
    """`minhash_of(gram_hashes(words, n))` of each text's word hashes, computed together
    (a few dozen texts at a time)."""
    counts = np.array([max(len(words) - n + 1, 0) for words in texts], dtype=np.int64)
    grams = joined_gram_hashes(np.concatenate(texts), [len(words) for words in texts], n)
    empty = np.flatnonzero(counts == 0)
    if len(empty):  # of {0}, as minhash_of
        grams = np.insert(grams, (np.cumsum(counts) - counts)[empty], 0)
        counts[empty] = 1
    starts = np.cumsum(counts) - counts
    premixed = _premix(grams.astype(np.uint32))
    found = []
    for first in range(0, len(texts), _TEXTS_AT_ONCE):
        last = min(first + _TEXTS_AT_ONCE, len(texts))
        begin, end = starts[first], starts[last - 1] + counts[last - 1]
        permuted = np.multiply(_A, premixed[begin:end])  # a row per permutation
        np.add(permuted, _B, out=permuted)
        lowest = np.minimum.reduceat(permuted, starts[first:last] - begin, axis=1)
        found += [LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME) for values in lowest.T]
    return found


def minhash_of(hashes: np.ndarray) -> LeanMinHash:
    """The MinHash of a set of 32-bit hashes (repeats change nothing); of {0} when empty."""
    if not len(hashes):
        hashes = np.zeros(1, dtype=np.uint32)
    premixed = _premix(hashes.astype(np.uint32))
    permuted = np.empty((NUM_PERM, len(premixed)), dtype=np.uint32)  # a row per permutation
    np.multiply(_A, premixed, out=permuted)
    np.add(permuted, _B, out=permuted)
    return LeanMinHash(seed=SEED, hashvalues=permuted.min(axis=1), scheme=SCHEME)
