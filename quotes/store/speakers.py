"""The SQL of speaker identity: speaker rows, their recorded variants (``speaker_aliases``) and
roles (``speaker_roles``), merging and splitting rows, and the per-speaker figures behind the
``speaker_summary`` view. :mod:`quotes.identity.ops` decides; this module reads and writes.

Functions take and return plain values (ids, dicts of rows, normalised names), never the
identity package's objects.
"""
from __future__ import annotations

import json
from typing import Iterable, Iterator

import sqlite_utils

__all__ = [
    "json_list", "merge_json_list", "speaker_ref_columns", "insert_speaker", "get_speaker", "update_speaker",
    "record_variants", "ids_by_key", "org_ids_by_alias_norm", "ids_by_norms", "person_candidates",
    "similar_surnames", "alias_norms", "speaker_name", "identity_rows", "global_ids", "global_orgs", "ambiguous_ids",
    "alias_rows_by_speaker", "role_counts", "all_speakers", "merge_speaker_rows", "move_articles",
    "drop_orphan_speakers", "set_names", "set_kinds", "list_speakers", "speaker_names_and_aliases",
    "update_speaker_stats", "article_alias_rows", "bare_person_articles", "article_roles",
]


def _chunks(ids: list, size: int = 500) -> Iterator[tuple[list, str]]:
    for k in range(0, len(ids), size):
        part = ids[k : k + size]
        yield part, ",".join("?" * len(part))


def json_list(value: str | None) -> list[str]:
    """A JSON list column as a list ([] when empty or not a list)."""
    try:
        out = json.loads(value) if value else []
    except ValueError:
        return []
    return out if isinstance(out, list) else []


def merge_json_list(old: str | None, new: Iterable[str]) -> str:
    """A JSON list column with ``new`` items appended (case-insensitively once)."""
    items = json_list(old)
    low = {x.lower() for x in items}
    for x in new:
        if x and x.lower() not in low:
            items.append(x)
            low.add(x.lower())
    return json.dumps(items, ensure_ascii=False)


def speaker_ref_columns(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """Every (table, column) with a foreign key to ``speakers.id``."""
    out = []
    for t in db.table_names():
        if t == "speakers" or t.startswith("speakers_fts"):
            continue
        for fk in db.execute(f"PRAGMA foreign_key_list([{t}])").fetchall():
            if fk[2] == "speakers":
                out.append((t, fk[3]))
    return out


# --------------------------------------------------------------------------- one speaker


def insert_speaker(db: sqlite_utils.Database, row: dict) -> int:
    return db["speakers"].insert(row).last_pk


def get_speaker(db: sqlite_utils.Database, sid: int) -> dict:
    return db["speakers"].get(sid)


def update_speaker(db: sqlite_utils.Database, sid: int, values: dict) -> None:
    if values:
        db["speakers"].update(sid, values)


def record_variants(db: sqlite_utils.Database, sid: int, article_id: str, aliases: list[dict], roles: list[str]) -> None:
    """Remember the name variants (``speaker_aliases`` rows without their speaker and article)
    and roles a speaker was seen with in ``article_id``."""
    if aliases:
        db["speaker_aliases"].insert_all(
            [{"speaker_id": sid, "article_id": article_id, **a} for a in aliases], ignore=True
        )
    if roles:
        db["speaker_roles"].insert_all(
            [{"speaker_id": sid, "article_id": article_id, "role": r} for r in roles], ignore=True
        )


def speaker_name(db: sqlite_utils.Database, sid: int) -> str | None:
    row = db.execute("select name from speakers where id = ?", [sid]).fetchone()
    return row[0] if row else None


def alias_norms(db: sqlite_utils.Database, sid: int) -> set[str]:
    """The normalised variants recorded for a speaker."""
    return {r[0] for r in db.execute("select norm from speaker_aliases where speaker_id = ?", [sid]).fetchall()}


# --------------------------------------------------------------------------- lookups


def ids_by_key(db: sqlite_utils.Database, key: str, global_only: bool = False) -> list[int]:
    sql = "select id from speakers where key = ?" + (" and article_id is null" if global_only else "") + " order by id"
    return [r[0] for r in db.execute(sql, [key]).fetchall()]


def org_ids_by_alias_norm(db: sqlite_utils.Database, norm: str) -> list[int]:
    """Global organisations and outlets that were once written ``norm``."""
    return [r[0] for r in db.execute(
        "select distinct a.speaker_id from speaker_aliases a join speakers s on s.id = a.speaker_id "
        "where a.norm = ? and s.kind in ('organization', 'media') and s.article_id is null order by 1",
        [norm],
    ).fetchall()]


def ids_by_norms(db: sqlite_utils.Database, norms: Iterable[str], keys: Iterable[str] = ()) -> list[int]:
    """Global speakers with one of these normalised names as a recorded variant, or one of
    these keys."""
    norms = [n for n in dict.fromkeys(norms) if n]
    keys = [k for k in dict.fromkeys(keys) if k]
    ids: set[int] = set()
    if norms:
        marks = ",".join("?" * len(norms))
        ids.update(r[0] for r in db.execute(
            f"select distinct a.speaker_id from speaker_aliases a join speakers s on s.id = a.speaker_id "
            f"where a.norm in ({marks}) and s.article_id is null", norms,
        ).fetchall())
    if keys:
        marks = ",".join("?" * len(keys))
        ids.update(r[0] for r in db.execute(
            f"select id from speakers where article_id is null and key in ({marks})", keys
        ).fetchall())
    return sorted(ids)


def person_candidates(db: sqlite_utils.Database, surname: str) -> set[int]:
    """Global people keyed by ``surname`` or once written with it."""
    ids = {r[0] for r in db.execute(
        "select id from speakers where key >= ? and key < ? and article_id is null",
        [f"person:{surname}:", f"person:{surname};"],
    ).fetchall()}
    ids.update(r[0] for r in db.execute(
        "select distinct a.speaker_id from speaker_aliases a join speakers s on s.id = a.speaker_id "
        "where a.surname = ? and s.kind = 'person' and s.article_id is null", [surname],
    ).fetchall())
    return ids


def similar_surnames(db: sqlite_utils.Database, surname: str) -> list[tuple[int, str]]:
    """(speaker id, surname) of global people whose recorded surname starts with the same two
    letters as ``surname`` and is at most one letter longer or shorter."""
    lo, hi = len(surname) - 1, len(surname) + 1
    return [tuple(r) for r in db.execute(
        "select distinct a.speaker_id, a.surname from speaker_aliases a join speakers s on s.id = a.speaker_id "
        "where a.surname >= ? and a.surname < ? and length(a.surname) between ? and ? "
        "and s.kind = 'person' and s.article_id is null",
        [surname[:2], surname[0] + chr(ord(surname[1]) + 1), lo, hi],
    ).fetchall()]


def identity_rows(db: sqlite_utils.Database, ids: Iterable[int]) -> tuple[list[dict], list[dict], list[dict]]:
    """(speaker rows, alias rows, role rows) of the speakers ``ids``."""
    ids = list(dict.fromkeys(ids))
    speakers, aliases, roles = [], [], []
    for part, marks in _chunks(ids):
        speakers += db.query(f"select id, name, roles from speakers where id in ({marks})", part)
        aliases += db.query(
            f"select speaker_id, article_id, name, norm, surname, given, gender from speaker_aliases "
            f"where speaker_id in ({marks})", part,
        )
        roles += db.query(f"select speaker_id, role from speaker_roles where speaker_id in ({marks})", part)
    return speakers, aliases, roles


def global_ids(db: sqlite_utils.Database, kind: str) -> list[int]:
    return [r[0] for r in db.execute(
        "select id from speakers where kind = ? and article_id is null order by id", [kind]
    ).fetchall()]


def ambiguous_ids(db: sqlite_utils.Database) -> list[int]:
    """People kept in their article because their bare name fits several known people."""
    return [r[0] for r in db.execute("select id from speakers where ambiguous = 1 order by id").fetchall()]


def bare_person_articles(db: sqlite_utils.Database) -> list[dict]:
    """Alias rows of global people in the articles that named them by a bare surname only
    (no given name, no initial there), for surnames that at least two global people carry with
    a given name: the mentions a later-known namesake may have made ambiguous."""
    return list(db.query(
        """
        with shared as (
            select a.surname from speaker_aliases a join speakers s on s.id = a.speaker_id
            where s.kind = 'person' and s.article_id is null and length(a.given) > 0
            group by a.surname having count(distinct a.speaker_id) > 1
        )
        select a.speaker_id, a.article_id, a.alias, a.name, a.norm, a.surname, a.gender
        from speaker_aliases a join speakers s on s.id = a.speaker_id
        where s.kind = 'person' and s.article_id is null and a.surname in (select surname from shared)
          and not exists (select 1 from speaker_aliases b where b.speaker_id = a.speaker_id
                          and b.article_id = a.article_id and length(b.given) > 0)
        order by a.speaker_id, a.article_id, a.id
        """
    ))


def article_roles(db: sqlite_utils.Database, sid: int, article_id: str) -> list[str]:
    """The roles speaker ``sid`` was seen with in ``article_id``."""
    return [r[0] for r in db.execute(
        "select role from speaker_roles where speaker_id = ? and article_id = ? order by id", [sid, article_id]
    ).fetchall()]


def global_orgs(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query(
        "select id, name from speakers where kind in ('organization', 'media') and article_id is null order by id"
    ))


def alias_rows_by_speaker(db: sqlite_utils.Database) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for r in db.query(
        "select speaker_id, article_id, alias, name, norm, surname, given, gender from speaker_aliases order by id"
    ):
        out.setdefault(r["speaker_id"], []).append(r)
    return out


def article_alias_rows(db: sqlite_utils.Database, sid: int) -> list[dict]:
    return list(db.query("select article_id, norm from speaker_aliases where speaker_id = ?", [sid]))


def role_counts(db: sqlite_utils.Database) -> dict[int, dict[str, int]]:
    """For each speaker, in how many articles each role was seen."""
    out: dict[int, dict[str, int]] = {}
    for r in db.query(
        "select speaker_id, role, count(distinct article_id) as n from speaker_roles group by speaker_id, role"
    ):
        out.setdefault(r["speaker_id"], {})[r["role"]] = r["n"]
    return out


def all_speakers(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("select * from speakers"))


def speaker_names_and_aliases(db: sqlite_utils.Database) -> list[tuple[int, str, list[str]]]:
    """(id, name, aliases) of every speaker (for a thorough search by name)."""
    return [(r[0], r[1] or "", json_list(r[2])) for r in db.execute("select id, name, aliases from speakers").fetchall()]


# --------------------------------------------------------------------------- changes


def merge_speaker_rows(db: sqlite_utils.Database, keep: int, drop: Iterable[int]) -> None:
    """Point every reference to the ``drop`` speakers at ``keep`` and delete them."""
    drop = [d for d in dict.fromkeys(drop) if d != keep]
    if not drop:
        return
    marks = ",".join("?" * len(drop))
    row = db["speakers"].get(keep)
    for d in db.query(f"select * from speakers where id in ({marks})", drop):
        row["aliases"] = merge_json_list(row["aliases"], json_list(d["aliases"]))
        row["roles"] = merge_json_list(row["roles"], json_list(d["roles"]))
        row["gender"] = row["gender"] or d["gender"]
        if row["kind"] != d["kind"] and d["kind"] == "media":
            row["kind"] = "media"
    for table, col in speaker_ref_columns(db):
        db.execute(f"update or ignore [{table}] set [{col}] = ? where [{col}] in ({marks})", [keep, *drop])
        db.execute(f"delete from [{table}] where [{col}] in ({marks})", drop)  # duplicates left behind
    db.execute(f"delete from speakers where id in ({marks})", drop)
    db["speakers"].update(keep, {k: row[k] for k in ("aliases", "roles", "gender", "kind")})


def move_articles(db: sqlite_utils.Database, sid: int, new: int, articles: list[str]) -> None:
    """Point what speaker ``sid`` said or was seen as in ``articles`` at speaker ``new``."""
    marks = ",".join("?" * len(articles))
    for table, col in speaker_ref_columns(db):
        cols = {x.name for x in db[table].columns}
        if "article_id" in cols:
            db.execute(f"update [{table}] set [{col}] = ? where [{col}] = ? and article_id in ({marks})", [new, sid, *articles])
        elif "quote_id" in cols:
            db.execute(
                f"update [{table}] set [{col}] = ? where [{col}] = ? and quote_id in "
                f"(select id from quotes where article_id in ({marks}))", [new, sid, *articles],
            )


def set_names(db: sqlite_utils.Database, ids: list[int], name: str) -> None:
    marks = ",".join("?" * len(ids))
    db.execute(f"update speakers set name = ? where id in ({marks})", [name, *ids])


def set_kinds(db: sqlite_utils.Database, ids: list[int], kind: str) -> None:
    marks = ",".join("?" * len(ids))
    db.execute(f"update speakers set kind = ? where id in ({marks})", [kind, *ids])


def drop_orphan_speakers(db: sqlite_utils.Database) -> int:
    """Delete speakers nothing uses (no quote, mention or intermediary refers to them), e.g.
    after re-ingesting their only article, or names an article mentioned without quoting them.
    People known by a full name are kept while an article names them: they help matching
    (``Mahmoud Abbas`` in one article lets a bare ``Abbas`` elsewhere join him)."""
    refs = [(t, c) for t, c in speaker_ref_columns(db) if t not in ("speaker_aliases", "speaker_roles", "speaker_stats")]
    unused = " and ".join(f"not exists (select 1 from [{t}] x where x.[{c}] = s.id)" for t, c in refs) or "1"
    ids = [r[0] for r in db.execute(
        f"select s.id from speakers s where {unused} and not (s.kind = 'person' and s.article_id is null "
        "and exists (select 1 from speaker_aliases a where a.speaker_id = s.id and length(a.given) > 1))"
    ).fetchall()]
    for part, marks in _chunks(ids):
        db.execute(f"delete from speakers where id in ({marks})", part)
    return len(ids)


# --------------------------------------------------------------------------- figures


def list_speakers(db: sqlite_utils.Database, search: str | None = None, limit: int = 50) -> list[dict]:
    """Speakers with their quote counts, most quoted first (``search`` matches names and aliases)."""
    sql = (
        "select s.id, s.name, s.kind, s.aliases, s.roles, "
        "(select count(*) from quotes q where q.speaker_id = s.id) as quotes "
        "from speakers s"
    )
    args: list = []
    if search:  # matched literally: % and _ in the search are not wildcards
        sql += " where s.name like ? escape '\\' or s.aliases like ? escape '\\'"
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        args = [pattern, pattern]
    sql += " order by quotes desc, s.id limit ?"
    return list(db.query(sql, [*args, limit]))


def update_speaker_stats(db: sqlite_utils.Database) -> int:
    """Rebuild ``speaker_stats`` (behind the ``speaker_summary`` view) in one pass over the
    quotes; only rows that changed are written. Returns how many."""
    new: dict[int, dict] = {}
    for r in db.query(
        "select q.speaker_id, count(*) as quotes, count(distinct q.article_id) as articles, "
        "min(a.published) as first_seen, max(a.published) as last_seen, "  # never the ingest time
        "json_group_array(distinct a.outlet) as outlets "
        "from quotes q join articles a on a.id = q.article_id where q.speaker_id is not null group by q.speaker_id"
    ):
        outlets = ", ".join(sorted(o for o in json.loads(r["outlets"]) if o)) or None
        new[r["speaker_id"]] = {**r, "outlets": outlets, "relayed": 0}
    for sid, n in db.execute(
        "select speaker_id, count(distinct quote_id) from intermediaries where speaker_id is not null group by speaker_id"
    ).fetchall():
        new.setdefault(sid, {"speaker_id": sid, "quotes": 0, "articles": 0, "first_seen": None, "last_seen": None,
                             "outlets": None})["relayed"] = n
    old = {r["speaker_id"]: r for r in db.query("select * from speaker_stats")}
    gone = [k for k in old if k not in new]
    changed = [v for k, v in new.items() if old.get(k) != v]
    for part, marks in _chunks(gone):
        db.execute(f"delete from speaker_stats where speaker_id in ({marks})", part)
    if changed:
        db["speaker_stats"].upsert_all(changed, pk="speaker_id")
    from .browse import update_browse_stats

    update_browse_stats(db)  # the speaker pages' and charts' counts follow the same changes
    return len(gone) + len(changed)
