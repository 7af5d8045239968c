#!/usr/bin/env python3
"""Cut the real evaluation set (``samples/real/``) from the two real archives.

Usage:  python scripts/make_realset.py ../shared/corpus [samples/real] [--batch 2]

Nobody on this project wrote these texts: they are excerpts of US State Department releases
(2021-2022, public domain, 17 U.S.C. § 105) and UN General Debate speeches (2015-2024, UNGDC,
CC0). The choice is made by a fixed seed, so the same archives always give the same set:

- 18 Q&A transcripts (press briefings, press availabilities, interviews), each cut at turn
  boundaries to 2,500-5,000 characters, from the start or from a question in the middle;
- 12 other releases (statements, readouts, joint statements, remarks) of 600-5,000 characters;
- 14 General Debate speeches, a run of paragraphs of 2,500-4,500 characters each.

Each text keeps the context its archive carries, in ``manifest.jsonl``: the State Department
record's id, date and title (the title is also the first line of the text, as a release
page shows it), and for a speech the file name it came from (``2019_RUS.txt``), whose
issuer the tool reads with ``--name-pattern``. The split into dev / held-out is made by a hash
of the name (``scripts/evaluate.py``), not by choice.

``--batch 2`` (and then ``--batch 3``, ``--batch 4``) adds a further, smaller draw (8
transcripts, 6 other releases, 6 speeches) by another seed, never a text of an earlier
batch, and appends it to the manifest: each was cut and annotated after the rules had been
tuned on the earlier batches' dev halves, so all of it (dev and held-out halves alike) is
text the rules were never fitted to when it was first measured.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import re
import sys
import tarfile
from pathlib import Path

SEED = 20261206
QA_COUNT, OTHER_COUNT, SPEECH_COUNT = 18, 12, 14
BATCHES = {1: (SEED, (QA_COUNT, OTHER_COUNT, SPEECH_COUNT)), 2: (SEED + 2, (8, 6, 6)),
           3: (SEED + 3, (8, 6, 6)), 4: (SEED + 4, (8, 6, 6))}
_TURN = re.compile(r"^(QUESTION|[A-Z][A-Z .'-]{1,40}):", re.M)


def _slug(text: str, limit: int = 40) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-")


def _cut_transcript(text: str, rng: random.Random) -> tuple[int, int]:
    """A run of whole turns: from the start, or from a question in the middle."""
    starts = [m.start() for m in _TURN.finditer(text)]
    questions = [s for s in starts if text.startswith("QUESTION", s) and s < len(text) - 4000]
    begin = 0 if not questions or rng.random() < 0.4 else rng.choice(questions)
    end = begin
    for s in starts:
        if s > begin + 2500:
            end = s
            break
    if end - begin < 2500 or end - begin > 5000:
        end = text.rfind("\n", begin, begin + 5000)
        end = end if end > begin + 1500 else min(len(text), begin + 5000)
    return begin, end


def _cut_paragraphs(text: str, rng: random.Random) -> tuple[int, int]:
    """A run of whole paragraphs (lines) of 2,500-4,500 characters."""
    breaks = [0] + [m.end() for m in re.finditer(r"\n", text)]
    candidates = [b for b in breaks if b < len(text) - 2500] or [0]
    begin = rng.choice(candidates[: max(1, len(candidates) * 2 // 3)])
    end = begin
    for b in breaks:
        if b > begin + 2500:
            end = b
            break
    if end <= begin or end - begin > 4500:
        end = text.rfind("\n", begin, begin + 4500)
        end = end if end > begin + 1500 else min(len(text), begin + 4500)
    return begin, end


def _batch_field(batch: int) -> dict[str, int]:
    """The first batch's entries carry no field, as they did when it was cut."""
    return {"batch": batch} if batch > 1 else {}


def main(corpus: Path, out: Path, batch: int = 1) -> int:
    seed, (qa_count, other_count, speech_count) = BATCHES[batch]
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    earlier: list[dict] = []
    if batch > 1:
        with open(out / "manifest.jsonl", encoding="utf-8") as f:
            earlier = [json.loads(line) for line in f if line.strip()]
    taken = {e.get("id") or e.get("file") for e in earlier}
    with gzip.open(corpus / "state-dept-2021-2022.jsonl.gz", "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    records = [r for r in records if r["id"] not in taken]
    transcripts = [r for r in records if "QUESTION:" in r["text"] and len(r["text"]) > 4000]
    others = [r for r in records if "QUESTION:" not in r["text"]
              and 600 <= len(r["text"]) <= 5000]
    manifest = list(earlier)
    for kind, pool, count in (("qa", transcripts, qa_count), ("other", others, other_count)):
        for record in sorted(rng.sample(pool, count), key=lambda r: (r["date"], r["id"])):
            text = record["text"]
            begin, end = _cut_transcript(text, rng) if kind == "qa" else (0, len(text))
            body = text[begin:end].strip()
            name = f"sd-{record['date']}-{_slug(record['title'])}"
            (out / f"{name}.txt").write_text(f"{record['title']}\n\n{body}\n", encoding="utf-8")
            manifest.append({"name": name, "archive": "state-dept-2021-2022.jsonl.gz",
                             "id": record["id"], "date": record["date"],
                             "title": record["title"], "format": kind,
                             "excerpt": [begin, end], **_batch_field(batch)})
    with tarfile.open(corpus / "ungd-bench.tar.gz") as tar:
        members = sorted((m for m in tar.getmembers() if m.name.endswith(".txt")
                          and Path(m.name).name not in taken), key=lambda m: m.name)
        for member in sorted(rng.sample(members, speech_count), key=lambda m: m.name):
            handle = tar.extractfile(member)
            assert handle is not None
            text = io.TextIOWrapper(handle, encoding="utf-8").read()
            begin, end = _cut_paragraphs(text, rng)
            file_name = Path(member.name).name
            name = f"ungd-{file_name.removesuffix('.txt')}"
            (out / f"{name}.txt").write_text(text[begin:end].strip() + "\n", encoding="utf-8")
            manifest.append({"name": name, "archive": "ungd-bench.tar.gz",
                             "file": file_name, "format": "speech", "excerpt": [begin, end],
                             **_batch_field(batch)})
    with open(out / "manifest.jsonl", "w", encoding="utf-8") as f:
        for entry in manifest:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")
    print(f"{len(manifest) - len(earlier)} texts written to {out}")
    return 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    batch_number = 1
    if "--batch" in arguments:
        at = arguments.index("--batch")
        batch_number = int(arguments[at + 1])
        del arguments[at:at + 2]
    corpus_dir = Path(arguments[0]) if arguments else Path("../shared/corpus")
    out_dir = Path(arguments[1]) if len(arguments) > 1 else Path("samples/real")
    sys.exit(main(corpus_dir, out_dir, batch_number))
