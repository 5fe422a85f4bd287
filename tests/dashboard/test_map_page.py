"""The map page (Kort) on every screen: tile labels people recognise, the chosen municipalities outlined, the ranked
list beside the map (its order, values and links, and the point on the map each link shows), the view in the
URL, named year controls, and the choropleth drawn from boundaries as the warehouse keeps them. Figures from
small hand-made frames; pages from the demo warehouse (with square boundaries for the choropleth)."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from dash import Dash
from dash.exceptions import PreventUpdate
from plotly.utils import PlotlyJSONEncoder
from plotly_schema import validating
from shapely.geometry import Point, Polygon, shape
from square_boundaries import demo_warehouse_with_boundaries, square_bounds

from dashboard.app import cached_layout, create_app
from dashboard.charts import maps
from dashboard.charts.maps import (
    abbreviations,
    boundary_features,
    shape_anchors,
    tile_anchors,
    value_decimals,
)
from dashboard.charts.theme import d3_format
from dashboard.core.formatting import format_number
from dashboard.core.state import MAX_AREAS, ViewState
from dashboard.core.texts import t
from dashboard.core.typed_callbacks import BadCallbackInput
from dashboard.pages import area_map
from dashboard.warehouse import selectors as ctx

# every figure a test looks at is checked against plotly's schema first
choropleth_map = validating(maps.choropleth_map)
tile_map = validating(maps.tile_map)

ROOT = Path(__file__).resolve().parents[2]
COMMON = dict(title="Anbragte børn", subtitle="pr. 1.000 · 2023", source_line="Kilde: Danmarks Statistik")


def municipality_names() -> list[str]:
    with (ROOT / "data" / "reference" / "areas.csv").open(encoding="utf-8") as handle:
        return [row["area_name"] for row in csv.DictReader(handle) if row["area_level"] == "kommune"]


def tile_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_code": ["101", "147", "461", "751", "851"],
            "area_name": ["København", "Frederiksberg", "Odense", "Aarhus", "Aalborg"],
            "row": [2, 2, 1, 1, 0],
            "col": [3, 2, 1, 2, 2],
            "value": [5.0, np.nan, 9.0, 7.0, 1.5],
        }
    )


def ring(west: float, south: float, east: float, north: float, *, clockwise: bool) -> list[list[float]]:
    corners = [[west, south], [east, south], [east, north], [west, north]]  # counter-clockwise
    corners = corners[::-1] if clockwise else corners
    return [*corners, corners[0]]


# --- tile labels -------------------------------------------------------------------------------------------------


def test_every_municipality_gets_three_letters_that_start_its_name() -> None:
    names = municipality_names()
    codes = abbreviations(names)
    assert len(set(codes)) == 98
    for code, name in zip(codes, names, strict=True):
        assert len(code) == 3 and code[0] == name[0].upper(), (name, code)


def test_names_sharing_their_first_letters_read_as_danish_shorthand() -> None:
    names = municipality_names()
    label = dict(zip(names, abbreviations(names), strict=True))
    # Names no other name starts like keep their first three letters.
    assert (label["Odense"], label["Aalborg"], label["København"], label["Ærø"]) == ("ODE", "AAL", "KØB", "ÆRØ")
    # The others: first letter, next consonant, the consonant where the name parts from its group.
    assert (label["Frederiksberg"], label["Frederikshavn"], label["Frederikssund"]) == ("FRB", "FRH", "FRS")
    assert (label["Brøndby"], label["Brønderslev"]) == ("BRB", "BRS")
    assert (label["Herlev"], label["Herning"], label["Vejen"], label["Vejle"]) == ("HRL", "HRN", "VJN", "VJL")
    assert not {"FREH", "BRØE", "FREB"} & set(label.values())


def test_labels_do_not_depend_on_the_order_of_the_names() -> None:
    names = municipality_names()
    forward = dict(zip(names, abbreviations(names), strict=True))
    backward = dict(zip(names[::-1], abbreviations(names[::-1]), strict=True))
    assert forward == backward


# --- the figures -------------------------------------------------------------------------------------------------


def test_tile_map_outlines_every_chosen_municipality_and_names_them() -> None:
    fig = tile_map(tile_frame(), unit_label="u", outlined_codes=["461", "101"], **COMMON)
    outlines = [s for s in fig.layout.shapes if s.name == "own_outline"]
    centres = sorted(((s.x0 + s.x1) / 2, (s.y0 + s.y1) / 2) for s in outlines)
    assert centres == [(1, 1), (3, 2)]  # Odense (col 1, row 1) and København (col 3, row 2)
    notes = [a.text for a in fig.layout.annotations if a.name == "note"]
    assert "Sort ramme: København, Odense" in notes
    none = tile_map(tile_frame(), unit_label="u", outlined_codes=["999"], **COMMON)
    assert not none.layout.shapes and not any("Sort ramme" in a.text for a in none.layout.annotations)


def test_tile_hover_shows_the_full_name_where_the_tile_shows_its_abbreviation() -> None:
    fig = tile_map(tile_frame(), unit_label="pr. 1.000", **COMMON)
    values = next(trace for trace in fig.data if trace.name == "values")
    labels = next(trace for trace in fig.data if trace.name == "labels")
    frame = tile_frame()
    for code, name, row, col in zip(frame["area_code"], frame["area_name"], frame["row"], frame["col"], strict=True):
        assert values.text[row][col] == name and values.customdata[row][col] == code
    assert values.hovertemplate.startswith("<b>%{text}</b>")
    assert list(labels.text) == abbreviations(frame["area_name"].tolist())
    assert set(labels.text).isdisjoint(frame["area_name"])


def test_both_maps_leave_a_finger_on_them_to_scroll_the_page() -> None:
    geojson = boundary_features(
        ["101"], [json.dumps({"type": "Polygon", "coordinates": [ring(12, 55, 12.2, 55.1, clockwise=False)]})]
    )
    frame = tile_frame().iloc[:1]
    assert tile_map(frame, unit_label="u", **COMMON).layout.dragmode is False
    assert choropleth_map(frame, geojson, unit_label="u", **COMMON).layout.dragmode is False


def test_choropleth_outlines_several_and_leaves_hover_and_click_to_the_shape_under_it() -> None:
    codes = tile_frame()["area_code"].tolist()
    features = [
        {"type": "Polygon", "coordinates": [ring(8 + i, 55, 8.5 + i, 55.5, clockwise=True)]} for i in range(len(codes))
    ]
    geojson = boundary_features(codes, [json.dumps(f) for f in features])
    fig = choropleth_map(tile_frame(), geojson, unit_label="u", outlined_codes=["751", "147"], **COMMON)
    outline = next(trace for trace in fig.data if trace.name == "own_outline")
    assert sorted(outline.locations) == ["147", "751"] and outline.hoverinfo == "skip"
    assert sorted(f["properties"]["area_code"] for f in outline.geojson["features"]) == ["147", "751"]
    assert "Sort ramme: Frederiksberg, Aarhus" in [a.text for a in fig.layout.annotations if a.name == "note"]


def test_boundaries_are_wound_as_plotly_draws_them() -> None:
    """The warehouse keeps RFC 7946 rings (exterior counter-clockwise); d3-geo, under plotly, reads those as the
    whole globe but the shape, so the choropleth gets exteriors clockwise and holes counter-clockwise."""
    with_hole = {
        "type": "Polygon",
        "coordinates": [ring(10, 55, 11, 56, clockwise=False), ring(10.4, 55.4, 10.6, 55.6, clockwise=True)],
    }
    islands = {
        "type": "MultiPolygon",
        "coordinates": [[ring(12, 55, 12.2, 55.1, clockwise=False)], [ring(12.5, 55, 12.6, 55.1, clockwise=True)]],
    }
    result = boundary_features(["461", "101"], [json.dumps(with_hole), json.dumps(islands)])
    assert [f["properties"]["area_code"] for f in result["features"]] == ["461", "101"]
    polygons = [shape(result["features"][0]["geometry"]), *shape(result["features"][1]["geometry"]).geoms]
    for polygon in polygons:
        assert not polygon.exterior.is_ccw
        assert all(hole.is_ccw for hole in polygon.interiors)
    assert polygons[0].area == pytest.approx(shape(with_hole).area)  # the same shape, only wound the other way


def test_a_shape_anchor_lies_inside_its_shape_even_where_the_centroid_does_not() -> None:
    bay = Polygon([(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3)])  # a U: its centroid is in the bay
    assert not bay.contains(bay.centroid)
    geojson = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"area_code": "825"}, "geometry": shapely.geometry.mapping(bay)}
        ],
    }
    (code, (x, y)), *_ = shape_anchors(geojson).items()
    assert code == "825" and bay.contains(Point(x, y))


def test_tile_anchors_are_column_and_row() -> None:
    assert tile_anchors(tile_frame())["461"] == (1.0, 1.0)
    assert tile_anchors(tile_frame())["101"] == (3.0, 2.0)


@pytest.mark.parametrize("values", [[1.5, 2.25, np.nan], [120.0, 340.5], [3.0, 4.0], [12.5, 14.0]])
def test_the_list_shows_as_many_decimals_as_the_map_hover(values: list[float]) -> None:
    array = np.array(values)
    assert f",.{value_decimals(array)}f" == d3_format(array)
    assert value_decimals(array, 1) == 1


def test_ranked_puts_the_highest_first_ties_share_a_rank_missing_last() -> None:
    frame = pd.DataFrame(
        {"area_code": ["1", "2", "3", "4", "5"], "area_name": ["E", "D", "C", "B", "A"], "value": [2, 5, np.nan, 5, 1]}
    )
    result = area_map.ranked(frame)
    assert result["area_code"].tolist() == ["4", "2", "1", "5", "3"]  # 5 (B before D), 5, 2, 1, none
    assert result["rank"].tolist()[:4] == [1, 1, 3, 4] and pd.isna(result["rank"].iloc[4])


# --- the page ----------------------------------------------------------------------------------------------------


def page_json(app: Dash, **query: str) -> dict:
    with app.server.test_request_context("/"):
        page = cached_layout(area_map.layout)(**query)
        return json.loads(json.dumps(page, cls=PlotlyJSONEncoder))


def find(component: object, component_id: str) -> dict:
    found = list(walk(component, lambda c: c.get("props", {}).get("id") == component_id))
    assert found, component_id
    return found[0]


def walk(component: object, wanted: Callable[[dict], bool]) -> Iterator[dict]:
    if isinstance(component, dict):
        if "props" in component and wanted(component):
            yield component
        for value in component.get("props", {}).values():
            yield from walk(value, wanted)
    elif isinstance(component, list):
        for item in component:
            yield from walk(item, wanted)


def list_links(page: dict) -> list[dict]:
    """The ranked list's links, in order, as their props."""
    return [c["props"] for c in walk(find(page, "map-list"), lambda c: c.get("type") == "A")]


def link_text(link: dict) -> str:
    return " ".join(str(span["props"]["children"]) for span in link["children"]).strip()


def map_figure(page: dict) -> dict:
    return find(page, "map-figure")["props"]["figure"]


def shown_values(app: Dash, indicator: str, measure: str, period: str) -> pd.Series:
    """The values the page shows for each municipality, from the warehouse."""
    with app.server.test_request_context("/"):
        warehouse = ctx.current_warehouse()
        view = ctx.indicator_view(warehouse, ViewState(indicator=indicator, measure=measure), indicator)
        frame = ctx.indicator_values(warehouse, indicator, measure, view.base_year)
    municipal = frame[(frame["period"] == period) & (frame["area_level"] == "kommune")]
    return municipal.set_index("area_code")["shown"]


def test_the_list_ranks_all_98_by_the_value_shown_in_the_chosen_unit_and_period(app: Dash) -> None:
    page = page_json(app, indicator="children_placed", measure="per_capita", period="2020")
    links = list_links(page)
    values = shown_values(app, "children_placed", "per_capita", "2020")
    codes = [link["data-code"] for link in links]
    assert sorted(codes) == sorted(values.index) and len(codes) == 98
    in_order = values.loc[codes].to_numpy(dtype=float)
    assert np.all(np.diff(in_order[~np.isnan(in_order)]) <= 0)  # highest first
    decimals = value_decimals(values.to_numpy(dtype=float))
    for rank, (link, code) in enumerate(zip(links[:5], codes[:5], strict=True), start=1):
        assert link["href"] == f"/kommune/{code}"
        assert link_text(link).startswith(f"{rank}. ")
        assert link_text(link).endswith(format_number(float(values[code]), decimals))
    assert t("map_list_note", "da", unit="pr. 1.000 befolkning 0–22 år", period="2020") in json.dumps(
        find(page, "map-list-card"), ensure_ascii=False
    )


def test_each_link_points_at_its_tile(app: Dash) -> None:
    page = page_json(app, indicator="children_placed")
    assert find(page, "map-list")["props"]["data-map"] == "tiles"
    with app.server.test_request_context("/"):
        layout = ctx.current_warehouse().query("tile_layout").set_index("area_code")
    for link in list_links(page):
        place = layout.loc[link["data-code"]]
        assert (float(link["data-x"]), float(link["data-y"])) == (place["col"], place["row"])


def test_the_chosen_are_outlined_on_the_map_marked_in_the_list_and_kept_in_the_picker(app: Dash) -> None:
    page = page_json(app, indicator="children_placed", areas="791,101")
    shapes = [s for s in map_figure(page)["layout"]["shapes"] if s["name"] == "own_outline"]
    assert len(shapes) == 2
    notes = [a["text"] for a in map_figure(page)["layout"]["annotations"] if a.get("name") == "note"]
    assert any(note.startswith("Sort ramme:") and "Viborg" in note and "København" in note for note in notes)
    chosen = list(walk(find(page, "map-list"), lambda c: "is-chosen" in str(c["props"].get("className", ""))))
    assert sorted(item["props"]["data-code"] for item in chosen) == ["101", "791"]
    assert all(t("map_chosen", "da") in json.dumps(item, ensure_ascii=False) for item in chosen)
    assert find(page, "map-areas")["props"]["value"] == ["791", "101"]
    plain = page_json(app, indicator="children_placed")
    assert not [s for s in map_figure(plain)["layout"].get("shapes", []) if s["name"] == "own_outline"]


def test_the_list_comes_first_on_a_phone_and_beside_the_map_from_lg_on(app: Dash) -> None:
    page = page_json(app)
    row = next(walk(page, lambda c: c.get("type") == "Row" and "map-list-card" in json.dumps(c)))
    map_col, list_col = row["props"]["children"]
    assert "map-figure" in json.dumps(map_col) and "map-list" in json.dumps(list_col)  # the map first in Tab order
    assert {"order-first", "order-lg-last"} <= set(list_col["props"]["className"].split())
    assert map_col["props"]["lg"] + list_col["props"]["lg"] == 12


def test_english_page_links_english_profiles(app: Dash) -> None:
    page = page_json(app, lang="en")
    links = list_links(page)
    assert all(link["href"].endswith("?lang=en") for link in links)
    assert t("map_list_heading", "en") in json.dumps(find(page, "map-list-card"))


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_year_slider_and_its_number_input_are_named(app: Dash, lang: str) -> None:
    control = find(page_json(app, lang=lang), "map-year-control")
    slider_name = find(control, control["props"]["data-slider-label"])["props"]["children"]
    input_name = find(control, control["props"]["data-input-label"])["props"]["children"]
    assert (slider_name, input_name) == (t("year", lang), t("map_year_input", lang))
    assert find(control, "map-year")["type"] == "Slider"


def test_the_chosen_municipalities_live_in_the_url() -> None:
    href = area_map.update_url("children_placed", "per_capita", 2020, ["791", "101"], "?indicator=children_placed")
    assert href == "/kort?indicator=children_placed&measure=per_capita&period=2020&areas=791,101"
    cleared = area_map.update_url("children_placed", "per_capita", 2020, None, "?areas=791")
    assert "areas" not in cleared
    many = [f"{100 + i}" for i in range(MAX_AREAS + 3)] + ["100"]
    kept = area_map.update_url("children_placed", "count", 2020, many, "")
    assert kept.endswith("areas=" + ",".join(many[:MAX_AREAS]))  # no repeats, no more than an address may hold
    same = "?indicator=children_placed&measure=count&period=2020&areas=751"
    with pytest.raises(PreventUpdate):
        area_map.update_url("children_placed", "count", 2020, ["751"], same)


def test_a_click_and_a_list_entry_lead_to_the_same_profile() -> None:
    assert area_map.open_profile({"points": [{"customdata": "461"}]}, "?lang=en") == area_map.profile_href("461", "en")
    assert area_map.profile_href("461", "da") == "/kommune/461"


# --- the choropleth page -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shapes_app(tmp_path_factory: pytest.TempPathFactory) -> Dash:
    return create_app(demo_warehouse_with_boundaries(tmp_path_factory.mktemp("map-shapes")))


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
def test_with_boundaries_the_map_exports_without_reaching_a_cdn(shapes_app: Dash) -> None:
    """Plotly's map traces fetch a world outline from cdn.plot.ly; the image pages hand them the empty one
    (assets/plotly_geo_offline.js), so the choropleth exports offline (kaleido's page answered 525 here)."""
    from urllib.parse import urlencode

    url = "/export/view.svg?" + urlencode({"page": "/kort?indicator=children_placed", "chart": "map-figure"})
    resp = shapes_app.server.test_client().get(url)
    assert resp.status_code == 200, resp.data[:300]
    assert resp.data.count(b"choroplethlocation") == 98  # every municipality's shape drawn


def test_with_boundaries_the_page_draws_shapes_wound_for_plotly_and_links_point_inside_them(shapes_app: Dash) -> None:
    page = page_json(shapes_app, indicator="children_placed", areas="461")
    figure = map_figure(page)
    values = next(trace for trace in figure["data"] if trace["name"] == "values")
    assert values["type"] == "choropleth" and len(values["geojson"]["features"]) == 98
    for feature in values["geojson"]["features"]:
        assert not shape(feature["geometry"]).exterior.is_ccw  # else plotly fills everything but the shape
    assert next(trace for trace in figure["data"] if trace["name"] == "own_outline")["locations"] == ["461"]
    assert find(page, "map-list")["props"]["data-map"] == "geo"
    for link in list_links(page):
        west, south, east, north = square_bounds(link["data-code"])
        assert west < float(link["data-x"]) < east and south < float(link["data-y"]) < north


def test_a_forged_choice_of_municipalities_is_refused_before_the_page_code() -> None:
    with pytest.raises(BadCallbackInput):
        area_map.update_url("children_placed", "count", 2020, "791", "")  # type: ignore[arg-type]  # a string, not a list
