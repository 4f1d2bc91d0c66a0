"""Generate the corpus of malformed inputs in ``tests/robust/bad_inputs/`` (committed), and the
table of what ``quotes ingest`` must do with each file.

    python tests/robust/make_bad_inputs.py          # (re)write tests/robust/bad_inputs/
    python tests/robust/make_bad_inputs.py --check  # exit 1 if the committed files are stale

Inputs that cannot live in git (a 5 MB article, a symlink loop, a FIFO, a file that vanishes,
an unreadable file) are made at test time by :func:`make_runtime_inputs`.

``EXPECT`` maps each source path (relative to the corpus; ``NAME.jsonl:N`` for a line) to an
:class:`Expect`: processed (``ok``) with, optionally, the encoding and repairs recorded on the
article, or rejected with a problem that the one ``error:`` line must contain.
"""
from __future__ import annotations

import gzip
import json
import os
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "bad_inputs"


@dataclass(frozen=True)
class Expect:
    ok: bool
    problem: str = ""  # for a rejection: a substring of the error message
    encoding: str | None = None  # for ok: articles.encoding
    repairs: tuple[str, ...] = ()  # for ok: each must be in articles.repairs
    fmt: str | None = None  # for ok: articles.format
    meta: dict = field(default_factory=dict, hash=False)  # for ok: columns of the article row


def ok(encoding: str | None = None, repairs: tuple[str, ...] = (), fmt: str | None = None, **meta) -> Expect:
    return Expect(True, encoding=encoding, repairs=repairs, fmt=fmt, meta=meta)


def bad(problem: str) -> Expect:
    return Expect(False, problem=problem)


FILES: dict[str, bytes] = {}
EXPECT: dict[str, Expect] = {}


def add(name: str, data: bytes | str, expect: Expect | None) -> None:
    FILES[name] = data.encode("utf-8") if isinstance(data, str) else data
    if expect is not None:
        EXPECT[name] = expect


# A short article with a direct quote, reused with variations (kept short: each one is parsed).
ART = ("Council approves budget\n\n"
       "The city council approved the budget on Monday after a long debate.\n\n"
       "\u201cThis is a fair plan for everyone,\u201d said Mayor Ana Ruiz. She added that taxes would not rise.\n")


def art(marker: str, body: str | None = None) -> str:
    """A distinct short article (distinct texts: identical texts would share one article id)."""
    return f"{marker}\n\n" + (body if body is not None else ART.split("\n\n", 1)[1])


def build() -> None:
    rnd = random.Random(20240607)
    FILES.clear()
    EXPECT.clear()

    # --- a good one, as a control
    add("plain.txt", ART, ok("utf-8", fmt="txt", title="Council approves budget"))

    # --- binary and non-text formats
    add("binary.txt", bytes(rnd.randrange(256) for _ in range(4096)), bad("binary file"))
    add("pdf_renamed.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        + bytes(rnd.randrange(256) for _ in range(512)) + b"\n%%EOF\n", bad("a PDF document, not text"))
    add("docx_renamed.txt", b"PK\x03\x04\x14\x00\x06\x00" + bytes(rnd.randrange(256) for _ in range(300)), bad("ZIP archive"))
    add("png_renamed.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rnd.randrange(256) for _ in range(200)), bad("PNG image"))
    add("gzipped.txt", gzip.compress(ART.encode(), mtime=0), bad("gzip-compressed"))
    add("sqlite_renamed.txt", b"SQLite format 3\x00" + b"\x10\x00\x01\x01" + b"\x00" * 200, bad("SQLite database"))
    add("control_bytes_only.txt", bytes(rnd.choice([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 27]) for _ in range(2000)), bad("binary file"))

    # --- empty
    add("empty.txt", b"", bad("empty file"))
    add("whitespace_only.txt", b"  \n\n\t \r\n   \n", bad("only whitespace"))
    add("unicode_spaces_only.txt", "\u00a0\u3000\u2003\u200b\n\u00a0\n", bad("empty article"))
    add("bom_only.txt", b"\xef\xbb\xbf", bad("empty article"))
    add("only_quotation_marks.txt", "\u201c\u201d \"\" '' \u00ab\u00bb \u201e\u201c\n\u2018\u2019 \"\"\"\n", bad("no words"))
    add("only_punctuation.txt", "... !!! ??? --- *** 123 456\n", bad("no words"))
    add("front_matter_only.md", "---\ntitle: Nothing here\noutlet: Void\n---\n\n", bad("empty article"))

    # --- encodings
    legacy = ("Caf\u00e9 owner speaks\n\n"
              "The caf\u00e9 owner, Jos\u00e9 Mart\u00ednez, said the na\u00efve plan \u2013 announced on Tuesday \u2013 was "
              "\u201cdoomed from the start.\u201d He added: \u201cWe\u2019ll see.\u201d\n")
    add("cp1252.txt", legacy.encode("cp1252"), ok("cp1252", ("decoded:cp1252",), title="Café owner speaks"))
    add("latin1.txt", art("Latin-1 d\u00e9j\u00e0 vu", "The r\u00e9sum\u00e9 of the minister, \u00abM. Dupont\u00bb, was "
                          "published. \"It is complete,\" he said.\n").encode("latin-1"), ok("cp1252"))
    add("utf8_bom.txt", b"\xef\xbb\xbf" + art("A UTF-8 file with a byte order mark").encode(), ok("utf-8", ("bom",)))
    add("utf16le_bom.txt", art("A UTF-16 file with a byte order mark").encode("utf-16"), ok("utf-16-le", ("bom",)))
    add("utf16be_bom.txt", b"\xfe\xff" + art("A big-endian UTF-16 file").encode("utf-16-be"), ok("utf-16-be", ("bom",)))
    add("utf16le_no_bom.txt", art("A UTF-16 file without a byte order mark").encode("utf-16-le"), ok("utf-16-le"))
    add("utf32_bom.txt", b"\xff\xfe\x00\x00" + art("A UTF-32 file").encode("utf-32-le"), ok("utf-32-le", ("bom",)))
    add("utf16_truncated.txt", b"\xff\xfe" + art("Cut short").encode("utf-16-le")[:-1] + b"\x00\xd8", bad("invalid UTF-16"))
    chinese = ("\u4e2d\u56fd\u5916\u4ea4\u90e8\u53d1\u8a00\u4eba\u5468\u4e8c\u8868\u793a\uff0c\u53cc\u65b9\u5c06\u7ee7\u7eed"
               "\u5c31\u8d38\u6613\u95ee\u9898\u8fdb\u884c\u78cb\u5546\u3002\u201c\u6211\u4eec\u5bf9\u6b64\u8868\u793a"
               "\u6b22\u8fce\uff0c\u201d\u4ed6\u8bf4\u3002\n")
    add("gbk_chinese.txt", chinese.encode("gbk"), ok("gb18030"))
    add("cp1251_russian.txt", ("\u041c\u0438\u043d\u0438\u0441\u0442\u0440 \u0437\u0430\u044f\u0432\u0438\u043b, "
                               "\u0447\u0442\u043e \u043f\u0435\u0440\u0435\u0433\u043e\u0432\u043e\u0440\u044b "
                               "\u043f\u0440\u043e\u0434\u043e\u043b\u0436\u0430\u0442\u0441\u044f.\n").encode("cp1251"), ok("cp1251"))
    # UTF-8 text with a few cp1252 bytes pasted in: not valid UTF-8 as a whole
    add("mixed_utf8_cp1252.txt", art("Mixed encodings").encode() + "The caf\u00e9 said \u201cno\u201d.\n".encode("cp1252"), ok())

    # --- mojibake
    moji = ("Mojibake report\n\nJos\u00e9 Mar\u00eda said it\u2019s \u201cfine\u201d and the caf\u00e9 will open.\n")
    import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252", how real mojibake is made)

    add("mojibake_cp1252.txt", moji.encode("utf-8").decode("sloppy-windows-1252").encode("utf-8"), ok("utf-8", ("mojibake",)))
    # UTF-8 read as GBK ("Jos\u8305"); the closing quote is lost for good (U+FFFD), the rest comes back
    add("mojibake_gbk.txt", "Mojibake from China\n\n" + "Jos\u00e9 Mar\u00eda said on Tuesday that the caf\u00e9 would "
        "reopen. \u201cIt\u2019s a good day,\u201d he said.\n".encode("utf-8").decode("gbk", "replace"),
        ok("utf-8", ("mojibake:gbk",)))
    add("mojibake_double.txt", moji.replace("Mojibake report", "Twice broken").encode("utf-8").decode("sloppy-windows-1252")
        .encode("utf-8").decode("sloppy-windows-1252").encode("utf-8"), ok("utf-8", ("mojibake",)))
    add("html_entities.txt", art("Entities &amp; more", "Officials said the deal was &quot;final&quot; &amp; binding. "
                                 "&ldquo;Done,&rdquo; said one.\n"), ok(repairs=("html-entities",)))

    # --- newlines, control and invisible characters
    add("crlf.txt", art("Windows line endings").replace("\n", "\r\n").encode(), ok(repairs=("newlines",)))
    add("cr_only.txt", art("Old Mac line endings").replace("\n", "\r").encode(), ok(repairs=("newlines",)))
    add("nul_in_middle.txt", art("NUL bytes inside").encode().replace(b"approved", b"appr\x00oved\x00\x00"), ok(repairs=("control-chars",)))
    add("control_chars.txt", art("Control characters", "The \x07mayor said \x1b[31m\u201cno\u201d\x1b[0m.\x0cThen\x01 the council "
                                 "voted.\x08\n"), ok(repairs=("control-chars",)))
    add("zero_width.txt", art("Zero\u200bwidth spaces", "The gov\u200bern\u200bor said \u201cwe\u200b are\u2060 "
                              "ready\ufeff.\u201d\u00ad\n"), ok(repairs=("invisible-chars",)))
    add("bidi_override.txt", art("Bidirectional overrides", "\u202eThe minister said \u201cyes\u201d.\u202c "
                                 "\u2067Reporters\u2069 asked \u200fagain\u200e.\n"), ok(repairs=("invisible-chars",)))
    add("rtl_languages.txt", art("Arabic and Hebrew", "\u201c\u0633\u0644\u0627\u0645,\u201d said the envoy in "
                                 "Arabic, and \u201c\u05e9\u05dc\u05d5\u05dd,\u201d said his host.\n"), ok())
    add("combining_accents.txt", art("Decomposed accents", "Jose\u0301 said the cafe\u0301 was \u201cfine\u201d.\n"), ok(repairs=("nfc",)))
    add("emoji_and_symbols.txt", art("Emoji \U0001f600 headline here", "The fan said \u201cgo team \U0001f3c6\U0001f44f\u201d "
                                     "and waved \U0001f1fa\U0001f1f8.\n"), ok())
    add("long_line_no_spaces.txt", art("A very long token", "The leak was " + "".join(rnd.choice("abcdefghij0123456789+/")
                                       for _ in range(3000)) + " said the analyst.\n"), ok())

    # --- quotation marks
    add("unbalanced_quotes.txt", art("Unbalanced marks", "\u201cThis never closes, said the mayor.\n\nAnd this "
                                     "closes\u201d without opening. \"Straight one opens\n\n\u2018single open\n"), ok())
    add("odd_quotation_marks.txt", art("Marks from everywhere", "\u00abWe agree\u00bb, said Ms Dupont. \u201eWir "
                                       "auch\u201c, sagte er. \u300c\u306f\u3044\u300d\u3068\u8a00\u3063\u305f. "
                                       "``Old style,'' he typed. \u2039Yes\u203a, she said. He measured 5\u2032 11\u2033.\n"), ok())
    add("quotes_inside_quotes.txt", art("Nested quotes", "\u201cHe told me \u2018never say \u201cnever\u201d\u2019 "
                                        "and left,\u201d the aide recalled. \"She said 'no' twice,\" he added.\n"), ok())
    add("many_quotation_marks.txt", art("Marks everywhere", " ".join(rnd.choice(["\u201c", "\u201d", "\"", "'",
                                        "\u2018", "\u2019", "word", "said", "\u00ab", "\u00bb"]) for _ in range(600)) + "\n"), ok())
    add("empty_quotes.txt", art("Empty quotations", "He said \u201c\u201d and then \"  \" and '' nothing.\n"), ok())
    add("long_unclosed_quote.txt", art("A quote that runs on", "\u201c" + "The plan will work and we will see. " * 200 + "\n"), ok())
    words = ("the minister said that people and reforms would come after many years of the budget and her party "
             "while officials in the capital argued about taxes schools roads").split()
    add("sentence_5000_words.txt", "A very long sentence\n\n" + " ".join(rnd.choice(words) for _ in range(5000)) + ".\n", ok())

    # --- HTML
    page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Strike ends | The Daily Planet</title>"
            "<meta property=\"og:title\" content=\"Strike ends after three weeks\">"
            "<meta property=\"og:site_name\" content=\"The Daily Planet\">"
            "<meta property=\"article:published_time\" content=\"2024-03-05T09:00:00Z\">"
            "<link rel=\"canonical\" href=\"https://planet.example/news/strike-ends\"></head><body>"
            "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav><article><h1>Strike ends after three weeks</h1>"
            "<p>The dockworkers' strike ended on Tuesday after the union accepted a new offer.</p>"
            "<p>\u201cWe won what we came for,\u201d said union leader Maria Costa.</p></article>"
            "<footer>\u00a9 2024 The Daily Planet</footer><script>var x = '<p>not text</p>';</script></body></html>")
    add("article.html", page, ok("utf-8", ("html-extracted",), fmt="html", title="Strike ends after three weeks",
                                 outlet="The Daily Planet", published="2024-03-05"))
    add("cp1252_declared.html", page.replace("utf-8", "windows-1252").replace("Strike", "Walkout").encode("cp1252"),
        ok("cp1252", fmt="html"))
    add("html_saved_as.txt", page.replace("Strike", "Lockout"), ok(fmt="html", title="Lockout ends after three weeks"))
    add("tag_soup.htm", "<p>She said <b>\u201cno\u201d twice<p>Then <i>left</b> the room, the <span>clerk</i> "
                        "wrote.</div></td><p>Unclosed <a href='x>y'>link", ok(fmt="html"))
    add("boilerplate_only.html", "<html><body><script>document.write('<p>hi</p>')</script><style>p{}</style>"
                                 "</body></html>", bad("no main text"))
    add("deeply_nested.html", "<html><body>" + "<div>" * 5000 + "<p>Deep inside, \u201cwe are lost,\u201d said the "
                              "explorer.</p>" + "</div>" * 5000 + "</body></html>", bad("no main text"))
    add("plain_text_named.html", art("Plain text in an .html file"), ok(fmt="txt"))
    add("empty.html", b"", bad("empty file"))

    # --- JSON lines, sidecars, front matter
    lines = [
        json.dumps({"text": "\u201cFirst line is fine,\u201d said the editor.", "title": "Line one", "outlet": "Wire"}),
        '{"text": "broken JSON, no closing brace"',
        json.dumps(["a", "list"]),
        json.dumps({"text": 42}),
        json.dumps({"title": "no text field"}),
        json.dumps({"text": "\u201cSixth line is fine too,\u201d she said.", "published": "2024-01-02", "outlet": {"x": 1}}),
        json.dumps({"text": "   "}),
        "",
        json.dumps({"text": "Line with a \u2028 line separator and \x00 NUL, said the clerk."}),
        '{"text": "truncated at the end of the fi',
    ]
    add("bad_lines.jsonl", "\n".join(lines), None)
    EXPECT.update({
        "bad_lines.jsonl:1": ok(fmt="jsonl", title="Line one", outlet="Wire"),
        "bad_lines.jsonl:2": bad("not valid JSON"),
        "bad_lines.jsonl:3": bad("needs an object with a string field 'text'"),
        "bad_lines.jsonl:4": bad("needs an object with a string field 'text'"),
        "bad_lines.jsonl:5": bad("needs an object with a string field 'text'"),
        "bad_lines.jsonl:6": ok(fmt="jsonl", published="2024-01-02", outlet=None),
        "bad_lines.jsonl:7": bad("empty article"),
        "bad_lines.jsonl:9": ok(fmt="jsonl", repairs=("newlines", "control-chars")),
        "bad_lines.jsonl:10": bad("not valid JSON"),
    })
    add("empty.jsonl", b"", bad("empty file"))

    add("sidecar_ok.txt", art("Sidecar headline is not this line"), ok(title="From the sidecar", outlet="Sidecar Times",
                                                                        published="2024-02-03"))
    add("sidecar_ok.json", json.dumps({"title": "From the sidecar", "outlet": "Sidecar Times", "published": "2024-02-03",
                                       "tags": ["ignored", "list"]}), None)
    add("sidecar_invalid.txt", art("Sidecar that is broken"), bad("sidecar sidecar_invalid.json is not valid JSON"))
    add("sidecar_invalid.json", '{"title": "unterminated', None)
    add("sidecar_not_object.txt", art("Sidecar that is a list"), bad("sidecar sidecar_not_object.json is not a JSON object"))
    add("sidecar_not_object.json", "[1, 2, 3]", None)
    add("sidecar_binary.txt", art("Sidecar that is binary"), bad("sidecar sidecar_binary.json is not UTF-8"))
    add("sidecar_binary.json", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x80\x81", None)

    add("front_matter_ok.md", "---\ntitle: Front matter title\noutlet: FM News\npublished: 2024-04-05\n---\n"
                              + art("Body after front matter"), ok(title="Front matter title", outlet="FM News",
                                                                   published="2024-04-05"))
    add("front_matter_invalid.md", "---\ntitle: [unclosed\noutlet: : :\n---\n" + art("Bad YAML"), bad("front matter is not valid YAML"))
    add("front_matter_list.md", "---\n- a\n- b\n---\n" + art("YAML list"), bad("front matter is not a YAML mapping"))
    add("front_matter_unclosed.txt", "---\ntitle: never closed\n\n" + art("Unclosed front matter"), ok())
    add("front_matter_alias_bomb.md", "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                                      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                                      "title: Alias bomb\n---\n" + art("YAML aliases"), ok(title="Alias bomb"))

    # --- names and suffixes
    add("name with spaces \u00e9\u00fc \u2013 draft (1).txt", art("A file name with spaces and accents"), ok())
    add("\u65e5\u672c\u8a9e\u306e\u8a18\u4e8b.txt", art("A Japanese file name"), ok())
    add("UPPER_SUFFIX.TXT", art("An upper-case suffix"), ok())
    add("notes.text", art("A .text suffix"), ok())
    add(".hidden.txt", art("Hidden files are not read"), None)
    add("no_suffix", art("No suffix: not an article file"), None)
    add("sub/dir/nested.txt", art("A file in a nested directory"), ok())


# Made at test time by make_runtime_inputs (too big for git, or not files git can hold).
RUNTIME: dict[str, Expect] = {
    "article_5mb.txt": bad("too long"),
    "loop": bad("symbolic link loop"),
    "dangling.txt": bad("broken symbolic link"),
    "fifo.txt": bad("not a regular file"),
}


def make_runtime_inputs(corpus: Path) -> dict[str, Expect]:
    """Make, inside ``corpus``, the inputs of :data:`RUNTIME`: a 5 MB article, a directory
    symlink loop, a broken symlink and a FIFO with an article suffix. Returns :data:`RUNTIME`."""
    line = "The minister said the talks would continue. \u201cWe are close,\u201d she said.\n\n"
    with open(corpus / "article_5mb.txt", "w", encoding="utf-8") as fh:
        fh.write(line * (5_000_000 // len(line.encode()) + 1))
    os.symlink(".", corpus / "loop")
    os.symlink("does-not-exist.txt", corpus / "dangling.txt")
    os.mkfifo(corpus / "fifo.txt")
    return dict(RUNTIME)


def write(out: Path = OUT) -> None:
    build()
    for name, data in FILES.items():
        p = out / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)


def stale(out: Path = OUT) -> list[str]:
    """Files missing or different from what :func:`build` makes."""
    build()
    return [n for n, d in FILES.items() if not (out / n).is_file() or (out / n).read_bytes() != d]


build()

if __name__ == "__main__":
    if "--check" in sys.argv:
        bad_files = stale()
        print("\n".join(bad_files) or "up to date")
        sys.exit(1 if bad_files else 0)
    write()
    print(f"{len(FILES)} files written to {OUT} ({len(EXPECT)} expected outcomes)")
