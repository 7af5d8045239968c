"""The fuzzy index finds exactly what comparing a span with every name of its length would."""

from __future__ import annotations

import pickle
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from briefcli import tag
from briefcli.fuzzy import _BISECT_FIRST, FuzzyIndex, _any_reaches
from briefcli.matcher import Matcher

NAMES = ["azerbaijan", "kyrgyzstan", "zelensky", "volodymyr zelensky", "lavrov",
         "sergey lavrov", "mirzoyan", "tajikistan", "erdogan", "guterres", "hezbollah",
         "el salvador", "abdullah", "mohammed bin salman", "nagorno-karabakh", "tokayev",
         "pashinyan", "aliyev", "ilham aliyev", "kazakhstan", "uzbekistan", "turkmenistan"]
LETTERS = "abcdefghijklmnopqrstuvwxyz -'"


def scan_every_name(span: str, threshold: int) -> tuple[str, int] | None:
    by_length: dict[int, list[str]] = defaultdict(list)
    for name in NAMES:
        by_length[len(name)].append(name)
    spread = max(1, len(span) * (100 - threshold) // 100 + 1)
    window = [name for size in range(len(span) - spread, len(span) + spread + 1)
              for name in by_length.get(size, ())]
    found = process.extractOne(span, window, scorer=fuzz.ratio, score_cutoff=threshold)
    return (found[0], int(round(found[1]))) if found else None


@st.composite
def misspelt(draw: st.DrawFn) -> str:
    chars = list(draw(st.sampled_from(NAMES)))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(chars)))
        edit = draw(st.sampled_from(("insert", "delete", "replace")))
        if edit == "insert":
            chars.insert(at, draw(st.sampled_from(LETTERS)))
        elif at < len(chars):
            if edit == "delete":
                del chars[at]
            else:
                chars[at] = draw(st.sampled_from(LETTERS))
    return "".join(chars)


@settings(max_examples=400, deadline=None)
@given(span=misspelt(), threshold=st.sampled_from([75, 85, 88, 92, 97]))
def test_index_equals_comparing_with_every_name(span: str, threshold: int) -> None:
    indexed = FuzzyIndex(NAMES, threshold, compare_first=0)
    assert indexed.best(span) == scan_every_name(span, threshold)
    assert FuzzyIndex(NAMES, threshold).best(span) == scan_every_name(span, threshold)


def test_misspelt_state_with_letters_changed_anywhere(small: Matcher) -> None:
    for text in ("Acerbaijan", "Azerbaidjan", "Azerbaijn"):  # first, middle and last pieces
        ids = [a.id for a in tag(f"The delegation of {text} spoke.", small).actors]
        assert ids == ["AZE"], text


def test_a_misspelt_name_after_a_capital_inside_a_word(small: Matcher) -> None:
    """"iPhone-Azerbaidjan": no run starts at the P inside a word, but one starts after the
    hyphen; the quick first pass over the text must not lose it."""
    doc = tag("They discussed the iPhone-Azerbaidjan deal.", small)
    assert [(a.id, a.mentions[0].text) for a in doc.actors] == [("AZE", "Azerbaidjan")]


@settings(max_examples=500, deadline=None)
@given(span=st.text(alphabet="abcdeé -'", min_size=1, max_size=40),
       names=st.lists(st.text(alphabet="abcdeé -'", max_size=40), min_size=1, max_size=5),
       threshold=st.integers(50, 100))
def test_the_exact_check_agrees_with_rapidfuzz(span: str, names: list[str],
                                               threshold: int) -> None:
    """The check that spares importing rapidfuzz finds a name at the threshold exactly when
    rapidfuzz does."""
    expected = process.extractOne(span, names, scorer=fuzz.ratio, score_cutoff=threshold)
    assert _any_reaches(span, names, threshold) == (expected is not None)


@pytest.mark.parametrize("span", ["azerbajan", "zelenski", "lavrof", "sergey lavrv", "nobody",
                                  "mohamed bin salman", "abdulah", "kazakstan", "xyz"])
def test_an_index_pickled_and_mapped_finds_what_it_found(span: str) -> None:
    index = FuzzyIndex(NAMES, 88)
    index.index_now()
    for protocol in (2, 5):
        clone = pickle.loads(pickle.dumps(index, protocol=protocol))
        assert clone.candidates(span) == index.candidates(span)
        assert clone.best(span) == index.best(span) == scan_every_name(span, 88)


@pytest.mark.parametrize("threshold", [85, 88, 92])
def test_many_lookups_on_one_index_find_what_few_do(threshold: int) -> None:
    """An archive makes thousands of lookups on one index, which then finds its pieces in a
    dict instead of by bisection: the same names either way."""
    many = FuzzyIndex(NAMES, threshold, compare_first=0)
    spans = [name[:cut] + edit + name[cut + 1:] for name in NAMES for cut in range(len(name))
             for edit in ("x", "q", "")]
    assert len(spans) > 3 * _BISECT_FIRST
    for span in spans:
        assert many.best(span) == scan_every_name(span, threshold), span
    assert any(table._lookup._slots is not None  # it got to the dict
               for table in many._pieces.values())
