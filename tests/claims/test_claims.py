"""Claims across articles, end to end on hand-written articles (real Stanza, encoder, SQLite).

Three outlets report the health minister's claim in other words, a fourth reports the
opposition leader rejecting it, and a fifth reports a look-alike (the same number and month,
about trees): one contested claim, the look-alike apart. The denial arrives in a second ingest
and must join the stored claim without re-embedding what is stored.
"""
import shutil
from pathlib import Path

import pytest

from quotes.claims import member_stance, proposition

CORPUS = Path(__file__).parent / "corpus"
FIRST = ["daily-courier.txt", "morning-post.txt", "evening-star.txt", "green-gazette.txt"]


@pytest.fixture(scope="module")
def stages(tmp_path_factory):
    from quotes.run.ingest import ingest
    from quotes.store import open_db

    d = tmp_path_factory.mktemp("claims")
    corpus = d / "corpus"
    corpus.mkdir()
    for name in FIRST:
        shutil.copy(CORPUS / name, corpus / name)
    db = open_db(d / "quotes.db")
    assert ingest(db, [corpus]).failed == 0
    first = {
        "vectors": dict(db.execute("select quote_id, embedding from quote_vectors").fetchall()),
        "claims": [dict(r) for r in db.query("select * from claims")],
    }
    shutil.copy(CORPUS / "the-observer.txt", corpus / "the-observer.txt")
    assert ingest(db, [corpus]).articles == 1
    yield db, first, corpus
    db.close()


def _members(db):
    return list(db.query(
        "select a.outlet, m.stance, s.name as speaker, q.claim_id from claim_members m "
        "join quotes q on q.id = m.quote_id join articles a on a.id = q.article_id "
        "left join speakers s on s.id = q.speaker_id order by a.published"))


def test_three_outlets_one_claim_before_the_denial(stages):
    db, first, _ = stages
    assert len(first["claims"]) == 1
    c = first["claims"][0]
    assert c["n_articles"] == 3 and c["contested"] == 0 and c["first_seen"] == "2026-03-02"


def test_the_denial_joins_and_contests_the_claim(stages):
    db, first, _ = stages
    claims = list(db.query("select * from claims"))
    assert len(claims) == 1
    c = claims[0]
    assert c["n_articles"] == 4 and c["n_outlets"] == 4 and c["contested"] == 1
    assert c["first_article_id"] == first["claims"][0]["first_article_id"]
    assert "two million children" in c["text"]
    members = _members(db)
    assert [m["outlet"] for m in members] == ["Daily Courier", "Morning Post", "Evening Star", "The Observer"]
    assert {m["speaker"]: m["stance"] for m in members} == {"Ana Ruiz": "asserts", "Marco Diaz": "denies"}


def test_the_look_alike_stays_apart(stages):
    db, _, _ = stages
    rows = list(db.query("select q.claim_id from quotes q join articles a on a.id = q.article_id "
                         "where a.outlet = 'Green Gazette'"))
    assert rows and all(r["claim_id"] is None for r in rows)


def test_new_article_joins_without_recomputing(stages):
    db, first, _ = stages
    now = dict(db.execute("select quote_id, embedding from quote_vectors").fetchall())
    assert {k: now[k] for k in first["vectors"]} == first["vectors"]  # stored vectors untouched
    observer = {r[0] for r in db.execute(
        "select q.id from quotes q join articles a on a.id = q.article_id where a.outlet = 'The Observer'")}
    added = set(now) - set(first["vectors"])
    assert added and added <= observer  # only the new article's propositions were embedded


def test_only_propositions_that_can_link_are_embedded(stages):
    from quotes.claims import EMBED_MIN_WORDS, MIN_WORDS, _WORD
    from quotes.store.claims import eligible_quotes

    db, _, _ = stages
    stored = {r[0] for r in db.execute("select quote_id from quote_vectors")}
    long_enough = set()
    for r in eligible_quotes(db):
        p, _ = proposition(r["text"])
        if len(p.split()) >= MIN_WORDS and len(_WORD.findall(p)) >= EMBED_MIN_WORDS:
            long_enough.add(r["id"])
    assert stored == long_enough


@pytest.mark.parametrize("short, long", [
    ("the program would reach children", "the program would reach children by June, the minister said"),
    ("taxes will go up next year", "taxes will go up next year for every family in the state"),
    ("we will win this election", "we will win this election"),
])
def test_a_proposition_under_the_embedding_floor_never_links(short, long):
    # what lets the claims step skip embedding it: neither rule that links can take it
    from quotes.claims import EMBED_MIN_WORDS, _WORD, contained, linkable

    assert len(_WORD.findall(short)) < EMBED_MIN_WORDS
    assert not linkable(short, long) and not linkable(long, short)
    assert not contained(short, long)


def test_unchanged_reingest_changes_nothing(stages):
    from quotes.claims import update_claims

    db, _, _ = stages
    assert update_claims(db) == {"claims_embedded": 0, "claim_links": 0, "claims": 1, "claims_changed": 0}


@pytest.mark.parametrize("text,prop,framed", [
    ("that the national program would reach two million children by June.",
     "the national program would reach two million children by June", False),
    ("the minister's claim that two million children would be vaccinated by June.",
     "two million children would be vaccinated by June", True),
    ("“We will win,”", "We will win", False),
])
def test_proposition(text, prop, framed):
    assert proposition(text) == (prop, framed)


@pytest.mark.parametrize("stance,cue,framed,out", [
    ("denial", "deny", False, "denies"), ("disagreement", "reject", False, "denies"),
    ("doubt", "doubt", False, "doubts"), ("report", "report", False, "reports"),
    ("report", "according to", False, "asserts"), ("neutral", "say", True, "reports"),
    ("assertive", "insist", False, "asserts"),
])
def test_member_stance(stance, cue, framed, out):
    assert member_stance(stance, cue, framed) == out


# --------------------------------------------------------------------------- in Datasette


@pytest.fixture(scope="module")
def get(stages):
    import asyncio

    from quotes.serve import make_datasette

    db, _, _ = stages
    path = db.execute("pragma database_list").fetchone()[2]
    ds = make_datasette(path)
    asyncio.run(ds.invoke_startup())
    return lambda url: asyncio.run(ds.client.get(url))


def test_claim_page(get, stages):
    db, _, _ = stages
    cid = db.execute("select id from claims").fetchone()[0]
    r = get(f"/-/claim/{cid}")
    assert r.status_code == 200, r.text
    html = r.text
    assert "two million children" in html and "contested" in html
    for outlet in ("Daily Courier", "Morning Post", "Evening Star", "The Observer"):
        assert outlet in html
    assert "Green Gazette" not in html
    assert html.index("Daily Courier") < html.index("The Observer")  # a timeline, oldest first
    assert "Marco Diaz" in html and ">denies<" in html and ">asserts<" in html
    first = db.execute("select first_article_id, first_quote_id from claims").fetchone()
    assert f'href="/-/article/{first[0]}#text-{first[1]}"' in html
    assert "sqlite-vec could not be loaded" not in html


@pytest.mark.parametrize("url", ["/-/claim/c000000000000", "/-/claim/not-an-id"])
def test_claim_page_not_found(get, url):
    assert get(url).status_code == 404


def test_contested_and_repeated_claims(get, stages):
    db, _, _ = stages
    cid = db.execute("select id from claims").fetchone()[0]
    rows = get("/quotes/contested_claims.json?_shape=array").json()
    assert [(r["claim_id"], r["n_articles"], r["denies"]) for r in rows] == [(cid, 4, 1)]
    rows = get("/quotes/repeated_claims.json?_shape=array").json()
    assert [r["claim_id"] for r in rows] == [cid]
    r = get(f"/quotes/claims_like.json?_shape=array&claim={cid}")
    assert r.status_code == 200 and r.json() == []  # the only claim


def test_sqlite_vec_in_sql(stages):
    from quotes.store.vec import load_vec

    db, _, _ = stages
    assert load_vec(db.conn)
    d = db.execute("select vec_distance_cosine(a.embedding, b.embedding) from claim_links l "
                   "join quote_vectors a on a.quote_id = l.quote_id join quote_vectors b on b.quote_id = l.other_id").fetchall()
    assert d and all(0 <= x < 0.6 for (x,) in d)


def test_bits_are_sqlite_vec_binary_codes(stages):
    from quotes.store.vec import load_vec

    db, _, _ = stages
    assert load_vec(db.conn)
    rows = db.execute("select b.bits = vec_quantize_binary(v.embedding) from quote_vectors v "
                      "join quote_bits b on b.quote_id = v.quote_id").fetchall()
    assert rows and all(ok for (ok,) in rows)
    assert db.execute("select count(*) from claim_vectors").fetchone()[0] == 1
