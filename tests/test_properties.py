"""Property tests: for any text, tagging terminates, offsets are exact, output is valid."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefcli import tag
from briefcli.formats import to_json
from briefcli.matcher import Matcher
from briefcli.normalize import normalize

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "schema" /
                     "output.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

# Text built from pieces that exercise the engine: names, cues, punctuation, odd white space
# and characters whose case mapping changes length.
PIECES = st.sampled_from([
    "Russia", "Russia’s", "RUSSIA", "Baku", "Yerevan", "Armenian-Azerbaijani", "US", "us",
    "the Russian Ministry of Foreign Affairs", "Maria Zakharova", "Zaharova", "Congo",
    "peace treaty", "3+3 regional cooperation platform", "we welcome", "does not expect",
    "Question:", "MR PRICE:", "“", "”", '"', ".", "?", "!", ", ", " ", "\n", "\r\n", "\r",
    "\u00a0", "  ", "\t", "—", "Mr.", "U.S.", "İ", "ß", "ﬁ", "\u0301", "\u202e", "\x1b[31m",
    "[bold]", "\x00", "1.", "e.g.", "Georgia", "Jordan Peterson", "Washington Post",
])
TEXTS = st.one_of(
    st.lists(PIECES, max_size=40).map(" ".join),
    st.lists(PIECES, max_size=40).map("".join),
    st.text(max_size=300),
)


def check_offsets(text: str, doc_dict: dict) -> None:  # type: ignore[type-arg]
    for group in ("actors", "mechanisms"):
        for item in doc_dict[group]:
            for m in item["mentions"]:
                assert text[m["start"]:m["end"]] == m["text"]
    for p in doc_dict["positions"]:
        assert text[p["start"]:p["end"]] == p["text"]
        assert p["evidence"] in text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_offsets_are_exact_and_output_is_valid(small: Matcher, text: str) -> None:
    doc = tag(text, small)
    data = doc.to_dict()
    check_offsets(text, data)
    VALIDATOR.validate(json.loads(to_json(doc)))
    assert tag(text, small).to_dict() == data  # deterministic


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_full_pack_offsets(full: Matcher, text: str) -> None:
    check_offsets(text, tag(text, full).to_dict())


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_from_original_inverts_to_original(text: str) -> None:
    """The first normalised offset at or after each original offset, even inside a
    collapsed run of white space."""
    norm = normalize(text)
    for pos in range(len(text) + 1):
        found = norm.from_original(pos)
        assert all(norm.to_original(q) < pos for q in range(found))
        assert found == len(norm.cased) or norm.to_original(found) >= pos


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.lists(st.integers(min_value=0, max_value=400), max_size=8))
def test_grammar_cues_of_spans_are_those_of_the_whole_text(full: Matcher, text: str,
                                                           cuts: list[int]) -> None:
    """Asking for the grammar cues of some spans at once gives what a scan of the whole text
    gives in those spans (the spans are cut at arbitrary places, not only between words)."""
    norm = normalize(text)
    size = len(norm.cased)
    bounds = sorted({0, size, *(min(c, size) for c in cuts)})
    spans = list(zip(bounds, bounds[1:], strict=False))[::2]  # every other piece
    whole = full.grammar_hits(norm, [(0, size)], [], [])
    inside = [h for h in whole if any(s <= h.start < e for s, e in spans)]
    pieces = full.grammar_hits(norm, spans, [], [])
    # Settling within each span may keep a cue that a longer one across the cut hid.
    assert set(inside) <= set(pieces)
    assert all(any(s <= h.start < e for s, e in spans) for h in pieces)
