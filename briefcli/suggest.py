"""``briefcli rules suggest``: draft rules for the unlisted names of an archive.

The analyst's loop: tag, suggest, review, add. Every document is tagged as ``tag`` would tag
it (same inputs, same context options); the tags marked ``unlisted`` are gathered by id,
counted by documents and mentions, and the ones seen in at least ``--min-count`` documents,
or mentioned at least ``--min-mentions`` times in all, are written as YAML rules, most
frequent first (by documents, then mentions): the id the tag had (so adding the rule keeps
ids stable), its name, type, country and role when the text gave them, the spellings seen as
aliases (none the pack already lists), and up to two of the archive's own sentences as
``examples: match`` (so ``briefcli rules test`` checks the rule on the text it came from).
One file holds one kind (``--kind``).

Why mentions count too: most unlisted names of an archive occur in one document only, and a
name that one release returns to ("Deputy Assistant Secretary Tracy Carson ... Carson said")
is what that release is about, as much evidence as two passing mentions in two documents. A
name mentioned once, in one document, is drafted only with ``--min-count 1``.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

from briefcli.batch import read_item, tag_read
from briefcli.commands import TagRequest, collect_items, flag_context, run_options, to_stderr
from briefcli.errors import EXIT_OK, EXIT_OUTPUT, EXIT_SOME_INPUT_FAILED, BriefcliError
from briefcli.matcher import Matcher
from briefcli.model import ActorTag, ErrorRecord, MechanismTag
from briefcli.normalize import normalize_phrase
from briefcli.openworld import slug

MAX_EXAMPLES = 2
MAX_EXAMPLE_CHARS = 300
MAX_ALIASES = 6
_MIDDLE_INITIAL = re.compile(r" [A-Z]\. ")


@dataclass
class _Draft:
    id: str
    name: str
    type: str
    country: str | None = None
    role: str | None = None
    documents: set[int] = field(default_factory=set)  # the indices of those naming it
    mentions: int = 0
    aliases: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SuggestRequest:
    tag: TagRequest
    output: str | None = None
    min_count: int = 2
    kind: str = "actors"
    min_mentions: int = 2  # 0: documents alone decide


def run_suggest(req: SuggestRequest, matcher: Matcher) -> int:
    if req.kind not in ("actors", "mechanisms"):
        raise BriefcliError("--kind must be actors or mechanisms")
    given = flag_context(req.tag, matcher)
    items = list(collect_items(req.tag))
    options = run_options(req.tag, given, items)
    drafts: dict[str, _Draft] = {}
    failed = False
    documents = 0
    for item in items:
        ready = read_item(item, matcher, options)
        if isinstance(ready, ErrorRecord):
            to_stderr(f"error: {ready.source}: {ready.message}")
            failed = True
            continue
        documents += 1
        doc = tag_read(ready, matcher, options)
        tags: tuple[ActorTag | MechanismTag, ...] = (
            doc.actors if req.kind == "actors" else doc.mechanisms)
        for t in tags:
            if t.unlisted:
                _gather(drafts, t, ready.text, doc.sentences, documents)
    if req.kind == "actors":
        _join_surnames(drafts)
    _without_listed(drafts, matcher)
    chosen = sorted((d for d in drafts.values() if len(d.documents) >= req.min_count
                     or 0 < req.min_mentions <= d.mentions),
                    key=lambda d: (-len(d.documents), -d.mentions, d.id))
    yaml_text = to_yaml(chosen, req.kind, documents)
    if req.output:
        try:
            with open(req.output, "w", encoding="utf-8") as handle:
                handle.write(yaml_text)
        except OSError as exc:
            error = BriefcliError(f"cannot write {req.output}: {exc.strerror or exc}")
            error.exit_code = EXIT_OUTPUT
            raise error from None
    else:
        sys.stdout.write(yaml_text)
    to_stderr(f"{len(chosen)} rules drafted from {documents} documents "
              f"({len(drafts)} unlisted names; drafted: seen in at least "
              f"{_plural(req.min_count, 'document')}"
              + (f" or mentioned at least {_plural(req.min_mentions, 'time')})"
                 if req.min_mentions and req.min_count > 1 else ")"))
    return EXIT_SOME_INPUT_FAILED if failed else EXIT_OK


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def _gather(drafts: dict[str, _Draft], t: ActorTag | MechanismTag, text: str,
            sentences: tuple[object, ...], document: int) -> None:
    country = t.country if isinstance(t, ActorTag) else None
    role = t.role if isinstance(t, ActorTag) else None
    d = drafts.setdefault(t.id, _Draft(t.id, t.name, t.type, country, role))
    d.documents.add(document)
    d.mentions += len(t.mentions)
    d.country = d.country or country
    d.role = d.role or role
    if " " in t.name and " " not in d.name:
        d.name = t.name  # the full name, once a text gives it
    for m in t.mentions:
        if m.text.isupper() and len(m.text) > 6:
            continue  # a turn label ("MR PRICE"), not a spelling of the name
        spelling = " ".join(m.text.replace("’", "'").split())
        d.aliases[spelling] = d.aliases.get(spelling, 0) + 1
        if d.type == "person" and _MIDDLE_INITIAL.search(spelling):
            # "Philip T. Reeker" is also written "Philip Reeker": the rule should match both
            bare = _MIDDLE_INITIAL.sub(" ", spelling)
            d.aliases.setdefault(bare, 0)
    if len(d.examples) < MAX_EXAMPLES:
        m = t.mentions[0]
        for s in sentences:
            start, end = s.start, s.end  # type: ignore[attr-defined]
            if start <= m.start < end:
                sentence = " ".join(text[start:end].split())
                if len(sentence) <= MAX_EXAMPLE_CHARS and sentence not in d.examples:
                    d.examples.append(sentence)
                break


def _without_listed(drafts: dict[str, _Draft], matcher: Matcher) -> None:
    """Drop the spellings a rule of the pack already lists, and a draft whose name is one (a
    draft's name is its first alias): a home state's bare "Ministry of Foreign Affairs" is
    unlisted where the text does not say whose it is, but a rule claiming that alias would
    collide with the pack's."""
    folded = set(matcher.lower_phrases.to_list())
    exact = set(matcher.exact_phrases)

    def listed(spelling: str) -> bool:
        return spelling in exact or normalize_phrase(spelling).lower() in folded

    for key in list(drafts):
        d = drafts[key]
        if listed(d.name):  # its name is the first alias it would draft
            del drafts[key]
        else:
            d.aliases = {a: n for a, n in d.aliases.items() if not listed(a)}


def _join_surnames(drafts: dict[str, _Draft]) -> None:
    """A surname met alone in some documents ("Special Envoy Malley") and in full in others
    ("Rob Malley") is one person: the surname's draft joins the one full name with that
    surname (and no other country), so that the archive drafts one rule, not two that would
    make the surname ambiguous."""
    full: dict[str, list[_Draft]] = {}
    for d in drafts.values():
        if d.type == "person" and " " in d.name:
            full.setdefault(slug(d.name.split()[-1]), []).append(d)
    for key, d in list(drafts.items()):
        if d.type != "person" or " " in d.name:
            continue
        options = [f for f in full.get(slug(d.name), ())
                   if not (f.country and d.country and f.country != d.country)]
        if len(options) != 1:
            continue
        whole = options[0]
        whole.documents |= d.documents
        whole.mentions += d.mentions
        whole.country = whole.country or d.country
        whole.role = whole.role or d.role
        for alias, count in d.aliases.items():
            whole.aliases[alias] = whole.aliases.get(alias, 0) + count
        whole.examples = (whole.examples + [e for e in d.examples
                                            if e not in whole.examples])[:MAX_EXAMPLES]
        del drafts[key]


def _alias(text: str) -> str:
    """A spelling as an alias of the pattern language (its special characters escaped)."""
    for char in "\\()|?":
        text = text.replace(char, "\\" + char)
    return text


def _spellings(d: _Draft) -> list[str]:
    spellings = sorted(d.aliases, key=lambda a: (-d.aliases[a], a))
    multi = [a for a in spellings if " " in a]
    if d.type == "person" and multi:
        spellings = multi  # a surname alone would match every other person of that name
    names = [d.name.replace("’", "'"), *spellings]
    return list(dict.fromkeys(_alias(a) for a in names))[:MAX_ALIASES]


def _without_shared(drafts: list[_Draft]) -> list[list[str | dict[str, object]]]:
    """Each draft's aliases, with a spelling that several drafts saw kept only by the drafts
    it names (a draft's own name is always its first alias, so none is left without one);
    where it names several, it is marked ambiguous in each, so that the drafted file
    validates and the matcher resolves it by the document, not by the order of the rules."""
    spellings = [_spellings(d) for d in drafts]
    claims: dict[str, list[int]] = {}
    for i, aliases in enumerate(spellings):
        for alias in aliases:
            claims.setdefault(alias.lower(), []).append(i)
    out: list[list[str | dict[str, object]]] = []
    for i, aliases in enumerate(spellings):
        kept: list[str | dict[str, object]] = []
        for alias in aliases:
            owners = claims[alias.lower()]
            if len(owners) == 1:
                kept.append(alias)
                continue
            named = [j for j in owners if _alias(drafts[j].name).lower() == alias.lower()]
            if i not in named:
                continue  # another draft's name, or a spelling of several: not this one's
            kept.append({"text": alias, "ambiguous": True} if len(named) > 1 else alias)
        out.append(kept)
    return out


def to_yaml(drafts: list[_Draft], kind: str, documents: int) -> str:
    import yaml

    rules = []
    chosen_aliases = _without_shared(drafts)
    for d, aliases in zip(drafts, chosen_aliases, strict=True):
        rule: dict[str, object] = {"id": d.id, "name": d.name, "type": d.type}
        if kind == "actors" and d.country:
            rule["country"] = d.country
        if kind == "actors" and d.role:
            rule["role"] = d.role
        rule["aliases"] = aliases
        if d.examples:
            rule["examples"] = {"match": d.examples}
        seen = len(d.documents)
        rule["notes"] = (f"Drafted by briefcli rules suggest: seen in {_plural(seen, 'document')}"
                         f", {_plural(d.mentions, 'mention')}. Review before use.")
        rules.append(rule)
    header = ("# yaml-language-server: $schema=../../schema/rules.schema.json\n"
              f"# Drafted by `briefcli rules suggest` from {documents} documents: unlisted "
              "names, most frequent first.\n# Review every rule (name, type, country, "
              "aliases) before adding it to a pack.\n")
    body = yaml.safe_dump({"kind": kind, "rules": rules}, sort_keys=False, allow_unicode=True,
                          width=100)
    return header + body

