"""quotes/run/memory.py: the heap settings an ingest runs under, checked against glibc itself."""
from __future__ import annotations

import ctypes
import ctypes.util

import pytest

from quotes.run import memory


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
                 "fordblks", "keepcost")]


def _libc():
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    if not hasattr(libc, "mallinfo2"):
        pytest.skip("not glibc >= 2.33 (no mallinfo2)")
    libc.mallinfo2.restype = _MallInfo2
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    return libc


def _mapped_growth(libc, size: int) -> int:
    """How much glibc's mmapped total grows while one block of ``size`` bytes is held."""
    before = libc.mallinfo2().hblkhd
    p = libc.malloc(size)
    try:
        return libc.mallinfo2().hblkhd - before
    finally:
        libc.free(p)


CHECK = """
import sys
sys.path.insert(0, sys.argv[1])
from test_memory import _libc, _mapped_growth
from quotes.run import memory
libc = _libc()
with memory.large_blocks_mapped():
    inside = (_mapped_growth(libc, 2 * memory.MMAP_THRESHOLD), _mapped_growth(libc, memory.MMAP_THRESHOLD // 4))
after = _mapped_growth(libc, 2 * memory.MMAP_THRESHOLD)
print(inside[0], inside[1], after)
"""


def test_large_blocks_are_mapped_inside_the_block_only():
    """In a fresh process (a heap with a free block of that size would serve it whatever the
    threshold): twice the threshold (8 MiB) is mapped inside the block, a quarter of it (the size
    of an encoder batch's activations) is not, and after it 8 MiB is not (glibc's 32 MiB)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    _libc()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_") and k != "QUOTES_NO_TRIM"}
    out = subprocess.run([sys.executable, "-c", CHECK, str(Path(__file__).parent)], capture_output=True,
                         text=True, env=env, check=True).stdout.split()
    inside_large, inside_small, after = map(int, out)
    assert inside_large >= 2 * memory.MMAP_THRESHOLD
    assert inside_small == 0
    assert after == 0


def test_no_trim_leaves_glibc_alone(monkeypatch):
    libc = _libc()
    memory._mallopt(memory.M_MMAP_THRESHOLD, memory.MMAP_THRESHOLD_AFTER)  # a known state
    monkeypatch.setenv("QUOTES_NO_TRIM", "1")
    with memory.large_blocks_mapped():
        assert _mapped_growth(libc, 1 << 20) == 0
    monkeypatch.setattr(memory, "_LIMITED", False)
    monkeypatch.delenv("ONEDNN_PRIMITIVE_CACHE_CAPACITY", raising=False)
    memory.limit_heap_growth()
    import os

    assert "ONEDNN_PRIMITIVE_CACHE_CAPACITY" not in os.environ


@pytest.mark.parametrize("preset, expected", [(None, "8"), ("64", "64")])
def test_onednn_cache_capped_unless_set(monkeypatch, preset, expected):
    import os

    monkeypatch.delenv("QUOTES_NO_TRIM", raising=False)
    monkeypatch.setattr(memory, "_LIMITED", False)
    if preset is None:
        monkeypatch.delenv("ONEDNN_PRIMITIVE_CACHE_CAPACITY", raising=False)
    else:
        monkeypatch.setenv("ONEDNN_PRIMITIVE_CACHE_CAPACITY", preset)
    memory.limit_heap_growth()
    assert os.environ["ONEDNN_PRIMITIVE_CACHE_CAPACITY"] == expected
