"""The grid of indicators (rows) against areas (columns) on the region page: the reference areas (the region, the
country) pinned first, names whole (a column is as wide as the longest word of its name, and a header wraps only
at spaces), each row's unit and period under its indicator, and the reader's own municipality
highlighted.

Column widths come in two sets: for a phone (13 px type, 6 px padding: assets/briefing.css) and for anything wider
(14 px, 16 px). The grid is sent with the phone's, which always leave the pinned columns room to scroll beside
(AG Grid unpins columns that would not, and keeps them unpinned); in the browser a clientside callback
(`register_fit`) switches to the wider set where the screen is wider and gives the indicator column what is left."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

import dash_ag_grid as dag
from dash import Input, Output, State, clientside_callback, dcc, html

from dashboard.core.grid_locale import grid_locale_text

INDICATOR_FIELD = "indicator"
DECIMALS_FIELD = "decimals"  # per row: how many decimals its numbers show
INDICATOR_WIDTH_PX = 300  # at most: the longest indicator name on two or three lines
INDICATOR_MIN_WIDTH_PX = 128  # at least: the longest word of an indicator name ('socialpædagogisk') still fits
CENTER_MIN_WIDTH_PX = 56  # what the pinned columns leave to scroll in (AG Grid unpins them below 50 px)
NARROW_MEDIA = "(max-width: 575.98px)"  # the phone layout, as in assets/briefing.css
_VALUE_CHARS = 7  # '1.234,5'
_BOLD = 1.15
_WORDS = re.compile(r"\S+")  # a header wraps at spaces only: 'Ringkøbing-Skjern' is sized to stay whole
# Markdown's inline marks and links; a block mark ('# ', '- ', '1. ') would need a line to start with it, and no
# catalogue title, unit or message does: parentheses, dots and dashes stay as they are.
_QUARTER = re.compile(r"(\d{4}) ([KQH]\d)")  # "2025 K2", "2025 Q2", "2025 H1"
_RANGE = re.compile(r"(\d)–(\d)")  # '0–22'
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


@dataclass(frozen=True)
class TypeSize:
    """How wide a character and a cell's padding are at one of the grid's type sizes. Measured in Chromium: a
    character of an area name is at most ~7.5 px at 14 px in DejaVu Sans (Linux's fallback; Segoe UI and San
    Francisco are narrower), ~7 px at 13 px; a few pixels spare on top."""

    char_px: float
    padding_px: int

    def column_width_px(self, name: str, bold: bool = False) -> int:
        """Wide enough for the longest unbreakable piece of the name (in bold type, as the own municipality's
        header, ~15 % wider) and for a number: no name breaks mid-word or is cut short."""
        chars = max(len(longest_word(name)), _VALUE_CHARS)
        return math.ceil(chars * self.char_px * (_BOLD if bold else 1.0)) + 2 * self.padding_px + 4


NARROW = TypeSize(char_px=7.4, padding_px=6)
WIDE = TypeSize(char_px=8.0, padding_px=16)


@dataclass(frozen=True)
class AreaColumn:
    field: str
    name: str
    pinned: bool = False  # a reference area: the region, the country
    highlighted: bool = False  # the reader's own municipality


def longest_word(name: str) -> str:
    """The longest piece a header of this name cannot wrap inside."""
    return max(_WORDS.findall(name), key=len, default=name)


def keep_together(text: str, browser: bool = True) -> str:
    """'§ 108' and '2025 K2' never split over two lines (no-break spaces), nor, in a browser, '0–22' after its dash
    (word joiners; a slide's text boxes are wide enough, and not every viewer draws the joiner)."""
    text = _QUARTER.sub("\\1\u00a0\\2", text.replace("§ ", "§\u00a0"))
    return _RANGE.sub("\\1\u2060–\u2060\\2", text) if browser else text


def markdown_text(text: str) -> str:
    """Text shown as itself by the markdown cell renderer (every markdown character escaped), kept together."""
    return keep_together(_MARKDOWN_SPECIAL.sub(r"\\\1", text))


def indicator_cell(title: str, detail: str) -> str:
    """The indicator's name, and under it in small type its unit and period."""
    return f"{markdown_text(title)}  \n*{markdown_text(detail)}*"


def ordered_columns(columns: list[AreaColumn]) -> list[AreaColumn]:
    """Pinned columns first, then the highlighted one, then the rest in the order given."""
    return (
        [c for c in columns if c.pinned]
        + [c for c in columns if c.highlighted and not c.pinned]
        + [c for c in columns if not c.pinned and not c.highlighted]
    )


def widths_id(grid_id: str) -> str:
    return f"{grid_id}-widths"


def area_grid(
    grid_id: str,
    rows: list[dict[str, Any]],
    indicator_header: str,
    columns: list[AreaColumn],
    lang: str,
    height_px: int,
) -> html.Div:
    """Rows: {INDICATOR_FIELD: indicator_cell(...), DECIMALS_FIELD: n, column.field: number or None, ...}."""
    locale = "da-DK" if lang == "da" else "en-GB"
    digits = f"(params.data && params.data.{DECIMALS_FIELD} != null ? params.data.{DECIMALS_FIELD} : 1)"
    number_format = {
        "function": f"params.value == null ? '..' : params.value.toLocaleString('{locale}', "
        f"{{minimumFractionDigits: {digits}, maximumFractionDigits: {digits}}})"
    }
    ordered = ordered_columns(columns)
    column_defs: list[dict[str, Any]] = [
        {
            "field": INDICATOR_FIELD,
            "headerName": indicator_header,
            "pinned": "left",
            "width": INDICATOR_MIN_WIDTH_PX,
            "minWidth": INDICATOR_MIN_WIDTH_PX,
            "wrapText": True,
            "autoHeight": True,
            "cellRenderer": "markdown",
            "cellClass": "area-grid-indicator",
        }
    ]
    for column in ordered:
        width = NARROW.column_width_px(column.name, bold=column.highlighted)
        cell_classes, header_classes = ["ag-right-aligned-cell"], ["ag-right-aligned-header"]
        spec: dict[str, Any] = {"field": column.field, "headerName": column.name, "width": width, "minWidth": width}
        spec["valueFormatter"] = number_format
        if column.highlighted:
            cell_classes.append("area-grid-own")
            header_classes.append("area-grid-own")
        if column.pinned:
            spec["pinned"] = "left"
            cell_classes.append("area-grid-reference")
            header_classes.append("area-grid-reference")
        spec |= {"cellClass": " ".join(cell_classes), "headerClass": " ".join(header_classes)}
        column_defs.append(spec)
    widths = {
        "narrow": {c.field: NARROW.column_width_px(c.name, bold=c.highlighted) for c in ordered},
        "wide": {c.field: WIDE.column_width_px(c.name, bold=c.highlighted) for c in ordered},
    }
    grid = dag.AgGrid(
        id=grid_id,
        rowData=[{k: _json_number(v) for k, v in row.items()} for row in rows],
        columnDefs=column_defs,
        defaultColDef={
            # Rows are indicators in different units: sorting them by one area's numbers would mean nothing.
            "sortable": False,
            "filter": False,
            "resizable": True,
            "suppressMovable": True,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
        },
        dashGridOptions={"ensureDomOrder": True, "suppressColumnVirtualisation": True}
        | ({"localeText": words} if (words := grid_locale_text(lang)) else {}),
        className="area-grid",
        style={"height": f"{height_px}px"},
    )
    return html.Div([grid, dcc.Store(id=widths_id(grid_id), data=widths)])


def _json_number(value: Any) -> Any:
    """NaN (pandas' missing) as null: the formatter shows '..'."""
    return None if isinstance(value, float) and math.isnan(value) else value


_FIT_COLUMNS = """function (widths, defs) {
    var main = document.getElementById("main");
    if (!widths || !Array.isArray(defs) || !defs.length || !main || !main.clientWidth) {
        return window.dash_clientside.no_update;
    }
    var set = window.matchMedia(NARROW_MEDIA).matches ? widths.narrow : widths.wide;
    var room = main.clientWidth - 2;
    var pinned = 0;
    defs.forEach(function (def) {
        if (def.pinned && def.field !== INDICATOR_FIELD && set[def.field]) { pinned += set[def.field]; }
    });
    var indicator = Math.max(INDICATOR_MIN, Math.min(INDICATOR_MAX, Math.floor(room - pinned - CENTER_MIN)));
    var changed = false;
    var next = defs.map(function (def) {
        var width = set[def.field];
        var update = def.field === INDICATOR_FIELD ? {width: indicator}
            : !width ? {} : {width: width, minWidth: width};
        var same = Object.keys(update).every(function (key) { return def[key] === update[key]; });
        if (same) { return def; }
        changed = true;
        return Object.assign({}, def, update);
    });
    return changed ? next : window.dash_clientside.no_update;
}"""


def register_fit(grid_id: str) -> None:
    """The clientside callback that fits a grid's columns to the screen it is shown on (call once per grid id)."""
    constants = {
        "NARROW_MEDIA": json.dumps(NARROW_MEDIA),
        "INDICATOR_FIELD": json.dumps(INDICATOR_FIELD),
        "INDICATOR_MIN": str(INDICATOR_MIN_WIDTH_PX),
        "INDICATOR_MAX": str(INDICATOR_WIDTH_PX),
        "CENTER_MIN": str(CENTER_MIN_WIDTH_PX),
    }
    code = _FIT_COLUMNS
    for name, value in constants.items():
        code = code.replace(name, value)
    clientside_callback(
        code,
        Output(grid_id, "columnDefs"),
        Input(widths_id(grid_id), "data"),
        State(grid_id, "columnDefs"),
    )
