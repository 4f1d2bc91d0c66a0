"""Extraction and attribution on real parses: (text, expected quotes) tables, negatives included.

Each expected quote is (type, content, speaker mention as written). Content is matched
exactly for direct quotes and as a prefix-insensitive containment for reported clauses.
"""
import pytest

from quotes.extract import Quote, extract_quotes
from quotes.nlp import parse

CASES = [
    # direct quotes, every speaker position
    ("“We want political relations, not just security relations,” Amro said.",
     [("direct", "We want political relations, not just security relations", "Amro")]),
    ('"The talks were useful," said Paul Chipok, a lawyer in Orlando.',
     [("direct", "The talks were useful", "Paul Chipok")]),
    ("''Some courses are adapting,'' said Paul H. Chipok.",
     [("direct", "Some courses are adapting", "Paul H. Chipok")]),
    ("The minister said: “We will not accept this plan under any circumstances.”",
     [("direct", "We will not accept this plan under any circumstances.", "The minister")]),
    ('"We heard no new ideas or proposals," a Palestinian politician told The Jerusalem Post.',
     [("direct", "We heard no new ideas or proposals", "a Palestinian politician")]),
    ("“The situation is dire and getting worse by the hour,” Dr. Sarah Cohen, a doctor in Gaza, said.",
     [("direct", "The situation is dire and getting worse by the hour", "Dr. Sarah Cohen")]),
    # interrupted: one quote, two spans
    ('"We came here to listen," she said, "and we will keep listening to everyone."',
     [("direct", "We came here to listen … and we will keep listening to everyone.", "she")]),
    # reported speech
    ("The State Department said that Blinken would travel to Cairo next week.",
     [("indirect", "that Blinken would travel to Cairo next week", "The State Department")]),
    ("Abbas claimed that Israel had violated the ceasefire agreement.",
     [("indirect", "that Israel had violated the ceasefire agreement", "Abbas")]),
    ("According to the statement, the two leaders discussed the reconstruction of Gaza.",
     [("indirect", "the two leaders discussed the reconstruction of Gaza", "the statement")]),
    # source and cue set off by commas inside the reported sentence: one quote, two spans
    ("The latest test, North Korea said, was its biggest yet.",
     [("indirect", "The latest test … was its biggest yet", "North Korea")]),
    ("The plan, the minister said in a statement on Tuesday, would cut taxes for most families.",
     [("indirect", "The plan … would cut taxes for most families", "the minister")]),
    ("On Monday, he said the plan, which was approved last week, would cut taxes.",
     [("indirect", "the plan, which was approved last week, would cut taxes", "he")]),
    # ... a quotation later in the sentence makes it mixed, not a reason to read it otherwise
    ("Acts of protest, Mr. Obama said, are acts of patriotism, like wearing a T-shirt with the words ''I can't breathe.''",
     [("mixed", "Acts of protest … are acts of patriotism", "Mr. Obama")]),
    # an "as" clause with no complement of its own comments on the rest of its sentence
    ("As many tax experts, including Mr. Goldberg, have pointed out, Mr. Trump is free to disclose his returns.",
     [("indirect", "Mr. Trump is free to disclose his returns", "many tax experts, including Mr. Goldberg,")]),
    ("Hawaii, as one of Mr. Obama's climate advisers pointed out, normally does not get hurricanes.",
     [("indirect", "Hawaii … normally does not get hurricanes", "one of Mr. Obama's climate advisers")]),
    ("The super PAC started reserving ad time in swing states, as first reported by the New York Times.",
     [("indirect", "The super PAC started reserving ad time in swing states", "the New York Times")]),
    ("The primary requirement is a lawful source of investment income, as a Homeland Security memo put it.",
     [("indirect", "The primary requirement is a lawful source of investment income", "a Homeland Security memo")]),
    # "told" with the one told and nothing else: the rest of the sentence is what was told
    ("The new bridge, as Mayor Ellen Park told reporters, will open to traffic in the spring.",
     [("indirect", "The new bridge … will open to traffic in the spring", "Mayor Ellen Park")]),
    # a name the tagger reads as an adjective still names the source
    ("As The Atlantic recently noted, trust in public institutions is falling in many countries.",
     [("indirect", "trust in public institutions is falling in many countries", "The Atlantic")]),
    # a name between commas after a description is the speaker, even where the parser made it a
    # second subject
    ("Raman's boss, chief executive Tom Ellery, told investors last month that the company would cut 500 jobs.",
     [("indirect", "that the company would cut 500 jobs", "chief executive Tom Ellery")]),
    ("The company's founder, Lisa Park, said sales would double.",
     [("indirect", "sales would double", "Lisa Park")]),
    ("Her opponent, businessman Greg Lyons, said the city had wasted four years.",
     [("indirect", "the city had wasted four years", "Greg Lyons")]),
    ("A spokeswoman for the state hospital association, Rita Gomez, said some hospitals had postponed surgeries.",
     [("indirect", "some hospitals had postponed surgeries", "Rita Gomez")]),
    ('Its chief executive, Ingrid Solberg, said the attack was "sophisticated and well funded."',
     [("mixed", 'the attack was "sophisticated and well funded."', "Ingrid Solberg")]),
    # a relative clause of the phrase after the cue is part of what it is about, not the content
    ("Researchers warned of a heat wave that could last into next week.",
     [("indirect", "a heat wave that could last into next week", "Researchers")]),
    # "told" someone that ...: the one told is no part of what was told
    ("Foreign Ministry spokesman Wang Wenbin told a regular news briefing that China firmly opposed all forms of hacking.",
     [("indirect", "that China firmly opposed all forms of hacking", "Foreign Ministry spokesman Wang Wenbin")]),
    # "..., X said": the parser may hang the comma before the source on the clause
    ("The man, identified as Derek Hale of Millbrook, barricaded himself in a storage room, Police Chief Sandra Ortiz said at a news conference.",
     [("indirect", "The man, identified as Derek Hale of Millbrook, barricaded himself in a storage room", "Police Chief Sandra Ortiz")]),
    # the passive's subject is the one told; the agent told it
    ("The governor was told by aides that the budget would not balance.",
     [("indirect", "that the budget would not balance", "aides")]),
    # a source asking not to be named says nothing about the story
    ('"Nobody warned us about the flood," said a shop owner, who asked not to be named.',
     [("direct", "Nobody warned us about the flood", "a shop owner")]),
    ("A nurse, who asked that her name not be used, said the ward had run out of masks.",
     [("indirect", "the ward had run out of masks", "A nurse")]),
    ("A person close to the production, who requested anonymity to discuss private matters, said the shoot had been tense.",
     [("indirect", "the shoot had been tense", "A person")]),
    ("One store clerk, who asked not to be named because she feared losing her job, said the shelves had been "
     "empty for days.", [("indirect", "the shelves had been empty for days", "One store clerk")]),
    # ... but "as" of time, and "as" with a cue that has its own content, are not
    ("As the senator spoke, protesters gathered outside the building.", []),
    ("Freddy, as he was known, was the eldest son of the family.", []),
    ("As Clinton talked about bringing communities together, the crowd cheered.",
     [("indirect", "bringing communities together", "Clinton")]),
    # "saying" hung on a noun that says nothing itself: the source is the clause's subject
    ("A New York judge unsealed the file on Donald Trump's divorce from wife Ivana, saying the courts have no business deciding what information is public.",
     [("indirect", "the courts have no business deciding what information is public", "A New York judge")]),
    # a subordinate "where X also spoke" after the cue is not an attribution of the quote before it
    ('"Our progress is on the ballot," Mr. Obama said at the gala dinner in Washington, where Mrs. Clinton also spoke.',
     [("direct", "Our progress is on the ballot", "Mr. Obama")]),
    # a second source in a side clause is a second attribution
    ("Bamberg said the videos do not show whether Scott had anything in his hands, but he said witnesses saw a gun.",
     [("indirect", "the videos do not show whether Scott had anything in his hands", "Bamberg"),
      ("indirect", "witnesses saw a gun", "he")]),
    # broad attribution: the object or prepositional object of a communication verb
    ("The senator described the plan as a betrayal of working families.",
     [("indirect", "the plan as a betrayal of working families", "The senator")]),
    ("Activist Angela Davis talked about the issue of mass incarceration.",
     [("indirect", "the issue of mass incarceration", "Activist Angela Davis")]),
    ("President Obama called for reducing the corporate tax rate to 28 percent.",
     [("indirect", "reducing the corporate tax rate to 28 percent", "President Obama")]),
    # a long apposition between quotation and cue; a name before a cue that lost its subject
    ("“It’s an invasion of the state regulatory domain,” Scott Pruitt, the Republican attorney general of Oklahoma, said in a statement.",
     [("direct", "It’s an invasion of the state regulatory domain", "Scott Pruitt")]),
    # an apposition longer than the usual cue frame, with "United States" in it (not a cue)
    ("''Their strategy is very clear: to create the appearance of being a legitimate source of news,'' Michael McFaul, "
     "a senior fellow at the Hoover Institution and a former United States ambassador to Russia, said.",
     [("direct", "Their strategy is very clear: to create the appearance of being a legitimate source of news", "Michael McFaul")]),
    # a year or a weekday is never the source
    ("Critics pointed to Mitch McConnell, now the Senate majority leader, who in 2010 said the party's most important goal "
     "was to make Obama a one-term president.",
     [("indirect", "Mitch McConnell, now the Senate majority leader", "Critics"),
      ("indirect", "the party's most important goal was to make Obama a one-term president", "who")]),
    ("“Our assumption is that the veto will be overridden,” Senate Majority Leader Mitch McConnell, R-Ky., said Tuesday.",
     [("direct", "Our assumption is that the veto will be overridden", "Senate Majority Leader Mitch McConnell")]),
    ("“It’s a dog whistle to all Americans,” Rep. Gwen Moore (D-Wis.) said Friday.",
     [("direct", "It’s a dog whistle to all Americans", "Rep. Gwen Moore")]),
    # a quotation right after "Q," X said. in the same paragraph goes on with the same utterance
    ("“Trump the dealmaker may emerge here,” Graham said. “But he has to be convinced first.”",
     [("direct", "Trump the dealmaker may emerge here … But he has to be convinced first.", "Graham")]),
    # a run of reader quotes, each signed after a dash: the name without the dash
    ("Readers sent us their views.  “He is a spoiled child.” ― Edwin G. Monroy “He is clueless about the struggles of minorities.” ― Stephanie Egan",
     [("direct", "He is a spoiled child.", "Edwin G. Monroy"),
      ("direct", "He is clueless about the struggles of minorities.", "Stephanie Egan")]),
    # "..., arguing that B": a participle set off by a comma is a second claim by the same source
    ("Sen. David Perdue said he doubted those ads did Romney in, arguing that it was divisions in the party that were a bigger hurdle.",
     [("indirect", "he doubted those ads did Romney in", "Sen. David Perdue"),
      ("indirect", "that it was divisions in the party that were a bigger hurdle", "Sen. David Perdue")]),
    # "that" after a phrase of time, the clause misparsed as a relative one
    ("Trump tweeted in the early morning hours that Machado was disgusting and a con.",
     [("indirect", "that Machado was disgusting and a con", "Trump")]),
    # a lemmatizer that left "warning" still finds the cue "warn"
    ("Donald Trump is warning voters that a Clinton victory would bring scandal back to the White House.",
     [("indirect", "that a Clinton victory would bring scandal back to the White House", "Donald Trump")]),
    # the dash glued to the closing mark ("”―" is one token)
    ("Readers wrote in.  “He is a spoiled child.”― Edwin G. Monroy",
     [("direct", "He is a spoiled child.", "Edwin G. Monroy")]),
    # a short title-case quotation alone on its line is a section heading, not a continuation
    ("''It will not be easy,'' Mr. Clarke said.\n\n'Coal Isn't the Villain.'\n\nIt was raining when the miners arrived.",
     [("direct", "It will not be easy", "Mr. Clarke")]),
    # a cue verb the tagger read as a plural noun keeps the name before it as its source
    ("But Trump claims that he should be the exception.",
     [("indirect", "that he should be the exception", "Trump")]),
    # "X estimates that": a cue verb parsed as the head of a noun phrase, its subject as modifiers
    ("The Tax Policy Center estimates that the plan would raise 1.1 trillion dollars over a decade.",
     [("indirect", "that the plan would raise 1.1 trillion dollars over a decade", "The Tax Policy Center")]),
    # "commit suicide" is no promise
    ("Many veterans commit suicide each day, the report found.",
     [("indirect", "Many veterans commit suicide each day", "the report")]),
    # a headline led by its source
    ("Pence: Gennifer Flowers Won’t Be at Debate, Trump Was ‘Mocking’ Clinton Camp\n\nThe governor spoke on Sunday.",
     [("mixed", "Gennifer Flowers Won’t Be at Debate, Trump Was ‘Mocking’ Clinton Camp", "Pence")]),
    ("WATCH: The full debate between the two candidates\n\nThe debate ran for ninety minutes.", []),
    # a kicker before the colon is nobody who spoke, unless the article names it
    ("Wow: Al Sharpton Just Said Something Unexpected About Donald Trump\n\nThe reverend spoke on Sunday.", []),
    ("Stealth Over Health: Hillary Clinton Was Headed to ER But Diverted\n\nThe candidate was ill on Sunday.", []),
    ("Delegate Update: The latest count in the Democratic race\n\nThe race goes on.", []),
    # a title-case headline whose words after the cue say when, not what
    ("Singer Apologizes After Concert Cancellation\n\nThe concert was called off.", []),
    ("Retailer Cuts Forecast as Shoppers Pull Back\n\nShares fell on Thursday.", []),
    # the genre of the piece is no source, even when the review mentions its genre again
    ("Review: 'The Long Quiet' Is a Patient, Haunting Thriller\n\nThe review contains spoilers.", []),
    ("Obituary: Harold Finch Led His Town Through the Flood\n\nHarold Finch died on Sunday.", []),
    ("Factbox: Key facts about the vote\n\nThe vote is on Sunday.", []),
    ("Timeline: How the crisis unfolded\n\nThe crisis began in May.", []),
    # a known kicker even when the article repeats it; the clause rules' reading of it stays
    ("The Latest: Clinton tells voters she is with them\n\nThe Latest on the campaign follows.",
     [("indirect", "she is with them", "Clinton")]),
    # a source and a colon lead the headline: what the clause rules made of its words gives way
    ("Pat Caddell: Democrat Voters Worried About Hillary Clinton’s Health\n\nCaddell spoke on Fox News.",
     [("indirect", "Democrat Voters Worried About Hillary Clinton’s Health", "Pat Caddell")]),
    ("Insiders: Trump will rebound in New Hampshire\n\nThe insiders are activists in the state.",
     [("indirect", "Trump will rebound in New Hampshire", "Insiders")]),
    # a title-case headline: source, a cue verb in its -s form, the claim
    ("Chris Christie Calls Hillary Clinton ‘A Disgrace’ Over Police Shooting Comments.\n\nThe governor spoke on Friday.",
     [("mixed", "Hillary Clinton ‘A Disgrace’ Over Police Shooting Comments", "Chris Christie")]),
    ("New Poll Shows Minor Post-Debate Bump For Clinton\n\nThe poll was taken on Tuesday.",
     [("indirect", "Minor Post-Debate Bump For Clinton", "New Poll")]),
    ("Sam Mendes Leaves ‘Chocolate Factory’ On Its Way To Broadway\n\nThe director moved on.", []),
    ("Black Lawmakers Slam Donald Trump As A ‘Disgusting Fraud’\n\nThe caucus met on Monday.",
     [("mixed", "Donald Trump As A ‘Disgusting Fraud’", "Black Lawmakers")]),
    # an adjective ending in -s is no plural source; a participle's phrase is no part of the source
    ("A Curious Plan to Fight Climate Change: Buy Mines, Sell Coal\n\nTom Clarke owns nursing homes.", []),
    ("Railing Against Trump, Sanders Vows To Eliminate Tax Breaks Used By Developers\n\nThe senator spoke.",
     [("indirect", "To Eliminate Tax Breaks Used By Developers", "Sanders")]),
    ("In Iowa, Governor Warns Of Cuts To State Parks\n\nThe governor spoke on Tuesday.",
     [("indirect", "Of Cuts To State Parks", "Governor")]),
    # a verb inside a compound led by a name is an adjective, no cue
    ("Clinton-Supporting Super PACs Target Latino Voters\n\nAbout one of every nine voters is Latino.", []),
    # mixed: reported speech with a quoted fragment
    ("Amro said that Israel had “carried out an attack in the Gaza Strip.”",
     [("mixed", "that Israel had “carried out an attack in the Gaza Strip.”", "Amro")]),
    # negatives: scare quotes, titles, negated and hypothetical speech
    ("He urged him to stop the sales, and critics used the word “apartheid” often.", None),
    ("The activists watched the film “The Gatekeepers” on Tuesday evening.", []),
    ("The spokesman did not say who Mr. Amr would meet in Ramallah.", []),
    ("The embassy would not comment on the report.", []),
    ("Officials declined to say whether the meeting took place.", []),
    # a plural source the parser hung on the clause before ("officials ... say"): read from the words
    ("Although Scott lacks a signature policy achievement, elected officials from both parties say he has forged "
     "a reputation as a hard worker and policy wonk.",
     [("indirect", "he has forged a reputation as a hard worker and policy wonk", "elected officials from both parties")]),
    # "find" with a finite clause of its own, but not with an object
    ("An arbitration panel found the United States was in breach of the agreement.",
     [("indirect", "the United States was in breach of the agreement", "An arbitration panel")]),
    ("The police found the weapon in his car on Tuesday night.", []),
    ("The judges found him guilty of fraud.", []),
    # a cue verb the tagger called a plural noun ("notes", "charges"), read from the words
    ("The appointments came early, though Lynch notes they were made before she came to lead the department.",
     [("indirect", "they were made before she came to lead the department", "Lynch")]),
    ("Trump charges that countries that stand to benefit from the deal donated millions to the foundation.",
     [("indirect", "that countries that stand to benefit from the deal donated millions to the foundation", "Trump")]),
    ("The police reports that were filed on Monday describe a chaotic scene.", []),
    ("The Tax Policy Center plans to release its analysis of the revised plan next week.",
     [("indirect", "to release its analysis of the revised plan next week", "The Tax Policy Center")]),
    # a conjunct's own subject that the parser hung on the first clause
    ("Obama emphasized that Burma's reforms were not complete, and human rights groups warned that the administration "
     "was relinquishing critical leverage over the military.",
     [("indirect", "that Burma's reforms were not complete", "Obama"),
      ("indirect", "that the administration was relinquishing critical leverage over the military", "human rights groups")]),
    # "Q," says NAME after a clause of the writer's: the name after the cue
    ('The answers to veteran suicides are "not meeting the demand," says Paul Rieckhoff, founder of the veterans group.',
     [("mixed", 'The answers to veteran suicides are "not meeting the demand', "Paul Rieckhoff")]),
    # an aside set off by commas between the cue and its that-clause
    ("Several experts cautioned, as did the Clinton campaign itself, that the tax proposals might well evolve.",
     [("indirect", "that the tax proposals might well evolve", "Several experts")]),
    # "saying" after a comma is the main clause's subject's, also when the parser hung it on a
    # clause inside the object; "on Wednesday" is when, not part of who
    ("Opposition leader Marco Diaz on Wednesday rejected the minister's claim that two million children would be "
     "vaccinated by June, saying the plan was a fantasy.",
     [("indirect", "the minister's claim that two million children would be vaccinated by June", "Marco Diaz"),
      ("indirect", "the plan was a fantasy", "Marco Diaz")]),
    # a clause of time after the cue is not what was said
    ("Italian Prime Minister Matteo Renzi said after the meeting broke up.", []),
    # "not only" negates nothing
    ("The minister not only said that the talks had failed, he blamed the other side for it.",
     [("indirect", "that the talks had failed", "The minister")]),
    # a document put out by a source: the issuer said it
    ("The Security Council issued a statement calling the test a clear violation of its resolutions.",
     [("indirect", "the test a clear violation of its resolutions", "The Security Council")]),
    ("The ministry released a statement saying the talks had failed.",
     [("indirect", "the talks had failed", "The ministry")]),
    # the subject of a passive is no source: an attribution with nobody named
    ("Obama's veto is expected to come before the deadline.",
     [("indirect", "Obama's veto is expected to come before the deadline", None)]),
    # physical senses of verbs that also report speech
    ("The army attacked the village on Tuesday.", []),
    ("Israel released 30 Palestinian prisoners on Sunday.", []),
    # answering with a play or a strike is no answer in words
    ("Miller responded with a three-pointer to tie the game.", []),
    ("The Bears answered with a touchdown on the next drive.", []),
    ("The Rangers answered with a flurry of shots in overtime but could not score.", []),
    # claiming a prize is winning it, not saying anything; claiming responsibility still counts
    ("The Rangers claimed the final playoff spot in the East.", []),
    ("Islamic State claimed responsibility for the attack on the market.",
     [("indirect", "responsibility for the attack on the market", "Islamic State")]),
    # recalling a product or an envoy is taking it back; recalling what happened is still a report
    ("The toy maker is recalling 40,000 strollers after reports of broken hinges.", []),
    ("Glassware Maker Recalls Baby Bottles Over Crack Fears\n\nThe bottles were sold online.", []),
    ("Norway recalled its ambassador to Caracas on Friday.", []),
    ("The mayor recalled that the bridge had flooded twice before.",
     [("indirect", "that the bridge had flooded twice before", "The mayor")]),
    # the reports or the notion a source dismisses are part of what it is said to dismiss
    ("The Kremlin dismissed reports that it was preparing a new offensive in the north.",
     [("indirect", "reports that it was preparing a new offensive in the north", "The Kremlin")]),
    # a scoring line: what follows ", and" is another clause, not what was added
    ("Kyle Connor added a power-play goal, and Connor Hellebuyck finished with 30 saves.", []),
    # a clause with no finite verb after "said," says how, not what
    ('"He was going to start college in the fall," she said, her voice breaking.',
     [("direct", "He was going to start college in the fall", "she")]),
    # a date set off after a document is no name of it; saying goodbye reports nothing
    ("The report, released Thursday, found that one in four bridges needs repairs.",
     [("indirect", "that one in four bridges needs repairs", "The report")]),
    ("The Celtics said goodbye to their longtime trainer in a ceremony before the game.", []),
    # finding a thing is no finding that something is so
    ("Hikers discovered the body of a missing woman near the trail on Sunday.", []),
    ("Researchers discovered that the virus had spread earlier than thought.",
     [("indirect", "that the virus had spread earlier than thought", "Researchers")]),
    # a passive participle's subject is no source of the clause before it: the club announced it
    ("Brazilian forward Lucas Moura Jr. has signed a five-year contract with Real Sociedad, the club announced "
     "Thursday, in a deal reported to be worth 80 million euros.",
     [("indirect", "Brazilian forward Lucas Moura Jr. has signed a five-year contract with Real Sociedad",
       "the club")]),
    # "a group called X" gives a name, no words
    ("A group called Citizens for Parks opposes the plan.", [("indirect", "the plan", "A group")]),
    # "X rejected A, saying B": the participle is X's, whatever word of A the parser hung it on
    ("Campaign manager Dana Ruiz rejected the idea that the senator would be a drag on the ticket, saying the "
     "large crowds he draws at rallies prove that voters like him.",
     [("indirect", "the idea that the senator would be a drag on the ticket", "Campaign manager Dana Ruiz"),
      ("indirect", "the large crowds he draws at rallies prove that voters like him", "Campaign manager Dana Ruiz")]),
    # whom one apologised to is not what for; a time after the cue is no content
    ("The coach apologized to fans on Sunday after the team lost its fifth straight game.", []),
    ("Haddad conceded shortly after 10 p.m.", []),
    # a venue or the manner of speaking is not what was said
    ("The two women spoke for about five minutes.", []),
    ("In September, he wrote a letter to the network's president.", []),
    # summoned or phoned, not named; a share price; an office taken up
    ("Officers were called to the motel around midnight after a clerk heard a gunshot.", []),
    ("She was called to testify before the grand jury.", []),
    ("Neighbors called police after hearing screams.", []),
    ("Lumen shares rose 2 percent in afternoon trading.", []),
    ("She assumed a newly created role as state counselor.", []),
    # a participle set off after its subject names it; the agent is the source ("By contrast" is none)
    ("The plan, called a disaster by critics, passed the Senate on Tuesday.", [("indirect", "a disaster", "critics")]),
    ("By contrast, Dana Ruiz, a labor economist at the Institute for Work Studies, predicted that base wages "
     "would fall over time.", [("indirect", "that base wages would fall over time", "Dana Ruiz")]),
    # a participle of belief after its noun: nobody named thinks so ("He expected to be ..." still is his)
    ("A frog species thought to be extinct for more than 30 years has been rediscovered in Peru.", []),
    ("A man believed to be the gunman was arrested on Friday.", []),
    ("He expected to be elected by a wide margin.", [("indirect", "to be elected by a wide margin", "He")]),
    # a storm slamming into a coast is a blow, not criticism
    ("Hurricane Milo slammed into Florida's Gulf Coast early Thursday as a Category 3 storm.", []),
    # a result posted is no report, in a sentence or in a headline; where one told is not what
    ("Homestead Goods posted a quarterly loss on Wednesday.", []),
    ("Retailer Posts Surprise Loss as Shoppers Pull Back\n\nHomestead Goods said sales fell.",
     [("indirect", "sales fell", "Homestead Goods")]),
    ('"We are not immune," Chief Executive Mark Delaney told analysts on a conference call.',
     [("direct", "We are not immune", "Chief Executive Mark Delaney")]),
    # a clause of time after the cue is no gerund content
    ("The senator has called for tax cuts while also attacking the budget.",
     [("indirect", "tax cuts while also attacking the budget", "The senator")]),
    # a relative clause the parser hung on the clause before is no "Q, X said" nor "X said, Q"
    ('"Nobody reads the fine print," said Ana Ruiz, who writes about credit cards for consumers.',
     [("direct", "Nobody reads the fine print", "Ana Ruiz"), ("indirect", "credit cards for consumers", "who")]),
    ('"We will win," Lopez told a crowd in Reno on Tuesday night, after Nevada was called, following a day in '
     'which she repeatedly, implicitly criticized her rival on trade before also mocking his plan.',
     [("direct", "We will win", "Lopez"), ("indirect", "her rival on trade before also mocking his plan", "she")]),
]


@pytest.mark.parametrize("text, content", [
    # a live blog's time stamp is no part of what was said
    ("9:55 a.m. — Pacific Gas & Electric shut off power to 30,000 customers as a precaution, the utility said.",
     "Pacific Gas & Electric shut off power to 30,000 customers as a precaution"),
    # a list's line is a sentence of its own, whatever the tokenizer makes of the line before it
    ("Live updates\n\n10:45 a.m. — The fire is 5 percent contained.\n\nWhat we know:\n- The fire started Tuesday "
     "afternoon near Highway 20.\n- Two firefighters have suffered minor injuries, officials said.",
     "Two firefighters have suffered minor injuries"),
])
def test_the_content_is_exactly_what_was_said(text, content):
    quotes = extract_quotes(parse(text))
    assert content in [content_of(text, q) for q in quotes], [content_of(text, q) for q in quotes]


@pytest.fixture(scope="module")
def extracted():
    texts = [t for t, _ in CASES]
    out = {}
    for t in texts:
        parsed = parse(t)
        out[t] = (parsed, extract_quotes(parsed))
    return out


def test_that_clause_after_another_verb_is_that_verbs():
    """"tells the story of a keeper who begins to suspect that ...": the parser hung the clause on
    "tells"; the clause is what the keeper suspects, and the film says none of it."""
    text = ("The new film from director Ana Ruiz tells the story of a lighthouse keeper who begins to suspect "
            "that the ships he guides are not what they seem.")
    quotes = extract_quotes(parse(text))
    clause = "that the ships he guides are not what they seem"
    owners = [q.speaker.text for q in quotes if clause in content_of(text, q)]
    assert owners == ["who"], [(content_of(text, q), q.speaker and q.speaker.text) for q in quotes]


def content_of(text, q):
    return " … ".join(text[a:b] for a, b in q.spans)


@pytest.mark.parametrize("text, expected", CASES, ids=[t[:40] for t, _ in CASES])
def test_extract(extracted, text, expected):
    parsed, quotes = extracted[text]
    if expected is None:  # only the negative part matters: no quote of the scare-quoted word
        assert not any(content_of(text, q).strip("“”\" ") == "apartheid" for q in quotes)
        return
    got = [(q.type, content_of(text, q), q.speaker.text if q.speaker else None) for q in quotes]
    assert len(got) == len(expected), got
    for (gt, gc, gs), (et, ec, es) in zip(got, expected):
        assert gt == et, got
        assert ec.strip(" ,.") in gc or gc.strip(" ,.") == ec.strip(" ,."), got
        assert gs == es, got


@pytest.mark.parametrize(
    "text, speaker, via",
    [
        ("According to the State Department, Mr. Blinken told Mr. Netanyahu that the United States "
         "would keep working for calm in the region.", "Mr. Blinken", "the State Department"),
        ("CNN quoted Blinken as saying that the talks in Cairo had been useful and frank.", "Blinken", "CNN"),
        ("Blinken announced the US intention to work towards reopening the consulate in East Jerusalem, "
         "as reported by Al-Arabiya.", "Blinken", "Al-Arabiya"),
        ("As The Daily Caller reported, the actor said he gave between $1,001 and $5,000 to the Clintons.",
         "the actor", "The Daily Caller"),
    ],
)
def test_nested_attribution_goes_to_the_inner_source(text, speaker, via):
    quotes = extract_quotes(parse(text))
    assert len(quotes) == 1, [(text[q.start:q.end], q.speaker) for q in quotes]
    q = quotes[0]
    assert q.speaker is not None and q.speaker.text == speaker
    assert [m.text for m in q.via] == [via]


MORE = [
    # (text, type, content fragment, speaker as written, cue lemma, stance)
    ('The senator said "we will not back down on this bill, not now and not ever."',
     "direct", "we will not back down on this bill", "The senator", "say", "neutral"),
    ("“Nobody here wants another war, and nobody will accept one,” — Mahmoud Abbas",
     "direct", "Nobody here wants another war", "Mahmoud Abbas", None, None),
    ("And from Chairwoman Maxine Waters:\n\n“This hearing is about accountability for every bank in the country.”",
     "direct", "This hearing is about accountability", "Chairwoman Maxine Waters", None, None),
    ("The piece used one of the woman’s quotes as its headline: “Finally, someone who thinks like me.”",
     "direct", "Finally, someone who thinks like me", "The piece", None, None),
    ("Blinken was quoted as saying that the ceasefire had to hold for the talks to continue.",
     "indirect", "the ceasefire had to hold", "Blinken", "quote", "neutral"),
    ("« Nous ne partirons pas d'ici, jamais », a déclaré le maire. The mayor insisted that the town would rebuild.",
     "indirect", "that the town would rebuild", "The mayor", "insist", "assertive"),
    ("‘We will rebuild every school that was destroyed,’ said the minister.",
     "direct", "We will rebuild every school", "the minister", "say", "neutral"),
    ("The statement said that both sides had agreed to a humanitarian pause.",
     "indirect", "both sides had agreed to a humanitarian pause", "The statement", "say", "neutral"),
    ("Amro urged the United States to end arms sales to Israel.",
     "indirect", "to end arms sales to Israel", "Amro", "urge", "request"),
    ("The minister denied that the army had targeted civilians in the raid.",
     "indirect", "the army had targeted civilians", "The minister", "deny", "denial"),
    ("Hamas accused Israel of violating the truce agreement several times.",
     "indirect", "violating the truce", "Hamas", "accuse", "accusation"),
    ("The company acknowledged that its systems had been breached in March.",
     "indirect", "its systems had been breached", "The company", "acknowledge", "admission"),
    ("Abbas pledged to hold elections within six months of the agreement.",
     "indirect", "hold elections within six months", "Abbas", "pledge", "promise"),
]


@pytest.mark.parametrize("text, qtype, fragment, speaker, cue, stance", MORE, ids=[m[0][:40] for m in MORE])
def test_patterns_type_speaker_cue_stance(text, qtype, fragment, speaker, cue, stance):
    quotes = [q for q in extract_quotes(parse(text)) if fragment in content_of(text, q)]
    assert quotes, [(content_of(text, q), q.speaker) for q in extract_quotes(parse(text))]
    q = quotes[0]
    assert q.type == qtype
    assert q.speaker is not None and q.speaker.text == speaker
    assert q.cue_lemma == cue and q.stance == stance


def test_paragraph_run_is_one_quote():
    text = ("The minister said:\n\n“We have rebuilt the northern road and the two bridges.\n\n"
            "“Next year we will finish the hospital and the schools.”\n\nOthers were less sure.")
    quotes = extract_quotes(parse(text))
    assert len(quotes) == 1
    assert [text[a:b] for a, b in quotes[0].spans] == [
        "We have rebuilt the northern road and the two bridges.",
        "Next year we will finish the hospital and the schools.",
    ]
    assert quotes[0].speaker.text == "The minister"


def test_continuation_keeps_the_speaker_and_a_new_paragraph_quote_follows():
    from quotes.identity.local import resolve_speakers

    text = ("“We are ready to talk to anyone who wants peace,” Abbas said on Tuesday.\n\n"
            "He added: “But we will not give up our rights to our land and our holy places.”")
    parsed = parse(text)
    quotes = extract_quotes(parsed)
    speakers = resolve_speakers(parsed, quotes)
    assert len(quotes) == 2
    assert {speakers[q.speaker_ref].name for q in quotes} == {"Abbas"}


def test_addressee_is_kept():
    text = "“The region needs calm now more than ever,” Blinken told Mr. Netanyahu in Jerusalem."
    q = extract_quotes(parse(text))[0]
    assert q.addressee is not None and q.addressee.text == "Mr. Netanyahu"


@pytest.mark.parametrize("text, target", [
    ("Mr. Quiros was accused of using 50 million dollars for personal expenses, including a luxury condominium.", "Quiros"),
    ("Peacekeepers have been blamed for introducing cholera to Haiti after the earthquake.", "Peacekeepers"),
    ("The senator was harshly criticized for policies that objectors see as abuses of power.", "senator"),
])
def test_the_subject_of_a_passive_cue_is_its_target_not_its_source(text, target):
    quotes = extract_quotes(parse(text))
    assert not any(q.speaker is not None and target in q.speaker.text for q in quotes), \
        [(q.rule, q.speaker.text) for q in quotes if q.speaker]


def test_a_passive_cue_with_an_agent_takes_the_agent_as_source():
    text = "The plan was criticized by the governor as a giveaway to the wealthiest families in the state."
    quotes = extract_quotes(parse(text))
    assert [q.speaker.text for q in quotes if q.speaker] in ([], ["the governor"])
    assert not any(q.speaker is not None and "plan" in q.speaker.text for q in quotes)


@pytest.mark.parametrize("text, verb, subject", [
    # a relative clause on the noun a named person is said to be: the person speaks
    ("Maria Lopez is a veteran senator who said the budget would pass by Friday.", "said", "Maria Lopez"),
    ("The mayor, John Smith, is a lawyer who argued that the tax was illegal.", "argued", "John Smith"),
    ("Donald Trump regularly incites violence and is a serial liar and birther who has pledged to "
     "ban all Muslims from entering the U.S.", "pledged", "Donald Trump"),
    # not so: a noun nobody is said to be, a subject that names nobody
    ("Smith met a lawyer who said the tax was illegal.", "said", "lawyer"),
    ("This is a lawyer who said the tax was illegal.", "said", "lawyer"),
    ("The problem is a law that says nothing about taxes.", "says", "law"),
])
def test_a_relative_clause_on_a_predicate_noun_speaks_for_the_subject(text, verb, subject):
    s = _subject_word(text, verb)
    assert s is not None and s.text in subject.split()  # the head of the name


def _subject_word(text, verb):
    """The word subject_of gives for ``verb`` in the first sentence of ``text`` (None if none)."""
    from quotes.extract.syntax import subject_of
    sent = parse(text).sentences[0]
    s = subject_of(sent, next(w.i for w in sent.words if w.text == verb))
    return None if s is None else sent.words[s]


@pytest.mark.parametrize("text, verb, subject", [
    ("The senators urged Congress to reject the plan before the summer recess.", "reject", "Congress"),
    ("Trump's late-summer swoon had Republicans wondering about his ability to win.", "wondering", "Republicans"),
    ("Republicans criticized Clinton for saying that the economy was strong.", "saying", "Clinton"),
    # not object control: a purpose clause, a participle on a noun
    ("The senator found ways to press his agenda through small provisions.", "press", "senator"),
    ("Gowdy released a statement on Friday, highlighting the role Congress played.", "highlighting", "Gowdy"),
])
def test_subject_of_follows_object_control(text, verb, subject):
    s = _subject_word(text, verb)
    assert s is not None and s.text == subject


@pytest.mark.parametrize("text, verb, passive", [
    ("The plan was criticized by the governor.", "criticized", True),
    ("The nominee has been endorsed by dozens of papers.", "endorsed", True),
    # a passive subject label with no auxiliary and no agent is an active verb misparsed
    ("Mr. Clarke's new company agreed to clean up the shuttered mines and reclaim the land.", "agreed", False),
])
def test_is_passive_needs_an_auxiliary_or_an_agent(text, verb, passive):
    from quotes.extract.syntax import is_passive
    sent = parse(text).sentences[0]
    assert is_passive(sent, next(w.i for w in sent.words if w.text == verb)) is passive


@pytest.mark.parametrize("text, not_speaker", [
    # "..., but Chaffetz declined": declining is no report of the clause before it
    ("They noted his attorney offered to have Pagliano appear at a closed session, but Chaffetz declined.", "Chaffetz"),
    # "; Nike holds ...": a weak cue verb after a clause is its own statement, not a report of the clause
    ("The researchers reported that Apple holds 214.9 billion dollars offshore; Nike holds 10.7 billion dollars.", "Nike"),
])
def test_a_weak_cue_after_a_clause_does_not_report_it(text, not_speaker):
    quotes = extract_quotes(parse(text))
    assert not any(q.speaker is not None and not_speaker in q.speaker.text for q in quotes)


def test_the_writers_words_before_a_quotation_make_it_mixed():
    text = "However laudable the goal, using the capital gains tax ''is a misguided approach,'' said Mr. Burman, a tax expert."
    quotes = extract_quotes(parse(text))
    assert ("mixed", "However laudable the goal, using the capital gains tax ''is a misguided approach,''", "Mr. Burman") in [
        (q.type, content_of(text, q), q.speaker.text if q.speaker else None) for q in quotes]


def test_the_inner_content_ends_before_the_as_clause_of_its_intermediary():
    text = ("Blinken announced the US intention to work towards reopening the consulate in East Jerusalem, "
            "as reported by Al-Arabiya.")
    (q,) = extract_quotes(parse(text))
    assert content_of(text, q) == "the US intention to work towards reopening the consulate in East Jerusalem"


@pytest.mark.parametrize("text, word, expected", [
    ("Clinton-Supporting Super PACs Target Latino Voters", "Supporting", True),
    ("The Kremlin-funded network aired it.", "funded", True),
    ("He live-tweeted the address.", "tweeted", False),   # a verb still
    ("They second-guess the director.", "guess", False),
    ("Smith said the talks had failed.", "said", False),
    ("Smith - said the talks had failed.", "said", False),
])
def test_in_compound(text, word, expected):
    from quotes.extract.syntax import in_compound
    from quotes.nlp.doc import Word
    start = text.index(word)
    w = Word(i=0, text=word, lemma=word.lower(), upos="VERB", xpos="VB", feats="", head=-1, deprel="root", start=start,
             end=start + len(word))
    assert in_compound(text, w) is expected


@pytest.mark.parametrize("text, kind", [
    # a noun phrase is what an act was about; a clause states something
    ("The senator condemned the Orlando massacre on Monday.", "act"),
    ("The senator said the massacre was an act of terror.", "speech"),
    # a verb inside a relative or participle clause does not make the phrase a statement
    ("Donald Trump is defending his early-morning tweets attempting to shame a former Miss Universe.", "act"),
    ("Other E.U. leaders have proposed jointly owned drones that could supplement European deployments.", "act"),
    ("He cited criticism of the network's anchor, who took heat for his questioning.", "act"),
    ("The senator defended his plan to cut taxes for the middle class.", "act"),
    ("Jewish groups condemned Trump's proposal to ban Muslims from entering the United States.", "act"),
    ("The mayor asked the council to approve the budget.", "speech"),
    # a predicate with its own subject, or a noun with a clause of its own, states something
    ("The senator said that she is a liar.", "speech"),
    ("Menendez also rejected the notion that Democrats could pull away from the bill.", "speech"),
    ("The mayor announced that taxes will rise next year.", "speech"),
])
def test_a_noun_phrase_is_no_statement(text, kind):
    from quotes.extract import extract_quotes
    from quotes.nlp import parse
    quotes = extract_quotes(parse(text))
    assert [q.kind for q in quotes] == [kind]


@pytest.mark.parametrize("text, speaker", [
    ("“Hillary Clinton’s campaign is in panic mode. Full panic mode,” said Leslie Wimes, a South "
     "Florida-based president of the Democratic African-American Women Caucus.", "Leslie Wimes"),
    ("''That's Mexico's vulnerability,'' said Luis Rubio, who heads the Center of Research for "
     "Development in Mexico City.", "Luis Rubio"),
    ("''The most powerful tool available to the manager is communication,'' said Ron Geffner, a "
     "lawyer for hedge funds.", "Ron Geffner"),
])
def test_quoted_words_are_never_the_source_of_a_clause_outside_them(text, speaker):
    # the parser makes the quotation the subject of "said" and the speaker its content: only the
    # quotation, attributed to the speaker, is kept
    quotes = extract_quotes(parse(text))
    assert [q.speaker.text for q in quotes if q.speaker] == [speaker]
    assert all(q.type == "direct" for q in quotes)


@pytest.mark.parametrize("text, attributed", [
    ("Twenty-seven states led by West Virginia are challenging the rule in court.", False),
    ("Most states have passed the deadline to change the names on their ballots.", False),
    ("POLITICO’s Battleground States average shows Clinton ahead by 3.7 points.", False),
    ("As with so much at the United Nations, the interests of member states trump everything else.", False),
    # the verb: after its subject
    ("The report states that the program failed to reach its goals.", True),
    ("The law states, in its first article, that every citizen may vote.", True),
])
def test_the_noun_states_is_no_cue(text, attributed):
    quotes = extract_quotes(parse(text))
    assert bool(quotes) == attributed, [(content_of(text, q), q.speaker) for q in quotes]


def test_a_quotation_stays_whatever_its_cue():
    text = ("“It’s an invasion, in our estimation, of the state regulatory domain,” Scott Pruitt, the "
            "attorney general of Oklahoma, one of the states suing the EPA, said this month.")
    quotes = extract_quotes(parse(text))
    assert any(q.type == "direct" and "It’s an invasion" in content_of(text, q) for q in quotes)


@pytest.mark.parametrize("text, speaker", [
    # "X's response was to say ...": the response says nothing, its owner does
    ("His gut reaction was to tell the American people that the war was being won.", "His"),
    ("Her answer was to say that the bill would pass.", "Her"),
    ("Mr. Obama's plan is to tell Congress that the deal is done.", "Mr. Obama"),
    # an infinitive on a noun: the way says nothing, who found it does
    ("Clinton found a way to argue that the plan would fail.", "Clinton"),
    ("Mr. Obama's challenge is to find a way to acknowledge that the divides have grown.", "Mr. Obama"),
])
def test_an_infinitive_predicate_speaks_for_the_owner_of_its_subject(text, speaker):
    quotes = [q for q in extract_quotes(parse(text)) if q.speaker is not None]
    assert quotes and all(q.speaker.text.startswith(speaker) or q.speaker.text == speaker for q in quotes), \
        [(content_of(text, q), q.speaker) for q in quotes]


@pytest.mark.parametrize("text, stored", [
    # whom a telling verb told is no content of its own
    ("The senator told reporters on Tuesday.", []),
    ("Sen. Rand Paul (R-Ky.) told reporters on Tuesday.", []),
    ("Ash Carter told a Senate panel Wednesday.", []),
    # what it told is
    ("The senator told reporters that the bill would fail.", ["that the bill would fail."]),
    ("She told the truth about the accident in her letter to the board.", ["the truth about the accident in her letter to the board."]),
])
def test_whom_a_telling_verb_told_is_no_content(text, stored):
    from quotes.extract import extract_quotes
    from quotes.nlp import parse
    assert [text[q.start:q.end] for q in extract_quotes(parse(text))] == stored


@pytest.mark.parametrize("text, title, kept", [
    # the name of a show or an epithet after a possessive is no quote of the cue after it
    ("In an interview on CBS’s “Face the Nation,” House Speaker Paul D. Ryan said the recent spate of police "
     "shootings demands that all Americans come together.", "Face the Nation", None),
    ("Joe Scarborough, host of MSNBC’s “Morning Joe,” suggested that Trump should apologize.", "Morning Joe",
     "that Trump should apologize"),
    ("Speaking Wednesday on Fox News Channel’s “Hannity,” Newt Gingrich said the race was over.", "Hannity",
     "the race was over"),
    # a quotation after other words still is
    ("The plan is “a disaster for working families,” Smith said.", None, "a disaster for working families"),
])
def test_a_short_quotation_after_a_possessive_is_a_title(text, title, kept):
    from quotes.extract import extract_quotes
    from quotes.nlp import parse
    contents = [text[q.start:q.end] for q in extract_quotes(parse(text))]
    if title:
        assert not any(title in c for c in contents), contents
    if kept:
        assert any(kept in c for c in contents), contents


@pytest.mark.parametrize("text, speaker", [
    # the one told is never the teller; the clause the cue hangs on has the speaker
    ("Ryan’s campaign shrugged off Trump’s comments, telling reporters, “Neither Speaker Ryan nor anyone on his "
     "team has ever asked for Donald Trump’s support.”", "Ryan’s campaign"),
    ("Hours later, Trump returned the compliment to Adelson, telling Reuters, “Sheldon and I have been friends for "
     "a long time. He is an amazing man.”", "Trump"),
])
def test_a_quotation_after_a_telling_verb_is_the_tellers(text, speaker):
    from quotes.extract import extract_quotes
    from quotes.nlp import parse
    quotes = [q for q in extract_quotes(parse(text)) if q.type == "direct"]
    assert quotes and all(q.speaker is not None and q.speaker.text == speaker for q in quotes), \
        [(q.speaker and q.speaker.text, text[q.start:q.end]) for q in quotes]


@pytest.mark.parametrize("text, speaker", [
    # the parser left the cue without a subject: read it from the words before the cue
    ("Alarmed by the unrest in Nevada, Senator Harry Reid, the minority leader, said that he spoke with Mr. Sanders "
     "on Tuesday and that the Vermont senator faced a difficult choice.", "Senator Harry Reid"),
    ("In Vermont, about half of Democratic primary voters said they want the next president to change to more "
     "liberal policies.", "half of Democratic primary voters"),
    ("Mr. Cruz, whose narrow third-place finish was widely seen as a disappointment, said that he was the lone "
     "candidate who has shown an ability to top Mr. Trump.", "Mr. Cruz"),
    ("As attack ads intensify on both sides, voters already appear fatigued. More than six in 10 said they were not "
     "looking forward to the next few months of the campaign.", "six in 10"),
    ("A U.S. law enforcement official familiar with the investigation said that prosecuting anyone involved would "
     "be difficult.", "A U.S. law enforcement official"),
    ("After winning Ohio in the Republican presidential primary, Gov. John Kasich (R-OH), said, “I’m getting ready "
     "to rent a covered wagon.”", "Gov. John Kasich"),
    # no subject invented: a passive, a place
    ("It was said that the senator would resign.", None),
    ("In the county, said to be the poorest in the state, the plant closed.", None),
])
def test_a_cue_the_parser_left_without_subject_takes_the_noun_phrase_before_it(text, speaker):
    from quotes.extract import extract_quotes
    from quotes.nlp import parse
    speakers = [q.speaker.text for q in extract_quotes(parse(text)) if q.speaker is not None]
    assert speakers == ([speaker] if speaker else []), speakers


def _misparse(rows):
    from quotes.nlp.doc import Sentence, Word

    words, pos = [], 0
    for i, (t, lemma, upos, xpos, head, rel) in enumerate(rows):
        words.append(Word(i, t, lemma, upos, xpos, "", head, rel, pos, pos + len(t)))
        pos += len(t) + 1
    return Sentence(0, 0, pos, words)


@pytest.mark.parametrize("case_word, expected", [(None, 2), ("with", None)])
def test_a_bracket_before_a_cue_without_subject_is_skipped(case_word, expected):
    # "Later, McConnell (R-Ky.) said ...", with the name hung on the clause as an oblique (the
    # shipped parser gets the short sentence right, so the misparse is built by hand); "with
    # McConnell (R-Ky.) said" is a prepositional phrase, no subject
    from quotes.extract.reported import subject_before

    rows = [("Later", "later", "ADV", "RB", 6, "advmod"), (",", ",", "PUNCT", ",", 6, "punct"),
            ("McConnell", "McConnell", "PROPN", "NNP", 6, "obl"),
            ("(", "(", "PUNCT", "-LRB-", 4, "punct"), ("R-Ky.", "R-Ky.", "PROPN", "NNP", 2, "appos"),
            (")", ")", "PUNCT", "-RRB-", 4, "punct"), ("said", "say", "VERB", "VBD", -1, "root"),
            ("so", "so", "ADV", "RB", 6, "advmod")]
    if case_word:
        rows[1] = (case_word, case_word, "ADP", "IN", 2, "case")
    assert subject_before(_misparse(rows), 6) == expected


@pytest.mark.parametrize("text, title", [
    # a title-case quotation with no verb inside the sentence names a work, a show or a slogan
    ("In his autobiography, “A Time for Truth,” Mr. Cruz published a long account of his father's escape.",
     "A Time for Truth"),
    ("In an extended appearance on “Morning Joe,” Mika Brzezinski asked whether the race was over.", "Morning Joe"),
    ("Sanders said on “This Week With George Stephanopoulos” that the race was far from over.",
     "This Week With George Stephanopoulos"),
    # an exclamation stays speech
    ("“What a Super Tuesday!” she said.", None),
])
def test_a_title_case_quotation_inside_a_sentence_is_a_title(text, title):
    from quotes.extract import extract_quotes
    from quotes.nlp import parse
    contents = [text[q.start:q.end] for q in extract_quotes(parse(text))]
    assert contents, contents  # what the sentence reports is still found
    if title:
        assert not any(title in c for c in contents), contents


@pytest.mark.parametrize("text, speaker", [
    # an apposition is closed by a comma: the place before "border officials" is not their name
    ("Since the first tunnel was discovered in 1990 in Douglas, Ariz., border officials say they have found nearly "
     "200 more along the border.", "border officials"),
    ("Dr. Sarah Cohen, a doctor in Gaza, said the hospital had run out of fuel.", "Dr. Sarah Cohen"),
])
def test_a_name_before_a_comma_names_the_subject_only_in_an_apposition(text, speaker):
    from quotes.extract import extract_quotes
    from quotes.nlp import parse
    assert [q.speaker.text for q in extract_quotes(parse(text)) if q.speaker] == [speaker]


def test_a_participle_after_a_closing_quotation_mark_speaks_for_the_main_clause():
    # 'Boreing said, "It's time we change how we do it," promising ...', with "promising" hung on
    # the relative clause inside the quotation (a misparse seen on PolNeAR train, built by hand):
    # the comma before the closing mark counts, so the participle is Boreing's, not "we"'s
    from quotes.extract.syntax import subject_of

    rows = [("Boreing", "Boreing", "PROPN", "NNP", 1, "nsubj"), ("said", "say", "VERB", "VBD", -1, "root"),
            (",", ",", "PUNCT", ",", 5, "punct"), ("“", "“", "PUNCT", "``", 5, "punct"),
            ("It’s", "it", "PRON", "PRP", 5, "nsubj"), ("time", "time", "NOUN", "NN", 1, "ccomp"),
            ("we", "we", "PRON", "PRP", 7, "nsubj"), ("change", "change", "VERB", "VBP", 5, "acl:relcl"),
            ("it", "it", "PRON", "PRP", 7, "obj"), (",", ",", "PUNCT", ",", 11, "punct"),
            ("”", "”", "PUNCT", "''", 11, "punct"), ("promising", "promise", "VERB", "VBG", 7, "advcl"),
            ("more", "more", "ADJ", "JJR", 11, "obj")]
    assert subject_of(_misparse(rows), 11) == 0


def test_a_participle_after_a_claim_inside_the_object_speaks_for_the_main_clause():
    # "saying" hangs on the clause of the claim inside the object; neither Obama (the claim's
    # subject) nor the media (whom "blamed ... for making" controls) says it
    text = ("Gov. Mike Pence on Thursday blamed the media for making an issue out of Donald Trump’s claim that "
            "President Barack Obama “founded ISIS,” saying they were nitpicking at Trump's wording while missing "
            "the larger truth of Trump's remarks.")
    quotes = extract_quotes(parse(text))
    said = [q for q in quotes if "nitpicking" in content_of(text, q)]
    assert said and all(q.speaker is not None and q.speaker.text == "Gov. Mike Pence" for q in said), \
        [(content_of(text, q), q.speaker and q.speaker.text) for q in quotes]


def test_a_participle_on_the_object_of_a_relative_clause_is_the_main_verb():
    # "recalled" hung on "the session" inside "who attended the session": the historian recalls
    from quotes.run.analyse import analyse

    text = ("Douglas Brinkley, a historian who attended the session, recalled, \"Out of nowhere, he said, 'If we "
            "don't do anything on the climate issue, all bets are off.'\"")
    quotes, speakers = analyse(parse(text))
    names = [speakers[q.speaker_ref].name for q in quotes if q.speaker_ref is not None]
    assert names and "Douglas Brinkley" in names and "the session" not in names, names


@pytest.mark.parametrize("text, speaker", [
    # a remark made is its maker's; a document issued speaks for itself
    ("Last year she made a controversial comment that described all young black men as “super predators.”", "she"),
    ("The agency released a report that said the program had failed.", "that"),
])
def test_a_remark_that_says_something_is_its_makers(text, speaker):
    speakers = [q.speaker.text for q in extract_quotes(parse(text)) if q.speaker is not None]
    assert speakers == [speaker], speakers


@pytest.mark.parametrize("text, speaker", [
    # the parser made the day the subject; the speaker is the subject of the verb above it
    ("“Governor Romney has no plans to attend convention,” a spokesman said Thursday, speaking of the Republican "
     "National Convention, which will be held in Cleveland in July.", "a spokesman"),
    ("Attorney General Loretta Lynch took the official last step Wednesday of announcing that the Justice Department "
     "would not prosecute Clinton.", "Attorney General Loretta Lynch"),
    ("Democrats trying to regain control of the Senate in November say they have a powerful new weapon: Donald Trump.",
     "Democrats"),
    ("The amount Trump essentially gave his campaign Thursday, apparently to show hesitant donors that he's committed "
     "to running for president.", "Trump"),
])
def test_a_date_is_never_a_speaker(text, speaker):
    quotes = extract_quotes(parse(text))
    speakers = [q.speaker.text for q in quotes if q.speaker is not None]
    assert speakers and all(s == speaker for s in speakers), speakers


@pytest.mark.parametrize("text, speaker", [
    # a dash the tagger made a proper noun in apposition names nobody
    ("The series ― which weaves together interviews with historians and activists ― explains how the prisons grew.",
     "The series"),
    # "Supreme" hung on "this month" by the parser: the mention covers the named entity
    ("Along with the dispute over the rolls, the Supreme Court this month rejected a request from Democrats in Ohio "
     "to restore a week of early voting.", "Supreme Court"),
    # the name hung on the title as an apposition, no comma between: the name speaks
    ("Senate Majority Leader Mitch McConnell (R-Ky.), who is married to a board member, is attempting to push a bill "
     "with similar terms through the Senate.", "Mitch McConnell"),
    # a clausal subject is no speaker; the inverted subject the parser made an object is
    ("It is impossible to know, said the Congressional Budget Office, whether the plan would raise revenue.",
     "the Congressional Budget Office"),
])
def test_the_speaker_is_a_whole_name_and_never_a_clause_or_a_dash(text, speaker):
    speakers = [q.speaker.text for q in extract_quotes(parse(text)) if q.speaker is not None]
    assert speakers and all(speaker in s for s in speakers), speakers


def test_one_attribution_per_span():
    # "The Journal notes that Coulter tweeted that ...": two rules read the same words; the likelier stays
    from quotes.extract import _one_per_span

    a = Quote(type="indirect", spans=[(40, 90)], sentence_index=0, cue="notes", confidence=0.85, rule="noun")
    b = Quote(type="indirect", spans=[(40, 90)], sentence_index=0, cue="tweeted", confidence=0.67, rule="that-clause")
    c = Quote(type="indirect", spans=[(95, 120)], sentence_index=1, cue="said", confidence=0.5, rule="ccomp")
    assert _one_per_span([a, b, c]) == [a, c]
