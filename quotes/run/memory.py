"""Hand freed heap memory back to the system between articles.

Parsing an article allocates and frees many tensors of many sizes; glibc keeps the freed space
in its heap, so a long run's resident memory creeps up article by article (from 620 to 850 MB on
30 PolNeAR dev articles). ``malloc_trim`` after each article returns it: resident memory stays
at its level after the first article (bench/README.md). A no-op where the C library has no
``malloc_trim`` (not glibc).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os

__all__ = ["release_memory"]

_TRIM = None
_LOADED = False


def _trim_function():
    global _TRIM, _LOADED
    if not _LOADED:
        _LOADED = True
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _TRIM = libc.malloc_trim
            _TRIM.argtypes = [ctypes.c_size_t]
            _TRIM.restype = ctypes.c_int
        except (OSError, AttributeError):
            _TRIM = None
    return _TRIM


def release_memory() -> None:
    """Return the heap's free pages to the system (``QUOTES_NO_TRIM=1`` turns it off)."""
    if os.environ.get("QUOTES_NO_TRIM"):
        return
    trim = _trim_function()
    if trim is not None:
        trim(0)
