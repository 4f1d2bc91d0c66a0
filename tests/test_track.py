"""Quote propagation across articles: wording, similarity, diffs, clusters in the database
(built by hand through write_article), blocking instead of all pairs, outlets as facets."""
from __future__ import annotations

import asyncio
import json
import random

import pytest

from quotes import track
from quotes.read import read_articles
from quotes.types import Article
from quotes.types import LocalSpeaker, Mention, Quote
from quotes.store import memory_db, open_db, write_article
from quotes.track import compare, find_groups, similar, update_clusters, update_tracking, wording, words

EQUAL_003 = ("Secretary Blinkin stressed the (Biden) administration\u2019s belief that Israelis and "
             "Palestinians should enjoy equal freedom, security, prosperity, and democracy,")
EQUAL_004 = "enjoy equal measures of freedom, security, prosperity, and democracy."


@pytest.fixture(autouse=True)
def no_user_corrections(tmp_path, monkeypatch):
    monkeypatch.setenv("QUOTES_SPEAKERS", str(tmp_path / "speakers.yml"))


def write(db, name: str, quotes: list[tuple[str, str]], outlet=None, published=None, speaker="Antony Blinken",
          kind="person") -> str:
    """An article quoting ``speaker``: ``quotes`` are (type, text as written in the article)."""
    text, qs = "", []
    for k, (qtype, content) in enumerate(quotes):
        start = len(text)
        text += content + f" {speaker} said in {name}. "
        s = text.index(speaker, start)
        qs.append(Quote(qtype, [(start, start + len(content))], k, cue="said", speaker_ref=0,
                        speaker=Mention(speaker, s, s + len(speaker), k)))
    return write_article(db, Article(f"{name}.txt", text, title=name, outlet=outlet, published=published),
                         qs, [LocalSpeaker(speaker, kind)], "test")


# --------------------------------------------------------------------------- wording


@pytest.mark.parametrize("text, expected", [
    ("We don\u2019t see any sense, in betting!", ["we", "dont", "see", "any", "sense", "in", "betting"]),
    ("the U.S.-approved arms \u2014 sale", ["the", "usapproved", "arms", "sale"]),
    ("Caf\u00e9 \u2026 ol\u00e9", ["cafe", "ole"]),
    ("", []),
])
def test_words(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize("text, qtype, expected", [
    ("Israelis and Palestinians should \u201cenjoy equal measures of freedom.\u201d", "mixed", "enjoy equal measures of freedom."),
    ('he was willing to "work with the United States", but not "Israel\'s unilateral measures"', "mixed",
     "work with the United States \u2026 Israel's unilateral measures"),
    ("no marks at all in this mixed one", "mixed", "no marks at all in this mixed one"),
    ("\u201cdirect quotes\u201d are kept whole", "direct", "\u201cdirect quotes\u201d are kept whole"),
])
def test_wording(text, qtype, expected):
    assert wording(text, qtype) == expected


@pytest.mark.parametrize("a, b, alike", [
    (EQUAL_003, EQUAL_004, True),  # the seed example: an excerpt with changed wording
    ("We will never accept any deal with them today", "We will not accept any deal with them today", True),
    ("We want political relations between the U.S. and the Palestinians",
     "We want political relations between the US and the Palestinians", True),
    ("the hopes of the Palestinians are diminishing", "The hopes of the Palestinians are diminishing.", True),
    # negatives
    ("extra burden", "extra burden", False),  # too short to say
    ("absolute right to defend", "an absolute right to defend itself", False),
    ("the right to defend itself", "Israel has the right to defend itself against rocket attacks from Gaza", False),
    ("We heard no new ideas or proposals", "We heard nothing new about our demands", False),
    ("Many Palestinian civilians have died", "Many Israeli civilians have died", False),
])
def test_similar(a, b, alike):
    assert bool(similar(words(a), words(b))) is alike
    assert bool(similar(words(b), words(a))) is alike


@pytest.mark.parametrize("base, variant, drift, diff", [
    (EQUAL_003, EQUAL_004, True, "enjoy equal {+measures of+} freedom, security, prosperity, \u2026"),
    (EQUAL_004, EQUAL_003, True, "enjoy equal [-measures of-] freedom, security, prosperity, \u2026"),
    ("We will never accept any deal", "We will not accept any deal", True, "We will [-never-] {+not+} accept any deal"),
    # an excerpt, or the same words differently punctuated, is not drift
    ("We want political relations between the U.S. and the Palestinians, not just security relations",
     "We want political relations between the U.S. and the Palestinians", False, None),
    ("It is essential that Palestinians be safe", "\u201cIt is essential that Palestinians be safe!\u201d", False, None),
])
def test_compare(base, variant, drift, diff):
    c = compare(base, variant)
    assert (c.drift, c.diff) == (drift, diff)
    assert 0.8 <= c.similarity <= 1.0


# --------------------------------------------------------------------------- clusters


def test_seed_example_is_one_cluster_with_drift():
    db = memory_db()
    a3 = write(db, "a3", [("direct", EQUAL_003)], outlet="IRNA", published="2021-02-20")
    a4 = write(db, "a4", [("mixed", "Israelis and Palestinians should \u201c" + EQUAL_004 + "\u201d")],
               outlet="Jerusalem Post", published="2021-05-12", speaker="Mr. Blinken")
    stats = update_tracking(db)
    assert (stats["clusters"], stats["clusters_with_drift"]) == (1, 1)
    c = next(db.query("select * from clusters_view"))
    assert (c["first_article_id"], c["first_seen"], c["first_outlet"]) == (a3, "2021-02-20", "IRNA")
    assert json.loads(c["outlets"]) == ["IRNA", "Jerusalem Post"]
    assert (c["n_quotes"], c["n_articles"], c["n_outlets"], c["drift"]) == (2, 2, 2, 1)
    assert c["speaker"] == "Antony Blinken"
    v = {r["article_id"]: r for r in db.query("select * from cluster_variants_view")}
    assert v[a3]["drift"] == 0 and v[a3]["diff"] is None
    assert v[a4]["drift"] == 1 and "{+measures of+}" in v[a4]["diff"]
    assert {r[0] for r in db.execute("select cluster_id from quotes").fetchall()} == {c["id"]}


def test_which_quotes_cluster():
    db = memory_db()
    same = "We will rebuild Gaza for all those innocent people"
    write(db, "x1", [("direct", same), ("direct", "Only in this article and nowhere else at all"),
                     ("indirect", "that the talks were productive and very useful indeed")], outlet="A")
    write(db, "x2", [("direct", same + "."), ("indirect", "that the talks were productive and very useful indeed")], outlet="B")
    write(db, "x3", [("direct", "\u201c" + same + "\u201d")], outlet="B")
    # the same words twice in one article are not propagation
    write(db, "y1", [("direct", "A quote repeated within a single article only"),
                     ("direct", "A quote repeated within a single article only")], outlet="C")
    update_tracking(db)
    rows = list(db.query("select * from clusters"))
    assert len(rows) == 1  # indirect quotes, single-article quotes: no cluster row
    assert (rows[0]["n_quotes"], rows[0]["n_articles"], rows[0]["n_outlets"], rows[0]["drift"]) == (3, 3, 2, 0)
    assert db.execute("select count(*) from quotes where cluster_id is not null").fetchone()[0] == 3


def test_clusters_are_idempotent_and_follow_reingest():
    db = memory_db()
    write(db, "a3", [("direct", EQUAL_003)], outlet="IRNA", published="2021-02-20")
    write(db, "a4", [("mixed", "they should \u201c" + EQUAL_004 + "\u201d")], outlet="JP", published="2021-05-12")
    update_tracking(db)
    before = [list(db.query(f"select * from {t} order by 1")) for t in ("clusters", "cluster_variants")]
    again = update_tracking(db)
    assert again["cluster_rows_written"] == 0
    assert [list(db.query(f"select * from {t} order by 1")) for t in ("clusters", "cluster_variants")] == before
    # the second article re-ingested without the quote: the cluster goes
    write(db, "a4", [("direct", "Something else entirely was said on that day")], outlet="JP")
    assert update_tracking(db)["clusters"] == 0
    assert db.execute("select count(*) from clusters").fetchone()[0] == 0
    assert db.execute("select count(*) from cluster_variants").fetchone()[0] == 0
    assert db.execute("select count(*) from quotes where cluster_id is not null").fetchone()[0] == 0


def test_earliest_article_gives_the_cluster_text():
    db = memory_db()
    write(db, "late", [("direct", "We believe in a Palestinian-led administration in Gaza and the West Bank")],
          outlet="L", published="2023-11-06")
    early = write(db, "early", [("direct", "We believe in a Palestinian led administration in Gaza and its unification with the West Bank")],
                  outlet="E", published="2023-11-05")
    update_tracking(db)
    c = next(db.query("select * from clusters"))
    assert c["first_article_id"] == early and c["text"].endswith("unification with the West Bank")
    assert c["drift"] == 1


def _sentence(rng: random.Random, vocab: list[str], n: int) -> str:
    return " ".join(rng.choice(vocab) for _ in range(n))


def test_grouping_uses_blocking_not_all_pairs(monkeypatch):
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(3000)] + ["the", "of", "and", "to", "in"] * 200
    texts = [_sentence(rng, vocab, rng.randint(8, 30)).split() for _ in range(3000)]
    planted = []
    for i in range(0, 300, 10):  # near-identical copies with one word changed, in other articles
        copy = list(texts[i])
        copy[len(copy) // 2] = "changed"
        planted.append((i, len(texts)))
        texts.append(copy)
    arts = [{f"art{i}"} for i in range(len(texts))]
    calls = []
    real = track.similar
    monkeypatch.setattr(track, "similar", lambda a, b: calls.append(1) or real(a, b))
    groups = find_groups(texts, arts)
    member = {i: k for k, g in enumerate(groups) for i in g}
    assert all(member[a] == member[b] for a, b in planted)
    assert sum(len(g) > 1 for g in groups) == len(planted)  # nothing else joined
    n = len(texts)
    assert len(calls) < n * (n - 1) / 2 / 100  # far fewer comparisons than all pairs


# --------------------------------------------------------------------------- outlets from the corpus


def test_outlet_is_stored_and_facetable(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("\u201cWe heard no new ideas,\u201d a politician said.", encoding="utf-8")
    (corpus / "a.json").write_text(json.dumps({"title": "Sidecar", "outlet": "Atalayar", "published": "2023-01-31"}))
    (corpus / "b.md").write_text("---\ntitle: Front\noutlet: VOA\n---\n\u201cWe heard nothing,\u201d she said.\n", encoding="utf-8")
    (corpus / "c.jsonl").write_text(json.dumps({"text": "\u201cNo comment,\u201d he said.", "outlet": "Atalayar",
                                                "title": "Line"}) + "\n", encoding="utf-8")
    db = open_db(tmp_path / "q.db")
    for art in read_articles([corpus]):
        assert isinstance(art, Article), art
        i = art.text.index("\u201c") + 1
        q = Quote("direct", [(i, art.text.index(",\u201d"))], 0, speaker_ref=0, speaker=Mention("x", 0, 1, 0))
        write_article(db, art, [q], [LocalSpeaker("a politician", "anonymous")], "test")
    update_tracking(db)
    assert dict(db.execute("select title, outlet from articles").fetchall()) == {
        "Sidecar": "Atalayar", "Front": "VOA", "Line": "Atalayar"}
    db.close()
    from quotes.serve import make_datasette

    ds = make_datasette(tmp_path / "q.db")
    r = asyncio.run(ds.client.get("/quotes/quotes_view.json?_facet=outlet&_shape=objects"))
    facet = {v["value"]: v["count"] for v in r.json()["facet_results"]["outlet"]["results"]}
    assert facet == {"Atalayar": 2, "VOA": 1}


# --------------------------------------------------------------------------- the seed corpus


@pytest.mark.slow
def test_seed_corpus_equal_freedom_cluster(seed_db):
    rows = list(seed_db.query(
        "select c.id, c.drift, c.n_articles from clusters c join cluster_variants v on v.cluster_id = c.id "
        "join quotes q on q.id = v.quote_id where q.text like '%prosperity, and democracy%'"
    ))
    assert rows, "the 'equal ... freedom, security, prosperity, and democracy' quotes are not clustered"
    assert len({r["id"] for r in rows}) == 1
    assert rows[0]["drift"] == 1 and rows[0]["n_articles"] == 2
    diffs = [r[0] for r in seed_db.execute("select diff from cluster_variants where diff is not null").fetchall()]
    assert any("measures of" in d for d in diffs)


def test_speaker_summary_counts():
    db = memory_db()
    write(db, "s1", [("direct", "First thing said here today"), ("indirect", "that a second thing was said")],
          outlet="Axios, Inc.", published="2021-05-01")
    write(db, "s2", [("direct", "Another thing said elsewhere")], outlet="CNN", published="2021-06-02")
    write(db, "s3", [("direct", "Something said by someone else")], speaker="Hady Amr")
    update_tracking(db)
    rows = {r["name"]: r for r in db.query("select * from speaker_summary")}
    b = rows["Antony Blinken"]
    assert (b["quotes"], b["articles"], b["first_seen"], b["last_seen"], b["outlets"]) == (
        3, 2, "2021-05-01", "2021-06-02", "Axios, Inc., CNN")
    assert rows["Hady Amr"]["quotes"] == 1 and rows["Hady Amr"]["outlets"] is None
    assert update_tracking(db) and db.execute("select count(*) from speaker_stats").fetchone()[0] == 2
