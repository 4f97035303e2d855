"""Text columns in Arrow: JSON string escaping and raw UTF-8 bytes, for outputs that
are assembled column-wise (a million rows without a Python loop)."""

from __future__ import annotations

import json

import numpy as np


#: Bytes that stand for themselves inside a JSON string (UTF-8 continuation bytes too).
_NEEDS_NO_ESCAPE = bytes(b for b in range(256) if b >= 0x20 and b not in b'"\\')


def json_text(arr):
    """The inside of JSON string literals for an Arrow string array (no quotes).

    >>> import pyarrow as pa
    >>> json_text(pa.array(['a "b"', "c"])).to_pylist()
    ['a \\\\"b\\\\"', 'c']
    """
    import pyarrow as pa

    if not bytes(string_bytes(arr)).translate(None, _NEEDS_NO_ESCAPE):
        return arr  # nothing to escape: the common case, no copy
    enc = json.encoder.encode_basestring
    return pa.array([None if v is None else enc(v)[1:-1] for v in arr.to_pylist()],
                    type=pa.string())


def string_bytes(arr):
    """The UTF-8 bytes of all the strings of an Arrow string array, back to back."""
    arr = arr.combine_chunks() if hasattr(arr, "combine_chunks") else arr
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32, count=len(arr) + 1,
                            offset=arr.offset * 4)
    return memoryview(arr.buffers()[2])[offsets[0]:offsets[-1]]
