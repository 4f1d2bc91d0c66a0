"""One article: parse (unless given a parse), extract quotes, resolve their speakers in the article."""
from __future__ import annotations

import re

from ..extract import extract_quotes
from ..extract.kinds import unsupported
from ..identity.agency import mute_speakers
from ..identity.local import AUTHOR, resolve_speakers
from ..nlp import ModelError, Parsed, TooDense, parse
from ..types import Article, ArticleError, LocalSpeaker, Quote
from .memory import release_memory

__all__ = ["Result", "analyse", "analyse_article"]

Result = tuple[list[Quote], list[LocalSpeaker]] | ArticleError


def analyse(parsed: Parsed, title: str | None = None) -> tuple[list[Quote], list[LocalSpeaker]]:
    """Pure: a parsed article (and its title, when known) in, its quotes and resolved local
    speakers out."""
    quotes = extract_quotes(parsed)
    speakers = resolve_speakers(parsed, quotes, title)
    # what the writer says in the first person ("I know all about ...") is the article's own voice,
    # not a quote of anybody; in an interview's answers ("A: I think ...") "I" is the interviewee
    quotes = [q for q in quotes if q.speaker_ref is None or speakers[q.speaker_ref].name != AUTHOR
              or _answer(parsed.text, q.speaker.start if q.speaker else q.start)]
    # a thing is no speaker ("geopolitical factors", "the euro crisis"): what the parse gave it is
    # somebody else's words or no quote at all, and a false quote costs more than a missed one
    mute = mute_speakers(parsed, quotes, speakers)
    quotes = [q for q in quotes if q.speaker_ref not in mute]
    for q in quotes:
        if unsupported(q):
            q.kind = "act"
    return quotes, speakers


_ANSWER = re.compile(r"[ \t]*A[:.][ \t]")


def _answer(text: str, pos: int) -> bool:
    """Whether ``pos`` lies in an interview's answer paragraph ("A: ...")."""
    return bool(_ANSWER.match(text, text.rfind("\n", 0, pos) + 1))


def analyse_article(item: Article, models: str | None = None, parsed: Parsed | None = None) -> Result:
    """Parse (unless ``parsed`` is given) and analyse one article. A failure on this article
    becomes an :class:`ArticleError`; a :class:`ModelError` (no models at all) is raised."""
    try:
        if parsed is None:
            parsed = parse(item.text, models=models)
        return analyse(parsed, item.title)
    except ModelError:
        raise
    except TooDense as exc:  # skipped before parsing, with the reason
        return ArticleError(item.source_path, str(exc))
    except MemoryError:
        return ArticleError(item.source_path, "out of memory while parsing")
    except Exception as exc:  # a parser or rule failure on one article must not stop the run
        return ArticleError(item.source_path, f"analysis failed ({type(exc).__name__}: {exc})")
    finally:
        parsed = None
        release_memory()  # the parse's freed tensors go back to the system, not kept in the heap
