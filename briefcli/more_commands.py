"""Command bodies of ``stats`` and ``rules ...``, free of typer (see ``briefcli.commands``).

Results go to stdout, everything else (warnings, errors, progress) to stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from briefcli.batch import Options, Rendered, expand_paths, tag_many
from briefcli.commands import TagRequest, collect_items, to_stderr
from briefcli.documents import Item, Prepared, Reading, RunCounts, expand_inputs, prepare
from briefcli.errors import (
    EXIT_OK,
    EXIT_SOME_INPUT_FAILED,
    EXIT_USAGE,
    BriefcliError,
    DocumentError,
)
from briefcli.formats import to_json
from briefcli.matcher import Matcher
from briefcli.model import ErrorRecord
from briefcli.ruletypes import RulePack
from briefcli.safety import visible


@dataclass(frozen=True)
class StatsRequest:
    inputs: list[str]
    by: str = "year"
    actors: tuple[str, ...] = ()
    mechanisms: tuple[str, ...] = ()
    stances: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    top: int = 15
    output_format: str = "table"
    rules: list[str] = field(default_factory=list)
    no_default_rules: bool = False
    jobs: int = 1
    color: str = "auto"
    holder_field: str = "holder"


def run_stats(req: StatsRequest, get_matcher: Callable[[], Matcher]) -> int:
    from briefcli.stats import StatsFilter, summarise

    records, failed = _stats_records(req, get_matcher)
    summary = summarise(records, req.by, StatsFilter(req.actors, req.mechanisms, req.stances,
                                                     req.since, req.until, req.holder_field))
    if req.output_format == "json":
        sys.stdout.write(to_json(summary.to_dict(), indent=2) + "\n")
    elif req.output_format == "csv":
        sys.stdout.write(summary.to_csv())
    else:
        from briefcli.render import make_console, stats_view

        make_console(color=req.color).print(stats_view(summary, req.top))
    return EXIT_SOME_INPUT_FAILED if failed() else EXIT_OK


def _stats_records(req: StatsRequest, get_matcher: Callable[[], Matcher]
                   ) -> tuple[Iterator[dict[str, Any]], Callable[[], bool]]:
    """briefcli's own JSON Lines are read as they are; anything else is tagged first.

    Error records in those JSON Lines are counted in the summary, not failures of ``stats``:
    only an input that ``stats`` itself cannot read (or a document it cannot tag) is."""
    from briefcli.stats import read_records

    jsonl = [p for p in req.inputs if p.endswith((".jsonl", ".ndjson"))]
    others = [p for p in req.inputs if p not in jsonl]
    state = {"failed": False}

    def generate() -> Iterator[dict[str, Any]]:
        for path in jsonl:
            try:
                yield from read_records(path)
            except OSError as exc:
                to_stderr(f"error: {path}: cannot read: {exc.strerror or exc}")
                state["failed"] = True
        if others:
            matcher = get_matcher()
            items = list(expand_inputs(expand_paths(others), Reading()))
            jobs = max(1, min(req.jobs, len(items)))
            for tagged, _ in tag_many(items, matcher, Options(), jobs):
                if isinstance(tagged, ErrorRecord):
                    to_stderr(f"error: {tagged.source}: {tagged.message}")
                    state["failed"] = True
                if not isinstance(tagged, Rendered):  # without a renderer, records stay whole
                    yield tagged.to_dict()

    return generate(), lambda: state["failed"]


def run_text(req: TagRequest) -> int:
    """``briefcli text``: each input's text exactly as ``tag`` reads it (offsets refer to it).
    One document: the text itself; several: one JSON Lines record each, with the context
    the input gave (a feed item's title, date and ``dc:creator`` as ``speaker``), which
    ``briefcli tag --input-format jsonl`` reads back."""
    from briefcli.formats import jsonl_line

    counts = RunCounts()
    items = iter(collect_items(req, counts))
    options = Reading(req.encoding, req.max_bytes, req.input_format)
    first = next(items, None)
    second = next(items, None)
    fmt = req.output_format or ("text" if second is None else "jsonl")
    failed = False
    if (summary := counts.summary()) and not req.quiet:
        to_stderr(summary)
    out = sys.stdout
    for item in (i for i in (first, second) if i is not None):
        failed |= _write_text(item, options, fmt, out, jsonl_line)
    for item in items:
        failed |= _write_text(item, options, fmt, out, jsonl_line)
    return EXIT_SOME_INPUT_FAILED if failed else EXIT_OK


def _write_text(item: Item, options: Reading, fmt: str, out: Any,
                jsonl_line: Callable[[Any], str]) -> bool:
    if isinstance(item, ErrorRecord):
        to_stderr(f"error: {item.source}: {item.message}")
        return True
    try:
        ready: Prepared = prepare(item, options)
    except DocumentError as exc:
        to_stderr(f"error: {item if isinstance(item, str) else item.source}: {exc.message}")
        return True
    for warning in ready.warnings:
        to_stderr(f"warning: {warning}")
    if fmt == "text":
        out.write(ready.text)
        if ready.text and not ready.text.endswith("\n"):
            out.write("\n")
    else:
        given = ready.given.over(ready.page)
        from briefcli.formats import to_json

        out.write(to_json({"id": ready.source, "input_format": ready.input_format,
                           "title": given.title, "date": given.date, "issuer": given.issuer,
                           "speaker": given.speaker,
                           "link": ready.link, "text": ready.text}) + "\n")
    return False


def rules_list(pack: RulePack, kind: str | None, grep: str | None) -> int:
    from briefcli.rules import KINDS

    if kind and kind not in KINDS:
        raise BriefcliError(f"--kind must be one of {', '.join(KINDS)}")
    needle = grep.lower() if grep else None
    out = sys.stdout
    counts: dict[str, int] = {}
    for rule in pack.rules:
        if kind and rule.kind != kind:
            continue
        if needle and needle not in rule.id.lower() and needle not in rule.name.lower() and \
                not any(needle in a.text.lower() for a in rule.aliases):
            continue
        counts[rule.kind] = counts.get(rule.kind, 0) + 1
        phrases = sum(len(a.phrases) for a in rule.aliases)
        detail = rule.type or rule.stance or rule.function or ""
        out.write(visible(f"{rule.id}\t{rule.kind}\t{detail}\t{rule.name}\t{phrases}",
                          one_line=False).replace("\n", " ") + "\n")
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "no rules"
    to_stderr(summary)
    return EXIT_OK


def rules_show(pack: RulePack, rule_id: str) -> int:
    rule = pack.by_id().get(rule_id)
    if rule is None:
        close = [r.id for r in pack.rules if rule_id.lower() in r.id.lower()][:5]
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise BriefcliError(f"no rule with id {rule_id!r}{hint}")
    lines = [f"id: {rule.id}", f"kind: {rule.kind}", f"name: {rule.name}"]
    for label, value in (("type", rule.type), ("country", rule.country), ("role", rule.role),
                         ("function", rule.function), ("stance", rule.stance)):
        if value:
            lines.append(f"{label}: {value}")
    lines.append(f"defined at: {rule.origin}")
    for alias in rule.aliases:
        flags = [alias.category, f"case={alias.case}"]
        flags += [name for name in ("given_name", "ambiguous", "prefer") if getattr(alias, name)]
        if alias.avoid_near:
            flags.append("avoid_near=" + "|".join(alias.avoid_near))
        lines.append(f"  - {alias.text}  ({', '.join(flags)}; {len(alias.phrases)} phrases)")
    for term in rule.terms:
        lines.append(f"  term: {term.role} ({term.country}) {term.start or '?'} – "
                     f"{term.end or 'now'}")
    for text in rule.examples_match:
        lines.append(f"  match: {text}")
    for text in rule.examples_no_match:
        lines.append(f"  no_match: {text}")
    sys.stdout.write("\n".join(visible(line) for line in lines) + "\n")
    return EXIT_OK


def rules_validate(paths: list[str]) -> int:
    from briefcli.validate import validate_paths

    problems, summary = validate_paths(paths)
    for problem in problems:
        sys.stdout.write(visible(problem, one_line=True) + "\n")
    to_stderr(summary)
    return EXIT_USAGE if problems else EXIT_OK


def rules_test(matcher: Matcher) -> int:
    from briefcli.validate import run_examples

    failures, total = run_examples(matcher)
    for failure in failures:
        sys.stdout.write(visible(failure, one_line=True) + "\n")
    to_stderr(f"{total - len(failures)} of {total} rule examples pass")
    return EXIT_USAGE if failures else EXIT_OK
