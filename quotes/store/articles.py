"""Read queries about stored articles and their quotes: functions over a ``sqlite3.Connection``
(Datasette passes one through ``execute_fn``; a ``sqlite_utils.Database`` has one as ``.conn``)."""
from __future__ import annotations

import sqlite3
from typing import Any, Iterator

__all__ = ["rows", "same_text_sources", "article", "article_head", "article_quotes", "quote_speakers",
           "speaker_names"]

ARTICLE_QUOTES_SQL = """
select q.id, q.type, q.text, q.start, q."end", q.spans, q.speaker_id, q.speaker_text,
       q.speaker_start, q.speaker_end, q.cue, q.cue_start, q.cue_end, q.stance, q.confidence,
       q.addressee_text, q.via_text, s.name as speaker, s.kind as speaker_kind
from quotes q left join speakers s on s.id = q.speaker_id
where q.article_id = ?
order by q.start, q.id
"""


def rows(conn: sqlite3.Connection, sql: str, params: Any = ()) -> Iterator[dict[str, Any]]:
    """The rows of a query as dicts, whatever the connection's row factory."""
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    for r in cur:
        yield dict(zip(names, r))


def same_text_sources(conn: sqlite3.Connection, aid: str, source_path: str) -> list[str]:
    """The source paths of stored articles with id ``aid`` (the same text) read from elsewhere."""
    return [r["source_path"] for r in rows(
        conn, "select source_path from articles where id = ? and source_path != ?", [aid, source_path])]


def article(conn: sqlite3.Connection, aid: str) -> dict[str, Any] | None:
    """Every column of the article ``aid``, or None."""
    return next(rows(conn, "select * from articles where id = ?", [aid]), None)


def article_head(conn: sqlite3.Connection, aid: str) -> str | None:
    """The first 400 characters of an article's text (for its headline), or None."""
    r = conn.execute("select substr(text, 1, 400) from articles where id = ?", [aid]).fetchone()
    return r[0] if r else None


def article_quotes(conn: sqlite3.Connection, aid: str) -> list[dict[str, Any]]:
    """An article's quotes in text order, with their speakers' names and kinds (the article page)."""
    return list(rows(conn, ARTICLE_QUOTES_SQL, [aid]))


def quote_speakers(conn: sqlite3.Connection, aid: str) -> list[dict[str, Any]]:
    """An article's quotes as stored (spans and speaker), in the order they were written."""
    return list(rows(conn, "select spans, speaker_id, speaker_start, speaker_end from quotes where article_id = ?",
                     [aid]))


def speaker_names(conn: sqlite3.Connection) -> dict[int, str]:
    """Every speaker's name by id."""
    return {r["id"]: r["name"] for r in rows(conn, "select id, name from speakers")}
