"""quotes export: CSV / JSON lines, filters, and spreadsheet formula neutralising."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.types import Article
from quotes.export import EXPORT_COLUMNS, export_quotes, neutralise
from quotes.types import LocalSpeaker, Mention, Quote
from quotes.store import open_db, write_article


def _q(text: str, part: str, qtype: str, ref: int, cue: str = "said", kind: str = "speech",
       confidence: float = 0.5) -> Quote:
    s = text.index(part)
    return Quote(type=qtype, spans=[(s, s + len(part))], sentence_index=0, cue=cue, cue_lemma=cue,
                 speaker=Mention("x", 0, 1, 0), speaker_ref=ref, kind=kind, confidence=confidence)


T1 = '"=1+2 is the answer," Roe said. "-5 degrees," Roe said. Smith said @channel was down.'
T2 = '"All fine," Smith said. "+44 is my number," Roe added.'


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return tmp_path_factory.mktemp("export") / "q.db"


@pytest.fixture(scope="module")
def db(db_path):
    """Read-only for the tests: built once."""
    db = open_db(db_path)
    roe = LocalSpeaker("Jane Roe", "person", aliases=["Ms. Roe", "J. Roe"])
    smith = LocalSpeaker("John Smith", "person")
    write_article(db, Article("a.txt", T1, title="First story", outlet="Planet", published="2024-01-01"), [
        _q(T1, "=1+2 is the answer,", "direct", 0),
        _q(T1, "-5 degrees,", "direct", 0),
        _q(T1, "@channel was down", "indirect", 1, kind="opinion", confidence=0.3),
    ], [roe, smith], "test")
    write_article(db, Article("b.txt", T2, title="Second story", outlet="Post", published="2024-02-01"), [
        _q(T2, "All fine,", "direct", 1, confidence=0.9),
        _q(T2, "+44 is my number,", "direct", 0, cue="added"),
    ], [roe, smith], "test")
    return db


def _csv(db, **kw) -> list[dict]:
    buf = io.StringIO()
    n = export_quotes(db, buf, fmt="csv", **kw)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert n == len(rows)
    return rows


@pytest.mark.parametrize("filters, expected", [
    ({}, ["=1+2 is the answer,", "-5 degrees,", "@channel was down", "All fine,", "+44 is my number,"]),
    ({"speaker": "jane roe"}, ["=1+2 is the answer,", "-5 degrees,", "+44 is my number,"]),
    ({"speaker": "roe"}, []),  # a part of a name is nobody
    ({"speaker": "J. ROE"}, ["=1+2 is the answer,", "-5 degrees,", "+44 is my number,"]),  # an alias
    ({"speaker": "John Smith", "qtype": "direct"}, ["All fine,"]),
    ({"qtype": "indirect"}, ["@channel was down"]),
    ({"article": "second"}, ["All fine,", "+44 is my number,"]),
    ({"article": "Second story", "speaker": "Ms. Roe"}, ["+44 is my number,"]),
    ({"speaker": "nobody"}, []),
    ({"qtype": "mixed"}, []),
    ({"article": "0000000000000000"}, []),
    ({"kinds": ["opinion"]}, ["@channel was down"]),
    ({"kinds": ["speech", "claim"]}, ["=1+2 is the answer,", "-5 degrees,", "All fine,", "+44 is my number,"]),
    ({"kinds": ["act"]}, []),
    ({"min_confidence": 0.8}, ["All fine,"]),
    ({"min_confidence": 0.4, "kinds": ["opinion"]}, []),
])
def test_jsonl_filters(db, filters, expected):
    buf = io.StringIO()
    n = export_quotes(db, buf, fmt="jsonl", **filters)
    records = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert n == len(records)
    assert [r["text"] for r in records] == expected  # JSON is not a spreadsheet: nothing prefixed
    for r in records:
        assert set(r) == set(EXPORT_COLUMNS)
        assert isinstance(r["spans"], list) and r["spans"][0] == [r["start"], r["end"]]


def test_csv_has_names_titles_and_neutralised_formulas(db):
    rows = _csv(db)
    assert list(rows[0]) == EXPORT_COLUMNS
    assert [r["text"] for r in rows] == ["'=1+2 is the answer,", "'-5 degrees,", "'@channel was down",
                                         "All fine,", "'+44 is my number,"]
    assert [r["speaker"] for r in rows] == ["Jane Roe", "Jane Roe", "John Smith", "John Smith", "Jane Roe"]
    assert [r["article_title"] for r in rows] == ["First story"] * 3 + ["Second story"] * 2
    assert not [c for r in rows for c in r.values() if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_csv_article_id_filter(db):
    aid = _csv(db)[3]["article_id"]
    assert [r["text"] for r in _csv(db, article=aid)] == ["All fine,", "'+44 is my number,"]


@pytest.mark.parametrize("value, expected", [
    ("=cmd", "'=cmd"), ("@x", "'@x"), ("\t=x", "'\t=x"), ("\r\n", "'\r\n"),
    ("plain", "plain"), ("", ""), ("a-b", "a-b"), (None, None), (3, 3),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_unknown_format_is_an_error(db):
    with pytest.raises(ValueError):
        export_quotes(db, io.StringIO(), fmt="xlsx")


def test_cli_export(db, db_path, tmp_path):
    out = tmp_path / "out.csv"
    r = CliRunner().invoke(cli, ["export", "--db", str(db_path), "--speaker", "john smith", "-o", str(out)])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [x["text"] for x in rows] == ["'@channel was down", "All fine,"]


def test_cli_export_missing_db(tmp_path):
    r = CliRunner().invoke(cli, ["export", "--db", str(tmp_path / "none.db")])
    assert r.exit_code != 0 and "no such database" in r.output


def test_cli_export_for_excel(db, db_path, tmp_path):
    out = tmp_path / "excel.csv"
    r = CliRunner().invoke(cli, ["export", "--db", str(db_path), "--excel", "-o", str(out)])
    assert r.exit_code == 0, r.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # BOM: Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == ["speaker", "quote", "kind", "type", "stance", "cue", "article title", "outlet",
                             "published", "url", "confidence"]
    assert [x["quote"] for x in rows] == ["'=1+2 is the answer,", "'-5 degrees,", "'@channel was down",
                                          "All fine,", "'+44 is my number,"]
    assert rows[0]["article title"] == "First story" and rows[0]["published"] == "2024-01-01"
    assert not [c for x in rows for c in x.values() if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    bad = CliRunner().invoke(cli, ["export", "--db", str(db_path), "--excel", "--format", "jsonl"])
    assert bad.exit_code == 2 and "--excel writes CSV" in bad.output


def test_cli_export_by_kind_and_confidence(db, db_path, tmp_path):
    out = tmp_path / "kinds.jsonl"
    r = CliRunner().invoke(cli, ["export", "--db", str(db_path), "--format", "jsonl", "--kind", "speech",
                                 "--kind", "claim", "--min-confidence", "0.5", "-o", str(out)])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {x["kind"] for x in rows} == {"speech"} and all(x["confidence"] >= 0.5 for x in rows)
    assert "@channel was down" not in [x["text"] for x in rows]
    r = CliRunner().invoke(cli, ["export", "--db", str(db_path), "--kind", "gossip"])
    assert r.exit_code != 0 and "gossip" in r.output


def test_migration_gives_stored_quotes_their_kind(tmp_path):
    """A database from before quote kinds: the migration fills kind from each quote's cue."""
    import sqlite_utils

    from quotes.store.schema import MIGRATIONS

    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    db.execute("create table _migrations (name text primary key, applied_at text)")
    for name, fn in MIGRATIONS:
        if name.startswith("008"):
            break
        fn(db)
        db["_migrations"].insert({"name": name, "applied_at": "2026-01-01"})
    write = [("a", "direct", "think"), ("b", "indirect", "say"), ("c", "indirect", "vote"), ("d", "indirect", "think")]
    db["articles"].insert({"id": "x", "text": "t", "source_path": "x.txt"}, alter=True)
    for qid, qtype, cue in write:
        db["quotes"].insert({"id": qid, "article_id": "x", "type": qtype, "text": "t", "cue_lemma": cue}, alter=True)
    db.close()
    db = open_db(path)
    assert dict(db.execute("select id, kind from quotes order by id").fetchall()) == {
        "a": "speech", "b": "speech", "c": "act", "d": "opinion"}
    assert "kind" in {c.name for c in db["quotes_view"].columns}
