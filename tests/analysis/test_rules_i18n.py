"""Findings in the reader's language (orggraph.analysis.rules, findings; issue 17): each
rule's text through the catalog when a finding is read, numbers as the reader writes them,
the words of the measure the profile's; rule names and JSON locale-free."""

import io
import json

import orggraph
from orggraph import i18n
from orggraph.analysis.rules import RULES, findings
from orggraph.model import Model
from orggraph.output.jsonout import write_metrics

from tests.helpers import BASE, ROOT, english_words, model_words

MINISTRY = ROOT / "tests" / "corpus" / "bases" / "bo-noi-vu.yaml"
GOV_2024 = ROOT / "tests" / "corpus" / "bases" / "chinh-phu-2024.yaml"
RULE_NAMES = {r.name for r in RULES}


def cpv_model():
    """A unit for each rule (as tests/analysis/test_rules.py), and a large committee."""
    m = Model(profile="cpv", types={"huyen-uy": {"max_members": 2000}})
    m.add_unit("ct", "Thành ủy", "tinh-uy")
    m.add_unit("d", "Quận ủy", "huyen-uy", parent="ct", committee={"size": 33, "standing": 11})
    m.add_unit("grass", "Đảng bộ", "dang-bo-co-so", parent="d",
               committee={"size": 9, "standing": 4})
    m.add_unit("small-cell", "Chi bộ nhỏ", "chi-bo", parent="grass", members=2)
    m.add_unit("big-cell", "Chi bộ lớn", "chi-bo-co-so", parent="d", members=31,
               committee={"size": 9})
    m.add_unit("odd", "Tổ đảng", "to-dang", parent="d", members=3)
    m.add_unit("huge", "Chi bộ rất lớn", "chi-bo-co-so", parent="d", members=2271)
    for k in range(14):
        m.add_unit(f"c{k}", "Chi bộ", "chi-bo-co-so", parent="d", members=5)
    return m


def messages(model, lang):
    with i18n.language(lang):
        return {(f.unit, f.rule): f.message for f in findings(model)}


def test_every_rule_speaks_vietnamese():
    m = cpv_model()
    vi = messages(m, "vi")
    assert vi[("small-cell", "min-members")] == "2 đảng viên < 3 (mức tối thiểu đối với Chi bộ trực thuộc)"
    assert vi[("grass", "min-members")] == "2 đảng viên < 30 (mức tối thiểu đối với Đảng bộ cơ sở)"
    assert vi[("d", "max-members")] == (  # types by the profile's label, in English by id
        "2.377 đảng viên > 2.000 (mức tối đa đối với Huyện ủy / Quận ủy / Thị ủy)")
    assert vi[("big-cell", "cell-committee")] == (
        "chi ủy 9 người > 7 (chi bộ có từ 9 đảng viên trở lên)")
    assert vi[("grass", "standing-ratio")] == "BTV 4 người > 0,333 × BCH 9 người"
    assert vi[("odd", "parent-type")].startswith(
        "cấp trên loại Huyện ủy / Quận ủy / Thị ủy không phải cấp trên thường thấy của Tổ đảng "
        "(thường là: Chi bộ trực thuộc, Chi bộ cơ sở)")
    assert vi[("d", "wide-span")] == "có 18 đơn vị trực thuộc > 15 (quá nhiều)"
    assert vi[("grass", "narrow-span")] == "có 1 đơn vị trực thuộc < 3 (quá ít)"
    assert english_words("\n".join(vi.values()), model_words(m) | RULE_NAMES) == []
    en = messages(m, "en")  # English as it was, the cpv's word of the measure, numbers grouped
    assert en[("grass", "standing-ratio")] == "standing committee 4 > 0.333 × executive 9"
    assert en[("d", "max-members")] == "2,377 party members > 2,000 for huyen-uy"
    assert en[("d", "wide-span")] == "span 18 > 15 (wide span)"
    assert english_words("\n".join(en.values()), model_words(m) | RULE_NAMES)  # it can fail


def test_validate_in_vietnamese_says_the_findings_of_the_bundled_model(cli):
    r = cli("validate", BASE, "--lang", "vi")
    assert r.code == 0
    found = [line.strip().split(": ", 1)[1] for line in r.out.splitlines()
             if "wide-span" in line]  # after the file:line
    assert found == ["ninh-kieu: wide-span: có 68 đơn vị trực thuộc > 15 (quá nhiều)",
                     "thot-not: wide-span: có 46 đơn vị trực thuộc > 15 (quá nhiều)"]
    lines = "\n".join(found)
    assert english_words(lines, model_words(orggraph.load(BASE)) | RULE_NAMES) == []
    assert "wide-span: span 68 > 15 (wide span)" in cli("validate", BASE, "--lang", "en").out


def test_the_unknown_members_of_a_ministry_in_vietnamese(cli):
    model = orggraph.load(MINISTRY)
    with i18n.language("vi"):
        said = [f.message for f in findings(model)]
    assert "chưa kiểm tra được ≥ 30 đối với Đảng bộ cơ sở: đã biết 14 đảng viên, 1 đơn vị chưa " \
        "rõ" in said
    assert "chưa kiểm tra được ≥ 30 đối với Đảng bộ cơ sở: chưa rõ số đảng viên của 1 đơn vị" \
        in said
    assert "chưa kiểm tra được 3–29 đối với Chi bộ cơ sở; chi ủy ≤ 7 người khi có từ 9 đảng " \
        "viên: chưa có số đảng viên" in said
    assert english_words("\n".join(said), model_words(model) | RULE_NAMES) == []
    out = cli("validate", MINISTRY, "--lang", "vi", "--all").out
    assert "cb-vu-htqt: max-members: 31 đảng viên > 29 (mức tối đa đối với Chi bộ cơ sở)" in out


def test_a_government_model_never_says_dang_vien(tmp_path):
    text = GOV_2024.read_text("utf-8").replace(
        "  bo: {label: Bộ}\n", "  bo: {label: Bộ, min_members: 5}\n").replace(
        "{id: bo-tu-phap, name: Bộ Tư pháp, type: bo}",
        "{id: bo-tu-phap, name: Bộ Tư pháp, type: bo, members: 3}")
    for labels, word in ((None, "thành viên"), ("{members: biên chế}", "biên chế")):
        path = tmp_path / "gov.yaml"
        path.write_text(text if labels is None else text.replace(
            "profile: generic\n", f"profile: generic\nlabels: {labels}\n"), "utf-8")
        model = orggraph.load(path)
        said = messages(model, "vi")
        assert said[("bo-tu-phap", "min-members")] == f"3 {word} < 5 (mức tối thiểu đối với Bộ)"
        assert said[("chinh-phu", "wide-span")] == "có 25 đơn vị trực thuộc > 15 (quá nhiều)"
        assert not any("đảng viên" in s for s in said.values())
        assert english_words("\n".join(said.values()), model_words(model) | RULE_NAMES) == []
    assert messages(model, "en")[("bo-tu-phap", "min-members")] == "3 biên chế < 5 for bo"


def test_a_message_is_made_when_the_finding_is_read():
    found = findings(cpv_model())  # evaluated in English …
    with i18n.language("vi"):  # … read in Vietnamese
        assert any(f.message == "có 18 đơn vị trực thuộc > 15 (quá nhiều)" for f in found)
    assert any(f.message == "span 18 > 15 (wide span)" for f in found)


def test_json_stays_locale_free(cli):
    en = json.loads(cli("metrics", MINISTRY, "--format", "json", "--lang", "en").out)
    vi = json.loads(cli("metrics", MINISTRY, "--format", "json", "--lang", "vi").out)
    assert vi["findings"] == en["findings"]
    assert {"unit": "cb-vu-htqt", "rule": "max-members", "message": "31 members > 29 for "
            "chi-bo-co-so", "members_total": 31, "max": 29} in vi["findings"]
    assert vi["units"]["db-cuc-van-thu"]["findings"] == en["units"]["db-cuc-van-thu"]["findings"]
    with i18n.language("vi"):  # the streamed writer and the plain one agree in any language
        met = orggraph.metrics(cpv_model())
        buf = io.BytesIO()
        write_metrics(met, buf)
        assert json.loads(buf.getvalue()) == json.loads(json.dumps(met.to_dict()))
        assert "0.333 × executive 9" in json.dumps(met.to_dict(), ensure_ascii=False)
