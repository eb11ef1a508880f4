"""A seaborn violin plot of order values per category, with every order shown as a point."""

from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from plotting_sales import OKABE_ITO


def sample_orders(seed: int = 2026) -> pd.DataFrame:
    """Forty made-up orders per category, the same on every run."""
    rng = np.random.default_rng(seed)
    typical = {"Books": 18.0, "Games": 45.0, "Music": 12.0}
    return pd.DataFrame(
        [
            {"category": category, "value": round(float(value), 2)}
            for category, mean in typical.items()
            for value in rng.gamma(shape=4.0, scale=mean / 4.0, size=40)
        ]
    )


def plot_order_values(ax: Axes, orders: pd.DataFrame) -> None:
    """A violin per category, points on top: the summary and the data it summarises."""
    categories = list(dict.fromkeys(orders["category"]))
    palette = dict(zip(categories, OKABE_ITO, strict=False))
    sns.violinplot(
        data=orders,
        x="category",
        y="value",
        hue="category",
        palette=palette,
        saturation=1,  # the palette as designed; seaborn dulls colours by default
        inner="quart",  # the median and quartiles as lines inside each violin
        cut=0,  # no shape beyond the smallest and largest order
        gridsize=40,  # smooth enough at this size, and half the SVG of the default 100
        ax=ax,
    )
    sns.stripplot(
        data=orders, x="category", y="value", color="#222222", size=2.5, jitter=0.12, ax=ax
    )
    ax.set_title("Order values by category, 2026")
    ax.set_xlabel("Category")
    ax.set_ylabel("Order value (£)")
    sns.despine(ax=ax)


if __name__ == "__main__":
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(
        figsize=(6.4, 3.6),
        layout="constrained",
        facecolor="white",
    )
    plot_order_values(ax, sample_orders())
    plt.show()
