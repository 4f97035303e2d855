"""The words of the measure: the profile's, and a model's own ``labels:`` over them
(orggraph/profiles/__init__.py)."""

import pytest

import orggraph
from orggraph import profiles

from tests.helpers import BASE, ROOT

GOV = ROOT / "tests" / "corpus" / "bases" / "chinh-phu-2024.yaml"


def test_each_profile_has_its_own_words():
    cpv, generic = profiles.get("cpv"), profiles.get("generic")
    assert cpv.words("vi")["members"] == "đảng viên" and cpv.words("vi")["standing"] == "BTV"
    assert cpv.words("en")["member"] == "party member"
    assert cpv.words("en")["members"] == "party members"
    assert generic.words("vi")["members"] == "thành viên"
    assert generic.words("vi")["staff"] == "nhân sự"
    assert set(generic.words("en")) >= set(profiles.WORDS)


def test_a_model_sets_its_own_words(tmp_path):
    text = GOV.read_text("utf-8").replace(
        "profile: generic", "profile: generic\nlabels:\n  members: biên chế\n"
        "  staff: {vi: công chức, en: {one: civil servant, other: civil servants}}", 1)
    assert "labels:" in text
    path = tmp_path / "gov.yaml"
    path.write_text(text, "utf-8")
    model = orggraph.load(path)
    words = profiles.for_model(model).words
    assert words("vi")["members"] == words("en")["members"] == "biên chế"
    assert words("vi")["staff"] == "công chức" and words("en")["staff_one"] == "civil servant"
    assert words("vi")["standing"] == "thường trực"  # the profile's, where the model is silent
    assert orggraph.load(path).labels["members"] == "biên chế"


@pytest.mark.parametrize("labels, message", [
    ("{membres: x}", "labels: unknown word 'membres' (did you mean 'members'?)"),
    ("{members: ''}", "labels: 'members' must be text, text by language"),
    ("{members: [a, b]}", "labels: 'members' must be text, text by language"),
    ("{members: {vi: {one: {deep: x}}}}", "labels: 'members' must be text"),
])
def test_bad_labels_are_refused_at_their_line(tmp_path, cli, labels, message):
    text = BASE.read_text("utf-8").replace("lang: vi\n", f"lang: vi\nlabels: {labels}\n", 1)
    path = tmp_path / "m.yaml"
    path.write_text(text, "utf-8")
    r = cli("validate", path)
    line = text.splitlines().index(f"labels: {labels}") + 1
    assert r.code == 1 and f"m.yaml:{line}: {message}" in r.err


def test_lang_is_checked(tmp_path, cli):
    path = tmp_path / "m.yaml"
    path.write_text(BASE.read_text("utf-8").replace("lang: vi\n", "lang: fr\n", 1), "utf-8")
    r = cli("validate", path)
    assert r.code == 1 and "'lang': 'fr' is not a language orggraph speaks (choose en or vi)" \
        in r.err
