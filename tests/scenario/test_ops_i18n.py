"""The change log and the errors of scenario steps in the reader's language
(orggraph.scenario.ops, apply, select; issue 17): whole sentences of the catalog, plurals
right, numbers as the reader writes them, the profile's words of the measure."""

import textwrap

import pytest

import orggraph
from orggraph import i18n
from orggraph.errors import OrgError, shown
from orggraph.io.records import UNIT_FIELDS
from orggraph.scenario.ops import OPERATIONS, STEP_KEYS
from orggraph.scenario.select import KEYS

from tests.helpers import BASE, PILOT, ROOT, english_words, model_words, run

GOV_2024 = ROOT / "tests" / "corpus" / "bases" / "chinh-phu-2024.yaml"
#: The words of a scenario file that a message quotes as written: operations, keys, values.
SYNTAX = set(OPERATIONS) | {k for keys in STEP_KEYS.values() for k in keys} | set(KEYS) | \
    set(UNIT_FIELDS) | {"true", "false", "carry", "drop", "ORGGRAPH_MAX_COUNT"}

#: Ministries of 2024 reorganised as in 2025 (illustrative counts): a merge, a split, a
#: dissolve, a removal and the updates that give the counts.
REFORM = """\
orggraph-scenario: 1
base: {base}
steps:
  - update: {{select: {{ids: [bo-ke-hoach-dau-tu, bo-tai-chinh]}}, set: {{members: 1100}}}}
  - update: {{select: {{ids: [bo-lao-dong, bo-noi-vu]}}, set: {{members: 1}}}}
  - merge:
      select: {{ids: [bo-ke-hoach-dau-tu, bo-tai-chinh]}}
      into: {{id: bo-tai-chinh-moi, name: Bộ Tài chính (mới), type: bo}}
      expect: 2
  - split:
      unit: bo-lao-dong
      into:
        - {{id: bo-lao-dong-a, name: Lao động (về Bộ Nội vụ), type: bo, members: 1}}
        - {{id: bo-lao-dong-b, name: Người có công, type: bo, members: 0}}
  - dissolve: {{unit: bo-lao-dong-a, to: bo-noi-vu}}
  - remove: {{unit: thong-tan-xa}}
"""


def reform(tmp_path, labels=None):
    """The reform applied to a copy of the 2024 ministries (with ``labels:`` if given)."""
    text = GOV_2024.read_text("utf-8")
    if labels:
        text = text.replace("profile: generic\n", f"profile: generic\nlabels: {labels}\n")
    (tmp_path / "base.yaml").write_text(text, "utf-8")
    plan = tmp_path / "reform.yaml"
    plan.write_text(REFORM.format(base="base.yaml"), "utf-8")
    return orggraph.load_plan(plan).result


def shown_text(result):
    """Everything a reader sees of a plan's changes: the log and what became of each unit."""
    return result.log_text() + "\n" + "\n".join(r["detail"] for r in result.lineage.rows())


def test_the_pilots_change_log_in_vietnamese_has_no_english_word(cli):
    r = cli("apply", PILOT, "--log", "--lang", "vi")
    assert r.code == 0
    result = orggraph.load_plan(PILOT).result
    allowed = model_words(result.model) | model_words(result.base) | set(OPERATIONS)
    assert english_words(r.out, allowed) == []
    lines = r.out.splitlines()
    assert lines[0] == ("bước 1 (create): thành lập mới ninh-kieu-cqddt “Đảng bộ Cơ quan Đảng, "
                        "đoàn thể quận Ninh Kiều” (Đảng bộ cấp trên cơ sở) thuộc Quận ủy Ninh "
                        "Kiều (ninh-kieu)")  # the type by the profile's label, not its id
    assert ("bước 6 (move): chuyển 11 đơn vị từ Quận ủy Thốt Nốt (thot-not) sang Đảng bộ Cơ "
            "quan Đảng, đoàn thể quận Thốt Nốt (thot-not-cqddt); đổi loại Chi bộ cơ sở → "
            "Chi bộ trực thuộc") in lines
    assert lines[-1] == ("bước 11 (assign): phân công Võ Văn Phú (vo-van-phu) giữ chức “Bí thư "
                         "Đảng ủy” tại Đảng bộ Cơ quan Đảng, đoàn thể quận Thốt Nốt "
                         "(thot-not-cqddt) (nay giữ chức vụ ở 2 đơn vị)")
    # the check can fail: the English log is full of English words
    english = cli("apply", PILOT, "--log", "--lang", "en").out
    assert len(set(english_words(english, allowed)) & {
        "step", "created", "under", "moved", "from", "to", "assigned", "now", "posts"}) >= 6


def test_the_english_change_log_is_unchanged(cli):
    lines = cli("apply", PILOT, "--log", "--lang", "en").out.splitlines()
    assert lines[0] == ("step 1 (create): created ninh-kieu-cqddt “Đảng bộ Cơ quan Đảng, đoàn "
                        "thể quận Ninh Kiều” (dang-bo-cap-tren-co-so) under Quận ủy Ninh Kiều "
                        "(ninh-kieu)")
    assert ("step 6 (move): moved 11 units from Quận ủy Thốt Nốt (thot-not) to Đảng bộ Cơ quan "
            "Đảng, đoàn thể quận Thốt Nốt (thot-not-cqddt); type chi-bo-co-so → chi-bo") in lines
    assert lines[-1] == ("step 11 (assign): assigned Võ Văn Phú (vo-van-phu) to Đảng bộ Cơ quan "
                         "Đảng, đoàn thể quận Thốt Nốt (thot-not-cqddt) as “Bí thư Đảng ủy” "
                         "(now posts in 2 units)")
    assert [line for line in lines if line.endswith("… (+5)")] == [
        "    kỹ thuật tổng hợp hướng nghiệp Cần Thơ (nk-ttgdtx), … (+5)"]


def test_the_model_says_the_language_of_the_log(cli, natural_language):
    """No --lang: the bundled base says lang: vi, and the scenario is applied under it."""
    assert cli("apply", PILOT, "--log").out.startswith("bước 1 (create): thành lập mới ")
    assert cli("apply", PILOT, "--log", "--lang", "en").out.startswith("step 1 (create): ")


def test_a_government_reform_in_vietnamese_never_says_dang_vien(tmp_path):
    with i18n.language("vi"):
        result = reform(tmp_path)
        text = shown_text(result)
        details = {uid: result.lineage.row(uid)["detail"]
                   for uid in ("bo-lao-dong-a", "bo-tai-chinh", "bo-lao-dong")}
    assert "đảng viên" not in text and "thành viên" in text  # the generic profile's word
    allowed = model_words(result.model) | model_words(result.base) | set(OPERATIONS)
    assert english_words(text, allowed) == []
    summaries = [c.summary for c in result.log]
    assert summaries[2] == ("hợp nhất Bộ Kế hoạch và Đầu tư (bo-ke-hoach-dau-tu), Bộ Tài chính "
                            "(bo-tai-chinh) vào Bộ Tài chính (mới) (bo-tai-chinh-moi) (chuyển "
                            "theo 0 đơn vị trực thuộc, 2.200 thành viên)")
    assert summaries[3].startswith("chia tách Bộ Lao động - Thương binh và Xã hội (bo-lao-dong) "
                                   "thành Lao động (về Bộ Nội vụ) (bo-lao-dong-a), ")
    assert summaries[4] == ("giải thể Lao động (về Bộ Nội vụ) (bo-lao-dong-a): 0 đơn vị và 1 "
                            "thành viên chuyển về Bộ Nội vụ (bo-noi-vu)")
    assert summaries[5] == "xóa bỏ Thông tấn xã Việt Nam (thong-tan-xa): 1 đơn vị (0 thành viên)"
    assert details["bo-lao-dong-a"] == (
        "các đơn vị trực thuộc và thành viên chuyển về Bộ Nội vụ (bo-noi-vu)")
    assert details["bo-tai-chinh"] == "hợp nhất vào Bộ Tài chính (mới) (bo-tai-chinh-moi)"
    assert details["bo-lao-dong"] == (
        "chia tách thành Lao động (về Bộ Nội vụ) (bo-lao-dong-a), Người có công (bo-lao-dong-b) "
        "(nay là Bộ Nội vụ (bo-noi-vu))")
    # read in English, the same lineage explains itself in English
    assert result.lineage.row("bo-tai-chinh")["detail"] == "into Bộ Tài chính (mới) (bo-tai-chinh-moi)"


def test_a_models_own_word_of_the_measure(tmp_path):
    with i18n.language("vi"):
        text = shown_text(reform(tmp_path, labels="{members: biên chế}"))
    assert "biên chế" in text and "thành viên" not in text and "đảng viên" not in text
    assert "(chuyển theo 0 đơn vị trực thuộc, 2.200 biên chế)" in text
    english = shown_text(reform(tmp_path, labels="{members: {en: {one: established post, other: "
                                                 "established posts}, vi: biên chế}}"))
    assert "(0 children, 2,200 established posts carried over)" in english
    assert "Lao động (về Bộ Nội vụ) (bo-lao-dong-a): 0 units and 1 established post → " in english


def test_plurals_and_numbers_in_both_languages(small):
    steps = """\
        - dissolve: {unit: b}
        - remove: {unit: a2}
        - update: {select: {children_of: r}, set: {note: x}}
        - unlink: {from: a, to: c}
    """
    english = [c.summary for c in run(small, steps).log]
    assert english == [
        "B (b): 1 unit and 5 members → Gốc (r)", "removed A2 (a2): 1 unit (4 members)",
        "updated 3 units: note", "unlinked A (a) → C (c) (1 link)"]
    with i18n.language("vi"):
        vietnamese = [c.summary for c in run(small, steps).log]
    assert vietnamese == [
        "giải thể B (b): 1 đơn vị và 5 thành viên chuyển về Gốc (r)",
        "xóa bỏ A2 (a2): 1 đơn vị (4 thành viên)", "cập nhật 3 đơn vị: note",
        "bỏ liên kết A (a) → C (c) (1 liên kết)"]
    merged = run(small, "- merge: {select: {ids: [b]}, into: a}").log[0].summary
    assert merged.endswith("(1 child, 5 members carried over)")  # was "1 children"


def test_the_log_is_written_in_the_language_in_force_when_the_steps_are_applied(small):
    with i18n.language("vi"):
        change = run(small, "- move: {select: {id: a1}, to: c}").log[0]
    assert change.to_dict() == {  # keys stay English; the summary is for people
        "step": 1, "op": "move", "line": 4, "units": ["a1"], "details": [],
        "summary": "chuyển A1 (a1) từ A (a) sang C (c)"}
    with i18n.language("vi"):
        assert str(change) == "bước 1 (move): chuyển A1 (a1) từ A (a) sang C (c)"
    assert str(change) == "step 1 (move): chuyển A1 (a1) từ A (a) sang C (c)"


@pytest.mark.parametrize("steps, english, vietnamese", [
    ("- move: {select: {id: ghost}, to: r}", "id: no unit with id 'ghost'",
     "id: không có đơn vị nào mang mã 'ghost'"),
    ("- move: {select: {children_of: r, where: {sector: s1}}, to: c, expect: 3}",
     "expected 3 units, the selection matches 2 (a, b)",
     "cần đúng 3 đơn vị, nhưng điều kiện chọn khớp với 2 (a, b)"),
    ("- move: {select: {children_of: c}, to: r}",
     "the selection matches no unit (say allow_empty: true if that is fine)",
     "điều kiện chọn không khớp với đơn vị nào (ghi allow_empty: true nếu đúng là như vậy)"),
    ("- move: {select: {type: z}, to: r}",
     "the selection matches no unit (say allow_empty: true if that is fine); no unit has the "
     "type 'z'", "điều kiện chọn không khớp với đơn vị nào (ghi allow_empty: true nếu đúng là "
     "như vậy); không đơn vị nào thuộc loại 'z'"),
    ("- move: {select: {id: [a, b]}, to: r}",
     "'id' names one unit, not a list; to select several units, write ids: [a, b]",
     "'id' chỉ một đơn vị, không phải {a_list}; để chọn nhiều đơn vị, ghi ids: [a, b]"),
    ("- remove: {unit: a}", "remove: 'a' has 2 units below it; say subtree: true to remove "
     "them too, or move them first", "remove: 'a' có 2 đơn vị cấp dưới; ghi subtree: true để "
     "xóa bỏ cả các đơn vị này, hoặc chuyển chúng đi trước"),
    ("- split: {unit: a, into: [{id: a-x, name: X, type: x, children: {ids: [a1, a2]}},"
     " {id: a-y, name: Y, type: x, members: 1}]}",
     "split: the parts have 1 member, 'a' has 2 members: left over: 1",
     "split: các phần có 1 thành viên, 'a' có 2 thành viên: còn thừa 1"),
    ("- merge: {select: {ids: [a, b]}, into: a1}", "merge: 'a1' is inside a unit being merged "
     "into it", "merge: 'a1' nằm trong một đơn vị được hợp nhất vào chính nó"),
    ("- dissolve: {unit: r}", "dissolve: 'r' is the root; it has nowhere to send its units",
     "dissolve: 'r' là đơn vị gốc, không có nơi nào để chuyển các đơn vị trực thuộc"),
    ("- create: {id: a, name: A, type: x, parent: r}", "id 'a' already exists",
     "mã 'a' đã có"),
])
def test_the_errors_of_steps_in_both_languages(small, steps, english, vietnamese):
    with pytest.raises(OrgError) as exc:
        run(small, steps)
    assert exc.value.message == english
    with i18n.language("vi"), pytest.raises(OrgError) as exc:
        a_list = shown([])  # errors.py's words, in the same language
        run(small, steps)
    assert exc.value.message == vietnamese.replace("{a_list}", a_list)
    assert english_words(exc.value.message, model_words(small) | SYNTAX | {"ghost", "s1"}) == []


def test_a_did_you_mean_hint_follows_the_sentence(small):
    with i18n.language("vi"), pytest.raises(OrgError) as exc:
        run(small, "- move: {select: {id: a3}, to: r}")
    assert exc.value.message.startswith("id: không có đơn vị nào mang mã 'a3' (")
    assert exc.value.message.endswith(" 'a'?)")
    with i18n.language("vi"), pytest.raises(OrgError) as exc:
        run(small, "- move: {select: {id: a}, to: r, expct: 1}")
    assert exc.value.message.startswith("move không có khóa 'expct' (")


def test_the_pilot_with_a_wrong_guard_fails_in_vietnamese(tmp_path, cli):
    plan = tmp_path / "plan.yaml"
    plan.write_text(PILOT.read_text("utf-8").replace("base: ../can-tho-2011.yaml",
                                                     f"base: {BASE}")
                    .replace("expect: 17", "expect: 18"), "utf-8")
    r = cli("apply", plan, "--lang", "vi")
    assert r.code == 1
    assert "cần đúng 18 đơn vị, nhưng điều kiện chọn khớp với 17 (nk-vp-quan-uy, " in r.err


def test_until_beyond_the_steps_in_both_languages(small):
    from orggraph import scenario as sc
    from orggraph.io.yamlio import loads
    s = sc.parse(loads(textwrap.dedent("""\
        orggraph-scenario: 1
        base: base.yaml
        steps:
          - update: {select: {id: a}, set: {note: x}}
        """), "s.yaml"), "s.yaml")
    with pytest.raises(OrgError, match=r"the scenario has 1 step \(give 0 to 1\)"):
        sc.apply(small, s, until=2)
    with i18n.language("vi"), pytest.raises(OrgError, match=r"phương án có 1 bước \(ghi từ 0"):
        sc.apply(small, s, until=2)
