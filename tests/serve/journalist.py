"""The database of the journalist's pages' tests: the sample database plus an article with no
title, outlet or date (as PolNeAR's are), and the Chromium launch settings."""
from __future__ import annotations

import shutil
from pathlib import Path

from quotes.types import Article
from quotes.store import open_db, write_article
from quotes.store.speakers import update_speaker_stats

from conftest import ROE, SMITH, _quote, build_sample_db

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]

A4 = (
    "Ministers clash over hospital funding\n\n"
    "John Smith said the settlements of the dispute were unfair.\n\n"
    "\u201cThe settlement is a disgrace,\u201d Smith said. Jane Roe rejected the claim."
)


def build_journalist_db(path: Path) -> dict[str, str]:
    ids = build_sample_db(path)
    db = open_db(path)
    t = A4
    ids["a4"] = write_article(db, Article("corpus/a4.txt", t), [
        _quote(t, "the settlements of the dispute were unfair", "John Smith", 0, "said", "say", "assertive",
               qtype="indirect"),
        _quote(t, "The settlement is a disgrace,", "Smith", 0, "said", "say", "neutral",
               speaker_after=t.index("\u201d"), cue_after=t.index("\u201d")),
        _quote(t, "the claim", "Jane Roe", 1, "rejected", "reject", "denial", qtype="indirect"),
    ], [SMITH, ROE], "test")
    # how the sample's cluster c1 travelled (quotes/track.py's job; by hand here): the second
    # outlet added a word
    with db.conn:
        for n, (qid,) in enumerate(db.execute("select id from quotes where cluster_id = 'c1' order by rowid")):
            db["cluster_variants"].insert({
                "quote_id": qid, "cluster_id": "c1", "similarity": 1.0 if n == 0 else 0.9, "drift": n,
                "diff": "We have not cut a single hospital bed" if n == 0 else "We have not cut a single {+new+} hospital bed"})
        # a claim across the two outlets (quotes/claims.py's job; by hand here): Roe's words in
        # full, cut short in the second outlet, and her denial of "the cuts" in other words
        ids["claim"] = add_claim(db, [("We have not cut a single hospital bed,", "asserts"), ("We have not cut%", "asserts"),
                       ("the cuts", "denies")])
    update_speaker_stats(db)  # as every ingest does (the sample's counts did not see this article)
    db.conn.close()
    return ids


def add_claim(db, members: list[tuple[str, str]]) -> str:
    """A claim over the quotes whose text is like each pattern (first match not yet taken), in
    publication order, with the member stances given; its wording is the first asserted one's."""
    import hashlib
    import json

    from quotes.claims import proposition

    rows, seen = [], set()
    for pattern, stance in members:
        row = next(r for r in db.execute(
            "select q.id, q.text, q.article_id, a.outlet, a.published from quotes q join articles a on a.id = q.article_id "
            "where q.text like ? order by a.published, q.start", [pattern]) if r[0] not in seen)
        seen.add(row[0])
        rows.append((*row, stance))
    rows.sort(key=lambda r: (r[4] or "9999", r[2]))
    cid = "c" + hashlib.sha1(rows[0][0].encode()).hexdigest()[:12]
    wording = next(r for r in rows if r[5] == "asserts")
    outlets = sorted({r[3] for r in rows if r[3]})
    db["claims"].insert({
        "id": cid, "text": proposition(wording[1])[0], "n_quotes": len(rows), "n_articles": len({r[2] for r in rows}),
        "n_speakers": 1, "n_outlets": len(outlets), "outlets": json.dumps(outlets), "first_quote_id": rows[0][0],
        "first_article_id": rows[0][2], "first_seen": rows[0][4], "contested": 0,
        "asserts": sum(r[5] == "asserts" for r in rows), "denies": sum(r[5] == "denies" for r in rows),
        "doubts": 0, "reports": 0})
    for qid, text, *_, stance in rows:
        db["claim_members"].insert({"quote_id": qid, "claim_id": cid, "stance": stance, "proposition": proposition(text)[0]})
        db.execute("update quotes set claim_id = ? where id = ?", [cid, qid])
    return cid


def copy_db(src: Path, dst: Path) -> Path:
    shutil.copy(src, dst)
    return dst
