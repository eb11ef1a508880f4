"""Report whether this CPython has the experimental JIT, whether it is on, and whether a
hot loop actually ran as JIT-compiled machine code. Try: PYTHON_JIT=1 python fast_jit_check.py
"""

import sys


def hot_loop_ran_jit_code(rounds: int = 100_000) -> bool:
    """Spin a loop long enough for the JIT to compile it, asking on each pass."""
    seen = False
    for _ in range(rounds):
        seen = seen or sys._jit.is_active()
    return seen


def report() -> str:
    jit = getattr(sys, "_jit", None)  # sys._jit exists from Python 3.14
    if jit is None:
        return f"Python {sys.version.split()[0]}: no sys._jit, so no JIT to ask about"
    if not jit.is_available():
        return "this interpreter was built without the JIT"
    if not jit.is_enabled():
        return "the JIT is built in but off: set PYTHON_JIT=1 to turn it on"
    ran = hot_loop_ran_jit_code()
    return f"the JIT is on; a hot loop {'ran' if ran else 'did not run'} as machine code"


if __name__ == "__main__":
    print(report())
