"""Everything that knows SQL: opening the database, the schema, writing an article's results."""
from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from ..types import Article, LocalSpeaker, Quote
from .schema import migrate, transaction

DEFAULT_DB = "db/quotes.db"

__all__ = ["DEFAULT_DB", "DatabaseProblem", "describe_db_error", "open_db", "article_id", "existing_article", "write_article", "record_error", "now"]


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class DatabaseProblem(Exception):
    """The database cannot be used; the message names the file and says what to do."""


def describe_db_error(path: str | Path, exc: BaseException) -> str:
    """One line for a database error: the path, what is wrong and what to do about it."""
    msg = str(exc) or type(exc).__name__
    low = msg.lower()
    if "malformed" in low or "not a database" in low or "encrypted" in low:
        return f"{path}: database disk image is malformed ({msg}): restore or delete it"
    if "locked" in low or "busy" in low:
        return f"{path}: {msg} (another process kept it busy past the timeout); try again"
    if "readonly" in low or "read-only" in low:
        return f"{path}: {msg}: the database cannot be written here"
    if "unable to open" in low:
        return f"{path}: {msg} (check that the path and its folder exist and are readable)"
    if "disk is full" in low or "disk i/o" in low:
        return f"{path}: {msg}: free space or check the disk"
    return f"{path}: {msg}"


def _writable(path: Path) -> bool:
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def _open_readonly(path: Path) -> sqlite_utils.Database:
    """Open for reading only: ``mode=ro``, or ``immutable=1`` where SQLite cannot create its
    WAL index (a read-only folder) -- then nothing may write the file meanwhile."""
    import sqlite3
    from urllib.parse import quote

    uri = "file:" + quote(str(path.resolve()))
    last: Exception | None = None
    for params in ("mode=ro", "mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(f"{uri}?{params}", uri=True, timeout=30)
            conn.execute("select count(*) from sqlite_master").fetchone()
            return sqlite_utils.Database(conn)
        except sqlite3.DatabaseError as exc:
            last = exc
            if "malformed" in str(exc) or "not a database" in str(exc):
                break
    raise DatabaseProblem(describe_db_error(path, last))


def _look_first(path: Path) -> None:
    """Check an existing file's schema through a read-only connection, so that a database of
    another schema is left byte-identical even when it is in WAL mode (closing a read-write
    connection would checkpoint its WAL into it). Raises SchemaError or sqlite3.DatabaseError."""
    import sqlite3
    from urllib.parse import quote

    from .schema import check_schema

    if not path.is_file() or path.stat().st_size == 0:
        return
    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error:
        return  # the read-write open below will say what is wrong
    try:
        check_schema(sqlite_utils.Database(conn))
    except sqlite3.OperationalError as exc:
        if "unable to open" not in str(exc):
            raise
    finally:
        conn.close()


def open_db(path: str | Path | None = None, read_only: bool = False) -> sqlite_utils.Database:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    ``read_only``: the caller only reads, so a database whose file or folder cannot be written
    is opened read-only (``mode=ro``, else ``immutable=1``) instead of failing. A database of another schema is
    refused before anything is written; any problem raises :class:`DatabaseProblem` with one line."""
    import sqlite3

    from .schema import SchemaError, check_schema

    path = Path(path or os.environ.get("QUOTES_DB") or DEFAULT_DB)
    if read_only and path.is_file() and not _writable(path):
        db = _open_readonly(path)
        try:
            db.execute("PRAGMA busy_timeout = 30000")
            check_schema(db)
        except SchemaError as exc:
            raise DatabaseProblem(f"{path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            raise DatabaseProblem(describe_db_error(path, exc)) from exc
        return db
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseProblem(f"{path}: cannot create its folder ({exc.strerror or exc})") from exc
    try:
        _look_first(path)
        db = sqlite_utils.Database(path)
        db.execute("PRAGMA busy_timeout = 30000")
        migrate(db)
    except SchemaError as exc:
        raise DatabaseProblem(f"{path}: {exc}") from exc
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem(describe_db_error(path, exc)) from exc
    return db


def memory_db() -> sqlite_utils.Database:
    db = sqlite_utils.Database(memory=True)
    migrate(db)
    return db


def article_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def quote_id(aid: str, spans: list[tuple[int, int]]) -> str:
    key = aid + ":" + ";".join(f"{a}-{b}" for a, b in spans)
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def existing_article(db: sqlite_utils.Database, source_path: str) -> dict | None:
    """The stored article last read from ``source_path``, if any."""
    rows = list(db.query(
        "select id, sha256, pipeline_version from articles where source_path = ? order by ingested_at desc limit 1",
        [source_path],
    ))
    return rows[0] if rows else None


def _delete_article(db: sqlite_utils.Database, aid: str) -> None:
    qids = [r["id"] for r in db.query("select id from quotes where article_id = ?", [aid])]
    for chunk in range(0, len(qids), 500):
        part = qids[chunk : chunk + 500]
        marks = ",".join("?" * len(part))
        db.execute(f"delete from intermediaries where quote_id in ({marks})", part)
        db.execute(f"delete from cluster_variants where quote_id in ({marks})", part)
    db.execute("delete from speaker_mentions where article_id = ?", [aid])
    db.execute("delete from quotes where article_id = ?", [aid])
    db.execute("update clusters set first_article_id = null where first_article_id = ?", [aid])
    db.execute("delete from speakers where article_id = ?", [aid])
    db.execute("delete from articles where id = ?", [aid])


def write_article(
    db: sqlite_utils.Database,
    article: Article,
    quotes: list[Quote],
    speakers: list[LocalSpeaker],
    pipeline_version: str,
) -> str:
    """Store one article and its quotes in a single transaction, replacing what an earlier
    version of the same file (or the same text) left. Returns the article id."""
    from ..identity.ops import assign_speaker

    aid = article_id(article.text)
    with transaction(db):  # one transaction: all of the article or none of it
        old = [r["id"] for r in db.query("select id from articles where source_path = ? or id = ?", [article.source_path, aid])]
        for o in old:
            _delete_article(db, o)
        db["articles"].insert(
            {
                "id": aid,
                "source_path": article.source_path,
                "title": article.title,
                "outlet": article.outlet,
                "url": article.url,
                "published": article.published,
                "text": article.text,
                "sha256": hashlib.sha256(article.text.encode("utf-8")).hexdigest(),
                "ingested_at": now(),
                "pipeline_version": pipeline_version,
                "format": article.format,
                "encoding": article.encoding,
                "repairs": ",".join(dict.fromkeys(article.repairs)) or None,
                "word_count": len(article.text.split()),
            }
        )
        db.execute("delete from ingest_errors where source_path = ?", [article.source_path])
        # every local speaker is matched (full names unquoted here still help matching across
        # articles); update_tracking drops the ones nothing uses
        ids = [assign_speaker(db, sp, aid) for sp in speakers]
        rows, mentions, inter = [], [], []
        seen: set[str] = set()
        for q in quotes:
            qid = quote_id(aid, q.spans)
            if qid in seen:
                continue
            seen.add(qid)
            sid = ids[q.speaker_ref] if q.speaker_ref is not None else None
            via_id = None
            for pos, m in enumerate(q.via):
                ref = q.via_refs[pos] if pos < len(q.via_refs) else None
                vid = ids[ref] if ref is not None else None
                via_id = via_id if via_id is not None else vid
                inter.append({
                    "quote_id": qid, "position": pos, "speaker_id": vid, "text": m.text,
                    "cue": q.via_cues[pos] if pos < len(q.via_cues) else None,
                })
            text = "".join(article.text[a:b] if i == 0 else " … " + article.text[a:b] for i, (a, b) in enumerate(q.spans))
            rows.append({
                "id": qid,
                "article_id": aid,
                "type": q.type,
                "text": text,
                "start": q.start,
                "end": q.end,
                "spans": json.dumps([list(s) for s in q.spans]),
                "speaker_id": sid,
                "speaker_text": q.speaker.text if q.speaker else None,
                "speaker_start": q.speaker.start if q.speaker else None,
                "speaker_end": q.speaker.end if q.speaker else None,
                "cue": q.cue,
                "cue_lemma": q.cue_lemma,
                "cue_start": q.cue_start,
                "cue_end": q.cue_end,
                "sentence_index": q.sentence_index,
                "confidence": round(q.confidence, 3),
                "kind": q.kind,
                "stance": q.stance,
                "addressee_text": q.addressee.text if q.addressee else None,
                "addressee_start": q.addressee.start if q.addressee else None,
                "addressee_end": q.addressee.end if q.addressee else None,
                "addressee_id": ids[q.addressee_ref] if q.addressee_ref is not None else None,
                "via_id": via_id,
                "via_text": q.via[0].text if q.via else None,
            })
            if q.speaker is not None and sid is not None:
                sp = speakers[q.speaker_ref]
                mentions.append({
                    "speaker_id": sid, "article_id": aid, "quote_id": qid, "text": q.speaker.text,
                    "name": sp.name, "role": ", ".join(sp.roles) or None,
                    "start": q.speaker.start, "end": q.speaker.end,
                })
        if rows:
            db["quotes"].insert_all(rows)
        if mentions:
            db["speaker_mentions"].insert_all(mentions)
        if inter:
            db["intermediaries"].insert_all(inter, replace=True)
    return aid


def record_error(db: sqlite_utils.Database, source_path: str, error: str) -> None:
    """Remember why a file failed (shown in Datasette); stored data for it is left untouched."""
    with transaction(db):
        db["ingest_errors"].upsert({"source_path": source_path, "error": error, "at": now()}, pk="source_path")
