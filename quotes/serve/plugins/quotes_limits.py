"""Datasette plugin: what one request may cost the server (loaded with the other plugins).

Arbitrary SQL (``?sql=``) can ask for values far larger than anything stored
(``select randomblob(1000000000)``) or for many rows of them. Datasette's time limit stops
long queries, but one function call that builds a gigabyte is a single step of SQLite's
machine, and rows are all fetched before the JSON, CSV or HTML answer (several times their
size) is built. So, on every connection the server opens:

- no string or blob may exceed ``MAX_VALUE_BYTES`` (SQLite's ``SQLITE_LIMIT_LENGTH``; an
  article's text is at most 1,000,000 characters): such a query fails at once with
  "string or blob too big";
- a result has at most ``MAX_COLUMNS`` columns (``SQLITE_LIMIT_COLUMN``);
- the rows of one query may hold at most ``MAX_RESULT_BYTES`` of text and blobs, counted as
  they are fetched: past that the query fails with "result too large", before any answer is
  built. Rows per answer stay capped by Datasette's ``max_returned_rows``.
"""
from __future__ import annotations

import sqlite3
import weakref

from datasette import hookimpl

MAX_VALUE_BYTES = 2_000_000
MAX_COLUMNS = 64
MAX_RESULT_BYTES = 64_000_000

_fetched: "weakref.WeakKeyDictionary[sqlite3.Cursor, int]" = weakref.WeakKeyDictionary()


def capped_row(cursor: sqlite3.Cursor, values: tuple) -> sqlite3.Row:
    """Datasette's row factory (``sqlite3.Row``), counting the bytes each cursor fetched."""
    sizes = [len(v) for v in values if isinstance(v, (str, bytes))]
    if sizes and max(sizes) > MAX_VALUE_BYTES:  # Python 3.10 cannot set SQLITE_LIMIT_LENGTH
        raise sqlite3.OperationalError("string or blob too big")
    total = _fetched.get(cursor, 0) + sum(sizes)
    _fetched[cursor] = total
    if total > MAX_RESULT_BYTES:
        raise sqlite3.OperationalError(
            f"result too large: over {MAX_RESULT_BYTES // 1_000_000} MB of text and blobs; "
            "ask for fewer rows or shorter values (substr, length)")
    return sqlite3.Row(cursor, values)


@hookimpl
def prepare_connection(conn):
    if hasattr(conn, "setlimit"):  # Python 3.11+
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        conn.setlimit(sqlite3.SQLITE_LIMIT_COLUMN, MAX_COLUMNS)
    conn.row_factory = capped_row
