"""The report's org charts and change charts as explorers, the static SVG for printing
(issue 20, item 5), in Debian's Chromium."""

import io
import json
import re
from html import unescape
from html.parser import HTMLParser

import pytest

from orggraph.output import dot
from orggraph.output.report import build
from tests.helpers import BASE, PILOT

needs_dot = pytest.mark.skipif(dot.dot_binary() is None, reason="Graphviz dot not installed")


class Figures(HTMLParser):
    """The page's element ids, and per chart figure its explorer element and static SVG."""

    def __init__(self):
        super().__init__()
        self.ids, self.figures, self.depth = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "div" and attrs.get("class") == "figure":
            self.figures.append({"hosts": [], "svgs": 0})
        elif self.figures and tag == "div" and attrs.get("class") == "og":
            self.figures[-1]["hosts"].append(attrs)
        elif self.figures and tag == "svg" and attrs.get("class") == "chart":
            self.figures[-1]["svgs"] += 1


@pytest.fixture(scope="module")
def page():
    return build([BASE, PILOT], lang="vi")


@pytest.fixture(scope="module")
def charts(page):
    f = Figures()
    f.feed(page)
    return f, [x for x in f.figures if x["hosts"]]


def data_of(page, data_id):
    found = re.search(f'<script type="application/json" id="{data_id}">(.*?)</script>',
                      page, re.S)
    return json.loads(found.group(1))


@needs_dot
def test_each_chart_is_an_explorer_with_its_static_svg(page, charts):
    f, figures = charts
    # two focus units (the largest span changes): the baseline's org charts, the plan's
    # org and change charts
    assert len(figures) == 6
    assert all(len(x["hosts"]) == 1 and x["svgs"] == 1 for x in figures)
    hosts = [x["hosts"][0] for x in figures]
    assert [h["id"] for h in hosts] == [f"og-{k}" for k in range(1, 7)]
    assert len(f.ids) == len(set(f.ids))
    # the org and change charts of a plan's focus share one data; changes drawn in the second
    assert [h["data-orggraph-explorer"] for h in hosts] == [
        "og-data-1", "og-data-2", "og-data-3", "og-data-3", "og-data-4", "og-data-4"]
    assert ["data-diff" in h for h in hosts] == [False, False, False, True, False, True]
    assert all("data-lazy" in h for h in hosts)
    base, plan = data_of(page, "og-data-1"), data_of(page, "og-data-3")
    assert base["ids"][0] == plan["ids"][0] and base["above"] == ["Thành ủy Cần Thơ"]
    assert "status" not in base and 1 in plan["status"]  # the plan's: with what it added
    # both scripts allowed by their hashes, and no other
    assert len(re.findall(r"'sha256-", unescape(page))) == 2 == page.count("<script>")


def open_report(browser, path, problems):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning")
            else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        "file://") else (problems.append(route.request.url), route.abort()))
    page.goto(path.as_uri())
    return page


def until(page, condition, tries=40):
    """Whether ``condition()`` comes true within about two seconds (the page's policy lets
    no test script be evaluated from a string, so Playwright's wait_for_function cannot)."""
    for _ in range(tries):
        if condition():
            return True
        page.wait_for_timeout(50)
    return False


@needs_dot
def test_the_explorers_of_the_report_in_chromium(browser, page, tmp_path):
    out = tmp_path / "report.html"
    out.write_text(page, "utf-8")
    problems = []
    p = open_report(browser, out, problems)
    # made when they near the screen: none of the six at the top of the page
    assert p.evaluate("orggraph.explorers.size") == 0
    change = p.locator("#og-4")
    change.scroll_into_view_if_needed()
    p.wait_for_selector("#og-4-svg [data-unit-id]")
    figure = p.locator(".figure").filter(has=change)
    assert change.is_visible() and not figure.locator("svg.chart").is_visible()
    # the changes: only the changed units and their ancestors, in the diff's colours
    p.check("#og-4-changed")
    p.click("#og-4-fit")
    assert p.locator("#og-4-svg [data-status]").count() > 0
    assert p.locator("#og-3-changed").count() == 0  # the org chart: no changes to filter
    p.uncheck("#og-4-changed")
    p.click("#og-4-fit")
    root = p.locator("#og-4-svg [data-unit-id]").first.get_attribute("data-unit-id")
    assert p.locator("#og-4-panel h4").text_content() == data_of(page, "og-data-3")["names"][0]
    # a click selects the unit (its details) and opens its subordinates
    uid = p.evaluate("""[...document.querySelectorAll("#og-4-svg [data-unit-id]")].find((g) =>
        g.querySelector(".og-toggle") && g.querySelector(".og-toggle").textContent === "+"
      ).dataset.unitId""")  # the first unit drawn closed
    assert uid != root
    child = p.locator(f'#og-4-svg [data-unit-id="{uid}"]')
    name = child.locator("title").text_content()
    before = p.locator("#og-4-svg [data-unit-id]").count()
    child.click()
    assert p.locator("#og-4-panel h4").text_content() == name
    assert p.locator("#og-4-svg [data-unit-id]").count() > before
    assert p.locator("#og-4-crumbs button").last.get_attribute("data-unit-id") == uid
    # the other explorers did not move: one page, many explorers, each its own
    p.locator("#og-3").scroll_into_view_if_needed()
    p.wait_for_selector("#og-3-svg [data-unit-id]")
    assert p.locator("#og-3-svg [data-status]").count() == 0  # the same data, no changes
    assert p.locator("#og-3-panel h4").text_content() == data_of(page, "og-data-3")["names"][0]
    # search within one explorer: without diacritics, its unit highlighted there only
    p.fill("#og-4-search", "khu vuc 1")
    p.press("#og-4-search", "Enter")
    assert p.locator("#og-4 .og-hit").count() == 1 and p.locator("#og-3 .og-hit").count() == 0
    # every explorer made: the page's ids stay unique
    p.evaluate("document.querySelectorAll('[data-orggraph-explorer]')"
               ".forEach((e) => orggraph.start(e))")
    assert p.evaluate("orggraph.explorers.size") == 6
    ids = p.evaluate("[...document.querySelectorAll('[id]')].map((e) => e.id)")
    assert len(ids) == len(set(ids)) and "og-6-search" in ids
    p.screenshot(path=str(tmp_path / "report-explorer.png"))
    # printed: the static charts, no explorer, no hint on how to click
    p.emulate_media(media="print")
    for k in range(1, 7):
        figure = p.locator(".figure").filter(has=p.locator(f"#og-{k}"))
        assert not p.locator(f"#og-{k}").is_visible()
        assert figure.locator("svg.chart").is_visible()
    assert not p.locator(".no-print").is_visible()
    pdf = p.pdf(format="A4")
    pypdf = pytest.importorskip("pypdf")
    text = "".join(pg.extract_text() for pg in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Sơ đồ tổ chức" in text and "Tìm đơn vị" not in text  # no search box printed
    assert problems == []


@needs_dot
def test_a_chart_too_big_to_explore_is_static_with_the_command(monkeypatch):
    from orggraph import limits

    monkeypatch.setattr(limits, "REPORT_EXPLORER_UNITS", 120)  # Thốt Nốt 110, Ninh Kiều 146
    page = build([BASE, PILOT], lang="en")
    f = Figures()
    f.feed(page)
    figures = [x for x in f.figures if x["svgs"]]
    hosts = [x["hosts"][0]["data-orggraph-explorer"] if x["hosts"] else None for x in figures]
    assert hosts == [None, "og-data-1", None, None, "og-data-2", "og-data-2"]
    assert page.count("146 units: too many to explore in this page; orggraph render "
                      f"{BASE} --focus ninh-kieu -o chart.html explores them") == 1
    # the change chart's: with the baseline
    assert page.count(f"orggraph render {PILOT} --focus ninh-kieu -o chart.html") == 1
    assert page.count(f"orggraph render {PILOT} --focus ninh-kieu --diff {BASE} -o "
                      "chart.html") == 1
    assert len(f.ids) == len(set(f.ids))


def test_long_breadcrumbs_show_their_ends(browser, tmp_path):
    from orggraph.model import Model
    from orggraph.output.explorer import render

    m = Model(title="Chain")
    m.add_unit("u0", "Unit 0", "x")
    for k in range(1, 40):
        m.add_unit(f"u{k}", f"Unit {k}", "x", parent=f"u{k - 1}")
    out = tmp_path / "chain.html"
    render(m, out, focus="u5")
    problems = []
    p = open_report(browser, out, problems)
    p.fill("#og-search", "u39")
    p.press("#og-search", "Enter")
    assert p.locator(".og-hit").get_attribute("data-unit-id") == "u39"
    steps = p.locator("#og-crumbs > :not(.og-sep)").all_text_contents()
    # above the focus as text, then "…", then the last units of the path as buttons
    assert steps == ["Unit 0", "Unit 1", "…"] + [f"Unit {k}" for k in range(31, 40)]
    assert p.locator("#og-crumbs button").count() == 9
    assert problems == []


def test_without_graphviz_the_charts_are_explorers_and_the_page_says_so(monkeypatch):
    monkeypatch.setattr("orggraph.output.report.dot_binary", lambda: None)
    page = build([BASE, PILOT], lang="en")
    f = Figures()
    f.feed(page)
    assert [len(x["hosts"]) for x in f.figures if x["hosts"]] == [1] * 6
    assert sum(x["svgs"] for x in f.figures) == 0
    assert "Printed org charts need Graphviz (apt-get install graphviz)." in page
    assert "Printed org charts need" not in build([BASE, PILOT], lang="en", charts=False)


@needs_dot
def test_the_static_charts_are_those_render_draws(page):
    """Printed, a chart is the one `render` draws (orggraph's layout, neato -n2), not
    Graphviz's own layout of the same boxes."""
    import orggraph
    from orggraph.output.chart import plan
    from orggraph.output.report import _svg_inline

    focus = data_of(page, "og-data-1")["ids"][0]
    with __import__("orggraph").i18n.language("vi"):
        svg = dot.draw(plan(orggraph.load(BASE), focus=focus, title=False), "svg")
    assert _svg_inline(svg, "og-1-chart") in page


def test_the_charts_headings_are_the_plans_colours_and_a_missing_unit_is_said(tmp_path):
    page = build([BASE, PILOT], focus=["thot-not-cqddt", "thot-not", "thot-not"],
                 lang="en", charts=True)
    heads = re.findall(r'<h3><span class="plan" style="background: (#\w+)"></span>([^<]*)</h3>',
                       page)
    charts = [(colour, text) for colour, text in heads if ": " in text]
    # thot-not once (given twice); the baseline lacks the new unit: said, in its place
    assert [t for _c, t in charts] == [
        "can-tho-2011: thot-not-cqddt", "can-tho-2011: Quận ủy Thốt Nốt",
        "pilot-2011: Đảng bộ Cơ quan Đảng, đoàn thể quận Thốt Nốt",
        "pilot-2011: Đảng bộ Cơ quan Đảng, đoàn thể quận Thốt Nốt — changes",
        "pilot-2011: Quận ủy Thốt Nốt", "pilot-2011: Quận ủy Thốt Nốt — changes"]
    assert [c for c, _t in charts] == ["#6b7280"] * 2 + ["#b91c1c"] * 4  # as in the tables
    assert "no unit 'thot-not-cqddt' in this plan" in unescape(page)


def test_in_a_page_the_wheel_scrolls_it_and_ctrl_wheel_zooms(browser, page, tmp_path):
    out = tmp_path / "report.html"
    out.write_text(page, "utf-8")
    problems = []
    p = open_report(browser, out, problems)
    p.locator("#og-4").scroll_into_view_if_needed()
    p.wait_for_selector("#og-4-svg [data-unit-id]")
    box = p.locator("#og-4-view").bounding_box()
    p.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    zoom = "document.querySelector('#og-4-svg > g').getAttribute('transform')"
    before, y = p.evaluate(zoom), p.evaluate("scrollY")
    p.mouse.wheel(0, 300)
    assert until(p, lambda: p.evaluate("scrollY") > y)
    assert p.evaluate(zoom) == before
    box = p.locator("#og-4-view").bounding_box()  # the page moved under the pointer
    p.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    p.keyboard.down("Control")
    p.mouse.wheel(0, -300)
    p.keyboard.up("Control")
    assert until(p, lambda: p.evaluate(zoom) != before)
    # the details' headings are below the page's (h3 the chart): h4, h5
    assert p.locator("#og-4-panel h2, #og-4-panel h3").count() == 0
    assert p.locator("#og-4-panel h4").count() == 1
    assert problems == []


def test_the_filter_shows_the_changes_themselves_and_a_view_that_is_not_empty(browser, page,
                                                                             tmp_path):
    out = tmp_path / "report.html"
    out.write_text(page, "utf-8")
    problems = []
    p = open_report(browser, out, problems)
    p.locator("#og-6").scroll_into_view_if_needed()  # the plan's change chart of Thốt Nốt
    p.wait_for_selector("#og-6-svg [data-unit-id]")
    p.check("#og-6-changed")
    drawn = p.locator("#og-6-svg [data-unit-id]")
    assert drawn.count() > 0  # the view is where the boxes are
    # the moved cells under the new committees (changed themselves) are laid out, opened
    x = "orggraph.explorers.get('og-6')"
    assert p.evaluate(f"{x}.boxes()") > 20
    p.click("#og-6-fit")
    statuses = p.locator("#og-6-svg [data-status]").evaluate_all(
        "gs => gs.map(g => g.dataset.status)")
    assert "moved" in statuses and "added" in statuses
    assert problems == []
