"""HTML to text: a page's article as plain text, with the page's own title and date.

Built on the standard library's ``html.parser`` (chosen by measurement, see the README's
"Pages and feeds"): it is event-based, so 100,000 nested elements cost no recursion, it never
fails on broken markup, and it decodes entities. On top of it:

- **Text.** Block elements and ``<br>`` become line breaks (a blank line between blocks),
  table cells and list items each stand on their own line, runs of white space become one
  space. ``script``, ``style``, ``noscript``, ``template``, ``svg``, ``iframe``, forms and
  hidden elements are dropped, and so is the text of ``<head>``.
- **Main content.** The article: the ``<article>`` with the most paragraph text, else
  ``<main>`` / ``role="main"``, else a common content container (``id`` or ``class`` such as
  ``content``, ``article-body``, ``entry-content``), else the element holding the most
  paragraph text. Inside it and everywhere, navigation, headers and footers outside the
  article, sidebars, breadcrumbs, share bars, cookie banners and related links are left out.
- **Context.** The title is the article's ``<h1>``, else the page's first ``<h1>`` outside
  the boilerplate, else ``og:title``, else ``<title>`` without the site name; the date is
  ``article:published_time``, JSON-LD ``datePublished``,
  ``itemprop="datePublished"``, a ``<time datetime>`` in the article, another common date
  meta tag, or the text of an element named like a date (``class="date"``), as YYYY-MM-DD.
  They rank like a text's own header (origin ``text``).
- **Charset.** A byte-order mark, else ``--encoding``, else ``<meta charset>`` or
  ``http-equiv`` in the first 4 KB, else UTF-8; undecodable bytes are replaced and warned
  about once.

Unclosed tags are tolerated: a block start closes an open ``<p>``, an end tag closes what
was opened after its start tag, an end tag with no start tag is ignored.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from briefcli.context import find_date, normalize_date
from briefcli.errors import DocumentError
from briefcli.loading import BOMS, looks_binary

DROP = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "form", "button",
                  "select", "textarea", "object", "canvas", "math", "audio", "video", "map",
                  "head", "dialog"})
BOILERPLATE_TAGS = frozenset({"nav", "aside", "footer", "header", "menu"})
BLOCKS = frozenset({"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5",
                    "h6", "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr", "td",
                    "th", "caption", "blockquote", "pre", "dl", "dt", "dd", "figure",
                    "figcaption", "header", "footer", "nav", "aside", "address", "hr", "center",
                    "details", "summary", "fieldset", "legend", "body", "html", "menu"})
LINE_BLOCKS = frozenset({"li", "td", "th", "dt", "dd", "tr"})  # one line, no blank line
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr", "keygen"})
_BOILER_NAME = re.compile(
    r"(?:^|[-_\s])(?:share|sharing|social|breadcrumbs?|cookies?|consent|gdpr|related|sidebar|"
    r"side-bar|menu|navbar|navigation|nav|newsletter|subscribe|banner|promo|advert|adverts|"
    r"ads|comments?|skip|skip-link|toolbar|pagination|pager|masthead|site-header|site-footer|"
    r"footer|print|widget|modal|popup|overlay|tags|topics|see-also|more-from|read-more|"
    r"visually-hidden|sr-only|screen-reader-text|offscreen|"
    # the same in French, Spanish, German, Russian transliterated: real ministry sites
    r"pied-de-page|pied|bandeau|entete|en-tete|colonne-droite|fil-ariane|partage|lire-aussi|"
    r"encart|pie-de-pagina|migas|compartir|fusszeile|kopfzeile|teilen|podval|shapka)"
    r"(?:$|[-_\s])",
    re.IGNORECASE)
_CONTENT_NAME = re.compile(
    r"(?:^|[-_\s])(?:content|main-content|article|article-body|article-content|entry-content|"
    r"post-content|post-body|story|story-body|body-text|field--name-body|page-content|"
    r"press-release|statement|transcript|node-content|rich-text|richtext)(?:$|[-_\s])",
    re.IGNORECASE)
_DATE_NAME = re.compile(r"(?:^|[-_\s])(?:date|time|pubdate|published|publish-date|posted|"
                        r"dateline|timestamp)(?:$|[-_\s])", re.IGNORECASE)
_STRUCTURAL = frozenset({"html", "body", "main", "article"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""",
                           re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|»|/)\s+")
_DATE_META = ("article:published_time", "og:published_time", "datepublished", "date",
              "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued", "pubdate",
              "publishdate", "publish-date", "publication_date", "citation_date",
              "citation_publication_date", "parsely-pub-date", "sailthru.date",
              "article.published", "published_time", "release_date", "og:updated_time",
              "article:modified_time")
_JSONLD_MAX = 1_000_000
_MAX_DEPTH = 1000  # elements nested deeper count as their 1000th ancestor's text
_PARA = "\x00P"  # markers in the chunk stream: paragraph break, line break
_LINE = "\x00L"
_WHATWG_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                   "us-ascii": "cp1252", "ascii": "cp1252", "windows-1252": "cp1252",
                   "x-cp1252": "cp1252", "windows-1251": "cp1251", "x-sjis": "shift_jis",
                   "gb2312": "gb18030", "gbk": "gb18030", "iso-8859-9": "cp1254",
                   "utf8": "utf-8", "unicode": "utf-8"}


@dataclass(frozen=True, slots=True)
class Page:
    """A page read: its article's text, and what the page itself says of its context."""

    text: str
    title: str | None
    date: str | None
    link: str | None
    warnings: tuple[str, ...] = ()


def decode_html(data: bytes, source: str, encoding: str | None = None) -> tuple[str, str,
                                                                              tuple[str, ...]]:
    """Bytes of a page to text: BOM > ``encoding`` > ``<meta charset>`` > UTF-8 (replaced,
    with one warning). Binary junk is refused."""
    for bom, bom_codec in BOMS:
        if data.startswith(bom):
            return data.decode(bom_codec, errors="replace").lstrip("\ufeff"), bom_codec, ()
    if looks_binary(data):
        raise DocumentError("looks like a binary file (NUL or control bytes), not a web page",
                            source, "binary")
    warnings: list[str] = []
    name: str | None = encoding
    if name is None:
        m = _META_CHARSET.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii", "replace").lower()
            name = _WHATWG_ALIASES.get(declared, declared)
            try:
                "".encode(name)
            except LookupError:
                warnings.append(f"{source}: unknown charset {declared!r} in <meta>; read as "
                                "UTF-8")
                name = None
    name = name or "utf-8"
    try:
        text = data.decode(name)
    except LookupError:
        raise DocumentError(f"unknown encoding {name!r}", source, "encoding") from None
    except UnicodeDecodeError as exc:
        text = data.decode(name, errors="replace")
        warnings.append(f"{source}: not valid {name} (byte {exc.start}); undecodable bytes "
                        "replaced (pass --encoding to choose)")
    return text, name, tuple(warnings)


class _Extractor(HTMLParser):
    """One pass over the markup: text chunks, each with the element it stands in, and a
    parent array of elements, from which the main content is chosen afterwards."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parents: list[int] = [-1]  # element 0 is the document
        self.tags: list[str] = ["#document"]
        self.boiler: list[bool] = [False]
        self.para_chars: list[int] = [0]  # paragraph text directly or in a <p> child
        self.chunks: list[tuple[int, str]] = []  # (element, text or marker)
        self.stack: list[tuple[str, int]] = []  # open (tag, element id)
        self.drop_depth = 0  # >0 inside a dropped element
        self.drop_tag = ""
        self.pre_depth = 0
        self.articles: list[int] = []
        self.main = -1
        self.content = -1
        self.h1: dict[int, str] = {}  # element of an <h1> -> its text
        self.h1_open: list[int] = []
        self.time_dates: list[tuple[int, str]] = []
        self.dated: dict[int, str] = {}  # elements named like a date (class="date") -> text
        self.meta: dict[str, str] = {}
        self.title_text: list[str] = []
        self.in_title = False
        self.jsonld: list[str] = []
        self.in_jsonld = False
        self.canonical: str | None = None

    # --- structure ---------------------------------------------------------------------------
    def _current(self) -> int:
        return self.stack[-1][1] if self.stack else 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, void=tag in VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, void=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], void: bool) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and "content" in a and key not in self.meta:
                self.meta[key] = a["content"].strip()
            return
        if tag == "link":
            if "canonical" in a.get("rel", "").lower().split() and a.get("href"):
                self.canonical = self.canonical or a["href"].strip()
            return
        if tag == "title" and not self.title_text:
            self.in_title = True
        if tag == "script" and "ld+json" in a.get("type", "").lower():
            self.in_jsonld = True
        if tag == "time" and a.get("datetime") and self.drop_depth == 0:
            self.time_dates.append((self._current(), a["datetime"]))
        if self.drop_depth:
            if tag == "body" and self.drop_tag == "head":  # <head> left open
                self._end_drop()
            elif tag in DROP and not void:
                self.drop_depth += 1
                return
            else:
                return
        if tag == "br":
            self.chunks.append((self._current(), _LINE))
            return
        if tag == "hr":
            self.chunks.append((self._current(), _PARA))
            return
        if void:  # an image's alt text is not the article's
            return
        if tag in DROP or self._hidden(a):
            self.drop_depth = 1
            self.drop_tag = tag
            self.stack.append((tag, -1))
            return
        if tag in BLOCKS:
            # an open <p> (or <li> for a new <li>) ends where a block starts
            while self.stack and (self.stack[-1][0] == "p" or
                                  (tag in ("li", "dt", "dd") and self.stack[-1][0] == tag) or
                                  (tag in ("td", "th") and self.stack[-1][0] in ("td", "th")) or
                                  (tag == "tr" and self.stack[-1][0] in ("td", "th", "tr"))):
                self._close_top()
            self.chunks.append((self._current(), _LINE if tag in LINE_BLOCKS else _PARA))
        if len(self.stack) >= _MAX_DEPTH:
            return
        parent = self._current()
        element = len(self.tags)
        self.tags.append(tag)
        self.parents.append(parent)
        self.para_chars.append(0)
        names = f"{a.get('id', '')} {a.get('class', '')}"
        role = a.get("role", "").lower()
        # Class names only for elements that can be a page's part: <body class="has-sidebar">
        # or <article class="post-with-share-bar"> is the whole page or the article.
        boiler = (tag in BOILERPLATE_TAGS or role in ("navigation", "banner", "contentinfo",
                                                       "complementary", "search", "dialog")
                  or (tag not in _STRUCTURAL and bool(_BOILER_NAME.search(names)))
                  or "breadcrumb" in a.get("aria-label", "").lower())
        self.boiler.append(boiler)
        self.stack.append((tag, element))
        if not boiler and not self._inside_boiler(parent):
            if tag == "article":
                self.articles.append(element)
            elif (tag == "main" or role == "main") and self.main < 0:
                self.main = element
            elif self.content < 0 and tag in ("div", "section", "td") and \
                    _CONTENT_NAME.search(names):
                self.content = element
        if tag == "h1":
            self.h1_open.append(element)
        if len(self.dated) < 8 and not boiler and _DATE_NAME.search(names):
            self.dated[element] = ""
        if tag == "pre":
            self.pre_depth += 1

    def _end_drop(self) -> None:
        self.drop_depth = 0
        while self.stack and self.stack[-1][1] != -1:
            self.stack.pop()
        if self.stack:
            self.stack.pop()

    def _hidden(self, a: dict[str, str]) -> bool:
        return ("hidden" in a or a.get("aria-hidden", "").lower() == "true"
                or bool(_HIDDEN_STYLE.search(a.get("style", ""))))

    def _inside_boiler(self, element: int) -> bool:
        while element > 0:
            if self.boiler[element]:
                return True
            element = self.parents[element]
        return False

    def _close_top(self) -> None:
        tag, element = self.stack.pop()
        if element < 0:
            return
        if tag in BLOCKS:
            self.chunks.append((self._current(), _LINE if tag in LINE_BLOCKS else _PARA))
        if tag == "pre":
            self.pre_depth -= 1
        if tag == "h1" and self.h1_open and self.h1_open[-1] == element:
            self.h1_open.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag == "script":
            self.in_jsonld = False
        if self.drop_depth:
            if tag in DROP:
                self.drop_depth -= 1
                if self.drop_depth == 0:
                    self._end_drop()
            return
        for i in range(len(self.stack) - 1, max(-1, len(self.stack) - 64), -1):
            if self.stack[i][0] == tag:
                while len(self.stack) > i:
                    self._close_top()
                return
        if tag == "p":  # </p> without <p>: a break, as browsers do
            self.chunks.append((self._current(), _PARA))

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_text.append(data)
            return
        if self.in_jsonld:
            if sum(map(len, self.jsonld)) < _JSONLD_MAX:
                self.jsonld.append(data)
            return
        if self.drop_depth:
            return
        element = self._current()
        if self.pre_depth:
            for i, line in enumerate(data.split("\n")):
                if i:
                    self.chunks.append((element, _LINE))
                if line:
                    self.chunks.append((element, line))
        else:
            self.chunks.append((element, data))
        for h1 in self.h1_open:
            self.h1[h1] = self.h1.get(h1, "") + data
        if element in self.dated and len(self.dated[element]) < 200:
            self.dated[element] += data
        if element and self.tags[element] in ("p", "blockquote", "li", "pre", "td"):
            parent = self.parents[element]
            self.para_chars[element] += len(data)
            if parent >= 0:
                self.para_chars[parent] += len(data)
        elif element:
            self.para_chars[element] += len(data) // 4  # loose text counts a little


def _inside(ex: _Extractor, element: int, root: int) -> bool:
    while element >= 0:
        if element == root:
            return True
        element = ex.parents[element]
    return False


def _boiler_below(ex: _Extractor, element: int, root: int, memo: dict[int, bool]) -> bool:
    """Whether a boilerplate element lies on the path from ``element`` up to ``root``."""
    path = []
    found = False
    while element >= 0 and element != root:
        if element in memo:
            found = memo[element]
            break
        path.append(element)
        if ex.boiler[element]:
            found = True
            break
        element = ex.parents[element]
    for e in path:
        memo[e] = found
    return found


def _densest(ex: _Extractor) -> int:
    best, best_chars = 0, 0
    for element, chars in enumerate(ex.para_chars):
        if element and chars > best_chars and ex.tags[element] not in ("p", "li") and \
                not _boiler_below(ex, element, 0, {}):
            best, best_chars = element, chars
    return best


def _main_element(ex: _Extractor) -> int:
    """The element that holds the article: the ``<article>`` with the most paragraph text
    (teasers of other articles are ``<article>``s too), else ``<main>``, else the first
    content container that holds paragraph text; else the element with the most paragraph
    text as direct children, when it holds a fair share of the page's; else the whole page."""
    subtree = list(ex.para_chars)
    for element in range(len(subtree) - 1, 0, -1):  # children come after their parents
        subtree[ex.parents[element]] += ex.para_chars[element]
    article = max(ex.articles, key=lambda e: subtree[e], default=-1)
    for candidate in (article, ex.main, ex.content):
        if candidate > 0 and subtree[candidate] > 0:
            return candidate
    if not any(ex.boiler):
        return 0
    best = _densest(ex)
    return best if best and subtree[best] >= 0.5 * subtree[0] else 0


def _join(chunks: list[str]) -> str:
    """Chunks and break markers to text: lines stripped, white space collapsed, one blank
    line between blocks at most."""
    lines: list[str] = []
    current: list[str] = []
    pending = ""  # the strongest break seen since the last text
    for chunk in chunks:
        if chunk == _PARA or chunk == _LINE:
            if current:
                line = _SPACES.sub(" ", "".join(current)).strip()
                current = []
                if line:
                    if lines and pending == _PARA:
                        lines.append("")
                    lines.append(line)
                    pending = ""
            if chunk == _PARA or not pending:
                pending = chunk
            continue
        current.append(chunk)
    if current:
        line = _SPACES.sub(" ", "".join(current)).strip()
        if line:
            if lines and pending == _PARA:
                lines.append("")
            lines.append(line)
    return "\n".join(lines)


def extract(html: str, *, main_content: bool = True) -> Page:
    """A page (or, with ``main_content=False``, a fragment such as a feed item's body) as
    plain text, with the title, date and link the page states."""
    ex = _Extractor()
    ex.feed(_ZERO_WIDTH.sub("", html))
    ex.close()
    root = _main_element(ex) if main_content else 0
    memo: dict[int, bool] = {}
    kept: list[str] = []
    for element, chunk in ex.chunks:
        if root and not _inside(ex, element, root):
            continue
        if _boiler_below(ex, element, root, memo) and not (
                element == root or (root and ex.boiler[root])):
            if chunk in (_PARA, _LINE):
                kept.append(_PARA)
            continue
        kept.append(chunk)
    text = _join(kept)
    title = _title(ex, root) if main_content else None
    date = _date(ex, root) if main_content else None
    link = ex.meta.get("og:url") or ex.canonical
    return Page(text, title, date, link)


def _title(ex: _Extractor, root: int) -> str | None:
    """The article's ``<h1>``, else the page's first ``<h1>`` outside boilerplate, else
    ``og:title``, else ``<title>`` without the site's name."""
    inside = [h for e, h in ex.h1.items() if root and _inside(ex, e, root) and h.strip()]
    outside = [h for e, h in ex.h1.items() if h.strip() and not _boiler_below(ex, e, 0, {})]
    for heading in inside + outside:
        return _clean(heading)
    if ex.meta.get("og:title"):
        return _clean(ex.meta["og:title"])
    raw = _clean("".join(ex.title_text))
    return without_site_name(raw, ex.meta.get("og:site_name", "")) if raw else None


def without_site_name(title: str, site: str = "") -> str:
    """``Statement on X | Ministry of Y`` -> ``Statement on X``: the part that is the site's
    name (``og:site_name``), else the last part after a separator, is cut off."""
    cuts = list(_TITLE_SEPARATORS.finditer(title))
    if not cuts:
        return title
    site = site.strip().lower()
    first, last = cuts[0], cuts[-1]
    if site and title[:first.start()].strip().lower() == site:
        return title[first.end():].strip()
    if site and title[last.end():].strip().lower() != site and site not in title.lower():
        return title
    return title[:last.start()].strip() or title


def _clean(value: str) -> str:
    return _SPACES.sub(" ", value).strip()


def _date(ex: _Extractor, root: int) -> str | None:
    candidates: list[str] = []
    if ex.meta.get("article:published_time"):
        candidates.append(ex.meta["article:published_time"])
    candidates += _jsonld_dates(ex.jsonld)
    if ex.meta.get("datepublished"):
        candidates.append(ex.meta["datepublished"])
    candidates += [d for element, d in ex.time_dates if root and _inside(ex, element, root)]
    candidates += [ex.meta[k] for k in _DATE_META if ex.meta.get(k)]
    # last, the text of an element named like a date (<p class="time">2024-06-20 15:30</p>),
    # in the article first
    dated = sorted(ex.dated.items(), key=lambda kv: not (root and _inside(ex, kv[0], root)))
    candidates += [text for _, text in dated if text.strip()]
    for value in candidates:
        date = parse_date(value)
        if date:
            return date
    return None


def _jsonld_dates(blocks: list[str]) -> list[str]:
    text = "".join(blocks).strip()
    if not text:
        return []
    try:
        data = json.loads(text)
    except ValueError:
        return []
    found: list[str] = []
    todo = [data]
    while todo and len(found) < 4:
        node = todo.pop()
        if isinstance(node, dict):
            value = node.get("datePublished")
            if isinstance(value, str):
                found.append(value)
            todo.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            todo.extend(reversed(node))
    return found


def parse_date(value: str) -> str | None:
    """An ISO 8601 or RFC 822 date (or date-time), or a date as prose writes it ("14 March
    2025", "14.03.2025"), as YYYY-MM-DD, else None. The date is the day as written (in its
    own time zone), not converted to UTC."""
    value = value.strip()
    if not value:
        return None
    date = normalize_date(value[:10]) if len(value) >= 10 and value[4:5] == "-" else \
        normalize_date(value)
    if date is not None and len(date) == 10:
        return date
    from email.utils import parsedate_tz

    parsed = parsedate_tz(value)
    if parsed is not None and 1 <= parsed[1] <= 12 and 1 <= parsed[2] <= 31:
        return f"{parsed[0]:04d}-{parsed[1]:02d}-{parsed[2]:02d}"
    # "14 March 2025", "March 14, 2025", "14.03.2025", as a text's header writes them
    return find_date(value[:80]) or date
