"""Neutralise untrusted text before it reaches a terminal or a human-readable format.

Briefings and rule files come from anywhere. Escape sequences (ESC/CSI/OSC: colours, window
titles, hyperlinks, clipboard writes), carriage returns that overwrite a line, other C0 and C1
controls, DEL and bidirectional overrides are replaced by visible escapes such as ``\\x1b``
and ``\\u202e``. Rich markup is a separate matter: the renderer never lets rich parse
document text as markup (it passes ``Text`` objects).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ahocorasick_rs

_BIDI = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]


def _escape_for(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_KEEP_LINES = {code: _escape_for(code) for code in [*range(0, 32), 127, *range(0x80, 0xA0),
                                                     *_BIDI] if code not in (9, 10)}
_ONE_LINE = {**_KEEP_LINES, 9: " ", 10: " "}


def visible(text: str, one_line: bool = False) -> str:
    """Text safe to print: control and bidi characters shown as escapes."""
    return text.translate(_ONE_LINE if one_line else _KEEP_LINES)


def shorten(text: str, width: int) -> str:
    text = " ".join(visible(text, one_line=True).split())
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


_JSON_EXTRA_CODES = [127, *range(0x80, 0xA0), *_BIDI, 0x2028, 0x2029]
# Lone surrogates too: they cannot be encoded, so they would fail the write of the record.
_JSON_EXTRA = re.compile("[" + "".join(re.escape(chr(c)) for c in _JSON_EXTRA_CODES)
                         + "\ud800-\udfff]")


def json_safe(encoded: str) -> str:
    """Escape, inside JSON produced with ``ensure_ascii=False``, what json leaves raw.

    (A regex scan, not ``str.translate``: almost every document has none of these
    characters, and the scan is what the fast path costs.)"""
    if not _JSON_EXTRA.search(encoded):
        return encoded
    return _JSON_EXTRA.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


@lru_cache(maxsize=1)
def _json_extra_bytes() -> ahocorasick_rs.BytesAhoCorasick:
    import ahocorasick_rs

    return ahocorasick_rs.BytesAhoCorasick([chr(c).encode() for c in _JSON_EXTRA_CODES])


def needs_json_escapes(encoded: bytes) -> bool:
    """Whether UTF-8 JSON holds a character that ``json_safe`` escapes. Three times faster
    than the regex on the decoded text (in UTF-8 no character's bytes occur inside
    another's, so a byte search cannot match across characters)."""
    if encoded.isascii():
        return b"\x7f" in encoded
    return bool(_json_extra_bytes().find_matches_as_indexes(encoded))
