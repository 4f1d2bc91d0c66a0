"""Hand freed heap memory back to the system between articles.

Parsing an article allocates and frees many tensors of many sizes; glibc keeps the freed space
in its heap, so a long run's resident memory creeps up article by article (from 620 to 850 MB on
30 PolNeAR dev articles). ``malloc_trim`` after each article returns it: resident memory stays
at its level after the first article (bench/README.md). A no-op where the C library has no
``malloc_trim`` (not glibc).

:func:`limit_heap_growth`, once per process before the first parse, caps oneDNN's cache of
compiled primitives (one per LSTM and matrix shape, 1,024 by default) at 8. During the claims
step, :func:`large_blocks_mapped` fixes glibc's mmap threshold at 4 MiB: glibc otherwise serves
a freed large block's size from the heap from then on (the threshold rises up to 32 MB), so
large blocks would stay in a heap that fragments; mapped, they are returned when freed. The
encoder's activations (at most 512 wordpieces a batch, 3 MB at the widest) stay under it and
are reused from the heap: at 256 KiB each batch's were mapped afresh, 2 million page faults and
5 s of system time in the claims step of 84 articles, for 3 MB less peak memory. Not during the
parse: there it saved ~20 MB for 10% more time in page faults. Measured on PolNeAR dev articles
(bench/README.md).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator

__all__ = ["release_memory", "limit_heap_growth", "large_blocks_mapped"]

_LIMITED = False
M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
MMAP_THRESHOLD = 4 * 1024 * 1024
MMAP_THRESHOLD_AFTER = 32 * 1024 * 1024


@lru_cache(maxsize=None)
def _libc_function(name: str, argtypes: tuple, restype=ctypes.c_int):
    """glibc's ``name`` with its signature, looked up once per process; None where the C library
    has no such function (not glibc)."""
    try:
        fn = getattr(ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6"), name)
    except (OSError, AttributeError):
        return None
    fn.argtypes = list(argtypes)
    fn.restype = restype
    return fn


def limit_heap_growth() -> None:
    """Cap oneDNN's primitive cache (unless the user set ``ONEDNN_PRIMITIVE_CACHE_CAPACITY``); once
    per process, before torch computes anything. ``QUOTES_NO_TRIM=1`` turns it off with
    :func:`release_memory`."""
    global _LIMITED
    if _LIMITED or os.environ.get("QUOTES_NO_TRIM"):
        return
    _LIMITED = True
    os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "8")


def _mallopt(param: int, value: int) -> None:
    mallopt = _libc_function("mallopt", (ctypes.c_int, ctypes.c_int))
    if mallopt is not None:
        mallopt(param, value)


@contextmanager
def large_blocks_mapped() -> Iterator[None]:
    """Within the block, allocations of 4 MiB or more are mapped and unmapped, not kept in the
    heap; after it the threshold is 32 MiB (glibc's own ceiling). Off with ``QUOTES_NO_TRIM=1``."""
    if os.environ.get("QUOTES_NO_TRIM"):
        yield
        return
    _mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    try:
        yield
    finally:
        release_memory()
        _mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_AFTER)


def release_memory() -> None:
    """Return the heap's free pages to the system (``QUOTES_NO_TRIM=1`` turns it off)."""
    if os.environ.get("QUOTES_NO_TRIM"):
        return
    trim = _libc_function("malloc_trim", (ctypes.c_size_t,))
    if trim is not None:
        trim(0)
