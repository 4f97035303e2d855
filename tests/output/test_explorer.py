"""The interactive explorer (``render -o chart.html``), in Debian's Chromium."""

import json
import re
import time

import pytest
from click.testing import CliRunner

import orggraph
from orggraph.cli import main
from orggraph.model.core import Model
from orggraph.output.explorer import PAGE, explorer_data, render
from tests.helpers import english_words, model_words

CITY = "models/can-tho-2011.yaml"
PILOT = "models/scenarios/pilot-2011.yaml"


def wide_model(children=190, grandchildren=0):
    """A root, one unit with ``children`` leaves (or units of ``grandchildren`` each)."""
    m = Model(title="Wide")
    m.add_unit("root", "Root", "org")
    m.add_unit("hub", "Hub", "org", parent="root")
    for k in range(children):
        m.add_unit(f"c{k}", f"Child {k}", "org", parent="hub", members=3)
        for j in range(grandchildren):
            m.add_unit(f"c{k}-{j}", f"Cell {k}.{j}", "org", parent=f"c{k}", members=1)
    return m


class Page:
    """One page of the explorer, failing on any console error or request to a server."""

    def __init__(self, browser, path, width=1400, height=850):
        self.errors, self.requests = [], []
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.errors.append("dialog " + d.message),
                                          d.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(f"file://{path}")
        self.page.wait_for_selector("#og-svg [data-unit-id]")

    def _route(self, route):
        url = route.request.url
        if not url.startswith("file://"):
            self.requests.append(url)
            return route.abort()
        return route.continue_()

    def drawn(self):
        return self.page.locator("#og-svg [data-unit-id]")

    def box(self, uid):
        return self.page.locator(f'#og-svg [data-unit-id="{uid}"]')

    def close(self, shot=None):
        if shot:
            self.page.screenshot(path=str(shot))
        self.page.close()
        assert self.errors == [] and self.requests == []


@pytest.fixture()
def city(browser, tmp_path):
    out = tmp_path / "city.html"
    render(orggraph.load(CITY), out, lang="vi")
    p = Page(browser, out)
    yield p
    p.close(tmp_path / "city.png")


def test_data_is_columnar_and_page_self_contained(tmp_path):
    data = explorer_data(orggraph.load(CITY))
    n = len(data["ids"])
    assert n == 264 and all(len(data[k]) == n for k in ("names", "parent", "type"))
    assert all(len(v) == n for v in data["cols"].values())
    assert data["parent"][data["ids"].index("thot-not")] == 0
    page = (tmp_path / "c.html")
    render(orggraph.load(CITY), page)
    text = page.read_text(encoding="utf-8")
    assert "Quận ủy Thốt Nốt" in text  # UTF-8 as written, not \\u escapes
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", text)


def test_opens_with_the_levels_that_fit(city):
    assert city.box("can-tho").get_attribute("aria-expanded") == "true"
    assert city.drawn().count() == 10  # the root and its 9 units
    assert city.box("thot-not").get_attribute("aria-expanded") == "false"
    assert city.page.locator("#og-panel h2").text_content() == "Thành ủy Cần Thơ"


def test_click_selects_and_expands(city):
    city.box("thot-not").click()
    assert city.page.locator("#og-panel h2").text_content() == "Quận ủy Thốt Nốt"
    panel = city.page.locator("#og-panel").inner_text()
    assert "46" in panel and "1.642" in panel and "110" in panel
    assert city.box("thot-not").get_attribute("aria-expanded") == "true"
    crumbs = city.page.locator("#og-crumbs button").all_text_contents()
    assert crumbs == ["Thành ủy Cần Thơ", "Quận ủy Thốt Nốt"]
    city.page.click("#og-fit")
    kids = orggraph.load(CITY).children("thot-not")
    assert city.box(kids[0]).count() == 1 and city.box(kids[-1]).count() == 1
    city.box("thot-not").click()  # again: collapsed
    assert city.box(kids[0]).count() == 0


def test_search_without_diacritics_reveals_the_match(city):
    city.page.fill("#og-search", "thot not")
    city.page.press("#og-search", "Enter")
    hit = city.page.locator(".og-hit")
    assert hit.get_attribute("data-unit-id") == "thot-not"
    box, view = hit.bounding_box(), city.page.locator("#og-view").bounding_box()
    assert abs(box["x"] + box["width"] / 2 - (view["x"] + view["width"] / 2)) < 2
    # a deep unit: its path is expanded
    deep = next(u for u in orggraph.load(CITY).subtree("thot-not")
                if len(orggraph.load(CITY).ancestors(u)) == 2)
    name = orggraph.load(CITY)[deep].name
    city.page.fill("#og-search", deep)
    city.page.press("#og-search", "Enter")
    assert city.page.locator(".og-hit").get_attribute("data-unit-id") == deep
    assert city.page.locator("#og-panel h2").text_content() == name
    city.page.fill("#og-search", "no such unit at all")
    city.page.press("#og-search", "Enter")
    assert city.page.locator("#og-found").text_content() != ""


def test_keyboard_and_zoom(city):
    city.page.focus("#og-view")
    city.page.keyboard.press("ArrowDown")  # the first child
    first = orggraph.load(CITY).children("can-tho")[0]
    assert city.page.locator(".og-sel").get_attribute("data-unit-id") == first
    city.page.keyboard.press("ArrowRight")
    second = orggraph.load(CITY).children("can-tho")[1]
    assert city.page.locator(".og-sel").get_attribute("data-unit-id") == second
    city.page.keyboard.press("ArrowUp")
    assert city.page.locator(".og-sel").get_attribute("data-unit-id") == "can-tho"
    before = city.box("can-tho").bounding_box()["width"]
    city.page.keyboard.press("+")
    city.page.wait_for_timeout(50)
    assert city.box("can-tho").bounding_box()["width"] == pytest.approx(before * 1.25, 0.02)
    city.page.mouse.move(500, 400)
    city.page.mouse.wheel(0, 400)
    city.page.wait_for_timeout(50)
    assert city.box("can-tho").bounding_box()["width"] < before


def test_paging_a_wide_fan_out(browser, tmp_path):
    out = tmp_path / "wide.html"
    render(wide_model(190), out)
    p = Page(browser, out)
    more = p.page.locator(".og-more")
    assert more.text_content() == "show 50 more of 190"
    for left in (140, 90, 40):
        assert p.page.evaluate("orggraph.explorers.get('og').boxes()") == 2 + 190 - left + 1
        p.page.click("#og-fit")
        more.click()
    assert more.count() == 0
    assert p.page.evaluate("orggraph.explorers.get('og').boxes()") == 2 + 190
    p.close(tmp_path / "wide.png")


def test_only_what_is_on_screen_is_in_the_page(browser, tmp_path):
    out = tmp_path / "big.html"
    render(wide_model(1000, 20), out)  # 21,002 units
    p = Page(browser, out)
    p.page.fill("#og-search", "cell 999.19")
    p.page.press("#og-search", "Enter")
    assert p.page.locator(".og-hit").get_attribute("data-unit-id") == "c999-19"
    laid_out = p.page.evaluate("orggraph.explorers.get('og').boxes()")
    assert laid_out > 1000 and p.drawn().count() < 120
    p.page.click("#og-fit")
    assert p.drawn().count() <= laid_out
    p.close(tmp_path / "big.png")


def test_diff_colours_and_changed_only(browser, tmp_path):
    out = tmp_path / "pilot.html"
    result = CliRunner().invoke(main, ["render", PILOT, "--diff", CITY, "-o", str(out)])
    assert result.exit_code == 0, result.output
    p = Page(browser, out)
    p.page.fill("#og-search", "nk-ubkt")  # moved by the pilot
    p.page.press("#og-search", "Enter")
    box = p.box("nk-ubkt")
    assert box.get_attribute("data-status") == "moved"
    other = p.page.locator('[data-status="moved"]:not(.og-hit):not(.og-sel) rect').first
    assert other.evaluate("e => getComputedStyle(e).stroke") == \
        "rgb(29, 78, 216)"  # #1d4ed8, the static charts' "moved"
    p.page.check("#og-changed")
    p.page.click("#og-fit")
    for uid in p.drawn().evaluate_all("els => els.map(e => e.dataset.unitId)"):
        if p.box(uid).get_attribute("data-status") is None:  # an ancestor of a change
            assert p.box(uid).get_attribute("aria-expanded") == "true"
    p.close(tmp_path / "pilot.png")


def test_details_say_findings_lineage_and_span_change(browser, tmp_path):
    out = tmp_path / "pilot.html"
    result = CliRunner().invoke(main, ["render", PILOT, "--diff", CITY, "-o", str(out),
                                       "--lang", "vi"])
    assert result.exit_code == 0, result.output
    p = Page(browser, out)
    p.box("thot-not").click()
    changes = p.page.locator("#og-panel .og-changes li").all_text_contents()
    assert changes == ["số đơn vị trực thuộc 46 → 27"]
    p.page.fill("#og-search", "tn-ubkt")  # moved and retyped by the pilot
    p.page.press("#og-search", "Enter")
    p.box("tn-ubkt").click()
    changes = p.page.locator("#og-panel .og-changes li").all_text_contents()
    assert len(changes) == 1 and changes[0].startswith("từ Quận ủy Thốt Nốt (thot-not) sang ")
    assert "Chi bộ trực thuộc" in changes[0]  # retyped, by the type's Vietnamese name
    p.page.fill("#og-search", "thot-not-cqcq")
    p.page.press("#og-search", "Enter")
    p.box("thot-not-cqcq").click()
    created = p.page.locator("#og-panel .og-changes li").all_text_contents()
    assert created == ["thuộc Quận ủy Thốt Nốt (thot-not)"]
    p.page.locator('#og-crumbs button[data-unit-id="thot-not"]').click()
    findings = p.page.locator("#og-panel .og-findings li").all_text_contents()
    assert findings == ["có 27 đơn vị trực thuộc > 15 (quá nhiều)"]
    p.close(tmp_path / "details.png")


def test_findings_of_each_unit_are_embedded_in_the_page_language():
    with orggraph.i18n.language("vi"):
        data = explorer_data(orggraph.load(PILOT))
    units = sorted(data["ids"][r] for r, _text in data["findings"])
    assert units == ["ninh-kieu", "ninh-kieu-cqcq", "ninh-kieu-cqddt", "thot-not"]
    assert all(text.startswith("có ") for _r, text in data["findings"])


def test_removed_units_are_ghosts(browser, tmp_path):
    base, plan = wide_model(3), wide_model(2)
    out = tmp_path / "ghost.html"
    render(plan, out, base=base)
    p = Page(browser, out)
    ghost = p.box("c2")
    assert ghost.get_attribute("data-status") == "removed"
    assert "og-ghost" in ghost.get_attribute("class")
    p.close()


def test_hostile_names_are_text(browser, tmp_path):
    m = wide_model(2)
    evil = '</script><img src=x onerror=alert(1)><b>"bold"</b> &amp;'
    m.add_unit("evil", evil, "org", parent="root")
    out = tmp_path / "evil.html"
    render(m, out)
    p = Page(browser, out)
    p.box("evil").click()
    assert p.page.locator("#og-panel h2").text_content() == evil
    assert p.page.locator("img, b").count() == 0
    p.close()


def test_vietnamese_has_no_english_word(browser, tmp_path):
    out = tmp_path / "vi.html"
    render(orggraph.load(PILOT), out, base=orggraph.load(CITY), lang="vi")
    p = Page(browser, out)
    p.box("thot-not").click()
    p.page.fill("#og-search", "ninh kieu")
    text = p.page.locator("body").inner_text() + " ".join(
        p.page.locator("[placeholder], [aria-label], [title]").evaluate_all(
            "els => els.map(e => [e.placeholder, e.getAttribute('aria-label'),"
            " e.title].join(' '))"))
    allowed = model_words(orggraph.load(PILOT)) | model_words(orggraph.load(CITY))
    assert english_words(text, allowed) == []
    p.close(tmp_path / "vi.png")


def test_cli_refuses_what_the_explorer_does_not_take(tmp_path):
    out = tmp_path / "x.html"
    result = CliRunner().invoke(main, ["render", CITY, "-o", str(out), "--pages", "a4"])
    assert result.exit_code == 2 and "--pages" in result.output and not out.exists()
    result = CliRunner().invoke(main, ["render", CITY, PILOT, "--side-by-side", "-o", str(out)])
    assert result.exit_code == 2 and "--side-by-side" in result.output and not out.exists()
    result = CliRunner().invoke(main, ["render", CITY, "--focus", "thot-not", "-o", str(out)])
    assert result.exit_code == 0
    data = json.loads(re.search(r'id="orggraph-data">(.*?)</script>',
                                out.read_text(encoding="utf-8"), re.S).group(1))
    assert data["ids"][0] == "thot-not" and data["above"] == ["Thành ủy Cần Thơ"]
    assert data["page"] == PAGE


def test_a_second_search_is_quick(browser, tmp_path):
    out = tmp_path / "big.html"
    render(wide_model(2000, 10), out)
    p = Page(browser, out)
    p.page.evaluate("orggraph.explorers.get('og').find('x')")  # the index is built once
    start = time.perf_counter()
    p.page.fill("#og-search", "cell 1999.9")
    p.page.press("#og-search", "Enter")
    p.page.wait_for_selector(".og-hit")
    assert time.perf_counter() - start < 2
    p.close()


def test_the_view_is_saved_as_svg_and_png_with_its_names(browser, tmp_path):
    import xml.etree.ElementTree as ET

    out = tmp_path / "pilot.html"
    render(orggraph.load(PILOT), out, base=orggraph.load(CITY), lang="vi")
    p = Page(browser, out)
    p.box("thot-not").click()
    with p.page.expect_download() as info:
        p.page.click("#og-save-svg")
    svg = tmp_path / info.value.suggested_filename
    info.value.save_as(svg)
    assert svg.name == "thot-not.svg"
    root = ET.parse(svg).getroot()  # a well-formed standalone document
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox")
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Quận ủy Thốt Nốt" in texts and root.find("{http://www.w3.org/2000/svg}style") is not None
    with p.page.expect_download() as info:
        p.page.click("#og-save-png")
    png = tmp_path / "view.png"
    info.value.save_as(png)
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(head[16:20], "big")
    assert width == 2 * p.page.evaluate("document.getElementById('og-view').clientWidth")
    p.close(tmp_path / "saved.png")


def test_the_printed_view_is_on_readable_sheets_without_the_toolbar(browser, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "pilot.html"
    render(orggraph.load(PILOT), out, base=orggraph.load(CITY), lang="vi")
    p = Page(browser, out)
    p.box("thot-not").click()  # expanded: 27 units more, too wide for one readable sheet
    p.page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    sheets = p.page.locator(".og-sheet")
    assert sheets.count() > 1
    # every box laid out is on a sheet (a box across a sheet's edge: on both)
    printed = set(p.page.evaluate(
        "[...document.querySelectorAll('.og-sheet [data-unit-id]')].map(e => e.dataset.unitId)"))
    assert len(printed) == p.page.evaluate("orggraph.explorers.get('og').boxes()")
    p.page.emulate_media(media="print")
    assert not p.page.locator("#og-view").is_visible() and sheets.first.is_visible()
    # cut between boxes: each box whole on its sheet, and on one sheet only
    cut = p.page.evaluate("""[...document.querySelectorAll('.og-sheet')].flatMap((sheet) => {
        const s = sheet.getBoundingClientRect();
        return [...sheet.querySelectorAll('[data-unit-id]')].map((g) => {
          const b = g.getBoundingClientRect();
          return b.left < s.left || b.right > s.right || b.top < s.top || b.bottom > s.bottom;
        }); })""")
    assert len(cut) == len(printed) and not any(cut)
    pdf = tmp_path / "view.pdf"
    p.page.pdf(path=str(pdf), format="A4", landscape=True)
    pages = PdfReader(pdf).pages
    assert len(pages) >= sheets.count()
    text = "".join(page.extract_text() for page in pages)
    assert "Quận ủy Thốt Nốt" in text and "Thành ủy Cần Thơ" in text
    assert "Vừa màn hình" not in text  # the toolbar is not printed
    p.page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert sheets.count() == 0 and p.page.locator("#og-svg").get_attribute("viewBox") is None
    p.page.emulate_media(media="screen")
    p.box("thot-not").click()  # closed again: the city's first levels fit one sheet
    p.page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert sheets.count() == 1
    p.close()


def test_a_staff_unit_is_drawn_beside_its_parent(browser, tmp_path):
    from tests.output.test_chart_people import office

    m = office("type")
    data = explorer_data(m)
    assert [data["ids"][r] for r in data["staff"]] == ["vp"]
    out = tmp_path / "office.html"
    render(m, out)
    p = Page(browser, out)

    def where(uid):
        return p.box(uid).evaluate("e => { const r = e.getBoundingClientRect();"
                                   " return [r.x, r.y, r.width]; }")

    (rx, ry, rw), (vx, vy, _vw), (dx, dy, _dw) = where("r"), where("vp"), where("d0")
    assert vy == ry and vx > rx + rw  # on the parent's level, to its right
    assert dy > ry  # the departments below
    assert p.page.locator(".og-staff-link").count() == 1
    p.close(tmp_path / "office.png")


def test_a_staff_unit_opened_goes_below_with_its_own_units(browser, tmp_path):
    """A staff unit with units of its own: opened (a click, or a search for one of them),
    it leaves its parent's side for the children's level, its units below it; closed, it
    goes back beside its parent."""
    from tests.output.test_chart_people import office

    m = office("type")
    m.add_unit("vp-th", "Phòng Tổng hợp", "department", parent="vp", members=1)
    out = tmp_path / "office.html"
    render(m, out)
    p = Page(browser, out)

    def y(uid):
        return p.box(uid).evaluate("e => e.getBoundingClientRect().y")

    assert y("vp") == y("r") and p.box("vp-th").count() == 0
    assert p.box("vp").locator(".og-toggle").text_content() == "+"
    p.box("vp").click()  # it stays under the pointer; fitted, the whole chart shows
    p.page.click("#og-fit")
    assert y("vp") == y("d0") > y("r") and y("vp-th") > y("vp")
    assert p.page.locator(".og-staff-link").count() == 0
    p.box("vp").click()
    p.page.click("#og-fit")
    assert y("vp") == y("r") and p.box("vp-th").count() == 0
    p.page.fill("#og-search", "phong tong hop")
    p.page.press("#og-search", "Enter")
    assert p.page.locator(".og-hit").get_attribute("data-unit-id") == "vp-th"
    p.close(tmp_path / "office-opened.png")


def test_the_national_model(browser, tmp_path):
    """The generated national model (417,231 units) in one page: under 40 MB, a handful of
    boxes in the page whatever is laid out, search and paging over it (the times are
    bench/run.py --explorer's, not asserted here)."""
    from tests.helpers import generate

    generate.write_csv(generate.national()[0], tmp_path / "national.csv")
    out = tmp_path / "national.html"
    render(orggraph.load(tmp_path / "national.csv"), out)
    assert out.stat().st_size < 40e6
    p = Page(browser, out)
    x = "orggraph.explorers.get('og')"
    assert p.page.evaluate(f"{x}.boxes()") > p.drawn().count() > 0
    p.page.fill("#og-search", "tinh uy thot not")
    p.page.press("#og-search", "Enter")
    hit = p.page.locator(".og-hit")
    assert hit.get_attribute("data-unit-id") == "t01" and "Thốt Nốt" in hit.text_content()
    assert p.page.locator("#og-panel h2").text_content() == hit.locator("title").text_content()
    widest = p.page.evaluate(f"{x}.widest()")
    assert p.page.evaluate(f"{x}.kids({x}.row({widest!r}))") == 347
    p.page.fill("#og-search", widest)
    p.page.press("#og-search", "Enter")
    p.box(widest).click()  # opened: its first 50 children, then "show 50 more of 347"
    laid_out = p.page.evaluate(f"{x}.boxes()")
    p.page.evaluate(f"{x}.more({x}.row({widest!r}))")  # clicking it: test_paging_a_wide_fan_out
    assert p.page.evaluate(f"{x}.boxes()") == laid_out + 50
    assert p.drawn().count() < 100
    p.close(tmp_path / "national.png")


def test_the_details_of_a_merge_into_a_unit_that_lives_on():
    """The 2025 government: Bộ Kế hoạch và Đầu tư merged into Bộ Tài chính, which lives on;
    the details of both say so, and a unit renamed and retyped says both."""
    from orggraph.load import lineage_of, load_plan

    base_path, plan_path = "tests/corpus/bases/chinh-phu-2024.yaml", \
        "tests/corpus/bases/chinh-phu-2025.yaml"
    base, plan = orggraph.load(base_path), load_plan(plan_path)
    with orggraph.i18n.language("en"):
        data = explorer_data(plan.model, base=base,
                             lineage=lineage_of(plan_path, base_path, plan, base_model=base))
    notes = {data["ids"][r]: t for r, t in data["notes"]}
    kinds = {data["ids"][r]: t for r, t in data["kinds"]}
    # the unit that took it in: changed (drawn so, and kept by the changed-only filter)
    assert notes["bo-tai-chinh"] == "merged from Bộ Kế hoạch và Đầu tư (bo-ke-hoach-dau-tu)"
    assert data["status"][data["ids"].index("bo-tai-chinh")] == 3
    assert kinds["bo-tai-chinh"] == "merged"
    ghost = data["ids"].index("bo-ke-hoach-dau-tu")
    assert data["status"][ghost] == 4 and kinds["bo-ke-hoach-dau-tu"] == "merged"
    assert notes["bo-ke-hoach-dau-tu"] == "into Bộ Tài chính (bo-tai-chinh)"
    assert kinds["uy-ban-dan-toc"] == "renamed, retyped"
    with orggraph.i18n.language("vi"):  # the fate said once: "hợp nhất vào …"
        vi = explorer_data(plan.model, base=base,
                           lineage=lineage_of(plan_path, base_path, plan, base_model=base))
    said = {vi["ids"][r]: t for r, t in vi["notes"]}["bo-ke-hoach-dau-tu"]
    assert said.count("hợp nhất") == 1 and "Bộ Tài chính (bo-tai-chinh)" in said


def test_a_narrow_window_has_the_details_below_and_a_resize_redraws(browser, tmp_path):
    out = tmp_path / "city.html"
    render(orggraph.load(CITY), out)
    p = Page(browser, out, width=1400)
    panel, view = p.page.locator("#og-panel"), p.page.locator("#og-view")
    assert panel.bounding_box()["x"] > view.bounding_box()["x"]  # beside the chart
    p.page.set_viewport_size({"width": 600, "height": 850})
    assert panel.bounding_box()["y"] > view.bounding_box()["y"]  # below it
    assert view.bounding_box()["width"] > 500
    p.page.wait_for_timeout(100)
    narrow = p.drawn().count()
    p.page.set_viewport_size({"width": 2400, "height": 850})  # more room: more boxes drawn
    p.page.wait_for_timeout(100)
    assert p.drawn().count() > narrow
    p.close(tmp_path / "narrow.png")
