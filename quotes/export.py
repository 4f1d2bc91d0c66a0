"""Export quotes with speaker names and article titles as CSV or JSON lines.

CSV cells that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``,
tab or carriage return) get a leading ``'`` so that opening the file never runs anything.
"""
from __future__ import annotations

import csv
import json
from typing import Any, Iterator, TextIO

import sqlite_utils

__all__ = ["EXPORT_COLUMNS", "FORMULA_PREFIXES", "neutralise", "iter_quotes", "export_quotes"]

#: Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: Output columns, in order.
EXPORT_COLUMNS = [
    "id", "type", "text", "speaker", "speaker_kind", "speaker_id", "speaker_text", "cue", "cue_lemma",
    "stance", "addressee", "via", "article_id", "article_title", "outlet", "published", "url",
    "start", "end", "spans", "confidence", "cluster_id",
]

_SQL = """
select q.id, q.type, q.text, s.name as speaker, s.kind as speaker_kind, q.speaker_id,
       q.speaker_text, q.cue, q.cue_lemma, q.stance, q.addressee_text as addressee,
       coalesce(v.name, q.via_text) as via, q.article_id, a.title as article_title, a.outlet,
       a.published, a.url, q.start, q."end", q.spans, q.confidence, q.cluster_id
from quotes q
join articles a on a.id = q.article_id
left join speakers s on s.id = q.speaker_id
left join speakers v on v.id = q.via_id
where (:qtype is null or q.type = :qtype)
  and (:article is null or q.article_id = :article
       or instr(lower(coalesce(a.title, '')), lower(:article)) > 0)
  and (:speaker is null
       or instr(lower(coalesce(s.name, '')), lower(:speaker)) > 0
       or exists (select 1 from json_each(case when json_valid(s.aliases) then s.aliases else '[]' end) j
                  where instr(lower(j.value), lower(:speaker)) > 0))
order by a.published is null, a.published, q.article_id, q.start, q.id
"""


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
) -> Iterator[dict[str, Any]]:
    """Quotes as dicts (``EXPORT_COLUMNS``), oldest article first, in text order.

    ``speaker`` matches a substring of the speaker's name or any alias (case-insensitive);
    ``article`` is an article id or a substring of its title; ``qtype`` is direct/indirect/mixed.
    """
    params = {"speaker": speaker or None, "qtype": qtype or None, "article": article or None}
    yield from db.query(_SQL, params)


def export_quotes(
    db: sqlite_utils.Database,
    output_file: TextIO,
    fmt: str = "csv",
    speaker: str | None = None,
    qtype: str | None = None,
    article: str | None = None,
) -> int:
    """Write the matching quotes to ``output_file`` as ``csv`` or ``jsonl``; returns how many."""
    if fmt not in ("csv", "jsonl"):
        raise ValueError(f"unknown export format {fmt!r} (expected csv or jsonl)")
    rows = iter_quotes(db, speaker=speaker, qtype=qtype, article=article)
    n = 0
    if fmt == "csv":
        writer = csv.writer(output_file, lineterminator="\r\n")
        writer.writerow(EXPORT_COLUMNS)
        for row in rows:
            writer.writerow([neutralise(row[c]) for c in EXPORT_COLUMNS])
            n += 1
    else:
        for row in rows:
            record = dict(row)
            record["spans"] = json.loads(record["spans"]) if record.get("spans") else []
            output_file.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n
