"""quotes.run.parallel: several worker processes give the same database as one, in order, bounded."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from quotes.run import parallel
from quotes.types import Article, ArticleError
from quotes.run.ingest import ingest
from quotes.store import open_db

ARTICLES = {
    "a.txt": ("The mayor, Jane Smith, said on Monday that the bridge would reopen in May. "
              "\u201cWe are almost there,\u201d she said. Residents were not convinced.\n"),
    "b.txt": ("\u201cPrices will fall next year,\u201d said John Brown, an economist at the central bank. "
              "Critics disagreed with him.\n"),
    "c.txt": ("According to the ministry, exports rose by four percent last year. "
              "Officials told reporters that the figures were provisional.\n"),
    "empty.txt": "   \n",
}
VOLATILE = {"ingested_at", "at", "applied_at", "first_seen", "last_seen"}  # dates fall back to ingest time


def write_corpus(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for day, (name, text) in enumerate(ARTICLES.items(), 1):
        # A publication date, so nothing stored depends on when the test ran (first/last seen).
        meta = f"---\npublished: 2024-05-0{day}\noutlet: Test Daily\n---\n" if text.strip() else ""
        (root / name).write_text(meta + text, encoding="utf-8")
    return root


def snapshot(db) -> dict[str, list[tuple]]:
    """Every row of every table (volatile timestamps left out), sorted: equal snapshots, equal DBs."""
    out = {}
    for table in db.table_names():
        if table.startswith("_") or "_fts" in table:
            continue
        cols = [c.name for c in db[table].columns if c.name not in VOLATILE]
        rows = db.execute(f"select {', '.join(f'[{c}]' for c in cols)} from [{table}]").fetchall()
        out[table] = sorted(rows, key=repr)
    return out


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("parallel") / "corpus")


@pytest.fixture(scope="module")
def plain_snapshot(corpus_dir, tmp_path_factory) -> dict:
    """The database a plain one-process ingest makes of ARTICLES."""
    db = open_db(tmp_path_factory.mktemp("plain") / "plain.db")
    report = ingest(db, [corpus_dir])
    assert (report.articles, report.failed) == (3, 1)
    snap = snapshot(db)
    db.close()
    return snap


@pytest.mark.parametrize(
    "workers, cores, expected",
    [(1, 2, 2), (2, 2, 1), (3, 2, 1), (2, 8, 4), (3, 8, 2), (4, 1, 1), (0, 4, 4)],
)
def test_default_threads_keeps_workers_times_threads_within_cores(workers, cores, expected):
    assert parallel.default_threads(workers, cores) == expected
    assert max(1, workers) * expected <= cores or expected == 1


@pytest.mark.slow
def test_two_workers_make_the_same_database_as_one(tmp_path, corpus_dir, plain_snapshot):
    db = open_db(tmp_path / "par.db")
    events = []
    report = ingest(db, [corpus_dir], workers=2, on_event=events.append)
    assert (report.articles, report.failed, report.skipped) == (3, 1, 0)
    assert snapshot(db) == plain_snapshot
    assert [e.status for e in events].count("failed") == 1
    assert any(e.status == "failed" and e.error.startswith("empty file") for e in events)
    # A re-run on the unchanged corpus analyses nothing.
    again = ingest(db, [corpus_dir], workers=2)
    assert (again.articles, again.skipped, again.failed) == (0, 3, 1)


@pytest.mark.slow
def test_batched_tasks_give_the_same_results_as_one_article_at_a_time(plain_snapshot):
    from quotes.run.analyse import analyse_article

    arts = [Article(source_path=name, text=text) for name, text in ARTICLES.items() if text.strip()]
    batched = list(parallel.analyse_parallel(arts, workers=1, batch=3))
    assert [a.source_path for a, _ in batched] == ["a.txt", "b.txt", "c.txt"]
    assert [r for _, r in batched] == [analyse_article(a) for a in arts]


@pytest.mark.slow
def test_missing_models_raise_model_error_not_a_broken_pool(tmp_path):
    from quotes.nlp import ModelError

    arts = [Article(source_path="a.txt", text=ARTICLES["a.txt"])]
    with pytest.raises(ModelError, match="not found"):
        list(parallel.analyse_parallel(arts, workers=2, models=str(tmp_path / "no-such-models")))


# --- the pool's own behaviour, with a cheap analysis so no Stanza is loaded (fork start) ---------

def _cheap_batch(articles: list[Article], models: str | None = None) -> list:
    """Stands in for the analysis: a worker dies on an article whose text is CRASH."""
    out = []
    for a in articles:
        if a.text == "CRASH":
            os._exit(3)
        out.append(([], [a.text.upper()]))
    return out


@pytest.fixture
def cheap_pool(monkeypatch):
    if "fork" not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip("needs the fork start method")
    monkeypatch.setattr(parallel, "analyse_batch", _cheap_batch)
    monkeypatch.setattr(parallel, "init_worker", lambda models, threads: None)
    return lambda arts, **kw: list(parallel.analyse_parallel(arts, start_method="fork", **kw))


@pytest.mark.parametrize(
    "texts, batch, expected",
    [
        (["a", "b", "c", "d", "e"], 1, ["A", "B", "C", "D", "E"]),
        (["a", "b", "c", "d", "e"], 2, ["A", "B", "C", "D", "E"]),
        (["a", "CRASH", "c"], 1, ["A", parallel.WORKER_DIED, "C"]),
        (["a", "b", "CRASH", "d", "e"], 2, ["A", "B", parallel.WORKER_DIED, "D", "E"]),
        (["CRASH", "CRASH"], 1, [parallel.WORKER_DIED, parallel.WORKER_DIED]),
        ([], 1, []),
    ],
)
def test_results_come_back_in_order_and_a_dead_worker_fails_only_its_article(cheap_pool, texts, batch, expected):
    arts = [Article(source_path=f"{i}.txt", text=t) for i, t in enumerate(texts)]
    got = cheap_pool(arts, workers=2, batch=batch)
    assert [a.source_path for a, _ in got] == [a.source_path for a in arts]
    assert [r.error if isinstance(r, ArticleError) else r[1][0] for _, r in got] == expected


def test_workers_that_always_die_stop_the_run(cheap_pool):
    arts = [Article(source_path=f"{i}.txt", text="CRASH") for i in range(5)]
    with pytest.raises(RuntimeError, match="3 worker processes in a row died"):
        cheap_pool(arts, workers=2)


@pytest.mark.parametrize("window, batch", [(1, 1), (2, 1), (4, 3)])
def test_articles_are_read_lazily_at_most_a_window_ahead(cheap_pool, window, batch):
    pulled = []

    def source():
        for i in range(50):
            pulled.append(i)
            yield Article(source_path=f"{i}.txt", text=str(i))

    gen = parallel.analyse_parallel(source(), workers=2, window=window, batch=batch, start_method="fork")
    first = next(gen)
    assert first[0].source_path == "0.txt"
    assert len(pulled) <= window * batch + batch  # never the whole corpus
    rest = list(gen)
    assert len(rest) == 49 and len(pulled) == 50
