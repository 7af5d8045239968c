"""Document context from flags, JSON Lines fields and file names, and its precedence."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefcli import tag
from briefcli.cli import app
from briefcli.context import Given, compile_name_pattern, from_file_name, normalize_date

SPEECH = ("We are ready to cooperate with all our partners.\n"
          "We condemn the attacks on civilians in Ukraine.\n")


def _tag(runner: CliRunner, *args: str, stdin: str | None = None) -> tuple[int, list[dict],
                                                                          str]:
    result = runner.invoke(app, ["tag", *args, "-f", "jsonl"], input=stdin)
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, records, result.stderr


@pytest.mark.parametrize("value", ["RUS", "Russia", "RUS ", "rus"])
def test_issuer_flag_takes_a_code_or_a_name(runner: CliRunner, tmp_path: Path,
                                             value: str) -> None:
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH)
    code, [doc], err = _tag(runner, str(path), "--issuer", value)
    assert code == 0, err
    assert doc["meta"]["issuer"] == "RUS"
    assert doc["meta"]["origin"]["issuer"] == "flag"
    held = [(p["holder"], p["on_behalf_of"], p["holder_via"]) for p in doc["positions"]]
    assert held and all(h == ("RUS", "RUS", "first-person") for h in held)


def test_issuer_may_be_an_organisation_id(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH)
    _, [doc], _ = _tag(runner, str(path), "--issuer", "org.eu")
    assert doc["meta"]["issuer"] == "org.eu"
    assert {p["holder"] for p in doc["positions"]} == {"org.eu"}


def test_unknown_issuer_is_a_usage_error_naming_it(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH)
    result = runner.invoke(app, ["tag", str(path), "--issuer", "Atlantis"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "--issuer 'Atlantis'" in result.stderr and "Traceback" not in result.stderr


def test_without_an_issuer_we_has_no_holder(runner: CliRunner, tmp_path: Path) -> None:
    """A merely mentioned state (Ukraine) never becomes the holder of "we"."""
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH)
    _, [doc], _ = _tag(runner, str(path))
    assert doc["meta"]["issuer"] is None and doc["meta"]["origin"]["issuer"] == "none"
    assert doc["positions"] and all(p["holder"] is None for p in doc["positions"])


def test_speaker_flag(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "briefing.txt"
    path.write_text("We call on all parties to exercise restraint.\n")
    _, [doc], _ = _tag(runner, str(path), "--speaker", "Maria Zakharova")
    assert doc["meta"]["speakers"] == ["person.maria-zakharova"]
    assert doc["meta"]["origin"]["speakers"] == "flag"
    assert doc["meta"]["issuer"] == "RUS"  # the speaker's state
    [position] = doc["positions"]
    assert (position["holder"], position["stance"]) == ("RUS", "call")


def test_name_pattern_gives_issuer_and_year(runner: CliRunner, tmp_path: Path) -> None:
    for name in ("2015_AFG.txt", "2016_EU.txt"):
        (tmp_path / name).write_text(SPEECH)
    code, docs, err = _tag(runner, str(tmp_path), "--name-pattern", "{year}_{issuer}.txt")
    assert code == 0, err
    assert [(d["meta"]["issuer"], d["meta"]["date"]) for d in docs] == [
        ("AFG", "2015"), ("org.eu", "2016")]
    assert all(d["meta"]["origin"]["issuer"] == "file-name" for d in docs)
    assert {p["holder"] for p in docs[1]["positions"]} == {"org.eu"}
    assert "warning" not in err


def test_names_that_miss_the_pattern_warn_once_per_run(runner: CliRunner,
                                                        tmp_path: Path) -> None:
    for name in ("notes-a.txt", "notes-b.txt", "2015_AFG.txt"):
        (tmp_path / name).write_text(SPEECH)
    code, docs, err = _tag(runner, str(tmp_path), "--name-pattern", "{year}_{issuer}.txt")
    assert code == 0
    assert len(docs) == 3
    assert err.count("warning") == 1
    assert "2 of 3 file names do not match" in err and "notes-a.txt" in err
    assert [d["meta"]["issuer"] for d in docs] == ["AFG", None, None]


def test_bad_name_pattern_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SPEECH)
    result = runner.invoke(app, ["tag", str(tmp_path), "--name-pattern", "{country}.txt"])
    assert result.exit_code == 2
    assert "unknown field {country}" in result.stderr


def test_jsonl_fields_are_read_by_default(runner: CliRunner) -> None:
    record = {"id": "r1", "text": SPEECH, "date": "2021-06-02", "issuer": "Japan",
              "title": "Remarks"}
    code, [doc], err = _tag(runner, "-", "--input-format", "jsonl",
                            stdin=json.dumps(record) + "\n")
    assert code == 0, err
    meta = doc["meta"]
    assert (meta["issuer"], meta["date"], meta["title"]) == ("JPN", "2021-06-02", "Remarks")
    assert meta["origin"] == {"issuer": "field", "speakers": "none", "date": "field",
                              "title": "field"}
    assert {p["holder"] for p in doc["positions"]} == {"JPN"}


def test_field_maps_nested_and_renamed_fields(runner: CliRunner) -> None:
    record = {"id": "r2", "body": SPEECH, "published": "2014-03-01T10:00:00Z",
              "meta": {"country": "UKR"}}
    code, [doc], err = _tag(runner, "-", "--input-format", "jsonl", "--field", "text=body",
                            "--field", "issuer=meta.country", "--field", "date=published",
                            stdin=json.dumps(record) + "\n")
    assert code == 0, err
    assert (doc["meta"]["issuer"], doc["meta"]["date"]) == ("UKR", "2014-03-01")
    assert {p["holder"] for p in doc["positions"]} == {"UKR"}


def test_bad_field_option_and_bad_field_value(runner: CliRunner) -> None:
    result = runner.invoke(app, ["tag", "-", "--input-format", "jsonl", "--field", "colour"],
                           input="{}\n")
    assert result.exit_code == 2 and "--field 'colour'" in result.stderr
    record = {"id": "r3", "text": SPEECH, "date": "last Tuesday"}
    code, [doc], err = _tag(runner, "-", "--input-format", "jsonl",
                            stdin=json.dumps(record) + "\n")
    assert code == 0
    assert doc["meta"]["date"] is None
    assert "is not a date" in err


def test_precedence_flag_over_field_over_file_name_over_text(tmp_path: Path) -> None:
    text = "Statement by the Ministry of Foreign Affairs of Armenia\n\nWe welcome the talks.\n"
    pattern = compile_name_pattern("{year}_{issuer}.txt")
    named = from_file_name(pattern, str(tmp_path / "2020_AZE.txt"))
    assert named is not None
    assert tag(text).meta.issuer == "ARM"  # the text's title
    assert tag(text, context=named).meta.issuer == "AZE"
    field = Given.of("field", issuer="GEO")
    assert tag(text, context=field.over(named)).meta.issuer == "GEO"
    flag = Given.of("flag", issuer="TUR")
    doc = tag(text, context=flag.over(field).over(named))
    assert doc.meta.issuer == "TUR" and doc.meta.origin.issuer == "flag"
    assert doc.meta.date == "2020" and doc.meta.origin.date == "file-name"


def test_an_undated_title_names_the_office_not_its_latest_holder(runner: CliRunner,
                                                                 tmp_path: Path) -> None:
    path = tmp_path / "statement.txt"
    path.write_text("Statement\n\nThe Foreign Minister of Ukraine met the press.\n")
    _, [undated], _ = _tag(runner, str(path))
    assert [a["id"] for a in undated["actors"]] == ["inst.UKR.mfa"]
    _, [then], _ = _tag(runner, str(path), "--date", "2014-07-01")
    assert [a["id"] for a in then["actors"]] == ["person.pavlo-klimkin"]
    _, [year], _ = _tag(runner, str(path), "--date", "2022")  # a year: its 1 July
    assert [a["id"] for a in year["actors"]] == ["person.dmytro-kuleba"]


@pytest.mark.parametrize(("given", "expected"), [
    ("2015", "2015"), ("2015-09", "2015-09"), ("2015-09-28", "2015-09-28"),
    ("2015-09-28T12:00:00+00:00", "2015-09-28"), ("2015-13", None), ("soon", None)])
def test_normalize_date(given: str, expected: str | None) -> None:
    assert normalize_date(given) == expected


def test_stats_counts_error_records_and_succeeds(runner: CliRunner, tmp_path: Path) -> None:
    tags = tmp_path / "tags.jsonl"
    good = tag("Russia welcomes the talks.", source="a.txt").to_dict()
    bad = {"schema_version": 2, "source": "b.bin", "error": {"kind": "binary",
                                                              "message": "binary"}}
    tags.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n")
    result = runner.invoke(app, ["stats", str(tags), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["documents"], summary["errors"]) == (1, 1)
    missing = runner.invoke(app, ["stats", str(tags), str(tmp_path / "gone.jsonl"), "-f",
                                  "json"])
    assert missing.exit_code == 1
    assert "gone.jsonl: cannot read" in missing.stderr
    assert json.loads(missing.stdout)["documents"] == 1


def test_stats_counts_by_either_holder_field(runner: CliRunner, tmp_path: Path) -> None:
    tags = tmp_path / "tags.jsonl"
    doc = tag("Blinken said the United States welcomes the agreement.", source="a.txt")
    [position] = doc.positions
    assert (position.holder, position.on_behalf_of) == ("person.antony-blinken", "USA")
    tags.write_text(json.dumps(doc.to_dict()) + "\n")
    for field, holder in (("holder", "person.antony-blinken"), ("on_behalf_of", "USA")):
        result = runner.invoke(app, ["stats", str(tags), "-f", "json", "--holders", field])
        summary = json.loads(result.stdout)
        assert summary["holders"] == field
        assert [p["holder"] for p in summary["positions"]] == [holder]


def test_where_on_behalf_of(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Blinken said the United States welcomes the agreement.\n")
    _, kept, _ = _tag(runner, str(path), "--where", "on_behalf_of=USA")
    _, dropped, _ = _tag(runner, str(path), "--where", "holder=USA")
    assert len(kept) == 1 and dropped == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_one_line_and_exit_74(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(SPEECH * 2000)
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "briefcli", "tag", str(path), "-f",
                               "jsonl"], stdout=full, stderr=subprocess.PIPE, text=True,
                              check=False)
    assert done.returncode == 74
    assert done.stderr == "briefcli: error: cannot write output: No space left on device\n"


_PREAMBLE = "The talks went on for a long time and covered many subjects. " * 12 + "\n\n"


@pytest.mark.parametrize(("text", "issuer", "ministry"), [
    # past the header, the one ministry named, and "the Department" that shares its name:
    # the State Department
    (_PREAMBLE + "Officials of the Department of State met the press today. The Department "
     "will publish the report.\n", "USA", "inst.USA.mfa"),
    # "the Ministry for Foreign Affairs" beside the State Department is another ministry
    (_PREAMBLE + "The Ministry for Foreign Affairs has written to the State Department "
     "today.\n", None, "inst.USA.mfa"),
    # a speech citing another state's ministry as its source does not speak for it
    (_PREAMBLE + "Thousands remain missing, a figure also accepted by the Azerbaijani Ministry "
     "of Foreign Affairs.\n", None, "inst.AZE.mfa"),
    (_PREAMBLE + "According to the Ministry of Foreign Affairs of Azerbaijan, talks go on.\n",
     None, "inst.AZE.mfa"),
    # a ministry that is the subject of its own statement issues it
    (_PREAMBLE + "The Ministry of Foreign Affairs of Azerbaijan will continue the talks.\n",
     "AZE", "inst.AZE.mfa"),
])
def test_the_one_ministry_a_text_names_issues_it_unless_only_cited(
        runner: CliRunner, tmp_path: Path, text: str, issuer: str | None, ministry: str
) -> None:
    source = tmp_path / "statement.txt"
    source.write_text(text, encoding="utf-8")
    code, records, _ = _tag(runner, str(source), "--no-fuzzy")
    assert code == 0
    assert records[0]["meta"]["issuer"] == issuer
    ministries = [a["id"] for a in records[0]["actors"] if a["id"].endswith(".mfa")]
    assert ministries == [ministry]


def test_the_official_a_title_names_first_is_the_issuer_not_the_guest(runner: CliRunner
                                                                         ) -> None:
    record = {"title": "Secretary Antony J. Blinken and Israeli Foreign Minister Yair Lapid "
                       "at a Joint Press Availability",
              "text": "FOREIGN MINISTER LAPID: Thank you, Tony. We welcome you to Jerusalem.\n"
                      "SECRETARY BLINKEN: Thank you, Yair. We support Israel's security.\n"}
    code, records, _ = _tag(runner, "-", "--input-format", "jsonl", "--no-fuzzy",
                            stdin=json.dumps(record) + "\n")
    assert code == 0
    assert (records[0]["meta"]["issuer"], records[0]["meta"]["origin"]["issuer"]) == (
        "USA", "text")


@pytest.mark.parametrize("title", [
    "The Passing of Former Prime Minister of Japan Abe Shinzo",
    "Deputy Secretary Sherman's Meeting with Angolan Foreign Minister Antonio",
])
def test_an_official_a_title_names_as_its_topic_is_not_the_issuer(runner: CliRunner,
                                                                   title: str) -> None:
    record = {"title": title, "text": "The talks were held today in a warm atmosphere.\n"}
    code, records, _ = _tag(runner, "-", "--input-format", "jsonl", "--no-fuzzy",
                            stdin=json.dumps(record) + "\n")
    assert code == 0
    assert records[0]["meta"]["issuer"] is None


def test_the_person_a_text_is_attributable_to_speaks_for_it(runner: CliRunner,
                                                            tmp_path: Path) -> None:
    path = tmp_path / "readout.txt"
    path.write_text("Deputy Secretary Sherman's Meeting with Japanese Foreign Minister Hayashi\n\n"
                    "Office of the Spokesperson\n"
                    "The below is attributable to Spokesperson Ned Price:\n"
                    "Deputy Secretary Sherman met Japanese Foreign Minister Hayashi. They agreed "
                    "to continue their close coordination.\n", encoding="utf-8")
    code, records, _ = _tag(runner, str(path), "--no-fuzzy")
    assert code == 0
    meta = records[0]["meta"]
    assert meta["speakers"][0] == "person.ned-price"
    assert (meta["issuer"], meta["origin"]["issuer"]) == ("USA", "text")
    positions = [(p["holder"], p["stance"], p["holder_via"]) for p in records[0]["positions"]]
    assert positions == [("USA", "commit", "document")]


def test_an_official_met_by_title_and_surname_in_the_title_issues_the_text(
        runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "travel.txt"
    path.write_text("Deputy Secretary Sherman’s Travel to Turkey and Spain\n\n"
                    "Deputy Secretary Sherman will travel to Turkey next week. We welcome "
                    "Türkiye's role.\n", encoding="utf-8")
    code, records, _ = _tag(runner, str(path), "--no-fuzzy")
    assert code == 0
    assert (records[0]["meta"]["issuer"], records[0]["meta"]["origin"]["issuer"]) == (
        "USA", "text")
    sherman = next(a for a in records[0]["actors"] if a["id"] == "person.wendy-sherman")
    assert [m["text"] for m in sherman["mentions"]] == ["Sherman", "Sherman"]
    assert [(p["holder"], p["stance"]) for p in records[0]["positions"]] == [("USA", "welcome")]


def test_a_heading_ending_in_a_listed_name_is_no_speakers_label(runner: CliRunner,
                                                                 tmp_path: Path) -> None:
    """"Reform of the UN:" ends in the UN's acronym, not in the surname of Kim Jong Un."""
    path = tmp_path / "speech.txt"
    path.write_text("Malaysia is fully committed to multilateralism.\n"
                    "Reform of the UN: Revitalisation of the General Assembly\n"
                    "Malaysia supports the reform of the Security Council.\n", encoding="utf-8")
    code, records, _ = _tag(runner, str(path), "--no-fuzzy")
    assert code == 0
    meta = records[0]["meta"]
    assert (meta["issuer"], meta["speakers"]) == ("MYS", [])
    assert {p["holder"] for p in records[0]["positions"]} == {"MYS"}


def test_a_state_naming_itself_early_in_a_press_release_issues_it(runner: CliRunner,
                                                                    tmp_path: Path) -> None:
    path = tmp_path / "release.txt"
    path.write_text("Press Release Regarding the Terrorist Attack in Pakistan\n\n"
                    "We strongly condemn the heinous terrorist attack carried out today in "
                    "Pakistan. We extend our condolences to the families of the victims. "
                    "Türkiye stands in solidarity with the people of Pakistan.\n",
                    encoding="utf-8")
    code, records, _ = _tag(runner, str(path), "--no-fuzzy")
    assert code == 0
    assert records[0]["meta"]["issuer"] == "TUR"
    positions = [(p["holder"], p["stance"], p["sentence"]) for p in records[0]["positions"]]
    # the title is no position, the statement's three sentences are Türkiye's
    assert positions == [("TUR", "condemn", 1), ("TUR", "concern", 2), ("TUR", "support", 3)]


def test_the_signatories_listed_in_a_joint_statement_are_not_its_issuer(
        runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "joint.txt"
    path.write_text("Joint Statement on the Situation in Libya\n\n"
                    "France, Germany, Italy, the United Kingdom, and the United States of "
                    "America welcome the progress made in the talks.\n", encoding="utf-8")
    code, records, _ = _tag(runner, str(path), "--no-fuzzy")
    assert code == 0
    assert records[0]["meta"]["issuer"] is None


@pytest.mark.parametrize(("opening", "issuer"), [
    ("It is a great honour for me to address, on behalf of the people of Mozambique, this "
     "Assembly.", "MOZ"),
    ("Over the past year my country, Sri Lanka, has faced many challenges.", "LKA"),
    ("As President of the Argentine Republic, I wish to raise three issues.", "ARG"),
    ("It is in that spirit that we in Malaysia have referred to ourselves as one family.",
     "MYS"),
    ("At a ceremony, the Director signed the Accords on behalf of Romania.", None),
    ("We, the United Nations, must make sure there is a different story to tell.", None),
    ("For this reason we, the Federated States of Micronesia, call for action.", "FSM"),
    ("Along with Guatemala, my country is pursuing a peaceful resolution.", None),
])
def test_a_speech_names_the_state_it_speaks_for(runner: CliRunner, tmp_path: Path,
                                                 opening: str, issuer: str | None) -> None:
    path = tmp_path / "speech.txt"
    path.write_text(f"Mr. President,\n{opening} The situation in the region remains grave. "
                    "All parties must exercise restraint.\n", encoding="utf-8")
    code, records, _ = _tag(runner, str(path), "--no-fuzzy")
    assert code == 0
    assert records[0]["meta"]["issuer"] == issuer
    assert records[0]["meta"]["origin"]["issuer"] == ("text" if issuer else "none")


def test_a_general_debate_file_name_gives_year_and_issuer_by_default(runner: CliRunner,
                                                                      tmp_path: Path) -> None:
    speech = "Mr. President,\nWe call on all parties to exercise restraint.\n"
    (tmp_path / "2019_FIN.txt").write_text(speech, encoding="utf-8")
    (tmp_path / "finland-2019.txt").write_text(speech, encoding="utf-8")
    code, records, _ = _tag(runner, str(tmp_path / "2019_FIN.txt"), "--no-fuzzy")
    assert code == 0
    meta = records[0]["meta"]
    assert (meta["issuer"], meta["date"], meta["origin"]["issuer"]) == ("FIN", "2019",
                                                                        "file-name")
    assert [(p["holder"], p["stance"]) for p in records[0]["positions"]] == [("FIN", "call")]
    code, records, _ = _tag(runner, str(tmp_path / "finland-2019.txt"), "--no-fuzzy")
    assert records[0]["meta"]["issuer"] is None
    code, records, _ = _tag(runner, str(tmp_path / "2019_FIN.txt"), "--no-fuzzy",
                            "--issuer", "SWE")
    assert records[0]["meta"]["issuer"] == "SWE"


def test_a_header_line_the_pack_lists_names_the_issuer(runner: CliRunner,
                                                       tmp_path: Path) -> None:
    path = tmp_path / "travel.txt"
    path.write_text("Assistant Secretary Witkowsky’s Travel to Haiti\n\n"
                    "Office of the Spokesperson\n"
                    "Assistant Secretary Anne Witkowsky will travel to Haiti. We remain "
                    "committed to the Haitian people.\n", encoding="utf-8")
    code, records, _ = _tag(runner, str(path), "--no-fuzzy")
    assert code == 0
    meta = records[0]["meta"]
    assert (meta["issuer"], meta["origin"]["issuer"]) == ("USA", "text")
    assert "inst.USA.mfa" not in [a["id"] for a in records[0]["actors"]]
    assert [(p["holder"], p["stance"]) for p in records[0]["positions"]] == [("USA", "commit")]


def test_a_salutation_line_is_no_title_and_names_no_issuer(runner: CliRunner,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "speech.txt"
    path.write_text("Excellency, Volkan Bozkir, President of the General Assembly\n"
                    "The pandemic has claimed a million lives. All nations must act together.\n",
                    encoding="utf-8")
    code, records, _ = _tag(runner, str(path), "--no-fuzzy")
    assert code == 0
    meta = records[0]["meta"]
    assert (meta["title"], meta["issuer"]) == (None, None)


def test_a_numbered_paragraph_opening_with_the_state_names_it(runner: CliRunner,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "statement.txt"
    path.write_text("Launch of a Ballistic Missile by North Korea (Statement by the Press "
                    "Secretary)\n\n1. Today North Korea launched a ballistic missile.\n\n"
                    "2. Such launches threaten the peace and security of the region.\n\n"
                    "3. Japan will continue to work closely with the United States.\n\n"
                    "4. Japan also calls on North Korea to comply with the resolutions.\n",
                    encoding="utf-8")
    code, records, _ = _tag(runner, str(path), "--no-fuzzy")
    assert code == 0
    assert records[0]["meta"]["issuer"] == "JPN"
    assert [(p["holder"], p["stance"]) for p in records[0]["positions"]] == [
        ("JPN", "warn"), ("JPN", "commit"), ("JPN", "call")]
