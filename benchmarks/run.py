#!/usr/bin/env python3
"""The briefcli benchmark: one command, a table of throughput, start-up and memory.

    python benchmarks/run.py                      # unpacks ../shared/corpus/ungd-bench.tar.gz
    python benchmarks/run.py --corpus DIR         # or any folder of .txt files
    python benchmarks/run.py --runs 5 --quick     # median of 5; --quick skips the slow rows

Scenarios (whole-process wall time, median of --runs, each a fresh ``briefcli`` process):
- archive, one process: ``briefcli tag CORPUS --format jsonl --jobs 1`` (fuzzy on, the default)
- archive, no fuzzy: the same with ``--no-fuzzy``
- archive, two processes: ``--jobs 2``
- single file: ``briefcli tag ONE.txt --format json`` against a minimal two-command Typer app
  that reads the same file and prints it
- pack: compiling the full pack from YAML (no cache) and loading it from the cache
- ripgrep, two threads: ``rg -c -i -F -w -f ALIASES`` with the pack's own alias list, where
  ripgrep is installed: the speed of merely finding the same names

Peak memory is the largest resident set of the run (``ru_maxrss`` of the children).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARBALL = HERE.parent.parent / "shared" / "corpus" / "ungd-bench.tar.gz"
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


def run(command: list[str], runs: int, env: dict[str, str] | None = None,
        stdin: str | None = None) -> tuple[float, float]:
    """Median wall seconds and peak resident MB of ``command`` over ``runs`` runs."""
    times = []
    peak = 0.0
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=env, check=False, input=stdin, text=stdin is not None)
        times.append(time.perf_counter() - start)
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return statistics.median(times), peak / 1024


def alias_file(folder: Path) -> Path:
    """The shipped pack's literal phrases (actors and mechanisms), one per line, for ripgrep."""
    sys.path.insert(0, str(HERE.parent))
    from briefcli.rules import load_pack

    phrases = sorted({p for rule in load_pack().rules if rule.kind in ("actors", "mechanisms")
                      and "{" not in rule.id for a in rule.aliases for p in a.phrases})
    path = folder / "aliases.txt"
    path.write_text("\n".join(phrases) + "\n", encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description="briefcli benchmark")
    parser.add_argument("--corpus")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="skip the fuzzy archive rows")
    args = parser.parse_args()
    corpus = corpus_dir(args.corpus)
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
    if not args.quick:
        archive("archive, 1 process", ["--jobs", "1"])
    archive("archive, 1 process, --no-fuzzy", ["--jobs", "1", "--no-fuzzy"])
    if not args.quick:
        archive("archive, --jobs 2", ["--jobs", "2"])
    archive("archive, --jobs 2 --no-fuzzy", ["--jobs", "2", "--no-fuzzy"])
    one_mb = one.stat().st_size / 1e6
    seconds, peak = run([*BRIEFCLI, "tag", str(one), "-f", "json"], args.runs * 3, env)
    rows.append(("single file (tag --format json)", seconds, one_mb / seconds, 1 / seconds,
                 peak))
    base, base_peak = run([sys.executable, str(work / "minimal.py"), "show", str(one)],
                          args.runs * 3, env)
    rows.append(("minimal Typer app, same file", base, one_mb / base, 1 / base, base_peak))
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
    print(f"corpus: {len(files)} files, {size_mb:.1f} MB; median of {args.runs} runs; "
          f"{os.cpu_count()} cores")
    print(f"{'scenario':<36}{'wall s':>9}{'MB/s':>9}{'docs/s':>9}{'peak MB':>9}{'vs rg':>8}")
    for name, seconds, mbs, docs, peak in rows:
        ratio = f"{mbs / rg_speed:.2f}" if rg_speed and mbs else ""
        print(f"{name:<36}{seconds:>9.2f}{mbs:>9.2f}{docs:>9.1f}{peak:>9.0f}{ratio:>8}")
    single = next(r for r in rows if r[0].startswith("single"))
    print(f"single file / minimal Typer app: {single[1] / base:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
