"""The index chart: series as indices (base period = 100) against a dotted line at 100; the profile's budget
pressure (spending against recipients)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.charts.breaks import SeriesBreak, crossing, marks
from dashboard.charts.theme import (
    MUTED_COLOUR,
    OTHER_COLOURS,
    OWN_COLOUR,
    REGION_COLOUR,
    Figure,
    category_axis,
    empty_figure,
    frame_layout,
    group_legend,
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

HEIGHT_PX = 440


@dataclass(frozen=True)
class LineStyle:
    """How one series of an index chart is drawn where its place in the frame does not say enough: its colour
    (default: by its place), its dash, and the shorter legend name for a phone (assets/chart_fit.js)."""

    colour: str | None = None
    dash: str = "solid"
    short_name: str | None = None


def index_chart(
    frame: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    source_line: str,
    lang: str = "da",
    demo: bool = False,
    notes: Sequence[str] = (),
    styles: Mapping[str, LineStyle] | None = None,
    breaks: Mapping[str, Sequence[SeriesBreak]] | None = None,
) -> Figure:
    """Spending against recipients as indices (base period = 100), with a dotted reference line at 100 and the
    latest index written at the end of each line, so the gap between them reads at a glance.

    frame: series, period, index. Colours follow the order the series first appear in the frame: the first
    (spending) vermillion, the second (recipients) blue, any further ones from the rest of Okabe–Ito; `styles`
    (by series name) may set a series' colour, dash and short legend name instead. `notes` go above the source
    line (as the units and caveats the subtitle has no room for). `breaks` (by series name): each series' breaks;
    those a series crosses are drawn as dashed lines with their labels, once however many series share one.
    """
    if frame.empty:
        return empty_figure(
            title=title, subtitle=subtitle, source_line=source_line, lang=lang, demo=demo, height=HEIGHT_PX
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
    matrix = (
        data.drop_duplicates(["series", "period"])
        .pivot(index="series", columns="period", values="index")
        .reindex(index=series, columns=periods)
        .to_numpy(dtype=float)
    )
    return index_figure(
        series,
        periods,
        matrix,
        title=title,
        subtitle=subtitle,
        source_line=source_line,
        lang=lang,
        demo=demo,
        notes=notes,
        styles=styles,
        breaks=breaks,
    )


def index_figure(
    series: Sequence[str],
    periods: Sequence[str],
    matrix: np.ndarray,
    *,
    title: str,
    subtitle: str,
    source_line: str,
    lang: str = "da",
    demo: bool = False,
    notes: Sequence[str] = (),
    styles: Mapping[str, LineStyle] | None = None,
    breaks: Mapping[str, Sequence[SeriesBreak]] | None = None,
) -> Figure:
    """index_chart of series given as rows: `matrix` is series × `periods` (in time order), NaN where absent."""
    styles = styles or {}
    height = HEIGHT_PX
    periods = list(periods)
    labels = [period_label(p, lang) for p in periods]
    colours = [OWN_COLOUR, REGION_COLOUR, *OTHER_COLOURS]
    traces = []
    end_labels = []
    for i, name in enumerate(series):
        style = styles.get(name, LineStyle())
        colour = style.colour or colours[i % len(colours)]
        traces.append(
            plain_trace(
                "scatter",
                x=labels,
                y=matrix[i],
                name=name,
                mode="lines+markers",
                connectgaps=False,
                line=dict(color=colour, width=3, dash=style.dash),
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
    crossed: list[SeriesBreak] = []
    for i, name in enumerate(series):
        with_values = [p for p, has in zip(periods, np.isfinite(matrix[i]), strict=True) if has]
        crossed.extend(crossing((breaks or {}).get(name, ()), periods, with_values))
    break_lines, break_labels = marks(crossed, periods)
    has_gaps = bool(np.isnan(matrix).any())
    layout = frame_layout(
        title=title,
        subtitle=subtitle,
        source_line=source_line,
        lang=lang,
        demo=demo,
        height=height,
        notes=[*notes, t("gap_note", lang)] if has_gaps else list(notes),
        legend_rows=legend_rows(series),
        margin_left=y_margin(matrix, ",.0f", lang),
        margin_right=56,
        extra_annotations=[*end_labels, *break_labels],
    )
    group_legend(layout, traces, {name: s.short_name for name, s in styles.items() if s.short_name})
    finite = matrix[np.isfinite(matrix)]
    if len(end_labels) > 1:  # the y axis spans the values and the reference line at 100
        margin = layout["margin"]
        low, high = min(float(finite.min()), 100.0), max(float(finite.max()), 100.0)
        _keep_apart(end_labels, height - margin["t"] - margin["b"], low, high)
    layout["xaxis"] = category_axis(labels, layout)
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
        ),
        *break_lines,
    ]
    return plain_figure(traces, layout)


END_LABEL_PX = 18  # the height of an end label's box (13 px bold)


def _keep_apart(labels: list[dict], plot_px: float, low: float, high: float) -> None:
    """Lines that end at about the same value would write their end labels on top of each other: each label's
    yshift moves it just far enough from its neighbours, keeping their order, for a plot `plot_px` high that spans
    about `low`..`high` (plotly pads an axis range by ~5% at each end). On screen assets/chart_fit.js does the
    same from what it drew."""
    span = (high - low) * 1.1 or 1.0
    centres = [(high - float(label["y"])) * plot_px / span for label in labels]  # px from the top
    order = sorted(range(len(labels)), key=lambda i: centres[i])
    placed = [centres[i] for i in order]
    for _ in labels:
        for k in range(1, len(placed)):
            need = END_LABEL_PX - (placed[k] - placed[k - 1])
            if need > 0:
                placed[k - 1] -= need / 2
                placed[k] += need / 2
    for k, i in enumerate(order):
        shift = round(centres[i] - placed[k])  # plotly's yshift points up
        if shift:
            labels[i]["yshift"] = shift
