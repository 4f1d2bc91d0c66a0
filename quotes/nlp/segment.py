"""Segmentation rules: what is parsed apart before Stanza sees a text (datelines), and which of
the tokenizer's sentence breaks are undone before tagging and parsing (a break inside a name).
Part of the pipeline's version (``quotes.PIPELINE_VERSION``) and of the evaluation parse cache's
key."""
from __future__ import annotations

import re
from typing import Iterator

__all__ = ["SEGMENTATION", "TITLE_ABBREVIATIONS", "split_datelines", "broken_inside", "false_contraction", "rejoin_sentences", "install_rejoin"]

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
SEGMENTATION = "datelines-2+lists-1+rejoin-4"


# A line of a list: "- The fire started Tuesday", "• Two firefighters were hurt", "2. The cause ..."
_BULLET_LINE = re.compile(r"\n(?=[ \t]*(?:[-•*▪●◦]|\d{1,2}[.)])[ \t]+\S)")


def split_datelines(offset: int, piece: str) -> Iterator[tuple[int, str]]:
    """Cut ``piece`` right after each paragraph-opening dateline, so that the dateline and the
    sentence it opens are parsed apart; and before each line of a list, which the tokenizer would
    otherwise run into the line before it ("What we know:\n- The fire started ...\n- Two
    firefighters were hurt, officials said")."""
    cuts = sorted({m.end() for m in _DATELINE.finditer(piece)} | {m.end() for m in _BULLET_LINE.finditer(piece)})
    start = 0
    for cut in cuts:
        if cut > start:
            yield offset + start, piece[start:cut]
            start = cut
    yield offset + start, piece[start:]


# The last word of a sentence that cannot end one when another word follows on the same line
# after a single space: a capitalised word with a lower-case letter ("Peter", "Washington",
# "Times/CBS", "Post-ABC"), so the sentence stopped inside a name ("Billionaire entrepreneur Peter
# || Thiel said", "The Washington || Post reported"). Words in capitals (a headline: "RESIGNS ||
# After months") and numbers ("Nov. 4, 2014 || The one") are left as they are.
_NAME_PART = re.compile(r"(?=[^a-z]*[a-z])[A-Z][A-Za-z]*(?:[-/'’][A-Za-z]+)*")


# Titles written short before a name, which never end a sentence ("said Capt. || Dana Whitfield",
# "Florida Sen. || Marco Rubio", "Mrs. || Clinton's proposal")
TITLE_ABBREVIATIONS = {"Mr.", "Mrs.", "Ms.", "Messrs.", "Dr.", "Prof.", "Rev.", "Gov.", "Govs.", "Sen.", "Sens.",
                        "Rep.", "Reps.", "Capt.", "Lt.", "Col.", "Gen.", "Sgt.", "Cpl.", "Pvt.", "Maj.", "Adm.",
                        "Cmdr.", "Det.", "Insp.", "Supt.", "Atty.", "Msgr.", "Pres.", "Amb.", "Hon.", "Fr.",
                        "Then-Sen.", "then-Sen.", "then-Cmdr.", "then-Gov.", "Then-Gov."}


# What follows a clock time in the same sentence: a day, a month, a time zone, a dash
_AFTER_A_TIME = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
                 "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December", "Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.", "ET", "EST", "EDT",
                 "CT", "CST", "CDT", "MT", "MST", "MDT", "PT", "PST", "PDT", "GMT", "UTC", "BST", "Eastern",
                 "Central", "Mountain", "Pacific", "-", "—", "–"}


def broken_inside(text: str, last: str, last_end: int, first: str, first_start: int) -> bool:
    """Whether the tokenizer's sentence break between the token ``last`` (ending at
    ``last_end``) and the token ``first`` (starting at ``first_start``) of ``text`` is a break
    inside one sentence: only one plain space between them, and either a comma before it ("Still,
    || The New York Times reported"), a capitalised word before a capitalised one, a title
    written short before one ("said Capt. || Dana Whitfield"), or a clock time before a day, a
    month, a time zone or a word in lower case ("around 9 p.m. || Friday after ...")."""
    if text[last_end:first_start] != " ":
        return False
    if last == ",":
        return True
    if last in TITLE_ABBREVIATIONS:
        return first[:1].isupper()
    if last.lower() in ("a.m.", "p.m."):
        # "around 9 p.m. || Friday after a clerk ...", "at 9 p.m. || Eastern", "at 9 p.m. || - will air"
        return first in _AFTER_A_TIME or first[:1].islower()
    return bool(_NAME_PART.fullmatch(last)) and first[:1].isupper()


# English words written as one that the tokenizer may split into two without an apostrophe
_FUSED = {"cannot", "gonna", "wanna", "gotta"}


def false_contraction(token: str) -> bool:
    """Whether the tokenizer's multi-word flag on ``token`` is a mistake: a word with no
    apostrophe that English never writes as two ("Its" is not "It's"; "went", "item")."""
    return not re.search(r"['’‘`]", token) and token.lower() not in _FUSED


def _mwt(t) -> bool:
    """Whether the tokenizer flagged token ``t`` as a multi-word token."""
    return "MWT=Yes" in (t.misc or "")


def rejoin_sentences(document):
    """The Stanza document (tokenized, not yet tagged) with each break that :func:`broken_inside`
    finds undone, and each false multi-word token (:func:`false_contraction`) one word again;
    the same object when there is nothing to undo."""
    sents = document.sentences
    text = document.text
    false_mwt = any(_mwt(t) and false_contraction(t.text) for s in sents for t in s.tokens)
    groups: list[list] = []
    for k, s in enumerate(sents):
        if k and s.tokens and sents[k - 1].tokens:
            a, b = sents[k - 1].tokens[-1], s.tokens[0]
            last = a.text
            if last == "." and len(sents[k - 1].tokens) >= 2 and sents[k - 1].tokens[-2].end_char == a.start_char:
                last = sents[k - 1].tokens[-2].text + "."  # "Capt" and "." as two tokens
            if broken_inside(text, last, a.end_char, b.text, b.start_char):
                groups[-1].append(s)
                continue
        groups.append([s])
    if len(groups) == len(sents) and not false_mwt:
        return document
    from stanza.models.common.doc import Document

    merged = []
    for g in groups:
        tokens = [dict(t) for s in g for t in s.to_dict()]
        for n in range(len(tokens) - 2, -1, -1):
            a, b = tokens[n], tokens[n + 1]
            if b["text"] == "." and a["text"] + "." in TITLE_ABBREVIATIONS and a.get("end_char") == b.get("start_char"):
                a["text"] += "."  # one token again: "Capt."
                a["end_char"] = b["end_char"]
                a.pop("misc", None)  # its "SpaceAfter=No" was the full stop's
                if b.get("misc"):
                    a["misc"] = b["misc"]
                del tokens[n + 1]
        for n, t in enumerate(tokens, 1):
            t["id"] = n
            misc = t.get("misc") or ""
            if "MWT=Yes" in misc and false_contraction(t["text"]):
                rest = "|".join(x for x in misc.split("|") if x != "MWT=Yes")
                t.pop("misc")
                if rest:
                    t["misc"] = rest
        merged.append(tokens)
    return Document(merged, text)


def install_rejoin(nlp) -> bool:
    """Make the pipeline's tokenizer undo breaks inside a sentence (:func:`rejoin_sentences`)
    before the tagger and parser run; returns whether it was installed now."""
    proc = getattr(nlp, "processors", {}).get("tokenize")
    if proc is None or getattr(proc, "_quotes_rejoin", False):
        return False
    tokenize = proc.process

    def process(document):
        return rejoin_sentences(tokenize(document))

    proc.process = process
    proc._quotes_rejoin = True
    return True
