"""The pipeline loader: which models, clear errors, bounded chunks, and the bundled models'
parse of real news text."""
import json
import os
import socket
from pathlib import Path

import pytest

from quotes.nlp import ModelError, _chunks, get_pipeline, model_info, parse, resolve_models

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
REF = SHARED / "models" / "en-compact-ref"


def _bundled_or_skip():
    try:
        return resolve_models("bundled")
    except ModelError as exc:
        pytest.skip(f"the bundled model set is not complete yet: {exc}")


def test_missing_directory_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="model directory not found"):
        resolve_models(str(tmp_path / "nowhere"))


def test_incomplete_directory_names_what_is_missing(tmp_path):
    (tmp_path / "en_ewt_tokenizer.pt").write_bytes(b"x")
    with pytest.raises(ModelError, match="no model file for mwt, pos, lemma, depparse, ner"):
        resolve_models(str(tmp_path))


def test_bad_card_is_a_clear_error(tmp_path):
    (tmp_path / "card.json").write_text("{not json")
    with pytest.raises(ModelError, match="not valid JSON"):
        resolve_models(str(tmp_path))


def test_a_folder_of_stanza_files_is_recognised_by_name():
    if not REF.is_dir():
        pytest.skip("../shared/models is absent")
    ms = resolve_models(str(REF))
    assert ms.kind == "directory"
    assert ms.paths["pos"].name == "en_ewt_nopretrain_tagger.pt"
    assert ms.paths["ner"].name == "en_conll03_nertagger.pt"
    assert ms.paths["depparse"].name == "en_ewt_nopretrain_parser.pt"


def test_fingerprint_changes_with_a_model_file(tmp_path):
    """Parse caches are keyed by it: a rebuilt model set must not reuse stale parses."""
    names = {"tokenize": "en_ewt_tokenizer.pt", "mwt": "en_ewt_mwt_expander.pt", "pos": "en_ewt_tagger.pt",
             "lemma": "en_ewt_lemmatizer.pt", "depparse": "en_ewt_parser.pt", "ner": "en_ner.pt"}
    for n in names.values():
        (tmp_path / n).write_bytes(b"x")
    before = resolve_models(str(tmp_path)).fingerprint
    assert resolve_models(str(tmp_path)).fingerprint == before
    (tmp_path / names["depparse"]).write_bytes(b"a retrained parser")
    assert resolve_models(str(tmp_path)).fingerprint != before


def test_env_variable_selects_models(monkeypatch, tmp_path):
    monkeypatch.setenv("QUOTES_MODELS", str(tmp_path / "elsewhere"))
    with pytest.raises(ModelError, match="elsewhere"):
        resolve_models()


def _network() -> bool:
    try:
        socket.setdefaulttimeout(3)
        socket.gethostbyname("raw.githubusercontent.com")
        return True
    except OSError:
        return False
    finally:
        socket.setdefaulttimeout(None)


def test_official_models_without_network_say_what_to_do(monkeypatch, tmp_path):
    if _network():
        pytest.skip("network available: not downloading Stanza's official models in a test")
    import quotes.nlp as nlp

    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    monkeypatch.setattr(nlp, "_PIPELINE", None)
    monkeypatch.setattr(nlp, "_PIPELINE_KEY", None)
    with pytest.raises(ModelError) as err:
        get_pipeline("official")
    msg = str(err.value)
    assert "official English models" in msg and "network" in msg and "--models bundled" in msg


@pytest.mark.parametrize("limit", [50, 200, 1000])
def test_chunks_cover_the_text_at_boundaries(limit):
    text = ("A sentence here. Another one follows.\n\n" * 40) + "x" * 300
    pieces = list(_chunks(text, limit))
    assert "".join(p for _, p in pieces) == text
    for off, piece in pieces:
        assert text[off : off + len(piece)] == piece
        assert len(piece) <= limit


def test_model_info_reports_paths_scores_sizes():
    ms = _bundled_or_skip()
    info = model_info(ms)
    assert set(info["processors"]) == {"tokenize", "mwt", "pos", "lemma", "depparse", "ner"}
    for proc in info["processors"].values():
        assert os.path.isabs(proc["path"]) and proc["size"] > 0 and proc["score"] is not None


def test_bundled_models_parse_real_news_text():
    """The bundled models, loaded through stanza.Pipeline, parse real news text."""
    ms = _bundled_or_skip()
    parsed = parse(
        '"We heard no new ideas or proposals," a Palestinian politician told The Jerusalem Post. '
        "US Secretary of State Antony Blinken told reporters on Wednesday he had instructed Hady Amr "
        "to travel immediately to the region.",
        models=ms,
    )
    s1 = parsed.sentences[0]
    told = next(w for w in s1.words if w.text == "told")
    subj = [w.text for w in s1.words if w.head == told.i and w.deprel.startswith("nsubj")]
    assert subj == ["politician"]
    ents = {(e.text, e.type) for s in parsed.sentences for e in s.entities}
    assert ("The Jerusalem Post", "ORG") in ents or ("Jerusalem Post", "ORG") in ents
    assert ("Antony Blinken", "PER") in ents


def test_long_text_offsets_survive_chunking(monkeypatch):
    import quotes.nlp as nlp
    from quotes.extract import extract_quotes

    monkeypatch.setattr(nlp, "CHUNK_CHARS", 120)
    text = "“We will stay whatever happens,” the mayor said on Monday.\n\n" * 6
    parsed = parse(text)
    for s in parsed.sentences:
        for w in s.words:
            assert 0 <= w.start < w.end <= len(text) and text[w.start : w.end].strip()
    assert [s.index for s in parsed.sentences] == list(range(len(parsed.sentences)))
    quotes = extract_quotes(parsed)
    assert [text[q.start : q.end] for q in quotes] == ["We will stay whatever happens"] * 6
    assert len({q.start for q in quotes}) == 6
