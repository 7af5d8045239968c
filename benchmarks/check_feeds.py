#!/usr/bin/env python3
"""Issue 16's feed target, checked on a folder of feed snapshots (not a test: the 40 snapshots
are not shipped with the repository).

    mkdir -p /tmp/rss && tar xzf ../shared/corpus/state-dept-rss.tar.gz -C /tmp/rss
    python benchmarks/check_feeds.py /tmp/rss/state-dept-rss

For every snapshot: it gives its items (10 for the State Department's), each with the item's
title, date and speaker; tagging an item gives the actors, mechanisms and positions that tagging
its text gives (the text ``briefcli text`` prints, as JSON Lines with the same context); no
evidence holds markup, an entity or script. Prints one line per failure and a summary; the exit
code is 1 when anything fails.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

BRIEFCLI = [sys.executable, "-m", "briefcli"]
_BAD = re.compile(r"<[a-zA-Z/!]|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|jQuery|function\s*\(|"
                  r"document\.[a-zA-Z]+\s*[(.=]|\$\(")


def run(args: list[str], stdin: str | None = None) -> list[dict[str, Any]]:
    done = subprocess.run([*BRIEFCLI, *args], input=stdin, capture_output=True, text=True,
                          check=False)
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def essence(doc: dict[str, Any]) -> tuple[Any, ...]:
    return ([(a["id"], a["count"]) for a in doc["actors"]],
            [(m["id"], m["count"]) for m in doc["mechanisms"]],
            [(p["holder"], p["stance"], p["negated"], p["start"], p["targets"])
             for p in doc["positions"]])


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/rss/state-dept-rss")
    snapshots = sorted(p for p in folder.iterdir() if p.is_file())
    failures: list[str] = []
    counts = {"items": 0, "title": 0, "date": 0, "speaker": 0, "speaker_field": 0,
              "same_as_text": 0, "clean_evidence": 0}
    for snapshot in snapshots:
        docs = run(["tag", str(snapshot), "-f", "jsonl", "--jobs", "1"])
        texts = run(["text", str(snapshot), "-f", "jsonl"])
        as_text = run(["tag", "--input-format", "jsonl", "-f", "jsonl", "--jobs", "1", "-q"],
                      "".join(json.dumps(t) + "\n" for t in texts))
        if len(docs) != 10 or any("error" in d for d in docs):
            failures.append(f"{snapshot.name}: {len(docs)} records, "
                            f"{sum('error' in d for d in docs)} errors")
        by_id = {d["source"]: d for d in as_text}
        for doc in docs:
            if "error" in doc:
                continue
            meta = doc["meta"]
            counts["items"] += 1
            counts["title"] += bool(meta["title"]) and meta["origin"]["title"] == "field"
            counts["date"] += bool(meta["date"]) and meta["origin"]["date"] == "field"
            counts["speaker"] += bool(meta["speakers"])
            counts["speaker_field"] += meta["origin"]["speakers"] == "field"
            twin = by_id.get(doc["source"])
            if twin is not None and essence(twin) == essence(doc):
                counts["same_as_text"] += 1
            else:
                failures.append(f"{snapshot.name}: {doc['source']}: differs from its text")
            bad = [p["evidence"] for p in doc["positions"] if _BAD.search(p["evidence"])]
            if bad:
                failures.append(f"{snapshot.name}: {doc['source']}: evidence {bad[0][:80]!r}")
            else:
                counts["clean_evidence"] += 1
    for failure in failures:
        print(failure)
    total = counts["items"]
    print(f"{len(snapshots)} snapshots, {total} items: title {counts['title']}, date "
          f"{counts['date']} (from the item), speaker {counts['speaker']} (from dc:creator "
          f"{counts['speaker_field']}, the others from the text), same tags as the text "
          f"{counts['same_as_text']}, evidence clean {counts['clean_evidence']}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
