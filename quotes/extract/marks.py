"""Quotation-mark pairing over raw text: every style, paragraph runs, never the whole article.

A :class:`Quoted` is one stretch between an opening and a closing mark (``spans`` hold the
content without the marks). A quotation that runs over paragraphs (an opening mark with no
closing one at the end of a paragraph, reopened at the start of the next) is one ``Quoted``
with a span per paragraph. An unbalanced mark is dropped at its paragraph end: nothing swallows
the rest of the article.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_DOUBLE = {"“", "„", "«", "‟", "``"}
CLOSE_DOUBLE = {"”", "»", "''"}
# the closer each opener expects (besides the ambiguous straight mark)
PAIRS = {"“": {"”", '"', "''"}, "„": {"“", "”", '"'}, "«": {"»"}, "‟": {"”", '"'}, "``": {"''", '"', "”"},
         '"': {'"', "”", "''"}, "''": {"''", '"', "”"}, "‘": {"’"}, "’": {"’"}, "'": {"'"}}
MAX_QUOTE_CHARS = 5000

_MARK = re.compile(r"``|''|[\"“”„‟«»‘’']")
_WORDCHAR = re.compile(r"\w")


@dataclass
class Quoted:
    spans: list[tuple[int, int]]  # content, without marks
    open_char: int  # position of the first opening mark
    close_char: int  # position just after the last closing mark
    mark: str  # the opening mark
    single: bool = False

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]


def _is_word(c: str) -> bool:
    return bool(c) and bool(_WORDCHAR.match(c))


def _classify(text: str, i: int, m: str) -> str:
    """'open', 'close', 'either' or 'none' for the mark ``m`` at ``i``."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + len(m)] if i + len(m) < len(text) else " "
    if m in ("“", "„", "«", "‟", "``", "‘"):
        if m == "‘" and _is_word(before):
            return "none"  # rare apostrophe typed as ‘
        return "open"
    if m in ("”", "»"):
        return "close"
    if m == "’":
        if _is_word(before) and _is_word(after):
            return "none"  # don't, Israel’s
        if before.isspace() or i == 0:
            return "open" if _is_word(after) else "none"
        return "close_single"
    if m == "'":
        if _is_word(before) and _is_word(after):
            return "none"
        if (before.isspace() or before in "([—–-") and _is_word(after):
            return "open_single"
        if not before.isspace() and (after.isspace() or after in ".,;:!?)—–-" or i + 1 >= len(text)):
            return "close_single_straight"
        return "none"
    # straight double or doubled apostrophes
    left_space = before.isspace() or before in "([{—–-/" or i == 0
    right_space = after.isspace() or i + len(m) >= len(text)
    if left_space and not right_space:
        return "open"
    if right_space and not left_space:
        return "close"
    if not left_space and not right_space:
        if after in ".,;:!?)]}—–-" or after == "'":
            return "close"
        if before in ".,;:!?":
            return "close"
        return "either"
    return "either"


def find_quotations(text: str, singles: bool = True) -> list[Quoted]:
    """All quotations in ``text``, in order. Nested quotations stay inside their outer one."""
    out: list[Quoted] = []
    pending: Quoted | None = None  # a quotation left open at a paragraph end
    for p_start, p_end in _paragraphs(text):
        found, left_open = _pair_paragraph(text, p_start, p_end, singles)
        if pending is not None:
            # reopened at the start of this paragraph (the usual style), or not: then drop it
            if found and found[0].open_char - p_start <= 1 and not found[0].single:
                first = found.pop(0)
                pending.spans.extend(first.spans)
                pending.close_char = first.close_char
                out.append(pending)
                pending = None
            elif left_open is not None and left_open.open_char - p_start <= 1 and not found:
                pending.spans.extend(left_open.spans)
                left_open = None
                continue
            else:
                pending = None
        out.extend(found)
        if left_open is not None and not left_open.single:
            pending = left_open
    return out


def _paragraphs(text: str) -> list[tuple[int, int]]:
    paras = []
    for m in re.finditer(r"[^\n]+", text):
        paras.append((m.start(), m.end()))
    return paras


def _pair_paragraph(text: str, start: int, end: int, singles: bool) -> tuple[list[Quoted], Quoted | None]:
    """Pair marks in one paragraph. Returns the complete quotations and the one left open
    (an opening mark whose quotation runs to the paragraph end), if any."""
    found: list[Quoted] = []
    stack: list[tuple[str, int]] = []  # outermost double open
    single_open: tuple[str, int] | None = None
    for m in _MARK.finditer(text, start, end):
        mk, i = m.group(), m.start()
        kind = _classify(text, i, mk)
        if kind == "none":
            continue
        is_single = mk in ("‘", "’", "'")
        if is_single:
            if not singles or stack:
                continue  # a quote inside a quote stays part of the outer one
            if kind in ("open", "open_single") and single_open is None:
                single_open = (mk, i)
            elif kind in ("close_single", "close_single_straight") and single_open is not None:
                o_mk, o_i = single_open
                if mk in PAIRS.get(o_mk, ()) and i - o_i > 1:
                    content = (o_i + 1, i)
                    if text[content[0]:content[1]].strip():
                        found.append(Quoted([content], o_i, i + 1, o_mk, single=True))
                    single_open = None
            continue
        if not stack:
            if kind in ("open", "either"):
                if kind == "either" and _closes_nothing_ahead(text, i, end):
                    continue
                stack.append((mk, i))
                single_open = None
            continue
        o_mk, o_i = stack[-1]
        if o_mk == "„" and mk == "“":
            kind = "close"
        if kind in ("close", "either") and mk in PAIRS.get(o_mk, {mk}):
            stack.pop()
            content = (o_i + len(o_mk), i)
            if content[1] > content[0] and text[content[0]:content[1]].strip():
                found.append(Quoted([content], o_i, i + len(mk), o_mk))
            continue
        if kind == "open" and mk == o_mk and mk in ("“", "«"):
            # an opener while open: the previous quotation was never closed; restart here
            stack[-1] = (mk, i)
    left_open = None
    if stack:
        o_mk, o_i = stack[0]
        content = (o_i + len(o_mk), end)
        if text[content[0]:content[1]].strip() and content[1] - content[0] <= MAX_QUOTE_CHARS:
            left_open = Quoted([content], o_i, end, o_mk)
    found = [q for q in found if q.end - q.start <= MAX_QUOTE_CHARS]
    return found, left_open


def _closes_nothing_ahead(text: str, i: int, end: int) -> bool:
    return '"' not in text[i + 1 : end] and "''" not in text[i + 1 : end]
