"""orggraph.output.tree: the text tree of ``show``."""

from orggraph.model import Model
from orggraph.output.tree import INDENT_LEVELS, tree_lines


def test_a_deep_chain_is_indented_to_a_bound():
    m = Model(title="T")
    for k in range(3000):
        m.add_unit(f"u{k}", f"U{k}", "x", parent=f"u{k - 1}" if k else None)
    lines = tree_lines(m)
    assert len(lines) == 3000
    assert max(map(len, lines)) < 3 * INDENT_LEVELS + 80  # not 3 × 3,000 columns
    assert lines[INDENT_LEVELS].startswith(" " * (3 * INDENT_LEVELS - 3) + "└─ U40 [u40]")
    assert lines[INDENT_LEVELS + 1].startswith("(level 41) " + " " * (3 * INDENT_LEVELS - 3)
                                               + "└─ U41 [u41]")
    assert lines[-1].startswith("(level 2,999) ")


def test_siblings_keep_their_branches_below_the_bound():
    m = Model(title="T")
    m.add_unit("r", "R", "x")
    for k in range(3):
        m.add_unit(f"c{k}", f"C{k}", "x", parent="r")
    assert [line.split(" [")[0] for line in tree_lines(m)] == ["R", "├─ C0", "├─ C1", "└─ C2"]
