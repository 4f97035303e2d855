"""The text of a suggested scenario: an ordinary scenario file, each step preceded by
comments saying why it is there, its scalars written by the project's YAML writer
(:func:`orggraph.io.yamlio.scalar`), so that the file reads back as the same steps.

>>> print(comment("Quận ủy Thốt Nốt:\\nspan 46"))
# Quận ủy Thốt Nốt: span 46
"""

from __future__ import annotations

from ..i18n import _
from ..io.yamlio import flow, scalar


def comment(text, indent=""):
    """``text`` as one YAML comment line (line breaks and runs of spaces made one)."""
    return f"{indent}# " + " ".join(str(text).split())


def value(v):
    return flow(v) if isinstance(v, dict) else scalar(v)


def scenario_text(plan, base, title, head=()):
    """The scenario file of ``plan`` (``base``: the path it names as its base)."""
    lines = [comment(line) for line in head]
    lines += ["orggraph-scenario: 1", f"title: {scalar(title)}", f"base: {scalar(base)}"]
    if not plan.steps:
        lines.append(comment(_("nothing to change: every target is met already")))
        return "\n".join(lines + ["steps: []"]) + "\n"
    lines.append("steps:")
    for notes, step in plan.steps:
        lines += [comment(note, "  ") for note in notes]
        op, body = next(iter(step.items()))
        lines.append(f"  - {op}:")
        lines += [f"      {scalar(k)}: {value(v)}" for k, v in body.items()]
    return "\n".join(lines) + "\n"
