"""Users' corrections: the speakers.yml file, merge / split / rename / kind in the database and
through the CLI, and that corrections survive re-ingesting."""
from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from quotes.cli import cli
from quotes.types import Article
from quotes.types import LocalSpeaker, Mention, Quote
from quotes.identity.corrections import Corrections, SpeakersFileError, load_corrections
from quotes.identity.ops import SpeakerNotFound, find_speakers, merge, rename, set_kind, split
from quotes.store import open_db, write_article
from quotes.track import update_tracking


@pytest.fixture
def yml(tmp_path, monkeypatch):
    path = tmp_path / "speakers.yml"
    monkeypatch.setenv("QUOTES_SPEAKERS", str(path))
    return path


def write(db, n: int, speakers: list[LocalSpeaker]) -> list[int]:
    text, quotes = "", []
    for k, sp in enumerate(speakers):
        content = f"words number {n * 10 + k} from article {n}"
        start = len(text)
        text += f"{content}, {sp.name} said. "
        s = text.index(sp.name, start)
        quotes.append(Quote("direct", [(start, start + len(content))], k, speaker_ref=k,
                            speaker=Mention(sp.name, s, s + len(sp.name), k)))
    aid = write_article(db, Article(f"a{n}.txt", text, title=f"A{n}"), quotes, speakers, "test")
    ids = dict(db.execute("select sentence_index, speaker_id from quotes where article_id = ?", [aid]).fetchall())
    return [ids[k] for k in range(len(speakers))]


def P(name: str, *aliases: str, roles=()) -> LocalSpeaker:
    return LocalSpeaker(name, "person", roles=list(roles), aliases=list(aliases))


def names(db) -> set[str]:
    return {r[0] for r in db.execute("select name from speakers").fetchall()}


# --------------------------------------------------------------------------- the file


@pytest.mark.parametrize("content, error", [
    ("merge: [a, b]\n", "merge must map"),
    ("never_merge: [[a]]\n", "two or more"),
    ("kinds: {CNN: newspaper}\n", "unknown kind"),
    ("colour: blue\n", "unknown section"),
    ("merge: {a: [b\n", "not valid YAML"),
    ("- a\n", "expected a mapping"),
])
def test_bad_files_are_reported(tmp_path, content, error):
    p = tmp_path / "speakers.yml"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(SpeakersFileError, match=error):
        load_corrections(p)
    assert load_corrections(p, strict=False).is_empty()  # during an ingest: a warning, no crash


def test_missing_file_is_empty_and_rules_match_name_variants(tmp_path):
    assert load_corrections(tmp_path / "nope.yml").is_empty()
    c = Corrections(merge={"Antony Blinken": ["Secretary Blinkin"]}, never_merge=[["Hady Amr", "Issa Amro"]],
                    rename={"Abu Mazen": "Mahmoud Abbas"}, kinds={"Legal Insurrection": "media"})
    assert c.canonical_for({"blinkin"}) == "Antony Blinken"  # the title is stripped for matching
    assert c.canonical_for({"joe biden"}) is None
    assert c.blocks({"hady amr"}, {"issa amro", "amro"})
    assert not c.blocks({"hady amr"}, {"amr", "hady amr"})  # the same side of the rule
    assert not c.blocks({"hady amr"}, {"joe biden"})
    assert c.pinned_name({"abu mazen"}) == "Mahmoud Abbas"
    assert c.kind_for({"legal insurrection"}) == "media"


# --------------------------------------------------------------------------- operations


def test_merge_is_recorded_applied_and_survives_reingest(tmp_path, yml):
    db = open_db(tmp_path / "q.db")
    mazen, abbas = write(db, 0, [P("Abu Mazen"), P("Mahmoud Abbas")])
    assert mazen != abbas
    keep = merge(db, "Mahmoud Abbas", ["Abu Mazen"], yml)
    assert keep == min(mazen, abbas)
    assert yaml.safe_load(yml.read_text())["merge"] == {"Mahmoud Abbas": ["Abu Mazen"]}
    assert db.execute("select distinct speaker_id from quotes").fetchall() == [(keep,)]
    assert names(db) == {"Mahmoud Abbas"}
    # re-ingest, and a new article: the rule is applied as speakers are assigned
    write(db, 0, [P("Abu Mazen"), P("Mahmoud Abbas")])
    (later,) = write(db, 1, [P("Abu Mazen")])
    update_tracking(db)
    assert later == keep
    assert names(db) == {"Mahmoud Abbas"}


def test_split_separates_and_never_merges_again(tmp_path, yml):
    db = open_db(tmp_path / "q.db")
    # the in-article resolver wrongly folded Amro into Hady Amr in article 1
    (a,) = write(db, 0, [P("Hady Amr")])
    (b,) = write(db, 1, [P("Issa Amro", "Amro")])
    (c,) = write(db, 2, [P("Hady Amr")])
    assert a == c and b != a
    merge(db, "Hady Amr", ["Issa Amro"], yml)
    assert db.execute("select count(distinct speaker_id) from quotes").fetchone()[0] == 1
    ids = split(db, "Hady Amr", "Issa Amro", yml)
    assert len(ids) == 2
    data = yaml.safe_load(yml.read_text())
    assert data["never_merge"] == [["Hady Amr", "Issa Amro"]] and "merge" not in data
    by_article = dict(db.execute("select a.title, s.name from quotes q join speakers s on s.id = q.speaker_id "
                                 "join articles a on a.id = q.article_id").fetchall())
    assert by_article == {"A0": "Hady Amr", "A1": "Issa Amro", "A2": "Hady Amr"}
    write(db, 1, [P("Issa Amro", "Amro")])  # re-ingest
    update_tracking(db)
    assert db.execute("select count(distinct speaker_id) from quotes").fetchone()[0] == 2


def test_never_merge_keeps_compatible_names_apart(tmp_path, yml):
    yml.write_text("never_merge:\n- [Tony Blinken, Antony Blinken]\n", encoding="utf-8")
    db = open_db(tmp_path / "q.db")
    (a,) = write(db, 0, [P("Tony Blinken")])
    (b,) = write(db, 1, [P("Antony Blinken")])
    update_tracking(db)
    assert a != b


def test_rename_and_kind(tmp_path, yml):
    db = open_db(tmp_path / "q.db")
    (sid,) = write(db, 0, [P("Tony Blinken")])
    rename(db, "Tony Blinken", "Antony Blinken", yml)
    assert db["speakers"].get(sid)["name"] == "Antony Blinken"
    write(db, 1, [P("Tony Blinken")])
    update_tracking(db)
    assert db["speakers"].get(sid)["name"] == "Antony Blinken"  # the pinned name wins
    (li,) = write(db, 2, [LocalSpeaker("Legal Insurrection", "person")])
    set_kind(db, "Legal Insurrection", "media", yml)
    assert db["speakers"].get(li)["kind"] == "media"
    write(db, 2, [LocalSpeaker("Legal Insurrection", "person")])
    update_tracking(db)
    assert db.execute("select kind from speakers where name = 'Legal Insurrection'").fetchone()[0] == "media"
    assert yaml.safe_load(yml.read_text())["kinds"] == {"Legal Insurrection": "media"}


def test_names_must_be_found_and_unambiguous(tmp_path, yml):
    db = open_db(tmp_path / "q.db")
    write(db, 0, [P("Joe Biden"), P("Hunter Biden")])
    write(db, 1, [P("Biden")])
    assert len(find_speakers(db, "Biden")) == 1  # the bare one; the others are Joe and Hunter
    with pytest.raises(SpeakerNotFound, match="no speaker"):
        merge(db, "Joe Biden", ["Nobody Atall"], yml)
    write(db, 2, [P("Joe Biden", "Biden")])
    with pytest.raises(SpeakerNotFound, match="ambiguous"):
        merge(db, "Joe Biden", ["Biden"], yml)
    assert not yml.exists()  # nothing recorded when the operation failed


# --------------------------------------------------------------------------- the CLI


def test_cli_speakers_commands(tmp_path, yml):
    path = tmp_path / "q.db"
    db = open_db(path)
    tony, = write(db, 0, [P("Tony Blinken")])
    blinkin, = write(db, 1, [P("Blinkin")])
    db.close()
    run = CliRunner().invoke
    r = run(cli, ["speakers", "list", "--db", str(path)])
    assert r.exit_code == 0 and "Tony Blinken" in r.output and "Blinkin" in r.output
    r = run(cli, ["speakers", "merge", "Antony Blinken", "Tony Blinken", f"#{blinkin}", "--db", str(path), "--file", str(yml)])
    assert r.exit_code == 0, r.output
    assert yaml.safe_load(yml.read_text())["merge"] == {"Antony Blinken": ["Tony Blinken", "Blinkin"]}
    r = run(cli, ["speakers", "list", "--db", str(path), "--search", "Blink"])
    assert r.output.count("\n") == 1 and "Antony Blinken" in r.output
    r = run(cli, ["speakers", "rename", "Nobody", "X", "--db", str(path), "--file", str(yml)])
    assert r.exit_code != 0 and "no speaker called" in r.output
    r = run(cli, ["speakers", "apply", "--db", str(path), "--file", str(yml)])
    assert r.exit_code == 0 and "clusters" in r.output
    yml.write_text("merge: [oops]\n")
    r = run(cli, ["speakers", "apply", "--db", str(path), "--file", str(yml)])
    assert r.exit_code != 0 and "merge must map" in r.output
    r = run(cli, ["speakers", "list", "--db", str(tmp_path / "missing.db")])
    assert r.exit_code != 0 and "no such database" in r.output
    aliases = json.loads(open_db(path).execute("select aliases from speakers").fetchone()[0])
    assert {"Tony Blinken", "Blinkin"} <= set(aliases)
