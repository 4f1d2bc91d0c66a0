"""Claims: what embedding costs an ingest, and how fast "claims like this" is at scale.

    .venv/bin/python bench/claims_bench.py cost [--corpus corpus/] [--polnear N]
    .venv/bin/python bench/claims_bench.py scale [--n-quotes 1000000] [--n-claims 100000] [--db PATH]

``cost`` ingests the corpus into a fresh database and reports the CPU time of the whole ingest
and of its claims step (loading the encoder, embedding the propositions, neighbours, links,
claims), then of a re-ingest of the unchanged corpus. ``--polnear N`` adds the first N texts
of ../shared/gold/polnear_dev.jsonl (written to a scratch JSONL, never into the repository).

``scale`` generates a database with the project's schema holding ``--n-quotes`` quote vectors and
``--n-claims`` claims (random unit vectors: the timing does not depend on their meaning) and
times, through sqlite-vec, "claims like this" (the claims_like canned query) and "quotes like
this" (the same two-stage scan over every quote's bits). Nothing here asserts a time; it prints
JSON. CPU time is what the work costs; wall time on a shared machine also holds the waits.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _load():
    return os.getloadavg()[0]


def cost(args) -> dict:
    import quotes.claims as claims_mod
    from quotes.run.ingest import ingest
    from quotes.store import open_db

    scratch = Path(tempfile.mkdtemp(prefix="quotes-claims-bench-"))
    paths = [args.corpus]
    if args.polnear:
        src = ROOT / ".." / "shared" / "gold" / "polnear_dev.jsonl"
        out = scratch / "polnear.jsonl"
        with open(src) as f, open(out, "w") as g:
            for i, line in enumerate(f):
                if i >= args.polnear:
                    break
                d = json.loads(line)
                g.write(json.dumps({"text": d["text"], "title": d.get("title"), "outlet": d.get("publisher"),
                                    "published": d.get("date")}) + "\n")
        paths.append(str(out))
    spent = {"cpu": 0.0, "wall": 0.0, "calls": []}
    real = claims_mod.update_claims

    def timed(db, progress=None):
        c0, w0 = time.process_time(), time.perf_counter()
        r = real(db, progress)
        spent["cpu"] += time.process_time() - c0
        spent["wall"] += time.perf_counter() - w0
        spent["calls"].append(r)
        return r

    claims_mod.update_claims = timed
    db = open_db(scratch / "quotes.db")
    c0, w0 = time.process_time(), time.perf_counter()
    rep = ingest(db, paths)
    first = {"cpu_s": round(time.process_time() - c0, 2), "wall_s": round(time.perf_counter() - w0, 2)}
    first_claims = {"cpu_s": round(spent["cpu"], 2), "wall_s": round(spent["wall"], 2), **spent["calls"][-1]}
    words = db.execute("select coalesce(sum(word_count), 0) from articles").fetchone()[0]
    spent.update(cpu=0.0, wall=0.0, calls=[])
    c0, w0 = time.process_time(), time.perf_counter()
    ingest(db, paths)
    again = {"cpu_s": round(time.process_time() - c0, 3), "wall_s": round(time.perf_counter() - w0, 3),
             "claims_cpu_s": round(spent["cpu"], 3), **spent["calls"][-1]}
    claims_mod.update_claims = real
    return {
        "articles": rep.articles, "quotes": rep.quotes, "words": words,
        "ingest": first, "claims_step": first_claims,
        "claims_share_of_ingest_cpu": round(first_claims["cpu_s"] / first["cpu_s"], 3),
        "reingest_unchanged": again,
        "reingest_share_of_first_cpu": round(again["cpu_s"] / first["cpu_s"], 4),
        "load_average": round(_load(), 1),
    }


def scale(args) -> dict:
    import numpy as np

    from quotes.store import open_db
    from quotes.store.claims import CLAIMS_LIKE_SQL
    from quotes.store.vec import load_vec

    path = Path(args.db)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = open_db(path)
    have = db.execute("select count(*) from quote_vectors").fetchone()[0]
    built = None
    if have < args.n_quotes:
        rng = np.random.default_rng(0)
        t = time.perf_counter()
        step = 50_000
        for s in range(have, args.n_quotes, step):
            n = min(step, args.n_quotes - s)
            x = rng.standard_normal((n, 384)).astype(np.float32)
            x /= np.linalg.norm(x, axis=1, keepdims=True)
            bits = np.packbits(x > 0, axis=1, bitorder="little")
            with db.conn:
                db.conn.executemany("insert into quote_vectors (quote_id, sha, embedding) values (?, ?, ?)",
                                    [(f"q{s + i:09d}", "bench", x[i].tobytes()) for i in range(n)])
                db.conn.executemany("insert into quote_bits (quote_id, bits) values (?, ?)",
                                    [(f"q{s + i:09d}", bits[i].tobytes()) for i in range(n)])
                every = max(1, args.n_quotes // args.n_claims)
                db.conn.executemany(
                    "insert into claims (id, text, n_quotes, n_articles, contested, first_quote_id) values (?, ?, 2, 2, 0, ?)",
                    [(f"c{s + i:012x}", f"claim {s + i}", f"q{s + i:09d}") for i in range(0, n, every)])
        with db.conn:
            db.execute("insert or replace into claim_vectors (claim_id, bits, embedding) select c.id, b.bits, v.embedding "
                       "from claims c join quote_vectors v on v.quote_id = c.first_quote_id "
                       "join quote_bits b on b.quote_id = c.first_quote_id")
        built = round(time.perf_counter() - t, 1)
    conn = db.conn
    assert load_vec(conn), "sqlite-vec cannot be loaded"
    n_claims = conn.execute("select count(*) from claim_vectors").fetchone()[0]
    n_quotes = conn.execute("select count(*) from quote_vectors").fetchone()[0]
    cids = [r[0] for r in conn.execute("select claim_id from claim_vectors order by random() limit ?", [args.runs])]
    qids = [r[0] for r in conn.execute("select quote_id from quote_vectors order by random() limit ?", [args.runs])]
    quotes_like = """
    with q as (select b.bits, v.embedding from quote_vectors v join quote_bits b on b.quote_id = v.quote_id
               where v.quote_id = :quote),
    near as (select b.quote_id from quote_bits b, q where b.quote_id != :quote
             order by vec_distance_hamming(vec_bit(b.bits), vec_bit(q.bits)) limit 200)
    select near.quote_id, vec_distance_cosine(v.embedding, (select embedding from q)) as d
    from near join quote_vectors v on v.quote_id = near.quote_id order by d limit 10"""

    def timeit(sql, params):
        out = []
        conn.execute(sql, params[0]).fetchall()  # warm the page cache
        for p in params:
            w0 = time.perf_counter()
            conn.execute(sql, p).fetchall()
            out.append(time.perf_counter() - w0)
        return {"median_ms": round(1000 * sorted(out)[len(out) // 2], 1), "min_ms": round(1000 * min(out), 1)}

    return {
        "quotes": n_quotes, "claims": n_claims, "built_s": built,
        "claims_like": timeit(CLAIMS_LIKE_SQL, [{"claim": c, "limit": 20} for c in cids]),
        "quotes_like": timeit(quotes_like, [{"quote": q} for q in qids]),
        "load_average": round(_load(), 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    c = sub.add_parser("cost")
    c.add_argument("--corpus", default=str(ROOT / "corpus"))
    c.add_argument("--polnear", type=int, default=0)
    s = sub.add_parser("scale")
    s.add_argument("--n-quotes", type=int, default=1_000_000)
    s.add_argument("--n-claims", type=int, default=100_000)
    s.add_argument("--runs", type=int, default=5)
    s.add_argument("--db", default=os.path.join(os.environ.get("QUOTES_BENCH_DIR", "/tmp/quotes-bench"), "claims-1m", "quotes.db"))
    args = ap.parse_args()
    print(json.dumps(cost(args) if args.what == "cost" else scale(args), indent=2))


if __name__ == "__main__":
    main()
