"""The open world (issue 13): names no rule lists, found by title and head noun, marked
``unlisted`` with ids derived from the name; and ``briefcli rules suggest``, which drafts
rules for them that make them listed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from briefcli import tag
from briefcli.cli import app
from briefcli.context import Given
from briefcli.matcher import Matcher

READOUT = (
    "Office of the Spokesperson\n\n"
    "Deputy Secretary of State Wendy Quarnstrom met today with the National Assembly of "
    "Ecuador. Quarnstrom said the United States supports the Istanbul Process and the "
    "China-Vietnam Steering Committee for Bilateral Cooperation. She recalled Security "
    "Council resolutions 822 (1993), 853 (1993) and 874 (1993), and Articles 33 and 52 of the "
    "Charter.\n")


def _by_id(tags) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {t.id: t for t in tags}


def test_unlisted_person_body_mechanisms_and_numbered_instruments(full: Matcher) -> None:
    doc = tag(READOUT, full)
    actors = _by_id(doc.actors)
    person = actors["person.wendy-quarnstrom"]
    assert person.unlisted and person.type == "person"  # type: ignore[attr-defined]
    assert person.role == "Deputy Secretary of State"  # type: ignore[attr-defined]
    # the later surname alone joins the full name
    assert [m.text for m in person.mentions] == ["Wendy Quarnstrom", "Quarnstrom"]  # type: ignore[attr-defined]
    body = actors["inst.ECU.national-assembly"]
    assert body.unlisted and body.country == "ECU"  # type: ignore[attr-defined]
    assert not actors["USA"].unlisted  # type: ignore[attr-defined]
    mechanisms = _by_id(doc.mechanisms)
    assert mechanisms["mech.istanbul-process"].unlisted  # type: ignore[attr-defined]
    assert "mech.china-vietnam-steering-committee-for-bilateral-cooperation" in mechanisms
    for number in ("822", "853", "874"):  # one mechanism for each number of the list
        assert f"mech.unsc-resolution-{number}" in mechanisms
    assert {"mech.un-charter-article-33", "mech.un-charter-article-52"} <= set(mechanisms)


def test_ids_are_stable_and_places_greetings_and_headings_are_not_people(
        full: Matcher) -> None:
    first = {a.id for a in tag(READOUT, full).actors if a.unlisted}
    again = {a.id for a in tag("Later, " + READOUT, full).actors if a.unlisted}
    assert first == again
    noise = ("Ladies and Gentlemen, Dear Colleagues, thank you. Aid must reach the Gaza "
             "Strip and the camps near Lake Kivu. Several Arab governments agreed. The "
             "Senkaku Islands were discussed. Thank You.\n")
    assert [a.id for a in tag(noise, full).actors if a.unlisted] == []


def test_unlisted_person_holds_the_position_they_state(full: Matcher) -> None:
    doc = tag("Ambassador Marta Quillfeather said the United States supports "
              "the ceasefire.", full)
    holders = {p.holder for p in doc.positions}
    assert "person.marta-quillfeather" in holders


def test_json_marks_unlisted_tags(runner: CliRunner) -> None:
    result = runner.invoke(app, ["tag", "-", "-f", "json"], input=READOUT)
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    flags = {a["id"]: a["unlisted"] for a in record["actors"]}
    assert flags["person.wendy-quarnstrom"] is True
    assert flags["USA"] is False
    assert all("unlisted" in m for m in record["mechanisms"])


def test_listed_only_tags_only_the_rules_names(runner: CliRunner, full: Matcher) -> None:
    result = runner.invoke(app, ["tag", "-", "-f", "json", "--listed-only"], input=READOUT)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    ids = [a["id"] for a in data["actors"]]
    assert "USA" in ids and "person.wendy-quarnstrom" not in ids
    assert not any(a["unlisted"] for a in data["actors"] + data["mechanisms"])
    # the library's switch is the same
    assert {a.id for a in tag(READOUT, full, unlisted=False).actors} == set(ids)


def test_rules_suggest_drafts_rules_that_validate_and_make_names_listed(
        runner: CliRunner, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    for i in range(3):
        (archive / f"r{i}.txt").write_text(READOUT.replace("today", f"on day {i}"),
                                          encoding="utf-8")
    drafted = tmp_path / "drafted.yaml"
    result = runner.invoke(app, ["rules", "suggest", str(archive), "--min-count", "2",
                                 "-o", str(drafted)])
    assert result.exit_code == 0, result.output
    assert "rules drafted from 3 documents" in result.stderr
    pack = yaml.safe_load(drafted.read_text(encoding="utf-8"))
    rules = {r["id"]: r for r in pack["rules"]}
    person = rules["person.wendy-quarnstrom"]
    assert person["type"] == "person"
    assert "Wendy Quarnstrom" in person["aliases"]
    assert person["examples"]["match"][0].startswith("Deputy Secretary of State Wendy")
    assert runner.invoke(app, ["rules", "validate", str(drafted)]).exit_code == 0
    tagged = runner.invoke(app, ["tag", str(archive / "r0.txt"), "-f", "json",
                                 "--rules", str(drafted)])
    actors = {a["id"]: a for a in json.loads(tagged.stdout)["actors"]}
    assert actors["person.wendy-quarnstrom"]["unlisted"] is False


TRANSCRIPT = (
    "MS QUILLBY: Good afternoon. Special Representative on Climate Issues Ruslan "
    "Edelgeriyev met the Director of Human Resources today.\n"
    "Let's go to the line of Marta Vellacourt.\n"
    "QUESTION: Thanks. Did the Special Representative raise the talks?\n"
    "MS QUILLBY: He did.\n")


def test_journalists_given_the_floor_and_complements_of_titles_are_not_people(
        full: Matcher) -> None:
    people = {a.id: a for a in tag(TRANSCRIPT, full).actors if a.type == "person"}
    assert "person.marta-vellacourt" not in people  # the moderator gives her the floor
    envoy = people["person.ruslan-edelgeriyev"]  # not "Issues Ruslan Edelgeriyev"
    assert envoy.role == "Special Representative on Climate Issues"  # type: ignore[attr-defined]
    assert not any(i.endswith("resources") for i in people)  # the Director's complement
    assert "person.quillby" in people  # a speaker named only by the turn label


def test_questioners_who_introduce_themselves_and_their_affiliations_are_not_actors(
        full: Matcher) -> None:
    text = ("MR PRICE: Go ahead.\n"
            "QUESTION: Hi, it’s Daniel Marwick Stroud, Westbury University, and a question for "
            "the Secretary. Will Dmitri Valchenko Orsk said to be in Geneva?\n"
            "MR PRICE: Ambassador Corwin Halloway will travel to Geneva.\n")
    people = {a.id for a in tag(text, full).actors if a.unlisted}
    assert "person.daniel-marwick-stroud" not in people  # says who he is
    assert not any("westbury" in i for i in people)  # his affiliation, after his name
    assert "person.corwin-halloway" in people  # the speaker's envoy is an actor


def test_a_body_named_without_its_state_is_that_of_the_one_state_its_sentence_names(
        full: Matcher) -> None:
    text = ("WASHINGTON, D.C.\nWe designated the Ministry of Defense’s shipping company, "
            "which moves weapons for the Government of Russia. The Ministry of Foreign "
            "Affairs of Georgia and the Ministry of Health met. Officials of Japan and "
            "Germany visited the Ministry of Defense.\n")
    actors = {a.id for a in tag(text, full).actors}
    assert "inst.RUS.ministry-of-defence" in actors  # the one state of its sentence
    assert "inst.ministry-of-health" in actors  # its sentence names only Georgia's own
    assert "inst.ministry-of-defense" in actors  # two states: whose, nothing says


def test_an_unlisted_parliament_or_court_is_that_of_the_one_state_its_sentence_names(
        full: Matcher) -> None:
    text = ("Chad’s transition should include support for institutions such as the National "
            "Assembly. They discussed Taiwan’s participation in the World Health Assembly.\n")
    bodies = {a.id: a for a in tag(text, full).actors if a.unlisted}
    assert bodies["inst.TCD.national-assembly"].country == "TCD"  # type: ignore[attr-defined]
    assert bodies["inst.TCD.national-assembly"].name == "National Assembly"
    assert "inst.world-health-assembly" in bodies  # no state's own
    freedoms = "The United States is Upholding Freedoms of Peaceful Assembly and of Association.\n"
    assert not [a.id for a in tag(freedoms, full).actors if a.unlisted]  # a right, no body


def test_a_title_and_surname_name_the_listed_person_the_text_role_or_name_order_says(
        full: Matcher) -> None:
    text = ("Good afternoon, and to Foreign Minister Park, welcome. The summit between "
            "President Yoon and President Biden in Seoul was a success. Yang Jiechi spoke "
            "first; Director Yang then left. Minister Joseph met them.\n")
    people = {a.id for a in tag(text, full).actors if a.type == "person"}
    assert "person.park-jin" in people  # of two listed Parks, the Foreign Minister
    assert "person.yoon-suk-yeol" in people  # a Korean name: the family name first
    assert "person.yang-jiechi" in people  # the Yang the text names in full
    assert "person.philemon-yang" not in people
    assert "person.joseph-wu" not in people  # "Joseph" is his given name


def test_a_title_must_fit_the_listed_person_it_would_name(full: Matcher) -> None:
    text = ("National Security Advisor Sullivan spoke. Ambassador Sullivan met Ambassador "
            "Power, and Assistant Secretary Medina.\n")
    people = {a.id for a in tag(text, full).actors if a.type == "person"}
    assert "person.jake-sullivan" in people  # his role
    assert "person.sullivan" in people  # an ambassador is not the National Security Advisor
    assert "person.samantha-power" in people  # a Permanent Representative is an ambassador
    assert "person.danilo-medina" not in people  # a president is no Assistant Secretary


def test_a_turn_label_of_a_title_and_a_listed_surname_names_the_speaker(
        full: Matcher) -> None:
    text = ("SECRETARY BLINKEN: Welcome, Mr. Minister.\n"
            "FOREIGN MINISTER MOMEN: Thank you. I am very pleased with the letter.\n"
            "MS SMITH: Next question.\n")
    document = tag(text, full)
    speakers = {turn.label: turn.speaker for turn in document.turns}
    assert speakers["FOREIGN MINISTER MOMEN"] == "person.ak-abdul-momen"
    assert speakers["MS SMITH"] == "person.smith"  # unlisted: no listed Smith is of the text
    pleased = next(p for p in document.positions if "pleased" in p.text)
    # "I am very pleased": the turn's speaker, in person, found by the "I"
    assert (pleased.holder, pleased.on_behalf_of, pleased.holder_via) == (
        "person.ak-abdul-momen", "BGD", "first-person")


def test_a_speaker_named_only_by_a_label_holds_their_own_answers(full: Matcher) -> None:
    text = ("SECRETARY BLINKEN: We welcome your visit.\n"
            "FOREIGN MINISTER KORVALD: Thank you. We condemn the attack on the port.\n"
            "MS PORTAL: We are concerned by the vote.\n"
            "QUESTION: What next?\n")
    document = tag(text, full, context=Given.of("flag", issuer="USA"))
    speakers = {turn.label: turn.speaker for turn in document.turns}
    assert speakers["FOREIGN MINISTER KORVALD"] == "person.korvald"
    assert speakers["MS PORTAL"] == "person.portal"
    guest = {a.id: a for a in document.actors}["person.korvald"]
    assert (guest.role, guest.country) == ("Foreign Minister", None)  # whose, no text says
    holders = {p.stance: (p.holder, p.on_behalf_of) for p in document.positions}
    assert holders["condemn"] == ("person.korvald", "person.korvald")  # not the issuer's
    assert holders["concern"] == ("USA", "USA")  # "Ms Portal" is the issuer's spokesperson
    assert "person.korvald" in document.meta.speakers


def test_a_post_for_a_state_is_not_that_states(full: Matcher) -> None:
    text = ("U.S. Ambassador to Japan Rahm Emanuel and Special Representative for the DPRK "
            "Sung Kim met Minister for Foreign Affairs of Ireland Simon Coveney.\n")
    countries = {a.id: a.country for a in tag(text, full).actors if a.type == "person"}
    assert countries["person.rahm-emanuel"] == "USA"
    assert countries["person.sung-kim"] != "PRK"
    assert countries["person.simon-coveney"] == "IRL"


def test_a_bare_head_keeps_its_state(full: Matcher) -> None:
    text = ("She spoke at the University of Costa Rica and at the Development Finance "
            "Corporation of the United States.\n")
    ids = {a.id: a.name for a in tag(text, full).actors if a.unlisted}
    assert ids == {"org.university-of-costa-rica": "University of Costa Rica",
                   "org.development-finance-corporation": "Development Finance Corporation"}


def test_capital_lines_are_not_bodies_and_complements_with_to_stay_whole(
        full: Matcher) -> None:
    text = ("SENIOR ADMINISTRATION OFFICIAL: Great. Senior Bureau Official Nancy Izzo Jackson "
            "and the Office to Monitor and Combat Trafficking in Persons spoke.\n")
    found = {a.id: a for a in tag(text, full).actors if a.unlisted}
    assert set(found) == {"person.nancy-izzo-jackson",
                          "inst.office-to-monitor-and-combat-trafficking"}
    assert found["person.nancy-izzo-jackson"].role == "Senior Bureau Official"  # type: ignore[attr-defined]


def _archive(tmp_path: Path, first: str, second: str) -> Path:
    """A folder of two one-line documents, a.txt and b.txt."""
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "a.txt").write_text(first + "\n", encoding="utf-8")
    (archive / "b.txt").write_text(second + "\n", encoding="utf-8")
    return archive


def test_rules_suggest_drafts_a_name_one_document_returns_to(
        runner: CliRunner, tmp_path: Path) -> None:
    archive = _archive(tmp_path,
                       "Ambassador Tessa R. Quarnby met the minister. Quarnby said it went well.",
                       "Ambassador Ivo Drumlin met the minister today.")
    drafted = tmp_path / "drafted.yaml"
    result = runner.invoke(app, ["rules", "suggest", str(archive), "-o", str(drafted)])
    assert result.exit_code == 0, result.output
    assert ("seen in at least 2 documents or mentioned at least 2 times)"
            in result.stderr)
    rules = {r["id"]: r for r in yaml.safe_load(drafted.read_text(encoding="utf-8"))["rules"]}
    assert list(rules) == ["person.tessa-quarnby"]  # two mentions; Drumlin has one
    assert "seen in 1 document, 2 mentions." in rules["person.tessa-quarnby"]["notes"]
    # the spelling without the middle initial is an alias too
    assert rules["person.tessa-quarnby"]["aliases"][:2] == ["Tessa R. Quarnby", "Tessa Quarnby"]
    # documents alone decide when mentions are switched off
    result = runner.invoke(app, ["rules", "suggest", str(archive), "--min-mentions", "0"])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.stdout)["rules"] == []
    assert "seen in at least 2 documents)" in result.stderr


def test_rules_suggest_drafts_no_spelling_the_pack_lists(runner: CliRunner,
                                                          tmp_path: Path) -> None:
    # no issuer: the bare ministry is nobody's listed one, but its spelling is the pack's
    archive = _archive(tmp_path, "Permanent Secretary of the Ministry of Foreign Affairs Arun "
                                 "Sakda met the delegation.",
                       "The delegation met Arun Sakda again.")
    drafted = tmp_path / "drafted.yaml"
    result = runner.invoke(app, ["rules", "suggest", str(archive), "--min-count", "1",
                                 "-o", str(drafted)])
    assert result.exit_code == 0, result.output
    rules = {r["id"]: r for r in yaml.safe_load(drafted.read_text(encoding="utf-8"))["rules"]}
    assert "person.arun-sakda" in rules
    assert not any("Ministry of Foreign Affairs" in str(r["aliases"]) for r in rules.values())
    checked = runner.invoke(app, ["rules", "validate", str(drafted)])
    assert checked.exit_code == 0, checked.output


def test_rules_suggest_joins_a_surname_to_the_full_name_of_another_document(
        runner: CliRunner, tmp_path: Path) -> None:
    archive = _archive(tmp_path, "Special Envoy Rob Quarrington said the talks went well.",
                       "Special Envoy Quarrington said the talks went on.")
    drafted = tmp_path / "drafted.yaml"
    result = runner.invoke(app, ["rules", "suggest", str(archive), "-o", str(drafted)])
    assert result.exit_code == 0, result.output
    rules = yaml.safe_load(drafted.read_text(encoding="utf-8"))["rules"]
    assert [r["id"] for r in rules] == ["person.rob-quarrington"]  # one rule, not two
    assert rules[0]["role"] == "Special Envoy"
    assert "seen in 2 documents" in rules[0]["notes"]
    # with the rule, the surname after a title is that listed person
    tagged = runner.invoke(app, ["tag", str(archive / "b.txt"), "-f", "json",
                                 "--rules", str(drafted)])
    actor = next(a for a in json.loads(tagged.stdout)["actors"]
                 if a["id"] == "person.rob-quarrington")
    assert actor["unlisted"] is False


def test_rules_suggest_errors(runner: CliRunner, tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(READOUT, encoding="utf-8")
    result = runner.invoke(app, ["rules", "suggest", str(doc), "--kind", "people"])
    assert result.exit_code == 2
    assert "--kind must be actors or mechanisms" in result.stderr
    result = runner.invoke(app, ["rules", "suggest", str(doc), str(tmp_path / "missing.txt"),
                                 "--min-count", "1", "-o", str(tmp_path / "out.yaml")])
    assert result.exit_code == 1
    assert "missing.txt" in result.stderr and "Traceback" not in result.output
    result = runner.invoke(app, ["rules", "suggest", str(doc),
                                 "-o", str(tmp_path / "no" / "dir" / "out.yaml")])
    assert result.exit_code == 74
    assert "cannot write" in result.stderr


def test_an_act_or_a_law_is_a_mechanism_but_not_the_law_in_general() -> None:
    doc = tag("The Global Atrocities Prevention Act requires a report. Beijing must respect "
              "the Basic Law. We uphold International Humanitarian Law and the Rule of Law.")
    found = {(m.id, m.type) for m in doc.mechanisms if m.unlisted}  # type: ignore[attr-defined]
    assert found == {("mech.global-atrocities-prevention-act", "law"),
                     ("mech.basic-law", "law")}


def test_a_weak_cue_makes_no_position_in_a_heading() -> None:
    doc = tag("Historic Peace Summit in Washington\n\nThe talks were a historic step.\n")
    assert [(p.text, p.stance) for p in doc.positions] == [("were a historic step", "welcome")]


def test_rules_suggest_marks_a_name_two_drafts_share_as_ambiguous(
        runner: CliRunner, tmp_path: Path) -> None:
    archive = _archive(tmp_path, "Georgia's Ministry of Information said the count stands.",
                       "Kyrgyzstan's Ministry of Information said the count stands.")
    drafted = tmp_path / "drafted.yaml"
    result = runner.invoke(app, ["rules", "suggest", str(archive), "--min-count", "1",
                                 "-o", str(drafted)])
    assert result.exit_code == 0, result.output
    assert "seen in at least 1 document)" in result.output
    rules = {r["id"]: r for r in yaml.safe_load(drafted.read_text(encoding="utf-8"))["rules"]}
    assert set(rules) == {"inst.GEO.ministry-of-information", "inst.KGZ.ministry-of-information"}
    for rule in rules.values():
        assert rule["aliases"] == [{"text": "Ministry of Information", "ambiguous": True}]
        assert "seen in 1 document, 1 mention." in rule["notes"]
    checked = runner.invoke(app, ["rules", "validate", str(drafted)])
    assert checked.exit_code == 0, checked.output
    # the state the text names decides which of the two rules it means
    tagged = runner.invoke(app, ["tag", str(archive / "b.txt"), "-f", "json",
                                 "--rules", str(drafted)])
    ids = [a["id"] for a in json.loads(tagged.stdout)["actors"]]
    assert "inst.KGZ.ministry-of-information" in ids
    assert "inst.GEO.ministry-of-information" not in ids


def test_an_embassy_keeps_its_city_in_its_name(full: Matcher) -> None:
    doc = tag("Staff at the U.S. Embassy Kabul processed the visas.\n", full)
    embassy = next(a for a in doc.actors if a.unlisted)
    assert (embassy.id, embassy.name) == ("inst.USA.embassy-kabul", "U.S. Embassy Kabul")


def _unlisted(text: str, full: Matcher, kind: str = "actors",
              issuer: str | None = None) -> dict[str, str]:
    """The unlisted tags of one kind a text gives, by id, with their names."""
    doc = tag(text, full, context=Given.of("flag", issuer=issuer) if issuer else None)
    return {t.id: t.name for t in getattr(doc, kind) if t.unlisted}


@pytest.mark.parametrize(("text", "kind", "issuer", "expected"), [
    ("The junta must adhere to the Mekong Three-Pillar Consensus. We back the "
     "Nuclear-Weapon-Free-Zone Treaties.\n", "mechanisms", None,
     {"mech.mekong-three-pillar-consensus": "Mekong Three-Pillar Consensus",
      "mech.nuclear-weapon-free-zone-treaties": "Nuclear-Weapon-Free-Zone Treaties"}),
    # a lower-case head after a name; after a word that opens a sentence, none
    ("Turkey and Russia signed the Sochi agreement. Such agreements rarely last. Through "
     "dialogue we advance.\n", "mechanisms", None, {"mech.sochi-agreement": "Sochi agreement"}),
    # an embassy in a place is its owner's, else the issuer's
    ("The U.S. Embassy in Brazil issued a statement. The Embassy in Kyiv is open. The U.S. "
     "Consulate General in Erbil is closed. Thanks to U.S. Embassy Staff.\n",
     "actors", "USA", {"inst.USA.embassy-in-brazil": "U.S. Embassy in Brazil",
                       "inst.USA.embassy-in-kyiv": "Embassy in Kyiv",
                       "inst.USA.consulate-general-in-erbil": "U.S. Consulate General in Erbil",
                       "inst.USA.embassy": "U.S. Embassy"}),
    # a mission in lower case after its state, with its place after "in"; one no name owns
    # ("The embassy", "Our embassy") is none
    ("Did the U.S. embassy in Brazil reply? The Chinese consulate general in Jakarta did. "
     "The embassy in Kabul and our embassy in Doha are closed.\n", "actors", "USA",
     {"inst.USA.embassy-in-brazil": "U.S. embassy in Brazil",
      "inst.CHN.consulate-general-in-jakarta": "Chinese consulate general in Jakarta"}),
    # an abbreviation in brackets inside a name is part of it; after a whole name, or after
    # words it does not abbreviate (the run cut on its left), it ends the name
    ("They joined the Marine Protected Area (MPA) Partnership, the Mekong River Commission "
     "(MRC) Secretariat and the Women, Peace, and Security (WPS) Act.\n", "mechanisms", None,
     {"mech.marine-protected-area-mpa-partnership": "Marine Protected Area (MPA) Partnership"}),
    # a gerund takes its object with "the" inside a name; opening a run it is no part of one
    ("They drafted the Action Plan on Improving the Situation of Roma. Following the Palermo "
     "Conference, they met.\n", "mechanisms", None,
     {"mech.action-plan-on-improving-the-situation-of-roma":
          "Action Plan on Improving the Situation of Roma",
      "mech.palermo-conference": "Palermo Conference"}),
    # an ignore word may open a name; "and the" before a second head, or "and" before a
    # bilateral prefix, opens a second name ("the Rule of Law" is no head)
    ("We back the Inter-American Democratic Charter, the US Summit for Democracy and the Open "
     "Government Partnership, and the U.S.-EU Dialogue on China and U.S.-EU Indo-Pacific "
     "Consultations.\n", "mechanisms", None,
     {"mech.inter-american-democratic-charter": "Inter-American Democratic Charter",
      "mech.us-summit-for-democracy": "US Summit for Democracy",
      "mech.open-government-partnership": "Open Government Partnership",
      "mech.u-s-eu-dialogue": "U.S.-EU Dialogue",
      "mech.u-s-eu-indo-pacific-consultations": "U.S.-EU Indo-Pacific Consultations"}),
    # an ignore phrase of several words opens a name too, and a region or city that no rule
    # lists names a mechanism as a capital does
    ("They signed the Los Angeles Declaration and launched the Southeast Asia Maritime "
     "Security Initiative.\n", "mechanisms", None,
     {"mech.los-angeles-declaration": "Los Angeles Declaration",
      "mech.southeast-asia-maritime-security-initiative":
          "Southeast Asia Maritime Security Initiative"}),
    ("He met the International Institute for Justice and the Rule of Law.\n", "actors", None,
     {"org.international-institute-for-justice-and-the-rule-of-law":
          "International Institute for Justice and the Rule of Law"}),
    # the city a mechanism began in names it; a single listed state does not
    ("Belarus hosted the Minsk process and the Helsinki Final Act echoes in the Bridgetown "
     "Initiative. The U.S. Initiative is not a name.\n", "mechanisms", None,
     {"mech.minsk-process": "Minsk process",
      "mech.bridgetown-initiative": "Bridgetown Initiative"}),
    # "General" after a consulate is no title: no person "Casablanca"
    ("The U.S. Consulate General Casablanca said it.\n", "actors", "USA",
     {"inst.USA.consulate-general": "U.S. Consulate General"}),
    # "and the <head>" opens a second body; a head after "of the" is in an earlier one's
    # complement; "Law" before a plain word is a modifier; the foreign ministry is the pack's
    ("Officials of the Ministry of Foreign Affairs and the Ministry of Finance met the Bureau "
     "of International Narcotics and Law Enforcement Affairs. Historians recalled the Assembly "
     "of the League of Nations.\n", "actors", None,
     {"inst.ministry-of-finance": "Ministry of Finance",
      "inst.bureau-of-international-narcotics-and-law-enforcement-affairs":
          "Bureau of International Narcotics and Law Enforcement Affairs",
      "inst.assembly-of-the-league-of-nations": "Assembly of the League of Nations"}),
    # a title's complement that opens with a body's head names the body too, up to the
    # next title; one that runs into a second person's title is left alone
    ("Acting Assistant Secretary of State for the Bureau of East Asian and Pacific Affairs Kin "
     "Moy spoke. Assistant Secretary for the Bureau of European and Eurasian Affairs Dr. Karen "
     "Vellmar met Permanent Secretary of the Ministry of Trade Arun Sakda and Permanent "
     "Secretary of the Ministry of Defense General Warit Chan.\n", "actors", None,
     {"inst.bureau-of-east-asian-and-pacific-affairs": "Bureau of East Asian and Pacific Affairs",
      "person.kin-moy": "Kin Moy",
      "inst.bureau-of-european-and-eurasian-affairs": "Bureau of European and Eurasian Affairs",
      "person.karen-vellmar": "Karen Vellmar",
      "person.warit-chan": "Warit Chan"}),
    # an abbreviation joined by a dash is one word of the name, on either side; a dash may
    # end a word at a transcript's line break
    ("They launched the Japan-U.S. Clean Energy Partnership and the U.S.-ROK Director General "
     "Consultation Meeting, under the Global Counter- Terrorism Strategy.\n", "mechanisms",
     None, {"mech.japan-u-s-clean-energy-partnership": "Japan-U.S. Clean Energy Partnership",
            "mech.u-s-rok-director-general-consultation-meeting":
                "U.S.-ROK Director General Consultation Meeting",
            "mech.global-counter-terrorism-strategy": "Global Counter- Terrorism Strategy"}),
    # a date after a name is no part of it
    ("The Genocide and Atrocities Prevention Act on Monday set up the Mandela Washington "
     "Fellowship Summit on August 3.\n", "mechanisms", None,
     {"mech.genocide-and-atrocities-prevention-act": "Genocide and Atrocities Prevention Act",
      "mech.mandela-washington-fellowship-summit": "Mandela Washington Fellowship Summit"}),
    # "and" between two plain words before a head joins them; between two names it parts them
    ("The U.S.-EU Trade and Technology Council met the Food and Drug Administration. The "
     "Victory Foundation and Victory Institute spoke.\n", "mechanisms", None,
     {"mech.u-s-eu-trade-and-technology-council": "U.S.-EU Trade and Technology Council"}),
    ("The Food and Drug Administration met the Victory Foundation and Victory Institute.\n",
     "actors", None, {"inst.food-and-drug-administration": "Food and Drug Administration",
                      "org.victory-foundation": "Victory Foundation",
                      "org.victory-institute": "Victory Institute"}),
    # a fund is a financing mechanism, an observance's year one with its complement only
    ("Ministers pledged to the Loss and Damage Fund and marked the International Year of "
     "Indigenous Languages. Chinese New Year began.\n", "mechanisms", None,
     {"mech.loss-and-damage-fund": "Loss and Damage Fund",
      "mech.international-year-of-indigenous-languages":
          "International Year of Indigenous Languages"}),
    # "of" after a head or a plain word inside the sentence is the name's own; after a
    # title, a person's noun or a sentence's first word it opens the name
    ("He praised the Compact of Free Association and the Heart of Asia-Istanbul Process. "
     "Ahead of the World Health Assembly, the President of the Central Bank spoke.\n",
     "mechanisms", None,
     {"mech.compact-of-free-association": "Compact of Free Association",
      "mech.heart-of-asia-istanbul-process": "Heart of Asia-Istanbul Process"}),
    ("Ahead of the World Health Assembly, the President of the Central Bank spoke. Then "
     "Ambassador Marc Knapper of the Palestinian Union of Health Workers Committee spoke.\n",
     "actors", None, {"inst.world-health-assembly": "World Health Assembly",
                      "org.central-bank": "Central Bank",
                      "person.marc-knapper": "Marc Knapper",
            "org.palestinian-union-of-health-workers-committee":
                "Palestinian Union of Health Workers Committee"}),
    # a mission is a state's when its state comes before it or after "of", else an
    # organisation's, wherever it is ("in Somalia")
    ("He thanked the African Union Mission in Somalia and the Permanent Mission of Japan to "
     "the United Nations.\n", "actors", "USA",
     {"org.african-union-mission-in-somalia": "African Union Mission in Somalia",
      "inst.JPN.permanent-mission-to-the-united-nations":
          "Permanent Mission of Japan to the United Nations"}),
    # a body ends where a title and a name follow its complement, unless the title is the
    # complement ("of President ...")
    ("He met Afghan High Council for National Reconciliation Chairman Tamim Sadiq and the "
     "Administration of President Ivan Duque.\n", "actors", "USA",
     {"org.afghan-high-council-for-national-reconciliation":
          "Afghan High Council for National Reconciliation",
      "person.tamim-sadiq": "Tamim Sadiq",
      "inst.administration-of-president-ivan-duque": "Administration of President Ivan Duque"}),
])
def test_unlisted_names_by_their_heads(text: str, kind: str, issuer: str | None,
                                       expected: dict[str, str], full: Matcher) -> None:
    assert _unlisted(text, full, kind, issuer) == expected


def test_venues_firms_and_numbers_are_no_people(full: Matcher) -> None:
    found = _unlisted("Secretary Blinken spoke at Roosevelt House. Royal Technologies said the "
                      "deal stands, and Number Two said nothing.\n", full)
    assert [i for i in found if i.startswith("person.")] == []


def test_a_common_given_name_opens_an_unlisted_person_a_possessive_does_not(
        full: Matcher) -> None:
    doc = tag("We will not rest until Americans Paul Whelan and Austin Tice are home. Whelan "
              "has waited too long. The Secretary spent August on Martha's Vineyard.\n", full)
    found = {a.id: [m.text for m in a.mentions] for a in doc.actors if a.unlisted}
    # a state in apposition before the name is not part of it
    assert found == {"person.paul-whelan": ["Paul Whelan", "Whelan"],
                     "person.austin-tice": ["Austin Tice"]}
    assert "USA" in {a.id for a in doc.actors}


def test_a_middle_initial_is_part_of_a_name(full: Matcher) -> None:
    doc = tag("Assistant Secretary of State for International Organization Affairs Marla J. "
              "Quenby will travel to Montreal. Quenby said the talks matter. Deputy Secretary "
              "Wendy R. Sherman joins her, under the William M. Thornberry Act.\n", full)
    people = {a.id: [m.text for m in a.mentions] for a in doc.actors if a.type == "person"}
    assert people["person.marla-quenby"] == ["Marla J. Quenby", "Quenby"]
    assert people["person.wendy-sherman"] == ["Wendy R. Sherman"]  # the listed one
    assert not any(i.startswith("person.william") for i in people)  # no name ends in "M."
    # the id leaves the initial out: another text's "Marla Quenby" is the same person
    other = tag("Ambassador Marla Quenby spoke.\n", full)
    assert "person.marla-quenby" in {a.id for a in other.actors}


def test_an_arabic_article_is_part_of_a_name_and_an_apposition_says_who(full: Matcher
                                                                          ) -> None:
    found = _unlisted("The raid resulted in the death of Abu Ibrahim al-Hashimi al-Qurayshi, "
                      "the leader of ISIS. Eid al-Adha began on Friday, and al-Qurayshi was "
                      "buried.\n", full)
    assert found == {"person.abu-ibrahim-al-hashimi-al-qurayshi":
                     "Abu Ibrahim al-Hashimi al-Qurayshi"}
    doc = tag("The raid killed Abu Ibrahim al-Hashimi al-Qurayshi, the leader of ISIS. Later "
              "al-Qurayshi was buried.\n", full)
    person = next(a for a in doc.actors if a.unlisted)
    assert [m.text for m in person.mentions] == ["Abu Ibrahim al-Hashimi al-Qurayshi",
                                                 "al-Qurayshi"]


def test_executive_orders_and_directives_one_for_each_number(full: Matcher) -> None:
    doc = tag("They were designated pursuant to E.O. 13224, as amended, and Executive Orders "
              "13818 and 14024. PPD-30 applies to hostage cases. We met the EO team.\n", full)
    found = {m.id: (m.name, m.unlisted) for m in doc.mechanisms}
    assert found == {"mech.eo-13224": ("Executive Order 13224", True),
                     "mech.eo-13818": ("Executive Order 13818", True),
                     "mech.eo-14024": ("US Executive Order 14024 (Russia sanctions)", False),
                     "mech.ppd-30": ("Presidential Policy Directive 30", True)}


def test_a_name_after_a_titles_state_is_the_whole_name(full: Matcher) -> None:
    found = _unlisted("Ambassador of Vietnam Dang Minh Khoi arrived. The Special Envoy for "
                      "Afghan Women Rina Quarle spoke with women leaders.\n", full)
    assert found["person.dang-minh-khoi"] == "Dang Minh Khoi"
    assert "person.women" not in found and "person.women-rina-quarle" not in found


def test_a_capital_inside_an_unlisted_mechanisms_name_is_a_venue(full: Matcher) -> None:
    doc = tag("The Minsk process stalled, and the Bridgetown Initiative moved on. Kyiv "
              "wants talks.\n", full)
    actors = {a.id for a in doc.actors}
    assert "BLR" not in actors and "BRB" not in actors
    assert "UKR" in actors  # a capital outside any name still stands for its state
    assert {"mech.minsk-process", "mech.bridgetown-initiative"} <= {m.id for m in doc.mechanisms}


def test_a_titles_complement_names_its_body_with_or_without_a_name_after(
        full: Matcher) -> None:
    found = _unlisted("He served as the Principal Deputy Assistant Secretary of State for the "
                      "Bureau of African Affairs. We turn to Acting Assistant Secretary for the "
                      "Bureau of Conflict and Stabilization Operations Rob Quenfort. She is the "
                      "Director of the Office of Management and Budget.\n", full)
    assert found == {
        "inst.bureau-of-african-affairs": "Bureau of African Affairs",
        "inst.bureau-of-conflict-and-stabilization-operations":
            "Bureau of Conflict and Stabilization Operations",
        "person.rob-quenfort": "Rob Quenfort",
        "inst.office-of-management-and-budget": "Office of Management and Budget"}


def test_a_dash_in_a_name_joins_its_words_in_the_id(full: Matcher) -> None:
    doc = tag("They discussed the China–Vietnam Steering Committee for Bilateral Cooperation "
              "and the Japan–China–ROK Trilateral Foreign Ministers' Meeting.\n", full)
    mechanisms = {m.id for m in doc.mechanisms}
    assert "mech.china-vietnam-steering-committee-for-bilateral-cooperation" in mechanisms
    # the listed format's meeting is the format, not also a generic ministers' meeting
    assert "mech.cjk-trilateral" in mechanisms
    assert "mech.foreign-ministers-meeting" not in mechanisms


def test_a_label_of_a_full_name_and_a_title_names_the_speaker(full: Matcher) -> None:
    text = ("Press Conference by the Press Secretary\n\n"
            "KOBAYASHI Quenta, Press Secretary: Japan strongly condemns the launch.\n\n"
            "Reporter (NHK): What will the Government do?\n\n"
            "KOBAYASHI Quenta, Press Secretary: We urge North Korea to comply with its "
            "obligations.\n")
    doc = tag(text, full)
    assert [t.speaker for t in doc.turns] == ["person.kobayashi-quenta", None,
                                              "person.kobayashi-quenta"]
    person = next(a for a in doc.actors if a.id == "person.kobayashi-quenta")
    assert (person.name, person.role, person.unlisted) == ("Kobayashi Quenta",
                                                            "Press Secretary", True)
    # the answer's first sentence opens after the label: Japan names itself, twice
    assert doc.meta.issuer == "JPN" and person.country == "JPN"
    assert [(p.on_behalf_of, p.stance) for p in doc.positions] == [("JPN", "condemn"),
                                                                   ("JPN", "call")]
