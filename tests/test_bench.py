"""The generators of bench/generate.py produce what they claim."""

from tests.helpers import generate


def test_synthetic_generator():
    rows = generate.synthetic(5_000, seed=7)
    ids = [r[0] for r in rows]
    assert len(rows) == 5_000 and len(set(ids)) == 5_000
    assert sum(1 for r in rows if r[1] == "") == 1
    spans = {}
    for r in rows:
        if r[1]:
            spans[r[1]] = spans.get(r[1], 0) + 1
    assert max(spans.values()) <= 50 and sorted(spans.values())[1] >= 5  # one may be cut short
    assert any("ộ" in r[2] for r in rows)


def test_national_generator_matches_the_aggregates():
    rows, steps = generate.national()
    kids = {}
    for uid, parent, name, utype, members, sector in rows:
        kids.setdefault(parent, []).append((uid, utype, members))
    assert len(kids[""]) == 1 and len(kids["tw"]) == 69
    types = [r[3] for r in rows]
    assert types.count("huyen-uy") == 694 and types.count("dang-bo-co-so") == 52_000
    members = sum(r[4] for r in rows)
    assert 5_300_000 < members < 5_900_000  # ≈ 5.6 million
    ops = [next(iter(s)) for s in steps]
    assert ops.count("merge") == 63 - 34
    assert steps[ops.index("dissolve")] == {"dissolve": {"select": {"type": "huyen-uy"},
                                                         "expect": 694}}
    assert 3_200 <= ops.count("group") <= 3_450  # ≈ 3,321 communes
    assert ops.count("create") == 2 * 34
