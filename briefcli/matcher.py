"""The multi-pattern matcher: every alias and cue of the pack, found in one pass.

All phrases go into two Aho-Corasick automata (ahocorasick-rs): one over the lower-cased
normalised text for ``proper`` and ``any`` aliases, one over the cased text for ``exact``
ones (acronyms), so that "US" is never even reported for "us". Each raw hit is then checked
for Unicode word boundaries and for the alias's case mode, and overlapping hits are settled
longest-first. Fuzzy matching (``briefcli.fuzzy``) runs only on capitalised spans that no
exact alias covered. Grammar cues (first-person, negation) have a third automaton, run only on
the sentences positions asks about (``grammar_hits``). A ``Matcher`` pickles (the pack cache):
it rebuilds its automata from its phrase lists when first needed, and for the first few short
texts of a process builds a small one instead (see ``_lower_automaton``).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import fields, replace
from operator import itemgetter
from typing import Any, NamedTuple, SupportsIndex

import ahocorasick_rs

from briefcli.compact import (
    Bytes,
    Deferred,
    LazySequence,
    Pickles,
    SortedLookup,
    Strings,
    defer,
    ints,
    raw,
    restore,
)
from briefcli.fuzzy import FUZZY_MIN_LENGTH, FuzzyIndex, FuzzyNames
from briefcli.normalize import Normalized, normalize_phrase
from briefcli.ruletypes import Rule, RulePack, Term

DEFAULT_FUZZY_THRESHOLD = 88
_ENTITY_KINDS = ("actors", "mechanisms", "ignore")
_READ_CUES = frozenset({"stance", "attribution"})
# Grammar cues: only ever read just before a stance cue, and so common ("we", "our", "not")
# that matching them everywhere was two fifths of all raw hits. They get an automaton of
# their own, run only on the sentences that hold a stance cue (see ``grammar_hits``).
GRAMMAR_CUES = frozenset({"first-person", "negation"})
# A run of letters and digits: exactly what the word-boundary checks call a word.
_ALNUM_RUN = re.compile(r"[^\W_]+")
_REDUCED_DOCUMENTS = 3  # texts per process matched with a per-text automaton (see below)
_REDUCED_MAX_CHARS = 100_000
# Names that get transliterated and misspelt; institutions' long generated names do not.
_FUZZY_TYPES = ("state", "person", "group")


# What one phrase stands for: (rule index, alias index, case mode, positions of capitals).
# A plain tuple rather than a dataclass: the compiled pack holds ~50,000 of them and must
# unpickle fast for a one-file run.
Entry = tuple[int, int, str, tuple[int, ...]]


class _PhraseTable:
    """What each phrase of an automaton stands for, in compact columns (see
    ``briefcli.compact``: the compiled pack must unpickle fast for a one-file run, and a tuple
    per phrase is what makes unpickling slow).

    For phrase ``i``: ``rules[i]`` and ``aliases[i]``, and in ``capitals[i]`` the offsets (as
    characters) of the capitals a "proper" alias needs; ``rules[i]`` is -1 when several
    aliases share the phrase, whose entries are then in ``shared[i]``. A one-file run reads a
    few hundred phrases of these; ``unpack`` turns them into plain lists and a dict when the
    full automaton is built (an archive reads them all, hundreds of thousands of times)."""

    def __init__(self, phrases: dict[str, list[Entry]]) -> None:
        rules = array("i")
        aliases = array("i")  # for a shared phrase: where its entries are in _shared
        capitals: list[str] = []
        shared: list[tuple[Entry, ...]] = []
        for entries in phrases.values():
            if len(entries) == 1:
                rule, alias, case, upper_at = entries[0]
                rules.append(rule)
                aliases.append(alias)
                capitals.append("".join(map(chr, upper_at)) if case == "proper" else "")
            else:
                rules.append(-1)
                aliases.append(len(shared))
                capitals.append("")
                shared.append(tuple(entries))
        self.rules: Sequence[int] = rules
        self.aliases: Sequence[int] = aliases
        self._capitals = Strings(capitals)
        self._shared = Pickles(shared)
        self._unpacked = False
        self.capitals: Sequence[str] = self._capitals
        self.shared: Mapping[int, tuple[Entry, ...]] = _SharedEntries(self)

    def entries(self, index: int) -> tuple[Entry, ...]:
        """The entries of a shared phrase."""
        entries: tuple[Entry, ...] = self._shared[self.aliases[index]]
        return entries

    def unpack(self) -> None:
        """Plain lists and a dict, read at list speed: for many texts."""
        if not self._unpacked:
            self.shared = {i: self.entries(i) for i, rule in enumerate(self.rules) if rule < 0}
            self.rules, self.aliases = list(self.rules), list(self.aliases)
            self.capitals = self._capitals.to_list()
            self._unpacked = True

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        return _phrase_table, (raw(array("i", self.rules), protocol),
                               raw(array("i", self.aliases), protocol),
                               self._capitals, self._shared)


def _phrase_table(rules: Bytes, aliases: Bytes, capitals: Strings, shared: Pickles
                  ) -> _PhraseTable:
    table = _PhraseTable.__new__(_PhraseTable)
    table.rules, table.aliases = ints(rules, "i"), ints(aliases, "i")
    table._capitals, table._shared, table._unpacked = capitals, shared, False
    table.capitals = capitals
    table.shared = _SharedEntries(table)
    return table


class _SharedEntries(Mapping[int, tuple[Entry, ...]]):
    """``_PhraseTable.shared`` before ``unpack``: each phrase's entries unpickled when read."""

    def __init__(self, table: _PhraseTable) -> None:
        self._table = table

    def __getitem__(self, index: int) -> tuple[Entry, ...]:
        if self._table.rules[index] >= 0:
            raise KeyError(index)
        return self._table.entries(index)

    def __iter__(self) -> Iterator[int]:
        return (i for i, rule in enumerate(self._table.rules) if rule < 0)

    def __len__(self) -> int:
        return sum(1 for rule in self._table.rules if rule < 0)


class LeanRules(LazySequence[Rule]):
    """A compiled pack's rules, each made when first read: a one-file run reads a few dozen
    of the thousands. Each is kept as the pickle of a plain tuple of its values, many times
    faster to unpickle than the rule itself, and unpickled only when read. Aliases are left
    out (see ``Matcher.lean``)."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._values = Pickles(_lean_values(rule) for rule in rules)
        self._made: list[Rule | None] = [None] * len(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def _item(self, index: int) -> Rule:
        rule = self._made[index]
        if rule is None:
            values = list(self._values[index])
            values[_TERMS] = tuple(Term(*term) for term in values[_TERMS])
            # Made as unpickling makes a dataclass: a bare object and its field values.
            rule = Rule.__new__(Rule)
            rule.__dict__.update(zip(_RULE_FIELDS, values, strict=True))
            self._made[index] = rule
        return rule

    def __getstate__(self) -> Pickles:
        return self._values

    def __setstate__(self, values: Pickles) -> None:
        self._values = values
        self._made = [None] * len(values)


_RULE_FIELDS = tuple(f.name for f in fields(Rule))
_TERMS = _RULE_FIELDS.index("terms")


def _lean_values(rule: Rule) -> tuple[Any, ...]:
    lean = replace(rule, aliases=())
    values = [getattr(lean, name) for name in _RULE_FIELDS]
    values[_TERMS] = tuple((t.role, t.country, t.start, t.end) for t in rule.terms)
    return tuple(values)


class _WordIndex:
    """The lower-case phrases by their words, for a per-text automaton: of the phrases, it
    selects those whose two rarest words both occur in a text.

    A phrase matches only where each of its words (runs of letters and digits, as
    ``_ALNUM_RUN`` finds them) stands as a whole word of the lower-cased text: the words inside
    it are delimited by the phrase's own other characters, its first and last by the word
    boundaries ``raw_hits`` checks (which read the cased text: a character and its lower case
    are both letters or digits, or both not, tested). So any of its words would do. Each
    phrase is listed under the word that fewest phrases share ("armenia" rather than
    "foreign"), with the next rarest beside it to check: a page of text then selects a few
    hundred phrases of the tens of thousands. Phrases without a word are always selected."""

    def __init__(self, phrases: list[str]) -> None:
        words_of = [set(_ALNUM_RUN.findall(phrase)) for phrase in phrases]
        shared_by = Counter(word for words in words_of for word in words)
        # Sorted, a text's words are found by bisection: a dict of them costs more to make.
        slot_of = {word: slot for slot, word in enumerate(sorted(shared_by))}
        by_word: list[list[tuple[int, int]]] = [[] for _ in slot_of]
        unanchored = array("i")
        for index, words in enumerate(words_of):
            # The rarest words first; of those, the longest; then in alphabetical order.
            rarest = sorted(words, key=lambda w: (shared_by[w], -len(w), w))[:2]
            if rarest:
                by_word[slot_of[rarest[0]]].append(
                    (index, slot_of[rarest[1]] if len(rarest) > 1 else -1))
            else:
                unanchored.append(index)
        self._words = Strings(slot_of)  # every word of a phrase, by slot
        starts = array("i", [0])  # per slot: where its phrases start in ids
        ids = array("i")
        seconds = array("i")  # beside each of ids: the slot of its second word, or -1
        for listed in by_word:
            for index, second in listed:
                ids.append(index)
                seconds.append(second)
            starts.append(len(ids))
        self.unanchored: Sequence[int] = unanchored
        self._starts: Sequence[int] = starts
        self._ids: Sequence[int] = ids
        self._seconds: Sequence[int] = seconds
        self._lookup = SortedLookup(self._words, _REDUCED_DOCUMENTS)

    def select(self, words: set[str]) -> list[int]:
        """The phrases (in order) that could match a text made of ``words``."""
        starts, ids, seconds = self._starts, self._ids, self._seconds
        present = set(self._lookup.slots(words))
        selected = list(self.unanchored)
        for slot in present:
            for at in range(starts[slot], starts[slot + 1]):
                second = seconds[at]
                if second < 0 or second in present:
                    selected.append(ids[at])
        selected.sort()
        return selected

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        return _word_index, (self._words, *(raw(array("i", column), protocol) for column in (
            self.unanchored, self._starts, self._ids, self._seconds)))


def _word_index(words: Strings, unanchored: Bytes, starts: Bytes, ids: Bytes,
                seconds: Bytes) -> _WordIndex:
    index = _WordIndex.__new__(_WordIndex)
    index._words, index._lookup = words, SortedLookup(words, _REDUCED_DOCUMENTS)
    index.unanchored, index._starts = ints(unanchored, "i"), ints(starts, "i")
    index._ids, index._seconds = ints(ids, "i"), ints(seconds, "i")
    return index


class Hit(NamedTuple):
    """One phrase occurrence. A named tuple, not a frozen dataclass: a corpus run makes
    hundreds of thousands, and a tuple is built several times faster."""

    start: int  # offsets into the normalised text
    end: int
    rule: int
    alias: int
    score: int
    candidates: tuple[int, ...] = ()  # other rules an ambiguous alias could mean


class Matcher:
    """Compiled rules: build once per pack, reuse for every document."""

    # Read by few texts (titles, "{home}" rules, untitled statements, transcripts): the pack
    # cache unpickles them only when first read.
    index_by_id: Deferred[dict[str, int]] = Deferred()
    office_holders: Deferred[dict[str, list[tuple[int, Term]]]] = Deferred()
    person_ids: Deferred[frozenset[str]] = Deferred()
    spokespeople_by_surname: Deferred[dict[str, tuple[str, ...]]] = Deferred()

    def __init__(self, pack: RulePack, fuzzy_threshold: int = DEFAULT_FUZZY_THRESHOLD) -> None:
        self.pack = pack
        self.rules: Sequence[Rule] = pack.rules
        self.fuzzy_threshold = fuzzy_threshold
        # Tables that other modules derive from the pack (``briefcli.openworld``), built once
        # per matcher; the pack cache keeps those built before it was written.
        self.derived: dict[str, Any] = {}
        lower: dict[str, list[Entry]] = defaultdict(list)
        exact: dict[str, list[Entry]] = defaultdict(list)
        grammar: dict[str, list[Entry]] = defaultdict(list)
        # The patterns' sources: a pickled pattern is compiled again when unpickled, and the
        # pack cache would compile them all for every run (milliseconds); see ``avoided``.
        avoid: dict[tuple[int, int], str] = {}
        fuzzy: dict[str, list[tuple[int, int]]] = defaultdict(list)
        vocabulary: set[str] = set()
        for r_index, rule in enumerate(self.rules):
            for a_index, alias in enumerate(rule.aliases):
                if alias.avoid_near:
                    avoid[(r_index, a_index)] = (
                        r"(?<!\w)(?:" + "|".join(re.escape(w) for w in alias.avoid_near)
                        + r")(?!\w)")
                for phrase in alias.phrases:
                    phrase = normalize_phrase(phrase)
                    upper_at = tuple(i for i, ch in enumerate(phrase) if ch.isupper())
                    entry: Entry = (r_index, a_index, alias.case, upper_at)
                    if rule.kind == "positions" and rule.function in GRAMMAR_CUES:
                        # Matched in the lower-cased text; an all-capital ("exact") alias
                        # then needs every one of its capitals, as a proper one does.
                        grammar[phrase.lower()].append(
                            (r_index, a_index, "any" if alias.case == "any" else "proper",
                             upper_at))
                    elif alias.case == "exact":
                        exact[phrase].append(entry)
                    else:
                        lower[phrase.lower()].append(entry)
                    if rule.kind == "mechanisms" or rule.type in ("state", "organization",
                                                                  "institution"):
                        vocabulary.update(w.lower() for w in phrase.split())
                    if (rule.type in _FUZZY_TYPES and not rule.office and "{" not in rule.id
                            and alias.fuzzy and alias.case == "proper"
                            and len(phrase) >= FUZZY_MIN_LENGTH and not alias.ambiguous
                            and phrase.count(" ") < 3):
                        fuzzy[phrase.lower()].append((r_index, a_index))
        self.lower_phrases = Strings(lower)
        self.lower_index = _WordIndex(list(lower))
        self.lower_table = _PhraseTable(lower)
        self.exact_phrases = list(exact)
        self.exact_table = _PhraseTable(exact)
        self.grammar_phrases = list(grammar)
        self.grammar_table = _PhraseTable(grammar)
        self.grammar_reach = max(map(len, grammar), default=0)  # the longest grammar phrase
        self.avoid = avoid
        # Fuzzy matching's names in (length, insertion) order, its index's order, and the
        # (rule, alias) of each name's first alias (the one a match reports), two numbers a name.
        names = sorted(fuzzy, key=len)
        self.fuzzy_names = Strings(names)
        self.fuzzy_targets = array("i", [n for name in names for n in fuzzy[name][0]])
        self.fuzzy_index: FuzzyIndex | None = None  # indexed ahead for the cache (``lean``)
        self.vocabulary = frozenset(vocabulary)
        self.kinds = tuple(rule.kind for rule in self.rules)
        # What reading positions needs of a cue rule: (function, stance, id, speaker holds it,
        # weak, yields);
        # None for rules that are not cues or whose cues positions never read among the cues
        # of the whole text (neutral ones only block others when overlaps are settled,
        # journalist ones mark turn labels, grammar ones are looked up by ``grammar_hits``).
        self.cue_info = tuple(
            ((rule.function or "stance"), rule.stance, rule.id, rule.holder == "speaker",
             rule.weak, rule.yields)
            if rule.kind == "positions" and (rule.function or "stance") in _READ_CUES else None
            for rule in self.rules)
        self.grammar_info = tuple(
            (rule.function, None, rule.id, False) if rule.function in GRAMMAR_CUES else None
            for rule in self.rules)
        self.index_by_id = {rule.id: i for i, rule in enumerate(self.rules)}
        # What tagging needs of an alias, in flat lists (see _PhraseTable): alias ``a`` of rule
        # ``r`` is entry ``alias_base[r] + a``.
        self.alias_base = array("i")
        alias_texts: list[str] = []
        alias_categories: list[str] = []
        given_names: list[int] = []
        for rule in self.rules:
            self.alias_base.append(len(alias_texts))
            for alias in rule.aliases:
                if alias.given_name:
                    given_names.append(len(alias_texts))
                alias_texts.append(alias.text)
                alias_categories.append(alias.category)
        self.alias_texts: Sequence[str] = Strings(alias_texts)
        self.alias_categories: Sequence[str] = Strings(alias_categories)
        self.given_names = frozenset(given_names)
        self.rules_in_context = frozenset(
            r for r, rule in enumerate(self.rules) for a in range(len(rule.aliases))
            if self.alias_base[r] + a in self.given_names) | {r for r, _ in avoid}
        self.preferred = frozenset(r for r, rule in enumerate(self.rules)
                                   if any(a.prefer for a in rule.aliases))
        countries = {rule.id: _country_of(rule) for rule in self.rules if rule.kind == "actors"}
        # A person of a body that speaks for another (the EEAS's spokesperson) speaks for
        # that one: Anitta Hipper's "we" is the EU's.
        for rule in self.rules:
            served = countries.get(rule.id)
            if rule.type == "person" and served and served.startswith("org."):
                countries[rule.id] = countries.get(served) or served
        self.countries = countries
        self.person_ids = frozenset(r.id for r in self.rules if r.type == "person")
        by_surname: dict[str, list[str]] = defaultdict(list)
        for rule in self.rules:
            if rule.type == "person" and any("spokes" in (t.role or "").lower()
                                             for t in rule.terms):
                by_surname[rule.name.split()[-1].lower()].append(rule.id)
        # Transcripts label turns by surname in capitals: "MR PRICE:", "MS. ORTAGUS:".
        self.spokespeople_by_surname = {k: tuple(v) for k, v in by_surname.items()}
        holders: dict[str, list[tuple[int, Term]]] = defaultdict(list)
        for r_index, rule in enumerate(self.rules):
            if rule.type == "person" and not rule.office:
                for term in rule.terms:
                    holders[(term.country or rule.country or "").upper()].append((r_index, term))
        self.office_holders = dict(holders)
        # A release's header line names who issued it ("Office of the Spokesperson").
        self.header_lines = {h.lower(): rule.id for rule in self.rules for h in rule.headers}
        self.journalist_labels = frozenset(
            p.lower() for r in self.rules if r.function == "journalist"
            for a in r.aliases for p in a.phrases)
        self.moderator_labels = frozenset(
            p.lower() for r in self.rules if r.function == "moderator"
            for a in r.aliases for p in a.phrases)
        self._build()

    def _build(self) -> None:
        self._lower_ac: ahocorasick_rs.AhoCorasick | None = None  # built when first needed
        self._exact_ac = _automaton(self.exact_phrases)
        self._grammar_ac: ahocorasick_rs.AhoCorasick | None = None
        self._reduced_left = _REDUCED_DOCUMENTS
        self._fuzzy: FuzzyNames | None = None  # made on the first fuzzy search
        self._avoid_patterns: dict[tuple[int, int], re.Pattern[str]] = {}  # compiled when used

    def _lower_automaton(self, lowered: str) -> tuple[ahocorasick_rs.AhoCorasick,
                                                      list[int] | None]:
        """The automaton of lower-case phrases for a text, with the phrase number of each of
        its patterns (None: the pattern numbers are the phrase numbers).

        The full automaton takes a tenth of a second to build, longer than tagging a page,
        so the first few short texts of a process get one of only the phrases that could
        match them (see ``_WordIndex``); a one-file run never builds the full automaton, an
        archive builds it once."""
        if self._lower_ac is None:
            if self._reduced_left > 0 and len(lowered) <= _REDUCED_MAX_CHARS:
                self._reduced_left -= 1
                ids = self.lower_index.select(set(_ALNUM_RUN.findall(lowered)))
                return _automaton([self.lower_phrases[i] for i in ids]), ids
            self._lower_ac = _automaton(self.lower_phrases.to_list())
            self.lower_table.unpack()  # many texts: tables at list speed, every rule made once
            self.exact_table.unpack()
            self.grammar_table.unpack()
            self.alias_texts = list(self.alias_texts)
            self.alias_categories = list(self.alias_categories)
            if isinstance(self.rules, LeanRules):
                self.rules = tuple(self.rules)
        return self._lower_ac, None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        for key in ("_lower_ac", "_exact_ac", "_grammar_ac", "_reduced_left", "_fuzzy",
                    "_avoid_patterns"):
            state.pop(key, None)
        return defer(state, Matcher)

    def __setstate__(self, state: dict[str, Any]) -> None:
        restore(self, state)
        self._build()

    def lean(self) -> Matcher:
        """A copy for the pack cache: its rules drop their aliases (tagging needs only the
        phrase tables and the alias lists above) and are made when first read; the cached
        pack then unpickles several times faster."""
        lean = Matcher.__new__(Matcher)
        lean.__dict__.update(self.__dict__)
        lean.rules = LeanRules(self.rules)
        lean.derived = dict(self.derived)
        lean.pack = replace(self.pack, rules=())  # its fingerprint and files; rules: above
        # The fuzzy names' pieces, indexed now: tens of milliseconds that a run would
        # otherwise spend, or compare with every name instead (see ``briefcli.fuzzy``).
        lean.fuzzy_index = FuzzyIndex(self.fuzzy_names.to_list(), self.fuzzy_threshold)
        lean.fuzzy_index.index_now()
        return lean

    # -- matching ---------------------------------------------------------------------------

    def raw_hits(self, norm: Normalized) -> list[Hit]:
        """Every phrase occurrence that passes word-boundary and case checks (overlapping),
        grammar cues aside (see ``grammar_hits``)."""
        hits: list[Hit] = []
        lower_ac, phrase_ids = self._lower_automaton(norm.lower)
        _check(self.lower_table, lower_ac.find_matches_as_indexes(norm.lower, overlapping=True),
               norm.cased, False, phrase_ids, hits)
        _check(self.exact_table, self._exact_ac.find_matches_as_indexes(
            norm.cased, overlapping=True), norm.cased, True, None, hits)
        return hits

    def grammar_hits(self, norm: Normalized, spans: list[tuple[int, int]], cues: list[Hit],
                     cue_starts: list[int]) -> list[Hit]:
        """The grammar cues (first-person, negation) starting in the ``spans`` of the
        normalised text (sorted, disjoint), checked as ``raw_hits`` checks its hits and
        settled longest-first. All spans are scanned in one call of the automaton.

        ``cues`` are the other cues as ``select`` kept them (``cue_starts``, their starts): a
        grammar cue inside one of them ("not true") is part of it and left out, so grammar
        words never hide a stance cue."""
        if self._grammar_ac is None:
            self._grammar_ac = _automaton(self.grammar_phrases)
        reach = self.grammar_reach
        lower = norm.lower
        # The spans' text, each running on far enough to hold a cue that starts in it, joined
        # by NUL; each piece's place in the joined text.
        pieces = [lower[start:end + reach] for start, end in spans]
        offsets: list[int] = []
        at = 0
        for piece in pieces:
            offsets.append(at)
            at += len(piece) + 1
        matches = []
        for index, start, end in self._grammar_ac.find_matches_as_indexes(
                "\0".join(pieces), overlapping=True):
            k = bisect_right(offsets, start) - 1
            shift = spans[k][0] - offsets[k]
            # Starting in its span, and not running across a NUL that joined two pieces.
            if start + shift < spans[k][1] and end <= offsets[k] + len(pieces[k]):
                matches.append((index, start + shift, end + shift))
        found: list[Hit] = []
        _check(self.grammar_table, matches, norm.cased, False, None, found)
        free = []
        for hit in found:
            i = bisect_left(cue_starts, hit.end) - 1  # kept cues never overlap each other
            if i < 0 or cues[i].end <= hit.start:
                free.append(hit)
        return _longest_first(free)

    def select(self, hits: list[Hit]) -> tuple[list[Hit], list[Hit]]:
        """Settle overlaps longest-first, separately for entities and for stance cues."""
        kinds = self.kinds
        entities = [h for h in hits if kinds[h.rule] in _ENTITY_KINDS]
        cues = [h for h in hits if kinds[h.rule] == "positions"]
        ignored = [(h.start, h.end) for h in entities if kinds[h.rule] == "ignore"]
        if ignored:
            entities = _not_begun_inside(entities, sorted(ignored), kinds)
        return _longest_first(entities), _longest_first(cues)

    def prepare_for_many(self) -> None:
        """Build now what many texts need (the full automaton, every rule, the fuzzy index),
        so that processes forked after this share it instead of each building its own."""
        self._reduced_left = 0
        self._lower_automaton("")
        self._fuzzy_names().prepare()

    def _fuzzy_names(self) -> FuzzyNames:
        if self._fuzzy is None:
            index = self.fuzzy_index  # from the cache: it holds the names, decoded
            names = index.choices if index else self.fuzzy_names.to_list()
            self._fuzzy = FuzzyNames(names, self.fuzzy_targets, self.vocabulary,
                                     self.fuzzy_threshold, index)
        return self._fuzzy

    def fuzzy_hits(self, norm: Normalized, taken: list[Hit]) -> list[Hit]:
        """Approximate matches on capitalised spans that no exact alias covered (see
        ``briefcli.fuzzy``)."""
        return [Hit(*found) for found in self._fuzzy_names().find(
            norm.cased, ((h.start, h.end) for h in taken))]

    def rule_names(self) -> RuleNames:
        """Rule id -> name, for the human formats (see ``RuleNames``)."""
        return RuleNames(self)

    def alias_text(self, rule: int, alias: int) -> str:
        return self.alias_texts[self.alias_base[rule] + alias]

    def alias_category(self, rule: int, alias: int) -> str:
        """How the alias names its actor: alias | adjective | capital."""
        return self.alias_categories[self.alias_base[rule] + alias]

    def is_given_name(self, rule: int, alias: int) -> bool:
        """A person's given name alone ("Maria"): not a mention when a surname follows."""
        return self.alias_base[rule] + alias in self.given_names

    def office_holder(self, rule: Rule, date: str | None) -> int | None:
        """The person who held a title's office in its state on ``date`` (or holds it now)."""
        wanted = [o.lower() for o in rule.office]
        found: list[tuple[str, int]] = []
        for r_index, term in self.office_holders.get((rule.country or "").upper(), ()):
            role = term.role.lower()
            if not any(role == w or role.startswith(w + " ") for w in wanted):
                continue
            if date is not None and term.covers(date):
                found.append((term.start or "", r_index))
            elif date is None and term.end is None:
                found.append((term.start or "", r_index))
        return max(found)[1] if found else None

    def avoided(self, hit: Hit, text: str, start: int, end: int) -> bool:
        """Whether a word that cancels this alias occurs in ``text[start:end]`` (no slicing)."""
        key = (hit.rule, hit.alias)
        pattern = self._avoid_patterns.get(key)
        if pattern is None:
            source = self.avoid.get(key)
            if source is None:
                return False
            pattern = self._avoid_patterns[key] = re.compile(source, re.IGNORECASE)
        return bool(pattern.search(text, start, end))


class RuleNames(Mapping[str, str]):
    """Rule id -> name, each read when asked: a one-file summary names a dozen of the pack's
    thousands of rules, and reading them all took 43 ms, a tenth of such a run."""

    def __init__(self, matcher: Matcher) -> None:
        self._matcher = matcher

    def __getitem__(self, rule_id: str) -> str:
        matcher = self._matcher
        return matcher.rules[matcher.index_by_id[rule_id]].name

    def __iter__(self) -> Iterator[str]:
        return iter(self._matcher.index_by_id)

    def __len__(self) -> int:
        return len(self._matcher.index_by_id)


def _check(table: _PhraseTable, matches: list[tuple[int, int, int]], text: str, exact: bool,
           ids: list[int] | None, hits: list[Hit]) -> None:
    """Add to ``hits`` the automaton's ``matches`` (offsets in ``text``, the cased normalised
    text) that stand as whole words and have their alias's case; ``ids`` maps the
    automaton's pattern numbers to the table's phrase numbers.

    This loop runs for every raw hit of every document, so it is written flat."""
    size = len(text)
    append = hits.append
    rules, aliases, capitals = table.rules, table.aliases, table.capitals
    for index, start, end in matches:
        if ids is not None:
            index = ids[index]
        if start and text[start].isalnum() and text[start - 1].isalnum():
            continue
        if end < size and text[end - 1].isalnum() and text[end].isalnum():
            continue
        if exact and _shouting(text, start, end):
            continue
        rule = rules[index]
        if rule >= 0:  # one alias: the common case
            for offset in capitals[index]:
                if not text[start + ord(offset)].isupper():
                    break
            else:
                append(Hit(start, end, rule, aliases[index], 100))
            continue
        passing = [e for e in table.shared[index]
                   if e[2] != "proper" or all(text[start + i].isupper() for i in e[3])]
        if passing:
            rule, alias = passing[0][0], passing[0][1]
            others = tuple(sorted({e[0] for e in passing[1:] if e[0] != rule}))
            append(Hit(start, end, rule, alias, 100, others))


def _automaton(phrases: list[str]) -> ahocorasick_rs.AhoCorasick:
    # A contiguous NFA: it builds fast and scans twice as fast as the default choice
    # (measured: 40 vs 18 MB/s on the benchmark corpus).
    return ahocorasick_rs.AhoCorasick(phrases or ["\0"],
                                      matchkind=ahocorasick_rs.MatchKind.Standard,
                                      implementation=ahocorasick_rs.Implementation.ContiguousNFA)


def _country_of(rule: Rule) -> str | None:
    """Who an actor stands for when it says "we": a state itself, else its state (ISO3) or
    organisation (``org.*``): Zakharova's "we" is Russia, Kallas's "we" the EU."""
    if rule.type in ("state", "organization"):
        return rule.id if rule.type == "state" or not rule.country else rule.country
    country = rule.country
    if country and ((len(country) == 3 and country.isupper()) or country.startswith("org.")):
        return country
    return None


def _shouting(text: str, start: int, end: int) -> bool:
    """An acronym inside all-capital prose ("LET US KNOW") is not an acronym."""
    if end - start > 3:
        return False
    left = text[max(0, start - 12):start]
    right = text[end:end + 12]
    letters = [ch for ch in left + right if ch.isalpha()]
    return len(letters) >= 8 and all(ch.isupper() for ch in letters)


def _not_begun_inside(hits: list[Hit], ignored: list[tuple[int, int]],
                      kinds: Sequence[str]) -> list[Hit]:
    """Without the names that begin inside an ignore phrase and run on past it: in "Latin
    American governments" the word "American" is the region's ("Latin American"), so
    "American governments" is no name, however much longer it is. A name that begins with
    the phrase ("Inter-American Development Bank") or holds it is left to longest-first."""
    starts = [s for s, _ in ignored]
    kept = []
    for hit in hits:
        i = bisect_right(starts, hit.start - 1) - 1  # the last phrase starting before it
        if i >= 0 and kinds[hit.rule] != "ignore" and ignored[i][1] > hit.start \
                and hit.end > ignored[i][1]:
            continue
        kept.append(hit)
    return kept


def _longest_first(hits: list[Hit]) -> list[Hit]:
    """Keep the longest of overlapping hits (leftmost, then first rule, on ties), in order.

    Most hits overlap nothing and are kept as they are; only a group of hits that overlap
    one another (directly or through others) is settled, and groups never affect each other."""
    ordered = sorted(hits, key=itemgetter(0))  # by start; stable, as ties are settled in order
    kept: list[Hit] = []
    count = len(ordered)
    i = 0
    while i < count:
        reach = ordered[i].end
        j = i + 1
        while j < count and ordered[j].start < reach:
            if ordered[j].end > reach:
                reach = ordered[j].end
            j += 1
        if j == i + 1:
            kept.append(ordered[i])
        else:
            kept += _settle(ordered[i:j])
        i = j
    return kept


def _settle(group: list[Hit]) -> list[Hit]:
    """Longest first within a group of overlapping hits. A byte per character marks what is
    taken: linear in the text, even for a one-line file with hundreds of thousands of hits."""
    base = group[0].start
    taken = bytearray(max(h.end for h in group) - base)
    kept: list[Hit] = []
    for hit in sorted(group, key=lambda h: (h.start - h.end, h.start, h.rule)):
        start, end = hit.start - base, hit.end - base
        if taken.find(1, start, end) != -1:
            continue
        taken[start:end] = b"\x01" * (end - start)
        kept.append(hit)
    kept.sort(key=lambda h: h.start)
    return kept
