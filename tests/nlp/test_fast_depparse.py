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


def test_argmax_tree_is_stanzas_tree_when_the_best_heads_make_one():
    """Every word's best head is the decoder's answer exactly when those heads form a
    single-root tree; otherwise None (and Stanza's Chu-Liu-Edmonds decides)."""
    from stanza.models.common.chuliu_edmonds import chuliu_edmonds_one_root

    rng = np.random.default_rng(11)
    taken = declined = 0
    for k in range(2000):
        n = int(rng.integers(2, 40))
        scores = rng.normal(size=(n, n)).astype(np.float32)
        if k % 2:  # a planted tree scores high: the best heads usually make it
            heads = [0, 0] + [int(rng.integers(1, i)) for i in range(2, n)]  # word 1 on the root
            for d in range(1, n):
                scores[d, heads[d]] += 4.0
        scores = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))  # log-softmax, as the parser's
        got = fast_depparse.argmax_tree(scores)
        want = chuliu_edmonds_one_root(scores)
        if got is None:
            declined += 1
            best = [0] + [int(np.argmax(np.where(np.arange(n) == d, -np.inf, scores[d]))) for d in range(1, n)]
            assert best.count(0) != 2 or fast_depparse.tarjan(np.array(best)), best  # not a tree
        else:
            taken += 1
            assert got.tolist() == want.tolist()
    assert taken > 500 and declined > 500


@pytest.mark.parametrize("heads, tree", [
    ([0, 0, 1, 2], True),       # a chain under the root
    ([0, 2, 0, 2, 2], True),    # 2 on the root, the rest on 2
    ([0, 0, 0], False),         # two words on the root
    ([0, 2, 3, 2], False),      # 2 and 3 head each other: no root at all
    ([0, 0, 3, 2], False),      # one root, but 2 <-> 3 is a cycle
])
def test_argmax_tree_takes_only_single_root_trees(heads, tree):
    n = len(heads)
    scores = np.zeros((n, n), dtype=np.float32)
    for d in range(1, n):
        scores[d, heads[d]] = 5.0
    got = fast_depparse.argmax_tree(scores)
    assert (got is not None) == tree
    if tree:
        assert got.tolist() == heads
