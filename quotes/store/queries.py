"""Read queries that export (and the pages that export) share: the quotes with their speakers,
intermediaries and articles, filtered. Functions over a ``sqlite3.Connection``."""
from __future__ import annotations

import json
import sqlite3
from typing import Any, Iterable, Iterator

from .articles import rows
from .browse import columns

__all__ = ["EXPORT_SQL", "export_rows"]

EXPORT_SQL = """
select q.id, q.type, q.text, s.name as speaker, s.kind as speaker_kind, q.speaker_id,
       q.speaker_text, q.cue, q.cue_lemma, q.stance, q.addressee_text as addressee,
       coalesce(v.name, q.via_text) as via, q.article_id, a.title as article_title, a.outlet,
       a.published, a.url, q.start, q."end", q.spans, q.confidence, q.cluster_id,
       case when a.title is null or trim(a.title) = '' then substr(a.text, 1, 400) end as article_head{kind}
from quotes q
join articles a on a.id = q.article_id
left join speakers s on s.id = q.speaker_id
left join speakers v on v.id = q.via_id
where (:qtype is null or q.type = :qtype)
  and (:article is null or q.article_id = :article
       or instr(lower(coalesce(a.title, '')), lower(:article)) > 0)
  and (:speaker is null or q.speaker_id in (
       select s2.id from speakers s2
       where s2.id = cast(nullif(ltrim(trim(:speaker), '#'), '') as integer)
          or lower(s2.name) = lower(trim(:speaker))
          or exists (select 1 from json_each(case when json_valid(s2.aliases) then s2.aliases else '[]' end) j
                     where lower(j.value) = lower(trim(:speaker)))))
  and (:kinds is null or q.kind in (select value from json_each(:kinds)))
  and (:min_confidence is null or q.confidence >= :min_confidence)
order by a.published is null, a.published, q.article_id, q.start, q.id
"""


def export_rows(
    conn: sqlite3.Connection,
    speaker: str | None = None,
    qtype: str | None = None,
    article: str | None = None,
    kinds: Iterable[str] | None = None,
    min_confidence: float | None = None,
) -> Iterator[dict[str, Any]]:
    """Quotes as dicts, oldest article first, in text order (see :func:`quotes.export.iter_quotes`).
    A ``ValueError`` when ``kinds`` are asked of a database without quote kinds."""
    kinds = sorted(set(kinds)) if kinds else None
    has_kind = "kind" in columns(conn, "quotes")
    if kinds and not has_kind:
        raise ValueError("this database has no quote kinds yet: run `quotes ingest` once to upgrade it")
    params = {"speaker": speaker or None, "qtype": qtype or None, "article": article or None,
              "kinds": json.dumps(kinds) if kinds else None, "min_confidence": min_confidence}
    sql = EXPORT_SQL.format(kind=", q.kind" if has_kind else "")
    if not has_kind:
        sql = sql.replace("  and (:kinds is null or q.kind in (select value from json_each(:kinds)))\n", "")
    yield from rows(conn, sql, params)
