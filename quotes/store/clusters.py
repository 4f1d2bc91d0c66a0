"""Quote clusters (the same words in several articles): the quotes that may form one, and writing
the clusters that :mod:`quotes.track` computed, row changes only."""
from __future__ import annotations

import sqlite_utils

__all__ = ["cluster_candidates", "write_clusters"]


def cluster_candidates(db: sqlite_utils.Database) -> list[dict]:
    """Direct and mixed quotes with their article's outlet, date and path, and ``speaker_scope``
    (the article a speaker is confined to, None for one known across articles)."""
    return list(db.query(
        "select q.id, q.article_id, q.type, q.text, q.speaker_id, q.start, a.outlet, a.published, a.source_path, "
        "s.article_id as speaker_scope from quotes q join articles a on a.id = q.article_id "
        "left join speakers s on s.id = q.speaker_id where q.type in ('direct', 'mixed')"
    ))


def write_clusters(db: sqlite_utils.Database, clusters: dict[str, dict], variants: dict[str, dict]) -> dict:
    """Make ``clusters``, ``cluster_variants`` and ``quotes.cluster_id`` hold ``clusters`` and
    ``variants`` (rows by id), writing only the rows that change; returns what was done."""
    old_c = {r["id"]: r for r in db.query("select * from clusters")}
    old_v = {r["quote_id"]: r for r in db.query("select quote_id, cluster_id, similarity, diff, drift from cluster_variants")}
    old_q = {r["id"]: r["cluster_id"] for r in db.query("select id, cluster_id from quotes where cluster_id is not null")}
    gone_v = [k for k in old_v if k not in variants]
    gone_c = [k for k in old_c if k not in clusters]
    changed_c = [c for k, c in clusters.items() if old_c.get(k) != c]
    for chunk in range(0, len(gone_v), 500):
        part = gone_v[chunk : chunk + 500]
        db.execute(f"delete from cluster_variants where quote_id in ({','.join('?' * len(part))})", part)
    # variants that move to another cluster must not point at a cluster about to go
    for chunk in range(0, len(gone_c), 500):
        part = gone_c[chunk : chunk + 500]
        marks = ",".join("?" * len(part))
        db.execute(f"delete from cluster_variants where cluster_id in ({marks})", part)
    if changed_c:
        db["clusters"].upsert_all(changed_c, pk="id")
    for chunk in range(0, len(gone_c), 500):
        part = gone_c[chunk : chunk + 500]
        db.execute(f"delete from clusters where id in ({','.join('?' * len(part))})", part)
    gone = set(gone_c)
    changed_v = [v for k, v in variants.items() if _differs(old_v.get(k), v, gone)]
    if changed_v:
        db["cluster_variants"].upsert_all(changed_v, pk="quote_id")
    want = {k: v["cluster_id"] for k, v in variants.items()}
    moves = [(cid, qid) for qid, cid in want.items() if old_q.get(qid) != cid]
    moves += [(None, qid) for qid in old_q if qid not in want]
    if moves:
        db.conn.executemany("update quotes set cluster_id = ? where id = ?", moves)
    return {
        "clusters": len(clusters),
        "clusters_with_drift": sum(c["drift"] for c in clusters.values()),
        "clustered_quotes": len(variants),
        "cluster_rows_written": len(changed_c) + len(gone_c) + len(changed_v) + len(gone_v) + len(moves),
    }


def _differs(old: dict | None, new: dict, gone: set[str]) -> bool:
    return old is None or old != new or old["cluster_id"] in gone
