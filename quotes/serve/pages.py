"""Datasette views for quotes: the article page at ``/-/article/<id>``."""
from __future__ import annotations

import re
from typing import Any

from datasette.utils.asgi import NotFound, Response
from datasette.version import __version__ as datasette_version

from ..store import articles
from .article import ARTICLE_ID, display_title, highlight, quote_marks

DB_NAME = "quotes"
_WEB_URL = re.compile(r"^https?://", re.I)


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
    article = await db.execute_fn(lambda conn: articles.article(conn, article_id))
    if article is None:
        raise NotFound(f"No article {article_id}")
    text = article.get("text") or ""
    quote_rows = await db.execute_fn(lambda conn: articles.article_quotes(conn, article_id))
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
                # the journalist's CSV (byte-order mark, names not ids), as on the search page
                "csv_url": datasette.urls.path("/-/export.csv") + f"?article={article_id}",
                "speaker_url": lambda sid: datasette.urls.path(f"/-/speaker/{int(sid)}"),
            },
            request=request,
        )
    )
