"""orggraph.output.report: the HTML report (issue: report)."""

import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser

import pytest

import orggraph
from orggraph.model import Model
from orggraph.output.report import build

from tests.helpers import BASE, PILOT, STAFFING


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.h2, self.external, self._in_h2 = [], [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_h2 = tag == "h2"
        for k, v in attrs:
            if k in ("src", "href") and v and not v.startswith("#"):
                self.external.append(v)

    def handle_data(self, data):
        if self._in_h2 and data.strip():
            self.h2.append(data.strip())
            self._in_h2 = False


@pytest.fixture(scope="module")
def page():
    return build([BASE, PILOT, STAFFING], lang="en")  # the bundled model says lang: vi


def test_structure(page):
    o = Outline()
    o.feed(page)
    assert o.h2 == ["Plans", "Key changes", "Summary", "Span of the units that changed",
                    "Span distribution (managers per span bucket)", "Units per layer",
                    "Changes against the baseline", "What became of each unit", "Org charts",
                    "Change log", "Findings"]
    # self-contained: nothing fetched but the CSV links' own data; two inline scripts (the
    # lineage tables', the explorers'), the rest of the <script> elements the explorers' data
    assert [v for v in o.external if not v.startswith("data:text/csv;")] == []
    assert page.count("<script>") == 2
    assert o.tags.count("script") == 2 + page.count('<script type="application/json"')
    assert o.tags.count("svg") >= 5
    assert "46 → <span class=\"down\">27</span>" in page
    assert "Quận ủy Thốt Nốt" in page
    assert page.count("<table") >= 1 and "@media print" in page


def test_vietnamese_labels():
    vi = build([BASE, PILOT], lang="vi", charts=False)
    assert "So sánh các phương án" in vi and "Nhật ký thay đổi" in vi
    assert 'lang="vi"' in vi


def test_hostile_names_are_text(tmp_path):
    m = Model(title="</script><script>alert(1)</script>")
    m.add_unit("r", "<img src=x onerror=alert(1)>", "x")
    m.add_unit("a", "</script><script>alert(2)</script> & \"q\"", "x", parent="r")
    base = tmp_path / "a.yaml"
    orggraph.save(m, base)
    other = m.copy()
    other.add_unit("b", "<svg onload=alert(3)>", "x", parent="r")
    plan = tmp_path / "b.yaml"
    orggraph.save(other, plan)
    html = build([base, plan], focus=["r"])
    assert "<img" not in html and "<svg onload" not in html and "alert(1)</script>" not in html
    assert html.count("<script>") == 1 == html.count("</script>") - html.count(
        '<script type="application/json"')  # only the explorers' own script runs
    assert "&lt;/script&gt;&lt;script&gt;alert(2)" in html  # drawn as text in the chart


def test_cli_writes_report(cli, tmp_path):
    out = tmp_path / "r.html"
    r = cli("report", BASE, PILOT, "-o", out, "--no-charts")
    assert r.code == 0 and out.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert cli("report", BASE, PILOT, "-o", BASE).code == 1


def png_is_not_blank(data):
    """Decode the PNG's pixels and check they are not all one colour."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, _, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    return len(set(raw[:200_000])) > 10


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (scripts/setup.sh --test)")
def test_end_to_end_in_chromium(tmp_path):
    out = tmp_path / "report.html"
    orggraph.report([BASE, PILOT, STAFFING], out)
    profile = tmp_path / "profile"
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom",
                          out.as_uri()], capture_output=True, text=True, timeout=120).stdout
    text = re.sub(r"<[^>]+>", " ", dom)
    text = re.sub(r"\s+", " ", text)
    assert "46 → 27" in text and "68 → 26" in text
    for name in ("Quận ủy Thốt Nốt", "Đảng bộ Cơ quan Đảng, đoàn thể quận Thốt Nốt",
                 "Thí điểm Đảng bộ CQĐĐT và CQCQ quận Ninh Kiều và Thốt Nốt"):
        assert name in text
    shot = tmp_path / "shot.png"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={shot}",
                    "--window-size=1200,1600", out.as_uri()], capture_output=True, timeout=120)
    assert png_is_not_blank(shot.read_bytes())


# ------------------------------------------------------------ hardening
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")


def saved(tmp_path, model, name):
    path = tmp_path / name
    orggraph.save(model, path)
    return path


def test_a_chart_graphviz_cannot_draw_is_an_error_and_nothing_is_written(cli, tmp_path,
                                                                         monkeypatch):
    def failing(chart, fmt):
        raise orggraph.OrgError("Graphviz failed: out of memory")
    monkeypatch.setattr("orggraph.output.report.draw", failing)
    monkeypatch.setattr("orggraph.output.report.dot_binary", lambda: "/usr/bin/dot")
    with pytest.raises(orggraph.OrgError, match="the org chart of 'thot-not' in can-tho-2011: "
                                                "Graphviz failed: out of memory"):
        build([BASE, PILOT], focus=["thot-not"])
    out = tmp_path / "r.html"
    r = cli("report", BASE, PILOT, "--focus", "thot-not", "-o", out)
    assert r.code == 1, r
    assert r.err == "error: the org chart of 'thot-not' in can-tho-2011: Graphviz failed: " \
                    "out of memory\n"
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_graphviz_output_that_is_not_svg_is_an_error(monkeypatch):
    monkeypatch.setattr("orggraph.output.report.draw", lambda chart, fmt: b"\xff\xfe")
    monkeypatch.setattr("orggraph.output.report.dot_binary", lambda: "/usr/bin/dot")
    with pytest.raises(orggraph.OrgError, match="Graphviz wrote no SVG"):
        build([BASE], focus=["thot-not"])


@needs_dot
def test_hostile_style_values_add_nothing_to_the_page(monkeypatch, tmp_path):
    from orggraph import profiles

    hostile = profiles.Profile("generic", "Generic", open=True, types={"x": {"style": {
        "fillcolor": '#fff"]; evil [URL="javascript:alert(1)"]; z [label="',
        "fontcolor": 'red" onload="alert(2)',
        "style": "filled\"]; subgraph s { href=\"javascript:alert(3)\" }",
        "shape": "box];a->b [image=\"/etc/passwd\"];c["}}})
    m = Model(title="T")
    m.add_unit("r", "R", "x")
    m.add_unit("a", "A", "x", parent="r")
    path = saved(tmp_path, m, "m.yaml")
    monkeypatch.setattr(profiles, "for_model", lambda model: hostile)
    page = build([path, path], focus=["r"])
    assert page.count("<svg class=\"chart\"") == 3  # the chart, and twice in the second plan
    assert page.count("<script>") == 1  # the explorers' own code, which has links of its own
    page = re.sub(r"<script>.*?</script>", "", page, flags=re.S)
    for bad in ("<a ", "href", "javascript", "onload", "/etc/passwd", "<image"):
        assert bad not in page, bad  # in the charts and in the explorers' data


def test_what_the_page_lists_is_bounded(tmp_path):
    from orggraph.output.report import ITEMS_SHOWN, LAYERS_SHOWN, ROWS_SHOWN

    base = Model(title="T")
    for k in range(LAYERS_SHOWN + 25):  # a chain: one unit per layer
        base.add_unit(f"u{k}", f"U{k}", "x", parent=f"u{k - 1}" if k else None)
    other = base.copy()
    for k in range(ITEMS_SHOWN + 30):  # every new unit changes the span of its parent
        other.add_unit(f"n{k}", f"N{k}", "x", parent=f"u{k % (LAYERS_SHOWN + 25)}")
    page = build([saved(tmp_path, base, "a.yaml"), saved(tmp_path, other, "b.yaml")],
                 charts=False)
    assert "… and 25 more</text>" in page  # layers of each pyramid
    assert page.count("<li>+ <code>n") == ITEMS_SHOWN
    assert '<li class="muted">… and 30 more</li>' in page
    assert page.count("<circle") <= 2 * ROWS_SHOWN
    assert f"… and {LAYERS_SHOWN + 25 - ROWS_SHOWN} more</p>" in page
    vi = build([saved(tmp_path, base, "a.yaml"), saved(tmp_path, other, "b.yaml")],
               charts=False, lang="vi")
    assert '<li class="muted">… và 30 mục khác</li>' in vi


def test_infinite_and_nan_attribute_values(monkeypatch):
    from orggraph.load import Loaded

    # the models are made in code: the loader may refuse such values before any output
    models = {}
    monkeypatch.setattr("orggraph.output.report.load_plan", lambda p, **options: Loaded(models[p]))
    base = Model(title="T")
    base.add_unit("r", "R", "x", budget=float("inf"))
    base.add_unit("a", "A", "x", parent="r", budget=1.5, ratio=float("nan"))
    other = base.copy()
    other.set_field(other.index("r"), "budget", float("-inf"))
    other.set_field(other.index("a"), "budget", float("inf"))
    other.add_unit("b", "B", "x", parent="r")
    models.update({"a.yaml": base, "b.yaml": other})
    page = build(["a.yaml", "b.yaml"], charts=False)
    assert "budget: ∞ → -∞" in page and "budget: 1.5 → ∞" in page


def test_printing_keeps_headings_with_what_follows_and_charts_whole(browser, page, tmp_path):
    """The print stylesheet (issue 18): the rules of the book of pages."""
    html = tmp_path / "r.html"
    html.write_text(page, "utf-8")
    tab = browser.new_page(viewport={"width": 1200, "height": 900})
    tab.goto(html.as_uri())
    tab.emulate_media(media="print")
    style = tab.evaluate("""() => {
        const css = (el, p) => el && getComputedStyle(el).getPropertyValue(p);
        return {h2: css(document.querySelector('h2'), 'break-after'),
                figure: css(document.querySelector('.figure'), 'break-inside'),
                svg: css(document.querySelector('.figure svg'), 'max-width'),
                search: css(document.querySelector('input[type=search]'), 'display')};
    }""")
    tab.emulate_media(media="screen")
    screen = tab.evaluate("() => getComputedStyle(document.querySelector('input[type=search]'))"
                          ".display")
    tab.close()
    assert style == {"h2": "avoid", "figure": "avoid", "svg": "100%", "search": "none"}
    assert screen != "none"
