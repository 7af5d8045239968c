"""The real annotated set's second readings, and the agreement script that compares them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "samples" / "real"


def _agreement(first: Path, second: Path) -> dict[str, list[str]]:
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "agreement.py"), str(first),
                          str(second), "--texts", str(REAL)],
                         capture_output=True, text=True, check=True).stdout
    rows = {}
    for line in out.splitlines()[2:]:
        key, *figures = line.rsplit(None, 4)
        rows[key.strip()] = figures
    return rows


def test_every_second_reading_quotes_its_own_text() -> None:
    seconds = sorted((REAL / "gold-second").glob("*.yaml"))
    assert len(seconds) == 16
    for path in seconds:
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = " ".join((REAL / f"{path.stem}.txt").read_text(encoding="utf-8").split())
        assert gold["name"] == path.stem
        for position in gold["positions"]:
            assert " ".join(position["quote"].split()) in text, (path.name, position["quote"])


def test_a_reading_agrees_with_itself_and_two_readings_agree_less() -> None:
    same = _agreement(REAL / "gold-second", REAL / "gold-second")
    assert {row[2] for row in same.values()} == {"1.000"}
    rows = _agreement(REAL / "gold", REAL / "gold-second")
    assert set(rows) == {"actors", "mechanisms", "positions", "stance agreed"}
    assert 0.5 < float(rows["positions"][2]) < 1.0
