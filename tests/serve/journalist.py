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
    update_speaker_stats(db)  # as every ingest does (the sample's counts did not see this article)
    db.conn.close()
    return ids


def copy_db(src: Path, dst: Path) -> Path:
    shutil.copy(src, dst)
    return dst
