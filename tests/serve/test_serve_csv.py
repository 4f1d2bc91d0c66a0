"""CSV formula neutralising: the streaming rewriter, and Datasette's CSV pages through it."""
from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.export import neutralise
from quotes.serve.csvsafe import CsvNeutraliser, is_csv_request, neutralise_csv


def _write(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)  # the dialect Datasette uses
    return buf.getvalue()


@pytest.mark.parametrize("cell, expected", [
    ("=1+2", "'=1+2"),
    ("+1", "'+1"),
    ("-1", "'-1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
    ("=a,b\nc", "'=a,b\nc"),
    # negative cases: left alone
    ("a=b", "a=b"),
    ("", ""),
    ('"=quoted"', '"=quoted"'),
    ("'=already", "'=already"),
    (" =space", " =space"),
    ("hello, world", "hello, world"),
])
def test_cells_are_neutralised(cell, expected):
    assert neutralise(cell) == expected
    out = neutralise_csv(_write([["id", cell, "z"]]))
    assert list(csv.reader(io.StringIO(out))) == [["id", expected, "z"]]


@pytest.mark.parametrize("value", [None, 5, -5, 1.5])
def test_neutralise_leaves_non_strings_alone(value):
    assert neutralise(value) == value


cells = st.text(alphabet=st.sampled_from(list('ab =+-@\t\r\n",\'x')), max_size=8)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(cells, min_size=1, max_size=4), min_size=1, max_size=4), data=st.data())
def test_streaming_matches_cell_by_cell_in_any_chunking(rows, data):
    text = _write(rows)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6)))
    n = CsvNeutraliser()
    out = ""
    for a, b in zip([0, *cuts], [*cuts, len(text)]):
        out += n.feed(text[a:b])
    out += n.close()
    expected = [[neutralise(c) for c in row] for row in csv.reader(io.StringIO(text))]
    assert list(csv.reader(io.StringIO(out))) == expected


@pytest.mark.parametrize("path, query, expected", [
    ("/quotes/quotes.csv", b"", True),
    ("/quotes/search_quotes.csv", b"q=x", True),
    ("/quotes/quotes", b"_format=csv", True),
    ("/quotes/quotes.json", b"", False),
    ("/quotes/quotes", b"_search=x.csv", False),
])
def test_is_csv_request(path, query, expected):
    assert is_csv_request({"type": "http", "path": path, "query_string": query}) is expected


def test_datasette_csv_download_is_neutralised_and_labelled(get):
    r = get("/quotes/quotes.csv?_labels=on&_size=max&_dl=1")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 9
    assert {r["speaker_id_label"] for r in rows} == {"Jane Roe", "John Smith", "Nurses Union"}
    assert "Minister denies budget cuts" in {r["article_id_label"] for r in rows}
    formula = [r["text"] for r in rows if "HYPERLINK" in r["text"]]
    assert formula == ['\'=HYPERLINK("http://evil.example")']
    assert not [c for r in rows for c in r.values() if c and c[0] in "=+-@\t\r"]


def test_canned_query_csv_is_neutralised(get):
    r = get("/quotes/speaker_quotes.csv?speaker=nurses+union")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [r["text"] for r in rows] == ['\'=HYPERLINK("http://evil.example")', "Hospitals are in crisis"]


def test_json_is_not_touched(get):
    rows = get("/quotes/quotes.json?_shape=array&cue_lemma=write").json()
    assert [r["text"] for r in rows] == ['=HYPERLINK("http://evil.example")']
