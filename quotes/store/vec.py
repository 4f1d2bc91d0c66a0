"""sqlite-vec on any connection: vectors as sqlite-vec blobs, and the extension's SQL functions.

Vectors are stored as sqlite-vec's float32 blobs in ordinary tables (``quote_vectors``), so the
database opens anywhere, with or without the extension. :func:`load_vec` adds sqlite-vec's
functions (``vec_distance_cosine``, ``vec_quantize_binary``, ...) to a connection for queries
such as "claims like this one". Pythons built without ``enable_load_extension`` (some pyenv
builds) get the extension through the same SQLite library the ``sqlite3`` module uses, via
``sqlite3_load_extension``, after checking that the handle really is this connection's.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import sqlite3

__all__ = ["load_vec", "to_blob", "from_blob", "bits_of"]


def to_blob(vector) -> bytes:
    import numpy as np

    return np.asarray(vector, dtype="<f4").tobytes()


def from_blob(blob: bytes):
    import numpy as np

    return np.frombuffer(blob, dtype="<f4")


def bits_of(blob: bytes) -> bytes:
    """sqlite-vec's ``vec_quantize_binary`` of a float32 blob (bit i set when x_i > 0, least
    significant bit first), computed without the extension."""
    import numpy as np

    return np.packbits(from_blob(blob) > 0, bitorder="little").tobytes()


def _lib():
    for name in ("libsqlite3.so.0", ctypes.util.find_library("sqlite3")):
        if name:
            try:
                return ctypes.CDLL(name)
            except OSError:
                continue
    return None


def _load_through_library(conn, path: str) -> bool:
    """``sqlite3_load_extension`` on the connection's own handle (CPython's pysqlite_Connection
    keeps ``sqlite3 *db`` right after the object header). The handle is used only when
    ``sqlite3_db_filename`` gives back this connection's main file."""
    lib = _lib()
    if lib is None or type(conn) is not sqlite3.Connection:
        return False
    handle = ctypes.c_void_p.from_address(id(conn) + 2 * ctypes.sizeof(ctypes.c_void_p)).value
    if not handle:
        return False
    lib.sqlite3_db_filename.restype = ctypes.c_char_p
    lib.sqlite3_db_filename.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    expected = (conn.execute("pragma database_list").fetchone()[2] or "").encode()
    # the check only reads a pointer we are sure is this object's field; a mismatch stops here
    if (lib.sqlite3_db_filename(handle, b"main") or b"") != expected:
        return False
    lib.sqlite3_enable_load_extension.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.sqlite3_load_extension.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p,
                                           ctypes.POINTER(ctypes.c_char_p)]
    err = ctypes.c_char_p()
    lib.sqlite3_enable_load_extension(handle, 1)
    try:
        rc = lib.sqlite3_load_extension(handle, path.encode(), None, ctypes.byref(err))
    finally:
        lib.sqlite3_enable_load_extension(handle, 0)
    return rc == 0


def load_vec(conn) -> bool:
    """Load sqlite-vec into ``conn`` (a sqlite3 connection); True when its functions work."""
    try:
        conn.execute("select vec_version()").fetchone()
        return True
    except Exception:
        pass
    try:
        import sqlite_vec
    except ImportError:
        return False
    try:
        conn.enable_load_extension(True)
        try:
            sqlite_vec.load(conn)
        finally:
            conn.enable_load_extension(False)
    except (AttributeError, sqlite3.OperationalError, Exception):
        try:
            if not _load_through_library(conn, sqlite_vec.loadable_path()):
                return False
        except Exception:
            return False
    try:
        conn.execute("select vec_version()").fetchone()
        return True
    except Exception:
        return False
