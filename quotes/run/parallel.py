"""Parse and extract in several worker processes, results back in input order.

Each worker process builds its Stanza pipeline once (``quotes.nlp.get_pipeline``) with
``threads`` torch threads, chosen so workers x threads <= cores. The caller feeds articles
from an iterator and gets ``(article, result)`` pairs back in the same order, where ``result``
is what :func:`quotes.run.analyse.analyse_article` returns: ``(quotes, speakers)`` or an
:class:`~quotes.types.ArticleError`. Only the caller touches the database, so there is one
writer. At most ``window`` articles are in flight, so memory does not grow with the corpus.

A worker that dies (killed for memory, a crash in native code) breaks the pool: the pool is
rebuilt and the articles that were in flight are re-run one at a time, so the one that kills a
worker again is recorded as failed and the others go through.
"""
from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable, Iterator

from ..nlp import ModelError, get_pipeline, parse_batch
from ..types import Article, ArticleError
from .analyse import Result, analyse_article
from .memory import limit_heap_growth

__all__ = ["Result", "available_cores", "default_threads", "analyse_batch", "analyse_parallel", "init_worker"]

MAX_DEATHS = 3  # this many lone articles in a row killing a worker: the workers cannot start
WORKER_DIED = "worker process died while analysing this article (out of memory, or a crash in native code)"


def available_cores() -> int:
    """CPU cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def default_threads(workers: int, cores: int | None = None) -> int:
    """Torch threads per worker so that workers x threads <= cores (at least 1)."""
    return max(1, (cores or available_cores()) // max(1, workers))


_INIT_ERROR: BaseException | None = None


def init_worker(models: str | None, threads: int | None) -> None:
    """Build this process's pipeline once, with ``threads`` torch threads (None: quotes.nlp's
    default). A failure (no models) is kept and raised by the first task, so the caller sees
    the real ``ModelError`` rather than a broken pool."""
    global _INIT_ERROR
    try:
        if threads:
            os.environ.setdefault("OMP_NUM_THREADS", str(threads))
        limit_heap_growth()
        import torch

        try:
            torch.set_num_interop_threads(1)
        except RuntimeError:  # already set in this process
            pass
        get_pipeline(models, threads=threads)
    except Exception as exc:
        _INIT_ERROR = exc


def analyse_batch(articles: list[Article], models: str | None = None) -> list[Result]:
    """Analyse ``articles`` in this process (the worker's task). Several articles are parsed in
    one Stanza call (cross-article batching); if that call fails, each article is parsed on its
    own so a failure is charged to the article that caused it, with the same message as a
    one-process ingest."""
    if _INIT_ERROR is not None:
        raise _INIT_ERROR
    if len(articles) > 1:
        try:
            parsed = parse_batch([a.text for a in articles], models=models)
        except ModelError:
            raise
        except Exception:
            parsed = None
        if parsed is not None:
            return [analyse_article(a, models=models, parsed=p) for a, p in zip(articles, parsed)]
    return [analyse_article(a, models=models) for a in articles]


def _context(start_method: str | None):
    if start_method:
        return multiprocessing.get_context(start_method)
    # Not fork: the parent may hold threads (SQLite, torch) that a forked child cannot use safely.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def analyse_parallel(
    articles: Iterable[Article],
    workers: int,
    models: str | None = None,
    threads: int | None = None,
    batch: int = 1,
    window: int | None = None,
    start_method: str | None = None,
) -> Iterator[tuple[Article, Result]]:
    """Analyse ``articles`` in ``workers`` processes; yields ``(article, result)`` in input order.

    ``batch`` articles go to a worker per task (parsed in one Stanza call); at most ``window``
    tasks (default 2 x workers) are in flight, so the iterator is read lazily and memory stays
    bounded. A ``ModelError`` from a worker is raised here."""
    threads = threads or default_threads(workers)
    window = window or 2 * workers
    batch = max(1, batch)
    source = iter(articles)
    first = next(source, None)
    if first is None:  # nothing to analyse (e.g. a re-run on an unchanged corpus): no pool
        return
    source = itertools.chain([first], source)
    ctx = _context(start_method)

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=init_worker,
                                   initargs=(models, threads))

    pending: deque[tuple[list[Article], Future, bool]] = deque()  # (articles, future, run alone)
    retry: deque[Article] = deque()  # in flight when a worker died: re-run one at a time
    pool = new_pool()
    exhausted = False
    deaths = 0  # articles in a row that killed a worker on their own
    try:
        while True:
            while not retry and not exhausted and len(pending) < window:
                chunk = [a for _, a in zip(range(batch), source)]
                if not chunk:
                    exhausted = True
                    break
                pending.append((chunk, pool.submit(analyse_batch, chunk, models), False))
            if retry and not pending:
                article = retry.popleft()
                pending.append(([article], pool.submit(analyse_batch, [article], models), True))
            if not pending:
                return
            chunk, fut, alone = pending.popleft()
            try:
                results = fut.result()
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
                if alone:  # it killed a worker on its own: its fault
                    deaths += 1
                    if deaths >= MAX_DEATHS:
                        raise RuntimeError(
                            f"{deaths} worker processes in a row died (last on {chunk[0].source_path}): "
                            "check that `quotes` imports and its models load in a fresh process"
                        )
                    yield chunk[0], ArticleError(chunk[0].source_path, WORKER_DIED)
                    continue
                # Re-run everything that was in flight, one article at a time, in order.
                again = list(chunk) + [a for c, _, _ in pending for a in c]
                pending.clear()
                retry.extendleft(reversed(again))
                continue
            deaths = 0
            yield from zip(chunk, results)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
