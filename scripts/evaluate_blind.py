#!/usr/bin/env python3
"""Positions P/R/F1 of briefcli on the blind ministry-style sets in ``samples/blind/``.

Usage:  python scripts/evaluate_blind.py [FILE ...] [--split tune|held|all] [--details]

Each set is JSON Lines, written and annotated blind (by helpers that never saw the project,
its rules or its output; see ``samples/blind/README.md``). A line is one text, given inline
(``text``) or as a file beside the set (``file``), with its ``issuer`` (passed as
``--issuer`` would be) and its gold ``positions``. A predicted position matches a gold one when
the state or organisation it speaks for (``on_behalf_of``) is the gold's, stance and negation
agree, and the gold quote lies in its evidence; each gold position is matched at most once.

The split is by line number, fixed before any tuning: odd lines ("tune") may be read to tune
the pack, even lines ("held") are held out.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from briefcli import tag
from briefcli.cache import compiled_matcher
from briefcli.context import Given

HERE = Path(__file__).resolve().parent
SETS = sorted((HERE.parent / "samples" / "blind").glob("*.jsonl"))
ORGANISATIONS = {"EU": "org.eu", "G7": "org.g7", "NATO": "org.nato", "UN": "org.un",
                 "ASEAN": "org.asean"}


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'")).strip().lower()


def _spoken_for(code: str | None) -> str | None:
    return ORGANISATIONS.get(code, code) if code else code


def score(path: Path, split: str, details: bool) -> tuple[int, int, int]:
    matcher = compiled_matcher()
    tp = predicted = expected = 0
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if split != "all" and (number % 2 == 1) != (split == "tune"):
            continue
        item: dict[str, Any] = json.loads(line)
        text = item["text"] if "text" in item else \
            (path.parent / item["file"]).read_text(encoding="utf-8")
        name = item.get("id") or item.get("file")
        doc = tag(text, matcher, source=str(name),
                  context=Given.of("flag", issuer=item["issuer"]))
        golds = item.get("positions") or []
        used: set[int] = set()
        for p in doc.positions:
            evidence = _clean(p.evidence)
            hit = next((i for i, g in enumerate(golds) if i not in used
                        and g["stance"] == p.stance and bool(g.get("negated")) == p.negated
                        and _spoken_for(g.get("on_behalf_of")) == p.on_behalf_of
                        and _clean(g["quote"]) in evidence), None)
            if hit is None:
                if details:
                    print(f"extra {name} {p.on_behalf_of} {p.stance} ({p.rule} «{p.text}») "
                          f":: {p.evidence[:150]}")
            else:
                used.add(hit)
                tp += 1
        if details:
            for i, g in enumerate(golds):
                if i not in used:
                    print(f"miss  {name} {g.get('on_behalf_of')} {g['stance']} «{g['quote']}»")
        predicted += len(doc.positions)
        expected += len(golds)
    return tp, predicted, expected


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, default=SETS)
    parser.add_argument("--split", choices=("tune", "held", "all"), default="all")
    parser.add_argument("--details", action="store_true", help="list every miss and extra")
    args = parser.parse_args()
    for path in args.sets:
        tp, predicted, expected = score(path, args.split, args.details)
        p = tp / predicted if predicted else 1.0
        r = tp / expected if expected else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{path.name} split={args.split}: positions P {p:.3f} R {r:.3f} F1 {f:.3f} "
              f"({tp}/{predicted}/{expected})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
