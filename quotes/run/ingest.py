"""Ingest: read articles -> analyse (here, in worker processes or on Dask) -> store -> track.

:func:`ingest_events` yields one :class:`IngestEvent` per article (or unreadable file) as it is
done; :func:`ingest` runs it to the end and returns the counts. The CLI formats the events."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import sqlite_utils

from .. import PIPELINE_VERSION
from ..read import read_articles
from ..store import article_id, existing_article, record_error, write_article
from ..store.articles import same_text_sources
from ..track import update_tracking
from ..types import Article, ArticleError
from .analyse import Result, analyse_article
from .memory import large_blocks_mapped, limit_heap_growth, release_memory
from .parallel import analyse_parallel

__all__ = ["IngestEvent", "IngestReport", "ingest", "ingest_events", "is_unchanged", "duplicate_of"]

INGESTED, UNCHANGED, DUPLICATE, FAILED = "ingested", "unchanged", "duplicate", "failed"


@dataclass(frozen=True)
class IngestEvent:
    """What happened to one article: ``status`` is ingested (with its number of ``quotes``),
    unchanged, duplicate (of the stored ``duplicate_of``) or failed (with the ``error``)."""

    path: str
    status: str
    quotes: int = 0
    error: str | None = None
    duplicate_of: str | None = None
    warnings: tuple[str, ...] = ()  # metadata dropped as invalid (the article itself was kept)

    @property
    def message(self) -> str:
        """A few words for a progress line: ``3 quotes``, ``unchanged``, ``duplicate of PATH``, or the error."""
        if self.status == INGESTED:
            return f"{self.quotes} quotes"
        if self.status == DUPLICATE:
            return f"duplicate of {self.duplicate_of}"
        if self.status == FAILED:
            return self.error or "failed"
        return self.status


@dataclass
class IngestReport:
    articles: int = 0
    quotes: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[ArticleError] = field(default_factory=list)

    def add(self, event: IngestEvent) -> None:
        if event.status == INGESTED:
            self.articles += 1
            self.quotes += event.quotes
        elif event.status == FAILED:
            self.failed += 1
            self.errors.append(ArticleError(event.path, event.error or "failed"))
        else:
            self.skipped += 1

    def summary(self) -> str:
        return (f"{self.articles} articles ingested, {self.quotes} quotes, "
                f"{self.skipped} skipped (unchanged), {self.failed} failed")


def is_unchanged(db: sqlite_utils.Database, article: Article) -> bool:
    old = existing_article(db, article.source_path)
    return bool(
        old
        and old["sha256"] == hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        and old["pipeline_version"] == PIPELINE_VERSION
    )


def duplicate_of(db: sqlite_utils.Database, article: Article) -> str | None:
    """The path of another stored file with exactly this text, if it still exists."""
    for source in same_text_sources(db.conn, article_id(article.text), article.source_path):
        path = source.split(":")[0] if ".jsonl:" in source else source
        if Path(path).exists():
            return source
    return None


def ingest_events(
    db: sqlite_utils.Database,
    paths: Iterable[str | Path],
    force: bool = False,
    models: str | None = None,
    workers: int = 1,
    scheduler: str | None = None,
) -> Iterator[IngestEvent]:
    """Ingest every article under ``paths`` into ``db``, yielding an :class:`IngestEvent` for
    each. One bad file never stops the others: it is a ``failed`` event and a row of
    ``ingest_errors``. Cross-article tracking runs once the last article is stored.

    ``workers`` > 1 parses and extracts in that many processes (:mod:`quotes.run.parallel`);
    ``scheduler`` (a Dask scheduler address, or ``local`` for a LocalCluster of ``workers``
    processes) runs that stage on Dask (:mod:`quotes.run.distributed`). Either way this process
    is the only writer."""
    limit_heap_growth()
    counts = {"stored": 0, "skipped": 0}

    def triage(item: Article | ArticleError) -> IngestEvent | None:
        """The event of an article that is not to be analysed (unreadable, unchanged, a duplicate), else None."""
        if isinstance(item, ArticleError):
            record_error(db, item.source_path, item.error)
            return IngestEvent(item.source_path, FAILED, error=item.error)
        if not force and is_unchanged(db, item):
            counts["skipped"] += 1
            return IngestEvent(item.source_path, UNCHANGED, warnings=tuple(item.warnings))
        dup = duplicate_of(db, item)
        if dup is not None:
            # the same text under another name (a copy, CRLF vs LF): stored once, not ping-ponged
            counts["skipped"] += 1
            return IngestEvent(item.source_path, DUPLICATE, duplicate_of=dup, warnings=tuple(item.warnings))
        return None

    def store(item: Article, result: Result) -> IngestEvent:
        if isinstance(result, ArticleError):
            record_error(db, result.source_path, result.error)
            return IngestEvent(item.source_path, FAILED, error=result.error, warnings=tuple(item.warnings))
        quotes, speakers = result
        write_article(db, item, quotes, speakers, PIPELINE_VERSION)
        counts["stored"] += 1
        return IngestEvent(item.source_path, INGESTED, quotes=len(quotes), warnings=tuple(item.warnings))

    if not scheduler and workers <= 1:
        for item in read_articles(paths):
            event = triage(item)
            yield event if event is not None else store(item, analyse_article(item, models=models))
    else:
        passed: list[IngestEvent] = []  # events of articles read but not analysed, not yet yielded

        def todo() -> Iterator[Article]:
            for item in read_articles(paths):
                event = triage(item)
                if event is None:
                    yield item
                else:
                    passed.append(event)

        if scheduler:
            from .distributed import analyse_distributed  # Dask is an optional dependency

            results = analyse_distributed(todo(), scheduler=scheduler, workers=workers, models=models)
        else:
            results = analyse_parallel(todo(), workers=workers, models=models)
        for item, result in results:
            yield from passed
            passed.clear()
            yield store(item, result)
        yield from passed
    # also when every article was unchanged: a run killed after its writes but before (or
    # during) tracking left tracking stale, and tracking is idempotent (a no-op costs reads)
    if counts["stored"] or counts["skipped"]:
        release_memory()
        with large_blocks_mapped():  # the sentence encoder's batches (quotes/run/memory.py)
            update_tracking(db)


def ingest(
    db: sqlite_utils.Database,
    paths: Iterable[str | Path],
    force: bool = False,
    models: str | None = None,
    on_event: Callable[[IngestEvent], None] | None = None,
    workers: int = 1,
    scheduler: str | None = None,
) -> IngestReport:
    """Run :func:`ingest_events` to the end (``on_event`` sees each event) and count them."""
    report = IngestReport()
    for event in ingest_events(db, paths, force=force, models=models, workers=workers, scheduler=scheduler):
        report.add(event)
        if on_event is not None:
            on_event(event)
    return report
