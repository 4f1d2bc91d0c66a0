"""Reading articles: decoding, cleaning, metadata, HTML, finding files. No Stanza here."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from quotes.read import (
    MAX_CHARS,
    clean_text,
    decode,
    find_files,
    fix_gbk_mojibake,
    headline,
    implausibility,
    looks_like_html,
    make_article,
    read_articles,
    split_front_matter,
)
from quotes.read import html_to_article
from quotes.types import Article, ArticleError

EN = "Jos\u00e9 Mar\u00eda said \u201cit\u2019s fine\u201d to the caf\u00e9 owner. The na\u00efve r\u00e9sum\u00e9 was handed over."
ZH = "\u4e2d\u56fd\u5916\u4ea4\u90e8\u53d1\u8a00\u4eba\u5468\u4e8c\u8868\u793a\uff0c\u53cc\u65b9\u5c06\u7ee7\u7eed\u78cb\u5546\u3002"
RU = "\u041c\u0438\u043d\u0438\u0441\u0442\u0440 \u0437\u0430\u044f\u0432\u0438\u043b, \u0447\u0442\u043e \u043f\u0435\u0440\u0435\u0433\u043e\u0432\u043e\u0440\u044b \u043f\u0440\u043e\u0434\u043e\u043b\u0436\u0430\u0442\u0441\u044f."
PL = "Minister powiedzia\u0142, \u017ce \u017ar\u00f3d\u0142a s\u0105 wiarygodne. \u0141\u00f3d\u017a i Krak\u00f3w."
DE = "Der B\u00fcrgermeister sagte, die Stra\u00dfe sei geschlossen. \u201eWir pr\u00fcfen das\u201c, hie\u00df es."


# --------------------------------------------------------------------------- decode


@pytest.mark.parametrize("raw, text, encoding, repairs", [
    (EN.encode("utf-8"), EN, "utf-8", []),
    (b"\xef\xbb\xbf" + EN.encode("utf-8"), EN, "utf-8", ["bom"]),
    (EN.encode("utf-16"), EN, "utf-16-le", ["bom"]),
    (b"\xfe\xff" + EN.encode("utf-16-be"), EN, "utf-16-be", ["bom"]),
    (b"\xff\xfe\x00\x00" + EN.encode("utf-32-le"), EN, "utf-32-le", ["bom"]),
    (EN.encode("utf-16-le"), EN, "utf-16-le", ["decoded:utf-16-le"]),
    (EN.encode("cp1252"), EN, "cp1252", ["decoded:cp1252"]),
    ("He said \u201cno\u201d \u2014 twice.".encode("cp1252"), "He said \u201cno\u201d \u2014 twice.", "cp1252", ["decoded:cp1252"]),
    (DE.encode("cp1252"), DE, "cp1252", ["decoded:cp1252"]),
    (PL.encode("cp1250"), PL, "cp1250", ["decoded:cp1250"]),
    (RU.encode("cp1251"), RU, "cp1251", ["decoded:cp1251"]),
    (ZH.encode("gbk"), ZH, "gb18030", ["decoded:gb18030"]),
    # UTF-8 with a cp1252 fragment pasted in
    ("\u201cYes,\u201d she said. ".encode() + "Caf\u00e9.".encode("cp1252"), "\u201cYes,\u201d she said. Caf\u00e9.", "utf-8",
     ["decoded:utf-8+cp1252"]),
    (b"A NUL\x00 in the middle of a line of text", "A NUL\x00 in the middle of a line of text", "utf-8", []),
])
def test_decode(raw, text, encoding, repairs):
    assert decode(raw) == (text, encoding, repairs)


@pytest.mark.parametrize("raw, problem", [
    (b"", "empty file"),
    (b" \n\t\r\n ", "empty file (only whitespace)"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "a PDF document, not text"),
    (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive (or a .docx/.odt/.epub document), not text"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "a PNG image, not text"),
    (b"\x1f\x8b\x08\x00", "gzip-compressed data, not text"),
    (b"\x00\x01\x02\xff\xfe\x80" * 100, "binary file, not text"),
    (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 50, "binary file, not text (mostly control characters)"),
    (b"\xff\xfeA\x00B\x00\x00\xd8", "invalid UTF-16-LE (unexpected end of data at byte 6)"),
])
def test_decode_rejects(raw, problem):
    assert decode(raw) == problem


def test_decode_honours_declared_charset():
    raw = "na\u00efve \u00e9t\u00e9".encode("cp1252")
    assert decode(raw, declared="latin-1") == ("na\u00efve \u00e9t\u00e9", "latin-1", ["decoded:latin-1"])


@pytest.mark.parametrize("text, more_plausible_than", [
    # (cp1252 and cp1250 often tie on English text: the tie goes to cp1252, see test_decode)
    (RU, RU.encode("cp1251").decode("cp1252")),  # Ìèíèñòð
    (PL, PL.encode("cp1250").decode("cp1252")),  # ³ and ¹ for ł and ą
])
def test_implausibility_prefers_the_right_decoding(text, more_plausible_than):
    assert implausibility(text) < implausibility(more_plausible_than)


# --------------------------------------------------------------------------- clean


@pytest.mark.parametrize("text, cleaned, repairs", [
    ("plain text", "plain text", []),
    ("a\r\nb\rc\x0cd\u2028e", "a\nb\nc\nd\ne", ["newlines"]),
    ("a\x00b\x07c\x1bd", "abcd", ["control-chars"]),
    ("\x1b[31mred\x1b[0m text", "red text", ["terminal-escapes"]),
    ("gov\u200bern\u00adment \u202eevil\u202c \u2067x\u2069 \u200fy\u200e", "government evil x y", ["invisible-chars"]),
    ("zero\u200dwidth joiner kept \U0001f469\u200d\U0001f4bb", "zero\u200dwidth joiner kept \U0001f469\u200d\U0001f4bb", []),
    ("Jos\u00c3\u00a9 said it\u00e2\u20ac\u2122s fine", "Jos\u00e9 said it\u2019s fine", ["mojibake"]),
    ("Jos\u8305 Mar\u94c6a said it\u9225\u6a9a fine", "Jos\u00e9 Mar\u00eda said it\u2019s fine", ["mojibake:gbk"]),
    ("A &amp; B said &quot;yes&quot;", "A & B said \"yes\"", ["html-entities"]),
    ("<b>A &amp; B</b>", "<b>A &amp; B</b>", []),  # markup present: entities are left alone
    ("Jose\u0301", "Jos\u00e9", ["nfc"]),
    ("\n\nbody\n\n", "body", []),
    ("\u201ccurly\u201d and \u2018single\u2019 quotes stay", "\u201ccurly\u201d and \u2018single\u2019 quotes stay", []),
    ("\uff0c\uff08fullwidth\uff09", "\uff0c\uff08fullwidth\uff09", []),
])
def test_clean_text(text, cleaned, repairs):
    assert clean_text(text) == (cleaned, repairs)


def _as_gbk(text: str) -> str:
    """UTF-8 bytes read as GBK, the way the mojibake is made."""
    return text.encode("utf-8").decode("gbk", errors="replace")


@pytest.mark.parametrize("text, fixed", [
    ("Jos\u8305 said", "Jos\u00e9 said"),
    (_as_gbk("caf\u00e9 \u201cok\u201d."), "caf\u00e9 \u201cok\u9225\ufffd."),  # the closing mark lost a byte
    ("It\u9225\u6a9a \u9225\ufffd gone", "It\u2019s \u9225\ufffd gone"),  # a lost byte: left as it is
    (ZH, ZH),  # real Chinese is not touched
    ("The minister, \u4e60\u8fd1\u5e73, spoke in Beijing on Tuesday.", "The minister, \u4e60\u8fd1\u5e73, spoke in Beijing on Tuesday."),
    ("No CJK at all: caf\u00e9", "No CJK at all: caf\u00e9"),
])
def test_fix_gbk_mojibake(text, fixed):
    assert fix_gbk_mojibake(text) == fixed


# --------------------------------------------------------------------------- metadata


@pytest.mark.parametrize("text, meta, body", [
    ("---\ntitle: T\noutlet: O\n---\nBody", {"title": "T", "outlet": "O"}, "Body"),
    ("---\n---\nBody", {}, "Body"),
    ("---\ntitle: T\n---", {"title": "T"}, ""),
    ("No front matter\n---\ntitle: x\n---\n", {}, "No front matter\n---\ntitle: x\n---\n"),
    ("---\ntitle: never closed\n\nBody", {}, "---\ntitle: never closed\n\nBody"),
    ("---\ntitle: [unclosed\n---\nBody", "front matter is not valid YAML (while parsing a flow sequence)", None),
    ("---\n- a\n- b\n---\nBody", "front matter is not a YAML mapping", None),
    ("---\njust a string\n---\nBody", "front matter is not a YAML mapping", None),
])
def test_split_front_matter(text, meta, body):
    got_meta, got_body = split_front_matter(text)
    assert got_meta == meta
    if body is not None:
        assert got_body == body


@pytest.mark.parametrize("text, title", [
    ("Council approves budget\n\nThe council met.", "Council approves budget"),
    ("The council met on Monday.\n\nMore text.", None),  # a sentence, not a headline
    ("\u201cWe won,\u201d says union\n\nText.", None),  # starts with a quotation
    ("Two words\n\nText.", None),
    ("Only one line here without a break", None),
    ("Wait for it...\n\nText.", "Wait for it..."),
    ("x " * 100 + "\n\nText.", None),  # too long
])
def test_headline(text, title):
    assert headline(text) == title


@pytest.mark.parametrize("text, expected", [
    ("<!DOCTYPE html><html><body><p>x</p></body></html>", True),
    ("<html><p>x</p></html>", True),
    ("  <p>One</p><p>Two</p>", True),
    ("<p>only one closing tag</p> and text", False),
    ("He wrote <b>bold</b> and <i>italic</i> in plain text.", False),  # does not start with a tag
    ("a < b and c > d", False),
])
def test_looks_like_html(text, expected):
    assert looks_like_html(text) is expected


@pytest.mark.parametrize("text, meta, expected", [
    ("Body text here.", {"title": "T", "outlet": "O", "published": "2024-01-02", "url": "https://x.example/a"},
     dict(title="T", outlet="O", published="2024-01-02", url="https://x.example/a")),
    ("Body.", {"source": "Wire", "date": "2024-05-06"}, dict(outlet="Wire", published="2024-05-06")),
    ("Body.", {"Title": "  Spaced\n title  ", "outlet": ["a", "list"], "published": {"y": 1}},
     dict(title="Spaced title", outlet=None, published=None)),
    ("Body.", {"title": 12345}, dict(title="12345")),
])
def test_make_article_metadata(text, meta, expected):
    a = make_article("x.txt", text, meta, "txt", "utf-8", [])
    assert isinstance(a, Article)
    for k, v in expected.items():
        assert getattr(a, k) == v


@pytest.mark.parametrize("text, problem", [
    ("", "empty article (no text after cleaning)"),
    ("\u00a0\u3000 \u200b\n", "empty article (no text after cleaning)"),
    ("\u201c\u201d \"\" '' \u00ab\u00bb", "no words in the text (only punctuation, digits or symbols)"),
    ("123 456 --- !!!", "no words in the text (only punctuation, digits or symbols)"),
    ("a" * (MAX_CHARS + 1), f"too long ({MAX_CHARS + 1:,} characters; the limit is {MAX_CHARS:,})"),
])
def test_make_article_rejects(text, problem):
    assert make_article("x.txt", text, {}, "txt", "utf-8", []) == ArticleError("x.txt", problem)


# --------------------------------------------------------------------------- HTML

PAGE = ("<!DOCTYPE html><html><head><title>Strike ends | Planet</title>"
        "<meta property=\"og:title\" content=\"Strike ends after three weeks\">"
        "<meta property=\"og:site_name\" content=\"The Daily Planet\">"
        "<meta property=\"article:published_time\" content=\"2024-03-05T09:00:00Z\">"
        "<link rel=\"canonical\" href=\"https://planet.example/news/strike-ends\"></head><body>"
        "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav><article>"
        "<p>The dockworkers' strike ended on Tuesday after the union accepted a new offer.</p>"
        "<p>\u201cWe won what we came for,\u201d said union leader Maria Costa.</p></article>"
        "<footer>Copyright 2024 The Daily Planet</footer><script>var x = 1;</script></body></html>")


def test_html_main_text_and_metadata():
    a = html_to_article("p.html", PAGE, "utf-8", [])
    assert isinstance(a, Article)
    assert a.text == ("The dockworkers' strike ended on Tuesday after the union accepted a new offer.\n\n"
                      "\u201cWe won what we came for,\u201d said union leader Maria Costa.")
    assert (a.title, a.outlet, a.published, a.url, a.format) == (
        "Strike ends after three weeks", "The Daily Planet", "2024-03-05", "https://planet.example/news/strike-ends", "html")
    assert "html-extracted" in a.repairs


@pytest.mark.parametrize("html, problem", [
    ("<html><body><script>document.write('x')</script></body></html>", "HTML page has no main text to extract"),
    ("<html><body>" + "<div>" * 5000 + "<p>Deep, said the explorer.</p>" + "</div>" * 5000 + "</body></html>",
     "HTML page has no main text to extract"),
])
def test_html_rejects(html, problem):
    assert html_to_article("p.html", html, "utf-8", []) == ArticleError("p.html", problem)


def test_html_date_is_not_guessed_from_the_body():
    html = "<html><body><article><p>On 3 May 2021 the minister said \u201cyes\u201d to the plan for the port.</p></article></body></html>"
    a = html_to_article("p.html", html, "utf-8", [])
    assert isinstance(a, Article) and a.published is None


# --------------------------------------------------------------------------- files


def _results(paths) -> dict[str, str]:
    """source path -> 'ok' or the error message."""
    out = {}
    for item in read_articles(paths):
        out[item.source_path] = "ok" if isinstance(item, Article) else item.error
    return out


def test_read_articles_formats_and_sidecars(tmp_path):
    (tmp_path / "a.txt").write_text("Headline for the article\n\n\u201cYes,\u201d she said.")
    (tmp_path / "a.json").write_text(json.dumps({"title": "Sidecar title", "outlet": "Wire"}))
    (tmp_path / "b.md").write_text("---\ntitle: Front\n---\nBody text.")
    (tmp_path / "b.json").write_text(json.dumps({"title": "Loses to front matter", "outlet": "Kept"}))
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": "One."}) + "\n\nnot json\n" + json.dumps({"text": "Two."}) + "\n")
    (tmp_path / "d.html").write_text(PAGE)
    (tmp_path / ".hidden.txt").write_text("never read")
    (tmp_path / "e.pdf").write_bytes(b"%PDF-1.4")  # not an article suffix: not read
    got = {Path(i.source_path).name: i for i in read_articles([tmp_path])}
    assert sorted(got) == ["a.txt", "b.md", "c.jsonl:1", "c.jsonl:3", "c.jsonl:4", "d.html"]
    assert (got["a.txt"].title, got["a.txt"].outlet) == ("Sidecar title", "Wire")
    assert (got["b.md"].title, got["b.md"].outlet, got["b.md"].text) == ("Front", "Kept", "Body text.")
    assert [got[k].text if isinstance(got[k], Article) else got[k].error for k in ("c.jsonl:1", "c.jsonl:3", "c.jsonl:4")] == [
        "One.", "not valid JSON (Expecting value)", "Two."]
    assert got["d.html"].format == "html"


def test_find_files_symlink_loop_broken_link_and_fifo(tmp_path):
    (tmp_path / "a.txt").write_text("A.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("B.")
    os.symlink("..", tmp_path / "sub" / "up")  # a loop
    os.symlink("sub", tmp_path / "again")  # the same directory twice: read once
    os.symlink("missing.txt", tmp_path / "dangling.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    got = [(str(x.source_path if isinstance(x, ArticleError) else x)[len(str(tmp_path)) + 1:],
            x.error if isinstance(x, ArticleError) else "file") for x in find_files([tmp_path])]
    assert got == [
        ("a.txt", "file"),
        ("again/b.txt", "file"),  # "again" sorts first; "sub" is then skipped as already read
        ("again/up", "symbolic link loop (leads back to an enclosing directory); not followed"),
        ("dangling.txt", "broken symbolic link"),
        ("pipe.txt", "not a regular file"),
    ]


@pytest.mark.parametrize("name, problem", [
    ("missing.txt", "no such file or directory"),
    ("pipe.txt", "not a regular file"),
])
def test_find_files_explicit_paths(tmp_path, name, problem):
    os.mkfifo(tmp_path / "pipe.txt")
    assert list(find_files([tmp_path / name])) == [ArticleError(str(tmp_path / name), problem)]


def test_a_file_that_vanishes_is_reported(tmp_path):
    for n in "abc":
        (tmp_path / f"{n}.txt").write_text(f"Article {n}.")
    it = read_articles([tmp_path])
    first = next(it)
    (tmp_path / "b.txt").unlink()  # listed already, gone before it is read
    rest = list(it)
    assert [first.source_path, *[r.source_path for r in rest]] == [str(tmp_path / f"{n}.txt") for n in "abc"]
    assert rest[0] == ArticleError(str(tmp_path / "b.txt"), "file vanished before it could be read")
    assert isinstance(rest[1], Article)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_an_unreadable_file_is_reported(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text("Text.")
    p.chmod(0)
    try:
        assert _results([p]) == {str(p): "permission denied"}
    finally:
        p.chmod(0o644)


def test_a_file_too_large_is_not_read(tmp_path, monkeypatch):
    import quotes.read.files as files

    monkeypatch.setattr(files, "MAX_BYTES", 100)
    p = tmp_path / "big.txt"
    p.write_text("x " * 200)
    assert _results([p]) == {str(p): "too large (over 100 bytes)"}
