"""The article page: the article text with every quote, speaker mention and cue highlighted.

Pure functions over plain rows (no Datasette): everything from the database is HTML-escaped;
only the markup built here is trusted.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from markupsafe import Markup, escape

ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")


@dataclass
class QuoteMark:
    """One quote as the page shows it: its number, spans and attribution."""

    n: int
    id: str
    spans: list[tuple[int, int]]
    type: str | None = None
    speaker: str | None = None
    speaker_id: int | None = None
    speaker_span: tuple[int, int] | None = None
    cue: str | None = None
    cue_span: tuple[int, int] | None = None
    stance: str | None = None
    text: str | None = None
    confidence: float | None = None
    valid_spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def label(self) -> str:
        """Plain text for tooltips: ``3. Jane Roe — said (direct, denial)``."""
        who = self.speaker or "unknown speaker"
        how = f" — {self.cue}" if self.cue else ""
        what = ", ".join(x for x in (self.type, self.stance) if x)
        return f"{self.n}. {who}{how}" + (f" ({what})" if what else "")


def display_title(title: str | None, text: str | None, words: int = 12) -> str:
    """The title, or for an untitled article its headline: the first line of its text when it
    is short enough to be one, else its first words and "…" (:func:`quotes.store.browse.headline`)."""
    from quotes.store.browse import headline

    return headline(title, text, words)[0]


def _span(a: Any, b: Any, length: int) -> tuple[int, int] | None:
    """``(a, b)`` when it is a non-empty span inside the text, else None."""
    if not isinstance(a, int) or not isinstance(b, int) or isinstance(a, bool) or isinstance(b, bool):
        return None
    if 0 <= a < b <= length:
        return (a, b)
    return None


def _parse_spans(raw: Any, start: Any, end: Any) -> list[Any]:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raw = None
    if isinstance(raw, list) and raw:
        return [tuple(s) if isinstance(s, (list, tuple)) and len(s) == 2 else (None, None) for s in raw]
    return [(start, end)]


def quote_marks(rows: Iterable[dict[str, Any]], text_length: int) -> list[QuoteMark]:
    """Turn quote rows (``quotes`` columns plus ``speaker`` = the speaker's name) into numbered
    marks in text order. Spans outside the text are dropped from highlighting, not from the list."""
    marks = []
    rows = sorted(rows, key=lambda r: (r.get("start") if isinstance(r.get("start"), int) else 1 << 62, r.get("id") or ""))
    for n, r in enumerate(rows, 1):
        spans = _parse_spans(r.get("spans"), r.get("start"), r.get("end"))
        valid = [s for s in (_span(a, b, text_length) for a, b in spans) if s]
        marks.append(QuoteMark(
            n=n, id=str(r.get("id") or n), spans=[s for s in spans if s != (None, None)],
            type=r.get("type"), speaker=r.get("speaker") or r.get("speaker_text"),
            speaker_id=r.get("speaker_id"),
            speaker_span=_span(r.get("speaker_start"), r.get("speaker_end"), text_length),
            cue=r.get("cue"), cue_span=_span(r.get("cue_start"), r.get("cue_end"), text_length),
            stance=r.get("stance"), text=r.get("text"), confidence=r.get("confidence"),
            valid_spans=valid,
        ))
    return marks


def highlight(text: str, marks: list[QuoteMark]) -> Markup:
    """The article ``text`` as HTML: quote spans in ``<mark>`` (numbered, with a tooltip naming
    the speaker and cue), speaker mentions and cues in ``<span>``s. Overlaps are handled by
    cutting the text at every boundary, so the markup always nests."""
    text = text or ""
    bounds = {0, len(text)}
    for m in marks:
        for a, b in m.valid_spans:
            bounds.update((a, b))
        for s in (m.speaker_span, m.cue_span):
            if s:
                bounds.update(s)
    cuts = sorted(bounds)
    last_end = {m.n: m.valid_spans[-1][1] for m in marks if m.valid_spans}
    first_start = {m.n: m.valid_spans[0][0] for m in marks if m.valid_spans}
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        piece = str(escape(text[a:b]))
        cue_of = [m for m in marks if m.cue_span and m.cue_span[0] <= a and b <= m.cue_span[1]]
        speaker_of = [m for m in marks if m.speaker_span and m.speaker_span[0] <= a and b <= m.speaker_span[1]]
        quoted = [m for m in marks if any(s <= a and b <= e for s, e in m.valid_spans)]
        if cue_of:
            piece = Markup('<span class="cue" title="{}">{}</span>').format(
                "; ".join(f"cue of quote {m.n}" for m in cue_of), Markup(piece))
        if speaker_of:
            piece = Markup('<span class="speaker-mention" title="{}">{}</span>').format(
                "; ".join(f"speaker of quote {m.n}" for m in speaker_of), Markup(piece))
        if quoted:
            starts = [m for m in quoted if first_start.get(m.n) == a]
            anchor = Markup(' id="text-{}"').format(starts[0].id) if starts else Markup("")
            types = " ".join(sorted({f"quote-{m.type}" for m in quoted if m.type}))
            piece = Markup('<mark class="quote {}"{} data-quotes="{}" title="{}">{}</mark>').format(
                types, anchor, " ".join(str(m.n) for m in quoted),
                "\n".join(m.label for m in quoted), Markup(piece))
        out.append(str(piece))
        for m in marks:
            if last_end.get(m.n) == b:
                out.append(str(Markup('<a class="qbadge" href="#quote-{}" title="{}">{}</a>').format(
                    m.id, m.label, m.n)))
    return Markup("".join(out))
