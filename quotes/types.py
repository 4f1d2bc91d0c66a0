"""The names every part of quotes shares: articles, mentions, quotes, local speakers and the kinds
a speaker can be. Plain dataclasses and constants; this module imports nothing of the package,
so anything may import it."""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Article", "ArticleError", "Mention", "Quote", "LocalSpeaker",
           "SPEAKER_KINDS", "SETTABLE_KINDS", "SCOPED_KINDS", "ORG_KINDS"]

# The kinds of speaker (``speakers.kind``, ``LocalSpeaker.kind``).
SPEAKER_KINDS = ("person", "organization", "media", "document", "group", "anonymous", "unknown")
# The kinds a correction may give a speaker (``unknown`` is only ever inferred).
SETTABLE_KINDS = tuple(k for k in SPEAKER_KINDS if k != "unknown")
# Speakers of these kinds never leave their article (an anonymous source is not matched across articles).
SCOPED_KINDS = frozenset({"anonymous", "unknown", "group", "document"})
ORG_KINDS = frozenset({"organization", "media"})


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
    warnings: list[str] = field(default_factory=list)  # metadata dropped as invalid, one line each


@dataclass
class ArticleError:
    """A file (or a line of a ``.jsonl`` file) that cannot be used, and why, in a few words."""

    source_path: str
    error: str

    def __str__(self) -> str:
        return f"{self.source_path}: {self.error}"



@dataclass
class Mention:
    """A stretch of article text that names (or points at) a speaker, addressee or intermediary."""

    text: str
    start: int
    end: int
    sentence_index: int
    head: int = -1  # word index of the head in its sentence, -1 when unknown
    kind: str = "name"  # name, pronoun, nominal, anonymous, organization, document, media
    ner: str = ""  # PER, ORG, LOC, MISC or ""
    antecedent: "Mention | None" = None  # what a relative pronoun ("who said") stands for


@dataclass
class Quote:
    """One attribution: what was said (``spans``), by whom, how (cue, stance), to whom."""

    type: str  # direct, indirect, mixed
    spans: list[tuple[int, int]]
    sentence_index: int
    cue: str | None = None
    cue_lemma: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    stance: str | None = None
    speaker: Mention | None = None
    addressee: Mention | None = None
    via: list[Mention] = field(default_factory=list)  # intermediaries, outermost first
    via_cues: list[str] = field(default_factory=list)
    confidence: float = 0.5
    kind: str = "speech"  # speech, claim, opinion or act (extract/kinds.py)
    rule: str = ""  # which rule produced it, for --errors and debugging
    # filled by resolution: index into the article's list of local speakers
    speaker_ref: int | None = None
    addressee_ref: int | None = None
    via_refs: list[int | None] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]


@dataclass
class LocalSpeaker:
    """A speaker as resolved within one article: the fullest name seen, kind, roles, variants."""

    name: str
    kind: str  # one of SPEAKER_KINDS
    roles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    gender: str | None = None  # m, f or None
    mentions: list[Mention] = field(default_factory=list)
