"""The journalist's pages: the search-first home page ``/``, ``/-/search``, speaker pages
``/-/speaker/<id>`` and the speaker autocomplete ``/-/speakers.json``.

The SQL lives in :mod:`quotes.store.browse`; this module turns request parameters into its
arguments and rows into template context. Everything from the database is escaped by the
templates; the only markup built here is the ``<mark>`` of search matches (:func:`marked`) and
the ``<del>``/``<ins>`` of wording drift (:func:`diff_html`).
"""
from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import urlencode

from datasette.utils.asgi import NotFound, Response
from datasette.version import __version__ as datasette_version
from markupsafe import Markup, escape

from quotes.store import browse

from .pages import quotes_database

PAGE_SIZE = 20
SPEAKER_PAGE_SIZE = 50
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
UNKNOWN_OUTLET = "(unknown)"


def marked(text: str | None) -> Markup:
    """``text`` HTML-escaped, with the FTS highlight markers (``\\x02``...``\\x03``) as ``<mark>``."""
    s = str(escape(text or ""))
    return Markup(s.replace("\x02", "<mark>").replace("\x03", "</mark>"))


_DIFF = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.S)


def diff_html(diff: str) -> Markup:
    """A wording diff (``kept [-removed-] {+added+}``, quotes/track.py) as HTML: removed words
    struck through in red, added ones underlined in green; everything else escaped."""
    out, pos = [], 0
    for m in _DIFF.finditer(diff):
        out.append(escape(diff[pos:m.start()]))
        if m.group(1) is not None:
            out.append(Markup('<del class="drift-del" title="removed">{}</del>').format(m.group(1)))
        else:
            out.append(Markup('<ins class="drift-ins" title="added">{}</ins>').format(m.group(2)))
        pos = m.end()
    out.append(escape(diff[pos:]))
    return Markup('<span class="drift">{}</span>').format(Markup("").join(out))


def card(row: dict[str, Any]) -> dict[str, Any]:
    """A quote row as the result card shows it: the headline for untitled articles, the
    highlighted text, unknown outlet/date left as None (the template says "unknown")."""
    title, real = browse.headline(row.get("title"), row.get("head"))
    url = row.get("url") or ""
    return {
        **row,
        "display_title": title,
        "title_is_real": real,
        "html": marked(row.get("marked") or row.get("text")),
        "web_url": url if re.match(r"^https?://", url, re.I) else None,
    }


async def run_on_db(datasette: Any, request: Any, fn: Any) -> tuple[Any, Any]:
    db = quotes_database(datasette)
    await datasette.ensure_permissions(
        request.actor, [("view-table", (db.name, "quotes")), ("view-database", db.name), "view-instance"]
    )
    return db, await db.execute_fn(fn)


#: SQLite's integers: a larger id cannot be in the database (and cannot be a query parameter).
_INT_MAX = 2**63 - 1
#: The highest page number a pager link may ask for (offsets stay far inside SQLite's range).
MAX_PAGE = 1_000_000


def _int(value: str | None) -> int | None:
    try:
        n = int(value) if value not in (None, "") else None
    except ValueError:
        return None
    return n if n is None or -_INT_MAX <= n <= _INT_MAX else None


def _page(value: str | None) -> tuple[int, str | None]:
    """The page number asked for (1 when none; at most :data:`MAX_PAGE`) and a note when the
    value is no page number."""
    n = _int(value)
    if value in (None, ""):
        return 1, None
    if n is None or n < 1:
        return 1, f"“{value[:40]}” is not a page number: the first page is shown."
    return min(n, MAX_PAGE), None


def _dates(args: Any) -> tuple[dict[str, str | None], list[str]]:
    """The ``from`` and ``to`` dates of a request, checked: a value that is no date
    (YYYY, YYYY-MM or YYYY-MM-DD of the calendar) is left out and a range given backwards is
    turned round, each with a note saying so."""
    notes, dates = [], {}
    for key in ("from", "to"):
        v = (args.get(key) or "").strip()
        if v and not _valid_date(v):
            notes.append(f"“{v}” is not a date (YYYY-MM-DD); the {key} date was left out.")
            v = ""
        dates[key] = v or None
    a, b = dates["from"], dates["to"]
    if a and b and a > b and not a.startswith(b):
        dates["from"], dates["to"] = b, a
        notes.append(f"The dates were the wrong way round (from {a} to {b}): quotes published from {b} to {a} are shown.")
    return dates, notes


def _valid_date(v: str) -> bool:
    import datetime

    if not _DATE.match(v):
        return False
    try:
        datetime.date.fromisoformat((v + "-01-01")[:10] if len(v) < 10 else v)
    except ValueError:
        return False
    return True


def _speaker_note(arg: str | None, found: Any, then: str = "no quote matches") -> str | None:
    """What to say when a ``speaker`` id names no speaker."""
    if not arg:
        return None
    if _int(arg) is None:
        return f"“{arg[:40]}” is not a speaker id: {then}."
    if found is None:
        return f"There is no speaker {arg}: {then}."
    return None


async def render_page(datasette: Any, request: Any, template: str, context: dict[str, Any], status: int = 200) -> Response:
    context = {"datasette_version": datasette_version, **context}
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html, status=status)


#: The kind choice for every kind (no choice: speech and claims, browse.DEFAULT_QUOTE_KINDS).
ANY_KIND = "any"


def _kind(value: str | None) -> str | tuple[str, ...] | None:
    """The kind filter of a request: one kind, None for ``any``, else speech and claims."""
    if value in browse.QUOTE_KINDS:
        return value
    return None if value == ANY_KIND else browse.DEFAULT_QUOTE_KINDS


def _search_args(args: Any) -> dict[str, Any]:
    """The search filters of a request, checked (a bad date is left out, with a note)."""
    outlet_arg = args.get("outlet") or None
    dates, notes = _dates(args)
    speaker_id = _int(args.get("speaker"))
    if args.get("speaker") and speaker_id is None:
        speaker_id = 0  # not an id: matches no speaker (ids start at 1), never every quote
    return {
        "q": (args.get("q") or "").strip(),
        "speaker_id": speaker_id,
        "outlet_arg": outlet_arg,
        "outlet": "" if outlet_arg == UNKNOWN_OUTLET else outlet_arg,
        "date_from": dates["from"],
        "date_to": dates["to"],
        "kind": _kind(args.get("kind")),
        "stance": args.get("stance") if args.get("stance") in browse.STANCES else None,
        "qtype": args.get("type") if args.get("type") in browse.QUOTE_TYPES else None,
        "article_id": args.get("article") or None,  # an unknown id matches nothing
        "notes": notes,
    }


#: The most rows the "CSV for Excel" link writes (``quotes export --excel`` writes everything).
EXPORT_MAX = 50_000
_EXPORT_CHUNK = 5_000


async def export_csv(request: Any, datasette: Any) -> Response:
    """``/-/export.csv?<search filters>`` (and ``article=<id>``: one article's quotes): the
    matching quotes as a CSV for Excel (BOM, the journalist's columns, formulas neutralised), up
    to :data:`EXPORT_MAX` rows."""
    import csv
    import io

    from datasette.utils.asgi import AsgiStream

    from quotes.export import BOM, EXCEL_COLUMNS, excel_row

    a = _search_args(request.args)
    db = quotes_database(datasette)
    await datasette.ensure_permissions(
        request.actor, [("view-table", (db.name, "quotes")), ("view-database", db.name), "view-instance"]
    )
    filters = {k: a[k] for k in ("q", "speaker_id", "outlet", "date_from", "date_to", "kind", "stance", "qtype", "article_id")}

    def chunk(offset):
        return lambda conn: browse.search_quotes(conn, **filters, limit=_EXPORT_CHUNK, offset=offset, budget_ms=None)["rows"]

    async def stream(w):
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        buf.write(BOM)
        writer.writerow(EXCEL_COLUMNS)
        for offset in range(0, EXPORT_MAX, _EXPORT_CHUNK):
            rows = await db.execute_fn(chunk(offset))
            for r in rows:
                writer.writerow(excel_row({**r, "article_title": r.get("title"), "article_head": r.get("head")}))
            await w.write(buf.getvalue())
            buf.seek(0)
            buf.truncate()
            if len(rows) < _EXPORT_CHUNK:
                break

    return AsgiStream(stream, headers={"content-disposition": 'attachment; filename="quotes-excel.csv"'},
                      content_type="text/csv; charset=utf-8")


async def search_page(request: Any, datasette: Any) -> Response:
    """``/`` and ``/-/search``: one search box over the quotes, filters, result cards."""
    args = request.args
    q = (args.get("q") or "").strip()
    speaker_id = _int(args.get("speaker"))
    speaker_name = (args.get("speaker_name") or "").strip()
    outlet_arg = args.get("outlet") or None
    outlet = "" if outlet_arg == UNKNOWN_OUTLET else outlet_arg
    dates, notes = _dates(args)
    kind = _kind(args.get("kind"))
    stance = args.get("stance") if args.get("stance") in browse.STANCES else None
    qtype = args.get("type") if args.get("type") in browse.QUOTE_TYPES else None
    page, page_note = _page(args.get("page"))
    if page_note:
        notes.append(page_note)

    def work(conn):
        has = browse.schema_has(conn)
        chosen, candidates = None, []
        sid = speaker_id
        if sid is not None:
            chosen = browse.speaker(conn, sid)
        elif speaker_name:
            candidates = browse.speaker_by_name(conn, speaker_name) or browse.search_speakers(conn, speaker_name)
            if len(candidates) == 1:
                chosen = browse.speaker(conn, candidates[0]["id"])
                sid = candidates[0]["id"]
                candidates = []
        if (speaker_name and sid is None) or (args.get("speaker") and chosen is None):
            result = {"rows": [], "total": 0, "capped": False, "query": None}
        else:
            result = browse.search_quotes(
                conn, q=q, speaker_id=sid, outlet=outlet, date_from=dates["from"], date_to=dates["to"],
                kind=kind, stance=stance, qtype=qtype, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        return {"has": has, "outlets": browse.outlets(conn), "speaker": chosen, "candidates": candidates,
                "result": result}

    db, data = await run_on_db(datasette, request, work)
    result = data["result"]
    note = _speaker_note(args.get("speaker"), data["speaker"])
    if note:
        notes.append(note)
    filters = {"q": q, "speaker": str(speaker_id or (data["speaker"] or {}).get("id") or ""),
               "speaker_name": (data["speaker"] or {}).get("name") or speaker_name,
               "outlet": outlet_arg or "", "from": dates["from"] or "", "to": dates["to"] or "",
               "kind": args.get("kind") if kind and args.get("kind") in browse.QUOTE_KINDS + (ANY_KIND,) else "",
               "stance": stance or "", "type": qtype or ""}
    active = {k: v for k, v in filters.items() if v}

    def page_url(n: int) -> str:
        return "/-/search?" + urlencode({**active, "page": n})

    n_pages = math.ceil(result["total"] / PAGE_SIZE) if result["total"] else 0
    more = result["capped"] and len(result["rows"]) == PAGE_SIZE
    if page > 1 and not result["rows"]:
        notes.append(f"There is no page {args.get('page')} of these results"
                     + (f": they end on page {n_pages}." if n_pages and not result["capped"] else "."))
    is_search = bool(active) or request.path.startswith("/-/search")
    csv_params = {k: v for k, v in active.items() if k in ("q", "speaker", "outlet", "from", "to", "kind", "stance", "type")}
    return await render_page(datasette, request, "quotes_search.html", {
        "page_title": f"{q} — search quotes" if q else ("Search quotes" if is_search else "Quotes in the news"),
        "is_search": is_search,
        "filters": filters,
        "has": data["has"],
        "outlets": data["outlets"],
        "unknown_outlet": UNKNOWN_OUTLET,
        "kinds": browse.QUOTE_KINDS,
        "any_kind": ANY_KIND,
        "default_kinds": data["has"]["kind"] and kind == browse.DEFAULT_QUOTE_KINDS,
        "stances": browse.STANCES,
        "types": browse.QUOTE_TYPES,
        "speaker": data["speaker"],
        "candidates": data["candidates"],
        "cards": [card(r) for r in result["rows"]],
        "total": result["total"],
        "capped": result["capped"],
        "order": result.get("order"),
        "unsearchable": bool(q) and result["query"] is None and not result["rows"],
        "notes": notes,
        "page": page,
        "prev_url": page_url(min(page - 1, max(n_pages, 1))) if page > 1 else None,
        "next_url": page_url(page + 1) if page < n_pages or more else None,
        "stopped": result.get("stopped"),
        "csv_url": "/-/export.csv?" + urlencode(csv_params) if csv_params else "/-/export.csv",
        "database": db.name,
    })


async def speakers_json(request: Any, datasette: Any) -> Response:
    """``/-/speakers.json?q=Blin``: up to 12 canonical speakers for the autocomplete."""
    prefix = (request.args.get("q") or "").strip()
    _, rows = await run_on_db(datasette, request, lambda conn: browse.search_speakers(conn, prefix) if prefix else [])
    return Response.json(rows)


async def speaker_page(request: Any, datasette: Any) -> Response:
    """``/-/speaker/<id>``: who they are, how and where they were quoted, every quote in context."""
    raw = request.url_vars["speaker_id"]
    sid = _int(raw)
    if sid is None:
        raise NotFound(f"“{raw[:40]}” is not a speaker id: speaker pages are /-/speaker/<number>.")
    page, bad_page = _page(request.args.get("page"))

    def work(conn):
        sp = browse.speaker(conn, sid)
        if sp is None:
            return None
        return {"speaker": sp, "profile": browse.speaker_profile(conn, sid), "has": browse.schema_has(conn),
                "quotes": browse.speaker_quotes(conn, sid, limit=SPEAKER_PAGE_SIZE, offset=(page - 1) * SPEAKER_PAGE_SIZE)}

    db, data = await run_on_db(datasette, request, work)
    if data is None:
        raise NotFound(f"There is no speaker {sid}.")
    prof = data["profile"]
    n_pages = max(1, math.ceil(prof["total"] / SPEAKER_PAGE_SIZE))
    timeline = [(m, n) for m, n in prof["timeline"] if m]
    undated = sum(n for m, n in prof["timeline"] if not m)
    peak = max([n for _, n in timeline] or [1])
    cards = []
    for r in data["quotes"]:
        c = card(r)
        c["before"] = r.get("before") or ""
        c["after"] = r.get("after") or ""
        cards.append(c)
    base = f"/-/speaker/{sid}"
    return await render_page(datasette, request, "quotes_speaker.html", {
        "page_title": data["speaker"]["name"] or f"Speaker {sid}",
        "speaker": data["speaker"],
        "profile": prof,
        "has": data["has"],
        "timeline": timeline,
        "timeline_peak": peak,
        "undated": undated,
        "cards": cards,
        "page": page,
        "n_pages": n_pages,
        "prev_url": f"{base}?page={min(page - 1, n_pages)}" if page > 1 else None,
        "next_url": f"{base}?page={page + 1}" if page < n_pages else None,
        "page_note": bad_page or (f"There is no page {request.args.get('page')}: their quotes end on page {n_pages}."
                                  if page > n_pages else None),
        "search_url": "/-/search?" + urlencode({"speaker": sid, "kind": ANY_KIND}),
        "csv_url": "/-/export.csv?" + urlencode({"speaker": sid, "kind": ANY_KIND}),
        "any_kind": ANY_KIND,
        "database": db.name,
    })


#: Stance colours (colour-blind-safe Okabe-Ito first), by rank of the stance on the chart.
STANCE_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7a7a00", "#000000",
                  "#8c564b", "#6a3d9a", "#b15928", "#1f78b4", "#33a02c"]


async def charts_page(request: Any, datasette: Any) -> Response:
    """``/-/charts``: charts that answer questions. Who is quoted most (top 20, by kind of
    speaker or outlet), how stances change over time (all, or one speaker's), and which outlets
    quote a speaker. Every kind of attribution is counted (opinions and acts too, unlike the
    search's default), and the page says so."""
    args = request.args
    kind = args.get("kind") if args.get("kind") in browse.SPEAKER_KINDS else None
    outlet_arg = args.get("outlet") or None
    outlet = "" if outlet_arg == UNKNOWN_OUTLET else outlet_arg
    speaker_id = _int(args.get("speaker"))
    speaker_name = (args.get("speaker_name") or "").strip()

    def work(conn):
        sid = speaker_id
        if sid is None and speaker_name:
            hits = browse.speaker_by_name(conn, speaker_name)
            sid = hits[0]["id"] if len(hits) == 1 else None
        sp = browse.speaker(conn, sid) if sid is not None else None
        return {
            "has_kind": browse.schema_has(conn)["kind"],
            "top": browse.top_speakers(conn, kind=kind, outlet=outlet),
            "outlets": browse.outlets(conn),
            "speaker": sp,
            "stance": browse.stance_over_time(conn, sp["id"] if sp else None),
            "speaker_outlets": browse.speaker_outlets(conn, sp["id"]) if sp else [],
        }

    db, data = await run_on_db(datasette, request, work)
    st = data["stance"]
    notes = [n for n in [_speaker_note(args.get("speaker"), data["speaker"], "the charts are for everyone")] if n]
    if speaker_name and not args.get("speaker") and data["speaker"] is None:
        notes.append(f"No speaker is called “{speaker_name}”: the charts are for everyone.")
    colours = {s: STANCE_COLOURS[i % len(STANCE_COLOURS)] for i, s in enumerate(st["stances"])}
    month_totals = [sum(st["counts"].get((m, s), 0) for s in st["stances"]) for m in st["months"]]
    return await render_page(datasette, request, "quotes_charts.html", {
        "page_title": "Charts",
        "notes": notes,
        "top": data["top"],
        "top_max": max([r["quotes"] for r in data["top"]] or [1]),
        "kinds": browse.SPEAKER_KINDS,
        "outlets": data["outlets"],
        "unknown_outlet": UNKNOWN_OUTLET,
        "filters": {"kind": kind or "", "outlet": outlet_arg or "",
                    "speaker": str((data["speaker"] or {}).get("id") or ""),
                    "speaker_name": (data["speaker"] or {}).get("name") or speaker_name},
        "speaker": data["speaker"],
        "stance": st,
        "stance_colours": colours,
        "month_totals": month_totals,
        "month_max": max(month_totals or [1]),
        "speaker_outlets": data["speaker_outlets"],
        "speaker_outlets_max": max([n for _, n in data["speaker_outlets"]] or [1]),
        # the kept counts behind the charts (browse.update_browse_stats, speaker_stats) have no
        # kind of attribution: the charts count every kind, unlike the search's default
        "every_kind_note": data["has_kind"],
        "any_kind": ANY_KIND,
        "database": db.name,
    })
