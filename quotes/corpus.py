"""Find and read articles: ``.txt`` (with a sidecar ``NAME.json`` or YAML front matter),
``.html`` and ``.jsonl`` (one article a line). Every problem becomes an :class:`ArticleError`
that names the file and the problem; reading never raises on bad input.

Text is decoded (UTF-8, UTF-16/32 with a BOM, UTF-16 without one, else a detected legacy
encoding such as cp1252 or GBK) and cleaned (newlines, control and invisible characters,
mojibake repaired with ftfy and, for UTF-8 read as GBK, by reversing it). What was done is
kept on the article (``encoding``, ``repairs``) and stored with it.
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path
from typing import Iterable, Iterator

import yaml

from .types import Article, ArticleError

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
        p = Path(p)
        if p.is_dir():
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
    if _BREAKS.search(text):  # before looking for front matter
        text = _BREAKS.sub("\n", text)
        repairs = repairs + ["newlines"]
    if is_html and not _TAG.search(text):  # an .html file with no markup at all: plain text
        is_html = False
    elif looks_like_html(text):
        is_html = True
    if is_html:
        from .html import html_to_article

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
    if not _LETTER.search(text):
        return ArticleError(source, "no words in the text (only punctuation, digits or symbols)")
    m = {str(k).lower(): _meta_value(v) for k, v in meta.items()}
    title = m.get("title") or headline(text)
    return Article(
        source_path=source,
        text=text,
        title=title,
        outlet=m.get("outlet") or m.get("source") or m.get("publisher") or m.get("sitename"),
        url=m.get("url"),
        published=m.get("published") or m.get("date"),
        format=fmt,
        encoding=encoding,
        repairs=list(dict.fromkeys(repairs)),
    )


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


# --------------------------------------------------------------------------- decoding

# Files that are not text at all, by their first bytes.
_MAGIC = [
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt/.epub document)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh91AY&SY", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable program"),
    (b"SQLite format 3\x00", "an SQLite database"),
]
_BOMS = [
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
]


def decode(raw: bytes, declared: str | None = None) -> tuple[str, str, list[str]] | str:
    """Bytes to text. Returns ``(text, encoding, repairs)`` or an error message.

    In order: known binary formats are rejected; a UTF-32/16 BOM is obeyed; UTF-8 (with or
    without a BOM); UTF-16 without a BOM (NUL in every other byte); the ``declared`` encoding
    (an HTML ``charset``); else the most plausible of cp1252 and charset-normalizer's guesses."""
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            return f"{what}, not text"
    if not raw:
        return "empty file"
    if not raw.strip():
        return "empty file (only whitespace)"
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(enc), enc, ["bom"]
            except UnicodeDecodeError as exc:
                return f"invalid {enc.upper()} ({exc.reason} at byte {exc.start + len(bom)})"
    repairs: list[str] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        repairs.append("bom")
    utf16 = _utf16_without_bom(raw)
    if utf16:
        try:
            return raw.decode(utf16), utf16, repairs + [f"decoded:{utf16}"]
        except UnicodeDecodeError:
            pass
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _control_ratio(text) > 0.10:
            return "binary file, not text (mostly control characters)"
        return text, "utf-8", repairs
    if _looks_binary(raw):
        return "binary file, not text"
    mixed = _mostly_utf8(raw)
    if mixed is not None:
        return mixed, "utf-8", repairs + ["decoded:utf-8+cp1252"]
    if declared:
        try:
            return raw.decode(declared), declared, repairs + [f"decoded:{declared}"]
        except (UnicodeDecodeError, LookupError):
            pass
    guess = _guess_encoding(raw)
    if guess is None:
        return "not text in any known encoding (binary?)"
    text, enc = guess
    if _control_ratio(text) > 0.05:
        return "binary file, not text"
    return text, enc, repairs + [f"decoded:{enc}"]


def _utf16_without_bom(raw: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the bytes look like mostly-ASCII UTF-16 (NUL every other byte)."""
    head = raw[:4096]
    if len(head) < 8 or b"\x00" not in head:
        return None
    head = head[: len(head) // 2 * 2]
    even, odd = head[0::2], head[1::2]
    half = len(head) // 2
    if odd.count(0) > 0.6 * half and even.count(0) < 0.05 * half:
        return "utf-16-le"
    if even.count(0) > 0.6 * half and odd.count(0) < 0.05 * half:
        return "utf-16-be"
    return None


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _cp1252_fallback(exc: UnicodeDecodeError) -> tuple[str, int]:
    bad = exc.object[exc.start : exc.end]
    return bad.decode("cp1252", errors="replace"), exc.end


def _mostly_utf8(raw: bytes) -> str | None:
    """UTF-8 with a few stray cp1252 bytes pasted in: the text, with those bytes read as cp1252.
    ``None`` unless invalid bytes are rare (5%) and at most four times the valid multi-byte UTF-8
    sequences (cp1252 rarely forms valid UTF-8 sequences; GBK text is mostly non-ASCII)."""
    valid = len(_UTF8_MULTIBYTE.findall(raw))
    if not valid:
        return None
    invalid: list[int] = []

    def count(exc: UnicodeDecodeError) -> tuple[str, int]:
        invalid.append(exc.end - exc.start)
        return _cp1252_fallback(exc)

    import codecs

    codecs.register_error("quotes-count-cp1252", count)
    text = raw.decode("utf-8", errors="quotes-count-cp1252")
    bad = sum(invalid)
    return text if bad <= 4 * valid and bad <= 0.05 * len(raw) else None


def _looks_binary(raw: bytes) -> bool:
    """NUL bytes or many C0 control bytes near the start (bytes 0x80-0x9f are text in cp1252)."""
    head = raw[:8192]
    if b"\x00" in head:
        return True
    ctrl = sum(1 for b in head if b < 9 or 13 < b < 32 or b == 127)
    return ctrl > len(head) * 0.05


def _control_ratio(text: str) -> float:
    head = text[:8192]
    if not head:
        return 0.0
    n = sum(1 for c in head if (c < " " and c not in "\t\n\r\x0c") or "\x7f" <= c <= "\x9f")
    return n / len(head)


_COMMON_SYMBOLS = set("€£¥$©®™°§¶†‡•·×÷±µ¢")


def implausibility(text: str) -> int:
    """How unlike real text a decoding looks: stray symbols, C1 controls, Latin words made mostly
    of accented letters (cp1251 Cyrillic read as cp1252, say) and words mixing scripts.
    Lower is better."""
    score = 0
    for c in text:
        if c < "\x80":
            continue
        cat = unicodedata.category(c)
        if cat[0] in "LPZM" or c in _COMMON_SYMBOLS:
            continue
        score += 1
    for w in re.findall(r"[^\W\d_]{2,}", text):
        accented = sum(1 for c in w if c >= "\x80" and unicodedata.name(c, "").startswith("LATIN"))
        if accented >= 2 and accented * 2 > len(w):
            score += 1
        if len({_script(c) for c in w}) > 1:  # 構쐤틱: Han and Hangul in one word
            score += 1
    return score


def _script(c: str) -> str:
    name = unicodedata.name(c, "?").split(" ", 1)[0]
    return "CJK" if name in ("CJK", "HIRAGANA", "KATAKANA") else name


def _guess_encoding(raw: bytes) -> tuple[str, str] | None:
    """The most plausible legacy decoding: cp1252 first (ties go to it), then charset-normalizer's
    candidates (cp1250, gb18030, cp1251, ...)."""
    from charset_normalizer import from_bytes

    candidates = ["cp1252"]
    for m in list(from_bytes(raw))[:8]:
        if m.encoding not in candidates:
            candidates.append(m.encoding)
    sample = raw[:65536]
    if len(raw) > len(sample):  # cut at a space so that no character is split
        cut = max(sample.rfind(b"\n"), sample.rfind(b" "))
        sample = sample[:cut] if cut > 0 else sample
    best: tuple[int, str] | None = None
    for enc in candidates:
        try:
            text = sample.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        score = implausibility(text)
        if best is None or score < best[0]:
            best = (score, enc)
    if best is None:
        return None
    enc = best[1]
    try:
        return raw.decode(enc), enc
    except UnicodeDecodeError:
        return raw.decode(enc, errors="replace"), enc


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def html_charset(raw: bytes) -> str | None:
    """The encoding an HTML page declares in a ``<meta>`` tag, if any (and Python knows it)."""
    m = _CHARSET.search(raw[:4096])
    if not m:
        return None
    import codecs

    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


# --------------------------------------------------------------------------- cleaning

_CTRL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# Invisible characters that break words apart for the tokenizer or reorder text on screen
# (zero-width space, bidirectional controls, soft hyphen, word joiner, BOM). ZWJ and ZWNJ
# stay: they matter inside words in some scripts and in emoji.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_LETTER = re.compile(r"[^\W\d_]")
_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")

_FTFY_STEPS = {
    "unescape_html": "html-entities",
    "remove_terminal_escapes": "terminal-escapes",
    "fix_c1_controls": "c1-controls",
    "fix_surrogates": "surrogates",
    "remove_control_chars": "control-chars",
}


def clean_text(text: str) -> tuple[str, list[str]]:
    """Normalise newlines (``\\n`` only), repair mojibake where it is safe (ftfy; UTF-8 read as
    GBK), drop control and invisible characters, compose accents (NFC). Returns the text and
    the names of the repairs made."""
    repairs: list[str] = []
    if _BREAKS.search(text):
        text = _BREAKS.sub("\n", text)
        repairs.append("newlines")
    text, more = _ftfy(text)
    repairs += more
    fixed = fix_gbk_mojibake(text)
    if fixed != text:
        text = fixed
        repairs.append("mojibake:gbk")
    if _CTRL.search(text):
        text = _CTRL.sub("", text)
        repairs.append("control-chars")
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
        repairs.append("invisible-chars")
    nfc = unicodedata.normalize("NFC", text)
    if nfc != text:
        text = nfc
        repairs.append("nfc")
    return text.strip("\n"), list(dict.fromkeys(repairs))


def _ftfy(text: str) -> tuple[str, list[str]]:
    import ftfy

    cfg = ftfy.TextFixerConfig(
        normalization=None, uncurl_quotes=False, fix_latin_ligatures=False,
        fix_character_width=False, fix_line_breaks=False, explain=True,
    )
    try:
        result = ftfy.fix_and_explain(text, config=cfg)
    except Exception:  # ftfy is a heuristic; a failure leaves the text as it was
        return text, []
    if result.text == text:
        return text, []
    repairs = []
    for action, param in result.explanation or []:
        if action in ("encode", "decode", "transcode") or param in ("decode_inconsistent_utf8", "replace_lossy_sequences", "restore_byte_a0"):
            repairs.append("mojibake")
        else:
            repairs.append(_FTFY_STEPS.get(param, f"ftfy:{param}"))
    return result.text, list(dict.fromkeys(repairs)) or ["mojibake"]


def fix_gbk_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as GBK (``Jos茅`` -> ``José``, ``鈥檚`` -> ``’s``) in mostly
    Latin text. A run is changed only when it turns back into valid UTF-8 with no CJK left, so
    real Chinese (which almost never re-encodes to valid UTF-8) is left alone."""
    cjk = len(_CJK.findall(text))
    if not cjk:
        return text
    ascii_letters = sum(1 for c in text if c.isascii() and c.isalpha())
    if ascii_letters < cjk:  # mostly CJK: real Chinese (or Japanese) text, not mojibake
        return text

    def undo(m: re.Match) -> str:
        run = m.group()
        if not _CJK.search(run):
            return run
        try:
            back = run.encode("gbk").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return run
        if _CJK.search(back) or not all(c.isascii() or _latinish(c) for c in back):
            return run
        return back

    return _NON_ASCII_RUN.sub(undo, text)


def _latinish(c: str) -> bool:
    """Characters that UTF-8 mojibake usually stands for: Latin letters, typographic punctuation."""
    o = ord(c)
    return 0xA0 <= o <= 0x24F or 0x2010 <= o <= 0x206F or c in "€™"


# --------------------------------------------------------------------------- metadata

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.S)


def split_front_matter(text: str) -> tuple[dict | str, str]:
    """YAML front matter (``---`` ... ``---``) at the top, if any: (metadata, body), or
    (an error message, text) when it is not a YAML mapping."""
    m = _FRONT.match(text.lstrip("\ufeff"))
    if not m:
        return {}, text
    try:
        meta = yaml.safe_load(m.group(1) or "") or {}
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
