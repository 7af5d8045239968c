#!/usr/bin/env python3
"""Who holds the positions of 200 UN General Debate speeches (issue 14's figures).

Usage:  python scripts/holder_figures.py CORPUS_DIR [-- BRIEFCLI_ARGS...]
  e.g.  python scripts/holder_figures.py /tmp/ungd/corpus -- --name-pattern '{year}_{issuer}.txt'

Tags every ninth-or-so speech of the corpus (200 of 1,938, sorted by name, so every year and
region is in), with the installed ``briefcli`` (or the command in ``$BRIEFCLI``), and prints:
how many records name the right issuer (the file name's code), the share of positions with a
holder, and the share of first-person positions ("we", "our") held by the speech's own state,
its people or its institutions (``on_behalf_of`` is the issuer).
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    corpus = Path(argv[0])
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    files = sorted(corpus.glob("*.txt"))
    step = max(1, len(files) // 200)
    chosen = [str(f) for f in files[::step][:200]]
    command = shlex.split(os.environ.get("BRIEFCLI", "briefcli"))
    done = subprocess.run([*command, "tag", *chosen, "-f", "jsonl", "-q", *extra],
                          capture_output=True, text=True, check=False)
    issuers = positions = held = first = first_own = 0
    docs = 0
    for line in done.stdout.splitlines():
        record = json.loads(line)
        if "error" in record:
            continue
        docs += 1
        code = Path(record["source"]).stem.split("_", 1)[1]
        want = "org.eu" if code == "EU" else code
        issuers += (record["meta"].get("issuer") == want)
        for p in record["positions"]:
            positions += 1
            held += p["holder"] is not None
            if p["holder_via"] == "first-person":
                first += 1
                own = p.get("on_behalf_of", p["holder"])
                first_own += own == want
    print(f"documents: {docs}; meta.issuer right: {issuers}/{docs}")
    print(f"positions: {positions}; with a holder: {held / max(positions, 1):.1%}")
    print(f"first-person positions: {first}; held by the speech's own state: "
          f"{first_own / max(first, 1):.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
