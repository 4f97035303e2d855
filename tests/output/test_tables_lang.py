"""Metrics and comparisons in the reader's language (issue 17; orggraph.output.tables and
text): the table and Markdown through the catalog, in the words of the model's profile or
its ``labels:``, numbers as the reader writes them (vi: 26.543 and 9,214); CSV and JSON
the same in every language; English as it was."""

import re

import pytest

import orggraph
from orggraph import i18n
from orggraph.analysis.compare import compare
from orggraph.analysis.rules import RULES
from orggraph.output.tables import compare_text, metrics_text
from orggraph.output.text import grid, width

from tests.helpers import BASE, PILOT, ROOT, STAFFING, english_words, model_words

CORPUS = ROOT / "tests" / "corpus" / "bases"
GOV_2024, GOV_2025 = CORPUS / "chinh-phu-2024.yaml", CORPUS / "chinh-phu-2025.yaml"
MINISTRY = CORPUS / "bo-noi-vu.yaml"
#: What a table may show that is not Vietnamese of orggraph, besides the models' words:
#: the command line's own tokens it names (--format json …).
TOKENS = {"orggraph", "format", "json", "csv", "xlsx", "md"}


def allowed(*paths):
    """The words of the models at ``paths`` (ids, names, types and their labels, people,
    titles, sources), the plans' labels (file names), the rules' names (ids such as
    wide-span), the attributes the plans set (their names and values as written) and
    the command line's tokens."""
    out = set(TOKENS) | {r.name for r in RULES}
    for path in paths:
        model = orggraph.load(path)
        out |= model_words(model) | {path.stem, model.profile}
        out |= {str(k) for k in model._attrs} | {
            str(v) for col in model._attrs.values() for v in col if isinstance(v, str)}
    return out


def left_in_english(text, words):
    """The English words of ``text`` (a Vietnamese output), a cell cut with … aside (the
    start of a name or an id)."""
    return english_words(re.sub(r"\S*…", " ", text), words)


def vi(fn, *args, **kwargs):
    with i18n.language("vi"):
        return fn(*args, **kwargs)


@pytest.fixture(scope="module")
def plans():
    return compare([BASE, PILOT, STAFFING])


def test_the_issue_the_baselines_members_and_decimals_as_vietnamese_write_them(cli):
    r = cli("metrics", BASE, "--lang", "vi")
    assert r.code == 0, r
    rows = {" ".join(line.split()[:-1]): line.split()[-1] for line in r.out.splitlines()
            if line.split()}
    assert rows["đảng viên"] == "26.543"  # the baseline's members
    assert rows["trực thuộc bình quân"] == "9,069"
    assert rows["số đơn vị / ủy viên BTV (bình quân)"] == "1,478"  # load, decimal comma
    assert "Đảng bộ thành phố Cần Thơ, tháng 8/2011 (17/8/2011)" in r.out
    assert re.search(r"^ninh-kieu +Quận ủy Ninh Kiều +68 +2\.271 +13 +5,231 +1$", r.out, re.M)
    en = cli("metrics", BASE, "--lang", "en").out
    assert re.search(r"^party members +26,543$", en, re.M)
    assert re.search(r"^span mean \(managers\) +9\.069$", en, re.M)


@pytest.mark.parametrize("fmt", ["table", "md"])
def test_metrics_in_vietnamese_have_no_english_word_left(fmt):
    for path in (BASE, PILOT, MINISTRY, GOV_2025):
        m = orggraph.metrics(orggraph.load(path))
        for every in (False, True):
            text = vi(metrics_text, m, fmt, all_units=every)
            assert left_in_english(text, allowed(path)) == [], (path, every)
    focus = orggraph.metrics(orggraph.load(PILOT), focus="thot-not")
    text = vi(metrics_text, focus, fmt)
    assert "thot-not và các đơn vị cấp dưới" in text
    assert left_in_english(text, allowed(PILOT)) == []


@pytest.mark.parametrize("fmt", ["table", "md"])
def test_comparisons_in_vietnamese_have_no_english_word_left(fmt, plans):
    text = vi(compare_text, plans, fmt)
    assert left_in_english(text, allowed(BASE, PILOT, STAFFING)) == []
    for words in ("pilot-2011 so với can-tho-2011: thêm 4, chuyển 65, đổi loại 21",
                  "Từng đơn vị đã đi về đâu, pilot-2011 so với can-tho-2011: chuyển 65",
                  "số đơn vị chuyển so với can-tho-2011",
                  "chuyển 27 đơn vị từ Quận ủy Ninh Kiều (ninh-kieu) sang"):
        assert words in " ".join(text.split()), words
    # the Government's merges, splits and dissolutions: the generic profile's words
    gov = vi(compare_text, compare([GOV_2024, GOV_2025]), fmt)
    assert left_in_english(gov, allowed(GOV_2024, GOV_2025)) == []
    assert "hợp nhất vào" in gov and "đảng viên" not in gov
    ministry = vi(compare_text, compare([MINISTRY, MINISTRY]), fmt)
    assert left_in_english(ministry, allowed(MINISTRY)) == []
    assert "±?: chưa rõ chênh lệch" in " ".join(ministry.split())


def test_the_table_fits_80_columns_in_vietnamese_and_english(plans):
    for lang in ("vi", "en"):
        with i18n.language(lang):
            texts = [metrics_text(orggraph.metrics(orggraph.load(p))) for p in (BASE, MINISTRY)]
            texts.append(compare_text(plans))
        for text in texts:
            assert [x for x in text.splitlines() if width(x) > 80] == [], lang


def test_a_heading_wider_than_its_numbers_goes_on_two_lines_before_names_are_cut():
    rows = [["thot-not", "Quận ủy Thốt Nốt", "1.642", "2,455"]]
    head = ["mã", "tên", "đảng viên", "số đơn vị / ủy viên BTV"]
    lines = grid(head, rows, right_from=2, total=46).splitlines()
    assert lines[2].startswith("────────") and "Quận ủy Thốt Nốt" in lines[3]
    assert lines[0].split() == ["đảng", "số", "đơn", "vị", "/"]
    assert lines[1].split() == ["mã", "tên", "viên", "ủy", "viên", "BTV"]
    assert max(width(x) for x in lines) <= 46
    # a table that fits keeps one line of headings
    assert len(grid(head, rows, right_from=2, total=80).splitlines()) == 3


def test_a_government_model_never_says_party_member_and_its_labels_are_its_words(cli, tmp_path):
    r = cli("metrics", GOV_2025, "--lang", "vi")
    assert r.code == 0 and "đảng viên" not in r.out and "thành viên" in r.out
    r = cli("compare", GOV_2024, GOV_2025, "--lang", "vi")
    assert r.code == 0 and "đảng viên" not in r.out
    base = tmp_path / "chinh-phu-2024.yaml"
    text = GOV_2024.read_text("utf-8")
    base.write_text(text.replace("\nunits:", "\nlabels: {members: biên chế}\nunits:", 1), "utf-8")
    assert "labels:" in base.read_text("utf-8")
    for args in (["metrics", base], ["metrics", base, "--format", "md"],
                 ["compare", base, GOV_2025]):
        r = cli(*args, "--lang", "vi")
        assert r.code == 0, r
        assert "biên chế" in r.out and "đảng viên" not in r.out and "thành viên" not in r.out
    r = cli("validate", base, "--lang", "vi")
    assert "biên chế" in r.out and "đảng viên" not in r.out
    # the model's word is its own whatever the language (labels: {members: {vi: …, en: …}}
    # would say it in each)
    assert "biên chế" in cli("metrics", base, "--lang", "en").out


def test_machine_formats_are_the_same_in_every_language(plans):
    m = orggraph.metrics(orggraph.load(BASE))
    for fmt in ("csv", "json"):
        assert vi(metrics_text, m, fmt) == metrics_text(m, fmt)
        assert vi(compare_text, plans, fmt) == compare_text(plans, fmt)
    assert "26543" in metrics_text(m, "csv") and "26.543" not in vi(metrics_text, m, "csv")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_compare_for_programs_is_english_whatever_the_language(cli, fmt):
    """With a lineage, whose explanations are text: still the same bytes."""
    args = ["compare", BASE, PILOT, "--format", fmt]
    en, vi_ = cli(*args, "--lang", "en").out, cli(*args, "--lang", "vi").out
    assert en == vi_ and "from Quận ủy Ninh Kiều (ninh-kieu) to" in en


def test_lang_given_to_the_library_functions():
    m = orggraph.metrics(orggraph.load(BASE))
    assert metrics_text(m, lang="vi") == vi(metrics_text, m)
    assert metrics_text(m, lang="en") == metrics_text(m)
    assert i18n.current() == "en"  # as before the call


def test_diff_lines_name_values_and_fields_in_the_language(tmp_path):
    (tmp_path / "a.yaml").write_text("orggraph: 1\nprofile: cpv\nunits:\n  - {id: r, name: R, "
                                     "type: tinh-uy, he_so: 2.34, co_so: true, "
                                     "staff: {dedicated: 0, concurrent: 5}, members: 12000}\n")
    (tmp_path / "b.yaml").write_text("orggraph: 1\nprofile: cpv\nunits:\n  - {id: r, name: R, "
                                     "type: tinh-uy, he_so: 2.3449, co_so: false, "
                                     "staff: {dedicated: 2, concurrent: 5}, members: 12500}\n")
    c = compare([tmp_path / "a.yaml", tmp_path / "b.yaml"])
    text = " ".join(vi(compare_text, c).split())  # the table, its lines joined
    for line in ("~ r: he_so 2,34 → 2,3449", "~ r: co_so có → không",
                 "~ r: cán bộ {chuyên trách: 0, kiêm nhiệm: 5} → {chuyên trách: 2, kiêm "
                 "nhiệm: 5}", "~ r: đảng viên 12.000 → 12.500"):
        assert line in text, line
    en = compare_text(c).splitlines()
    for line in ("  ~ r: he_so 2.34 → 2.3449", "  ~ r: co_so true → false",
                 "  ~ r: staff {dedicated: 0, concurrent: 5} → {dedicated: 2, concurrent: 5}",
                 "  ~ r: members 12,000 → 12,500"):
        assert line in en, line
