"""The mute-noun recipe on a tiny WordNet: the first sense decides, a speaking sense among the
first three or a partitive head keeps the word, a two-word noun that speaks is listed apart."""
from training.lexicons.mute_nouns import NOTICE, build

LEXNAMES = ["03\tnoun.Tops\t1", "04\tnoun.act\t1", "14\tnoun.group\t1", "15\tnoun.location\t1",
            "18\tnoun.person\t1", "26\tnoun.state\t1", "07\tnoun.attribute\t1", "28\tnoun.time\t1"]


def _wordnet(tmp_path, entries):
    """``entries``: lemma -> lexnames of its senses, most frequent first."""
    (tmp_path / "lexnames").write_text("\n".join(LEXNAMES) + "\n")
    number = {line.split("\t")[1]: int(line.split("\t")[0]) for line in LEXNAMES}
    data, index, offset = ["  1 header line"], ["  1 header line"], 1000
    for lemma, senses in entries.items():
        offsets = []
        for lex in senses:
            offset += 1
            offsets.append(f"{offset:08d}")
            data.append(f"{offset:08d} {number[lex]:02d} n 01 {lemma} 0 000 | gloss")
        index.append(f"{lemma} n {len(senses)} 1 @ {len(senses)} 0 " + " ".join(offsets))
    (tmp_path / "data.noun").write_text("\n".join(data) + "\n")
    (tmp_path / "index.noun").write_text("\n".join(index) + "\n")
    return tmp_path


def test_build(tmp_path):
    wn = _wordnet(tmp_path, {
        "crisis": ["noun.state"],
        "border": ["noun.location", "noun.location"],
        "district": ["noun.location", "noun.group"],  # a group among the first three: speaks
        "force": ["noun.attribute", "noun.attribute", "noun.attribute", "noun.group"],
        "task_force": ["noun.group"],
        "percent": ["noun.attribute"],  # partitive: "52 percent of voters said"
        "campaign": ["noun.act"],  # an act is mute, unless under SPEAKS_UNDER (below)
        "week": ["noun.time"],
    })
    words, speaking = build(wn)
    assert words == ["border", "campaign", "crisis", "force", "week"]
    assert speaking == ["task force"]
    assert "WordNet 3.0 Copyright" in NOTICE


def test_acts_that_speak_for_their_authors(tmp_path):
    """An act under an investigation (``SPEAKS_UNDER``) speaks: "the research found"; another act
    does not: "the fusillade"."""
    (tmp_path / "lexnames").write_text("04\tnoun.act\t1\n")
    data = ["  1 header line",
            "00633864 04 n 01 investigation 0 000 | a careful search",
            "00000101 04 n 01 research 0 001 @ 00633864 n 0000 | systematic investigation",
            "00000102 04 n 01 fusillade 0 000 | rapid simultaneous fire"]
    index = ["  1 header line",
             "investigation n 1 1 @ 1 0 00633864",
             "research n 1 1 @ 1 0 00000101",
             "fusillade n 1 1 @ 1 0 00000102"]
    (tmp_path / "data.noun").write_text("\n".join(data) + "\n")
    (tmp_path / "index.noun").write_text("\n".join(index) + "\n")
    words, _ = build(tmp_path)
    assert words == ["fusillade"]
