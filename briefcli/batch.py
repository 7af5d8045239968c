"""Many documents: expand inputs, tag them in order, in one process or several.

Inputs are paths (files, or folders walked recursively in sorted order, following symlinks
but never around a loop), ``-`` for stdin, lists of paths (``--files-from``, one per line;
``--files0-from``, NUL-separated as ``find -print0`` writes), or JSON Lines records. Each
path is text, a web page or a feed: ``briefcli.documents`` expands a feed into its items (in
the main process) and turns pages and feed bodies into text (where they are tagged).
Results come back in input order whatever ``jobs`` is, so ``--jobs 1`` and ``--jobs N``
write identical bytes. Memory stays bounded: at most a few chunks per worker are in flight.
A document that cannot be read or tagged becomes an ``ErrorRecord``; the others go on.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from briefcli.context import Given, from_file_name, normalize_date
from briefcli.documents import Item as Item  # re-exported: users import them from here
from briefcli.documents import Reading, feed_context, prepare
from briefcli.documents import TextItem as TextItem
from briefcli.errors import DocumentError
from briefcli.loading import DEFAULT_MAX_BYTES
from briefcli.matcher import Matcher
from briefcli.model import Document, ErrorRecord, Position
from briefcli.tagger import tag

Record = Document | ErrorRecord
Renderer = Callable[[Record], str]


@dataclass(frozen=True, slots=True)
class Options:
    """How to read and tag each document of a run."""

    encoding: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    fuzzy: bool = True
    unlisted: bool = True  # --listed-only turns the open world off
    where: tuple[tuple[str, str], ...] = ()
    given: Given = Given()  # from flags: outranks record fields and file names
    name_pattern: re.Pattern[str] | None = None  # --name-pattern, compiled
    input_format: str | None = None  # --input-format; None: by extension, else first bytes

    @property
    def reading(self) -> Reading:
        return Reading(self.encoding, self.max_bytes, self.input_format)


WHERE_KEYS = ("actor", "mechanism", "stance", "holder", "on_behalf_of", "negated")
_POSITION_KEYS = ("stance", "holder", "on_behalf_of", "negated")


def parse_where(expression: str) -> tuple[tuple[str, str], ...]:
    """``actor=AZE and stance=welcome`` -> (("actor", "AZE"), ("stance", "welcome")).

    ``actor`` and ``mechanism`` ask that the document mentions the id; ``stance``, ``holder``,
    ``on_behalf_of`` and ``negated`` ask that one position satisfies all of them together."""
    conditions = []
    for part in re.split(r"\s+and\s+", expression.strip(), flags=re.IGNORECASE):
        key, sep, value = part.partition("=")
        key, value = key.strip().lower(), value.strip()
        if not sep or key not in WHERE_KEYS or not value:
            raise ValueError(f"cannot read {part!r}: write key=value joined by 'and', with "
                             f"keys {', '.join(WHERE_KEYS)}")
        conditions.append((key, value))
    return tuple(conditions)


def matches(doc: Document, where: tuple[tuple[str, str], ...]) -> bool:
    actors = {a.id for a in doc.actors}
    mechanisms = {m.id for m in doc.mechanisms}
    wanted = [(k, v) for k, v in where if k in _POSITION_KEYS]
    for key, value in where:
        if key == "actor" and value not in actors:
            return False
        if key == "mechanism" and value not in mechanisms:
            return False
    if not wanted:
        return True
    def value_of(position: Position, key: str) -> str:
        if key == "negated":
            return str(position.negated).lower()
        if key == "on_behalf_of":
            return position.on_behalf_of or ""
        return position.stance if key == "stance" else position.holder or ""

    return any(all(value_of(p, k) == v for k, v in wanted) for p in doc.positions)


CONTEXT_FIELDS = ("issuer", "speaker", "date", "title")



def expand_paths(paths: Iterable[str], globs: tuple[str, ...] = ()) -> Iterator[str]:
    """Yield files in order: folders recursively (sorted), everything else as given."""
    for raw in paths:
        path = Path(raw)
        if raw != "-" and path.is_dir():
            yield from _walk(path, globs)
        else:
            yield raw


def _walk(root: Path, globs: tuple[str, ...]) -> Iterator[str]:
    seen: set[tuple[int, int]] = set()
    for folder, dirs, files in os.walk(root, followlinks=True):
        try:
            info = os.stat(folder)
        except OSError:
            dirs[:] = []
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:  # a symlink loop, or a folder reached twice
            dirs[:] = []
            continue
        seen.add(key)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            if globs and not any(fnmatch.fnmatch(name, g) for g in globs):
                continue
            yield os.path.join(folder, name)


def read_path_list(source: str, separator: str) -> Iterator[str]:
    """Paths from a file (or ``-``), one per line or NUL-separated."""
    handle = sys.stdin.buffer if source == "-" else open(source, "rb")  # noqa: SIM115
    try:
        data = handle.read()
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()
    for entry in data.decode("utf-8", errors="surrogateescape").split(separator):
        entry = entry.rstrip("\r") if separator == "\n" else entry
        if entry:
            yield entry


def read_jsonl_items(stream: Iterable[bytes], text_field: str, id_field: str,
                     fields: dict[str, str] | None = None, name: str = "<stdin>"
                     ) -> Iterator[Item]:
    """Documents from JSON Lines records: one per line, with the text in ``text_field``.

    ``fields`` maps the context names (issuer, speaker, date, title) to a record's fields,
    dotted for nested ones (``meta.country``); by default each is read from the field of its
    own name, when present."""
    paths = {key: key for key in CONTEXT_FIELDS} | dict(fields or {})
    split_paths = {key: path.split(".") for key, path in paths.items()}
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(line)
        except (ValueError, UnicodeDecodeError) as exc:
            yield ErrorRecord(where, "jsonl", f"not a JSON object: {exc}")
            continue
        if not isinstance(record, dict) or not isinstance(record.get(text_field), str):
            yield ErrorRecord(where, "jsonl", f"no string field {text_field!r}")
            continue
        source = record.get(id_field)
        source = str(source) if source is not None else where
        values: dict[str, str] = {}
        for key, parts in split_paths.items():
            value = _field(record, parts)
            if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value):
                values[key] = str(value).strip()
        notes: tuple[str, ...] = ()
        if "date" in values:
            date = normalize_date(values["date"])
            if date is None:
                notes = (f"{source}: field {paths['date']!r} is not a date "
                         f"({values['date'][:40]!r}); ignored",)
                del values["date"]
            else:
                values["date"] = date
        yield TextItem(source, record[text_field], Given.of("field", **values), notes,
                       input_format="jsonl")


def _field(record: dict[str, object], parts: list[str]) -> object:
    value: object = record
    for part in parts:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


_NO_CONTEXT = Given()


def _context(options: Options, given: Given, source: str | None,
             page: Given = _NO_CONTEXT) -> Given:
    """Flags over record fields over the file name over the page's own title and date
    (see ``briefcli.context``)."""
    context = options.given.over(given)
    if source is not None:
        named = from_file_name(options.name_pattern or DEFAULT_NAME_PATTERN, source)
        if named is not None:
            context = context.over(named)
    return context.over(page)


# Without --name-pattern, a file named as the UN General Debate corpus names its speeches
# ("2019_FIN.txt": a year and a state's ISO 3166 alpha-3 code, nothing else) gives both.
DEFAULT_NAME_PATTERN = re.compile(r"(?:.*/)?(?P<year>(?:19|20)\d\d)_(?P<issuer>[A-Z]{3})\.txt")


@dataclass(frozen=True, slots=True)
class ReadItem:
    """One input read and ready to tag: its text, and what ``tag()`` is to know of it."""

    text: str
    source: str
    warnings: tuple[str, ...]
    context: Given
    input_format: str
    link: str | None = None


def read_item(item: Item, matcher: Matcher, options: Options) -> ReadItem | ErrorRecord:
    """Read one input (a page's article, a feed item's body, a file as decoded) with its
    context; any problem with the input becomes an ErrorRecord."""
    if isinstance(item, ErrorRecord):
        return item
    if isinstance(item, TextItem) and not item.markup and item.input_format != "feed":
        return ReadItem(item.text, item.source, tuple(item.warnings),
                        _context(options, item.given, None), item.input_format)
    try:
        ready = prepare(item, options.reading)
    except DocumentError as exc:
        return ErrorRecord(exc.source if isinstance(item, str) else item.source, exc.kind,
                           exc.message)
    given = ready.given
    if ready.input_format == "feed":
        given = feed_context(matcher, given)
    return ReadItem(ready.text, ready.source, tuple(ready.warnings),
                    _context(options, given, ready.path, ready.page), ready.input_format,
                    ready.link)


def tag_read(ready: ReadItem, matcher: Matcher, options: Options) -> Document:
    doc = tag(ready.text, matcher, source=ready.source, fuzzy=options.fuzzy,
              warnings=ready.warnings, context=ready.context, unlisted=options.unlisted)
    if ready.input_format == "text" and ready.link is None:
        return doc
    return replace(doc, meta=replace(doc.meta, input_format=ready.input_format,
                                     link=ready.link))


def tag_item(item: Item, matcher: Matcher, options: Options) -> Record:
    """Read and tag one input; any problem with the input becomes an ErrorRecord."""
    ready = read_item(item, matcher, options)
    return ready if isinstance(ready, ErrorRecord) else tag_read(ready, matcher, options)


_WORKER: tuple[Matcher, Options, Renderer | None] | None = None


def _init_worker(matcher: Matcher, options: Options, render: Renderer | None,
                 in_pool: bool = False) -> None:
    global _WORKER
    _WORKER = (matcher, options, render)
    if in_pool:  # Ctrl-C is the parent's to handle: workers must not print tracebacks
        signal.signal(signal.SIGINT, signal.SIG_IGN)


@dataclass(frozen=True, slots=True)
class Rendered:
    """What the parent needs of a document a worker has already rendered: not the whole
    record, whose pickling back to the parent would cost more than tagging it."""

    source: str
    warnings: tuple[str, ...]
    skipped: bool = False  # left out by --where


def _work(batch: list[Item]) -> list[tuple[Record | Rendered, str | None]]:
    assert _WORKER is not None
    matcher, options, render = _WORKER
    out: list[tuple[Record | Rendered, str | None]] = []
    for item in batch:
        record = tag_item(item, matcher, options)
        if options.where and isinstance(record, Document) and not matches(record, options.where):
            out.append((Rendered(record.source, record.warnings, skipped=True), None))
        elif render is None:
            out.append((record, None))
        elif isinstance(record, ErrorRecord):
            out.append((record, render(record)))
        else:
            out.append((Rendered(record.source, record.warnings), render(record)))
    return out


def tag_many(items: Iterable[Item], matcher: Matcher, options: Options, jobs: int = 1,
             render: Renderer | None = None, chunk: int = 8
             ) -> Iterator[tuple[Record | Rendered, str | None]]:
    """Tag items in input order. With ``render`` (picklable), each document is rendered where
    it was tagged and comes back as its text plus a ``Rendered`` stub (errors stay whole)."""
    if jobs <= 1:
        _init_worker(matcher, options, render)
        for item in items:
            yield from _work([item])
        return
    import multiprocessing  # here: a one-file run should not pay for importing it
    import multiprocessing.pool

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    if "fork" in methods:
        matcher.prepare_for_many()  # built once here, shared by the forked workers
    with context.Pool(jobs, initializer=_init_worker,
                      initargs=(matcher, options, render, True)) as pool:
        pending: deque[multiprocessing.pool.AsyncResult[list[tuple[Record | Rendered,
                                                                   str | None]]]]
        pending = deque()
        batch: list[Item] = []
        for item in items:
            batch.append(item)
            if len(batch) >= chunk:
                pending.append(pool.apply_async(_work, (batch,)))
                batch = []
                if len(pending) >= jobs * 4:
                    yield from pending.popleft().get()
        if batch:
            pending.append(pool.apply_async(_work, (batch,)))
        while pending:
            yield from pending.popleft().get()
