"""A component tree as server-written HTML (dashboard/web/static_html.py), for the plain pages: tags and attributes
as Dash's renderer writes them, text escaped, a graph's figure in a data block no text can break out of, and every
component only Dash's renderer can draw refused."""

from __future__ import annotations

import json
import re

import pytest
from dash import dcc, html

from dashboard.web import static_html


def test_html_components_become_their_tags_with_their_attributes() -> None:
    tree = html.Main(
        [
            html.P("a < b & c", id="line", className="small mb-0", style={"fontSize": "12px", "color": "red"}),
            html.A("back", href="/kommune/751?measure=index&peers=size", target="_top"),
            html.Br(),
            html.Label("x", htmlFor="y", tabIndex="-1", hidden=True, title=None),
        ],
        id="embed",
        lang="da",
        **{"aria-label": 'Anbragte "børn"'},
    )
    assert static_html.render(tree) == (
        '<main id="embed" lang="da" aria-label="Anbragte &quot;børn&quot;">'
        '<p id="line" class="small mb-0" style="font-size:12px;color:red">a &lt; b &amp; c</p>'
        '<a href="/kommune/751?measure=index&amp;peers=size" target="_top">back</a><br>'
        '<label hidden for="y" tabindex="-1">x</label></main>'
    )


def test_a_graph_is_its_place_and_its_figure_in_a_data_block_that_cannot_be_broken_out_of() -> None:
    figure = {"data": [{"type": "bar", "x": ["</script><script>alert(1)</script>"], "y": [float("nan")]}], "layout": {}}
    written = static_html.render(html.Div(dcc.Graph(id="g", figure=figure, config={"displayModeBar": False})))
    place, block = re.fullmatch(
        r'<div>(<div [^>]*></div>)(<script type="application/json" id="g-figure">.*)</div>', written, re.S
    ).groups()
    assert place == '<div id="g" class="dash-graph" data-figure="g-figure"></div>'
    assert block.count("</script>") == 1 and block.endswith("</script>")
    spec = json.loads(block.removeprefix('<script type="application/json" id="g-figure">').removesuffix("</script>"))
    assert spec == {
        "data": [{"type": "bar", "x": ["</script><script>alert(1)</script>"], "y": [None]}],  # NaN as plotly: null
        "layout": {},
        "config": {"displayModeBar": False},
    }


def test_trace_types_of_every_graph_in_a_tree() -> None:
    tree = html.Div(
        [
            dcc.Graph(id="a", figure={"data": [{"x": [1]}, {"type": "bar"}]}),
            html.Section(dcc.Graph(id="b", figure={"data": [{"type": "choropleth"}]})),
        ]
    )
    assert static_html.trace_types(tree) == {"scatter", "bar", "choropleth"}
    assert static_html.trace_types(html.P("no chart")) == set()


@pytest.mark.parametrize(
    "component",
    [
        dcc.Dropdown(id="d", options=["a"]),
        html.Div(dcc.Store(id="s", data={})),
        html.Div(id={"type": "x", "index": 1}),
        dcc.Graph(id={"type": "g", "index": 1}, figure={}),
    ],
)
def test_what_needs_dashs_renderer_is_refused(component) -> None:
    with pytest.raises(static_html.NotStatic):
        static_html.render(component)
