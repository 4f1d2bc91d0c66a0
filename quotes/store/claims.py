"""The SQL of claims (quotes/claims.py): eligible quotes, vectors, links, claims written as a diff."""
from __future__ import annotations

from typing import Iterable, Iterator

import sqlite_utils

CHUNK = 20000


def _has_kind(db: sqlite_utils.Database) -> bool:
    return "kind" in db["quotes"].columns_dict


def eligible_quotes(db: sqlite_utils.Database) -> Iterator[dict]:
    """Quotes that may state a claim: kinds speech and claim (every quote before kinds exist)."""
    where = "where q.kind is null or q.kind in ('speech', 'claim')" if _has_kind(db) else ""
    yield from db.query(
        "select q.id, q.article_id, q.text, q.type, q.stance, q.cue_lemma, q.speaker_id, q.start, "
        f"a.published, a.outlet from quotes q join articles a on a.id = q.article_id {where}"
    )


def vector_shas(db: sqlite_utils.Database) -> dict[str, str]:
    return dict(db.execute("select quote_id, sha from quote_vectors").fetchall())


def vector_chunks(db: sqlite_utils.Database) -> Iterator[list[tuple[str, bytes]]]:
    last = ""
    while True:
        rows = db.execute(
            "select quote_id, embedding from quote_vectors where quote_id > ? order by quote_id limit ?", [last, CHUNK]
        ).fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def vectors(db: sqlite_utils.Database, ids: Iterable[str]) -> dict[str, bytes]:
    ids = list(ids)
    out = {}
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        out.update(db.execute(f"select quote_id, embedding from quote_vectors where quote_id in ({','.join('?' * len(part))})",
                              part).fetchall())
    return out


def article_of(db: sqlite_utils.Database, ids: Iterable[str]) -> dict[str, str]:
    ids = list(ids)
    out = {}
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        out.update(db.execute(f"select id, article_id from quotes where id in ({','.join('?' * len(part))})", part).fetchall())
    return out


def drop_vectors(db: sqlite_utils.Database, ids: list[str]) -> None:
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        marks = ",".join("?" * len(part))
        db.execute(f"delete from quote_vectors where quote_id in ({marks})", part)
        db.execute(f"delete from quote_bits where quote_id in ({marks})", part)
        db.execute(f"delete from claim_links where quote_id in ({marks}) or other_id in ({marks})", part + part)


def insert_vectors(db: sqlite_utils.Database, rows: list[tuple[str, str, bytes]]) -> None:
    from .vec import bits_of

    db.conn.executemany("insert or replace into quote_vectors (quote_id, sha, embedding) values (?, ?, ?)", rows)
    db.conn.executemany("insert or replace into quote_bits (quote_id, bits) values (?, ?)",
                        [(q, bits_of(e)) for q, _, e in rows])


def fill_bits(db: sqlite_utils.Database) -> int:
    """Bits for vectors stored before quote_bits existed."""
    from .vec import bits_of

    rows = db.execute("select quote_id, embedding from quote_vectors "
                      "where quote_id not in (select quote_id from quote_bits)").fetchall()
    db.conn.executemany("insert into quote_bits (quote_id, bits) values (?, ?)", [(q, bits_of(e)) for q, e in rows])
    return len(rows)


def insert_links(db: sqlite_utils.Database, rows: list[tuple[str, str, float]]) -> int:
    db.conn.executemany("insert or replace into claim_links (quote_id, other_id, probability) values (?, ?, ?)", rows)
    return len(rows)


def links(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    return db.execute("select quote_id, other_id from claim_links").fetchall()


def drop_orphan_links(db: sqlite_utils.Database) -> None:
    db.execute("delete from quote_vectors where quote_id not in (select id from quotes)")
    db.execute("delete from quote_bits where quote_id not in (select quote_id from quote_vectors)")
    db.execute("delete from claim_links where quote_id not in (select quote_id from quote_vectors) "
               "or other_id not in (select quote_id from quote_vectors)")


def write_claims(db: sqlite_utils.Database, claims: dict[str, dict], members: dict[str, dict]) -> dict:
    """Store ``claims`` and ``members`` (by quote id) as a difference; quotes.claim_id follows."""
    old_claims = {r["id"]: r for r in db.query("select * from claims")}
    old_members = {r["quote_id"]: r for r in db.query("select * from claim_members")}
    gone_m = [q for q in old_members if q not in members]
    new_m = [m for q, m in members.items() if old_members.get(q) != m]
    gone_c = [c for c in old_claims if c not in claims]
    new_c = [c for k, c in claims.items() if old_claims.get(k) != c]
    for i in range(0, len(gone_m), 500):
        part = gone_m[i:i + 500]
        marks = ",".join("?" * len(part))
        db.execute(f"delete from claim_members where quote_id in ({marks})", part)
        db.execute(f"update quotes set claim_id = null where id in ({marks})", part)
    for i in range(0, len(gone_c), 500):
        part = gone_c[i:i + 500]
        db.execute(f"delete from claims where id in ({','.join('?' * len(part))})", part)
    if new_c:
        db["claims"].upsert_all(new_c, pk="id")
    if gone_c or new_c:
        for i in range(0, len(gone_c), 500):
            part = gone_c[i:i + 500]
            db.execute(f"delete from claim_vectors where claim_id in ({','.join('?' * len(part))})", part)
        db.conn.executemany(
            "insert or replace into claim_vectors (claim_id, bits, embedding) "
            "select ?, b.bits, v.embedding from quote_vectors v join quote_bits b on b.quote_id = v.quote_id "
            "where v.quote_id = ?",
            [(c["id"], c["first_quote_id"]) for c in new_c])
    db.execute("insert or replace into claim_vectors (claim_id, bits, embedding) "
               "select c.id, b.bits, v.embedding from claims c join quote_vectors v on v.quote_id = c.first_quote_id "
               "join quote_bits b on b.quote_id = v.quote_id "
               "where c.id not in (select claim_id from claim_vectors)")
    if new_m:
        db["claim_members"].upsert_all(new_m, pk="quote_id")
        db.conn.executemany("update quotes set claim_id = ? where id = ? and coalesce(claim_id, '') != ?",
                            [(m["claim_id"], m["quote_id"], m["claim_id"]) for m in new_m])
    return {"claims": len(claims), "claims_changed": len(new_c) + len(gone_c)}


# --------------------------------------------------------------------------- the claim page


def claim_detail(conn, cid: str) -> dict | None:
    """Everything the claim page shows: the claim, its first article, every member (oldest
    first) with speaker, stance, outlet and date, the intermediaries, the exact-wording clusters
    among the members, and the nearest other claims when sqlite-vec is loaded."""
    cur = conn.execute("select * from claims where id = ?", [cid])
    row = cur.fetchone()
    if row is None:
        return None
    claim = dict(zip([d[0] for d in cur.description], row))
    qcols = {r[1] for r in conn.execute("pragma table_info(quotes)")}
    kind = "q.kind" if "kind" in qcols else "null"
    cur = conn.execute(f"""
        select q.id, q.type, {kind} as kind, q.text, q.cue, q.stance, q.speaker_id, q.speaker_text,
               s.name as speaker, q.via_text as via, q.article_id, q.claim_id, q.cluster_id,
               a.title, substr(a.text, 1, 400) as head, a.outlet, a.published, a.url,
               m.stance as claim_stance, m.proposition
        from claim_members m
          join quotes q on q.id = m.quote_id
          join articles a on a.id = q.article_id
          left join speakers s on s.id = q.speaker_id
        where m.claim_id = ?
        order by a.published is null, a.published, q.article_id, q.start""", [cid])
    names = [d[0] for d in cur.description]
    members = [dict(zip(names, r)) for r in cur.fetchall()]
    ids = [m["id"] for m in members]
    marks = ",".join("?" * len(ids))
    via = [dict(zip(("quote_id", "position", "speaker_id", "name", "cue"), r)) for r in conn.execute(f"""
        select i.quote_id, i.position, i.speaker_id, coalesce(s.name, i.text), i.cue
        from intermediaries i left join speakers s on s.id = i.speaker_id
        where i.quote_id in ({marks}) order by i.quote_id, i.position""", ids)] if ids else []
    clusters = [dict(zip(("id", "text", "n_articles", "drift"), r)) for r in conn.execute(f"""
        select c.id, c.text, c.n_articles, c.drift from clusters c
        where c.id in (select cluster_id from quotes where id in ({marks}))""", ids)] if ids else []
    return {"claim": claim, "members": members, "via": via, "clusters": clusters,
            "similar": similar_claims(conn, cid)}


def similar_claims(conn, cid: str, limit: int = 10) -> list[dict] | None:
    """Claims like this one: the other claims whose first proposition is nearest (sqlite-vec's
    cosine distance). None when sqlite-vec cannot be loaded."""
    from .vec import load_vec

    if not load_vec(conn):
        return None
    return [dict(zip(("id", "text", "n_articles", "contested", "distance"), r)) for r in conn.execute(
        CLAIMS_LIKE_SQL, {"claim": cid, "limit": limit})]


# the nearest claims to :claim: a scan of the 48-byte bits (Hamming distance), the best 200
# then ranked by the cosine distance of the full vectors
CLAIMS_LIKE_SQL = """
with q as (select bits, embedding from claim_vectors where claim_id = :claim),
near as (
  select v.claim_id from claim_vectors v, q
  where v.claim_id != :claim
  order by vec_distance_hamming(vec_bit(v.bits), vec_bit(q.bits)) limit 200
)
select c.id, c.text, c.n_articles, c.contested,
       round(vec_distance_cosine(cv.embedding, (select embedding from q)), 3) as distance
from near join claim_vectors cv on cv.claim_id = near.claim_id join claims c on c.id = near.claim_id
order by distance limit :limit
"""
