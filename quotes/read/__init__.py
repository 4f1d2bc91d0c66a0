"""Reading articles: finding files, sidecars, front matter and ``.jsonl`` lines (``files``),
decoding and cleaning text (``decode``), the main text and metadata of HTML pages (``html``)."""
from .decode import clean_text, decode, fix_gbk_mojibake, html_charset, implausibility
from .files import (MAX_BYTES, MAX_CHARS, META_FIELDS, SUFFIXES, count_articles, find_files, headline,
                    html_to_article, iso_date, looks_like_html, make_article, read_articles, read_sidecar,
                    shown_path, split_front_matter, valid_url)
from .html import extract_html, html_text

__all__ = [
    "MAX_BYTES", "MAX_CHARS", "META_FIELDS", "SUFFIXES", "clean_text", "count_articles", "decode", "extract_html",
    "find_files", "fix_gbk_mojibake", "headline", "html_charset", "html_text", "html_to_article", "implausibility",
    "iso_date", "looks_like_html", "make_article", "read_articles", "read_sidecar", "shown_path", "split_front_matter",
    "valid_url",
]
