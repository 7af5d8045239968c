#!/usr/bin/env python3
"""The floor: what an archive run costs before any analysis, whatever the engine.

    python benchmarks/floor.py --corpus DIR      # run by ``benchmarks/run.py --floor`` too

A run of ``briefcli tag ARCHIVE --format jsonl --jobs 1`` cannot avoid five costs, none of
them analysis:

- start-up: the process, typer and the compiled pack (a one-line file tagged);
- reading: every file read and decoded (``briefcli.loading``);
- scanning: the two compiled automata (Rust) run over every text, returning the raw
  occurrences of the pack's phrases, nothing checked;
- records: the output's frozen dataclasses (``briefcli.model``) built from their finished
  values: every mention, position, sentence and tag of the corpus, and nothing computed;
- JSON: every document written as a JSON Lines record (orjson).

Their sum bounds the throughput of any engine that returns the same records through the
same Python API, even one whose every other step took no time. The table also gives what
tagging actually takes in this process (``--no-fuzzy``), and what is left of it once the
scan and the records are taken away: the analysis itself (checks, overlaps, segmentation,
references, positions), all of it in Python.

Each row is the best of ``--runs`` rounds, each round measuring every row once, in turn
(the start-up row as a whole process, the others in this one).
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from briefcli.cache import compiled_matcher  # noqa: E402
from briefcli.formats import jsonl_line  # noqa: E402
from briefcli.loading import decode, read_bytes  # noqa: E402
from briefcli.model import ActorTag, Document, MechanismTag, Mention, Position, Sentence  # noqa: E402
from briefcli.normalize import normalize  # noqa: E402
from briefcli.tagger import tag  # noqa: E402

SCAN = "automaton scan (Rust), raw occurrences"
RECORDS = "building the records"


def interleaved(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """The best seconds of each action over ``runs`` rounds, each round running every action
    once: the machine's speed drifts over minutes, and rows measured one after the other
    would each see a different machine."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return {name: min(seconds) for name, seconds in times.items()}


def one_file_run(command: list[str]) -> Callable[[], object]:
    return lambda: subprocess.run(command, capture_output=True, check=True)


def values(record: Any) -> tuple[Any, ...]:
    return tuple(getattr(record, f.name) for f in fields(record))


def rebuild(parts: list[tuple[Any, ...]]) -> None:
    """Build every record again from its finished values: the cost of the records alone."""
    for actors, mechanisms, positions, sentences, doc in parts:
        Document(doc.source, doc.meta,
                 tuple(ActorTag(*head, tuple(Mention(*m) for m in mentions))
                       for head, mentions in actors),
                 tuple(MechanismTag(*head, tuple(Mention(*m) for m in mentions))
                       for head, mentions in mechanisms),
                 tuple(Position(*p) for p in positions), doc.warnings,
                 tuple(Sentence(*s) for s in sentences), doc.turns)


def main() -> int:
    parser = argparse.ArgumentParser(description="briefcli: the floor of an archive run")
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = sorted(str(f) for f in Path(args.corpus).glob("*.txt"))
    size_mb = sum(os.path.getsize(f) for f in files) / 1e6
    matcher = compiled_matcher()
    matcher.prepare_for_many()
    lower_automaton, _ = matcher._lower_automaton("")  # the full automaton, built above
    exact_automaton = matcher._exact_ac

    texts = [decode(read_bytes(f), f).text for f in files]
    norms = [normalize(text) for text in texts]
    docs = [tag(text, matcher, source=f, fuzzy=False) for text, f in zip(texts, files,
                                                                         strict=True)]
    parts = [([(values(a)[:-1], [values(m) for m in a.mentions]) for a in d.actors],
              [(values(t)[:-1], [values(m) for m in t.mentions]) for t in d.mechanisms],
              [values(p) for p in d.positions], [values(s) for s in d.sentences], d)
             for d in docs]

    # What the rows keep alive (every document and its values) is frozen: an archive run
    # streams its records, and the cyclic collector must not scan a whole corpus of them
    # (it would add some 0.6 s to the rows below, a cost no real run has).
    gc.freeze()

    def scan() -> None:
        for norm in norms:
            lower_automaton.find_matches_as_indexes(norm.lower, overlapping=True)
            exact_automaton.find_matches_as_indexes(norm.cased, overlapping=True)

    def tag_all() -> None:
        for text in texts:  # each record dropped at once, as in a run
            tag(text, matcher, fuzzy=False)

    with tempfile.TemporaryDirectory() as folder:
        one = Path(folder) / "one.txt"
        one.write_text("The Ministry welcomed the talks.\n", encoding="utf-8")
        command = [sys.executable, "-m", "briefcli", "tag", str(one), "-f", "json"]
        one_file_run(command)()  # the pack cache is warm
        best = interleaved({
            "start-up (one-line file, whole process)": one_file_run(command),
            "reading and decoding": lambda: [decode(read_bytes(f), f) for f in files],
            SCAN: scan,
            RECORDS: lambda: rebuild(parts),
            "JSON Lines": lambda: [jsonl_line(d) for d in docs],
            "tag": tag_all,
        }, args.runs)
    tagging = best.pop("tag")
    floor = sum(best.values())
    counts = (sum(len(t.mentions) for d in docs for t in (*d.actors, *d.mechanisms)),
              sum(len(d.positions) for d in docs), sum(len(d.sentences) for d in docs))
    print(f"corpus: {len(files)} files, {size_mb:.1f} MB; {counts[0]:,} mentions, "
          f"{counts[1]:,} positions, {counts[2]:,} sentences; best of {args.runs}")
    print(f"{'cost':<44}{'s':>8}{'MB/s':>9}")
    for name, seconds in best.items():
        print(f"{name:<44}{seconds:>8.2f}{size_mb / seconds:>9.1f}")
    print(f"{'floor: the sum, before any analysis':<44}{floor:>8.2f}{size_mb / floor:>9.1f}")
    print(f"{'tag(), --no-fuzzy, in this process':<44}{tagging:>8.2f}{size_mb / tagging:>9.1f}")
    analysis = tagging - best[SCAN] - best[RECORDS]
    print(f"{'  of which analysis (not scan, not records)':<44}{analysis:>8.2f}")
    print(f"left for the analysis at 12 MB/s: {size_mb / 12 - floor:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
