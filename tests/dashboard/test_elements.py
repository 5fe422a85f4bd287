"""dashboard/ui/elements.py: a component made by `element` is the one Dash makes of the same props."""

from __future__ import annotations

from collections.abc import Iterator

import dash_bootstrap_components as dbc
import pytest
from dash import Dash, dcc, html
from dash.development.base_component import Component

from dashboard.pages import area_map, first_sight_of, overview, profile, region
from dashboard.ui.elements import element


def made_by_dash(component: Component) -> Component:
    props = {k: v for k, v in component.to_plotly_json()["props"].items()}
    return type(component)(**props)


@pytest.mark.parametrize(
    ("kind", "children", "props"),
    [
        (html.Td, "12,3", {"className": "kf-own kf-number", "role": "cell", "data-label": "Viborg"}),
        (html.Tr, [html.Td("a")], {"role": "row", "id": "key-figures-children_placed"}),
        (html.Span, None, {"className": "kf-note", "aria-hidden": "true"}),
        (html.Img, None, {"src": "data:image/svg+xml,x", "alt": "a", "width": 96, "height": 28}),
        (dcc.Store, None, {"id": {"type": "near", "part": "children"}}),  # id is required
        (dcc.Dropdown, None, {"id": "d", "options": [{"label": "a", "value": "b"}], "value": "b", "multi": False}),
        (dbc.NavLink, "Region", {"href": "/region", "active": True, "id": "nav-region"}),
        (dbc.Col, "x", {"md": 3}),
    ],
)
def test_an_element_is_what_dash_makes(kind: type[Component], children: object, props: dict) -> None:
    fast = element(kind, children, **props)
    dash_made = kind(children, **props) if children is not None else kind(**props)  # dcc.Store has no children
    assert type(fast) is kind
    assert vars(fast) == vars(dash_made)
    assert fast.to_plotly_json() == dash_made.to_plotly_json()


def test_a_prop_the_component_lacks_is_refused() -> None:
    with pytest.raises(TypeError, match="'colour'"):
        element(html.Td, "x", colour="red")


def test_a_missing_required_prop_is_refused() -> None:
    with pytest.raises(TypeError, match="'id'"):
        element(dcc.Store, data=1)
    assert element(dcc.Store, id="s", data=1).to_plotly_json() == dcc.Store(id="s", data=1).to_plotly_json()


def components(tree: object) -> Iterator[Component]:
    if isinstance(tree, Component):
        yield tree
        tree = getattr(tree, "children", None)
    if isinstance(tree, (list, tuple)):
        for child in tree:
            yield from components(child)
    elif isinstance(tree, Component):
        yield from components(tree)


@pytest.mark.parametrize(
    ("draw", "code"),
    [
        (first_sight_of(profile), "791"),
        (first_sight_of(region), "082"),
        (profile.layout, "101"),
        (lambda lang: overview.layout(lang=lang), "en"),
        (lambda lang: area_map.layout(lang=lang), "en"),
    ],
    ids=["profile-first-sight", "region-first-sight", "profile-whole", "front-page", "map"],
)
def test_every_component_of_a_page_is_what_dash_makes_of_its_props(app: Dash, draw, code: str) -> None:
    with app.server.test_request_context("/"):
        tree = draw(code)
    seen = list(components(tree))
    assert len(seen) > 100
    for component in seen:
        assert component.to_plotly_json() == made_by_dash(component).to_plotly_json(), type(component).__name__
