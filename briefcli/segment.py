"""Sentence, turn and quotation segmentation with character offsets.

Built for what briefings contain: abbreviations (Mr., Dr., U.S., No., i.e.), initials
("V. Putin"), numbered lists, headings without a full stop, hard-wrapped lines (a line that
continues in lower case is joined), quotations that span sentences and paragraphs, and Q&A
transcripts whose lines start with a speaker label ("Question:", "MR PRICE:", "Mao Ning:").
Offsets index the original text; nothing is rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset("""
mr mrs ms dr st no nos vs etc e.g i.e cf al gen col lt sen rep gov prof amb art para p pp
approx inc ltd co corp jr sr jan feb mar apr jun jul aug sep sept oct nov dec mt ft fig vol
ed eds dept est govt min maj capt cmdr adm hon rev messrs mme mlle h.e s.e op ch sec
""".split())

# Words that start a new sentence after a dotted acronym ("... by the U.S. The Minister ...").
_SENTENCE_STARTERS = frozenset("""
The We It This That These Those In He She They I At On As However But And Our Their There
Today Yesterday Meanwhile Moreover Furthermore Therefore Thus Also Such A An
""".split())

_CANDIDATE = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)|\r\n|\r|\n")
_LIST_MARKER = re.compile(r"^\s*(?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,6})[.)]?$")
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?\.?$")
_TURN_LABEL = re.compile(
    r"[ \t]*(?P<label>[A-Z][^\n:.!?]{0,58}?(?:\.[ ][A-Z][^\n:.!?]{0,40})?)[ \t]*:[ \t]+(?=\S)")
_LABEL_CONNECTORS = frozenset({"of", "the", "from", "de", "al", "bin", "van", "von", "del",
                               "da", "la", "le", "for", "to", "and", "at"})


@dataclass(frozen=True, slots=True)
class TurnLabel:
    """A line that starts with ``Label:``: a candidate speaker turn."""

    line_start: int
    label_start: int
    label_end: int
    content_start: int
    label: str


@dataclass(frozen=True, slots=True)
class Segmentation:
    sentences: tuple[tuple[int, int], ...]
    labels: tuple[TurnLabel, ...]
    quotes: tuple[tuple[int, int], ...]


def segment(text: str) -> Segmentation:
    labels = _turn_labels(text)
    label_lines = {lab.line_start for lab in labels}
    boundaries = _boundaries(text, label_lines)
    sentences: list[tuple[int, int]] = []
    start = 0
    for cut in boundaries + [len(text)]:
        s, e = _trim(text, start, cut)
        if e > s:
            sentences.append((s, e))
        start = cut
    return Segmentation(tuple(sentences), tuple(labels), tuple(_quotes(text)))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _line_start(text: str, pos: int, reach: int = 120) -> int:
    """Where the line holding ``pos`` starts, looking back at most ``reach`` characters (a
    file that is one long line must not make every lookup scan back to its beginning); -1
    when the line starts further back than that."""
    floor = max(0, pos - reach)
    found = max(text.rfind("\n", floor, pos), text.rfind("\r", floor, pos))
    if found >= 0:
        return found + 1
    return 0 if floor == 0 else -1


def _next_visible(text: str, pos: int, limit: int = 200) -> int:
    end = min(len(text), pos + limit)
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _boundaries(text: str, label_lines: set[int]) -> list[int]:
    cuts: list[int] = []
    n = len(text)
    for m in _CANDIDATE.finditer(text):
        first = text[m.start()]
        if first in "\r\n":
            after = _next_visible(text, m.end())
            if after >= n:
                continue
            blank_line = "\n" in text[m.end():after] or "\r" in text[m.end():after]
            if (not blank_line and text[after].islower() and after not in label_lines
                    and _line_start(text, after) not in label_lines):
                continue  # a hard-wrapped line that continues the sentence
            cuts.append(m.start())
            continue
        end = m.end()
        after = _next_visible(text, end)
        if after < n and not _may_start_sentence(text[after]):
            continue
        token_start = end - len(m.group())
        while token_start > 0 and not text[token_start - 1].isspace():
            token_start -= 1
        token = text[token_start:m.start() + 1]
        if m.group()[0] == "." and _is_abbreviation(text, token, token_start, after):
            continue
        cuts.append(end)
    return cuts


def _may_start_sentence(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or ch in "\"'“‘«([—–-•*" or not ch.isalpha()


def _is_abbreviation(text: str, token: str, token_start: int, after: int) -> bool:
    bare = token.lstrip("\"'“‘«([").rstrip(".").lower()
    if bare in ABBREVIATIONS:
        return True
    stripped = token.lstrip("\"'“‘«([")
    if _DOTTED.match(stripped):
        if len(stripped) <= 2:
            return True  # an initial: "V. Putin"
        next_word = text[after:after + 20].split(" ", 1)[0] if after < len(text) else ""
        return next_word not in _SENTENCE_STARTERS
    line_start = _line_start(text, token_start)
    return line_start >= 0 and bool(_LIST_MARKER.match(text[line_start:token_start + len(token)]))


def _turn_labels(text: str) -> list[TurnLabel]:
    found: list[TurnLabel] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = _TURN_LABEL.match(text, pos)
        if m and _is_label(m.group("label")):
            found.append(TurnLabel(pos, m.start("label"), m.end("label"), m.end(),
                                   m.group("label").strip()))
        nl = text.find("\n", pos)
        cr = text.find("\r", pos)
        nxt = min(x for x in (nl, cr, n) if x >= 0) if (nl >= 0 or cr >= 0) else n
        pos = nxt + 1
        if pos < n and text[pos - 1] == "\r" and text[pos] == "\n":
            pos += 1
    return found


def _is_label(label: str) -> bool:
    words = label.replace("(", " ").replace(")", " ").split()
    if not 1 <= len(words) <= 7:
        return False
    connectors = sum(1 for w in words if w in _LABEL_CONNECTORS)
    capitalised = sum(1 for w in words if w[:1].isupper())
    return capitalised + connectors == len(words) and connectors <= 2


_OPENERS = "“«„"
_CLOSERS = "”»"


_QUOTE_MARK = re.compile('["“”«»„]')


def _quotes(text: str) -> list[tuple[int, int]]:
    """Spans of quoted speech, opening to closing mark, even across sentences and paragraphs."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _QUOTE_MARK.finditer(text):
        i = m.start()
        ch = text[i]
        if ch == '"':
            before = text[i - 1] if i else " "
            opening = before.isspace() or before in "([—–-:"
        else:
            opening = ch in _OPENERS
        if opening:
            if open_at is None:
                open_at = i
        elif open_at is not None:
            spans.append((open_at, i + 1))
            open_at = None
    return spans
