"""Property tests (hypothesis) on random text: quotation-mark pairing, chunking for Stanza, and
the whole analysis stored through write_article. Every span lies inside its text, spans are
ordered and disjoint, a single-span quote's text is its slice of the article, nothing raises."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from quotes.extract.marks import MAX_QUOTE_CHARS, find_quotations
from quotes.nlp import _TOKEN, MAX_SENTENCE_CHARS, _SENTENCE_END, _chunks, _split_run_ons

MARKS = ["\"", "'", "\u201c", "\u201d", "\u2018", "\u2019", "\u201e", "\u201f", "\u00ab", "\u00bb", "``", "''",
         "\u2039", "\u203a", "\u300c", "\u300d", "\u2033"]
WORDS = ["the", "minister", "said", "we", "will", "not", "back", "down", "she", "told", "reporters", "according",
         "to", "Ana", "Ruiz", "Mr.", "Smith", "added", "that", "it's", "don't", "U.S.", "police", "\u00e9t\u00e9",
         "\u4e2d\u56fd", "\U0001f600", "42"]
SEPARATORS = [" ", " ", " ", ", ", ". ", "\n", "\n\n", "? ", ": ", " \u2014 ", "\t", "\u00a0", ""]

# Text built from words, separators and quotation marks in any order: unbalanced, nested, odd.
pieces = st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKS), st.sampled_from(SEPARATORS),
                   st.text(max_size=3))
texts = st.lists(pieces, max_size=120).map("".join)


def _check_spans(spans: list[tuple[int, int]], n: int) -> None:
    assert spans
    for a, b in spans:
        assert 0 <= a < b <= n
    for (_, b1), (a2, _) in zip(spans, spans[1:]):
        assert b1 <= a2


@settings(max_examples=400, deadline=None)
@given(texts, st.booleans())
@example("\u2019the'", True)  # found by hypothesis: KeyError '’' (’ opening, ' closing)
@example("\u2019Tis the season,' he said.", True)
def test_find_quotations(text, singles):
    found = find_quotations(text, singles=singles)
    for q in found:
        _check_spans(q.spans, len(text))
        assert q.open_char <= q.start and q.end <= q.close_char <= len(text)
        assert text.startswith(q.mark, q.open_char)
        for a, b in q.spans:
            assert "\n" not in text[a:b]  # one span per paragraph
            assert b - a <= MAX_QUOTE_CHARS
    for q1, q2 in zip(found, found[1:]):  # in order, never overlapping (nested ones stay inside)
        assert q1.end <= q2.start


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(SEPARATORS), st.text(max_size=2)), max_size=400)
       .map("".join), st.integers(min_value=20, max_value=400), st.integers(min_value=1, max_value=120))
@example("thethethethereporters:", 20, 1)  # a cut inside a long word begins a token
def test_split_run_ons(text, limit, max_tokens):
    assume(text)  # _chunks never hands it an empty piece
    pieces = list(_split_run_ons(7, text, limit, max_tokens))
    assert "".join(p for _, p in pieces) == text
    pos = 7
    for off, p in pieces:
        assert off == pos and p
        pos += len(p)
        # within a piece, no more than `limit` characters go by without a sentence end
        ends = [0, *[m.end() for m in _SENTENCE_END.finditer(p)], len(p)]
        assert max(b - a for a, b in zip(ends, ends[1:])) <= limit
        # nor more than `max_tokens` tokens
        assert max(len(_TOKEN.findall(p, a, b)) for a, b in zip(ends, ends[1:])) <= max_tokens


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=3000).map("".join),
       st.integers(min_value=50, max_value=3000))
def test_chunks_cover_the_text_with_exact_offsets(text, limit):
    pieces = list(_chunks(text, limit=limit))
    assert "".join(p for _, p in pieces) == text
    for off, p in pieces:
        assert text[off:off + len(p)] == p
        assert len(p) <= max(limit, 1) or len(p) <= MAX_SENTENCE_CHARS


# --------------------------------------------------------------------------- the real pipeline

SENTENCE_WORDS = ["The", "minister", "said", "on", "Tuesday", "that", "taxes", "would", "fall", "Ana", "Ruiz",
                  "told", "reporters", "according", "to", "police", "officials", "he", "she", "added", "warned",
                  "Mr.", "Smith", "the", "plan", "was", "fair", "we", "will", "not", "back", "down"]
sentences = st.lists(st.one_of(st.sampled_from(SENTENCE_WORDS), st.sampled_from(["\u201c", "\u201d", "\u2018", "\u2019", "\"", "'", ","])),
                     min_size=1, max_size=25).map(" ".join).map(lambda s: s + st_end(s))
articles = st.lists(sentences, min_size=1, max_size=6).map(lambda ss: "\n\n".join(ss))


def st_end(s: str) -> str:
    return "." if not s.endswith((".", "?", "!")) else ""


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles)
def test_analyse_and_store_random_articles(text):
    from quotes import PIPELINE_VERSION
    from quotes.read import make_article
    from quotes.types import Article
    from quotes.run.analyse import analyse
    from quotes.nlp import parse
    from quotes.store import memory_db, write_article

    article = make_article("random.txt", text, {}, "txt", "utf-8", [])
    if not isinstance(article, Article):
        return
    text = article.text
    quotes, speakers = analyse(parse(text))
    for q in quotes:
        _check_spans(q.spans, len(text))
        assert q.type in ("direct", "indirect", "mixed")
        for m in (q.speaker, q.addressee, *q.via):
            if m is not None:
                assert 0 <= m.start < m.end <= len(text)
        if q.cue_start is not None:
            assert 0 <= q.cue_start < q.cue_end <= len(text)
        for ref in (q.speaker_ref, q.addressee_ref, *q.via_refs):
            assert ref is None or 0 <= ref < len(speakers)
    db = memory_db()
    aid = write_article(db, article, quotes, speakers, PIPELINE_VERSION)
    stored = db.execute("select text from articles where id = ?", [aid]).fetchone()[0]
    assert stored == text
    for qtext, start, end, spans in db.execute("select text, start, \"end\", spans from quotes"):
        spans = json.loads(spans)
        _check_spans([tuple(s) for s in spans], len(stored))
        assert (start, end) == (spans[0][0], spans[-1][1])
        if len(spans) == 1:
            assert qtext == stored[start:end]


@pytest.mark.slow
def test_offsets_stay_right_across_chunks(monkeypatch):
    """A long article parsed in many small chunks: every token's offsets index the article."""
    import quotes.nlp as nlp
    from quotes.run.analyse import analyse

    para = ("\u201cWe will not back down,\u201d the minister said on Tuesday. Ana Ruiz told reporters that the plan "
            "was fair. According to police, the protest was peaceful.")
    text = "\n\n".join(f"{para} Day {k}." for k in range(12))
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 400)
    assert len(list(nlp._chunks(text, 400))) >= 6
    parsed = nlp.parse(text)
    prev_end = 0
    for s in parsed.sentences:
        assert prev_end <= s.start <= s.end <= len(text)
        prev_end = s.end
        for w in s.words:
            token = text[w.start:w.end]
            assert token and (token == w.text or w.text in token), (token, w.text)  # or a word of "don't"
    quotes, _ = analyse(parsed)
    assert len([q for q in quotes if q.type == "direct"]) >= 12  # one per paragraph, wherever the chunks fall
    for q in quotes:
        _check_spans(q.spans, len(text))
    for q in [q for q in quotes if q.type == "direct"]:
        assert text[q.start:q.end] == "We will not back down"
