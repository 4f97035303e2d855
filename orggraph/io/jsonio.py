"""Models as JSON: the same fields as a YAML model file, units in flat form."""

from __future__ import annotations

import json

from ..errors import OrgError
from .files import read_text
from .records import model_from_data, model_to_data


def read(path, *, label=None):
    label = label or str(path)
    text = read_text(path, label=label)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise OrgError(f"invalid JSON: {exc.msg}", file=label, line=exc.lineno) from None
    except RecursionError:
        raise OrgError("JSON nested too deeply", file=label) from None
    return model_from_data(data, label)


def dumps(model):
    return json.dumps(model_to_data(model), ensure_ascii=False, indent=1) + "\n"
