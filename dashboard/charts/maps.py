"""The two maps of the municipalities coloured by value: the tile map (one equal square each, labelled with
abbreviations) and the choropleth (their polygons)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.theme import (
    LEFT_PAD,
    MISSING_COLOUR,
    NOTE_ROW,
    SEQUENTIAL_SCALE,
    SOURCE_ROW,
    TEXT_COLOUR,
    TOP,
    d3_format,
    empty_figure,
    frame_layout,
    numeric,
    plain_figure,
    plain_trace,
)
from dashboard.core.texts import t

# ---------------------------------------------------------------------------------------------------------------
# Tile map
# ---------------------------------------------------------------------------------------------------------------


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
        return empty_figure(
            title=title, subtitle=subtitle, source_line=source_line, lang=lang, demo=demo, height=height_guess
        )
    data = pd.DataFrame(
        {
            "area_code": frame["area_code"].astype(str),
            "area_name": frame["area_name"].astype(str),
            "row": pd.to_numeric(frame["row"]).astype(int),
            "col": pd.to_numeric(frame["col"]).astype(int),
            "value": numeric(frame["value"]),
        }
    ).drop_duplicates("area_code")
    rows, cols = data["row"].to_numpy(), data["col"].to_numpy()
    values = data["value"].to_numpy(dtype=float)
    names, codes = data["area_name"].to_numpy(), data["area_code"].to_numpy()
    n_rows, n_cols = int(rows.max()) + 1, int(cols.max()) + 1
    fmt = d3_format(values, decimals)

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
            plain_trace(
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
        plain_trace(
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
        plain_trace(
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

    height = int(min(820, max(440, 46 * n_rows + TOP + 8 + len(notes) * NOTE_ROW + SOURCE_ROW)))
    layout = frame_layout(
        title=title,
        subtitle=subtitle,
        source_line=source_line,
        lang=lang,
        demo=demo,
        height=height,
        notes=notes,
        margin_left=LEFT_PAD,
        margin_right=110,
        ticks_below=False,
    )
    layout["margin"]["autoexpand"] = True  # room for the colour bar
    layout["xaxis"] = dict(visible=False, range=[-0.5, n_cols - 0.5], constrain="domain", fixedrange=True)
    layout["yaxis"] = dict(
        visible=False, range=[n_rows - 0.5, -0.5], scaleanchor="x", scaleratio=1, constrain="domain", fixedrange=True
    )
    layout["shapes"] = shapes
    return plain_figure(traces, layout)


# ---------------------------------------------------------------------------------------------------------------
# Choropleth
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
        return empty_figure(
            title=title, subtitle=subtitle, source_line=source_line, lang=lang, demo=demo, height=height
        )
    data = pd.DataFrame(
        {
            "area_code": frame["area_code"].astype(str),
            "area_name": frame["area_name"].astype(str),
            "value": numeric(frame["value"]),
        }
    ).drop_duplicates("area_code")
    values = data["value"].to_numpy(dtype=float)
    codes, names = data["area_code"].to_numpy(), data["area_name"].to_numpy()
    missing = np.isnan(values)
    fmt = d3_format(values, decimals)
    hover = f"<b>%{{text}}</b><br>%{{z:{fmt}}} {unit_label}<extra></extra>"
    common = dict(featureidkey="properties.area_code", marker=dict(line=dict(color="white", width=0.6)))

    traces: list = []
    geojsons: list[dict] = []
    if missing.any():
        traces.append(
            plain_trace(
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
        plain_trace(
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
            plain_trace(
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

    layout = frame_layout(
        title=title,
        subtitle=subtitle,
        source_line=source_line,
        lang=lang,
        demo=demo,
        height=height,
        notes=notes,
        margin_left=LEFT_PAD,
        margin_right=110,
        ticks_below=False,
    )
    layout["margin"]["autoexpand"] = True
    layout["geo"] = dict(
        visible=False, fitbounds="locations", projection=dict(type="mercator"), bgcolor="white", showframe=False
    )
    figure = plain_figure(traces, layout)
    for trace, shapes in zip(figure.data, geojsons, strict=True):
        trace.geojson = shapes
    return figure
