"""The sparkline: a tiny bare line for the front page's headline cards, last point marked; and the same line as a
small SVG image for the key figures' table rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import numpy as np
import pandas as pd

from dashboard.charts.theme import (
    FONT_FAMILY,
    NO_TEMPLATE,
    OWN_COLOUR,
    Figure,
    d3_format,
    numeric,
    plain_figure,
    plain_trace,
    separators,
)
from dashboard.core.periods import period_label, sort_periods


def sparkline(frame: pd.DataFrame, *, lang: str = "da", decimals: int | None = None) -> Figure:
    """A tiny line for headline cards: no axes, grid or legend, transparent, 60 px high, last point marked.

    frame: period, value."""
    layout: dict[str, Any] = dict(
        height=60,
        margin=dict(l=0, r=0, t=0, b=0, pad=0),
        showlegend=False,
        separators=separators(lang),
        template=NO_TEMPLATE,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        hovermode="closest",
        font=dict(family=FONT_FAMILY, size=11),
        xaxis=dict(visible=False, showgrid=False, zeroline=False, fixedrange=True),
        yaxis=dict(visible=False, showgrid=False, zeroline=False, fixedrange=True),
    )
    if frame.empty:
        return plain_figure([], layout)
    data = pd.DataFrame({"period": frame["period"].astype(str), "value": numeric(frame["value"])})
    data = data.drop_duplicates("period").set_index("period")
    periods = sort_periods(data.index)
    values = data["value"].reindex(periods).to_numpy(dtype=float)
    labels = [period_label(p, lang) for p in periods]
    fmt = d3_format(values, decimals)
    traces = [
        plain_trace(
            "scatter",
            x=labels,
            y=values,
            mode="lines",
            line=dict(color=OWN_COLOUR, width=2),
            connectgaps=False,
            hovertemplate=f"%{{x}}: %{{y:{fmt}}}<extra></extra>",
            cliponaxis=False,
        )
    ]
    valid = np.flatnonzero(np.isfinite(values))
    if valid.size:
        last = int(valid[-1])
        traces.append(
            plain_trace(
                "scatter",
                x=[labels[last]],
                y=[values[last]],
                mode="markers",
                cliponaxis=False,
                marker=dict(color=OWN_COLOUR, size=7, line=dict(color="white", width=1)),
                hovertemplate=f"%{{x}}: %{{y:{fmt}}}<extra></extra>",
            )
        )
        low, high = float(np.nanmin(values)), float(np.nanmax(values))
        pad = (high - low) * 0.15 or max(abs(high) * 0.05, 1.0)
        layout["yaxis"]["range"] = [low - pad, high + pad]
    layout["xaxis"].update(
        type="category", categoryorder="array", categoryarray=labels, range=[-0.4, len(labels) - 0.6]
    )
    return plain_figure(traces, layout)


def sparkline_svg(values: Sequence[float | None], *, width_px: int = 96, height_px: int = 28) -> str:
    """The sparkline as a small SVG image (a `data:` address for an <img>) for a table row: drawn by the browser
    at once at a fixed size, with no plotly graph to lay out in a table cell. Values in time order; a missing
    value is a gap; the last value is marked. Empty when no value is finite."""
    points = np.array([np.nan if v is None else v for v in values], dtype=float)
    valid = np.flatnonzero(np.isfinite(points))
    if not valid.size:
        return ""
    pad_px = 3.0
    low, high = float(np.nanmin(points)), float(np.nanmax(points))
    span = high - low
    x = pad_px + np.arange(points.size) * (width_px - 2 * pad_px) / max(points.size - 1, 1)
    # a flat line sits in the middle; otherwise the lowest value at the bottom and the highest at the top
    y = np.full(points.size, height_px / 2) if span == 0 else pad_px + (high - points) * (height_px - 2 * pad_px) / span
    runs = np.split(valid, np.flatnonzero(np.diff(valid) > 1) + 1)  # a gap splits the line
    lines = "".join(
        f'<polyline points="{" ".join(f"{x[i]:.1f},{y[i]:.1f}" for i in run)}"/>' if run.size > 1 else ""
        for run in runs
    )
    last = int(valid[-1])
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width_px}" height="{height_px}" '
        f'viewBox="0 0 {width_px} {height_px}"><g fill="none" stroke="{OWN_COLOUR}" stroke-width="2" '
        f'stroke-linejoin="round" stroke-linecap="round">{lines}</g>'
        f'<circle cx="{x[last]:.1f}" cy="{y[last]:.1f}" r="2.8" fill="{OWN_COLOUR}" stroke="white" stroke-width="1"/>'
        "</svg>"
    )
    return "data:image/svg+xml," + quote(svg)
