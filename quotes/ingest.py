"""The flow, end to end: read articles -> parse -> extract -> resolve -> store -> track."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import sqlite_utils

from . import PIPELINE_VERSION
from .read import read_articles
from .extract import extract_quotes
from .types import Article, ArticleError, LocalSpeaker, Quote
from .nlp import Parsed, parse
from .identity.local import resolve_speakers
from .store import existing_article, record_error, write_article


@dataclass
class IngestReport:
    articles: int = 0
    quotes: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[ArticleError] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.articles} articles ingested, {self.quotes} quotes, "
                f"{self.skipped} skipped (unchanged), {self.failed} failed")


def analyse(parsed: Parsed) -> tuple[list[Quote], list[LocalSpeaker]]:
    """Pure: a parsed article in, its quotes and resolved local speakers out."""
    quotes = extract_quotes(parsed)
    speakers = resolve_speakers(parsed, quotes)
    return quotes, speakers


def analyse_article(
    item: Article, models: str | None = None, parsed: Parsed | None = None,
) -> tuple[list[Quote], list[LocalSpeaker]] | ArticleError:
    """Parse (unless ``parsed`` is given) and analyse one article. A failure on this article
    becomes an :class:`ArticleError`; a ``ModelError`` (no models at all) is raised."""
    try:
        if parsed is None:
            parsed = parse(item.text, models=models)
        return analyse(parsed)
    except MemoryError:
        return ArticleError(item.source_path, "out of memory while parsing")
    except Exception as exc:  # a parser or rule failure on one article must not stop the run
        if type(exc).__name__ == "ModelError":
            raise
        return ArticleError(item.source_path, f"analysis failed ({type(exc).__name__}: {exc})")


def is_unchanged(db: sqlite_utils.Database, article: Article) -> bool:
    old = existing_article(db, article.source_path)
    return bool(
        old
        and old["sha256"] == hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        and old["pipeline_version"] == PIPELINE_VERSION
    )


def duplicate_of(db: sqlite_utils.Database, article: Article) -> str | None:
    """The path of another stored file with exactly this text, if it still exists."""
    from .store import article_id

    for row in db.query("select source_path from articles where id = ? and source_path != ?",
                        [article_id(article.text), article.source_path]):
        path = row["source_path"].split(":")[0] if ".jsonl:" in row["source_path"] else row["source_path"]
        if Path(path).exists():
            return row["source_path"]
    return None


def ingest(
    db: sqlite_utils.Database,
    paths: Iterable[str | Path],
    force: bool = False,
    models: str | None = None,
    on_article: Callable[[str, str], None] | None = None,
    workers: int = 1,
    scheduler: str | None = None,
) -> IngestReport:
    """Ingest every article under ``paths`` into ``db``. One bad file never stops the others:
    it is reported (``on_article(path, message)``) and recorded in ``ingest_errors``.

    ``workers`` > 1 parses and extracts in that many processes (quotes.parallel); ``scheduler``
    (a Dask scheduler address, or ``local`` for a LocalCluster of ``workers`` processes) runs
    that stage on Dask (quotes.distributed). Either way this process is the only writer."""
    report = IngestReport()
    note = on_article or (lambda path, msg: None)

    def todo() -> Iterator[Article]:
        for item in read_articles(paths):
            if isinstance(item, ArticleError):
                _fail(db, report, item)
                note(item.source_path, f"error: {item.error}")
                continue
            if not force and is_unchanged(db, item):
                report.skipped += 1
                note(item.source_path, "unchanged")
                continue
            dup = duplicate_of(db, item)
            if dup is not None:
                # the same text under another name (a copy, CRLF vs LF): stored once, not ping-ponged
                report.skipped += 1
                note(item.source_path, f"duplicate of {dup}")
                continue
            yield item

    if scheduler:
        from .distributed import analyse_distributed

        results = analyse_distributed(todo(), scheduler=scheduler, workers=workers, models=models)
    elif workers > 1:
        from .parallel import analyse_parallel

        results = analyse_parallel(todo(), workers=workers, models=models)
    else:
        results = ((item, analyse_article(item, models=models)) for item in todo())
    for item, result in results:
        if isinstance(result, ArticleError):
            _fail(db, report, result)
            note(item.source_path, f"error: {result.error}")
            continue
        quotes, speakers = result
        write_article(db, item, quotes, speakers, PIPELINE_VERSION)
        report.articles += 1
        report.quotes += len(quotes)
        note(item.source_path, f"{len(quotes)} quotes")
    # also when every article was unchanged: a run killed after its writes but before (or
    # during) tracking left tracking stale, and tracking is idempotent (a no-op costs reads)
    if report.articles or report.skipped:
        from .track import update_tracking

        update_tracking(db)
    return report


def _fail(db: sqlite_utils.Database, report: IngestReport, err: ArticleError) -> None:
    report.failed += 1
    report.errors.append(err)
    record_error(db, err.source_path, err.error)
