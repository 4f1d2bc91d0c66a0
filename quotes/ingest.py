"""Moved to :mod:`quotes.run`; these names stay importable from here while other branches follow."""
from .run.analyse import analyse, analyse_article  # noqa: F401
from .run.ingest import IngestEvent, IngestReport, duplicate_of, ingest, ingest_events, is_unchanged  # noqa: F401
