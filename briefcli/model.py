"""The data model: what tagging returns, as frozen dataclasses, and its JSON form.

Schema version 1 (see ``schema/output.schema.json``). One document's record::

    {"schema_version": 1, "source": "briefing.txt",
     "meta": {"title": null, "date": "2025-01-17", "speakers": ["person.maria-zakharova"],
              "chars": 2662, "sentences": 14, "origin": {...}, "input_format": "text",
              "link": null},
     "actors": [{"id": "RUS", "name": "Russia", "type": "state", "country": "RUS", "role": null,
                 "unlisted": false, "count": 9,
                 "mentions": [{"start": 322, "end": 328, "text": "Russia",
                                           "sentence": 1, "rule": "RUS", "alias": "Russia",
                                           "score": 100}]}],
     "mechanisms": [{"id": "mech.peace-treaty", "name": "Peace treaty", "type": "process",
                     "unlisted": false, "count": 2, "mentions": [...]}],
     "positions": [{"holder": "RUS", "stance": "expect", "negated": false, "sentence": 3,
                    "start": 912, "end": 918, "text": "expect", "targets": ["AZE", "ARM"],
                    "mechanisms": [], "rule": "stance.expect.verbs",
                    "holder_via": "first-person", "evidence": "We expect that ..."}],
     "warnings": []}

Offsets are character offsets into the decoded text: ``text[start:end] == mention.text``.
Sentence numbers index the document's sentences from 0. ``score`` is 100 for an exact match
and the rapidfuzz similarity (0-100) for a fuzzy one. Actors and mechanisms are ordered by
first mention, positions by offset. A document that could not be read is an error record::

    {"schema_version": 1, "source": "broken.bin", "error": {"kind": "binary", "message": "..."}}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 2

STANCES = ("support", "oppose", "welcome", "condemn", "concern", "call", "expect", "commit",
           "warn", "deny")


@dataclass(frozen=True, slots=True)
class Mention:
    """One place a rule matched: offsets into the text, and which rule and alias."""

    start: int
    end: int
    text: str
    sentence: int
    rule: str
    alias: str
    score: int

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text,
                "sentence": self.sentence, "rule": self.rule, "alias": self.alias,
                "score": self.score}


@dataclass(frozen=True, slots=True)
class ActorTag:
    """An actor mentioned in a document, with every mention."""

    id: str
    name: str
    type: str
    country: str | None
    role: str | None
    mentions: tuple[Mention, ...]
    unlisted: bool = False  # found by briefcli.openworld, not by a rule of the pack

    @property
    def count(self) -> int:
        return len(self.mentions)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type, "country": self.country,
                "role": self.role, "unlisted": self.unlisted, "count": self.count,
                "mentions": [m.to_dict() for m in self.mentions]}


@dataclass(frozen=True, slots=True)
class MechanismTag:
    """A named mechanism (treaty, format, platform...) mentioned, with every mention."""

    id: str
    name: str
    type: str
    mentions: tuple[Mention, ...]
    unlisted: bool = False  # found by briefcli.openworld, not by a rule of the pack

    @property
    def count(self) -> int:
        return len(self.mentions)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type,
                "unlisted": self.unlisted, "count": self.count,
                "mentions": [m.to_dict() for m in self.mentions]}


@dataclass(frozen=True, slots=True)
class Position:
    """A stance someone takes in a sentence: who, what, on whom or what, and the evidence."""

    holder: str | None
    on_behalf_of: str | None  # the state or organisation the holder speaks for
    stance: str
    negated: bool
    sentence: int
    start: int
    end: int
    text: str
    targets: tuple[str, ...]
    mechanisms: tuple[str, ...]
    rule: str
    holder_via: str
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        return {"holder": self.holder, "on_behalf_of": self.on_behalf_of,
                "stance": self.stance, "negated": self.negated,
                "sentence": self.sentence, "start": self.start, "end": self.end,
                "text": self.text, "targets": list(self.targets),
                "mechanisms": list(self.mechanisms), "rule": self.rule,
                "holder_via": self.holder_via, "evidence": self.evidence}


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence's offsets, and the turn it belongs to in a transcript."""

    start: int
    end: int
    turn: int | None = None


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker's turn in a Q&A transcript: ``label`` is the text before the colon."""

    start: int
    end: int
    label: str
    speaker: str | None
    is_question: bool


@dataclass(frozen=True, slots=True)
class Origin:
    """Where each part of a document's context came from: ``flag``, ``field`` (a JSON Lines
    record's), ``file-name`` (``--name-pattern``), ``text`` or ``none``."""

    issuer: str = "none"
    speakers: str = "none"
    date: str = "none"
    title: str = "none"

    def to_dict(self) -> dict[str, Any]:
        return {"issuer": self.issuer, "speakers": self.speakers, "date": self.date,
                "title": self.title}


@dataclass(frozen=True, slots=True)
class Meta:
    """What is known about a document: title, date, issuer (the state or organisation on
    whose behalf it speaks), speakers, size, where each came from, the input's format
    (``text``, ``jsonl``, ``html``, ``feed``: offsets refer to the text ``briefcli text``
    prints for it) and its link (a feed item's, a page's canonical address)."""

    title: str | None
    date: str | None
    issuer: str | None
    speakers: tuple[str, ...]
    chars: int
    sentences: int
    origin: Origin = Origin()
    input_format: str = "text"  # what the input was: text, jsonl, html or feed
    link: str | None = None  # a feed item's link, a page's canonical address

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "date": self.date, "issuer": self.issuer,
                "speakers": list(self.speakers), "chars": self.chars,
                "sentences": self.sentences, "origin": self.origin.to_dict(),
                "input_format": self.input_format, "link": self.link}


@dataclass(frozen=True, slots=True)
class Document:
    """Everything tagged in one text: its record (see the module docstring)."""

    source: str
    meta: Meta
    actors: tuple[ActorTag, ...]
    mechanisms: tuple[MechanismTag, ...]
    positions: tuple[Position, ...]
    warnings: tuple[str, ...] = ()
    sentences: tuple[Sentence, ...] = field(default=(), compare=False, repr=False)
    turns: tuple[Turn, ...] = field(default=(), compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"schema_version": SCHEMA_VERSION, "source": self.source,
                "meta": self.meta.to_dict(),
                "actors": [a.to_dict() for a in self.actors],
                "mechanisms": [m.to_dict() for m in self.mechanisms],
                "positions": [p.to_dict() for p in self.positions],
                "warnings": list(self.warnings)}


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """A document that could not be read or tagged: data, not a crash."""

    source: str
    kind: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"schema_version": SCHEMA_VERSION, "source": self.source,
                "error": {"kind": self.kind, "message": self.message}}
