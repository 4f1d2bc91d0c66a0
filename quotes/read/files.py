"""Find and read articles: ``.txt`` (with a sidecar ``NAME.json`` or YAML front matter),
``.html`` and ``.jsonl`` (one article a line). Every problem becomes an :class:`ArticleError`
that names the file and the problem; reading never raises on bad input.

Text is decoded and cleaned by :mod:`quotes.read.decode`, HTML pages reduced to their main
text by :mod:`quotes.read.html`. What was done is kept on the article (``encoding``,
``repairs``) and stored with it.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Iterable, Iterator

import yaml

from ..types import Article, ArticleError
from .decode import clean_text, decode, has_letter, html_charset, normalise_newlines
from .html import html_text

__all__ = ["SUFFIXES", "MAX_BYTES", "MAX_CHARS", "META_FIELDS", "find_files", "read_articles", "count_articles",
           "read_sidecar", "make_article", "html_to_article", "split_front_matter", "headline", "looks_like_html"]

SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".jsonl"}
MAX_BYTES = 20_000_000  # a file larger than this is not read at all
MAX_CHARS = 1_000_000  # an article longer than this (after decoding) is rejected
META_FIELDS = ("title", "outlet", "url", "published")


# --------------------------------------------------------------------------- finding files


def find_files(paths: Iterable[str | Path]) -> Iterator[Path | ArticleError]:
    """Expand files and directories (recursively, sorted by name) into article files.

    Directories are walked following symbolic links, but a link back to an enclosing
    directory (a loop) is reported and not followed, and a directory reached twice is read
    once. Hidden names (``.name``) are skipped; broken links and special files with an article
    suffix are reported."""
    visited: set[str] = set()
    for p in paths:
        p = Path(os.fsdecode(p))
        if not _utf8_name(str(p)):
            yield ArticleError(shown_path(p), _BAD_NAME)
        elif p.is_dir():
            yield from _walk(p, visited, ())
        elif p.is_file():
            yield p
        elif p.is_symlink():
            yield ArticleError(str(p), "broken symbolic link")
        elif p.exists():
            yield ArticleError(str(p), "not a regular file")
        else:
            yield ArticleError(str(p), "no such file or directory")


def _walk(d: Path, visited: set[str], ancestors: tuple[str, ...]) -> Iterator[Path | ArticleError]:
    real = os.path.realpath(d)
    if real in ancestors:
        yield ArticleError(str(d), "symbolic link loop (leads back to an enclosing directory); not followed")
        return
    if real in visited:
        return
    visited.add(real)
    try:
        with os.scandir(d) as it:
            entries = sorted(it, key=lambda e: e.name)
    except PermissionError:
        yield ArticleError(str(d), "permission denied (cannot list the directory)")
        return
    except OSError as exc:
        yield ArticleError(str(d), f"cannot list the directory ({exc.strerror or exc})")
        return
    for e in entries:
        if e.name.startswith("."):
            continue
        path = d / e.name
        if not _utf8_name(e.name):  # bytes that are not UTF-8: SQLite and the terminal cannot take it
            if Path(e.name).suffix.lower() in SUFFIXES or e.is_dir():
                yield ArticleError(shown_path(path), _BAD_NAME)
            continue
        try:
            is_dir = e.is_dir()
            is_file = e.is_file()
        except OSError:
            is_dir = is_file = False
        if is_dir:
            yield from _walk(path, visited, ancestors + (real,))
        elif Path(e.name).suffix.lower() in SUFFIXES:
            if is_file:
                yield path
            elif e.is_symlink():
                yield ArticleError(str(path), "broken symbolic link")
            else:
                yield ArticleError(str(path), "not a regular file")


_BAD_NAME = "file name is not valid UTF-8 (shown with \\x escapes); rename it to read it"


def _utf8_name(name: str) -> bool:
    try:
        name.encode("utf-8")
        return True
    except UnicodeEncodeError:  # undecodable bytes of the name, kept by Python as lone surrogates
        return False


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def shown_path(path: str | Path) -> str:
    """A path as one printable line: bytes of the name that are not UTF-8, and control
    characters (a newline in a file name), as ``\\xNN``."""
    s = str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}", s)


# --------------------------------------------------------------------------- reading


def read_articles(paths: Iterable[str | Path]) -> Iterator[Article | ArticleError]:
    """Read every article under ``paths``; yields an :class:`ArticleError` for each bad one."""
    for f in find_files(paths):
        if isinstance(f, ArticleError):
            yield f
            continue
        try:
            yield from _read_file(f)
        except Exception as exc:  # last line of defence: never a traceback for one bad file
            yield ArticleError(str(f), f"could not read: {type(exc).__name__}: {exc}")


def _os_problem(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "file vanished before it could be read"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return f"could not read ({exc.strerror or exc})"


def _read_bytes(path: Path, limit: int) -> bytes | str:
    """At most ``limit + 1`` bytes of ``path``, or an error message."""
    try:
        with open(path, "rb") as fh:
            return fh.read(limit + 1)
    except OSError as exc:
        return _os_problem(exc)


def _read_file(path: Path) -> Iterator[Article | ArticleError]:
    raw = _read_bytes(path, MAX_BYTES)
    if isinstance(raw, str):
        yield ArticleError(str(path), raw)
        return
    if len(raw) > MAX_BYTES:
        yield ArticleError(str(path), f"too large (over {MAX_BYTES:,} bytes)")
        return
    suffix = path.suffix.lower()
    is_html = suffix in (".html", ".htm")
    decoded = decode(raw, declared=html_charset(raw) if is_html or raw.lstrip()[:1] == b"<" else None)
    if isinstance(decoded, str):
        yield ArticleError(str(path), decoded)
        return
    text, encoding, repairs = decoded
    if suffix == ".jsonl":
        yield from _read_jsonl(path, text, encoding, repairs)
        return
    text, changed = normalise_newlines(text)  # before looking for front matter
    if changed:
        repairs = repairs + ["newlines"]
    if is_html and not _TAG.search(text):  # an .html file with no markup at all: plain text
        is_html = False
    elif looks_like_html(text):
        is_html = True
    if is_html:
        yield html_to_article(str(path), text, encoding, repairs)
        return
    meta, body = split_front_matter(text)
    if isinstance(meta, str):
        yield ArticleError(str(path), meta)
        return
    sidecar = path.with_suffix(".json")
    if sidecar != path and sidecar.is_file():
        extra = read_sidecar(sidecar)
        if isinstance(extra, str):
            yield ArticleError(str(path), extra)
            return
        meta = {**extra, **meta}
    yield make_article(str(path), body, meta, "txt", encoding, repairs)


def read_sidecar(path: Path) -> dict | str:
    """The metadata object in a sidecar ``NAME.json``, or an error message."""
    raw = _read_bytes(path, 1_000_000)
    if isinstance(raw, str):
        return f"sidecar {path.name}: {raw}"
    try:
        extra = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return f"sidecar {path.name} is not UTF-8"
    except ValueError as exc:
        msg = getattr(exc, "msg", str(exc))
        return f"sidecar {path.name} is not valid JSON ({msg})"
    if not isinstance(extra, dict):
        return f"sidecar {path.name} is not a JSON object"
    return extra


def _meta_value(v: object) -> str | None:
    """A metadata value as text; lists, objects and blanks become ``None``."""
    if v is None or isinstance(v, (list, dict, tuple, set, bytes)):
        return None
    s, _ = clean_text(str(v))
    s = " ".join(s.split())
    return s[:1000] or None


def make_article(source: str, text: str, meta: dict, fmt: str, encoding: str, repairs: list[str]) -> Article | ArticleError:
    """Normalise text and metadata into an :class:`Article` (or an error for text that cannot be one)."""
    if len(text) > MAX_CHARS:
        return ArticleError(source, f"too long ({len(text):,} characters; the limit is {MAX_CHARS:,})")
    text, more = clean_text(text)
    repairs = repairs + more
    if not text.strip():
        return ArticleError(source, "empty article (no text after cleaning)")
    if not has_letter(text):
        return ArticleError(source, "no words in the text (only punctuation, digits or symbols)")
    m = {str(k).lower(): _meta_value(v) for k, v in meta.items()}
    title = m.get("title") or headline(text)
    warnings: list[str] = []
    published = m.get("published") or m.get("date")
    if published is not None and iso_date(published) is None:
        warnings.append(f"published {_short(published)} is not a date (ISO 8601 or RFC 2822); dropped")
        repairs = repairs + ["dropped-published"]
    published = iso_date(published) if published is not None else None
    url = m.get("url")
    if url is not None and not valid_url(url):
        warnings.append(f"url {_short(url)} is not an http(s) address; dropped")
        repairs = repairs + ["dropped-url"]
        url = None
    return Article(
        source_path=source,
        text=text,
        title=title,
        outlet=m.get("outlet") or m.get("source") or m.get("publisher") or m.get("sitename"),
        url=url,
        published=published,
        format=fmt,
        encoding=encoding,
        repairs=list(dict.fromkeys(repairs)),
        warnings=warnings,
    )


def _short(value: str) -> str:
    return repr(value if len(value) <= 60 else value[:57] + "...")


_YEAR_MONTH = re.compile(r"(\d{4})(?:-(\d{2}))?")


def iso_date(value: str) -> str | None:
    """``value`` when it is a real ISO 8601 date or date-time (``2024``, ``2024-03``,
    ``2024-03-05``, ``2024-03-05T09:00:00Z``), an RFC 2822 date turned into ISO 8601, else
    ``None``: impossible dates (``2024-02-30``), ``inf`` and free text are not dates."""
    from datetime import datetime
    from email.utils import parsedate_to_datetime

    s = value.strip()
    m = _YEAR_MONTH.fullmatch(s)
    if m:
        year, month = int(m.group(1)), m.group(2)
        return s if 1000 <= year <= 2999 and (month is None or 1 <= int(month) <= 12) else None
    if not re.match(r"\d{4}-\d{2}-\d{2}", s):  # ISO 8601 extended form only; then RFC 2822
        try:
            d = parsedate_to_datetime(s)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        return d.isoformat() if d is not None and 1000 <= d.year <= 2999 else None
    try:
        d = datetime.fromisoformat(s[:-1] + "+00:00" if s.endswith(("Z", "z")) else s)
    except ValueError:
        return None
    return s if 1000 <= d.year <= 2999 else None


def valid_url(value: str) -> bool:
    """An absolute http(s) address with a host and no spaces."""
    from urllib.parse import urlsplit

    if any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _read_jsonl(path: Path, text: str, encoding: str, repairs: list[str]) -> Iterator[Article | ArticleError]:
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield ArticleError(where, f"not valid JSON ({getattr(exc, 'msg', exc)})")
            continue
        except RecursionError:
            yield ArticleError(where, "not valid JSON (nested too deeply)")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield ArticleError(where, "a JSON line needs an object with a string field 'text'")
            continue
        meta = {k: obj.get(k) for k in (*META_FIELDS, "date", "source", "publisher")}
        yield make_article(where, obj["text"], meta, "jsonl", encoding, repairs)


def html_to_article(source: str, html: str, encoding: str, repairs: list[str]) -> Article | ArticleError:
    """The main text, title, date and outlet of an HTML page as an ``Article`` (or an
    ``ArticleError`` when there is no main text or the markup defeats the extractor)."""
    result = html_text(html)
    if isinstance(result, str):
        return ArticleError(source, result)
    text, meta, more = result
    return make_article(source, text, meta, "html", encoding, repairs + more)


def count_articles(paths: Iterable[str | Path]) -> int:
    """How many articles ``paths`` hold (files, plus one per line of ``.jsonl``): for progress."""
    n = 0
    for f in find_files(paths):
        if isinstance(f, Path) and f.suffix.lower() == ".jsonl":
            try:
                with open(f, "rb") as fh:
                    n += sum(1 for line in fh if line.strip())
            except OSError:
                n += 1
        else:
            n += 1
    return n


# --------------------------------------------------------------------------- metadata

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.S)


class _PlainLoader(yaml.SafeLoader):
    """Safe YAML whose dates stay the text they were written as (validated later, field by
    field): PyYAML's own date reading fails on the whole document for ``2024-02-30``."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


MAX_FRONT_MATTER = 65_536
MAX_NESTING = 100


def _nesting(block: str) -> int:
    """How deep flow collections (``[``, ``{``) nest in ``block``, at most (quotes ignored)."""
    depth = deepest = 0
    for c in re.sub(r"[^\[\]{}]", "", block):
        depth = depth + 1 if c in "[{" else max(0, depth - 1)
        deepest = max(deepest, depth)
    return deepest


def split_front_matter(text: str) -> tuple[dict | str, str]:
    """YAML front matter (``---`` ... ``---``) at the top, if any: (metadata, body), or
    (an error message, text) when it is not a YAML mapping."""
    m = _FRONT.match(text.lstrip("\ufeff"))
    if not m:
        return {}, text
    block = m.group(1) or ""
    if len(block) > MAX_FRONT_MATTER:
        return f"front matter too large (over {MAX_FRONT_MATTER:,} characters)", text
    if _nesting(block) > MAX_NESTING:  # PyYAML recurses per level: seconds before it gives up
        return f"front matter is not valid YAML (nested over {MAX_NESTING} levels deep)", text
    try:
        meta = yaml.load(block, Loader=_PlainLoader) or {}
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return f"front matter is not valid YAML ({first})", text
    except RecursionError:
        return "front matter is not valid YAML (nested too deeply)", text
    if not isinstance(meta, dict):
        return "front matter is not a YAML mapping", text
    return meta, text.lstrip("\ufeff")[m.end():]


def headline(text: str) -> str | None:
    """The first line, when it looks like a headline: short, no final full stop, several words."""
    first = text.strip().split("\n", 1)[0].strip()
    if not first or len(first) > 160 or "\n" not in text.strip():
        return None
    if first.endswith((".", ",", ";", ":")) and not first.endswith("..."):
        return None
    if len(first.split()) < 3 or first[0] in "\"“‘'«":
        return None
    return first


_TAG = re.compile(r"<[A-Za-z!/]")
_CLOSING_TAG = re.compile(r"</(p|div|span|a|b|i|em|strong|h[1-6]|li|ul|ol|article|section|table|td|tr|body|html)\s*>", re.I)


def looks_like_html(text: str) -> bool:
    """A page (``<!doctype html>``, ``<html>``, ``<body>``) or a fragment of tagged paragraphs."""
    head = text.lstrip()[:500].lower()
    if head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text):
        return True
    return head.startswith("<") and len(_CLOSING_TAG.findall(text[:20000])) >= 2
