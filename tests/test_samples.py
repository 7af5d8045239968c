"""Golden files: every sample briefing beside the output it must produce.

Each case's reason is the ``why:`` of its annotation in ``samples/gold/``. When a change to the
rules or the engine changes an output on purpose, rewrite the expectations with
``BRIEFCLI_UPDATE_GOLDEN=1 pytest tests/test_samples.py`` and review the diff.
"""

from __future__ import annotations

import json
import os

import pytest
import yaml

from briefcli import tag
from briefcli.formats import to_json
from briefcli.matcher import Matcher

from .conftest import ROOT

SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
EXPECTED = ROOT / "samples" / "expected"


def why(name: str) -> str:
    gold = ROOT / "samples" / "gold" / f"{name}.yaml"
    if gold.exists():
        return str(yaml.safe_load(gold.read_text(encoding="utf-8")).get("why", ""))
    return ""


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_sample_matches_golden_output(full: Matcher, path) -> None:  # type: ignore[no-untyped-def]
    text = path.read_text(encoding="utf-8")
    actual = tag(text, full, source=f"samples/{path.name}")
    target = EXPECTED / f"{path.stem}.json"
    if os.environ.get("BRIEFCLI_UPDATE_GOLDEN"):
        EXPECTED.mkdir(exist_ok=True)
        target.write_text(to_json(actual, indent=2) + "\n", encoding="utf-8")
    assert target.exists(), f"no golden output for {path.name}; run with BRIEFCLI_UPDATE_GOLDEN=1"
    expected = json.loads(target.read_text(encoding="utf-8"))
    assert json.loads(to_json(actual)) == expected, why(path.stem)


def test_every_sample_has_a_reason() -> None:
    missing = [p.stem for p in SAMPLES if not why(p.stem)]
    assert missing == []
