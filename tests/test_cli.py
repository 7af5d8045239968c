from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefcli import __version__
from briefcli.cli import app

from .conftest import ROOT, small_args

SAMPLE = ROOT / "samples" / "ru-mfa-south-caucasus-report.txt"


def run(runner: CliRunner, *args: str, stdin: str | bytes | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=stdin)


def test_version(runner: CliRunner) -> None:
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout == f"briefcli {__version__}\n"


@pytest.mark.parametrize("command", [[], ["tag"], ["explain"], ["text"], ["stats"], ["rules"],
                                     ["rules", "list"], ["rules", "show"],
                                     ["rules", "validate"], ["rules", "test"]])
def test_every_command_has_help_with_an_example(runner: CliRunner, command: list[str]) -> None:
    result = run(runner, *command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert "briefcli" in result.stdout


def test_tag_json_field_by_field(runner: CliRunner) -> None:
    result = run(runner, "tag", str(SAMPLE), "--format", "json", *small_args())
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == 2
    assert doc["source"] == str(SAMPLE)
    assert doc["meta"]["speakers"] == ["person.maria-zakharova"]
    assert doc["meta"]["chars"] == len(SAMPLE.read_text(encoding="utf-8"))
    actors = {a["id"]: a for a in doc["actors"]}
    assert list(actors)[:3] == ["RUS", "AZE", "ARM"]  # order of first mention
    assert actors["RUS"]["type"] == "state" and actors["RUS"]["country"] == "RUS"
    zakharova = actors["person.maria-zakharova"]
    assert (zakharova["type"], zakharova["country"]) == ("person", "RUS")
    assert zakharova["role"] == "Spokesperson of the Ministry of Foreign Affairs"
    assert actors["inst.RUS.mfa"]["type"] == "institution"
    baku = actors["AZE"]["mentions"][0]
    assert (baku["text"], baku["rule"], baku["alias"], baku["score"]) == (
        "Baku", "AZE", "Baku", 100)
    text = SAMPLE.read_text(encoding="utf-8")
    for group in ("actors", "mechanisms"):
        for tag_ in doc[group]:
            assert tag_["count"] == len(tag_["mentions"])
            for m in tag_["mentions"]:
                assert text[m["start"]:m["end"]] == m["text"]
    mechanisms = [m["id"] for m in doc["mechanisms"]]
    for expected in ("mech.peace-treaty", "mech.border-delimitation",
                     "mech.transport-unblocking", "mech.3plus3"):
        assert expected in mechanisms
    positions = [(p["holder"], p["stance"], p["negated"]) for p in doc["positions"]]
    assert ("RUS", "expect", False) in positions
    assert ("RUS", "commit", False) in positions
    assert ("RUS", "support", False) in positions
    assert ("RUS", "expect", True) in positions
    first = doc["positions"][0]
    assert text[first["start"]:first["end"]] == first["text"]
    assert first["evidence"] in text


def test_jsonl_is_default_in_a_pipe_and_streams_one_line_per_document(
        runner: CliRunner, tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(f"Russia and Armenia, document {name}.")
    result = run(runner, "tag", str(tmp_path), *small_args())
    lines = result.stdout.splitlines()
    assert [json.loads(line)["source"] for line in lines] == [
        str(tmp_path / f"{name}.txt") for name in ("a", "b", "c")]


def test_json_with_several_inputs_is_an_array(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Russia.")
    (tmp_path / "b.txt").write_text("Armenia.")
    result = run(runner, "tag", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-f", "json",
                 *small_args())
    docs = json.loads(result.stdout)
    assert [d["actors"][0]["id"] for d in docs] == ["RUS", "ARM"]


def test_stdin(runner: CliRunner) -> None:
    result = run(runner, "tag", "-", "-f", "jsonl", *small_args(), stdin="Baku welcomes it.")
    doc = json.loads(result.stdout)
    assert doc["source"] == "-"
    assert doc["positions"][0]["holder"] == "AZE"


def test_csv_long_table(runner: CliRunner) -> None:
    result = run(runner, "tag", str(SAMPLE), "-f", "csv", *small_args())
    rows = result.stdout.splitlines()
    assert rows[0].startswith("source,kind,id,name,type,country,stance")
    kinds = {row.split(",")[1] for row in rows[1:]}
    assert kinds == {"actor", "mechanism", "position"}


def test_markdown_brief(runner: CliRunner) -> None:
    result = run(runner, "tag", str(SAMPLE), "-f", "md", *small_args())
    assert result.exit_code == 0
    assert "**Positions:**" in result.stdout
    assert "**Russia** — *expect*" in result.stdout
    assert "*not expect*" in result.stdout


def test_table_view(runner: CliRunner) -> None:
    result = run(runner, "tag", str(SAMPLE), "-f", "table", "--color", "never", *small_args())
    assert result.exit_code == 0
    for heading in ("Actors", "Mechanisms", "Positions", "Maria Zakharova"):
        assert heading in result.stdout


def test_hostile_text_is_shown_harmlessly(runner: CliRunner, tmp_path: Path) -> None:
    hostile = ("[bold red]Russia[/] welcomes [link=http://evil]this[/link] :warning: "
               "\x1b]0;pwned\x07 \x1b[31mred\x1b[0m \u202egnirts\u202c\rover [/]")
    path = tmp_path / "hostile.txt"
    path.write_text(hostile, encoding="utf-8")
    for fmt in ("table", "md"):
        result = run(runner, "tag", str(path), "-f", fmt, "--color", "always", *small_args())
        assert result.exit_code == 0, result.stderr
        assert "\x1b]0;pwned" not in result.stdout
        assert "\x1b[31mred" not in result.stdout
        assert "\u202e" not in result.stdout and "\r" not in result.stdout
        assert "\\x1b" in result.stdout
    result = run(runner, "tag", str(path), "-f", "table", "--color", "never", *small_args())
    assert "[bold red]Russia[/]" in result.stdout  # markup printed literally, not applied
    doc = json.loads(run(runner, "tag", str(path), "-f", "json", *small_args()).stdout)
    mention = doc["actors"][0]["mentions"][0]
    assert hostile[mention["start"]:mention["end"]] == "Russia"


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("setup", "message", "code"),
    [
        pytest.param(lambda p: str(p / "missing.txt"), "no such file", 1, id="missing"),
        pytest.param(lambda p: str(p / "notes.txt") + "/", "not a readable file", 1,
                     id="not-a-directory"),
        pytest.param(lambda p: str(p), None, 0, id="empty-folder"),
        pytest.param(lambda p: _write(p / "bin.dat", b"\x00\x01\x02ELF" * 50), "binary", 1,
                     id="binary"),
    ],
)
def test_bad_inputs_give_one_line_and_exit_code(runner: CliRunner, tmp_path: Path, setup,  # type: ignore[no-untyped-def]
                                                message: str | None, code: int) -> None:
    sub = tmp_path / "in"
    sub.mkdir()
    (sub / "notes.txt").write_text("Russia.")
    arg = setup(sub)
    if code == 0:
        (sub / "notes.txt").unlink()
    result = run(runner, "tag", arg, "-f", "jsonl", *small_args())
    assert result.exit_code == code
    if message:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1
        assert message in lines[0] and arg in lines[0]
        assert "Traceback" not in result.stderr
        record = json.loads(result.stdout)
        assert record["error"]["message"] and record["source"] == arg


def test_invalid_utf8_is_decoded_with_a_warning(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "cp.txt"
    path.write_bytes("Россия и Армения. Russia welcomes it.".encode("cp1251"))
    result = run(runner, "tag", str(path), "-f", "json", *small_args())
    assert result.exit_code == 0
    assert "decoded as cp1251" in result.stderr
    assert json.loads(result.stdout)["positions"][0]["holder"] == "RUS"


def test_empty_file_warns_and_exits_zero(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("")
    result = run(runner, "tag", str(path), "-f", "json", *small_args())
    assert result.exit_code == 0
    assert "empty document" in result.stderr
    doc = json.loads(result.stdout)
    assert doc["actors"] == [] and doc["positions"] == []
    assert doc["warnings"] == [f"{path}: empty document, nothing to tag"]


def test_no_input_is_a_usage_error(runner: CliRunner) -> None:
    result = run(runner, "tag", *small_args())
    assert result.exit_code == 2
    assert "no input" in result.stderr


def test_malformed_rule_file_names_file_and_line(runner: CliRunner, tmp_path: Path) -> None:
    rules = tmp_path / "bad.yaml"
    rules.write_text("kind: actors\nrules:\n  - id: X\n    name: X\n    type: state\n"
                     "    aliases: [X]\n    colour: red\n")
    result = run(runner, "tag", str(SAMPLE), "--rules", str(rules))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert f"{rules}:7:5: unknown key 'colour'" in result.stderr
    assert result.stdout == ""


def test_explain(runner: CliRunner) -> None:
    result = run(runner, "explain", str(SAMPLE), "--color", "never", *small_args())
    assert result.exit_code == 0
    assert "Why: mentions" in result.stdout and "first-person" in result.stdout


def test_python_dash_m(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "briefcli", "tag", str(SAMPLE), "-f", "json",
                           *small_args()], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["schema_version"] == 2
