"""The figures on the page come from these modules; the tests check what a reader relies on."""

from __future__ import annotations

import runpy
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import plotting_altair
import plotting_orders
import plotting_sales
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

HERE = Path(__file__).parent


@pytest.fixture
def ax() -> Axes:
    # A Figure made without pyplot: nothing registered globally, nothing to close.
    return Figure(figsize=(6.4, 3.6)).subplots()


def test_sales_chart_has_title_and_axis_labels_with_units(ax: Axes) -> None:
    plotting_sales.plot_monthly_sales(ax, plotting_sales.SALES)
    assert ax.get_title() == "Monthly sales by category, 2026"
    assert ax.get_xlabel() == "Month"
    assert ax.get_ylabel() == "Sales (thousand £)"
    assert ax.get_ylim()[0] == 0


def test_each_line_differs_in_colour_marker_and_style(ax: Axes) -> None:
    plotting_sales.plot_monthly_sales(ax, plotting_sales.SALES)
    lines = ax.get_lines()
    assert len(lines) == len(plotting_sales.SALES) == 3
    colours = [to_hex(line.get_color()).upper() for line in lines]
    assert colours == plotting_sales.OKABE_ITO[:3]
    assert len({line.get_marker() for line in lines}) == 3
    assert len({line.get_linestyle() for line in lines}) == 3


def contrast_ratio(colour: str, background: str) -> float:
    """WCAG 2's contrast ratio between two colours, from 1 (none) to 21 (black on white)."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(colour), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_lines_and_labels_contrast_with_the_white_background(ax: Axes) -> None:
    plotting_sales.plot_monthly_sales(ax, plotting_sales.SALES)
    for line in ax.get_lines():  # WCAG 2 SC 1.4.11: 3:1 for the marks that carry the data
        assert contrast_ratio(to_hex(line.get_color()), "#ffffff") >= 3
    for text in ax.texts:  # SC 1.4.3: 4.5:1 for text
        assert contrast_ratio(to_hex(text.get_color()), "#ffffff") >= 4.5
    assert contrast_ratio("#E69F00", "#ffffff") < 3  # Okabe-Ito's orange would fail


def test_lines_are_labelled_directly_not_by_a_legend(ax: Axes) -> None:
    plotting_sales.plot_monthly_sales(ax, plotting_sales.SALES)
    assert ax.get_legend() is None
    labels = {text.get_text(): text.xy for text in ax.texts}
    assert labels == {
        category: (11, values[-1]) for category, values in plotting_sales.SALES.items()
    }


def test_too_many_categories_is_an_error_not_a_repeated_colour(ax: Axes) -> None:
    eight = {f"c{n}": [1.0, 2.0] for n in range(8)}
    with pytest.raises(ValueError, match="8 categories, but the palette has 7 colours"):
        plotting_sales.plot_monthly_sales(ax, eight)


def test_order_values_violin_plot(ax: Axes) -> None:
    orders = plotting_orders.sample_orders()
    assert len(orders) == 120
    assert orders.equals(plotting_orders.sample_orders())  # the same data on every run
    plotting_orders.plot_order_values(ax, orders)
    assert [label.get_text() for label in ax.get_xticklabels()] == ["Books", "Games", "Music"]
    assert ax.get_ylabel() == "Order value (£)"
    violins = [c for c in ax.collections if isinstance(c, PolyCollection)]
    colours = [to_hex(violin.get_facecolor()[0], keep_alpha=False).upper() for violin in violins]
    assert colours == plotting_sales.OKABE_ITO[:3]
    points = sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))
    assert points == 120  # every order is drawn, not only the summary


@pytest.mark.parametrize("script", ["plotting_sales.py", "plotting_orders.py"])
def test_scripts_draw_one_figure_on_white(script: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # What the build does: run the file as a program, then save every open figure.
    monkeypatch.setattr(plt, "show", lambda: None)
    # The plot directive draws with Agg. Say so here too: when a GUI chapter's test in the
    # same process has set DISPLAY, matplotlib's automatic choice would be Qt.
    plt.switch_backend("agg")
    assert mpl.get_backend().lower() == "agg"
    try:
        runpy.run_path(str(HERE / script), run_name="__main__")
        figures = [plt.figure(number) for number in plt.get_fignums()]
        assert len(figures) == 1
        assert to_hex(figures[0].get_facecolor()) == "#ffffff"
    finally:
        plt.close("all")


def test_altair_chart_encodes_category_twice_and_describes_itself(tmp_path: Path) -> None:
    chart = plotting_altair.sales_chart(plotting_altair.sales_frame())
    spec = chart.to_dict()
    assert spec["encoding"]["color"]["field"] == spec["encoding"]["shape"]["field"] == "category"
    assert spec["encoding"]["color"]["scale"]["range"] == plotting_sales.OKABE_ITO[:3]
    assert spec["description"] == plotting_altair.ALT_TEXT
    target = tmp_path / "sales.svg"
    chart.save(target)  # rendered offline by vl-convert, no browser, no network
    svg = target.read_text(encoding="utf-8")
    assert svg.startswith("<svg")
    assert ">Monthly sales by category, 2026</text>" in svg
    # Vega labels its axes for screen readers by itself ...
    assert "aria-label=\"Y-axis titled 'Sales (thousand £)'" in svg
    # ... but the description is not in the SVG: the page that shows it gives the alt text.
    assert "Books lead all year" not in svg
