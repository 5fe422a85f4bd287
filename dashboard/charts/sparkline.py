"""The sparkline: a tiny bare line for the front page's headline cards, last point marked."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.theme import (
    FONT_FAMILY,
    NO_TEMPLATE,
    OWN_COLOUR,
    d3_format,
    numeric,
    plain_figure,
    plain_trace,
    separators,
)
from dashboard.core.periods import period_label, sort_periods


def sparkline(frame: pd.DataFrame, *, lang: str = "da", decimals: int | None = None) -> go.Figure:
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
