"""A page's component tree as the JSON the page router sends, written once with orjson.

Dash serialises a callback's answer with plotly's `to_json_plotly`: orjson first, and when that meets an object it
cannot write (a Dash component), a walk of the whole tree through plotly's `clean_to_json_compatible` before
writing it again. For a profile (~860 components, ~23 figures) that walk was ~12 of a cold render's ~60 ms. Here
each component becomes its JSON form (what `to_plotly_json` gives) as orjson meets it, and the bytes go to Dash
as an `orjson.Fragment`, which orjson writes as it is: same JSON, no walk."""

from __future__ import annotations

import functools
from collections.abc import Callable

import orjson
from dash.development.base_component import Component

from dashboard.ui.elements import props_of

# plotly's own options for Dash's answers (to_json_plotly): numpy arrays written natively, keys of any type
_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY


def _component_json(value: object) -> object:
    """orjson's fallback for what it cannot write itself: a component becomes its wire form, the JSON of Dash's
    `to_plotly_json` (tested), read from the props the component was given. Dash's own walks every prop name
    the class has and tests each attribute against the wildcards (data-*, aria-*): a whole profile's JSON took
    4.6 ms that way, 1.5 ms this way."""
    if isinstance(value, Component):
        names, wildcards = props_of(value)
        props = {k: v for k, v in vars(value).items() if k in names or k.startswith(wildcards)}
        return {"props": props, "type": value._type, "namespace": value._namespace}
    raise TypeError(f"{type(value).__name__} is not JSON serialisable in a page layout")


def layout_fragment(layout: object) -> orjson.Fragment:
    """`layout` (a component tree, or anything JSON-able around components) as ready JSON for Dash's answer."""
    return orjson.Fragment(orjson.dumps(layout, default=_component_json, option=_OPTIONS))


def sent_as_json(render: Callable[..., object]) -> Callable[..., orjson.Fragment]:
    """The page router's layout function: `render`'s tree written once, here, instead of walked by plotly."""

    @functools.wraps(render)
    def layout(**kwargs: object) -> orjson.Fragment:
        return layout_fragment(render(**kwargs))

    return layout
