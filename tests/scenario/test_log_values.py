"""The change log's detail lines (orggraph.scenario.ops): a field's values as compare's
diff shows them (orggraph.profiles.values), in the profile's words; unit types by the
profile's label in Vietnamese, by their ids in English."""

import orggraph
from orggraph import i18n
from orggraph.scenario.ops import OPERATIONS

from tests.helpers import BASE, english_words, model_words
from tests.scenario.test_ops_i18n import GOV_2024

UPDATE = """\
orggraph-scenario: 1
base: {base}
steps:
  - update:
      select: {{id: {unit}}}
      set: {{staff: {{dedicated: 2, concurrent: 5}}, members: 12000, pilot: true, note: x}}
  - update: {{select: {{id: {unit}}}, set: {{type: {type}}}}}
"""


def plan(tmp_path, base, unit, utype, labels=None):
    if labels:
        text = base.read_text("utf-8").replace("profile: generic\n",
                                                f"profile: generic\nlabels: {labels}\n")
        base = tmp_path / "base.yaml"
        base.write_text(text, "utf-8")
    path = tmp_path / "plan.yaml"
    path.write_text(UPDATE.format(base=base, unit=unit, type=utype), "utf-8")
    return path


def test_staff_is_shown_as_its_fields_in_the_profiles_words(cli, tmp_path):
    path = plan(tmp_path, BASE, "thot-not", "dang-bo-co-so")
    vi = cli("apply", path, "--log", "--lang", "vi").out.splitlines()
    assert vi[0] == "bước 1 (update): cập nhật 1 đơn vị: cán bộ, đảng viên, pilot, note"
    assert vi[1:5] == [
        "    Quận ủy Thốt Nốt (thot-not): cán bộ {chuyên trách: 32, kiêm nhiệm: 11} → "
        "{chuyên trách: 2, kiêm nhiệm: 5}",
        "    Quận ủy Thốt Nốt (thot-not): đảng viên (không có) → 12.000",
        "    Quận ủy Thốt Nốt (thot-not): pilot (không có) → có",
        "    Quận ủy Thốt Nốt (thot-not): note (không có) → 'x'"]
    # a type by the profile's label, as the tree and the diff say it
    assert vi[6] == ("    Quận ủy Thốt Nốt (thot-not): loại Huyện ủy / Quận ủy / Thị ủy → "
                     "Đảng bộ cơ sở")
    result = orggraph.load_plan(path).result
    allowed = model_words(result.model) | set(OPERATIONS) | {"pilot", "note"}
    assert english_words("\n".join(vi), allowed) == []
    en = cli("apply", path, "--log", "--lang", "en").out.splitlines()
    assert en[0] == "step 1 (update): updated 1 unit: staff, members, pilot, note"
    assert en[1:5] == [
        "    Quận ủy Thốt Nốt (thot-not): staff {dedicated: 32, concurrent: 11} → "
        "{dedicated: 2, concurrent: 5}",  # not a Python dict: {'dedicated': 32, …}
        "    Quận ủy Thốt Nốt (thot-not): members (none) → 12,000",
        "    Quận ủy Thốt Nốt (thot-not): pilot (none) → true",
        "    Quận ủy Thốt Nốt (thot-not): note (none) → 'x'"]
    assert en[6] == "    Quận ủy Thốt Nốt (thot-not): type 'huyen-uy' → 'dang-bo-co-so'"


def test_a_government_log_says_its_own_words(cli, tmp_path):
    """A ministry's staff and members in the model's labels:, never the Party's words."""
    path = plan(tmp_path, GOV_2024, "bo-noi-vu", "co-quan-ngang-bo",
                labels="{members: biên chế, staff: công chức}")
    with i18n.language("vi"):
        text = orggraph.load_plan(path).result.log_text()
    assert "đảng viên" not in text and "cán bộ" not in text
    assert "Bộ Nội vụ (bo-noi-vu): công chức (không có) → {chuyên trách: 2, kiêm nhiệm: 5}" \
        in text
    assert "Bộ Nội vụ (bo-noi-vu): biên chế (không có) → 12.000" in text
    assert "Bộ Nội vụ (bo-noi-vu): loại Bộ → Cơ quan ngang bộ" in text
