"""A profile as the page router sends it (its first sight) and its parts below the fold, drawn when they come near
the screen (dashboard/ui/deferred.py), make the whole page: the same components, the same figures. Every part is
answered over HTTP as the browser asks for it, kept by the render cache, refused for an id no page sends; and the
router's JSON, written by orjson (dashboard/ui/layout_json.py), is the JSON Dash wrote itself."""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Iterator
from typing import Any

import pytest
from dash import Dash
from dash._utils import to_json

from dashboard.app import cached_layout
from dashboard.pages import about, area_map, compare, first_sight_of, overview, profile, region
from dashboard.ui import deferred
from dashboard.ui.layout_json import layout_fragment
from dashboard.web.render_cache import CALLBACK_PATH_END, RenderCache, part_requests, router_request

VIEWS = [
    ("101", ""),
    ("825", "?measure=index&peers=size&lang=en"),
    ("461", "?peers=custom&areas=147,751"),
    ("751", "?measure=share&base=2018"),
]


def wire(tree: Any) -> Any:
    """A component tree as the JSON the browser receives."""
    return json.loads(to_json(tree))


def nodes(value: Any) -> Iterator[dict]:
    """Every component (as JSON) in a tree."""
    if isinstance(value, dict):
        if "namespace" in value and "props" in value:
            yield value
        for item in value.values():
            yield from nodes(item)
    elif isinstance(value, list):
        for item in value:
            yield from nodes(item)


def ids(value: Any) -> list[str]:
    return sorted(json.dumps(n["props"]["id"], sort_keys=True) for n in nodes(value) if "id" in n["props"])


def figures(value: Any) -> dict[str, Any]:
    return {n["props"]["id"]: n["props"]["figure"] for n in nodes(value) if n["type"] == "Graph"}


def answer(client, payload: dict) -> Any:
    response = client.post(CALLBACK_PATH_END, json=payload)
    assert response.status_code == 200, response.data[:300]
    return json.loads(response.data)


def filled(first_sight: Any, parts: dict[str, Any]) -> Any:
    """The first sight with each box holding its part's answer: the page once every part has been drawn."""
    page = copy.deepcopy(first_sight)
    for node in nodes(page):
        box = node["props"].get("id")
        if isinstance(box, dict) and box.get("type") == deferred.PART_TYPE:
            node["props"]["children"] = parts[box["part"]]
    return page


def without_boxes(value: Any) -> Any:
    """The tree with each box and its Store replaced by what the box holds (the whole layout draws no boxes)."""
    if isinstance(value, list):
        return [without_boxes(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "props" in value and "namespace" in value:
        children = value["props"].get("children")
        if isinstance(children, list) and len(children) == 2 and isinstance(children[1], dict):
            box = children[1].get("props", {}).get("id")
            if isinstance(box, dict) and box.get("type") == deferred.PART_TYPE:
                return without_boxes(children[1]["props"]["children"])
    return {key: without_boxes(item) for key, item in value.items()}


@pytest.mark.parametrize(
    ("module", "path", "search"),
    [(profile, f"/kommune/{code}", search) for code, search in VIEWS]
    + [
        (region, "/region/082", ""),
        (region, "/region/084", "?kommune=101&indicator=adults_sel108&measure=count&lang=en"),
        (region, "/region/081", "?indicator=notifications&base=2018"),
    ],
)
def test_the_first_sight_and_its_parts_are_the_whole_page(app: Dash, client, module, path: str, search: str) -> None:
    first = answer(client, router_request(path, search))["response"]["_pages_content"]["children"]
    requests = part_requests(json.dumps({"response": first}).encode())
    expected_parts = [profile.BUDGET_PART, *profile.TOPICS] if module is profile else list(region.PARTS)
    assert [r["outputs"]["id"]["part"] for r in requests] == expected_parts
    assert not figures(first), "the router's answer draws no chart below the fold"
    parts = {}
    for request in requests:
        (content,) = answer(client, request)["response"].values()
        parts[request["outputs"]["id"]["part"]] = content["children"]
    query = dict(p.split("=") for p in search.lstrip("?").split("&") if p)
    with app.server.test_request_context("/"):
        whole = wire(cached_layout(module.layout)(code=path.rsplit("/", 1)[-1], **query))
    drawn = without_boxes(filled(first, parts))
    assert ids(drawn) == ids(whole)
    assert figures(drawn) == figures(whole)
    assert len(figures(whole)) >= (20 if module is profile else 5)


def test_each_box_keeps_the_place_of_what_it_will_hold(app: Dash) -> None:
    """A box is as high as its part's cards will be (one column on a phone, two from lg up), so the page does not
    jump as parts arrive and the scroll bar tells the page's length."""
    with app.server.test_request_context("/"):
        first = wire(first_sight_of(profile)(code="101"))
        boxes = [n["props"] for n in nodes(first) if n["props"].get("className") == deferred.CLASS_NAME]
        assert len(boxes) == 5
        for box in boxes:
            part = wire(profile.draw_part(box["id"]["part"], box["id"]["view"]))
            cards = len(figures(part)) + sum(1 for n in nodes(part) if "missing" in str(n["props"].get("id", "")))
            assert cards > 0
            if box["id"]["part"] == profile.BUDGET_PART:  # a section of its own, measured as a whole in Chromium
                assert cards == len(profile.BUDGET_PAIRS)  # (the browser test checks the page keeps its length)
                continue
            heights = {k: float(v.removesuffix("rem")) for k, v in box["style"].items()}
            assert heights["--deferred-height-narrow"] == pytest.approx(cards * deferred.CARD_HEIGHT_NARROW_REM)
            assert heights["--deferred-height-wide"] == pytest.approx(
                math.ceil(cards / 2) * deferred.ROW_HEIGHT_WIDE_REM
            )


def test_a_part_is_kept_by_the_render_cache_as_sent(app: Dash, client) -> None:
    cache: RenderCache = app.server.config["socialtal.render_cache"]
    first = client.post(CALLBACK_PATH_END, json=router_request("/kommune/147", "?measure=count")).data
    request = part_requests(first)[2]
    before = dict(cache.stats)
    one, two = client.post(CALLBACK_PATH_END, json=request), client.post(CALLBACK_PATH_END, json=request)
    assert one.data == two.data
    assert cache.stats["rendered"] == before["rendered"] + 1
    assert cache.stats["memory"] == before["memory"] + 1


@pytest.mark.parametrize(
    "box",
    [
        {"page": "profile", "part": "nonsense", "view": "/kommune/101"},
        {"page": "profile", "part": "children", "view": "/kommune/999"},
        {"page": "profile", "part": "children", "view": "/region/082"},
        {"page": "profile", "part": "children", "view": "https://example.org/kommune/101"},
        {"page": "profile", "part": "children", "view": "/kommune/101?measure=bad"},
    ],
)
def test_a_part_no_page_asks_for_is_refused(client, box: dict) -> None:
    response = client.post(CALLBACK_PATH_END, json=deferred.part_request({**box, "type": deferred.NEAR_TYPE}))
    assert response.status_code == 400, response.data[:200]


PAGE_ADDRESSES = [
    (overview, {}),
    (profile, {"code": "751", "measure": "index"}),
    (region, {"code": "082"}),
    (compare, {}),
    (area_map, {"lang": "en"}),
    (about, {}),
]


@pytest.mark.parametrize(("module", "kwargs"), PAGE_ADDRESSES)
def test_the_router_json_is_what_dash_writes(app: Dash, module, kwargs: dict) -> None:
    with app.server.test_request_context("/"):
        tree = first_sight_of(module)(**kwargs)
    assert json.loads(to_json(layout_fragment(tree))) == json.loads(to_json(tree))
