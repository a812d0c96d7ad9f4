"""MurmurHash3 (x86, 32 bit, seed 0) of many byte strings at once, in numpy.

scikit-learn's hashing vectorizers hash one feature at a time; a cold batch of
contract text has some hundred thousand distinct n-grams, and one Python call per
n-gram was most of the hashing time. Here the hash runs over every key's 4-byte
blocks as array operations, giving the same numbers as `sklearn.utils.murmurhash3_32`
(tests compare them on ASCII, accented and non-Latin keys of every length).
"""

from __future__ import annotations

import numpy as np

_C1 = np.uint32(0xCC9E2D51)
_C2 = np.uint32(0x1B873593)


def _rotl(x: np.ndarray, r: int) -> np.ndarray:
    return (x << np.uint32(r)) | (x >> np.uint32(32 - r))


def _mix_key(k: np.ndarray) -> np.ndarray:
    return _rotl(k * _C1, 15) * _C2


def _byte(buffer: np.ndarray, positions: np.ndarray) -> np.ndarray:
    return buffer[positions].astype(np.uint32)


def murmurhash3_32(buffer: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Signed 32-bit hashes of the keys `buffer[starts[i] : starts[i] + lengths[i]]`."""
    buffer = np.asarray(buffer, dtype=np.uint8)
    starts = np.asarray(starts, dtype=np.int64)
    lengths = np.asarray(lengths, dtype=np.int64)
    hashes = np.zeros(len(starts), dtype=np.uint32)
    blocks = lengths // 4
    with np.errstate(over="ignore"):
        for block in range(int(blocks.max(initial=0))):
            rows = np.flatnonzero(blocks > block)
            at = starts[rows] + 4 * block
            key = _byte(buffer, at) | _byte(buffer, at + 1) << 8 | _byte(buffer, at + 2) << 16 | _byte(buffer, at + 3) << 24
            h = _rotl(hashes[rows] ^ _mix_key(key), 13)
            hashes[rows] = h * np.uint32(5) + np.uint32(0xE6546B64)
        tails = lengths % 4
        rows = np.flatnonzero(tails)
        if len(rows):
            at = starts[rows] + 4 * blocks[rows]
            tail = tails[rows]
            key = _byte(buffer, at)
            for extra in (1, 2):  # the tail's second and third bytes, where it has them
                has = tail > extra
                key[has] |= _byte(buffer, at[has] + extra) << (8 * extra)
            hashes[rows] ^= _mix_key(key)
        hashes ^= lengths.astype(np.uint32)
        hashes ^= hashes >> np.uint32(16)
        hashes *= np.uint32(0x85EBCA6B)
        hashes ^= hashes >> np.uint32(13)
        hashes *= np.uint32(0xC2B2AE35)
        hashes ^= hashes >> np.uint32(16)
    return hashes.view(np.int32)


def columns_of(hashes: np.ndarray, n_features: int) -> np.ndarray:
    """The column a hashing vectorizer gives each hash: |h| mod n_features, with
    |-2**31| taken as 2**31 (as scikit-learn does)."""
    return np.abs(hashes.astype(np.int64)) % n_features
