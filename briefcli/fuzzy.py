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

from collections import defaultdict

_PIECES_FROM = 85  # the lowest threshold at which the pigeonhole filter pays


class FuzzyIndex:
    def __init__(self, choices: list[str], threshold: int) -> None:
        self.threshold = threshold
        self.choices = choices
        self._by_length: dict[int, list[int]] = defaultdict(list)
        for k, choice in enumerate(choices):
            self._by_length[len(choice)].append(k)
        self._use_pieces = threshold >= _PIECES_FROM
        # Per name length: the names too short to cut into enough pieces, and the pieces of
        # the others (piece -> names) with the lengths those pieces have.
        self._always: dict[int, list[int]] = defaultdict(list)
        self._pieces: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        self._piece_lengths: dict[int, set[int]] = defaultdict(set)
        for k, choice in enumerate(choices if self._use_pieces else ()):
            size = len(choice)
            count = self._max_distance(size) + 1
            if size < count:
                self._always[size].append(k)
                continue
            for piece in _cut(choice, count):
                self._pieces[size][piece].append(k)
                self._piece_lengths[size].add(len(piece))

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
        if not self._use_pieces:
            return [self.choices[k] for length in lengths
                    for k in self._by_length.get(length, ())]
        found: list[int] = []
        grams: dict[int, set[str]] = {}  # the span's substrings, by width
        for length in lengths:
            names = set(self._always.get(length, ()))
            pieces = self._pieces.get(length)
            if pieces:
                for width in self._piece_lengths[length]:
                    if width not in grams:
                        grams[width] = {span[i:i + width] for i in range(size - width + 1)}
                    for piece in pieces.keys() & grams[width]:
                        names.update(pieces[piece])
            found += sorted(names)
        return [self.choices[k] for k in found]

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
