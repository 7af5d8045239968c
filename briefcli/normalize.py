"""Normalisation for matching only: the reported offsets always index the original text.

Curly quotes and apostrophes become straight ones, every dash a hyphen-minus, every kind of
white space a single space. Each of these maps one character to one character, so offsets are
unchanged; runs of white space are then collapsed to one space, and a small shift table maps
positions in the collapsed text back to the original.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_CHAR_MAP = {
    **dict.fromkeys(map(ord, "‘’‚‛′`´ʼ"), "'"),
    **dict.fromkeys(map(ord, "“”„‟″«»"), '"'),
    **dict.fromkeys(map(ord, "‐‑‒–—―−⁃"), "-"),
    **dict.fromkeys(map(ord, "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002"
                             "\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029"
                             "\u202f\u205f\u3000"), " "),
}
_TABLE = str.maketrans(_CHAR_MAP)
# str.translate with a dict is slow on long texts; a few C-speed replaces are much faster.
_REPLACEMENTS = tuple((chr(code), str(value)) for code, value in _CHAR_MAP.items())


def _map_chars(text: str) -> str:
    for char, replacement in _REPLACEMENTS:
        if char in text:
            text = text.replace(char, replacement)
    return text


# Two or more spaces, written with two literal spaces first: ``re`` then looks for that prefix
# at C speed, where " {2,}" tries every position (4 to 7 times slower on the corpus).
_SPACE_RUN = re.compile("   *")


@dataclass(frozen=True, slots=True)
class Normalized:
    """``cased`` and ``lower`` have equal length; ``to_original`` maps their offsets back."""

    cased: str
    lower: str
    run_starts: tuple[int, ...] = ()
    run_shifts: tuple[int, ...] = ()
    original_starts: tuple[int, ...] = ()  # where each ``run_starts`` entry is in the original

    def to_original(self, pos: int) -> int:
        if not self.run_starts:
            return pos
        i = bisect_right(self.run_starts, pos) - 1
        return pos + self.run_shifts[i] if i >= 0 else pos

    def end_to_original(self, end: int) -> int:
        return self.to_original(end - 1) + 1 if end > 0 else 0

    def from_original(self, pos: int) -> int:
        """The first offset here whose original offset is ``pos`` or after it (the inverse
        of ``to_original``, rounding up inside a collapsed run of white space)."""
        if not self.run_starts:
            return pos
        i = bisect_right(self.original_starts, pos) - 1
        here = pos - self.run_shifts[i] if i >= 0 else pos
        return min(here, self.run_starts[i + 1]) if i + 1 < len(self.run_starts) else here


def lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


_SURROGATES = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (only the Python API or a JSON "\\ud800" escape can
    pass one in; it stands for no letter and cannot be matched) as U+FFFD: the same length,
    so offsets still hold."""
    return _SURROGATES.sub("\ufffd", text)


def normalize(text: str) -> Normalized:
    mapped = _map_chars(text)
    if "  " not in mapped:
        return Normalized(mapped, lower_same_length(mapped))
    pieces: list[str] = []
    starts: list[int] = []
    shifts: list[int] = []
    original: list[int] = []
    pos = removed = 0
    for m in _SPACE_RUN.finditer(mapped):
        pieces.append(mapped[pos:m.start() + 1])
        removed += m.end() - m.start() - 1
        # From the first character after the run on, collapsed offsets lag by ``removed``.
        starts.append(m.end() - removed)
        shifts.append(removed)
        original.append(m.end())
        pos = m.end()
    pieces.append(mapped[pos:])
    collapsed = "".join(pieces)
    return Normalized(collapsed, lower_same_length(collapsed), tuple(starts), tuple(shifts),
                      tuple(original))


def normalize_phrase(phrase: str) -> str:
    return " ".join(phrase.translate(_TABLE).split())
