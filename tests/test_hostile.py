"""Hostile texts and hostile rules, one class each, through the CLI: tagged or refused with a
clear message, never a hang, a traceback, a lost document, or a hijacked terminal."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefcli.cli import app

from .conftest import small_args

HOSTILE_TERMINAL = ("[link=http://evil.example]click[/link] [bold red]Russia[/] :warning: "
                    "\x1b]0;title\x07\x1b]52;c;ZXZpbA==\x07"
                    "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ "
                    "\x1b[2J\x1b[31mred\rOVERWRITE \u202eevil\u202c \u2066iso\u2069 \x9b31m")
FORBIDDEN = ("\x1b", "\x07", "\r", "\u202e", "\u2066", "\x9b")


def tag_file(runner: CliRunner, path: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["tag", str(path), *args, *small_args()])


@pytest.mark.parametrize(
    ("name", "data", "outcome"),
    [
        pytest.param("nul.txt", b"Russia\x00welcomes\x00" * 100, "binary", id="nul-bytes"),
        pytest.param("elf.bin", b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 8, "binary",
                     id="binary"),
        pytest.param("utf16.txt", codecs.BOM_UTF16_LE + "Russia welcomes it.".encode(
            "utf-16-le"), "RUS", id="utf-16-bom"),
        pytest.param("mixed.txt", "Россия ".encode() + "Armenia \xe9t\xe9".encode("latin-1"),
                     "ARM", id="mixed-encodings"),
        pytest.param("crlf.txt", b"Question: Why?\r\nMaria Zakharova: Armenia welcomes it.\r\n",
                     "ARM", id="windows-line-endings"),
        pytest.param("cr.txt", b"Title\rRussia welcomes it.\rNext.", "RUS", id="old-mac-endings"),
        pytest.param("rtl.txt", "Russia ترحب و Armenia \u05e9\u05dc\u05d5\u05dd.".encode(),
                     "RUS", id="right-to-left"),
        pytest.param("combining.txt", "Arme\u0301nia Russia\u0308 Russia.".encode(), "RUS",
                     id="combining-characters"),
        pytest.param("punct.txt", b"!?." * 200_000 + b" Russia.", "RUS", id="repeated-punct"),
        pytest.param("quotes.txt", b'"' * 100_000 + b" Russia", "RUS", id="repeated-quotes"),
        pytest.param("labels.txt", b"A: B: C: D:\n" * 20_000 + b"Russia.", "RUS",
                     id="label-like-lines"),
    ],
)
def test_hostile_texts(runner: CliRunner, tmp_path: Path, name: str, data: bytes,
                       outcome: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = tag_file(runner, path, "-f", "jsonl")
    record = json.loads(result.stdout)
    if outcome == "binary":
        assert result.exit_code == 1
        assert record["error"]["kind"] == "binary"
        assert result.stderr.count("\n") == 1 and str(path) in result.stderr
    else:
        assert result.exit_code == 0, result.stderr
        assert outcome in [a["id"] for a in record["actors"]]
    assert "Traceback" not in result.stderr


def test_one_long_line(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "line.txt"
    path.write_text("Russia welcomes the peace treaty with Armenia, " * 100_000, encoding="utf-8")
    record = json.loads(tag_file(runner, path, "-f", "jsonl").stdout)
    assert {a["id"]: a["count"] for a in record["actors"]} == {"RUS": 100_000, "ARM": 100_000}


def test_max_bytes_refuses_large_files(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"Russia. " * 200_000)
    result = tag_file(runner, path, "-f", "jsonl", "--max-bytes", "1000000")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"]["kind"] == "too-large"
    assert "--max-bytes" in result.stderr


def test_many_tiny_files(runner: CliRunner, tmp_path: Path) -> None:
    for i in range(3000):
        (tmp_path / f"{i:05d}.txt").write_text("Baku." if i % 2 else "")
    result = runner.invoke(app, ["tag", str(tmp_path), "-f", "jsonl", "-q", *small_args()])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 3000
    assert result.stderr == ""  # --quiet: the empty-file warnings are silenced


@pytest.mark.parametrize("fmt", ["table", "md"])
def test_nothing_reaches_the_terminal_raw(runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "hostile\x1b[31m.txt"
    path.write_text(HOSTILE_TERMINAL + " Russia welcomes it.", encoding="utf-8")
    result = tag_file(runner, path, "-f", fmt, "--color", "always", "--explain")
    assert result.exit_code == 0
    visible = result.stdout
    for ch in FORBIDDEN:
        # rich's own colour codes are ESC [ ... m; none may come from the document
        text_only = visible.replace("\x1b[", "") if ch == "\x1b" else visible
        assert ch not in text_only, repr(ch)
    assert "\\x1b" in visible and "\\u202e" in visible


def test_error_messages_neutralise_file_names(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b]0;x\x07name.bin"
    path.write_bytes(b"\x00" * 100)
    result = tag_file(runner, path, "-f", "jsonl")
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\\x1b" in result.stderr
    assert json.loads(result.stdout)["source"] == str(path)  # JSON keeps it exact


def test_json_keeps_the_exact_text_escaped(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    text = "Russia \x1b[31m\u202e welcomes it."
    path.write_text(text, encoding="utf-8")
    result = tag_file(runner, path, "-f", "json")
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    position = json.loads(result.stdout)["positions"][0]
    assert position["evidence"] == text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("kind: actors\nrules:\n  - !!python/object/apply:os.system ['echo pwned']\n",
                     "invalid YAML", id="python-tag"),
        pytest.param("a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n", "anchors and aliases",
                     id="alias-bomb"),
        pytest.param("kind: actors\nrules: " + "[" * 100 + "]" * 100 + "\n", "nested",
                     id="deep-nesting"),
        pytest.param("kind: mechanisms\nrules:\n  - id: m\n    name: M\n    type: treaty\n"
                     "    aliases: ['" + "(a|b)" * 20 + "']\n", "more than 256", id="pattern-bomb"),
    ],
)
def test_hostile_rule_files(runner: CliRunner, tmp_path: Path, content: str,
                            message: str) -> None:
    rules = tmp_path / "evil.yaml"
    rules.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["tag", "-", "--rules", str(rules)], input="Russia.")
    assert result.exit_code == 2
    assert message in result.stderr and str(rules) in result.stderr
    assert result.stdout == ""  # nothing tagged with a half-loaded pack
    assert "Traceback" not in result.stderr


def test_huge_rule_file_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    rules = tmp_path / "huge.yaml"
    rules.write_text("# " + "x" * (21 * 1024 * 1024) + "\nkind: actors\nrules: []\n")
    result = runner.invoke(app, ["rules", "validate", str(rules)])
    assert result.exit_code == 2
    assert "larger than 20 MB" in result.stdout


def test_ctrl_c_leaves_complete_lines_and_no_traceback(tmp_path: Path) -> None:
    import signal
    import time

    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(3000):  # far more than the run gets through before the interrupt
        (inputs / f"{i:04d}.txt").write_text("Russia welcomes the peace treaty. " * 200)
    out = tmp_path / "out.jsonl"
    with out.open("wb") as handle:
        proc = subprocess.Popen([sys.executable, "-m", "briefcli", "tag", str(inputs), "-f",
                                 "jsonl", "--jobs", "2", *small_args()], stdout=handle,
                                stderr=subprocess.PIPE, env=dict(os.environ))
        deadline = time.monotonic() + 60
        while out.stat().st_size < 10_000 and time.monotonic() < deadline:
            time.sleep(0.05)  # interrupt mid-run, once records are being written
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert b"interrupted" in err
    assert b"Traceback" not in err
    for line in out.read_bytes().splitlines():
        json.loads(line)


def test_a_lone_surrogate_in_a_record_title_is_no_crash(tmp_path: Path) -> None:
    archive = tmp_path / "records.jsonl"
    archive.write_text('{"title": "Secretary \\ud800 Blinken", "text": "We welcome it."}\n'
                       '{"title": "Remarks", "text": "We condemn the attack."}\n',
                       encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "briefcli", "tag", str(archive),
                             "--input-format", "jsonl", "-f", "jsonl", "--no-fuzzy"],
                            capture_output=True, text=True, encoding="utf-8", check=False)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["meta"]["title"] for r in records] == ["Secretary \ud800 Blinken", "Remarks"]
