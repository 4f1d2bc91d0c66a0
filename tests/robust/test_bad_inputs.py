"""`quotes ingest` on the corpus of malformed files (tests/robust/bad_inputs, plus a 5 MB article,
a symlink loop, a dangling link and a FIFO made at test time), end to end through the CLI:
one line per file naming the file and the problem, no traceback, the good files stored, a
summary and exit status 1; a re-run loses nothing, even when a stored file has gone bad."""
from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from make_bad_inputs import EXPECT, OUT, RUNTIME, Expect, make_runtime_inputs, stale

pytestmark = pytest.mark.slow

ALL = {**EXPECT, **RUNTIME}
OK = sorted(k for k, e in ALL.items() if e.ok)
BAD = sorted(k for k, e in ALL.items() if not e.ok)

PROGRESS = re.compile(r"^\[(\d+)\] (corpus/.+): (\d+ quotes|unchanged)$")
ERROR = re.compile(r"^error: (corpus/.+?): (.+)$")
WARNING = re.compile(r"^warning: (corpus/.+?): (.+)$")  # metadata dropped, the article kept
STAGE = re.compile(r"^(claims|tracking): [^/]+$")  # progress of a stage after the articles are stored
SUMMARY = re.compile(r"^(\d+) articles ingested, (\d+) quotes, (\d+) skipped \(unchanged\), (\d+) failed$")


@dataclass
class Run:
    root: Path
    db: Path
    proc: subprocess.CompletedProcess

    @property
    def lines(self) -> list[str]:
        """stderr up to the summary (a note on the database's missing metadata may follow it)."""
        lines = self.proc.stderr.splitlines()
        while lines and lines[-1].startswith("warning: of "):
            lines.pop()
        return lines

    def errors(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for line in self.lines:
            m = ERROR.match(line)
            if m:
                out.setdefault(m.group(1), []).append(m.group(2))
        return out

    def summary(self) -> tuple[int, int, int, int]:
        m = SUMMARY.match(self.lines[-1])
        assert m, self.lines[-1]
        return tuple(int(g) for g in m.groups())

    def rows(self, sql: str, params=()) -> list[dict]:
        con = sqlite3.connect(self.db)
        con.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in con.execute(sql, params)]
        finally:
            con.close()


def ingest(root: Path, db: Path, *extra: str) -> subprocess.CompletedProcess:
    # one torch thread: on a busy 2-core machine two threads spin against each other (10x slower)
    env = {**os.environ, "QUOTES_THREADS": os.environ.get("QUOTES_THREADS", "1")}
    return subprocess.run(
        [sys.executable, "-m", "quotes.cli", "ingest", "corpus", "--db", str(db), *extra],
        cwd=root, capture_output=True, text=True, timeout=3600, env=env,
    )


@pytest.fixture(scope="module")
def first(tmp_path_factory) -> Run:
    root = tmp_path_factory.mktemp("bad")
    shutil.copytree(OUT, root / "corpus", symlinks=True)
    make_runtime_inputs(root / "corpus")
    db = root / "quotes.db"
    return Run(root, db, ingest(root, db))


def test_committed_inputs_are_what_the_generator_makes():
    assert stale() == [], "run: python tests/robust/make_bad_inputs.py"
    assert len(ALL) >= 50


def test_exit_status_summary_and_no_traceback(first):
    assert first.proc.returncode == 1, first.proc.stderr[-2000:]
    assert "Traceback" not in first.proc.stderr
    assert first.summary()[0::2] == (len(OK), 0)
    assert first.summary()[3] == len(BAD)
    assert first.proc.stdout == ""  # diagnostics go to stderr


def test_every_line_is_a_progress_line_an_error_line_or_the_summary(first):
    odd = [ln for ln in first.lines[:-1]
           if not (PROGRESS.match(ln) or ERROR.match(ln) or WARNING.match(ln) or STAGE.match(ln))]
    assert odd == []


def test_one_line_per_file(first):
    seen: dict[str, int] = {}
    for line in first.lines[:-1]:
        m = PROGRESS.match(line) or ERROR.match(line)
        if m is None:  # a warning about an article's metadata, or a later stage's progress
            continue
        path = m.group(2) if m.re is PROGRESS else m.group(1)
        seen[path] = seen.get(path, 0) + 1
    assert seen == {f"corpus/{k}": 1 for k in ALL}


@pytest.mark.parametrize("name", BAD)
def test_rejected_with_the_problem_named(first, name):
    errors = first.errors().get(f"corpus/{name}")
    assert errors and len(errors) == 1 and ALL[name].problem in errors[0], errors
    recorded = first.rows("select error from ingest_errors where source_path = ?", [f"corpus/{name}"])
    assert [r["error"] for r in recorded] == errors
    assert first.rows("select id from articles where source_path = ?", [f"corpus/{name}"]) == []


def _check_article(row: dict, exp: Expect) -> None:
    if exp.encoding:
        assert row["encoding"] == exp.encoding
    for r in exp.repairs:
        assert r in (row["repairs"] or "").split(","), row["repairs"]
    if exp.fmt:
        assert row["format"] == exp.fmt
    for k, v in exp.meta.items():
        assert row[k] == v, k


@pytest.mark.parametrize("name", OK)
def test_accepted_and_stored(first, name):
    rows = first.rows("select * from articles where source_path = ?", [f"corpus/{name}"])
    assert len(rows) == 1
    _check_article(rows[0], ALL[name])
    assert f"corpus/{name}" not in first.errors()


def test_stored_quotes_lie_inside_their_article_with_exact_offsets(first):
    texts = {r["id"]: r["text"] for r in first.rows("select id, text from articles")}
    quotes = first.rows("select article_id, text, start, end, spans from quotes")
    assert quotes, "the good files have quotes"
    for q in quotes:
        text = texts[q["article_id"]]
        spans = json.loads(q["spans"])
        assert 0 <= q["start"] < q["end"] <= len(text)
        assert all(a < b for a, b in spans) and all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
        assert (q["start"], q["end"]) == (spans[0][0], spans[-1][1])
        if len(spans) == 1:
            assert q["text"] == text[q["start"]:q["end"]]


def test_long_sentence_and_long_quote_are_parsed(first):
    rows = first.rows("select word_count from articles where source_path = 'corpus/sentence_5000_words.txt'")
    assert rows and rows[0]["word_count"] > 5000


def test_rerun_loses_nothing_even_when_a_stored_file_goes_bad(first, tmp_path):
    root = tmp_path
    shutil.copytree(OUT, root / "corpus", symlinks=True)
    make_runtime_inputs(root / "corpus")
    db = root / "quotes.db"
    shutil.copy(first.db, db)
    before = Run(root, db, first.proc)
    articles = before.rows("select id, source_path, sha256 from articles order by id")
    quotes = before.rows("select * from quotes order by id")
    (root / "corpus" / "plain.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")  # a good file goes bad

    after = Run(root, db, ingest(root, db))
    assert after.proc.returncode == 1
    assert "Traceback" not in after.proc.stderr
    assert after.summary() == (0, 0, len(OK) - 1, len(BAD) + 1)
    assert after.errors()["corpus/plain.txt"] == ["a PDF document, not text"]
    assert after.rows("select id, source_path, sha256 from articles order by id") == articles
    assert after.rows("select * from quotes order by id") == quotes
    assert after.rows("select error from ingest_errors where source_path = 'corpus/plain.txt'") == [
        {"error": "a PDF document, not text"}]
