"""Build script for cffi's API mode: the C compiler checks the declarations against the
real header and builds the extension module _native_stats_cffi."""

from __future__ import annotations

from pathlib import Path

from cffi import FFI

HERE = Path(__file__).parent

DECLARATIONS = """
    double stats_mean(const double *values, size_t count);
    void stats_scale(double *values, size_t count, double factor);
    int stats_describe(const double *values, size_t count, char *out, size_t out_size);
"""


def make_builder(declarations: str = DECLARATIONS) -> FFI:
    builder = FFI()
    builder.cdef(declarations)
    builder.set_source(
        "_native_stats_cffi",
        '#include "native_stats.h"',  # the real header: the compiler compares the two
        sources=[str(HERE / "native_stats.c")],  # or libraries=["native_stats"] to link one
        include_dirs=[str(HERE)],
        extra_compile_args=["-Werror", "-Wfloat-conversion"],  # mismatches: errors, not warnings
    )
    return builder


if __name__ == "__main__":
    make_builder().compile(verbose=True)
