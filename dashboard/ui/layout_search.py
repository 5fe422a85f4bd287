"""Finding things in a rendered page layout: a chart's figure, the table behind it. Image export and embeds
show a chart exactly as its page drew it, by rendering the page (cached) and taking the chart from it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd


def find(component: Any, wanted: Callable[[Any], bool]) -> Any:
    if wanted(component):
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if child is not None and not isinstance(child, (str, int, float)):
            found = find(child, wanted)
            if found is not None:
                return found
    return None


def find_figure(layout: Any, chart_id: str) -> dict | None:
    """The figure of the dcc.Graph with this id anywhere in a layout."""
    graph = find(layout, lambda c: getattr(c, "id", None) == chart_id and isinstance(getattr(c, "figure", None), dict))
    return graph.figure if graph is not None else None


def find_table(layout: Any, table_id: str) -> pd.DataFrame | None:
    """The rows of the table behind a chart (components.lazy_table keeps them in a Store)."""
    store = find(layout, lambda c: getattr(c, "id", None) == {"type": "lazy-table-data", "index": table_id})
    if store is None:
        return None
    table = pd.DataFrame(store.data["records"], columns=store.data["columns"])
    for column in store.data.get("whole") or []:  # a rank stays a whole number where a value is missing
        table[column] = table[column].astype("Int64")
    if store.data.get("decimals") is not None:
        table.attrs["decimals"] = store.data["decimals"]
    return table
