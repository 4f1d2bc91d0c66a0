"""Segmentation rules applied before Stanza sees a text: what is parsed apart. Part of the
pipeline's version (``quotes.PIPELINE_VERSION``) and of the evaluation parse cache's key."""
from __future__ import annotations

import re
from typing import Iterator

__all__ = ["SEGMENTATION", "split_datelines"]

# A wire dateline opening a paragraph: "CLEVELAND - ", "LA CROSSE, Wisc. — ", "NEW YORK (AP) — ",
# "LOS ANGELES, Sept. 28 (UPI) — ". It is parsed apart from the sentence it opens, which
# otherwise takes the place for its subject ("CLEVELAND ... painted a dire portrait"). A place in
# title case counts only before a news agency in brackets ("Washington (AFP) – ").
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
_AGENCY = r"(?:AFP|AP|Reuters|UPI|CNN|dpa|AAP|CP|Xinhua|TASS)"
_DATELINE = re.compile(
    # the place in capitals; or in title case when a news agency in brackets follows: "Washington (AFP) –"
    rf"^[ \t]*(?:[A-Z][A-Z.'’]+(?:[ -][A-Z][A-Z.'’]+){{0,3}}|[A-Z][a-z.'’]+(?:[ -][A-Z][a-z.'’]+){{0,2}}(?=(?:,[^\n(]{{1,20}})?[ \t]+\({_AGENCY}\)))"
    r"(?:,[ \t]+[A-Z][A-Za-z.]*(?:[ \t][A-Z][A-Za-z.]*)?)?"  # its state or country: ", Wisc.", ", S.C."
    rf"(?:,[ \t]+{_MONTH}[ \t]+\d{{1,2}})?"  # ", Sept. 28"
    r"(?:[ \t]+\([A-Za-z][\w &.-]{0,30}\))?"  # "(AP)"
    r"[ \t]+(?:—|–|--?)(?=[ \t]+\S)", re.M)
# Bumped whenever these rules change what Stanza is given.
SEGMENTATION = "datelines-2"


def split_datelines(offset: int, piece: str) -> Iterator[tuple[int, str]]:
    """Cut ``piece`` right after each paragraph-opening dateline, so that the dateline and the
    sentence it opens are parsed apart."""
    start = 0
    for m in _DATELINE.finditer(piece):
        yield offset + start, piece[start:m.end()]
        start = m.end()
    yield offset + start, piece[start:]
