"""End to end through the CLI: the real pipeline on the seed corpus, exit codes and messages."""
import json
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from pathlib import Path

from quotes.cli import cli

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def run(*args, **kw):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kw)
    return result


def test_seed_corpus_acceptance(seed_db_path):
    con = sqlite3.connect(seed_db_path)
    n, with_speaker = con.execute("select count(*), sum(speaker_id is not null) from quotes").fetchone()
    assert n >= 40
    assert with_speaker / n >= 0.8
    row = con.execute(
        "select q.type, s.name from quotes q join speakers s on s.id = q.speaker_id "
        "where q.text like 'We want political relations between the U.S. and the Palestinians%'"
    ).fetchone()
    assert row == ("direct", "Issa Amro")
    # offsets: an uninterrupted quote's text is its slice of the article
    for text, start, end, spans, article in con.execute(
        "select q.text, q.start, q.end, q.spans, a.text from quotes q join articles a on a.id = q.article_id"
    ):
        if len(json.loads(spans)) == 1:
            assert article[start:end] == text


def test_ingest_is_idempotent_and_replaces_changed_files(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in sorted(CORPUS.glob("*.txt"))[3:5]:
        shutil.copy(f, corpus / f.name)
    db = tmp_path / "q.db"
    first = run("ingest", corpus, "--db", db, "-q")
    assert first.exit_code == 0
    assert "2 articles ingested" in first.stderr
    # the seed files give no outlet or date: said once, on one line
    assert "warning: of 2 articles in the database, 2 no outlet and 2 no publication date" in first.stderr
    con = sqlite3.connect(db)
    before = con.execute("select count(*) from quotes").fetchone()[0]
    again = run("ingest", corpus, "--db", db, "-q")
    assert "0 articles ingested" in again.stderr and "2 skipped" in again.stderr
    # a changed file replaces its old article and quotes
    target = sorted(corpus.glob("*.txt"))[0]
    target.write_text(target.read_text(encoding="utf-8") + "\n\n“This is new,” the minister said.\n", encoding="utf-8")
    changed = run("ingest", corpus, "--db", db, "-q")
    assert "1 articles ingested" in changed.stderr
    assert con.execute("select count(*) from articles").fetchone()[0] == 2
    assert con.execute("select count(*) from quotes where text = 'This is new'").fetchone()[0] == 1
    assert con.execute("select count(*) from quotes").fetchone()[0] >= before
    forced = run("ingest", corpus, "--db", db, "-q", "--force")
    assert "2 articles ingested" in forced.stderr


def test_missing_path_is_an_error_not_a_traceback(tmp_path):
    result = run("ingest", tmp_path / "nope.txt", "--db", tmp_path / "q.db")
    assert result.exit_code == 1
    assert "nope.txt: no such file or directory" in result.stderr
    assert "Traceback" not in result.output


def test_bad_models_directory_is_a_clear_error(tmp_path):
    (tmp_path / "a.txt").write_text("“Hello there, everyone,” she said.", encoding="utf-8")
    result = run("ingest", tmp_path / "a.txt", "--db", tmp_path / "q.db", "--models", tmp_path / "nomodels")
    assert result.exit_code == 1
    assert "model directory not found" in result.stderr


def test_models_json_lists_every_processor():
    result = run("models", "--json")
    assert result.exit_code == 0
    info = json.loads(result.stdout)
    assert set(info["processors"]) == {"tokenize", "mwt", "pos", "lemma", "depparse", "ner"}
    for proc in info["processors"].values():
        assert proc["path"].startswith("/") and proc["size"] > 0


def test_export_csv_and_filters(seed_db_path):
    result = run("export", "--db", seed_db_path, "--format", "csv", "--type", "direct")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) > 2 and "speaker" in lines[0]
    jl = run("export", "--db", seed_db_path, "--format", "jsonl", "--speaker", "Amro")
    rows = [json.loads(l) for l in jl.stdout.splitlines()]
    assert rows and all("Amro" in (r.get("speaker") or "") for r in rows)


def test_no_database_for_serve(tmp_path):
    result = run("serve", "--db", tmp_path / "none.db")
    assert result.exit_code == 1
    assert "no database yet" in result.stderr


def test_the_same_text_under_two_names_is_stored_once(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    text = "“We will keep the crossing open every day,” the governor said on Sunday.\n"
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    (corpus / "b.txt").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    db = tmp_path / "q.db"
    first = run("ingest", corpus, "--db", db)
    assert "1 articles ingested" in first.stderr and "duplicate of" in first.stderr
    second = run("ingest", corpus, "--db", db)
    assert "0 articles ingested" in second.stderr and "2 skipped" in second.stderr
    assert sqlite3.connect(db).execute("select count(*) from articles").fetchone()[0] == 1
