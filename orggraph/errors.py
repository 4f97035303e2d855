"""Errors for bad input, each carrying where it was found.

Every problem with a user's file is an :class:`OrgError`; several found in one
pass are raised together as :class:`OrgErrors`. Anything else that escapes
orggraph is a bug in orggraph, not in the input.

>>> e = OrgError("unknown type 'x'", file="m.yaml", line=7, unit="tn-1")
>>> str(e)
"m.yaml:7: unit 'tn-1': unknown type 'x'"
"""

from __future__ import annotations

#: Longest text of a value shown in a message (longer values are cut with "…").
SHOWN_CHARS = 60


def shown(value):
    """A value as a message shows it: text quoted and cut to :data:`SHOWN_CHARS`,
    a mapping or list only named (never walked: it may be shared a million times).

    >>> shown("Bộ Tài chính"), shown(3), shown({"a": [1]}), shown([1, 2])
    ("'Bộ Tài chính'", '3', 'a mapping', 'a list')
    >>> shown("x" * 100)[-2:], len(shown("x" * 100)), shown(10**5000)
    ("…'", 62, 'a number of about 5001 digits')
    """
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple, set)):
        return "a list"
    if isinstance(value, str):
        text = value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS - 1] + "…"
        return repr(text)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**SHOWN_CHARS:
        return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
    text = repr(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS - 1] + "…"


class OrgError(Exception):
    """One problem in the input, located by file, line, unit and scenario step."""

    #: What a reader built in spite of this error, if anything (see :class:`ErrorList`).
    partial = None
    #: For a failing scenario step: the change log of the steps applied before it.
    applied = None

    def __init__(self, message, *, file=None, line=None, unit=None, step=None, op=None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.unit = unit
        self.step = step
        self.op = op

    @property
    def where(self):
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line else str(self.file)

    def __str__(self):
        parts = []
        if self.step is not None:
            parts.append(f"step {self.step} ({self.op})" if self.op else f"step {self.step}")
        if self.unit is not None:
            parts.append(f"unit '{self.unit}'")
        parts.append(self.message)
        text = ": ".join(parts)
        return f"{self.where}: {text}" if self.where else text

    def sort_key(self):
        return (str(self.file or ""), self.line or 0)


class OrgErrors(OrgError):
    """Several problems at once, sorted by file and line."""

    def __init__(self, errors):
        errors = sorted(errors, key=OrgError.sort_key)
        first = errors[0]
        super().__init__(first.message, file=first.file, line=first.line, unit=first.unit)
        self.errors = errors

    def __str__(self):
        return "\n".join(str(e) for e in self.errors)


class ErrorList:
    """Collects errors during a pass, then raises them all at once.

    >>> errs = ErrorList()
    >>> errs.add("a", file="f", line=2); errs.add("b", file="f", line=1)
    >>> try:
    ...     errs.raise_if_any()
    ... except OrgErrors as e:
    ...     print(e)
    f:1: b
    f:2: a
    """

    def __init__(self):
        self.errors = []

    def add(self, message, **where):
        self.errors.append(OrgError(message, **where))

    def extend(self, error):
        self.errors.extend(getattr(error, "errors", [error]))

    def __bool__(self):
        return bool(self.errors)

    def raise_if_any(self, partial=None):
        """Raise what was collected, if anything. ``partial`` is what was built in
        spite of the errors, kept on the error (``exc.partial``) for a caller that
        can look further and report the rest of the problems in the same run."""
        if not self.errors:
            return
        exc = self.errors[0] if len(self.errors) == 1 else OrgErrors(self.errors)
        exc.partial = partial
        raise exc
