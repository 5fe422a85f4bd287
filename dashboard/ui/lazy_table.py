"""Mount the grid behind a chart when its <details> is opened (see components.lazy_table)."""

from __future__ import annotations

import pandas as pd
from dash import MATCH, Input, Output, State, callback
from dash.exceptions import PreventUpdate

from dashboard.core.state import LANGUAGES
from dashboard.core.typed_callbacks import BadCallbackInput, typed_arguments
from dashboard.ui.components import data_grid


@callback(
    Output({"type": "lazy-table", "index": MATCH}, "children"),
    Input({"type": "lazy-table-summary", "index": MATCH}, "n_clicks"),
    State({"type": "lazy-table-data", "index": MATCH}, "data"),
    State({"type": "lazy-table", "index": MATCH}, "id"),
    prevent_initial_call=True,
)
@typed_arguments
def show_table(clicks: int | None, data: dict | None, slot: dict) -> object:
    """The first click on the summary opens the <details> (the browser does that) and mounts the grid; later
    clicks only fold and unfold it."""
    if clicks != 1 or not data:
        raise PreventUpdate
    columns, records = data.get("columns"), data.get("records")
    if not (
        isinstance(columns, list)
        and all(isinstance(c, str) for c in columns)
        and isinstance(records, list)
        and all(isinstance(r, dict) for r in records)
        and isinstance(slot.get("index"), str)
    ):
        raise BadCallbackInput("a table is columns (strings) and records (objects)")
    sent = data.get("lang")
    lang = sent if isinstance(sent, str) and sent in LANGUAGES else "da"
    decimals = data.get("decimals")
    if decimals is not None and not (
        isinstance(decimals, int) and not isinstance(decimals, bool) and 0 <= decimals <= 6
    ):
        raise BadCallbackInput("decimals is a whole number from 0 to 6")
    whole = data.get("whole") or []
    if not (isinstance(whole, list) and all(isinstance(c, str) for c in whole)):
        raise BadCallbackInput("whole is a list of column names")
    table = pd.DataFrame(records, columns=columns)
    return data_grid(f"{slot['index']}-grid", table, lang=lang, decimals=decimals, whole_columns=whole)
