"""End-to-end test of the model recipe (training.stanza_models) on a tiny data slice.

Runs every stage (data preparation, Stanza training, fp16 shrink, dev scoring, card, pipeline
evaluation) with a few sentences and a few steps, then loads the six files through stanza.Pipeline.
Needs the licensed data beside the checkout (../shared/data); skipped cleanly without it.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
FILES = {"tokenize": "tokenizer.pt", "mwt": "mwt.pt", "pos": "pos.pt", "lemma": "lemma.pt",
         "depparse": "depparse.pt", "ner": "ner.pt"}

needs_data = pytest.mark.skipif(
    not ((DATA / "UD_English-EWT" / "en_ewt-ud-train.conllu").exists()
         and (DATA / "CoNLL-2003" / "eng.train").exists()),
    reason=f"training data not available at {DATA} (licensed research data lives beside the checkout)",
)


@pytest.fixture(scope="module")
def tiny_build(tmp_path_factory):
    pytest.importorskip("stanza")
    pytest.importorskip("torch")
    out = tmp_path_factory.mktemp("tiny-models")
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    cmd = [sys.executable, "-m", "training.stanza_models", "--data", str(DATA), "--out", str(out), "--tiny",
           "--threads", "2"]
    proc = subprocess.run(cmd, cwd=str(REPO), env=env, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, f"recipe failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    return out


@needs_data
def test_tiny_recipe_writes_models_and_card(tiny_build):
    out = tiny_build
    card = json.loads((out / "card.json").read_text())
    assert card["stanza_version"]
    assert card["tiny"] is True
    for proc, fname in FILES.items():
        f = out / fname
        assert f.exists() and f.stat().st_size > 0, fname
        entry = card["processors"][proc]
        assert entry["file"] == fname
        assert entry["size"] == f.stat().st_size
        assert isinstance(entry["scores"], dict) and entry["scores"]
        assert isinstance(entry["score"], (int, float))
        assert entry["train_time_s"] >= 0
        assert entry["data"]
    # logs and scratch data stay out of the model folder's top level
    assert (out / "logs" / "train.log").exists()
    assert (out / "work" / "data" / "ner" / "augment.bio").exists()
    assert "pipeline_eval" in card["evaluation"]


@needs_data
def test_tiny_models_load_through_stanza_pipeline(tiny_build, tmp_path):
    import stanza
    import torch

    torch.set_num_threads(2)
    (tmp_path / "resources.json").write_text("{}")
    paths = {f"{p}_model_path": str(tiny_build / f) for p, f in FILES.items()}
    nlp = stanza.Pipeline(lang="en", dir=str(tmp_path), processors="tokenize,mwt,pos,lemma,depparse,ner",
                          download_method=None, allow_unknown_language=True, use_gpu=False,
                          logging_level="WARN", **paths)
    doc = nlp("Palestinian President Mahmoud Abbas said he was willing to talk. Reporters listened.")
    words = [w for s in doc.sentences for w in s.words]
    assert words, "pipeline produced no words"
    for w in words:
        assert w.upos is not None
        assert w.head is not None and w.deprel is not None
    assert all(t.ner is not None for s in doc.sentences for t in s.tokens)


def test_ner_augmentation_labels_titles_as_O():
    from training.stanza_models.train import augment_ner, iob1_to_bio

    assert iob1_to_bio(["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"]) == \
        ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "B-ORG"]
    names = [["Antony", "Blinken"], ["Daoud", "Shehab"], ["Mahmoud", "Abbas"]]
    sents = augment_ner(names, 200, seed=7)
    assert len(sents) == 200
    for s in sents:
        tags = [t for _, t in s]
        words = [w for w, _ in s]
        assert "B-PER" in tags
        # the token before a person name is never inside an entity that continues into the name
        i = tags.index("B-PER")
        assert i == 0 or not tags[i - 1].endswith("PER")
        for w, t in s:
            if w in ("Secretary", "Minister", "spokesman", "President", "envoy", "said"):
                assert t == "O", (w, t, words)
        # BIO well-formed
        for k, t in enumerate(tags):
            if t.startswith("I-"):
                assert k > 0 and tags[k - 1][2:] == t[2:], (words, tags)


needs_gum = pytest.mark.skipif(not (DATA / "GUM" / "splits.md").exists(), reason=f"GUM not available at {DATA}")


@needs_gum
def test_gum_train_blocks_leave_out_dev_and_test_documents():
    from training.stanza_models.train import gum_train_blocks

    blocks = gum_train_blocks(DATA / "GUM")
    assert len(blocks) > 1000
    text = "\n".join(blocks)
    assert "#" not in {line[:1] for line in text.splitlines()}
    assert all(len(line.split("\t")) == 10 and line.split("\t")[9] == "_" for line in text.splitlines())
    # a sentence of a dev document (GUM_news_homeopathic) and of a test document (GUM_news_nasa)
    # never reaches the training data
    for held_out in ("GUM_news_homeopathic", "GUM_news_nasa"):
        first = next(line for line in (DATA / "GUM" / f"{held_out}.conllu").read_text().splitlines()
                     if line.startswith("# text = "))
        assert first[len("# text = "):] not in {" ".join(r.split("\t")[1] for r in b.splitlines()) for b in blocks}


@needs_data
@needs_gum
def test_tiny_parser_continues_on_ewt_plus_gum(tiny_build, tmp_path):
    # the continued parser keeps the vocabulary of the model it starts from (new words are
    # unknown words), so new data must not index past its embeddings
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    cmd = [sys.executable, "-m", "training.stanza_models", "--data", str(DATA), "--out", str(tmp_path), "--tiny",
           "--threads", "2", "--only", "depparse", "--parser-tags", "gold", "--extra-train", "GUM",
           "--parser-continue-from", str(tiny_build / "depparse.pt")]
    proc = subprocess.run(cmd, cwd=str(REPO), env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"recipe failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    entry = json.loads((tmp_path / "card.json").read_text())["processors"]["depparse"]
    assert "GUM" in entry["data"] and entry["continued_from"].endswith("depparse.pt")
    train = (tmp_path / "work" / "data" / "depparse" / "en_ewt.train.in.conllu").read_text()
    assert train.count("\n\n") > 60   # 60 EWT sentences + the GUM ones whose relations the tiny model knows
    assert (tmp_path / "depparse.pt").stat().st_size > 0
