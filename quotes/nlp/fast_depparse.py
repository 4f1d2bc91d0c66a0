"""Faster decoding for Stanza's graph dependency parser, with the same output.

Stanza scores every label for every (dependent, head) pair of a sentence: a tensor of
``tokens x tokens x labels`` from a pairwise biaffine product, then a log-softmax over it, of
which the decoder reads only the labels of the arcs in the tree it picks. That product was a
third of our parse time. :func:`install` replaces the model's ``predict`` with one that

1. computes the arc scores as Stanza does and takes every word's best head when those heads
   make a single-root tree (:func:`argmax_tree`, most sentences), else decodes the tree with
   Stanza's own Chu-Liu-Edmonds (``chuliu_edmonds_one_root``), the same tree either way;
2. scores the labels of the chosen arcs only (one biaffine product per word, not per pair);
3. finds the cycles of a candidate tree with :func:`tarjan`, the same algorithm as Stanza's
   over plain Python lists (Stanza's builds numpy arrays per word: a sixth of parse time);
4. for a sentence whose labels break a head constraint (two subjects or two objects on one
   head, which Stanza repairs with the full label table), falls back to the full table for that
   sentence and Stanza's own ``resolve_head_constraint_violations``.

The argmax of a label row is the argmax of its log-softmax, so heads and labels are Stanza's
(up to floating-point ties); ``tests/nlp/test_fast_depparse.py`` compares the two on real text.
Only plain graph parsers are patched (not ensembles, arc-embedding or transition parsers).
"""
from __future__ import annotations

import os
import types

__all__ = ["argmax_tree", "install", "installed", "tarjan", "uninstall"]

STANZA_TARJAN = None  # Stanza's own, once replaced (the tests compare the two)
_CHUNK = 512  # arcs per label product: bounds the temporary at CHUNK x 201 x labels floats


def installed(nlp) -> bool:
    """Whether the pipeline's parser runs the fast predictor."""
    proc = getattr(nlp, "processors", {}).get("depparse")
    model = getattr(getattr(proc, "trainer", None), "model", None)
    return bool(model is not None and getattr(model, "_quotes_fast", False))


def uninstall(nlp) -> None:
    """Undo :func:`install` (Stanza's own decoding again), for comparisons."""
    proc = getattr(nlp, "processors", {}).get("depparse")
    model = getattr(getattr(proc, "trainer", None), "model", None)
    if model is not None and getattr(model, "_quotes_fast", False):
        del model.predict
        model._quotes_fast = False
    if STANZA_TARJAN is not None:
        from stanza.models.common import chuliu_edmonds

        chuliu_edmonds.tarjan = STANZA_TARJAN


def install(nlp) -> bool:
    """Patch the depparse model of a Stanza pipeline in place; returns whether it was patched.
    ``QUOTES_PLAIN_STANZA=1`` leaves Stanza as it is."""
    if os.environ.get("QUOTES_PLAIN_STANZA"):
        return False
    proc = getattr(nlp, "processors", {}).get("depparse")
    model = getattr(getattr(proc, "trainer", None), "model", None)
    if model is None or getattr(model, "_quotes_fast", False):
        return bool(model is not None)
    try:
        from stanza.models.depparse.model import GraphParser
    except ImportError:  # pragma: no cover - older Stanza
        return False
    if type(model) is not GraphParser or model.args.get("use_arc_embedding") or not hasattr(model, "deprel"):
        return False
    from stanza.models.common import chuliu_edmonds

    global STANZA_TARJAN
    if chuliu_edmonds.tarjan is not tarjan:
        STANZA_TARJAN = chuliu_edmonds.tarjan
        chuliu_edmonds.tarjan = tarjan  # looked up by chuliu_edmonds() at call time
    model.predict = types.MethodType(_predict, model)
    model._quotes_fast = True
    return True


def argmax_tree(scores):
    """The best head of every word, when together they make a tree with one root; else None.

    ``scores[d][h]``: the score of head ``h`` for dependent ``d`` (0 is the root). Every
    single-root tree holds one arc per dependent, so the best head of each word is the best tree
    whenever those heads form one: exactly what ``chuliu_edmonds_one_root`` returns then (its
    reweighting of root arcs shifts every single-root tree by the same amount), without the
    cycle contraction it always runs (the reweighting makes its first guess rootless, hence
    cyclic). Most sentences' best heads form a tree."""
    import numpy as np

    n = scores.shape[0]
    if n < 2:
        return None
    s = np.array(scores[1:], dtype=np.float64)
    s[np.arange(n - 1), np.arange(1, n)] = -np.inf  # no word heads itself
    heads = [0] + s.argmax(axis=1).tolist()
    if heads.count(0) != 2:  # heads[0] is the root's own 0: exactly one word on the root
        return None
    state = [0] * n  # 0 unseen, 1 on the current path, 2 reaches the root
    state[0] = 2
    for start in range(1, n):
        path = []
        i = start
        while state[i] == 0:
            state[i] = 1
            path.append(i)
            i = heads[i]
        if state[i] == 1:
            return None  # back on the current path: a cycle
        for k in path:
            state[k] = 2
    return np.array(heads)


def tarjan(tree) -> list:
    """Stanza's ``chuliu_edmonds.tarjan``: the cycles (boolean masks, in the same order) of the
    graph where ``tree[i]`` is the head of ``i``, by the same iterative Tarjan walk."""
    import numpy as np

    heads = tree.tolist()
    n = len(heads)
    children: list[list[int]] = [[] for _ in range(n)]
    for j, h in enumerate(heads):
        children[h].append(j)
    indices, lowlinks, onstack = [-1] * n, [-1] * n, [False] * n
    stack: list[int] = []
    cycles = []
    counter = 0
    for root in range(n):
        if indices[root] != -1:
            continue
        call_stack = [(root, None, None)]
        while call_stack:
            i, deps, j = call_stack.pop()
            if deps is None:
                indices[i] = lowlinks[i] = counter
                counter += 1
                stack.append(i)
                onstack[i] = True
                deps = iter(children[i])
            else:
                lowlinks[i] = min(lowlinks[i], lowlinks[j])
            for j in deps:
                if indices[j] == -1:
                    call_stack.append((i, deps, j))
                    call_stack.append((j, None, None))
                    break
                if onstack[j]:
                    lowlinks[i] = min(lowlinks[i], indices[j])
            else:
                if lowlinks[i] == indices[i]:
                    members = []
                    while stack[-1] != i:
                        k = stack.pop()
                        onstack[k] = False
                        members.append(k)
                    stack.pop()
                    onstack[i] = False
                    members.append(i)
                    if len(members) > 1:
                        cycle = np.zeros(n, dtype=bool)
                        cycle[members] = True
                        cycles.append(cycle)
    return cycles


def _arc_scores(self, lstm, word, head):
    """Stanza's ``forward_scores`` without the label table: unlabeled + linearization + distance."""
    import torch
    import torch.nn.functional as F

    unlabeled = self.unlabeled(lstm, lstm).squeeze(3)
    if self.args["linearization"] or self.args["distance"]:
        n = word.size(1)
        ar = torch.arange(n, device=head.device)
        offset = ar.view(1, 1, -1).expand(word.size(0), -1, -1) - ar.view(1, -1, 1).expand(word.size(0), -1, -1)
    if self.args["linearization"]:
        lin = self.linearization(lstm, lstm).squeeze(3)
        unlabeled += F.logsigmoid(lin * torch.sign(offset).float())
    if self.args["distance"]:
        dist = self.distance(lstm, lstm).squeeze(3)
        pred = 1 + F.softplus(dist)
        unlabeled += -torch.log((torch.abs(offset).float() - pred) ** 2 / 2 + 1)
    diag = torch.eye(head.size(-1) + 1, dtype=torch.bool, device=head.device).unsqueeze(0)
    unlabeled.masked_fill_(diag, -float("inf"))
    return unlabeled


def _predict(self, word, word_mask, wordchars, wordchars_mask, upos, xpos, ufeats, pretrained, lemma, head,
             deprel, word_orig_idx, sentlens, wordlens, text, resolve_head_constraints=False):
    import torch
    import torch.nn.functional as F
    from stanza.models.common.chuliu_edmonds import chuliu_edmonds_one_root
    from stanza.models.common.vocab import VOCAB_PREFIX_SIZE
    from stanza.models.depparse.head_constraints import (find_head_constraint_violations,
                                                         resolve_head_constraint_violations)

    vocab = self.vocab["deprel"]
    with torch.no_grad():
        lstm = self.embed(word, word_mask, wordchars, wordchars_mask, upos, xpos, ufeats, pretrained, lemma,
                          head, deprel, word_orig_idx, sentlens, wordlens, text)
        arc_logp = F.log_softmax(_arc_scores(self, lstm, word, head), 2).cpu().numpy()
        trees = []
        for i, n in enumerate(sentlens):
            scores = arc_logp[i][:n, :n]
            tree = argmax_tree(scores)
            trees.append(tree if tree is not None else chuliu_edmonds_one_root(scores))

        # labels of the chosen arcs: h1[dep] . W . h2[head] + b, for every dependent of every sentence
        scorer = self.deprel
        h1 = scorer.hidden_func(scorer.W1(lstm))
        h2 = scorer.hidden_func(scorer.W2(lstm))
        h1 = torch.cat([h1, h1.new_ones(*h1.shape[:-1], 1)], -1)
        h2 = torch.cat([h2, h2.new_ones(*h2.shape[:-1], 1)], -1)
        bilin = scorer.scorer.W_bilin
        weight, bias = bilin.weight, bilin.bias  # (I, J, O), (O,)
        n_in, n_hd, n_out = weight.shape
        w_flat = weight.permute(1, 0, 2).reshape(n_hd, n_in * n_out)  # head side first: (J, I*O)
        sent_idx, dep_idx, head_idx = [], [], []
        for i, tree in enumerate(trees):
            for j in range(1, len(tree)):
                sent_idx.append(i)
                dep_idx.append(j)
                head_idx.append(int(tree[j]))
        s_t = torch.tensor(sent_idx, dtype=torch.long)
        d_t = torch.tensor(dep_idx, dtype=torch.long)
        hd_t = torch.tensor(head_idx, dtype=torch.long)
        labels = []
        for a in range(0, len(sent_idx), _CHUNK):
            sl = slice(a, a + _CHUNK)
            x = h1[s_t[sl], d_t[sl]]            # (P, I)
            y = h2[s_t[sl], hd_t[sl]]           # (P, J)
            t = (y @ w_flat).view(-1, n_in, n_out)  # (P, I, O)
            scores = torch.bmm(x.unsqueeze(1), t).squeeze(1) + bias
            labels.append(scores.argmax(1))
        raw = torch.cat(labels).tolist() if labels else []

    heads_out, rels_out = [], []
    k = 0
    for i, tree in enumerate(trees):
        n = len(tree) - 1
        raw_ids = raw[k:k + n]
        k += n
        if resolve_head_constraints:
            rels = vocab.unmap([r + VOCAB_PREFIX_SIZE for r in raw_ids])
            if find_head_constraint_violations(tree, rels):
                length = int(sentlens[i])
                with torch.no_grad():
                    full = scorer(lstm[i:i + 1, :length], lstm[i:i + 1, :length])
                    label_logp = F.log_softmax(full, 3)[0].cpu().numpy()
                tree, raw_ids = resolve_head_constraint_violations(arc_logp[i][:length, :length], label_logp, tree, vocab)
        heads_out.append(tree[1:])
        rels_out.append(vocab.unmap([r + VOCAB_PREFIX_SIZE for r in raw_ids]))
    return [[[heads_out[i][j], rels_out[i][j]] for j in range(int(sentlens[i]) - 1)] for i in range(len(trees))]
