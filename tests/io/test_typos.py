"""Typos in model files are refused with "did you mean …?" (issue 15, item 2).

Any key of a unit that is not a field is a free attribute (``sector: cqddt``), so a field
mistyped (``tpye``, ``chilren``) used to become an attribute in silence.
"""

import time

import pytest

import orggraph
from orggraph.errors import SUGGESTED, suggest
from orggraph.model import Model

HEAD = ("orggraph: 1\nprofile: cpv\nunits:\n"
        "  - {id: can-tho, name: Thành ủy Cần Thơ, type: tinh-uy}\n")


def errors_of(tmp_path, text):
    p = tmp_path / "m.yaml"
    p.write_text(text, "utf-8")
    with pytest.raises(orggraph.OrgError) as info:
        orggraph.load(p)
    return [str(e).replace(f"{p}:", "") for e in getattr(info.value, "errors", [info.value])]


@pytest.mark.parametrize("key, field", [("tpye", "type"), ("chilren", "children"),
                                        ("parnet", "parent"), ("memebers", "members"),
                                        ("nmae", "name"), ("Name", "name"), ("ID", "id"),
                                        ("commitee", "committee"), ("staf", "staff")])
def test_a_key_one_letter_from_a_field_is_refused(tmp_path, key, field):
    unit = "{id: tn, parent: can-tho, name: Quận ủy Thốt Nốt, type: huyen-uy, members: 3}"
    unit = unit.replace(f"{field}: ", f"{key}: ") if f"{field}:" in unit else \
        unit[:-1] + f", {key}: 5}}"
    got = errors_of(tmp_path, HEAD + f"  - {unit}\n")
    assert f"unknown key '{key}' (did you mean '{field}'?)" in got[0]
    assert not any(f"missing '{field}'" in e for e in got)  # the typo says it already


def test_ordinary_attribute_names_still_pass(tmp_path):
    p = tmp_path / "m.yaml"
    p.write_text(HEAD + "  - {id: tn, parent: can-tho, name: Quận ủy Thốt Nốt, type: huyen-uy,"
                 " sector: cqddt, nam: 2011, ma: TN, note: x, level: 2, title: Quận ủy,"
                 " parent_org: x, số-hiệu: 12, kids: 3}\n", "utf-8")
    attrs = orggraph.load(p)["tn"].attrs
    assert attrs["sector"] == "cqddt" and attrs["nam"] == 2011 and attrs["số-hiệu"] == 12
    assert len(attrs) == 9


def test_unknown_ids_types_and_top_level_keys_get_the_closest(tmp_path):
    got = errors_of(tmp_path, "orggraph: 1\nprofile: cpv\nunts: []\nunits:\n"
                    "  - {id: root, name: Thành ủy, type: tinh-uy}\n"
                    "  - {id: btc, parent: rot, name: Ban Tổ chức, type: chi-bô}\n"
                    "links:\n  - {from: btc, to: bct}\n"
                    "people:\n  - {id: p, name: P, posts: [{unit: roo}]}\n")
    assert got == [
        "3: unknown top-level key 'unts' (did you mean 'units'?)",
        "6: unit 'btc': parent 'rot' does not exist (did you mean 'root'?)",
        "6: unit 'btc': unknown type 'chi-bô' for profile 'cpv' (did you mean 'chi-bo'?), or "
        "add it under 'types:'",
        "8: link btc → bct: unit 'bct' does not exist (did you mean 'btc'?)",
        "10: person 'p': post in unit 'roo', which does not exist (did you mean 'root'?)"]


def test_without_a_close_match_the_known_names_are_listed(tmp_path):
    got = errors_of(tmp_path, "orggraph: 1\nzzz: 1\nunits:\n  - {id: r, name: R, type: x}\n")
    assert got == ["2: unknown top-level key 'zzz' (known: orggraph, title, as_of, profile, lang, "
                   "labels, sources, units, types, links, people)"]


def test_suggestions_are_bounded_on_a_large_model():
    n = 300_000
    m = Model.from_columns(ids=[f"u{k:07d}" for k in range(n)], parents=[-1] + [0] * (n - 1),
                           names=["x"] * n, types=["x"] * n)
    start = time.perf_counter()
    hints = [m.suggest_id(w) for w in ("v0000012", "u000012-3", "zzz", "u0299999")]
    assert time.perf_counter() - start < 2  # lookups of the words one edit away, not a scan
    assert hints[:3] == [" (did you mean 'u0000012'?)", " (did you mean 'u0000123'?)", ""]
    assert "'u0299999'" not in hints[3]  # a word is never its own suggestion


def test_only_the_first_errors_look_for_suggestions(tmp_path):
    units = "".join(f"  - {{id: a{k}, parent: rot, name: A, type: x}}\n" for k in range(30))
    got = errors_of(tmp_path, "orggraph: 1\nunits:\n  - {id: root, name: R, type: x}\n" + units)
    hinted = [e for e in got if "did you mean 'root'" in e]
    assert len(got) == 30 and len(hinted) == SUGGESTED


def test_suggest_names_nothing_far():
    assert suggest("btcc", ["ban-to-chuc", "root"]) == ""
    assert suggest("ban-to-chu", ["ban-to-chuc", "root"]) == " (did you mean 'ban-to-chuc'?)"
