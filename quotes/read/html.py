"""HTML articles: the main text and the page's metadata (title, date, outlet, URL), through
trafilatura. Paragraphs are separated by a blank line, as in the ``.txt`` format. Knows nothing
of files or articles."""
from __future__ import annotations

import logging
from typing import Any

# trafilatura, htmldate and courlan log warnings on odd pages; the reader reports problems itself.
for _name in ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

# Don't let a single page guess a date from its body text: only declared dates count.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def _field(doc: Any, name: str) -> Any:
    """A field of trafilatura's result: a ``Document`` (2.x) or a dict (1.x)."""
    if isinstance(doc, dict):
        return doc.get(name)
    return getattr(doc, name, None)


_CONFIG = None


def _config():
    """trafilatura's settings, except that a short article (one paragraph) is still an article."""
    global _CONFIG
    if _CONFIG is None:
        from trafilatura.settings import use_config

        cfg = use_config()
        cfg.set("DEFAULT", "MIN_EXTRACTED_SIZE", "10")
        cfg.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
        _CONFIG = cfg
    return _CONFIG


def extract_html(html: str) -> tuple[str | None, dict[str, str | None]]:
    """The main text of a page (paragraphs joined by blank lines) and its metadata.
    Raises whatever trafilatura raises on markup it cannot handle."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, favor_recall=True, include_comments=False, include_tables=False,
        with_metadata=True, date_extraction_params=_DATE_PARAMS, config=_config(),
    )
    if doc is None:
        return None, {}
    text = _field(doc, "text") or ""
    text = "\n\n".join(line.strip() for line in text.split("\n") if line.strip())
    meta = {
        "title": _field(doc, "title"),
        "published": _field(doc, "date"),
        "outlet": _field(doc, "sitename") or _field(doc, "hostname"),
        "url": _field(doc, "url"),
    }
    return text, meta


def html_text(html: str) -> tuple[str, dict[str, str | None], list[str]] | str:
    """The main text of a page, its metadata and the repairs made (NUL characters dropped,
    ``html-extracted``), or a one-line problem: no main text, or markup that defeats the extractor."""
    repairs = []
    if "\x00" in html:
        html = html.replace("\x00", "")
        repairs.append("control-chars")
    try:
        text, meta = extract_html(html)
    except RecursionError:
        return "could not extract text from HTML (markup nested too deeply)"
    except Exception as exc:  # trafilatura and lxml raise many types on odd markup
        return f"could not extract text from HTML ({type(exc).__name__}: {exc})"
    if not text or not text.strip():
        return "HTML page has no main text to extract"
    return text, meta, repairs + ["html-extracted"]
