"""What orggraph's HTML pages share: their assets (the files of ``templates/``) and
their Content-Security-Policy, which lets a page run its own inline scripts only.

>>> policy = csp("alert(1)")
>>> "script-src 'sha256-" in policy and "default-src 'none'" in policy
True
>>> "script-src 'none'" in csp()
True
"""

from __future__ import annotations

import base64
import functools
import hashlib
from importlib.resources import files


@functools.lru_cache(maxsize=None)
def asset(name):
    """The text of ``templates/<name>`` of this package."""
    return files(__package__).joinpath("templates", name).read_text(encoding="utf-8")


def csp(*scripts):
    """A page's Content-Security-Policy: nothing fetched, no script but ``scripts`` (the
    texts of its inline ``<script>`` elements, allowed by their hashes), inline styles
    and ``data:`` images only."""
    allowed = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(
        s.encode("utf-8")).digest()).decode("ascii") + "'" for s in scripts) or "'none'"
    return (f"default-src 'none'; script-src {allowed}; style-src 'unsafe-inline'; "
            "img-src data:; base-uri 'none'; form-action 'none'")
