"""A line chart that reads without colour: Okabe-Ito colours, markers, line styles, labels."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib.axes import Axes

# Okabe and Ito's palette for categories: distinct for the common kinds of colour blindness.
# Reordered: the first four reach 3:1 contrast on white (WCAG's minimum for lines and marks);
# orange, sky blue and yellow do not, so they come last.
OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X"]
LINE_STYLES = ["-", "--", "-.", ":", "-", "--", "-."]

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SALES = {  # thousands of pounds per month, 2026
    "Books": [12.1, 11.4, 13.0, 12.2, 12.8, 11.9, 11.2, 11.6, 13.4, 14.1, 15.0, 18.2],
    "Games": [8.3, 7.9, 8.8, 9.5, 9.1, 9.8, 10.6, 11.2, 10.1, 10.9, 12.4, 16.8],
    "Music": [5.2, 5.0, 5.6, 5.1, 5.9, 6.3, 6.8, 6.5, 5.7, 5.4, 6.1, 7.9],
}


def plot_monthly_sales(ax: Axes, sales: Mapping[str, Sequence[float]]) -> None:
    """Draw one line per category on the Axes it is given; it never touches pyplot."""
    if len(sales) > len(OKABE_ITO):
        msg = f"{len(sales)} categories, but the palette has {len(OKABE_ITO)} colours"
        raise ValueError(msg)
    for index, (category, values) in enumerate(sales.items()):
        colour = OKABE_ITO[index]
        ax.plot(
            MONTHS[: len(values)],
            values,
            color=colour,
            marker=MARKERS[index],
            linestyle=LINE_STYLES[index],
            label=category,
        )
        # A label at the end of each line: no legend to look up and match by colour.
        ax.annotate(
            category,
            xy=(len(values) - 1, values[-1]),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            color="#222222",
        )
    ax.set_title("Monthly sales by category, 2026")
    ax.set_xlabel("Month")
    ax.set_ylabel("Sales (thousand £)")
    ax.set_ylim(bottom=0)  # a sales axis that starts at zero does not exaggerate changes
    ax.spines[["top", "right"]].set_visible(False)


if __name__ == "__main__":
    import matplotlib.pyplot as plt

    # pyplot only here, in the script: it makes the figure and shows it.
    fig, ax = plt.subplots(
        figsize=(6.4, 3.6),
        layout="constrained",
        facecolor="white",
    )
    plot_monthly_sales(ax, SALES)
    plt.show()
