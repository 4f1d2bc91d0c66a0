"""``quotes serve`` as a real server (uvicorn on localhost), and the seed corpus end to end."""
from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import urllib.request

import pytest
from click.testing import CliRunner

from quotes.cli import cli


def fetch(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.status, r.headers.get("content-type", ""), r.read().decode("utf-8")


def test_serve_applies_metadata_on_localhost(sample_server):
    assert sample_server.startswith("http://127.0.0.1:")
    status, _, body = fetch(sample_server + "/-/metadata.json")
    assert status == 200
    meta = json.loads(body)
    assert meta["databases"]["quotes"]["tables"]["quotes"]["description"]
    _, _, body = fetch(sample_server + "/-/plugins.json")
    names = {p["name"] for p in json.loads(body)}
    assert {"quotes_datasette.py", "datasette-vega"} <= names


def test_serve_streams_neutralised_csv(sample_server):
    status, ctype, body = fetch(sample_server + "/quotes/quotes_view.csv?_stream=on&_size=2")
    assert status == 200 and ctype.startswith("text/plain")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 9  # _stream pages through everything
    assert [r["text"] for r in rows if "HYPERLINK" in r["text"]] == ['\'=HYPERLINK("http://evil.example")']


def test_serve_article_page(sample_server, sample_db):
    status, ctype, body = fetch(sample_server + f"/-/article/{sample_db[1]['a2']}")
    assert status == 200 and ctype.startswith("text/html")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in body and "<script>alert" not in body


def test_serve_refuses_a_missing_database(tmp_path):
    r = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert r.exit_code != 0 and "no database yet" in r.output


@pytest.mark.slow
def test_corpus_end_to_end(corpus_db, corpus_server, tmp_path):
    """The real pipeline's output: offsets inside the text, every quote on its article page,
    and `quotes export` agreeing with the database."""
    con = sqlite3.connect(corpus_db)
    texts = dict(con.execute("select id, text from articles"))
    quotes = con.execute("select article_id, spans, text from quotes").fetchall()
    con.close()
    assert len(texts) == 5 and len(quotes) > 10
    for aid, spans, text in quotes:
        spans = json.loads(spans)
        assert all(0 <= a < b <= len(texts[aid]) for a, b in spans)
        assert text == " … ".join(texts[aid][a:b] for a, b in spans)
    per_article = {aid: sum(1 for q in quotes if q[0] == aid) for aid in texts}
    for aid, n in per_article.items():
        _, _, body = fetch(corpus_server + f"/-/article/{aid}")
        assert len(re.findall(r'<a class="qbadge"', body)) == n
    out = tmp_path / "corpus.jsonl"
    r = CliRunner().invoke(cli, ["export", "--db", str(corpus_db), "--format", "jsonl", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(quotes)
