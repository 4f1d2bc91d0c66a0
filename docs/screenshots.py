"""Screenshots of the front end for the README: ``make screenshots`` (or
``python docs/screenshots.py [DB] [OUT_DIR]``, default ``db/quotes.db`` and ``docs/``).

Serves DB with ``quotes serve`` on a free localhost port and photographs it in headless
Chromium (/usr/bin/chromium, Debian's package): the home page, a search, the most quoted
speaker's page, the charts, the article with the most quotes, a claim page (from the hand-written
articles in tests/claims/corpus when the database has no claim), and the search at 390 px (a phone).
"""
from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pages(db: Path) -> list[tuple[str, str, int]]:
    """(file name, path, viewport width) of every screenshot."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        speaker = con.execute("select speaker_id from quotes where speaker_id in (select id from speakers where "
                              "article_id is null) group by speaker_id order by count(*) desc limit 1").fetchone()
        article = con.execute("select article_id from quotes group by article_id order by count(*) desc, article_id "
                              "limit 1").fetchone()
        tables = {r[0] for r in con.execute("select name from sqlite_master where type = 'table'")}
        claim = con.execute("select id from claims order by n_articles desc, id limit 1").fetchone() \
            if "claims" in tables else None
    finally:
        con.close()
    search = "/-/search?" + urlencode({"q": "apartheid OR settle*"})
    out = [("home.png", "/", 1280), ("search.png", search, 1280)]
    if speaker:
        out.append(("speaker.png", f"/-/speaker/{speaker[0]}", 1280))
    out.append(("charts.png", "/-/charts" + (f"?speaker={speaker[0]}" if speaker else ""), 1280))
    if article:
        out.append(("article.png", f"/-/article/{article[0]}", 1280))
    if claim:
        out.append(("claim.png", f"/-/claim/{claim[0]}", 1280))
    out.append(("search-390px.png", search, 390))
    return out


CLAIM_ARTICLES = ROOT / "tests" / "claims" / "corpus"  # hand-written: five outlets report one claim


def _shoot(db: Path, shots: list[tuple[str, str, int]], out_dir: Path) -> None:
    """Serve ``db`` and photograph each (file name, path, width) of ``shots`` into ``out_dir``."""
    from playwright.sync_api import sync_playwright

    port = _port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "quotes.cli", "serve", "--db", str(db), "--port", str(port)],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2).close()
                break
            except OSError:
                time.sleep(0.1)
        out_dir.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            for name, path, width in shots:
                page = browser.new_page(viewport={"width": width, "height": 900 if width > 600 else 844})
                resp = page.goto(base + path)
                if resp is None or resp.status != 200:
                    print(f"skipped {name}: {path} answered {resp.status if resp else 'nothing'}", file=sys.stderr)
                    page.close()
                    continue
                page.screenshot(path=str(out_dir / name), full_page=False)
                print(f"{out_dir / name}  ({db.name}: {path}, {width} px)", file=sys.stderr)
                page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=15)


def main() -> int:
    db = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "db" / "quotes.db")
    out_dir = Path(sys.argv[2] if len(sys.argv) > 2 else ROOT / "docs")
    if not db.is_file():
        print(f"error: {db}: no such database (make db builds it)", file=sys.stderr)
        return 1
    if not Path(CHROMIUM).exists():
        print(f"error: {CHROMIUM}: not installed (make browser-deps)", file=sys.stderr)
        return 1
    shots = pages(db)
    _shoot(db, shots, out_dir)
    if not any(name == "claim.png" for name, _, _ in shots):
        # the database reports no claim twice (the seed's five articles do not): the claim page
        # is shown on the hand-written articles the claims tests use
        with tempfile.TemporaryDirectory() as tmp:
            claims_db = Path(tmp) / "claims.db"
            subprocess.run([sys.executable, "-m", "quotes.cli", "ingest", str(CLAIM_ARTICLES), "--db", str(claims_db),
                            "--quiet"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            claim = [shot for shot in pages(claims_db) if shot[0] == "claim.png"]
            if claim:
                _shoot(claims_db, claim, out_dir)
            else:
                print(f"skipped claim.png: {CLAIM_ARTICLES} gave no claim", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
