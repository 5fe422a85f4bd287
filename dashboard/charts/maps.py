"""The two maps of the municipalities coloured by value: the tile map (one equal square each, labelled with
abbreviations) and the choropleth (their polygons)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd
import shapely
import shapely.geometry

from dashboard.charts.theme import (
    LEFT_PAD,
    MISSING_COLOUR,
    NOTE_ROW,
    SEQUENTIAL_SCALE,
    SOURCE_ROW,
    TEXT_COLOUR,
    TOP,
    Figure,
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
    """Tile labels of three letters, upper case. A name whose first three letters begin no other name keeps them
    (ODE, AAL, KØB). Names that share them are told apart as Danish shorthand does (Frb., Fr.havn): the first
    letter, the first consonant after it, and the first consonant where the name parts from the others in its
    group: Frederiksberg FRB, Frederikshavn FRH, Frederikssund FRS, Brøndby BRB, Brønderslev BRS, Herlev HRL,
    Herning HRN, Vejen VJN, Vejle VJL. Where that code is taken, the first three letters and the letter where
    the name parts from the others; a digit settles anything still equal (identical names)."""
    letters = [re.sub(r"[\W\d_]", "", str(name)).upper() for name in names]
    starts = [word[:3] for word in letters]
    shared_start = Counter(starts)
    codes = list(starts)
    taken = {start for start in starts if shared_start[start] == 1}
    for i in sorted(range(len(letters)), key=lambda index: letters[index]):  # the same codes in any input order
        word = letters[i]
        if shared_start[starts[i]] < 2:
            continue
        parting = max(
            _shared_length(word, other) for j, other in enumerate(letters) if j != i and starts[j] == starts[i]
        )
        code = _shorthand(word, parting)
        if code is None or code in taken:
            code = word[:3] + word[parting : parting + 1]
        taken.add(code)
        codes[i] = code
    counts = Counter(codes)
    seen: Counter[str] = Counter()
    result = []
    for code in codes:
        if counts[code] > 1:
            seen[code] += 1
            code = f"{code}{seen[code]}"
        result.append(code)
    return result


_VOWELS = frozenset("AEIOUYÆØÅ")


def _shared_length(a: str, b: str) -> int:
    """How many letters two words share from the start."""
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length


def _shorthand(word: str, parting: int) -> str | None:
    """First letter, first consonant after it, first other consonant from `parting` on (None: nothing parts)."""
    consonants = [c for c in word[1:parting] if c not in _VOWELS]
    second = consonants[0] if consonants else word[1:2]
    rest = word[parting:]
    third = next((c for c in rest if c not in _VOWELS and c != second), rest[:1])
    return word[:1] + second + third if second and third else None


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
    outlined_codes: Collection[str] = (),
    decimals: int | None = None,
) -> Figure:
    """Every municipality an equal square at (col, row), row 0 at the top, coloured by value (Cividis).

    frame: area_code, area_name, row, col, value. One heatmap on the grid (cells scale with the figure; xgap/ygap
    draw the gaps), a grey heatmap under it for missing values, a text layer with the abbreviations (full names
    in the hover) and a thick black outline around each municipality of `outlined_codes` (the chosen ones).
    Cells carry customdata = area_code (clickData["points"][0]["customdata"]); empty grid cells carry nothing
    and show no hover. Dragging does nothing (a finger on the map scrolls the page); hover and click work.
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
    outlined = np.flatnonzero(np.isin(codes, list(outlined_codes)))
    for i in outlined:
        r, c = int(rows[i]), int(cols[i])
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
    if outlined.size:
        notes.append(t("own_outline", lang, name=", ".join(names[outlined])))
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
    layout["dragmode"] = False
    return plain_figure(traces, layout)


def tile_anchors(frame: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Where the tile map's hover label points at each municipality (x = col, y = row): the page's list shows a
    municipality on the map with Plotly.Fx.hover(graph, {xval: x, yval: y})."""
    return {
        str(code): (float(col), float(row))
        for code, col, row in zip(frame["area_code"], frame["col"], frame["row"], strict=True)
    }


def value_decimals(values: np.ndarray, decimals: int | None = None) -> int:
    """The decimals the maps' hover shows for these values (theme.d3_format), for a list beside the map."""
    return int(d3_format(values, decimals).removeprefix(",.").removesuffix("f"))


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
    outlined_codes: Collection[str] = (),
    decimals: int | None = None,
) -> Figure:
    """Municipality polygons coloured by value (Cividis), no basemap (works offline), zoomed to the data.

    frame: area_code, area_name, value; geojson: FeatureCollection with properties.area_code. Missing values
    grey; each municipality of `outlined_codes` outlined in black (a trace on top that leaves hover and click
    to the polygon under it); customdata = area_code. Dragging does nothing, as on the tile map.

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
    outlined = np.flatnonzero(np.isin(codes, list(outlined_codes)))
    if outlined.size:
        clear = "rgba(0,0,0,0)"
        traces.append(
            plain_trace(
                "choropleth",
                locations=codes[outlined],
                z=np.zeros(outlined.size),
                text=names[outlined],
                customdata=codes[outlined],
                colorscale=[[0, clear], [1, clear]],
                showscale=False,
                featureidkey="properties.area_code",
                marker=dict(line=dict(color="#000000", width=3)),
                hoverinfo="skip",
                name="own_outline",
            )
        )
        geojsons.append(_subset(geojson, set(codes[outlined])))
        notes.append(t("own_outline", lang, name=", ".join(names[outlined])))
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
    layout["dragmode"] = False
    figure = plain_figure(traces, layout)
    for trace, shapes in zip(figure["data"], geojsons, strict=True):
        trace["geojson"] = shapes
    return figure


def boundary_features(codes: Sequence[str], geometries_geojson: Sequence[str]) -> dict:
    """The municipalities' shapes as the choropleth must get them: a FeatureCollection with properties.area_code
    in which every polygon's exterior ring runs clockwise and its holes counter-clockwise. That is d3-geo's
    convention, which plotly's choropleth follows, and the opposite of RFC 7946's, in which the warehouse keeps
    them (etl/kinds/boundaries): to d3 a counter-clockwise ring encloses the whole globe except the shape, and
    the map is one solid fill (plotly/plotly.js#4984)."""
    shapes = shapely.orient_polygons(shapely.from_geojson(list(geometries_geojson)), exterior_cw=True)
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"area_code": str(code)}, "geometry": json.loads(text)}
            for code, text in zip(codes, shapely.to_geojson(shapes), strict=True)
        ],
    }


def shape_anchors(geojson: dict) -> dict[str, tuple[float, float]]:
    """A point inside each municipality's shape (x = longitude, y = latitude; not the centroid, which a bay or
    an archipelago may put outside), where the choropleth's hover label points when the page's list shows a
    municipality on the map (Plotly.Fx.hover(graph, {xval: x, yval: y}, "geo"))."""
    anchors: dict[str, tuple[float, float]] = {}
    for feature in geojson.get("features", []):
        point = shapely.geometry.shape(feature["geometry"]).representative_point()
        anchors[str(feature["properties"]["area_code"])] = (round(point.x, 5), round(point.y, 5))
    return anchors
