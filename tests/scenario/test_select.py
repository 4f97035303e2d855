"""orggraph.scenario.select: the selectors of scenario steps."""


def test_selectors(small):
    from orggraph.scenario.ops import Context
    from orggraph.scenario.select import select
    from orggraph import profiles
    ctx = Context(small, profiles.get())
    ids = lambda spec: [small._ids[i] for i in select(ctx, spec)]  # noqa: E731
    assert ids({"children_of": "r"}) == ["a", "b", "c"]
    assert ids({"descendants_of": "a"}) == ["a1", "a2"]
    assert ids({"type": "y"}) == ["a1", "a2", "b1"]
    assert ids({"type": ["x"], "where": {"sector": ["s1", "s2"]}}) == ["a", "b", "c"]
    assert ids({"descendants_of": "r", "where": {"sector": "s2"}}) == ["a2", "c"]
    assert ids({"ids": ["c", "a"], "children_of": "r"}) == ["a", "c"]
    assert ids({"where": {"members": [3, 6]}}) == ["a1", "b1"]
