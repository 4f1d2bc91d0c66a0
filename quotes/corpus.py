"""Find and read articles: ``.txt`` (with a sidecar ``NAME.json`` or YAML front matter),
``.html`` and ``.jsonl`` (one article a line). Every problem becomes an :class:`ArticleError`
that names the file and the problem; reading never raises on bad input."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import yaml

SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".jsonl"}
MAX_BYTES = 20_000_000
META_FIELDS = ("title", "outlet", "url", "published")


@dataclass
class Article:
    """An article ready to analyse. ``text`` is exactly what will be parsed and stored."""

    source_path: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    format: str = "txt"
    encoding: str = "utf-8"
    repairs: list[str] = field(default_factory=list)


@dataclass
class ArticleError:
    source_path: str
    error: str

    def __str__(self) -> str:
        return f"{self.source_path}: {self.error}"


def find_files(paths: Iterable[str | Path]) -> Iterator[Path | ArticleError]:
    """Expand files and directories (recursively, sorted) into article files."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.startswith("."):
                    yield f
        elif p.is_file():
            yield p
        else:
            yield ArticleError(str(p), "no such file or directory")


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


def _read_file(path: Path) -> Iterator[Article | ArticleError]:
    size = path.stat().st_size
    if size > MAX_BYTES:
        yield ArticleError(str(path), f"too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
        return
    raw = path.read_bytes()
    suffix = path.suffix.lower()
    decoded = decode(raw)
    if isinstance(decoded, str):
        yield ArticleError(str(path), decoded)
        return
    text, encoding, repairs = decoded
    if suffix == ".jsonl":
        yield from _read_jsonl(path, text, encoding, repairs)
        return
    if suffix in (".html", ".htm") or _looks_like_html(text):
        from .html import html_to_article

        yield html_to_article(str(path), text, encoding, repairs)
        return
    meta, body = split_front_matter(text)
    if isinstance(meta, str):
        yield ArticleError(str(path), meta)
        return
    sidecar = path.with_suffix(".json")
    if sidecar.exists() and sidecar != path:
        try:
            extra = json.loads(sidecar.read_text(encoding="utf-8"))
            if not isinstance(extra, dict):
                raise ValueError("not a JSON object")
            meta = {**extra, **meta}
        except (ValueError, UnicodeDecodeError) as exc:
            yield ArticleError(str(path), f"sidecar {sidecar.name} is not valid JSON metadata ({exc})")
            return
    yield make_article(str(path), body, meta, "txt", encoding, repairs)


def make_article(source: str, text: str, meta: dict, fmt: str, encoding: str, repairs: list[str]) -> Article | ArticleError:
    """Normalise text and metadata into an :class:`Article` (or an error for empty text)."""
    text, more = clean_text(text)
    repairs = repairs + more
    if not text.strip():
        return ArticleError(source, "empty article (no text after cleaning)")
    meta = {k: (str(v).strip() if v is not None else None) for k, v in meta.items()}
    title = meta.get("title") or None
    if not title:
        title = headline(text)
    return Article(
        source_path=source,
        text=text,
        title=title,
        outlet=meta.get("outlet") or meta.get("source") or meta.get("publisher") or None,
        url=meta.get("url") or None,
        published=meta.get("published") or meta.get("date") or None,
        format=fmt,
        encoding=encoding,
        repairs=repairs,
    )


def _read_jsonl(path: Path, text: str, encoding: str, repairs: list[str]) -> Iterator[Article | ArticleError]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield ArticleError(where, f"not valid JSON ({exc.msg})")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield ArticleError(where, "a JSON line needs an object with a string field 'text'")
            continue
        meta = {k: obj.get(k) for k in (*META_FIELDS, "date", "source", "publisher")}
        yield make_article(where, obj["text"], meta, "jsonl", encoding, repairs)


def decode(raw: bytes) -> tuple[str, str, list[str]] | str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with a BOM, else a detected encoding.
    Returns (text, encoding, repairs) or an error message."""
    if not raw.strip():
        return "empty file"
    repairs: list[str] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16", ["bom"]
        except UnicodeDecodeError as exc:
            return f"invalid UTF-16 ({exc.reason} at byte {exc.start})"
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        repairs.append("bom")
    try:
        return raw.decode("utf-8"), "utf-8", repairs
    except UnicodeDecodeError:
        pass
    if _looks_binary(raw):
        return "binary file, not text"
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        return "not text in any known encoding (binary?)"
    return str(best), best.encoding, repairs + [f"decoded:{best.encoding}"]


def _looks_binary(raw: bytes) -> bool:
    head = raw[:8192]
    if b"\x00" in head:
        return True
    ctrl = sum(1 for b in head if b < 9 or 13 < b < 32)
    return ctrl > len(head) * 0.05


_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> tuple[str, list[str]]:
    """Normalise newlines, strip control characters, repair mojibake (ftfy) where it is safe."""
    repairs: list[str] = []
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
        repairs.append("bom")
    if _CTRL.search(text):
        text = _CTRL.sub("", text)
        repairs.append("control-chars")
    import ftfy

    fixed = ftfy.fix_text(
        text,
        normalization=None,
        uncurl_quotes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        fix_line_breaks=False,
        remove_terminal_escapes=True,
        fix_surrogates=True,
    )
    if fixed != text:
        text = fixed
        repairs.append("mojibake")
    return text.strip("\n"), repairs


_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)


def split_front_matter(text: str) -> tuple[dict | str, str]:
    """YAML front matter (``---`` ... ``---``) at the top, if any: (metadata, body)."""
    m = _FRONT.match(text)
    if not m:
        return {}, text
    try:
        meta = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        return f"front matter is not valid YAML ({str(exc).splitlines()[0]})", text
    if not isinstance(meta, dict):
        return "front matter is not a YAML mapping", text
    return meta, text[m.end():]


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


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)
