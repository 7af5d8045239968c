"""Archives: order, completeness, error records and exit codes, in one process or several."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefcli.cli import app

from .conftest import small_args

BROKEN = {"binary.txt": "binary", "invalid-utf8.txt": None, "empty.txt": None,
          "unreadable.txt": "unreadable"}


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    for year in (2019, 2020, 2021):
        folder = root / str(year)
        folder.mkdir(parents=True)
        for i in range(100):
            (folder / f"{year}-{i:03d}.txt").write_text(
                f"Briefing {year}-{i}. Russia welcomes the peace treaty between Baku and "
                f"Yerevan. We do not expect quick results.", encoding="utf-8")
    odd = root / "odd"
    odd.mkdir()
    (odd / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (odd / "invalid-utf8.txt").write_bytes(b"Armenia \xff\xfe welcomes it.")
    (odd / "empty.txt").write_text("")
    unreadable = odd / "unreadable.txt"
    unreadable.write_text("Russia.")
    unreadable.chmod(0)
    os.symlink(root, odd / "loop")  # a symlink loop back to the top
    (root / ".hidden.txt").write_text("Russia.")
    return root


def _tag(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["tag", *args, *small_args()])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_archive_is_complete_ordered_and_reports_errors(runner: CliRunner, archive: Path,
                                                        jobs: str) -> None:
    code, out, err = _tag(runner, str(archive), "--format", "jsonl", "--jobs", jobs)
    records = [json.loads(line) for line in out.splitlines()]
    sources = [r["source"] for r in records]
    assert len(sources) == len(set(sources)) == 304  # the loop is not followed twice
    assert sources == sorted(sources)  # folders walked in sorted order
    errors = {Path(r["source"]).name: r["error"]["kind"] for r in records if "error" in r}
    expected = {"binary.txt": "binary"}
    if os.geteuid() != 0:  # root can read a file with mode 000
        expected["unreadable.txt"] = "unreadable"
    assert errors == expected
    assert code == 1
    assert sum("error:" in line for line in err.splitlines()) == len(expected)
    tagged = [r for r in records if "error" not in r and r["actors"]]
    assert len(tagged) >= 301
    assert {p["holder"] for r in tagged for p in r["positions"]} >= {"RUS"}


def test_jobs_1_and_2_write_identical_bytes(runner: CliRunner, archive: Path) -> None:
    for fmt in ("jsonl", "csv", "json"):
        one = _tag(runner, str(archive), "-f", fmt, "--jobs", "1")
        two = _tag(runner, str(archive), "-f", fmt, "--jobs", "2")
        assert one[1] == two[1]
        assert one[0] == two[0] == 1


def test_glob_and_files0_from(runner: CliRunner, archive: Path, tmp_path: Path) -> None:
    code, out, _ = _tag(runner, str(archive / "2020"), "--glob", "*-00?.txt")
    assert code == 0
    assert len(out.splitlines()) == 10
    listing = tmp_path / "list0"
    names = [str(archive / "2019" / f"2019-{i:03d}.txt") for i in (5, 1, 3)]
    listing.write_bytes(b"\0".join(n.encode() for n in names) + b"\0")
    code, out, _ = _tag(runner, "--files0-from", str(listing))
    assert [json.loads(line)["source"] for line in out.splitlines()] == names


def test_jsonl_records_as_input(runner: CliRunner) -> None:
    stdin = "\n".join([json.dumps({"id": "a", "body": "Russia welcomes it."}),
                       "not json",
                       json.dumps({"id": "b", "body": "Baku condemns it."})]) + "\n"
    result = runner.invoke(app, ["tag", "--input-format", "jsonl", "--text-field", "body",
                                 "-f", "jsonl", *small_args()], input=stdin)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"] for r in records] == ["a", "<stdin>:2", "b"]
    assert records[1]["error"]["kind"] == "jsonl"
    assert records[2]["positions"][0]["holder"] == "AZE"
    assert result.exit_code == 1


def test_broken_pipe_ends_quietly(archive: Path) -> None:
    command = (f"{sys.executable} -m briefcli tag {archive} -f jsonl --jobs 2 "
               + " ".join(small_args()) + " | head -3")
    done = subprocess.run(["bash", "-c", "set -o pipefail; " + command], capture_output=True,
                          text=True, check=False)
    assert len(done.stdout.splitlines()) == 3
    assert "Traceback" not in done.stderr
    assert "Broken pipe" not in done.stderr
    assert done.returncode in (0, 141)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_where_keeps_matching_documents(runner: CliRunner, tmp_path: Path, jobs: str) -> None:
    texts = {"a.txt": "Baku welcomes the peace treaty.", "b.txt": "Baku condemns the attack.",
             "c.txt": "Russia welcomes it. Azerbaijan is far away."}
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
    code, out, _ = _tag(runner, str(tmp_path), "-f", "jsonl", "--jobs", jobs,
                        "--where", "actor=AZE and stance=welcome and holder=AZE")
    assert code == 0
    assert [Path(json.loads(line)["source"]).name for line in out.splitlines()] == ["a.txt"]
    code, out, _ = _tag(runner, str(tmp_path), "-f", "json", "--jobs", jobs,
                        "--where", "mechanism=mech.peace-treaty")
    assert [Path(d["source"]).name for d in json.loads(out)] == ["a.txt"]


def test_where_rejects_what_it_cannot_read(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Baku.")
    code, _, err = _tag(runner, str(tmp_path), "--where", "colour=red")
    assert code == 2
    assert "--where" in err and "actor, mechanism, stance, holder, on_behalf_of, negated" in err


def test_a_record_does_not_depend_on_the_other_files_of_the_run(runner: CliRunner) -> None:
    """The first few texts of a process are matched with a small per-text automaton, the
    rest with the full one: a file's record is the same whichever it got."""
    samples = sorted(str(p) for p in (Path(__file__).parent.parent / "samples").glob("*.txt"))
    together = runner.invoke(app, ["tag", *samples, "-f", "jsonl", "--jobs", "1"])
    assert together.exit_code == 0, together.output
    records = [json.loads(line) for line in together.stdout.splitlines()]
    assert [r["source"] for r in records] == samples
    for record in records[-4:]:  # tagged with the full automaton above, alone here
        alone = runner.invoke(app, ["tag", record["source"], "-f", "json"])
        assert alone.exit_code == 0, alone.output
        assert json.loads(alone.stdout) == record


def test_tagging_makes_no_reference_cycles(full) -> None:  # type: ignore[no-untyped-def]
    """The README tells programs that keep many documents to ``gc.freeze()`` them, as
    tagging makes no reference cycles: every object it makes is freed by its reference
    count, so the cyclic collector never has anything to find."""
    import gc

    from briefcli import tag

    texts = [p.read_text(encoding="utf-8")
             for p in sorted((Path(__file__).parent.parent / "samples").glob("*.txt"))]
    assert len(texts) > 20
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for text in texts:
            tag(text, full, fuzzy=True)
            tag(text, full, fuzzy=False)
        assert gc.collect() == 0
    finally:
        if was_enabled:
            gc.enable()
