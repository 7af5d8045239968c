"""Which format an input is in: text, html or feed (JSON Lines only when asked for).

One rule, in this order (documented in the README):

1. ``--input-format text|jsonl|html|feed`` decides for every input;
2. else the extension: ``.html``, ``.htm``, ``.xhtml`` are pages; ``.rss``, ``.atom`` are
   feeds; ``.xml`` is a feed when its root element is ``<rss>``, ``<rdf:RDF>`` or ``<feed>``
   (a page when it is ``<html>``, text otherwise); ``.txt``, ``.text``, ``.md`` are text;
3. else (any other name, and stdin) the first bytes: a feed's root element, or
   ``<!DOCTYPE html>`` / ``<html`` / ``<body`` / ``<head`` near the start, make a feed or a
   page; anything else is text.

JSON Lines is never guessed: a record stream is asked for with ``--input-format jsonl``.
This module imports nothing but ``re``: a run over ``.txt`` files must not pay for the page
and feed readers.
"""

from __future__ import annotations

import codecs
import os
import re

_TAG = re.compile(r"<([A-Za-z_][\w.:-]*)")

FORMATS = ("text", "jsonl", "html", "feed")
SNIFF_BYTES = 4096
_PAGE_EXT = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_FEED_EXT = frozenset({".rss", ".atom"})
_TEXT_EXT = frozenset({".txt", ".text", ".md"})
_PAGE_MARKS = (b"<!doctype html", b"<html", b"<head", b"<body")


def root_name(head: bytes) -> str | None:
    """The local name of the root element in the first bytes of an XML or HTML document
    (lower case), or None when no element starts there."""
    text = head.decode("utf-8", "replace")
    for m in _TAG.finditer(text):
        return m.group(1).rsplit(":", 1)[-1].lower()
    return None


def by_extension(path: str) -> str | None:
    """The format a file name alone decides (``.xml`` needs its first bytes: None)."""
    ext = os.path.splitext(path)[1].lower()
    if ext in _PAGE_EXT:
        return "html"
    if ext in _FEED_EXT:
        return "feed"
    if ext in _TEXT_EXT:
        return "text"
    return None


def sniff(head: bytes) -> str:
    """The format the first bytes of an input suggest: ``feed``, ``html`` or ``text``."""
    for bom in (codecs.BOM_UTF8,):
        if head.startswith(bom):
            head = head[len(bom):]
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        try:
            head = head.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return "text"
    stripped = head.lstrip()
    if not stripped.startswith(b"<"):
        return "text"
    name = root_name(head)
    if name in ("rss", "rdf", "feed"):
        return "feed"
    lowered = stripped[:SNIFF_BYTES].lower()
    if name == "html" or any(mark in lowered for mark in _PAGE_MARKS):
        return "html"
    return "text"


def detect(path: str, head: bytes, forced: str | None = None) -> str:
    """The format of one input: the flag, else the extension, else the first bytes."""
    if forced:
        return forced
    if path != "-":
        by_name = by_extension(path)
        if by_name is not None:
            return by_name
    return sniff(head)  # .xml, other names, stdin


def needs_head(path: str, forced: str | None) -> bool:
    """Whether the first bytes must be read to know the format (not for ``.txt``)."""
    return not forced and (path == "-" or by_extension(path) is None)


def read_head(path: str) -> bytes:
    """The first bytes of a file, or nothing when it cannot be read (reading it fully will
    then report why)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(SNIFF_BYTES)
    except OSError:
        return b""
