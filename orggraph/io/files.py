"""Reading input files as text and writing output files atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import OrgError
from .. import limits


def read_bytes(path, *, label=None, max_bytes=None, too_big="(ORGGRAPH_MAX_FILE_BYTES)"):
    """The bytes of a file, or an OrgError saying why it cannot be read; ``too_big``
    ends the message about a file over ``max_bytes``."""
    label = label or str(path)
    path = Path(path)
    if path.is_dir():
        raise OrgError("is a folder, not a file", file=label)
    try:
        size = path.stat().st_size
        limit = max_bytes or limits.MAX_FILE_BYTES
        if size > limit:
            raise OrgError(f"file is {size:,} bytes, over the limit of {limit:,} {too_big}",
                           file=label)
        return path.read_bytes()
    except FileNotFoundError:
        raise OrgError("no such file", file=label) from None
    except OSError as exc:
        raise OrgError(f"cannot read: {exc.strerror}", file=label) from None


def decode(data, label):
    """UTF-8 text (a BOM is dropped) with Windows line endings normalised."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise OrgError("file is UTF-16; save it as UTF-8", file=label, line=1)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise OrgError("file contains a NUL byte (binary file?)", file=label,
                       line=data.count(b"\n", 0, nul) + 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise OrgError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
                       file=label, line=line) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return text


def read_text(path, *, label=None, max_bytes=None, **options):
    label = label or str(path)
    return decode(read_bytes(path, label=label, max_bytes=max_bytes, **options), label)


def write_atomic(path, data, *, mode=None):
    """Write ``data`` (str or bytes) to ``path`` so that it is whole or untouched.

    The data goes to a temporary file in the same folder, is flushed to disk,
    then renamed over ``path``: a crash leaves the old file as it was.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OrgError("output folder does not exist", file=str(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is None:
            try:
                mode = path.stat().st_mode & 0o777
            except FileNotFoundError:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
