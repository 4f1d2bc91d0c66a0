"""quotes.run.distributed: the parse+extract stage on a Dask LocalCluster gives the same database."""
from __future__ import annotations

import pytest

pytest.importorskip("distributed", reason="Dask is an optional extra: pip install 'quotes[dask]'")

from test_parallel import ARTICLES, snapshot, write_corpus  # noqa: E402

from quotes.types import Article  # noqa: E402
from quotes.run.ingest import ingest  # noqa: E402
from quotes.store import open_db  # noqa: E402


@pytest.mark.slow
def test_local_cluster_of_two_workers_makes_the_same_database_as_a_plain_ingest(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    plain = open_db(tmp_path / "plain.db")
    ingest(plain, [corpus])
    db = open_db(tmp_path / "dask.db")
    report = ingest(db, [corpus], workers=2, scheduler="local")
    assert (report.articles, report.failed, report.skipped) == (3, 1, 0)
    assert snapshot(db) == snapshot(plain)
    assert db["quotes"].count > 0


@pytest.mark.slow
def test_missing_models_on_the_workers_raise_model_error(tmp_path):
    from quotes.run.distributed import analyse_distributed
    from quotes.nlp import ModelError

    arts = [Article(source_path="a.txt", text=ARTICLES["a.txt"])]
    with pytest.raises(ModelError, match="not found"):
        list(analyse_distributed(arts, scheduler="local", workers=1, models=str(tmp_path / "none")))


def test_nothing_to_analyse_starts_no_cluster():
    from quotes.run.distributed import analyse_distributed

    # An unreachable address would fail to connect: with no articles it is never contacted.
    assert list(analyse_distributed(iter([]), scheduler="tcp://127.0.0.1:9")) == []
