"""``tag()``: one text in, one ``Document`` out. A pure function of the text and the rules."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache

from briefcli.matcher import Hit, Matcher
from briefcli.model import ActorTag, Document, MechanismTag, Mention, Meta, Sentence, Turn
from briefcli.normalize import Normalized, normalize
from briefcli.positions import (
    WINDOW,
    CueRef,
    EntityRef,
    GrammarLookup,
    SentenceInfo,
    find_positions,
)
from briefcli.ruletypes import Rule, RulePack
from briefcli.segment import Segmentation, TurnLabel, segment

_MONTHS = ("january february march april may june july august september october november "
           "december").split()
_MONTH_RE = "|".join(m.capitalize() for m in _MONTHS)
_DATE_PATTERNS = (
    (re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE}),?\s+(\d{{4}})\b", re.I), "dmy"),
    (re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I), "mdy"),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "ymd"),
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"), "dmy-num"),
)
_DATE_SCAN = 600
_SURROGATE = re.compile("[\ud800-\udfff]")
_TITLE_MAX = 200


@lru_cache(maxsize=4)
def _default_matcher(fuzzy_threshold: int) -> Matcher:
    from briefcli.cache import compiled_matcher

    return compiled_matcher(None, fuzzy_threshold)


def tag(text: str, rules: RulePack | Matcher | None = None, *, source: str = "<text>",
        date: str | None = None, fuzzy: bool = True, warnings: Iterable[str] = ()) -> Document:
    """Tag one text: actors, mechanisms and positions, each with its evidence.

    ``rules`` is a loaded ``RulePack``, a compiled ``Matcher`` (fastest when tagging many
    texts), or None for the shipped pack. ``date`` ("YYYY-MM-DD") overrides the briefing date
    found in the text; it decides which office holder an ambiguous name means.
    """
    if isinstance(rules, Matcher):
        matcher = rules
    elif isinstance(rules, RulePack):
        matcher = Matcher(rules)
    else:
        matcher = _default_matcher(88)
    notes = list(warnings)
    if not text.strip():
        notes.append(f"{source}: empty document, nothing to tag")
    norm = normalize(text)
    try:
        raw_hits = matcher.raw_hits(norm)
    except UnicodeEncodeError:  # lone surrogates (only the Python API can pass them in)
        norm = normalize(_SURROGATE.sub("\ufffd", text))  # same length: offsets still hold
        raw_hits = matcher.raw_hits(norm)
    seg = segment(text)
    sent_starts = [s for s, _ in seg.sentences]

    def sentence_of(pos: int) -> int:
        return max(0, bisect_right(sent_starts, pos) - 1)

    entity_hits, cue_hits = matcher.select(raw_hits)
    if fuzzy:
        entity_hits = sorted(entity_hits + matcher.fuzzy_hits(norm, entity_hits),
                             key=lambda h: h.start)
    rules_ = matcher.rules
    found_date = date or _find_date(text)
    resolved = _resolve_ambiguous(_filter_hits(entity_hits, text, norm, seg, sentence_of,
                                               matcher), matcher, found_date)
    turns, sentence_turns = _turns(text, seg, resolved, rules_, matcher)
    title = _find_title(text)
    speakers = [t.speaker for t in turns if t.speaker and not t.is_question]
    if title:
        t_start = text.find(title)
        speakers += [rules_[i].id for s, _, _, i in resolved
                     if rules_[i].type == "person" and t_start <= s < t_start + len(title)]
    countries = matcher.countries
    home = _home_state(speakers, resolved, matcher, text, found_date, title)
    resolved = _resolve_offices(_resolve_relative(resolved, home, matcher), found_date, matcher)

    mentions_by_rule: dict[int, list[Mention]] = {}
    alias_text = matcher.alias_text
    for start, end, hit, r_index in resolved:
        mentions_by_rule.setdefault(r_index, []).append(Mention(
            start, end, text[start:end], max(0, bisect_right(sent_starts, start) - 1),
            rules_[hit.rule].id, alias_text(hit.rule, hit.alias), hit.score))
    actors = tuple(ActorTag(rules_[i].id, rules_[i].name, rules_[i].type or "",
                            rules_[i].country, rules_[i].role, tuple(ms))
                   for i, ms in mentions_by_rule.items() if rules_[i].kind == "actors")
    mechanisms = tuple(MechanismTag(rules_[i].id, rules_[i].name, rules_[i].type or "",
                                    tuple(ms))
                       for i, ms in mentions_by_rule.items() if rules_[i].kind == "mechanisms")

    cue_info = matcher.cue_info
    if norm.run_starts:
        cue_refs = [CueRef(norm.to_original(h.start), norm.end_to_original(h.end), *info)
                    for h in cue_hits if (info := cue_info[h.rule])]
    else:  # offsets in the normalised text are those of the original
        cue_refs = [CueRef(h.start, h.end, *info) for h in cue_hits if (info := cue_info[h.rule])]
    infos = _sentence_infos(seg, turns, sentence_turns)
    positions, attributed = find_positions(
        text, infos, [_ref(matcher, r) for r in resolved], cue_refs, seg.quotes,
        speakers[0] if speakers else None, home, countries,
        _grammar_lookup(matcher, norm, cue_hits))
    if not speakers:
        speakers = [a for a in attributed if a in matcher.person_ids]
    meta = Meta(title, found_date, tuple(dict.fromkeys(speakers)), len(text),
                len(seg.sentences))
    sentences = tuple(Sentence(s, e, sentence_turns[i])
                      for i, (s, e) in enumerate(seg.sentences))
    return Document(source, meta, actors, mechanisms, tuple(positions), tuple(notes), sentences,
                    tuple(turns))


def _grammar_lookup(matcher: Matcher, norm: Normalized, cues: list[Hit]) -> GrammarLookup:
    """What positions asks for the grammar cues of some spans (original offsets)."""
    def grammar(spans: list[tuple[int, int]]) -> list[CueRef]:
        info = matcher.grammar_info
        shifted = bool(norm.run_starts)  # else offsets here are those of the original
        if shifted:
            spans = [(norm.from_original(start), norm.from_original(end))
                     for start, end in spans]
        hits = matcher.grammar_hits(norm, spans, cues, [h.start for h in cues])
        if not shifted:
            return [CueRef(h.start, h.end, *found) for h in hits if (found := info[h.rule])]
        return [CueRef(norm.to_original(h.start), norm.end_to_original(h.end), *found)
                for h in hits if (found := info[h.rule])]

    return grammar


Resolved = tuple[int, int, Hit, int]  # start, end (original offsets), the hit, the rule chosen


def _filter_hits(hits: list[Hit], text: str, norm: Normalized, seg: Segmentation,
                 sentence_of: Callable[[int], int], matcher: Matcher
                 ) -> list[tuple[int, int, Hit]]:
    """Map hits to original offsets, dropping ignore phrases and aliases their context rules
    out (``avoid_near`` words in the sentence, a given name followed by a surname)."""
    kept: list[tuple[int, int, Hit]] = []
    kinds = matcher.kinds
    checked = matcher.rules_in_context  # rules with avoid_near words or given names
    shifted = bool(norm.run_starts)
    for hit in hits:
        if kinds[hit.rule] == "ignore":
            continue
        if shifted:
            start, end = norm.to_original(hit.start), norm.end_to_original(hit.end)
        else:
            start, end = hit.start, hit.end
        if hit.rule in checked:
            s_start, s_end = (seg.sentences[sentence_of(start)] if seg.sentences
                              else (0, len(text)))
            if matcher.avoided(hit, text, max(s_start, start - WINDOW),
                               min(s_end, end + WINDOW)):
                continue
            if matcher.is_given_name(hit.rule, hit.alias) and _followed_by_name(
                    norm.cased, hit.end, matcher):
                continue
        kept.append((start, end, hit))
    return kept


def _ref(matcher: Matcher, resolved: Resolved) -> EntityRef:
    start, end, hit, r_index = resolved
    rule = matcher.rules[r_index]
    category = matcher.alias_category(hit.rule, hit.alias)
    return EntityRef(start, end, rule.id, rule.kind, rule.type, rule.country, category)


def _resolve_offices(resolved: list[Resolved], date: str | None,
                     matcher: Matcher) -> list[Resolved]:
    """A title alone ("the Foreign Minister of Armenia") means the person in that office on
    the briefing's date (now, when undated); failing that, the rule named as its fallback."""
    out = []
    for start, end, hit, r_index in resolved:
        rule = matcher.rules[r_index]
        if rule.office:
            holder = matcher.office_holder(rule, date)
            if holder is None and rule.fallback:
                holder = matcher.index_by_id.get(rule.fallback)
            if holder is None:
                continue
            r_index = holder
        out.append((start, end, hit, r_index))
    return out


def _resolve_relative(resolved: list[Resolved], home: str | None,
                      matcher: Matcher) -> list[Resolved]:
    """Rules with ``{home}`` in their id ("the Foreign Ministry") mean the home state's."""
    out = []
    for start, end, hit, r_index in resolved:
        rule_id = matcher.rules[r_index].id
        if "{home}" in rule_id:
            target = matcher.index_by_id.get(rule_id.replace("{home}", home)) if home else None
            if target is None:
                continue
            r_index = target
        out.append((start, end, hit, r_index))
    return out


def _home_state(speakers: list[str], resolved: list[Resolved], matcher: Matcher, text: str,
                date: str | None, title: str | None) -> str | None:
    """Who issued the document: its speaker's state (or organisation), else a foreign ministry
    or organisation named in its title ("Statement by the EU High Representative"), else the
    capital of a dateline ("New Delhi, 10 May 2025"), else the first ministry named.
    (References are made as the loops reach them: they nearly always stop early.)"""
    countries = matcher.countries
    for speaker in speakers:
        if countries.get(speaker):
            return countries[speaker]

    def refs() -> Iterator[EntityRef]:
        return (_ref(matcher, r) for r in resolved)

    title_end = text.find(title) + len(title) if title else 0
    for ref in refs():
        if ref.start >= title_end:
            break
        if ref.id.endswith(".mfa") and ref.country:
            return ref.country
        if ref.type == "organization":
            return countries.get(ref.id) or ref.id
    for ref in refs():
        if ref.start > _DATE_SCAN:
            break
        if ref.category == "capital" and date:
            line_end = text.find("\n", ref.end)
            line = text[text.rfind("\n", 0, ref.start) + 1:line_end if line_end >= 0 else None]
            if len(line) < 80 and _find_date(line):
                return ref.country
    for r_index in (r[3] for r in resolved):
        rule = matcher.rules[r_index]
        if rule.id.endswith(".mfa") and rule.country:
            return rule.country
    return None


def _followed_by_name(text: str, end: int, matcher: Matcher) -> bool:
    rest = text[end:end + 40]
    if not rest.startswith(" "):
        return False
    word = rest[1:].split(" ", 1)[0].strip(".,;:!?\"'()")
    return bool(word) and word[0].isupper() and word.lower() not in matcher.vocabulary


def _resolve_ambiguous(kept: list[tuple[int, int, Hit]], matcher: Matcher,
                       date: str | None) -> list[Resolved]:
    """Pick the rule an ambiguous alias means: office dates, then the document, then prefer."""
    rules = matcher.rules
    plain = {hit.rule for _, _, hit in kept if not hit.candidates}
    out = []
    for start, end, hit in kept:
        choice = hit.rule
        if hit.candidates:
            options = (hit.rule, *hit.candidates)
            if date:
                dated = [o for o in options if any(t.covers(date) for t in rules[o].terms)]
                if dated:
                    options = tuple(dated)
            in_text = [o for o in options if o in plain]
            preferred = [o for o in options if o in matcher.preferred]
            latest = sorted(options, key=lambda o: max((t.start or "" for t in rules[o].terms),
                                                       default=""), reverse=True)
            choice = (in_text or preferred or latest)[0]
        out.append((start, end, hit, choice))
    return out


def _sentence_infos(seg: Segmentation, turns: list[Turn],
                    sentence_turns: list[int | None]) -> list[SentenceInfo]:
    """What positions need of each sentence: its turn's speaker, whether it is a question,
    and where the turn label inside it ends."""
    if not turns:  # a statement, a speech: no turn to look up
        return [SentenceInfo(s, e, None, False, s, False) for s, e in seg.sentences]
    infos = []
    for (s, e), turn_index in zip(seg.sentences, sentence_turns, strict=True):
        turn = turns[turn_index] if turn_index is not None else None
        label_end = s
        if turn and turn.start == s:
            label_end = turn.start + len(turn.label) + 1
        infos.append(SentenceInfo(s, e, turn.speaker if turn else None,
                                  bool(turn and turn.is_question), label_end, turn is not None))
    return infos


def _turns(text: str, seg: Segmentation, resolved: list[Resolved], rules: Sequence[Rule],
           matcher: Matcher) -> tuple[list[Turn], list[int | None]]:
    journalist = matcher.journalist_labels
    counts: dict[str, int] = {}
    for label in seg.labels:
        counts[label.label] = counts.get(label.label, 0) + 1
    accepted: list[tuple[TurnLabel, str | None, bool]] = []
    pending: list[TurnLabel] = []
    for label in seg.labels:
        first_word = label.label.lower().replace("(", " ").split()[0]
        is_question = label.label.lower() in journalist or first_word in journalist
        speaker = _label_speaker(label, resolved, rules, matcher)
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
    """The person a turn label names: a tagged name inside it, or a surname ("MR PRICE").
    A label that names a state or an outlet ("DR Congo: Statement by ...") is not a speaker."""
    for start, end, _, r_index in resolved:
        if label.label_start <= start and end <= label.label_end:
            if rules[r_index].type == "person":
                return rules[r_index].id
    surname = label.label.replace(".", " ").split()[-1].lower()
    spokespeople = matcher.spokespeople_by_surname.get(surname, ())
    return spokespeople[0] if len(spokespeople) == 1 else None


def _header(text: str) -> str:
    """The lines where a briefing states its date: the first few short lines (title,
    dateline), not the prose, which is full of historical dates."""
    lines = []
    for line in text[:_DATE_SCAN].splitlines():
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


def _find_date(text: str) -> str | None:
    head = _header(text)
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


def _find_title(text: str) -> str | None:
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if len(stripped) <= _TITLE_MAX and stripped[-1] not in ".!?;,:\"”":
            return stripped
        return None
    return None
