"""The shipped rule pack: it validates, its examples pass, and ambiguity is handled on purpose."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from briefcli import tag
from briefcli.cli import app
from briefcli.context import Given
from briefcli.matcher import Matcher

from .conftest import ROOT


def test_shipped_pack_validates_clean(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rules", "validate"])
    assert result.stdout == ""
    assert result.exit_code == 0, result.stdout
    assert "0 problems" in result.stderr


def test_shipped_examples_all_pass(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rules", "test"])
    assert result.exit_code == 0, result.stdout
    passed, _, total = result.stderr.split()[1:4]
    assert int(total) >= 100


def ids(text: str, matcher: Matcher, date: str | None = None) -> list[str]:
    doc = tag(text, matcher, date=date)
    return [a.id for a in doc.actors if a.type == "state"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Russia and Georgia signed the protocol in Tbilisi.", ["RUS", "GEO"],
                     id="georgia-country"),
        pytest.param("The governor of Georgia spoke in Atlanta about the election.", [],
                     id="georgia-us-state"),
        pytest.param("Jordan and Egypt called for a ceasefire.", ["JOR", "EGY"],
                     id="jordan-country"),
        pytest.param("Michael Jordan and Jordan Peterson were there.", [],
                     id="jordan-first-name"),
        pytest.param("Chad and Niger signed an accord.", ["TCD", "NER"], id="chad-country"),
        pytest.param("Chad Smith, a reporter, asked a question.", [], id="chad-first-name"),
        pytest.param("Turkey and Greece held talks.", ["TUR", "GRC"], id="turkey-country"),
        pytest.param("They served roast turkey for Thanksgiving.", [], id="turkey-bird"),
        pytest.param("Let us remind the US of its obligations.", ["USA"], id="US-vs-us"),
        pytest.param("Kinshasa accused Rwanda; the DRC and Congo-Brazzaville met.",
                     ["COD", "RWA", "COG"], id="two-congos"),
        pytest.param("Guinea, Guinea-Bissau, Equatorial Guinea and Papua New Guinea.",
                     ["GIN", "GNB", "GNQ", "PNG"], id="guineas"),
        pytest.param("Washington imposed sanctions, the Washington Post reported.", ["USA"],
                     id="washington-city-vs-post"),
        pytest.param("Niger and Nigeria share a border.", ["NER", "NGA"], id="niger-nigeria"),
        pytest.param("Dominica and the Dominican Republic voted.", ["DMA", "DOM"],
                     id="dominica"),
        pytest.param("Sudan and South Sudan agreed.", ["SDN", "SSD"], id="sudans"),
        pytest.param("Türkiye, Turkiye and TURKEY", ["TUR"], id="turkiye-spellings"),
        pytest.param("Côte d'Ivoire, or the Ivory Coast", ["CIV"], id="ivory-coast"),
        pytest.param("North Korea (the DPRK) and Burma", ["PRK", "MMR"], id="dprk-burma"),
        pytest.param("Kiev agreed, and later Kyiv objected", ["UKR"], id="kyiv-kiev"),
        pytest.param("Byelorussia, now Belarus", ["BLR"], id="belarus"),
    ],
)
def test_ambiguity(full: Matcher, text: str, expected: list[str]) -> None:
    assert ids(text, full) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Foreign Minister Sergey Lavrov said", "person.sergey-lavrov", id="title"),
        pytest.param("Spokesperson Mao Ning said", "person.mao-ning", id="spokesperson"),
        pytest.param("Secretary Blinken said", "person.antony-blinken", id="secretary"),
        pytest.param("the Kremlin said", "inst.RUS.presidency", id="kremlin"),
        pytest.param("the State Department said", "inst.USA.mfa", id="state-department"),
        pytest.param("the Quai d’Orsay said", "inst.FRA.mfa", id="quai-dorsay"),
        pytest.param("the Russian Ministry of Foreign Affairs said", "inst.RUS.mfa",
                     id="generated-mfa"),
        pytest.param("NATO and the OSCE", "org.nato", id="organisations"),
    ],
)
def test_people_and_institutions(full: Matcher, text: str, expected: str) -> None:
    assert expected in [a.id for a in tag(text, full).actors]


def test_who_is_not_WHO(full: Matcher) -> None:
    assert [a.id for a in tag("Those who spoke praised the WHO.", full).actors] == ["org.who"]


def test_sample_in_the_style_of_the_users_example(full: Matcher) -> None:
    text = (ROOT / "samples" / "ru-mfa-south-caucasus-report.txt").read_text(encoding="utf-8")
    doc = tag(text, full)
    actors = {a.id: a for a in doc.actors}
    for state in ("RUS", "AZE", "ARM", "IRN", "TUR"):
        assert state in actors
    assert {m.text for m in actors["AZE"].mentions} >= {"Baku", "Azerbaijan"}
    assert {m.text for m in actors["ARM"].mentions} >= {"Yerevan", "Armenia"}
    zakharova = actors["person.maria-zakharova"]
    assert (zakharova.type, zakharova.country) == ("person", "RUS")
    assert "spokes" in (zakharova.role or "").lower()
    assert actors["inst.RUS.mfa"].type == "institution"
    assert "person.vladimir-putin" in actors
    mechanisms = {m.id for m in doc.mechanisms}
    assert {"mech.3plus3", "mech.peace-treaty", "mech.border-delimitation",
            "mech.transport-unblocking"} <= mechanisms
    held = [(p.holder, p.stance) for p in doc.positions
            if p.holder in ("RUS", "person.maria-zakharova")]
    assert len(held) >= 5
    assert {"expect", "commit", "support"} <= {stance for _, stance in held}
    assert doc.meta.speakers == ("person.maria-zakharova",)


def _governments(doc_text: str, full: Matcher, issuer: str) -> dict[str, list[str]]:
    doc = tag(doc_text, full, context=Given(issuer=issuer, issuer_from="flag"))
    return {a.id: [m.text for m in a.mentions] for a in doc.actors
            if a.id.endswith(".government")}


def test_an_unnamed_administration_is_the_issuers_government(full: Matcher) -> None:
    text = ("Secretary Blinken reiterated the Administration's steadfast commitment to "
            "Israel's security. The Administration of President Duque was thanked.\n")
    # the second sentence names another administration: no guess there
    assert _governments(text, full, "USA") == {"inst.USA.government": ["the Administration"]}


def test_a_guests_first_person_government_is_the_guests(full: Matcher) -> None:
    text = ("SECRETARY BLINKEN: Madam President, welcome to Washington.\n"
            "PRESIDENT SANDU: Thank you. Our administration is grateful to this "
            "administration for its support.\n")
    assert _governments(text, full, "USA") == {"inst.MDA.government": ["Our administration"],
                                                "inst.USA.government": ["this administration"]}


@pytest.mark.parametrize(("text", "expected"), [
    # the states listed before a plural body share it
    ("PRC and Hong Kong authorities moved away from universal suffrage.\n",
     {"inst.CHN.government": ["PRC"], "inst.HKG.government": ["Hong Kong authorities"]}),
    ("The Chinese and Russian governments issued a statement.\n",
     {"inst.CHN.government": ["Chinese"], "inst.RUS.government": ["Russian governments"]}),
    # a singular body is the last state's only; a region's adjective is not the USA
    ("Russia and the Chinese government spoke.\n", {"inst.CHN.government": ["Chinese government"]}),
    ("Some Latin American governments and the Central American government disagreed.\n", {}),
])
def test_states_of_a_list_share_its_plural_body(full: Matcher, text: str,
                                                expected: dict[str, list[str]]) -> None:
    assert _governments(text, full, None) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("As the broker of the Algiers Accords, Algeria plays a role in Mali.\n",
     "mech.mali-algiers-agreement"),
    ("The Algiers Accords freed the hostages held by Iran; the United States agreed.\n",
     "mech.algiers-accords-1981"),
])
def test_an_ambiguous_mechanism_is_that_of_the_parties_the_text_names(
        full: Matcher, text: str, expected: str) -> None:
    assert [m.id for m in tag(text, full).mechanisms] == [expected]
