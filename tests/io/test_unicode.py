"""Text in Unicode normal form C, whatever the keyboard typed (issue 15, item 3).

A Vietnamese input method that writes decomposed text (NFD: ``o`` + U+0302 + U+0323
for ``ộ``) gave names that looked the same and compared different: a model typed that
way compared as 130 "renames" against the same model typed in NFC, and
``where: {name: Bộ Y tế}`` matched nothing.
"""

import unicodedata

import pytest

import orggraph
from orggraph import scenario as sc
from orggraph.io import files, graphml, jsonio, yamlio
from orggraph.model import Model, nfc

from tests.helpers import BASE, run


def nfd(text):
    return unicodedata.normalize("NFD", text)


def is_nfc(text):
    return unicodedata.is_normalized("NFC", text)


BO = """\
orggraph: 1
title: Chính phủ nước Cộng hòa xã hội chủ nghĩa Việt Nam
units:
  - id: chinh-phu
    name: Chính phủ
    type: chính-phủ
    children:
      - {id: byt, name: Bộ Y tế, type: bộ, lĩnh-vực: y tế}
      - {id: bnv, name: Bộ Nội vụ, type: bộ, lĩnh-vực: nội vụ}
      - {id: btc, name: "Bộ Tài chính, Kế hoạch", type: bộ, lĩnh-vực: kinh tế}
links:
  - {from: btc, to: bnv, kind: phối hợp}
people:
  - id: p1
    name: Nguyễn Thị Ánh
    posts:
      - {unit: byt, title: Bộ trưởng}
"""


def texts(model):
    """Every text of a model a person reads or a selector compares."""
    out = [model.title]
    for u in model.units():
        out += [u.name, u.type] + [k for k in u.attrs] + [v for v in u.attrs.values()
                                                         if isinstance(v, str)]
    out += [link.kind for link in model.links]
    for p in model.people.values():
        out += [p.name] + [post.title for post in p.posts]
    return out


def test_the_example_text_is_really_decomposed():
    assert not is_nfc(nfd(BO)) and len(nfd(BO)) > len(BO)


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".graphml"])
def test_a_decomposed_file_reads_as_the_composed_one(tmp_path, suffix):
    composed = tmp_path / "nfc.yaml"
    composed.write_text(BO, "utf-8")
    model = orggraph.load(composed)
    written = {".yaml": lambda: nfd(BO), ".json": lambda: nfd(jsonio.dumps(model)),
               ".graphml": lambda: nfd(graphml.dumps(model))}[suffix]()
    decomposed = tmp_path / f"nfd{suffix}"
    decomposed.write_text(written, "utf-8")
    again = orggraph.load(decomposed)
    assert all(is_nfc(t) for t in texts(again))
    assert again["byt"].name == "Bộ Y tế" and again["byt"].attrs["lĩnh-vực"] == "y tế"
    if suffix != ".graphml":  # GraphML keeps units and links only
        assert texts(again) == texts(model)


def test_compare_finds_no_rename_between_the_two_forms(cli, tmp_path):
    model = orggraph.load(BASE)
    a, b = tmp_path / "nfc.yaml", tmp_path / "nfd.yaml"
    a.write_text(BASE.read_text("utf-8"), "utf-8")
    b.write_text(nfd(BASE.read_text("utf-8")), "utf-8")
    d = orggraph.diff(orggraph.load(a), orggraph.load(b))
    assert (d.renamed, d.changed, d.added, d.removed) == ([], [], [], [])
    assert len(model) > 100  # the 2011 model has names with diacritics enough to tell


def test_a_decomposed_scenario_selects_composed_names_and_back(tmp_path):
    (tmp_path / "nfc.yaml").write_text(BO, "utf-8")
    (tmp_path / "nfd.yaml").write_text(nfd(BO), "utf-8")
    for base, typed in (("nfc.yaml", nfd), ("nfd.yaml", lambda t: t)):
        s = tmp_path / "s.yaml"
        s.write_text(typed("orggraph-scenario: 1\nbase: " + base + "\nsteps:\n"
                           "  - update:\n      select: {where: {name: Bộ Y tế}}\n"
                           "      set: {name: Bộ Y tế và Dân số}\n      expect: 1\n"
                           "  - move: {select: {where: {lĩnh-vực: [nội vụ, kinh tế]}}, to: byt,"
                           " expect: 2}\n"), "utf-8")
        m = orggraph.load(s)
        assert m["byt"].name == "Bộ Y tế và Dân số" and is_nfc(m["byt"].name)
        assert m.children("byt") == ["bnv", "btc"]


def test_the_library_keeps_text_composed():
    m = Model()
    m.add_unit("r", nfd("Chính phủ"), nfd("chính-phủ"), **{nfd("lĩnh-vực"): nfd("tổng hợp")})
    assert (m["r"].name, m["r"].type, m["r"].attrs) == ("Chính phủ", "chính-phủ",
                                                         {"lĩnh-vực": "tổng hợp"})
    m.set_field(0, "name", nfd("Chính phủ lâm thời"))
    m.set_field(0, nfd("ghi-chú"), nfd("đổi tên"))
    assert m["r"].name == "Chính phủ lâm thời" and m["r"].attrs["ghi-chú"] == "đổi tên"
    m.add_unit("a", "Bộ Y tế", "bộ", parent="r", **{"lĩnh-vực": "y tế"})
    # a scenario built in code, its text typed decomposed
    r = run(m, "- update: {select: {where: {lĩnh-vực: y tế}}, set: {tên-cũ: x}, expect: 1}\n")
    assert r.model["a"].attrs["tên-cũ"] == "x"
    steps = [{"update": {"select": {"where": {nfd("lĩnh-vực"): nfd("y tế")}, "type": nfd("bộ")},
                         "set": {"members": 3}, "expect": 1}}]
    r = sc.apply(m, sc.Scenario(file="api", base="-", steps=steps, lines=[1]))
    assert r.model["a"].members == 3


def test_line_numbers_survive_normalisation(tmp_path):
    p = tmp_path / "m.yaml"
    p.write_text(nfd(BO.replace("type: bộ, lĩnh-vực: nội vụ", "type: bộ, members: -1")), "utf-8")
    with pytest.raises(orggraph.OrgError, match=r"m\.yaml:9: unit 'bnv': 'members' must be"):
        orggraph.load(p)


def test_decode_and_loads_normalise_and_leave_composed_text_alone():
    assert files.decode(nfd("Bộ Y tế\r\n").encode(), "m.yaml") == "Bộ Y tế\n"
    assert yamlio.loads(nfd("name: Bộ Y tế\n"))["name"] == "Bộ Y tế"
    assert jsonio.loads(nfd('{"name": "Bộ Y tế"}'))["name"] == "Bộ Y tế"
    text = "Bộ Y tế" * 3
    assert nfc(text) is text and nfc("ascii") == "ascii"
