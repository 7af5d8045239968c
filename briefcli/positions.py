"""Positions: a stance cue, the actor who holds it, and what it is about, sentence by sentence.

The holder of a cue is resolved in this order (the first that applies wins, and is recorded
in ``holder_via``):

1. ``first-person``: "we", "our" in the cue's clause mean the speaker's state: the speaker
   is the attributed speaker of the quotation or sentence, else the Q&A turn's speaker, else
   the document's speaker; a person stands for their country.
2. ``subject``: the nearest actor before the cue in the sentence that is not the object of a
   preposition ("Russia's unshakable priority", "Baku welcomes"), or the agent of a passive
   ("... is welcomed by Russia").
3. ``attribution``: the actor a reporting verb attributes the sentence or its quotation to
   ("..., Zakharova said", "According to Zakharova,"); ``pronoun`` when that is "she"/"he",
   resolved to the person mentioned last.
4. ``turn``: the speaker of the current Q&A turn.
5. ``document``: outside a transcript, the state whose ministry issued the document (the
   country of its speaker, else of the first foreign ministry it names).

Cues inside a journalist's turn are never positions. A negation cue shortly before the stance
cue in the same clause ("does not expect") sets ``negated``. Targets are the other actors and
the mechanisms of the same sentence.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from briefcli.model import Position

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


@dataclass(frozen=True, slots=True)
class EntityRef:
    start: int
    end: int
    id: str
    kind: str  # actors | mechanisms
    type: str | None
    country: str | None
    category: str = "alias"  # how it was named: alias | adjective | capital


@dataclass(frozen=True, slots=True)
class CueRef:
    start: int
    end: int
    function: str
    stance: str | None
    rule: str
    speaker_holds: bool = False  # "unacceptable", "must stop": the speaker's judgement of others


@dataclass(frozen=True, slots=True)
class SentenceInfo:
    start: int
    end: int
    turn_speaker: str | None
    in_question: bool
    label_end: int  # end of the turn label inside this sentence, or its start
    in_turn: bool = False


def find_positions(text: str, sentences: list[SentenceInfo], entities: list[EntityRef],
                   cues: list[CueRef], quotes: tuple[tuple[int, int], ...],
                   document_speaker: str | None, document_state: str | None,
                   countries: dict[str, str | None]) -> tuple[list[Position], list[str]]:
    """Return the positions and the speakers found by attribution (in order).

    Each cue is read in its sentence, but never further than ``WINDOW`` characters either
    side: a "sentence" of megabytes (a file that is one long line) stays linear, and its
    evidence is the window around the cue rather than the whole line."""
    entity_starts = [e.start for e in entities]
    cue_starts = [c.start for c in cues]
    persons = [e for e in entities if e.type == "person"]
    person_starts = [p.start for p in persons]
    quote_starts = [q[0] for q in quotes]
    quote_speakers = _quote_speakers(text, sentences, entities, cues, quotes, persons,
                                     person_starts)
    positions: list[Position] = []
    attributed: list[str] = []
    seen: set[tuple[int, str, bool, str | None]] = set()
    for index, sentence in enumerate(sentences):
        sent_cues = _within(cues, cue_starts, sentence.start, sentence.end)
        attribution = _attribution(text, sentence, entities, entity_starts, sent_cues,
                                   persons, person_starts)
        if attribution:
            attributed.append(attribution[0])
        if sentence.in_question:
            continue
        quote = _quote_at(quotes, quote_starts, sentence.start, sentence.end)
        speaker_via = None
        if quote is not None and quote in quote_speakers:
            speaker_via = quote_speakers[quote]
        elif attribution:
            speaker_via = attribution
        speaker_id = speaker_via[0] if speaker_via else None
        for cue in sent_cues:
            if cue.function != "stance" or cue.stance is None:
                continue
            lo = max(sentence.start, sentence.label_end, cue.start - WINDOW)
            hi = min(sentence.end, cue.end + WINDOW)
            i = bisect_left(entity_starts, cue.end) - 1  # entities never overlap each other
            if i >= 0 and entities[i].end > cue.start:
                continue  # the cue word is part of a name ("Support Group")
            ents = _within(entities, entity_starts, lo, hi)
            near_cues = _within(cues, cue_starts, lo, hi)
            holder, via = _holder(text, sentence, cue, ents, near_cues, speaker_via,
                                  document_speaker, document_state, countries, persons,
                                  person_starts)
            negated = _negated(text, cue, near_cues)
            key = (index, cue.stance, negated, holder)
            if key in seen:
                continue
            seen.add(key)
            targets = tuple(dict.fromkeys(e.id for e in ents if e.kind == "actors"
                                          and e.id not in (holder, speaker_id)))
            mechanisms = tuple(dict.fromkeys(e.id for e in ents if e.kind == "mechanisms"))
            whole = sentence.end - sentence.start <= 2 * WINDOW
            evidence = text[sentence.start:sentence.end] if whole else text[lo:hi]
            positions.append(Position(
                holder=holder, stance=cue.stance, negated=negated, sentence=index,
                start=cue.start, end=cue.end, text=text[cue.start:cue.end], targets=targets,
                mechanisms=mechanisms, rule=cue.rule, holder_via=via, evidence=evidence))
    return positions, attributed


def _within(items: list, starts: list[int], start: int, end: int) -> list:  # type: ignore[type-arg]
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


def _quote_speakers(text: str, sentences: list[SentenceInfo], entities: list[EntityRef],
                    cues: list[CueRef], quotes: tuple[tuple[int, int], ...],
                    persons: list[EntityRef], person_starts: list[int]
                    ) -> dict[int, tuple[str, str]]:
    """For each quotation, who it is attributed to: by the words after it or before it."""
    starts = [s.start for s in sentences]
    entity_starts = [e.start for e in entities]
    cue_starts = [c.start for c in cues]
    out: dict[int, tuple[str, str]] = {}
    for i, (q_start, q_end) in enumerate(quotes):
        for pos, outside in ((q_end - 1, (q_end, None)), (q_start, (None, q_start))):
            s_index = max(0, bisect_left(starts, pos + 1) - 1)
            if not sentences:
                break
            sentence = sentences[s_index]
            lo = outside[0] if outside[0] is not None else sentence.start
            hi = outside[1] if outside[1] is not None else sentence.end
            if hi <= lo:
                continue
            part = SentenceInfo(lo, hi, sentence.turn_speaker, sentence.in_question, lo,
                                sentence.in_turn)
            part_cues = _within(cues, cue_starts, lo, hi)
            found = _attribution(text, part, entities, entity_starts, part_cues, persons,
                                 person_starts)
            if found:
                out[i] = found
                break
    return out


def _attribution(text: str, sentence: SentenceInfo, entities: list[EntityRef],
                 entity_starts: list[int], cues: list[CueRef], persons: list[EntityRef],
                 person_starts: list[int]) -> tuple[str, str] | None:
    for cue in cues:
        if cue.function != "attribution":
            continue
        lo = max(sentence.start, sentence.label_end, cue.start - WINDOW)
        hi = min(sentence.end, cue.end + WINDOW)
        actors = [e for e in _within(entities, entity_starts, lo, hi) if e.kind == "actors"]
        phrase = text[cue.start:cue.end].lower()
        if phrase.startswith("according to"):
            after = [e for e in actors if e.start >= cue.end and e.start - cue.end < 30]
            if after:
                return after[0].id, "attribution"
            continue
        before = [e for e in actors if e.end <= cue.start]
        people_before = [e for e in before if e.type == "person"]
        if people_before and not _quote_between(text, people_before[-1].end, cue.start):
            return people_before[-1].id, "attribution"
        after = [e for e in actors if e.start >= cue.end and e.start - cue.end < 25
                 and e.type in ("person", "institution")]
        if after:
            return after[0].id, "attribution"
        near = [e for e in before if cue.start - e.end < _ATTRIBUTION_WINDOW
                and not _quote_between(text, e.end, cue.start)]
        if near:
            return near[-1].id, "attribution"
        lead = text[max(sentence.start, cue.start - 12):cue.start].lower().split()
        if lead and lead[-1] in _PRONOUNS:
            i = bisect_left(person_starts, cue.start) - 1
            if i >= 0:
                return persons[i].id, "pronoun"
    return None


def _quote_between(text: str, start: int, end: int) -> bool:
    return any(ch in '"“”«»' for ch in text[start:end])


def _clause_start(text: str, sentence: SentenceInfo, pos: int) -> int:
    floor = max(sentence.start, pos - WINDOW)
    return max(floor, *(text.rfind(ch, floor, pos) + 1 for ch in _CLAUSE_BREAKS))


def _holder(text: str, sentence: SentenceInfo, cue: CueRef, ents: list[EntityRef],
            cues: list[CueRef], speaker: tuple[str, str] | None,
            document_speaker: str | None, document_state: str | None,
            countries: dict[str, str | None], persons: list[EntityRef],
            person_starts: list[int]) -> tuple[str | None, str]:
    clause_start = _clause_start(text, sentence, cue.start)
    first_person = [c for c in cues if c.function == "first-person"
                    and clause_start <= c.start < cue.start]
    if first_person:
        who = speaker[0] if speaker else sentence.turn_speaker or document_speaker
        state = (countries.get(who) or who) if who else document_state
        if state:
            return state, "first-person"
    found = None if cue.speaker_holds else _subject(text, sentence, cue, ents, clause_start,
                                                    persons, person_starts)
    if found:
        return found
    if speaker:
        return speaker[0], speaker[1]
    if sentence.turn_speaker:
        return sentence.turn_speaker, "turn"
    if document_state:  # a statement, or an answer whose speaker the label does not name
        return document_state, "document"
    return None, "none"


def _subject(text: str, sentence: SentenceInfo, cue: CueRef, ents: list[EntityRef],
             clause_start: int, persons: list[EntityRef], person_starts: list[int]
             ) -> tuple[str, str] | None:
    """The cue's grammatical holder in its clause: "she"/"he", a passive's agent, or the
    nearest actor before the cue that is not the object of a preposition."""
    lead = [w for w in text[max(clause_start, cue.start - 40):cue.start].lower().split()
            if w not in _AUXILIARIES]
    anaphor = lead and (lead[-1] in _PRONOUNS or (
        len(lead) > 1 and lead[-2] == "the" and lead[-1] in _TITLE_ANAPHORS))
    if anaphor:  # "she noted", "the Secretary welcomed": the person mentioned last
        i = bisect_left(person_starts, cue.start) - 1
        if i >= 0:
            return persons[i].id, "pronoun"
    if text[cue.end:cue.end + 4].lower() == " by ":  # a passive: "welcomed by Armenia"
        agents = [e for e in ents if e.kind == "actors" and 0 <= e.start - cue.end <= 8]
        if agents:
            return agents[0].id, "subject"
    actors = [e for e in ents if e.kind == "actors" and e.end <= cue.start
              and e.start >= clause_start]
    for actor in reversed(actors):
        if not _in_prepositional_phrase(text, sentence.start, actor.start):
            return actor.id, "subject"
    return None


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


def _negated(text: str, cue: CueRef, cues: list[CueRef]) -> bool:
    for other in cues:
        if other.function != "negation" or other.end > cue.start:
            continue
        between = text[other.end:cue.start]
        if cue.start - other.end <= _NEGATION_WINDOW and not any(
                ch in ",;:.!?" for ch in between):
            return True
    return False
