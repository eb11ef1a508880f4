"""The sales chart as an Altair specification, with a description for screen readers."""

from __future__ import annotations

import altair as alt
import pandas as pd
from plotting_sales import MARKERS, MONTHS, OKABE_ITO, SALES

ALT_TEXT = (
    "Line chart of monthly sales in 2026. Books lead all year; Games come closest in August "
    "and again in December, when all three categories peak."
)


def sales_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"month": month, "category": category, "sales": value}
            for category, values in SALES.items()
            for month, value in zip(MONTHS, values, strict=True)
        ]
    )


def sales_chart(sales: pd.DataFrame) -> alt.Chart:
    categories = list(dict.fromkeys(sales["category"]))
    shapes = {"o": "circle", "s": "square", "^": "triangle-up"}
    return (
        alt.Chart(sales, title="Monthly sales by category, 2026", description=ALT_TEXT)
        .mark_line(point=True)
        .encode(
            x=alt.X("month:O", sort=MONTHS, title="Month"),
            y=alt.Y("sales:Q", title="Sales (thousand £)"),
            color=alt.Color("category:N", scale=alt.Scale(domain=categories, range=OKABE_ITO[:3])),
            # The shape carries the category too, so the chart does not rely on colour.
            shape=alt.Shape(
                "category:N",
                scale=alt.Scale(domain=categories, range=[shapes[m] for m in MARKERS[:3]]),
            ),
        )
    )
