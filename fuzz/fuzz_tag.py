#!/usr/bin/env python3
"""Coverage-guided fuzzing of ``tag()`` and of rule loading, with atheris (libFuzzer).

    pip install atheris
    python fuzz/fuzz_tag.py tag   -max_total_time=600 fuzz/corpus-tag    # ten minutes
    python fuzz/fuzz_tag.py rules -max_total_time=600 fuzz/corpus-rules

``tag``: arbitrary bytes are decoded as briefcli decodes files; the result must tag without
an exception, every offset must be exact, and the record must serialise to JSON.
``rules``: arbitrary bytes are written as a rule file and loaded together with the engine's
small test pack; the only acceptable failure is a ``RuleError`` naming the file.
Not part of the test suite (it runs until stopped); see the README.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from briefcli.errors import DocumentError, RuleError
    from briefcli.loading import decode
    from briefcli.matcher import Matcher
    from briefcli.rules import load_pack
    from briefcli.tagger import tag

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = Path(tempfile.mkdtemp())  # the fixed rules, copied once: edits cannot race the run
shutil.copytree(ROOT / "tests" / "rules", SNAPSHOT / "small")
shutil.copytree(ROOT / "rules" / "positions", SNAPSHOT / "positions")
SMALL = [str(SNAPSHOT / "small"), str(SNAPSHOT / "positions")]
MATCHER = Matcher(load_pack(SMALL, use_default=False))
RULE_FILE = Path(tempfile.mkdtemp()) / "fuzzed.yaml"


def fuzz_tag(data: bytes) -> None:
    try:
        text = decode(data, "fuzz").text
    except DocumentError:
        return
    doc = tag(text, MATCHER)
    record = doc.to_dict()
    for group in ("actors", "mechanisms"):
        for item in record[group]:
            for m in item["mentions"]:
                assert text[m["start"]:m["end"]] == m["text"], m
    for p in record["positions"]:
        assert text[p["start"]:p["end"]] == p["text"], p
    json.dumps(record)


def fuzz_rules(data: bytes) -> None:
    RULE_FILE.write_bytes(data)
    try:
        pack = load_pack([*SMALL, str(RULE_FILE)], use_default=False)
    except RuleError as exc:
        assert str(exc).startswith(str(RULE_FILE)) or "phrases" in str(exc), str(exc)
        return
    tag("Russia welcomes the peace treaty with Armenia.", Matcher(pack))


def main() -> None:
    target = sys.argv.pop(1) if len(sys.argv) > 1 else "tag"
    atheris.Setup(sys.argv, fuzz_tag if target == "tag" else fuzz_rules)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
