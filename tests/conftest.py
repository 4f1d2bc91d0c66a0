"""Shared fixtures: where ../shared is, and a database built once from the seed corpus."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# One torch thread per process: tests start several pipelines (workers, subprocesses), and
# oversubscribed OpenMP threads slow everything down by an order of magnitude.
os.environ.setdefault("QUOTES_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
CORPUS = ROOT / "corpus"
BUNDLED_CARD = ROOT / "quotes" / "nlp" / "models" / "card.json"


def _bundled_complete() -> bool:
    from quotes.nlp import ModelError, resolve_models

    try:
        resolve_models("bundled")
        return True
    except ModelError:
        return False


# Until all of the project's own models are shipped, fall back to the reference build in ../shared.
if "QUOTES_MODELS" not in os.environ and not _bundled_complete() and (SHARED / "models" / "en-compact-ref").is_dir():
    os.environ["QUOTES_MODELS"] = str(SHARED / "models" / "en-compact-ref")


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test cleanly when it is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is not available (../shared is absent)")
    return p


@pytest.fixture(scope="session")
def seed_db_path(tmp_path_factory) -> Path:
    """A database built once per test session with the real pipeline from the seed corpus."""
    from quotes.run.ingest import ingest
    from quotes.store import open_db

    path = tmp_path_factory.mktemp("seed") / "quotes.db"
    db = open_db(path)
    report = ingest(db, [CORPUS])
    assert report.failed == 0, report.errors
    db.close()
    return path


@pytest.fixture
def seed_db(seed_db_path, tmp_path):
    """A private copy of the seed database, safe to modify."""
    import sqlite_utils

    p = tmp_path / "quotes.db"
    shutil.copy(seed_db_path, p)
    db = sqlite_utils.Database(p)
    yield db
    db.close()
