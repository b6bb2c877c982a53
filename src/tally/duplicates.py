"""Near-duplicate documents: syndicated copies of one report.

An agency story reprinted by several outlets arrives with a new headline, a trimmed
paragraph or two and sometimes a different dateline. Counting each copy would count the
same deaths several times, so copies are linked to the first document of their kind and add
sources, never incidents.

A document's `signature` is a MinHash of the word 5-shingles of its folded text, stored as
bytes; `DuplicateIndex` finds, through MinHash LSH, a stored document whose estimated
Jaccard similarity with a new one reaches `SIMILARITY_THRESHOLD`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from tally.errors import InputError
from tally.text import fold_text

#: Estimated Jaccard similarity (of word 5-shingle sets) at which two documents are copies.
#: Calibrated on hand-written ~200-word wire reports (tests/test_duplicates.py): a copy with
#: a new headline and one trimmed paragraph measures ~0.7-0.8, with two trimmed paragraphs
#: ~0.55-0.65; a different report on the same town, day and kind of attack measures below
#: 0.1 (5-shingles share only stock phrases). 0.5 sits between the two with room for the
#: estimator's error (standard deviation ~0.044 at 0.5 with 128 permutations). Rerun
#: tests/test_duplicates.py when it changes.
SIMILARITY_THRESHOLD = 0.5

#: Words per shingle. Five is long enough that two reports of the same kind of event rarely
#: share a shingle beyond stock phrases, and short enough that a trimmed paragraph or an
#: edited sentence removes few shingles from the rest.
SHINGLE_WORDS = 5

#: Permutations in a MinHash: 128 gives an estimate within ~0.09 (two standard deviations)
#: of the true Jaccard near the threshold, and a signature of 1 KiB.
NUM_PERM = 128

#: Seed of the permutations. Fixed, because signatures are stored and compared across
#: processes and runs: changing it (or NUM_PERM, or the scheme) invalidates every stored one.
SEED = 1

#: datasketch's permutation scheme, named explicitly so that an upgrade of its default never
#: silently changes stored signatures. "affine64" stores hash values as uint64.
_SCHEME = "affine64"
_DTYPE = np.dtype("<u8")
SIGNATURE_BYTES = NUM_PERM * _DTYPE.itemsize

#: LSH banding: 42 bands of 3 rows (126 of the 128 values). A pair at the threshold (0.5)
#: becomes a candidate with probability 1 - (1 - 0.5**3)**42 = 0.996, at 0.4 with 0.94, and an
#: unrelated pair (~0.05) with 0.005: the index misses almost no copy and `find` checks the
#: few false candidates with the full estimate. Recompute when the threshold changes.
LSH_BANDS = 42
LSH_ROWS = 3


def _shingles(text: str) -> list[bytes]:
    words = fold_text(text).split()
    if not words:
        raise InputError("text", "has no words to sign for near-duplicate detection")
    if len(words) <= SHINGLE_WORDS:
        return [" ".join(words).encode("utf-8")]
    return [
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")
        for i in range(len(words) - SHINGLE_WORDS + 1)
    ]


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The MinHash permutation parameters for `NUM_PERM` and `SEED`: drawing them costs more
    than a report's hashing, and they never change, so they are drawn once and only read."""
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=_SCHEME).permutations


def signature(text: str) -> bytes:
    """The MinHash signature of `text`: `NUM_PERM` little-endian uint64 values as bytes.

    Shingles are runs of `SHINGLE_WORDS` words of the folded text (`tally.text.fold`), so
    case, accents, quotes and punctuation do not matter. Deterministic across processes.
    Raises `InputError` when the text has no words.
    """
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=_SCHEME, permutations=_permutations())
    minhash.update_batch(_shingles(text))
    return np.asarray(minhash.hashvalues, dtype=_DTYPE).tobytes()


def _hashvalues(sig: bytes, what: str) -> np.ndarray:
    if len(sig) != SIGNATURE_BYTES:
        raise InputError(what, f"signature has {len(sig)} bytes, expected {SIGNATURE_BYTES}")
    return np.frombuffer(sig, dtype=_DTYPE)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the two documents whose signatures are `a` and `b`."""
    return float(np.mean(_hashvalues(a, "first signature") == _hashvalues(b, "second signature")))


class DuplicateIndex:
    """Signatures of stored documents, searchable for a near-duplicate of a new one."""

    def __init__(self, threshold: float = SIMILARITY_THRESHOLD) -> None:
        self.threshold = threshold
        # The LSH holds row numbers, not ids: a query's candidates (hundreds, for templated
        # wire copy) then index the signature matrix directly, with no lookup or sort per candidate.
        self._lsh = MinHashLSH(num_perm=NUM_PERM, params=(LSH_BANDS, LSH_ROWS))
        self._rows: dict[str, int] = {}  # document id -> its row of `_matrix`
        self._ids: list[str] = []  # row -> document id
        self._matrix = np.empty((0, NUM_PERM), dtype=_DTYPE)

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, document_id: object) -> bool:
        return document_id in self._rows

    def add(self, document_id: str, sig: bytes) -> None:
        """Store `document_id` with its signature; adding an id again replaces its signature."""
        values = _hashvalues(sig, f"document {document_id}")
        row = self._rows.get(document_id)
        if row is not None:
            self._lsh.remove(row)
        else:
            row = self._rows[document_id] = len(self._ids)
            self._ids.append(document_id)
            if row == len(self._matrix):  # full: double it (amortised constant time per add)
                grown = np.empty((max(64, 2 * row), NUM_PERM), dtype=_DTYPE)
                grown[:row] = self._matrix[:row]
                self._matrix = grown
        self._lsh.insert(row, _lean(values))
        self._matrix[row] = values

    def find(self, sig: bytes) -> str | None:
        """The id of the stored document most similar to `sig`, if it reaches the threshold.

        Equal similarities go to the smallest id, so the answer does not depend on the
        order documents were added. A document already stored finds itself.
        """
        values = _hashvalues(sig, "query")
        found = self._lsh.query(_lean(values))
        if not found:
            return None
        rows = np.fromiter(found, dtype=np.intp, count=len(found))
        scores = (self._matrix[rows] == values).mean(axis=1)
        best = scores.max()
        if best < self.threshold:
            return None
        return min(self._ids[row] for row in rows[scores == best])


def _lean(values: np.ndarray) -> LeanMinHash:
    return LeanMinHash(seed=SEED, hashvalues=values, scheme=_SCHEME)
