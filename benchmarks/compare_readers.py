#!/usr/bin/env python3
"""How briefcli's page and feed readers compare with feedparser and trafilatura.

    pip install feedparser trafilatura          # only for this comparison
    python benchmarks/compare_readers.py --feeds /tmp/rss/state-dept-rss

Feeds (the 40 State Department snapshots, or any folder of feeds): parse time, best of 3, for
``briefcli.feeds.entries`` (xml.etree / expat) and ``feedparser.parse``, and how often the two
agree on each item's id, title, date and author. Pages (``tests/fixtures/pages``): for
``briefcli.html.extract`` and ``trafilatura.extract``, the share of the article's lines found
(recall), the share of the extracted lines that are not the article's (boilerplate), whether the
title and date are right, and the time. Hostile XML: the time and outcome of a "billion laughs"
feed and of an external entity for each feed reader.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from briefcli.feeds import FeedError, entries  # noqa: E402
from briefcli.html import decode_html, extract, parse_date  # noqa: E402

PAGES = HERE.parent / "tests" / "fixtures" / "pages"
TRUTH = {"ru-mfa-statement": ("Foreign Ministry statement on the peace treaty between Armenia "
                              "and Azerbaijan", "2025-03-14"),
         "us-state-briefing": ("Department Press Briefing – November 1, 2023", "2023-11-01"),
         "fr-mfa-statement-cp1252": ("Déclaration de la porte-parole", "2023-08-02")}


def best(fn, runs: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def feeds(folder: Path) -> None:
    import feedparser

    files = [p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()]
    size = sum(map(len, files)) / 1e6
    ours = best(lambda: [list(entries(d)) for d in files])
    theirs = best(lambda: [feedparser.parse(d) for d in files])
    agree = {"id": 0, "title": 0, "date": 0, "author": 0}
    total = 0
    for data in files:
        mine = list(entries(data))
        other = feedparser.parse(data).entries
        for a, b in zip(mine, other, strict=False):
            total += 1
            agree["id"] += a.id == b.get("id")
            agree["title"] += a.title == b.get("title")
            date = b.get("published_parsed") or b.get("updated_parsed")
            agree["date"] += bool(date) and a.date == f"{date[0]:04d}-{date[1]:02d}-{date[2]:02d}"
            agree["author"] += a.author == b.get("author")
    print(f"feeds: {len(files)} files, {size:.1f} MB, {total} items")
    print(f"  briefcli.feeds (expat)  {ours:.3f} s")
    print(f"  feedparser 6            {theirs:.3f} s  ({theirs / ours:.0f}x)")
    print("  agreement: " + ", ".join(f"{k} {v}/{total}" for k, v in agree.items()))


def pages() -> None:
    import trafilatura

    print("pages: recall of the article's lines / extracted lines that are not the article's"
          " / title / date / time")
    for name, (title, date) in TRUTH.items():
        data = (PAGES / f"{name}.html").read_bytes()
        html, _, _ = decode_html(data, name)
        truth = {line for line in (PAGES / f"{name}.txt").read_text().splitlines() if line}
        for label, run in (("briefcli.html", lambda html=html: _ours(html)),
                           ("trafilatura",
                            lambda html=html: _trafilatura(trafilatura, html))):
            text, got_title, got_date = run()
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            recall = sum(1 for t in truth if t in lines) / len(truth)
            noise = sum(1 for line in lines if line not in truth) / max(1, len(lines))
            seconds = best(run, 5)
            print(f"  {name:26} {label:14} recall {recall:4.0%}  other {noise:4.0%}  "
                  f"title {'ok' if got_title == title else repr(got_title)[:40]:6}  "
                  f"date {'ok' if got_date == date else got_date}  {seconds * 1000:.1f} ms")


def _ours(html: str) -> tuple[str, str | None, str | None]:
    page = extract(html)
    return page.text, page.title, page.date


def _trafilatura(module, html: str) -> tuple[str, str | None, str | None]:  # type: ignore[no-untyped-def]
    text = module.extract(html, include_comments=False, include_tables=True,
                          favor_precision=True) or ""
    meta = module.extract_metadata(html)
    return text, meta.title if meta else None, parse_date(meta.date) if meta and meta.date \
        else None


BOMB = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
                  for i in range(1, 10))
        + ']>\n<rss><channel><item><title>&lol9;</title></item></channel></rss>\n').encode()
XXE = (b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname">]>\n'
       b"<rss><channel><item><title>&x;</title></item></channel></rss>")


def hostile() -> None:
    import feedparser

    for label, data in (("billion laughs", BOMB), ("external entity", XXE)):
        start = time.perf_counter()
        try:
            outcome = f"{len(list(entries(data)))} items"
        except FeedError as exc:
            outcome = f"refused ({exc.kind})"
        ours = time.perf_counter() - start
        start = time.perf_counter()
        parsed = feedparser.parse(data)
        theirs = time.perf_counter() - start
        title = parsed.entries[0].get("title", "") if parsed.entries else ""
        print(f"  {label:16} briefcli.feeds {outcome} in {ours:.3f} s; feedparser "
              f"{len(parsed.entries)} items, title {len(title)} chars, in {theirs:.3f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", default="/tmp/rss/state-dept-rss")
    args = parser.parse_args()
    feeds(Path(args.feeds))
    pages()
    print("hostile XML:")
    hostile()
    return 0


if __name__ == "__main__":
    sys.exit(main())
