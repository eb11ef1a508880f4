"""Call the native_stats C library through cffi's ABI mode: declarations, no compiler."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cffi import FFI

ffi = FFI()
# The declarations, copied from native_stats.h: cffi parses them as C.
ffi.cdef(
    """
    double stats_mean(const double *values, size_t count);
    void stats_scale(double *values, size_t count, double factor);
    int stats_describe(const double *values, size_t count, char *out, size_t out_size);
    """
)


class Stats:
    def __init__(self, library_path: str | Path) -> None:
        self._lib = ffi.dlopen(str(library_path))

    def mean(self, values: Sequence[float]) -> float:
        # ffi.new owns the memory: it is freed when `data` is garbage collected.
        data = ffi.new("double[]", [float(value) for value in values])
        return self._lib.stats_mean(data, len(values))

    def scaled(self, values: Sequence[float], factor: float) -> list[float]:
        data = ffi.new("double[]", [float(value) for value in values])
        self._lib.stats_scale(data, len(values), factor)
        return list(data)

    def describe(self, values: Sequence[float]) -> str:
        data = ffi.new("double[]", [float(value) for value in values])
        needed = self._lib.stats_describe(data, len(values), ffi.NULL, 0)
        if needed < 0:
            raise OSError("stats_describe failed")
        out = ffi.new("char[]", needed + 1)
        self._lib.stats_describe(data, len(values), out, len(out))
        return ffi.string(out).decode("ascii")
