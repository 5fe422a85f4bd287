"""Parts of a page drawn when they come near the screen, not with the page (issue 12: a profile's ~23 charts were
~60 % of a cold view's drawing, and a laptop shows the name, the key figures and the controls above the fold).

The page router sends a placeholder for each such part: an empty box that keeps the part's place (its expected
height, so the page does not jump and the scroll bar is right) and, beside it, a dcc.Store. assets/deferred_parts.js
sets the Store's data once the box comes within a screen of view, or when the page is printed; the page's own
callback (`part_callback`) answers with the part, drawn for the address its id carries. So the part is a function
of its id, like the page of its address: a late answer for a view left meanwhile has no box to land in.

The whole page, every part drawn, is still the page's `layout()`: exports, embeds, decks and tests read that."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from dash import MATCH, Input, Output, State, callback, dcc, html
from dash.development.base_component import Component
from dash.exceptions import PreventUpdate

from dashboard.core.state import NotFound
from dashboard.core.typed_callbacks import BadCallbackInput, typed_arguments
from dashboard.ui.elements import element
from dashboard.ui.layout_json import layout_fragment

PART_TYPE = "deferred-part"
NEAR_TYPE = "deferred-near"
CLASS_NAME = "deferred-part"  # assets/deferred_parts.js looks for these boxes while they are empty
# a chart card's height with its note, table and export links, in Chromium: alone in its row on a phone (390 px),
# and a row of two from lg up (1366 and 1920 px)
CARD_HEIGHT_NARROW_REM = 47
ROW_HEIGHT_WIDE_REM = 41.5


def id_json(component_id: dict) -> str:
    """A dict id as compact JSON with sorted keys: how Dash writes it in a callback's output and a prop's name."""
    return json.dumps(component_id, sort_keys=True, separators=(",", ":"))


def part_id(page: str, part: str, view: str) -> dict[str, str]:
    """The id of `part` of `page` drawn for `view` (the page's canonical address, path and query)."""
    return {"type": PART_TYPE, "page": page, "part": part, "view": view}


def card_heights_rem(cards: int, columns_wide: int = 2) -> tuple[float, float]:
    """The height of `cards` chart cards: one column on a phone, `columns_wide` from lg up."""
    return cards * CARD_HEIGHT_NARROW_REM, -(-cards // columns_wide) * ROW_HEIGHT_WIDE_REM


def placeholder(page: str, part: str, view: str, heights_rem: tuple[float, float]) -> html.Div:
    """The box `part` is drawn into, as high as the part will be (narrow, from lg up; card_heights_rem for cards;
    assets/deferred_parts.css reads the two)."""
    box = part_id(page, part, view)
    near = {**box, "type": NEAR_TYPE}
    narrow, wide = heights_rem
    return element(
        html.Div,
        [
            element(dcc.Store, id=near),
            element(
                html.Div,
                id=box,
                className=CLASS_NAME,
                style={"--deferred-height-narrow": f"{narrow:g}rem", "--deferred-height-wide": f"{wide:g}rem"},
                **_data_near(near),
            ),
        ],
    )


def part_request(near: dict[str, str]) -> dict:
    """The callback request the browser sends for the part whose Store is `near` (shape captured from Chromium):
    for warming the render cache, and for tests and benchmarks that draw parts over HTTP."""
    box = {**near, "type": PART_TYPE}
    pattern = {**box, "part": ["MATCH"], "view": ["MATCH"]}
    return {
        "output": id_json(pattern) + ".children",
        "outputs": {"id": box, "property": "children"},
        "inputs": [{"id": near, "property": "data", "value": True}],
        "changedPropIds": [f"{id_json(near)}.data"],
        "parsedChangedPropsIds": [near],
        "state": [{"id": box, "property": "id", "value": box}],
    }


def _data_near(near: dict[str, str]) -> dict[str, Any]:
    """The Store's id for assets/deferred_parts.js (Dash takes data-* props as keywords no signature declares)."""
    return {"data-near": id_json(near)}


def part_callback(page: str, draw: Callable[[str, str], Component | None]) -> None:
    """Register the callback that draws `page`'s deferred parts: `draw(part, view)` gives the part's content for
    the view's address, or raises NotFound for an address or part that names nothing."""

    @callback(
        Output({"type": PART_TYPE, "page": page, "part": MATCH, "view": MATCH}, "children"),
        Input({"type": NEAR_TYPE, "page": page, "part": MATCH, "view": MATCH}, "data"),
        State({"type": PART_TYPE, "page": page, "part": MATCH, "view": MATCH}, "id"),
        prevent_initial_call=True,
    )
    @typed_arguments
    def draw_part(near: object, box: dict) -> object:
        if not near:
            raise PreventUpdate
        part, view = box.get("part"), box.get("view")
        if not isinstance(part, str) or not isinstance(view, str) or not view.startswith("/"):
            raise BadCallbackInput("a deferred part names its part and its view's address")
        try:
            content = draw(part, view)
        except NotFound as exc:
            raise BadCallbackInput(f"no such part or view: {part} of {view}") from exc
        return layout_fragment(content)  # written once, as the page router's answer (layout_json)
