"""A served database cannot be made to eat the machine: a real `quotes serve` process (Datasette
with the project's plugins) answers hostile arbitrary SQL (a 300 MB and a 1 GB randomblob, as
JSON, CSV and HTML; a thousand rows or a hundred columns of large values) with an error or a
capped answer, stays under 1.5 GB peak RSS (VmHWM) and keeps answering. `--public` turns
arbitrary SQL off unless `--allow-sql`."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from quotes.store import open_db

httpx = pytest.importorskip("httpx")

ROWS = "with recursive n(i) as (select 1 union all select i + 1 from n limit 1000) "
HOSTILE = [
    "select randomblob(300000000)",
    "select randomblob(1000000000)",
    "select zeroblob(300000000)",
    "select printf('%.*c', 300000000, 'x')",
    ROWS + "select zeroblob(1990000) from n",  # values under the value cap, many rows of them
    ROWS + "select randomblob(1990000) from n",
    "select " + ", ".join(["zeroblob(1990000)"] * 150),  # too many columns
    "select " + ", ".join(["zeroblob(1990000)"] * 64),
    ROWS + "select " + ", ".join(["zeroblob(1990000)"] * 20) + " from n",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


class Server:
    def __init__(self, db: Path, *args: str):
        self.port = _free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "quotes.cli", "serve", "--db", str(db), "--port", str(self.port), *args],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.client = httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=120)
        for _ in range(600):
            try:
                if self.client.get("/-/versions.json").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None:
                raise AssertionError(self.proc.stderr.read()[-2000:])
            time.sleep(0.1)
        raise AssertionError("server did not start")

    def close(self) -> str:
        self.client.close()
        self.proc.kill()
        self.proc.wait()
        return self.proc.stderr.read()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "q.db"
    open_db(path).close()
    return path


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak RSS read from /proc")
def test_hostile_sql_capped_and_the_server_stays_small_and_answering(db):
    server = Server(db)
    try:
        base = _peak_rss_mb(server.proc.pid)
        seen = []
        for sql in HOSTILE:
            for fmt in (".json", ".csv", ""):
                t = time.monotonic()
                r = server.client.get(f"/quotes{fmt}?sql={quote(sql)}&_size=max")
                seen.append((sql[:60], fmt, r.status_code, len(r.content), round(time.monotonic() - t, 1)))
                assert len(r.content) < 200_000_000, seen[-1]
                assert _peak_rss_mb(server.proc.pid) < 1536, seen
        print(f"base {base:.0f} MB, peak {_peak_rss_mb(server.proc.pid):.0f} MB", *seen, sep="\n")
        ok = server.client.get("/quotes/articles.json?_shape=array")
        assert ok.status_code == 200 and ok.json() == []
        big = server.client.get("/quotes.json?sql=" + quote("select randomblob(300000000)"))
        assert big.status_code == 400 and "too big" in big.text
        assert server.client.get("/quotes.json?sql=" + quote("select length(randomblob(1000000)) as n")).json()["rows"] == [[1000000]]
    finally:
        server.close()


def test_public_turns_arbitrary_sql_off_unless_allowed(db):
    sql = "/quotes.json?sql=" + quote("select 1 as one")
    server = Server(db, "--public")
    try:
        assert server.client.get(sql).status_code == 403
        assert server.client.get("/quotes/articles.json").status_code == 200
        assert server.client.get("/").status_code == 200
    finally:
        err = server.close()
    assert "0.0.0.0" in err and "arbitrary SQL off" in err
    server = Server(db, "--public", "--allow-sql")
    try:
        assert server.client.get(sql).status_code == 200
    finally:
        server.close()
    server = Server(db)  # localhost: allowed
    try:
        assert server.client.get(sql).status_code == 200
    finally:
        server.close()
