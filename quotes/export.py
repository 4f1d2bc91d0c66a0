"""Export quotes with speaker names and article titles as CSV or JSON lines.

CSV cells that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``,
tab or carriage return) get a leading ``'`` so that opening the file never runs anything.
``excel=True`` writes the columns a journalist needs (:data:`EXCEL_COLUMNS`, the headline for an
untitled article) after a UTF-8 byte-order mark, so that Excel reads the text as UTF-8.
"""
from __future__ import annotations

import csv
import json
from typing import Any, Iterable, Iterator, TextIO

import sqlite_utils

from .store.queries import export_rows

__all__ = ["EXPORT_COLUMNS", "EXCEL_COLUMNS", "FORMULA_PREFIXES", "neutralise", "iter_quotes", "excel_row",
           "write_excel_csv", "export_quotes"]

#: Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: Output columns, in order.
EXPORT_COLUMNS = [
    "id", "type", "kind", "text", "speaker", "speaker_kind", "speaker_id", "speaker_text", "cue", "cue_lemma",
    "stance", "addressee", "via", "article_id", "article_title", "outlet", "published", "url",
    "start", "end", "spans", "confidence", "cluster_id",
]

#: The spreadsheet's columns (``--excel``), in order.
EXCEL_COLUMNS = ["speaker", "quote", "kind", "type", "stance", "cue", "article title", "outlet", "published",
                 "url", "confidence"]

#: Byte-order mark: without it Excel reads UTF-8 as Windows-1252 (“ shows as â€œ).
BOM = "\ufeff"

def neutralise(value: Any) -> Any:
    """``value`` with a leading ``'`` when it is a string a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def iter_quotes(
    db: sqlite_utils.Database,
    speaker: str | None = None,
    qtype: str | None = None,
    article: str | None = None,
    kinds: Iterable[str] | None = None,
    min_confidence: float | None = None,
) -> Iterator[dict[str, Any]]:
    """Quotes as dicts (``EXPORT_COLUMNS``), oldest article first, in text order.

    ``speaker`` is a whole name, one of the speaker's other names (any case) or ``#id``, never a
    part of a name;
    ``article`` is an article id or a substring of its title; ``qtype`` is direct/indirect/mixed;
    ``kinds`` keeps those kinds (speech, claim, opinion, act); ``min_confidence`` drops quotes
    below that confidence.
    """
    yield from export_rows(db.conn, speaker=speaker, qtype=qtype, article=article, kinds=kinds,
                           min_confidence=min_confidence)


def excel_row(row: dict[str, Any]) -> list[Any]:
    """A quote (an :func:`iter_quotes` row) as the spreadsheet's cells (:data:`EXCEL_COLUMNS`),
    formulas neutralised; an unknown outlet or date is an empty cell, never the ingest time."""
    from .store.browse import headline

    title = headline(row.get("article_title"), row.get("article_head"))[0]
    cells = [row.get("speaker") or row.get("speaker_text"), row.get("text"), row.get("kind"), row.get("type"),
             row.get("stance"), row.get("cue"), title, row.get("outlet"), row.get("published"), row.get("url"),
             row.get("confidence")]
    return [neutralise(c) for c in cells]


def write_excel_csv(rows: Iterable[dict[str, Any]], output_file: TextIO, bom: bool = True) -> int:
    """Write ``rows`` as the spreadsheet CSV (BOM first, CRLF lines); returns how many."""
    if bom:
        output_file.write(BOM)
    writer = csv.writer(output_file, lineterminator="\r\n")
    writer.writerow(EXCEL_COLUMNS)
    n = 0
    for row in rows:
        writer.writerow(excel_row(row))
        n += 1
    return n


def export_quotes(
    db: sqlite_utils.Database,
    output_file: TextIO,
    fmt: str = "csv",
    speaker: str | None = None,
    qtype: str | None = None,
    article: str | None = None,
    excel: bool = False,
    kinds: Iterable[str] | None = None,
    min_confidence: float | None = None,
) -> int:
    """Write the matching quotes to ``output_file`` as ``csv`` or ``jsonl``; returns how many.
    ``excel`` (CSV only): the spreadsheet's columns after a byte-order mark."""
    if fmt not in ("csv", "jsonl"):
        raise ValueError(f"unknown export format {fmt!r} (expected csv or jsonl)")
    if excel and fmt != "csv":
        raise ValueError("--excel writes CSV only")
    rows = iter_quotes(db, speaker=speaker, qtype=qtype, article=article, kinds=kinds, min_confidence=min_confidence)
    if excel:
        return write_excel_csv(rows, output_file)
    n = 0
    if fmt == "csv":
        writer = csv.writer(output_file, lineterminator="\r\n")
        writer.writerow(EXPORT_COLUMNS)
        for row in rows:
            writer.writerow([neutralise(row.get(c)) for c in EXPORT_COLUMNS])
            n += 1
    else:
        for row in rows:
            record = {c: row.get(c) for c in EXPORT_COLUMNS}
            record["spans"] = json.loads(record["spans"]) if record.get("spans") else []
            output_file.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n
