"""Fuzzy matching: misspelt and transliterated names ("Zaharova", "Azerbaidjan") found on the
capitalised spans of a text that no exact alias covered.

``FuzzyNames`` finds the spans. A span never crosses a run of capitalised words joined by
single spaces, and it is tried only if one of its words is unknown: not in the pack's
vocabulary, not a stop word, and not written in lower case elsewhere in the same text (an
ordinary word at the start of a sentence, such as "Development"). Runs are found by one
regular expression; what a run's text alone tells (could any of its spans match a name?) is
memoised across texts, and a first pass without positions skips the texts where no run could.

``FuzzyIndex`` looks a span up. It is compared (rapidfuzz ``fuzz.ratio``) only with the names it
could reach the threshold with, and that set is found without comparing: first by length,
then by a pigeonhole filter. ``ratio`` is ``100 * (1 - d / (len(a) + len(b)))`` with ``d`` the
insert/delete distance, so a threshold bounds ``d``. Cut a name into ``d + 1`` pieces: each
insertion or deletion damages at most one piece, so at least one piece occurs, untouched, in
any span that reaches the threshold. Every name is indexed under its pieces; a span's
candidates are the names of the pieces it contains. The result is exactly that of comparing
the span with every name of a suitable length, for a third to a tenth of the work (a
fiftieth on the samples). Below a threshold of 85 the pieces get too short to filter
anything, and every name of a suitable length is compared. Indexing the pieces takes tens of
milliseconds: the compiled pack in the cache carries its index (``Matcher.lean``); a pack
compiled in the process compares with every name for its first lookups instead.

The few candidates the pieces leave are first compared here, exactly (a bit-parallel longest
common subsequence): when none can reach the threshold, as for nearly every span, rapidfuzz
is not even imported (10 ms, as much as tagging a page); when one can, rapidfuzz scores them
as ever.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, SupportsIndex, TypeVar

from briefcli.compact import Bytes, SortedLookup, Strings, ints, raw

_PIECES_FROM = 85  # the lowest threshold at which the pigeonhole filter pays
_COMPARE_FIRST = 300  # lookups compared with every name before the pieces are indexed
# Candidates a lookup compares in Python (0.5 ms for 200) rather than import rapidfuzz (10 ms);
# once it is imported, rapidfuzz compares them all, faster.
_CHECK_AT_MOST = 256
_BISECT_FIRST = 200  # piece lookups (per width) by bisection before a dict of pieces is made

FUZZY_MIN_LENGTH = 6
# Capitalised words joined by single spaces: the only places a fuzzy span can be. The first
# letter is a plain character class, not a look-behind, so that the regular expression engine
# can skip ahead to it; ``_capitalised_runs`` checks what the class lets through.
# (A-Z or anything from U+00C0 on, written as a negated class: it compiles 30 times faster.)
_CAPITALISED_RUN = re.compile(r"[^\x00-\x40\x5b-\xbf][\w'-]*(?: [^\W\d_a-z][\w'-]*)*")
_LOWER_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz'-")
_LOWER_ASCII = frozenset("abcdefghijklmnopqrstuvwxyz")
_FUZZY_STOP = frozenset("""the this that these those there their they what when where which
while with within without would could should shall will have has had been being however
moreover therefore furthermore meanwhile minister ministry president government foreign
affairs question answer thank thanks today yesterday tomorrow january february march april
june july august september october november december monday tuesday wednesday thursday friday
saturday sunday regarding according also after before during since""".split())
# Words of a run of capitalised words: (start, end) of each, lower-cased, and unknown or not.
RunPart = tuple[tuple[tuple[int, int], ...], tuple[str, ...], tuple[bool, ...]]
# A match: start, end, rule, alias and score.
Found = tuple[int, int, int, int, int]


class FuzzyIndex:
    def __init__(self, choices: list[str], threshold: int,
                 compare_first: int = _COMPARE_FIRST) -> None:
        self.threshold = threshold
        # The names in (length, insertion) order: the order of candidates, and so of ties.
        # A name is known by its place in it; the names of a length window are a slice.
        # (Choices in that order already, as a compiled pack gives them, sort in one pass.)
        self.choices = sorted(choices, key=len)
        self._lengths = [len(choice) for choice in self.choices]
        # The pieces cost tens of milliseconds to index: a one-file run, with a few dozen
        # lookups, compares with every name of a suitable length instead.
        self._compare_first = compare_first if threshold >= _PIECES_FROM else -1
        self._indexed = False
        # Per name length: the names too short to cut into enough pieces, and the pieces of
        # the others (piece -> names) with the lengths those pieces have.
        self._always: dict[int, list[int]] = defaultdict(list)
        self._pieces: dict[int, _PieceTable] = {}  # by width
        self._piece_lengths: dict[int, set[int]] = defaultdict(set)  # name length -> widths
        self._widths: dict[int, list[int]] = {}  # span length -> the widths to look for
        self._rapidfuzz_used = False  # then comparing in Python first no longer pays

    def index_now(self) -> None:
        """Index the pieces now (when the threshold lets them filter at all)."""
        if not self._indexed and self._compare_first != -1:
            self._index_pieces()
            self._indexed = True

    def _index_pieces(self) -> None:
        pieces: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        by_length: dict[int, list[int]] = defaultdict(list)
        for k, size in enumerate(self._lengths):
            by_length[size].append(k)
        for size, names in by_length.items():
            count = self._max_distance(size) + 1
            if size < count:
                self._always[size] = names
                continue
            for k in names:
                for piece in _cut(self.choices[k], count):
                    pieces[len(piece)][piece].append(k)
                    self._piece_lengths[size].add(len(piece))
        for width, by_piece in pieces.items():
            self._pieces[width] = _PieceTable(by_piece, self._lengths)

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
                return self.choices[bisect_left(self._lengths, lengths.start):
                                    bisect_left(self._lengths, lengths.stop)]
            self.index_now()
        widths = self._widths.get(size)
        if widths is None:
            widths = self._widths[size] = sorted(set().union(
                *(self._piece_lengths.get(length, ()) for length in lengths)))
        found: set[int] = set()
        for length in lengths:
            found.update(self._always.get(length, ()))
        for width in widths:
            grams = {span[i:i + width] for i in range(size - width + 1)}
            found.update(self._pieces[width].names(grams, lengths.start, lengths.stop))
        return [self.choices[k] for k in sorted(found)]

    def best(self, span: str) -> tuple[str, int] | None:
        """The best name for ``span`` at or above the threshold, with its score."""
        candidates = self.candidates(span)
        if not candidates:
            return None
        if (not self._rapidfuzz_used and len(candidates) <= _CHECK_AT_MOST
                and isinstance(self.threshold, int)
                and not _any_reaches(span, candidates, self.threshold)):
            return None  # rapidfuzz would find none either
        self._rapidfuzz_used = True
        from rapidfuzz import fuzz, process

        found = process.extractOne(span, candidates, scorer=fuzz.ratio,
                                   score_cutoff=self.threshold)
        return (found[0], int(round(found[1]))) if found else None

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        return _fuzzy_index, (self.threshold, Strings(self.choices), self._compare_first,
                              self._indexed, dict(self._always), dict(self._piece_lengths),
                              self._pieces)


def _fuzzy_index(threshold: int, choices: Strings, compare_first: int, indexed: bool,
                 always: dict[int, list[int]], piece_lengths: dict[int, set[int]],
                 pieces: dict[int, _PieceTable]) -> FuzzyIndex:
    index = FuzzyIndex(choices.to_list(), threshold, compare_first)
    index._indexed = indexed
    index._always.update(always)
    index._piece_lengths.update(piece_lengths)
    index._pieces = pieces
    return index


class _PieceTable:
    """The pieces of one width, each with the names cut into it (by their place in the index)
    sorted by length, and those lengths: a span's length window is then a slice found by
    bisection. Stored compactly (``briefcli.compact``): the pack cache maps it from disk."""

    def __init__(self, by_piece: dict[str, list[int]], lengths: Sequence[int]) -> None:
        pieces = sorted(by_piece)  # found by bisection: a dict of them costs more to make
        self._pieces = Strings(pieces)
        starts, names, name_lengths = array("i", [0]), array("i"), array("i")
        for cut_from in map(by_piece.__getitem__, pieces):
            ordered = sorted(cut_from, key=lengths.__getitem__)
            names.extend(ordered)
            name_lengths.extend(lengths[k] for k in ordered)
            starts.append(len(names))
        self._starts: Sequence[int] = starts
        self._names: Sequence[int] = names
        self._lengths: Sequence[int] = name_lengths
        self._lookup = SortedLookup(self._pieces, _BISECT_FIRST)

    def names(self, grams: set[str], low: int, high: int) -> list[int]:
        """The names cut into one of ``grams`` whose length is at least ``low``, below
        ``high``. The pieces are found by bisection for the first lookups, then (an archive)
        by a dict (see ``SortedLookup``)."""
        starts, lengths = self._starts, self._lengths
        found: list[int] = []
        for slot in self._lookup.slots(grams):
            first, last = starts[slot], starts[slot + 1]
            found += self._names[bisect_left(lengths, low, first, last):
                                 bisect_left(lengths, high, first, last)]
        return found

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        return _piece_table, (self._pieces, *(raw(array("i", column), protocol) for column in (
            self._starts, self._names, self._lengths)))


def _piece_table(pieces: Strings, starts: Bytes, names: Bytes, lengths: Bytes) -> _PieceTable:
    table = _PieceTable.__new__(_PieceTable)
    table._pieces, table._lookup = pieces, SortedLookup(pieces, _BISECT_FIRST)
    table._starts, table._names = ints(starts, "i"), ints(names, "i")
    table._lengths = ints(lengths, "i")
    return table


def _any_reaches(span: str, names: list[str], threshold: int) -> bool:
    """Whether any of ``names`` has a ``fuzz.ratio`` with ``span`` of at least ``threshold``,
    computed exactly: ``ratio`` is ``200 * lcs / (len(a) + len(b))``, with ``lcs`` the length
    of the longest common subsequence (Hyyrö's bit-parallel algorithm, a few integer
    operations per character). A ratio below the threshold is below it by at least
    ``1 / (len(a) + len(b))``, far more than rapidfuzz's rounding: where this finds none,
    rapidfuzz finds none (tested against it)."""
    masks: dict[str, int] = {}
    for i, char in enumerate(span):
        masks[char] = masks.get(char, 0) | 1 << i
    size = len(span)
    every = (1 << size) - 1
    get = masks.get
    for name in names:
        row = every
        for char in name:
            matched = row & get(char, 0)
            if matched:  # else the row stays as it is
                row = (row + matched) | (row - matched)
        lcs = size - (row & every).bit_count()
        if 200 * lcs >= threshold * (size + len(name)):
            return True
    return False


class FuzzyNames:
    """Approximate matches of misspelt names on the capitalised spans of a text. Built once
    per compiled pack from ``names`` (lower-case name phrases, best in (length, insertion)
    order), ``targets`` (the (rule, alias) each stands for, two numbers per name, in the same
    order) and the pack's ``vocabulary`` (words that are no misspelling); it learns as it goes:
    what it finds out about a span or a run is memoised for every later text."""

    def __init__(self, names: list[str], targets: Sequence[int], vocabulary: frozenset[str],
                 threshold: int, index: FuzzyIndex | None = None) -> None:
        self.names = names
        self.targets = targets
        self.choices = dict(zip(names, range(len(names)), strict=True))  # name -> its place
        self.vocabulary = vocabulary
        self.threshold = threshold
        self._index = index  # else built on the first lookup
        self._memo: dict[str, tuple[str, int] | None] = {}
        self._run_memo: dict[str, tuple[RunPart, ...]] = {}
        self._name_memo: dict[str, bool] = {}

    def prepare(self) -> None:
        """Index the names now rather than after the first lookups (see ``FuzzyIndex``)."""
        if self._index is None:
            self._index = FuzzyIndex(self.names, self.threshold)
        self._index.index_now()

    def find(self, text: str, taken: Iterable[tuple[int, int]]) -> list[Found]:
        """The matches in ``text`` (normalised, cased) outside the ``taken`` spans, in order
        of offset: almost every run ("United Nations", "Mr") is settled by one lookup."""
        if not any(map(self._may_hold_a_name, _CAPITALISED_RUN.findall(text))):
            return []
        ordinary: dict[str, bool] = {}
        covered: list[tuple[int, int]] | None = None
        starts: list[int] = []
        found: list[Found] = []
        for start, group in _capitalised_runs(text):
            for words, lowered, unknown in self._parts_of(group):
                if covered is None:
                    covered = sorted(taken)
                    starts = [c[0] for c in covered]
                found.extend(self._matches_in_run(
                    text, [(start + a, start + b) for a, b in words], lowered, unknown,
                    ordinary, covered, starts))
        return found

    def _may_hold_a_name(self, found: str) -> bool:
        """Whether a string the run expression found could hold a fuzzy match, as a run or,
        where it began inside a word ("iPhone Bar": not a run), in a run that starts after
        one of its apostrophes, hyphens or spaces (the runs ``_capitalised_runs`` finds)."""
        verdict = self._name_memo.get(found)
        if verdict is None:
            verdict = _remember(self._name_memo, found, any(
                self._parts_of(found[i:]) for i, ch in enumerate(found)
                if ch.isupper() and (i == 0 or found[i - 1] in " '-")))
        return verdict

    def _parts_of(self, run: str) -> tuple[RunPart, ...]:
        parts = self._run_memo.get(run)
        if parts is None:
            parts = _remember(self._run_memo, run, self._candidate_parts(run))
        return parts

    def _candidate_parts(self, run: str) -> tuple[RunPart, ...]:
        """The parts of a run (offsets relative to it) where some span could match a name:
        empty for nearly all runs."""
        vocabulary = self.vocabulary
        parts: list[RunPart] = []
        for words in _runs_of_words(run, 0):
            lowered = [run[a:b].lower() for a, b in words]
            unknown = [not (w in vocabulary or w in _FUZZY_STOP) for w in lowered]
            spans = (run[words[i][0]:words[i + width - 1][1]].lower()
                     for i in range(len(words)) for width in (1, 2, 3)
                     if i + width <= len(words) and any(unknown[i:i + width]))
            if any(len(span) >= FUZZY_MIN_LENGTH and self._lookup(span)
                   for span in spans):
                parts.append((tuple(words), tuple(lowered), tuple(unknown)))
        return tuple(parts)

    def _matches_in_run(self, text: str, words: list[tuple[int, int]],
                        lowered: tuple[str, ...], unknown: tuple[bool, ...],
                        ordinary: dict[str, bool], covered: list[tuple[int, int]],
                        starts: list[int]) -> list[Found]:
        """Left to right, the widest span (three words, two, one) with an unknown word that
        matches a name wins; the next span starts after it.

        Whether a word is written in lower case elsewhere costs a scan of the text, so it is
        asked last, only of spans that would match (lookups are memoised across texts)."""
        found: list[Found] = []
        i = 0
        while i < len(words):
            best: tuple[int, int, str, int] | None = None
            for width in (3, 2, 1):
                if i + width > len(words) or not any(unknown[i:i + width]):
                    continue
                start, end = words[i][0], words[i + width - 1][1]
                span = text[start:end].lower()
                if len(span) < FUZZY_MIN_LENGTH or _overlaps(covered, starts, start, end):
                    continue
                result = self._lookup(span)
                if result and any(unknown[j] and not _ordinary(text, lowered[j], ordinary)
                                  for j in range(i, i + width)):
                    best = (start, end, result[0], result[1])
                    break
            if best:
                at = 2 * self.choices[best[2]]
                r_index, a_index = self.targets[at], self.targets[at + 1]
                found.append((best[0], best[1], r_index, a_index, best[3]))
                while i < len(words) and words[i][0] < best[1]:
                    i += 1
            else:
                i += 1
        return found

    def _lookup(self, span: str) -> tuple[str, int] | None:
        if span in self._memo:
            return self._memo[span]
        result: tuple[str, int] | None = None
        if span not in self.choices:  # an exact phrase that failed its checks stays out
            if self._index is None:
                self._index = FuzzyIndex(self.names, self.threshold)
            result = self._index.best(span)
        return _remember(self._memo, span, result)


_MEMO_LIMIT = 200_000  # entries per memo: an endless stream of new spans stays bounded
_T = TypeVar("_T")


def _remember(memo: dict[str, _T], key: str, value: _T) -> _T:
    if len(memo) >= _MEMO_LIMIT:
        memo.clear()
    memo[key] = value
    return value


def _ordinary(text: str, word: str, known: dict[str, bool]) -> bool:
    """``_written_lower`` for a text, each word asked once."""
    if word not in known:
        known[word] = _written_lower(text, word)
    return known[word]


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


def _capitalised_runs(text: str) -> list[tuple[int, str]]:
    """Each run of words joined by single spaces whose first word starts with a capital letter
    at the start of a word, with its offset."""
    runs: list[tuple[int, str]] = []
    pos = 0
    while True:
        for m in _CAPITALISED_RUN.finditer(text, pos):
            start = m.start()
            before = text[start - 1] if start else " "
            if before.isalnum() or before == "_" or not text[start].isupper():
                pos = start + 1  # inside a word ("McCain") or not a capital: look again
                break
            runs.append((start, m.group()))
        else:
            return runs


def _runs_of_words(run: str, offset: int) -> list[list[tuple[int, int]]]:
    """The (start, end) of each word of a run, split where a word does not start with a
    capital letter (the regular expression lets lower-case non-ASCII letters through)."""
    runs: list[list[tuple[int, int]]] = [[]]
    pos = offset
    for part in run.split(" "):
        if part[0].isupper():
            runs[-1].append((pos, pos + len(part)))
        elif runs[-1]:
            runs.append([])
        pos += len(part) + 1
    return [words for words in runs if words]


def _written_lower(text: str, word: str) -> bool:
    """Whether ``word`` (lower case) occurs in ``text`` as a whole word in ASCII lower case,
    as in the ordinary prose of a sentence: then a capitalised "Development" is not a name.
    A word of other characters never counts as ordinary, so neither does one here."""
    if word[0] not in _LOWER_ASCII or not _LOWER_WORD_CHARS.issuperset(word):
        return False
    size = len(word)
    pos = text.find(word)
    while pos >= 0:
        before = text[pos - 1] if pos else " "
        after = text[pos + size] if pos + size < len(text) else " "
        if (not (before.isalnum() or before in "_'-")
                and after not in _LOWER_WORD_CHARS):
            return True
        pos = text.find(word, pos + 1)
    return False


def _overlaps(covered: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    i = bisect_right(starts, start)
    if i > 0 and covered[i - 1][1] > start:
        return True
    return i < len(covered) and covered[i][0] < end
