"""The benchmark: one command measures ingest cost, throughput, memory and Datasette at scale.

    python bench/run.py                      # everything, with the defaults below (make bench)
    python bench/run.py --limit 20 --only ingest,workers

Writes ``bench/results/results.json`` and ``bench/results/results.md``. Every measurement runs in
a fresh child process (so peak memory is per measurement) and the parent samples the resident
memory of the child and all its worker processes. See bench/README.md for what each figure means.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
RESULTS = ROOT / "bench" / "results"
WORK = Path(os.environ.get("QUOTES_BENCH_DIR", "/tmp/quotes-bench"))
SECTIONS = ("ingest", "workers", "dask", "memory", "datasette")

sys.path.insert(0, str(ROOT))


# --- corpora ----------------------------------------------------------------------------------

def prepare_corpus(name: str, limit: int | None) -> Path:
    """``seed`` (corpus/), ``polnear`` (the first ``limit`` PolNeAR train texts, written as a
    JSONL file under WORK, never into the repository) or a path."""
    if name == "seed":
        return ROOT / "corpus"
    if name == "polnear":
        src = SHARED / "gold" / "polnear_train.jsonl"
        if not src.exists():
            raise SystemExit(f"{src} is absent: use --corpus seed or a directory")
        return gold_corpus(src, WORK / f"polnear-{limit or 'all'}.jsonl", limit)
    return Path(name)


def gold_corpus(src: Path, out: Path, limit: int | None) -> Path:
    """The first ``limit`` texts of a gold JSONL file (all: None) written to ``out`` as a corpus
    ``quotes ingest`` reads: text, title, outlet (the publisher), published (the date)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with src.open(encoding="utf-8") as f, out.open("w", encoding="utf-8") as g:
        for n, line in enumerate(f):
            if limit is not None and n >= limit:
                break
            o = json.loads(line)
            g.write(json.dumps({"text": o["text"], "title": o.get("title"), "outlet": o.get("publisher"),
                                "published": o.get("date")}) + "\n")
    return out


def corpus_size(path: Path) -> dict:
    from quotes.read import read_articles
    from quotes.types import Article

    arts = [a for a in read_articles([path]) if isinstance(a, Article)]
    return {"articles": len(arts), "words": sum(len(a.text.split()) for a in arts),
            "chars": sum(len(a.text) for a in arts)}


# --- child measurements (each in its own process) ---------------------------------------------

def child_ingest(spec: dict) -> dict:
    """Bare Stanza vs ``ingest()`` on the same texts, with the pipeline loaded once beforehand
    (its load time reported apart), then a re-run on the unchanged corpus."""
    from quotes.read import read_articles
    from quotes.types import Article
    from quotes.run.ingest import ingest
    from quotes.nlp import get_pipeline
    from quotes.store import open_db

    corpus, models, repeat = Path(spec["corpus"]), spec.get("models"), spec.get("repeat", 1)
    texts = [a.text for a in read_articles([corpus]) if isinstance(a, Article)]
    t0 = time.perf_counter()
    nlp = get_pipeline(models, threads=spec.get("threads"))
    load = time.perf_counter() - t0
    nlp("A warm-up sentence, said the benchmark.")
    out: dict = {"load_s": load, "bare": [], "ingest": [], "rerun": []}
    def bare() -> None:
        w0, c0 = time.perf_counter(), time.process_time()
        for text in texts:
            nlp(text)
        out["bare"].append({"wall_s": time.perf_counter() - w0, "cpu_s": time.process_time() - c0})

    for r in range(repeat):
        # Alternate the order (bare first on even rounds, ingest first on odd ones) so that
        # warm-up effects of the first pass do not favour either side; the fastest run counts.
        if r % 2 == 0:
            bare()
        db_path = WORK / f"bench-ingest-{os.getpid()}-{r}.db"
        for p in WORK.glob(db_path.name + "*"):
            p.unlink()
        db = open_db(db_path)
        w0, c0 = time.perf_counter(), time.process_time()
        report = ingest(db, [corpus], models=models)
        out["ingest"].append({"wall_s": time.perf_counter() - w0, "cpu_s": time.process_time() - c0,
                              "articles": report.articles, "quotes": report.quotes, "failed": report.failed})
        w0, c0 = time.perf_counter(), time.process_time()
        again = ingest(db, [corpus], models=models)
        out["rerun"].append({"wall_s": time.perf_counter() - w0, "cpu_s": time.process_time() - c0,
                             "skipped": again.skipped, "articles": again.articles})
        db.close()
        for p in WORK.glob(db_path.name + "*"):
            p.unlink()
        if r % 2 == 1:
            bare()
    out["self_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def child_workers(spec: dict) -> dict:
    """A cold ``ingest()`` (pipeline or pool or cluster started inside the timing) into a fresh
    database with ``workers`` processes, or on a Dask LocalCluster when ``scheduler`` is set."""
    from quotes.run.ingest import ingest
    from quotes.store import open_db

    db_path = WORK / f"bench-workers-{os.getpid()}.db"
    for p in WORK.glob(db_path.name + "*"):
        p.unlink()
    from quotes.read import read_articles
    from quotes.types import Article

    words = {a.source_path: len(a.text.split()) for a in read_articles([Path(spec["corpus"])]) if isinstance(a, Article)}
    db = open_db(db_path)
    done: list[tuple[float, str]] = []
    w0, c0 = time.perf_counter(), time.process_time()
    report = ingest(db, [Path(spec["corpus"])], models=spec.get("models"), workers=spec["workers"],
                    scheduler=spec.get("scheduler"), on_event=lambda ev: done.append((time.perf_counter() - w0, ev.path)))
    wall = time.perf_counter() - w0
    # Steady state: from the first article written to the last, i.e. without model loading and
    # pool start (the first article's words are left out).
    steady = None
    if len(done) > 1 and done[-1][0] > done[0][0]:
        steady = sum(words.get(p, 0) for _, p in done[1:]) / (done[-1][0] - done[0][0])
    out = {"wall_s": wall, "main_cpu_s": time.process_time() - c0, "articles": report.articles,
           "first_article_s": round(done[0][0], 1) if done else None,
           "steady_words_per_s": round(steady, 1) if steady else None,
           "quotes": report.quotes, "failed": report.failed,
           "self_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    db.close()
    for p in WORK.glob(db_path.name + "*"):
        p.unlink()
    return out


def run_child(kind: str, spec: dict, env: dict | None = None, tries: int = 2) -> dict:
    """Run one measurement in a fresh process (retried once after a pause: the checkout is
    shared and may be mid-edit); adds the peak resident memory of the process tree (sampled
    every 50 ms) and the machine's load average before and after."""
    for attempt in range(tries):
        try:
            return _run_child(kind, spec, env)
        except RuntimeError as exc:
            if attempt == tries - 1:
                raise
            print(f"  failed, retrying in 20 s: {str(exc).strip().splitlines()[-1]}", file=sys.stderr)
            time.sleep(20)
    raise AssertionError("unreachable")


def _run_child(kind: str, spec: dict, env: dict | None = None) -> dict:
    import psutil

    load_before = os.getloadavg()
    env = dict(os.environ, PYTHONWARNINGS="ignore", **(env or {}))
    proc = subprocess.Popen([sys.executable, __file__, "_child", kind, json.dumps(spec)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = {"tree": 0.0}
    done = threading.Event()

    def sample() -> None:
        try:
            p = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while not done.is_set():
            total = 0
            try:
                for q in [p, *p.children(recursive=True)]:
                    try:
                        total += q.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                break
            peak["tree"] = max(peak["tree"], total / 2**20)
            done.wait(0.05)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    stdout, stderr = proc.communicate()
    done.set()
    th.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} {spec} failed:\n{stderr[-4000:]}")
    out = json.loads(stdout.strip().splitlines()[-1])
    out["peak_tree_rss_mb"] = round(peak["tree"], 1)
    out["loadavg_before"] = [round(x, 2) for x in load_before]
    out["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    return out


# --- sections --------------------------------------------------------------------------------

def best(runs: list[dict], key: str) -> float:
    return min(r[key] for r in runs)


def section_ingest(corpora: dict, args) -> dict:
    res = {}
    for label, path in corpora.items():
        size = corpus_size(path)
        print(f"[ingest] {label}: {size['articles']} articles, {size['words']} words", file=sys.stderr)
        try:
            r = run_child("ingest", {"corpus": str(path), "models": args.models, "repeat": args.repeat,
                                     "threads": args.threads})
        except RuntimeError as exc:
            res[label] = {**size, "error": str(exc)[-1500:]}
            continue
        bare_w, ing_w, rerun_w = best(r["bare"], "wall_s"), best(r["ingest"], "wall_s"), best(r["rerun"], "wall_s")
        bare_c, ing_c = best(r["bare"], "cpu_s"), best(r["ingest"], "cpu_s")
        res[label] = {
            **size, "corpus": str(path), "raw": r,
            "load_s": round(r["load_s"], 2),
            "bare_wall_s": round(bare_w, 2), "ingest_wall_s": round(ing_w, 2), "rerun_wall_s": round(rerun_w, 3),
            "bare_cpu_s": round(bare_c, 2), "ingest_cpu_s": round(ing_c, 2),
            "ratio_wall": round(ing_w / bare_w, 3), "ratio_cpu": round(ing_c / bare_c, 3),
            "rerun_fraction": round(rerun_w / ing_w, 4),
            "words_per_s": round(size["words"] / ing_w, 1), "articles_per_s": round(size["articles"] / ing_w, 3),
            "bare_words_per_s": round(size["words"] / bare_w, 1),
            "quotes": r["ingest"][0]["quotes"], "failed": r["ingest"][0]["failed"],
            "peak_rss_mb": r["peak_tree_rss_mb"], "loadavg": r["loadavg_before"],
        }
    return res


def section_workers(corpora: dict, args, scheduler: str | None = None) -> dict:
    res = {}
    for label, path in corpora.items():
        size = corpus_size(path)
        rows = {}
        # 1 worker with quotes' default torch threads (min(4, cores)), 1 worker with 1 thread, then
        # N workers with cores // N threads each.
        plan = [(w, None) for w in args.workers] if scheduler else [(1, None), (1, 1), *[(w, None) for w in args.workers if w > 1]]
        for w, threads in plan:
            tag = (f"dask {w}" if scheduler else str(w)) + (f" x {threads} thread" if threads else "")
            print(f"[{'dask' if scheduler else 'workers'}] {label}: {tag}", file=sys.stderr)
            try:
                r = run_child("workers", {"corpus": str(path), "models": args.models, "workers": w, "scheduler": scheduler},
                              env={"QUOTES_THREADS": str(threads)} if threads else None)
            except RuntimeError as exc:
                rows[tag] = {"error": str(exc)[-1500:]}
                continue
            rows[tag] = {**r, "words_per_s": round(size["words"] / r["wall_s"], 1),
                         "articles_per_s": round(size["articles"] / r["wall_s"], 3)}
        res[label] = {**size, "runs": rows}
    return res


def section_memory(args) -> dict:
    """Peak memory of a parallel ingest as the corpus grows (streaming: it should stay flat)."""
    out = {}
    for n in args.memory_limits:
        path = prepare_corpus("polnear", n)
        size = corpus_size(path)
        print(f"[memory] polnear {n} articles, workers={max(args.workers)}", file=sys.stderr)
        try:
            r = run_child("workers", {"corpus": str(path), "models": args.models, "workers": max(args.workers)})
        except RuntimeError as exc:
            out[str(n)] = {**size, "error": str(exc)[-1500:]}
            continue
        out[str(n)] = {**size, "workers": max(args.workers), "peak_tree_rss_mb": r["peak_tree_rss_mb"],
                       "main_peak_rss_mb": round(r["self_peak_rss_mb"], 1), "wall_s": round(r["wall_s"], 1),
                       "loadavg": r["loadavg_before"]}
    return out


def section_datasette(args) -> dict:
    from datasette_bench import run as run_datasette

    return run_datasette(Path(args.quotes_db), n_quotes=args.n_quotes)


# --- report ----------------------------------------------------------------------------------

def markdown(result: dict) -> str:
    m = result["machine"]
    lines = [
        "# Benchmark results", "",
        f"Run {result['started']} on {m['cores']} cores ({m['cpu']}), Python {m['python']}, "
        f"models `{result['models']}`. Load average at the start: {m['loadavg_start']} "
        f"(other jobs share this machine; wall times depend on it, CPU times much less).", "",
    ]
    if result.get("section_started"):
        lines += ["Sections started at: " + ", ".join(f"{k} {v}" for k, v in result["section_started"].items()) + ".", ""]
    if "ingest" in result:
        lines += ["## Ingest cost over bare Stanza, re-run", "",
                  f"Same texts, same pipeline (loaded once, {result.get('threads', 1)} torch thread(s)); bare = `nlp(text)` per article; "
                  "`ingest` = read + parse + extract + resolve + write + tracking into a fresh DB; re-run = `ingest` again on the unchanged corpus.", "",
                  "| corpus | articles | words | model load s | bare Stanza s | `ingest` s | ratio wall | ratio CPU | re-run s | re-run / first | words/s | articles/s | peak RSS MB | load avg |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for label, r in result["ingest"].items():
            if "error" in r:
                lines.append(f"| {label} | {r['articles']} | {r['words']} | failed: see results.json |" + " |" * 11)
                continue
            lines.append(f"| {label} | {r['articles']} | {r['words']} | {r['load_s']} | {r['bare_wall_s']} | {r['ingest_wall_s']} "
                         f"| {r['ratio_wall']} | {r['ratio_cpu']} | {r['rerun_wall_s']} | {r['rerun_fraction']:.2%} "
                         f"| {r['words_per_s']} | {r['articles_per_s']} | {r['peak_rss_mb']} | {r['loadavg'][0]} |")
        lines += ["", "Goals: ratio <= 1.05, re-run <= 1% of the first run.", ""]
    for sec, title in (("workers", "Parallel ingest (cold start included)"), ("dask", "Dask LocalCluster (cold start included)")):
        if sec not in result:
            continue
        lines += [f"## {title}", "", "| corpus | words | workers | wall s | words/s | articles/s | speed-up vs 1 x 1 thread | first article s | steady words/s | peak RSS MB (all processes) | load avg |",
                  "|---|---|---|---|---|---|---|---|---|---|---|"]
        for label, r in result[sec].items():
            base = result.get("workers", {}).get(label, {}).get("runs", {}).get("1 x 1 thread", {}).get("wall_s")
            for tag, x in r["runs"].items():
                if "error" in x:
                    lines.append(f"| {label} | {r['words']} | {tag} | failed: see results.json |" + " |" * 7)
                    continue
                sp = f"{base / x['wall_s']:.2f}" if base else "-"
                lines.append(f"| {label} | {r['words']} | {tag} | {x['wall_s']:.1f} | {x['words_per_s']} | {x['articles_per_s']} "
                             f"| {sp} | {x.get('first_article_s', '-')} | {x.get('steady_words_per_s', '-')} "
                             f"| {x['peak_tree_rss_mb']} | {x['loadavg_before'][0]} |")
        lines.append("")
    if "memory" in result:
        lines += ["## Peak memory as the corpus grows", "", "| articles | words | workers | wall s | peak RSS MB (all processes) | main process MB |",
                  "|---|---|---|---|---|---|"]
        for n, r in result["memory"].items():
            if "error" in r:
                lines.append(f"| {r['articles']} | {r['words']} | failed: see results.json |" + " |" * 3)
                continue
            lines.append(f"| {r['articles']} | {r['words']} | {r['workers']} | {r['wall_s']} | {r['peak_tree_rss_mb']} | {r['main_peak_rss_mb']} |")
        lines.append("")
    if "datasette" in result:
        from datasette_bench import markdown as ds_markdown

        lines += ds_markdown(result["datasette"])
    return "\n".join(lines) + "\n"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        fn = {"ingest": child_ingest, "workers": child_workers}[sys.argv[2]]
        print(json.dumps(fn(json.loads(sys.argv[3]))))
        return
    ap = argparse.ArgumentParser(description="Benchmark ingest, parallel ingest, Dask and Datasette (bench/README.md).")
    ap.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections of {', '.join(SECTIONS)}")
    ap.add_argument("--corpus", action="append", help="seed, polnear or a path; repeatable (default: seed and polnear)")
    ap.add_argument("--limit", type=int, default=12, help="PolNeAR train articles to use (default 12; all: 0)")
    ap.add_argument("--workers", default="2", help="worker counts to compare with 1, comma-separated (default 2)")
    ap.add_argument("--memory-limits", default="6,24", help="PolNeAR sizes for the memory section (default 6,24)")
    ap.add_argument("--threads", type=int, default=1,
                    help="torch threads for the bare-vs-ingest section (default 1: CPU times stay honest on a busy machine)")
    ap.add_argument("--repeat", type=int, default=2,
                    help="bare/ingest rounds, alternating which goes first; the fastest of each counts (default 2)")
    ap.add_argument("--models", default=os.environ.get("QUOTES_MODELS"), help="as quotes --models (env QUOTES_MODELS)")
    ap.add_argument("--quotes-db", default=str(WORK / "1m" / "quotes.db"), help="the generated DB for Datasette (made if missing)")
    ap.add_argument("--n-quotes", type=int, default=1_000_000, help="quotes in a generated DB (default 1,000,000)")
    ap.add_argument("--out", default=str(RESULTS), help="where results.json and results.md go")
    args = ap.parse_args()
    args.workers = [int(x) for x in args.workers.split(",")]
    args.memory_limits = [int(x) for x in args.memory_limits.split(",")]
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    if not args.models:  # the bundled models if they are complete, else the reference build
        from quotes.nlp import ModelError, resolve_models

        try:
            resolve_models("bundled")
        except ModelError:
            ref = SHARED / "models" / "en-compact-ref"
            if ref.is_dir():
                args.models = str(ref)
                os.environ["QUOTES_MODELS"] = str(ref)
    WORK.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    corpora = {}
    for name in args.corpus or ["seed", "polnear"]:
        if name == "polnear" and not (SHARED / "gold" / "polnear_train.jsonl").exists():
            print("PolNeAR is absent (../shared): the larger corpus is skipped", file=sys.stderr)
            continue
        label = f"polnear[:{args.limit}]" if name == "polnear" else name
        corpora[label] = prepare_corpus(name, args.limit or None)
    result: dict = {
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "models": args.models or "bundled",
        "machine": {"cores": os.cpu_count(), "cpu": platform.processor() or platform.machine(),
                    "python": platform.python_version(), "loadavg_start": [round(x, 2) for x in os.getloadavg()]},
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    earlier = json.loads((out / "results.json").read_text()) if (out / "results.json").exists() else {}

    def save() -> None:
        """Write what has been measured so far; sections not run this time keep their earlier
        figures (with the time and load of their own run)."""
        merged = dict(result)
        for sec in SECTIONS:
            if sec not in only and sec in earlier:
                merged[sec] = earlier[sec]
                merged.setdefault("earlier_runs", {})[sec] = earlier.get("section_started", {}).get(sec, earlier.get("started"))
        merged["section_started"] = {**earlier.get("section_started", {}), **result["section_started"]}
        if "threads" not in merged and "threads" in earlier:
            merged["threads"] = earlier["threads"]
        merged["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
        (out / "results.json").write_text(json.dumps(merged, indent=2) + "\n")
        (out / "results.md").write_text(markdown(merged))

    result["section_started"] = {}
    runners = {
        "ingest": lambda: section_ingest(corpora, args),
        "workers": lambda: section_workers(corpora, args),
        "dask": lambda: section_workers(corpora, args, scheduler="local"),
        "memory": lambda: section_memory(args),
        "datasette": lambda: section_datasette(args),
    }
    for sec in SECTIONS:
        if sec in only:
            result["section_started"][sec] = time.strftime("%Y-%m-%d %H:%M:%S")
            if sec == "ingest":
                result["threads"] = args.threads
            result[sec] = runners[sec]()
            save()
    print((out / "results.md").read_text())


if __name__ == "__main__":
    main()
