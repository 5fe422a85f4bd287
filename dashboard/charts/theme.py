"""What every chart shares: the Okabe–Ito colours, the frame (title, subtitle, source line, notes, legend,
DEMODATA watermark), axes, number formats, pixel geometry, and the resize for image export."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.core.formatting import format_number
from dashboard.core.texts import t

# Every style is set explicitly below; plotly's default template would add ~7 KB of JSON to every figure.
NO_TEMPLATE = "none"

FONT_FAMILY = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"

# Okabe–Ito
OWN_COLOUR = "#D55E00"
REGION_COLOUR = "#0072B2"
COUNTRY_COLOUR = "#000000"
PEER_COLOUR = "#BBBBBB"
OTHER_COLOURS = ("#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442")
MISSING_COLOUR = "#DDDDDD"
GRID_COLOUR = "#E8E8E8"
TEXT_COLOUR = "#222222"
MUTED_COLOUR = "#666666"
SEQUENTIAL_SCALE = "Cividis"  # colour-blind-safe, luminance rises monotonically (dark blue -> yellow)

# Pixel geometry
TOP = 86  # title + subtitle
_TICKS = 30  # x tick labels below the plot
_LEGEND_ROW = 24
NOTE_ROW = 17
SOURCE_ROW = 24
LEFT_PAD = 12  # title, notes and source start this far from the figure's left edge

# ---------------------------------------------------------------------------------------------------------------
# Traces, numbers, legend rows and margins
# ---------------------------------------------------------------------------------------------------------------


def plain_trace(kind: str, **props: object) -> dict:
    """A trace as plain data. Plotly's per-property validation costs ~3 ms a chart (a profile page draws ~20);
    tests/dashboard/test_figures.py rebuilds every figure kind with validation on, so a typo still fails."""
    return {"type": kind, **props}


def plain_figure(traces: Sequence[dict], layout: dict) -> go.Figure:
    """A go.Figure (for callers that update it and for image export) built without re-validating our own data."""
    return go.Figure(data=list(traces), layout=layout, _validate=False)


def numeric(column: pd.Series) -> np.ndarray:
    """Values as float64 with NaN for anything missing (None, pd.NA, '..'); never 0."""
    return pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def d3_format(values: np.ndarray, decimals: int | None = None) -> str:
    """A d3 number format for hover and labels; separators come from layout.separators. `decimals` fixes the
    number of decimals (a rate: one); otherwise they follow the size of the values."""
    if decimals is not None:
        return f",.{decimals}f"
    finite = values[np.isfinite(values)]
    if finite.size == 0 or np.all(np.abs(finite - np.round(finite)) < 1e-9):
        return ",.0f"
    largest = float(np.max(np.abs(finite)))
    return ",.0f" if largest >= 100 else ",.1f" if largest >= 10 else ",.2f"


def _decimals(fmt: str) -> int:
    return int(fmt[2])


def separators(lang: str) -> str:
    return ",." if lang == "da" else ".,"


def legend_rows(names: Sequence[str], width: int = 720) -> int:
    """Rows a horizontal legend needs (symbol + text, about 7 px a character). Like plotly: one row if all
    fit, otherwise columns as wide as the widest entry."""
    if not names:
        return 0
    items = [50 + 7 * len(name) for name in names]
    available = width - 100  # the plot area, inside the margins
    if sum(items) <= available:
        return 1
    columns = max(1, available // max(items))
    return math.ceil(len(items) / columns)


def y_margin(values: np.ndarray, fmt: str, lang: str) -> int:
    """Left margin that fits the y tick labels (fixed, so the title and source line can align with the edge)."""
    finite = values[np.isfinite(values)]
    widest = float(np.max(np.abs(finite))) if finite.size else 0.0
    label = format_number(widest, _decimals(fmt), lang)
    return max(48, 8 * len(label) + 24)


# ---------------------------------------------------------------------------------------------------------------
# Shared frame: title, subtitle, source, notes, legend, watermark; axes; export size
# ---------------------------------------------------------------------------------------------------------------


def _annotation(
    text: str, name: str, *, y_shift: int, margin_left: int, size: int = 11, colour: str = MUTED_COLOUR
) -> dict:
    return dict(
        text=text,
        name=name,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="bottom",
        xshift=-margin_left + LEFT_PAD,
        yshift=y_shift,
        showarrow=False,
        align="left",
        font=dict(size=size, color=colour),
    )


def resize(figure: dict, width: int, height: int) -> dict:
    """A built figure (as JSON data) at another size, for export. Everything under the plot is placed in pixels
    from the plot's bottom edge; a narrower figure may need more legend rows, so the bottom margin grows by
    those rows and the notes and source line move down with it, and the legend keeps its pixel distance."""
    layout = dict(figure.get("layout", {}))
    margin = dict(layout.get("margin", {}))
    names = [
        trace.get("name")
        for trace in figure.get("data", [])
        if trace.get("showlegend", True) is not False and trace.get("name")
    ]
    legend_names = list(dict.fromkeys(names))
    before = legend_rows(legend_names, int(layout.get("width") or 720)) if layout.get("showlegend", True) else 0
    after = legend_rows(legend_names, width) if layout.get("showlegend", True) else 0
    extra = max(0, after - before) * _LEGEND_ROW
    old_plot = (layout.get("height") or height) - margin.get("t", 0) - margin.get("b", 0)
    margin["b"] = margin.get("b", 0) + extra
    new_plot = height - margin.get("t", 0) - margin["b"]
    legend = dict(layout.get("legend", {}))
    if isinstance(legend.get("y"), (int, float)) and legend["y"] < 0 and old_plot > 0 and new_plot > 0:
        legend["y"] = legend["y"] * old_plot / new_plot
    annotations = [
        {**a, "yshift": a.get("yshift", 0) - extra} if a.get("name") in ("source", "note") else a
        for a in layout.get("annotations", [])
    ]
    xaxis = dict(layout.get("xaxis", {}))
    categories = xaxis.get("categoryarray") or []
    if xaxis.get("type") == "category" and "tickvals" not in xaxis and len(categories) > width // 70:
        shown = categories[:: math.ceil(len(categories) / (width // 70))]  # upright labels, ~70 px apart
        xaxis.update(tickmode="array", tickvals=shown, ticktext=shown, tickangle=0)
    return {
        **figure,
        "layout": {
            **layout,
            "width": width,
            "height": height,
            "margin": margin,
            "legend": legend,
            "annotations": annotations,
            "xaxis": xaxis,
        },
    }


def _watermarks(lang: str, plot_height: int) -> list[dict]:
    """One big diagonal DEMODATA per ~550 px of plot, so a tall ranking is labelled wherever it is scrolled to."""
    count = max(1, round(plot_height / 550))
    size = int(min(84, max(28, plot_height / 5)))
    return [
        dict(
            text=t("demo_watermark", lang),
            name="demo_watermark",
            xref="paper",
            yref="paper",
            x=0.5,
            y=(i + 0.5) / count,
            showarrow=False,
            textangle=-28,
            opacity=0.22,
            font=dict(size=size, color="#888888", weight=700),
        )
        for i in range(count)
    ]


def frame_layout(
    *,
    title: str,
    subtitle: str,
    source_line: str,
    lang: str,
    demo: bool,
    height: int,
    notes: Sequence[str] = (),
    legend_rows: int = 0,
    margin_left: int = 60,
    margin_right: int = 24,
    top_extra: int = 0,
    ticks_below: bool = True,
    extra_annotations: Sequence[dict] = (),
) -> dict:
    """The layout every chart (sparkline excepted) starts from: a title, a subtitle with unit and period, a small
    grey source line at the bottom, notes above it, Danish number separators (1.234,5) for lang="da", and a large
    "DEMODATA" watermark when demo=True.

    Geometry is in pixels: the figure height is fixed per chart, the margins reserve room for the title and
    subtitle (top) and for tick labels, legend, notes and the source line (bottom), so nothing overlaps the plot.
    """
    bottom_ticks = _TICKS if ticks_below else 8
    margin_bottom = bottom_ticks + legend_rows * _LEGEND_ROW + len(notes) * NOTE_ROW + SOURCE_ROW
    margin_top = TOP + top_extra
    plot_height = max(40, height - margin_top - margin_bottom)
    annotations = [*extra_annotations]
    annotations.append(_annotation(source_line, "source", y_shift=-margin_bottom + 6, margin_left=margin_left))
    for i, note in enumerate(notes):
        annotations.append(
            _annotation(
                note,
                "note",
                y_shift=-margin_bottom + 6 + SOURCE_ROW - 4 + i * NOTE_ROW,
                margin_left=margin_left,
                colour=TEXT_COLOUR,
            )
        )
    if demo:
        annotations.extend(_watermarks(lang, plot_height))
    return dict(
        title=dict(
            text=title,
            xref="container",
            x=0,
            xanchor="left",
            yref="container",
            y=1,
            yanchor="top",
            pad=dict(l=LEFT_PAD, t=14),
            font=dict(size=18, color=TEXT_COLOUR, weight=600),
            subtitle=dict(text=subtitle, font=dict(size=13, color=MUTED_COLOUR)),
        ),
        font=dict(family=FONT_FAMILY, size=12, color=TEXT_COLOUR),
        separators=separators(lang),
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=height,
        margin=dict(l=margin_left, r=margin_right, t=margin_top, b=margin_bottom, pad=0, autoexpand=False),
        showlegend=legend_rows > 0,
        legend=dict(
            orientation="h",
            x=0,
            xanchor="left",
            xref="paper",
            yref="paper",
            yanchor="top",
            y=-bottom_ticks / plot_height,
            font=dict(size=12),
            traceorder="normal",
            title=dict(text=""),
        ),
        hovermode="closest",
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=12)),
        annotations=annotations,
        template=NO_TEMPLATE,
    )


def empty_figure(*, title: str, subtitle: str, source_line: str, lang: str, demo: bool, height: int = 420) -> go.Figure:
    """The frame of a chart with nothing to draw, saying "no data" where the plot would be."""
    layout = frame_layout(
        title=title,
        subtitle=subtitle,
        source_line=source_line,
        lang=lang,
        demo=demo,
        height=height,
        ticks_below=False,
        margin_left=LEFT_PAD,
        extra_annotations=[
            dict(
                text=t("no_data", lang),
                name="no_data",
                xref="paper",
                yref="paper",
                x=0.5,
                y=0.5,
                showarrow=False,
                font=dict(size=16, color=MUTED_COLOUR),
            )
        ],
    )
    layout["xaxis"] = dict(visible=False)
    layout["yaxis"] = dict(visible=False)
    return plain_figure([], layout)


def category_axis(labels: Sequence[str]) -> dict:
    axis = dict(
        type="category",
        categoryorder="array",
        categoryarray=list(labels),
        showgrid=False,
        showline=True,
        linecolor="#999999",
        ticks="outside",
        tickcolor="#999999",
        automargin=False,
    )
    if len(labels) > 16:  # long quarterly series: label the first quarter of each year with the year, upright
        firsts = [label for label in labels if label.endswith(" K1") or label.startswith("Q1 ")]
        if firsts:
            shown = firsts[:: math.ceil(len(firsts) / 10)]
            text = [label.replace(" K1", "").replace("Q1 ", "") for label in shown]
        else:
            shown = list(labels)[:: math.ceil(len(labels) / 12)]
            text = shown
        axis.update(tickmode="array", tickvals=shown, ticktext=text, tickangle=0)
    return axis


def value_axis(**extra: object) -> dict:
    return dict(showgrid=True, gridcolor=GRID_COLOUR, zeroline=False, showline=False, automargin=False, **extra)
