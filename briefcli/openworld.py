"""The open world: people, bodies and mechanisms that no rule lists, found anyway (issue 13).

A closed pack never keeps up with the deputy ministers, envoys, committees and processes of
each week's briefings. Named-entity recognisers find such names but cannot say who they are;
the pack says who they are but only for what it lists. This module does the middle: after the
pack's names are resolved, it reads the text's runs of capitalised words that no rule
covered, and keeps a run only when English grammar says what it is:

- a **person**: a title or form of address before a name ("Deputy Secretary Wendy Sherman",
  "Ambassador Carstens", "Mr. Kassem"), a name before a reporting verb ("Griner said"), or a
  name of two or three capitalised words none of which the text writes in lower case;
- a **body**: a run whose head noun names one ("the National Assembly of El Salvador", "the
  Bureau of Counterterrorism"), with the state a listed name inside it gives;
- a **mechanism**: a run whose head noun names one ("the Istanbul Process", "the Minsk
  process", "the China-Vietnam Steering Committee"), and numbered instruments, one for each
  number ("resolutions 822 (1993) and 853 (1993)", "Article 51 of the Charter").

Every candidate is marked ``unlisted`` and gets an id derived from its name alone (the same in
every document and run, and the id ``briefcli rules suggest`` drafts for it, so that adding
the drafted rule keeps ids stable). A name that is a listed person's surname after a title
joins that listed person; later short mentions ("Sherman said") join the full name; speakers
named only in turn labels ("MR PRICE:") become actors with those mentions.

Cost: one compiled pattern finds runs of two or more capitalised words (single words are never
read, except as later mentions of a name already found); numbered instruments are sought only
when the text holds "esolution" or "Charter".
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from briefcli import openworld_words as w
from briefcli.segment import heading_line

if TYPE_CHECKING:
    from briefcli.matcher import Hit, Matcher
    from briefcli.model import Turn
    from briefcli.normalize import Normalized
    from briefcli.ruletypes import Rule

Resolved = tuple[int, int, "Hit", int]

_CAP = "A-ZÀ-ÖØ-Þ"
# A word may join an abbreviation by a dash, either side ("U.S.-Japan", "Japan-U.S."): a
# bilateral prefix is one word of the name. A dash may end a word: a transcript's line break
# ("Counter- Terrorism Strategy").
# An Arabic article joined to a name by a dash is part of it ("Bashar al-Assad", "Abu
# Ibrahim al-Hashimi al-Qurayshi"), never its first word.
_PARTICLE = r"(?:al|el|ad|ash|as|an|ar)-"
_WORD = (rf"{_PARTICLE}[{_CAP}][\w'’]*|"
         rf"(?:Mr|Ms|Mrs|Dr|Prof|Amb|Sen|Gen|St)\.|(?:[{_CAP}]\.)+(?:[\-–][{_CAP}][\w'’\-–]*)?|"
         rf"[{_CAP}][\w'’]*(?:[\-–](?:(?:[{_CAP}]\.)+|[\w'’]+))*[\-–]?")
# "in" joins only after an embassy, a consulate or a mission ("the U.S. Embassy in Brazil"):
# elsewhere it opens a place after a name ("Russia in Ukraine"). A gerund takes its object with
# "the" ("Memorandum on Advancing the Human Rights of ...").
_JOIN = (r"(?:(?:(?<=Embassy)|(?<=Consulate)|(?<=Consulate General)|(?<=Mission))[ \t]+in[ \t]+|"
         r"(?<=[a-z]ing)[ \t]+the[ \t]+|"
         r"[ \t]+(?:(?:of|of the|for|for the|and|and the|on|on the|to|to the|de|del|la|al|"
         r"da|von|van|bin|ibn)[ \t]+)?)")
# An abbreviation in brackets may stand inside a name ("the Association of Southeast Asian
# Nations (ASEAN) Regional Forum"): the run reads on, and ``_split`` decides.
_BRACKETED = r"(?:[ ]\([A-Z][A-Za-z0-9&\-]{1,11}\))?"
_LOWER_HEADS = "|".join(w.LOWER_MECHANISM_HEADS)
# A mission is named in lower case after its state as often as not ("the U.S. embassy in
# Brazil", "the Chinese consulate general in Jakarta"), with the place after "in".
_LOWER_MISSION = (rf"[ ](?:embassy|consulate(?:[ ]general)?)"
                  rf"(?:[ ]in[ ](?:{_WORD})(?:[ ](?:{_WORD}))*)?")
# The run's first word is _WORD written to open with its capital, the boundary check after it
# ("no word character before that capital"): a pattern that opens with a character set lets
# the regex engine skip ahead to the next capital, where one that opens with a look-behind
# is tried at every character (2.5 times slower, same matches).
_FIRST_WORD = (rf"[{_CAP}](?<![\w'’\-–.].)(?:(?:(?<=M)(?:r|s|rs)|(?<=D)r|(?<=P)rof|(?<=A)mb|"
               rf"(?<=[SG])en|(?<=S)t)\.|\.(?:[{_CAP}]\.)*(?:[\-–][{_CAP}][\w'’\-–]*)?|"
               rf"[\w'’]*(?:[\-–](?:(?:[{_CAP}]\.)+|[\w'’]+))*[\-–]?)")
# Two or more capitalised words, or one before a lower-case mechanism head ("Minsk process").
_RUN = re.compile(rf"{_FIRST_WORD}(?:(?:{_BRACKETED}{_JOIN}(?:{_WORD}))+"
                  rf"(?:[ ](?:{_LOWER_HEADS})\b|{_LOWER_MISSION})?|[ ](?:{_LOWER_HEADS})\b|"
                  rf"{_LOWER_MISSION})")
_TOKEN = re.compile(r"\S+")
_PARTICLE_AT = re.compile(_PARTICLE)
_APPOSITION = re.compile(r",[ ](?:the|a|an)[ ](?:(?:former|then|new|acting|deputy|senior|"
                         r"self-proclaimed|self-styled|top|de[ ]facto)[ -])?(?:leader|head|"
                         r"founder|co-founder|commander|chief|president|chairman|spokesman|"
                         r"spokesperson|emir|member|minister|mayor|governor|director)[ ]of\b")
_POSSESSIVE = re.compile(r"['’]s?$")
_HERITAGE = re.compile(r"[A-Z][a-z]+-(?:American|Canadian|Australian|British)s?")
_REPORTING = re.compile(r"[ ,]+(?:" + "|".join(w.REPORTING) + r")\b")
_NUMBERED = re.compile(
    r"(?:(UNSCR|UNSC|UNGA|Security Council|General Assembly)(?:'s|’s)?\s+)?"
    r"[Rr]esolutions?\s+((?:\d{1,4}(?:/\d{1,4})?(?:\s*\(\d{4}\))?(?:,?\s+and\s+|,\s*)?)+)"
    r"|\bUNSCR\s+(\d{1,4})")
_NUMBER = re.compile(r"\d{1,4}(?:/\d{1,4})?")
# Each opens with a literal, which the regex engine seeks at C speed; "[Rr]esolution|UNSCR"
# is tried at every character (six times slower on the benchmark corpus).
_RESOLUTION_AT = re.compile(r"esolutions?\s+\d")
_UNSCR_AT = re.compile(r"UNSCR\s+\d")
_ARTICLES = re.compile(r"Article(?<![\w]Article)s?\s+((?:\d{1,3}(?:,?\s+and\s+|,\s*)?)+)"
                       r"\s*of\s+the\s+(?:UN\s+|United Nations\s+)?Charter\b")
# A state's numbered instruments, one for each number ("E.O. 13224", "Executive Orders 13224
# and 14024", "Presidential Policy Directive 30"): the id is the pack's own for those it lists
# (``mech.eo-14024``).
_ORDERS = re.compile(r"\b(?:(Executive Orders?|E\.O\.|EO)|(Presidential Policy Directive|PPD)"
                     r"|(National Security Presidential Memorand(?:um|a)|NSPM))[ -]"
                     r"((?:\d{1,5}(?:,?[ ]and[ ]|,[ ]|[ ]and[ ])?)+)")
_ORDER_NUMBER = re.compile(r"\d{1,5}")
_ORDER_KINDS = (("eo", "Executive Order"), ("ppd", "Presidential Policy Directive"),
                ("nspm", "National Security Presidential Memorandum"))
_COMPASS = frozenset({"west", "east", "north", "south", "left", "right"})
_NEXT_WORD = re.compile(r"[ \t]+([a-z]+)")
_LABEL = re.compile(r"(?:MR|MS|MRS|DR)\.?\s+([A-Z][A-Z'’\-]+)")


# Letters that NFKD does not decompose to ASCII ("Kılıç", "Łukasz", "Søren"), and dashes.
_UNDECOMPOSED = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d",
                               "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe",
                               "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d",
                               # dashes join words ("China–Vietnam" is china-vietnam)
                               "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})


def slug(text: str) -> str:
    """The id part a name gives: ASCII, lower case, words joined by hyphens."""
    ascii_ = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED)).encode(
        "ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


@dataclass(frozen=True, slots=True)
class Found:
    """One unlisted mention: where, and the tag it belongs to."""

    start: int
    end: int
    id: str
    name: str
    kind: str  # actors | mechanisms
    type: str
    country: str | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Listed:
    """A mention of a listed rule that the matcher could not see: a title and surname, or a
    turn label. ``ref`` says whether positions may read it as a holder."""

    start: int
    end: int
    rule: int
    ref: bool


@dataclass(frozen=True, slots=True)
class OpenWorld:
    """What a text names beyond the pack: unlisted mentions and listed ones found anew."""

    found: tuple[Found, ...] = ()
    listed: tuple[Listed, ...] = ()
    countries: dict[str, str | None] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.found or self.listed)


class _Tok:
    """One word of a run, with its bare form worked out once (a run's words are read many
    times over: as a title, a name, a head noun)."""

    __slots__ = ("start", "end", "word", "rule", "pair", "base", "low")

    def __init__(self, start: int, end: int, word: str, rule: int = -1,
                 pair: bool = False) -> None:
        self.start = start
        self.end = end
        self.rule = rule  # -1 plain, -2 an ignore phrase, else the listed rule covering it
        self.pair = pair  # two listed names joined by a dash ("China–Vietnam")
        self.set_word(word)

    def set_word(self, word: str) -> None:
        self.word = word
        bare = _POSSESSIVE.sub("", word) if "'" in word or "’" in word else word
        self.base = bare.rstrip(".,;:") or word
        self.low = self.base.lower()


class _Reader:
    """One text's reading: the listed spans, and memoised checks on its words."""

    def __init__(self, text: str, resolved: Sequence[Resolved], blocked: list[tuple[int, int]],
                 matcher: Matcher, home: str | None) -> None:
        self.text = text
        self.spans = sorted([(s, e, r) for s, e, _, r in resolved] +
                            [(s, e, -2) for s, e in blocked])
        self.starts = [s for s, _, _ in self.spans]
        self.matcher = matcher
        self.home = home
        self.lower_memo: dict[str, bool] = {}
        self._named: frozenset[int] | None = None

    def tokens(self, start: int, end: int) -> list[_Tok]:
        out: list[_Tok] = []
        for m in _TOKEN.finditer(self.text, start, end):
            s, e = m.start(), m.end()
            i = bisect_right(self.starts, e - 1) - 1
            inside = []
            while i >= 0 and self.spans[i][1] > s:
                inside.append(self.spans[i])
                i -= 1
            if not inside:
                out.append(_Tok(s, e, m.group()))
                continue
            rule = min(inside)[2]
            if out and out[-1].rule == rule and rule >= 0 and any(
                    sp[0] < out[-1].end for sp in inside):
                out[-1].end = e
                out[-1].set_word(self.text[out[-1].start:e])
                continue
            out.append(_Tok(s, e, m.group(), rule, len(inside) > 1))
        return out

    def written_lower(self, word: str) -> bool:
        """Whether the text writes ``word`` in lower case as a whole word somewhere: then a
        capitalised "Development" is a common word, not a name."""
        if word in self.lower_memo:
            return self.lower_memo[word]
        # A name is mostly never written in lower case: the substring test settles it at C
        # speed, and the word-boundary search runs only when the letters occur at all.
        found = bool(word.isascii() and word.isalpha()) and word in self.text and re.search(
            rf"(?<![\w'’\-]){re.escape(word)}(?![\w])", self.text) is not None
        self.lower_memo[word] = found
        return found

    def name_like(self, tok: _Tok) -> bool:
        base = tok.base
        if base[:1].islower() and _PARTICLE_AT.match(base):
            base = base[base.index("-") + 1:]  # "al-Assad"
        if tok.rule != -1 or not base[:1].isupper() or tok.low in w.NOT_NAMES:
            return False
        if _initial(tok):
            return True  # "Antony J. Blinken"
        return any(c.islower() for c in base[1:]) and not any(c.isdigit() for c in base)

    @property
    def named_rules(self) -> frozenset[int]:
        """The listed rules the text names."""
        if self._named is None:
            self._named = frozenset(r for _, _, r in self.spans if r >= 0)
        return self._named

    def sentence_states(self, start: int, end: int) -> set[str]:
        """The states (other than the home state) that listed names in the sentence around
        [start, end) stand for: the sentence read as far as its full stops, within 300
        characters either side."""
        text = self.text
        lo = max(text.rfind(". ", max(0, start - 300), start), text.rfind("\n", 0, start),
                 start - 300, 0)
        hi = min(x for x in (text.find(". ", end, end + 300), text.find("\n", end, end + 300),
                             end + 300) if x >= 0)
        rules = self.matcher.rules
        states = set()
        for i in range(bisect_right(self.starts, lo - 1), bisect_right(self.starts, hi)):
            r = self.spans[i][2]
            if r >= 0 and (rule := rules[r]).kind == "actors" and rule.country \
                    and rule.type in ("state", "institution") and rule.country != self.home:
                states.add(rule.country)
        return states

    def state_of(self, toks: Sequence[_Tok]) -> str | None:
        rules = self.matcher.rules
        for tok in toks:
            if tok.rule >= 0 and (rule := rules[tok.rule]).kind == "actors" and rule.country \
                    and rule.type in ("state", "institution"):
                return rule.country
        return None


def _initial(tok: _Tok) -> bool:
    """An initial ("J."): its base has lost the full stop, its word has not."""
    return len(tok.word) == 2 and tok.word[1] == "." and tok.word[0].isupper()


def _person_name(toks: Sequence[_Tok]) -> tuple[str, str]:
    """A person's name as written, and its id without middle initials: "Brian P. McKeon"
    and "Brian McKeon" are one person, ``person.brian-mckeon``."""
    name = " ".join(t.word if _initial(t) else t.base for t in toks)
    return name, "person." + slug(" ".join(t.base for t in toks if not _initial(t)))


def find_unlisted(text: str, resolved: Sequence[Resolved], matcher: Matcher,
                  turns: Sequence[Turn], home: str | None, entity_hits: Sequence[Hit],
                  norm: Normalized) -> OpenWorld:
    """Everything this text names that the pack does not list (see the module docstring)."""
    kinds = matcher.kinds
    shifted = bool(norm.run_starts)
    blocked = [((norm.to_original(h.start), norm.end_to_original(h.end)) if shifted
                else (h.start, h.end)) for h in entity_hits if kinds[h.rule] == "ignore"]
    reader = _Reader(text, resolved, blocked, matcher, home)
    found: list[Found] = []
    listed: list[Listed] = []
    given = _given_names(matcher)
    quick = _quick_words(given)
    verdicts = _VERDICTS.setdefault(given, {})
    if len(verdicts) > _VERDICTS_KEPT:
        verdicts.clear()
    translation = _APOSTROPHES_AND_COMMAS
    for m in _RUN.finditer(text):
        start, end = m.span()
        run = m.group()
        if quick.isdisjoint(run.lower().translate(translation).split()):
            # at C speed: no word can open anything, so only a reporting verb after it can
            if _REPORTING.match(text, end) is None:
                continue
        else:
            # The same run with the same listed names inside it reads the same in every text
            # ("Secretary Blinken", "MR PRICE": seven runs in ten recur in an archive).
            key = (run, _listed_inside(reader, start, end))
            verdict = verdicts.get(key)
            if verdict is None:
                verdict = verdicts[key] = _worth_reading(reader, start, end, given)
            if verdict == _NO or verdict == _IF_REPORTED and _REPORTING.match(
                    text, end) is None:
                continue
        # in a heading or byline, capitals mark the line, not names
        heading = heading_line(text, m.start()) is not None
        for part in _split(reader.tokens(m.start(), m.end())):
            _read_run(part, reader, found, listed, heading)
    if "esolution" in text or "UNSCR" in text or "Charter" in text:
        _numbered(text, reader, found)
    if "E.O." in text or "Executive Order" in text or "EO " in text or "Directive" in text \
            or "NSPM" in text or "PPD" in text:
        _numbered_orders(text, reader, found, listed)
    found = _join_people(found, reader)
    found = _no_journalists(text, turns, found)
    _label_speakers(text, turns, reader, found, listed)
    found = _no_overlaps(found)
    countries: dict[str, str | None] = {f.id: f.country for f in found
                                        if f.kind == "actors" and f.country}
    return OpenWorld(tuple(found), tuple(listed), countries)


# The words that let a run name something: a head noun, a title's first word.
_HEADS = frozenset(w.BODY_HEADS | set(w.MECHANISM_HEADS) | set(w.LOWER_MECHANISM_HEADS))
_TITLE_FIRST = frozenset(t[0] for t in w.TITLES)
_APOSTROPHES_AND_COMMAS = str.maketrans(dict.fromkeys("'’,;:", " "))
_QUICK: dict[frozenset[str], frozenset[str]] = {}


def _quick_words(given: frozenset[str]) -> frozenset[str]:
    """The trigger words as a run's lower-cased, space-split words can show them ("amb.",
    "ministry" of "Ministry's"), for one set test per run."""
    quick = _QUICK.get(given)
    if quick is None:
        words = _HEADS | _TITLE_FIRST | given
        quick = _QUICK[given] = frozenset(words | {word + "." for word in words})
    return quick


_NO, _YES, _IF_REPORTED = 0, 1, 2
_VERDICTS: dict[frozenset[str], dict[tuple[str, tuple[tuple[int, int, int], ...]], int]] = {}
_VERDICTS_KEPT = 100_000
_LONGEST_SPAN = 400  # longer than any listed name or ignore phrase


def _listed_inside(reader: _Reader, start: int, end: int) -> tuple[tuple[int, int, int], ...]:
    """The listed and ignored spans that overlap [start, end), relative to ``start``: all
    that ``_worth_reading`` reads of the text besides the run's own words."""
    starts, spans = reader.starts, reader.spans
    i = bisect_right(starts, end - 1) - 1
    inside = []
    while i >= 0 and starts[i] > start - _LONGEST_SPAN:
        s, e, rule = spans[i]
        if e > start:
            inside.append((s - start, e - start, rule))
        i -= 1
    return tuple(inside)


def _worth_reading(reader: _Reader, start: int, end: int, given: frozenset[str]) -> int:
    """Whether the run [start, end) can name anything (most cannot: "United States",
    "Secretary Blinken"): among the words no listed name covers, a head noun, a given name
    the pack knows, or a title's first word with a capitalised word after it (``_YES``);
    else only if a reporting verb follows the run (``_IF_REPORTED``), or not at all (``_NO``).
    A necessary condition of ``_read_run``'s, checked before the run's words are read one by
    one, which is what costs; it reads nothing but the run and the listed names in it."""
    text = reader.text
    i = bisect_right(reader.starts, start) - 1
    if i >= 0 and reader.spans[i][1] >= end:
        return _NO  # one listed name covers the run ("United States of America")
    titled = False
    for m in _TOKEN.finditer(text, start, end):
        word = m.group()
        if "'" in word or "’" in word:
            word = _POSSESSIVE.sub("", word)
        low = (word.rstrip(".,;:") or word).lower()
        if _covered(reader, m.start(), m.end()):
            continue
        if low in _HEADS:
            return _YES
        if low == word:
            continue  # a connector ("of", "the")
        if low in given or titled and any(c.islower() for c in word[1:]):
            return _YES  # a given name, or a title before a name (not "MR PRICE:")
        titled = titled or low in _TITLE_FIRST
    # A reporting verb right after a possessive or a full stop would not follow a name's
    # bare form, so reading at the run's end admits every run that _bare_name could keep.
    return _IF_REPORTED


def _split(toks: list[_Tok]) -> list[list[_Tok]]:
    """A run cut at "and" and ignore phrases (an ignore phrase before a plain capitalised
    word may open a name: "Inter-American Development Bank"), unless "and" joins two
    modifiers of one head
    ("Trade and Technology Council"), or a head noun before "and" opens a
    complement that goes on after it ("Bureau of International Narcotics and Law ..."), and
    "and the" does not open a second name with a head noun of its own ("the Ministry of
    Foreign Affairs and the Ministry of Finance")."""
    parts: list[list[_Tok]] = [[]]
    opening = False  # whether the ignore phrase being read opens a name
    for k, tok in enumerate(toks):
        if tok.rule == -2:
            if not (k and toks[k - 1].rule == -2):
                after = next((j for j in range(k, len(toks)) if toks[j].rule != -2), None)
                following = toks[after] if after is not None else None
                opening = bool(following and following.rule == -1
                               and following.word[:1].isupper()
                               and following.low not in w.CONNECTORS)
                if not opening:
                    parts.append([])
            if not opening:
                continue
            # an ignore phrase is no name of its own, but may open one ("Inter-American
            # Democratic Charter", "Inter-American Development Bank", "the Los Angeles
            # Declaration")
        if tok.word[:1] == "(":
            if not _inside_name(parts[-1], tok, toks[k + 1:]):
                parts.append([])
            continue
        if tok.low == "and" and tok.rule == -1:
            before = parts[-1]
            opened = any(t.low in w.BODY_HEADS or t.low in w.MECHANISM_HEADS for t in before) \
                and any(t.low in ("of", "for", "on", "to") for t in before)
            if opened and k + 2 < len(toks) and toks[k + 1].low == "the":
                # "and the" opens a second name that has a head of its own ("... Process
                # and the Regional Economic Cooperation Conference")
                second = toks[k + 2]
                opened = not (second.rule >= 0 or any(
                    t.rule == -1 and t.low in _HEADS and t.word[:1].isupper()
                    and not (t.low == "law" and toks[i - 1].low == "of")  # "the Rule of Law"
                    for i, t in enumerate(toks[k + 2:], k + 2)))
            elif opened and k + 1 < len(toks) and toks[k + 1].pair:
                opened = False  # "... Dialogue on China and U.S.-EU ... Consultations"
            if not opened:
                opened = _modifiers_joined(toks, k)
            if not opened:
                parts.append([])
                continue
        parts[-1].append(tok)
    out = []
    for part in parts:
        while part and part[0].rule == -1 and (part[0].low in w.LEADING or len(part) > 1
                                                and part[0].low.endswith("ing")
                                                and part[1].low == "the"):
            part = part[1:]  # "the", "Following the": no words of the name
        while part and part[-1].rule == -1 and part[-1].low in w.CONNECTORS:
            part = part[:-1]
        if part:
            out.append(part)
    return out


def _inside_name(before: list[_Tok], bracket: _Tok, after: list[_Tok]) -> bool:
    """Whether an abbreviation in brackets stands inside one name: after the words it
    abbreviates (its first letter theirs: a run cut on its left, "Security (WPS) Act", shows
    only their end), modifiers with no head of their own, and before a head that only plain
    words lead to ("... Asian Nations (ASEAN) Regional Forum", "COVID-19 Vaccine Global
    Access (COVAX) Facility"). After a whole name ("Mekong River Commission (MRC)
    Secretariat") or before a title or a person ("... Affairs (INL) Todd Robinson") it ends
    the name before it, and is no part of either."""
    opening = [t.word[:1] for t in before if t.low not in w.CONNECTORS][:2]  # "Indo-Pacific
    # Marine Protected Area (MPA)": a word before the name may lead in
    if bracket.word[1:2] not in opening or any(t.rule == -1 and t.low in _HEADS
                                               for t in before):
        return False
    for tok in after[:3]:
        if tok.rule == -1 and tok.low in _HEADS and tok.word[:1].isupper():
            return True
        if not _plain_modifier(tok):
            return False
    return False


def _plain_modifier(tok: _Tok) -> bool:
    """A capitalised word no rule lists that is no head, title, connector or acronym."""
    return tok.rule == -1 and tok.word[:1].isupper() and any(c.islower() for c in tok.word) \
        and tok.low not in w.CONNECTORS and tok.low not in _HEADS and tok.low not in w.TITLE_WORDS


def _modifiers_joined(toks: list[_Tok], k: int) -> bool:
    """Whether the "and" at ``k`` joins two modifiers of one head noun ("Trade and Technology
    Council", "National Telecommunications and Information Administration"): plain words
    either side, and a head within two words after it."""
    if k < 1 or not _plain_modifier(toks[k - 1]):
        return False
    after = toks[k + 1:k + 4]
    if not after or not _plain_modifier(after[0]):
        return False
    for tok in after[1:]:
        if tok.rule == -1 and tok.low in _HEADS:
            return True
        if not _plain_modifier(tok):
            return False
    return False


def _first_title(toks: list[_Tok], lo: int, hi: int) -> int | None:
    """Where the first title starting in toks[lo:hi] starts, or None."""
    return next((i for i in range(lo, min(hi, len(toks))) if _title_at(toks, i) > i), None)


def _title_at(toks: list[_Tok], i: int) -> int:
    """The end index of the longest title starting at token ``i``, or ``i``."""
    best = i
    if i >= len(toks) or toks[i].low.rstrip(".") not in _TITLE_FIRST:
        return best
    for size in range(1, w.MAX_TITLE + 1):
        words = tuple(t.low.rstrip(".") for t in toks[i:i + size])
        if len(words) == size and all(t.rule == -1 for t in toks[i:i + size]) \
                and words in w.TITLES:
            best = i + size
    return best


def _read_run(toks: list[_Tok], reader: _Reader, found: list[Found],
              listed: list[Listed], heading: bool) -> None:
    if len(toks) == 1 and toks[0].low not in w.LOWER_MECHANISM_HEADS:
        return
    if any(t.low in w.MEDIA for t in toks if t.rule == -1):
        return  # an outlet ("Petra News Agency", "The Washington Times")
    if all(t.word.isupper() for t in toks if t.low not in w.CONNECTORS):
        return  # a line in capitals ("SENIOR ADMINISTRATION OFFICIAL:"), not a name
    if _person_with_title(toks, reader, found, listed):
        return
    if heading:
        return
    title_end = _title_at(toks, 0)
    if title_end and _body_in_complement(toks[title_end:], reader, found, listed):
        return  # "Assistant Secretary for the Bureau of African Affairs", with no name after
    if _body_or_mechanism(toks, reader, found, listed):
        # and the person whose body it is ("Ambassador Marc Knapper of the U.S. Embassy")
        of = next((k for k, t in enumerate(toks) if t.low == "of" and t.rule == -1), 0)
        if of > 1 and reader.name_like(toks[of - 1]) and found[-1].start > toks[of].start:
            _person_with_title(toks[:of], reader, found, listed)
        return
    _bare_name(toks, reader, found)


def _person_with_title(toks: list[_Tok], reader: _Reader, found: list[Found],
                       listed: list[Listed]) -> bool:
    # a possessive before what a title's holder does ends the name: "Deputy Secretary
    # Sherman's Travel to ..." (not "Prime Minister Johnson's New Atlantic Charter")
    owner = next((k for k, t in enumerate(toks[:-1]) if t.rule == -1 and t.word != t.base
                  and _POSSESSIVE.search(t.word) and toks[k + 1].low in _DOINGS), None)
    if owner is not None:
        toks = toks[:owner + 1]
    n = len(toks)
    name_start = n
    while name_start > 0 and n - name_start < 4 and reader.name_like(toks[name_start - 1]):
        name_start -= 1
    if name_start == n:
        return False
    title_start = _first_title(toks, 0, name_start)
    if title_start is None or title_start > 0 and toks[title_start - 1].low in _MISSIONS:
        return False  # no title; or "Consulate General Erbil": part of a mission's name
    title_end = _title_at(toks, title_start)
    joined = toks[name_start - 1]
    if joined.rule == -1 and joined.low in w.CONNECTORS and not (
            joined.low == "and" and n - name_start >= 3 and any(
                t.rule == -1 and t.low in _COMPLEMENT_PREPOSITIONS
                for t in toks[title_end:name_start])):
        # "the President of Republika Srpska": a place after the title; but "and" may join
        # the words of a complement, with the complement's last words and then a name of
        # two after it ("Assistant Secretary for the Bureau of Conflict and Stabilization
        # Operations Rob Faucher"; not "... Allergy and Infectious Diseases")
        return False
    name_toks = toks[name_start:]
    if _initial(name_toks[0]):  # an initial cannot open a name
        return False
    if any(t.rule == -1 and t.low in _COMPLEMENT_PREPOSITIONS for t in toks[title_end:name_start]):
        name_start = _name_after_complement(toks, name_start, reader)
        if name_start == n:
            return False  # "Director of Human Resources": the capitals are the complement's
        name_toks = toks[name_start:]
    rules = reader.matcher.rules
    if any(_POSSESSIVE.search(t.word) or (t.rule >= 0 and rules[t.rule].type == "person")
           for t in toks[title_start:name_start]):
        return False  # "Secretary Blinken's Participation": no title of this name
    role = " ".join(t.base for t in toks[title_start:name_start]) or None
    name, person_id = _person_name(name_toks)
    start, end = name_toks[0].start, name_toks[-1].start + len(name_toks[-1].base)
    _body_in_complement(toks[title_end:name_start], reader, found, listed)
    _body_before_title(toks[:title_start], reader, found, listed)
    if len(name_toks) == 1 or any(_initial(t) for t in name_toks[1:-1]):
        # a surname alone, or a listed name with a middle initial ("Wendy R. Sherman")
        title = " ".join(t.base for t in toks[title_start:title_end])
        rule = _listed_surname(reader.matcher, name_toks[-1].base,
                               reader.state_of(toks[:name_start]) or reader.home, title,
                               reader.named_rules)
        if rule is not None and not _may_hold(reader.matcher.rules[rule], title):
            rule = None  # "Ambassador Smith" is no listed Foreign Minister Smith
        given_name = reader.matcher.rules[rule].name.split()[0].lower() if rule is not None \
            else None
        if rule is not None and (len(name_toks) == 1 or given_name == name_toks[0].low):
            listed.append(Listed(start, end, rule, True))
            return True
    # A state after "to" or "for" is where or what the post is for, not whose ("Ambassador
    # to Japan", "Special Representative for the DPRK"); after "of" it is whose.
    country = reader.state_of([t for k, t in enumerate(toks[:name_start])
                               if not _after_to_or_for(toks, k)])
    title_words = {t.low.rstrip(".") for t in toks[title_start:title_end]}
    if country is None and title_words & w.HOME_TITLES:
        country = reader.home
    found.append(Found(start, end, person_id, name, "actors", "person", country,
                       role))
    return True


def _after_to_or_for(toks: list[_Tok], k: int) -> bool:
    """Whether word ``k`` follows "to" or "for" (and "the")."""
    k -= 1
    if k >= 0 and toks[k].low == "the":
        k -= 1
    return k >= 0 and toks[k].rule == -1 and toks[k].low in ("to", "for")


_COMPLEMENT_PREPOSITIONS = frozenset({"of", "on", "for", "to"})
# What a title's holder does, after their possessive in a release's title.
_DOINGS = frozenset("travel travels trip trips meeting meetings call calls visit visits "
                    "participation remarks statement return engagement engagements "
                    "conversation testimony letter interview".split())
_STATE_BODY_HEADS = frozenset({"ministry", "assembly", "parliament", "court", "senate"})
# the state after one is where it is ("the African Union Mission in Somalia")
_MISSIONS = frozenset({"embassy", "consulate", "mission"})
# Words that open titles the title list does not hold whole ("State Secretary", "Permanent
# Secretary", "Acting Assistant Secretary"): left over before a title, they are its own.
_TITLE_OPENERS = frozenset({"state", "acting", "assistant", "deputy", "principal", "senior",
                            "chief", "vice", "under", "executive", "special", "permanent"})


def _body_before_title(before: list[_Tok], reader: _Reader, found: list[Found],
                       listed: list[Listed]) -> None:
    """The words before a person's title may name the body the person serves ("Afghan High
    Council for National Reconciliation Chairman X"), without the title's own first words
    ("... Climate Action State Secretary X"). Words ending in "and" hold an earlier
    person ("... Affairs X Y and Deputy Assistant Secretary Z"), and are left alone."""
    while before and before[-1].rule == -1 and before[-1].low.rstrip(".") in _TITLE_OPENERS:
        before = before[:-1]
    if len(before) >= 2 and before[-1].low != "and":
        _body_or_mechanism(before, reader, found, listed)


def _body_in_complement(complement: list[_Tok], reader: _Reader, found: list[Found],
                        listed: list[Listed]) -> bool:
    """A title's complement that opens with a body's head noun names that body too (as the
    words before a title may, read by ``_body_or_mechanism`` itself):
    "Assistant Secretary for the Bureau of East Asian and Pacific Affairs Kin Moy" is a
    person and a bureau ("of State" before it is the title's own). A complement that opens
    otherwise ("on Climate Issues") is none. Whether a body was found."""
    for at, tok in enumerate(complement):
        if tok.rule != -1 or tok.low not in _COMPLEMENT_PREPOSITIONS:
            continue
        part = complement[at + 1:]
        while part and part[0].rule == -1 and part[0].low in w.LEADING:
            part = part[1:]
        if len(part) < 2 or part[0].rule != -1 or part[0].low not in w.BODY_HEADS:
            continue
        # one that runs into a second title ("... Affairs X Y and Permanent Secretary of")
        # cannot say where a name begins, and is left alone; else the body ends where a
        # title opens ("... Affairs Dr. Karen Donfried")
        if any(t.low == "and" and _first_title(part, k + 1, k + 3) is not None
               for k, t in enumerate(part)):
            return False
        title = _first_title(part, 0, len(part))
        return _body_or_mechanism(part[:title] if title is not None else part, reader, found,
                                  listed)
    return False


def _name_after_complement(toks: list[_Tok], name_start: int, reader: _Reader) -> int:
    """Where the name starts after a title's complement ("Special Representative on Climate
    Issues Ruslan Edelgeriyev"), whose last capitalised words run into the name: at a given
    name the pack knows; else after the words the text also writes in lower case
    ("Issues"), and at most two words before the end; nowhere when a single capitalised word
    follows the complement's own capitalised words. A listed name that ends the complement
    ends it there ("Ambassador of Vietnam Dang Minh Khoi")."""
    n = len(toks)
    before = toks[name_start - 1]
    if name_start == n - 1 and before.rule == -1 and before.word[:1].isupper():
        return n  # "Director of Human Resources": one capital after the complement's own
    if before.rule >= 0:  # "Ambassador of Vietnam Dang Minh Khoi": the listed name ends it
        while name_start < n and reader.written_lower(toks[name_start].low):
            name_start += 1  # "Special Envoy for Afghan Women": a common word, no name
        if any(t.low in _HEADS for t in toks[name_start:]):
            return n  # "... of the U.S. Commercial Service": a body's name
        return name_start
    given = _given_names(reader.matcher)
    at_given = next((i for i in range(name_start, n - 1) if toks[i].low in given), None)
    if at_given is not None:
        return at_given
    while name_start < n and reader.written_lower(toks[name_start].low):
        name_start += 1
    shortest = n - 3 if n >= 3 and _initial(toks[n - 2]) else n - 2  # "Michele J. Sison"
    return max(name_start, shortest)


def _listed_surname(matcher: Matcher, surname: str, country: str | None,
                    role: str | None = None, named: frozenset[int] = frozenset()
                    ) -> int | None:
    """The one listed person with this surname, else None. When several have it: the one
    the text names in full ("Yang Jiechi ... Director Yang"), else those of this country,
    then the one with this role ("Foreign Minister Park" is Park Jin, "President Park" Park
    Geun-hye)."""
    options = _surnames(matcher).get(surname.lower(), ())
    if len(options) > 1 and (in_text := tuple(r for r in options if r in named)):
        options = in_text
    if len(options) > 1 and country:
        options = tuple(r for r in options if matcher.rules[r].country == country) or options
    if len(options) > 1 and role:
        options = tuple(r for r in options if _holds_title(matcher.rules[r], role))
    return options[0] if len(options) == 1 else None


def titled_person(matcher: Matcher, title: str, surname: str,
                  named: frozenset[int] = frozenset()) -> int | None:
    """The listed person a title and a surname name ("FOREIGN MINISTER MOMEN" of a turn
    label): of the people with that surname, the one who holds or held a role with the
    title's head word ("Secretary" of "Secretary of Defense"), the one the text names if
    several do; else None. "MS SMITH" and "AMBASSADOR HUSSAIN" name no listed Foreign
    Minister Smith or President Hussain."""
    options = tuple(r for r in _surnames(matcher).get(surname.lower(), ())
                    if _holds_title(matcher.rules[r], title))
    if len(options) > 1:
        options = tuple(r for r in options if r in named)
    return options[0] if len(options) == 1 else None


# Forms of address and military ranks, which any role may go with ("General Patrushev").
_FORMS_OF_ADDRESS = frozenset({"mr", "ms", "mrs", "dr", "prof", "sir", "madam", "mister",
                               "miss", "excellency", "general", "admiral", "colonel",
                               "marshal", "lieutenant", "major", "captain", "professor"})
# Title heads a role may hold under another word ("Ambassador Power", a Permanent
# Representative to the United Nations).
_HEAD_SYNONYMS = {"ambassador": ("ambassador", "representative", "envoy")}


def _title_head(title: str) -> str:
    """A title's head word, in the spelling roles are compared in ("Adviser" of "National
    Security Adviser" is "advisor")."""
    words = title.lower().replace("-", " ").replace(".", " ").split()
    head = words[-1] if words else ""
    return "advisor" if head == "adviser" else head


def _may_hold(rule: Rule, title: str, address: bool = True) -> bool:
    """Whether a listed person may be the one a title names: one of the person's roles has
    the title's head word ("Secretary" of "Deputy Secretary of State"; not "Ambassador
    Smith" for a Foreign Minister Smith); a form of address fits anyone (unless ``address``
    is false), and so does any title for someone whose roles the pack does not give."""
    head = _title_head(title)
    if address and head in _FORMS_OF_ADDRESS:
        return True
    roles = list(_roles_held(rule))
    heads = _HEAD_SYNONYMS.get(head, (head,))
    return not roles or any(
        word in heads for held in roles
        for word in held.replace("adviser", "advisor").replace("-", " ").split())


def _holds_title(rule: Rule, title: str) -> bool:
    """Whether the pack gives the person a role with the title's head word."""
    return any(_roles_held(rule)) and _may_hold(rule, title, address=False)


def _roles_held(rule: Rule) -> Iterator[str]:
    """The person's roles as the pack gives them, in lower case: ``role`` and ``terms``."""
    if rule.role:
        yield rule.role.lower()
    for term in rule.terms:
        if term.role:
            yield term.role.lower()


_T = TypeVar("_T")


def _per_matcher(matcher: Matcher, build: Callable[[Matcher], _T]) -> _T:
    """A table built from the pack once per matcher, when a text first needs it, or when the
    pack cache is written (``derive_tables``)."""
    table = matcher.derived.get(build.__name__)
    if table is None:
        table = matcher.derived[build.__name__] = build(matcher)
    return table


def derive_tables(matcher: Matcher) -> None:
    """Build every table the open world reads from the pack, before the pack cache is
    written: each reads every rule, and a one-file run on a cached pack would otherwise
    unpickle the thousands of rules it never reads (25 ms) to build them."""
    for build in (_build_home_bodies, _build_capitals, _build_given_names, _build_surnames,
                  _build_bare_heads):
        _per_matcher(matcher, build)


def bare_head_rules(matcher: Matcher) -> frozenset[int]:
    return _per_matcher(matcher, _build_bare_heads)


def _build_bare_heads(matcher: Matcher) -> frozenset[int]:
    """The actors with a body's bare head noun for an alias ("Congress" of the US Congress),
    which may head another body's name (see ``tagger._heads_a_name``)."""
    return frozenset(r for r, rule in enumerate(matcher.rules) if rule.kind == "actors" and any(
        " " not in phrase and phrase.lower() in w.BODY_HEADS
        for alias in rule.aliases for phrase in alias.phrases))


def _home_bodies(matcher: Matcher) -> dict[tuple[str, str], int]:
    return _per_matcher(matcher, _build_home_bodies)


def _build_home_bodies(matcher: Matcher) -> dict[tuple[str, str], int]:
    """Listed bodies by (country, the slug of their name from its head noun on): "US
    Department of Justice" is ("USA", "department-of-justice"), so that a US text's bare
    "the Department of Justice" is that rule. Names two rules share are left out."""
    table: dict[tuple[str, str], int | None] = {}
    for r, rule in enumerate(matcher.rules):
        if rule.kind != "actors" or not rule.country or rule.type not in (
                "institution", "organization"):
            continue
        for phrase in {rule.name, *(p for a in rule.aliases for p in a.phrases)}:
            words = phrase.split()
            head = next((i for i, word in enumerate(words)
                         if word.lower() in w.GOVERNMENT_HEADS and word[:1].isupper()), None)
            if head is None:
                continue
            # the whole name from the head on, and each shorter one that a second "of"
            # cuts off ("Ministry of Defence" of "Ministry of Defence of the Russian ...")
            ends = [len(words)] + [i for i in range(head + 2, len(words)) if words[i] == "of"]
            for end in ends:
                key = (rule.country, slug(" ".join(words[head:end])))
                table[key] = None if table.get(key, r) != r else r
    result = {k: v for k, v in table.items() if v is not None}
    return result


def _capitals(matcher: Matcher) -> frozenset[str]:
    return _per_matcher(matcher, _build_capitals)


def _build_capitals(matcher: Matcher) -> frozenset[str]:
    """The capital cities the pack lists as metonyms of their states, in lower case."""
    return frozenset(text.lower() for text, category in zip(
        matcher.alias_texts, matcher.alias_categories, strict=True) if category == "capital")


def _given_names(matcher: Matcher) -> frozenset[str]:
    return _per_matcher(matcher, _build_given_names)


def _build_given_names(matcher: Matcher) -> frozenset[str]:
    """The first words of the listed people's names ("Wendy", "Hichem"): a lexicon of
    given names that grows with the pack, built once per matcher when first needed."""
    names = w.COMMON_GIVEN_NAMES | frozenset(
        first for rule in matcher.rules
        if rule.type == "person" and not rule.office and " " in rule.name
        and (first := rule.name.split()[0].lower()).isalpha() and len(first) > 1
        and first not in w.NOT_NAMES)
    return names


def _surnames(matcher: Matcher) -> dict[str, tuple[int, ...]]:
    return _per_matcher(matcher, _build_surnames)


def _build_surnames(matcher: Matcher) -> dict[str, tuple[int, ...]]:
    """Listed people by surname, built once per matcher when a title first needs it."""
    table: dict[str, list[int]] = {}
    for r, rule in enumerate(matcher.rules):
        if rule.type == "person" and not rule.office and "{" not in rule.id:
            words = rule.name.split()
            table.setdefault(words[-1].lower(), []).append(r)
            if len(words) > 1 and rule.country in w.FAMILY_NAME_FIRST \
                    and words[0].lower() not in w.COMMON_GIVEN_NAMES:
                # "President Yoon"; not "Joseph" of "Joseph Wu", a given name first
                table.setdefault(words[0].lower(), []).append(r)
    result = {k: tuple(v) for k, v in table.items()}
    return result


def _body_or_mechanism(toks: list[_Tok], reader: _Reader, found: list[Found],
                       listed: list[Listed]) -> bool:
    n = len(toks)
    # "Law" or "Act" before another plain word is a modifier ("Law Enforcement Affairs").
    heads = [i for i in range(n - 1, -1, -1) if toks[i].rule == -1
             and (toks[i].low in w.BODY_HEADS or toks[i].low in w.MECHANISM_HEADS)
             and (toks[i].word[0].isupper() or toks[i].low in w.LOWER_MECHANISM_HEADS
                  or toks[i].low in _MISSIONS)
             and not (toks[i].low in ("law", "act") and i + 1 < n and toks[i + 1].rule == -1
                      and toks[i + 1].low not in w.CONNECTORS)]
    # A head after "of the" is inside an earlier head's complement ("Assembly of the League
    # of Nations"); with no earlier head, the phrase's head is no head noun ("Session of the
    # Assembly").
    head = next((i for i in heads if not (i >= 1 and toks[i - 1].low in ("of", "the")
                                          and toks[i - 1].rule == -1)), None)
    if head is None or heads[0] != head and not any(
            t.rule == -1 and t.low in ("of", "for", "on", "to") for t in toks[head + 1:heads[0]]):
        return False
    first = 0
    for i in range(head):
        if re.search(r"['’]s$", toks[i].word):
            first = i + 1  # "Secretary Blinken's Meeting": the name starts after it
        elif toks[i].rule == -1 and (toks[i].low == "to" or toks[i].low == "of" and i > 0 and (
                _before_its_complement(toks[i - 1], reader) or any(
                    t.low in w.TITLE_WORDS for t in toks[first:i]))):
            # "Member of the Political Bureau", "Azerbaijan to the OSCE Ministerial Council":
            # what comes before the preposition is not part of the body's name
            first = i + 1
    while first < head and toks[first].rule == -1 and toks[first].low in w.CONNECTORS:
        first += 1
    if first < head and first in heads and toks[first + 1].low == "of":
        head = first  # English heads come first: "the Compact of Free Association"
    end = head + 1
    if toks[head].low == "consulate" and end < len(toks) and toks[end].low == "general":
        end += 1  # "the U.S. Consulate General in Erbil"
    if end < len(toks) and toks[end].low in ("of", "for", "on", "to"):
        end = len(toks)
        for i in range(head + 1, len(toks)):
            if _POSSESSIVE.search(toks[i].word):
                end = i + 1  # "Summit for Democracy's Year of Action"
                break
            if toks[i].low in ("on", "in") and i + 1 < len(toks) \
                    and toks[i + 1].low in w.DATE_WORDS:
                end = i  # "... Fellowship Summit on August 3": a date, not the name
                break
            if toks[i].low == "and" and i + 1 < len(toks) and toks[i + 1].low in w.TITLE_WORDS:
                end = i  # "... Central Committee and Foreign Minister Wang Yi"
                break
            after_title = _title_at(toks, i) if toks[i - 1].low not in w.CONNECTORS else i
            if after_title > i and after_title < len(toks) and (
                    reader.name_like(toks[after_title]) or toks[after_title].rule >= 0
                    and reader.matcher.rules[toks[after_title].rule].type == "person"):
                # "... for National Reconciliation Chairman Abdullah Abdullah"; a title
                # right after "of" is the complement ("Administration of President Duque")
                end = i
                break
        if toks[head].low in w.DOCUMENT_HEADS and all(
                t.rule >= 0 or t.low in w.CONNECTORS for t in toks[head + 1:end]):
            return False  # "Statement of the Ministry of ...": a text by a listed actor
    elif toks[head].low in _MISSIONS:
        end = _mission_place_end(toks, end)
    if toks[head].low in w.COMPLEMENT_HEADS and end == head + 1:
        return False  # "Chinese New Year", "this Year"
    span = toks[first:end]
    content = [t for t in span if t.low not in w.CONNECTORS]
    if len(content) < 2 or all(t.rule >= 0 for t in content):
        return False
    head_word = toks[head].low
    modifiers = toks[first:head]
    pair = any(t.pair or ("–" in t.word or "-" in t.word) and t.rule >= 0 for t in modifiers)
    plain_mod = any(t.rule == -1 and t.low not in w.CONNECTORS for t in modifiers) \
        or end > head + 1
    mechanism = head_word in w.MECHANISM_HEADS and (
        head_word not in w.BOTH_HEADS and head_word not in w.BODY_HEADS
        or pair or any(t.low in w.JOINT_WORDS for t in modifiers))
    if head_word in w.BODY_HEADS and head_word not in w.MECHANISM_HEADS:
        mechanism = False
    # A mechanism is named by a plain word, a pair of parties, or the city it began in
    # ("the Minsk process", "the Astana format"), not by one listed state ("U.S. Initiative").
    if mechanism and not (plain_mod or pair or any(
            t.rule >= 0 and t.low in _capitals(reader.matcher) or t.rule == -2
            for t in modifiers)):
        return False
    named_by = [t for t in modifiers if t.low not in w.CONNECTORS]
    if toks[head].word[:1].islower() and not named_by:
        return False  # "The embassy in Kabul": whose, no name says
    if toks[head].word[:1].islower() and len(named_by) == 1 and named_by[0].rule == -1 and (
            named_by[0].low in w.NOT_NAMES or reader.written_lower(named_by[0].low)
            or named_by[0].low.endswith("ing")):
        # a lower-case head after one word needs a name ("the Sochi agreement"), not a word
        # that only opens the sentence ("Such agreements", "Reaching consensus")
        return False
    if w.MECHANISM_HEADS.get(head_word) == "law" and all(
            t.low in w.GENERAL_LAW_WORDS or t.low in w.CONNECTORS for t in modifiers):
        return False  # the law in general ("International Humanitarian Law")
    if head_word == "bank" and modifiers and all(t.low in _COMPASS for t in modifiers):
        return False  # "the West Bank": a place
    start = span[0].start
    stop = span[-1].start + len(span[-1].base)
    name = reader.text[start:stop]
    tail = span[head - first + 1:]
    if first < head and tail and tail[0].rule == -1 and toks[head].low not in _MISSIONS \
            and all(t.rule >= 0 or t.low in w.CONNECTORS for t in tail) \
            and tail[-1].rule >= 0 and reader.matcher.rules[tail[-1].rule].type == "state":
        # "... Corporation of the United States"; a bare head keeps its state ("University
        # of Costa Rica")
        name = reader.text[start:toks[head].end]
    if mechanism:
        found.append(Found(start, stop, "mech." + slug(name), name, "mechanisms",
                           w.MECHANISM_HEADS[head_word]))
        return True
    # A mission's state is whose it is, named before its head, not where it is ("the
    # Embassy in Kyiv" of a US text is the US embassy).
    country = reader.state_of(toks[first:head] if head_word in _MISSIONS else span)
    if country is None and head_word in _MISSIONS:
        # or after "of" ("the Permanent Mission of Japan to the United Nations"); else an
        # embassy is the home's, a mission an organisation's ("the African Union Mission in
        # Somalia")
        if head + 2 < end and toks[head + 1].low == "of":
            country = reader.state_of(toks[head + 2:head + 3])
        if country is None and (head_word != "mission" or end > head + 1 and (
                toks[head + 1].rule >= 0 and reader.matcher.rules[toks[head + 1].rule].type
                == "state")):
            country = reader.home  # and "Mission Germany": the home's mission there
    if country is None and first > 0 and _POSSESSIVE.search(toks[first - 1].word):
        country = reader.state_of(toks[first - 1:first])  # "Georgia's Ministry of ..."
    own: list[str] = []
    for t in span:
        if t.rule >= 0 and reader.matcher.rules[t.rule].country == country:
            while own and own[-1].lower() in ("of", "the"):
                own.pop()  # "Embassy of Japan in Kyiv": its own name is "Embassy in Kyiv"
            continue
        own.append(t.base)
    words = " ".join(own).split()
    while words and words[-1].lower() in w.CONNECTORS:
        words.pop()
    while words and words[0].lower() in w.CONNECTORS:
        words.pop(0)
    key = slug(" ".join(words)) or slug(name)
    government = head_word in w.GOVERNMENT_HEADS and (head_word != "mission" or
                                                      country is not None)
    if government and country is None:
        # "the Ministry of Defence" in a Russian briefing is Russia's; in another's text, the
        # one state its sentence names ("the Ministry of Defense's shipping company ... for
        # the Government of Russia"), when the pack lists that body of that state
        bodies = _home_bodies(reader.matcher)
        rule = bodies.get((reader.home, slug(name))) if reader.home else None
        states = reader.sentence_states(start, stop) if rule is None else set()
        if len(states) == 1:
            rule = bodies.get((next(iter(states)), slug(name)))
        if rule is not None:
            listed.append(Listed(start, stop, rule, True))
            return True
        # An unlisted ministry, parliament or court is a state's own: that of the one state
        # its sentence names ("Chad's transition ... the National Assembly"), unless its
        # name says it is no state's ("the World Health Assembly", "UN Environment Assembly")
        if len(states) == 1 and head_word in _STATE_BODY_HEADS and not any(
                t.low in w.INTERNATIONAL_WORDS for t in span):
            country = next(iter(states))
            key = slug(name)
    if government:
        rule_id = f"inst.{country}.{key}" if country else f"inst.{slug(name)}"
    else:
        rule_id = f"org.{slug(name)}"
    found.append(Found(start, stop, rule_id, name, "actors",
                       "institution" if government else "organization", country))
    return True


# Words before "of" that stand outside the name after it: people's nouns ("Members of the
# ...") and a body's sittings ("Fifth Session of the United Nations Environment Assembly").
_OUTSIDE_BEFORE_OF = frozenset({"member", "members", "head", "heads", "chief", "chiefs",
                                "leader", "leaders", "commander", "commanders", "co-chair",
                                "co-chairs", "session", "sessions", "anniversary", "launch",
                                "judgment", "judgement"})


def _before_its_complement(tok: _Tok, reader: _Reader) -> bool:
    """Whether the word before an "of" ends what stands outside the name that follows ("the
    President of the Central Bank", "Ahead of the World Health Assembly"; so does any "of"
    after a title: "Ambassador Marc Knapper of the U.S. Embassy"), rather than
    opening the name itself: a head ("the Government of National Accord", "the Compact of
    Free Association", "the Bureau of Political-Military Affairs") or another plain
    capitalised word inside the sentence ("the Heart of Asia-Istanbul Process", "the NATO
    Status of Forces Agreement")."""
    low = tok.low
    if tok.rule != -1 or low in _OUTSIDE_BEFORE_OF or low in w.TITLE_WORDS \
            or low.endswith("s") and low[:-1] in w.TITLE_WORDS:
        return True
    if low in _HEADS or low == "government":
        return False
    if low in w.NOT_NAMES or not tok.word[:1].isupper():
        return True
    before = reader.text[max(0, tok.start - 3):tok.start].rstrip(" \t\"“(")
    return not before or before[-1] in ".!?:\n"  # a sentence's first word ("Ahead of")


def _mission_place_end(toks: list[_Tok], end: int) -> int:
    """Where a mission's name ends: after the place that follows its head, a listed one
    directly ("U.S. Embassy New Delhi", not "U.S. Embassy Staff"), any capitalised one after
    "in" ("the U.S. Consulate General in Erbil"), never a title ("... Bogota Charge")."""
    if end < len(toks) and toks[end].rule >= 0:
        return end + 1
    if end + 1 >= len(toks) or toks[end].low != "in":
        return end
    place_end = end + 1
    while place_end < len(toks) and (toks[place_end].rule >= 0 or (
            toks[place_end].low not in w.CONNECTORS and toks[place_end].low not in w.TITLE_WORDS
            and toks[place_end].word[:1].isupper())):
        place_end += 1
    return place_end if place_end > end + 1 else end


def _bare_name(toks: list[_Tok], reader: _Reader, found: list[Found]) -> None:
    """Two or three name-like words that the text never writes in lower case, or a name
    before a reporting verb ("Griner said"). A listed state before them is an apposition,
    not part of the name ("Americans Paul Whelan"), and so is an origin."""
    rules = reader.matcher.rules
    while toks and (toks[0].rule >= 0 and rules[toks[0].rule].type == "state"
                    or _HERITAGE.fullmatch(toks[0].word)):
        toks = toks[1:]  # or an origin ("Palestinian-American Shireen Abu Akleh")
    longest = 4 if any(_PARTICLE_AT.match(t.word) for t in toks) else 3  # "Abu Ibrahim al-..."
    if not 2 <= len(toks) <= longest or not all(reader.name_like(t) for t in toks):
        return
    if _initial(toks[0]) or _initial(toks[-1]) or any(t.low in w.CONNECTORS for t in toks) \
            or not all(t.base.replace("-", "").isalpha() for t in toks) \
            or any(t.word != t.base for t in toks[:-1]):
        return  # an initial, a connector, a digit; "Martha's Vineyard": a possessive inside
    last = toks[-1]
    end = last.start + len(last.base)
    after = _NEXT_WORD.match(reader.text, end)
    if any(t.low in w.PLACE_WORDS for t in toks) or (after and after[1] in w.PLACE_WORDS):
        return
    # a reporting verb after the name, or an apposition that says what the person is
    # ("..., the leader of ISIS")
    reported = _REPORTING.match(reader.text, end) is not None or _APPOSITION.match(
        reader.text, end) is not None
    if not reported and (toks[0].low not in _given_names(reader.matcher)
                         or any(reader.written_lower(t.low) for t in toks)):
        return  # without a reporting verb, a name must open with a given name the pack knows
    name, person_id = _person_name(toks)
    found.append(Found(toks[0].start, end, person_id, name, "actors", "person"))


def _numbered(text: str, reader: _Reader, found: list[Found]) -> None:
    """Security Council and General Assembly resolutions, one for each number, and Articles
    of the UN Charter."""
    for m in _numbered_matches(text):
        if m.group(3):
            numbers = [(m.start(3), m.end(3), m.group(3))]
            body = "UNSCR"
        else:
            numbers = [(n.start(), n.end(), n.group()) for n in
                       _NUMBER.finditer(text, m.start(2), m.end(2))
                       if not (text[n.start() - 1:n.start()] == "(" and len(n.group()) == 4
                               and text[n.end():n.end() + 1] == ")")]
            body = m.group(1) or _body_before(text, m.start())
        for k, (s, e, number) in enumerate(numbers):
            if _covered(reader, s, e):
                continue
            start = m.start() if k == 0 else s
            if _covered(reader, start, s):  # "Security Council" is the listed body's
                start = m.start() + m.group(0).lower().find("resolution")
            assembly = "/" in number or body in ("UNGA", "General Assembly")
            prefix = "unga" if assembly else "unsc"
            name = ("General Assembly" if assembly else "Security Council") + \
                f" resolution {number}"
            found.append(Found(start, e, f"mech.{prefix}-resolution-{slug(number)}", name,
                               "mechanisms", "resolution"))
    for m in _ARTICLES.finditer(text):
        for k, n in enumerate(_NUMBER.finditer(text, m.start(1), m.end(1))):
            if _covered(reader, n.start(), n.end()):
                continue
            start = m.start() if k == 0 else n.start()
            found.append(Found(start, n.end(), f"mech.un-charter-article-{n.group()}",
                               f"UN Charter Article {n.group()}", "mechanisms", "treaty"))


def _numbered_orders(text: str, reader: _Reader, found: list[Found],
                     listed: list[Listed]) -> None:
    """Executive orders, presidential policy directives and memoranda, one for each number;
    a number the pack lists is that rule's mention ("... Orders 13818 and 14024")."""
    index = reader.matcher.index_by_id
    for m in _ORDERS.finditer(text):
        kind, title = next(k for k, group in zip(_ORDER_KINDS, m.groups()[:3], strict=True)
                           if group)
        for k, n in enumerate(_ORDER_NUMBER.finditer(text, m.start(4), m.end(4))):
            if _covered(reader, n.start(), n.end()):
                continue  # a listed one ("Executive Order 14024")
            start = m.start() if k == 0 else n.start()
            rule_id = f"mech.{kind}-{n.group()}"
            if rule_id in index:
                listed.append(Listed(start, n.end(), index[rule_id], False))
            else:
                found.append(Found(start, n.end(), rule_id, f"{title} {n.group()}",
                                   "mechanisms", "law"))


def _numbered_matches(text: str) -> Iterator[re.Match[str]]:
    """``_NUMBERED``'s matches, sought only where a number follows "resolution" or "UNSCR":
    the pattern opens with an optional body name, so a plain scan would try it at every
    character of the text."""
    done = 0
    hits = [m.start() - 1 for m in _RESOLUTION_AT.finditer(text) if m.start()
            and text[m.start() - 1] in "Rr"]
    if "UNSCR" in text:
        hits = sorted(hits + [m.start() for m in _UNSCR_AT.finditer(text)])
    for at in hits:
        if at < done:
            continue
        # the longest body name before "resolution" ("Security Council’s ") is 19 letters
        m = _NUMBERED.search(text, max(done, at - 40))
        if m is None:
            return
        if m.start() > at:
            continue
        done = m.end()
        yield m


def _body_before(text: str, pos: int) -> str:
    window = text[max(0, pos - 80):pos]
    return "General Assembly" if "General Assembly" in window or "UNGA" in window else ""


def _covered(reader: _Reader, start: int, end: int) -> bool:
    i = bisect_right(reader.starts, end - 1) - 1
    return i >= 0 and reader.spans[i][1] > start


def _join_people(found: list[Found], reader: _Reader) -> list[Found]:
    """A surname alone joins the full name found in the same text ("Ambassador Carstens" and
    "Roger Carstens"), and later short mentions ("Sherman said") are found and joined."""
    people = [f for f in found if f.type == "person"]
    full: dict[str, Found] = {}
    for f in people:
        if " " in f.name:
            full.setdefault(f.name.split()[-1], f)
    out = []
    for f in found:
        if f.type == "person" and " " not in f.name and f.name in full:
            whole = full[f.name]
            f = Found(f.start, f.end, whole.id, whole.name, "actors", "person",
                      f.country or whole.country, f.role or whole.role)
        out.append(f)
    if not full:
        return out
    taken = sorted((f.start, f.end) for f in out)
    starts = [s for s, _ in taken]
    first: dict[str, int] = {}
    for f in out:
        first[f.id] = min(first.get(f.id, f.start), f.start)
    text = reader.text
    for surname, whole in full.items():
        at = text.find(surname, first[whole.id] + 1)
        while at >= 0:
            end = at + len(surname)
            bounded = not (at and (text[at - 1].isalnum() or text[at - 1] in "_'’-")) and not (
                end < len(text) and (text[end].isalnum() or text[end] in "_-"))
            i = bisect_right(starts, at) - 1
            if bounded and not _covered(reader, at, end) and not (i >= 0 and taken[i][1] > at):
                out.append(Found(at, end, whole.id, whole.name, "actors", "person",
                                 whole.country, whole.role))
            at = text.find(surname, end)
    return out


# The moderator of a Q&A giving the floor: "Let's go to the line of Jennifer Hansler",
# "we have Simon Lewis back on the line", "the next question comes from ...".
_FLOOR = re.compile(r"(?:\bgo (?:to|over to)|\bturn to|\bline of|\bquestions? (?:is |comes )?from|"
                    r"\bcall on|\bwe have|\bnext is|\bgive it to|\bover to)\s+(?:the line of\s+)?$",
                    re.IGNORECASE)


_SELF_INTRODUCTION = re.compile(r"\b(?:it['’]s|it is|I['’]m|I am|this is|my name is|"
                                r"name['’]s|name is)\s+$", re.IGNORECASE)
_AFFILIATION = re.compile(r"(?:,|\s+(?:from|with|of))\s+$")
_INTRODUCTION_SPAN = 300  # a journalist says who they are at the start of the question


def _no_journalists(text: str, turns: Sequence[Turn], found: list[Found]) -> list[Found]:
    """Journalists are not actors: in a transcript with questions, a name that opens a
    question turn before a comma ("QUESTION: Thomas Gutschker, Frankfurter Allgemeine"), a
    name a questioner introduces themselves by ("QUESTION: Hi, it's Timothy Garton Ash"), or
    a name the moderator gives the floor to ("Let's go to the line of Jennifer Hansler"); and
    the unlisted outlet or affiliation right after a journalist's name (", Oxford
    University")."""
    asked = [t for t in turns if t.is_question]
    if not asked:
        return found
    dropped = set()
    ends: list[int] = []
    for t in asked:
        content = t.start + len(t.label) + 1
        for f in found:
            if f.type != "person" or not content <= f.start < t.end:
                continue
            if content <= f.start <= content + 3 and text[f.end:f.end + 1] == "," or \
                    f.start <= content + _INTRODUCTION_SPAN and f.role is None and \
                    _SELF_INTRODUCTION.search(text, max(content, f.start - 20), f.start):
                dropped.add(f.id)
                ends.append(f.end)
    for f in found:
        if f.type == "person" and f.role is None \
                and _FLOOR.search(text, max(0, f.start - 40), f.start):
            dropped.add(f.id)
            ends.append(f.end)
    for f in found:
        if f.type != "person" and f.kind == "actors" and any(
                0 <= f.start - end <= 8 and _AFFILIATION.match(text, end, f.start)
                for end in ends):
            dropped.add(f.id)
    return [f for f in found if f.id not in dropped]


def _label_speakers(text: str, turns: Sequence[Turn], reader: _Reader, found: list[Found],
                    listed: list[Listed]) -> None:
    """Speakers named only in turn labels ("MR PRICE:") are actors of the document."""
    index = reader.matcher.index_by_id
    for turn in turns:
        start, end = turn.start, turn.start + len(turn.label)
        if turn.is_question or _covered(reader, start, end):
            continue
        if turn.speaker is not None and turn.speaker in index:
            listed.append(Listed(start, end, index[turn.speaker], False))
            continue
        m = _LABEL.fullmatch(turn.label.strip())
        title = None
        if m is None:
            title, surname = _titled_label(turn.label)
            if surname is None:
                named = _named_label(turn.label)
                if named is not None:  # "KOBAYASHI Maki, Press Secretary:"
                    name, title = named
                    home = reader.home if set(title.lower().split()) & w.HOME_TITLES else None
                    found.append(Found(start, end, "person." + slug(name), name, "actors",
                                       "person", home, title))
                continue
        else:
            surname = m.group(1).capitalize()
        if title is None:
            # "MS PORTER:" once a rule lists Porter: the text names her, or she is of its state
            # (not "MS SMITH" for a listed Jamaican minister)
            rule = _listed_surname(reader.matcher, surname, reader.home, None,
                                   reader.named_rules)
            if rule is not None and not (rule in reader.named_rules
                                         or reader.matcher.rules[rule].country == reader.home):
                rule = None
        else:
            rule = titled_person(reader.matcher, title, surname, reader.named_rules)
        if rule is not None:
            listed.append(Listed(start, end, rule, False))
            continue
        same = next((f for f in found if f.type == "person"
                     and f.name.split()[-1].lower() == surname.lower()), None)
        # "MR PRICE" (a form of address) is the document's own spokesperson; "FOREIGN
        # MINISTER KORVALD" the home state's only if the title says so
        home = reader.home if title is None or set(title.lower().split()) & w.HOME_TITLES \
            else None
        if same is not None:
            found.append(Found(start, end, same.id, same.name, "actors", "person",
                               same.country or home, same.role))
        else:
            found.append(Found(start, end, "person." + slug(surname), surname, "actors",
                               "person", home, title))


_HONORIFICS = frozenset("mr mrs ms dr shri smt h.e. he his excellency sir madam".split())


def _named_label(label: str) -> tuple[str, str] | None:
    """The name and title of a turn label that is a full name, a comma and a title
    ("KOBAYASHI Maki, Press Secretary", "Dr. Amara Quell, Official Spokesperson"), the name
    title-cased where the label writes it in capitals, else None."""
    name, comma, title = label.partition(",")
    title_words = tuple(word.lower().strip(".") for word in title.split())
    if not comma or not any(title_words[k:] in w.TITLES for k in range(len(title_words))):
        return None
    words = name.split()
    while words and words[0].lower().strip(".") in _HONORIFICS:
        words = words[1:]
    if not 2 <= len(words) <= 4 or not all(
            word.replace("-", "").isalpha() and word[0].isupper()
            and word.lower() not in w.TITLE_WORDS and word.lower() not in w.NOT_NAMES
            for word in words):
        return None
    return (" ".join(word.capitalize() if word.isupper() else word for word in words),
            " ".join(title.split()))


def _titled_label(label: str) -> tuple[str | None, str | None]:
    """The title and surname of a turn label that is a title and one name ("FOREIGN
    MINISTER KORVALD", "DEPUTY SECRETARY SHERMAN"), title-cased, else (None, None)."""
    words = label.split()
    if len(words) < 2 or not words[-1].isalpha() or not words[-1].isupper() \
            or len(words[-1]) < 2:
        return None, None
    title = tuple(word.lower() for word in words[:-1])
    if title not in w.TITLES and title[1:] not in w.TITLES:  # "CHINESE FOREIGN MINISTER"
        return None, None
    if words[-1].lower() in w.TITLE_WORDS or words[-1].lower() in w.NOT_NAMES:
        return None, None
    return " ".join(word.capitalize() for word in words[:-1]), words[-1].capitalize()


def _no_overlaps(found: list[Found]) -> list[Found]:
    """Sorted by offset; of two overlapping mentions the earlier, longer one stays."""
    out: list[Found] = []
    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        if out and f.start < out[-1].end:
            continue
        out.append(f)
    return out
