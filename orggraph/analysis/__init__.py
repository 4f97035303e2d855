"""What the numbers say: per-unit metric columns and summary figures, the
profile's policy rules (findings), and the comparison of plans.

Reads models; never renders or prints (that is :mod:`orggraph.output`).
"""
