"""Baseline (b): a peer library, bigtree, building the same tree from a pandas DataFrame
and computing each node's depth and number of children.

    python bench/peer_bigtree.py units.csv
"""

import sys

import bigtree
import pandas as pd


def main(path):
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df["parent"] = df["parent"].where(df["parent"] != "", None)
    root = bigtree.dataframe_to_tree_by_relation(df[["id", "parent"]], child_col="id",
                                                 parent_col="parent")
    depth = {node.node_name: node.depth for node in bigtree.preorder_iter(root)}
    kids = {node.node_name: len(node.children) for node in bigtree.preorder_iter(root)}
    print(len(depth), max(depth.values()), max(kids.values()))


if __name__ == "__main__":
    main(sys.argv[1])
