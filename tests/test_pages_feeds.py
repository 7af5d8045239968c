"""Pages and feeds in (issue 16): what a user sees from ``briefcli tag`` and ``briefcli text``.

Pages are fixtures written in the layouts of real ministry sites, each beside its article text;
feeds are three real State Department snapshots (see ``tests/fixtures/*/README.md``) and small
hand-written feeds of the other dialects. Everything runs offline.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from briefcli.cli import app

from .conftest import ROOT, small_args

PAGES = ROOT / "tests" / "fixtures" / "pages"
FEEDS = ROOT / "tests" / "fixtures" / "feeds"
PAGE_NAMES = ["ru-mfa-statement", "us-state-briefing", "fr-mfa-statement-cp1252"]
SNAPSHOTS = sorted(FEEDS.glob("*.rss"))


def run(runner: CliRunner, *args: str, stdin: str | bytes | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=stdin)


def records(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def essence(doc: dict[str, Any]) -> dict[str, Any]:
    """What must not depend on the input's format: actors, mechanisms, positions."""
    return {
        "actors": [(a["id"], a["count"], [m["text"] for m in a["mentions"]])
                   for a in doc["actors"]],
        "mechanisms": [(m["id"], m["count"]) for m in doc["mechanisms"]],
        "positions": [(p["holder"], p["stance"], p["negated"], p["targets"], p["mechanisms"],
                       p["text"], p["evidence"]) for p in doc["positions"]],
    }


# --- pages ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_tags_like_its_article_text(runner: CliRunner, name: str) -> None:
    page = run(runner, "tag", str(PAGES / f"{name}.html"), "-f", "json")
    text = run(runner, "tag", str(PAGES / f"{name}.txt"), "-f", "json")
    assert page.exit_code == 0, page.stderr
    doc, plain = json.loads(page.stdout), json.loads(text.stdout)
    assert essence(doc) == essence(plain)
    assert doc["actors"], "the article names actors"
    assert doc["meta"]["input_format"] == "html"
    assert plain["meta"]["input_format"] == "text"


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_text_command_prints_the_article_and_offsets_refer_to_it(runner: CliRunner,
                                                                 name: str) -> None:
    shown = run(runner, "text", str(PAGES / f"{name}.html"))
    assert shown.exit_code == 0
    article = (PAGES / f"{name}.txt").read_text(encoding="utf-8")
    assert shown.stdout == article
    doc = json.loads(run(runner, "tag", str(PAGES / f"{name}.html"), "-f", "json").stdout)
    for actor in doc["actors"]:
        for m in actor["mentions"]:
            assert shown.stdout[m["start"]:m["end"]] == m["text"]
    for p in doc["positions"]:
        assert shown.stdout[p["start"]:p["end"]] == p["text"]
        assert "<" not in p["evidence"] and "&#" not in p["evidence"]


@pytest.mark.parametrize(("name", "title", "date", "link"), [
    pytest.param("ru-mfa-statement", "Foreign Ministry statement on the peace treaty between "
                 "Armenia and Azerbaijan", "2025-03-14",
                 "https://mid.example/en/foreign_policy/news/1990001/", id="h1-og-published"),
    pytest.param("us-state-briefing", "Department Press Briefing – November 1, 2023",
                 "2023-11-01", "https://www.state.example/briefings/department-press-briefing-"
                 "november-1-2023/", id="h1-outside-content-jsonld"),
    pytest.param("fr-mfa-statement-cp1252", "Déclaration de la porte-parole", "2023-08-02",
                 None, id="cp1252-dc-date"),
])
def test_page_title_date_and_link(runner: CliRunner, name: str, title: str, date: str,
                                  link: str | None) -> None:
    meta = json.loads(run(runner, "tag", str(PAGES / f"{name}.html"), "-f", "json").stdout)[
        "meta"]
    assert (meta["title"], meta["date"], meta["link"]) == (title, date, link)
    assert meta["origin"]["title"] == meta["origin"]["date"] == "text"


def test_nothing_is_tagged_from_menus_scripts_banners_sidebars_footers(runner: CliRunner
                                                                       ) -> None:
    doc = json.loads(run(runner, "tag", str(PAGES / "ru-mfa-statement.html"), "-f",
                         "json").stdout)
    ids = [a["id"] for a in doc["actors"]]
    assert ids == ["ARM", "AZE", "RUS", "IRN", "TUR"]
    as_text = json.loads(run(runner, "tag", str(PAGES / "ru-mfa-statement.html"),
                             "--input-format", "text", "-f", "json").stdout)
    assert len(as_text["actors"]) > 15  # what the menus, scripts and footer would add


def test_flags_outrank_file_name_outranks_the_page(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "2020-01-02_statement.html"
    shutil.copy(PAGES / "ru-mfa-statement.html", page)
    named = json.loads(run(runner, "tag", str(page), "-f", "json", "--name-pattern",
                           "{date}_{*}.html").stdout)["meta"]
    assert (named["date"], named["origin"]["date"]) == ("2020-01-02", "file-name")
    flagged = json.loads(run(runner, "tag", str(page), "-f", "json", "--name-pattern",
                             "{date}_{*}.html", "--date", "2021-05-06").stdout)["meta"]
    assert (flagged["date"], flagged["origin"]["date"]) == ("2021-05-06", "flag")


def test_class_names_on_body_or_article_do_not_hide_the_page(runner: CliRunner,
                                                             tmp_path: Path) -> None:
    page = tmp_path / "wp.html"
    page.write_text('<html><body class="home has-sidebar overflow-hidden">'
                    '<div class="site-content"><article class="post share-enabled">'
                    "<p>Russia welcomes the talks.</p></article>"
                    '<div class="sidebar"><p>China news</p></div></div></body></html>',
                    encoding="utf-8")
    assert run(runner, "text", str(page)).stdout == "Russia welcomes the talks.\n"


def test_the_article_is_the_longest_article_not_a_teaser(runner: CliRunner,
                                                          tmp_path: Path) -> None:
    page = tmp_path / "teasers.html"
    page.write_text("<html><body><section class='latest'><article><h2>China</h2><p>Short "
                    "teaser about China.</p></article></section><article><h1>Statement</h1>"
                    "<p>Russia welcomes the talks between Armenia and Azerbaijan, and hopes "
                    "for an early agreement.</p></article></body></html>", encoding="utf-8")
    shown = run(runner, "text", str(page)).stdout
    assert shown.startswith("Statement\n\nRussia welcomes") and "China" not in shown


def test_page_on_stdin_is_sniffed(runner: CliRunner) -> None:
    data = (PAGES / "fr-mfa-statement-cp1252.html").read_bytes()
    result = run(runner, "tag", "-", "-f", "json", stdin=data)
    doc = json.loads(result.stdout)
    assert doc["source"] == "-"
    assert doc["meta"]["input_format"] == "html"
    assert doc["meta"]["title"] == "Déclaration de la porte-parole"
    plain = run(runner, "tag", "-", "-f", "json", "--input-format", "text", stdin=data)
    assert json.loads(plain.stdout)["meta"]["input_format"] == "text"


def test_undecodable_page_is_replaced_and_warned_about_once(runner: CliRunner,
                                                           tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_bytes(b"<html><body><main><p>Russia welcomes \xff\xfe the talks.</p>"
                     b"<p>Again \xff.</p></main></body></html>")
    result = run(runner, "tag", str(page), "-f", "json")
    assert result.exit_code == 0
    assert result.stderr.count("not valid utf-8") == 1
    assert "\ufffd" in run(runner, "text", str(page)).stdout


# --- feeds ------------------------------------------------------------------------------------

def test_feed_gives_one_record_per_item_in_feed_order(runner: CliRunner) -> None:
    snapshot = FEEDS / "2021-05-28_69807d72.rss"
    result = run(runner, "tag", str(snapshot), "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    docs = records(result.stdout)
    assert len(docs) == 10
    first = docs[0]
    assert first["source"] == "https://www.state.gov/?page_id=246975"
    assert first["meta"]["title"] == ("Secretary Blinken’s Call with Vietnamese Foreign "
                                      "Minister Son")
    assert first["meta"]["date"] == "2021-05-28"
    assert first["meta"]["link"] == ("https://www.state.gov/secretary-blinkens-call-with-"
                                     "vietnamese-foreign-minister-son/")
    assert first["meta"]["input_format"] == "feed"
    assert first["meta"]["origin"]["title"] == first["meta"]["origin"]["date"] == "field"
    # dc:creator "Office of the Spokesperson"; the channel is "Press Releases – United States
    # Department of State": the Department issues the release and speaks.
    assert first["meta"]["issuer"] == "inst.USA.mfa"
    # the office the feed names speaks first; the text adds the spokesperson it is
    # attributable to
    assert first["meta"]["speakers"] == ["inst.USA.mfa", "person.ned-price"]
    assert first["meta"]["origin"]["issuer"] == first["meta"]["origin"]["speakers"] == "field"
    second = docs[1]  # dc:creator "Ned Price, Department Spokesperson"
    assert second["meta"]["speakers"][0] == "person.ned-price"
    assert second["meta"]["origin"]["speakers"] == "field"
    assert [d["meta"]["date"] for d in docs] == sorted((d["meta"]["date"] for d in docs),
                                                       reverse=True)
    assert "1 feed: 10 items" in result.stderr


@pytest.mark.parametrize("snapshot", SNAPSHOTS, ids=[s.stem for s in SNAPSHOTS])
def test_no_evidence_holds_markup_entities_or_script(runner: CliRunner, snapshot: Path) -> None:
    docs = records(run(runner, "tag", str(snapshot), "-f", "jsonl").stdout)
    assert len(docs) == 10
    for doc in docs:
        assert doc["meta"]["title"] and doc["meta"]["date"]
        for p in doc["positions"]:
            for bad in ("<", "&#", "&amp;", "jQuery", "function(", "</"):
                assert bad not in p["evidence"], (doc["source"], p["evidence"])


def test_feed_item_tags_like_its_text(runner: CliRunner, tmp_path: Path) -> None:
    """`briefcli text FEED -f jsonl` gives each item's text; tagged as JSON Lines, it gives
    the same actors, mechanisms and positions as the feed."""
    snapshot = str(FEEDS / "2022-03-03_5b483348.rss")
    texts = run(runner, "text", snapshot, "-f", "jsonl").stdout
    as_jsonl = records(run(runner, "tag", "--input-format", "jsonl", "-f", "jsonl",
                           stdin=texts).stdout)
    as_feed = records(run(runner, "tag", snapshot, "-f", "jsonl").stdout)
    assert [d["source"] for d in as_feed] == [d["source"] for d in as_jsonl]
    for feed_doc, text_doc in zip(as_feed, as_jsonl, strict=True):
        assert essence(feed_doc) == essence(text_doc)
        assert feed_doc["meta"]["title"] == text_doc["meta"]["title"]


def test_folder_of_snapshots_tags_each_item_once(runner: CliRunner, tmp_path: Path) -> None:
    for snapshot in SNAPSHOTS:
        shutil.copy(snapshot, tmp_path / snapshot.name)
    shutil.copy(SNAPSHOTS[0], tmp_path / "zz-again.rss")  # a later snapshot repeating items
    result = run(runner, "tag", str(tmp_path), "-f", "jsonl")
    docs = records(result.stdout)
    assert len(docs) == 30
    assert len({d["source"] for d in docs}) == 30
    assert "4 feeds: 30 items, 10 already tagged in this run skipped" in result.stderr
    kept = records(run(runner, "tag", str(tmp_path), "-f", "jsonl",
                       "--keep-duplicates").stdout)
    assert len(kept) == 40


def test_jobs_give_the_same_bytes(runner: CliRunner, tmp_path: Path) -> None:
    for snapshot in SNAPSHOTS:
        shutil.copy(snapshot, tmp_path / snapshot.name)
    shutil.copy(PAGES / "ru-mfa-statement.html", tmp_path / "page.html")
    shutil.copy(PAGES / "us-state-briefing.txt", tmp_path / "text.txt")
    one = run(runner, "tag", str(tmp_path), "-f", "jsonl", "--jobs", "1")
    two = run(runner, "tag", str(tmp_path), "-f", "jsonl", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    assert len(records(one.stdout)) == 32


def test_feed_on_stdin(runner: CliRunner) -> None:
    data = (FEEDS / "2022-05-24_6f83582e.rss").read_bytes()
    docs = records(run(runner, "tag", "-", "-f", "jsonl", stdin=data).stdout)
    assert len(docs) == 10
    assert all(d["meta"]["input_format"] == "feed" for d in docs)


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Ministry news</title>
  <link href="https://mfa.example/"/>
  <entry>
    <title type="html">Statement on &lt;b&gt;Armenia&lt;/b&gt;</title>
    <id>urn:uuid:1</id>
    <link rel="alternate" href="https://mfa.example/1"/>
    <published>2024-10-24T09:00:00+04:00</published>
    <author><name>Maria Zakharova</name></author>
    <content type="html">&lt;p&gt;Russia welcomes the talks between Armenia and
      Azerbaijan.&lt;/p&gt;&lt;script&gt;var x = "China";&lt;/script&gt;</content>
  </entry>
  <entry>
    <title>Second</title>
    <id>urn:uuid:2</id>
    <updated>2024-10-23T09:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>France calls for
      calm.</p></div></content>
  </entry>
  <entry>
    <title>Third</title>
    <id>urn:uuid:3</id>
    <updated>2024-10-22</updated>
    <summary type="text">Plain text: a &lt; b, Japan.</summary>
  </entry>
</feed>
"""

RSS1 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://mfa.example/rss"><title>MFA</title></channel>
  <item rdf:about="https://mfa.example/a">
    <title>On Azerbaijan</title>
    <link>https://mfa.example/a</link>
    <dc:date>2023-09-19</dc:date>
    <dc:creator>Antony J. Blinken, Secretary of State</dc:creator>
    <description>The United States welcomes the agreement.&amp;nbsp;It&amp;#8217;s good.
    </description>
  </item>
</rdf:RDF>
"""


@pytest.mark.parametrize(("name", "content", "expected"), [
    pytest.param("news.atom", ATOM, [
        ("urn:uuid:1", "Statement on Armenia", "2024-10-24", "https://mfa.example/1",
         "Russia welcomes the talks between Armenia and Azerbaijan."),
        ("urn:uuid:2", "Second", "2024-10-23", None, "France calls for calm."),
        ("urn:uuid:3", "Third", "2024-10-22", None, "Plain text: a < b, Japan."),
    ], id="atom"),
    pytest.param("feed.xml", RSS1, [
        ("https://mfa.example/a", "On Azerbaijan", "2023-09-19", "https://mfa.example/a",
         "The United States welcomes the agreement. It’s good."),
    ], id="rss1-rdf-as-xml"),
])
def test_feed_dialects(runner: CliRunner, tmp_path: Path, name: str, content: str,
                       expected: list[tuple[str, str, str, str | None, str]]) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    docs = records(run(runner, "tag", str(path), "-f", "jsonl").stdout)
    got = [(d["source"], d["meta"]["title"], d["meta"]["date"], d["meta"]["link"]) for d in docs]
    assert got == [e[:4] for e in expected]
    texts = records(run(runner, "text", str(path), "-f", "jsonl").stdout)
    assert [t["text"] for t in texts] == [e[4] for e in expected]
    assert all("CHN" not in [a["id"] for a in d["actors"]] for d in docs)  # script dropped


DOTNET = """
  <?xml version="1.0" encoding="utf-8"?>
<rss xmlns:a10="http://www.w3.org/2005/Atom" version="2.0"><channel><title>MFA</title>
<item><guid isPermaLink="false">7</guid><link>https://mfa.example/7</link><title>Briefing</title>
<description>&amp;lt;p&amp;gt;Russia welcomes the talks.&amp;lt;/p&amp;gt;</description>
<a10:updated>2025-01-21T10:00:00+08:00</a10:updated></item></channel></rss>
"""


def test_dotnet_rss_with_atom_dates_escaped_twice_and_leading_space(runner: CliRunner,
                                                                    tmp_path: Path) -> None:
    path = tmp_path / "mfa.rss"
    path.write_text(DOTNET, encoding="utf-8")
    (doc,) = records(run(runner, "tag", str(path), "-f", "jsonl").stdout)
    assert (doc["meta"]["date"], doc["meta"]["title"]) == ("2025-01-21", "Briefing")
    assert run(runner, "text", str(path)).stdout == "Russia welcomes the talks.\n"


def test_page_date_as_prose_writes_it(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text('<html><head><meta name="date" content="14.03.2025"></head><body><main>'
                    "<p>Russia welcomes the talks.</p></main></body></html>", encoding="utf-8")
    meta = json.loads(run(runner, "tag", str(page), "-f", "json").stdout)["meta"]
    assert meta["date"] == "2025-03-14"


def test_page_date_from_an_element_named_like_a_date(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "fmprc.html"
    page.write_text("<html><body><div class='nav'>Japan</div><div class='news-title'><h1>Regular "
                    "Press Conference</h1><p class='time'>2024-06-20 15:30</p></div>"
                    "<div class='news-main'><p>Mao Ning: China always supports peace.</p>"
                    "<p>Mao Ning: China opposes it.</p></div></body></html>", encoding="utf-8")
    meta = json.loads(run(runner, "tag", str(page), "-f", "json").stdout)["meta"]
    assert (meta["title"], meta["date"]) == ("Regular Press Conference", "2024-06-20")


def test_dc_creator_with_several_names_gives_the_first_person(runner: CliRunner,
                                                              tmp_path: Path) -> None:
    creators = ["Antony J. Blinken, Secretary of State, Lloyd Austin, Secretary of Defense",
                "Ambassador at Large Rashad HussainBureau of Democracy, Ned Price, Spokesperson",
                "U.S. Department of State", "Office of the Spokesperson"]
    items = "".join(f"<item><guid>g{i}</guid><title>T{i}</title><dc:creator>{c}</dc:creator>"
                    f"<description>The talks went well.</description></item>"
                    for i, c in enumerate(creators))
    path = tmp_path / "f.rss"
    path.write_text('<rss xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
                    f"{items}</channel></rss>", encoding="utf-8")
    result = run(runner, "tag", str(path), "-f", "jsonl")
    docs = records(result.stdout)
    assert docs[0]["meta"]["speakers"] == ["person.antony-blinken"]
    assert docs[1]["meta"]["speakers"][:1] == ["person.ned-price"]  # the first person known
    assert docs[2]["meta"]["speakers"] == ["inst.USA.mfa"]  # the ministry: issuer USA
    assert docs[2]["meta"]["issuer"] == "USA"
    assert docs[3]["meta"]["speakers"] == []  # unknown to the rules: none, and no warning
    assert "warning" not in result.stderr


@pytest.mark.parametrize(("channel", "issuer", "speakers"), [
    pytest.param("Press Releases &#8211; United States Department of State", "inst.USA.mfa",
                 ["inst.USA.mfa"], id="titled-by-its-ministry"),
    pytest.param("Ministry of Foreign Affairs of the Russian Federation | News",
                 "inst.RUS.mfa", ["inst.RUS.mfa"], id="bar-separated"),
    pytest.param("Latest news", None, [], id="titled-by-no-actor"),
])
def test_feed_title_names_its_issuer_and_a_press_office_is_the_issuer_speaking(
        runner: CliRunner, tmp_path: Path, channel: str, issuer: str | None,
        speakers: list[str]) -> None:
    items = "".join(f"<item><guid>g{i}</guid><title>T{i}</title><dc:creator>{c}</dc:creator>"
                    "<description>We welcome the talks.</description></item>"
                    for i, c in enumerate(["Office of the Spokesperson", "Press Service"]))
    path = tmp_path / "f.rss"
    path.write_text('<rss xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
                    f"<title>{channel}</title><image><title>Logo</title></image>{items}"
                    "</channel></rss>", encoding="utf-8")
    result = run(runner, "tag", str(path), "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr
    for doc in records(result.stdout):
        assert doc["meta"]["issuer"] == issuer
        assert doc["meta"]["speakers"] == speakers
        assert doc["meta"]["origin"]["issuer"] == ("field" if issuer else "none")
    flagged = records(run(runner, "tag", str(path), "-f", "jsonl", "--issuer", "GBR").stdout)
    assert {d["meta"]["issuer"] for d in flagged} == {"GBR"}  # the flag outranks the feed
    assert all(d["meta"]["origin"]["issuer"] == "flag" for d in flagged)
    texts = records(run(runner, "text", str(path), "-f", "jsonl").stdout)
    assert [t["speaker"] for t in texts] == ["Office of the Spokesperson", "Press Service"]
    assert {t["issuer"] for t in texts} == {channel.replace("&#8211;", "\u2013")}
    back = records(run(runner, "tag", "--input-format", "jsonl", "-f", "jsonl", "-q",
                       stdin="".join(json.dumps(t) + "\n" for t in texts)).stdout)
    assert [d["meta"]["speakers"] for d in back] == [speakers, speakers]


@pytest.mark.parametrize(("encoding", "title"), [
    pytest.param("windows-1251", "Заявление МИД России", id="cp1251"),
    pytest.param("shift_jis", "外務報道官談話", id="shift-jis-multibyte"),
])
def test_feed_in_a_declared_legacy_encoding(runner: CliRunner, tmp_path: Path, encoding: str,
                                           title: str) -> None:
    path = tmp_path / "f.rss"
    path.write_bytes((f'<?xml version="1.0" encoding="{encoding}"?><rss><channel><item>'
                      f"<guid>1</guid><title>{title}</title><description>Russia welcomes "
                      "it.</description></item></channel></rss>").encode(encoding))
    (doc,) = records(run(runner, "tag", str(path), "-f", "jsonl").stdout)
    assert doc["meta"]["title"] == title


def test_atom_xhtml_content_keeps_its_paragraphs(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.atom"
    path.write_text('<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id><title>t'
                    '</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
                    "<p>Russia welcomes it.</p><p>China too.</p></div></content></entry></feed>",
                    encoding="utf-8")
    assert run(runner, "text", str(path)).stdout == "Russia welcomes it.\n\nChina too.\n"


def test_page_and_feed_records_follow_the_schema(runner: CliRunner) -> None:
    schema = json.loads((ROOT / "schema" / "output.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    docs = records(run(runner, "tag", str(PAGES / "ru-mfa-statement.html"),
                       str(SNAPSHOTS[0]), "-f", "jsonl").stdout)
    assert {d["meta"]["input_format"] for d in docs} == {"html", "feed"}
    for doc in docs:
        validator.validate(doc)


def test_stats_reads_a_feed(runner: CliRunner) -> None:
    result = run(runner, "stats", str(SNAPSHOTS[0]), "-f", "json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert (summary["documents"], summary["errors"]) == (10, 0)  # its items, not one text


# --- the format rule --------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "content", "flag", "expected"), [
    pytest.param("a.htm", "<p>Russia</p>", None, "html", id="htm"),
    pytest.param("a.xhtml", "<html><body><p>Russia</p></body></html>", None, "html",
                 id="xhtml"),
    pytest.param("a.xml", "<html><body><p>Russia</p></body></html>", None, "html",
                 id="xml-page"),
    pytest.param("a.xml", "<note>Russia</note>", None, "text", id="xml-other"),
    pytest.param("a.txt", "<!DOCTYPE html><p>Russia</p>", None, "text", id="txt-stays-text"),
    pytest.param("noext", "  <!DOCTYPE html><html><p>Russia</p>", None, "html", id="sniff-page"),
    pytest.param("noext", "Russia said so.", None, "text", id="sniff-text"),
    pytest.param("a.html", "<p>Russia</p>", "text", "text", id="flag-wins"),
    pytest.param("a.txt", "<p>Russia</p>", "html", "html", id="flag-html"),
])
def test_format_rule(runner: CliRunner, tmp_path: Path, name: str, content: str,
                     flag: str | None, expected: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    args = ["tag", str(path), "-f", "json"] + (["--input-format", flag] if flag else [])
    doc = json.loads(run(runner, *args).stdout)
    assert doc["meta"]["input_format"] == expected


# --- hostile input ----------------------------------------------------------------------------

BOMB = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
                  for i in range(1, 10))
        + ']>\n<rss><channel><item><title>&lol9;</title></item></channel></rss>\n')
XXE = ('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
       "<rss><channel><item><title>&x;</title></item></channel></rss>")


@pytest.mark.parametrize(("name", "data", "kind", "message"), [
    pytest.param("bomb.rss", BOMB.encode(), "unsafe-xml", "declares XML entities",
                 id="billion-laughs"),
    pytest.param("xxe.rss", XXE.encode(), "unsafe-xml", "declares XML entities", id="xxe"),
    pytest.param("junk.html", bytes(range(256)) * 40, "binary", "binary", id="binary-html"),
    pytest.param("junk.rss", b"\x00\x01garbage" * 100, "binary", "binary", id="binary-rss"),
    pytest.param("not.rss", b"<html><body>hi</body></html>", "feed", "not a feed",
                 id="rss-name-page-root"),
    pytest.param("broken.rss", b"<rss><channel><item><title>a</item>", "feed",
                 "not well-formed", id="ill-formed"),
])
def test_hostile_inputs_give_one_clear_line(runner: CliRunner, tmp_path: Path, name: str,
                                            data: bytes, kind: str, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    start = time.perf_counter()
    result = run(runner, "tag", str(path), "-f", "jsonl")
    assert time.perf_counter() - start < 1.0
    assert result.exit_code == 1
    (record,) = records(result.stdout)
    assert record["error"]["kind"] == kind
    assert message in record["error"]["message"]
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and "Traceback" not in result.stderr


def test_truncated_feed_keeps_items_before_the_cut_and_others_go_on(runner: CliRunner,
                                                                    tmp_path: Path) -> None:
    data = SNAPSHOTS[0].read_bytes()
    (tmp_path / "a-cut.rss").write_bytes(data[: len(data) * 6 // 10])
    shutil.copy(PAGES / "ru-mfa-statement.html", tmp_path / "b-page.html")
    result = run(runner, "tag", str(tmp_path), "-f", "jsonl")
    docs = records(result.stdout)
    assert result.exit_code == 1
    errors = [d for d in docs if "error" in d]
    assert len(errors) == 1 and errors[0]["error"]["kind"] == "feed-truncated"
    assert "are kept" in errors[0]["error"]["message"]
    kept = [d for d in docs if d.get("meta", {}).get("input_format") == "feed"]
    assert 0 < len(kept) < 10
    assert docs[-1]["source"].endswith("b-page.html")  # the next input is still tagged


@pytest.mark.parametrize("markup", [
    pytest.param("<html><body>" + "<div>" * 100_000 + "<p>Russia welcomes it.</p>", id="deep"),
    pytest.param("<html><body><main><p>Russia welcomes the talks.<p>China <b>supports <i>them."
                 "<div>France calls", id="unclosed"),
    pytest.param("<html><head><title>x</title><body><p>Russia welcomes it.", id="head-open"),
])
def test_broken_pages_parse_tolerantly(runner: CliRunner, tmp_path: Path, markup: str) -> None:
    path = tmp_path / "p.html"
    path.write_text(markup, encoding="utf-8")
    result = run(runner, "tag", str(path), "-f", "json")
    assert result.exit_code == 0
    assert "RUS" in [a["id"] for a in json.loads(result.stdout)["actors"]]


def test_deeply_nested_feed(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "deep.rss"
    path.write_text("<rss><channel><item><guid>g</guid><description>" + "<a>" * 100_000
                    + "Russia" + "</a>" * 100_000 + "</description></item></channel></rss>",
                    encoding="utf-8")
    result = run(runner, "tag", str(path), "-f", "jsonl")
    assert result.exit_code == 0
    assert len(records(result.stdout)) == 1


def test_large_page_respects_max_bytes(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_bytes(b"<html><body>" + b"<p>Russia.</p>" * 10_000)
    result = run(runner, "tag", str(path), "-f", "jsonl", "--max-bytes", "100000")
    assert result.exit_code == 1
    assert records(result.stdout)[0]["error"]["kind"] == "too-large"
    assert "--max-bytes" in result.stderr


def test_a_text_run_imports_no_page_or_feed_reader(tmp_path: Path) -> None:
    """Start-up of ``briefcli tag one.txt`` must not pay for pages and feeds."""
    path = tmp_path / "one.txt"
    path.write_text("Russia welcomes the talks.", encoding="utf-8")
    readers = ("briefcli.html", "briefcli.feeds", "html.parser", "xml.etree.ElementTree")
    code = ("import atexit, sys\n"
            "atexit.register(lambda: sys.stderr.write('LOADED ' + ' '.join(m for m in "
            f"{readers!r} if m in sys.modules) + '\\n'))\n"
            f"sys.argv = ['briefcli', 'tag', {str(path)!r}, '-f', 'json', "
            f"*{small_args()!r}]\n"
            "from briefcli.cli import main\nmain()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "LOADED \n" in done.stderr
