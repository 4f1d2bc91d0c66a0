"""The database schema: the one place that owns it, as ordered sqlite-utils migrations.

Users' SQL relies on these names. Add columns and tables in a new migration; never rename one
without a migration that keeps the old name working.
"""
from __future__ import annotations

import secrets
import sqlite3
from contextlib import contextmanager
from typing import Callable, Iterator

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction: all of the block or none of it (nested blocks become savepoints).

    The outermost block opens with ``BEGIN IMMEDIATE``: it takes the write lock up front,
    waiting out ``busy_timeout`` while another process writes. A plain ``BEGIN`` takes it only at
    the first write, and two processes that both read first then deadlock: SQLite answers one of
    them "database is locked" at once, whatever the timeout."""
    conn = db.conn
    if conn.in_transaction:
        sp = f"quotes_{secrets.token_hex(8)}"
        conn.execute(f"SAVEPOINT {sp}")
        try:
            yield db
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO SAVEPOINT {sp}")
                conn.execute(f"RELEASE SAVEPOINT {sp}")
            raise
        conn.execute(f"RELEASE SAVEPOINT {sp}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _m001_core(db: sqlite_utils.Database) -> None:
    db["articles"].create(
        {
            "id": str,  # first 16 hex digits of sha256(text)
            "source_path": str,
            "title": str,
            "outlet": str,
            "url": str,
            "published": str,  # ISO date or datetime as given
            "text": str,  # exactly the text that was analysed
            "sha256": str,
            "ingested_at": str,
            "pipeline_version": str,
            "format": str,  # txt, html, jsonl
            "encoding": str,  # the encoding the file was read with
            "repairs": str,  # what was repaired on the way in (mojibake, BOM, control chars)
            "word_count": int,
        },
        pk="id",
    )
    db["speakers"].create(
        {
            "id": int,
            "name": str,
            "kind": str,  # person, organization, media, document, group, anonymous, unknown
            "key": str,  # the normalised matching key; unique
            "article_id": str,  # set only for article-scoped speakers (anonymous)
            "gender": str,
            "roles": str,  # JSON list of roles seen (titles stripped from names)
            "aliases": str,  # JSON list of name variants seen
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["quotes"].create(
        {
            "id": str,  # hash of article id and content offsets
            "article_id": str,
            "type": str,  # direct, indirect, mixed
            "text": str,
            "start": int,
            "end": int,
            "spans": str,  # JSON [[start, end], ...]
            "speaker_id": int,
            "speaker_text": str,
            "speaker_start": int,
            "speaker_end": int,
            "cue": str,
            "cue_lemma": str,
            "cue_start": int,
            "cue_end": int,
            "sentence_index": int,
            "confidence": float,
            "stance": str,
            "addressee_text": str,
            "addressee_start": int,
            "addressee_end": int,
            "addressee_id": int,
            "via_id": int,
            "via_text": str,
            "cluster_id": str,
        },
        pk="id",
        foreign_keys=[
            ("article_id", "articles", "id"),
            ("speaker_id", "speakers", "id"),
            ("addressee_id", "speakers", "id"),
            ("via_id", "speakers", "id"),
        ],
    )
    # Every place a speaker is mentioned as a source, with the surface form and role seen there.
    db["speaker_mentions"].create(
        {
            "id": int,
            "speaker_id": int,
            "article_id": str,
            "quote_id": str,
            "text": str,  # as written ("he", "the Secretary of State", "Mr. Blinken")
            "name": str,  # the name this mention resolved to within the article
            "role": str,
            "start": int,
            "end": int,
        },
        pk="id",
        foreign_keys=[
            ("speaker_id", "speakers", "id"),
            ("article_id", "articles", "id"),
            ("quote_id", "quotes", "id"),
        ],
    )
    # The chain of intermediaries a quote came through (outermost first).
    db["intermediaries"].create(
        {
            "quote_id": str,
            "position": int,
            "speaker_id": int,
            "text": str,
            "cue": str,
        },
        pk=("quote_id", "position"),
        foreign_keys=[("quote_id", "quotes", "id"), ("speaker_id", "speakers", "id")],
    )
    db["clusters"].create(
        {
            "id": str,
            "text": str,  # the earliest wording
            "n_quotes": int,
            "n_articles": int,
            "n_outlets": int,
            "outlets": str,  # JSON list
            "first_article_id": str,
            "first_seen": str,
            "speaker_id": int,
            "drift": int,  # 1 when the wording differs between members
        },
        pk="id",
        foreign_keys=[("first_article_id", "articles", "id"), ("speaker_id", "speakers", "id")],
    )
    db["cluster_variants"].create(
        {
            "quote_id": str,
            "cluster_id": str,
            "similarity": float,
            "diff": str,  # word-level difference against the cluster text
        },
        pk="quote_id",
        foreign_keys=[("quote_id", "quotes", "id"), ("cluster_id", "clusters", "id")],
    )
    db["ingest_errors"].create(
        {
            "source_path": str,
            "error": str,
            "at": str,
        },
        pk="source_path",
    )
    for table, cols in [
        ("quotes", ["article_id"]),
        ("quotes", ["speaker_id"]),
        ("quotes", ["addressee_id"]),
        ("quotes", ["via_id"]),
        ("quotes", ["cluster_id"]),
        ("quotes", ["type"]),
        ("quotes", ["stance"]),
        ("quotes", ["cue_lemma"]),
        ("speakers", ["key"]),
        ("speakers", ["kind"]),
        ("speakers", ["article_id"]),
        ("speaker_mentions", ["speaker_id"]),
        ("speaker_mentions", ["article_id"]),
        ("speaker_mentions", ["quote_id"]),
        ("intermediaries", ["speaker_id"]),
        ("cluster_variants", ["cluster_id"]),
        ("clusters", ["first_article_id"]),
        ("clusters", ["speaker_id"]),
        ("articles", ["source_path"]),
        ("articles", ["outlet"]),
        ("articles", ["published"]),
    ]:
        db[table].create_index(cols, if_not_exists=True)
    db["quotes"].enable_fts(["text", "speaker_text", "cue"], create_triggers=True, tokenize="porter")
    db["speakers"].enable_fts(["name", "aliases", "roles"], create_triggers=True)
    db["articles"].enable_fts(["title", "text"], create_triggers=True)


def _m002_views(db: sqlite_utils.Database) -> None:
    db.create_view(
        "quotes_view",
        """
        select q.id, q.type, q.text, s.name as speaker, s.kind as speaker_kind, q.speaker_text,
               q.cue, q.stance, q.addressee_text as addressee, v.name as via,
               a.title as article, a.outlet, a.published, q.article_id, q.speaker_id,
               q.cluster_id, q.start, q.end, q.confidence
        from quotes q
        join articles a on a.id = q.article_id
        left join speakers s on s.id = q.speaker_id
        left join speakers v on v.id = q.via_id
        """,
        replace=True,
    )
    db.create_view(
        "speaker_summary",
        """
        select s.id, s.name, s.kind, s.roles, s.aliases,
               count(q.id) as quotes,
               count(distinct q.article_id) as articles,
               min(coalesce(a.published, a.ingested_at)) as first_seen,
               max(coalesce(a.published, a.ingested_at)) as last_seen,
               group_concat(distinct a.outlet) as outlets
        from speakers s
        join quotes q on q.speaker_id = s.id
        join articles a on a.id = q.article_id
        group by s.id
        """,
        replace=True,
    )


def _m003_quotes_view_search(db: sqlite_utils.Database) -> None:
    """quotes_view gains ``quote_rowid`` (the quotes rowid, = quotes_fts rowid) so Datasette can
    full-text search the view (metadata.yml: fts_table quotes_fts, fts_pk quote_rowid)."""
    db.create_view(
        "quotes_view",
        """
        select q.id, q.type, q.text, s.name as speaker, s.kind as speaker_kind, q.speaker_text,
               q.cue, q.stance, q.addressee_text as addressee, v.name as via,
               a.title as article, a.outlet, a.published, q.article_id, q.speaker_id,
               q.cluster_id, q.start, q.end, q.confidence, q.rowid as quote_rowid
        from quotes q
        join articles a on a.id = q.article_id
        left join speakers s on s.id = q.speaker_id
        left join speakers v on v.id = q.via_id
        """,
        replace=True,
    )


def _m004_speaker_tracking(db: sqlite_utils.Database) -> None:
    """Cross-article speakers and quote propagation (quotes/resolve/canonical.py, quotes/track.py):
    every name variant and role a speaker was seen with, per article; wording drift per cluster
    member; views for Datasette."""
    # ON DELETE CASCADE: re-ingesting an article (or deleting a speaker) takes its rows along.
    db.execute("""
        create table speaker_aliases (
            id integer primary key,
            speaker_id integer not null references speakers(id) on delete cascade,
            article_id text not null references articles(id) on delete cascade,
            alias text not null,   -- as written: "Mr. Blinken", "Secretary Blinkin"
            name text,             -- titles and honorifics stripped: "Blinken"
            norm text,             -- normalised name, the matching key
            surname text,          -- people only, folded
            given text,            -- people only, folded; one letter for an initial
            gender text            -- from an honorific (Mr. -> m)
        )""")
    db.execute("""
        create table speaker_roles (
            id integer primary key,
            speaker_id integer not null references speakers(id) on delete cascade,
            article_id text not null references articles(id) on delete cascade,
            role text not null     -- "U.S. Secretary of State", "Islamic Jihad spokesman"
        )""")
    db["speaker_aliases"].create_index(["speaker_id", "article_id", "alias"], unique=True)
    db["speaker_aliases"].create_index(["norm"])
    db["speaker_aliases"].create_index(["surname"])
    db["speaker_aliases"].create_index(["article_id"])
    db["speaker_roles"].create_index(["speaker_id", "article_id", "role"], unique=True)
    db["speaker_roles"].create_index(["article_id"])
    db["speaker_roles"].create_index(["role"])
    db["cluster_variants"].add_column("drift", int)  # 1 when this member's wording differs
    db.create_view(
        "quotes_view",
        """
        select q.id, q.type, q.text, s.name as speaker, s.kind as speaker_kind, q.speaker_text,
               q.cue, q.stance, q.addressee_text as addressee, v.name as via,
               a.title as article, a.outlet, a.published, q.article_id, q.speaker_id,
               q.cluster_id, q.start, q.end, q.confidence, q.rowid as quote_rowid,
               q.via_id, q.via_text, ad.name as addressee_speaker, q.addressee_id,
               a.url, c.drift as wording_drift, c.n_outlets as cluster_outlets
        from quotes q
        join articles a on a.id = q.article_id
        left join speakers s on s.id = q.speaker_id
        left join speakers v on v.id = q.via_id
        left join speakers ad on ad.id = q.addressee_id
        left join clusters c on c.id = q.cluster_id
        """,
        replace=True,
    )
    # correlated subqueries: a page of speakers costs a page of index lookups, not a full scan
    db.create_view(
        "speaker_summary",
        """
        select s.id, s.name, s.kind, s.roles, s.aliases,
               (select count(*) from quotes q where q.speaker_id = s.id) as quotes,
               (select count(distinct q.article_id) from quotes q where q.speaker_id = s.id) as articles,
               (select min(coalesce(a.published, a.ingested_at)) from quotes q
                  join articles a on a.id = q.article_id where q.speaker_id = s.id) as first_seen,
               (select max(coalesce(a.published, a.ingested_at)) from quotes q
                  join articles a on a.id = q.article_id where q.speaker_id = s.id) as last_seen,
               (select group_concat(outlet, ', ') from (select distinct a.outlet from quotes q
                  join articles a on a.id = q.article_id
                  where q.speaker_id = s.id and a.outlet is not null order by a.outlet)) as outlets,
               (select count(*) from intermediaries i where i.speaker_id = s.id) as relayed,
               s.article_id as only_in_article
        from speakers s
        where exists (select 1 from quotes q where q.speaker_id = s.id)
           or exists (select 1 from intermediaries i where i.speaker_id = s.id)
        """,
        replace=True,
    )
    db.create_view(
        "speaker_roles_view",
        """
        select s.name as speaker, r.role, a.title as article, a.outlet, a.published,
               r.speaker_id, r.article_id
        from speaker_roles r
        join speakers s on s.id = r.speaker_id
        join articles a on a.id = r.article_id
        """,
        replace=True,
    )
    db.create_view(
        "clusters_view",
        """
        select c.id, c.text, s.name as speaker, c.n_quotes, c.n_articles, c.n_outlets, c.outlets,
               c.first_seen, a.title as first_article, a.outlet as first_outlet, c.drift,
               c.first_article_id, c.speaker_id
        from clusters c
        left join articles a on a.id = c.first_article_id
        left join speakers s on s.id = c.speaker_id
        """,
        replace=True,
    )
    db.create_view(
        "cluster_variants_view",
        """
        select v.cluster_id, q.text, v.drift, v.diff, v.similarity, s.name as speaker,
               a.title as article, a.outlet, a.published, v.quote_id, q.article_id
        from cluster_variants v
        join quotes q on q.id = v.quote_id
        join articles a on a.id = q.article_id
        left join speakers s on s.id = q.speaker_id
        """,
        replace=True,
    )
    db.create_view(
        "heard_via",
        """
        select coalesce(vs.name, i.text) as via, vs.kind as via_kind, i.position, i.cue as via_cue,
               i.text as via_text, q.text, s.name as speaker, q.type, a.title as article, a.outlet,
               a.published, i.quote_id, i.speaker_id as via_id, q.article_id
        from intermediaries i
        join quotes q on q.id = i.quote_id
        join articles a on a.id = q.article_id
        left join speakers vs on vs.id = i.speaker_id
        left join speakers s on s.id = q.speaker_id
        """,
        replace=True,
    )


def _m005_speaker_stats(db: sqlite_utils.Database) -> None:
    """speaker_summary read from counts kept by quotes/track.py (rebuilt after every ingest and
    correction): computed per row, a page of prolific speakers took seconds at 100k quotes."""
    db.execute("""
        create table speaker_stats (
            speaker_id integer primary key references speakers(id) on delete cascade,
            quotes integer,        -- quotes they said
            articles integer,      -- articles quoting them
            first_seen text,       -- earliest publication (or ingest) date
            last_seen text,
            outlets text,          -- outlets quoting them, comma-separated
            relayed integer        -- quotes that came through them as an intermediary
        )""")
    db.create_view(
        "speaker_summary",
        """
        select s.id, s.name, s.kind, s.roles, s.aliases, st.quotes, st.articles, st.first_seen,
               st.last_seen, st.outlets, st.relayed, s.article_id as only_in_article
        from speakers s
        join speaker_stats st on st.speaker_id = s.id
        """,
        replace=True,
    )
    db["speaker_stats"].create_index(["quotes"])


def _m006_speaker_ambiguous(db: sqlite_utils.Database) -> None:
    """speakers.ambiguous: 1 for a bare name (``Clinton``) that several known people carry, kept
    in its article rather than given to one of them."""
    db["speakers"].add_column("ambiguous", int, not_null_default=0)


def _m007_claims(db: sqlite_utils.Database) -> None:
    """Claims across articles (quotes/claims.py): the same proposition in other words."""
    db["claims"].create(
        {
            "id": str,
            "text": str,  # the proposition as first asserted (or first seen)
            "n_quotes": int,
            "n_articles": int,
            "n_speakers": int,
            "n_outlets": int,
            "outlets": str,  # JSON list
            "first_quote_id": str,
            "first_article_id": str,
            "first_seen": str,  # publication date of the first article (null: unknown)
            "contested": int,  # 1 when one speaker asserts it and another denies or doubts it
            "asserts": int,
            "denies": int,
            "doubts": int,
            "reports": int,
        },
        pk="id",
    )
    db["quotes"].add_column("claim_id", str)
    db["quotes"].create_index(["claim_id"], if_not_exists=True)
    # one row per quote in a claim: its stance towards the claim and the proposition compared
    db["claim_members"].create(
        {"quote_id": str, "claim_id": str, "stance": str, "proposition": str},
        pk="quote_id",
    )
    db["claim_members"].create_index(["claim_id"], if_not_exists=True)
    # sentence embeddings of quotes' propositions (sqlite-vec float32 blobs), kept while unchanged
    db["quote_vectors"].create({"quote_id": str, "sha": str, "embedding": bytes}, pk="quote_id")
    # same-claim decisions between two quotes, found once when the later one is embedded
    db["claim_links"].create({"quote_id": str, "other_id": str, "probability": float},
                             pk=("quote_id", "other_id"))
    db["claim_links"].create_index(["other_id"], if_not_exists=True)
    db["claims"].create_index(["contested"], if_not_exists=True)
    db["claims"].create_index(["n_articles"], if_not_exists=True)

def _m008_quote_kinds(db: sqlite_utils.Database) -> None:
    """quotes.kind: speech, claim, opinion or act (extract/kinds.py); stored rows get the kind
    their cue gives until re-analysis; quotes_view shows it."""
    from ..extract.kinds import quote_kind
    from ..types import Quote

    db.execute("alter table quotes add column kind text")
    rows = db.conn.execute("select rowid, type, cue_lemma, stance from quotes").fetchall()
    db.conn.executemany("update quotes set kind = ? where rowid = ?", [
        (quote_kind(Quote(type=t or "indirect", spans=[(0, 0)], sentence_index=0, cue_lemma=c, stance=st)), r)
        for r, t, c, st in rows])
    db["quotes"].create_index(["kind"], if_not_exists=True)
    db.create_view(
        "quotes_view",
        """
        select q.id, q.type, q.kind, q.text, s.name as speaker, s.kind as speaker_kind, q.speaker_text,
               q.cue, q.stance, q.addressee_text as addressee, v.name as via,
               a.title as article, a.outlet, a.published, q.article_id, q.speaker_id,
               q.cluster_id, q.start, q.end, q.confidence, q.rowid as quote_rowid,
               q.via_id, q.via_text, ad.name as addressee_speaker, q.addressee_id,
               a.url, c.drift as wording_drift, c.n_outlets as cluster_outlets
        from quotes q
        join articles a on a.id = q.article_id
        left join speakers s on s.id = q.speaker_id
        left join speakers v on v.id = q.via_id
        left join speakers ad on ad.id = q.addressee_id
        left join clusters c on c.id = q.cluster_id
        """,
        replace=True,
    )

def _m009_browse_stats(db: sqlite_utils.Database) -> None:
    """Counts behind the speaker pages and charts (quotes/store/browse.py), rebuilt with
    speaker_stats after every ingest and correction: on a million quotes, counting a prolific
    speaker's quotes per month, stance and outlet live took seconds. Filled once here."""
    db.execute("""
        create table speaker_month_stats (
            speaker_id integer,    -- null: quotes with no speaker
            month text,            -- YYYY-MM of publication; null: undated article
            stance text,           -- quotes.stance, 'neutral' when empty
            n integer
        )""")
    db.execute("""
        create table speaker_outlet_stats (
            speaker_id integer,    -- null: quotes with no speaker
            outlet text,           -- null: unknown outlet
            n integer
        )""")
    db["speaker_month_stats"].create_index(["speaker_id", "month"])
    db["speaker_outlet_stats"].create_index(["speaker_id"])
    db["speaker_outlet_stats"].create_index(["outlet", "n"])
    # a speaker's counts by type and stance read from the index alone
    db["quotes"].create_index(["speaker_id", "type", "stance"], if_not_exists=True)
    from .browse import update_browse_stats

    update_browse_stats(db)


def _m010_vector_bits(db: sqlite_utils.Database) -> None:
    """quote_bits: each quote vector quantised to one bit a dimension (sqlite-vec's
    ``vec_quantize_binary`` format, 48 bytes) in a narrow table that scans fast, and
    claim_vectors (each claim's first proposition, bits and floats): "claims like this" scans the
    bits by Hamming distance, then ranks the nearest by cosine."""
    db["quote_bits"].create({"quote_id": str, "bits": bytes}, pk="quote_id", if_not_exists=True)
    db["claim_vectors"].create({"claim_id": str, "bits": bytes, "embedding": bytes}, pk="claim_id",
                               if_not_exists=True)

def _m011_browse_totals(db: sqlite_utils.Database) -> None:
    """month_stance_stats: the whole database's quotes per month and stance (the charts page
    summed 600k speaker_month_stats rows on a million quotes), rebuilt with them; and an index
    for a speaker's counts by quotes.kind."""
    db.execute("""
        create table month_stance_stats (
            month text,            -- YYYY-MM of publication; null: undated article
            stance text,
            n integer
        )""")
    if "kind" in {c.name for c in db["quotes"].columns}:
        db["quotes"].create_index(["speaker_id", "kind"], if_not_exists=True)
    from .browse import update_browse_stats

    update_browse_stats(db)


def _m012_outlet_month(db: sqlite_utils.Database) -> None:
    """month_outlet_stats: quotes, articles and speakers per month of publication and outlet
    (the "quotes per outlet over time" query grouped every quote of the database live: 2.4 s on
    a million quotes), rebuilt with the other counts."""
    db.execute("""
        create table month_outlet_stats (
            month text,            -- YYYY-MM of publication; null: undated article
            outlet text,           -- null: unknown outlet
            quotes integer,
            articles integer,      -- articles with at least one quote
            speakers integer       -- distinct speakers quoted (quotes with no speaker not counted)
        )""")
    from .browse import update_browse_stats

    update_browse_stats(db)


def _m013_claims_order(db: sqlite_utils.Database) -> None:
    """Indexes in the order the claim lists read them ("most repeated", "contested"): on 100,000
    claims, sorting them all for the first 500 took half a second."""
    db["claims"].create_index(["n_articles", "n_outlets", "n_quotes"], if_not_exists=True)
    db["claims"].create_index(["contested", "n_articles", "n_quotes"], if_not_exists=True)


MIGRATIONS: list[tuple[str, Migration]] = [
    ("001_core", _m001_core),
    ("002_views", _m002_views),
    ("003_quotes_view_search", _m003_quotes_view_search),
    ("004_speaker_tracking", _m004_speaker_tracking),
    ("005_speaker_stats", _m005_speaker_stats),
    ("006_speaker_ambiguous", _m006_speaker_ambiguous),
    ("007_claims", _m007_claims),
    ("008_quote_kinds", _m008_quote_kinds),
    ("009_browse_stats", _m009_browse_stats),
    ("010_vector_bits", _m010_vector_bits),
    ("011_browse_totals", _m011_browse_totals),
    ("012_outlet_month", _m012_outlet_month),
    ("013_claims_order", _m013_claims_order),
]


class SchemaError(Exception):
    """The file is an SQLite database of something else; nothing was written to it."""


def _user_tables(db: sqlite_utils.Database) -> list[str]:
    return [r[0] for r in db.conn.execute(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")]


def check_schema(db: sqlite_utils.Database) -> None:
    """Raise :class:`SchemaError` unless the database is empty or one of ours (it has
    ``_migrations`` and knows no migration we don't). Reads only: run before anything is written."""
    tables = _user_tables(db)
    if not tables:
        return
    if "_migrations" not in tables:
        shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        raise SchemaError(f"not a quotes database (it holds other tables: {shown}); refusing to change it")
    known = {name for name, _ in MIGRATIONS}
    try:
        done = {r[0] for r in db.conn.execute("select name from _migrations")}
    except sqlite3.OperationalError as exc:
        raise SchemaError(f"not a quotes database (_migrations is not ours: {exc}); refusing to change it") from exc
    newer = sorted(done - known)
    if newer:
        raise SchemaError(f"written by a newer version of quotes (migrations {', '.join(newer)}); upgrade quotes")


def pending(db: sqlite_utils.Database) -> list[str]:
    """The names of the migrations not yet applied."""
    if "_migrations" not in _user_tables(db):
        return [name for name, _ in MIGRATIONS]
    done = {r[0] for r in db.conn.execute("select name from _migrations")}
    return [name for name, _ in MIGRATIONS if name not in done]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations not yet applied; returns their names. Also turns on WAL and FKs.

    A database of another schema is refused (:class:`SchemaError`) before anything is written.
    Each migration runs in its own write transaction that first checks, under the write lock,
    that no other process applied it meanwhile: concurrent first runs apply each one once."""
    from datetime import datetime, timezone

    db.execute("PRAGMA foreign_keys = ON")
    check_schema(db)
    if db.journal_mode != "wal" and db.conn.execute("PRAGMA database_list").fetchone()[2]:
        db.enable_wal()
    applied = []
    for name, fn in MIGRATIONS:
        if name not in pending(db):  # cheap check without the lock, repeated under it
            continue
        with transaction(db):  # BEGIN IMMEDIATE; a killed migration leaves nothing half-made
            if "_migrations" not in _user_tables(db):
                db["_migrations"].create({"name": str, "applied_at": str}, pk="name")
            if name not in pending(db):
                continue
            fn(db)
            db["_migrations"].insert(
                {"name": name, "applied_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
            )
        applied.append(name)
    return applied
