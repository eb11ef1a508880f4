"""`make bench` (scripts/bench.py) judges its figures right, counts prose words only, and its
bare configuration (scripts/bench_bare) builds every directive the guide's sources use."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_sphinx

sys.path.insert(0, str(ROOT / "scripts"))
import bench  # noqa: E402 (scripts/ on the path first)


@pytest.mark.parametrize(
    ("figure", "missed"),
    [
        (bench.Figure("build", 0.9, "s", 1.0), False),
        (bench.Figure("build", 1.0, "s", 1.0), False),
        (bench.Figure("build", 1.1, "s", 1.0), True),
        (bench.Figure("score", 99, "/100", 100, higher_is_better=True), True),
        (bench.Figure("score", 100, "/100", 100, higher_is_better=True), False),
        (bench.Figure("PDF build", 300.0, "s"), False),  # a figure without a budget
        (bench.Figure("make test", None, "s", 600), True),  # not measured counts as missed
    ],
)
def test_a_figure_misses_its_budget_only_when_it_is_over_it(
    figure: bench.Figure, missed: bool
) -> None:
    assert figure.missed is missed


def test_prose_words_are_the_words_of_main_without_code(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        "<html><body><nav>Home Next</nav><main><h1>Two words</h1><p>three more words</p>"
        "<pre>code is not prose</pre><script>var x;</script></main><footer>no</footer>"
        "</body></html>",
        encoding="utf-8",
    )
    (tmp_path / "search.html").write_text("<main>not content</main>", encoding="utf-8")
    assert bench.prose_words(tmp_path) == 5


def test_bare_configuration_builds_the_directives_only_ours_provide(tmp_path: Path) -> None:
    """Strictly, with a card, good and bad examples, tabs, the card list, a doctest and a
    literalinclude that names its test."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "sample.py").write_text("included = 'a tested sample'\n", encoding="utf-8")
    (src / "index.rst").write_text(
        "Bare\n====\n\n"
        ".. recommendation:: uv\n   :status: recommended\n   :reviewed-on: 2026-11-26\n\n"
        "   One tool for environments and locks.\n\n"
        ".. recommendation-list::\n\n"
        ".. bad-example:: pins everything\n\n   .. code-block:: python\n\n      x = 1\n\n"
        ".. good-example:: pins nothing\n\n   .. code-block:: python\n\n      x = 2\n\n"
        ".. tab:: Linux\n\n   Tab text on Linux.\n\n"
        ".. doctest::\n\n   >>> 1 + 1\n   2\n\n"
        ".. literalinclude:: sample.py\n   :tested-by: test_sample.py\n",
        encoding="utf-8",
    )
    code, log = run_sphinx(
        "html", tmp_path / "out", srcdir=src, confdir=bench.BARE_CONF, timeout=300
    )
    assert code == 0 and "WARNING" not in log and "ERROR" not in log, log[-4000:]
    page = (tmp_path / "out" / "html" / "index.html").read_text(encoding="utf-8")
    for text in (
        "One tool for environments and locks.",
        "pins everything",
        "Tab text on Linux.",
        "a tested sample",
    ):
        assert text in page, text
    assert "fieldguide" not in page, "the bare build used our theme or extensions"
