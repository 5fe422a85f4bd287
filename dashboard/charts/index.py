"""The index chart: series as indices (base period = 100) against a dotted line at 100; the profile's budget
pressure (spending against recipients)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.theme import (
    MUTED_COLOUR,
    OTHER_COLOURS,
    OWN_COLOUR,
    REGION_COLOUR,
    category_axis,
    empty_figure,
    frame_layout,
    legend_rows,
    numeric,
    plain_figure,
    plain_trace,
    value_axis,
    y_margin,
)
from dashboard.core.formatting import format_number
from dashboard.core.periods import period_label, sort_periods
from dashboard.core.texts import t


def index_chart(
    frame: pd.DataFrame, *, title: str, subtitle: str, source_line: str, lang: str = "da", demo: bool = False
) -> go.Figure:
    """Spending against recipients as indices (base period = 100), with a dotted reference line at 100 and the
    latest index written at the end of each line, so the gap between them reads at a glance.

    frame: series, period, index. Colours follow the order the series first appear in the frame: the first
    (spending) vermillion, the second (recipients) blue, any further ones from the rest of Okabe–Ito.
    """
    height = 440
    if frame.empty:
        return empty_figure(
            title=title, subtitle=subtitle, source_line=source_line, lang=lang, demo=demo, height=height
        )
    data = pd.DataFrame(
        {
            "series": frame["series"].astype(str),
            "period": frame["period"].astype(str),
            "index": numeric(frame["index"]),
        }
    )
    series = data["series"].drop_duplicates().tolist()
    periods = sort_periods(data["period"].unique())
    labels = [period_label(p, lang) for p in periods]
    matrix = (
        data.drop_duplicates(["series", "period"])
        .pivot(index="series", columns="period", values="index")
        .reindex(index=series, columns=periods)
        .to_numpy(dtype=float)
    )
    colours = [OWN_COLOUR, REGION_COLOUR, *OTHER_COLOURS]
    traces = []
    end_labels = []
    for i, name in enumerate(series):
        colour = colours[i % len(colours)]
        traces.append(
            plain_trace(
                "scatter",
                x=labels,
                y=matrix[i],
                name=name,
                mode="lines+markers",
                connectgaps=False,
                line=dict(color=colour, width=3),
                marker=dict(color=colour, size=6),
                hovertemplate=f"<b>{name}</b><br>%{{x}}: %{{y:,.1f}}<extra></extra>",
            )
        )
        valid = np.flatnonzero(np.isfinite(matrix[i]))
        if valid.size:
            last = int(valid[-1])
            # x as the category's position: a label such as "2024" would be read as the number 2024
            end_labels.append(
                dict(
                    text=f"<b>{format_number(float(matrix[i, last]), 0, lang)}</b>",
                    name="end_label",
                    x=last,
                    y=float(matrix[i, last]),
                    xref="x",
                    yref="y",
                    xanchor="left",
                    xshift=8,
                    showarrow=False,
                    font=dict(color=colour, size=13),
                )
            )
    has_gaps = bool(np.isnan(matrix).any())
    layout = frame_layout(
        title=title,
        subtitle=subtitle,
        source_line=source_line,
        lang=lang,
        demo=demo,
        height=height,
        notes=[t("gap_note", lang)] if has_gaps else [],
        legend_rows=legend_rows(series),
        margin_left=y_margin(matrix, ",.0f", lang),
        margin_right=56,
        extra_annotations=end_labels,
    )
    layout["xaxis"] = category_axis(labels)
    layout["yaxis"] = value_axis()
    layout["shapes"] = [
        dict(
            type="line",
            name="reference_100",
            xref="paper",
            x0=0,
            x1=1,
            yref="y",
            y0=100,
            y1=100,
            line=dict(color=MUTED_COLOUR, width=1.5, dash="dot"),
            layer="below",
        )
    ]
    return plain_figure(traces, layout)
