"""Positions: a stance cue, the actor who holds it, and what it is about, sentence by sentence.

The holder of a cue is who states it, not the grammatical subject of what is stated. It is
resolved in this order (the first that applies wins, and is recorded in ``holder_via``):

1. ``first-person``: "we", "our" in the cue's clause (or opening the cue: "we will") mean
   the state or organisation of whoever speaks: the attributed speaker of the quotation or
   sentence, else the Q&A turn's speaker, else the document's speaker, else its issuer
   (``briefcli.context``: a collective "We, the G7 Foreign Ministers" is the group). A
   person stands for their country. With none of these known the holder stays None:
   never a state the sentence merely mentions. An "I" that opens the cue or is its nearest
   subject ("I am thankful") means that speaker in person (else the issuer).
2. ``attribution``: a reporting frame names the source of the sentence or its quotation
   ("..., Zakharova said", "According to Zakharova,"; ``pronoun`` for "she"/"he", resolved
   to the person mentioned last). "Blinken said the United States welcomes ..." is
   Blinken's position, on behalf of the United States.
3. ``subject``: for a stance verb ("Baku welcomes", "... is welcomed by Russia"), the
   nearest actor before the cue that is not the object of a preposition. Cues marked
   ``holder: speaker`` (evaluations, modal demands: "irresponsible rhetoric", "must stop")
   skip this step: they are the speaker's judgement of the actors they name.
4. ``turn``: the speaker of the current Q&A turn, for every sentence of the answer.
5. ``document``: the document's issuer (flag, record field, file name, or its text).

Every position also carries ``on_behalf_of``: the state or organisation its holder speaks
for (a person's or an institution's country, else the holder itself), so that archives can
be counted by either convention. In one sentence, a holder states one claim per clause: a
later cue is another position only after a clause break or a conjunction ("We commend ...
and encourage ..."), not as a word inside the first claim ("We urge all sides to refrain
from retaliation"), unless it is the speaker's own demand or censure (a ``holder: speaker``
cue of ``_OWN_CLAIMS``: "We call on Russia to end its illegal occupation" also censures the
occupation). A negated demand ("must not") or support ("we don't support") is opposition; a
sentence that ends in a question mark is never a position.

Cues inside a journalist's turn are never positions. A negation cue shortly before the stance
cue in the same clause ("does not expect") sets ``negated``. Targets are the other actors and
the mechanisms of the same sentence.

Performance: most sentences hold neither a stance cue nor an attribution cue, and only those
two kinds can yield a position or an attribution, so ``find_positions`` walks the cues, not
the sentences, and reads only the sentences that hold one: attributions first (a position
falls back on its sentence's), then positions.
A cue of a ``weak`` rule (a bare evaluative word: "tragic", "remarkable") makes a position only
in a sentence that no other stance cue reaches, so a sentence's stated stance is never
outvoted by the mood of its words. The lookups a cue needs (actors, mechanisms,
persons, first-person and negation cues, each with its starts for bisecting) are built once
per document in ``_Document``; a quotation is attributed only when a stance cue needs it. The
first-person and negation cues ("we", "our", "not": two fifths of all phrase occurrences)
are only ever read before a stance cue, so they are looked for only in the sentences that
hold one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from typing import NamedTuple, TypeVar

from briefcli.model import Position
from briefcli.segment import heading_line

_PREPOSITIONS = frozenset("""of between with to for by from in on at against among amid about
into onto toward towards over under upon via across around behind beyond within without nor
than as like including""".split())
_CLAUSE_BREAKS = ";:"
_NEGATION_WINDOW = 24
WINDOW = 600  # how far from a cue, at most, its holder, targets and evidence are sought
_ATTRIBUTION_WINDOW = 60
_PRONOUNS = ("she", "he")
_TITLE_ANAPHORS = frozenset("secretary minister spokesperson spokeswoman spokesman president "
                            "chancellor premier ambassador envoy representative".split())
_DETERMINERS = frozenset("the a an its their his her this that these those our your some all "
                         "both other western".split())
_AUXILIARIES = frozenset("has have had also further again then later once would will "
                         "is was has been".split())
_QUOTE_MARKS = frozenset('"“”«»')
# The speaker's judgements that are a claim of their own even inside another claim: a demand
# or a censure of what others do. A positive word or a risk inside a claim only describes it
# ("continue playing a constructive role", "refrain from steps that could jeopardise").
_OWN_CLAIMS = frozenset(("call", "oppose", "condemn", "concern", "deny", "support"))
_NEGATION_STOPS = frozenset(",;:.!?")  # punctuation that ends a negation's reach

_T = TypeVar("_T")


# The references below are named tuples, not frozen dataclasses: a document makes one per
# mention, cue and sentence, and a tuple is built five times faster.
class EntityRef(NamedTuple):
    start: int
    end: int
    id: str
    kind: str  # actors | mechanisms
    type: str | None
    country: str | None
    category: str = "alias"  # how it was named: alias | adjective | capital


class CueRef(NamedTuple):
    start: int
    end: int
    function: str
    stance: str | None
    rule: str
    speaker_holds: bool = False  # "unacceptable", "must stop": the speaker's judgement of others
    weak: bool = False  # read only in a sentence that no other stance cue reaches
    yields: bool = False  # "we continue to": a stance verb right after it ("call on") wins


class SentenceInfo(NamedTuple):
    start: int
    end: int
    turn_speaker: str | None
    in_question: bool  # in a journalist's turn, or a moderator's: no positions there
    label_end: int  # end of the turn label inside this sentence, or its start
    in_turn: bool = False


# Who a reporting frame names, how ("attribution", "pronoun"), and where its cue starts
# (-1 for a frame around a whole quotation).
Attributed = tuple[str, str, int]

# The grammar cues (first-person, negation) of the given spans, sorted by start; the spans
# are sorted and disjoint.
GrammarLookup = Callable[[list[tuple[int, int]]], list[CueRef]]


def find_positions(text: str, sentences: list[SentenceInfo], entities: list[EntityRef],
                   cues: list[CueRef], quotes: tuple[tuple[int, int], ...],
                   document_speaker: str | None, document_state: str | None,
                   countries: dict[str, str | None], grammar: GrammarLookup
                   ) -> tuple[list[Position], list[str]]:
    """Return the positions and the speakers found by attribution (in order).

    ``cues`` are the stance and attribution cues. The grammar cues are read only just before
    a stance cue, so ``grammar`` is asked for those of the sentences that hold one.

    Each cue is read in its sentence, but never further than ``WINDOW`` characters either
    side: a "sentence" of megabytes (a file that is one long line) stays linear, and its
    evidence is the window around the cue rather than the whole line.

    ``entities`` and ``cues`` are sorted by start, and ``sentences`` are sorted and disjoint
    (as ``segment()`` makes them), so a cue lies in at most one sentence."""
    # Only a stance cue can make a position, and only an attribution cue an attribution: the
    # sentences holding neither (most of them) are never looked at.
    stance_cues = [c for c in cues if c.function == "stance" and c.stance is not None]
    attribution_cues = [c for c in cues if c.function == "attribution"]
    if not sentences or not (stance_cues or attribution_cues):
        return [], []
    sentence_starts = [s.start for s in sentences]
    needed = [(sentences[i].start, sentences[i].end)
              for i, _ in _by_sentence(stance_cues, sentence_starts, sentences)
              if not sentences[i].in_question]
    doc = _Document(text, sentences, sentence_starts, entities, grammar(needed) if needed else [],
                    quotes, attribution_cues)
    doc.stance_ends = sorted(c.end for c in stance_cues)
    attributed: list[str] = []
    attributions: dict[int, Attributed] = {}  # by sentence index
    for index, sent_cues in _by_sentence(attribution_cues, doc.sentence_starts, sentences):
        sentence = sentences[index]
        found = _attribution(doc, sentence.start, sentence.end, sentence.label_end, sent_cues)
        if found:
            attributed.append(found[0])  # a question's attribution counts here too
            attributions[index] = found
    positions = _positions(doc, stance_cues, attributions, document_speaker, document_state,
                           countries)
    return positions, attributed


def _by_sentence(cues: list[CueRef], sentence_starts: list[int],
                 sentences: list[SentenceInfo]) -> Iterator[tuple[int, list[CueRef]]]:
    """Each sentence holding some of ``cues`` (by index), with those cues; a cue between
    two sentences (or before the first) is in none. One bisect per sentence found."""
    count = len(cues)
    k = 0
    index = 0  # the cues are sorted, so each one's sentence is at or after the previous one's
    while k < count:
        first = cues[k].start
        index = max(0, bisect_right(sentence_starts, first, index) - 1)
        sentence = sentences[index]
        if not sentence.start <= first < sentence.end:
            k += 1
            continue
        end = k + 1
        while end < count and cues[end].start < sentence.end:
            end += 1
        yield index, cues[k:end]
        k = end


class _Document:
    """What the cues of one document are read against, built once: the entities and cues
    split by what they are used for, each list with its starts for bisecting."""

    __slots__ = ("text", "sentences", "sentence_starts", "quotes", "quote_starts", "entities",
                 "entity_starts", "actors", "actor_ids", "actor_starts", "mechanism_ids",
                 "mechanism_starts", "first_person_starts", "negations", "negation_starts",
                 "attributions", "attribution_starts", "_persons", "_person_starts",
                 "_quote_speakers", "stance_ends")

    def __init__(self, text: str, sentences: list[SentenceInfo], sentence_starts: list[int],
                 entities: list[EntityRef], grammar: list[CueRef],
                 quotes: tuple[tuple[int, int], ...], attributions: list[CueRef]) -> None:
        self.text = text
        self.sentences = sentences
        self.sentence_starts = sentence_starts
        self.quotes = quotes
        self.quote_starts = [q[0] for q in quotes]
        self.entities = entities
        self.entity_starts = [e.start for e in entities]
        self.actors = [e for e in entities if e.kind == "actors"]
        self.actor_ids = [e.id for e in self.actors]
        self.actor_starts = [e.start for e in self.actors]
        mechanisms = [e for e in entities if e.kind == "mechanisms"]
        self.mechanism_ids = [e.id for e in mechanisms]
        self.mechanism_starts = [e.start for e in mechanisms]
        self.first_person_starts = [c.start for c in grammar if c.function == "first-person"]
        self.negations = [c for c in grammar if c.function == "negation"]
        self.negation_starts = [c.start for c in self.negations]
        self.attributions = attributions
        self.attribution_starts = [c.start for c in attributions]
        self._persons: list[EntityRef] | None = None  # only "she"/"he" need them: built then
        self._person_starts: list[int] = []
        self._quote_speakers: dict[int, Attributed | None] = {}
        self.stance_ends: list[int] = []  # where the stance cues end, sorted

    def person_before(self, pos: int) -> str | None:
        """The person mentioned last before ``pos``: who "she", "the Secretary" are."""
        if self._persons is None:
            self._persons = [e for e in self.entities if e.type == "person"]
            self._person_starts = [e.start for e in self._persons]
        i = bisect_left(self._person_starts, pos) - 1
        return self._persons[i].id if i >= 0 else None

    def quote_speaker(self, sentence: SentenceInfo) -> Attributed | None:
        """Who the quotation the sentence belongs to is attributed to, if it is in one."""
        if not self.quotes:
            return None
        i = _quote_at(self.quotes, self.quote_starts, sentence.start, sentence.end)
        if i is None:
            return None
        if i not in self._quote_speakers:  # worked out once, and only when a cue needs it
            self._quote_speakers[i] = self._attribute_quote(*self.quotes[i])
        return self._quote_speakers[i]

    def _attribute_quote(self, q_start: int, q_end: int) -> Attributed | None:
        """By the words after the quotation in its last sentence, else before it in its
        first."""
        for pos, after in ((q_end - 1, True), (q_start, False)):
            sentence = self.sentences[max(0, bisect_right(self.sentence_starts, pos) - 1)]
            lo, hi = (q_end, sentence.end) if after else (sentence.start, q_start)
            if hi <= lo:
                continue
            found = _attribution(self, lo, hi, lo,
                                 _within(self.attributions, self.attribution_starts, lo, hi))
            if found:
                return found[0], found[1], -1  # the frame covers the whole quotation
        return None


def _within(items: list[_T], starts: list[int], start: int, end: int) -> list[_T]:
    """The items starting in [start, end); ``starts`` are theirs, sorted."""
    return items[bisect_left(starts, start):bisect_left(starts, end)]


def _quote_at(quotes: tuple[tuple[int, int], ...], quote_starts: list[int], start: int,
              end: int) -> int | None:
    """The quotation a sentence belongs to: one open at its start, or one opening inside it."""
    i = bisect_right(quote_starts, start + 1) - 1
    if i >= 0 and quotes[i][1] > start:
        return i
    j = i + 1
    if j < len(quotes) and quotes[j][0] < end:
        return j
    return None


def _positions(doc: _Document, stance_cues: list[CueRef],
               attributions: dict[int, Attributed], document_speaker: str | None,
               document_state: str | None, countries: dict[str, str | None]
               ) -> list[Position]:
    """The positions of the stance cues, in order; ``attributions`` by sentence index."""
    text = doc.text
    sentences, sentence_starts = doc.sentences, doc.sentence_starts
    entities, entity_starts = doc.entities, doc.entity_starts
    actor_ids, actor_starts = doc.actor_ids, doc.actor_starts
    positions: list[Position] = []
    strong_starts = [c.start for c in stance_cues if not c.weak]
    # The cues are sorted: a cue's sentence is the current one until a cue starts past its
    # end, and only then is it looked for (by bisecting from there). What a sentence shares
    # between its cues is reset with it.
    index = 0
    sentence = sentences[0]
    attribution = attributions.get(0)
    seen: set[tuple[str, bool, str | None]] = set()  # one position per stance, negation, holder
    clause_ends: dict[str | None, int] = {}  # where each holder's last claim's cue ends
    yielding: dict[str | None, tuple[Position, tuple[str, bool, str | None]]] = {}
    asked: bool | None = None  # whether the sentence is a question ("Will you ...?")
    heading: bool | None = None  # whether the sentence is a title or a heading
    speaker_known = False  # speaker_via and speaker_id: worked out for the first cue needing them
    speaker_via: Attributed | None = None
    speaker_id: str | None = None
    for cue in stance_cues:
        if cue.start >= sentence.end:
            index = max(0, bisect_right(sentence_starts, cue.start, index) - 1)
            sentence = sentences[index]
            attribution = attributions.get(index)
            seen = set()
            clause_ends = {}
            yielding = {}
            asked = None
            heading = None
            speaker_known = False
        stance = cue.stance
        if stance is None or sentence.in_question or not sentence.start <= cue.start < sentence.end:
            continue  # a question's cue, or one between two sentences (or before the first)
        if asked is None:  # worked out once per sentence, and only for one holding a cue
            asked = text[sentence.start:sentence.end].rstrip().endswith("?")
        if asked:
            continue  # "Will you support the resolution?" is never a position
        if cue.weak:
            k = bisect_left(strong_starts, sentence.start)
            if k < len(strong_starts) and strong_starts[k] < sentence.end:
                continue  # a weak cue speaks only where no other stance cue does
        if heading is None:  # worked out once per sentence
            heading = heading_line(text, sentence.start) == \
                text[sentence.start:sentence.end].strip()
        if heading:
            continue  # "Press Release Regarding the Terrorist Attack in Pakistan": a title
        # The name the cue starts in, if any (names never overlap each other): a cue word
        # inside a name is no claim ("Support Group"), a cue holding one is ("the illegal
        # sanctions", where "sanctions" is a mechanism).
        i = bisect_right(entity_starts, cue.start) - 1
        if i >= 0 and entities[i].end > cue.start:
            continue
        if not speaker_known:  # a quotation's speaker outranks the sentence's attribution
            speaker_via = doc.quote_speaker(sentence) or attribution
            speaker_id = speaker_via[0] if speaker_via else None
            speaker_known = True
        # The cue's window: its sentence after any turn label, at most WINDOW either side.
        lo = max(sentence.start, sentence.label_end, cue.start - WINDOW)
        hi = min(sentence.end, cue.end + WINDOW)
        a_lo = bisect_left(actor_starts, lo)
        a_hi = bisect_left(actor_starts, hi)
        frame = speaker_via if speaker_via and _frames(text, speaker_via, cue) else None
        # After an auxiliary of the speaker's action the stance verb has its subject: "We
        # continue to follow developments closely" is held as "We continue to" is.
        led = next((given[0] for given in yielding.values()
                    if _leads_into(text, given[0].end, cue.start)), None)
        if led is not None:
            holder, via = led.holder, led.holder_via
        else:
            holder, via = _holder(doc, sentence, cue, lo, a_lo, a_hi, frame,
                                  document_speaker, document_state, countries)
        negated = _negated(doc, cue, lo, hi) or _negated_modal(text, cue)
        if negated and stance in ("call", "support"):
            # "must not", "should never": a demand against; "we do not support": opposition
            stance, negated = "oppose", False
        key = (stance, negated, holder)
        given_way = yielding.pop(holder, None)
        if given_way and _leads_into(text, given_way[0].end, cue.start):
            # "We continue to call on China": the stance verb says what the claim is, the
            # auxiliary cue before it only that it goes on
            positions.remove(given_way[0])
            seen.discard(given_way[1])
            clause_ends.pop(holder, None)
        if key in seen:
            continue
        if holder in clause_ends and not (cue.speaker_holds and stance in _OWN_CLAIMS) \
                and not _opens_clause(text, clause_ends[holder], cue.start):
            continue  # a cue word inside the complement of this holder's last claim
        seen.add(key)
        clause_ends[holder] = cue.end
        # The other actors of the window, each once, in order of first mention (the holder
        # and the speaker are dropped after de-duplicating: the order of the rest is the same).
        targets: tuple[str, ...] = ()
        if a_lo < a_hi:
            others = dict.fromkeys(actor_ids[a_lo:a_hi])
            if holder is not None:
                others.pop(holder, None)
            if speaker_id is not None:
                others.pop(speaker_id, None)
            targets = tuple(others)
        mechanisms = tuple(dict.fromkeys(_within(doc.mechanism_ids, doc.mechanism_starts,
                                                 lo, hi))) if doc.mechanism_ids else ()
        whole = sentence.end - sentence.start <= 2 * WINDOW
        evidence = text[sentence.start:sentence.end] if whole else text[lo:hi]
        positions.append(Position(
            holder=holder, on_behalf_of=(countries.get(holder) or holder) if holder else None,
            stance=stance, negated=negated, sentence=index,
            start=cue.start, end=cue.end, text=text[cue.start:cue.end], targets=targets,
            mechanisms=mechanisms, rule=cue.rule, holder_via=via, evidence=evidence))
        if cue.yields:
            yielding[holder] = positions[-1], key
    return positions


# Linking words, the possessives and adjectives of a stance noun ("we will continue its
# principled support for ...": the support is the claim), and the verbs that voice one ("we
# will continue to show our support", "to express our concern").
_LEADING_WORDS = frozenset("to also work working further still and its our their his her full firm "
                           "principled strong unwavering steadfast resolute consistent show "
                           "express demonstrate extend offer lend voice".split())


def _leads_into(text: str, end: int, start: int) -> bool:
    """Whether a yielding cue ending at ``end`` runs straight into the stance cue at
    ``start``: nothing but a few linking words between ("we continue to work to support")."""
    if start < end or start - end > 24:
        return False
    words = text[end:start].lower().split()
    return len(words) <= 3 and all(word in _LEADING_WORDS for word in words)


# A cue that opens with its own first person after a preposition ("for our part", "in my
# view"): no first-person cue is found inside it, the longer cue having won the overlap.
_FIRST_PERSON_AFTER = frozenset((preposition, person) for preposition in ("for", "on", "in")
                                for person in ("our", "my"))
_FIRST_PERSON_OPENINGS = frozenset(("we ", "we'", "we’", "our", "let"))  # "we will", "let us"
_SINGULAR_OPENINGS = frozenset(("I ", "I'", "I’"))  # "I would like to", "I'm convinced"
_CONJUNCTIONS = frozenset("and but while yet whereas so also".split())


def _opens_clause(text: str, after: int, start: int) -> bool:
    """Whether the cue at ``start`` opens a claim of its own after a claim ending at
    ``after`` in the same sentence: a clause break (";", ":", a dash) lies between them, or a
    conjunction stands just before it ("We commend Armenia ... and encourage it to ...");
    otherwise it is a word inside the first claim ("We urge all sides to refrain from
    retaliation")."""
    between = text[after:start]
    if any(mark in between for mark in ";:–—"):
        return True
    words = between.lower().replace(",", " ").split()[-3:]
    return not _CONJUNCTIONS.isdisjoint(words)


def _frames(text: str, attributed: Attributed, cue: CueRef) -> bool:
    """Whether a reporting frame covers the stance cue: it opens the sentence before the
    cue ("Zakharova said that ..."), attributes a whole quotation (position -1), or closes
    the sentence after a break (", Zakharova said"). A reporting verb inside the claim's
    own complement ("We are pleased that ODIHR's conclusions noted ...") reports a third
    party's words within the speaker's claim and leaves the claim the speaker's."""
    frame_at = attributed[2]
    if frame_at < cue.start:
        return True
    return any(mark in text[cue.end:frame_at] for mark in ',"“”«»—–')


def _attribution(doc: _Document, start: int, end: int, label_end: int, cues: list[CueRef]
                 ) -> Attributed | None:
    """The actor the first attribution cue among ``cues`` attributes the span
    [start, end) to (its words before ``label_end`` being a turn label)."""
    text = doc.text
    for cue in cues:
        if cue.function != "attribution":
            continue
        lo = max(start, label_end, cue.start - WINDOW)
        hi = min(end, cue.end + WINDOW)
        actors = _within(doc.actors, doc.actor_starts, lo, hi)
        phrase = text[cue.start:cue.end].lower()
        if _FREE_RELATIVE.search(text, max(start, cue.start - 40), cue.start):
            continue  # "look at what Russia does, not what it says": no one is reported
        if phrase.startswith("according to"):
            # the source is named before the phrase's comma: in "According to the Minister,
            # Moscow's position is ..." Moscow is what is said, not who says it
            comma = text.find(",", cue.end, cue.end + 30)
            reach = comma - cue.end if comma >= 0 else 30
            after = [e for e in actors if e.start >= cue.end and e.start - cue.end < reach]
            if after:
                return after[0].id, "attribution", cue.start
            continue
        before = [e for e in actors if e.end <= cue.start]
        people_before = [e for e in before if e.type == "person"]
        if people_before and not _quote_between(text, people_before[-1].end, cue.start):
            if len(people_before) > 1 and _coordinated(text, cue.start):
                # "Hood met with ... Mechichi, ..., and underscored": the second verb's
                # subject is the first verb's, the person the clause opens with
                return people_before[0].id, "attribution", cue.start
            return people_before[-1].id, "attribution", cue.start
        after = [e for e in actors if e.start >= cue.end and e.start - cue.end < 25
                 and e.type in ("person", "institution")
                 and _title_only(text[cue.end:e.start])]
        if after:
            return after[0].id, "attribution", cue.start
        near = [e for e in before if cue.start - e.end < _ATTRIBUTION_WINDOW
                and not _quote_between(text, e.end, cue.start)]
        if near:
            return near[-1].id, "attribution", cue.start
        lead = text[max(start, cue.start - 12):cue.start].lower().split()
        if lead and lead[-1] in _PRONOUNS:
            person = doc.person_before(cue.start)
            if person is not None:
                return person, "pronoun", cue.start
    return None


# "what X says", "whatever they claim": a reporting verb in a free relative clause names
# what was said as a thing, and frames nothing.
_FREE_RELATIVE = re.compile(r"\bwhat(?:ever)?\s+(?:[\w'’.-]+\s+){0,3}$", re.IGNORECASE)


def _title_only(between: str) -> bool:
    """Whether the words between a reporting verb and a name after it are at most a title
    ("said Deputy Foreign Minister", "stressed the"), so the name is the verb's postposed
    subject; in "reiterates its call on the Belarusian authorities" it is the object."""
    return all(word[:1].isupper() or word in ("the", "of", "and", ",")
               for word in between.replace(",", " , ").split())


def _coordinated(text: str, cue_start: int) -> bool:
    """Whether the reporting verb at ``cue_start`` is a second verb coordinated with a
    first (", and underscored", "and also stressed"): no subject of its own stands before it."""
    words = text[max(0, cue_start - 20):cue_start].split()
    while words and words[-1] in ("also", "then", "further"):
        words.pop()
    return len(words) >= 2 and words[-1] == "and" and words[-2].endswith(",")


def _quote_between(text: str, start: int, end: int) -> bool:
    return not _QUOTE_MARKS.isdisjoint(text[start:end])


def _clause_start(text: str, sentence: SentenceInfo, pos: int) -> int:
    floor = max(sentence.start, pos - WINDOW)
    return max(floor, text.rfind(";", floor, pos) + 1, text.rfind(":", floor, pos) + 1)


def _holder(doc: _Document, sentence: SentenceInfo, cue: CueRef, lo: int, a_lo: int,
            a_hi: int, speaker: Attributed | None, document_speaker: str | None,
            document_state: str | None, countries: dict[str, str | None]
            ) -> tuple[str | None, str]:
    """Who holds ``cue``, and how that was found. Its window (see ``_positions``) starts at
    ``lo`` and holds the actors ``doc.actors[a_lo:a_hi]``."""
    clause_start = _clause_start(doc.text, sentence, cue.start)
    # A first-person cue in the clause, before the stance cue, and inside its window (which
    # ends after the cue's start).
    fp_starts = doc.first_person_starts
    j = bisect_left(fp_starts, max(lo, clause_start))
    opens_with_we = doc.text[cue.start:cue.start + 3].lower() in _FIRST_PERSON_OPENINGS \
        or tuple(doc.text[cue.start:cue.end].lower().split()[:2]) in _FIRST_PERSON_AFTER
    if opens_with_we or (j < len(fp_starts) and fp_starts[j] < cue.start):
        who = speaker[0] if speaker else sentence.turn_speaker or document_speaker
        state = (countries.get(who) or who) if who else document_state
        # An unknown "we" stays unknown (holder None): never a state merely mentioned.
        return state, "first-person"
    if doc.text[cue.start:cue.start + 2] in _SINGULAR_OPENINGS \
            or _singular_subject(doc, max(lo, clause_start), cue.start, a_lo, a_hi):
        # A cue that says "I" ("I would like to express our appreciation"), or whose nearest
        # subject is "I" ("... it is USA that provided, and I am thankful"), is the speaker's,
        # whoever the sentence addresses first ("To Secretary-General Guterres, I ..."): the
        # named speaker in person, else the issuer.
        who = speaker[0] if speaker else sentence.turn_speaker or document_speaker
        return (who or document_state), "first-person"
    if speaker:  # a reporting frame ("X said ...") names who states the whole sentence
        return speaker[0], speaker[1]
    found = None if cue.speaker_holds else _subject(doc, sentence, cue, lo, a_lo, a_hi,
                                                    clause_start, document_state)
    if found:
        return found
    if sentence.turn_speaker:
        return sentence.turn_speaker, "turn"
    if document_state:  # a statement, or an answer whose speaker the label does not name
        return document_state, "document"
    return None, "none"


_SINGULAR = re.compile(r"(?<![\w.])I(?=\s|'|’)")
_OTHER_SUBJECTS = frozenset("he she they it the who which that this".split())


def _singular_subject(doc: _Document, start: int, end: int, a_lo: int, a_hi: int) -> bool:
    """Whether "I" is the subject of the cue at ``end``: it stands in [start, end) a few words
    before the cue, with no actor, pronoun or noun phrase between ("I am thankful", not "I
    know he looks forward to")."""
    found = next(reversed(list(_SINGULAR.finditer(doc.text, start, end))), None)
    if found is None:
        return False
    words = doc.text[found.end():end].lower().split()
    if len(words) > 4 or not _OTHER_SUBJECTS.isdisjoint(words):
        return False
    k = bisect_left(doc.actor_starts, found.start(), a_lo, a_hi)
    return k >= a_hi or doc.actor_starts[k] >= end


def _subject(doc: _Document, sentence: SentenceInfo, cue: CueRef, lo: int, a_lo: int,
             a_hi: int, clause_start: int, home: str | None = None
             ) -> tuple[str, str] | None:
    """The cue's grammatical holder in its clause: "she"/"he", a passive's agent, or the
    nearest actor before the cue that is not the object of a preposition. A subject that
    joins the document's own state to others ("The UK, France and Germany remain deeply
    concerned", in a British statement) is the document's state: it states its own part."""
    text = doc.text
    # Each test is made only when it could succeed: a pronoun needs a person mentioned
    # before, a passive's agent or a subject an actor in the window.
    person = doc.person_before(cue.start)
    if person is not None and _anaphor_before(text[max(clause_start, cue.start - 40):
                                                   cue.start]):
        return person, "pronoun"  # "she noted", "the Secretary welcomed"
    if a_lo >= a_hi:
        return None
    actors, actor_starts = doc.actors, doc.actor_starts
    # A passive: "welcomed by Armenia". A feeling's "by" names its cause, not its holder
    # ("The United States is deeply disturbed by the Iraqi Parliament's passage of ...").
    if cue.stance != "concern" and text[cue.end:cue.end + 4].lower() == " by ":
        # The first actor of the window starting at or after the cue is the only candidate.
        i = bisect_left(actor_starts, max(lo, cue.end), a_lo, a_hi)
        if i < a_hi and actor_starts[i] - cue.end <= 8:
            return actors[i].id, "subject"
    first = bisect_left(actor_starts, clause_start, a_lo, a_hi)
    for i in range(a_hi - 1, first - 1, -1):  # the nearest actor before the cue first
        actor = actors[i]
        if actor.end <= cue.start and not _in_prepositional_phrase(text, sentence.start,
                                                                   actor.start) \
                and not _object_of_cue(doc.stance_ends, actor.start):
            if home is not None and actor.id != home \
                    and _joined_with(doc, i, first, a_hi, cue.start, home, sentence.start):
                return home, "subject"
            return actor.id, "subject"
    return None


_JOINING = frozenset((",", "and", ", and", "&", "as well as", ", as well as"))


def _joined_with(doc: _Document, i: int, first: int, last: int, before: int,
                 home: str, sentence_start: int) -> bool:
    """Whether the actor ``doc.actors[i]`` is one of a list of actors ("A, B and the C",
    among ``doc.actors[first:last]``, all ending before ``before``) that names ``home``."""
    actors, text = doc.actors, doc.text

    def joined(k: int) -> bool:  # actors k and k + 1 stand side by side in a list
        between = text[actors[k].end:actors[k + 1].start].strip().lower()
        if between.endswith("the"):
            between = between[:-3].strip()
        return between in _JOINING

    opening = i
    while opening > first and joined(opening - 1):
        opening -= 1
    closing = i
    while closing + 1 < last and actors[closing + 1].end <= before and joined(closing):
        closing += 1
    # "In talks with the United Kingdom, Germany welcomed ...": a list that opens inside a
    # prepositional phrase is no subject.
    return opening < closing and any(a.id == home for a in actors[opening:closing + 1]) \
        and not _in_prepositional_phrase(text, sentence_start, actors[opening].start)


def _object_of_cue(stance_ends: list[int], start: int) -> bool:
    """Whether the actor starting at ``start`` follows a stance verb at once ("We commend
    Armenia ... and encourage"): it is that verb's object, not the next cue's subject."""
    k = bisect_right(stance_ends, start) - 1
    return k >= 0 and start - stance_ends[k] <= 5


def _anaphor_before(lead: str) -> bool:
    """Whether ``lead`` ends, auxiliaries aside, in "she"/"he" or "the Secretary" (a title)."""
    words = lead.lower().split()
    k = len(words) - 1  # walk back from the end: only the last two other words matter
    while k >= 0 and words[k] in _AUXILIARIES:
        k -= 1
    if k < 0:
        return False
    if words[k] in _PRONOUNS:
        return True
    if words[k] not in _TITLE_ANAPHORS:
        return False
    k -= 1
    while k >= 0 and words[k] in _AUXILIARIES:
        k -= 1
    return k >= 0 and words[k] == "the"


def _in_prepositional_phrase(text: str, sentence_start: int, pos: int) -> bool:
    """True for "between Baku and Yerevan", "of Armenia"; false for a subject, including one
    that opens a new coordinated clause (", and the United States remains committed")."""
    words = text[max(sentence_start, pos - 60):pos].lower().split()
    while words and words[-1].strip(",") in _DETERMINERS:
        words.pop()
    if not words:
        return False
    last = words[-1]
    if last in ("and", "or", "but"):
        return not (len(words) > 1 and words[-2].endswith((",", ";")))
    return last.strip(",") in _PREPOSITIONS


_MODALS = frozenset(("must", "should", "ought to", "need to", "needs to"))


def _negated_modal(text: str, cue: CueRef) -> bool:
    """A modal's negation follows it: "must not", "should never"."""
    if text[cue.start:cue.end].lower() not in _MODALS:
        return False
    following = text[cue.end:cue.end + 8].lower().split()
    return bool(following) and following[0] in ("not", "never")


def _negated(doc: _Document, cue: CueRef, lo: int, hi: int) -> bool:
    """A negation cue of the window ending shortly before ``cue``, with no punctuation
    between them ("does not expect")."""
    starts = doc.negation_starts
    if not starts:
        return False
    text = doc.text
    negations = doc.negations
    for i in range(bisect_left(starts, lo), bisect_left(starts, hi)):
        other = negations[i]
        if other.end > cue.start:
            continue
        if cue.start - other.end <= _NEGATION_WINDOW and _NEGATION_STOPS.isdisjoint(
                text[other.end:cue.start]):
            return True
    return False
