"""What every chart shares: the Okabe–Ito colours, the frame (title, subtitle, source line, notes, legend,
DEMODATA watermark), axes, number formats, pixel geometry, and the resize for image export."""

from __future__ import annotations

import base64
import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import orjson
import pandas as pd
from _plotly_utils.basevalidators import is_homogeneous_array
from _plotly_utils.utils import is_skipped_key, to_typed_array_spec
from plotly.io.json import to_json_plotly

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
TOP = 86  # title + subtitle, one line each
_TICKS = 30  # x tick labels below the plot
_LEGEND_ROW = 24
NOTE_ROW = 17
SOURCE_ROW = 24
LEFT_PAD = 12  # title, notes and source start this far from the figure's left edge
TITLE_SIZE = 18
SUBTITLE_SIZE = 13
SMALL_SIZE = 11  # notes and the source line
LINE_SPACING = 1.3  # plotly's line height, in font sizes: each further line of a wrapped text adds this much
# A title of several lines loses plotly's cap shift (its first line's tspan resets dy): the title's top padding
# gives it back, so a wrapped title starts where a one-line title does
CAP_SHIFT = 0.7

# Server-side wrapping (figures built for a known width, image export) estimates text widths from the number of
# characters, a little wider than DejaVu Sans (Debian's sans-serif, which kaleido's Chromium draws with), so a
# wrapped line always fits. On screen, assets/chart_fit.js wraps again with the browser's own measurements.
_EM_PER_CHARACTER = {False: 0.58, True: 0.66}  # regular, bold

# ---------------------------------------------------------------------------------------------------------------
# Traces, numbers, legend rows and margins
# ---------------------------------------------------------------------------------------------------------------


def plain_trace(kind: str, **props: object) -> dict:
    """A trace as plain data. Plotly's per-property validation costs ~3 ms a chart (a profile page draws ~20);
    tests/dashboard/test_figures.py rebuilds every figure kind with validation on, so a typo still fails."""
    return {"type": kind, **props}


class Figure(dict):
    """A figure as plain data, `{"data": [traces], "layout": {...}}` (numbers as numpy arrays): what dcc.Graph,
    image export and the slides take. No go.Figure: building one and serialising it through plotly's validators
    cost about half of a cold profile's render; tests/dashboard/test_figures.py checks every chart kind against
    plotly's schema (go.Figure(figure)) instead, once, not on every render."""

    def update_layout(self, **props: object) -> Figure:
        """Set top-level layout properties (the slide's width and height), as go.Figure.update_layout does."""
        self["layout"].update(props)
        return self


def plain_figure(traces: Sequence[dict], layout: dict) -> Figure:
    """A figure of our own traces and layout, not validated (see Figure)."""
    return Figure(data=list(traces), layout=layout)


def figure_data(figure: Figure | dict) -> dict:
    """The figure as JSON data, as plotly's Figure.to_json() writes it (numeric arrays as typed arrays: a dtype and
    base64 bytes; strings and lists as they are), made once per render: a cached page then costs no conversion
    when Dash serialises it again. The figure itself is left as it is."""
    data = {
        "data": [_in_plotly_order(_typed_arrays(trace)) for trace in figure.get("data", [])],
        "layout": _in_plotly_order(_typed_arrays(figure.get("layout", {}))),
    }
    try:  # orjson alone where it can (numbers, strings, numeric arrays; NaN as null, as plotly writes it)
        return orjson.loads(orjson.dumps(data, option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS))
    except TypeError:  # e.g. an array of text: plotly's own cleaning first
        return json.loads(to_json_plotly(data))


def _in_plotly_order(props: dict) -> dict:
    """A trace's or the layout's properties in the order go.Figure writes them (its constructors set them in
    name order; a trace's type last), so a page's JSON is byte for byte what it was when charts were go.Figures.
    Nested objects keep their own order, as go.Figure keeps it."""
    ordered = {key: props[key] for key in sorted(props) if key != "type"}
    return ordered | ({"type": props["type"]} if "type" in props else {})


_PLAIN = (str, int, float, bool, type(None))
_CONTAINERS = (dict, list, tuple)


def _typed_arrays(value: Any) -> Any:
    """A copy of the containers in `value` with each numeric array a typed array, exactly where plotly's own
    convert_to_base64 (Figure.to_dict) puts them: values of a dict, except under keys plotly skips (geojson,
    range, …); list items are looked into, never converted. The arrays themselves are not copied."""
    if isinstance(value, dict):
        copy = {}
        for key, item in value.items():
            if isinstance(item, _PLAIN) or is_skipped_key(key):
                copy[key] = item
            elif isinstance(item, _CONTAINERS):
                copy[key] = _typed_arrays(item)
            elif isinstance(item, np.ndarray) and item.dtype == np.float64 and item.ndim == 1 and item.size:
                copy[key] = _float_array(item)
            elif isinstance(item, np.ndarray) and item.dtype.kind in "OU":  # text, codes, colours (a map's)
                copy[key] = item.tolist()  # what plotly's cleaning makes of them; orjson then writes them alone
            else:
                copy[key] = to_typed_array_spec(item) if is_homogeneous_array(item) else item
        return copy
    if isinstance(value, (list, tuple)):
        return [_typed_arrays(item) if isinstance(item, _CONTAINERS) else item for item in value]
    return value


def _float_array(values: np.ndarray) -> dict[str, str]:
    """A 1-D float64 array as plotly's typed array, as to_typed_array_spec writes it (native byte order, the
    bytes of a contiguous copy), without its round trip through narwhals (~1 ms an array)."""
    return {"dtype": "f8", "bdata": base64.b64encode(np.ascontiguousarray(values).tobytes()).decode("ascii")}


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
    """Rows a horizontal legend needs (symbol + text, about 7 px a character). Each entry is a legend group of
    its own (frame_layout's traceorder "grouped"), so plotly flows the entries like words in a line and starts
    a new row where the next one does not fit."""
    if not names:
        return 0
    available = width - 100  # the plot area, inside the margins
    rows, used = 1, 0
    for name in names:
        item = 50 + 7 * len(name)
        if used and used + item > available:
            rows, used = rows + 1, 0
        used += item
    return rows


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width in px of one line of plain text (see _EM_PER_CHARACTER)."""
    return len(text) * size * _EM_PER_CHARACTER[bold]


def wrap_lines(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """A text as lines that each fit `width` px, broken between words (a single word longer than that keeps
    its own line). Empty text is no lines."""
    return list(_wrapped(text, width, size, bold))


@functools.lru_cache(maxsize=8192)  # titles, units and source lines repeat on every page and export
def _wrapped(text: str, width: float, size: float, bold: bool) -> tuple[str, ...]:
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return tuple(lines)


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


@dataclass(frozen=True)
class FittedFrame:
    """The frame's texts wrapped for one figure width (lines joined by <br>) and the pixel geometry they need."""

    title: str
    subtitle: str
    source: str
    notes: list[str]
    title_pad: int  # the title's top padding (title.pad.t)
    margin_top: int
    margin_bottom: int
    source_shift: int  # yshift of the source line from the plot's bottom edge
    note_shifts: list[int]


def fit_frame(fit: dict, width: int, legend_rows: int) -> FittedFrame:
    """Title, subtitle, notes and source line (`fit`: what frame_layout keeps in layout.meta["fit"]) wrapped to a
    figure `width` px wide: each further title or subtitle line moves the plot down, each further legend row,
    note or source line moves its bottom edge up, so nothing overlaps at any width."""
    available = width - 2 * LEFT_PAD
    title = wrap_lines(fit["title"], available, TITLE_SIZE, bold=True)
    subtitle = wrap_lines(fit["subtitle"], available, SUBTITLE_SIZE)
    source = wrap_lines(fit["source"], available, SMALL_SIZE)
    notes = [wrap_lines(note, available, SMALL_SIZE) for note in fit["notes"]]
    small_line = round(SMALL_SIZE * LINE_SPACING)
    margin_top = (
        TOP
        + fit["top_extra"]
        + (max(1, len(title)) - 1) * round(TITLE_SIZE * LINE_SPACING)
        + (max(1, len(subtitle)) - 1) * round(SUBTITLE_SIZE * LINE_SPACING)
    )
    source_rows = SOURCE_ROW + (max(1, len(source)) - 1) * small_line
    note_rows = [NOTE_ROW + (max(1, len(lines)) - 1) * small_line for lines in notes]
    margin_bottom = fit["ticks_below"] + legend_rows * _LEGEND_ROW + sum(note_rows) + source_rows
    source_shift = -margin_bottom + 6
    note_shifts, shift = [], source_shift + source_rows - 4
    for rows in note_rows:
        note_shifts.append(shift)
        shift += rows
    return FittedFrame(
        title="<br>".join(title),
        subtitle="<br>".join(subtitle),
        source="<br>".join(source),
        notes=["<br>".join(lines) for lines in notes],
        title_pad=fit["title_pad"] + (round(CAP_SHIFT * TITLE_SIZE) if len(title) > 1 else 0),
        margin_top=margin_top,
        margin_bottom=margin_bottom,
        source_shift=source_shift,
        note_shifts=note_shifts,
    )


def resize(figure: dict, width: int, height: int) -> dict:
    """A built figure (as JSON data) at another size, for export. Title, subtitle, notes and source line are
    wrapped again for the new width (fit_frame); everything under the plot is placed in pixels from the plot's
    bottom edge, so a narrower figure's extra legend rows and lines grow the bottom margin, the notes and source
    line move down with it, and the legend keeps its pixel distance from the plot. Every period keeps its label
    (fit_time_ticks), and the DEMODATA marks are as many and as large as the new plot's height calls for."""
    layout = dict(figure.get("layout", {}))
    meta = layout.get("meta")
    fit = meta.get("fit") if isinstance(meta, dict) else None
    margin = dict(layout.get("margin", {}))
    names = [
        trace.get("name")
        for trace in figure.get("data", [])
        if trace.get("showlegend", True) is not False and trace.get("name")
    ]
    legend_names = list(dict.fromkeys(names))
    before = legend_rows(legend_names, int(layout.get("width") or 720)) if layout.get("showlegend", True) else 0
    after = legend_rows(legend_names, width) if layout.get("showlegend", True) else 0
    old_plot = (layout.get("height") or height) - margin.get("t", 0) - margin.get("b", 0)
    legend = dict(layout.get("legend", {}))
    annotations = list(layout.get("annotations", []))
    # every period keeps its label at the new width (fit_time_ticks); rotated labels need room below the plot
    xaxis, tick_room = fit_time_ticks(dict(layout.get("xaxis", {})), width - margin.get("l", 0) - margin.get("r", 0))
    if fit is not None:  # every frame_layout figure
        fit = {**fit, "ticks_below": fit["ticks_below"] + tick_room}
        frame = fit_frame(fit, width, after)
        margin.update(t=frame.margin_top, b=frame.margin_bottom)
        title = dict(layout.get("title", {}))
        title["text"] = frame.title
        title["pad"] = {**title.get("pad", {}), "t": frame.title_pad}
        title["subtitle"] = {**title.get("subtitle", {}), "text": frame.subtitle}
        layout["title"] = title
        notes = iter(zip(frame.notes, frame.note_shifts, strict=True))
        fitted = []
        for a in annotations:
            if a.get("name") == "source":
                a = {**a, "text": frame.source, "yshift": frame.source_shift}
            elif a.get("name") == "note" and (note := next(notes, None)) is not None:
                a = {**a, "text": note[0], "yshift": note[1]}
            fitted.append(a)
        annotations = fitted
        new_plot = height - margin["t"] - margin["b"]
        if new_plot > 0 and isinstance(legend.get("y"), (int, float)):
            legend["y"] = -fit["ticks_below"] / new_plot
    else:  # a figure drawn before frames kept their texts in meta (an old render): legend rows only
        extra = max(0, after - before) * _LEGEND_ROW + tick_room
        margin["b"] = margin.get("b", 0) + extra
        new_plot = height - margin.get("t", 0) - margin["b"]
        if isinstance(legend.get("y"), (int, float)) and legend["y"] < 0 and old_plot > 0 and new_plot > 0:
            legend["y"] = legend["y"] * old_plot / new_plot
        annotations = [
            {**a, "yshift": a.get("yshift", 0) - extra} if a.get("name") in ("source", "note") else a
            for a in annotations
        ]
    marks = [a for a in annotations if a.get("name") == "demo_watermark"]
    if marks and new_plot > 0:  # as many DEMODATA marks as frame_layout draws on a plot this high
        annotations = [a for a in annotations if a.get("name") != "demo_watermark"] + [
            {**mark, "text": marks[0].get("text", mark["text"])} for mark in _watermarks("da", new_plot)
        ]
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


# Time-axis labels in an exported image (fit_time_ticks): the estimated label width, as theme's text_width but with
# DejaVu Sans's digits (0.636 em: the labels are years), and the gap kept between two labels
_TICK_EM_PER_CHARACTER = 0.64
_TICK_GAP = 4
_TICK_SIZES = (12, 11, 10)  # upright labels may shrink this far before they are turned
_TURNED_TICK_SIZE = 11
_TURNED_ANGLE = -45


def fit_time_ticks(xaxis: dict, plot_width: float) -> tuple[dict, int]:
    """A category (time) axis whose labels all fit a plot `plot_width` px wide, and the px it needs below the plot
    beyond the usual row of upright labels: upright at 12, 11 or 10 px where they fit side by side; otherwise
    turned 45° (every label kept, the plot's bottom edge moved up to hold them), and only where even turned
    labels would touch, every second (third, …) label. Any other axis is returned as it is, with 0."""
    categories = [str(c) for c in xaxis.get("categoryarray") or []]
    if xaxis.get("type") != "category" or not categories or plot_width <= 0:
        return xaxis, 0
    shown = [str(v) for v in xaxis.get("tickvals") or categories]
    labels = [str(v) for v in xaxis.get("ticktext") or shown]
    positions = [categories.index(v) for v in shown if v in categories]
    steps = np.diff(positions)
    spacing = plot_width / len(categories) * (int(steps.min()) if steps.size else len(categories))
    longest = max((len(label) for label in labels), default=0)
    axis = {k: v for k, v in xaxis.items() if k != "tickfont"} | {"tickangle": 0}
    font = dict(xaxis.get("tickfont") or {})
    for size in _TICK_SIZES:
        if longest * size * _TICK_EM_PER_CHARACTER + _TICK_GAP <= spacing:
            return axis | {"tickfont": font | {"size": size}}, 0
    size, turn = _TURNED_TICK_SIZE, math.radians(abs(_TURNED_ANGLE))
    needed = size * LINE_SPACING / math.sin(turn) + _TICK_GAP  # turned labels' distance along the axis
    every = max(1, math.ceil(needed / spacing))
    if every > 1:
        shown, labels = shown[::every], labels[::every]
        axis.update(tickmode="array", tickvals=shown, ticktext=labels)
    height = (longest * size * _TICK_EM_PER_CHARACTER + size) * math.sin(turn)  # a turned label, top to bottom
    room = max(0, math.ceil(height + 14 - _TICKS))  # tick, standoff, label and a gap against the upright row's 30 px
    return axis | {"tickangle": _TURNED_ANGLE, "tickfont": font | {"size": size}}, room


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
    width: int = 720,
    title_pad_top: int = 14,
) -> dict:
    """The layout every chart (sparkline excepted) starts from: a title, a subtitle with unit and period, a small
    grey source line at the bottom, notes above it, Danish number separators (1.234,5) for lang="da", and a large
    "DEMODATA" watermark when demo=True.

    Geometry is in pixels: the figure height is fixed per chart, the margins reserve room for the title and
    subtitle (top) and for tick labels, legend, notes and the source line (bottom), so nothing overlaps the plot.
    Texts are wrapped for a figure `width` px wide (fit_frame). layout.meta["fit"] keeps them unwrapped with what
    the geometry needs: resize() wraps them again for export, assets/chart_fit.js for the width on screen.
    """
    bottom_ticks = _TICKS if ticks_below else 8
    fit = dict(
        title=title,
        subtitle=subtitle,
        source=source_line,
        notes=list(notes),
        ticks_below=bottom_ticks,
        top_extra=top_extra,
        left_pad=LEFT_PAD,
        title_pad=title_pad_top,
    )
    frame = fit_frame(fit, width, legend_rows)
    plot_height = max(40, height - frame.margin_top - frame.margin_bottom)
    annotations = [*extra_annotations]
    annotations.append(_annotation(frame.source, "source", y_shift=frame.source_shift, margin_left=margin_left))
    for note, shift in zip(frame.notes, frame.note_shifts, strict=True):
        annotations.append(_annotation(note, "note", y_shift=shift, margin_left=margin_left, colour=TEXT_COLOUR))
    if demo:
        annotations.extend(_watermarks(lang, plot_height))
    return dict(
        title=dict(
            text=frame.title,
            xref="container",
            x=0,
            xanchor="left",
            yref="container",
            y=1,
            yanchor="top",
            pad=dict(l=LEFT_PAD, t=frame.title_pad),
            font=dict(size=TITLE_SIZE, color=TEXT_COLOUR, weight=600),
            subtitle=dict(text=frame.subtitle, font=dict(size=SUBTITLE_SIZE, color=MUTED_COLOUR)),
        ),
        font=dict(family=FONT_FAMILY, size=12, color=TEXT_COLOUR),
        separators=separators(lang),
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=height,
        margin=dict(l=margin_left, r=margin_right, t=frame.margin_top, b=frame.margin_bottom, pad=0, autoexpand=False),
        showlegend=legend_rows > 0,
        # "grouped" with one legend group per entry (group_legend): plotly then flows the entries row by row as
        # wide as each is, instead of a grid of columns as wide as the widest (fewer rows on a phone), and a click
        # hides all of an entry (the peer band is two traces)
        legend=dict(
            orientation="h",
            x=0,
            xanchor="left",
            xref="paper",
            yref="paper",
            yanchor="top",
            y=-bottom_ticks / plot_height,
            font=dict(size=12),
            traceorder="grouped",
            tracegroupgap=0,
            title=dict(text=""),
        ),
        hovermode="closest",
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=12)),
        annotations=annotations,
        meta=dict(fit=fit),
        template=NO_TEMPLATE,
    )


def group_legend(layout: dict, traces: Sequence[dict], short_names: dict[str, str] | None = None) -> None:
    """Each named trace its own legend group (frame_layout's legend is "grouped"), unless it has one already; and
    for a name in `short_names` the short name chart_fit.js shows on a narrow screen ("Landet" for "Hele landet"),
    kept in layout.meta["fit"]["legend"] as [trace index, name, short name]."""
    shorter = []
    for index, trace in enumerate(traces):
        name = trace.get("name")
        if not name:
            continue
        trace.setdefault("legendgroup", name)
        short = (short_names or {}).get(name)
        if short and short != name:
            shorter.append([index, name, short])
    if shorter:
        layout["meta"]["fit"]["legend"] = shorter


def empty_figure(*, title: str, subtitle: str, source_line: str, lang: str, demo: bool, height: int = 420) -> Figure:
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


def category_axis(labels: Sequence[str], layout: dict | None = None) -> dict:
    """The time axis: one category per period, labels always upright (a rotated label is cut off below the
    plot). A long quarterly series is labelled at the first quarter of each year, with the year. With the chart's
    `layout`, the labels a narrow screen may thin out (assets/chart_fit.js) are kept in its meta when they are
    not simply every period."""
    axis = dict(
        type="category",
        categoryorder="array",
        categoryarray=list(labels),
        showgrid=False,
        showline=True,
        linecolor="#999999",
        ticks="outside",
        tickcolor="#999999",
        tickangle=0,
        automargin=False,
    )
    if len(labels) > 16:  # long quarterly series: label the first quarter of each year with the year, upright
        firsts = [label for label in labels if label.endswith(" K1") or label.startswith("Q1 ")]
        if firsts:
            years = [label.replace(" K1", "").replace("Q1 ", "") for label in firsts]
            if layout is not None:
                layout["meta"]["fit"]["xticks"] = [firsts, years]
            step = math.ceil(len(firsts) / 10)
            shown, text = firsts[::step], years[::step]
        else:
            shown = list(labels)[:: math.ceil(len(labels) / 12)]
            text = shown
        axis.update(tickmode="array", tickvals=shown, ticktext=text)
    return axis


# Numbers on value axes as Danish writes them: 10.000 and 2.000.000, not plotly's SI "10k" and "2M" (an English
# "2M" reads as nothing in Danish); the separators are layout.separators (1.234,5 in Danish).
NUMBER_TICKS = dict(exponentformat="none", separatethousands=True)


def value_axis(**extra: object) -> dict:
    return dict(
        showgrid=True, gridcolor=GRID_COLOUR, zeroline=False, showline=False, automargin=False, **NUMBER_TICKS, **extra
    )
