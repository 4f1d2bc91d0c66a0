"""metadata.yml against the schema, and Datasette set up as ``quotes serve`` does."""
from __future__ import annotations

import asyncio
import csv
import io
import shutil
from pathlib import Path

import pytest

from quotes.serve import METADATA_PATH, load_metadata, make_datasette
from quotes.store import memory_db

REPO = Path(__file__).resolve().parents[2]

META = load_metadata()
DBMETA = META["databases"]["quotes"]
TABLES = DBMETA["tables"]


def _schema() -> dict[str, list[str]]:
    db = memory_db()
    names = db.table_names() + db.view_names()
    return {n: [c.name for c in db[n].columns] for n in names}


def _is_shadow(name: str) -> bool:
    return name == "_migrations" or "_fts" in name


def test_repo_root_metadata_is_the_packaged_file():
    root = REPO / "metadata.yml"
    assert root.read_bytes() == METADATA_PATH.read_bytes()


def test_every_table_view_and_column_is_described():
    missing = []
    for name, cols in _schema().items():
        if _is_shadow(name):
            continue
        meta = TABLES.get(name) or {}
        if not meta.get("description"):
            missing.append(name)
        described = meta.get("columns") or {}
        missing += [f"{name}.{c}" for c in cols if not described.get(c)]
    assert not missing, f"describe these in quotes/serve/metadata.yml: {missing}"


def test_no_description_for_something_that_does_not_exist():
    schema = _schema()
    stale = [t for t in TABLES if t not in schema]
    stale += [f"{t}.{c}" for t, m in TABLES.items() if t in schema for c in (m.get("columns") or {}) if c not in schema[t]]
    assert not stale


def test_fts_shadow_tables_and_migrations_are_hidden():
    shadow = [n for n in _schema() if _is_shadow(n)]
    assert len(shadow) == 16
    assert [n for n in shadow if not (TABLES.get(n) or {}).get("hidden")] == []


def test_facets_and_labels_name_real_columns():
    schema = _schema()
    for table, meta in TABLES.items():
        for col in [*(meta.get("facets") or []), *(meta.get("default_columns") or []), meta.get("label_column"),
                    meta.get("sort"), meta.get("sort_desc")]:
            assert col is None or col in schema[table], (table, col)
    assert TABLES["speakers"]["label_column"] == "name"
    assert TABLES["articles"]["label_column"] == "title"


def test_hidden_tables_are_not_listed(get):
    data = get("/quotes.json").json()
    visible = {t["name"] for t in data["tables"] if not t["hidden"]}
    db = memory_db()
    assert visible == {t for t in db.table_names() if not _is_shadow(t)}
    assert {"articles", "speakers", "quotes", "clusters"} <= visible
    assert "_migrations" not in visible and "quotes_fts" not in visible
    assert {v["name"] for v in data["views"]} == set(db.view_names())


def test_quotes_view_is_sorted_by_date_with_facets(get):
    data = get("/quotes/quotes_view.json?_size=max").json()
    dates = [r[data["columns"].index("published")] for r in data["rows"]]
    assert dates == sorted(dates, reverse=True) and len(dates) == 9
    facets = data["facet_results"]
    assert set(facets) == {"kind", "stance", "speaker", "outlet"}
    by_outlet = {f["value"]: f["count"] for f in facets["outlet"]["results"]}
    assert by_outlet == {"Daily Planet": 6, "Morning Post": 3}


@pytest.mark.parametrize("path, expected_texts", [
    # full-text search on the view (porter stemming: "denied" finds the cue "denied" via "deny")
    ("/quotes/quotes_view.json?_search=hospital+bed", {"We have not cut a single hospital bed,",
                                                       "We have not cut a single hospital bed, … Not one."}),
    ("/quotes/quotes_view.json?_search=plan", {"<script>alert('x')</script> is not a plan,"}),
    ("/quotes/quotes.json?_search=funding", {"new funding"}),
    ("/quotes/quotes_view.json?_search=nosuchword", set()),
])
def test_search(get, path, expected_texts):
    rows = get(path + "&_shape=array").json()
    assert {r["text"] for r in rows} == expected_texts


def test_speakers_are_searchable_by_alias(get):
    rows = get("/quotes/speakers.json?_search=union&_shape=array").json()
    assert [r["name"] for r in rows] == ["Nurses Union"]


def test_foreign_keys_show_names(get):
    rows = get("/quotes/quotes.json?_labels=on&_shape=array&cue_lemma=deny").json()
    assert rows[0]["speaker_id"]["label"] == "Jane Roe"
    assert rows[0]["article_id"]["label"] == "Minister denies budget cuts"


QUERY_CASES = [
    ("search_quotes", {"q": "hospital bed"}, "speaker", ["Jane Roe", "Jane Roe"]),
    ("search_quotes", {"q": ""}, "text", []),
    ("search_quotes", {"q": '"unbalanced'}, "text", []),
    ("search_quotes", {"q": "NOT OR AND"}, "text", []),
    ("search_quotes", {"q": "crisis OR funding"}, "text", ["new funding", "Hospitals are in crisis"]),
    ("search_quotes", {"q": "fund*"}, "text", ["new funding"]),
    ("speaker_quotes", {"speaker": "ms. roe"}, "cue", ["denied", "said", "told", "promised", "said"]),
    ("speaker_quotes", {"speaker": "JANE ROE"}, "cue", ["denied", "said", "told", "promised", "said"]),
    ("speaker_quotes", {"speaker": "#1"}, "cue", ["denied", "said", "told", "promised", "said"]),
    ("speaker_quotes", {"speaker": "JANE"}, "cue", []),  # a part of a name is nobody
    ("speaker_quotes", {"speaker": ""}, "cue", []),
    ("speaker_quotes", {"speaker": "nobody"}, "cue", []),
    ("top_speakers", {"kind": ""}, "speaker", ["Jane Roe", "John Smith", "Nurses Union"]),
    ("top_speakers", {"kind": "organization"}, "speaker", ["Nurses Union"]),
    ("top_speakers", {"kind": "Organization"}, "speaker", ["Nurses Union"]),
    ("quote_clusters", {"min_outlets": ""}, "outlets", [2]),
    ("quote_clusters", {"min_outlets": "3"}, "outlets", []),
    ("claims_by_stance", {"stance": "denial", "speaker": ""}, "speaker", ["Jane Roe"]),
    ("claims_by_stance", {"stance": "accusation", "speaker": ""}, "speaker", ["John Smith"]),
    ("claims_by_stance", {"stance": "Denial", "speaker": ""}, "speaker", ["Jane Roe"]),
    ("claims_by_stance", {"stance": "", "speaker": "roe"}, "stance", ["promise", "denial"]),  # newest first
    ("claims_by_stance", {"stance": "neutral", "speaker": "smith"}, "cue", ["said"]),
    ("speaker_timeline", {"speaker": "roe"}, "quotes", [3, 2]),  # March 2024, April 2024
    ("article_quotes", {"article": "budget cuts"}, "speaker",
     ["Jane Roe", "Jane Roe", "John Smith", "Nurses Union"]),
    ("article_quotes", {"article": ""}, "speaker", []),
    ("quotes_per_outlet_over_time", {}, "quotes", [4, 3, 2]),
    # claims have their own tests on a real corpus (tests/claims/test_claims.py)
    ("contested_claims", {}, "claim_id", []),
    ("repeated_claims", {}, "claim_id", []),
    ("claims_like", {"claim": "c000000000000"}, "claim_id", []),
]


@pytest.mark.parametrize("query, params, column, expected", QUERY_CASES)
def test_canned_queries(get, query, params, column, expected):
    from urllib.parse import urlencode

    r = get(f"/quotes/{query}.json?" + urlencode({**params, "_shape": "array"}))
    assert r.status_code == 200, r.text
    assert [row[column] for row in r.json()] == expected


def test_every_canned_query_is_tested_and_titled():
    assert set(DBMETA["queries"]) == {q for q, *_ in QUERY_CASES}
    assert all(q.get("title") and q.get("description_html") for q in DBMETA["queries"].values())


def test_the_database_page_links_to_the_charts_and_the_excel_csv(get):
    html = get("/quotes").text
    assert '<a href="/-/charts">Charts</a>' in html and '<a href="/-/export.csv">CSV for Excel</a>' in html


def test_make_datasette_serves_any_file_as_quotes(sample_db, tmp_path):
    other = tmp_path / "elsewhere.db"
    shutil.copy(sample_db[0], other)
    ds = make_datasette(other)
    assert [n for n in ds.databases if n != "_internal"] == ["quotes"]
    r = asyncio.run(ds.client.get("/quotes/top_speakers.csv?kind=person"))
    assert [row["speaker"] for row in csv.DictReader(io.StringIO(r.text))] == ["Jane Roe", "John Smith"]


def test_make_datasette_refuses_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        make_datasette(tmp_path / "nope.db")


def test_every_canned_query_field_has_a_label():
    """A journalist never meets a raw parameter name (such as "claim") as a field's label."""
    import re

    for name, q in DBMETA["queries"].items():
        params = set(re.findall(r"(?<!:):(\w+)", q["sql"]))
        fields = q.get("fields") or {}
        assert {p for p in params if not (fields.get(p) or {}).get("label")} == set(), name
