"""The Stanza pipeline: which models, built once per process, and parsing in bounded chunks.

Only this package knows how models are found. Three sources:

- ``bundled`` (default): the compact English models shipped in ``quotes/nlp/models``;
- ``official``: Stanza's official English package, through Stanza's normal download;
- a directory: either one with our ``card.json`` layout, a folder of Stanza ``.pt`` files, or a
  Stanza resources directory (with ``resources.json``).

The choice comes from ``--models`` on the CLI or the ``QUOTES_MODELS`` environment variable.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .doc import Entity, Parsed, Sentence, Word, from_stanza
from .segment import SEGMENTATION, install_rejoin, split_datelines

__all__ = [
    "SEGMENTATION",
    "BUNDLED_DIR",
    "PROCESSORS",
    "ModelError",
    "TooDense",
    "ModelSet",
    "resolve_models",
    "get_pipeline",
    "parse",
    "parse_many",
    "parse_batch",
    "model_info",
    "Parsed",
    "Sentence",
    "Word",
    "Entity",
]

BUNDLED_DIR = Path(__file__).resolve().parent / "models"
PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")
# File-name patterns for a plain folder of Stanza models (official names and ours).
_PATTERNS = {
    "tokenize": ("tokenizer", "tokenize"),
    "mwt": ("mwt",),
    "pos": ("tagger", "pos"),
    "lemma": ("lemmatizer", "lemma"),
    "depparse": ("parser", "depparse"),
    "ner": ("nertagger", "ner"),
}
# Longest text handed to Stanza in one call; longer articles are cut at paragraph
# (or sentence-ish) boundaries so memory stays bounded.
CHUNK_CHARS = 20_000
# A stretch with no sentence end longer than this is cut (at a space) into separate pieces:
# the dependency parser's memory grows with the square of a sentence's length (a 5,000-word
# run-on sentence needs over 20 GB), so a run-on is parsed as several sentences.
MAX_SENTENCE_CHARS = 1_500
# The parser's cost grows faster than the square of a sentence's length in tokens (600 tokens:
# 6 s, 1,125 tokens: 80 s and 4 GB), and a 1,500-character stretch of quotation marks or
# one-letter words holds 750 to 1,100 of them; so a stretch is also cut after this many tokens
# (normal prose reaches it at about 1,400 characters). Tokens are counted as Stanza splits
# them, roughly: a word, or a single punctuation mark.
MAX_SENTENCE_TOKENS = 250
# Tokens handed to Stanza in one call (normal prose: a 20,000-character chunk holds ~3,600).
CHUNK_TOKENS = 5_000
# A stretch of more than LONG_STRETCH_TOKENS tokens without a sentence end is long (the longest
# in the 1,041 gold and corpus texts has 204; an article holds at most 347 tokens in long ones).
# An article with more than MAX_RUN_ON_TOKENS tokens in long stretches (each 250 of them costs
# the parser about a second) is not parsed at all.
LONG_STRETCH_TOKENS = 100
MAX_RUN_ON_TOKENS = 10_000
_SENTENCE_END = re.compile(r"[.!?…;:][\"'”’»)\]]*\s|\n[ \t]*\n")
_TOKEN = re.compile(r"\w+|[^\w\s]")


_HASHES: dict[tuple[str, int, int], str] = {}


def _content_hash(path: Path) -> str:
    """sha256 of a file, computed once per (path, size, modification time) in a process."""
    try:
        st = path.stat()
    except OSError:
        return f"missing:{path}"
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _HASHES:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        _HASHES[key] = h.hexdigest()[:16]
    return _HASHES[key]


class ModelError(Exception):
    """The models cannot be found or loaded; the message says what to do."""


class TooDense(ValueError):
    """The text would cost the parser too much (it is skipped); the message says why."""


def run_on_tokens(text: str) -> int:
    """Tokens in stretches of ``text`` that go on for more than LONG_STRETCH_TOKENS tokens
    without a sentence end (where the parser spends seconds per sentence)."""
    total = prev = 0
    for end in [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
        if end - prev > LONG_STRETCH_TOKENS:  # fewer characters than the limit: fewer tokens too
            n = len(_TOKEN.findall(text, prev, end))
            if n > LONG_STRETCH_TOKENS:
                total += n
        prev = end
    return total


def check_density(text: str) -> None:
    """Raise :class:`TooDense` for a text whose long stretches would keep the parser busy
    for minutes (pages of quotation marks, one-letter words or symbols)."""
    n = run_on_tokens(text)
    if n > MAX_RUN_ON_TOKENS:
        raise TooDense(f"too dense to parse: {n:,} tokens in stretches of over {LONG_STRETCH_TOKENS} "
                       f"tokens without a sentence end (the limit is {MAX_RUN_ON_TOKENS:,}); skipped")


@dataclass
class ModelSet:
    """Where the models come from: ``kind`` is bundled, official or directory."""

    kind: str
    paths: dict[str, Path] = field(default_factory=dict)
    card: dict = field(default_factory=dict)
    resources_dir: Path | None = None

    @property
    def fingerprint(self) -> str:
        """Changes whenever a model file's content changes (the same files in another checkout
        give the same fingerprint, so parse caches are shared)."""
        parts = [self.kind]
        for proc, path in sorted(self.paths.items()):
            parts.append(f"{proc}:{path.name}:{_content_hash(path)}")
        if self.resources_dir is not None:
            parts.append(str(self.resources_dir))
        return "|".join(parts)

    @property
    def label(self) -> str:
        if self.kind == "directory":
            return f"directory:{self.resources_dir or next(iter(self.paths.values())).parent}"
        return self.kind


def resolve_models(spec: str | None = None) -> ModelSet:
    """Turn ``bundled``, ``official`` or a directory path into a :class:`ModelSet`."""
    spec = spec or os.environ.get("QUOTES_MODELS") or "bundled"
    if spec == "official":
        return ModelSet(kind="official")
    directory = BUNDLED_DIR if spec == "bundled" else Path(spec).expanduser().resolve()
    kind = "bundled" if spec == "bundled" else "directory"
    if not directory.is_dir():
        raise ModelError(f"model directory not found: {directory}")
    if (directory / "resources.json").exists() and (directory / "en").is_dir():
        return ModelSet(kind="directory", resources_dir=directory)
    card_path = directory / "card.json"
    card: dict = {}
    paths: dict[str, Path] = {}
    if card_path.exists():
        try:
            card = json.loads(card_path.read_text())
        except ValueError as exc:
            raise ModelError(f"{card_path}: not valid JSON ({exc})") from exc
        for proc, info in card.get("processors", {}).items():
            paths[proc] = directory / info["file"]
    else:
        files = sorted(directory.glob("*.pt"))
        for proc in PROCESSORS:
            for f in files:
                stem = f.stem.lower()
                if any(p in stem.split("_") or stem == p or stem.endswith("_" + p) for p in _PATTERNS[proc]):
                    paths.setdefault(proc, f)
    missing = [p for p in PROCESSORS if p not in paths or not paths[p].exists()]
    if missing:
        raise ModelError(
            f"{directory}: no model file for {', '.join(missing)}"
            + (" (the bundled models are missing: reinstall the package, or pass --models official"
               " or --models DIR)" if kind == "bundled" else "")
        )
    return ModelSet(kind=kind, paths=paths, card=card)


def _empty_resources_dir() -> str:
    d = Path(tempfile.gettempdir()) / "quotes-stanza-resources"
    d.mkdir(parents=True, exist_ok=True)
    res = d / "resources.json"
    if not res.exists():
        res.write_text("{}")
    return str(d)


def _threads(threads: int | None) -> int:
    if threads:
        return threads
    env = os.environ.get("QUOTES_THREADS")
    if env:
        return max(1, int(env))
    # One thread: measured on 30 PolNeAR dev articles on 2 cores, 2 torch threads were 1.27x
    # faster alone but 2.5x slower beside one CPU-bound process (their threads spin-wait), while
    # 1 thread ran as fast beside it as alone. Parallelism comes from --workers (processes).
    return 1


# Words per POS and parser batch: 400 parses as fast as 3,000 on one thread (17.5 s of CPU either
# way on 30 PolNeAR dev articles) and lowers the peak memory by ~60 MB (bench/README.md).
BATCH_WORDS = 400

_LOCK = threading.Lock()
_PIPELINE = None
_PIPELINE_KEY = None


def get_pipeline(models: str | ModelSet | None = None, threads: int | None = None):
    """The process's one Stanza pipeline, built on first use (and rebuilt only if the models change)."""
    global _PIPELINE, _PIPELINE_KEY
    ms = models if isinstance(models, ModelSet) else resolve_models(models)
    key = (ms.kind, tuple(sorted((k, str(v)) for k, v in ms.paths.items())), str(ms.resources_dir))
    with _LOCK:
        if _PIPELINE is not None and _PIPELINE_KEY == key:
            return _PIPELINE
        import logging

        import torch

        torch.set_num_threads(_threads(threads))
        import stanza

        logging.getLogger("stanza").setLevel(logging.ERROR)
        procs = ",".join(PROCESSORS)
        try:
            if ms.kind == "official":
                try:
                    nlp = stanza.Pipeline(
                        "en", processors=procs, download_method="reuse_resources",
                        use_gpu=False, logging_level="WARN",
                    )
                except Exception as exc:  # network errors come in many types
                    raise ModelError(
                        "could not load Stanza's official English models: "
                        f"{type(exc).__name__}: {exc}. They are downloaded on first use, which "
                        "needs network access to Stanza's model hub. Run "
                        "`python -c \"import stanza; stanza.download('en')\"` on a connected "
                        "machine (or copy ~/stanza_resources here), or use the bundled models "
                        "(--models bundled)."
                    ) from exc
            elif ms.resources_dir is not None:
                nlp = stanza.Pipeline(
                    "en", dir=str(ms.resources_dir), processors=procs, download_method=None,
                    use_gpu=False, logging_level="WARN",
                )
            else:
                kwargs = {f"{p}_model_path": str(ms.paths[p]) for p in PROCESSORS}
                nlp = stanza.Pipeline(
                    lang="en", dir=_empty_resources_dir(), processors=procs,
                    download_method=None, allow_unknown_language=True, use_gpu=False,
                    logging_level="ERROR", tokenize_batch_size=64, pos_batch_size=BATCH_WORDS,
                    depparse_batch_size=BATCH_WORDS, ner_batch_size=64, **kwargs,
                )
        except ModelError:
            raise
        except Exception as exc:
            raise ModelError(f"could not load the {ms.label} Stanza models: {type(exc).__name__}: {exc}") from exc
        from .fast_depparse import install

        install(nlp)  # same trees and labels, a third less parse time
        install_rejoin(nlp)  # no sentence break inside a name
        _PIPELINE, _PIPELINE_KEY = nlp, key
        return nlp


def _chunks(text: str, limit: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """Cut ``text`` into pieces of at most ``limit`` characters and about CHUNK_TOKENS tokens at
    paragraph breaks (falling back to line breaks, sentence ends, then spaces), and run-on
    stretches longer than ``MAX_SENTENCE_CHARS`` characters or ``MAX_SENTENCE_TOKENS`` tokens at
    spaces; yields (offset, piece)."""
    for offset, piece in _paragraph_chunks(text, limit):
        n = len(_TOKEN.findall(piece))
        parts: Iterable[tuple[int, str]] = [(offset, piece)]
        if n > CHUNK_TOKENS:  # a dense chunk: cut again, in proportion
            sub = max(MAX_SENTENCE_CHARS, len(piece) * CHUNK_TOKENS // n)
            parts = [(offset + o, p) for o, p in _paragraph_chunks(piece, sub)]
        for o, p in parts:
            for o2, p2 in split_datelines(o, p):
                yield from _split_run_ons(o2, p2, MAX_SENTENCE_CHARS)


def _split_run_ons(offset: int, piece: str, limit: int, max_tokens: int | None = None) -> Iterator[tuple[int, str]]:
    """Cut ``piece`` wherever more than ``limit`` characters, or more than ``max_tokens``
    tokens (default MAX_SENTENCE_TOKENS), go by without a sentence end."""
    import bisect

    max_tokens = max_tokens or MAX_SENTENCE_TOKENS
    n = len(piece)
    starts = [m.start() for m in _TOKEN.finditer(piece)]
    starts_set = set(starts)
    if n <= limit and len(starts) <= max_tokens:
        yield offset, piece
        return

    def hard_end(a: int) -> int:
        """The furthest a stretch starting at ``a`` may reach: ``limit`` characters, or the start
        of its (max_tokens + 1)-th token (a cut inside a long word begins a token there)."""
        k = bisect.bisect_left(starts, a) + max_tokens - (0 if a in starts_set or a >= n else 1)
        return min(a + limit, starts[k] if 0 <= k < len(starts) else n + 1)

    start = prev = 0  # start of the pending piece; the last sentence end seen
    for end in [m.end() for m in _SENTENCE_END.finditer(piece)] + [n]:
        while end > hard_end(prev):
            hard = hard_end(prev)
            i = piece.rfind(" ", prev + (hard - prev) // 2, hard)
            cut = i + 1 if i > 0 else hard
            yield offset + start, piece[start:cut]
            start = prev = cut
        prev = end
    if start < n:
        yield offset + start, piece[start:]


def _paragraph_chunks(text: str, limit: int) -> Iterator[tuple[int, str]]:
    n = len(text)
    pos = 0
    while pos < n:
        if n - pos <= limit:
            yield pos, text[pos:]
            return
        window = text[pos : pos + limit]
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            i = window.rfind(sep, limit // 4)
            if i > 0:
                cut = i + len(sep)
                break
        if cut <= 0:
            cut = limit
        yield pos, text[pos : pos + cut]
        pos += cut


def parse(text: str, models: str | ModelSet | None = None) -> Parsed:
    """Parse ``text`` with the process pipeline; offsets in the result index ``text``."""
    return next(parse_many([text], models=models))


def parse_many(texts: Iterable[str], models: str | ModelSet | None = None) -> Iterator[Parsed]:
    """Parse texts one after another (each in bounded chunks), yielding :class:`Parsed`."""
    nlp = get_pipeline(models)
    for text in texts:
        check_density(text)
        sentences: list[Sentence] = []
        for offset, piece in _chunks(text, CHUNK_CHARS):
            if not piece.strip():
                continue
            doc = nlp(piece)
            sentences.extend(from_stanza(doc, offset=offset, first_index=len(sentences)))
        yield Parsed(text=text, sentences=sentences)


def parse_batch(texts: list[str], models: str | ModelSet | None = None) -> list[Parsed]:
    """Parse several texts with one Stanza ``bulk_process`` call (each cut into the same bounded
    chunks as :func:`parse`); returns one ``Parsed`` per text."""
    nlp = get_pipeline(models)
    pieces: list[tuple[int, int, str]] = []  # (text index, offset, piece)
    for k, text in enumerate(texts):
        check_density(text)  # TooDense: the caller parses the batch one article at a time
        pieces.extend((k, off, piece) for off, piece in _chunks(text) if piece.strip())
    docs = nlp.bulk_process([p for _, _, p in pieces]) if pieces else []
    sentences: list[list] = [[] for _ in texts]
    for (k, off, _), doc in zip(pieces, docs):
        sentences[k].extend(from_stanza(doc, offset=off, first_index=len(sentences[k])))
    return [Parsed(text=t, sentences=s) for t, s in zip(texts, sentences)]


def model_info(models: str | ModelSet | None = None) -> dict:
    """What models are in use: per processor its path, score and size."""
    ms = models if isinstance(models, ModelSet) else resolve_models(models)
    out: dict = {"source": ms.label, "processors": {}}
    if ms.card:
        out["stanza_version"] = ms.card.get("stanza_version")
    if ms.kind == "official" or ms.resources_dir is not None:
        root = ms.resources_dir or Path(os.environ.get("STANZA_RESOURCES_DIR", Path.home() / "stanza_resources"))
        for proc in PROCESSORS:
            files = sorted((root / "en" / proc).glob("*.pt")) if (root / "en" / proc).is_dir() else []
            out["processors"][proc] = {
                "path": str(files[0]) if files else None,
                "score": None,
                "size": files[0].stat().st_size if files else None,
            }
        return out
    for proc in PROCESSORS:
        info = ms.card.get("processors", {}).get(proc, {})
        p = ms.paths[proc]
        out["processors"][proc] = {
            "path": str(p.resolve()),
            "score": info.get("score"),
            "size": p.stat().st_size,
            **({"scores": info["scores"]} if "scores" in info else {}),
            **({"data": info["data"]} if "data" in info else {}),
        }
    return out
