"""The journalist's pages (search-first home page, search, speaker pages) in a real headless
Chromium against a real ``quotes serve``. Screenshots go to test-artifacts/ (gitignored)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import running_server
from journalist import CHROMIUM, LAUNCH_ARGS, build_journalist_db

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed (apt-get install chromium)"),
]


_A4 = {}
_CLAIM = {}


@pytest.fixture(scope="module")
def jserver(tmp_path_factory):
    d = tmp_path_factory.mktemp("jbrowser")
    ids = build_journalist_db(d / "j.db")
    with running_server(d / "j.db", d / "serve.log") as url:
        _A4[url] = ids["a4"]
        _CLAIM[url] = ids["claim"]
        yield url


def jserver_a4(url: str) -> str:
    """The id of the untitled, undated article on the server at ``url``."""
    return _A4[url]


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
    assert pg.dialogs == []
    ctx.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def no_overflow(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_search_from_the_home_page(page, jserver):
    page.goto(jserver + "/")
    box = page.locator("input[name=q]")
    assert box.bounding_box()["y"] < 300  # the first thing on the page
    assert page.locator(".qcard").count() == 12  # latest quotes below it
    box.fill("settle* OR crisis")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/-/search\?q=settle"))
    marks = page.locator(".qcard blockquote mark").all_inner_texts()
    assert sorted(marks) == ["crisis", "settlement", "settlements"]
    # the untitled article shows its headline, and says that outlet and date are unknown
    card = page.locator(".qcard", has_text="The settlement is a disgrace")
    assert card.locator(".article-title").inner_text() == "Ministers clash over hospital funding"
    assert card.locator(".unknown").all_inner_texts() == ["unknown outlet", "date unknown"]
    shot(page, "j01-search")
    page.locator("select[name=outlet]").select_option("Morning Post")
    page.locator("form.qs-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"outlet=Morning"))
    assert page.locator(".qcard .outlet").all_inner_texts() == ["Morning Post"]


def test_speaker_autocomplete_filters_by_id(page, jserver):
    page.goto(jserver + "/-/search")
    box = page.locator("#qs-speaker")
    box.press_sequentially("Jo", delay=50)
    page.wait_for_function("document.querySelectorAll('#qs-speaker-list option').length > 0")
    assert page.locator("#qs-speaker-list option").first.get_attribute("value") == "John Smith"
    box.fill("John Smith")
    box.dispatch_event("input")
    page.wait_for_function("document.getElementById('qs-speaker-id').value !== ''")
    page.locator("form.qs-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"speaker=\d+"))
    assert set(page.locator(".qcard .who a").all_inner_texts()) == {"John Smith"}
    assert page.locator(".qcard").count() == 4


def test_speaker_page(page, jserver):
    page.goto(jserver + "/-/search?q=funding")
    page.locator(".qcard .who a", has_text="Jane Roe").first.click()
    page.wait_for_url(re.compile(r"/-/speaker/\d+$"))
    assert page.locator("h1").inner_text() == "Jane Roe"
    facts = page.locator(".speaker-facts").inner_text()
    assert "Health Minister" in facts and "Ms. Roe" in facts
    assert page.locator("svg.timeline rect").count() == 2
    assert page.locator(".qcard").count() == 6
    assert page.locator(".qcard .in-context .quote-body").first.inner_text() == "the cuts"
    shot(page, "j02-speaker")
    page.locator("table.by-stance a", has_text="denial").click()
    page.wait_for_url(re.compile(r"stance=denial"))
    assert sorted(page.locator(".qcard blockquote").all_inner_texts()) == ["the claim", "the cuts"]


AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
#: Every page a journalist lands on (the article id is filled in from the database).
A11Y_PAGES = ["/", "/-/search?q=hospital+OR+crisis&type=direct", "/-/speaker/1", "/-/charts?speaker=1",
              "/-/article/{a4}", "/quotes/claims_by_stance?stance=denial&speaker=", "/quotes/speaker_quotes",
              # Datasette's own pages, under the project's templates
              "/quotes", "/quotes/quotes", "/quotes/quotes_view", "/quotes/speakers", "/quotes/speakers/1",
              "/quotes/articles", "/quotes/articles/{a4}", "/quotes/claims", "/quotes/speaker_stats",
              "/quotes/quotes_view?_search=hospital&_facet=stance", "/quotes/speaker_quotes?speaker=jane+roe",
              "/quotes/quotes_per_outlet_over_time", "/quotes/quotes?type__exact=direct&_facet=stance",
              "/quotes?sql=select+count(*)+from+quotes",
              # where links on the journalist's pages lead: a quote's row, the quote-travel view
              "/quotes/quotes/{q4}", "/quotes/quote_clusters", "/quotes/cluster_variants_view?cluster_id=c1",
              "/quotes/quotes_view?_all_columns=1", "/quotes/speaker_mentions", "/-/claim/{claim}"]


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (make browser-deps: npm install axe-core)")
@pytest.mark.parametrize("width", [1280, 390])
def test_accessible_and_no_horizontal_overflow(browser, jserver, width):
    """axe-core (WCAG 2.1 A/AA: contrast, labels, lang; best practice: landmarks, heading order)
    finds nothing, and at 390 px (a phone) no page is wider than the screen."""
    import sqlite3

    ctx = browser.new_context(viewport={"width": width, "height": 844})
    pg = ctx.new_page()
    axe = AXE.read_text(encoding="utf-8")
    found = {}
    import json
    import urllib.request

    a4 = jserver_a4(jserver)
    with urllib.request.urlopen(jserver + f"/quotes/quotes.json?article_id={a4}&_shape=array&_col=id") as r:
        q4 = json.load(r)[0]["id"]
    for path in A11Y_PAGES:
        pg.goto(jserver + path.format(a4=a4, q4=q4, claim=_CLAIM[jserver]))
        pg.add_script_tag(content=axe)
        found[path] = pg.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})).violations
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""")
        assert pg.evaluate("document.documentElement.scrollWidth") <= width, path
        assert pg.evaluate("document.documentElement.lang") == "en"
        assert pg.locator("main").count() == 1
    ctx.close()
    assert found == {p: [] for p in A11Y_PAGES}


def test_canned_queries_are_forms(page, jserver):
    page.goto(jserver + "/quotes/claims_by_stance")
    assert page.title() == "Who denied, who accused — quotes"
    assert page.locator("input[type=submit][value='Run SQL']").count() == 0
    assert page.locator("#sql-query, textarea").count() == 0  # no SQL unless asked for
    assert page.get_by_label("Stance").locator("option").count() == 15  # "any" and 14 stances
    page.get_by_label("Stance").select_option("denial")
    page.get_by_label("Speaker").fill("jane roe")  # any case; whole names only
    page.get_by_role("button", name="Show results").click()
    page.wait_for_url(re.compile(r"stance=denial"))
    assert page.locator("h2.result-count").inner_text() == "2 results"
    assert page.locator("td.col-text").all_inner_texts() == ["the cuts", "the claim"]
    # the untitled article gets its headline here too
    assert "Ministers clash over hospital funding" in page.locator("td.col-article").all_inner_texts()
    shot(page, "j03-canned-form")
    page.get_by_label("Speaker").fill("jane")
    page.get_by_role("button", name="Show results").click()
    page.wait_for_url(re.compile(r"speaker=jane"))
    assert page.locator("h2.result-count").inner_text() == "No results"


def test_csv_for_excel_link(page, jserver):
    page.goto(jserver + "/-/search?q=hospital")
    with page.expect_download() as info:
        page.locator("a.csv-excel").click()
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "speaker,quote,kind,type,stance,cue,article title,outlet,published,url,confidence"
    assert len(lines) == 4


def test_charts_answer_questions(page, jserver):
    page.goto(jserver + "/")
    page.get_by_role("link", name="Charts").click()
    page.wait_for_url(re.compile(r"/-/charts$"))
    # most quoted, ranked (not alphabetical)
    names = page.locator("table.top-speakers td a").all_inner_texts()
    assert names == ["Jane Roe", "John Smith", "Nurses Union"]
    assert page.locator("table.top-speakers .bar-n").all_inner_texts() == ["6", "4", "2"]
    page.get_by_label("In outlet").select_option("Morning Post")
    page.locator("#h-top + form button").click()
    page.wait_for_url(re.compile(r"outlet=Morning"))
    assert page.locator("table.top-speakers .bar-n").all_inner_texts() == ["1", "1", "1"]
    # stance over time, for everyone and then for one speaker
    page.goto(jserver + "/-/charts")
    # 2024-03: accusation, assertive, denial; 2024-04: promise
    assert page.locator("svg.stance-chart rect").count() == 4
    assert "2 quotes from undated articles are not shown" in page.locator("#h-stance ~ p.muted").first.inner_text()
    page.locator("#ch-speaker").fill("John Smith")
    page.locator("#h-stance + form button").click()
    page.wait_for_url(re.compile(r"speaker_name=John"))
    assert page.locator("h2#h-stance").inner_text() == "How do stances change over time: John Smith?"
    assert page.locator("svg.stance-chart rect").count() == 1
    outlets = page.locator("table.speaker-outlets td:first-child").all_inner_texts()
    assert outlets == ["unknown outlet", "Daily Planet", "Morning Post"]  # 2, 1, 1
    shot(page, "j04-charts")


def test_charts_say_they_count_every_kind(page, tmp_path):
    """The kept counts behind the charts have no kind of attribution, so the charts count every
    kind (an opinion too) while the search shows speech and claims: the page says so, links to
    the counts by kind, and its links to the search ask for every kind, so the numbers match."""
    import sqlite3

    build_journalist_db(tmp_path / "k.db")
    c = sqlite3.connect(tmp_path / "k.db")
    c.execute("update quotes set kind = 'opinion' where text = 'Money will come in spring,'")  # Roe, Daily Planet
    c.commit()
    c.close()
    with running_server(tmp_path / "k.db", tmp_path / "serve.log") as url:
        page.goto(url + "/-/charts?speaker_name=Jane+Roe")
        note = page.locator("p.charts-kinds")
        assert "These charts count every kind of attribution" in note.inner_text()
        assert note.get_by_role("link", name="every quote by kind").get_attribute("href") == "/quotes/quotes_view#facet-kind"
        assert note.get_by_role("link", name="Jane Roe’s quotes by kind").get_attribute("href").endswith("#h-kind")
        row = page.locator("table.speaker-outlets tr", has_text="Daily Planet")
        n = int(row.locator(".bar-n").inner_text())
        row.get_by_role("link", name="Daily Planet").click()
        page.wait_for_url(re.compile(r"/-/search\?"))
        assert page.locator(".qcard").count() == n == 4
        page.goto(url + "/-/charts")
        page.get_by_role("link", name="every quote by kind").click()
        assert "opinion 1" in page.locator("#facet-kind").inner_text()


def test_browse_quotes_first_screen(page, jserver):
    """The quotes table a journalist reaches from "Browse quotes": the search box and the first
    rows on the first screen (column descriptions folded away), only a journalist's columns
    until all are asked for, no wider than the screen."""
    page.goto(jserver + "/quotes/quotes_view")
    assert page.locator("h1").inner_text() == "Browse quotes (view)"
    assert page.locator("#_search").bounding_box()["y"] < 400
    assert page.locator("table.rows-and-columns tbody tr").first.bounding_box()["y"] < 900
    assert not page.locator("dl.column-descriptions").is_visible()
    shown = page.eval_on_selector_all("table.rows-and-columns thead th", "ths => ths.filter(t => t.offsetWidth > 0).map(t => t.dataset.column)")
    assert shown == ["type", "kind", "text", "speaker", "cue", "stance", "article", "outlet",
                                            "published", "confidence"]
    assert page.evaluate("document.querySelector('table.rows-and-columns').scrollWidth") <= 1280
    page.get_by_role("link", name="show all columns").click()
    page.wait_for_url(re.compile(r"_all_columns=1"))
    assert page.eval_on_selector_all("table.rows-and-columns thead th", "ths => ths.filter(t => t.offsetWidth > 0).length") == 28


def test_article_page_leads_to_speaker_pages_and_the_excel_csv(page, jserver):
    """From the article page: a speaker's name opens their speaker page (not Datasette's raw row),
    and its CSV is the journalist's one (byte-order mark, names, this article's quotes only)."""
    page.goto(jserver + f"/-/article/{jserver_a4(jserver)}")
    with page.expect_download() as info:
        page.locator("a.csv-excel").click()
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("speaker,quote,kind,type,stance,cue,article title")
    assert len(lines) == 4 and all("Ministers clash over hospital funding" in x for x in lines[1:])
    page.locator(".quote-list a.quote-who", has_text="Jane Roe").click()
    page.wait_for_url(re.compile(r"/-/speaker/\d+$"))
    assert page.locator("h1").inner_text() == "Jane Roe"


def test_quotes_carried_by_several_outlets_lead_to_the_travel_view(page, jserver):
    """From "Quotes carried by several outlets" a click on the cluster opens the quote-travel view:
    each outlet's wording with its date, the drift coloured."""
    page.goto(jserver + "/quotes/quote_clusters")
    page.locator("td.col-cluster_id a", has_text="c1").click()
    page.wait_for_url(re.compile(r"/quotes/cluster_variants_view\?cluster_id=c1$"))
    assert sorted(page.locator("td.col-outlet").all_inner_texts()) == ["Daily Planet", "Morning Post"]
    added = page.locator("td.col-diff ins.drift-ins")
    assert added.all_inner_texts() == ["new"]
    assert added.evaluate("e => getComputedStyle(e).color") == "rgb(5, 98, 10)"


def test_claim_page_compares_each_wording_with_the_claims(page, jserver):
    """The claim page shows each quote's wording against the claim's, word by word, oldest
    first: removed words struck through, added ones underlined, in colours of AA contrast (the
    quote-travel view's diff), where and when each was said above it."""
    page.goto(jserver + f"/-/claim/{_CLAIM[jserver]}")
    assert page.locator("h1").inner_text() == "We have not cut a single hospital bed, … Not one"
    items = page.locator("ol.claim-drift > li")
    assert items.count() == 3
    assert [t.split(":")[0] for t in page.locator("ol.claim-drift .drift-where").all_inner_texts()] == [
        "2024-03-01 · Daily Planet · Jane Roe (denies)", "2024-03-01 · Daily Planet · Jane Roe (asserts)",
        "2024-03-02 · Morning Post · Jane Roe (asserts)"]
    assert "(the same words)" in items.nth(1).inner_text()
    removed, added = items.nth(0).locator("del.drift-del"), items.nth(0).locator("ins.drift-ins")
    assert removed.all_inner_texts() == ["We have not cut a single hospital bed, Not one"]
    assert added.all_inner_texts() == ["the cuts"]
    assert "line-through" in removed.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "underline" in added.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert removed.evaluate("e => getComputedStyle(e).color") == "rgb(164, 0, 0)"
    assert added.evaluate("e => getComputedStyle(e).color") == "rgb(5, 98, 10)"
    assert "(the same words, cut short)" in items.nth(2).inner_text()
    assert items.nth(2).locator("del, ins").count() == 0
    shot(page, "j05-claim")


def test_all_data_page_leads_with_queries_not_a_sql_console(page, jserver):
    """"All data" (the site menu, every page): the canned queries on the first screen, no
    "Run SQL" in sight; an analyst unfolds the SQL box at the foot of the page."""
    page.goto(jserver + "/")
    page.get_by_role("link", name="All data").click()
    page.wait_for_url(re.compile(r"/quotes$"))
    run = page.locator("input[type=submit][value='Run SQL']")
    assert not run.is_visible()
    assert page.locator("h2#queries").bounding_box()["y"] < 900
    page.locator("details.custom-sql summary").click()
    assert run.is_visible()


def test_phone_home_page_shows_quotes_on_the_first_screen(browser, jserver):
    """At 390 px the filters fold under one line (unless some are chosen), so the first quote
    shows on the first screen; they unfold with a tap or a key."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    pg = ctx.new_page()
    pg.goto(jserver + "/")
    assert pg.locator(".qcard").first.bounding_box()["y"] < 844
    assert not pg.locator("#qs-outlet").is_visible()
    pg.locator("details.qs-more summary").focus()
    pg.keyboard.press("Enter")
    assert pg.locator("#qs-outlet").is_visible()
    pg.goto(jserver + "/-/search?q=bed&stance=neutral")  # a chosen filter stays in sight
    assert pg.locator("#qs-stance").is_visible()
    assert "(1 chosen)" in pg.locator("details.qs-more summary").inner_text()
    ctx.close()
