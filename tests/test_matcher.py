from __future__ import annotations

import pickle
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefcli import tag
from briefcli.matcher import _ALNUM_RUN, Hit, Matcher
from briefcli.normalize import normalize


def actor_ids(text: str, matcher: Matcher, **kwargs: object) -> list[str]:
    doc = tag(text, matcher, **kwargs)  # type: ignore[arg-type]
    return [a.id for a in doc.actors]


def mechanism_ids(text: str, matcher: Matcher) -> list[str]:
    return [m.id for m in tag(text, matcher).mechanisms]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("The US and Russia met.", ["USA", "RUS"], id="acronym"),
        pytest.param("Let us talk to them.", [], id="us-is-not-US"),
        pytest.param("LET US KNOW WHAT RUSSIA THINKS", ["RUS"], id="shouting-is-not-US"),
        pytest.param("Russia’s position", ["RUS"], id="curly-possessive"),
        pytest.param("Prussia and Russians", ["RUS"], id="word-boundary"),
        pytest.param("Armenian-Azerbaijani talks", ["ARM", "AZE"], id="hyphenated-adjectives"),
        pytest.param("Baku and Yerevan", ["AZE", "ARM"], id="capitals"),
        pytest.param("the Russian Ministry of Foreign Affairs said", ["inst.RUS.mfa"],
                     id="longest-wins"),
        pytest.param("the Russian\u00a0 Foreign\nMinistry", ["inst.RUS.mfa"],
                     id="whitespace-normalised"),
        pytest.param("RUSSIA AND ARMENIA", ["RUS", "ARM"], id="all-caps-proper"),
        pytest.param("the Washington Post reported", [], id="ignore-phrase"),
        pytest.param("officials in Washington said", ["USA"], id="washington-city"),
        pytest.param("Georgia and Armenia", ["GEO", "ARM"], id="georgia-country"),
        pytest.param("the governor of Georgia in Atlanta", [], id="georgia-us-state"),
        pytest.param("Jordan and Russia", ["JOR", "RUS"], id="jordan-state"),
        pytest.param("Jordan Peterson said", [], id="jordan-first-name"),
        pytest.param("The State Department said", ["inst.USA.mfa"], id="extend-alias"),
    ],
)
def test_actors(small: Matcher, text: str, expected: list[str]) -> None:
    assert actor_ids(text, small, fuzzy=False) == expected


def test_offsets_are_exact_in_original_text(small: Matcher) -> None:
    text = "“Russia’s”\u00a0\u00a0partners —  with   Baku\r\nand Yerevan."
    doc = tag(text, small)
    mentions = [m for a in doc.actors for m in a.mentions]
    assert {m.text for m in mentions} == {"Russia", "Baku", "Yerevan"}
    for m in mentions:
        assert text[m.start:m.end] == m.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Maria Zaharova said", "person.maria-zakharova", id="zaharova"),
        pytest.param("talks with Erevan", "ARM", id="erevan"),
        pytest.param("the Azerbaidjan side", "AZE", id="azerbaidjan"),
    ],
)
def test_fuzzy(small: Matcher, text: str, expected: str) -> None:
    doc = tag(text, small)
    assert [a.id for a in doc.actors] == [expected]
    mention = doc.actors[0].mentions[0]
    assert 88 <= mention.score < 100
    assert actor_ids(text, small, fuzzy=False) == []


def test_exact_score_is_100(small: Matcher) -> None:
    assert tag("Armenia", small).actors[0].mentions[0].score == 100


def test_mechanism_patterns(small: Matcher) -> None:
    text = ("sign a peace treaty, complete the delimitation and demarcation of the border, "
            "unblock transport communications; the 3+3 regional cooperation platform.")
    assert mechanism_ids(text, small) == ["mech.peace-treaty", "mech.border-delimitation",
                                          "mech.transport-unblocking", "mech.3plus3"]
    assert mechanism_ids("the 3+33 platform", small) == []


@pytest.mark.parametrize(
    ("text", "date", "expected"),
    [
        pytest.param("Prime Minister Sharif spoke.", "2016-05-01", "person.nawaz-sharif",
                     id="2016"),
        pytest.param("Prime Minister Sharif spoke.", "2024-05-01", "person.shehbaz-sharif",
                     id="2024"),
        pytest.param("Prime Minister Sharif spoke.", None, "person.shehbaz-sharif",
                     id="undated-latest"),
    ],
)
def test_ambiguous_names_resolve_by_date(small: Matcher, text: str, date: str | None,
                                         expected: str) -> None:
    assert actor_ids(text, small, date=date) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Congo said.", ["COD"], id="preferred"),
        pytest.param("The Republic of the Congo is here. Congo said.", ["COG"],
                     id="named-earlier"),
    ],
)
def test_ambiguous_aliases_resolve_by_document(small: Matcher, text: str,
                                               expected: list[str]) -> None:
    assert actor_ids(text, small) == expected


def test_matcher_pickles(small: Matcher) -> None:
    clone = pickle.loads(pickle.dumps(small))
    text = "Russia and the US discussed the peace treaty in Baku."
    assert tag(text, clone).to_dict() == tag(text, small).to_dict()


def test_the_cached_pack_holds_what_was_compiled(full: Matcher) -> None:
    """Through the pack cache's compact storage (``Matcher.lean`` and pickling), every table
    reads as compiled."""
    cached = pickle.loads(pickle.dumps(full.lean()))
    assert [replace(r, aliases=()) for r in cached.rules] == [
        replace(r, aliases=()) for r in full.rules]
    for name in ("index_by_id", "office_holders", "person_ids", "spokespeople_by_surname",
                 "countries", "kinds", "cue_info", "given_names", "journalist_labels"):
        assert getattr(cached, name) == getattr(full, name), name
    assert list(cached.lower_phrases) == list(full.lower_phrases)
    assert list(cached.alias_texts) == list(full.alias_texts)
    assert list(cached.alias_categories) == list(full.alias_categories)
    for mine, theirs in ((cached.lower_table, full.lower_table),
                         (cached.exact_table, full.exact_table)):
        assert list(mine.rules) == list(theirs.rules)
        assert list(mine.aliases) == list(theirs.aliases)
        assert list(mine.capitals) == list(theirs.capitals)
        assert dict(mine.shared) == dict(theirs.shared)
        mine.unpack()
        assert mine.capitals == list(theirs.capitals)
        assert mine.shared == dict(theirs.shared)
    assert [cached.alias_text(r, 0) for r in range(len(full.rules))] == [
        rule.aliases[0].text for rule in full.rules]


SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.txt"))


@pytest.fixture(scope="module")
def twins(full: Matcher) -> tuple[Matcher, Matcher]:
    """Two copies of the shipped pack: one matches with per-text automata, one with the full."""
    reduced = pickle.loads(pickle.dumps(full.lean()))
    whole = pickle.loads(pickle.dumps(full.lean()))
    whole.prepare_for_many()
    return reduced, whole


def reduced_and_full_hits(twins: tuple[Matcher, Matcher], text: str
                          ) -> tuple[list[Hit], list[Hit]]:
    """The raw hits with a per-text automaton, and with the full one (sorted)."""
    reduced, whole = twins
    norm = normalize(text)
    reduced._reduced_left = 1
    reduced_hits = reduced.raw_hits(norm)
    assert reduced._lower_ac is None, "the per-text automaton was not used"
    return sorted(reduced_hits), sorted(whole.raw_hits(norm))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_a_per_text_automaton_finds_what_the_full_one_finds(
        twins: tuple[Matcher, Matcher], path: Path) -> None:
    reduced, whole = reduced_and_full_hits(twins, path.read_text(encoding="utf-8"))
    assert reduced == whole
    assert whole


def test_a_per_text_automaton_has_far_fewer_phrases(full: Matcher) -> None:
    text = SAMPLES[0].read_text(encoding="utf-8")
    selected = full.lower_index.select(set(_ALNUM_RUN.findall(normalize(text).lower)))
    assert 0 < len(selected) < len(full.lower_phrases) / 20


def test_case_keeps_letters_and_digits_apart_from_the_rest() -> None:
    """What the per-text selection relies on: a character and its lower case (where that is
    one character) are both letters or digits, or both not; and ``_ALNUM_RUN`` finds exactly
    the characters that ``str.isalnum`` calls letters or digits."""
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert all(ch.isalnum() == ch.lower().isalnum() for ch in every if len(ch.lower()) == 1)
    found = "".join(_ALNUM_RUN.findall(every))
    assert found == "".join(ch for ch in every if ch.isalnum())


# Words of the pack's phrases in odd company: inside other words, cut by punctuation and odd
# characters, in other cases, repeated, so that every boundary a selection could miss is met.
_PHRASE_PIECES = ["Foreign Minister", "of", "Armenia", "Armenian", "Ararat", "Mirzoyan",
                  "Ministry of Foreign Affairs", "the", "Republic", "Azerbaijan", "Baku",
                  "3+3", "peace treaty", "we", "welcome", "does not", "U.S.", "US", "EU",
                  "São Tomé", "Príncipe", "Türkiye", "Côte d'Ivoire", "N'Djamena", "Nagorno",
                  "Karabakh", "-", "'", "’", ".", ",", ":", "_", "x", "2025", "İ", "ß",
                  "\u0301", "Σ", "ΟΔΟΣ", "\u00a0", "  ", "\n"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.tuples(st.sampled_from(_PHRASE_PIECES),
                                 st.sampled_from(["", " ", "-", "/", "a"]),
                                 st.sampled_from(["as is", "lower", "upper"])), max_size=30))
def test_a_per_text_automaton_finds_what_the_full_one_finds_in_any_text(
        twins: tuple[Matcher, Matcher], pieces: list[tuple[str, str, str]]) -> None:
    text = "".join((p.lower() if case == "lower" else p.upper() if case == "upper" else p) + sep
                   for p, sep, case in pieces)
    reduced, whole = reduced_and_full_hits(twins, text)
    assert reduced == whole


def test_rule_names_read_each_rule_when_asked(full: Matcher) -> None:
    """The names the table and Markdown formats show: every rule's, as a mapping, though
    a rule is read only when its name is asked for."""
    names = full.rule_names()
    assert names["RUS"] == "Russia"
    assert names.get("person.maria-zakharova") == "Maria Zakharova"
    assert names.get("no.such.rule", "no.such.rule") == "no.such.rule"
    assert "no.such.rule" not in names
    assert len(names) == len(full.rules)
    assert dict(names) == {rule.id: rule.name for rule in full.rules}


@pytest.mark.parametrize(("text", "expected"), [
    ("The talks resumed in Vienna on Monday.", []),
    ("We met here in Amman and at Ankara.", []),
    ("We consulted those in Seoul and the authorities in Tokyo.", ["KOR", "JPN"]),
    ("Moscow rejected the plan, and Vienna hosted the talks.", ["RUS", "AUT"]),
    # a destination, or what a city names, is no state either; talks with a capital are
    ("She will travel to Berlin after her trip to Seoul. Talks with Moscow go on.", ["RUS"]),
    ("It recalled the Treaty of Vienna and the Conference of Berlin.", []),
    # a state's adjective that names a language names no state
    ("Paraguay has Guarani and Spanish as official languages; many speak Russian and the "
     "Ukrainian language, and Russian forces left.", ["PRY", "RUS"]),
    # a person's origin is no state; two states' relations or joint body are both
    ("The Palestinian-American journalist and Iranian-Americans spoke.", []),
    ("German-American relations and the Polish-American Business Council grew.",
     ["DEU", "USA", "POL"]),
])
def test_a_capital_as_a_venue_names_no_state(full: Matcher, text: str,
                                             expected: list[str]) -> None:
    assert [a.id for a in tag(text, full, fuzzy=False).actors] == expected


@pytest.mark.parametrize(("text", "congress"), [
    ("Congress passed the bill, and we urge Congress to act.", True),
    ("By the authority vested in me by the Congress of the United States.", True),
    ("He announced the transmittal to Congress of the Corrupt Actors Report.", True),
    ("It recalled the Congress of Vienna and the 27th Congress of the Universal Postal Union.",
     False),
    ("He spoke of the 20th Party Congress and the International Congress on Peace.", False),
])
def test_a_bare_listed_head_noun_heading_another_name_is_not_that_body(
        full: Matcher, text: str, congress: bool) -> None:
    ids = {a.id for a in tag(text, full, fuzzy=False).actors}
    assert ("inst.USA.congress" in ids) is congress


def test_a_place_line_names_where_not_who(full: Matcher) -> None:
    doc = tag("Secretary Blinken at a Press Availability\nBrussels, Belgium\nNATO Headquarters\n\n"
              "We stand with Ukraine.\n", full, fuzzy=False)
    assert [a.id for a in doc.actors if a.type == "state"] == ["UKR"]
    heading = tag("Ukraine\n\nThe talks go on.\n", full, fuzzy=False)
    assert [a.id for a in heading.actors] == ["UKR"]  # a topic heading is no place line
