"""Sentence, turn and quotation segmentation with character offsets.

Built for what briefings contain: abbreviations (Mr., Dr., U.S., No., i.e.), initials
("V. Putin"), numbered lists, headings without a full stop, hard-wrapped lines (a line that
continues in lower case is joined), quotations that span sentences and paragraphs, and Q&A
transcripts whose lines start with a speaker label ("Question:", "MR PRICE:", "Mao Ning:").
Offsets index the original text; nothing is rewritten.

The rules: a candidate sentence end is a run of end marks (``. ! ? …``) followed by
whitespace, or a line break. Each candidate is decided on its own (``_mark_ends_sentence``,
``_break_ends_sentence``); the text is cut at the sentence ends and every stretch between two
cuts, trimmed of whitespace, is a sentence.

How it stays fast (about ten times faster than checking every candidate in Python):

* Scanning is left to C, in the one form ``re`` does quickly: a pattern that starts with one
  literal character. So each kind of candidate has its own scan: full stops; line feeds (any
  line break when the text holds a \\r); ``?``, ``!`` and ``…`` only when the text holds
  them (``in`` is faster still). Colons and quotation marks are found with ``str.find``.
* The common case is decided inside those patterns, with lookarounds: a full stop after a
  plain lower-case word, then a capital, ends a sentence; a line feed before a capital does
  too; a full stop before a lower-case word does not (the pattern fails, so Python never sees
  the stop). Only the other candidates (abbreviations, initials, list numbers, the end of
  the text, ...) go through the careful checks in Python, which are the rules as they always
  were.
* Sentences come from *gaps*: the whitespace around each cut, from the end of the text before
  it (trimmed) to the start of the text after it. The patterns of the common case match the
  gap itself, so a sentence costs one step of a loop over the sorted gaps, not a trim.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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

_LIST_MARKER = re.compile(r"^\s*(?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,6})[.)]?$")
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?\.?$")
# A label opens with any letter ("Öncü Keçeli:"); that every word of it is capitalised is
# ``_is_label``'s test.
_TURN_LABEL = re.compile(
    r"[ \t]*(?P<label>[^\W\d_][^\n:.!?]{0,58}?(?:\.[ ][A-Z][^\n:.!?]{0,40})?)[ \t]*:[ \t]+(?=\S)")
_LABEL_CONNECTORS = frozenset({"of", "the", "from", "de", "al", "bin", "van", "von", "del",
                               "da", "la", "le", "for", "to", "and", "at"})
_VISIBLE = re.compile(r"\S")

# --- Candidate patterns -------------------------------------------------------------------
#
# A run of end marks is a candidate when closing quotes or brackets and then whitespace (or
# the end of the text) follow it. (The run is always taken whole: a shorter one would be
# followed by a mark or a closer, never by whitespace.) A scan for one mark must skip that
# mark inside a longer run.
_REST_OF_RUN = r"[.!?…]*[\"'”’»)\]]*(?=\s|$)"
_RUN_STARTS_AT = r"(?<![.!?…]{mark})"

# Characters that certainly start a sentence: _may_start_sentence() accepts each of them and
# none is lower case (so a line break before one is no hard wrap): visible ASCII but a-z, and
# the opening quotes and dashes.
_STARTS = r"[\x21-\x60\x7b-\x7e“‘«—–•]"
# After a candidate of one mark: what _next_visible() finds is a start (within its reach), or
# nothing but whitespace is left. Then the mark ends a sentence, but for an abbreviation.
_THEN_A_START = r"(?=\s{1,199}" + _STARTS + r"|\s*\Z)"
# The gap that follows: all of that whitespace.
_GAP = r"(?P<gap>\s*)"


def _any_of(words: set[str]) -> str:
    """An alternation of ``words`` grouped by first character, so that the engine rejects
    most positions after one comparison per group instead of one per word."""
    groups: dict[str, list[str]] = {}
    for word in sorted(words):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(re.escape(first) + "(?:" + "|".join(rests) + ")"
                    for first, rests in groups.items())


def _plain_word(k: int) -> str:
    """Lookbehinds for a full stop that ends ``k`` (or more) lower-case letters: then the
    token is not dotted ("U.S."); if no abbreviation ends with those letters it is none of
    them; and it is no roman list number ("iv." alone on its line) when one of the letters is
    not a roman digit, or the character before them is neither a roman digit nor a space."""
    endings = _any_of({a[-k:] for a in ABBREVIATIONS if len(a) >= k})
    return (rf"(?<=[a-z]{{{k}}}\.)(?<!(?:{endings})\.)"
            rf"(?:(?<![ivxlc]{{{k}}}\.)|(?<=[^\sivxlcIVXLC][a-z]{{{k}}}\.))")


def _long_word() -> str:
    """A lookbehind for a full stop that ends a lower-case word longer than any abbreviation
    and any roman list number (at most six letters): then it is none of them, nor dotted."""
    k = max(6, *map(len, ABBREVIATIONS)) + 1
    return rf"(?<=[a-z]{{{k}}}\.)"


_FULL_STOP = re.compile(
    r"\."
    # Left to the line-break scan, which finds the same gap: a stop right before a line break
    # that certainly ends a sentence (see _AFTER_BREAK: whatever the break, \r\n, \r or \n,
    # at most 199 spaces are left between it and the start).
    + r"(?![\r\n]\s{0,198}" + _STARTS + ")"
    + r"(?:"
    # Decided here, a sentence end: a start follows, and the stop ends a plain word; or it
    # follows a space, a bracket, a quotation mark or "%" (no abbreviation, initial or list
    # number ends with one); or a number too long to be a list number ("2030.", "COVID-19.").
    + _THEN_A_START
    + r"(?:" + _long_word() + "|" + _plain_word(3) + "|" + _plain_word(2)
    + r"|(?<=[\s()\[\]\"'“”‘’«»%]\.)|(?<=\S{3}[0-9]\.))"
    + _GAP
    # Decided here, no sentence end (the pattern fails): a lower-case word follows, or the
    # token is "Mr.", "Ms." or "Dr.".
    + r"|(?!\s{1,199}[a-z])(?<!(?<!\S)M[rs]\.)(?<!(?<!\S)Dr\.)"
    # Any other candidate that starts with a full stop: left to Python.
    + _RUN_STARTS_AT.format(mark=r"\.") + _REST_OF_RUN
    + r")")

# Candidates that start with a rarer mark; a single one before a start ends a sentence
# (abbreviations end with full stops only).
# (Their sources: each is compiled when a text first holds its mark, and kept by ``re``'s own
# cache; compiling all three costs a one-file run two milliseconds.)
_OTHER_MARKS = tuple(
    (mark, re.escape(mark) + _RUN_STARTS_AT.format(mark=re.escape(mark))
     + "(?:" + _THEN_A_START + _GAP + "|" + _REST_OF_RUN + ")")
    for mark in "?!…")

# Line breaks. Decided here, a sentence end: a start follows, maybe after blank lines; or a
# blank line does and more than whitespace is left. The match then takes the whitespace after
# the break (the breaks in it have the same gap), and when the line does not end in whitespace
# the match is the gap. Decided here, no sentence end (the pattern fails): lower case
# continues the line (a hard wrap), or only whitespace is left.
_AFTER_BREAK = (
    r"(?:"
    + r"(?:(?=\s{0,199}" + _STARTS + r")|(?=[^\S\r\n]{0,198}[\r\n])(?!\s{0,200}\Z))"
    + r"(?:(?:(?<=\S[\r\n])|(?<=\S\r\n))\s*(?P<gap>)|\s*(?P<end>))"
    + r"|(?![^\S\r\n]{0,199}[a-z]|\s{0,200}\Z)"
    + r")")
# In a text without \r only line feeds are scanned for. With one, a \r\n is one break (the
# pattern must neither take its \r alone nor its \n alone when the rest fails).
_LINE_FEED = re.compile(r"\n" + _AFTER_BREAK)
_LINE_BREAK = r"(?:\r\n|\r(?!\n)|\n(?<!\r\n))" + _AFTER_BREAK  # compiled when needed


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
    """A text's sentences, turn labels and quotations."""

    sentences: tuple[tuple[int, int], ...]
    labels: tuple[TurnLabel, ...]
    quotes: tuple[tuple[int, int], ...]


_HEADING_ENDS = (".", "?", "!", ":", ";", '"', "”")


def heading_line(text: str, pos: int) -> str | None:
    """The line holding ``pos`` when it is a heading or byline: short, without a closing
    mark ("Office of the Spokesperson", "Historic Peace Summit in Washington"); else None."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start:end if end >= 0 else len(text)].strip()
    if len(line) < 160 and not line.endswith(_HEADING_ENDS) and line.count(" ") < 16:
        return line
    return None


def segment(text: str) -> Segmentation:
    has_cr = "\r" in text
    return Segmentation(_sentences(text, has_cr), tuple(_turn_labels(text, has_cr)),
                        tuple(_quotes(text)))


def _sentences(text: str, has_cr: bool) -> tuple[tuple[int, int], ...]:
    """The stretches between consecutive gaps.

    A gap is the whitespace around a cut: ``(end, start)``, where ``end`` follows the last
    visible character before the cut and ``start`` is the first one at or after it. Trimming
    the stretch between two cuts gives exactly (start of the first gap, end of the second),
    and when that is empty (the stretch is all whitespace) start >= end. Gaps only grow with
    the cut, so sorting them sorts both their ends and their starts, and several cuts in one
    gap just repeat it. The start and the end of the text count as cuts."""
    gaps = _gaps(text, has_cr)
    gaps.sort()
    gaps.append((len(text.rstrip()), len(text)))
    sentences: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    for end, next_start in gaps:
        if start < end:
            sentences.append((start, end))
        start = next_start
    return tuple(sentences)


def _gaps(text: str, has_cr: bool) -> list[tuple[int, int]]:
    """The gaps around the cuts: after a sentence-ending run of marks, at a line break."""
    gaps: list[tuple[int, int]] = []
    cuts: list[int] = []  # sentence ends whose gap is left to _gaps_at()
    for m in _FULL_STOP.finditer(text):
        if m.lastindex:  # decided, and the "gap" group holds the gap
            gaps.append(m.span(1))
        elif _mark_ends_sentence(text, m.start(), m.end()):
            cuts.append(m.end())
    for mark, pattern in _OTHER_MARKS:
        if mark in text:
            for m in re.finditer(pattern, text):
                if m.lastindex:
                    gaps.append(m.span(1))
                elif _mark_ends_sentence(text, m.start(), m.end()):
                    cuts.append(m.end())
    for m in (re.compile(_LINE_BREAK) if has_cr else _LINE_FEED).finditer(text):
        if m.lastindex == 1:  # decided ("gap"), and the match is the gap
            gaps.append(m.span())
        elif m.lastindex:  # decided ("end"), but the line ends in whitespace: walk back
            end = m.start()
            while end and text[end - 1].isspace():
                end -= 1
            gaps.append((end, m.end()))
        elif _break_ends_sentence(text, m.end()):
            cuts.append(m.start())
    cuts.sort()
    gaps += _gaps_at(text, cuts)
    return gaps


def _gaps_at(text: str, cuts: list[int]) -> Iterator[tuple[int, int]]:
    """The gaps around ``cuts`` (sorted). A cut inside the previous gap adds nothing, so no
    whitespace is walked twice."""
    n = len(text)
    floor = 0  # the previous gap's start: visible, so the walk back stops before it
    start = -1
    for cut in cuts:
        if cut <= start:
            continue
        end = cut
        while end > floor and text[end - 1].isspace():
            end -= 1
        visible = _VISIBLE.search(text, cut)
        start = visible.start() if visible else n
        yield end, start
        floor = start


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


def _mark_ends_sentence(text: str, start: int, end: int) -> bool:
    """Whether the run of marks (with its closers) at ``start:end`` ends a sentence."""
    after = _next_visible(text, end)
    if after < len(text) and not _may_start_sentence(text[after]):
        return False
    if text[start] != ".":
        return True
    token_start = start
    while token_start > 0 and not text[token_start - 1].isspace():
        token_start -= 1
    return not _is_abbreviation(text, text[token_start:start + 1], token_start, after)


def _break_ends_sentence(text: str, end: int) -> bool:
    """Whether the line break ending at ``end`` ends a sentence: not when only whitespace is
    left, nor when the next line continues in lower case (a hard wrap) with no blank line in
    between. (A turn label cannot make such a line a new sentence: a label line starts with
    spaces or tabs and a capital letter.)"""
    after = _next_visible(text, end)
    if after >= len(text):
        return False
    return "\n" in text[end:after] or "\r" in text[end:after] or not text[after].islower()


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


def _turn_labels(text: str, has_cr: bool) -> list[TurnLabel]:
    """Lines that start with a speaker label.

    A label ends at the first colon after its line start, holds no line feed, and is followed
    by a space or a tab. So only the line starts just before such a colon can hold one: after
    the last line feed or colon before it (or at the start of the text), and after any bare
    \\r between that and the colon. (``str.find`` is the fastest way to the colons.)"""
    found: list[TurnLabel] = []
    previous = -1  # the previous colon
    colon = text.find(":")
    while colon >= 0:
        if text.startswith((" ", "\t"), colon + 1):
            lf = text.rfind("\n", previous + 1, colon)
            first = lf + 1 if lf >= 0 else previous + 1
            starts = [first] if lf >= 0 or previous < 0 else []  # else `first` follows a colon
            if has_cr:
                cr = text.find("\r", first, colon)
                while cr >= 0:
                    if text[cr + 1] != "\n":
                        starts.append(cr + 1)
                    cr = text.find("\r", cr + 1, colon)
            for start in starts:
                m = _TURN_LABEL.match(text, start)
                if m and _is_label(m.group("label")):
                    found.append(TurnLabel(start, m.start("label"), m.end("label"), m.end(),
                                           m.group("label").strip()))
        previous = colon
        colon = text.find(":", colon + 1)
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
_QUOTE_MARKS = '"“”«»„'


def _quotes(text: str) -> list[tuple[int, int]]:
    """Spans of quoted speech, opening to closing mark, even across sentences and paragraphs."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    # Each mark is looked for on its own (a scan for one character is many times faster
    # than one for a set of them); most texts hold none of some of them.
    marks = sorted(i for mark in _QUOTE_MARKS if mark in text for i in _occurrences(text, mark))
    for i in marks:
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


def _occurrences(text: str, ch: str) -> Iterator[int]:
    i = text.find(ch)
    while i >= 0:
        yield i
        i = text.find(ch, i + 1)
