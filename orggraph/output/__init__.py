"""Everything a person reads: escaping (:mod:`~orggraph.output.escape`), labels,
text tables, JSON and CSV writers, org charts (DOT, Mermaid) and the HTML report.

Reads models and analysis results; never changes them.
"""
