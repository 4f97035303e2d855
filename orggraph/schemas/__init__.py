"""JSON Schemas (draft 2020-12) of model and scenario files, and starting files.

>>> import json
>>> json.loads(text("scenario"))["$defs"]["step"]["propertyNames"]["enum"][:3]
['create', 'move', 'group']
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .. import i18n
from ..errors import OrgError
from ..i18n import N_
from ..io.files import write_atomic
from ..io.yamlio import scalar

STARTERS = {
    "model": """\
# yaml-language-server: $schema=model.schema.json
# A starting orggraph model: edit it, then check it with `orggraph validate {name}`.
# Units nest under `children`; a unit may instead name its `parent`. Any other key of a
# unit (like `sector` below) is a free attribute that scenarios can select on.
orggraph: 1
title: Tổ chức mới
as_of: 2026-01-01
profile: generic            # or cpv: the Party's unit types and the Charter's rules
units:
  - id: root
    name: Đơn vị cấp trên
    type: committee
    committee: {{size: 9, standing: 3}}   # executive and standing committee sizes
    children:
      - id: dept-a
        name: Phòng Tổ chức
        type: department
        members: 12                    # members of this unit itself
        sector: admin
      - id: dept-b
        name: Phòng Công tác cơ sở
        type: department
        members: 8
        sector: field
""",
    "scenario": """\
# yaml-language-server: $schema=scenario.schema.json
# A starting orggraph scenario: steps applied to the base model, all or nothing.
# Try it: `orggraph apply {name} --log`; compare: `orggraph compare {base} {name}`.
orggraph-scenario: 1
title: Kế hoạch mới
base: {base}
as_of: 2026-06-01
steps:
  - create: {{id: new-unit, name: Đơn vị mới, type: department, parent: root}}
  - move:
      select: {{children_of: root, where: {{sector: field}}}}
      to: new-unit
      expect: 1                  # a guard: the step fails unless exactly 1 unit matches
""",
}


#: The comments of :data:`STARTERS` as written there (without their ``# ``): a starting
#: file has them in the language in force.
COMMENTS = (
    N_("A starting orggraph model: edit it, then check it with `orggraph validate {name}`.\n"
       "Units nest under `children`; a unit may instead name its `parent`. Any other key of a\n"
       "unit (like `sector` below) is a free attribute that scenarios can select on."),
    N_("or cpv: the Party's unit types and the Charter's rules"),
    N_("executive and standing committee sizes"),
    N_("members of this unit itself"),
    N_("A starting orggraph scenario: steps applied to the base model, all or nothing.\n"
       "Try it: `orggraph apply {name} --log`; compare: `orggraph compare {base} {name}`."),
    N_("a guard: the step fails unless exactly 1 unit matches"),
)


def starter_text(kind):
    """The starting ``kind`` file (a template: ``{name}``, ``{base}``) in the language in
    force: its comments translated; not in English, the model says its ``lang:``."""
    out = STARTERS[kind]
    lang = i18n.current()
    if lang == "en":
        return out
    for comment in COMMENTS:
        said = i18n.gettext(comment)
        out = out.replace(comment.replace("\n", "\n# "), said.replace("\n", "\n# "))
    return out.replace("\nprofile: generic", f"\nlang: {lang}\nprofile: generic", 1)


def text(kind):
    """The schema of ``kind`` (``model`` or ``scenario``) as JSON text."""
    return resources.files(__package__).joinpath(f"{kind}.schema.json").read_text("utf-8")


def starter(kind, out, *, base="model.yaml"):
    """Write a starting ``kind`` file at ``out`` and its schema beside it (if missing).

    The file's name and ``base`` are written as YAML scalars (in the comments too: a
    scalar is always one line), so any base reads back exactly as given."""
    out = Path(out)
    if out.exists():
        raise OrgError(i18n.gettext("exists already; a starting file never overwrites"),
                       file=str(out))
    written = []
    schema = out.parent / f"{kind}.schema.json"
    write_atomic(out, starter_text(kind).format(name=scalar(out.name), base=scalar(str(base))))
    written.append(out)
    if not schema.exists():
        write_atomic(schema, text(kind))
        written.append(schema)
    return written
