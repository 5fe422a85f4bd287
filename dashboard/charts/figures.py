"""Plotly figures for the dashboard: pure functions from a pandas DataFrame (plus plain arguments) to a go.Figure.

Nothing here runs a query or knows about DuckDB or the ETL; callers hand in tidy frames. The figures are built
from graph_objects traces directly (no plotly.express) and from whole columns at a time, because they sit on the
hot path of the callbacks.

Common to every chart (sparkline excepted): a title, a subtitle with unit and period, a small grey source line
at the bottom, Danish number separators (1.234,5) for lang="da", the Okabe–Ito colour-blind-safe palette, gaps
for missing values (never 0) with a note saying so, and a large "DEMODATA" watermark when demo=True.

Layout geometry is in pixels: the figure height is fixed per chart, the margins reserve room for the title and
subtitle (top) and for tick labels, legend, notes and the source line (bottom), so nothing overlaps the plot.
"""

from __future__ import annotations

import math
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, cast

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.core.formatting import format_number
from dashboard.core.texts import t

# New UI strings for the figures; to be moved into dashboard/core/texts.py.

# Every style is set explicitly below; plotly's default template would add ~7 KB of JSON to every figure.
_NO_TEMPLATE = "none"

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

ROLE_ORDER = {"peer": 0, "country": 1, "region": 2, "selected": 3, "own": 4}  # drawing order: own on top

# Pixel geometry
_TOP = 86  # title + subtitle
_TICKS = 30  # x tick labels below the plot
_LEGEND_ROW = 24
_NOTE_ROW = 17
_SOURCE_ROW = 24
_LEFT_PAD = 12  # title, notes and source start this far from the figure's left edge

_PERIOD = re.compile(r"^(\d{4})(?:([A-Z])(\d{1,2}))?$")


def _trace(kind: str, **props: object) -> dict:
    """A trace as plain data. Plotly's per-property validation costs ~3 ms a chart (a profile page draws ~20);
    tests/dashboard/test_figures.py rebuilds every figure kind with validation on, so a typo still fails."""
    return {"type": kind, **props}


def _figure(traces: Sequence[dict], layout: dict) -> go.Figure:
    """A go.Figure (for callers that update it and for image export) built without re-validating our own data."""
    return go.Figure(data=list(traces), layout=layout, _validate=False)


# ---------------------------------------------------------------------------------------------------------------
# Periods, numbers, abbreviations
# ---------------------------------------------------------------------------------------------------------------


def period_sort_key(code: str) -> tuple:
    """DST period codes in time order: "2023" < "2024"; "2024K1" < "2024K2"; unknown codes last, as text."""
    match = _PERIOD.match(code)
    if not match:
        return (1, 0, code, 0)
    year, letter, number = match.groups()
    return (0, int(year), letter or "", int(number or 0))


def sort_periods(codes: Iterable[str]) -> list[str]:
    return sorted({str(c) for c in codes}, key=period_sort_key)


def period_label(code: str, lang: str = "da") -> str:
    """ "2024" -> "2024"; "2024K1" -> "2024 K1" (da) / "Q1 2024" (en); "2024H1" likewise; "2024M03" -> "2024-03"."""
    match = _PERIOD.match(code)
    if not match or match.group(2) is None:
        return code
    year, letter, number = match.group(1), match.group(2), int(match.group(3))
    if letter == "M":
        return f"{year}-{number:02d}"
    if letter in ("K", "Q"):
        return f"{year} K{number}" if lang == "da" else f"Q{number} {year}"
    return f"{year} {letter}{number}" if lang == "da" else f"{letter}{number} {year}"


def abbreviations(names: Sequence[str]) -> list[str]:
    """Tile labels: the first three letters, upper case. Where several names share them, a fourth letter is added:
    the first letter (from the fourth on) where the name differs from every other name in the group
    (Frederiksberg FREB, Fredensborg FREN, Fredericia FREC). A digit settles anything still equal."""
    letters = [re.sub(r"[\W\d_]", "", str(name)).upper() for name in names]
    codes = [word[:3] for word in letters]
    groups: dict[str, list[int]] = {}
    for index, code in enumerate(codes):
        groups.setdefault(code, []).append(index)
    for code, members in groups.items():
        if len(members) < 2:
            continue
        for i in members:
            word = letters[i]
            others = [letters[j] for j in members if j != i]
            pick = next(
                (
                    word[k]
                    for k in range(3, len(word))
                    if all(k >= len(other) or other[k] != word[k] for other in others)
                ),
                "",
            )
            codes[i] = code + pick
    counts = Counter(codes)
    seen: Counter[str] = Counter()
    result = []
    for code in codes:
        if counts[code] > 1:
            seen[code] += 1
            code = f"{code}{seen[code]}"
        result.append(code)
    return result


def _numeric(column: pd.Series) -> np.ndarray:
    """Values as float64 with NaN for anything missing (None, pd.NA, '..'); never 0."""
    return pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _d3_format(values: np.ndarray, decimals: int | None = None) -> str:
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


def _separators(lang: str) -> str:
    return ",." if lang == "da" else ".,"


def _legend_rows(names: Sequence[str], width: int = 720) -> int:
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


def _y_margin(values: np.ndarray, fmt: str, lang: str) -> int:
    """Left margin that fits the y tick labels (fixed, so the title and source line can align with the edge)."""
    finite = values[np.isfinite(values)]
    widest = float(np.max(np.abs(finite))) if finite.size else 0.0
    label = format_number(widest, _decimals(fmt), lang)
    return max(48, 8 * len(label) + 24)


# ---------------------------------------------------------------------------------------------------------------
# Shared frame: title, subtitle, source, notes, legend, watermark
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
        xshift=-margin_left + _LEFT_PAD,
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
    before = _legend_rows(legend_names, int(layout.get("width") or 720)) if layout.get("showlegend", True) else 0
    after = _legend_rows(legend_names, width) if layout.get("showlegend", True) else 0
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


def _frame_layout(
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
    bottom_ticks = _TICKS if ticks_below else 8
    margin_bottom = bottom_ticks + legend_rows * _LEGEND_ROW + len(notes) * _NOTE_ROW + _SOURCE_ROW
    margin_top = _TOP + top_extra
    plot_height = max(40, height - margin_top - margin_bottom)
    annotations = [*extra_annotations]
    annotations.append(_annotation(source_line, "source", y_shift=-margin_bottom + 6, margin_left=margin_left))
    for i, note in enumerate(notes):
        annotations.append(
            _annotation(
                note,
                "note",
                y_shift=-margin_bottom + 6 + _SOURCE_ROW - 4 + i * _NOTE_ROW,
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
            pad=dict(l=_LEFT_PAD, t=14),
            font=dict(size=18, color=TEXT_COLOUR, weight=600),
            subtitle=dict(text=subtitle, font=dict(size=13, color=MUTED_COLOUR)),
        ),
        font=dict(family=FONT_FAMILY, size=12, color=TEXT_COLOUR),
        separators=_separators(lang),
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
        template=_NO_TEMPLATE,
    )


def _empty(*, title: str, subtitle: str, source_line: str, lang: str, demo: bool, height: int = 420) -> go.Figure:
    layout = _frame_layout(
        title=title,
        subtitle=subtitle,
        source_line=source_line,
        lang=lang,
        demo=demo,
        height=height,
        ticks_below=False,
        margin_left=_LEFT_PAD,
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
    return _figure([], layout)


def _category_axis(labels: Sequence[str]) -> dict:
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


def _value_axis(**extra: object) -> dict:
    return dict(showgrid=True, gridcolor=GRID_COLOUR, zeroline=False, showline=False, automargin=False, **extra)


def _hover(name: str | None, fmt: str, unit: str, value_ref: str = "y") -> str:
    head = "<b>%{text}</b>" if name is None else f"<b>{name}</b>"
    return f"{head}<br>%{{x}}: %{{{value_ref}:{fmt}}} {unit}<extra></extra>"


# ---------------------------------------------------------------------------------------------------------------
# 1. Trend
# ---------------------------------------------------------------------------------------------------------------


def trend_chart(
    frame: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    source_line: str,
    unit_label: str,
    lang: str = "da",
    demo: bool = False,
    peer_band: bool = False,
    height: int = 460,
    width: int = 720,
    decimals: int | None = None,
) -> go.Figure:
    """One line per area over time: own municipality (vermillion, thick, on top), region (blue), country (black,
    dashed), other selected municipalities (Okabe–Ito), peers (thin grey, one shared legend item).

    frame: area_code, area_name, role ("own" | "region" | "country" | "peer" | "selected"), period, value.
    All peers are drawn as ONE trace with breaks between municipalities (cheap with ~100 peers); each point's
    hover still names its municipality. With `peer_band`, the peers are a grey band from their lowest to their
    highest value instead: small multiples stay readable and light (two traces, whatever the number of peers).
    """
    if frame.empty:
        return _empty(title=title, subtitle=subtitle, source_line=source_line, lang=lang, demo=demo, height=height)
    meta, periods, matrix = wide_matrix(frame)
    labels = [period_label(p, lang) for p in periods]
    fmt = _d3_format(matrix, decimals)
    has_gaps = bool(np.isnan(matrix).any())

    traces: list[dict] = []
    legend_names: list[str] = []
    roles = meta["role"].to_numpy()
    peer_rows = np.flatnonzero(roles == "peer")
    if peer_rows.size and peer_band:
        traces.extend(_peer_band(matrix[peer_rows], labels, fmt, unit_label, lang))
        legend_names.append(t("peers_band_legend", lang))
    elif peer_rows.size:
        n = len(periods)
        block = np.hstack([matrix[peer_rows], np.full((peer_rows.size, 1), np.nan)])
        x = np.tile(np.array([*labels, None], dtype=object), peer_rows.size)
        names = np.repeat(meta["area_name"].to_numpy()[peer_rows], n + 1)
        peers_name = t("peers_legend", lang)
        legend_names.append(peers_name)
        traces.append(
            _trace(
                "scatter",
                x=x,
                y=block.ravel(),
                text=names,
                name=peers_name,
                mode="lines",
                line=dict(color=PEER_COLOUR, width=1),
                connectgaps=False,
                legendrank=900,
                hovertemplate=_hover(None, fmt, unit_label),
                meta="peer",
            )
        )

    others = iter(OTHER_COLOURS * (1 + len(meta) // len(OTHER_COLOURS)))
    selected_colour = {
        code: next(others)
        for code, role in zip(meta.index, roles, strict=True)
        if role not in ("own", "region", "country", "peer")
    }
    # roles and area names are text (wide_matrix made them so); numpy and pandas-stubs type an item as any value
    order = sorted(
        (i for i in range(len(meta)) if roles[i] != "peer"), key=lambda i: ROLE_ORDER.get(cast(str, roles[i]), 3)
    )
    for i in order:
        code, name, role = meta.index[i], cast(str, meta["area_name"].iat[i]), roles[i]
        line: dict[str, object]
        marker: dict[str, object]
        if role == "own":
            line, marker, rank = dict(color=OWN_COLOUR, width=4), dict(size=7), 1
        elif role == "region":
            line, marker, rank = dict(color=REGION_COLOUR, width=2.5), dict(size=5), 2
        elif role == "country":
            line, marker, rank = dict(color=COUNTRY_COLOUR, width=2.5, dash="dash"), dict(size=5), 3
        else:
            line, marker, rank = dict(color=selected_colour[code], width=2.5), dict(size=5), 4
        marker["color"] = line["color"]
        legend_names.append(name)
        traces.append(
            _trace(
                "scatter",
                x=labels,
                y=matrix[i],
                name=name,
                mode="lines+markers",
                line=line,
                marker=marker,
                connectgaps=False,
                legendrank=rank,
                hovertemplate=_hover(name, fmt, unit_label),
                meta=role,
            )
        )

    finite = matrix[np.isfinite(matrix)]
    layout = _frame_layout(
        title=title,
        subtitle=subtitle,
        source_line=source_line,
        lang=lang,
        demo=demo,
        height=height,
        notes=[t("gap_note", lang)] if has_gaps else [],
        legend_rows=_legend_rows(legend_names, width),
        margin_left=_y_margin(matrix, fmt, lang),
    )
    layout["xaxis"] = _category_axis(labels)
    layout["yaxis"] = _value_axis(rangemode="tozero" if finite.size and finite.min() >= 0 else "normal")
    return _figure(traces, layout)


def wide_matrix(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str], np.ndarray]:
    """(area_name and role per area_code in order of first appearance, the periods in time order, values as an
    areas × periods matrix with NaN where absent). A repeated area and period counts once, as first given.
    Plain numpy: a profile draws ~20 of these, and pandas' pivot costs ~1 ms each."""
    codes = frame["area_code"].astype(str).to_numpy()
    area_index, area_codes = pd.factorize(codes)
    period_text = frame["period"].astype(str).to_numpy()
    periods = sort_periods(np.unique(period_text))
    period_index = pd.Index(periods).get_indexer(pd.Index(period_text))
    matrix = np.full((len(area_codes), len(periods)), np.nan)
    _, first_given = np.unique(area_index * len(periods) + period_index, return_index=True)
    matrix[area_index[first_given], period_index[first_given]] = _numeric(frame["value"])[first_given]
    _, first_rows = np.unique(area_index, return_index=True)
    meta = pd.DataFrame(
        {
            "area_name": frame["area_name"].astype(str).to_numpy()[first_rows],
            "role": frame["role"].astype(str).to_numpy()[first_rows],
        },
        index=pd.Index(area_codes, name="area_code"),
    )
    return meta, periods, matrix


def _peer_band(peers: np.ndarray, labels: list[str], fmt: str, unit_label: str, lang: str) -> list[dict]:
    """Lowest and highest peer value per period as a filled band; a period where no peer has a value is a gap."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN periods give NaN, as they should
        low, high = np.nanmin(peers, axis=0), np.nanmax(peers, axis=0)
    name = t("peers_band_legend", lang)
    hover = f"{name}<br>%{{x}}: %{{customdata:{fmt}}}–%{{y:{fmt}}} {unit_label}<extra></extra>"
    return [
        _trace(
            "scatter",
            x=labels,
            y=low,
            mode="lines",
            line=dict(width=0, color=PEER_COLOUR),
            showlegend=False,
            hoverinfo="skip",
            connectgaps=False,
            meta="peer",
        ),
        _trace(
            "scatter",
            x=labels,
            y=high,
            customdata=low,
            mode="lines",
            line=dict(width=0, color=PEER_COLOUR),
            fill="tonexty",
            fillcolor="rgba(187,187,187,0.35)",
            name=name,
            legendrank=900,
            connectgaps=False,
            hovertemplate=hover,
            meta="peer",
        ),
    ]


# ---------------------------------------------------------------------------------------------------------------
# 2. Ranking
# ---------------------------------------------------------------------------------------------------------------


def ranking_chart(
    frame: pd.DataFrame,
    *,
    highlight_codes: set[str],
    own_code: str | None,
    title: str,
    subtitle: str,
    source_line: str,
    unit_label: str,
    lang: str = "da",
    demo: bool = False,
    decimals: int | None = None,
) -> go.Figure:
    """All municipalities for one period as horizontal bars, highest at the top (rank 1). Own municipality
    vermillion, other highlighted ones blue, the rest light grey; missing values listed last without a bar.

    frame: area_code, area_name, value. Bars carry customdata = area_code; tick labels carry the rank.
    """
    if frame.empty:
        return _empty(title=title, subtitle=subtitle, source_line=source_line, lang=lang, demo=demo)
    data = pd.DataFrame(
        {
            "area_code": frame["area_code"].astype(str),
            "area_name": frame["area_name"].astype(str),
            "value": _numeric(frame["value"]),
        }
    ).drop_duplicates("area_code")
    data["missing"] = data["value"].isna()
    data = data.sort_values(["missing", "value", "area_name"], ascending=[True, False, True], na_position="last")
    values = data["value"].to_numpy(dtype=float)
    codes = data["area_code"].to_numpy()
    names = data["area_name"].to_numpy()
    missing = data["missing"].to_numpy()
    valid_count = int((~missing).sum())
    ranks = data["value"].rank(method="min", ascending=False).to_numpy()
    fmt = _d3_format(values, decimals)

    is_own = codes == own_code if own_code is not None else np.zeros(len(codes), dtype=bool)
    is_highlight = np.isin(codes, list(highlight_codes or ()))
    colours = np.where(is_own, OWN_COLOUR, np.where(is_highlight, REGION_COLOUR, PEER_COLOUR))
    rank_text = np.array(
        [t("rank_of", lang, rank=int(r), n=valid_count) if r == r else ".." for r in ranks], dtype=object
    )
    tick_text = np.where(
        missing,
        pd.Series(names).astype(str).to_numpy() + " (..)",
        pd.Series(np.nan_to_num(ranks).astype(int)).astype(str).to_numpy() + ". " + names,
    )
    tick_text = np.where(is_own, "<b>" + tick_text.astype(object) + "</b>", tick_text).tolist()

    bars = _trace(
        "bar",
        x=values,
        y=names,
        orientation="h",
        customdata=codes,
        text=rank_text,
        texttemplate=f"%{{x:{fmt}}}",
        textposition="outside",
        cliponaxis=False,
        textfont=dict(size=10, color=TEXT_COLOUR),
        marker=dict(color=colours, line=dict(width=0)),
        hovertemplate=f"<b>%{{y}}</b><br>%{{x:{fmt}}} {unit_label}<br>%{{text}}<extra></extra>",
        showlegend=False,
    )
    notes = [t("ranking_missing", lang, n=int(missing.sum()))] if missing.any() else []
    longest = max((len(str(n)) for n in names), default=10) + 5
    margin_left = 7 * longest + 24
    top_extra = 24  # the value axis sits on top, where the reader starts on a tall chart
    height = max(300, 14 * len(names) + _TOP + top_extra + 8 + len(notes) * _NOTE_ROW + _SOURCE_ROW)
    layout = _frame_layout(
        title=title,
        subtitle=subtitle,
        source_line=source_line,
        lang=lang,
        demo=demo,
        height=height,
        notes=notes,
        margin_left=margin_left,
        margin_right=64,
        top_extra=top_extra,
        ticks_below=False,
    )
    layout["title"]["pad"]["t"] = 12
    layout["xaxis"] = dict(
        side="top",
        showgrid=True,
        gridcolor=GRID_COLOUR,
        zeroline=True,
        zerolinecolor="#999999",
        automargin=False,
        rangemode="tozero",
        fixedrange=True,
    )
    layout["yaxis"] = dict(
        type="category",
        categoryorder="array",
        categoryarray=names.tolist(),
        autorange="reversed",
        tickmode="array",
        tickvals=names.tolist(),
        ticktext=tick_text,
        tickfont=dict(size=11),
        ticks="outside",
        ticklen=5,
        tickcolor="white",
        showgrid=False,
        automargin=False,
        fixedrange=True,
    )
    layout["bargap"] = 0.2
    return _figure([bars], layout)


# ---------------------------------------------------------------------------------------------------------------
# 3. Sparkline
# ---------------------------------------------------------------------------------------------------------------


def sparkline(frame: pd.DataFrame, *, lang: str = "da", decimals: int | None = None) -> go.Figure:
    """A tiny line for headline cards: no axes, grid or legend, transparent, 60 px high, last point marked.

    frame: period, value."""
    layout: dict[str, Any] = dict(
        height=60,
        margin=dict(l=0, r=0, t=0, b=0, pad=0),
        showlegend=False,
        separators=_separators(lang),
        template=_NO_TEMPLATE,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        hovermode="closest",
        font=dict(family=FONT_FAMILY, size=11),
        xaxis=dict(visible=False, showgrid=False, zeroline=False, fixedrange=True),
        yaxis=dict(visible=False, showgrid=False, zeroline=False, fixedrange=True),
    )
    if frame.empty:
        return _figure([], layout)
    data = pd.DataFrame({"period": frame["period"].astype(str), "value": _numeric(frame["value"])})
    data = data.drop_duplicates("period").set_index("period")
    periods = sort_periods(data.index)
    values = data["value"].reindex(periods).to_numpy(dtype=float)
    labels = [period_label(p, lang) for p in periods]
    fmt = _d3_format(values, decimals)
    traces = [
        _trace(
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
            _trace(
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
    return _figure(traces, layout)


# ---------------------------------------------------------------------------------------------------------------
# 4. Tile map
# ---------------------------------------------------------------------------------------------------------------


def _text_colours(values: np.ndarray, zmin: float, zmax: float) -> np.ndarray:
    """White on the dark (low) end of Cividis, black on the light (high) end."""
    span = (zmax - zmin) or 1.0
    share = (values - zmin) / span
    return np.where(np.isnan(values), TEXT_COLOUR, np.where(share < 0.55, "#FFFFFF", "#000000"))


def tile_map(
    frame: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    source_line: str,
    unit_label: str,
    lang: str = "da",
    demo: bool = False,
    own_code: str | None = None,
    decimals: int | None = None,
) -> go.Figure:
    """Every municipality an equal square at (col, row), row 0 at the top, coloured by value (Cividis).

    frame: area_code, area_name, row, col, value. One heatmap on the grid (cells scale with the figure; xgap/ygap
    draw the gaps), a grey heatmap under it for missing values, a text layer with the abbreviations and a thick
    black outline around the own municipality. Cells carry customdata = area_code (clickData["points"][0]
    ["customdata"]); empty grid cells carry nothing and show no hover.
    """
    height_guess = 640
    if frame.empty:
        return _empty(
            title=title, subtitle=subtitle, source_line=source_line, lang=lang, demo=demo, height=height_guess
        )
    data = pd.DataFrame(
        {
            "area_code": frame["area_code"].astype(str),
            "area_name": frame["area_name"].astype(str),
            "row": pd.to_numeric(frame["row"]).astype(int),
            "col": pd.to_numeric(frame["col"]).astype(int),
            "value": _numeric(frame["value"]),
        }
    ).drop_duplicates("area_code")
    rows, cols = data["row"].to_numpy(), data["col"].to_numpy()
    values = data["value"].to_numpy(dtype=float)
    names, codes = data["area_name"].to_numpy(), data["area_code"].to_numpy()
    n_rows, n_cols = int(rows.max()) + 1, int(cols.max()) + 1
    fmt = _d3_format(values, decimals)

    z = np.full((n_rows, n_cols), np.nan)
    z[rows, cols] = values
    name_grid = np.full((n_rows, n_cols), None, dtype=object)
    name_grid[rows, cols] = names
    code_grid = np.full((n_rows, n_cols), None, dtype=object)
    code_grid[rows, cols] = codes
    missing = np.isnan(values)
    finite = values[~missing]
    zmin, zmax = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)

    grid_x, grid_y = np.arange(n_cols), np.arange(n_rows)
    traces: list = []
    if missing.any():
        z_missing = np.full((n_rows, n_cols), np.nan)
        z_missing[rows[missing], cols[missing]] = 0.0
        traces.append(
            _trace(
                "heatmap",
                z=z_missing,
                x=grid_x,
                y=grid_y,
                colorscale=[[0, MISSING_COLOUR], [1, MISSING_COLOUR]],
                showscale=False,
                xgap=3,
                ygap=3,
                hoverongaps=False,
                text=name_grid,
                customdata=code_grid,
                hovertemplate="<b>%{text}</b><br>..<extra></extra>",
                name="missing",
            )
        )
    traces.append(
        _trace(
            "heatmap",
            z=z,
            x=grid_x,
            y=grid_y,
            colorscale=SEQUENTIAL_SCALE,
            zmin=zmin,
            zmax=zmax,
            xgap=3,
            ygap=3,
            hoverongaps=False,
            text=name_grid,
            customdata=code_grid,
            hovertemplate=f"<b>%{{text}}</b><br>%{{z:{fmt}}} {unit_label}<extra></extra>",
            colorbar=dict(
                title=dict(text=unit_label, side="right"),
                thickness=14,
                len=0.75,
                outlinewidth=0,
                tickfont=dict(size=11),
            ),
            name="values",
        )
    )
    traces.append(
        _trace(
            "scatter",
            x=cols,
            y=rows,
            mode="text",
            text=abbreviations(names.tolist()),
            textfont=dict(size=10, color=_text_colours(values, zmin, zmax)),
            hoverinfo="skip",
            showlegend=False,
            name="labels",
        )
    )

    notes: list[str] = []
    shapes: list[dict] = []
    own = np.flatnonzero(codes == own_code) if own_code is not None else np.array([], dtype=int)
    if own.size:
        r, c = int(rows[own[0]]), int(cols[own[0]])
        shapes.append(
            dict(
                type="rect",
                xref="x",
                yref="y",
                x0=c - 0.47,
                x1=c + 0.47,
                y0=r - 0.47,
                y1=r + 0.47,
                line=dict(color="#000000", width=3.5),
                fillcolor="rgba(0,0,0,0)",
                layer="above",
                name="own_outline",
            )
        )
        notes.append(t("own_outline", lang, name=names[own[0]]))
    if missing.any():
        notes.append(t("map_missing", lang))

    height = int(min(820, max(440, 46 * n_rows + _TOP + 8 + len(notes) * _NOTE_ROW + _SOURCE_ROW)))
    layout = _frame_layout(
        title=title,
        subtitle=subtitle,
        source_line=source_line,
        lang=lang,
        demo=demo,
        height=height,
        notes=notes,
        margin_left=_LEFT_PAD,
        margin_right=110,
        ticks_below=False,
    )
    layout["margin"]["autoexpand"] = True  # room for the colour bar
    layout["xaxis"] = dict(visible=False, range=[-0.5, n_cols - 0.5], constrain="domain", fixedrange=True)
    layout["yaxis"] = dict(
        visible=False, range=[n_rows - 0.5, -0.5], scaleanchor="x", scaleratio=1, constrain="domain", fixedrange=True
    )
    layout["shapes"] = shapes
    return _figure(traces, layout)


# ---------------------------------------------------------------------------------------------------------------
# 5. Choropleth
# ---------------------------------------------------------------------------------------------------------------


def _subset(geojson: dict, codes: set[str]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [f for f in geojson.get("features", []) if str(f["properties"].get("area_code")) in codes],
    }


def choropleth_map(
    frame: pd.DataFrame,
    geojson: dict,
    *,
    title: str,
    subtitle: str,
    source_line: str,
    unit_label: str,
    lang: str = "da",
    demo: bool = False,
    own_code: str | None = None,
    decimals: int | None = None,
) -> go.Figure:
    """Municipality polygons coloured by value (Cividis), no basemap (works offline), zoomed to the data.

    frame: area_code, area_name, value; geojson: FeatureCollection with properties.area_code. Missing values
    grey; own municipality outlined in black; customdata = area_code.

    The geojson is attached after the figure is built: plotly deep-copies trace arguments on construction, which
    for a detailed map costs a third of a second per call, but keeps a reference when a property is assigned.
    """
    height = 640
    if frame.empty:
        return _empty(title=title, subtitle=subtitle, source_line=source_line, lang=lang, demo=demo, height=height)
    data = pd.DataFrame(
        {
            "area_code": frame["area_code"].astype(str),
            "area_name": frame["area_name"].astype(str),
            "value": _numeric(frame["value"]),
        }
    ).drop_duplicates("area_code")
    values = data["value"].to_numpy(dtype=float)
    codes, names = data["area_code"].to_numpy(), data["area_name"].to_numpy()
    missing = np.isnan(values)
    fmt = _d3_format(values, decimals)
    hover = f"<b>%{{text}}</b><br>%{{z:{fmt}}} {unit_label}<extra></extra>"
    common = dict(featureidkey="properties.area_code", marker=dict(line=dict(color="white", width=0.6)))

    traces: list = []
    geojsons: list[dict] = []
    if missing.any():
        traces.append(
            _trace(
                "choropleth",
                locations=codes[missing],
                z=np.zeros(int(missing.sum())),
                text=names[missing],
                customdata=codes[missing],
                colorscale=[[0, MISSING_COLOUR], [1, MISSING_COLOUR]],
                showscale=False,
                hovertemplate="<b>%{text}</b><br>..<extra></extra>",
                name="missing",
                **common,
            )
        )
        geojsons.append(_subset(geojson, set(codes[missing])))
    finite = values[~missing]
    traces.append(
        _trace(
            "choropleth",
            locations=codes[~missing],
            z=finite,
            text=names[~missing],
            customdata=codes[~missing],
            colorscale=SEQUENTIAL_SCALE,
            zmin=float(finite.min()) if finite.size else 0.0,
            zmax=float(finite.max()) if finite.size else 1.0,
            colorbar=dict(
                title=dict(text=unit_label, side="right"),
                thickness=14,
                len=0.75,
                outlinewidth=0,
                tickfont=dict(size=11),
            ),
            hovertemplate=hover,
            name="values",
            **common,
        )
    )
    geojsons.append(geojson)

    notes: list[str] = []
    own = np.flatnonzero(codes == own_code) if own_code is not None else np.array([], dtype=int)
    if own.size:
        i = int(own[0])
        clear = "rgba(0,0,0,0)"
        traces.append(
            _trace(
                "choropleth",
                locations=[codes[i]],
                z=[0.0 if missing[i] else values[i]],
                text=[names[i]],
                customdata=[codes[i]],
                colorscale=[[0, clear], [1, clear]],
                showscale=False,
                featureidkey="properties.area_code",
                marker=dict(line=dict(color="#000000", width=3)),
                hovertemplate="<b>%{text}</b><br>..<extra></extra>" if missing[i] else hover,
                name="own_outline",
            )
        )
        geojsons.append(_subset(geojson, {str(codes[i])}))
        notes.append(t("own_outline", lang, name=names[i]))
    if missing.any():
        notes.append(t("map_missing", lang))

    layout = _frame_layout(
        title=title,
        subtitle=subtitle,
        source_line=source_line,
        lang=lang,
        demo=demo,
        height=height,
        notes=notes,
        margin_left=_LEFT_PAD,
        margin_right=110,
        ticks_below=False,
    )
    layout["margin"]["autoexpand"] = True
    layout["geo"] = dict(
        visible=False, fitbounds="locations", projection=dict(type="mercator"), bgcolor="white", showframe=False
    )
    figure = _figure(traces, layout)
    for trace, shapes in zip(figure.data, geojsons, strict=True):
        trace.geojson = shapes
    return figure


# ---------------------------------------------------------------------------------------------------------------
# 6. Index ("budget pressure")
# ---------------------------------------------------------------------------------------------------------------


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
        return _empty(title=title, subtitle=subtitle, source_line=source_line, lang=lang, demo=demo, height=height)
    data = pd.DataFrame(
        {
            "series": frame["series"].astype(str),
            "period": frame["period"].astype(str),
            "index": _numeric(frame["index"]),
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
            _trace(
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
    layout = _frame_layout(
        title=title,
        subtitle=subtitle,
        source_line=source_line,
        lang=lang,
        demo=demo,
        height=height,
        notes=[t("gap_note", lang)] if has_gaps else [],
        legend_rows=_legend_rows(series),
        margin_left=_y_margin(matrix, ",.0f", lang),
        margin_right=56,
        extra_annotations=end_labels,
    )
    layout["xaxis"] = _category_axis(labels)
    layout["yaxis"] = _value_axis()
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
    return _figure(traces, layout)
