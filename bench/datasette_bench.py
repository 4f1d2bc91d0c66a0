"""Datasette at scale: page times on a generated database of (by default) 1M quotes.

    python bench/datasette_bench.py [/tmp/quotes-bench/1m/quotes.db] [--n-quotes 1000000]

(also run by ``python bench/run.py``). Serves the database with a real Datasette server on
127.0.0.1, set up like ``quotes serve`` (our metadata, templates and plugins, database named
``quotes``), in two configurations:

- ``default``: what ``quotes serve`` does today (mutable file, ``quotes.serve.SETTINGS``);
- ``tuned``: immutable mode (``-i``), ``datasette inspect`` counts (``--inspect-file``) and the
  settings in :data:`TUNED_SETTINGS`.

Each page is fetched once to warm up, then ``REPEAT`` times; the median and the slowest are
reported, with whether any facet timed out (from the page's JSON).
"""
from __future__ import annotations

import json
import os
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

REPEAT = 7
#: Settings for big databases (bench/README.md explains each).
TUNED_SETTINGS = {
    "suggest_facets": "off",       # no per-column "suggested facet" queries on every table page
    "facet_time_limit_ms": "250",  # a facet that cannot finish in time is dropped, not waited for
    "sql_time_limit_ms": "1000",
    "num_sql_threads": "3",        # facets run concurrently
    "default_page_size": "50",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def search_terms(db_path: Path, seed: int = 7) -> dict[str, str]:
    """Words of the generated vocabulary by rank: very common (in ~1 quote in 6), common, rare,
    and a two-word query."""
    from gen_db import vocabulary

    vocab = vocabulary(20_000, random.Random(seed))
    return {"very common word": vocab[30], "common word": vocab[300], "rare word": vocab[12_000],
            "two words": f"{vocab[80]} {vocab[400]}"}


def _matches(db_path: Path, term: str) -> int:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return conn.execute("select count(*) from quotes_fts where quotes_fts match ?", [term]).fetchone()[0]
    finally:
        conn.close()


#: A search that stays fast however many quotes match: FTS5 walks its index newest-first and
#: stops after the page (no relevance sort over every match, no count).
NEWEST_FIRST_SQL = (
    "select q.text, s.name as speaker, q.cue, q.type, a.title as article, a.outlet, a.published, q.article_id "
    "from quotes_fts join quotes q on q.rowid = quotes_fts.rowid join articles a on a.id = q.article_id "
    "left join speakers s on s.id = q.speaker_id where quotes_fts match escape_fts(:q) "
    "order by quotes_fts.rowid desc limit 50"
)


def pages(db_path: Path) -> list[tuple[str, str, str]]:
    """(kind, label, path) for every page measured."""
    from urllib.parse import urlencode

    terms = search_terms(db_path)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    top = conn.execute("select speaker_id from quotes group by speaker_id order by count(*) desc limit 1").fetchone()[0]
    conn.close()
    out = []
    for label, term in terms.items():
        q = urlencode({"_search": term})
        n = _matches(db_path, term)
        out.append(("search", f"{label} ({n:,} matches): quotes table", f"/quotes/quotes?{q}"))
        out.append(("search", f"{label}: quotes_view", f"/quotes/quotes_view?{q}"))
        out.append(("search", f"{label}: canned search_quotes (rank, 500 rows)", f"/quotes/search_quotes?{urlencode({'q': term})}"))
        out.append(("search", f"{label}: newest first, 50 rows (SQL)", f"/quotes?{urlencode({'sql': NEWEST_FIRST_SQL, 'q': term})}"))
    out += [
        ("facets", "quotes table, 4 facets (type, stance, speaker_id, cue_lemma), all rows", "/quotes/quotes"),
        ("facets", "quotes table filtered by top speaker, 4 facets", f"/quotes/quotes?speaker_id={top}"),
        ("facets", "quotes table, type=direct, 4 facets", "/quotes/quotes?type=direct"),
        ("facets", "speakers table, 2 facets", "/quotes/speakers"),
        ("facets", "articles table, 2 facets (outlet, format)", "/quotes/articles"),
        ("facets", "quotes_view (6 facets over the joined view)", "/quotes/quotes_view"),
    ]
    return out


def start_server(db_path: Path, tuned: bool, inspect_file: Path | None) -> tuple[subprocess.Popen, str]:
    from quotes.serve import METADATA_PATH, PLUGINS_DIR, SETTINGS, TEMPLATE_DIR

    port = _free_port()
    cmd = [sys.executable, "-m", "datasette", "serve", "--host", "127.0.0.1", "--port", str(port),
           "-m", str(METADATA_PATH), "--template-dir", str(TEMPLATE_DIR), "--plugins-dir", str(PLUGINS_DIR)]
    settings = {k: str(v) for k, v in SETTINGS.items()}
    if tuned:
        settings.update(TUNED_SETTINGS)
        cmd += ["-i", str(db_path)]
        if inspect_file:
            cmd += ["--inspect-file", str(inspect_file)]
    else:
        cmd += [str(db_path)]
    for k, v in settings.items():
        cmd += ["--setting", k, v]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    import httpx

    for _ in range(600):
        if proc.poll() is not None:
            raise RuntimeError(f"datasette exited: {proc.stderr.read()[-2000:]}")
        try:
            if httpx.get(base + "/-/versions.json", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("datasette did not start")


def measure(base: str, path: str, server_pid: int) -> dict:
    """Wall time of each request, and the server's CPU time per request (user + system, all its
    threads): on a shared machine the CPU time says what the page costs on an idle core."""
    import httpx
    import psutil

    server = psutil.Process(server_pid)
    with httpx.Client(base_url=base, timeout=120) as client:
        first = client.get(path)
        times, statuses = [], set()
        c0 = sum(server.cpu_times()[:2])
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            r = client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
            statuses.add(r.status_code)  # 400: Datasette interrupted a query over sql_time_limit_ms
        cpu_ms = (sum(server.cpu_times()[:2]) - c0) * 1000 / REPEAT
    # Datasette 0.65 reports facets that hit facet_time_limit_ms only in the HTML page.
    m = re.search(r"These facets timed out: ([^<]*)<", r.text)
    timed_out = [x.strip() for x in m.group(1).split(",")] if m else []
    return {"status": sorted(statuses | {first.status_code}), "median_ms": round(statistics.median(times), 1), "cpu_ms": round(cpu_ms, 1),
            "min_ms": round(min(times), 1), "max_ms": round(max(times), 1),
            "facets_timed_out": timed_out}


#: A covering index for the facets of a speaker's quotes (the "everything X said" page).
EXTRA_INDEXES = {"idx_quotes_speaker_facets": "quotes(speaker_id, type, stance, cue_lemma)"}


def _indexes(db_path: Path, create: bool) -> None:
    conn = sqlite3.connect(db_path)
    for name, spec in EXTRA_INDEXES.items():
        conn.execute(f"create index if not exists {name} on {spec}" if create else f"drop index if exists {name}")
    conn.execute("ANALYZE")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def run(db_path: Path, n_quotes: int = 1_000_000) -> dict:
    """Generate the database if missing, then measure both configurations."""
    from gen_db import generate

    out: dict = {"db": str(db_path)}
    if not db_path.exists():
        db_path.parent.mkdir(parents=True, exist_ok=True)
        print(f"[datasette] generating {n_quotes:,} quotes in {db_path}", file=sys.stderr)
        out["generate"] = generate(db_path, n_quotes, log=lambda m: print(m, file=sys.stderr))
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    out["counts"] = {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0]
                     for t in ("quotes", "articles", "speakers", "speaker_mentions")}
    conn.close()
    out["bytes"] = db_path.stat().st_size
    inspect_file = db_path.with_suffix(".inspect.json")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "datasette", "inspect", str(db_path), "--inspect-file", str(inspect_file)],
                   check=True, stdout=subprocess.DEVNULL)
    out["inspect_s"] = round(time.perf_counter() - t0, 1)
    out["loadavg"] = [round(x, 2) for x in os.getloadavg()]
    plist = pages(db_path)
    out["configs"] = {}
    for name in ("default", "tuned", "tuned+index"):
        print(f"[datasette] {name}", file=sys.stderr)
        if name == "tuned+index":  # facet pages only, with the extra index, dropped afterwards
            _indexes(db_path, create=True)
            subprocess.run([sys.executable, "-m", "datasette", "inspect", str(db_path), "--inspect-file", str(inspect_file)],
                           check=True, stdout=subprocess.DEVNULL)
        proc, base = start_server(db_path, tuned=name != "default", inspect_file=inspect_file)
        try:
            rows = []
            for kind, label, path in plist:
                if name == "tuned+index" and kind != "facets":
                    continue
                m = measure(base, path, proc.pid)
                rows.append({"kind": kind, "page": label, "path": path, **m})
                print(f"  {m['median_ms']:>8} ms {m['cpu_ms']:>8} cpu ms  {label}", file=sys.stderr)
            out["configs"][name] = {"settings": {**TUNED_SETTINGS, "immutable": True, "inspect_file": True,
                                                 **({"indexes": EXTRA_INDEXES} if name == "tuned+index" else {})} if name != "default" else {},
                                    "pages": rows}
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            if name == "tuned+index":
                _indexes(db_path, create=False)
    out["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    return out


def _flag(m: dict) -> str:
    bad = [str(x) for x in m["status"] if x != 200]
    return f" HTTP {'/'.join(bad)}" if bad else ""


def markdown(res: dict) -> list[str]:
    c = res["counts"]
    lines = ["## Datasette at scale", "",
             f"Generated DB `{res['db']}`: {c['quotes']:,} quotes, {c['articles']:,} articles, {c['speakers']:,} speakers, "
             f"{c['speaker_mentions']:,} speaker mentions; {res['bytes'] / 2**30:.2f} GiB; `datasette inspect` {res['inspect_s']} s; "
             f"load average {res['loadavg'][0]}. Real server on 127.0.0.1, {REPEAT} timed requests per page after one warm-up.", "",
             "| page | goal ms | default: median ms (max) | default: server CPU ms | tuned: median ms (max) | tuned: server CPU ms | facets timed out (tuned) | tuned + index: median ms (max) | tuned + index: CPU ms | timed out (tuned + index) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    d, t = res["configs"].get("default", {}).get("pages", []), res["configs"].get("tuned", {}).get("pages", [])
    ix = {p["path"]: p for p in res["configs"].get("tuned+index", {}).get("pages", [])}
    for a, b in zip(d, t):
        goal = "100" if a["kind"] == "search" else "300"
        c = ix.get(a["path"])
        extra = (f"| {c['median_ms']} ({c['max_ms']}){_flag(c)} | {c['cpu_ms']} | {', '.join(c['facets_timed_out']) or '-'} |"
                 if c else "| | | |")
        shown = a["path"] if len(a["path"]) < 80 else a["path"][:60] + "..."
        lines.append(f"| {a['page']} (`{shown}`) | {goal} | {a['median_ms']} ({a['max_ms']}){_flag(a)} | {a['cpu_ms']} | {b['median_ms']} ({b['max_ms']}){_flag(b)} | {b['cpu_ms']} "
                     f"| {', '.join(b['facets_timed_out']) or '-'} {extra}")
    lines += ["", "Index: " + "; ".join(f"`{k}` on `{v}`" for k, v in EXTRA_INDEXES.items()) + " (created for the last column only).",
              "HTTP 400 = Datasette stopped a query at `sql_time_limit_ms` (the page shows an error).",
              "Tuned: immutable (`-i`), `--inspect-file`, " + ", ".join(f"`{k}={v}`" for k, v in TUNED_SETTINGS.items()) + ".", ""]
    return lines


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description="Datasette page times on a generated database.")
    ap.add_argument("db", nargs="?", default="/tmp/quotes-bench/1m/quotes.db", type=Path)
    ap.add_argument("--n-quotes", type=int, default=1_000_000)
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    res = run(args.db, args.n_quotes)
    if args.json:
        args.json.write_text(json.dumps(res, indent=2) + "\n")
    print("\n".join(markdown(res)))


if __name__ == "__main__":
    main()
