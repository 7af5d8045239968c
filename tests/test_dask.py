"""The Dask adapter gives exactly what ``briefcli tag --format jsonl`` gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefcli.cli import app
from briefcli.matcher import Matcher

from .conftest import small_args

db = pytest.importorskip("dask.bag")


def test_dask_matches_the_cli(small: Matcher, tmp_path: Path, runner: CliRunner) -> None:
    from briefcli.dask import tag_paths, tag_texts

    paths = []
    for i in range(40):
        path = tmp_path / f"doc-{i:02d}.txt"
        path.write_text(f"Briefing {i}. Baku welcomes the peace treaty; Russia does not "
                        f"expect quick results.", encoding="utf-8")
        paths.append(str(path))
    (tmp_path / "zz-binary.txt").write_bytes(b"\x00\x01" * 100)
    paths.append(str(tmp_path / "zz-binary.txt"))
    cli = runner.invoke(app, ["tag", *paths, "-f", "jsonl", *small_args()])
    expected = [json.loads(line) for line in cli.stdout.splitlines()]

    bag = db.from_sequence(paths, npartitions=4)
    records = tag_paths(bag, small).compute(scheduler="processes", num_workers=2)
    assert records == expected
    assert records[-1]["error"]["kind"] == "binary"

    texts = db.from_sequence([(p, Path(p).read_text()) for p in paths[:5]], npartitions=2)
    assert tag_texts(texts, small).compute(scheduler="sync") == expected[:5]
