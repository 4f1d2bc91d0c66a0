"""Concurrent readers: a real Datasette server answers every request without an error while
`quotes ingest` writes to the same database (WAL mode: readers never wait for the writer)."""
from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")

pytestmark = pytest.mark.slow

ARTICLES = [
    ("Port strike ends", "\u201cWe won what we came for,\u201d said union leader Maria Costa on Tuesday."),
    ("Council approves budget", "\u201cThis is a fair plan for everyone,\u201d said Mayor Ana Ruiz."),
    ("Minister resigns", "Opposition leader Tom Hale said that the resignation was long overdue."),
    ("Floods in the north", "\u201cThe water came in the night,\u201d a farmer told the BBC."),
    ("Rates held", "The central bank said it would keep rates unchanged for now."),
    ("Team wins cup", "\u201cI am so proud of these players,\u201d the coach said after the final."),
]
# Every read must see whole articles: never a quote whose article is not there yet, never an
# article with only part of its quotes (an article's quotes are written in its transaction).
ORPHANS = ("/quotes.json?sql=select+(select+count(*)+from+quotes+where+article_id+not+in+(select+id+from+articles))"
           "+as+orphans,+(select+count(*)+from+articles)+as+n&_shape=array")
PATHS = [
    ORPHANS,
    "/quotes.json",
    "/quotes/articles.json?_size=5&_shape=array",
    "/quotes/quotes.json?_size=10&_shape=array",
    "/quotes/quotes_view.json?_size=10&_shape=array",
    "/quotes/speakers.json?_shape=array",
    "/quotes/quotes",
]
N_ARTICLES = 24
MAX_REQUESTS = 5000  # the loop also ends when the ingest does


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_datasette_reads_while_ingest_writes(tmp_path):
    from quotes.store import open_db

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for k in range(N_ARTICLES):  # many short articles: a write phase of a few seconds
        title, body = ARTICLES[k % len(ARTICLES)]
        (corpus / f"{k:02d}.txt").write_text(f"{title} ({k})\n\n{body}\n\nMore reporting followed on day {k}.\n",
                                             encoding="utf-8")
    db_path = tmp_path / "quotes.db"
    db = open_db(db_path)  # the schema exists before the server starts; WAL is on
    assert db.journal_mode == "wal"
    db.close()

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(db_path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    ingest = None
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(600):  # up to a minute for the server to come up
                try:
                    if client.get("/-/versions.json").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if server.poll() is not None:
                    pytest.fail(f"datasette exited: {server.stderr.read()[-2000:]}")
                time.sleep(0.1)
            env = {**os.environ, "QUOTES_THREADS": os.environ.get("QUOTES_THREADS", "1")}
            ingest = subprocess.Popen(
                [sys.executable, "-m", "quotes.cli", "ingest", str(corpus), "--db", str(db_path)],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
            )
            failures, during, partial = [], 0, 0
            for i in range(MAX_REQUESTS):
                running = ingest.poll() is None
                if not running:
                    break
                path = PATHS[i % len(PATHS)]
                r = client.get(path)
                during += 1
                if r.status_code != 200:
                    failures.append((path, r.status_code, r.text[:300]))
                elif path == ORPHANS:
                    row = r.json()[0]
                    if row["orphans"]:
                        failures.append((path, "quotes without their article", row))
                    partial += 0 < row["n"] < N_ARTICLES
            assert ingest.wait(timeout=3600) == 0, ingest.stderr.read()[-2000:]
            assert failures == []
            assert during > 0
            print(f"{during} requests during the ingest, {partial} of them saw a partly written corpus")
            final = client.get("/quotes/articles.json?_shape=array&_size=100")
            assert final.status_code == 200 and len(final.json()) == N_ARTICLES
        con = sqlite3.connect(db_path)
        assert con.execute("pragma integrity_check").fetchone() == ("ok",)
        con.close()
    finally:
        for p in (ingest, server):
            if p is not None and p.poll() is None:
                p.kill()
                p.wait()
