"""Side by side: this checkout against an earlier commit, alone and beside a CPU hog.

    python bench/compare.py                          # against f04015d, on 30 polnear_dev articles
    python bench/compare.py --base f04015d --corpus PATH --rounds 2 --json out.json

Each run is a whole ``quotes ingest CORPUS --db NEW.db -q`` process with one torch thread (the
default of this checkout; the earlier commit gets ``QUOTES_THREADS=1`` too), so the figures are
what a user waits for and what the process costs, the model load included. The earlier commit's
``quotes/`` package comes from ``git archive`` into a scratch folder and runs with this checkout's
virtual environment; its bundled models are its own. Runs alternate (base first in even rounds,
this checkout first in odd ones). Then one run of each beside a "hog": one other process spinning
on a core (``while True: pass``), the case of a shared machine.

For each run: wall and CPU (user + system) seconds, words per wall second, peak RSS (the ingest
process's own ``ru_maxrss``), quotes stored. Nothing here asserts a time (bench/README.md).
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from run import ROOT, SHARED, WORK, corpus_size, gold_corpus  # bench/run.py: the same scratch folder and corpora
BASE = "f04015d"  # the commit issue 21 measures against

RUNNER = ("import sys, quotes; assert quotes.__file__.startswith(sys.argv.pop(1)), quotes.__file__; "
          "from quotes.cli import cli; sys.argv[0] = 'quotes'; cli()")


def dev_corpus(n: int = 30) -> Path:
    """The first ``n`` polnear_dev articles as a JSONL corpus under WORK (never in the repository)."""
    src = SHARED / "gold" / "polnear_dev.jsonl"
    if not src.exists():
        raise SystemExit(f"{src} is absent: give --corpus")
    return gold_corpus(src, WORK / f"polnear-dev-{n}.jsonl", n)


def checkout(commit: str) -> Path:
    """The commit's ``quotes/`` package under WORK/base-<commit> (extracted once)."""
    sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", commit], check=True,
                         capture_output=True, text=True).stdout.strip()
    dest = WORK / f"base-{sha}"
    if not (dest / "quotes" / "__init__.py").exists():
        dest.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", sha, "quotes"], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def ingest_once(tree: Path, corpus: Path, label: str) -> dict:
    """One ``quotes ingest`` process from ``tree`` (its package first on the path) into a new DB."""
    db = WORK / f"compare-{label}-{os.getpid()}.db"
    for p in WORK.glob(db.name + "*"):
        p.unlink()
    env = dict(os.environ, PYTHONPATH=str(tree), QUOTES_THREADS="1", PYTHONWARNINGS="ignore")
    env.pop("OMP_NUM_THREADS", None)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", RUNNER, str(tree), "ingest", str(corpus), "--db", str(db), "-q"],
                            cwd=str(WORK), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{label}: quotes ingest failed:\n{err.decode(errors='replace')[-3000:]}")
    conn = sqlite3.connect(db)
    quotes = conn.execute("select count(*) from quotes").fetchone()[0]
    conn.close()
    for p in WORK.glob(db.name + "*"):
        p.unlink()
    return {"wall_s": round(wall, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
            "user_s": round(usage.ru_utime, 2), "sys_s": round(usage.ru_stime, 2),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "quotes": quotes,
            "loadavg": round(os.getloadavg()[0], 2)}


def run(base: str, corpus: Path, rounds: int) -> dict:
    trees = {"base": checkout(base), "this": ROOT}
    n_words = corpus_size(corpus)["words"]
    res: dict = {"base": base, "corpus": str(corpus), "words": n_words, "rounds": [], "beside_hog": {},
                 "loadavg_start": [round(x, 2) for x in os.getloadavg()]}
    for r in range(rounds):
        order = ["base", "this"] if r % 2 == 0 else ["this", "base"]
        row = {}
        for side in order:
            print(f"[compare] round {r + 1}: {side}", file=sys.stderr)
            row[side] = ingest_once(trees[side], corpus, side)
        res["rounds"].append(row)
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(1)
        for side in ("base", "this"):
            print(f"[compare] beside a CPU hog: {side}", file=sys.stderr)
            res["beside_hog"][side] = ingest_once(trees[side], corpus, side)
    finally:
        hog.kill()
        hog.wait()
    for side in ("base", "this"):
        alone = min(r[side]["wall_s"] for r in res["rounds"])
        res[f"{side}_best_wall_s"] = alone
        res[f"{side}_words_per_s"] = round(n_words / alone, 1)
        res[f"{side}_hog_slowdown"] = round(res["beside_hog"][side]["wall_s"] / alone, 2)
        res[f"{side}_peak_rss_mb"] = max(r[side]["peak_rss_mb"] for r in res["rounds"])
    res["speedup_wall"] = round(res["base_best_wall_s"] / res["this_best_wall_s"], 3)
    res["speedup_cpu"] = round(min(r["base"]["cpu_s"] for r in res["rounds"])
                               / min(r["this"]["cpu_s"] for r in res["rounds"]), 3)
    return res


def markdown(res: dict) -> list[str]:
    lines = ["## This checkout against " + res["base"], "",
             f"`quotes ingest` of {res['corpus']} ({res['words']:,} words), one torch thread, whole "
             f"processes; load average {res['loadavg_start'][0]} at the start.", "",
             "| run | side | wall s | CPU s (sys) | words/s | peak RSS MB | quotes | load |", "|---|---|---|---|---|---|---|---|"]
    runs = [(f"round {i + 1}", row) for i, row in enumerate(res["rounds"])] + [("beside a CPU hog", res["beside_hog"])]
    for name, row in runs:
        for side in ("base", "this"):
            m = row[side]
            lines.append(f"| {name} | {res['base'] if side == 'base' else 'this'} | {m['wall_s']} | {m['cpu_s']} ({m['sys_s']}) | "
                         f"{round(res['words'] / m['wall_s'], 1)} | {m['peak_rss_mb']} | {m['quotes']} | {m['loadavg']} |")
    lines += ["", f"Speed-up (best wall, alone): {res['speedup_wall']}x; CPU: {res['speedup_cpu']}x. "
              f"Beside a CPU hog: {res['base']} {res['base_hog_slowdown']}x its time alone, this checkout "
              f"{res['this_hog_slowdown']}x. Peak RSS: {res['base_peak_rss_mb']} -> {res['this_peak_rss_mb']} MB."]
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description="This checkout against an earlier commit, alone and beside a CPU hog.")
    ap.add_argument("--base", default=BASE, help=f"the earlier commit (default {BASE})")
    ap.add_argument("--corpus", type=Path, help="what to ingest (default: the first 30 polnear_dev articles)")
    ap.add_argument("--rounds", type=int, default=2, help="alternating rounds alone (default 2)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    corpus = args.corpus or dev_corpus(30)
    res = run(args.base, corpus.resolve(), args.rounds)
    if args.json:
        args.json.write_text(json.dumps(res, indent=2) + "\n")
    print("\n".join(markdown(res)))


if __name__ == "__main__":
    main()
