"""``briefcli stats``: summaries of an archive over time, from JSON Lines or from files."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from briefcli.cli import app

from .conftest import small_args


def _archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    texts = {
        "2024-01-10.txt": "Moscow, 10 January 2024\nRussia welcomes the 3+3 platform.",
        "2024-02-20.txt": "Moscow, 20 February 2024\nRussia welcomes the peace treaty. Baku too.",
        "2024-05-02.txt": "Moscow, 2 May 2024\nArmenia condemns it. Russia is concerned.",
        "2025-03-03.txt": "Baku, 3 March 2025\nAzerbaijan welcomes the peace treaty.",
        "undated.txt": "Russia and Armenia.",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _jsonl(runner: CliRunner, tmp_path: Path) -> Path:
    out = tmp_path / "tags.jsonl"
    result = runner.invoke(app, ["tag", str(_archive(tmp_path)), "-f", "jsonl", *small_args()])
    out.write_text(result.stdout, encoding="utf-8")
    return out


def test_stats_json_by_quarter(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["stats", str(_jsonl(runner, tmp_path)), "--by", "quarter",
                                 "-f", "json"])
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["documents"] == 5
    assert summary["periods"][:3] == ["2024-Q1", "2024-Q2", "2025-Q1"]
    actors = {a["id"]: a for a in summary["actors"]}
    assert actors["RUS"]["documents"] == 4
    assert actors["RUS"]["series"][:3] == [2, 1, 0]  # mentions; a dateline's "Moscow" is a venue
    positions = {(p["holder"], p["stance"]): p["count"] for p in summary["positions"]}
    assert positions[("RUS", "welcome")] == 2
    assert positions[("AZE", "welcome")] == 1
    assert summary["stances"]["welcome"][:3] == [2, 0, 1]


def test_stats_filters(runner: CliRunner, tmp_path: Path) -> None:
    tags = str(_jsonl(runner, tmp_path))
    result = runner.invoke(app, ["stats", tags, "--mechanism", "mech.peace-treaty",
                                 "--since", "2024-02-01", "-f", "json", "--by", "year"])
    summary = json.loads(result.stdout)
    assert summary["documents"] == 2
    assert [m["id"] for m in summary["mechanisms"]] == ["mech.peace-treaty"]
    assert summary["periods"] == ["2024", "2025"]
    result = runner.invoke(app, ["stats", tags, "--stance", "condemn", "-f", "json"])
    assert json.loads(result.stdout)["positions"] == [
        {"holder": "ARM", "stance": "condemn", "negated": False, "count": 1}]


def test_stats_table_and_csv(runner: CliRunner, tmp_path: Path) -> None:
    tags = str(_jsonl(runner, tmp_path))
    table = runner.invoke(app, ["stats", tags, "--by", "month", "--color", "never"])
    assert table.exit_code == 0
    assert "Actors" in table.stdout and "Stances over time" in table.stdout
    assert "█" in table.stdout
    rows = runner.invoke(app, ["stats", tags, "-f", "csv"]).stdout.splitlines()
    assert rows[0] == "table,id,name,stance,negated,period,count"
    assert "actor,RUS,Russia,,,2024,3" in rows


def test_stats_tags_an_archive_directly(runner: CliRunner, tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    result = runner.invoke(app, ["stats", str(archive), "-f", "json", *small_args()])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["documents"] == 5
