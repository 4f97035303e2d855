"""Models for the tests of the column-wise writers (JSON, GraphML): random ones with
every kind of value a unit can hold, and the same read back through each reader."""

from orggraph.model import Link, Model, Person, Post

from tests.helpers import NAMES

#: Text a writer must escape or keep as it is: Vietnamese, markup, quotes, control
#: characters that files allow (tab, line feed), separators and a JSON/XML look-alike.
HOSTILE = NAMES + ["A & B <c> </data>", "]]>", '"\\u0000"', "line\nbreak", "\u2028sep\u2029",
                   "emoji 🏛️", "Bo\u0323\u0302 Y te\u0302\u0301", "<![CDATA[x]]>", "&amp;", "",
                   "Ủy ban Kiểm tra", "x" * 300]


def rich_model(rnd, n, *, links=True, people=True, dict_order="canonical"):
    """A random model of ``n`` units: attributes of text (empty too), whole numbers,
    decimals, true/false, a column mixing numbers and text, committee and staff
    (fields in the canonical order, or ``dict_order="swapped"``: all reversed, or
    ``"mixed"``: in both orders), links (duplicates, parent → child pairs, reverse
    pairs) and people with posts."""
    m = Model(title=rnd.choice([None, "Thành ủy Cần Thơ", 'tiêu đề "x" & <y>', ""]),
              as_of=rnd.choice([None, "2025-07-01"]), profile="generic",
              sources=rnd.choice([[], ["Nghị quyết 18-NQ/TW", "a\tb"]]),
              types=rnd.choice([{}, {"to": {"label": "Tổ"}}]))
    for i in range(n):
        attrs = {}
        if rnd.random() < 0.6:
            attrs["sector"] = rnd.choice(["cqddt", "xa", "", "Đảng bộ <Khối>", "a&b"])
        if rnd.random() < 0.4:
            attrs["code"] = rnd.choice([7, -3, 0, 2 ** 62, "A-1", "007", "=1+1"])
        if rnd.random() < 0.3:
            attrs["ratio"] = rnd.choice([0.1, 1.0, 1e20, -0.0, 2.5e-7, 3.0])
        if rnd.random() < 0.3:
            attrs["active"] = rnd.choice([True, False])
        if rnd.random() < 0.2:
            attrs[rnd.choice(['tên "lạ"', "a<b>&c", "tab\tkey"])] = rnd.choice(HOSTILE)
        if rnd.random() < 0.4:
            committee = {"size": rnd.randint(3, 15), "standing": rnd.randint(1, 5)}
            if rnd.random() < 0.3:
                committee.pop(rnd.choice(["size", "standing"]))
            if dict_order == "swapped" or dict_order == "mixed" and rnd.random() < 0.5:
                committee = dict(reversed(committee.items()))
            attrs["committee"] = committee
        if rnd.random() < 0.2:
            attrs["staff"] = {"dedicated": rnd.randint(0, 3), "concurrent": rnd.randint(0, 9)}
        m.add_unit(f"u{i}", rnd.choice(HOSTILE[:-4] + ["Chi bộ Thốt Nốt"]) + f" {i}",
                   rnd.choice(["chi-bo", "dang-bo", "to"]),
                   parent=None if i == 0 else f"u{rnd.randrange(max(0, i - 20), i)}",
                   members=rnd.choice([None, 0, rnd.randint(1, 60)]), **attrs)
    if links and n > 2:
        for _ in range(rnd.randint(1, 6)):
            a, b = rnd.sample(range(n), 2)
            m.links.append(Link(f"u{a}", f"u{b}", rnd.choice(["guidance", "dual", "phối hợp"]),
                                rnd.choice([{}, {"weight": 2}, {"note": "A & B"},
                                            {"since": 2020, "ok": True}])))
        m.links.append(Link("u0", m._ids[m._parent.index(0)] if 0 in m._parent else "u1",
                            "guidance"))  # the same pair as a hierarchy edge: dropped
        m.links.append(Link(*(m.links[0].source, m.links[0].target), "again"))  # a duplicate
    if people and n > 1:
        m.people["p1"] = Person("p1", "Nguyễn Văn A", [Post("u0", "Bí thư"), Post("u1")],
                                {"born": 1970})
    return m
