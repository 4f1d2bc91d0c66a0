"""Read queries behind the journalist's pages (search, speaker pages, charts).

Pure functions over a ``sqlite3.Connection`` (Datasette passes one through ``execute_fn``): no
Datasette, no HTML. They work on every schema version since ``004_speaker_tracking`` and pick up
optional columns (``quotes.kind``, ``quotes.claim_id``, ``speakers.ambiguous``, a ``claims``
table) when a later migration has added them: see :func:`schema_has`.

Every page query is bounded (a page of rows, counts capped at :data:`COUNT_CAP`) so that pages
stay fast on a database of a million quotes.
"""
from __future__ import annotations

import json
import re
import sqlite3
import time
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

__all__ = [
    "QUOTE_TYPES", "STANCES", "QUOTE_KINDS", "COUNT_CAP", "fts_query", "schema_has", "columns",
    "outlets", "search_speakers", "speaker_by_name", "search_quotes", "speaker", "speaker_quotes",
    "headline", "loads_list", "missing_metadata", "missing_metadata_warning", "update_browse_stats",
]

QUOTE_TYPES = ("direct", "indirect", "mixed")
STANCES = ("neutral", "assertive", "denial", "accusation", "admission", "belief", "doubt", "promise",
           "request", "agreement", "disagreement", "report", "intention", "other")
QUOTE_KINDS = ("speech", "claim", "opinion", "act")
#: What journalists count as quotes and the pages show unless another kind is chosen (as
#: quotes.extract.kinds.DEFAULT_KINDS): opinions ("thinks", "loves") and acts ("voted against") are
#: one choice away.
DEFAULT_QUOTE_KINDS = ("speech", "claim")
#: Result counts stop here ("1,000+"): counting every match of a common word costs seconds.
COUNT_CAP = 1000

_TOKEN = re.compile(r'"([^"]*)"?|([^\s"]+)')
_OPERATORS = {"OR", "AND", "NOT"}


_BUDGET_STEPS = 2000  # SQLite virtual machine steps between two looks at the clock


@contextmanager
def _budget(conn: sqlite3.Connection, ms: int | None) -> Iterator[dict[str, bool]]:
    """Interrupt the statements run inside after ``ms`` milliseconds (they raise
    sqlite3.OperationalError; the yielded ``{"fired": True}`` then tells it from another error);
    no limit when ``ms`` is None."""
    state = {"fired": False}
    if ms is None:
        yield state
        return
    end = time.monotonic() + ms / 1000

    def check() -> int:
        if time.monotonic() > end:
            state["fired"] = True
            return 1
        return 0

    conn.set_progress_handler(check, _BUDGET_STEPS)
    try:
        yield state
    finally:
        conn.set_progress_handler(None, 0)


def fts_query(user: str | None, column: str | None = "text") -> str | None:
    """A safe SQLite FTS5 query for what a person typed: words (all required), ``OR`` / ``AND`` /
    ``NOT`` between them, ``prefix*`` and ``"a phrase"``. Every word and phrase is quoted, so no
    input is an FTS syntax error; ``column`` restricts the search to one column. None when
    nothing searchable is left."""
    parts: list[str] = []
    for m in _TOKEN.finditer(user or ""):
        phrase, word = m.group(1), m.group(2)
        if word is not None and word in _OPERATORS:
            if parts and parts[-1] not in _OPERATORS:
                parts.append(word)
            continue
        prefix = False
        if word is not None:
            word = word.strip("()")
            prefix = word.endswith("*")
            phrase = word.rstrip("*")
        if not phrase or not re.search(r"\w", phrase):
            continue
        parts.append('"' + phrase.replace('"', '""') + '"' + ("*" if prefix else ""))
    while parts and parts[-1] in _OPERATORS:
        parts.pop()
    if not parts:
        return None
    expr = " ".join(parts)
    return f"{column} : ({expr})" if column else expr


def update_browse_stats(conn: Any) -> None:
    """Rebuild ``speaker_month_stats``, ``speaker_outlet_stats`` and the whole database's
    ``month_stance_stats`` and ``month_outlet_stats`` from the quotes. ``conn`` is a
    ``sqlite_utils.Database`` (its ``execute`` commits, or joins the caller's transaction) or a
    connection whose caller commits. Nothing to do on a schema without them."""
    if not columns(conn, "speaker_month_stats"):
        return
    conn.execute("delete from speaker_month_stats")
    conn.execute("""
        insert into speaker_month_stats (speaker_id, month, stance, n)
        select q.speaker_id, substr(nullif(trim(a.published), ''), 1, 7), coalesce(q.stance, 'neutral'), count(*)
        from quotes q join articles a on a.id = q.article_id group by 1, 2, 3""")
    if columns(conn, "month_stance_stats"):
        conn.execute("delete from month_stance_stats")
        conn.execute("""insert into month_stance_stats (month, stance, n)
                        select month, stance, sum(n) from speaker_month_stats group by 1, 2""")
    conn.execute("delete from speaker_outlet_stats")
    conn.execute("""
        insert into speaker_outlet_stats (speaker_id, outlet, n)
        select q.speaker_id, nullif(trim(a.outlet), ''), count(*)
        from quotes q join articles a on a.id = q.article_id group by 1, 2""")
    if columns(conn, "month_outlet_stats"):
        conn.execute("delete from month_outlet_stats")
        conn.execute("""
            insert into month_outlet_stats (month, outlet, quotes, articles, speakers)
            select substr(nullif(trim(a.published), ''), 1, 7), nullif(trim(a.outlet), ''), count(*),
                   count(distinct q.article_id), count(distinct q.speaker_id)
            from quotes q join articles a on a.id = q.article_id group by 1, 2""")


def columns(conn: sqlite3.Connection, table: str) -> set[str]:
    """The column names of ``table`` (empty when it does not exist)."""
    return {r[1] for r in conn.execute(f"pragma table_info([{table}])")}


def schema_has(conn: sqlite3.Connection) -> dict[str, bool]:
    """Which optional parts of the schema exist: ``kind`` (quotes.kind), ``claim_id``,
    ``claims`` (the table), ``ambiguous`` (speakers.ambiguous)."""
    qcols = columns(conn, "quotes")
    return {
        "kind": "kind" in qcols,
        "claim_id": "claim_id" in qcols,
        "claims": bool(columns(conn, "claims")),
        "ambiguous": "ambiguous" in columns(conn, "speakers"),
        "stats": bool(columns(conn, "speaker_month_stats")),
        "totals": bool(columns(conn, "month_stance_stats")),
    }


def loads_list(raw: Any) -> list[str]:
    """A JSON list column as a list of strings ([] for anything else)."""
    if isinstance(raw, list):
        return [str(x) for x in raw]
    try:
        value = json.loads(raw) if isinstance(raw, str) else None
    except ValueError:
        return []
    return [str(x) for x in value if x] if isinstance(value, list) else []


def headline(title: str | None, text: str | None, words: int = 12) -> tuple[str, bool]:
    """``(title, True)``, or for an untitled article a headline made from its text and False:
    the first line when it is short enough to be one, else its first ``words`` words and "…"."""
    if title and title.strip():
        return title.strip(), True
    text = (text or "").strip()
    first = text.split("\n", 1)[0].strip()
    if first and len(first) <= 120 and len(first.split()) <= 20:
        return first, False
    head = " ".join(text.split()[:words])
    return (head + "…" if head else "untitled article"), False


def missing_metadata(conn: sqlite3.Connection) -> dict[str, int]:
    """How many stored articles there are and how many lack an outlet, a publication date or a URL."""
    row = conn.execute("""
        select count(*), coalesce(sum(outlet is null or trim(outlet) = ''), 0),
               coalesce(sum(published is null or trim(published) = ''), 0), coalesce(sum(url is null or trim(url) = ''), 0)
        from articles""").fetchone()
    return dict(zip(("articles", "no_outlet", "no_date", "no_url"), row))


def missing_metadata_warning(conn: sqlite3.Connection) -> str | None:
    """One line for ``quotes ingest`` when stored articles lack an outlet or a date, else None."""
    m = missing_metadata(conn)
    if not m["articles"] or not (m["no_outlet"] or m["no_date"]):
        return None
    parts = [f"{m[k]} no {what}" for k, what in (("no_outlet", "outlet"), ("no_date", "publication date")) if m[k]]
    return (f"warning: of {m['articles']} articles in the database, {' and '.join(parts)}: they show as "
            "'unknown outlet' / 'date unknown' and stay out of outlet and date views (give outlet and "
            "published in a sidecar NAME.json, front matter or the JSONL fields)")


def outlets(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every outlet with its number of articles, most articles first; unknown outlets as None."""
    counts: dict[str | None, int] = {}
    for o, n in conn.execute("select outlet, count(*) from articles group by outlet"):  # the index alone
        key = o.strip() if isinstance(o, str) and o.strip() else None
        counts[key] = counts.get(key, 0) + n
    return [{"outlet": o, "articles": n} for o, n in sorted(counts.items(), key=lambda x: (-x[1], x[0] is None, x[0] or ""))]


def search_speakers(conn: sqlite3.Connection, prefix: str, limit: int = 12) -> list[dict[str, Any]]:
    """Canonical speakers (not article-scoped anonymous ones) whose name or an alias starts with
    ``prefix`` (any word of it), most quoted first; for the speaker autocomplete."""
    q = fts_query(" ".join(w + "*" for w in re.findall(r"\w+", prefix or "")), column=None)
    if not q:
        return []
    rows = conn.execute(
        """
        select s.id, s.name, s.kind, coalesce(st.quotes, 0) as quotes
        from speakers_fts f join speakers s on s.rowid = f.rowid
        left join speaker_stats st on st.speaker_id = s.id
        where speakers_fts match ? and s.article_id is null
        order by quotes desc, s.name limit ?
        """,
        [q, limit],
    ).fetchall()
    return [{"id": i, "name": n, "kind": k, "quotes": c} for i, n, k, c in rows]


def speaker_by_name(conn: sqlite3.Connection, name: str) -> list[dict[str, Any]]:
    """Canonical speakers whose name or one of whose aliases is ``name`` (case-insensitive)."""
    hits = search_speakers(conn, name, limit=50)
    want = (name or "").strip().casefold()
    out = []
    for h in hits:
        row = conn.execute("select name, aliases from speakers where id = ?", [h["id"]]).fetchone()
        names = [row[0] or ""] + loads_list(row[1])
        if any(n.casefold() == want for n in names):
            out.append(h)
    return out


def _quote_select(has: dict[str, bool], highlight: bool) -> str:
    extra = ""
    if has.get("kind"):
        extra += ", q.kind as kind"
    if has.get("claim_id"):
        extra += ", q.claim_id as claim_id"
    hl = ", highlight(quotes_fts, 0, char(2), char(3)) as marked" if highlight else ", null as marked"
    return f"""
        select q.id, q.text, q.type, q.stance, q.cue, q.confidence, q.speaker_id, q.speaker_text,
               s.name as speaker, s.kind as speaker_kind, q.article_id, q.start, q."end",
               a.title, case when a.title is null or trim(a.title) = '' then substr(a.text, 1, 400) end as head,
               nullif(trim(a.outlet), '') as outlet, nullif(trim(a.published), '') as published, a.url,
               coalesce(v.name, q.via_text) as via{extra}{hl}
    """


def _filters(has: dict[str, bool], speaker_id: int | None, outlet: str | None, date_from: str | None,
             date_to: str | None, kind: str | None, stance: str | None, qtype: str | None,
             article_id: str | None = None) -> tuple[list[str], list[Any]]:
    where, params = [], []
    if article_id is not None:
        where.append("q.article_id = ?")
        params.append(article_id)
    if speaker_id is not None:
        where.append("q.speaker_id = ?")
        params.append(speaker_id)
    if outlet == "":  # the "unknown outlet" choice
        where.append("(a.outlet is null or trim(a.outlet) = '')")
    elif outlet:
        where.append("a.outlet = ?")
        params.append(outlet)
    if date_from:
        where.append("a.published >= ?")
        params.append(date_from)
    if date_to:
        where.append("a.published < ?")
        params.append(date_to + "\uffff")  # the whole day of date_to, whatever follows the date
    if kind and has.get("kind"):  # one kind, or several (a tuple)
        kinds = (kind,) if isinstance(kind, str) else tuple(kind)
        where.append(f"q.kind in ({', '.join('?' * len(kinds))})")
        params.extend(kinds)
    if stance:
        where.append("q.stance = ?")
        params.append(stance)
    if qtype:
        where.append("q.type = ?")
        params.append(qtype)
    return where, params


def search_quotes(
    conn: sqlite3.Connection,
    q: str | None = None,
    speaker_id: int | None = None,
    outlet: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    kind: str | None = None,
    stance: str | None = None,
    qtype: str | None = None,
    limit: int = 20,
    offset: int = 0,
    count: bool = True,
    budget_ms: int | None = 120,
    article_id: str | None = None,
) -> dict[str, Any]:
    """One page of quotes matching the search ``q`` (see :func:`fts_query`) and the filters;
    ``outlet=""`` means an unknown outlet. Best matches first when at most :data:`COUNT_CAP`
    quotes match, else the most recently added first; without ``q``, newest publication first
    (undated last). Returns ``{"rows", "total", "capped", "query", "order"}`` (``order``:
    relevance, added or published); ``total`` stops at :data:`COUNT_CAP`. When counting takes
    longer than ``budget_ms`` (few matches among very many candidates), ``total`` is None and
    the page is what was found in another ``budget_ms`` (``stopped`` then says the search was
    cut short)."""
    has = schema_has(conn)
    match = fts_query(q)
    where, params = _filters(has, speaker_id, outlet, date_from, date_to, kind, stance, qtype, article_id)
    joins = """
        join articles a on a.id = q.article_id
        left join speakers s on s.id = q.speaker_id
        left join speakers v on v.id = q.via_id
    """
    if q and q.strip() and not match:
        return {"rows": [], "total": 0, "capped": False, "query": None, "order": None}
    cond = "".join(" and " + w for w in where)
    if match:
        base = f"from quotes_fts join quotes q on q.rowid = quotes_fts.rowid {joins} where quotes_fts match ?"
        all_params = [match] + params
    else:
        base = f"from quotes q {joins} where 1"
        all_params = params
    # The capped count (cheap: it stops after COUNT_CAP + 1 rows) picks the plan: a few matches
    # are sorted; many are read in an order an index gives, stopping after the page. Filters
    # that leave few matches among very many can make both slow: each stops at its time budget.
    with _budget(conn, budget_ms) as budget:
        try:
            total = conn.execute(
                f"select count(*) from (select 1 {base}{cond} limit {COUNT_CAP + 1})", all_params
            ).fetchone()[0]
            counted = True
        except sqlite3.OperationalError:
            if not budget["fired"]:
                raise
            total, counted = COUNT_CAP + 1, False
    capped = total > COUNT_CAP
    if match and not capped:
        order, how = "order by quotes_fts.rank", "relevance"
    elif match:  # ranking every match of a common word takes seconds: newest in the index first
        order, how = "order by quotes_fts.rowid desc", "added"
    elif not capped:
        order, how = "order by a.published is null, a.published desc, a.rowid desc, q.rowid", "published"
    else:  # walk articles by date (index on published; undated sort last in desc order)
        base = f"""from articles a cross join quotes q on q.article_id = a.id
            left join speakers s on s.id = q.speaker_id left join speakers v on v.id = q.via_id where 1"""
        order, how = "order by a.published desc, a.rowid desc, q.rowid", "published"
    rows: list[dict[str, Any]] = []
    stopped = False
    with _budget(conn, budget_ms if not counted else None) as budget:
        try:
            cur = conn.execute(
                f"{_quote_select(has, bool(match))} {base}{cond} {order} limit ? offset ?",
                all_params + [limit, offset],
            )
            names = [d[0] for d in cur.description]
            for r in cur:
                rows.append(dict(zip(names, r)))
        except sqlite3.OperationalError:
            if not budget["fired"]:
                raise
            stopped = True
    return {"rows": rows, "total": min(total, COUNT_CAP) if counted else None, "capped": capped, "query": match,
            "order": how, "stopped": stopped}


def speaker(conn: sqlite3.Connection, speaker_id: int) -> dict[str, Any] | None:
    """A speaker's row with roles and aliases as lists, or None."""
    cur = conn.execute("select * from speakers where id = ?", [speaker_id])
    row = cur.fetchone()
    if row is None:
        return None
    out = dict(zip([d[0] for d in cur.description], row))
    out["roles"] = distinct_roles(loads_list(out.get("roles")))
    out["aliases"] = [a for a in loads_list(out.get("aliases")) if a != out.get("name")]
    return out


def distinct_roles(roles: list[str]) -> list[str]:
    """``roles`` without those whose words (any case) are a run of a longer role's words: the
    pieces a title was once cut into ("Secretary", "State", "former" beside "former Secretary of
    State") say nothing the whole does not."""
    words = [tuple(w.casefold() for w in re.findall(r"\w+", r)) for r in roles]

    def inside(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
        return len(a) < len(b) and any(b[i:i + len(a)] == a for i in range(len(b) - len(a) + 1))

    out: list[str] = []
    for r, w in zip(roles, words):
        if w and not any(inside(w, other) for other in words) and r not in out:
            out.append(r)
    return out


def _counts(conn: sqlite3.Connection, sql: str, params: Iterable[Any]) -> list[tuple[Any, int]]:
    return [(k, n) for k, n in conn.execute(sql, list(params)).fetchall()]


def speaker_profile(conn: sqlite3.Connection, speaker_id: int) -> dict[str, Any]:
    """What the speaker page shows besides the quotes: counts by type, stance and kind, the
    outlets quoting them, quotes per month (publication dates only), the intermediaries their
    quotes came through and the quotes they relayed for others."""
    has = schema_has(conn)
    sid = [speaker_id]
    if has["stats"]:
        by_stance = _counts(conn, "select stance as k, sum(n) as c from speaker_month_stats where speaker_id = ? "
                                  "group by k order by c desc, k", sid)
        timeline = _counts(conn, "select month, sum(n) from speaker_month_stats where speaker_id = ? "
                                 "group by month order by month is null, month", sid)
    else:
        by_stance = _counts(conn, "select coalesce(stance, 'neutral') as k, count(*) as c from quotes where speaker_id = ? "
                                  "group by k order by c desc, k", sid)
        timeline = _counts(conn, """
            select substr(nullif(trim(a.published), ''), 1, 7) as month, count(*) from quotes q
            join articles a on a.id = q.article_id where q.speaker_id = ? group by month order by month is null, month""", sid)
    total = sum(n for _, n in by_stance)
    links = conn.execute("select coalesce(max(rowid), 0) from intermediaries").fetchone()[0]
    via_from = ("intermediaries i cross join quotes q on q.id = i.quote_id" if links < total
                else "quotes q cross join intermediaries i on i.quote_id = q.id")
    out: dict[str, Any] = {
        "total": total,
        "by_type": _counts(conn, "select type, count(*) as c from quotes where speaker_id = ? group by type order by c desc", sid),
        "by_stance": by_stance,
        "by_kind": _counts(conn, "select coalesce(kind, 'unknown'), count(*) from quotes where speaker_id = ? "
                                 "group by 1 order by 2 desc, 1", sid) if has["kind"] else [],
        "outlets": speaker_outlets(conn, speaker_id, limit=1000),
        "timeline": timeline,
        # from the smaller side: the speaker's quotes, or every intermediary link
        "via": [dict(zip(("id", "name", "kind", "quotes"), r)) for r in conn.execute(f"""
            select i.speaker_id, coalesce(v.name, i.text), v.kind, count(*) from {via_from}
            left join speakers v on v.id = i.speaker_id
            where q.speaker_id = ? group by coalesce(cast(i.speaker_id as text), i.text) order by 4 desc, 2 limit 50""", sid)],
        "relayed": [dict(zip(("id", "name", "quotes"), r)) for r in conn.execute("""
            select q.speaker_id, coalesce(s.name, q.speaker_text, 'unknown speaker'), count(*) from intermediaries i
            join quotes q on q.id = i.quote_id left join speakers s on s.id = q.speaker_id
            where i.speaker_id = ? group by coalesce(cast(q.speaker_id as text), q.speaker_text)
            order by 3 desc, 2 limit 50""", sid)],
        "claims": [],
    }
    if has["claims"] and has["claim_id"]:
        ccols = columns(conn, "claims")
        text_col = "c.text" if "text" in ccols else "null"
        out["claims"] = [dict(zip(("id", "text", "quotes"), r)) for r in conn.execute(f"""
            select q.claim_id, {text_col}, count(*) from quotes q join claims c on c.id = q.claim_id
            where q.speaker_id = ? group by q.claim_id order by 3 desc limit 50""", sid)]
    return out


def total_quotes(conn: sqlite3.Connection, speaker_id: int) -> int:
    """How many quotes the speaker has (from the kept counts when there are any)."""
    if schema_has(conn)["stats"]:
        return conn.execute("select coalesce(sum(n), 0) from speaker_month_stats where speaker_id = ?",
                            [speaker_id]).fetchone()[0]
    return conn.execute("select count(*) from quotes where speaker_id = ?", [speaker_id]).fetchone()[0]


def speaker_quotes(conn: sqlite3.Connection, speaker_id: int, limit: int = 50, offset: int = 0,
                   context: int = 160) -> list[dict[str, Any]]:
    """The speaker's quotes, oldest publication first (undated last), each with up to
    ``context`` characters of article text before and after it. A prolific speaker's quotes
    are read in date order from the articles' index instead of sorted (seconds at 50k quotes)."""
    has = schema_has(conn)
    select = f"""{_quote_select(has, False)},
            substr(a.text, max(1, q.start + 1 - {context}), min(q.start, {context})) as before,
            substr(a.text, q."end" + 1, {context}) as after"""
    speakers = "left join speakers s on s.id = q.speaker_id left join speakers v on v.id = q.via_id"

    def run(sql: str, params: list[Any]) -> list[dict[str, Any]]:
        cur = conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    total = conn.execute(f"select count(*) from (select 1 from quotes where speaker_id = ? limit {COUNT_CAP + 1})",
                         [speaker_id]).fetchone()[0]
    if total <= COUNT_CAP:
        return run(f"""{select} from quotes q join articles a on a.id = q.article_id {speakers}
            where q.speaker_id = ?
            order by a.published is null or a.published = '', a.published, a.rowid, q.rowid limit ? offset ?""",
                   [speaker_id, limit, offset])
    if has["stats"]:
        dated = conn.execute("select coalesce(sum(n), 0) from speaker_month_stats where speaker_id = ? and month is not null",
                             [speaker_id]).fetchone()[0]
    else:
        dated = conn.execute("select count(*) from quotes q join articles a on a.id = q.article_id "
                             "where q.speaker_id = ? and a.published > ''", [speaker_id]).fetchone()[0]
    undated = total_quotes(conn, speaker_id) - dated

    def part(where: str, order: list[str], size: int, lim: int, off: int) -> list[dict[str, Any]]:
        """``lim`` rows from ``off`` of a part of ``size`` rows, read from its nearer end."""
        base = f"{select} from articles a cross join quotes q on q.article_id = a.id {speakers} where {where} and q.speaker_id = ?"
        if off <= size // 2:
            return run(f"{base} order by {', '.join(order)} limit ? offset ?", [speaker_id, lim, off])
        back = size - off - lim  # the same rows, counted from the end
        rows = run(f"{base} order by {', '.join(o + ' desc' for o in order)} limit ? offset ?",
                   [speaker_id, lim + min(0, back), max(0, back)])
        return rows[::-1]

    rows: list[dict[str, Any]] = []
    if offset < dated:
        rows = part("a.published > ''", ["a.published", "a.rowid", "q.rowid"], dated, limit, offset)
    if len(rows) < limit and undated > 0:
        rows += part("(a.published is null or a.published = '')", ["a.rowid", "q.rowid"], undated,
                     limit - len(rows), max(0, offset - dated))
    return rows


SPEAKER_KINDS = ("person", "organization", "media", "document", "group", "anonymous", "unknown")


def top_speakers(conn: sqlite3.Connection, kind: str | None = None, outlet: str | None = None,
                 limit: int = 20) -> list[dict[str, Any]]:
    """The most quoted canonical speakers, ranked: ``{"id", "name", "kind", "quotes"}``. ``kind``
    narrows to one kind of speaker; ``outlet`` counts only that outlet's quotes ("" = unknown)."""
    if outlet is None:  # the kept counts (speaker_stats): a page of an index
        sql = """select s.id, s.name, s.kind, st.quotes from speaker_stats st join speakers s on s.id = st.speaker_id
                 where st.quotes > 0 and s.article_id is null {kind} order by st.quotes desc, s.name limit ?"""
        params: list[Any] = [kind] if kind else []
    elif schema_has(conn)["stats"]:
        sql = """select s.id, s.name, s.kind, st.n from speaker_outlet_stats st join speakers s on s.id = st.speaker_id
                 where s.article_id is null and {outlet} {kind} order by st.n desc, s.name limit ?"""
        params = ([outlet] if outlet else []) + ([kind] if kind else [])
        sql = sql.replace("{outlet}", "st.outlet = ?" if outlet else "st.outlet is null")
    else:
        sql = """select s.id, s.name, s.kind, count(*) as n from quotes q join articles a on a.id = q.article_id
                 join speakers s on s.id = q.speaker_id
                 where s.article_id is null and {outlet} {kind} group by s.id order by n desc, s.name limit ?"""
        if outlet:
            params = [outlet] + ([kind] if kind else [])
            sql = sql.replace("{outlet}", "a.outlet = ?")
        else:
            params = [kind] if kind else []
            sql = sql.replace("{outlet}", "(a.outlet is null or trim(a.outlet) = '')")
    sql = sql.replace("{kind}", "and s.kind = ?" if kind else "")
    return [dict(zip(("id", "name", "kind", "quotes"), r)) for r in conn.execute(sql, params + [limit])]


def stance_over_time(conn: sqlite3.Connection, speaker_id: int | None = None) -> dict[str, Any]:
    """Quotes per month of publication and stance (neutral and other left out: they say nothing
    of a position): ``{"months": [...], "stances": [...], "counts": {(month, stance): n},
    "undated": n}``."""
    params: list[Any] = []
    has = schema_has(conn)
    if speaker_id is None and has["totals"]:
        rows = conn.execute("select month, stance, n from month_stance_stats where stance not in ('neutral', 'other')"
                            ).fetchall()
    elif has["stats"]:
        where = "stance not in ('neutral', 'other')"
        if speaker_id is not None:
            where += " and speaker_id = ?"
            params.append(speaker_id)
        rows = conn.execute(f"select month, stance, sum(n) from speaker_month_stats where {where} group by month, stance",
                            params).fetchall()
    else:
        where = "q.stance is not null and q.stance not in ('neutral', 'other')"
        if speaker_id is not None:
            where += " and q.speaker_id = ?"
            params.append(speaker_id)
        rows = conn.execute(f"""
            select substr(nullif(trim(a.published), ''), 1, 7) as month, q.stance, count(*)
            from quotes q join articles a on a.id = q.article_id where {where}
            group by month, q.stance""", params).fetchall()
    counts = {(m, s): n for m, s, n in rows if m}
    totals: dict[str, int] = {}
    for (m, s), n in counts.items():
        totals[s] = totals.get(s, 0) + n
    return {
        "months": sorted({m for m, _ in counts}),
        "stances": sorted(totals, key=lambda s: (-totals[s], s)),
        "counts": counts,
        "undated": sum(n for m, _, n in rows if not m),
    }


def speaker_outlets(conn: sqlite3.Connection, speaker_id: int, limit: int = 20) -> list[tuple[str | None, int]]:
    """The outlets that quote a speaker, most quotes first (None: unknown outlet)."""
    if schema_has(conn)["stats"]:
        return [(o, n) for o, n in conn.execute(
            "select outlet as o, n from speaker_outlet_stats where speaker_id = ? order by n desc, o is null, o limit ?",
            [speaker_id, limit])]
    return [(o, n) for o, n in conn.execute("""
        select nullif(trim(a.outlet), '') as o, count(*) as n from quotes q join articles a on a.id = q.article_id
        where q.speaker_id = ? group by o order by n desc, o is null, o limit ?""", [speaker_id, limit])]
