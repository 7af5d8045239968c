"""Merging what ``briefcli.openworld`` found into a document's tags and holder references.

Kept apart from the detection so that ``tagger.tag()`` calls it in one small block: listed
actors gain the mentions the matcher could not see (a title and surname, a turn label),
unlisted tags are added (``unlisted: true``), every tag stays ordered by first mention, and
positions receive references that are sorted and do not overlap, with the countries of the
unlisted actors (a holder's ``on_behalf_of``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from briefcli import openworld_words as w
from briefcli.model import ActorTag, MechanismTag, Mention, Turn
from briefcli.openworld import Found, OpenWorld
from briefcli.positions import EntityRef

if TYPE_CHECKING:
    from briefcli.matcher import Matcher


def merge_tags(world: OpenWorld, actors: tuple[ActorTag, ...],
               mechanisms: tuple[MechanismTag, ...], text: str, sent_starts: Sequence[int],
               matcher: Matcher) -> tuple[tuple[ActorTag, ...], tuple[MechanismTag, ...]]:
    """The document's actors and mechanisms with what ``world`` found."""
    if not world:
        return actors, mechanisms

    def sentence(pos: int) -> int:
        return max(0, bisect_right(sent_starts, pos) - 1)

    by_id = {a.id: a for a in actors}
    mechanisms_by_id = {m.id: m for m in mechanisms}
    for item in world.listed:
        rule = matcher.rules[item.rule]
        mention = Mention(item.start, item.end, text[item.start:item.end], sentence(item.start),
                          rule.id, text[item.start:item.end], 100)
        if rule.kind == "mechanisms":  # a number in a list ("Executive Orders 13818 and 14024")
            known = mechanisms_by_id.get(rule.id)
            mentions = (mention,) if known is None else tuple(sorted(
                (*known.mentions, mention), key=lambda m: m.start))
            mechanisms_by_id[rule.id] = MechanismTag(rule.id, rule.name, rule.type or "",
                                                     mentions)
            continue
        old = by_id.get(rule.id)
        if old is None:
            by_id[rule.id] = ActorTag(rule.id, rule.name, rule.type or "", rule.country,
                                      rule.role, (mention,))
        elif all(m.start != item.start for m in old.mentions):
            by_id[rule.id] = ActorTag(old.id, old.name, old.type, old.country, old.role,
                                      tuple(sorted((*old.mentions, mention),
                                                   key=lambda m: m.start)))
    mechanisms = tuple(mechanisms_by_id.values())
    new_actors: dict[str, list[Mention]] = {}
    new_mechs: dict[str, list[Mention]] = {}
    first: dict[str, Found] = {}
    for f in world.found:
        if f.id in by_id or f.id in matcher.index_by_id:
            continue  # never an unlisted tag under a listed id
        target = new_actors if f.kind == "actors" else new_mechs
        target.setdefault(f.id, []).append(Mention(
            f.start, f.end, text[f.start:f.end], sentence(f.start), f.id, f.name, 100))
        first.setdefault(f.id, f)
    unlisted_actors = [ActorTag(i, first[i].name, first[i].type, first[i].country,
                                first[i].role, tuple(ms), True) for i, ms in new_actors.items()]
    unlisted_mechs = [MechanismTag(i, first[i].name, first[i].type, tuple(ms), True)
                      for i, ms in new_mechs.items()]
    all_actors = sorted((*by_id.values(), *unlisted_actors), key=lambda a: a.mentions[0].start)
    all_mechs = sorted((*mechanisms, *unlisted_mechs), key=lambda m: m.mentions[0].start)
    return tuple(all_actors), tuple(all_mechs)


def merge_refs(world: OpenWorld, refs: list[EntityRef], matcher: Matcher) -> list[EntityRef]:
    """Positions' references: the pack's, plus unlisted names and listed people met by title
    and surname, sorted and without overlaps (the pack's win)."""
    if not world:
        return refs
    extra = [EntityRef(f.start, f.end, f.id, f.kind, f.type, f.country)
             for f in world.found if f.id not in matcher.index_by_id]
    for item in world.listed:
        if item.ref:
            rule = matcher.rules[item.rule]
            extra.append(EntityRef(item.start, item.end, rule.id, rule.kind, rule.type,
                                   rule.country))
    if not extra:
        return refs
    starts = [r.start for r in refs]
    kept = list(refs)
    for ref in extra:
        i = bisect_right(starts, ref.start) - 1
        if i >= 0 and refs[i].end > ref.start:
            continue
        if i + 1 < len(refs) and refs[i + 1].start < ref.end:
            continue
        kept.append(ref)
    kept.sort(key=lambda r: r.start)
    return kept


def merged_countries(world: OpenWorld, countries: dict[str, str | None]
                     ) -> dict[str, str | None]:
    """The pack's countries, and those of this text's unlisted actors."""
    if not world.countries:
        return countries
    return {**countries, **world.countries}


def label_speakers(world: OpenWorld, turns: Sequence[Turn], matcher: Matcher) -> list[Turn]:
    """The turns, with the speakers the open world read in labels that name no one the
    matcher could see ("MS PORTER:", "FOREIGN MINISTER KORVALD:"): their answers are theirs,
    not the issuer's."""
    if not world:
        return list(turns)
    by_start: dict[int, str] = {f.start: f.id for f in world.found if f.type == "person"}
    rules = matcher.rules
    for listed in world.listed:
        if rules[listed.rule].type == "person":
            by_start.setdefault(listed.start, rules[listed.rule].id)
    return [replace(turn, speaker=by_start[turn.start])
            if turn.speaker is None and not turn.is_question and turn.start in by_start
            else turn for turn in turns]


def home_people(world: OpenWorld, actors: tuple[ActorTag, ...],
                countries: dict[str, str | None], turns: Sequence[Turn], home: str
                ) -> tuple[tuple[ActorTag, ...], dict[str, str | None]]:
    """When the issuer is read from the text only after the open world (``self_reference``),
    the unlisted people the home state's own are given it then: the speakers of labels with
    a form of address ("MR HOOD:") and the holders of titles that name the home's officials
    ("Acting Assistant Secretary Joey Hood"), as ``briefcli.openworld`` does when the home
    is known before."""
    labels = {turn.start for turn in turns}
    own = {f.id for f in world.found
           if f.type == "person" and f.country is None and not countries.get(f.id)
           and (f.start in labels and f.role is None
                or f.role and set(f.role.lower().replace(".", "").split()) & w.HOME_TITLES)}
    if not own:
        return actors, countries
    return (tuple(replace(a, country=home) if a.id in own and a.country is None else a
                  for a in actors),
            {**countries, **dict.fromkeys(own, home)})
