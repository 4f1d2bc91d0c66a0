"""The journalist's pages at scale: server time of every front-end page on a generated database.

    python bench/frontend_bench.py [DB] [--json FILE]     # default /tmp/quotes-bench/1m/quotes.db

The database (``bench/gen_db.py``; generated when missing) is brought up to the current schema
with ``quotes.store.open_db`` (migrations fill ``speaker_stats`` and the browse counts, as an
ingest does), then served exactly as ``quotes serve`` serves it (``quotes.serve.SETTINGS``, our
metadata, templates and plugins) by a real server on 127.0.0.1. Each page is fetched once to warm
up, then ``REPEAT`` times (:func:`datasette_bench.measure`): median and slowest wall time, and the
server process's CPU time per request. Goal: every page <= 300 ms.
"""
from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from datasette_bench import REPEAT, measure, search_terms, start_server  # noqa: E402

GOAL_MS = 300


def prepare(db_path: Path, n_quotes: int) -> dict:
    """Generate the database when missing; migrate it and build the counts an ingest keeps."""
    from quotes.store import open_db
    from quotes.store.speakers import update_speaker_stats

    out = {}
    if not db_path.exists():
        from gen_db import generate

        db_path.parent.mkdir(parents=True, exist_ok=True)
        out["generate"] = generate(db_path, n_quotes, log=lambda m: print(m, file=sys.stderr))
    t0 = time.perf_counter()
    db = open_db(db_path)
    db.conn.commit()
    from gen_db import add_claims

    out["claims"] = add_claims(db_path, log=lambda m: print(m, file=sys.stderr))  # a no-op when it has some
    if not db.execute("select count(*) from speaker_stats").fetchone()[0]:
        update_speaker_stats(db)  # gen_db writes rows, not the counts an ingest keeps
    db.conn.close()
    out["prepare_s"] = round(time.perf_counter() - t0, 1)
    return out


def pages(db_path: Path) -> list[tuple[str, str]]:
    """(label, path) of every page measured: the most and least quoted speakers, the largest
    article, common and rare words, every filter."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        top, top_name, top_n = conn.execute(
            "select s.id, s.name, st.quotes from speaker_stats st join speakers s on s.id = st.speaker_id "
            "order by st.quotes desc limit 1").fetchone()
        small, small_n = conn.execute(
            "select speaker_id, quotes from speaker_stats where quotes > 0 order by quotes, speaker_id limit 1").fetchone()
        article = conn.execute("select article_id from quotes group by article_id order by count(*) desc limit 1").fetchone()[0]
        outlet = conn.execute("select outlet from articles where outlet is not null group by outlet "
                              "order by count(*) desc limit 1").fetchone()[0]
        month = conn.execute("select substr(max(published), 1, 7) from articles").fetchone()[0]
        claim = conn.execute("select id from claims order by n_quotes desc, id limit 1").fetchone()
        n_claims = conn.execute("select count(*) from claims").fetchone()[0]
    finally:
        conn.close()
    terms = search_terms(db_path)
    last_page = max(1, -(-top_n // 50))
    out = [("home page /", "/")]
    for label, term in terms.items():
        out.append((f"search: {label}", "/-/search?" + urlencode({"q": term})))
    out += [
        ("search: prefix (ba*)", "/-/search?" + urlencode({"q": "ba*"})),
        ("search: two words with OR", "/-/search?" + urlencode({"q": f"{terms['common word']} OR {terms['rare word']}"})),
        ("search: a phrase", "/-/search?" + urlencode({"q": '"' + terms["two words"] + '"'})),
        ("search: very common word, page 20", "/-/search?" + urlencode({"q": terms["very common word"], "page": 20})),
        ("search: very common word + top speaker + outlet + stance",
         "/-/search?" + urlencode({"q": terms["very common word"], "speaker": top, "outlet": outlet, "stance": "doubt"})),
        ("search: filters only (type, stance, one month)",
         "/-/search?" + urlencode({"type": "direct", "stance": "doubt", "from": f"{month}-01", "to": f"{month}-31"})),
        ("search: least quoted speaker", "/-/search?" + urlencode({"speaker": small})),
        ("search: speaker typed by name", "/-/search?" + urlencode({"speaker_name": top_name})),
        ("speaker autocomplete /-/speakers.json", "/-/speakers.json?q=ba"),
        (f"speaker page: most quoted ({top_n:,} quotes)", f"/-/speaker/{top}"),
        (f"speaker page: most quoted, last page ({last_page})", f"/-/speaker/{top}?page={last_page}"),
        (f"speaker page: least quoted ({small_n})", f"/-/speaker/{small}"),
        ("charts", "/-/charts"),
        ("charts: one kind, one outlet, most quoted speaker",
         "/-/charts?" + urlencode({"kind": "person", "outlet": outlet, "speaker": top})),
        ("article page (most quotes)", f"/-/article/{article}"),
        ("CSV for Excel: a search (streamed)", "/-/export.csv?" + urlencode({"q": terms["rare word"]})),
        ("canned query: who denied (empty form: every stance)", "/quotes/claims_by_stance"),
        ("canned query: who denied, stance=doubt", "/quotes/claims_by_stance?stance=doubt&speaker="),
        ("canned query: who denied, least quoted speaker", "/quotes/claims_by_stance?" + urlencode({"stance": "", "speaker": f"#{small}"})),
        ("canned query: search_quotes, rare word", "/quotes/search_quotes?" + urlencode({"q": terms["rare word"]})),
        ("canned query: search_quotes, very common word", "/quotes/search_quotes?" + urlencode({"q": terms["very common word"]})),
        ("canned query: top_speakers", "/quotes/top_speakers?kind="),
        ("canned query: speaker_quotes, least quoted speaker", f"/quotes/speaker_quotes?speaker=%23{small}"),
        ("canned query: speaker_quotes, most quoted speaker", f"/quotes/speaker_quotes?speaker=%23{top}"),
        ("canned query: speaker_timeline, most quoted speaker", f"/quotes/speaker_timeline?speaker=%23{top}"),
        ("canned query: article_quotes (an id)", f"/quotes/article_quotes?article={article}"),
        ("canned query: quotes_per_outlet_over_time", "/quotes/quotes_per_outlet_over_time"),
        ("canned query: quote_clusters", "/quotes/quote_clusters?min_outlets="),
    ]
    if claim:
        out += [
            (f"claim page ({n_claims:,} claims: members, claims like it)", f"/-/claim/{claim[0]}"),
            ("canned query: contested_claims", "/quotes/contested_claims"),
            ("canned query: repeated_claims", "/quotes/repeated_claims"),
            ("canned query: claims_like", "/quotes/claims_like?" + urlencode({"claim": claim[0]})),
        ]
    return out


def run(db_path: Path, n_quotes: int = 1_000_000) -> dict:
    res = {"db": str(db_path), **prepare(db_path, n_quotes)}
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    res["counts"] = {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0] for t in ("quotes", "articles", "speakers")}
    conn.close()
    res["loadavg"] = [round(x, 2) for x in os.getloadavg()]
    proc, base = start_server(db_path, tuned=False, inspect_file=None)
    rows = []
    try:
        for label, path in pages(db_path):
            m = measure(base, path, proc.pid)
            rows.append({"page": label, "path": path, **m})
            print(f"  {m['median_ms']:>8} ms {m['cpu_ms']:>8} cpu ms  {m['status']}  {label}", file=sys.stderr)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    res["pages"] = rows
    res["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    return res


def markdown(res: dict) -> list[str]:
    c = res["counts"]
    lines = ["## The journalist's pages at scale", "",
             f"Generated DB: {c['quotes']:,} quotes, {c['articles']:,} articles, {c['speakers']:,} speakers; "
             f"served as `quotes serve` serves it; {REPEAT} timed requests per page after one warm-up; "
             f"load average {res['loadavg'][0]} at the start, {res['loadavg_end'][0]} at the end (2 shared cores). "
             f"Goal: every page <= {GOAL_MS} ms.", "",
             "| page | median ms (slowest) | server CPU ms | status |", "|---|---|---|---|"]
    for r in res["pages"]:
        flag = "" if r["median_ms"] <= GOAL_MS else " **over**"
        lines.append(f"| {r['page']} | {r['median_ms']} ({r['max_ms']}){flag} | {r['cpu_ms']} | "
                     f"{'/'.join(str(s) for s in r['status'])} |")
    return lines


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description="Front-end page times on a generated database.")
    ap.add_argument("db", nargs="?", default="/tmp/quotes-bench/1m/quotes.db", type=Path)
    ap.add_argument("--n-quotes", type=int, default=1_000_000)
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    res = run(args.db, args.n_quotes)
    if args.json:
        args.json.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print("\n".join(markdown(res)))


if __name__ == "__main__":
    main()
