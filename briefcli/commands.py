"""Command bodies, free of typer: each takes plain values, does the work, returns an exit code.

Results go to stdout, everything else (warnings, errors, progress) to stderr. Here: ``tag``
(and ``explain``); the other commands are in ``briefcli.more_commands``, which a run of
``tag``, the command that must start fast, neither imports nor compiles.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from typing import TextIO

from briefcli.batch import (
    CONTEXT_FIELDS,
    Item,
    Options,
    Record,
    Rendered,
    Renderer,
    expand_paths,
    parse_where,
    read_jsonl_items,
    read_path_list,
    tag_many,
)
from briefcli.context import (
    Given,
    compile_name_pattern,
    from_file_name,
    normalize_date,
    resolve_actor,
)
from briefcli.documents import Reading, RunCounts, expand_inputs
from briefcli.errors import EXIT_OK, EXIT_SOME_INPUT_FAILED, BriefcliError
from briefcli.formats import csv_header, csv_rows, jsonl_line, markdown, to_json
from briefcli.matcher import Matcher
from briefcli.model import Document, ErrorRecord
from briefcli.safety import visible


@dataclass(frozen=True)
class TagRequest:
    """What ``briefcli tag`` was asked to do, as plain values."""

    inputs: list[str]
    output_format: str | None = None
    rules: list[str] = field(default_factory=list)
    no_default_rules: bool = False
    fuzzy: bool = True
    fuzzy_threshold: int = 88
    unlisted: bool = True
    encoding: str | None = None
    date: str | None = None
    max_bytes: int = 16 * 1024 * 1024
    globs: tuple[str, ...] = ()
    files_from: str | None = None
    files0_from: str | None = None
    input_format: str | None = None  # None: by extension, else by the first bytes
    keep_duplicates: bool = False
    text_field: str = "text"
    id_field: str = "id"
    fields: tuple[str, ...] = ()  # --field NAME=FIELD
    issuer: str | None = None
    speaker: str | None = None
    name_pattern: str | None = None
    jobs: int = 1
    where: str | None = None
    explain: bool = False
    quiet: bool = False
    color: str = "auto"


def to_stderr(line: str) -> None:
    sys.stderr.write(f"briefcli: {visible(line, one_line=True)}\n")
    sys.stderr.flush()


def collect_items(req: TagRequest, counts: RunCounts | None = None) -> Iterator[Item]:
    """The documents a request names, in order: a feed's items one by one."""
    if req.input_format == "jsonl":
        sources = req.inputs or ["-"]
        return chain.from_iterable(_jsonl_source(s, req) for s in sources)
    lists: list[Iterator[str]] = []
    if req.files_from:
        lists.append(read_path_list(req.files_from, "\n"))
    if req.files0_from:
        lists.append(read_path_list(req.files0_from, "\0"))
    if not req.inputs and not lists:
        raise BriefcliError("no input: name files or folders, or - to read stdin "
                            "(see briefcli tag --help)")
    paths = expand_paths(chain(req.inputs, *lists), req.globs)
    reading = Reading(req.encoding, req.max_bytes, req.input_format)
    return expand_inputs(paths, reading, req.keep_duplicates, counts)


def field_map(req: TagRequest) -> tuple[str, str, dict[str, str]]:
    """The text field, the id field and the context fields of ``--field NAME=FIELD``."""
    text_field, id_field = req.text_field, req.id_field
    fields: dict[str, str] = {}
    for entry in req.fields:
        name, sep, path = entry.partition("=")
        name, path = name.strip().lower(), path.strip()
        known = (*CONTEXT_FIELDS, "text", "id")
        if not sep or not path or name not in known:
            raise BriefcliError(f"--field {entry!r}: write NAME=FIELD with NAME one of "
                                f"{', '.join(known)}")
        if name == "text":
            text_field = path
        elif name == "id":
            id_field = path
        else:
            fields[name] = path
    return text_field, id_field, fields


def _jsonl_source(source: str, req: TagRequest) -> Iterator[Item]:
    text_field, id_field, fields = field_map(req)
    if source == "-":
        yield from read_jsonl_items(sys.stdin.buffer, text_field, id_field, fields)
        return
    try:
        handle = open(source, "rb")  # noqa: SIM115
    except OSError as exc:
        yield ErrorRecord(source, "unreadable", exc.strerror or str(exc))
        return
    with handle:
        yield from read_jsonl_items(handle, text_field, id_field, fields, name=source)


def flag_context(req: TagRequest, matcher: Matcher) -> Given:
    """``--issuer``, ``--speaker`` and ``--date``, checked and resolved to actor ids."""
    date = None
    if req.date is not None:
        date = normalize_date(req.date)
        if date is None:
            raise BriefcliError(f"--date {req.date!r} is not a date YYYY-MM-DD (or YYYY-MM, "
                                "YYYY)")
    resolved: dict[str, str | None] = {}
    for flag, value in (("issuer", req.issuer), ("speaker", req.speaker)):
        if value is None:
            continue
        actor = resolve_actor(matcher, value)
        if actor is None:
            raise BriefcliError(f"--{flag} {value!r}: no actor of the rules has this id, code "
                                "or name (see briefcli rules list --kind actors)")
        resolved[flag] = actor
    return Given.of("flag", issuer=resolved.get("issuer"), speaker=resolved.get("speaker"),
                    date=date)


def run_options(req: TagRequest, given: Given, items: Iterable[Item],
                where: tuple[tuple[str, str], ...] = ()) -> Options:
    """How a run reads and tags each of its documents (``items``, when a list, are checked
    against ``--name-pattern`` once for the run)."""
    pattern = _name_pattern(req, items if isinstance(items, list) else None)
    return Options(req.encoding, req.max_bytes, req.fuzzy, req.unlisted, where, given, pattern,
                   req.input_format)


def _name_pattern(req: TagRequest, items: list[Item] | None) -> re.Pattern[str] | None:
    """``--name-pattern`` compiled; one warning for the run if some file names miss it."""
    if req.name_pattern is None:
        return None
    try:
        pattern = compile_name_pattern(req.name_pattern)
    except ValueError as exc:
        raise BriefcliError(f"--name-pattern {req.name_pattern!r}: {exc}") from None
    if items is not None:
        names = [item for item in items if isinstance(item, str) and item != "-"]
        missed = [name for name in names if from_file_name(pattern, name) is None]
        if missed and not req.quiet:
            to_stderr(f"warning: {len(missed)} of {len(names)} file names do not match "
                      f"--name-pattern {req.name_pattern!r} (the first: {missed[0]}); their "
                      "context comes from their text")
    return pattern


def run_tag(req: TagRequest, matcher: Matcher) -> int:
    out = sys.stdout
    fmt = req.output_format or ("table" if out.isatty() else "jsonl")
    given = flag_context(req, matcher)
    counts = RunCounts()
    items = (collect_items(req, counts) if req.input_format == "jsonl"
             else list(collect_items(req, counts)))
    try:
        where = parse_where(req.where) if req.where else ()
    except ValueError as exc:
        raise BriefcliError(f"--where: {exc}") from None
    options = run_options(req, given, items, where)
    if not req.quiet and (summary := counts.summary()):
        to_stderr(summary)
    names = matcher.rule_names()  # for the human formats; each rule read when named
    renderers: dict[str, Renderer] = {
        "jsonl": jsonl_line, "csv": csv_rows, "json": partial(to_json, indent=2),
        "md": partial(markdown, names=names)}
    render = renderers.get(fmt)
    jobs = min(req.jobs, len(items)) if isinstance(items, list) else req.jobs
    results = tag_many(items, matcher, options, max(1, jobs), render)
    total = len(items) if isinstance(items, list) else None
    results = _with_progress(results, total, quiet=req.quiet or (fmt == "table"),
                             color=req.color)
    failed = False
    if fmt == "table":
        from briefcli.render import document_view, error_view, make_console

        console = make_console(color=req.color)
        for record, _ in results:
            failed |= _report(record, req.quiet)
            if isinstance(record, Rendered):
                continue  # left out by --where
            if isinstance(record, Document):
                console.print(document_view(record, names, req.explain))
            else:
                make_console(stderr=True, color=req.color).print(error_view(record))
        return EXIT_SOME_INPUT_FAILED if failed else EXIT_OK
    if fmt == "json":
        return _write_json_array(results, out, req.quiet)
    if fmt == "csv":
        out.write(csv_header())
    for record, rendered in results:
        failed |= _report(record, req.quiet)
        out.write(rendered or "")
        if fmt == "jsonl":
            out.flush()
    out.flush()
    return EXIT_SOME_INPUT_FAILED if failed else EXIT_OK


def _write_json_array(results: Iterator[tuple[Record | Rendered, str | None]], out: TextIO,
                      quiet: bool) -> int:
    """One input: one object. Several: an array, written as each document is ready."""
    failed = False
    first = next(results, None)
    second = next(results, None)
    if first is None:
        out.write("[]\n")
        return EXIT_OK
    if second is None:
        failed |= _report(first[0], quiet)
        if not (isinstance(first[0], Rendered) and first[0].skipped):
            out.write((first[1] or "") + "\n")  # rendered by the worker
        return EXIT_SOME_INPUT_FAILED if failed else EXIT_OK
    out.write("[\n")
    written = 0
    for record, rendered in chain([first, second], results):
        failed |= _report(record, quiet)
        if isinstance(record, Rendered) and record.skipped:
            continue
        out.write(("" if written == 0 else ",\n") + (rendered or ""))
        written += 1
    out.write("\n]\n" if written else "]\n")
    return EXIT_SOME_INPUT_FAILED if failed else EXIT_OK


def _report(record: Record | Rendered, quiet: bool) -> bool:
    """Errors always go to stderr; warnings unless quiet. True when the record is an error."""
    if isinstance(record, ErrorRecord):
        to_stderr(f"error: {record.source}: {record.message}")
        return True
    if not quiet:
        for warning in record.warnings:
            to_stderr(f"warning: {warning}")
    return False


def _with_progress(results: Iterator[tuple[Record | Rendered, str | None]], total: int | None,
                   quiet: bool, color: str) -> Iterator[tuple[Record | Rendered, str | None]]:
    if quiet or not sys.stderr.isatty() or (total is not None and total < 2):
        yield from results
        return
    from briefcli.render import progress_bar

    yield from progress_bar(results, total, color)
