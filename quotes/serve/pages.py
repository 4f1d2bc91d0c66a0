"""Datasette views for quotes: the article page at ``/-/article/<id>``."""
from __future__ import annotations

import re
from typing import Any

from datasette.utils.asgi import NotFound, Response
from datasette.version import __version__ as datasette_version

from .article import ARTICLE_ID, display_title, highlight, quote_marks

DB_NAME = "quotes"
_WEB_URL = re.compile(r"^https?://", re.I)

_QUOTES_SQL = """
select q.id, q.type, q.text, q.start, q."end", q.spans, q.speaker_id, q.speaker_text,
       q.speaker_start, q.speaker_end, q.cue, q.cue_start, q.cue_end, q.stance, q.confidence,
       q.addressee_text, q.via_text, s.name as speaker, s.kind as speaker_kind
from quotes q left join speakers s on s.id = q.speaker_id
where q.article_id = ?
order by q.start, q.id
"""


def quotes_database(datasette: Any) -> Any:
    """The database named ``quotes``, else the first one (``datasette other.db --plugins-dir``)."""
    if DB_NAME in datasette.databases:
        return datasette.databases[DB_NAME]
    try:
        return datasette.get_database()
    except IndexError:
        raise NotFound("No quotes database") from None


async def article_page(request: Any, datasette: Any) -> Response:
    """The article text with every quote highlighted, and the list of quotes beside it."""
    article_id = request.url_vars["article_id"]
    db = quotes_database(datasette)
    await datasette.ensure_permissions(
        request.actor, [("view-table", (db.name, "articles")), ("view-database", db.name), "view-instance"]
    )
    if not ARTICLE_ID.match(article_id):
        raise NotFound("Not an article id")
    rows = (await db.execute("select * from articles where id = ?", [article_id])).rows
    if not rows:
        raise NotFound(f"No article {article_id}")
    article = dict(rows[0])
    text = article.get("text") or ""
    quote_rows = [dict(r) for r in (await db.execute(_QUOTES_SQL, [article_id])).rows]
    marks = quote_marks(quote_rows, len(text))
    return Response.html(
        await datasette.render_template(
            "article.html",
            {
                "database": db.name,
                "metadata": datasette.metadata(database=db.name) or {},
                "datasette_version": datasette_version,
                "article": article,
                "title": display_title(article.get("title"), text),
                "article_url": article.get("url") if _WEB_URL.match(article.get("url") or "") else None,
                "marks": marks,
                "highlighted": highlight(text, marks),
                "article_row_url": datasette.urls.row(db.name, "articles", article_id),
                "quotes_url": datasette.urls.table(db.name, "quotes_view") + "?article_id=" + article_id,
                "csv_url": datasette.urls.table(db.name, "quotes", format="csv")
                + f"?article_id={article_id}&_labels=on&_dl=1",
                "speaker_url": lambda sid: datasette.urls.row(db.name, "speakers", str(sid)),
            },
            request=request,
        )
    )
