"""Each page's duplicate signature, made where the page is read: its word count, the SHA-1 of
its normalised words (exact duplicates) and a 128-permutation MinHash of its 5-word shingles
(near duplicates). The end of a run then only groups (:mod:`index.duplicates`).

The MinHash is datasketch's (``MinHash(num_perm=128, seed=1)``, SHA-1 32-bit hashes of the
shingles, the same permutations, bit for bit: ``tests/test_duplicates.py`` compares them), in
numpy alone, so that a reader does not import datasketch and scipy (half a second each start).
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata

import numpy as np

from ingest import settings

SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 1
_WORD = re.compile(r"[^\W_]+")
_MERSENNE_PRIME = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)


def words(text: str) -> list[str]:
    """The page's words, normalised: no accents, lower case, letters and digits only."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _WORD.findall(text.lower())


def shingles(ws: list[str], size: int = SHINGLE_WORDS) -> set[bytes]:
    if len(ws) < size:
        return {" ".join(ws).encode()}
    return {" ".join(ws[i : i + size]).encode() for i in range(len(ws) - size + 1)}


def exact_key(ws: list[str]) -> str:
    return hashlib.sha1(" ".join(ws).encode()).hexdigest()


_PERMUTATIONS: tuple[np.ndarray, np.ndarray] | None = None


def permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's (a, b) parameters for ``SEED``, made once."""
    global _PERMUTATIONS
    if _PERMUTATIONS is None:
        gen = np.random.RandomState(SEED)
        pairs = [
            (
                gen.randint(1, _MERSENNE_PRIME, dtype=np.uint64),
                gen.randint(0, _MERSENNE_PRIME, dtype=np.uint64),
            )
            for _ in range(NUM_PERM)
        ]
        a, b = np.array(pairs, dtype=np.uint64).T
        _PERMUTATIONS = (a, b)
    return _PERMUTATIONS


def minhash_values(ws: list[str]) -> np.ndarray:
    """The MinHash hash values (uint64) of the words' shingles."""
    hashes = [struct.unpack("<I", hashlib.sha1(s).digest()[:4])[0] for s in shingles(ws)]
    a, b = permutations()
    hv = np.array(hashes, dtype=np.uint64, ndmin=2).T
    with np.errstate(over="ignore"):  # uint64 wraps, as in datasketch
        phv = np.bitwise_and((hv * a + b) % _MERSENNE_PRIME, _MAX_HASH)
    # datasketch starts from _MAX_HASH; every value here is masked to at most that already.
    return phv.min(axis=0)


def min_words() -> int:
    return settings.get_int("dup_min_words")


def page_signature(text: str, limit: int | None = None) -> tuple[int, str | None, bytes | None]:
    """(word count, exact key, MinHash bytes); a page under ``limit`` words (default
    ``EVIDENCE_DUP_MIN_WORDS``) gets neither key: short pages say too little to group."""
    ws = words(text or "")
    if len(ws) < (min_words() if limit is None else limit):
        return len(ws), None, None
    return len(ws), exact_key(ws), minhash_values(ws).tobytes()
