"""The faster depparse decoding gives Stanza's own trees and labels: on real seed articles with
the bundled models, and (its cycle finder) on random head arrays against Stanza's Tarjan."""
from pathlib import Path

import numpy as np
import pytest

from quotes.nlp import ModelError, fast_depparse, get_pipeline, parse, resolve_models

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _pipeline_or_skip():
    try:
        resolve_models("bundled")
    except ModelError as exc:
        pytest.skip(f"the bundled model set is not complete: {exc}")
    return get_pipeline()


def _arcs(parsed):
    return [[(w.head, w.deprel) for w in s.words] for s in parsed.sentences]


def test_fast_decoding_is_installed_and_gives_stanzas_parse():
    nlp = _pipeline_or_skip()
    assert fast_depparse.installed(nlp)
    texts = [p.read_text(encoding="utf-8")[:4000] for p in sorted(CORPUS.glob("*.txt"))[:3]]
    fast = [_arcs(parse(t)) for t in texts]
    fast_depparse.uninstall(nlp)
    try:
        assert not fast_depparse.installed(nlp)
        plain = [_arcs(parse(t)) for t in texts]
    finally:
        assert fast_depparse.install(nlp)
    assert sum(len(s) for a in plain for s in a) > 500
    assert fast == plain


def test_tarjan_finds_stanzas_cycles_in_the_same_order():
    from stanza.models.common import chuliu_edmonds

    stanza_tarjan = fast_depparse.STANZA_TARJAN or chuliu_edmonds.tarjan
    assert stanza_tarjan is not fast_depparse.tarjan
    rng = np.random.default_rng(7)
    cyclic = 0
    for k in range(3000):
        n = int(rng.integers(2, 50))
        if k % 2:
            tree = rng.integers(0, n, size=n)
        else:  # a tree with a few heads moved: a cycle or two
            tree = np.array([0] + [int(rng.integers(0, i)) for i in range(1, n)])
            for _ in range(int(rng.integers(1, 4))):
                tree[int(rng.integers(1, n))] = int(rng.integers(1, n))
        tree[0] = 0
        want, got = stanza_tarjan(tree), fast_depparse.tarjan(tree)
        cyclic += bool(want)
        assert len(got) == len(want) and all((a == b).all() for a, b in zip(got, want)), tree
    assert cyclic > 1000


def test_plain_stanza_on_request(monkeypatch):
    monkeypatch.setenv("QUOTES_PLAIN_STANZA", "1")
    assert fast_depparse.install(object()) is False
