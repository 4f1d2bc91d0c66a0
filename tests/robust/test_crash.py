"""Crash safety: `quotes ingest` killed with SIGKILL at 20+ random points leaves a sound
database (integrity_check ok, no article with part of its quotes), and a re-run ends with the
same content an uninterrupted run gives. Plus the same guarantees checked deterministically:
write_article and migrations are all-or-nothing, and a run killed before tracking is repaired."""
from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from quotes.types import Article
from quotes.types import LocalSpeaker, Mention, Quote

ARTICLES = {
    "a.txt": "Port strike ends\n\n\u201cWe won what we came for,\u201d said union leader Maria Costa on Tuesday.\n\n"
             "The port authority said that ships would dock again on Wednesday.\n",
    "b.txt": "Dockers go back to work\n\nUnion leader Maria Costa told reporters: \u201cWe won what we came for.\u201d\n\n"
             "Shipping firms said the delays had cost them millions.\n",
    "c.txt": "Council approves budget\n\n\u201cThis is a fair plan for everyone,\u201d said Mayor Ana Ruiz. "
             "She added that taxes would not rise.\n",
    "d.txt": "Minister resigns\n\nThe minister said he was leaving \u201cwith a clear conscience\u201d. "
             "Opposition leader Tom Hale said that the resignation was long overdue.\n",
}
KILLS = 20


def _env() -> dict:
    return {**os.environ, "QUOTES_THREADS": os.environ.get("QUOTES_THREADS", "1")}


def _cmd(db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "quotes.cli", "ingest", "corpus", "--db", str(db), *extra]


def _remove_db(db: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(db) + suffix).unlink(missing_ok=True)


def _rows(db: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def snapshot(db: Path) -> dict[str, list]:
    """What an ingest stored, without timestamps, row ids or ordering: articles, quotes (with
    speakers as their keys), speakers, clusters."""
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        key = {r["id"]: r["key"] for r in con.execute("select id, key from speakers")}

        def rows(sql: str, drop=(), speaker_cols=()) -> list:
            out = []
            for r in con.execute(sql):
                d = {k: r[k] for k in r.keys() if k not in drop}
                for c in speaker_cols:
                    d[c] = key.get(d[c])
                out.append(json.dumps(d, sort_keys=True, ensure_ascii=False))
            return sorted(out)

        return {
            "articles": rows("select * from articles", drop=("ingested_at",)),
            "quotes": rows("select * from quotes", speaker_cols=("speaker_id", "addressee_id", "via_id")),
            "speakers": rows("select name, kind, key, article_id from speakers"),
            "clusters": rows("select * from clusters", drop=("first_seen",), speaker_cols=("speaker_id",)),
        }
    finally:
        con.close()


def quotes_by_article(db: Path) -> dict[str, set]:
    out: dict[str, set] = {}
    for aid, start, end, qtype, text in _rows(db, "select article_id, start, \"end\", type, text from quotes"):
        out.setdefault(aid, set()).add((start, end, qtype, text))
    return out


def check_sound(db: Path, ref_quotes: dict[str, set]) -> None:
    """integrity_check ok; every stored article is one of the reference articles with exactly its quotes."""
    if not db.exists():
        return
    assert _rows(db, "pragma integrity_check") == [("ok",)]
    if "articles" not in {r[0] for r in _rows(db, "select name from sqlite_master where type = 'table'")}:
        return
    stored = quotes_by_article(db)
    articles = [r[0] for r in _rows(db, "select id from articles")]
    assert set(stored) <= set(articles), "quotes without their article"
    for aid in articles:
        assert aid in ref_quotes or aid not in stored
        assert stored.get(aid, set()) == ref_quotes.get(aid, set()), f"article {aid} has part of its quotes"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("crash")
    (root / "corpus").mkdir()
    for name, text in ARTICLES.items():
        (root / "corpus" / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def reference(corpus) -> dict:
    """An uninterrupted run: its content, and when its progress lines came."""
    db = corpus / "reference.db"
    t0 = time.monotonic()
    proc = subprocess.Popen(_cmd(db), cwd=corpus, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=_env())
    times = []
    for line in proc.stderr:
        if line.startswith("["):
            times.append(time.monotonic() - t0)
    assert proc.wait() == 0
    total = time.monotonic() - t0
    snap = snapshot(db)
    assert len(snap["articles"]) == len(ARTICLES) and snap["quotes"] and snap["clusters"]
    return {"db": db, "snapshot": snap, "quotes": quotes_by_article(db), "times": times, "total": total}


class Watched:
    """A `quotes ingest` whose progress lines are counted as they come."""

    def __init__(self, root: Path, db: Path, *extra: str):
        self.proc = subprocess.Popen(_cmd(db, *extra), cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True, env=_env())
        self.lines = 0
        self.seen = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            if line.startswith("["):
                self.lines += 1
                self.seen.set()

    def wait_lines(self, n: int, timeout: float) -> None:
        end = time.monotonic() + timeout
        while self.lines < n and self.proc.poll() is None and time.monotonic() < end:
            self.seen.wait(0.05)
            self.seen.clear()

    def kill(self) -> bool:
        """SIGKILL; True when the process was still running."""
        alive = self.proc.poll() is None
        if alive:
            self.proc.kill()
        self.proc.wait()
        self.reader.join(5)
        return alive and self.proc.returncode == -9


@pytest.mark.slow
def test_sigkill_at_random_points_then_rerun(corpus, reference):
    rnd = random.Random(int(os.environ.get("QUOTES_CRASH_SEED", "7")))
    db = corpus / "killed.db"
    times, total = reference["times"], reference["total"]
    gap = max(0.2, (times[-1] - times[0]) / max(1, len(times) - 1)) if times else 1.0
    kills = attempts = 0
    while kills < KILLS and attempts < 3 * KILLS:
        attempts += 1
        if attempts % 4 == 1:  # from scratch now and then: kills during migrations and first writes
            _remove_db(db)
        extra = ("--force",) if attempts % 2 == 0 else ()  # --force rewrites every article: kills land in writes
        run = Watched(corpus, db, *extra)
        if rnd.random() < 0.35:  # anywhere in the run, model loading included
            time.sleep(rnd.uniform(0, total))
        else:  # just after an article was written, or during the writes and tracking that follow
            run.wait_lines(rnd.randint(1, len(ARTICLES)), timeout=total * 3)
            time.sleep(rnd.uniform(0, gap))
        kills += run.kill()
        check_sound(db, reference["quotes"])
    assert kills >= KILLS, f"only {kills} of {attempts} runs were still running when killed"

    done = subprocess.run(_cmd(db), cwd=corpus, capture_output=True, text=True, env=_env())
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert _rows(db, "pragma integrity_check") == [("ok",)]
    assert snapshot(db) == reference["snapshot"]


def test_killed_before_tracking_then_rerun(corpus, reference):
    """The window between the last article's write and tracking, hit on purpose."""
    db = corpus / "no-tracking.db"
    _remove_db(db)
    die = ("import os, quotes.track; quotes.track.update_tracking = lambda *a, **k: os._exit(9); "
           "from quotes.cli import cli; cli()")
    killed = subprocess.run([sys.executable, "-c", die, *_cmd(db)[3:]], cwd=corpus, capture_output=True, text=True, env=_env())
    assert killed.returncode == 9
    assert _rows(db, "select count(*) from clusters") == [(0,)]
    done = subprocess.run(_cmd(db), cwd=corpus, capture_output=True, text=True, env=_env())
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stderr.count(": unchanged") == len(ARTICLES)
    assert snapshot(db) == reference["snapshot"]


# --------------------------------------------------------------------------- all or nothing, in process


def _one_article() -> tuple[Article, list[Quote], list[LocalSpeaker]]:
    text = "\u201cWe will win,\u201d said Ana Ruiz. Then she left."
    q = Quote(type="direct", spans=[(1, 12)], sentence_index=0, cue="said", speaker=Mention("Ana Ruiz", 20, 28, 0),
              speaker_ref=0)
    return Article(source_path="a.txt", text=text), [q], [LocalSpeaker(name="Ana Ruiz", kind="person")]


@pytest.mark.parametrize("fail_on", ["quotes", "speaker_mentions", "speakers"])
def test_write_article_is_all_or_nothing(tmp_path, monkeypatch, fail_on):
    import sqlite_utils

    from quotes.store import open_db, write_article

    db = open_db(tmp_path / "q.db")
    real_insert, real_insert_all = sqlite_utils.db.Table.insert, sqlite_utils.db.Table.insert_all

    def insert_all(self, *a, **k):
        if self.name == fail_on:
            raise RuntimeError("crash")
        return real_insert_all(self, *a, **k)

    def insert(self, *a, **k):
        if self.name == fail_on:
            raise RuntimeError("crash")
        return real_insert(self, *a, **k)

    monkeypatch.setattr(sqlite_utils.db.Table, "insert_all", insert_all)
    monkeypatch.setattr(sqlite_utils.db.Table, "insert", insert)
    with pytest.raises(RuntimeError):
        write_article(db, *_one_article(), "v1")
    for table in ("articles", "quotes", "speakers", "speaker_mentions", "speaker_aliases"):
        assert db.execute(f"select count(*) from {table}").fetchone() == (0,), table
    monkeypatch.undo()
    write_article(db, *_one_article(), "v1")
    assert db.execute("select count(*) from quotes").fetchone() == (1,)


def test_a_failed_migration_leaves_nothing_and_is_applied_later(tmp_path, monkeypatch):
    import sqlite_utils

    from quotes.store import schema

    def half(db):
        db["half_a"].create({"id": int}, pk="id")
        db["half_a"].insert({"id": 1})
        raise RuntimeError("killed midway")

    def whole(db):
        db["half_a"].create({"id": int}, pk="id")

    db = sqlite_utils.Database(tmp_path / "m.db")
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, ("999_half", half)])
    with pytest.raises(RuntimeError):
        schema.migrate(db)
    assert "half_a" not in db.table_names()
    assert "999_half" not in {r["name"] for r in db["_migrations"].rows}
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS[:-1], ("999_half", whole)])
    assert schema.migrate(db) == ["999_half"]
