"""Fixtures for the Datasette front end: a small hand-built database with precise content
(aliases, stances, a cluster across outlets, a quote containing <script>, formula-like cells),
and a Datasette instance set up exactly as ``quotes serve`` does."""
from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from quotes.types import Article
from quotes.types import LocalSpeaker, Mention, Quote
from quotes.store import open_db, write_article
from quotes.store.speakers import update_speaker_stats

REPO = Path(__file__).resolve().parents[2]


def _find(text: str, part: str, after: int = 0) -> tuple[int, int]:
    i = text.index(part, after)
    return i, i + len(part)


def _quote(text: str, content: str, speaker: str, ref: int, cue: str, lemma: str, stance: str,
           qtype: str = "direct", **kw) -> Quote:
    s, e = _find(text, content)
    ss, se = _find(text, speaker, kw.pop("speaker_after", 0))
    cs, ce = _find(text, cue, kw.pop("cue_after", 0))
    return Quote(type=qtype, spans=kw.pop("spans", [(s, e)]), sentence_index=0, cue=cue, cue_lemma=lemma,
                 cue_start=cs, cue_end=ce, stance=stance, speaker=Mention(speaker, ss, se, 0),
                 speaker_ref=ref, confidence=0.9, **kw)


ROE = LocalSpeaker("Jane Roe", "person", roles=["Health Minister"], aliases=["Roe", "Ms. Roe"], gender="f")
SMITH = LocalSpeaker("John Smith", "person", roles=["opposition leader"], aliases=["Smith"], gender="m")
UNION = LocalSpeaker("Nurses Union", "organization", aliases=["the union"])

A1 = (
    "Health Minister Jane Roe denied the cuts on Monday.\n\n"
    "\u201cWe have not cut a single hospital bed,\u201d Roe said. \u201cNot one.\u201d\n\n"
    "Opposition leader John Smith accused the government of hiding the figures.\n\n"
    "\u201c=HYPERLINK(\"http://evil.example\")\u201d, the union wrote."
)
A2 = (
    "Hospitals are in crisis, the Nurses Union said.\n\n"
    "\u201cWe have not cut a single hospital bed,\u201d Ms. Roe told reporters.\n\n"
    "\u201c<script>alert('x')</script> is not a plan,\u201d Smith said."
)
A3 = (
    "Jane Roe promised new funding.\n\n"
    "\u201cMoney will come in spring,\u201d she said."
)


def build_sample_db(path: Path) -> dict[str, str]:
    """Write three articles from two outlets; returns their ids by key."""
    db = open_db(path)
    ids = {}
    t = A1
    roe_q = _quote(t, "We have not cut a single hospital bed,", "Roe", 0, "said", "say", "neutral",
                   speaker_after=t.index("\u201d"), spans=[(_find(t, "We have not cut a single hospital bed,")),
                                                           (_find(t, "Not one."))])
    ids["a1"] = write_article(db, Article(
        "corpus/a1.txt", t, title="Minister denies budget cuts", outlet="Daily Planet",
        url="https://planet.example/cuts", published="2024-03-01"), [
        _quote(t, "the cuts", "Jane Roe", 0, "denied", "deny", "denial", qtype="indirect"),
        roe_q,
        _quote(t, "of hiding the figures", "John Smith", 1, "accused", "accuse", "accusation", qtype="indirect"),
        _quote(t, "=HYPERLINK(\"http://evil.example\")", "the union", 2, "wrote", "write", "neutral"),
    ], [ROE, SMITH, UNION], "test")
    t = A2
    ids["a2"] = write_article(db, Article(
        "corpus/a2.txt", t, title="Hospitals <b>in</b> crisis", outlet="Morning Post",
        url="javascript:alert(1)", published="2024-03-02"), [
        _quote(t, "Hospitals are in crisis", "the Nurses Union", 2, "said", "say", "assertive", qtype="indirect"),
        _quote(t, "We have not cut a single hospital bed,", "Ms. Roe", 0, "told", "tell", "neutral"),
        _quote(t, "<script>alert('x')</script> is not a plan,", "Smith", 1, "said", "say", "neutral",
               cue_after=t.index("Smith")),
    ], [ROE, SMITH, UNION], "test")
    t = A3
    ids["a3"] = write_article(db, Article(
        "corpus/a3.txt", t, title="Roe promises funding", outlet="Daily Planet", published="2024-04-10"), [
        _quote(t, "new funding", "Jane Roe", 0, "promised", "promise", "promise", qtype="indirect"),
        _quote(t, "Money will come in spring,", "she", 0, "said", "say", "neutral"),
    ], [ROE], "test")
    # A cluster across the two outlets (tracking is another module's job; written by hand here).
    with db.conn:
        db["clusters"].insert({
            "id": "c1", "text": "We have not cut a single hospital bed", "n_quotes": 2, "n_articles": 2,
            "n_outlets": 2, "outlets": '["Daily Planet", "Morning Post"]', "first_article_id": ids["a1"],
            "first_seen": "2024-03-01", "speaker_id": 1, "drift": 0,
        })
        db.execute("update quotes set cluster_id = 'c1' where text like 'We have not cut%'")
    update_speaker_stats(db)  # the counts every ingest keeps (top speakers, speaker pages)
    db.conn.close()
    return ids


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("serve") / "sample.db"
    ids = build_sample_db(path)
    return path, ids


@pytest.fixture(scope="session")
def ds(sample_db):
    from quotes.serve import make_datasette

    d = make_datasette(sample_db[0])
    asyncio.run(d.invoke_startup())
    return d


@pytest.fixture(scope="session")
def get(ds):
    """``get(path)`` -> httpx response from the in-process Datasette."""

    def _get(path: str):
        return asyncio.run(ds.client.get(path))

    return _get


# --- real servers (``quotes serve`` in a subprocess) and the real pipeline -------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(db_path: Path, log: Path) -> Iterator[str]:
    """Run ``quotes serve --db db_path`` on a free localhost port; yields its base URL."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with open(log, "w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "quotes.cli", "serve", "--db", str(db_path), "--port", str(port)],
            cwd=REPO, stdout=err, stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(600):  # up to a minute for a slow, busy machine
                if proc.poll() is not None:
                    pytest.fail(f"quotes serve exited with {proc.returncode}:\n{log.read_text()}")
                try:
                    with urllib.request.urlopen(url + "/-/versions.json", timeout=2):
                        break
                except OSError:
                    time.sleep(0.1)
            else:
                pytest.fail(f"quotes serve did not start:\n{log.read_text()}")
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="session")
def sample_server(sample_db, tmp_path_factory) -> Iterator[str]:
    with running_server(sample_db[0], tmp_path_factory.mktemp("logs") / "sample-serve.log") as url:
        yield url


@pytest.fixture(scope="session")
def corpus_db(seed_db_path) -> Path:
    """The seed corpus/ through the real pipeline (built once per session by tests/conftest.py)."""
    return seed_db_path


@pytest.fixture(scope="session")
def corpus_server(corpus_db, tmp_path_factory) -> Iterator[str]:
    with running_server(corpus_db, tmp_path_factory.mktemp("logs") / "corpus-serve.log") as url:
        yield url
