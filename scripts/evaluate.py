#!/usr/bin/env python3
"""Precision, recall and F1 of briefcli on the hand-annotated development set.

Usage:  python scripts/evaluate.py [samples/] [--split dev|test|all] [--details]

Gold files live in ``samples/gold/<name>.yaml`` beside ``samples/<name>.txt``. Actors and
mechanisms are scored as sets of ids per document (micro-averaged over documents). A predicted
position matches a gold one when holder, stance and negation agree and the gold ``quote`` lies
in the predicted position's sentence; each gold position is matched at most once.

The set is split in two by a hash of the file name: "dev" texts may be used to tune the rule
pack, "test" texts are held out, so their figures say how the pack does on unseen text.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefcli import tag
from briefcli.cache import compiled_matcher
from briefcli.normalize import normalize_phrase


def split_of(name: str) -> str:
    return "test" if hashlib.sha1(name.encode()).digest()[0] % 2 else "dev"


@dataclass
class Score:
    true_positive: int = 0
    predicted: int = 0
    expected: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, tp: int, predicted: int, expected: int) -> None:
        self.true_positive += tp
        self.predicted += predicted
        self.expected += expected

    def figures(self) -> tuple[float, float, float]:
        p = self.true_positive / self.predicted if self.predicted else 1.0
        r = self.true_positive / self.expected if self.expected else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def _clean(text: str) -> str:
    return normalize_phrase(text).lower()


def evaluate(folder: Path, split: str, details: bool) -> dict[str, Score]:
    matcher = compiled_matcher()
    scores = {"actors": Score(), "mechanisms": Score(), "positions": Score()}
    for gold_path in sorted((folder / "gold").glob("*.yaml")):
        name = gold_path.stem
        if split != "all" and split_of(name) != split:
            continue
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        text = (folder / f"{name}.txt").read_text(encoding="utf-8")
        doc = tag(text, matcher, source=name)
        for kind, predicted in (("actors", {a.id for a in doc.actors}),
                                ("mechanisms", {m.id for m in doc.mechanisms})):
            expected = set(gold.get(kind) or [])
            scores[kind].add(len(predicted & expected), len(predicted), len(expected))
            for missing in sorted(expected - predicted):
                scores[kind].misses.append(f"{name}: missed {missing}")
            for extra in sorted(predicted - expected):
                scores[kind].misses.append(f"{name}: extra {extra}")
        gold_positions = list(gold.get("positions") or [])
        matched = 0
        used: set[int] = set()
        for p in doc.positions:
            hit = None
            for i, g in enumerate(gold_positions):
                if i in used:
                    continue
                if (g["stance"] == p.stance and g.get("holder") == p.holder
                        and bool(g.get("negated")) == p.negated
                        and _clean(g["quote"]) in _clean(p.evidence)):
                    hit = i
                    break
            if hit is None:
                scores["positions"].misses.append(
                    f"{name}: extra {p.holder} {('not ' if p.negated else '')}{p.stance} "
                    f"({p.holder_via}) «{p.text}» in: {p.evidence[:100]}")
            else:
                used.add(hit)
                matched += 1
        for i, g in enumerate(gold_positions):
            if i not in used:
                scores["positions"].misses.append(
                    f"{name}: missed {g.get('holder')} {('not ' if g.get('negated') else '')}"
                    f"{g['stance']} «{g['quote']}»")
        scores["positions"].add(matched, len(doc.positions), len(gold_positions))
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="samples")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--details", action="store_true", help="list every miss and extra")
    args = parser.parse_args()
    folder = Path(args.folder)
    splits = ("dev", "test", "all") if args.split == "all" else (args.split,)
    for split in splits:
        scores = evaluate(folder, split, args.details)
        count = sum(1 for g in (folder / "gold").glob("*.yaml")
                    if split == "all" or split_of(g.stem) == split)
        print(f"split={split} documents={count}")
        print(f"  {'':<11}{'P':>7}{'R':>7}{'F1':>7}  (tp/pred/gold)")
        for kind, score in scores.items():
            p, r, f = score.figures()
            print(f"  {kind:<11}{p:7.3f}{r:7.3f}{f:7.3f}  ({score.true_positive}/"
                  f"{score.predicted}/{score.expected})")
        if args.details and split == splits[-1]:
            for kind, score in scores.items():
                for line in score.misses:
                    print(f"    [{kind}] {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
