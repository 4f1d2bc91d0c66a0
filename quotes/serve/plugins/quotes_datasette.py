"""Datasette plugin hooks for quotes (loaded with ``--plugins-dir quotes/serve/plugins``).

- ``/-/article/<id>``: the article text with its quotes highlighted (quotes.serve.pages)
- ``/-/claim/<id>``: a claim across articles (quotes.serve.claim)
- sqlite-vec's SQL functions on every connection ("claims like this", quotes.store.vec)
- ``/`` and ``/-/search``: search-first home page; ``/-/speaker/<id>``: speaker pages;
  ``/-/speakers.json``: the speaker autocomplete (quotes.serve.views)
- links from article titles and query results to that page, from speaker names to speaker pages,
  from cluster ids to the quote-travel view (cluster_variants_view)
- wording drift (``[-removed-] {+added+}``) coloured instead of shown as markup
- CSV responses with spreadsheet formulas neutralised
- ``quotes_fts_query(q)`` (and ``escape_fts(q)``) SQL functions for the canned search query
"""

from datasette import hookimpl
from datasette.utils import escape_fts
from markupsafe import Markup, escape

from quotes.store import articles
from quotes.serve.article import ARTICLE_ID, display_title
from quotes.store.browse import fts_query
from quotes.serve.csvsafe import csv_safe_app
from quotes.serve.claim import claim_page
from quotes.serve.pages import article_page
from quotes.store.vec import load_vec
from quotes.serve.views import charts_page, diff_html, export_csv, search_page, speaker_page, speakers_json


@hookimpl
def register_routes(datasette):
    return [
        (r"^/-/article/(?P<article_id>[^/]+)$", article_page),
        (r"^/$", search_page),
        (r"^/-/search$", search_page),
        (r"^/-/speakers\.json$", speakers_json),
        (r"^/-/export\.csv$", export_csv),
        (r"^/-/charts$", charts_page),
        (r"^/-/speaker/(?P<speaker_id>[^/]+)$", speaker_page),
        (r"^/-/claim/(?P<claim_id>[^/]+)$", claim_page),
    ]


@hookimpl
def asgi_wrapper(datasette):
    return csv_safe_app


@hookimpl
def prepare_connection(conn):
    load_vec(conn)
    conn.create_function("escape_fts", 1, lambda q: escape_fts(q or ""), deterministic=True)
    # what a person typed (OR, prefix*, "phrases") as a safe FTS5 query on quotes_fts.text
    conn.create_function("quotes_fts_query", 1, lambda q: fts_query(q) or 'text : ("")', deterministic=True)


def _article_link(datasette, article_id, text, quote_id=None):
    if not isinstance(article_id, str) or not ARTICLE_ID.match(article_id):
        return None
    href = datasette.urls.path(f"/-/article/{article_id}")
    if quote_id:
        href += f"#text-{quote_id}"
    return Markup('<a class="article-link" href="{}">{}</a>').format(href, text)


def _headline_link(datasette, database, article_id, quote_id):
    """An awaitable link for an untitled article: its headline (first line) from its text."""

    async def inner():
        if not isinstance(article_id, str) or not ARTICLE_ID.match(article_id):
            return None
        head = await datasette.get_database(database).execute_fn(lambda conn: articles.article_head(conn, article_id))
        return _article_link(datasette, article_id, display_title(None, head or ""), quote_id)

    return inner


def _get(row, key):
    try:
        return row[key]
    except (KeyError, IndexError, TypeError):
        return None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if table == "articles" and column == "title":
        return _article_link(datasette, _get(row, "id"), display_title(value, _get(row, "text")))
    if table == "quotes_view" and column == "article":
        if value and str(value).strip():
            return _article_link(datasette, _get(row, "article_id"), value, _get(row, "id"))
        return _headline_link(datasette, database, _get(row, "article_id"), _get(row, "id"))
    if column in ("article", "first_article") and not (value and str(value).strip()):
        # an untitled article in a view or query (clusters_view, cluster_variants_view, heard_via, ...)
        article_id = _get(row, "article_id" if column == "article" else "first_article_id")
        if article_id:
            return _headline_link(datasette, database, article_id, _get(row, "quote_id"))
    if column in ("article_id", "first_article_id") and isinstance(value, dict) and not str(value.get("label") or "").strip():
        # Datasette's label of a foreign key to an untitled article would read "None"
        return _headline_link(datasette, database, value.get("value"), None)
    if table is None and column == "article_id":
        return _article_link(datasette, value, value, _get(row, "quote_id"))
    if column == "cluster_id" and isinstance(value, str) and value and table != "cluster_variants_view":
        # the quote-travel view: each wording, where and when, with its drift coloured
        return Markup('<a class="travel-link" href="{}?cluster_id={}" title="how this quote travelled">{}</a>').format(
            datasette.urls.table(database, "cluster_variants_view"), value, value)
    if column == "claim_id" and isinstance(value, str) and value:
        return Markup('<a href="{}">{}</a>').format(datasette.urls.path(f"/-/claim/{value}"), value)
    if table == "claims" and column == "id" and isinstance(value, str):
        return Markup('<a href="{}">{}</a>').format(datasette.urls.path(f"/-/claim/{value}"), value)
    if table is None and column == "speaker_id" and isinstance(value, int):
        return Markup('<a href="{}">{}</a>').format(datasette.urls.path(f"/-/speaker/{value}"), value)
    if column == "diff" and isinstance(value, str) and value:
        return diff_html(value)
    speaker_id = _get(row, "id") if table in ("speakers", "speaker_summary") and column == "name" else (
        _get(row, "speaker_id") if column == "speaker" and table in ("quotes_view", "clusters_view", None) else None)
    if isinstance(speaker_id, int) and value:
        return Markup('<a class="speaker-link" href="{}">{}</a>').format(datasette.urls.path(f"/-/speaker/{speaker_id}"), value)
    return None

