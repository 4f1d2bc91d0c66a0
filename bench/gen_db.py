"""Generate a large quotes database with the project's own schema, for Datasette at scale.

    python bench/gen_db.py build/bench/quotes-1m.db --quotes 1000000

The database is created with ``quotes.store.open_db`` (all migrations, FTS tables and their
triggers) and filled with bulk inserts of articles, speakers, quotes and speaker mentions that
are consistent with each other: every quote's offsets point at its text inside its article,
every speaker is a row in ``speakers``. Texts are made of a Zipf-distributed vocabulary (the
words of the seed corpus first, then pronounceable made-up words) so full-text search sees a
realistic mix of common and rare terms. Deterministic for a given ``--seed``.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import re
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quotes.store import open_db  # noqa: E402

CUES = [("said", "say", "neutral"), ("told", "tell", "neutral"), ("added", "add", "neutral"),
        ("claimed", "claim", "doubt"), ("warned", "warn", "negative"), ("insisted", "insist", "assert"),
        ("argued", "argue", "assert"), ("admitted", "admit", "concede"), ("wrote", "write", "neutral"),
        ("denied", "deny", "negative"), ("according to", "according to", "neutral"),
        ("explained", "explain", "neutral"), ("stressed", "stress", "assert"), ("noted", "note", "neutral")]
TYPES = [("direct", 0.45), ("indirect", 0.40), ("mixed", 0.15)]
KINDS = [("person", 0.80), ("organization", 0.12), ("media", 0.03), ("document", 0.02), ("group", 0.03)]
ROLES = ["senator", "minister", "spokesperson", "professor", "chief executive", "mayor", "governor",
         "analyst", "economist", "director", "president", "lawyer", "candidate", "official"]
SYLL = ["ba", "ke", "lo", "mi", "nu", "ra", "ti", "so", "ve", "da", "po", "fe", "gu", "ha", "ji",
        "ko", "la", "ma", "ne", "pi", "ru", "sa", "to", "vi", "wa", "ze", "an", "el", "or", "us"]


def vocabulary(n: int, rng: random.Random) -> list[str]:
    """The seed corpus's words by frequency, then made-up words, ``n`` in all."""
    counts: dict[str, int] = {}
    for f in sorted((ROOT / "corpus").glob("*.txt")):
        for w in re.findall(r"[a-z]{3,}", f.read_text(encoding="utf-8", errors="replace").lower()):
            counts[w] = counts.get(w, 0) + 1
    words = sorted(counts, key=lambda w: (-counts[w], w))
    seen = set(words)
    while len(words) < n:
        w = "".join(rng.choice(SYLL) for _ in range(rng.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            words.append(w)
    return words[:n]


def names(n: int, rng: random.Random) -> list[str]:
    first = ["".join(rng.choice(SYLL) for _ in range(rng.randint(2, 3))).capitalize() for _ in range(600)]
    last = ["".join(rng.choice(SYLL) for _ in range(rng.randint(2, 4))).capitalize() for _ in range(3000)]
    out, seen = [], set()
    while len(out) < n:
        name = f"{rng.choice(first)} {rng.choice(last)}"
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def _pick(rng: random.Random, table: list[tuple]) -> tuple:
    return rng.choices(table, weights=[t[-1] for t in table])[0]


def generate(path: Path, n_quotes: int, per_article: int = 10, n_speakers: int | None = None,
             seed: int = 7, batch_articles: int = 2000, log=print) -> dict:
    """Create ``path`` (which must not exist) holding ``n_quotes`` quotes; returns counts and timings."""
    if path.exists():
        raise SystemExit(f"{path} exists; remove it first")
    rng = random.Random(seed)
    t0 = time.perf_counter()
    db = open_db(path)
    db.execute("PRAGMA synchronous = OFF")
    vocab = vocabulary(20_000, rng)
    vweights = list(itertools.accumulate(1.0 / (r + 1) ** 1.07 for r in range(len(vocab))))
    n_articles = max(1, n_quotes // per_article)
    n_speakers = n_speakers or max(10, n_quotes // 40)
    outlets = [f"The {w.capitalize()} {s}" for w, s in zip(vocab[200:260], itertools.cycle(["Times", "Post", "Herald", "Daily", "News", "Tribune"]))]
    # Popular speakers say most quotes: Zipf over speaker ids.
    sweights = list(itertools.accumulate(1.0 / (r + 1) ** 0.9 for r in range(n_speakers)))
    speaker_names = names(n_speakers, rng)
    speakers = []
    for i, name in enumerate(speaker_names, 1):
        kind = _pick(rng, KINDS)[0]
        roles = rng.sample(ROLES, rng.randint(0, 2))
        speakers.append({
            "id": i, "name": name, "kind": kind, "key": name.lower(), "article_id": None,
            "gender": rng.choice(["m", "f", None]), "roles": json.dumps(roles),
            "aliases": json.dumps([name, name.split()[-1]]),
        })
    db["speakers"].insert_all(speakers, batch_size=5000)
    log(f"speakers: {len(speakers):,} in {time.perf_counter() - t0:.1f}s")

    def sentence(k: int) -> str:
        ws = rng.choices(vocab, cum_weights=vweights, k=k)
        return ws[0].capitalize() + " " + " ".join(ws[1:]) + "."

    quotes_done = 0
    aid_n = 0
    while aid_n < n_articles:
        arts, qrows, mrows = [], [], []
        for _ in range(min(batch_articles, n_articles - aid_n)):
            aid_n += 1
            outlet = outlets[int(rng.paretovariate(1.2)) % len(outlets)]
            year = rng.randint(2015, 2024)
            published = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            title = sentence(rng.randint(5, 11))[:-1]
            parts: list[str] = [title, "\n\n"]
            pos = len(title) + 2
            nq = per_article if aid_n < n_articles else n_quotes - quotes_done
            nq = max(0, min(nq, n_quotes - quotes_done))
            article_quotes = []
            for qi in range(nq):
                sid = rng.choices(range(1, n_speakers + 1), cum_weights=sweights)[0]
                sp = speakers[sid - 1]
                cue, lemma, stance = rng.choice(CUES)
                qtype = _pick(rng, TYPES)[0]
                content = " ".join(sentence(rng.randint(6, 22)) for _ in range(rng.randint(1, 2)))
                filler = sentence(rng.randint(8, 20)) + " "
                parts.append(filler)
                pos += len(filler)
                if qtype == "indirect":
                    lead = f"{sp['name']} {cue} that "
                    start = pos + len(lead)
                    content = content[0].lower() + content[1:]
                    piece = lead + content + " "
                    s_start, c_start = pos, pos + len(sp["name"]) + 1
                else:
                    lead = "\u201c"
                    start = pos + 1
                    tail = f"\u201d {cue} {sp['name']}. "
                    piece = lead + content + tail
                    c_start = start + len(content) + 2
                    s_start = c_start + len(cue) + 1
                end = start + len(content)
                parts.append(piece)
                pos += len(piece)
                article_quotes.append((qi, qtype, content, start, end, sp, cue, lemma, stance, s_start, c_start))
            text = "".join(parts)
            aid = hashlib.sha256(text.encode()).hexdigest()[:16]
            arts.append({
                "id": aid, "source_path": f"generated/{aid_n:07d}.txt", "title": title, "outlet": outlet,
                "url": f"https://example.org/{aid_n}", "published": published, "text": text,
                "sha256": hashlib.sha256(text.encode()).hexdigest(), "ingested_at": "2025-01-01T00:00:00+00:00",
                "pipeline_version": "generated", "format": "txt", "encoding": "utf-8", "repairs": None,
                "word_count": len(text.split()),
            })
            for qi, qtype, content, start, end, sp, cue, lemma, stance, s_start, c_start in article_quotes:
                assert text[start:end] == content
                qid = hashlib.sha256(f"{aid}:{start}-{end}".encode()).hexdigest()[:16]
                qrows.append({
                    "id": qid, "article_id": aid, "type": qtype, "text": content, "start": start, "end": end,
                    "spans": json.dumps([[start, end]]), "speaker_id": sp["id"], "speaker_text": sp["name"],
                    "speaker_start": s_start, "speaker_end": s_start + len(sp["name"]), "cue": cue,
                    "cue_lemma": lemma, "cue_start": c_start, "cue_end": c_start + len(cue), "sentence_index": qi * 2 + 1,
                    "confidence": round(rng.uniform(0.4, 0.99), 3), "stance": stance, "addressee_text": None,
                    "addressee_start": None, "addressee_end": None, "addressee_id": None, "via_id": None,
                    "via_text": None, "cluster_id": None,
                })
                mrows.append({
                    "speaker_id": sp["id"], "article_id": aid, "quote_id": qid, "text": sp["name"],
                    "name": sp["name"], "role": None, "start": s_start, "end": s_start + len(sp["name"]),
                })
            quotes_done += len(article_quotes)
        with db.conn:
            db["articles"].insert_all(arts, batch_size=500)
            db["quotes"].insert_all(qrows, batch_size=2000)
            db["speaker_mentions"].insert_all(mrows, batch_size=2000)
        log(f"articles {aid_n:,}/{n_articles:,}, quotes {quotes_done:,} ({time.perf_counter() - t0:.0f}s)")
    t_insert = time.perf_counter() - t0
    for fts in ("quotes_fts", "articles_fts", "speakers_fts"):
        db.execute(f"INSERT INTO {fts}({fts}) VALUES('optimize')")
    db.execute("ANALYZE")
    db.conn.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    t_total = time.perf_counter() - t0
    counts = {t: db[t].count for t in ("articles", "speakers", "quotes", "speaker_mentions")}
    db.close()
    return {"path": str(path), "counts": counts, "seconds_insert": round(t_insert, 1),
            "seconds_total": round(t_total, 1), "bytes": path.stat().st_size}


def add_claims(path: Path, n_claims: int = 100_000, per_claim: int = 3, seed: int = 7, log=None) -> dict:
    """Claims over the generated quotes, for the claim pages at scale: ``n_claims`` claims of
    ``per_claim`` random quotes each (a quote in one claim at most; members from different
    articles almost always), 10% contested, each with a random unit vector and its bits (the
    "claims like this" scan). A no-op when the database already has claims."""
    import numpy as np

    db = sqlite3.connect(path)
    try:
        if db.execute("select count(*) from claims").fetchone()[0]:
            return {"claims": "kept"}
        t0 = time.perf_counter()
        rng = np.random.default_rng(seed)
        n_rows = db.execute("select max(rowid) from quotes").fetchone()[0]
        picks = rng.permutation(n_rows)[: n_claims * per_claim] + 1
        rows = db.execute("""select q.rowid, q.id, q.text, q.speaker_id, q.article_id, a.outlet, a.published
                             from quotes q join articles a on a.id = q.article_id""").fetchall()
        by_rowid = {r[0]: r[1:] for r in rows}
        del rows
        claims, members, vecs = [], [], []
        for c in range(n_claims):
            cid = f"c{c:012x}"
            qs = sorted((by_rowid[int(r)] for r in picks[c * per_claim:(c + 1) * per_claim] if int(r) in by_rowid),
                        key=lambda q: (q[5] is None, q[5] or ""))
            if not qs:
                continue
            contested = int(rng.random() < 0.1)
            outlets = sorted({q[4] for q in qs if q[4]})
            claims.append((cid, qs[0][1], len(qs), len({q[3] for q in qs}), len({q[2] for q in qs}), len(outlets),
                           json.dumps(outlets), qs[0][0], qs[0][3], qs[0][5], contested,
                           len(qs) - contested, contested, 0, 0))
            for i, q in enumerate(qs):
                members.append((q[0], cid, "denies" if contested and i == len(qs) - 1 else "asserts", q[1]))
        x = rng.standard_normal((len(claims), 384)).astype(np.float32)
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        bits = np.packbits(x > 0, axis=1, bitorder="little")
        with db:
            db.executemany("""insert into claims (id, text, n_quotes, n_articles, n_speakers, n_outlets, outlets,
                              first_quote_id, first_article_id, first_seen, contested, asserts, denies, doubts, reports)
                              values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", claims)
            db.executemany("insert into claim_members (quote_id, claim_id, stance, proposition) values (?, ?, ?, ?)",
                           members)
            db.executemany("update quotes set claim_id = ? where id = ?", [(m[1], m[0]) for m in members])
            db.executemany("insert into claim_vectors (claim_id, bits, embedding) values (?, ?, ?)",
                           [(c[0], bits[i].tobytes(), x[i].tobytes()) for i, c in enumerate(claims)])
        db.execute("analyze")
        out = {"claims": len(claims), "members": len(members), "seconds": round(time.perf_counter() - t0, 1)}
        if log:
            log(f"claims: {out}")
        return out
    finally:
        db.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--quotes", type=int, default=1_000_000)
    ap.add_argument("--per-article", type=int, default=10)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--claims", type=int, default=100_000, help="claims over the quotes (default 100,000)")
    args = ap.parse_args()
    info = generate(args.path, args.quotes, per_article=args.per_article, seed=args.seed,
                    log=lambda m: print(m, file=sys.stderr))
    if args.claims:
        info["claims"] = add_claims(args.path, args.claims, seed=args.seed, log=lambda m: print(m, file=sys.stderr))
    print(json.dumps(info, indent=2))


if __name__ == "__main__":
    main()
