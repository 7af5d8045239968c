"""JSON is written by orjson; the ``json`` module's output is the reference it must equal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefcli import tag
from briefcli.formats import to_json, to_json_reference
from briefcli.matcher import Matcher
from briefcli.model import ErrorRecord
from briefcli.safety import _JSON_EXTRA_CODES

SAMPLES = sorted((Path(__file__).parent.parent / "samples").glob("*.txt"))
HOSTILE = ("Mr. Lavrov \x7f said \u202e Russia \x1b[31m welcomes \u2028 the peace treaty.\n"
           "Zakharova: “Baku and Yerevan” \x00\x08\t\x9b must \\ agree/\"now\".")


@pytest.mark.parametrize("indent", [None, 2])
def test_samples_are_written_byte_for_byte_as_json_writes_them(full: Matcher,
                                                               indent: int | None) -> None:
    for path in SAMPLES:
        doc = tag(path.read_text(encoding="utf-8"), full, source=path.name)
        assert to_json(doc, indent) == to_json_reference(doc, indent), path.name


@pytest.mark.parametrize("indent", [None, 2])
def test_control_and_bidi_characters_are_escaped_the_same_way(small: Matcher,
                                                              indent: int | None) -> None:
    doc = tag(HOSTILE, small, source="bad\x1b]0;title\x07.txt")
    written = to_json(doc, indent)
    assert written == to_json_reference(doc, indent)
    for raw in ("\x1b", "\x7f", "\u202e", "\u2028", "\x9b", "\x00"):
        assert raw not in written
    assert json.loads(written)["source"] == "bad\x1b]0;title\x07.txt"
    error = ErrorRecord("f\x1b.txt", "binary", "bad \u202e byte")
    assert to_json(error, indent) == to_json_reference(error, indent)


def test_lone_surrogates_from_the_python_api_are_tagged_and_written(small: Matcher) -> None:
    text = "Armenia \ud800 welcomes the peace treaty with Azerbaijan."
    doc = tag(text, small)
    assert [a.id for a in doc.actors] == ["ARM", "AZE"]
    mention = doc.actors[1].mentions[0]
    assert text[mention.start:mention.end] == "Azerbaijan"
    written = to_json(doc)
    assert written == to_json_reference(doc)
    assert "\\ud800" in written


@pytest.mark.parametrize("code", [0x1B, *_JSON_EXTRA_CODES])
@pytest.mark.parametrize("context", ["plain", "curly ’ quotes — and ü"])
def test_each_escaped_character_is_found_alone(code: int, context: str) -> None:
    """The byte search that spares most records the regex misses none of its characters,
    with or without other non-ASCII text around them."""
    error = ErrorRecord("f.txt", "binary", f"{context} {chr(code)} end")
    written = to_json(error)
    assert written == to_json_reference(error)
    assert chr(code) not in written
