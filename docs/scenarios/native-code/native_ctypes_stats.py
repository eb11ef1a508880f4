"""Call the native_stats C library through ctypes, with every signature declared."""

from __future__ import annotations

import ctypes
from array import array
from collections.abc import Iterable
from pathlib import Path

_DoubleArray = ctypes.POINTER(ctypes.c_double)


class Stats:
    """The C library's functions, typed: ctypes checks each argument against argtypes."""

    def __init__(self, library_path: str | Path) -> None:
        # An explicit path: a bare name would search the system's library path.
        self._lib = ctypes.CDLL(str(library_path))

        self._lib.stats_mean.argtypes = [_DoubleArray, ctypes.c_size_t]
        self._lib.stats_mean.restype = ctypes.c_double

        self._lib.stats_scale.argtypes = [_DoubleArray, ctypes.c_size_t, ctypes.c_double]
        self._lib.stats_scale.restype = None

        self._lib.stats_describe.argtypes = [
            _DoubleArray,
            ctypes.c_size_t,
            ctypes.c_char_p,
            ctypes.c_size_t,
        ]
        self._lib.stats_describe.restype = ctypes.c_int

    @staticmethod
    def _as_c_array(values: Iterable[float]) -> ctypes.Array[ctypes.c_double]:
        numbers = [float(value) for value in values]
        return (ctypes.c_double * len(numbers))(*numbers)

    def mean(self, values: Iterable[float]) -> float:
        buffer = self._as_c_array(values)
        return self._lib.stats_mean(buffer, len(buffer))

    def scale(self, values: array[float], factor: float) -> None:
        """Scale an array('d') in place: C writes straight into its memory."""
        if values.typecode != "d":
            raise TypeError(f"need array('d'), got array({values.typecode!r})")
        if not values:
            return  # an empty array has no buffer to point at
        buffer = (ctypes.c_double * len(values)).from_buffer(values)
        self._lib.stats_scale(buffer, len(values), factor)

    def describe(self, values: Iterable[float]) -> str:
        data = self._as_c_array(values)
        # Ask for the length first (a NULL buffer of size 0), then allocate exactly that.
        needed = self._lib.stats_describe(data, len(data), None, 0)
        if needed < 0:
            raise OSError("stats_describe failed")
        out = ctypes.create_string_buffer(needed + 1)
        written = self._lib.stats_describe(data, len(data), out, len(out))
        if written != needed:
            raise OSError(f"stats_describe wrote {written} bytes, expected {needed}")
        return out.value.decode("ascii")
