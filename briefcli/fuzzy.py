"""Approximate lookup of a span among the names that may be misspelt.

A span is compared (rapidfuzz ``fuzz.ratio``) only with the names it could reach the threshold
with, and that set is found without comparing: first by length, then by a pigeonhole filter.
``ratio`` is ``100 * (1 - d / (len(a) + len(b)))`` with ``d`` the insert/delete distance, so a
threshold bounds ``d``. Cut a name into ``d + 1`` pieces: each insertion or deletion damages at
most one piece, so at least one piece occurs, untouched, in any span that reaches the threshold.
Every name is indexed under its pieces; a span's candidates are the names of the pieces it
contains. The result is exactly that of comparing the span with every name of a suitable
length, for a third to a tenth of the work. Below a threshold of 85 the pieces get too short
to filter anything, and every name of a suitable length is compared.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict

_PIECES_FROM = 85  # the lowest threshold at which the pigeonhole filter pays
_COMPARE_FIRST = 300  # lookups compared with every name before the pieces are indexed


class FuzzyIndex:
    def __init__(self, choices: list[str], threshold: int,
                 compare_first: int = _COMPARE_FIRST) -> None:
        self.threshold = threshold
        self.choices = choices
        self._by_length: dict[int, list[int]] = defaultdict(list)
        for k, choice in enumerate(choices):
            self._by_length[len(choice)].append(k)
        # The pieces cost tens of milliseconds to index: a one-file run, with a few dozen
        # lookups, compares with every name of a suitable length instead.
        self._compare_first = compare_first if threshold >= _PIECES_FROM else -1
        self._indexed = False
        # Per name length: the names too short to cut into enough pieces, and the pieces of
        # the others (piece -> names) with the lengths those pieces have.
        self._always: dict[int, list[int]] = defaultdict(list)
        # By width: piece -> (lengths, names).
        self._pieces: dict[int, dict[str, tuple[list[int], list[int]]]] = {}
        self._piece_lengths: dict[int, set[int]] = defaultdict(set)  # name length -> widths
        self._widths: dict[int, list[int]] = {}  # span length -> the widths to look for
        # Ties go to the first name in (length, insertion) order, as a scan by length would.
        order = sorted(range(len(choices)), key=lambda k: len(choices[k]))
        self._rank = {k: rank for rank, k in enumerate(order)}

    def _index_pieces(self) -> None:
        pieces: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for size, names in self._by_length.items():
            count = self._max_distance(size) + 1
            if size < count:
                self._always[size] = names
                continue
            for k in names:
                for piece in _cut(self.choices[k], count):
                    pieces[len(piece)][piece].append(k)
                    self._piece_lengths[size].add(len(piece))
        # Each piece's names sorted by length, with their lengths: a span's length window is
        # then a slice found by bisection.
        lengths = [len(choice) for choice in self.choices]
        for width, by_piece in pieces.items():
            self._pieces[width] = {}
            for piece, names in by_piece.items():
                names.sort(key=lengths.__getitem__)
                self._pieces[width][piece] = ([lengths[k] for k in names], names)

    def spread(self, length: int) -> int:
        """How far a name's length may differ from a span's and still reach the threshold."""
        return max(1, length * (100 - self.threshold) // 100 + 1)

    def _max_distance(self, length: int) -> int:
        """The largest distance at which a name of ``length`` can still reach the threshold
        with any span whose length window admits it (rounded up, never down)."""
        longest = length
        while longest + 1 - self.spread(longest + 1) <= length:
            longest += 1
        return int((length + longest) * (100 - self.threshold) / 100 + 1e-6)

    def candidates(self, span: str) -> list[str]:
        """The names ``span`` may reach the threshold with, in (length, insertion) order."""
        size = len(span)
        spread = self.spread(size)
        lengths = range(size - spread, size + spread + 1)
        if not self._indexed:
            if self._compare_first != 0:  # still comparing, or for good (-1: low threshold)
                if self._compare_first > 0:
                    self._compare_first -= 1
                return [self.choices[k] for length in lengths
                        for k in self._by_length.get(length, ())]
            self._index_pieces()
            self._indexed = True
        widths = self._widths.get(size)
        if widths is None:
            widths = self._widths[size] = sorted(set().union(
                *(self._piece_lengths.get(length, ()) for length in lengths)))
        found: set[int] = set()
        for length in lengths:
            found.update(self._always.get(length, ()))
        low, high = lengths.start, lengths.stop
        for width in widths:
            pieces = self._pieces[width]
            grams = {span[i:i + width] for i in range(size - width + 1)}
            for piece in pieces.keys() & grams:
                name_lengths, names = pieces[piece]
                found.update(names[bisect_left(name_lengths, low):
                                   bisect_left(name_lengths, high)])
        return [self.choices[k] for k in sorted(found, key=self._rank.__getitem__)]

    def best(self, span: str) -> tuple[str, int] | None:
        """The best name for ``span`` at or above the threshold, with its score."""
        candidates = self.candidates(span)
        if not candidates:
            return None
        from rapidfuzz import fuzz, process

        found = process.extractOne(span, candidates, scorer=fuzz.ratio,
                                   score_cutoff=self.threshold)
        return (found[0], int(round(found[1]))) if found else None


def _cut(text: str, count: int) -> list[str]:
    """``text`` in ``count`` consecutive pieces of near-equal length."""
    size, extra = divmod(len(text), count)
    pieces = []
    pos = 0
    for i in range(count):
        width = size + (1 if i < extra else 0)
        pieces.append(text[pos:pos + width])
        pos += width
    return pieces
