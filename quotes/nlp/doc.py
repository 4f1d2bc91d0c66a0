"""A light, Stanza-independent view of a parse: sentences of words with absolute character offsets.

Extraction works on these plain objects, so it can be tested with hand-made inputs and does not
care whether a long article was parsed in several chunks.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Word:
    """One syntactic word. ``i`` and ``head`` are 0-based indices in the sentence (head -1 = root).
    ``start``/``end`` are the character offsets of the word's token in the article text."""

    i: int
    text: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int
    deprel: str
    start: int
    end: int
    ner: str = "O"

    @property
    def rel(self) -> str:
        """The deprel without its subtype (``nsubj:pass`` -> ``nsubj``)."""
        return self.deprel.split(":")[0]


@dataclass
class Entity:
    text: str
    type: str
    start: int
    end: int


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    words: list[Word]
    entities: list[Entity] = field(default_factory=list)
    _children: list[list[int]] | None = field(default=None, repr=False, compare=False)

    def children(self, i: int) -> list[int]:
        if self._children is None:
            ch: list[list[int]] = [[] for _ in self.words]
            for w in self.words:
                if w.head >= 0:
                    ch[w.head].append(w.i)
            self._children = ch
        return self._children[i]

    def subtree(self, i: int) -> list[int]:
        """Indices of the subtree rooted at word ``i`` (sorted)."""
        out, stack = [], [i]
        while stack:
            j = stack.pop()
            out.append(j)
            stack.extend(self.children(j))
        return sorted(out)

    def ancestors(self, i: int) -> list[int]:
        out = []
        j = self.words[i].head
        while j >= 0 and j not in out:
            out.append(j)
            j = self.words[j].head
        return out

    def root(self) -> int:
        for w in self.words:
            if w.head < 0:
                return w.i
        return 0

    def word_at(self, char: int) -> int | None:
        for w in self.words:
            if w.start <= char < w.end:
                return w.i
        return None


@dataclass
class Parsed:
    text: str
    sentences: list[Sentence]

    def sentence_at(self, char: int) -> Sentence | None:
        for s in self.sentences:
            if s.start <= char < s.end:
                return s
        return None


def from_stanza(doc, offset: int = 0, first_index: int = 0) -> list[Sentence]:
    """Convert a Stanza ``Document`` to :class:`Sentence` objects, shifting offsets by ``offset``.
    Offsets come from tokens (``token.start_char``); the words of a multi-word token share them."""
    out: list[Sentence] = []
    for k, sent in enumerate(doc.sentences):
        words: list[Word] = []
        for tok in sent.tokens:
            ner = getattr(tok, "ner", None) or "O"
            for w in tok.words:
                words.append(
                    Word(
                        i=len(words),
                        text=w.text,
                        lemma=(w.lemma or w.text),
                        upos=w.upos or "X",
                        xpos=w.xpos or "",
                        feats=w.feats or "",
                        head=(w.head - 1) if w.head else -1,
                        deprel=w.deprel or "dep",
                        start=tok.start_char + offset,
                        end=tok.end_char + offset,
                        ner=ner,
                    )
                )
        ents = [
            Entity(e.text, e.type, e.start_char + offset, e.end_char + offset)
            for e in getattr(sent, "ents", [])
        ]
        start = sent.tokens[0].start_char + offset if sent.tokens else offset
        end = sent.tokens[-1].end_char + offset if sent.tokens else offset
        out.append(Sentence(index=first_index + k, start=start, end=end, words=words, entities=ents))
    return out
