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
        db.execute(f"delete from claim_links where quote_id in ({marks}) or other_id in ({marks})", part + part)


def insert_vectors(db: sqlite_utils.Database, rows: list[tuple[str, str, bytes]]) -> None:
    db.conn.executemany("insert or replace into quote_vectors (quote_id, sha, embedding) values (?, ?, ?)", rows)


def insert_links(db: sqlite_utils.Database, rows: list[tuple[str, str, float]]) -> int:
    db.conn.executemany("insert or replace into claim_links (quote_id, other_id, probability) values (?, ?, ?)", rows)
    return len(rows)


def links(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    return db.execute("select quote_id, other_id from claim_links").fetchall()


def drop_orphan_links(db: sqlite_utils.Database) -> None:
    db.execute("delete from quote_vectors where quote_id not in (select id from quotes)")
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
    if new_m:
        db["claim_members"].upsert_all(new_m, pk="quote_id")
        db.conn.executemany("update quotes set claim_id = ? where id = ? and coalesce(claim_id, '') != ?",
                            [(m["claim_id"], m["quote_id"], m["claim_id"]) for m in new_m])
    return {"claims": len(claims), "claims_changed": len(new_c) + len(gone_c)}
