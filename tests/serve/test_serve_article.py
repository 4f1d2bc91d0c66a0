"""The article page: highlighting (pure) and the /-/article/<id> route."""
from __future__ import annotations

import re

import pytest

from quotes.serve.article import display_title, highlight, quote_marks


def _row(id, start, end, spans=None, **kw):
    return {"id": id, "start": start, "end": end, "spans": spans, "type": "direct", **kw}


def _strip(html: str) -> str:
    """The visible text: tags and badges removed, entities left as they are."""
    html = re.sub(r'<a class="qbadge"[^>]*>[^<]*</a>', "", html)
    return re.sub(r"<[^>]+>", "", html)


@pytest.mark.parametrize("text, rows, marked", [
    # one quote
    ("He said hello there.", [_row("a", 8, 19)], ["hello there"]),
    # two spans of one quote ("..., she said, ...")
    ("Yes, she said, no.", [_row("a", 0, 17, "[[0, 3], [15, 17]]")], ["Yes", "no"]),
    # overlapping quotes: the overlap is cut out so both marks nest
    ("abcdefghij", [_row("a", 0, 6), _row("b", 4, 10)], ["abcd", "ef", "ghij"]),
    # offsets outside the text are not highlighted (negative case)
    ("short", [_row("a", 3, 99)], []),
    ("short", [_row("a", 4, 2)], []),
    # no quotes (negative case)
    ("Nothing quoted here.", [], []),
])
def test_highlight_marks_exactly_the_spans(text, rows, marked):
    html = str(highlight(text, quote_marks(rows, len(text))))
    assert re.findall(r"<mark[^>]*>([^<]*)</mark>", html) == marked
    assert _strip(html) == text


def test_highlight_escapes_everything_from_the_database():
    text = 'Intro. <script>alert("x")</script> & more'
    s = text.index("<script>")
    rows = [_row("q<1>", s, s + 28, speaker='Eve "<b>"', cue="<i>said</i>", speaker_start=0, speaker_end=5,
                 cue_start=s + 29, cue_end=s + 30, type='direct" onmouseover="x')]
    html = str(highlight(text, quote_marks(rows, len(text))))
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert 'onmouseover="' not in html
    assert "&amp;" in html and "& " not in html


def test_speaker_and_cue_are_marked_and_badge_follows_the_quote():
    text = '"Go," Ann said.'
    rows = [_row("q1", 1, 4, speaker="Ann Lee", speaker_start=6, speaker_end=9, cue="said", cue_start=10, cue_end=14)]
    html = str(highlight(text, quote_marks(rows, len(text))))
    assert re.search(r'<span class="speaker-mention"[^>]*>Ann</span>', html)
    assert re.search(r'<span class="cue"[^>]*>said</span>', html)
    assert re.search(r'Go,</mark><a class="qbadge" href="#quote-q1" title="1. Ann Lee — said \(direct\)">1</a>', html)


def test_quote_marks_are_numbered_in_text_order():
    rows = [_row("late", 10, 12), _row("early", 0, 2), _row("nowhere", None, None)]
    marks = quote_marks(rows, 20)
    assert [(m.n, m.id) for m in marks] == [(1, "early"), (2, "late"), (3, "nowhere")]
    assert marks[2].valid_spans == []


def test_article_page_shows_highlighted_quotes_with_speakers_and_cues(get, sample_db):
    _, ids = sample_db
    r = get(f"/-/article/{ids['a1']}")
    assert r.status_code == 200
    html = r.text
    assert "<h1>Minister denies budget cuts</h1>" in html
    text = html.split('<div class="article-text" id="article-text">', 1)[1].split("</div>", 1)[0]
    marks = re.findall(r'<mark class="quote[^"]*"[^>]*>([^<]*)</mark>', text)
    assert marks == ["the cuts", "We have not cut a single hospital bed,", "Not one.",
                     "of hiding the figures", '=HYPERLINK(&#34;http://evil.example&#34;)']
    items = re.findall(r'<a class="quote-who" href="/-/speaker/\d+">([^<]+)</a>\s*<span class="cue">([^<]+)</span>', html)
    assert items == [("Jane Roe", "denied"), ("Jane Roe", "said"), ("John Smith", "accused"), ("Nurses Union", "wrote")]
    assert '<a href="https://planet.example/cuts" rel="nofollow noopener">original</a>' in html


def test_article_page_escapes_script_and_unsafe_links(get, sample_db):
    _, ids = sample_db
    html = get(f"/-/article/{ids['a2']}").text
    assert "<script>alert" not in html
    assert html.count("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; is not a plan,") == 2  # text + list
    assert "<h1>Hospitals &lt;b&gt;in&lt;/b&gt; crisis</h1>" in html
    assert "javascript:" not in html


@pytest.mark.parametrize("path, status", [
    ("/-/article/0000000000000000", 404),  # well-formed, unknown
    ("/-/article/not-an-id", 404),
    ("/-/article/FD8726447CEABA4E", 404),  # ids are lower-case hex
])
def test_article_page_not_found(get, path, status):
    assert get(path).status_code == status


def test_articles_table_links_titles_to_the_article_page(get, sample_db):
    _, ids = sample_db
    html = get("/quotes/articles").text
    assert f'<a class="article-link" href="/-/article/{ids["a1"]}">Minister denies budget cuts</a>' in html
    assert f'<a class="article-link" href="/-/article/{ids["a2"]}">Hospitals &lt;b&gt;in&lt;/b&gt; crisis</a>' in html


def test_query_results_link_article_ids_to_the_quote_in_context(get, sample_db):
    _, ids = sample_db
    html = get("/quotes/search_quotes?q=plan").text
    assert re.search(rf'<a class="article-link" href="/-/article/{ids["a2"]}#text-[0-9a-f]{{16}}">{ids["a2"]}</a>', html)


@pytest.mark.parametrize("title, text, expected", [
    ("A title", "Body", "A title"),
    (None, "Headline of the story\n\nOne two three.", "Headline of the story"),
    ("  ", "Short text", "Short text"),
    (None, " ".join(["word"] * 30), " ".join(["word"] * 12) + "…"),
    (None, "", "untitled article"),
    (None, None, "untitled article"),
])
def test_display_title(title, text, expected):
    assert display_title(title, text) == expected
