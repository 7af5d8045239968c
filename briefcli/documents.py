"""Inputs made ready to tag: a path, stdin, a JSON Lines record or a feed item, as the exact
text that is tagged and the context its input gives.

- ``TextItem``: a document given as text (a JSON Lines record, a feed item, stdin), rather
  than as a path read where it is tagged.
- ``prepare``: read a path, detect its format (``briefcli.inputs``), turn a page or a feed
  body into text (``briefcli.html``). Every offset of a record refers to ``Prepared.text``,
  which ``briefcli text`` prints.
- ``expand_inputs``: a feed becomes its items, in feed order, each id once per run unless
  duplicates are kept (feed snapshots repeat items), counted for the run's summary line. It
  runs in the main process, so ``--jobs N`` sees the same items in the same order as 1.
- ``feed_context``: who a feed item's ``dc:creator`` and the feed's title name.

The page and feed readers are imported only when a page or a feed is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from briefcli.context import Given, is_office, resolve_actor
from briefcli.errors import DocumentError
from briefcli.loading import DEFAULT_MAX_BYTES, decode, looks_binary, read_bytes
from briefcli.matcher import Matcher
from briefcli.model import ErrorRecord


@dataclass(frozen=True, slots=True)
class TextItem:
    """A document given as text (a JSON Lines record, a feed item, stdin) rather than as a
    path."""

    source: str
    text: str
    given: Given = Given()  # from the record's (or feed item's) fields
    warnings: tuple[str, ...] = ()
    page: Given = Given()  # a page's own title and date: below the file name, like a header
    input_format: str = "text"  # reported as meta.input_format
    markup: bool = False  # ``text`` is HTML, made plain text where the item is tagged
    link: str | None = None  # a feed item's link


Item = str | TextItem | ErrorRecord


@dataclass(frozen=True, slots=True)
class Reading:
    """How inputs are read: ``--encoding``, ``--max-bytes``, ``--input-format`` (None: by
    extension, else by the first bytes)."""

    encoding: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    input_format: str | None = None


@dataclass(frozen=True, slots=True)
class Prepared:
    """An input made ready to tag: exactly the text tagged (every offset refers to it, and
    ``briefcli text`` prints it), with the context its input gave."""

    source: str
    text: str
    given: Given
    page: Given
    warnings: tuple[str, ...]
    input_format: str
    link: str | None
    path: str | None  # the file whose name --name-pattern reads


def prepare(item: str | TextItem, options: Reading) -> Prepared:
    """Read (a path), detect its format, and turn markup into text. Raises DocumentError."""
    from briefcli.inputs import SNIFF_BYTES, detect

    if isinstance(item, TextItem):
        if not item.markup:
            return Prepared(item.source, item.text, item.given, item.page, item.warnings,
                            item.input_format, item.link, None)
        from briefcli.html import extract

        page = extract(item.text, main_content=item.input_format == "html")
        if item.input_format == "feed" and _MARKUP_LEFT.search(page.text):
            page = extract(page.text, main_content=False)  # the body was escaped twice
        return Prepared(item.source, page.text, item.given,
                        item.page.over(Given.of("text", title=page.title, date=page.date)),
                        item.warnings + page.warnings, item.input_format,
                        item.link or page.link, None)
    data = read_bytes(item, options.max_bytes)
    fmt = detect(item, data[:SNIFF_BYTES], options.input_format)
    if fmt == "html":
        return _page(item, data, options)
    if fmt == "feed":
        raise DocumentError("is a feed, which is read into its items before tagging; name "
                            "it as an input of briefcli tag", item, "feed")
    loaded = decode(data, item, options.encoding)
    return Prepared(item, loaded.text, Given(), Given(), loaded.warnings, "text", None, item)


def _page(source: str, data: bytes, options: Reading) -> Prepared:
    from briefcli.html import decode_html, extract

    html, _, notes = decode_html(data, source, options.encoding)
    page = extract(html)
    return Prepared(source, page.text, Given(), Given.of("text", title=page.title,
                                                          date=page.date),
                    notes + page.warnings, "html", page.link, source if source != "-" else None)


_MARKUP_LEFT = re.compile(r"</?(?:p|div|br|span|a|strong|em|li|ul)\b[^<>]{0,200}>", re.I)
_SPLIT_CREATOR = re.compile(r",|(?<=[a-z])(?=(?:Bureau|Office|Department) of\b)|\s{2,}")


def feed_speaker(matcher: Matcher, creator: str) -> str | None:
    """The actor a feed's ``dc:creator`` names, as a JSON Lines ``speaker`` field would be
    read (the whole value, or its part before a comma: "Antony J. Blinken, Secretary of
    State"; "Office of the Spokesperson" is the ministry's office, whose state is then the
    issuer); else the first person among its parts, when it lists several names with their
    titles or runs a title into a bureau ("Assistant SecretaryBureau of ..."). None, and no
    warning, when it names no one the rules know: feeds say "U.S. Department of State"."""
    actor = resolve_actor(matcher, creator)
    if actor is not None:
        return actor
    parts = [p.strip() for p in _SPLIT_CREATOR.split(creator) if p and p.strip()]
    for part in parts[1:8]:
        actor = resolve_actor(matcher, part)
        if actor is not None and matcher.rules[matcher.index_by_id[actor]].type == "person":
            return actor
    return None


def feed_context(matcher: Matcher, given: Given) -> Given:
    """A feed item's context as the rules know it: its ``dc:creator`` as a speaker
    (``feed_speaker``; a press office is left for the context step to read as the issuer
    speaking), and the feed's own title as its issuer when it names an actor, silently
    dropped when it names none (most feeds are titled "News")."""
    speaker = given.speaker
    if speaker is not None and not is_office(speaker):
        speaker = feed_speaker(matcher, speaker)
    issuer = given.issuer
    if issuer is not None and given.issuer_from == "field":
        issuer = resolve_actor(matcher, issuer)
    return replace(given, speaker=speaker, speaker_from=given.speaker_from if speaker
                   else "none", issuer=issuer, issuer_from=given.issuer_from if issuer
                   else "none")


class RunCounts:
    """What expanding the inputs found, for the run's summary line (parent process only)."""

    def __init__(self) -> None:
        self.feeds = 0
        self.items = 0
        self.duplicates = 0

    def summary(self) -> str | None:
        if not self.items and not self.duplicates:  # a feed that failed says so itself
            return None
        skipped = (f", {self.duplicates} already tagged in this run skipped (--keep-duplicates "
                   "keeps them)" if self.duplicates else "")
        return (f"{self.feeds} feed{'s' if self.feeds != 1 else ''}: {self.items} "
                f"item{'s' if self.items != 1 else ''}{skipped}")


def expand_inputs(paths: Iterable[str], options: Reading, keep_duplicates: bool = False,
                  counts: RunCounts | None = None) -> Iterator[Item]:
    """Inputs as items: a feed becomes its entries (in feed order, each id once per run
    unless ``keep_duplicates``); stdin is read here unless it is plain text by flag; every
    other path stays a path, read where it is tagged."""
    from briefcli.inputs import SNIFF_BYTES, detect, needs_head, read_head

    counts = counts if counts is not None else RunCounts()
    seen: set[str] = set()
    for path in paths:
        forced = options.input_format
        if forced == "text" or (path != "-" and not needs_head(path, forced)
                                and detect(path, b"", forced) != "feed"):
            yield path
            continue
        data = b""
        if path == "-":
            try:
                data = read_bytes(path, options.max_bytes)
            except DocumentError as exc:
                yield ErrorRecord(path, exc.kind, exc.message)
                continue
            fmt = detect(path, data[:SNIFF_BYTES], forced)
        else:
            fmt = detect(path, read_head(path) if needs_head(path, forced) else b"", forced)
        if fmt != "feed":
            yield _stdin_item(data, fmt, options) if path == "-" else path
            continue
        if path != "-":
            try:
                data = read_bytes(path, options.max_bytes)
            except DocumentError as exc:
                yield ErrorRecord(path, exc.kind, exc.message)
                continue
        counts.feeds += 1
        yield from _feed_items(path, data, seen, keep_duplicates, counts)


def _stdin_item(data: bytes, fmt: str, options: Reading) -> Item:
    try:
        if fmt == "html":
            from briefcli.html import decode_html

            html, _, notes = decode_html(data, "-", options.encoding)
            return TextItem("-", html, warnings=notes, input_format="html", markup=True)
        loaded = decode(data, "-", options.encoding)
    except DocumentError as exc:
        return ErrorRecord("-", exc.kind, exc.message)
    return TextItem("-", loaded.text, warnings=loaded.warnings)


def _feed_items(path: str, data: bytes, seen: set[str], keep_duplicates: bool,
                counts: RunCounts) -> Iterator[Item]:
    from briefcli.feeds import FeedError, entries

    name = "<stdin>" if path == "-" else path
    if looks_binary(data) and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        yield ErrorRecord(path, "binary", "looks like a binary file (NUL or control bytes), "
                                          "not a feed")
        return
    try:
        for entry in entries(data):
            if entry.id is not None and not keep_duplicates:
                if entry.id in seen:
                    counts.duplicates += 1
                    continue
                seen.add(entry.id)
            counts.items += 1
            given = Given.of("field", title=entry.title, date=entry.date,
                             speaker=entry.author, issuer=entry.publisher)
            yield TextItem(entry.id or f"{name}#{entry.number}", entry.body, given,
                           input_format="feed", markup=entry.body_is_html, link=entry.link)
    except FeedError as exc:
        yield ErrorRecord(path, exc.kind, exc.message)
