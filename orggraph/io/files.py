"""Reading input files as text and writing output files atomically."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .. import i18n, limits
from ..errors import OrgError
from ..model import nfc

_ = i18n.gettext


def read_bytes(path, *, label=None, max_bytes=None, too_big=None):
    """The bytes of a file, or an OrgError saying why it cannot be read; ``too_big``
    ends the message about a file over ``max_bytes`` (the limit's variable, by default
    ``(ORGGRAPH_MAX_FILE_BYTES)``).

    Only regular files are read (a device, a pipe or a socket is refused: its size
    says nothing), and never more than ``max_bytes``, even if the file grows.
    """
    label = label or str(path)
    limit = max_bytes or limits.MAX_FILE_BYTES
    too_big = too_big or "(ORGGRAPH_MAX_FILE_BYTES)"
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise OrgError(_("is a folder, not a file"), file=label)
        if not stat.S_ISREG(st.st_mode):
            raise OrgError(_("is not a regular file (a device, pipe or socket): orggraph "
                             "reads model and scenario files only"), file=label)
        if st.st_size > limit:
            raise OrgError(_("file is {size} bytes, over the limit of {limit} {why}").format(
                size=i18n.number(st.st_size), limit=i18n.number(limit), why=too_big),
                file=label)
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except FileNotFoundError:
        raise OrgError(_("no such file"), file=label) from None
    except ValueError:  # a NUL byte in the path
        raise OrgError(_("the file name contains a NUL byte"), file=label) from None
    except OSError as exc:
        raise OrgError(_("cannot read: {reason}").format(reason=exc.strerror),
                       file=label) from None
    if len(data) > limit:
        raise OrgError(_("file is over the limit of {limit} bytes {why}").format(
            limit=i18n.number(limit), why=too_big), file=label)
    return data


def decode(data, label):
    """UTF-8 text (a BOM is dropped) with Windows line endings normalised, in Unicode
    normal form C (:func:`~orggraph.model.nfc`: text typed in decomposed form reads
    as the same text typed composed).

    The text is normalised as a whole, not value by value: the characters that give a
    file its structure (quotes, ``:``, ``,``, brackets, line ends) never combine with
    what follows them, so this is the same, and for text in NFC already it is one
    quick check in C.

    >>> decode("Bo\\u0323\\u0302 Y te\\u0302\\u0301\\r\\n".encode(), "m.yaml")
    'Bộ Y tế\\n'
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise OrgError(_("file is UTF-16; save it as UTF-8"), file=label, line=1)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise _not_text(_("file contains a NUL byte (binary file?)"), "nul", label,
                        data.count(b"\n", 0, nul) + 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = f"0x{data[exc.start]:02x}"
        raise _not_text(_("not valid UTF-8 (byte {byte}); save the file as UTF-8").format(
            byte=byte), "utf-8", label, line, byte) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return nfc(text)


def _not_text(message, why, label, line, byte=None):
    """The error for bytes that are not UTF-8 text: ``why`` is ``"nul"`` (a NUL byte)
    or ``"utf-8"`` (``byte``, written ``0xe0``, is not UTF-8 there), kept on the error
    (``exc.why``, ``exc.byte``) for a reader that can say more."""
    exc = OrgError(message, file=label, line=line)
    exc.why, exc.byte = why, byte
    return exc


def read_text(path, *, label=None, max_bytes=None, **options):
    label = label or str(path)
    return decode(read_bytes(path, label=label, max_bytes=max_bytes, **options), label)


#: Temporary files of :func:`write_atomic` are named ``.NAME.orggraph-PID-RANDOM.tmp``.
_TEMP = ".{name}.orggraph-{pid}-"


def write_atomic(path, data, *, mode=None):
    """Write ``data`` (str, bytes, or an iterable of bytes chunks, written as they come)
    to ``path`` so that it is whole or untouched.

    The data goes to a temporary file in the same folder, is flushed to disk, then
    renamed over ``path``: a crash leaves the old file as it was. A temporary file
    left by a killed orggraph is removed by the next write beside it. A path that
    exists and is a device or a pipe (``/dev/null``, ``/dev/stdout``) is written
    through, never replaced; a path through a symbolic link replaces the file the
    link points to, not the link.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    label = str(path)
    try:
        target = _target(path, label)
        if target is None:  # a device or a pipe: written through
            with open(path, "wb") as out:
                _write(out, data)
            return
        _replace(target, data, mode)
    except OrgError:
        raise
    except ValueError:
        raise OrgError(_("the file name contains a NUL byte"), file=label) from None
    except OSError as exc:
        raise OrgError(_("cannot write: {reason}").format(reason=exc.strerror or exc),
                       file=label) from None


def _target(path, label):
    """The real path to replace, or None for a device or pipe to write through."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OrgError(_("is a folder, not a file"), file=label)
        special = os.path.abspath(path).startswith(("/dev/", "/proc/"))
        if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode) or \
                (special and stat.S_ISREG(st.st_mode)):  # /dev/stdout into a file
            return None
        if not stat.S_ISREG(st.st_mode):
            raise OrgError(_("is not a regular file: orggraph writes files, or through a "
                             "device such as /dev/stdout"), file=label)
    real = Path(os.path.realpath(path))
    if not real.parent.is_dir():
        raise OrgError(_("output folder does not exist"), file=label)
    return real


def _replace(path, data, mode):
    folder = path.parent
    prefix = _TEMP.format(name=path.name, pid=os.getpid())
    _remove_stale(folder, path.name)
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            _write(out, data)
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


def _write(out, data):
    """Write bytes, or each bytes chunk of an iterable, to the binary file ``out``."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        out.write(data)
        return
    for chunk in data:
        out.write(chunk)


def _remove_stale(folder, name):
    """Remove temporary files for ``name`` whose orggraph process is gone."""
    start = f".{name}.orggraph-"
    try:
        entries = [e for e in os.listdir(folder) if e.startswith(start) and e.endswith(".tmp")]
    except OSError:
        return
    for entry in entries:
        pid = entry[len(start):].split("-", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        try:
            os.unlink(os.path.join(folder, entry))
        except OSError:
            pass


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True
