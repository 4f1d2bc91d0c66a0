"""A pair classifier on the shipped encoder: both sentences read together (a cross-encoder).

The weights of all-MiniLM-L6-v2 stay as verified by :mod:`quotes.nlp.encoder`; low-rank adapters
on its linear layers and a logistic head, trained on MRPC train by
``training/paraphrase/finetune.py``, ship as ``data/paraphrase_lora.npz`` and are added on top.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Sequence

import torch
from torch import nn

WEIGHTS = Path(__file__).parent / "data" / "paraphrase_lora.npz"
MAX_WORDPIECES = 160


class LoRALinear(nn.Module):
    """``base(x) + (x A^T) B^T * scale``; ``base`` frozen, ``B`` starts at zero."""

    def __init__(self, base: nn.Linear, rank: int, alpha: float = 16.0):
        super().__init__()
        self.base = base
        self.A = nn.Parameter(torch.randn(rank, base.in_features) * 0.01)
        self.B = nn.Parameter(torch.zeros(base.out_features, rank))
        self.scale = alpha / rank

    def forward(self, x):
        return self.base(x) + (x @ self.A.t()) @ self.B.t() * self.scale


def add_lora(model: nn.Module, rank: int) -> None:
    """Wrap every ``nn.Linear`` inside the transformer layers of ``model`` (in place)."""
    targets = []
    for name, mod in model.named_modules():
        for cname, child in mod.named_children():
            if isinstance(child, nn.Linear) and ".layer." in f"{name}.{cname}":
                targets.append((mod, cname, child))
    for mod, cname, child in targets:
        setattr(mod, cname, LoRALinear(child, rank))


class CrossEncoder(nn.Module):
    def __init__(self, tokenizer, model):
        super().__init__()
        self.tokenizer = tokenizer
        self.model = model
        self.head = nn.Linear(model.config.hidden_size, 1)

    def forward(self, a: Sequence[str], b: Sequence[str]):
        batch = self.tokenizer(list(a), list(b), padding=True, truncation=True, max_length=MAX_WORDPIECES,
                               return_tensors="pt")
        hidden = self.model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return self.head(pooled).squeeze(-1)

    def probability(self, a: Sequence[str], b: Sequence[str], batch_size: int = 32, floor: float | None = None):
        """Probability of each pair (both orders averaged: the decision is symmetric).

        ``floor``: only whether a pair reaches it matters. A pair whose first reading is under
        ``2 * floor - 1`` cannot reach it whatever the other order says, so it is not read the
        other way; its value is then only a lower bound (half the first reading), under ``floor``
        all the same. Every pair at or above ``floor`` gets its exact average."""
        import numpy as np

        first = self._one_way(a, b, batch_size)
        other = np.zeros_like(first)
        todo = np.arange(len(a)) if floor is None else np.flatnonzero(first >= 2 * floor - 1)
        if len(todo):
            other[todo] = self._one_way([b[i] for i in todo], [a[i] for i in todo], batch_size)
        return (first + other) / 2

    def _one_way(self, a: Sequence[str], b: Sequence[str], batch_size: int):
        """The probability of each pair read as ``a[i]`` then ``b[i]``."""
        import numpy as np

        from .nlp.encoder import length_batches

        out = np.zeros(len(a), dtype=np.float32)
        if not len(a):
            return out
        # batches in order of length, within a budget of padded wordpieces (the attention's memory)
        lengths = [len(x) for x in self.tokenizer(list(a), list(b), truncation=True,
                                                  max_length=MAX_WORDPIECES)["input_ids"]]
        with torch.inference_mode():
            for idx in length_batches(lengths, batch_size):
                out[idx] = torch.sigmoid(self([a[i] for i in idx], [b[i] for i in idx])).numpy()
        return out

    def load_state(self, z) -> None:
        named = dict(self.named_parameters())
        with torch.no_grad():
            for k in z.files:
                if k in named:
                    named[k].copy_(torch.from_numpy(z[k].astype("float32")))


def lora_state(ce: CrossEncoder) -> dict:
    return {k: v.detach().numpy().astype("float16") for k, v in ce.named_parameters() if v.requires_grad}


_LOCK = threading.Lock()
_LOADED: dict[str, tuple[CrossEncoder, float]] = {}


def available(path: str | Path = WEIGHTS) -> bool:
    return Path(path).is_file()


def load(path: str | Path = WEIGHTS) -> tuple[CrossEncoder, float]:
    """The cross-encoder with its adapters, and its threshold (once per process)."""
    import numpy as np

    from .nlp.encoder import load_encoder, shared_copy

    key = str(path)
    with _LOCK:
        if key not in _LOADED:
            enc = load_encoder()
            model = shared_copy(enc.model)  # the adapters go on top; the weights are the encoder's
            with np.load(path) as z:
                add_lora(model, int(z["rank"]))
                ce = CrossEncoder(enc.tokenizer, model)
                ce.load_state(z)
                threshold = float(z["threshold"])
            ce.eval()
            _LOADED[key] = (ce, threshold)
        return _LOADED[key]
