"""Feeds: RSS 2.0, RSS 1.0 (RDF), RSS 0.9x and Atom (1.0 and 0.3) read into entries.

Every item or entry is one document, in feed order: its id (``guid``, Atom ``id``,
``rdf:about``, else its ``link``), title, date (``pubDate``, ``published``, ``updated``,
``dc:date``, as YYYY-MM-DD from RFC 822 or ISO 8601), author (``dc:creator``, ``author``), link,
the feed's own title (its publisher: "Press Releases – United States Department of State")
and body (``content:encoded``, else ``description``, ``summary`` or ``content``), which is HTML
for the HTML step (``briefcli.html``) unless the feed says it is plain text.

Parsed with the standard library's expat (``xml.etree.ElementTree.XMLPullParser``), chosen by
measurement over feedparser (30 times slower on the same snapshots; see the README). Safety
does not depend on the expat build: a document that declares entities in a DTD (``<!ENTITY``:
the "billion laughs" and external-entity attacks both need one) is refused before any parsing,
and expat never fetches an external DTD. Entities HTML knows but XML does not (``&nbsp;``,
which real feeds contain) are written as character references first. The parse is
incremental: an ill-formed or truncated feed keeps the entries before the break and reports
the break, with its line and column, as ``FeedError``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, replace
from html.entities import name2codepoint

from briefcli.html import parse_date
from briefcli.inputs import root_name

ATOM = "http://www.w3.org/2005/Atom"
ATOM03 = "http://purl.org/atom/ns#"
RSS1 = "http://purl.org/rss/1.0/"
RSS09 = "http://my.netscape.com/rdf/simple/0.9/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
_ITEM_NS = ("", RSS1, RSS09)
_ATOM_NS = (ATOM, ATOM03)
_ROOTS = {"rss", "rdf", "feed", "channel"}  # local names of a feed's root element (lower case)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
_NAMED_REF = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class Entry:
    """One item of a feed, its fields as the feed gives them (dates normalised)."""

    number: int  # 1-based, in feed order
    id: str | None
    title: str | None
    date: str | None
    author: str | None
    link: str | None
    body: str
    body_is_html: bool
    publisher: str | None = None  # the feed's own title: who publishes it


class FeedError(Exception):
    """The feed cannot be read (at all, or past some point): one line for the user."""

    def __init__(self, message: str, kind: str = "feed") -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind


def is_feed_root(head: bytes) -> bool:
    return root_name(head) in _ROOTS


def _html_entities_as_refs(data: bytes) -> bytes:
    """``&nbsp;`` (and every other HTML named entity XML does not define) as ``&#160;``."""
    def replace(m: re.Match[bytes]) -> bytes:
        name = m.group(1).decode("ascii")
        if name in _XML_ENTITIES or name not in name2codepoint:
            return m.group(0)
        return b"&#%d;" % name2codepoint[name]

    return _NAMED_REF.sub(replace, data) if b"&" in data else data


def entries(data: bytes) -> Iterator[Entry]:
    """The entries of a feed, in order. Raises FeedError where it cannot be read further
    (after yielding every entry before that point)."""
    if data[:1] in b" \t\r\n":  # white space before <?xml, which expat refuses
        data = data.lstrip(b" \t\r\n")
    if _ENTITY_DECL.search(data, 0, _prolog_end(data)):
        raise FeedError("declares XML entities in a DTD (<!ENTITY): refused, since entity "
                        "expansion and external entities are never processed", "unsafe-xml")
    data = _html_entities_as_refs(_as_utf8(data))
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    depth = 0
    root: str | None = None
    number = 0
    in_entry = False
    publisher: str | None = None
    try:
        for offset in range(0, max(len(data), 1), _CHUNK):
            parser.feed(data[offset:offset + _CHUNK])
            for event_and_elem in parser.read_events():
                event, elem = event_and_elem  # type: ignore[misc]
                assert isinstance(elem, ET.Element)  # start and end events carry elements
                if event == "start":
                    depth += 1
                    if root is None:
                        root = _local(elem.tag).lower()
                        if root not in _ROOTS:
                            raise FeedError(f"not a feed: its root element is <{root}>, "
                                            "not <rss>, <rdf:RDF> or <feed>", "feed")
                    if _is_entry(elem.tag):
                        in_entry = True
                    continue
                depth -= 1
                if _is_entry(elem.tag):
                    number += 1
                    in_entry = False
                    yield replace(_entry(elem, number), publisher=publisher)
                    elem.clear()
                elif not in_entry and depth <= 2:
                    if publisher is None and _local(elem.tag) == "title":  # not <image>'s
                        publisher = _text(elem)
                    elem.clear()  # channel-level elements: not needed once ended
        parser.close()
        for _ in parser.read_events():
            pass
    except ValueError as exc:  # expat refusing something it cannot decode
        raise FeedError(f"cannot be read: {exc}", "feed") from None
    except ET.ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        reason = str(exc).split(":", 1)[0]
        kept = f"; the {number} item(s) before it are kept" if number else ""
        if number == 0:
            raise FeedError(f"not well-formed XML ({reason}, line {line}, column {column})",
                            "feed") from None
        raise FeedError(f"the feed breaks at line {line}, column {column} ({reason}){kept}",
                        "feed-truncated") from None
    if root is None:
        raise FeedError("empty: no XML element", "feed")


_DECLARED = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._:-]+)(["'])""")


def _as_utf8(data: bytes) -> bytes:
    """A feed in an encoding expat cannot decode itself (Shift_JIS, GB18030, ...: only UTF-8,
    UTF-16 and Latin-1 are built in) re-encoded as UTF-8, its declaration changed to match.
    Undecodable bytes become U+FFFD."""
    m = _DECLARED.match(data[:200])
    if m is None:
        return data
    name = m.group(2).decode("ascii").lower()
    if name.replace("_", "-") in ("utf-8", "utf8", "utf-16", "us-ascii", "ascii"):
        return data
    try:
        text = data[m.end():].decode(name, errors="replace")
    except LookupError:
        return data  # expat will say it does not know the encoding
    return m.group(1) + b"utf-8" + m.group(3) + text.encode("utf-8")


def _prolog_end(data: bytes) -> int:
    """Where the root element starts (the DTD, if any, is before it)."""
    for m in re.finditer(rb"<[A-Za-z_]", data[:1 << 20]):
        return m.start()
    return min(len(data), 1 << 20)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _ns(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _is_entry(tag: str) -> bool:
    local = _local(tag)
    return (local == "item" and _ns(tag) in _ITEM_NS) or (local == "entry"
                                                          and _ns(tag) in _ATOM_NS)


def _text(elem: ET.Element | None) -> str | None:
    if elem is None:
        return None
    value = "".join(elem.itertext()).strip()
    return value or None


def _entry(elem: ET.Element, number: int) -> Entry:
    fields: dict[str, ET.Element] = {}
    links: list[ET.Element] = []
    for child in elem:
        if not isinstance(child.tag, str):
            continue
        key = f"{_ns(child.tag)}|{_local(child.tag)}"
        if _local(child.tag) == "link":
            links.append(child)
        fields.setdefault(key, child)

    def get(*names: str) -> ET.Element | None:
        for name in names:
            if name in fields:
                return fields[name]
        return None

    atom = _ns(elem.tag) in _ATOM_NS
    ns = _ns(elem.tag)
    link = _link(links, atom)
    ident = _text(get(f"{ns}|guid", f"{ns}|id")) or elem.get(f"{{{RDF}}}about") or link
    title_elem = get(f"{ns}|title", f"{DC}|title")
    title = _text(title_elem)
    if title and title_elem is not None and title_elem.get("type") in ("html", "xhtml") \
            or title and "<" in title:
        from briefcli.html import extract

        title = extract(title, main_content=False).text.replace("\n", " ") or None
    date = None
    # RSS written by .NET puts Atom's elements in RSS items (<a10:updated>); Dublin Core
    # terms (dcterms:issued) are common in RSS 1.0.
    for name in (f"{ns}|pubDate", f"{ns}|published", f"{ATOM}|published", f"{ns}|issued",
                 f"{DC}|date", f"{DCTERMS}|issued", f"{DCTERMS}|created", f"{ns}|updated",
                 f"{ATOM}|updated", f"{ns}|modified", f"{DCTERMS}|modified", f"{DC}|created"):
        value = _text(fields.get(name))
        if value and (date := parse_date(value)):
            break
    author = _text(get(f"{DC}|creator"))
    if author is None:
        author_elem = get(f"{ns}|author")
        if author_elem is not None:
            name_elem = author_elem.find(f"{{{ns}}}name") if ns else None
            author = (_text(name_elem) if name_elem is not None
                      else _rss_author(_text(author_elem)))
    body, is_html = _body(get, ns)
    return Entry(number, ident, title, date, author, link, body, is_html)


def _link(links: list[ET.Element], atom: bool) -> str | None:
    if not atom:
        for link in links:
            if _ns(link.tag) in _ITEM_NS and (value := _text(link)):
                return value
        return None
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return links[0].get("href") if links and links[0].get("href") else None


def _rss_author(value: str | None) -> str | None:
    """RSS 2.0 ``author`` is an e-mail address, the name in brackets: ``a@b.org (Name)``."""
    if value is None:
        return None
    m = re.fullmatch(r"\S+@\S+\s*\((.+)\)", value)
    return m.group(1).strip() if m else value


def _body(get: object, ns: str) -> tuple[str, bool]:
    assert callable(get)
    for name in (f"{CONTENT}|encoded", f"{ns}|content", f"{ATOM}|content",
                 f"{ns}|description", f"{ns}|summary", f"{ATOM}|summary", f"{DC}|description"):
        elem = get(name)
        if elem is None:
            continue
        kind = (elem.get("type") or "").lower()
        if kind == "xhtml" or (kind.endswith("xml") and len(elem)):
            for node in elem.iter():  # <html:p> would not be a paragraph to the HTML step
                if isinstance(node.tag, str):
                    node.tag = _local(node.tag)
            inner = "".join(ET.tostring(child, encoding="unicode") for child in elem)
            body = (elem.text or "") + inner
            if body.strip():
                return body, True
            continue
        value = "".join(elem.itertext())
        if not value.strip():
            continue
        if kind in ("text", "text/plain"):
            return value.strip(), False
        return value, True
    return "", False
