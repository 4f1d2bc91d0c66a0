"""HTML articles: the main text and page metadata, through trafilatura."""
from __future__ import annotations


def html_to_article(source: str, html: str, encoding: str, repairs: list[str]):
    """Extract the main text, title, date and outlet of an HTML page as an ``Article``."""
    from .corpus import ArticleError, make_article

    import trafilatura

    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
        meta = trafilatura.extract_metadata(html)
    except Exception as exc:  # trafilatura raises many types on odd markup
        return ArticleError(source, f"could not extract text from HTML ({type(exc).__name__}: {exc})")
    if not text or not text.strip():
        return ArticleError(source, "HTML page has no main text to extract")
    fields = {}
    if meta is not None:
        fields = {
            "title": meta.title,
            "published": meta.date,
            "outlet": meta.sitename or meta.hostname,
            "url": meta.url,
        }
    return make_article(source, text, fields, "html", encoding, repairs + ["html-extracted"])
