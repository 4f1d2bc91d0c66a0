"""Search, speaker pages and the speaker autocomplete, in process (quotes.store.browse and the
routes of quotes/serve/views.py), on the sample database plus an untitled, undated article."""
from __future__ import annotations

import asyncio
import re
import sqlite3

import pytest

from quotes.store import browse

from journalist import build_journalist_db


@pytest.fixture(scope="module")
def jdb(tmp_path_factory):
    path = tmp_path_factory.mktemp("journalist") / "j.db"
    ids = build_journalist_db(path)
    return path, ids


@pytest.fixture(scope="module")
def jget(jdb):
    from quotes.serve import make_datasette

    d = make_datasette(jdb[0])
    asyncio.run(d.invoke_startup())
    return lambda path: asyncio.run(d.client.get(path))


@pytest.fixture()
def conn(jdb):
    c = sqlite3.connect(jdb[0])
    yield c
    c.close()


@pytest.mark.parametrize("typed, query", [
    ("hospital bed", 'text : ("hospital" "bed")'),
    ("apartheid OR settlements", 'text : ("apartheid" OR "settlements")'),
    ("settle*", 'text : ("settle"*)'),
    ('"single hospital" bed', 'text : ("single hospital" "bed")'),
    ('OR bed OR', 'text : ("bed")'),
    ('a (b) NOT', 'text : ("a" "b")'),
    ('a"b c', 'text : ("a" "b c")'),
    ('"unclosed phrase', 'text : ("unclosed phrase")'),
    ("* ( ) \"\" -", None),
    ("", None),
])
def test_fts_query(typed, query):
    assert browse.fts_query(typed) == query


def texts(result):
    return sorted(r["text"] for r in result["rows"])


def test_search_or_prefix_phrase(conn):
    assert len(browse.search_quotes(conn, "hospital")["rows"]) == 3  # stemmed: Hospitals too
    assert texts(browse.search_quotes(conn, "funding OR disgrace")) == ["The settlement is a disgrace,", "new funding"]
    assert len(browse.search_quotes(conn, "settle*")["rows"]) == 2
    assert len(browse.search_quotes(conn, '"single hospital bed"')["rows"]) == 2
    assert browse.search_quotes(conn, '"bed single"')["rows"] == []
    # syntax that would be an FTS error is searched as words
    assert browse.search_quotes(conn, 'NEAR( "x')["rows"] == []


def test_search_filters(conn, jdb):
    roe = browse.speaker_by_name(conn, "ms. roe")[0]["id"]
    assert [r["speaker"] for r in browse.search_quotes(conn, speaker_id=roe)["rows"]] == ["Jane Roe"] * 6
    assert texts(browse.search_quotes(conn, "hospital", outlet="Morning Post")) == [
        "Hospitals are in crisis", "We have not cut a single hospital bed,"]
    assert texts(browse.search_quotes(conn, stance="denial")) == ["the claim", "the cuts"]
    assert len(browse.search_quotes(conn, qtype="indirect")["rows"]) == 6
    assert texts(browse.search_quotes(conn, outlet="")) == sorted(
        ["the settlements of the dispute were unfair", "The settlement is a disgrace,", "the claim"])
    assert len(browse.search_quotes(conn, date_from="2024-03-02", date_to="2024-03-02")["rows"]) == 3
    assert len(browse.search_quotes(conn, date_from="2024-04")["rows"]) == 2  # undated articles left out
    newest = browse.search_quotes(conn)["rows"]
    assert [r["published"] for r in newest][:2] == ["2024-04-10"] * 2 and newest[-1]["published"] is None


def test_speaker_autocomplete_is_by_name_and_alias(conn, jget):
    assert [s["name"] for s in browse.search_speakers(conn, "ro")] == ["Jane Roe"]
    assert [s["name"] for s in browse.search_speakers(conn, "Ms. R")] == ["Jane Roe"]
    assert browse.speaker_by_name(conn, "Roe") and browse.speaker_by_name(conn, "Jane") == []
    r = jget("/-/speakers.json?q=smi")
    assert r.status_code == 200 and [s["name"] for s in r.json()] == ["John Smith"]


def test_search_page_marks_matches_and_escapes(jget):
    r = jget("/-/search?q=script+OR+crisis")
    assert r.status_code == 200
    html = r.text
    assert "<script>alert" not in html and "&lt;<mark>script</mark>&gt;alert" in html
    assert sorted(re.findall(r"<mark>([^<]*)</mark>", html)) == ["crisis", "script", "script"]


def test_home_leads_with_search_and_marks_unknown_metadata(jget):
    html = jget("/").text
    assert '<html lang="en">' in html and '<main class="content" id="main">' in html
    assert html.index('name="q"') < html.index('class="qcard')
    # the untitled article's headline is its first line; no outlet and no date are said so
    assert "Ministers clash over hospital funding" in html
    assert html.count("unknown outlet</span>") == 3 and html.count("date unknown</span>") == 3


def test_speaker_page(jget, jdb, conn):
    sid = browse.speaker_by_name(conn, "John Smith")[0]["id"]
    r = jget(f"/-/speaker/{sid}")
    assert r.status_code == 200
    html = r.text
    assert "<h1>John Smith</h1>" in html and "opposition leader" in html
    assert html.count('class="qcard') == 4
    assert "unknown outlet" in html and "not on the timeline" in html
    assert jget("/-/speaker/99999").status_code == 404
    assert jget("/-/speaker/abc").status_code == 404


def test_speaker_roles_leave_out_the_pieces_of_a_longer_role(jget, jdb, conn):
    roles = ["US Secretary of State", "Secretary of State", "Secretary", "State", "former",
             "former Secretary of State", "Democratic nominee", "nominee", "Rival", "Democratic rival", "President"]
    assert browse.distinct_roles(roles) == ["US Secretary of State", "former Secretary of State",
                                            "Democratic nominee", "Democratic rival", "President"]
    assert browse.distinct_roles(["Secretary", "Minister"]) == ["Secretary", "Minister"]
    sid = browse.speaker_by_name(conn, "Jane Roe")[0]["id"]
    conn.execute("update speakers set roles = ? where id = ?", ['["Health Minister", "Minister", "Health"]', sid])
    try:
        assert browse.speaker(conn, sid)["roles"] == ["Health Minister"]
    finally:
        conn.rollback()


def test_bad_dates_are_said_and_ignored(jget):
    html = jget("/-/search?q=bed&from=yesterday").text
    assert "is not a date" in html and html.count('class="qcard') == 2


HUGE = "9" * 23  # beyond SQLite's integers


@pytest.mark.parametrize("path, status, said, cards", [
    (f"/-/speaker/{HUGE}", 404, "is not a speaker id", None),
    ("/-/speaker/abc", 404, "“abc” is not a speaker id", None),
    ("/-/speaker/99999", 404, "There is no speaker 99999.", None),
    (f"/-/search?speaker={HUGE}", 200, "is not a speaker id: no quote matches.", 0),
    ("/-/search?speaker=abc", 200, "“abc” is not a speaker id: no quote matches.", 0),  # not every quote
    ("/-/search?speaker=99999", 200, "There is no speaker 99999: no quote matches.", 0),
    (f"/-/search?page={HUGE}", 200, "is not a page number: the first page is shown.", 12),
    ("/-/search?page=-2", 200, "“-2” is not a page number", 12),
    ("/-/search?q=bed&page=7", 200, "There is no page 7 of these results: they end on page 1.", 0),
    (f"/-/charts?speaker={HUGE}", 200, "is not a speaker id: the charts are for everyone.", None),
    ("/-/charts?speaker=99999", 200, "There is no speaker 99999: the charts are for everyone.", None),
    ("/-/charts?speaker_name=nobody", 200, "No speaker is called “nobody”: the charts are for everyone.", None),
    ("/-/speaker/1?page=9", 200, "There is no page 9: their quotes end on page 1.", 0),
    (f"/-/speaker/1?page={HUGE}", 200, "is not a page number: the first page is shown.", None),
    # a range given backwards is turned round, and said so; a date that is no calendar date is left out
    ("/-/search?from=2024-03-31&to=2024-03-02", 200, "The dates were the wrong way round", 3),
    ("/-/search?from=2024-13-45", 200, "“2024-13-45” is not a date", 12),
])
def test_odd_input_is_said_never_an_error(jget, path, status, said, cards):
    r = jget(path)
    assert r.status_code == status, r.text[-500:]
    assert said in r.text.replace("&#34;", '"').replace("&#39;", "'")
    if cards is not None:
        assert r.text.count('class="qcard') == cards


@pytest.mark.parametrize("speaker", [HUGE, "abc", "99999"])
def test_excel_csv_of_no_speaker_is_empty(jget, speaker):
    r = jget(f"/-/export.csv?speaker={speaker}")
    assert r.status_code == 200
    assert r.content.decode("utf-8-sig").splitlines() == [
        "speaker,quote,kind,type,stance,cue,article title,outlet,published,url,confidence"]


def test_pages_show_speech_and_claims_unless_asked(jdb, tmp_path):
    """As the kind's description says, the search and home pages show speech and claims; an
    opinion ("loves") or an act is one choice away, and the page says so."""
    from journalist import copy_db
    from quotes.serve import make_datasette

    path = copy_db(jdb[0], tmp_path / "kinds.db")
    c = sqlite3.connect(path)
    c.execute("update quotes set kind = 'opinion' where text = 'Money will come in spring,'")
    c.execute("update quotes set kind = 'act' where text = 'the claim'")
    c.commit()
    c.close()
    d = make_datasette(path)
    asyncio.run(d.invoke_startup())

    def cards(url):
        html = asyncio.run(d.client.get(url)).text
        return html, re.findall(r'<span class="quote-body">(.*?)</span>|<blockquote class="qtext">(.*?)</blockquote>', html)

    html, _ = cards("/")
    assert "Money will come in spring" not in html and "the claim</" not in html
    assert "speech and claims: choose Kind “every kind” for opinions and acts too" in html
    html, _ = cards("/-/search?kind=any")
    assert "Money will come in spring" in html and "the claim</" in html
    html, _ = cards("/-/search?kind=opinion")
    assert html.count('class="qcard') == 1 and "Money will come in spring" in html
    csv = asyncio.run(d.client.get("/-/export.csv")).content.decode("utf-8-sig")
    assert "Money will come in spring" not in csv and len(csv.splitlines()) == 11
    # the speaker page counts every kind, and its links to the search ask for every kind
    sid = re.search(r'href="/-/speaker/(\d+)">Jane Roe', asyncio.run(d.client.get("/-/search?kind=any")).text).group(1)
    html = asyncio.run(d.client.get(f"/-/speaker/{sid}")).text
    assert f'href="/-/search?speaker={sid}&amp;kind=any"' in html


def test_missing_metadata(conn):
    assert browse.missing_metadata(conn) == {"articles": 4, "no_outlet": 1, "no_date": 1, "no_url": 2}
    assert browse.missing_metadata_warning(conn).startswith(
        "warning: of 4 articles in the database, 1 no outlet and 1 no publication date:")
    conn.execute("update articles set outlet = 'X', published = '2020-01-01'")
    assert browse.missing_metadata_warning(conn) is None
    conn.rollback()


def test_untitled_articles_show_their_headline_in_tables(jget, jdb):
    html = jget("/quotes/quotes_view?_search=disgrace").text
    assert f'href="/-/article/{jdb[1]["a4"]}#text-' in html and ">Ministers clash over hospital funding</a>" in html
    html = jget("/quotes/articles").text
    assert ">Ministers clash over hospital funding</a>" in html
    art = jget(f"/-/article/{jdb[1]['a4']}").text
    assert "The source gave no title" in art and "unknown outlet" in art and "date unknown" in art
    # tables whose article_id leads to an untitled article: its headline, never Datasette's "None" label
    for path in (f"/quotes/quotes?article_id={jdb[1]['a4']}", f"/quotes/speaker_mentions?article_id={jdb[1]['a4']}"):
        cells = re.findall(r'<td class="col-article_id[^"]*">(.*?)</td>', jget(path).text, re.S)
        assert cells and all(f'href="/-/article/{jdb[1]["a4"]}">Ministers clash over hospital funding</a>' in c
                             for c in cells), path
        assert not any(re.search(r">None<|None&nbsp;", c) for c in cells)


def test_untitled_first_article_in_views_shows_its_headline(jdb):
    """clusters_view.first_article, cluster_variants_view.article, heard_via.article are empty for
    an untitled article: the cell shows its headline, linked to the article page."""
    from quotes.serve import make_datasette
    from quotes.serve.plugins import quotes_datasette as plugin

    d = make_datasette(jdb[0])
    a4 = jdb[1]["a4"]
    for table, column, row in [("clusters_view", "first_article", {"first_article": None, "first_article_id": a4}),
                               ("cluster_variants_view", "article", {"article": "", "article_id": a4, "quote_id": "q1"}),
                               ("heard_via", "article", {"article": None, "article_id": a4})]:
        cell = plugin.render_cell(row=row, value=row[column], column=column, table=table, database="quotes", datasette=d)
        html = str(asyncio.run(cell()))
        assert f'href="/-/article/{a4}' in html and ">Ministers clash over hospital funding</a>" in html, table


def test_canned_queries_never_show_the_ingest_time_as_a_date(jget):
    rows = jget("/quotes/speaker_timeline.json?speaker=Smith&_shape=array").json()
    assert [r["month"] for r in rows] == ["2024-03", "date unknown"]
    rows = jget("/quotes/quotes_per_outlet_over_time.json?_shape=array").json()
    assert ("date unknown", "(unknown outlet)") in {(r["month"], r["outlet"]) for r in rows}


def test_speaker_quotes_plans_agree(jdb):
    """speaker_quotes reads a prolific speaker's quotes from the articles' date index and
    anyone else's by speaker: with the threshold at 0 (every speaker counts as prolific) the same
    rows come back in the same order, undated articles last."""
    from quotes.serve import load_metadata

    sql = load_metadata()["databases"]["quotes"]["queries"]["speaker_quotes"]["sql"]
    walk = sql.replace("> 500 * (select", "> 0 * (select")
    assert walk != sql
    c = sqlite3.connect(jdb[0])
    try:
        for who in ("Jane Roe", "john smith", "#1", "Nurses Union", "nobody"):
            by_speaker = c.execute(sql, {"speaker": who}).fetchall()
            by_date = c.execute(walk, {"speaker": who}).fetchall()
            assert by_date == by_speaker, who
            assert bool(by_speaker) == (who != "nobody")
        smith = [r[0] for r in c.execute(walk, {"speaker": "john smith"})]
        assert smith == sorted(smith, key=lambda d: (d is None, d or "")) and smith[-1] is None
    finally:
        c.close()


def test_csv_for_excel(jget):
    import csv
    import io

    r = jget("/-/export.csv?q=hospital+OR+disgrace&outlet=Morning+Post")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    assert r.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert list(rows[0]) == ["speaker", "quote", "kind", "type", "stance", "cue", "article title", "outlet",
                             "published", "url", "confidence"]
    assert sorted(x["quote"] for x in rows) == ["Hospitals are in crisis", "We have not cut a single hospital bed,"]
    everything = list(csv.DictReader(io.StringIO(jget("/-/export.csv").content.decode("utf-8-sig"))))
    assert len(everything) == 12
    assert ['\'=HYPERLINK("http://evil.example")'] == [x["quote"] for x in everything if "HYPERLINK" in x["quote"]]
    untitled = [x for x in everything if x["quote"] == "The settlement is a disgrace,"][0]
    assert untitled["article title"] == "Ministers clash over hospital funding"
    assert untitled["outlet"] == "" and untitled["published"] == ""


def test_many_matches_take_the_index_plans_in_the_same_order(conn, monkeypatch):
    """Above COUNT_CAP matches the pages are read in index order (fast on a million quotes):
    the same publication order as the sorted plan, undated last; a search goes newest-added first."""
    few = browse.search_quotes(conn, limit=50)
    roe = browse.speaker_by_name(conn, "Jane Roe")[0]["id"]
    few_roe = browse.speaker_quotes(conn, roe)
    assert few["order"] == "published" and not few["capped"]
    monkeypatch.setattr(browse, "COUNT_CAP", 2)
    many = browse.search_quotes(conn, limit=50)
    assert many["capped"] and many["total"] == 2
    assert [r["id"] for r in many["rows"]] == [r["id"] for r in few["rows"]]
    assert [r["published"] for r in many["rows"]][-3:] == [None] * 3
    paged = [r["id"] for k in range(0, 12, 5) for r in browse.search_quotes(conn, limit=5, offset=k)["rows"]]
    assert paged == [r["id"] for r in few["rows"]]
    # a speaker's quotes, oldest first, undated last, across the dated/undated boundary
    assert [r["id"] for r in browse.speaker_quotes(conn, roe)] == [r["id"] for r in few_roe]
    assert [r["id"] for k in range(6) for r in browse.speaker_quotes(conn, roe, limit=1, offset=k)] == \
        [r["id"] for r in few_roe]
    hits = browse.search_quotes(conn, "hospital")
    rowids = [conn.execute("select rowid from quotes where id = ?", [r["id"]]).fetchone()[0] for r in hits["rows"]]
    assert hits["order"] == "added" and len(rowids) == 3 and rowids == sorted(rowids, reverse=True)


def test_a_search_that_runs_out_of_time_says_so(conn, jget, monkeypatch):
    monkeypatch.setattr(browse, "_BUDGET_STEPS", 1)
    r = browse.search_quotes(conn, "hospital", budget_ms=0)
    assert r["total"] is None and r["stopped"] and r["rows"] == []
    assert len(browse.search_quotes(conn, "hospital", budget_ms=None)["rows"]) == 3  # the export has no budget
    monkeypatch.setattr(browse.search_quotes, "__defaults__",
                        tuple(0 if d == 120 else d for d in browse.search_quotes.__defaults__))
    html = jget("/-/search?q=hospital").text
    assert "The search stopped after a fraction of a second" in html and 'class="qcard' not in html


def test_wording_drift_is_coloured_not_markup():
    import importlib.util

    from quotes.serve import PLUGINS_DIR

    spec = importlib.util.spec_from_file_location("qd", PLUGINS_DIR / "quotes_datasette.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    html = str(mod.diff_html("enjoy [-equal-] {+<b>measures</b> of+} freedom"))
    assert html == ('<span class="drift">enjoy <del class="drift-del" title="removed">equal</del> '
                    '<ins class="drift-ins" title="added">&lt;b&gt;measures&lt;/b&gt; of</ins> freedom</span>')


def test_speaker_names_in_tables_lead_to_speaker_pages(jget):
    html = jget("/quotes/quotes_view?_search=disgrace").text
    assert re.search(r'<a class="speaker-link" href="/-/speaker/\d+">John Smith</a>', html)
    assert 'href="/-/speaker/' in jget("/quotes/speakers").text
