"""orggraph.scenario.select: the selectors of scenario steps."""

import random

import pytest

from orggraph import profiles
from orggraph.errors import OrgError
from orggraph.scenario.ops import Context
from orggraph.scenario.select import select

from tests.helpers import random_model


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


class _Text(str):
    """Text that the fast path of :func:`select` leaves to the general one."""


class _Names(list):
    """A list that the fast path of :func:`select` leaves to the general one."""


@pytest.mark.parametrize("seed", range(4))
def test_the_fast_path_of_id_and_ids_selects_as_the_general_one(seed):
    """``{id: X}`` and ``{ids: [...]}`` alone skip the general checks: on random such
    selectors (unknown ids, numbers, repeats, an empty list, a list given to id) both
    paths give the same units or the same error."""
    rnd = random.Random(seed)
    model = random_model(rnd, 40)
    ctx = Context(model, profiles.get())
    known = list(model._ids)
    names = known[:5] + ["khong-co", "u-1x"]
    plain = {str: _Text, list: lambda v: _Names(_Text(x) if isinstance(x, str) else x
                                                for x in v)}

    def outcome(spec):
        try:
            return [model._ids[i] for i in select(ctx, spec)]
        except OrgError as exc:
            return str(exc)
    for _ in range(200):
        key = rnd.choice(["id", "ids"])
        value = rnd.choice(names) if rnd.random() < 0.6 else \
            [rnd.choice(names + [7]) for _ in range(rnd.randint(0, 4))]
        if rnd.random() < 0.1:
            value = rnd.choice([7, True, None, {"a": 1}])
        fast = outcome({key: value})
        general = outcome({key: plain.get(type(value), lambda v: v)(value)})
        assert fast == general, (key, value)
        if key == "id" and value in known:
            assert fast == [value]
