"""The report in the reader's language (orggraph.output.report; issue 17): every word of a
Vietnamese report is Vietnamese but for what the plans themselves say (names, ids, type
labels, titles, sources), its numbers and dates as Vietnamese write them, its language the
first plan's unless --lang says otherwise, and the words of the measure the profile's."""

import re
import shutil
import textwrap
from html import unescape
from html.parser import HTMLParser

import pytest

import orggraph
from orggraph import i18n
from orggraph.analysis.rules import RULES
from orggraph.output import report as report_module
from orggraph.output.report import build
from orggraph.scenario.ops import OPERATIONS

from tests.helpers import BASE, PILOT, ROOT, STAFFING, english_words, model_words

CORPUS = ROOT / "tests" / "corpus" / "bases"
GOV_2024, GOV_2025 = CORPUS / "chinh-phu-2024.yaml", CORPUS / "chinh-phu-2025.yaml"
PLANS = (BASE, PILOT, STAFFING)
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")


class Texts(HTMLParser):
    """Everything of a page people read: its text (the inlined SVGs' too, their titles
    included), and the attributes shown as text: title, alt, aria-label, placeholder."""

    SHOWN = {"title", "alt", "aria-label", "placeholder"}

    def __init__(self, page):
        super().__init__()
        self.texts, self._hidden = [], 0
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("script", "style")
        self.texts += [v for k, v in attrs if k in self.SHOWN and v]

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(data)


def file_words(paths):
    """What a report of ``paths`` may show as the files say it: each plan's ids, names,
    type labels, the types of its units, people, title and sources (model_words), its label (the
    file's name), the keys and values of its units' attributes (a diff line quotes them:
    ``budget: (none) → 'own'``), and the words of the files' own syntax that the report
    quotes as written: the operations of the steps (``move``) and the names of rules."""
    out = {r.name for r in RULES} | set(OPERATIONS) | {"orggraph", "CSV", "SVG"}
    for path in paths:
        model = orggraph.load(path)
        out |= model_words(model) | {path.stem} | set(model._type)  # an open profile's too
        for unit in model.units():
            for key, value in unit.attrs.items():
                out |= {key, *value} if isinstance(value, dict) else {key, str(value)}
    return out


def english_left(page, paths):
    """The English words of ``page``, a report of ``paths``, each with a line it is in."""
    texts = [" ".join(unescape(t).split()) for t in Texts(page).texts]
    words = english_words("\n".join(texts), file_words(paths))
    return {w: next(t for t in texts if re.search(rf"(?i)(?<![^\W\d_]){w}(?![^\W\d_])", t))
            [:160] for w in words}


@pytest.fixture(scope="module")
def vi_page(tmp_path_factory):
    """The issue's report: ``orggraph report <the bundled plans> --lang vi``, with charts."""
    from click.testing import CliRunner
    from orggraph.cli import main
    out = tmp_path_factory.mktemp("report") / "report.html"
    with i18n.language("en"):  # as the tests' default: --lang must win
        r = CliRunner().invoke(main, ["report", *map(str, PLANS), "--lang", "vi", "-o",
                                      str(out)], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return out.read_text("utf-8")


@needs_dot
def test_the_vietnamese_report_has_no_english_word(vi_page):
    assert vi_page.count('<svg class="chart"') >= 4  # the org charts and change charts in it
    assert english_left(vi_page, PLANS) == {}


def test_the_vietnamese_report_reads_like_a_document_of_the_organisation_department(vi_page):
    assert '<html lang="vi">' in vi_page
    heads = re.findall(r"<h2>(.*?)</h2>", vi_page)
    assert heads == ["Các phương án", "Thay đổi chính", "Tổng hợp",
                     "Số đơn vị trực thuộc của các đơn vị thay đổi",
                     "Phân bố số đơn vị trực thuộc", "Số đơn vị theo cấp",
                     "Thay đổi so với phương án gốc", "Từng đơn vị đã đi về đâu",
                     "Sơ đồ tổ chức", "Nhật ký thay đổi", "Phát hiện"]
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", vi_page)).split())
    # numbers and dates as Vietnamese write them
    assert "<td>đảng viên</td><td>26.543</td>" in vi_page
    assert "(17/8/2011)" in vi_page and "(4/6/2012)" in vi_page
    assert "46 → 27 đơn vị trực thuộc" in text
    assert "số đơn vị / ủy viên BTV 4,182 → 2,455" in text  # Thốt Nốt: 46 / 11 → 27 / 11
    # the lineage table: its words, counts and steps
    assert "chuyển 65 đơn vị, thành lập mới 4 đơn vị" in text
    assert "Tìm theo tên" in vi_page and "dòng đang hiện: 69 / 69" in text
    assert ">chuyển (<span class=\"group-count\">65</span>" in vi_page
    assert "thuộc Quận ủy Thốt Nốt" in text and "11 đơn vị chuyển đến" in text
    assert "pilot-2011 bước 5 (create)" in text
    assert 'download="pilot-2011-doi-chieu.csv"' in vi_page
    assert "Sắp xếp theo cột này" in vi_page
    # the words of the measure are the party's
    assert "đơn vị chưa rõ" not in text  # the bundled plans know every unit's members
    assert "cán bộ chuyên trách" in text and "thành viên" not in text


def test_the_english_report_is_as_it_was():
    page = build(PLANS, lang="en", charts=False)
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert '<html lang="en">' in page and "<h2>Key changes</h2>" in page
    assert "<td>party members</td><td>26,543</td>" in page
    assert "(17 August 2011)" in page
    assert "load per standing member 4.182 → 2.455" in text
    assert "65 moved, 4 created" in text and "rows shown: 69 / 69" in text
    assert "pilot-2011 step 5 (create)" in text and "11 units moved in" in text
    assert "… and" not in text and "(1 units" not in text


def test_the_language_is_the_first_plans_unless_given(natural_language, monkeypatch,
                                                     tmp_path, cli):
    assert '<html lang="vi">' in build([BASE, PILOT], charts=False)  # the model's lang: vi
    assert '<html lang="en">' in build([BASE, PILOT], charts=False, lang="en")
    out = tmp_path / "r.html"
    assert cli("report", BASE, PILOT, "--no-charts", "-o", out).code == 0
    assert "<h1>So sánh các phương án</h1>" in out.read_text("utf-8")
    assert cli("report", BASE, PILOT, "--no-charts", "--lang", "en", "-o", out).code == 0
    assert "<h1>Comparison of plans</h1>" in out.read_text("utf-8")
    # a model that says nothing: the environment's language (as a command reads it), else
    # English
    assert cli("report", GOV_2024, GOV_2025, "--no-charts", "-o", out).code == 0
    assert '<html lang="en">' in out.read_text("utf-8")
    monkeypatch.setenv("ORGGRAPH_LANG", "vi")
    assert cli("report", GOV_2024, GOV_2025, "--no-charts", "-o", out).code == 0
    assert '<html lang="vi">' in out.read_text("utf-8")
    # and no language is left in force after a report
    assert not i18n.given() and i18n._STATE.get() is None


def test_every_plans_change_log_is_in_the_reports_language(natural_language, tmp_path):
    english = tmp_path / "plan.yaml"  # a plan that says it is English, after a Vietnamese one
    english.write_text(PILOT.read_text("utf-8").replace(
        "base: ../can-tho-2011.yaml", f"base: {BASE}\nlang: en"), "utf-8")
    page = build([BASE, english], charts=False)
    assert '<html lang="vi">' in page
    assert english_left(page, [BASE, english]) == {}


def gov_words(tmp_path, labels=None):
    """The Vietnamese report of the Government's 2025 reorganisation (generic profile),
    with ``labels:`` in a copy of both models if given."""
    paths = [GOV_2024, GOV_2025]
    if labels:
        base = tmp_path / "chinh-phu-2024.yaml"
        base.write_text(GOV_2024.read_text("utf-8").replace(
            "profile: generic", f"profile: generic\nlabels: {labels}"), "utf-8")
        plan = tmp_path / "chinh-phu-2025.yaml"
        plan.write_text(GOV_2025.read_text("utf-8"), "utf-8")
        paths = [base, plan]
    page = build(paths, lang="vi", focus=["chinh-phu"],
                 charts=shutil.which("dot") is not None)
    return page, " ".join(unescape(" ".join(Texts(page).texts)).split()), paths


def test_a_government_report_never_speaks_of_party_members(tmp_path):
    page, text, paths = gov_words(tmp_path)
    for word in ("đảng viên", "Đảng viên", "BTV", "BCH", "Ban Thường vụ"):
        assert word not in text, word
    assert "<td>thành viên</td>" in page
    assert english_left(page, paths) == {}
    english = build(paths, lang="en", charts=False)
    assert "party members" not in english and "<td>members</td>" in english
    page, text, paths = gov_words(tmp_path, "{members: biên chế}")
    assert "<td>biên chế</td>" in page and "thành viên" not in text
    assert "đảng viên" not in text and "BTV" not in text
    english = build(paths, lang="en", charts=False)  # one word for every language
    assert "party members" not in english and "<td>biên chế</td>" in english


def test_a_generic_models_unknown_members_are_in_its_words(tmp_path):
    path = tmp_path / "bo.yaml"
    path.write_text(textwrap.dedent("""\
        orggraph: 1
        profile: generic
        labels: {members: biên chế}
        units:
          - id: bo
            name: Bộ Nội vụ
            type: bo
            children:
              - {id: vu-1, name: Vụ Tổ chức cán bộ, type: vu, members: 24}
              - {id: vu-2, name: Vụ Pháp chế, type: vu}
        """), "utf-8")
    page = build([path, path], lang="vi", charts=False)
    assert "đơn vị chưa rõ số biên chế: 1" in page
    assert "<td>biên chế</td><td>24 (1 đơn vị chưa rõ)</td>" in page
    assert english_left(page, [path]) == {}


def test_the_report_says_long_lists_in_the_language(tmp_path):
    from orggraph.model import Model
    from orggraph.output.report import ITEMS_SHOWN

    base = Model(title="T")
    base.add_unit("r", "Gốc", "x")
    other = base.copy()
    for k in range(ITEMS_SHOWN + 1234):
        other.add_unit(f"n{k}", f"Mới {k}", "x", parent="r")
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    orggraph.save(base, a)
    orggraph.save(other, b)
    page = build([a, b], lang="vi", charts=False)
    assert '<li class="muted">… và 1.234 mục khác</li>' in page
    assert "<td>1</td><td>1.335 <span" in page  # the units: 1 → 1,335 in English
    assert english_left(page, [a, b]) == {}


# ------------------------------------------------------------ in a browser
# (the `browser` fixture: tests/output/conftest.py)

def test_the_vietnamese_page_in_chromium(browser, vi_page, tmp_path):
    out = tmp_path / "report.html"
    out.write_text(vi_page, "utf-8")
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning")
            else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(out.as_uri())
    page.screenshot(path=str(tmp_path / "vi.png"), full_page=True)
    box = page.locator(".lineage").first
    box.locator("input.lineage-search").fill("thốt nốt")
    assert box.locator("tr.unit-row:visible").count() == 23
    assert box.locator(".lineage-shown").inner_text() == "dòng đang hiện: 23 / 69"
    assert box.locator("tbody[data-fate=moved] tr.group th").inner_text() == "chuyển (21)"
    head = box.locator("thead th").first
    assert head.locator("button").get_attribute("title") == "Sắp xếp theo cột này"
    head.locator("button").click()
    assert head.get_attribute("aria-sort") == "ascending"
    names = box.locator("tbody[data-fate=moved] tr.unit-row:visible td:first-child")
    assert names.first.inner_text().startswith("Chi bộ")
    page.screenshot(path=str(tmp_path / "vi-sorted.png"), full_page=True)
    assert problems == []
    page.close()


def test_the_script_writes_counts_as_the_page_language_does(browser, tmp_path, monkeypatch):
    """The rows shown after a search, counted by the script: 1.100 in a Vietnamese page."""
    from orggraph.model import Model

    monkeypatch.setattr(report_module, "LINEAGE_ROWS_SHOWN", 2000)
    base = Model(title="T")
    base.add_unit("r", "Gốc", "x")
    base.add_unit("a", "Cũ", "x", parent="r")
    base.add_unit("b", "Mới", "x", parent="r")
    for k in range(1100):
        base.add_unit(f"u{k}", f"Chi bộ {k}", "y", parent="a")
    a = tmp_path / "a.yaml"
    orggraph.save(base, a)
    plan = tmp_path / "b.yaml"
    plan.write_text(textwrap.dedent("""\
        orggraph-scenario: 1
        base: a.yaml
        steps:
          - move: {select: {children_of: a}, to: b}
        """), "utf-8")
    for lang, shown in (("vi", "1.100"), ("en", "1,100")):
        out = tmp_path / f"{lang}.html"
        out.write_text(build([a, plan], lang=lang, charts=False), "utf-8")
        page = browser.new_page()
        page.goto(out.as_uri())
        box = page.locator(".lineage").first
        box.locator("input.lineage-search").fill("chi")
        assert box.locator(".lineage-count").text_content() == shown
        assert box.locator("tbody[data-fate=moved] .group-count").text_content() == shown
        page.close()
