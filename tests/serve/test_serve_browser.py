"""The front end in a real headless Chromium against a real ``quotes serve``.

Screenshots go to test-artifacts/ (gitignored); with QUOTES_SCREENSHOT=1 the corpus article
page is also saved as docs/screenshot.png for the README. Needs /usr/bin/chromium (Debian package ``chromium``) and
the ``playwright`` Python package; never runs ``playwright install``.
"""
from __future__ import annotations

import csv
import io
import os
import re
import sqlite3
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed (apt-get install chromium)"),
]

LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = ctx.new_page()
    pg.dialogs = []  # any alert() would mean an injected script ran
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    ctx.close()


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def rows(page) -> int:
    return page.locator("table.rows-and-columns tbody tr").count()


def test_quotes_table_search_and_facet(page, sample_server):
    page.goto(sample_server + "/quotes/quotes_view")
    assert rows(page) == 9
    assert page.locator(".facet-info[data-column=outlet]").count() == 1
    shot(page, "01-quotes-view")

    page.fill("#_search", "hospital bed")
    page.locator("form.filters input[type=submit][value=Apply]").click()
    page.wait_for_url(re.compile(r"_search=hospital"))
    assert rows(page) == 2
    assert page.locator("table.rows-and-columns").inner_text().count("Jane Roe") == 2
    shot(page, "02-search")

    page.goto(sample_server + "/quotes/quotes_view")
    page.locator(".facet-info[data-column=outlet] a", has_text="Morning Post").click()
    page.wait_for_url(re.compile(r"outlet=Morning"))
    assert rows(page) == 3
    outlets = page.locator("table.rows-and-columns td.col-outlet").all_inner_texts()
    assert outlets == ["Morning Post"] * 3
    shot(page, "03-facet")


def test_article_page_highlights_quotes_and_shows_script_as_text(page, sample_server, sample_db):
    page.goto(sample_server + "/quotes/articles")
    page.locator("a.article-link", has_text="Hospitals <b>in</b> crisis").click()
    page.wait_for_url(re.compile(r"/-/article/" + sample_db[1]["a2"]))
    marks = page.locator("#article-text mark.quote")
    assert marks.count() == 3
    assert marks.nth(2).inner_text() == "<script>alert('x')</script> is not a plan,"
    assert page.locator("h1").inner_text() == "Hospitals <b>in</b> crisis"
    assert page.locator("#article-text .speaker-mention").all_inner_texts() == ["the Nurses Union", "Ms. Roe", "Smith"]
    assert page.locator(".quote-list .quote-who").all_inner_texts() == ["Nurses Union", "Jane Roe", "John Smith"]
    # the highlight is visible: a yellow or blue background, not transparent
    bg = marks.first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
    page.locator("a.qbadge").nth(2).click()
    assert page.url.endswith("#quote-" + page.locator(".quote-list li").nth(2).get_attribute("id")[6:])
    assert page.dialogs == []
    shot(page, "04-article")


def test_csv_download_from_the_database_page(page, sample_server):
    page.goto(sample_server + "/quotes")
    with page.expect_download() as info:
        page.locator("a", has_text="the raw quotes table as CSV").click()
    download = info.value
    assert download.suggested_filename == "quotes.csv"
    data = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert len(data) == 9
    assert {r["speaker_id_label"] for r in data} == {"Jane Roe", "John Smith", "Nurses Union"}
    assert ['\'=HYPERLINK("http://evil.example")'] == [r["text"] for r in data if "HYPERLINK" in r["text"]]
    shot(page, "05-database")


@pytest.mark.slow
def test_corpus_article_page(page, corpus_server, corpus_db):
    con = sqlite3.connect(corpus_db)
    aid, n = con.execute(
        "select article_id, count(*) from quotes group by article_id order by count(*) desc, article_id limit 1"
    ).fetchone()
    con.close()
    page.goto(corpus_server + "/quotes/articles")
    assert page.locator("a.article-link").count() == 5
    page.locator(f'a.article-link[href="/-/article/{aid}"]').click()
    page.wait_for_url(re.compile(aid))
    assert page.locator(".quote-list li").count() == n
    assert page.locator("#article-text a.qbadge").count() == n
    page.set_viewport_size({"width": 1280, "height": 800})
    path = shot(page, "08-corpus-article")
    assert path.stat().st_size > 10_000
    if os.environ.get("QUOTES_SCREENSHOT"):  # refresh the README's docs/screenshot.png on request only
        (REPO / "docs").mkdir(exist_ok=True)
        page.screenshot(path=str(REPO / "docs" / "screenshot.png"), full_page=False)
