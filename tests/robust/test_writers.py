"""Many writers: two or three `quotes ingest` processes at once on one database, new or existing,
all finish (exit 0, no "database is locked", no traceback) and every article is stored exactly
once. Writes and migrations take the write lock up front (BEGIN IMMEDIATE) and wait for it."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BODIES = [
    "\u201cWe won what we came for,\u201d said union leader Maria Costa on day {k}.",
    "Opposition leader Tom Hale said that the plan number {k} was long overdue.",
    "\u201cThe water came in the night,\u201d a farmer told the BBC about storm {k}.",
]


def _corpus(root: Path, name: str, n: int) -> list[str]:
    d = root / name
    d.mkdir()
    for k in range(n):
        body = BODIES[k % len(BODIES)].format(k=f"{name}-{k}")
        (d / f"{k:02d}.txt").write_text(f"Report {name} {k}\n\n{body}\n", encoding="utf-8")
    return [str(p) for p in sorted(d.glob("*.txt"))]


def _run_together(db: Path, corpora: list[list[str]]) -> list[subprocess.CompletedProcess]:
    env = {**os.environ, "QUOTES_THREADS": "1", "OMP_NUM_THREADS": "1"}
    procs = [subprocess.Popen([sys.executable, "-m", "quotes.cli", "ingest", *paths, "--db", str(db), "-q"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for paths in corpora]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=900)
        out.append(subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr))
    return out


def _stored(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        assert con.execute("pragma integrity_check").fetchone() == ("ok",)
        assert con.execute("select count(*) from quotes where article_id not in (select id from articles)").fetchone() == (0,)
        names = [r[0] for r in con.execute("select name from _migrations")]
        assert len(names) == len(set(names))
        return [r[0] for r in con.execute("select source_path from articles")]
    finally:
        con.close()


def test_three_writers_on_a_new_database_then_two_on_the_existing_one(tmp_path):
    db = tmp_path / "quotes.db"
    shared = _corpus(tmp_path, "shared", 3)  # read by every process: stored once all the same
    corpora = [_corpus(tmp_path, f"w{i}", 6) + shared for i in range(3)]
    for r in _run_together(db, corpora):
        assert r.returncode == 0, r.stderr[-2000:]
        assert "locked" not in r.stderr and "Traceback" not in r.stderr, r.stderr[-2000:]
    stored = _stored(db)
    expected = sorted({p for c in corpora for p in c})
    assert sorted(stored) == expected  # every article, each exactly once

    # the existing database: two more writers, new articles each, and the old ones re-read
    more = [_corpus(tmp_path, f"x{i}", 6) + corpora[i] for i in range(2)]
    for r in _run_together(db, more):
        assert r.returncode == 0, r.stderr[-2000:]
        assert "locked" not in r.stderr and "Traceback" not in r.stderr, r.stderr[-2000:]
    stored = _stored(db)
    assert sorted(stored) == sorted(set(expected) | {p for c in more for p in c})
