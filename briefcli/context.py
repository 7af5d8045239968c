"""Document context: who issued a document, who speaks in it, when, and under what title.

One place to read who speaks for whom. Context comes from five places, and the first that
knows a value wins (each value's origin is recorded in ``meta.origin``):

1. ``flag``: ``--issuer``, ``--speaker``, ``--date`` (``tag(..., context=Given(...))``);
2. ``field``: a JSON Lines record's ``issuer``, ``speaker``, ``date``, ``title`` fields (or
   those ``--field NAME=FIELD`` maps);
3. ``file-name``: the fields of ``--name-pattern`` (``{year}_{issuer}.txt``);
4. ``text``: the document's header (title, dateline), its turn labels ("MR PRICE:"), the
   people named in its title, the foreign ministry or organisation its title names;
5. ``none``: unknown. A state that is merely mentioned is never taken for the issuer.

Dates: a full date (``2015-09-28``) is kept as given; a year (``2015``) or a month
(``2015-09``), as a file name often gives them, is kept at that precision in ``meta.date``
and stands for its middle (1 July, the 15th) when choosing who held an office. Without any
date, a title alone ("the Foreign Minister of Ukraine") names the office's institution, never
its latest holder.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefcli.model import Origin, Turn
from briefcli.normalize import normalize, without_surrogates
from briefcli.positions import EntityRef
from briefcli.segment import Segmentation, TurnLabel

if TYPE_CHECKING:
    from briefcli.matcher import Hit, Matcher
    from briefcli.ruletypes import Rule

Resolved = tuple[int, int, "Hit", int]  # start, end (original offsets), the hit, the rule

ORIGINS = ("flag", "field", "file-name", "text", "none")

_MONTHS = ("january february march april may june july august september october november "
           "december").split()
_MONTH_RE = "|".join(m.capitalize() for m in _MONTHS)
_DATE_PATTERNS = (
    (re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE}),?\s+(\d{{4}})\b", re.I), "dmy"),
    (re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I), "mdy"),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "ymd"),
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"), "dmy-num"),
)
_GIVEN_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?")
HEADER_CHARS = 600  # how far into a text its header (title, dateline) may reach
_TITLE_MAX = 200
_COLLECTIVE = re.compile(r"we,?( the)?( (leaders|ministers|members|heads of state and "
                         r"government|foreign ministers))?( of( the)?)?")
# A numbered paragraph's number is no word of its sentence ("4. Japan will continue ...").
_ENUMERATOR = re.compile(r"^(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|[•\-–—*·])\s*")
_COLLECTIVE_ROLE = re.compile(r"leaders|ministers|members|heads of state")
_COLLECTIVE_AFTER = re.compile(
    r"[ ,]*(?:foreign |defence |defense |finance |trade )?(?:ministers|leaders|heads|members|"
    r"member states|countries|partners|allies|nations|states|signatories|participants|"
    r"co-chairs|representatives|governments)\b", re.IGNORECASE)
# A speaker naming the state it speaks for, wherever in the text: "on behalf of the people of
# Mozambique", "my country, Sri Lanka,", "as President of the Argentine Republic" (matched
# against the words right before a listed state's name, lower-cased).
# "On behalf of" only in the speaker's own voice: "I speak on behalf of ...", "On behalf of
# the people of Mozambique, I ...", not "Piso signed the Accords on behalf of Romania".
_SPEAKS_FOR = re.compile(
    r"(?:(?:\b(?:i|we|me|my|our|us|honou?r|pleasure|privilege)\b[^.;]{0,80}|(?:^|[.!?,]\s+|\n))"
    r"on behalf of (?:the |my )?(?:(?:government"
    r"|people|delegation|state)s? (?:and (?:the )?"
    r"(?:people|government) )?of )?|my (?:own )?country,? |(?:as|i am) (?:the )?(?:president|"
    r"prime minister|head of state|head of government|minister for foreign affairs|foreign "
    r"minister|vice-president|vice president|king|emir) of |\bwe here in |\bwe in |\bwe, )"
    r"(?:the )?$")
_QUOTED_SOURCE = re.compile(r"\b(?:by|[Aa]ccording to)\s+(?:the\s+)?"
                            r"(?:[A-Z][\w-]+\s+)?$")
_AS_OFFICE = re.compile(r"(?:^|[.!?]\s+|\n|\bi\b[^.;]{0,40})(?:as|i am) (?:the )?$")
# "Sri Lanka, my country, has ...": an apposition, set off by commas ("Along with Guatemala,
# my country is ..." names a neighbour)
_SPEAKS_FOR_AFTER = re.compile(r", my (?:own |dear |beloved )?country(?:,|\.|$)")
# How every _SPEAKS_FOR match ends (before an optional "the "): a cheap test first, since the
# pattern, anchored at the end, is tried from every position of the lead.
_SPEAKS_FOR_TAILS = ("of ", "my ", "country ", "country, ", "in ", "we, ")


def _names_own_state(text: str, start: int) -> bool:
    """Whether the words before a state's name at ``start`` match _SPEAKS_FOR (on its last
    160 characters, lower-cased). Only an "on behalf of" needs them all; the other forms fit
    in the last 50."""
    tail = text[max(0, start - 16):start].lower()
    if not (tail[:-4] if tail.endswith("the ") else tail).endswith(_SPEAKS_FOR_TAILS):
        return False
    lead = text[max(0, start - 160):start].lower()
    window = 0 if "on behalf of" in lead else max(0, len(lead) - 50)
    return _SPEAKS_FOR.search(lead, window) is not None


@dataclass(frozen=True, slots=True)
class Given:
    """Context from outside a document's text, each value with where it came from
    (``flag``, ``field`` or ``file-name``). ``issuer`` and ``speaker`` are as given: a code,
    an id or any alias the pack knows; ``tag()`` resolves them."""

    issuer: str | None = None
    issuer_from: str = "none"
    speaker: str | None = None
    speaker_from: str = "none"
    date: str | None = None
    date_from: str = "none"
    title: str | None = None
    title_from: str = "none"

    @classmethod
    def of(cls, origin: str, *, issuer: str | None = None, speaker: str | None = None,
           date: str | None = None, title: str | None = None) -> Given:
        """Values from one origin; empty values count as absent."""
        return cls(issuer or None, origin if issuer else "none", speaker or None,
                   origin if speaker else "none", date or None, origin if date else "none",
                   title or None, origin if title else "none")

    def over(self, lower: Given) -> Given:
        """These values, and ``lower``'s where these have none."""
        values: dict[str, str | None] = {}
        for name in ("issuer", "speaker", "date", "title"):
            source = self if getattr(self, name) is not None else lower
            values[name] = getattr(source, name)
            values[name + "_from"] = getattr(source, name + "_from")
        return Given(**values)  # type: ignore[arg-type]


def normalize_date(value: str) -> str | None:
    """``2015``, ``2015-09``, ``2015-09-28`` (or an ISO date-time) as given, else None."""
    m = _GIVEN_DATE.fullmatch(value.strip())
    if not m:
        return None
    year, month, day = m.groups()
    if month and not 1 <= int(month) <= 12:
        return None
    if day and not 1 <= int(day) <= 31:
        return None
    return "-".join(part for part in (year, month, day) if part)


def as_day(date: str | None) -> str | None:
    """The day a date stands for when choosing office holders: a year is its 1 July, a
    month its 15th."""
    if date is None or len(date) == 10:
        return date
    if len(date) == 7:
        return date + "-15"
    return date + "-07-01"


# --- file names ---------------------------------------------------------------------------

_NAME_FIELDS = {"issuer": r"[^/]+?", "speaker": r"[^/]+?", "date": r"\d{4}-\d{2}-\d{2}",
                "year": r"\d{4}", "month": r"\d{2}", "*": r".*?"}
_PLACEHOLDER = re.compile(r"\{([a-z*]+)\}")


def compile_name_pattern(pattern: str) -> re.Pattern[str]:
    """``{year}_{issuer}.txt`` as a regular expression over a file's name (its base name, or
    its whole path when the pattern holds a ``/``). Raises ValueError for an unknown field."""
    parts: list[str] = []
    seen: set[str] = set()
    last = 0
    for m in _PLACEHOLDER.finditer(pattern):
        name = m.group(1)
        if name not in _NAME_FIELDS:
            raise ValueError(f"unknown field {{{name}}} (fields: "
                             + ", ".join(f"{{{k}}}" for k in _NAME_FIELDS) + ")")
        parts.append(re.escape(pattern[last:m.start()]))
        if name == "*" or name in seen:
            parts.append(f"(?:{_NAME_FIELDS[name]})")
        else:
            parts.append(f"(?P<{name}>{_NAME_FIELDS[name]})")
            seen.add(name)
        last = m.end()
    parts.append(re.escape(pattern[last:]))
    if "/" not in pattern:  # a base name: whatever folders lead to it
        parts.insert(0, "(?:.*/)?")
    if not seen and "*" not in pattern:
        raise ValueError("names no field: use {issuer}, {speaker}, {date}, {year}, {month} "
                         "or {*}")
    return re.compile("".join(parts))


def from_file_name(pattern: re.Pattern[str], path: str) -> Given | None:
    """The context a file name gives, or None when it does not match the pattern."""
    m = pattern.fullmatch(path.replace("\\", "/"))
    if m is None:
        return None
    fields = m.groupdict()
    date = fields.get("date")
    if date is None and fields.get("year"):
        date = fields["year"] + (f"-{fields['month']}" if fields.get("month") else "")
    return Given.of("file-name", issuer=fields.get("issuer"), speaker=fields.get("speaker"),
                    date=normalize_date(date) if date else None)


# --- the text -------------------------------------------------------------------------------

def header(text: str) -> str:
    """The lines where a briefing states its date: the first few short lines (title,
    dateline), not the prose, which is full of historical dates."""
    lines = []
    for line in text[:HEADER_CHARS].splitlines():
        if line.strip():
            if len(line) > _TITLE_MAX:  # prose: only a dateline at its very start counts
                if any((m := pattern.search(line[:60])) and m.start() <= 25
                       for pattern, _ in _DATE_PATTERNS):
                    lines.append(line[:60])
                break
            lines.append(line)
            if len(lines) == 6:
                break
    return "\n".join(lines)


def find_date(text: str) -> str | None:
    """The date a text's header states, as YYYY-MM-DD."""
    head = header(text)
    best: tuple[int, str] | None = None
    for pattern, order in _DATE_PATTERNS:
        m = pattern.search(head)
        if not m:
            continue
        a, b, c = m.groups()
        if order == "dmy":
            day, month, year = int(a), _MONTHS.index(b.lower()) + 1, int(c)
        elif order == "mdy":
            day, month, year = int(b), _MONTHS.index(a.lower()) + 1, int(c)
        elif order == "ymd":
            year, month, day = int(a), int(b), int(c)
        else:
            day, month, year = int(a), int(b), int(c)
        if not (1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2100):
            continue
        if best is None or m.start() < best[0]:
            best = (m.start(), f"{year:04d}-{month:02d}-{day:02d}")
    return best[1] if best else None


def find_title(text: str) -> str | None:
    """The first non-empty line, when it reads as a title (short, no closing punctuation,
    neither a salutation nor the speaker's own words)."""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if len(stripped) <= _TITLE_MAX and stripped[-1] not in ".!?;,:\"”" \
                and not _NOT_A_TITLE.search(stripped) \
                and not _FIRST_PERSON_WORDS.search(stripped):
            return stripped
        return None
    return None


# "Excellency, Volkan Bozkir, President of the General Assembly" greets the addressee, and "At
# the outset. I would like to ..." is a speech's first words cut by a line break: neither is
# a title, so neither names the issuer.
_NOT_A_TITLE = re.compile(
    r"^\W*(?:(?:your|his|her|their)\s+)?excellenc|^\W*(?:mr\.?|madam|madame|mister)\s+"
    r"(?:president|chair|secretary|speaker|co-chair)|^\W*(?:distinguished|dear|ladies and "
    r"gentlemen|honou?rable)", re.IGNORECASE)
_FIRST_PERSON_WORDS = re.compile(r"\bI\b(?![.’'])|\b(?:we|my)\b")


_OFFICE = re.compile(
    r"(?:the\s+)?(?:(?:office|bureau)\s+of\s+the\s+(?:spokes(?:person|man|woman)|press\s+secretary)"
    r"|(?:spokes(?:person|man|woman)'s\s+|press\s+)(?:office|service|department|section)"
    r"|information\s+and\s+press\s+department|press\s+and\s+information\s+(?:office|department))",
    re.IGNORECASE)
_TITLE_PARTS = re.compile(r"\s+[-\u2013\u2014|:]\s+|\s*[|\u2013\u2014]\s*")


def is_office(value: str) -> bool:
    """Whether a speaker given as a name is a ministry's press office ("Office of the
    Spokesperson", "Press Service", "Information and Press Department"): the issuer itself
    speaks, as its statements are the ministry's, not one person's."""
    return _OFFICE.fullmatch(value.strip()) is not None


def resolve_actor(matcher: Matcher, value: str) -> str | None:
    """The actor id a code, id or alias names (``RUS``, ``org.eu``, ``EU``, ``Russia``,
    ``Antony J. Blinken, Secretary of State``), or None. An alias must be the whole value,
    or the whole of its part before a comma (the name before a title), or of one part of a
    title cut by dashes, bars or colons."""
    value = value.strip()
    if not value:
        return None
    index = matcher.index_by_id
    for candidate in (value, value.upper()):
        if candidate in index and matcher.rules[index[candidate]].kind == "actors":
            return candidate
    # The whole value, the name before a title, or one part of a page's or a feed's title
    # ("Press Releases – United States Department of State").
    parts = [p.strip() for p in _TITLE_PARTS.split(value) if p.strip()]
    for candidate in dict.fromkeys((value, value.split(",", 1)[0].strip(), *parts[:6])):
        norm = normalize(candidate)
        entities, _ = matcher.select(matcher.raw_hits(norm))
        whole = [h for h in entities if h.start == 0 and h.end == len(norm.cased)
                 and matcher.kinds[h.rule] == "actors"]
        if whole:
            rule = matcher.rules[whole[0].rule]
            return rule.id if "{home}" not in rule.id else None
    return None


@dataclass(frozen=True, slots=True)
class Context:
    """A document's context once worked out: the issuer (an actor id) and the state or
    organisation it speaks for (``home``), the speakers, date and title, with origins."""

    issuer: str | None
    home: str | None
    speakers: tuple[str, ...]
    date: str | None
    title: str | None
    origin: Origin
    turns: tuple[Turn, ...]
    sentence_turns: tuple[int | None, ...]


def given_date(given: Given, text: str) -> tuple[str | None, str]:
    """The document's date and its origin: what was given, else the text's header."""
    if given.date is not None:
        return given.date, given.date_from
    found = find_date(text)
    return (found, "text") if found else (None, "none")


def work_out(text: str, seg: Segmentation, resolved: list[Resolved], matcher: Matcher,
             given: Given, date: str | None, date_from: str, notes: list[str],
             source: str) -> Context:
    """The context of a tagged text: ``given`` first, then what the text says."""
    rules = matcher.rules
    countries = matcher.countries
    turns, sentence_turns = _turns(text, seg, resolved, rules, matcher)
    title, title_from = ((given.title, given.title_from) if given.title is not None
                         else (find_title(text), "text"))
    office = given.speaker is not None and is_office(given.speaker)
    speaker = None if office else _given_actor(matcher, given.speaker, given.speaker_from,
                                               "speaker", notes, source)
    speakers = [speaker] if speaker else []
    speakers_from = given.speaker_from if speaker else "none"
    text_speakers = _attributed_to(text, resolved, rules)
    text_speakers += [t.speaker for t in turns if t.speaker and not t.is_question]
    if title and title_from == "text":
        t_start = text.find(title)
        text_speakers += [rules[i].id for s, _, _, i in resolved
                          if rules[i].type == "person" and t_start <= s < t_start + len(title)]
    text_speakers += _byline_speakers(text, resolved, rules)
    if text_speakers and speakers_from == "none":
        speakers_from = "text"
    speakers += text_speakers
    issuer = _given_actor(matcher, given.issuer, given.issuer_from, "issuer", notes, source)
    issuer_from = given.issuer_from if issuer else "none"
    if issuer is None:
        issuer = _issuer_in_text(speakers, resolved, matcher, text, date, title)
        issuer_from = "text" if issuer else "none"
    if office and issuer is not None and issuer_from != "text":
        speakers.insert(0, issuer)  # "Office of the Spokesperson": the issuer speaks
        speakers_from = given.speaker_from
    home = (countries.get(issuer) or issuer) if issuer else None
    origin = Origin(issuer=issuer_from, speakers=speakers_from if speakers else "none",
                    date=date_from, title=title_from if title else "none")
    return Context(issuer, home, tuple(dict.fromkeys(speakers)), date, title, origin,
                   tuple(turns), tuple(sentence_turns))


def _given_actor(matcher: Matcher, value: str | None, origin: str, what: str,
                 notes: list[str], source: str) -> str | None:
    """A given issuer or speaker as an actor id; one that no rule knows is noted and
    ignored (a flag's is refused before tagging, by the command)."""
    if value is None:
        return None
    actor = resolve_actor(matcher, value)
    if actor is None:
        notes.append(f"{source}: {what} {value!r} ({origin}) is not an actor the rules "
                     "know; ignored")
    return actor


_ATTRIBUTABLE = re.compile(r"\battributable to\b", re.IGNORECASE)


def _attributed_to(text: str, resolved: list[Resolved], rules: Sequence[Rule]) -> list[str]:
    """The person a header line gives the text to ("The below is attributable to
    Spokesperson Ned Price:"): the text's own voice, before anyone its title names."""
    head = text[:HEADER_CHARS]
    at = _ATTRIBUTABLE.search(head)
    if at is None:
        return []
    line_end = head.find("\n", at.end())
    line_end = len(head) if line_end < 0 else line_end
    return [rules[r_index].id for start, _, _, r_index in resolved
            if at.end() <= start < line_end and rules[r_index].type == "person"][:1]


def _byline_speakers(text: str, resolved: list[Resolved], rules: Sequence[Rule]) -> list[str]:
    """People a header line names as its author: a short line that opens with the name
    ("Ned Price, Department Spokesperson", "MARCO RUBIO, SECRETARY OF STATE")."""
    found = []
    for start, _, _, r_index in resolved:
        if start > HEADER_CHARS:
            break
        if rules[r_index].type != "person":
            continue
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        if start - line_start <= 2 and len(line) <= 90 and not line.rstrip().endswith(
                (".", "?", "!", ":")) and ":" not in line[:start - line_start + 40]:
            found.append(rules[r_index].id)
    return found


def _issuer_in_text(speakers: list[str], resolved: list[Resolved], matcher: Matcher,
                    text: str, date: str | None, title: str | None) -> str | None:
    """Who issued the document, as its text says: the state of the official its title names
    first ("Secretary Blinken and Israeli Foreign Minister Lapid at a Joint Press
    Availability": a guest may speak first), else its speaker's state (or organisation), else
    the first foreign ministry or organisation named in its title ("Statement by the EU High
    Representative"), else the capital of a dateline ("New Delhi, 10 May 2025"), else a
    foreign ministry named in its header, else the one foreign ministry it names. Never a
    state merely mentioned in the prose.
    (References are made as the loops reach them: they nearly always stop early.)"""
    countries = matcher.countries

    def refs() -> Iterator[EntityRef]:
        return (entity_ref(matcher, r) for r in resolved)

    in_title = None
    for ref in _leading_refs(title, text, refs(), matcher):
        if ref.type == "person":
            return countries[ref.id]
        in_title = ref
        break
    for speaker in speakers:
        if countries.get(speaker):
            return countries[speaker]
    if in_title is not None:
        return in_title.country if in_title.id.endswith(".mfa") else (
            countries.get(in_title.id) or in_title.id)
    for ref in refs():
        if ref.start > HEADER_CHARS:
            break
        if ref.category == "capital" and date:
            line_end = text.find("\n", ref.end)
            line = text[text.rfind("\n", 0, ref.start) + 1:line_end if line_end >= 0 else None]
            if len(line) < 80 and find_date(line):
                return ref.country
        if ref.id.endswith(".mfa") and ref.country:
            return ref.country
        if ref.type == "person" and countries.get(ref.id) and text[ref.end:ref.end + 1] == "," \
                and text[text.rfind("\n", 0, ref.start) + 1:ref.start].strip() == "":
            return countries[ref.id]  # a byline: "Antony J. Blinken, Secretary of State"
    if matcher.header_lines:
        for line in header(text).splitlines():
            issued_by = matcher.header_lines.get(" ".join(line.split()).lower())
            if issued_by is not None:  # "Office of the Spokesperson": the pack knows whose
                return countries.get(issued_by) or issued_by
    # A statement naming one foreign ministry, and no other, names its own ("the Department
    # of State will work with ..."); with two or more, none of them is known to be the issuer.
    # A ministry named without its state ("the Department", "the Foreign Ministry") is that
    # one when the names share a word ("Department of State"), else another.
    # A ministry that only stands as another's source or agent ("a figure also accepted by
    # the Azerbaijani Ministry of Foreign Affairs", "according to the Foreign Ministry") is
    # quoted, not speaking: an Armenian speech is not Azerbaijan's.
    ministries: set[str] = set()
    named_words: set[str] = set()
    unnamed: list[set[str]] = []
    for start, end, _, r in resolved:
        rule = matcher.rules[r]
        if not rule.id.endswith(".mfa") or _QUOTED_SOURCE.search(text, max(0, start - 30), start):
            continue
        words = set(text[start:end].lower().split()) - {"the", "of", "for"}
        if rule.country:
            ministries.add(rule.country)
            named_words |= words
        else:
            unnamed.append(words)
    if len(ministries) == 1 and all(words & named_words for words in unnamed):
        return ministries.pop()
    return None


# What may stand in a title before the one who issues it: the kind of text and the title
# of the official ("Joint Statement by the", "Remarks by Secretary"), nothing that makes the
# name a topic ("The Passing of Former Prime Minister ...", "... Meeting with ...", a person
# after an opening "The": "The Ortega Regime Should ...").
_LEADING_TITLE = re.compile(
    r"(?:\s|(?:joint|press|statement|statements|release|remarks|readout|declaration|"
    r"communiqu[eé]|briefing|by|the|from|of|on|behalf|on-the-record|secretary|deputy|under|assistant|"
    r"acting|special|envoy|representative|ambassador|minister|foreign|spokesperson|"
    r"spokesman|spokeswoman|president|prime|vice|chancellor|senior|state|high|"
    r"[A-Z]\.)(?![\w.]))*", re.IGNORECASE)


def _leading_refs(title: str | None, text: str, refs: Iterator[EntityRef], matcher: Matcher
                  ) -> Iterator[EntityRef]:
    """The officials (people of a known country), foreign ministries and organisations a
    title names as who issues it: with nothing but the kind of text and titles before them
    ("Remarks by Secretary Blinken"), not as its topic ("Deputy Secretary Sherman's Meeting
    with Angolan Foreign Minister ...", "The Ortega Regime Should ...")."""
    countries = matcher.countries
    for ref, before in _title_refs(title, text, refs, matcher):
        before = before[before.rfind(": ") + 1:]  # "DR Congo: Statement by the ..."
        if not _LEADING_TITLE.fullmatch(before):
            continue
        if ref.type == "person" and countries.get(ref.id):
            if before.lstrip()[:4].lower() != "the ":
                yield ref
        elif ref.id.endswith(".mfa") and ref.country or ref.type == "organization":
            yield ref


def title_official(title: str | None, text: str, refs: Sequence[EntityRef],
                   matcher: Matcher) -> str | None:
    """The country of the official a title names first as who issues it, read again once
    the open world has found the listed people the matcher could not see ("Deputy Secretary
    Sherman's Travel to Turkey": a title and a surname)."""
    first = next(_leading_refs(title, text, iter(refs), matcher), None)
    return matcher.countries.get(first.id) if first is not None and first.type == "person" \
        else None


def _title_refs(title: str | None, text: str, refs: Iterator[EntityRef],
                matcher: Matcher) -> Iterator[tuple[EntityRef, str]]:
    """The actors a title names, each with the title's words before it: those of the text
    within the title when the text holds it (its first line), else those of the title
    itself (a record's field), where an ambiguous name is left out, no date or document
    being there to settle it."""
    if not title:
        return
    at = text.find(title)
    if at >= 0:
        for ref in refs:
            if ref.start >= at + len(title):
                return
            if ref.start >= at:
                yield ref, text[at:ref.start]
        return
    entities, _ = matcher.select(matcher.raw_hits(normalize(without_surrogates(title))))
    for hit in entities:
        rule = matcher.rules[hit.rule]
        if rule.kind == "actors" and not hit.candidates:
            yield EntityRef(hit.start, hit.end, rule.id, rule.kind, rule.type, rule.country,
                            matcher.alias_category(hit.rule, hit.alias)), title[:hit.start]


def self_reference(sentences: Sequence[tuple[int, int]], entities: Sequence[EntityRef],
                   cues: Sequence[tuple[int, str | None, bool]], text: str) -> str | None:
    """Who a text without a known issuer speaks for, when it names itself: "We, the G7
    Foreign Ministers" (the group), or a state as the subject of its own claims, in a
    sentence that opens with the state and states a stance ("The United States
    congratulates ...", "Türkiye, for its part, will continue ...").
    It must do so twice, or in the text's first sentences; a state a text merely mentions
    (or reports on in one sentence) is never taken. ``cues`` are (start, stance,
    speaker_holds) of the stance cues, sorted."""
    named = _speaks_for(entities, text)
    if named is not None:
        return named
    starts = [c[0] for c in cues]
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    index = 0
    for position, entity in enumerate(entities):
        if entity.kind != "actors":
            continue
        while index + 1 < len(sentences) and sentences[index + 1][0] <= entity.start:
            index += 1
        s_start, s_end = sentences[index]
        if entity.start - s_start > 40:  # "We, the Heads of State and Government of the"
            continue
        lead = _ENUMERATOR.sub("", text[s_start:entity.start].strip()).lower()
        if _COLLECTIVE.fullmatch(lead) and entity.type in ("group", "organization", "state") \
                and (entity.type == "state" or _COLLECTIVE_ROLE.search(lead)
                     or _COLLECTIVE_AFTER.match(text, entity.end)):
            # "We, the G7 Foreign Ministers, ...", "We, the Leaders of ASEAN": the signatories
            # speak; "We, the United Nations, must ..." is a member's rhetoric
            return entity.id
        if entity.type != "state" or lead not in ("", "the"):
            continue
        if _listed_with_others(entities, position, text):
            continue  # "France, Germany, Italy ... welcome": a joint statement's signatories
        k = bisect_right(starts, entity.end)
        if k < len(cues) and cues[k][0] < s_end and cues[k][1] and not cues[k][2]:
            counts[entity.id] = counts.get(entity.id, 0) + 1
            first.setdefault(entity.id, index)
    if not counts:
        return None
    best = max(counts, key=lambda c: (counts[c], -first[c]))
    # "the first sentences": a title or a dateline, and three sentences after it
    return best if counts[best] >= 2 or first[best] <= 3 else None


def _speaks_for(entities: Sequence[EntityRef], text: str) -> str | None:
    """The state a speaker says it speaks for ("on behalf of the people of Mozambique", "my
    country, Sri Lanka", "as President of Argentina"), named so at least once and by no
    other state more often."""
    counts: dict[str, int] = {}
    for entity in entities:
        if entity.kind != "actors":
            continue
        if entity.type == "institution" and entity.country and len(entity.country) == 3 \
                and _AS_OFFICE.search(text[max(0, entity.start - 160):entity.start].lower()):
            # "As President of the Argentine Republic, I ...": the office is the state's
            counts[entity.country] = counts.get(entity.country, 0) + 1
            continue
        if entity.type != "state":
            continue
        if _names_own_state(text, entity.start) or _SPEAKS_FOR_AFTER.match(text, entity.end):
            counts[entity.id] = counts.get(entity.id, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.values(), reverse=True)
    if len(ranked) > 1 and ranked[0] == ranked[1]:
        return None  # two states so named as often: neither is sure
    return max(counts, key=lambda c: counts[c])


def _listed_with_others(entities: Sequence[EntityRef], position: int, text: str) -> bool:
    """Whether the actor at ``position`` opens a list of three or more actors ("France,
    Germany, Italy, ... welcome"): each of the next two follows the one before after nothing
    but a comma or "and". Two ("The United States and France ...") may still be the issuer
    and its partner."""
    previous = entities[position]
    listed = 0
    for after in entities[position + 1:]:
        if after.kind != "actors" or after.start < previous.end:
            continue
        between = text[previous.end:after.start].strip(" ,").lower()
        if between not in ("", "and", "and the", "the"):
            return False
        listed += 1
        if listed == 2:
            return True
        previous = after
    return False


def entity_ref(matcher: Matcher, resolved: Resolved) -> EntityRef:
    start, end, hit, r_index = resolved
    rule = matcher.rules[r_index]
    category = matcher.alias_category(hit.rule, hit.alias)
    return EntityRef(start, end, rule.id, rule.kind, rule.type, rule.country, category)


def label_of(label: str, vocabulary: frozenset[str]) -> bool:
    """Whether a turn label is one of ``vocabulary``'s (the journalists' or the moderators'
    of the pack): the whole label, or its first word ("Question (TASS)", "MODERATOR (via
    interpreter)"), unless the label names an official ("Press Secretary KOBAYASHI Maki")."""
    words = label.lower().replace("(", " ").split()
    return label.lower() in vocabulary or bool(
        words and words[0] in vocabulary and _OFFICIAL_TITLES.isdisjoint(words))


_OFFICIAL_TITLES = frozenset("secretary spokesperson spokesman spokeswoman minister official "
                             "officer ambassador director attaché attache counsellor".split())


def _turns(text: str, seg: Segmentation, resolved: list[Resolved], rules: Sequence[Rule],
           matcher: Matcher) -> tuple[list[Turn], list[int | None]]:
    """The Q&A turns a transcript's labels open, with their speakers, and each sentence's
    turn (None outside any)."""
    journalist = matcher.journalist_labels
    counts: dict[str, int] = {}
    for label in seg.labels:
        counts[label.label] = counts.get(label.label, 0) + 1
    accepted: list[tuple[TurnLabel, str | None, bool]] = []
    pending: list[TurnLabel] = []
    by_start = sorted(resolved, key=lambda r: r[0])
    starts = [r[0] for r in by_start]
    for label in seg.labels:
        is_question = label_of(label.label, journalist)
        inside = by_start[bisect_left(starts, label.label_start):
                          bisect_left(starts, label.label_end)]
        speaker = _label_speaker(label, inside, rules, matcher)
        if is_question or speaker or label.label.isupper() or counts[label.label] > 1:
            accepted.append((label, speaker, is_question))
        else:
            pending.append(label)
    if accepted:  # a transcript: other labels are outlets asking questions ("Bloomberg:")
        accepted += [(label, None, False) for label in pending]
        accepted.sort(key=lambda entry: entry[0].line_start)
    turns: list[Turn] = []
    for i, (label, speaker, is_question) in enumerate(accepted):
        end = accepted[i + 1][0].line_start if i + 1 < len(accepted) else len(text)
        if not is_question and speaker is None:
            body = text[label.content_start:end].strip()
            is_question = body.endswith("?") and body.count("?") >= 1 and len(body) < 600
        turns.append(Turn(label.label_start, end, label.label, speaker, is_question))
    turn_starts = [t.start for t in turns]
    sentence_turns: list[int | None] = []
    for start, _ in seg.sentences:
        i = bisect_right(turn_starts, start) - 1
        sentence_turns.append(i if i >= 0 else None)
    return turns, sentence_turns


def _label_speaker(label: TurnLabel, resolved: list[Resolved],
                   rules: Sequence[Rule], matcher: Matcher) -> str | None:
    """The person a turn label names: a tagged name inside it (``resolved`` holds the names
    starting inside it), or a surname ("MR PRICE"). A label that names a state or an outlet
    ("DR Congo: Statement by ...") is not a speaker."""
    last_named = False  # the label's last word is a listed name, not a surname ("... the UN")
    for start, end, _, r_index in resolved:
        if label.label_start <= start and end <= label.label_end:
            if rules[r_index].type == "person":
                return rules[r_index].id
            last_named = last_named or end == label.label_end
    if last_named:
        return None
    words = label.label.replace(".", " ").split()
    surname = words[-1].lower()
    spokespeople = matcher.spokespeople_by_surname.get(surname, ())
    if len(spokespeople) == 1:
        return spokespeople[0]
    if len(words) > 1 and words[-1].isupper():
        # a title and a listed surname ("FOREIGN MINISTER MOMEN"), the title as its role
        from briefcli.openworld import titled_person
        r = titled_person(matcher, " ".join(words[:-1]), surname,
                          frozenset(r for _, _, _, r in resolved))
        if r is not None and rules[r].type == "person":
            return rules[r].id
    return None
