#!/usr/bin/env python3
"""The briefcli benchmark: one command, a table of throughput, start-up and memory.

    python benchmarks/run.py                      # unpacks ../shared/corpus/ungd-bench.tar.gz
    python benchmarks/run.py --corpus DIR         # or any folder of .txt files
    python benchmarks/run.py --runs 5 --quick     # best of 5; --quick skips the slow rows
    python benchmarks/run.py --startup            # only the single-file rows
    python benchmarks/run.py --floor              # only the floor (``benchmarks/floor.py``),
                                                  # which the full run prints last
    python benchmarks/run.py --jsonl-only         # only the State Department JSON Lines rows

Scenarios (whole-process wall time, best of --runs, each a fresh ``briefcli`` process):
- archive, one process: ``briefcli tag CORPUS --format jsonl --jobs 1`` (fuzzy on, the default)
- archive, no fuzzy: the same with ``--no-fuzzy``
- archive, two processes: ``--jobs 2``
- the second corpus, another genre: the State Department archive (1,987 releases, Q&A
  transcripts, statements and readouts, 9 MB of text) as JSON Lines,
  ``briefcli tag ARCHIVE.jsonl --input-format jsonl --jobs 1``, fuzzy on and off
- single file: ``briefcli tag ONE.txt --format json`` against a minimal two-command Typer app
  that reads the same file and prints it, run alternately, best of 5 x --runs each; once with
  briefcli's bytecode compiled (as ``pip install .`` leaves it), once without (an editable
  install under ``PYTHONDONTWRITEBYTECODE=1`` compiles briefcli's source on every run)
- pack: compiling the full pack from YAML (no cache) and loading it from the cache
- pack growth: ``--no-fuzzy`` with a synthetic rule file that doubles the phrase count
- memory against archive size: the whole archive listed twice (``--files-from``)
- ripgrep, two threads: ``rg -c -i -F -w -f ALIASES`` with the pack's own alias list, where
  ripgrep is installed: the speed of merely finding the same names
- feeds (``--feeds DIR``, default the unpacked ``state-dept-rss.tar.gz``; ``--feeds-only``
  runs only these rows): ``briefcli tag DIR --jobs 1`` over the feed snapshots against the same
  items' texts and context as JSON Lines (``briefcli text DIR -f jsonl``), run alternately;
  target (issue 16): feed at most 1.5x the JSON Lines time
- the floor (``--floor``, ``benchmarks/floor.py``): start-up, reading, the automaton scan,
  building the records and writing JSON, measured apart; their sum bounds any engine's speed

Peak memory is the largest resident set of each run's process (``wait4``), for ``--jobs``
the largest of the main process and its workers.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARBALL = HERE.parent.parent / "shared" / "corpus" / "ungd-bench.tar.gz"
STATE_DEPT = HERE.parent.parent / "shared" / "corpus" / "state-dept-2021-2022.jsonl.gz"
BRIEFCLI = [sys.executable, "-m", "briefcli"]

MINIMAL_APP = '''
import sys
import typer

app = typer.Typer()


@app.command()
def show(path: str) -> None:
    sys.stdout.write(open(path, encoding="utf-8").read())


@app.command()
def other() -> None:
    pass


app()
'''


def corpus_dir(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    target = Path(tempfile.gettempdir()) / "briefcli-bench"
    if not (target / "corpus").is_dir():
        if not TARBALL.exists():
            sys.exit(f"no corpus: pass --corpus DIR (looked for {TARBALL})")
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(TARBALL) as archive:
            archive.extractall(target, filter="data")
    return target / "corpus"


def run(command: list[str], runs: int, env: dict[str, str] | None = None) -> tuple[float, float]:
    """The best (shortest) wall seconds and the largest peak resident MB of ``command`` over
    ``runs`` runs. The best, not the median: on a shared machine other tenants only ever add
    time, and medians of three runs were seen to differ by 40% between two benchmark runs.

    Each run's peak is read from its own ``wait4`` (for ``--jobs``: the largest of the main
    process and its workers), not from the cumulative peak of all children so far."""
    times = []
    peak = 0
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 env=env)
        _, _, usage = os.wait4(child.pid, 0)
        child.returncode = 0  # reaped above; keeps Popen from waiting again
        times.append(time.perf_counter() - start)
        peak = max(peak, usage.ru_maxrss)
    return min(times), peak / 1024


def synthetic_rules(folder: Path, phrases: int) -> Path:
    """A rule file of made-up people with about ``phrases`` aliases: the pack's size doubled,
    to see what a bigger pack costs. The names are built from syllables that no real text
    holds, so the output is unchanged and only the matcher's work grows."""
    rng = random.Random(5)
    syllables = ["zor", "vek", "qua", "mib", "tal", "xen", "dru", "fop", "lir", "gus", "yad",
                 "kem", "nox", "bri", "sul", "wab", "pim", "rhu", "jov", "cet"]

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()

    lines = ["kind: actors", "rules:"]
    for n in range(phrases // 2):
        given, family = word(), word()
        lines += [f"  - id: synth.{n}", f"    name: {given} {family}", "    type: person",
                  f'    aliases: ["{given} {family}", "{family} {given[0]}."]']
    path = folder / "synthetic.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def alias_file(folder: Path) -> Path:
    """The shipped pack's literal phrases (actors and mechanisms), one per line, for ripgrep."""
    sys.path.insert(0, str(HERE.parent))
    from briefcli.rules import load_pack

    phrases = sorted({p for rule in load_pack().rules if rule.kind in ("actors", "mechanisms")
                      and "{" not in rule.id for a in rule.aliases for p in a.phrases})
    path = folder / "aliases.txt"
    path.write_text("\n".join(phrases) + "\n", encoding="utf-8")
    return path


def startup(rows: list[tuple[str, float, float, float, float]], one: Path, work: Path,
            runs: int, env: dict[str, str]) -> None:
    """The single-file rows. Start-up is a fraction of a second, where a shared machine's
    noise is as large as the differences sought: briefcli and the minimal app are run
    alternately and the best of each is compared."""
    one_mb = one.stat().st_size / 1e6
    with_bytecode = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    without = dict(env, PYTHONDONTWRITEBYTECODE="1")
    package = subprocess.run([sys.executable, "-c", "import briefcli; print(briefcli.__file__)"],
                             env=env, capture_output=True, text=True, check=True).stdout
    # Python reads bytecode it finds even when told not to write any: remove briefcli's.
    shutil.rmtree(Path(package.strip()).parent / "__pycache__", ignore_errors=True)
    for label, variant in ((", no bytecode", without), ("", with_bytecode)):
        run([*BRIEFCLI, "tag", str(one), "-f", "json"], 1, variant)  # writes it, if allowed
        seconds, base, peak, base_peak = float("inf"), float("inf"), 0.0, 0.0
        for _ in range(runs * 5):
            s, p = run([*BRIEFCLI, "tag", str(one), "-f", "json"], 1, variant)
            b, bp = run([sys.executable, str(work / "minimal.py"), "show", str(one)], 1,
                        variant)
            seconds, base = min(seconds, s), min(base, b)
            peak, base_peak = max(peak, p), max(base_peak, bp)
        rows.append((f"single file (tag -f json){label}", seconds, one_mb / seconds,
                     1 / seconds, peak))
        rows.append((f"minimal Typer app{label}", base, one_mb / base, 1 / base, base_peak))


def state_dept(rows: list[tuple[str, float, float, float, float]], work: Path, runs: int,
               env: dict[str, str], archive: Path) -> None:
    """The State Department archive as JSON Lines, one process, fuzzy on and off."""
    import gzip
    import json

    target = work / "state-dept.jsonl"
    with gzip.open(archive, "rb") as source, open(target, "wb") as out:
        shutil.copyfileobj(source, out)
    lines = target.read_bytes().splitlines()
    text_mb = sum(len(json.loads(line)["text"].encode()) for line in lines) / 1e6
    for name, extra in (("State Dept. JSONL, 1 process", []),
                        ("State Dept. JSONL, 1 process, --no-fuzzy", ["--no-fuzzy"])):
        seconds, peak = run([*BRIEFCLI, "tag", str(target), "--input-format", "jsonl", "-f",
                             "jsonl", "--jobs", "1", *extra], runs, env)
        rows.append((name, seconds, text_mb / seconds, len(lines) / seconds, peak))


FEEDS_TARBALL = HERE.parent.parent / "shared" / "corpus" / "state-dept-rss.tar.gz"


def feeds_dir(explicit: str | None) -> Path | None:
    """The folder of feed snapshots: as given, else the shared corpus unpacked (or None)."""
    if explicit:
        return Path(explicit)
    target = Path(tempfile.gettempdir()) / "briefcli-bench-rss"
    if not (target / "state-dept-rss").is_dir():
        if not FEEDS_TARBALL.exists():
            return None
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(FEEDS_TARBALL) as archive:
            archive.extractall(target, filter="data")
    return target / "state-dept-rss"


def feed_rows(rows: list[tuple[str, float, float, float, float]], folder: Path, work: Path,
              runs: int, env: dict[str, str]) -> float:
    """Feed snapshots against the same bodies (their extracted texts, with the items' title,
    date and speaker) as JSON Lines, each run in turn ``runs`` times, best of each. Returns
    feed time / JSON Lines time."""
    snapshots = sorted(p for p in folder.iterdir() if p.is_file())
    size_mb = sum(p.stat().st_size for p in snapshots) / 1e6
    bodies = work / "feed-bodies.jsonl"
    with open(bodies, "wb") as out:
        subprocess.run([*BRIEFCLI, "text", str(folder), "-f", "jsonl"], stdout=out,
                       stderr=subprocess.DEVNULL, check=True, env=env)
    items = sum(1 for _ in open(bodies, "rb"))
    feed_cmd = [*BRIEFCLI, "tag", str(folder), "-f", "jsonl", "--jobs", "1"]
    jsonl_cmd = [*BRIEFCLI, "tag", "--input-format", "jsonl", str(bodies), "-f", "jsonl",
                 "--jobs", "1"]
    feed_s, feed_peak, jsonl_s, jsonl_peak = float("inf"), 0.0, float("inf"), 0.0
    for _ in range(runs):  # alternately: the machine's speed drifts
        seconds, peak = run(feed_cmd, 1, env)
        feed_s, feed_peak = min(feed_s, seconds), max(feed_peak, peak)
        seconds, peak = run(jsonl_cmd, 1, env)
        jsonl_s, jsonl_peak = min(jsonl_s, seconds), max(jsonl_peak, peak)
    rows.append((f"feeds: {len(snapshots)} snapshots, 1 process", feed_s, size_mb / feed_s,
                 items / feed_s, feed_peak))
    rows.append(("feeds: same bodies as JSON Lines", jsonl_s,
                 bodies.stat().st_size / 1e6 / jsonl_s, items / jsonl_s, jsonl_peak))
    return feed_s / jsonl_s


def report(rows: list[tuple[str, float, float, float, float]], rg_speed: float | None) -> None:
    print(f"{'scenario':<48}{'wall s':>9}{'MB/s':>9}{'docs/s':>9}{'peak MB':>9}{'vs rg':>8}")
    for name, seconds, mbs, docs, peak in rows:
        whole_archive = name.startswith(("archive", "ripgrep"))
        ratio = f"{mbs / rg_speed:.2f}" if rg_speed and whole_archive else ""
        print(f"{name:<48}{seconds:>9.2f}{mbs:>9.2f}{docs:>9.1f}{peak:>9.0f}{ratio:>8}")
    for index, (name, seconds, *_) in enumerate(rows):
        if name.startswith("single file"):
            print(f"{name} / minimal Typer app: {seconds / rows[index + 1][1]:.2f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description="briefcli benchmark")
    parser.add_argument("--corpus")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="skip the fuzzy archive rows")
    parser.add_argument("--startup", action="store_true", help="only the single-file rows")
    parser.add_argument("--jsonl-only", action="store_true",
                        help="only the State Department JSON Lines rows")
    parser.add_argument("--state-dept", default=str(STATE_DEPT),
                        help="the State Department archive (.jsonl.gz)")
    parser.add_argument("--floor", action="store_true",
                        help="only what a run costs before any analysis (benchmarks/floor.py)")
    parser.add_argument("--feeds", help="a folder of feed snapshots (default: the shared "
                                        "State Department snapshots)")
    parser.add_argument("--feeds-only", action="store_true", help="only the feed rows")
    args = parser.parse_args()
    if args.feeds_only:
        folder = feeds_dir(args.feeds)
        if folder is None:
            sys.exit(f"no feeds: pass --feeds DIR (looked for {FEEDS_TARBALL})")
        rows_: list[tuple[str, float, float, float, float]] = []
        ratio = feed_rows(rows_, folder, Path(tempfile.mkdtemp(prefix="briefcli-bench-")),
                          args.runs, dict(os.environ))
        report(rows_, None)
        print(f"feed / JSON Lines: {ratio:.2f}x (target: at most 1.5x)")
        return 0
    corpus = corpus_dir(args.corpus)
    floor = [sys.executable, str(HERE / "floor.py"), "--corpus", str(corpus), "--runs",
             str(max(args.runs, 5))]
    if args.floor:
        return subprocess.run(floor, check=False).returncode
    files = sorted(corpus.glob("*.txt"))
    size_mb = sum(f.stat().st_size for f in files) / 1e6
    work = Path(tempfile.mkdtemp(prefix="briefcli-bench-"))
    one = max(files, key=lambda f: -abs(f.stat().st_size - 4000))  # about one page
    (work / "minimal.py").write_text(MINIMAL_APP, encoding="utf-8")
    env = dict(os.environ)
    rows: list[tuple[str, float, float, float, float]] = []  # name, s, MB/s, docs/s, peak

    def archive(name: str, extra: list[str]) -> None:
        seconds, peak = run([*BRIEFCLI, "tag", str(corpus), "-f", "jsonl", *extra], args.runs,
                            env)
        rows.append((name, seconds, size_mb / seconds, len(files) / seconds, peak))

    run([*BRIEFCLI, "tag", str(one), "-f", "json"], 1, env)  # warm the pack cache
    state_dept_archive = Path(args.state_dept)
    if args.jsonl_only:
        state_dept(rows, work, args.runs, env, state_dept_archive)
        report(rows, None)
        return 0
    if args.startup:
        startup(rows, one, work, args.runs, env)
        report(rows, None)
        return 0
    if not args.quick:
        archive("archive, 1 process", ["--jobs", "1"])
    archive("archive, 1 process, --no-fuzzy", ["--jobs", "1", "--no-fuzzy"])
    if not args.quick:
        archive("archive, --jobs 2", ["--jobs", "2"])
    archive("archive, --jobs 2 --no-fuzzy", ["--jobs", "2", "--no-fuzzy"])
    if state_dept_archive.exists():
        state_dept(rows, work, args.runs, env, state_dept_archive)
    # Growth: twice the phrases (the pack's own count again, as made-up names).
    synthetic = synthetic_rules(work, 48_000)
    run([*BRIEFCLI, "tag", str(one), "--rules", str(synthetic)], 1, env)  # compile and cache
    archive("archive, --no-fuzzy, pack doubled", ["--jobs", "1", "--no-fuzzy", "--rules",
                                                   str(synthetic)])
    # Memory against archive size: the same files listed twice is twice the archive.
    twice = work / "twice.txt"
    twice.write_text("\n".join(str(f) for f in files * 2) + "\n", encoding="utf-8")
    seconds, peak = run([*BRIEFCLI, "tag", "--files-from", str(twice), "-f", "jsonl",
                         "--jobs", "1", "--no-fuzzy"], 1, env)
    rows.append(("archive x2 (listed twice), --no-fuzzy", seconds, 2 * size_mb / seconds,
                 2 * len(files) / seconds, peak))
    startup(rows, one, work, args.runs, env)
    folder = feeds_dir(args.feeds)
    feed_ratio = feed_rows(rows, folder, work, args.runs, env) if folder else None
    nocache = dict(env, BRIEFCLI_NO_CACHE="1")
    code = "from briefcli.cache import compiled_matcher; compiled_matcher()"
    compile_s, compile_peak = run([sys.executable, "-c", code], args.runs, nocache)
    rows.append(("pack: compile from YAML", compile_s, 0, 0, compile_peak))
    load_s, load_peak = run([sys.executable, "-c", code], args.runs, env)
    rows.append(("pack: load from cache", load_s, 0, 0, load_peak))
    rg = shutil.which("rg")
    rg_speed = None
    if rg:
        aliases = alias_file(work)
        seconds, peak = run([rg, "-c", "-i", "-F", "-w", "-j", "2", "-f", str(aliases),
                             str(corpus)], args.runs)
        rg_speed = size_mb / seconds
        rows.append(("ripgrep -c -i -F -w, 2 threads", seconds, rg_speed, len(files) / seconds,
                     peak))
    print(f"corpus: {len(files)} files, {size_mb:.1f} MB; best of {args.runs} runs; "
          f"{os.cpu_count()} cores")
    report(rows, rg_speed)
    plain = next(r for r in rows if r[0] == "archive, 1 process, --no-fuzzy")
    doubled = next(r for r in rows if r[0].endswith("pack doubled"))
    print(f"pack doubled / shipped pack throughput: {doubled[2] / plain[2]:.2f}")
    if not args.quick:
        fuzzy = next(r for r in rows if r[0] == "archive, 1 process")
        two = next(r for r in rows if r[0] == "archive, --jobs 2")
        print(f"--jobs 2 / 1 process: {two[2] / fuzzy[2]:.2f}x")
    if feed_ratio is not None:
        print(f"feed / JSON Lines: {feed_ratio:.2f}x (target: at most 1.5x)")
    print()
    sys.stdout.flush()
    return subprocess.run(floor, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
