"""The report's "What became of each unit" tables (orggraph.output.report; issue 16 item 6):
per plan that descends from the baseline, its units grouped by fate, searchable by name,
sortable by column, with the old → new mapping as a CSV download."""

import base64
import csv
import hashlib
import io
import re
import shutil
import unicodedata
from html import unescape

import pytest

import orggraph
from orggraph.output import report as report_module
from orggraph.output.report import LINEAGE_CSV, build

from tests.helpers import BASE, PILOT, ROOT, STAFFING

CORPUS = ROOT / "tests" / "corpus" / "bases"
GOV_2024, GOV_2025 = CORPUS / "chinh-phu-2024.yaml", CORPUS / "chinh-phu-2025.yaml"
#: The head of the pilot's group of moved units: the count the search changes, and the one
#: printed.
GROUP_65 = '>moved (<span class="group-count">65</span><span class="group-total">65</span>)'


@pytest.fixture(scope="module")
def pilot_page():
    return build([BASE, PILOT, STAFFING], charts=False, lang="en")  # the model says lang: vi


def lineage_boxes(page):
    """Each plan's lineage box, in order."""
    return re.findall(r'<div class="lineage">.*?</table>', page, re.S)


def rows_of(box):
    """(group fate, [cell texts]) of every unit row of a box."""
    out = []
    for fate, body in re.findall(r'<tbody class="fate-group" data-fate="(\w+)">(.*?)</tbody>',
                                 box, re.S):
        for row in re.findall(r'<tr class="unit-row">(.*?)</tr>', body, re.S):
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            out.append((fate, [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells]))
    return out


def csv_rows(box):
    href = re.search(r'class="lineage-csv" download="[^"]*" href="([^"]+)"', box)[1]
    head, data = href.split(",", 1)
    assert head == "data:text/csv;charset=utf-8;base64"
    text = base64.b64decode(data).decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets then read the Vietnamese as written
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_pilot_table(pilot_page):
    pilot, staffing = lineage_boxes(pilot_page)
    rows = rows_of(pilot)
    assert [f for f, _ in rows] == ["moved"] * 65 + ["created"] * 4
    assert GROUP_65 in pilot
    assert "65 moved, 4 created" in pilot
    created = {cells[0]: cells for fate, cells in rows if fate == "created"}
    # the 17 + 27 Ninh Kiều organisations and the 11 + 10 Thốt Nốt cells moved into the four
    # committees the pilot created
    moved_in = {name.rsplit(" ", 1)[1]: re.search(r"(\d+) units moved in", cells[3])[1]
                for name, cells in created.items()}
    assert moved_in == {"ninh-kieu-cqddt": "17", "ninh-kieu-cqcq": "27",
                        "thot-not-cqddt": "11", "thot-not-cqcq": "10"}
    assert created["Đảng bộ Cơ quan Đảng, đoàn thể quận Thốt Nốt thot-not-cqddt"][4] == \
        "pilot-2011 step 5 (create)"
    cell = dict((c[0], c) for _, c in rows)["Chi bộ Ủy ban Kiểm tra Quận ủy Thốt Nốt tn-ubkt"]
    assert cell[1:] == ["moved, retyped",
                        "under Đảng bộ Cơ quan Đảng, đoàn thể quận Thốt Nốt",
                        "from Quận ủy Thốt Nốt (thot-not) to Đảng bộ Cơ quan Đảng, đoàn thể "
                        "quận Thốt Nốt (thot-not-cqddt); retyped: chi-bo-co-so → chi-bo",
                        "pilot-2011 step 6 (move)"]
    # staffing-2012 descends from the baseline through the pilot: the same units
    assert [c[0] for _, c in rows_of(staffing)] == [c[0] for _, c in rows]
    assert 'download="staffing-2012-lineage.csv"' in staffing


def test_the_csv_carries_the_old_to_new_mapping(pilot_page):
    table = csv_rows(lineage_boxes(pilot_page)[0])
    assert tuple(table[0]) == LINEAGE_CSV == ("old id", "old name", "fate", "new ids",
                                              "new names")
    assert len(table) == 1 + 69
    by_old = {r[0]: r for r in table[1:]}
    assert by_old["tn-ubkt"] == ["tn-ubkt", "Chi bộ Ủy ban Kiểm tra Quận ủy Thốt Nốt", "moved",
                                 "tn-ubkt", "Chi bộ Ủy ban Kiểm tra Quận ủy Thốt Nốt"]
    new = [r for r in table[1:] if r[2] == "created"]
    assert [r[:3] for r in new] == [["", "", "created"]] * 4
    assert {r[3] for r in new} == {"ninh-kieu-cqddt", "ninh-kieu-cqcq", "thot-not-cqddt",
                                   "thot-not-cqcq"}


def test_a_government_merge(tmp_path):
    page = build([GOV_2024, GOV_2025], charts=False)
    (box,) = lineage_boxes(page)
    rows = rows_of(box)
    assert [f for f, _ in rows] == ["merged"] * 6 + ["renamed"] + ["created"]
    merged = {c[0]: c[2] for _, c in rows if _ == "merged"}
    assert merged["Bộ Kế hoạch và Đầu tư bo-ke-hoach-dau-tu"] == "Bộ Tài chính"
    assert merged["Bộ Tài nguyên và Môi trường bo-tai-nguyen-moi-truong"] == \
        "Bộ Nông nghiệp và Môi trường"
    renamed = rows[6][1]
    assert renamed[:3] == ["Ủy ban Dân tộc uy-ban-dan-toc", "renamed, retyped",
                           "Bộ Dân tộc và Tôn giáo"]
    table = csv_rows(box)
    assert ["bo-nong-nghiep", "Bộ Nông nghiệp và Phát triển nông thôn", "merged",
            "bo-nong-nghiep-moi-truong", "Bộ Nông nghiệp và Môi trường"] in table
    assert ["", "", "created", "bo-nong-nghiep-moi-truong", "Bộ Nông nghiệp và Môi trường"] \
        in table
    vi = build([GOV_2024, GOV_2025], charts=False, lang="vi")
    assert "Từng đơn vị đã đi về đâu" in vi and "hợp nhất (<span" in vi
    assert ('<th scope="col" aria-sort="none"><button type="button" title="Sắp xếp theo cột '
            'này">Kết quả</button>') in vi


def test_only_plans_that_descend_from_the_baseline_have_a_table(tmp_path):
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(BASE.read_bytes())
    page = build([copy, PILOT], charts=False)  # the pilot's base is not this copy
    assert "Not a scenario that descends from the baseline" in page
    assert 'class="lineage"' not in page and "<script>" not in page
    assert "default-src 'none'; script-src 'none'" in unescape(page)


def test_the_table_is_bounded_and_the_csv_is_not(monkeypatch):
    monkeypatch.setattr(report_module, "LINEAGE_ROWS_SHOWN", 10)
    (box, _) = lineage_boxes(build([BASE, PILOT, STAFFING], charts=False))
    assert [f for f, _ in rows_of(box)] == ["moved"] * 10 + ["created"] * 4
    assert "… and 55 more (all in the CSV)" in box
    assert GROUP_65 in box
    assert len(csv_rows(box)) == 1 + 69


def test_names_are_text_in_the_table_the_script_and_the_csv(tmp_path):
    hostile = "</script><script>alert(1)</script> =HYPERLINK(\"x\") & Thốt"
    model = orggraph.load(BASE)
    model.set_field(model.index("tn-ubkt"), "name", hostile)
    orggraph.save(model, tmp_path / "m.yaml")
    (tmp_path / "p.yaml").write_text(
        PILOT.read_text("utf-8").replace("base: ../can-tho-2011.yaml", "base: m.yaml"), "utf-8")
    page = build([tmp_path / "m.yaml", tmp_path / "p.yaml"], charts=False)
    assert page.count("<script>") == 1 and "alert(1)" not in page.split("<script>")[1]
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    (box,) = lineage_boxes(page)
    row = [c for _, c in rows_of(box) if c[0].endswith("tn-ubkt")][0]
    assert row[0] == f"{hostile} tn-ubkt"
    # the script is allowed by its hash: any other script in the page would not run
    script = page.split("<script>")[1].split("</script>")[0]
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in unescape(page)
    assert "innerHTML" not in script and "textContent" in script
    table = csv_rows(box)
    assert ["tn-ubkt", hostile, "moved", "tn-ubkt", hostile] in table  # starts with '<'
    (tmp_path / "q.yaml").write_text(
        PILOT.read_text("utf-8").replace("base: ../can-tho-2011.yaml", "base: m.yaml")
        .replace("Đảng bộ Cơ quan Chính quyền quận Ninh Kiều", "=SUM(A1)"), "utf-8")
    (box,) = lineage_boxes(build([tmp_path / "m.yaml", tmp_path / "q.yaml"], charts=False))
    assert ["", "", "created", "ninh-kieu-cqcq", "'=SUM(A1)"] in csv_rows(box)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")
def test_the_change_charts_of_the_report_say_where_units_went():
    page = unescape(build([GOV_2024, GOV_2025], focus=["chinh-phu"]))
    charts = page.split("<h2>Org charts</h2>")[1]
    assert page.count('<svg class="chart"') == 3
    for words in ("merged with: Bộ Kế hoạch và", "merged into: Bộ Tài chính",
                  "merged from: Bộ Nông nghiệp và"):
        assert charts.count(words) == 1, words  # in the change chart only


# ------------------------------------------------------------ in a browser
def fold(text):
    """As the page's script folds text for searching: lower case, no diacritics."""
    text = unicodedata.normalize("NFD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).replace(
        "đ", "d").replace("Đ", "d").lower()


def test_search_sort_download_and_print_in_chromium(browser, tmp_path, pilot_page):
    out = tmp_path / "report.html"
    out.write_text(pilot_page, "utf-8")
    page = browser.new_page(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning")
            else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(out.as_uri())
    box = page.locator(".lineage").first
    rows = box.locator("tr.unit-row")
    assert rows.count() == 69 and box.locator("tr.unit-row:visible").count() == 69
    expected = [c for _, c in rows_of(lineage_boxes(pilot_page)[0])
                if "thot" in fold(c[0] + " " + c[2])]
    assert len(expected) == 23  # the 21 cells and the two Thốt Nốt committees
    for query in ("Thốt", "thot not"):
        box.locator("input.lineage-search").fill(query)
        shown = box.locator("tr.unit-row:visible")
        assert shown.count() == len(expected), query
        assert box.locator(".lineage-count").text_content() == "23"
        assert box.locator("tbody[data-fate=moved] .group-count").text_content() == "21"
        names = shown.locator("td:first-child").all_text_contents()
        assert all("Thốt" in n for n in names)
    page.screenshot(path=str(tmp_path / "searched.png"))
    # printed, the whole table shows whatever the search, with the whole counts
    page.emulate_media(media="print")
    assert box.locator("tr.unit-row:visible").count() == 69
    assert not box.locator("input.lineage-search").is_visible()
    assert not box.locator(".lineage-shown").is_visible()
    moved_head = box.locator("tbody[data-fate=moved] tr.group th")
    assert moved_head.inner_text() == "moved (65)"
    page.emulate_media(media="screen")
    assert moved_head.inner_text() == "moved (21)"
    page.emulate_media(media="print")
    page.pdf(path=str(tmp_path / "printed.pdf"), format="A4")
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")
    page.emulate_media(media="screen")
    box.locator("input.lineage-search").fill("")
    assert box.locator("tr.unit-row:visible").count() == 69
    assert box.locator("tbody[data-fate=moved] .group-count").text_content() == "65"
    # sorting: within each fate group, ascending then descending
    moved = box.locator("tbody[data-fate=moved] tr.unit-row td:first-child")
    before = moved.all_text_contents()
    head = box.locator("thead th").first
    head.locator("button").click()
    ascending = moved.all_text_contents()
    assert head.get_attribute("aria-sort") == "ascending"
    assert ascending != before and sorted(ascending, key=fold) == ascending
    assert ascending[0] == "Chi bộ Ban Dân vận Quận ủy Ninh Kiều nk-ban-dan-van"
    head.locator("button").click()
    assert head.get_attribute("aria-sort") == "descending"
    assert moved.all_text_contents() == ascending[::-1]
    assert box.locator("tbody").nth(1).get_attribute("data-fate") == "created"
    step = box.locator("thead th").nth(4)
    step.locator("button").click()
    steps = box.locator("tbody[data-fate=created] tr.unit-row td:nth-child(5)")
    assert steps.all_text_contents() == [f"pilot-2011 step {n} (create)" for n in (1, 3, 5, 7)]
    assert head.get_attribute("aria-sort") == "none"
    # the CSV download is the table's mapping
    with page.expect_download() as download:
        box.locator("a.lineage-csv").click()
    assert download.value.suggested_filename == "pilot-2011-lineage.csv"
    data = open(download.value.path(), encoding="utf-8-sig").read()
    assert list(csv.reader(io.StringIO(data))) == csv_rows(lineage_boxes(pilot_page)[0])
    page.screenshot(path=str(tmp_path / "sorted.png"))
    assert problems == []
    page.close()
