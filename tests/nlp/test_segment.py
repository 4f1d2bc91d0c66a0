"""Datelines are parsed apart from the sentence they open; the tokenizer's sentence breaks inside
a name are undone."""
import pytest

from quotes.nlp import _chunks, get_pipeline, parse
from quotes.nlp.segment import broken_inside, false_contraction, rejoin_sentences
from quotes.nlp.segment import split_datelines


@pytest.mark.parametrize(
    "text, pieces",
    [
        ("Headline.\n\nCLEVELAND - Donald Trump spoke.", ["Headline.\n\nCLEVELAND -", " Donald Trump spoke."]),
        ("LA CROSSE, Wisc. — Gov. Mike Pence spoke.", ["LA CROSSE, Wisc. —", " Gov. Mike Pence spoke."]),
        ("NEW YORK (AP) — Candidates met.", ["NEW YORK (AP) —", " Candidates met."]),
        ("LOS ANGELES, Sept. 28 (UPI) — She sang.", ["LOS ANGELES, Sept. 28 (UPI) —", " She sang."]),
        ("MYRTLE BEACH, S.C. - Sen. Ted Cruz went on.", ["MYRTLE BEACH, S.C. -", " Sen. Ted Cruz went on."]),
        ("WASHINGTON -- The Senate voted.", ["WASHINGTON --", " The Senate voted."]),
        # a place in title case before a news agency in brackets
        ("Washington (AFP) – Democrat Hillary Clinton has taken a swipe.",
         ["Washington (AFP) –", " Democrat Hillary Clinton has taken a swipe."]),
        ("New York (AFP) – Vice President Joe Biden spoke.", ["New York (AFP) –", " Vice President Joe Biden spoke."]),
        # not datelines: a dash inside a sentence, a one-letter word, a place in lower case, a transcript
        ("Trump said - and he meant it - that it was over.", ["Trump said - and he meant it - that it was over."]),
        ("I - for one - agree.", ["I - for one - agree."]),
        ("Cleveland - a city in Ohio - voted.", ["Cleveland - a city in Ohio - voted."]),
        ("WALLACE: Let's start.", ["WALLACE: Let's start."]),
        ("He said: NEW YORK — is great.", ["He said: NEW YORK — is great."]),
        ("Cleveland (the city) - voted.", ["Cleveland (the city) - voted."]),
    ],
)
def test_split_datelines(text, pieces):
    got = list(split_datelines(100, text))
    assert [p for _, p in got] == pieces
    assert all(text[o - 100:o - 100 + len(p)] == p for o, p in got)  # offsets index the text


def test_chunks_keep_offsets_across_a_dateline():
    text = "Title\n\nCLEVELAND - Donald Trump spoke on Thursday."
    assert all(text[o:o + len(p)] == p for o, p in _chunks(text))


def test_the_sentence_after_a_dateline_has_its_own_subject():
    """Real parse: the place no longer takes the subject's place."""
    from quotes.nlp import parse
    from quotes.run.analyse import analyse

    text = ("Pence blames media.\n\nLA CROSSE, Wisc. — Gov. Mike Pence on Thursday blamed the media for the "
            "uproar, saying that reporters had twisted the words.")
    quotes, speakers = analyse(parse(text))
    said = [q for q in quotes if "twisted the words" in text[q.start:q.end]]
    assert said and speakers[said[0].speaker_ref].name == "Mike Pence"
    assert all(speakers[q.speaker_ref].name != "LA CROSSE" for q in quotes if q.speaker_ref is not None)


@pytest.mark.parametrize(
    "text, last, first, broken",
    [
        # a break inside a name, or after a comma: one sentence
        ("Billionaire entrepreneur Peter Thiel said so.", "Peter", "Thiel", True),
        ("The Washington Post reported it.", "Washington", "Post", True),
        ("A Times/CBS News poll found it.", "Times/CBS", "News", True),
        ("A Post-ABC News poll found it.", "Post-ABC", "News", True),
        ("Still, The Times reported it.", ",", "The", True),
        # a title written short before a name
        ("Florida Sen. Marco Rubio spoke.", "Sen.", "Marco", True),
        ("It moved fast, said Capt. Dana Whitfield.", "Capt.", "Dana", True),
        # a clock time before a day, a time zone or a dash
        ("It began around 9 p.m. Friday after a clerk called.", "p.m.", "Friday", True),
        ("The debate starts at 9 p.m. Eastern on Fox.", "p.m.", "Eastern", True),
        ("The fire started at 4 a.m. Officials said it spread fast.", "a.m.", "Officials", False),
        # real ends: after a full stop, a headline in capitals, a number, a line break, two spaces;
        # a lower-case word after the capitalised one
        ("He left. The Times reported it.", ".", "The", False),
        ("SENATOR RESIGNS After months of criticism, he left.", "RESIGNS", "After", False),
        ("Nov. 4, 2014 The one that got away.", "2014", "The", False),
        ("Billionaire entrepreneur Peter\nThiel said so.", "Peter", "Thiel", False),
        ("Billionaire entrepreneur Peter  Thiel said so.", "Peter", "Thiel", False),
        ("Credit Scores on his website, he wrote.", "Scores", "on", False),
    ],
)
def test_broken_inside(text, last, first, broken):
    end = text.index(last) + len(last)
    start = text.index(first, end)
    assert broken_inside(text, last, end, first, start) is broken


def _doc(sentences, text):
    from stanza.models.common.doc import Document

    return Document([[{"id": k, "text": t, "start_char": s, "end_char": e} for k, (t, s, e) in enumerate(sent, 1)]
                     for sent in sentences], text)


def test_rejoin_sentences_merges_a_break_inside_a_name_and_keeps_offsets():
    text = "Chief executive Lena Hoff spoke. Sales rose."
    sents = [[("Chief", 0, 5), ("executive", 6, 15), ("Lena", 16, 20)],
             [("Hoff", 21, 25), ("spoke", 26, 31), (".", 31, 32)],
             [("Sales", 33, 38), ("rose", 39, 43), (".", 43, 44)]]
    doc = rejoin_sentences(_doc(sents, text))
    assert [[t.text for t in s.tokens] for s in doc.sentences] == [
        ["Chief", "executive", "Lena", "Hoff", "spoke", "."], ["Sales", "rose", "."]]
    assert [t.id for t in doc.sentences[0].tokens] == [(k,) for k in range(1, 7)]
    assert all(text[t.start_char:t.end_char] == t.text for s in doc.sentences for t in s.tokens)


def test_rejoin_sentences_makes_a_title_cut_from_its_full_stop_one_token():
    text = "It moved fast, said Capt. Dana Whitfield."
    sents = [[("It", 0, 2), ("moved", 3, 8), ("fast", 9, 13), (",", 13, 14), ("said", 15, 19), ("Capt", 20, 24),
              (".", 24, 25)],
             [("Dana", 26, 30), ("Whitfield", 31, 40), (".", 40, 41)]]
    doc = rejoin_sentences(_doc(sents, text))
    assert [[t.text for t in s.tokens] for s in doc.sentences] == [
        ["It", "moved", "fast", ",", "said", "Capt.", "Dana", "Whitfield", "."]]
    assert all(text[t.start_char:t.end_char] == t.text for s in doc.sentences for t in s.tokens)


def test_rejoin_sentences_leaves_real_sentence_ends_alone():
    text = "Sales rose. Profits fell."
    doc = _doc([[("Sales", 0, 5), ("rose", 6, 10), (".", 10, 11)], [("Profits", 12, 19), ("fell", 20, 24), (".", 24, 25)]], text)
    assert rejoin_sentences(doc) is doc


def test_the_pipeline_parses_a_name_the_tokenizer_cut_as_one_sentence():
    # the bundled tokenizer ends a sentence after "Lena" here; the pipeline undoes it
    text = "Chief executive Lena Hoff said the results showed that the turnaround was working."
    assert get_pipeline().processors["tokenize"]._quotes_rejoin
    p = parse(text)
    assert len(p.sentences) == 1
    words = p.sentences[0].words
    hoff = next(w for w in words if w.text == "Hoff")
    assert words[hoff.head].text in ("said", "Lena")


def test_the_pipeline_keeps_a_title_with_its_name():
    # the bundled tokenizer cuts "Capt" from its full stop and ends the sentence there
    text = ("The fire had burned more than 4,000 acres by evening, the state fire agency said. About 6,000 "
            "residents were ordered to evacuate.\n\n\"It jumped the ridge in about ten minutes,\" said Capt. Dana "
            "Whitfield, a spokeswoman for the agency.")
    p = parse(text)
    sent = p.sentence_at(text.index("Dana"))
    assert sent is not None and sent.words[0].text == '"' and any(w.text == "Capt." for w in sent.words)


def test_each_line_of_a_list_is_parsed_apart():
    from quotes.nlp.segment import split_datelines

    text = "What we know:\n- The fire started.\n- Two were hurt, officials said.\n2. The cause is unknown.\nA - B"
    assert [p for _, p in split_datelines(0, text)] == [
        "What we know:\n", "- The fire started.\n", "- Two were hurt, officials said.\n", "2. The cause is unknown.\nA - B"]


def test_the_pipeline_keeps_a_clock_time_with_its_day():
    # the bundled tokenizer ends the sentence after "p.m."; "Friday after ..." is still its words
    text = ("Officers were called to the Starlite Motel on West Ridge Road around 9 p.m. Friday after a clerk "
            "reported hearing a gunshot, according to police spokesman Lt. Greg Bello.")
    p = parse(text)
    assert len(p.sentences) == 1


@pytest.mark.parametrize("token, false", [("Its", True), ("its", True), ("went", True), ("item", True),
                                          ("cannot", False), ("It's", False), ("don’t", False), ("Trump's", False)])
def test_false_contraction(token, false):
    assert false_contraction(token) is false


def test_its_stays_one_word():
    # the bundled tokenizer flags a capitalised "Its" as a contraction ("It" + "s"); it is one word
    p = parse("The company reported a loss. Its chief executive said the attack was well planned.")
    assert "Its" in [w.text for s in p.sentences for w in s.words]
    assert "s" not in [w.text for s in p.sentences for w in s.words]
