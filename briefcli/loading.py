"""Reading documents: bytes from a path or stdin, decoded to text without ever crashing.

Decoding order: a byte-order mark (UTF-8, UTF-16, UTF-32) wins; then strict UTF-8; then the
``encoding`` the user named; then a guess between cp1251 (Cyrillic letters come in runs of
high bytes) and cp1252/latin-1 (accented letters stand alone between ASCII ones). A guess adds
a warning. Bytes that look binary (NUL bytes, many control characters) are refused.
"""

from __future__ import annotations

import codecs
import os
import sys
from dataclasses import dataclass

from briefcli.errors import DocumentError

DEFAULT_MAX_BYTES = 16 * 1024 * 1024
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class LoadedText:
    """A document's text, with the encoding it was decoded from."""

    source: str
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def read_bytes(source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a path (or ``-`` for stdin), refusing what is not a readable regular file."""
    if source == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        try:
            if os.path.isdir(source):
                raise DocumentError("is a directory, not a file", source, "not-a-file")
            # The raw string, not a Path: pathlib would drop the slash of "notes.txt/".
            with open(source, "rb") as handle:
                data = handle.read(max_bytes + 1)
        except FileNotFoundError:
            raise DocumentError("no such file", source, "not-found") from None
        except NotADirectoryError:
            raise DocumentError("not a readable file (a path component is not a folder)",
                                source, "not-a-file") from None
        except IsADirectoryError:
            raise DocumentError("is a directory, not a file", source, "not-a-file") from None
        except PermissionError:
            raise DocumentError("permission denied", source, "unreadable") from None
        except OSError as exc:
            raise DocumentError(f"cannot read: {exc.strerror or exc}", source,
                                "unreadable") from None
    if len(data) > max_bytes:
        raise DocumentError(
            f"larger than the --max-bytes limit of {max_bytes:,} bytes; "
            "raise the limit or split the file", source, "too-large")
    return data


def decode(data: bytes, source: str, encoding: str | None = None) -> LoadedText:
    """Decode bytes to text; raise DocumentError for binary or undecodable input."""
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError as exc:
                raise DocumentError(f"invalid {name} after its byte-order mark at byte "
                                    f"{exc.start}", source, "encoding") from None
            return LoadedText(source, text.lstrip("\ufeff"), name)
    if encoding:
        try:
            return LoadedText(source, data.decode(encoding), encoding)
        except LookupError:
            raise DocumentError(f"unknown encoding {encoding!r}", source, "encoding") from None
        except UnicodeDecodeError as exc:
            raise DocumentError(f"not valid {encoding} at byte {exc.start}", source,
                                "encoding") from None
    if looks_binary(data):
        raise DocumentError("looks like a binary file (NUL or control bytes), not text",
                            source, "binary")
    try:
        return LoadedText(source, data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    guess = _guess_single_byte(data)
    # Both code pages leave a few bytes undefined (cp1251: 0x98): those become U+FFFD.
    text = data.decode(guess, errors="replace")
    warning = (f"{source}: not valid UTF-8 (byte {bad_at}); decoded as {guess} "
               "(pass --encoding to choose)")
    return LoadedText(source, text, guess, (warning,))


def load(source: str, encoding: str | None = None,
         max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedText:
    return decode(read_bytes(source, max_bytes), source, encoding)


def looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > 0.05


def _guess_single_byte(data: bytes) -> str:
    high = [i for i, b in enumerate(data) if b >= 0xC0]
    if high:
        in_runs = sum(1 for i in high if (i > 0 and data[i - 1] >= 0xC0)
                      or (i + 1 < len(data) and data[i + 1] >= 0xC0))
        if in_runs / len(high) > 0.5:
            return "cp1251"
    return "cp1252"
