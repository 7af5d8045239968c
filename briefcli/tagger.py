"""``tag()``: one text in, one ``Document`` out. A pure function of the text and the rules."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import lru_cache

from briefcli.context import (
    HEADER_CHARS,
    Given,
    as_day,
    entity_ref,
    given_date,
    label_of,
    self_reference,
    title_official,
    work_out,
)
from briefcli.matcher import Hit, Matcher
from briefcli.model import ActorTag, Document, MechanismTag, Mention, Meta, Sentence, Turn
from briefcli.normalize import Normalized, normalize, without_surrogates
from briefcli.openworld import OpenWorld, bare_head_rules, find_unlisted
from briefcli.openworld_words import BODY_HEADS, MECHANISM_HEADS
from briefcli.positions import WINDOW, CueRef, GrammarLookup, SentenceInfo, find_positions
from briefcli.ruletypes import RulePack
from briefcli.segment import Segmentation, segment
from briefcli.unlisted import (
    home_people,
    label_speakers,
    merge_refs,
    merge_tags,
    merged_countries,
)


@lru_cache(maxsize=4)
def _default_matcher(fuzzy_threshold: int) -> Matcher:
    from briefcli.cache import compiled_matcher

    return compiled_matcher(None, fuzzy_threshold)


def tag(text: str, rules: RulePack | Matcher | None = None, *, source: str = "<text>",
        date: str | None = None, fuzzy: bool = True, warnings: Iterable[str] = (),
        context: Given | None = None, unlisted: bool = True) -> Document:
    """Tag one text: actors, mechanisms and positions, each with its evidence.

    ``rules`` is a loaded ``RulePack``, a compiled ``Matcher`` (fastest when tagging many
    texts), or None for the shipped pack. ``context`` is what is known from outside the text
    (issuer, speaker, date, title: see ``briefcli.context``); ``date`` ("YYYY-MM-DD", or a
    year or month) is a shorthand for a flag-given date and overrides the text's own. The
    date decides which office holder a title or an ambiguous name means. ``unlisted=False``
    tags only the names the rules list: no open world (``briefcli.openworld``), which is
    about a third of an archive's time.
    """
    if isinstance(rules, Matcher):
        matcher = rules
    elif isinstance(rules, RulePack):
        matcher = Matcher(rules)
    else:
        matcher = _default_matcher(88)
    given = context or Given()
    if date is not None:
        given = Given.of("flag", date=date).over(given)
    notes = list(warnings)
    if not text.strip():
        notes.append(f"{source}: empty document, nothing to tag")
    norm = normalize(text)
    try:
        raw_hits = matcher.raw_hits(norm)
    except UnicodeEncodeError:  # lone surrogates (only the Python API can pass them in)
        norm = normalize(without_surrogates(text))
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
    found_date, date_from = given_date(given, text)
    office_day = as_day(found_date)
    resolved = _resolve_ambiguous(_filter_hits(entity_hits, text, norm, seg, sentence_of,
                                               matcher), matcher, office_day)
    ctx = work_out(text, seg, resolved, matcher, given, found_date, date_from, notes, source)
    countries = matcher.countries
    resolved = _resolve_offices(_resolve_relative(text, _off_place_lines(text, resolved, matcher),
                                                  ctx.home, ctx.turns, matcher),
                                office_day, matcher)
    resolved = _shared_heads(text, resolved, matcher)

    # The open world: names the pack does not list, found by title and head noun, and
    # listed people met only by title and surname or in a turn label.
    world = find_unlisted(text, resolved, matcher, ctx.turns, ctx.home, entity_hits, norm) \
        if unlisted else OpenWorld()
    if world.found:
        resolved = _venues_in_names(resolved, world, matcher)

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
    actors, mechanisms = merge_tags(world, actors, mechanisms, text, sent_starts, matcher)
    countries = merged_countries(world, countries)

    cue_info = matcher.cue_info
    if norm.run_starts:
        cue_refs = [CueRef(norm.to_original(h.start), norm.end_to_original(h.end), *info)
                    for h in cue_hits if (info := cue_info[h.rule])]
    else:  # offsets in the normalised text are those of the original
        cue_refs = [CueRef(h.start, h.end, *info) for h in cue_hits if (info := cue_info[h.rule])]
    entities = merge_refs(world, [entity_ref(matcher, r) for r in resolved], matcher)
    if ctx.issuer is None:
        issuer = title_official(ctx.title, text, entities, matcher) if world.listed \
            else None
        if issuer is None:
            # an answer's first sentence opens after its turn label ("KOBAYASHI Maki, Press
            # Secretary: Japan strongly condemns ...")
            answers = {t.start: t.start + len(t.label) + 1 for t in ctx.turns
                       if not t.is_question}
            opened = [(answers.get(start, start), end) for start, end in seg.sentences] \
                if answers else seg.sentences
            issuer = self_reference(opened, entities,
                                    [(c.start, c.stance, c.speaker_holds) for c in cue_refs
                                     if c.function == "stance"], text)
        if issuer is not None:
            ctx = replace(ctx, issuer=issuer, home=issuer,
                          origin=replace(ctx.origin, issuer="text"))
            actors, countries = home_people(world, actors, countries, ctx.turns, issuer)
    turns = label_speakers(world, ctx.turns, matcher)
    sentence_turns = list(ctx.sentence_turns)
    speakers = list(ctx.speakers)
    speakers += [t.speaker for t, before in zip(turns, ctx.turns, strict=True)
                 if t.speaker and before.speaker is None]
    infos = _sentence_infos(seg, turns, sentence_turns, matcher.moderator_labels)
    positions, attributed = find_positions(
        text, infos, entities, cue_refs, seg.quotes,
        speakers[0] if speakers else None, ctx.home, countries,
        _grammar_lookup(matcher, norm, cue_hits))
    origin = ctx.origin
    if not speakers:
        speakers = [a for a in attributed if a in matcher.person_ids]
        if speakers:
            origin = replace(origin, speakers="text")
    meta = Meta(ctx.title, found_date, ctx.issuer, tuple(dict.fromkeys(speakers)), len(text),
                len(seg.sentences), origin)
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
    bare_heads = bare_head_rules(matcher)
    shifted = bool(norm.run_starts)
    for hit in hits:
        if kinds[hit.rule] == "ignore":
            continue
        if shifted:
            start, end = norm.to_original(hit.start), norm.end_to_original(hit.end)
        else:
            start, end = hit.start, hit.end
        category = matcher.alias_category(hit.rule, hit.alias)
        if category == "capital" and _venue(text, start):
            continue  # "in Vienna", "at Amman": where something happens, not the state
        if hit.rule in bare_heads and text[start:end].lower() in BODY_HEADS and _heads_a_name(
                text, start, end):
            continue  # "the Congress of Vienna", "the International Congress on Peace"
        if category == "adjective" and (_LANGUAGE_AFTER.match(text, end) or
                                        _LANGUAGE_BEFORE.search(text, max(0, start - 30),
                                                                start)):
            continue  # a language, not the state
        if category == "adjective" and _heritage(text, start, end):
            continue  # "Palestinian-American journalist X": a person's origin, not the state
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


_PLACE_LINE_CHARS = 60
_PLACE_LINE_REST = re.compile(r"[\s,.;–—-]*(?:D\.C\.|\d{1,2}|\d{4}|(?:Jan|Feb|Mar|Apr|May|Jun|"
                              r"Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?|[\s,.;–—-])*")


def _venues_in_names(resolved: list[Resolved], world: OpenWorld, matcher: Matcher
                     ) -> list[Resolved]:
    """Without the capitals that lie inside an unlisted mechanism's name: in "the Minsk
    process" or "the Tehran Declaration" the city is where the mechanism was made, not a
    state that is named (a listed mechanism's name covers its city already)."""
    names = [(f.start, f.end) for f in world.found if f.kind == "mechanisms"]
    if not names:
        return resolved
    return [r for r in resolved
            if not (matcher.alias_category(r[2].rule, r[2].alias) == "capital"
                    and any(s <= r[0] and r[1] <= e for s, e in names))]


def _off_place_lines(text: str, resolved: list[Resolved], matcher: Matcher) -> list[Resolved]:
    """Without the mentions of a header's place line ("Kuwait City, Kuwait", "Brussels,
    Belgium, 4 April 2022"): where the text was given, a venue, not an actor of it (read
    before this for the issuer a dateline gives)."""
    out: list[Resolved] = []
    k = 0
    while k < len(resolved):
        start = resolved[k][0]
        if start > HEADER_CHARS:
            return out + resolved[k:]
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        last = k
        while last < len(resolved) and resolved[last][0] < line_end:
            last += 1
        on_line = resolved[k:last]
        if line_end - line_start <= _PLACE_LINE_CHARS and "," in text[line_start:line_end] \
                and all(matcher.rules[r[3]].type == "state" for r in on_line) and any(
                    matcher.alias_category(r[2].rule, r[2].alias) == "capital"
                    for r in on_line):  # a city, then its state or a date; not "Ukraine"
            rest, at = [], line_start
            for r in on_line:
                rest.append(text[at:r[0]])
                at = r[1]
            rest.append(text[at:line_end])
            if all(_PLACE_LINE_REST.fullmatch(part) for part in rest):
                k += len(on_line)
                continue  # a place line: its names are where, not who
        out.append(resolved[k])
        k += 1
    return out


# Where something happens ("talks in Vienna", "a trip to Brussels"), or what a city names
# ("the Treaty of Vienna", "the Congress of Berlin"): not the state.
_VENUE = re.compile(r"(?:(?:^|[^\w'’-])(?:in|at)|\b(?:trip|trips|travel|travels|travelled|"
                    r"traveled|traveling|travelling|visit|visits|visited|visiting|went|go|goes|"
                    r"going|came|come|coming|flew|fly|flying|arrive|arrived|arriving|"
                    r"returned|returning|headed|heading)[ \t]+to|\b(?:Treaty|Treaties|"
                    r"Congress|Convention|Declaration|Peace|Accords?|Agreements?|Protocol|"
                    r"Charter|Statute|Conference|Process|Document|Final Act)[ \t]+of(?:[ \t]+the)?)"
                    r"[ \t]+$")
# A state's adjective that names its language ("Guarani and Spanish as official languages",
# "speaks Russian", "the Russian language").
# Who "X-American" describes: a person or a community, not two states ("German-American
# relations" stays two states).
_HERITAGE_WHO = (r"(?:s\b|[ \t]+(?:[A-Z]|(?:journalist|reporter|citizen|national|community|"
                 r"communities|diaspora|lawyer|activist|man|woman|family|families|student|"
                 r"businessman|businesswoman|who|and|dual)s?\b))")
_HERITAGE_AFTER = re.compile(r"-(?:American|Canadian|Australian|British)(" + _HERITAGE_WHO + ")")
_HERITAGE_BEFORE = re.compile(r"[A-Z][a-z]+-$")
_CAPITALISED_AFTER = re.compile(r"(?:[ \t]+[A-Z][\w’'-]*){1,5}")


def _heritage(text: str, start: int, end: int) -> bool:
    """Whether the adjective at [start, end) is one half of a person's or community's
    origin: "Palestinian-American journalist", "Iranian-Americans", "the Dutch-American
    X"."""
    if text.startswith("-", end):
        at = _HERITAGE_AFTER.match(text, end)
    elif _HERITAGE_BEFORE.search(text, max(0, start - 20), start):
        at = _HERITAGE_AFTER.match(text, start - 1)
    else:
        return False
    if at is None:
        return False
    # capitals after it name a person, unless they run into a head noun: "the German-American
    # Business Council" is a body of both states
    name = _CAPITALISED_AFTER.match(text, at.start(1))
    return name is None or not any(word.lower() in BODY_HEADS or word.lower() in MECHANISM_HEADS
                                   for word in name.group().split())


_LANGUAGE_AFTER = re.compile(r"[ \t]+languages?\b|[^.;:\n]{0,40}?\bas (?:an? |the |its )?"
                             r"(?:official|national|working|state) languages?\b")
_LANGUAGE_BEFORE = re.compile(r"\b(?:speak|speaks|spoke|speaking|spoken|fluent in|"
                              r"translated into|translation into)[ \t]+$", re.IGNORECASE)
# People or a government "in Seoul" are the state's: "those in Tokyo", "the authorities in".
_SEATED = frozenset("those officials authorities leaders counterparts partners government "
                    "governments regime colleagues friends allies leadership".split())


_NAME_BEFORE = re.compile(r"(?:^|[^\n.!?:;\s])[ \t]+([A-Z][\w'’-]+)[ \t]+$")
_ARTICLE_BEFORE = re.compile(r"\b(?:the|\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|"
                             r"sixth|seventh|eighth|ninth|tenth)[ \t]+$", re.IGNORECASE)
_COMPLEMENT_AFTER = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?(?!United States|USA|U\.S\.)"
                               r"[A-Z]")


def _heads_a_name(text: str, start: int, end: int) -> bool:
    """Whether a body's bare head noun, listed as one body's name ("Congress" of the US
    Congress), heads a longer name of another: a capitalised word before it, inside a
    sentence ("the International Congress on Peace"), or "the" before it and "of" and a
    name after it ("the Congress of Vienna", "the 27th Congress of the Universal Postal
    Union"; not "the Congress of the United States", nor "transmittal to Congress of the
    ... Report")."""
    return bool(_NAME_BEFORE.search(text, max(0, start - 40), start)
                or _COMPLEMENT_AFTER.match(text, end)
                and _ARTICLE_BEFORE.search(text, max(0, start - 12), start))


def _venue(text: str, start: int) -> bool:
    """Whether a capital's name at ``start`` names where something happens ("talks in
    Vienna", "here in Amman"), not its state; "those in Seoul" are the state's."""
    before = text[max(0, start - 30):start]
    if not _VENUE.search(before):
        return False
    words = before.split()
    return len(words) < 2 or words[-2].lower().strip(",") not in _SEATED


def _resolve_offices(resolved: list[Resolved], date: str | None,
                     matcher: Matcher) -> list[Resolved]:
    """A title alone ("the Foreign Minister of Armenia") means the person in that office on
    the briefing's date; undated, or failing that, the rule named as its fallback (the
    office's institution)."""
    out = []
    for k, (start, end, hit, r_index) in enumerate(resolved):
        rule = matcher.rules[r_index]
        if rule.office and _names_follow(resolved, k, matcher):
            continue  # "Russian Foreign Minister Sergey Lavrov": a title of the named person
        if rule.office:  # undated: the office's institution, never its latest holder
            holder = matcher.office_holder(rule, date) if date else None
            if holder is None and rule.fallback:
                holder = matcher.index_by_id.get(rule.fallback)
            if holder is None:
                continue
            r_index = holder
        out.append((start, end, hit, r_index))
    return out


def _names_follow(resolved: list[Resolved], k: int, matcher: Matcher) -> bool:
    """Whether a person's name follows mention ``k`` at once (a title in apposition)."""
    if k + 1 >= len(resolved):
        return False
    following = resolved[k + 1]
    return following[0] - resolved[k][1] <= 2 and matcher.rules[following[3]].type == "person"


_FIRST_PERSON_OWNER = re.compile(r"(?:my|our)\b", re.IGNORECASE)


def _resolve_relative(text: str, resolved: list[Resolved], home: str | None,
                      turns: Sequence[Turn], matcher: Matcher) -> list[Resolved]:
    """Rules with ``{home}`` in their id ("the Foreign Ministry") mean the home state's. A
    first-person mention ("our administration", "my Government") in the turn of a speaker
    the pack knows means the speaker's: in a joint press availability, the guest's "our
    administration" is the guest's government, while the guest's "this administration" is
    still the host's."""
    out = []
    turn_starts = [t.start for t in turns]
    for start, end, hit, r_index in resolved:
        rule_id = matcher.rules[r_index].id
        if "{home}" in rule_id:
            target = None
            k = bisect_right(turn_starts, start) - 1
            turn = turns[k] if k >= 0 and start < turns[k].end else None
            if turn and turn.speaker and not turn.is_question \
                    and _FIRST_PERSON_OWNER.match(text, start) \
                    and (state := matcher.countries.get(turn.speaker)):
                target = matcher.index_by_id.get(rule_id.replace("{home}", state))
            if target is None and home:
                target = matcher.index_by_id.get(rule_id.replace("{home}", home))
            if target is None:
                continue
            r_index = target
        out.append((start, end, hit, r_index))
    return out


def _followed_by_name(text: str, end: int, matcher: Matcher) -> bool:
    rest = text[end:end + 40]
    if not rest.startswith(" "):
        return False
    word = rest[1:].split(" ", 1)[0].strip(".,;:!?\"'()")
    return bool(word) and word[0].isupper() and word.lower() not in matcher.vocabulary


def _resolve_ambiguous(kept: list[tuple[int, int, Hit]], matcher: Matcher,
                       date: str | None) -> list[Resolved]:
    """Pick the rule an ambiguous alias means: office dates, then the document (a rule it
    names plainly, else a rule of a state it names plainly: "Kyrgyzstan's Ministry of
    Information"), then prefer, then the latest office holder."""
    rules = matcher.rules
    plain = {hit.rule for _, _, hit in kept if not hit.candidates}
    named_states = {rules[r].country for r in plain if rules[r].type == "state"}
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
            of_named_state = [o for o in options if rules[o].country in named_states]
            if len(of_named_state) == len(options):
                of_named_state = []  # the states named do not tell the options apart
            if not of_named_state:
                # a mechanism of the states the text names ("the Algiers Accords" of a text
                # on Mali and Algeria is their 2015 agreement, not the US-Iran one of 1981)
                shared = {o: len(named_states.intersection(rules[o].parties)) for o in options}
                most = max(shared.values())
                if most and list(shared.values()).count(most) < len(options):
                    of_named_state = [o for o in options if shared[o] == most]
            preferred = [o for o in options if o in matcher.preferred]
            latest = sorted(options, key=lambda o: max((t.start or "" for t in rules[o].terms),
                                                       default=""), reverse=True)
            choice = (in_text or of_named_state or preferred or latest)[0]
        out.append((start, end, hit, choice))
    return out


# Between the states of a list that share one plural head ("PRC and Hong Kong authorities",
# "the U.S., Japanese, and Korean governments").
_LIST_GAP = re.compile(r"(?:,?[ \t]+and|,)[ \t]+(?:the[ \t]+)?")


def _shared_heads(text: str, resolved: list[Resolved], matcher: Matcher) -> list[Resolved]:
    """States listed before a state's body in the plural share it: in "PRC and Hong Kong
    authorities" the PRC is named as ``inst.CHN.government`` too, not as the state. The
    body's own alias decides (the pack's "{alias} authorities", "{adjective} governments"):
    a plural head word and a body of the same kind listed for every state of the list."""
    rules, index_by_id = matcher.rules, matcher.index_by_id
    out = list(resolved)
    for k in range(len(out) - 1, 0, -1):
        start, end, _, r_index = out[k]
        if text[end - 1] != "s" or rules[out[k - 1][3]].type != "state":
            continue  # the cheap tests first: this runs for every mention of every text
        body = rules[r_index].id.split(".")
        if len(body) != 3 or body[0] != "inst":
            continue
        j = k
        while j > 0:
            before = out[j - 1]
            if rules[before[3]].type != "state" or not _LIST_GAP.fullmatch(
                    text, before[1], out[j][0]):
                break
            shared = index_by_id.get(f"inst.{rules[before[3]].id}.{body[2]}")
            if shared is None:
                break
            out[j - 1] = (before[0], before[1], before[2], shared)
            j -= 1
    return out


def _sentence_infos(seg: Segmentation, turns: list[Turn], sentence_turns: list[int | None],
                    moderators: frozenset[str]) -> list[SentenceInfo]:
    """What positions need of each sentence: its turn's speaker, whether it is in a
    journalist's or a moderator's turn (neither states a position), and where the turn label
    inside it ends."""
    if not turns:  # a statement, a speech: no turn to look up
        return [SentenceInfo(s, e, None, False, s, False) for s, e in seg.sentences]
    procedural = {i for i, turn in enumerate(turns) if label_of(turn.label, moderators)}
    infos = []
    for (s, e), turn_index in zip(seg.sentences, sentence_turns, strict=True):
        turn = turns[turn_index] if turn_index is not None else None
        label_end = s
        if turn and turn.start == s:
            label_end = turn.start + len(turn.label) + 1
        infos.append(SentenceInfo(s, e, turn.speaker if turn else None,
                                  bool(turn and (turn.is_question or turn_index in procedural)),
                                  label_end, turn is not None))
    return infos


