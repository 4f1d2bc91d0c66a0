"""Damaged, foreign and read-only databases, through the real CLI in subprocesses: one line
naming the file and what to do, never a traceback; a database of another schema is left
byte-identical (no WAL switched on, no _migrations added); a read-only database can be read."""
from __future__ import annotations

import hashlib
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quotes.store import open_db, write_article
from quotes.types import Article, LocalSpeaker, Mention, Quote

TEXT = '"We will not back down," Ana Ruiz said on Tuesday.'


def _cmd(args: tuple[str, ...], read_only_dir: Path | None) -> list[str]:
    cmd = [sys.executable, "-m", "quotes.cli", *args]
    if read_only_dir is not None and os.getuid() == 0:
        # root ignores file permissions: mount the folder read-only in a private mount namespace
        cmd = ["unshare", "-rm", "sh", "-c", 'mount --bind -o ro "$0" "$0" && exec "$@"', str(read_only_dir), *cmd]
    return cmd


def quotes_cli(*args: str, read_only_dir: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(_cmd(args, read_only_dir), capture_output=True, text=True, timeout=300)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _one_line_error(r: subprocess.CompletedProcess, *needles: str) -> None:
    assert r.returncode != 0
    assert "Traceback" not in r.stderr, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    for n in needles:
        assert n in lines[0], lines[0]


def _quotes_db(path: Path) -> Path:
    db = open_db(path)
    s = TEXT.index("We")
    q = Quote(type="direct", spans=[(s, s + len("We will not back down,"))], sentence_index=0, cue="said",
              cue_lemma="say", speaker=Mention("Ana Ruiz", TEXT.index("Ana"), TEXT.index("Ana") + 8, 0), speaker_ref=0)
    for k in range(40):  # enough pages for a corruption in the middle to be met
        text = TEXT + f" Report {k}. " + "More words follow here. " * 40
        write_article(db, Article(source_path=f"a{k}.txt", text=text, title=f"Title {k}"), [q],
                      [LocalSpeaker(name="Ana Ruiz", kind="person", mentions=[q.speaker])], "test")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


FOREIGN_WAL = """
import os, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.execute("pragma journal_mode = wal")
con.execute("pragma wal_autocheckpoint = 0")
con.execute("create table customers (id integer primary key, name text)")
con.execute("insert into customers (name) values ('Ada')")
con.commit()
os._exit(0)  # no close: the rows stay in the -wal file, not yet in the database file
"""


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal-not-checkpointed"])
def test_foreign_schema_refused_and_left_byte_identical(tmp_path, wal):
    path = tmp_path / "other.db"
    if wal:
        subprocess.run([sys.executable, "-c", FOREIGN_WAL, str(path)], check=True)
    else:
        con = sqlite3.connect(path)
        con.execute("create table customers (id integer primary key, name text)")
        con.execute("insert into customers (name) values ('Ada')")
        con.commit()
        con.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    before = {name: _digest(tmp_path / name) for name in files if not name.endswith("-shm")}
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    for args in (["ingest", str(tmp_path / "a.txt")], ["export"], ["speakers", "list"], ["serve", "--port", "9"],
                 ["speakers", "rename", "Ada", "Bea", "--file", str(tmp_path / "s.yml")]):
        r = quotes_cli(*args, "--db", str(path))
        _one_line_error(r, str(path), "not a quotes database", "customers")
        assert {name: _digest(tmp_path / name) for name in before} == before
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files + ["a.txt"])  # nothing added
    if not wal:
        con = sqlite3.connect(path)
        assert con.execute("pragma journal_mode").fetchone() == ("delete",)
        con.close()


@pytest.mark.parametrize("damage", ["header", "pages"])
def test_corrupt_database_one_line_restore_or_delete(tmp_path, damage):
    path = _quotes_db(tmp_path / "q.db")
    raw = bytearray(path.read_bytes())
    if damage == "header":
        raw[:16] = b"garbage garbage!"
    else:  # keep page 1 (the schema) and wreck the pages after it
        page = int.from_bytes(raw[16:18], "big")
        for i in range(page * 2, len(raw) - page, page * 3):
            raw[i:i + page] = os.urandom(page)
    path.write_bytes(bytes(raw))
    for args in (["export"], ["speakers", "list"], ["ingest", str(tmp_path / "missing.txt")],
                 ["serve", "--port", "9"]):
        r = quotes_cli(*args, "--db", str(path))
        _one_line_error(r, str(path), "database disk image is malformed", "restore or delete it")


def test_read_only_database_can_be_exported_listed_and_read(tmp_path):
    if os.getuid() == 0 and (shutil.which("unshare") is None or subprocess.run(
            ["unshare", "-rm", "sh", "-c", f'mount --bind -o ro "{tmp_path}" "{tmp_path}"'],
            capture_output=True).returncode != 0):
        pytest.skip("running as root, and no private read-only mount can be made")
    ro = tmp_path / "ro"
    ro.mkdir()
    path = _quotes_db(ro / "q.db")
    path.chmod(0o444)
    ro.chmod(0o555)
    try:
        before = _digest(path)
        r = quotes_cli("export", "--db", str(path), "--format", "jsonl", read_only_dir=ro)
        assert r.returncode == 0, r.stderr
        assert len(r.stdout.splitlines()) == 40
        r = quotes_cli("speakers", "list", "--db", str(path), read_only_dir=ro)
        assert r.returncode == 0, r.stderr
        assert "Ana Ruiz" in r.stdout
        r = quotes_cli("ingest", str(tmp_path / "none.txt"), "--db", str(path), read_only_dir=ro)
        assert r.returncode != 0 and "Traceback" not in r.stderr, r.stderr
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr
        port = _free_port()
        server = subprocess.Popen(_cmd(("serve", "--db", str(path), "--port", str(port)), ro),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            import httpx

            for _ in range(300):
                try:
                    r = httpx.get(f"http://127.0.0.1:{port}/quotes/quotes_view.json?_shape=array", timeout=30)
                    break
                except httpx.TransportError:
                    assert server.poll() is None, server.stderr.read()
                    time.sleep(0.1)
            assert r.status_code == 200, r.text[:500]
            assert len(r.json()) == 40
            assert httpx.get(f"http://127.0.0.1:{port}/quotes", timeout=30).status_code == 200
        finally:
            server.kill()
            server.wait()
        assert _digest(path) == before
        assert sorted(p.name for p in ro.iterdir()) == ["q.db"]
    finally:
        ro.chmod(0o755)
        path.chmod(0o644)
