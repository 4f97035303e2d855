import pytest

import orggraph

from tests.helpers import SMALL


@pytest.fixture
def small(tmp_path):
    p = tmp_path / "base.yaml"
    p.write_text(SMALL, "utf-8")
    return orggraph.load(p)
