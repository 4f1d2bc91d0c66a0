"""Parse and extract on a Dask cluster (``dask.distributed``); the caller stays the one writer.

Each Dask worker builds its Stanza pipeline once, when it joins (a worker plugin calling
``quotes.nlp.get_pipeline``); tasks are :func:`quotes.run.parallel.analyse_batch`, so results and
per-article errors are exactly those of a one-process ingest. At most ``window`` tasks are in
flight and results come back in input order, so the client's memory stays bounded and the
database it writes is the same as a plain ingest's.

``scheduler="local"`` starts a LocalCluster of ``workers`` processes on this machine; any other
value is a scheduler address (``tcp://host:8786``) of a cluster whose workers have this package
and the models installed (see bench/README.md).
"""
from __future__ import annotations

import itertools
import logging
from collections import deque
from typing import Iterable, Iterator

from ..types import Article, ArticleError
from .analyse import Result
from .parallel import WORKER_DIED, analyse_batch, default_threads, init_worker

__all__ = ["PipelinePlugin", "analyse_distributed", "connect"]

try:  # an optional dependency: pip install 'quotes[dask]'
    from distributed import WorkerPlugin as _WorkerPlugin
except ImportError:  # pragma: no cover - the error is raised by connect()
    _WorkerPlugin = object


class PipelinePlugin(_WorkerPlugin):
    """Builds the Stanza pipeline once in every worker process, as it starts or joins."""

    name = "quotes-pipeline"

    def __init__(self, models: str | None = None, threads: int | None = None) -> None:
        self.models = models
        self.threads = threads

    def setup(self, worker) -> None:
        # threads None: QUOTES_THREADS on the worker's host, else quotes.nlp's default.
        init_worker(self.models, self.threads)


def connect(scheduler: str, workers: int = 2, threads: int | None = None):
    """A ``(client, cluster)`` pair: a new LocalCluster for ``local`` (cluster is then closed
    by the caller), else a client of the scheduler at that address (cluster None)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise RuntimeError("Dask is not installed: pip install 'quotes[dask]' (dask[distributed])") from exc
    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        return Client(cluster), cluster
    return Client(scheduler), None


def analyse_distributed(
    articles: Iterable[Article],
    scheduler: str = "local",
    workers: int = 2,
    models: str | None = None,
    threads: int | None = None,
    batch: int = 1,
    window: int | None = None,
) -> Iterator[tuple[Article, Result]]:
    """Analyse ``articles`` on Dask; yields ``(article, result)`` in input order.

    For ``local``, ``workers`` processes with ``threads`` torch threads each (default: cores //
    workers). For a remote scheduler, ``threads`` None leaves it to each worker host
    (``QUOTES_THREADS``). A task whose worker died (Dask retries it elsewhere first) becomes a
    failed article; a ``ModelError`` on a worker is raised here."""
    from distributed import KilledWorker

    source = iter(articles)
    first = next(source, None)
    if first is None:  # nothing to analyse: no cluster
        return
    source = itertools.chain([first], source)
    if scheduler == "local":
        threads = threads or default_threads(workers)
    client, cluster = connect(scheduler, workers=workers, threads=threads)
    try:
        client.register_plugin(PipelinePlugin(models, threads), name=PipelinePlugin.name)
        if window is None:
            slots = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
            window = 2 * max(1, slots)
        pending: deque = deque()
        while True:
            while len(pending) < window:
                chunk = [a for _, a in zip(range(max(1, batch)), source)]
                if not chunk:
                    break
                pending.append((chunk, client.submit(analyse_batch, chunk, models, pure=False)))
            if not pending:
                return
            chunk, fut = pending.popleft()
            try:
                results = fut.result()
            except KilledWorker:
                results = [ArticleError(a.source_path, WORKER_DIED) for a in chunk]
            finally:
                fut.release()
            yield from zip(chunk, results)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
