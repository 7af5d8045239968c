"""Agreement between two blind annotations of the same real texts.

Usage:  python scripts/agreement.py FIRST_GOLD_DIR SECOND_GOLD_DIR [--texts samples/real]

Each folder holds `<name>.yaml` files in the format of `samples/real/gold/README.md`; only
names present in both are compared. The figures say how far two careful readers agree, so
they bound what any score of the tool against one reader can mean.

Positions are matched as `scripts/evaluate.py` matches the tool's: one-to-one, in the same
sentence (each quote is placed in the sentence of the text that holds it), with the same
stance and negation, and a holder that agrees (the same holder, or the same `on_behalf_of`).
"Stance agreed" is, of the positions both readers put in the same sentence with the same
holder, the share with the same stance. Actors and mechanisms are compared as sets of ids
and of unlisted names (by slug). F1 is symmetric, so which folder comes first does not matter.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate import Score, names_match, slug  # noqa: E402

from briefcli.segment import segment  # noqa: E402


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("“", '"').replace("”", '"'))


def sentence_of(text: str, sentences: tuple[tuple[int, int], ...], quote: str) -> int | None:
    """The index of the sentence that holds the quote, or None if the quote is not found."""
    flat = _squeeze(text)
    # Offsets move when whitespace is squeezed, so map the squeezed text back.
    origin = [m.start() for m in re.finditer(r"\s+|.", text, flags=re.S)]
    at = flat.find(_squeeze(quote).strip())
    if at < 0:
        return None
    start = origin[at] if at < len(origin) else len(text)
    return next((k for k, (a, b) in enumerate(sentences) if a <= start < b), None)


def _ids(gold: dict[str, Any], kind: str) -> set[str]:
    ids = set(gold.get(kind) or [])
    for e in gold.get(f"unlisted_{kind}") or []:
        ids.add("unlisted:" + slug(e["name"] if isinstance(e, dict) else str(e)))
    return ids


def _set_agreement(a: set[str], b: set[str], score: Score) -> None:
    matched = 0
    rest = set(b)
    for x in a:
        hit = next((y for y in rest if x == y or (x.startswith("unlisted:") and y.startswith(
            "unlisted:") and names_match(x[9:], y[9:]))), None)
        if hit is not None:
            rest.discard(hit)
            matched += 1
    score.add(matched, len(b), len(a))


def _holders_agree(p: dict[str, Any], q: dict[str, Any]) -> bool:
    def same(x: Any, y: Any) -> bool:
        if not x or not y:
            return False
        return x == y or names_match(slug(str(x).split(":")[-1].split(".", 1)[-1]),
                                     slug(str(y).split(":")[-1].split(".", 1)[-1]))
    return same(p.get("holder"), q.get("holder")) or same(p.get("on_behalf_of"),
                                                          q.get("on_behalf_of"))


def compare(first: dict[str, Any], second: dict[str, Any], text: str,
            scores: dict[str, Score]) -> None:
    sentences = segment(text).sentences
    _set_agreement(_ids(first, "actors"), _ids(second, "actors"), scores["actors"])
    _set_agreement(_ids(first, "mechanisms"), _ids(second, "mechanisms"), scores["mechanisms"])
    placed_a = [(p, sentence_of(text, sentences, p["quote"])) for p in first.get("positions") or []]
    placed_b = [(p, sentence_of(text, sentences, p["quote"]))
                for p in second.get("positions") or []]
    used: set[int] = set()
    matched = 0
    for p, s in placed_a:
        for j, (q, t) in enumerate(placed_b):
            if j in used or s is None or s != t:
                continue
            if (p["stance"] == q["stance"] and bool(p.get("negated")) == bool(q.get("negated"))
                    and _holders_agree(p, q)):
                used.add(j)
                matched += 1
                break
    scores["positions"].add(matched, len(placed_b), len(placed_a))
    both = agreed = 0
    for p, s in placed_a:
        same_place = [q for q, t in placed_b if s is not None and s == t and _holders_agree(p, q)]
        if same_place:
            both += 1
            agreed += any(q["stance"] == p["stance"] for q in same_place)
    scores["stance agreed"].add(agreed, both, both)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--texts", type=Path, default=Path("samples/real"))
    args = parser.parse_args()
    scores = {k: Score() for k in ("actors", "mechanisms", "positions", "stance agreed")}
    names = sorted({p.stem for p in args.first.glob("*.yaml")}
                   & {p.stem for p in args.second.glob("*.yaml")})
    for name in names:
        first = yaml.safe_load((args.first / f"{name}.yaml").read_text(encoding="utf-8"))
        second = yaml.safe_load((args.second / f"{name}.yaml").read_text(encoding="utf-8"))
        text = (args.texts / f"{name}.txt").read_text(encoding="utf-8")
        compare(first, second, text, scores)
    print(f"documents={len(names)}")
    print(f"{'':15}{'P':>7}{'R':>7}{'F1':>7}  (agreed/second/first)")
    for key, score in scores.items():
        p, r, f = score.figures()
        counts = f"{score.true_positive}/{score.predicted}/{score.expected}"
        print(f"  {key:13}{p:7.3f}{r:7.3f}{f:7.3f}  ({counts})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
