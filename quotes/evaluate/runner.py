"""Running the pipeline on gold articles: a parse cache on disk (``QUOTES_PARSE_CACHE``, default
``build/parse-cache``, keyed by the model files, the segmentation rules and the text), reading gold JSONL, and scoring
what the pipeline predicts with :mod:`quotes.evaluate.score`."""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from ..nlp import SEGMENTATION, Parsed, parse, resolve_models
from ..run.analyse import analyse
from .score import predictions, score

__all__ = ["cache_path", "cached_parse", "json_lines", "read_gold", "evaluate_docs", "evaluate_file"]


@lru_cache(maxsize=8)
def _models_key(models: str | None) -> str:
    spec = models or os.environ.get("QUOTES_MODELS") or "bundled"
    try:
        return resolve_models(spec).fingerprint
    except Exception:
        return spec


def cache_path(text: str, models: str | None) -> Path:
    root = Path(os.environ.get("QUOTES_PARSE_CACHE", "build/parse-cache"))
    # keyed by the model files themselves: a rebuilt model set never reuses stale parses
    key = hashlib.sha256((_models_key(models) + "\0" + SEGMENTATION + "\0" + text).encode()).hexdigest()[:24]
    return root / f"{key}.pkl"


def cached_parse(text: str, models: str | None = None, use_cache: bool = True) -> Parsed:
    """Parse with an on-disk cache (evaluation runs parse the same gold texts again and again)."""
    if not use_cache:
        return parse(text, models=models)
    p = cache_path(text, models)
    if p.exists():
        try:
            return pickle.loads(p.read_bytes())
        except Exception:
            pass
    parsed = parse(text, models=models)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(pickle.dumps(parsed))
    return parsed


def json_lines(path: str | Path) -> Iterator[tuple[int, object]]:
    """``(line number, value)`` of each non-blank line of a JSONL file; a line that is not JSON
    is a ``ValueError`` naming it."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                yield n, json.loads(line)
            except ValueError as exc:
                raise ValueError(f"line {n} is not JSON ({exc})") from exc


def read_gold(path: str | Path, limit: int | None = None) -> list[dict]:
    docs = []
    for n, d in json_lines(path):
        if not isinstance(d, dict) or "text" not in d or "quotes" not in d:
            raise ValueError(f"line {n}: expected an object with 'text' and 'quotes'")
        docs.append(d)
        if limit and len(docs) >= limit:
            break
    return docs


def evaluate_docs(docs: list[dict], models: str | None = None, keep_errors: bool = False, use_cache: bool = True) -> dict:
    """Run the pipeline on each gold article and score it."""

    def predicted(d: dict):
        quotes, _ = analyse(cached_parse(d["text"], models, use_cache), d.get("title"))
        return d, predictions(quotes)

    return score((predicted(d) for d in docs), keep_errors=keep_errors)


def evaluate_file(path: str | Path, models: str | None = None, limit: int | None = None, keep_errors: bool = False) -> dict:
    return evaluate_docs(read_gold(path, limit), models=models, keep_errors=keep_errors)
