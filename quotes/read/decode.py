"""Bytes to clean text: known binary formats refused, BOMs obeyed, UTF-8 and UTF-16 without a
BOM recognised, else the most plausible legacy encoding (cp1252, GBK, ...); then newlines,
control and invisible characters, and mojibake (ftfy; UTF-8 read as GBK) repaired. Each step
that changed something is named in the list of repairs returned with the text."""
from __future__ import annotations

import re
import unicodedata

__all__ = ["decode", "html_charset", "implausibility", "clean_text", "fix_gbk_mojibake",
           "normalise_newlines", "has_letter"]


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


def normalise_newlines(text: str) -> tuple[str, bool]:
    """Every line break (CRLF, CR, form feed, U+2028, ...) as ``\\n``; and whether any was changed."""
    if _BREAKS.search(text):
        return _BREAKS.sub("\n", text), True
    return text, False


def has_letter(text: str) -> bool:
    """Whether ``text`` holds at least one letter (of any script)."""
    return _LETTER.search(text) is not None
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
