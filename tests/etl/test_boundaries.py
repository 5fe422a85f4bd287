"""Tests for etl.kinds.boundaries.geojson: hand-made GeoJSON and TopoJSON fixtures with known coordinates."""

from __future__ import annotations

import hashlib
import json
import math
import socket
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import LinearRing, MultiPolygon, Polygon, box, shape

from etl.kinds.boundaries.geojson import TOLERANCES_DEG, BoundariesError, load_municipalities, read_boundaries

KNOWN = {"101": "København", "147": "Frederiksberg", "151": "Ballerup"}

# --- fixture builders ---


def _rectangle(x0: float, y0: float, width: float, height: float) -> list[list[float]]:
    return [[x0, y0], [x0 + width, y0], [x0 + width, y0 + height], [x0, y0 + height], [x0, y0]]


def _square(x0: float, y0: float, size: float) -> list[list[float]]:
    return _rectangle(x0, y0, size, size)


def _feature(properties: dict[str, Any], *polygons: list[list[list[float]]]) -> dict[str, Any]:
    """A GeoJSON feature; each polygon is a list of rings."""
    if len(polygons) == 1:
        geometry = {"type": "Polygon", "coordinates": polygons[0]}
    else:
        geometry = {"type": "MultiPolygon", "coordinates": list(polygons)}
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _collection(*features: dict[str, Any]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def _write(tmp_path: Path, document: Any, name: str = "kommuner.geojson") -> str:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return str(path)


def _sample(code_property: str, codes: tuple[Any, Any, Any]) -> dict[str, Any]:
    """Three municipalities: the first as two island features, the second as two adjacent halves (which
    dissolve into one square), the third a square with a hole."""
    first, second, third = ({code_property: code} for code in codes)
    return _collection(
        _feature(first, [_square(10.0, 55.0, 0.1)]),
        _feature(first, [_square(10.3, 55.3, 0.02)]),
        _feature(second, [_rectangle(10.2, 55.0, 0.05, 0.1)], [_rectangle(10.25, 55.0, 0.05, 0.1)]),
        _feature(third, [_square(10.5, 55.0, 0.1), _square(10.53, 55.03, 0.04)[::-1]]),
    )


def _by_code(result: Any) -> dict[str, dict[str, Any]]:
    return {f["properties"]["area_code"]: f for f in result.feature_collection["features"]}


def _all_positions(geometry: dict[str, Any]) -> list[list[float]]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [position for polygon in polygons for ring in polygon for position in ring]


def _assert_sample(result: Any) -> None:
    features = _by_code(result)
    assert list(features) == ["101", "147", "151"]
    assert {code: f["properties"]["area_name"] for code, f in features.items()} == KNOWN

    first = features["101"]["geometry"]
    assert first["type"] == "MultiPolygon"
    assert len(first["coordinates"]) == 2
    assert shape(first).equals(box(10.0, 55.0, 10.1, 55.1).union(box(10.3, 55.3, 10.32, 55.32)))

    second = features["147"]["geometry"]
    assert second["type"] == "Polygon"
    assert shape(second).equals(box(10.2, 55.0, 10.3, 55.1))

    third = features["151"]["geometry"]
    assert third["type"] == "Polygon"
    assert len(third["coordinates"]) == 2  # exterior and hole
    assert shape(third).area == pytest.approx(0.1**2 - 0.04**2)

    for feature in features.values():
        for x, y in _all_positions(feature["geometry"]):
            assert (round(x, 4), round(y, 4)) == (x, y)
    assert result.tolerance_deg == TOLERANCES_DEG[0]
    compact = json.dumps(result.feature_collection, separators=(",", ":"))
    assert result.payload_bytes == len(compact.encode("utf-8"))


# --- GeoJSON ---


def test_geojson_kode_dissolves_islands_and_halves(tmp_path: Path) -> None:
    path = _write(tmp_path, _sample("kode", ("0101", "0147", "0151")))
    result = read_boundaries(path, known_codes=KNOWN)
    _assert_sample(result)
    raw = Path(path).read_bytes()
    assert result.source == path
    assert result.size_bytes == len(raw)
    assert result.sha256 == hashlib.sha256(raw).hexdigest()


@pytest.mark.parametrize(
    ("code_property", "codes"),
    [
        ("lau_1", ("101", "147", "151")),
        ("lau_1", (101, 147, 151)),
        ("KOMKODE", ("0101", "0147", "0151")),
        ("komkode", ("0101", "0147", "0151")),
        ("KOMMUNEKODE", ("0101", "0147", "0151")),
        ("Kommunekode", ("101", "147", "151")),
    ],
)
def test_code_properties_are_recognised_and_normalised(tmp_path: Path, code_property: str, codes: tuple) -> None:
    _assert_sample(read_boundaries(_write(tmp_path, _sample(code_property, codes)), known_codes=KNOWN))


def test_rings_follow_rfc7946_orientation(tmp_path: Path) -> None:
    result = read_boundaries(_write(tmp_path, _sample("kode", ("0101", "0147", "0151"))), known_codes=KNOWN)
    exterior, hole = _by_code(result)["151"]["geometry"]["coordinates"]
    assert LinearRing(exterior).is_ccw
    assert not LinearRing(hole).is_ccw


def test_christianso_is_folded_into_bornholm(tmp_path: Path) -> None:
    document = _collection(
        _feature({"KOMKODE": "0400", "KOMNAVN": "Bornholm"}, [_square(14.7, 55.0, 0.3)]),
        _feature({"KOMKODE": "0411", "KOMNAVN": "Christiansø"}, [_square(15.18, 55.32, 0.01)]),
    )
    result = read_boundaries(_write(tmp_path, document), require_all=False)  # default: the 98 from areas.csv
    [feature] = result.feature_collection["features"]
    assert feature["properties"] == {"area_code": "400", "area_name": "Bornholm"}
    assert feature["geometry"]["type"] == "MultiPolygon"
    assert shape(feature["geometry"]).area == pytest.approx(0.3**2 + 0.01**2)


def test_name_comes_from_known_codes_then_from_the_file(tmp_path: Path) -> None:
    document = _collection(_feature({"kode": "0101", "navn": "Kbh."}, [_square(10.0, 55.0, 0.1)]))
    result = read_boundaries(_write(tmp_path, document), known_codes={"101": ""})
    assert result.feature_collection["features"][0]["properties"]["area_name"] == "Kbh."


def test_invalid_bowtie_is_repaired(tmp_path: Path) -> None:
    bowtie = [[10.0, 55.0], [10.1, 55.1], [10.1, 55.0], [10.0, 55.1], [10.0, 55.0]]
    result = read_boundaries(_write(tmp_path, _collection(_feature({"kode": "0101"}, [bowtie]))), {"101": "K"})
    geometry = shape(result.feature_collection["features"][0]["geometry"])
    assert isinstance(geometry, MultiPolygon)
    assert geometry.is_valid
    assert geometry.area == pytest.approx(0.005)


def test_tiny_islands_are_dropped_but_never_a_whole_municipality(tmp_path: Path) -> None:
    document = _collection(
        _feature({"kode": "0101"}, [_square(10.0, 55.0, 0.1)], [_square(10.3, 55.3, 0.001)]),
        _feature({"kode": "0147"}, [_square(11.0, 55.0, 0.003)]),  # smaller than the island threshold
    )
    features = _by_code(read_boundaries(_write(tmp_path, document), known_codes=KNOWN, require_all=False))
    assert shape(features["101"]["geometry"]).equals(box(10.0, 55.0, 10.1, 55.1))
    assert shape(features["147"]["geometry"]).area == pytest.approx(0.003**2)


# --- TopoJSON ---

# Quantized to a 0.001° grid from (10, 55). Arc 0 is the border 101 and 147 share, with a kink at (110, 50);
# 147 uses it reversed (~0 == -1). Arc 3 is an island of 101.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.001, 0.001], "translate": [10.0, 55.0]},
    "objects": {
        "stdin": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "MultiPolygon", "properties": {"KOMKODE": "0101"}, "arcs": [[[0, 1]], [[3]]]},
                {"type": "Polygon", "properties": {"KOMKODE": "0147"}, "arcs": [[2, -1]]},
            ],
        }
    },
    "arcs": [
        [[100, 0], [10, 50], [-10, 50]],  # (100,0) → (110,50) → (100,100)
        [[100, 100], [-100, 0], [0, -100], [100, 0]],  # (100,100) → (0,100) → (0,0) → (100,0)
        [[100, 0], [100, 0], [0, 100], [-100, 0]],  # (100,0) → (200,0) → (200,100) → (100,100)
        [[300, 300], [20, 0], [0, 20], [-20, 0], [0, -20]],  # island (300,300)–(320,320)
    ],
}
FIRST_MAIN = Polygon([(10.1, 55.0), (10.11, 55.05), (10.1, 55.1), (10.0, 55.1), (10.0, 55.0)])
SECOND = Polygon([(10.1, 55.0), (10.2, 55.0), (10.2, 55.1), (10.1, 55.1), (10.11, 55.05)])


def test_topojson_quantized_delta_encoded_with_reversed_arc(tmp_path: Path) -> None:
    path = _write(tmp_path, TOPOLOGY, "kommuner.topojson")
    features = _by_code(read_boundaries(path, known_codes={"101": "København", "147": "Frederiksberg"}))

    first = features["101"]["geometry"]
    assert first["type"] == "MultiPolygon"
    assert shape(first).equals(FIRST_MAIN.union(box(10.3, 55.3, 10.32, 55.32)))

    second = features["147"]["geometry"]
    assert shape(second).equals(SECOND)
    assert {tuple(p) for p in second["coordinates"][0]} == {
        (10.1, 55.0),
        (10.2, 55.0),
        (10.2, 55.1),
        (10.1, 55.1),
        (10.11, 55.05),
    }
    assert [10.11, 55.05] in first["coordinates"][0][0]  # the shared kink appears in both


def test_topojson_prefers_an_object_named_kommune(tmp_path: Path) -> None:
    regions = {
        "type": "GeometryCollection",
        "geometries": [{"type": "Polygon", "properties": {"KOMKODE": "1084"}, "arcs": [[3]]}],
    }
    topology = {**TOPOLOGY, "objects": {"regioner": regions, "kommuner": TOPOLOGY["objects"]["stdin"]}}
    result = read_boundaries(_write(tmp_path, topology, "t.topojson"), {"101": "K", "147": "F"})
    assert sorted(_by_code(result)) == ["101", "147"]


def test_topojson_without_transform_uses_absolute_coordinates(tmp_path: Path) -> None:
    topology = {
        "type": "Topology",
        "objects": {"x": {"type": "Polygon", "properties": {"lau_1": "101"}, "arcs": [[0]]}},
        "arcs": [_square(12.0, 55.5, 0.1)],
    }
    result = read_boundaries(_write(tmp_path, topology, "t.topojson"), {"101": "K"})
    assert shape(result.feature_collection["features"][0]["geometry"]).equals(box(12.0, 55.5, 12.1, 55.6))


def test_topojson_bad_arc_index(tmp_path: Path) -> None:
    topology = {**TOPOLOGY, "arcs": TOPOLOGY["arcs"][:2]}
    with pytest.raises(BoundariesError, match="arc index 3 is out of range"):
        read_boundaries(_write(tmp_path, topology, "t.topojson"), {"101": "K", "147": "F"})


# --- validation ---


def test_unknown_codes_are_named(tmp_path: Path) -> None:
    document = _sample("kode", ("0101", "0999", "1084"))
    with pytest.raises(BoundariesError, match=r"not among the 3 known municipalities: 1084, 999\b"):
        read_boundaries(_write(tmp_path, document), known_codes=KNOWN)


def test_missing_municipalities_are_named(tmp_path: Path) -> None:
    path = _write(tmp_path, _sample("kode", ("0101", "0147", "0151")))
    with pytest.raises(BoundariesError, match="1 of 4 municipalities have no boundary: 153 Brøndby"):
        read_boundaries(path, known_codes={**KNOWN, "153": "Brøndby"})
    with pytest.raises(BoundariesError, match=r"95 of 98 municipalities .* 155 Dragør"):
        read_boundaries(path)  # the default reference list
    assert len(read_boundaries(path, require_all=False).feature_collection["features"]) == 3


def test_missing_code_property_lists_found_and_accepted(tmp_path: Path) -> None:
    document = _collection(_feature({"KOMNAVN": "København", "objectid": 7}, [_square(10.0, 55.0, 0.1)]))
    with pytest.raises(BoundariesError, match="no municipality code property") as error:
        read_boundaries(_write(tmp_path, document), known_codes=KNOWN)
    message = str(error.value)
    for name in ("KOMNAVN", "objectid", "KOMKODE", "KOMMUNEKODE", "kode", "lau_1"):
        assert name in message


@pytest.mark.parametrize("content", ["this is not json", "\x00\x01garbage", ""])
def test_not_json(tmp_path: Path, content: str) -> None:
    with pytest.raises(BoundariesError, match="is not JSON"):
        read_boundaries(_write(tmp_path, content), known_codes=KNOWN)


@pytest.mark.parametrize("document", [[1, 2], {"type": "Feature"}, {"features": []}])
def test_json_that_is_not_geojson_or_topojson(tmp_path: Path, document: Any) -> None:
    with pytest.raises(BoundariesError, match="neither a GeoJSON FeatureCollection nor a TopoJSON Topology"):
        read_boundaries(_write(tmp_path, document), known_codes=KNOWN)


def test_empty_feature_collection(tmp_path: Path) -> None:
    with pytest.raises(BoundariesError, match="no Polygon or MultiPolygon features"):
        read_boundaries(_write(tmp_path, _collection()), known_codes=KNOWN)


def test_unsupported_geometry_type(tmp_path: Path) -> None:
    line = {
        "type": "Feature",
        "properties": {"kode": "0101"},
        "geometry": {"type": "LineString", "coordinates": [[10, 55], [11, 56]]},
    }
    with pytest.raises(BoundariesError, match="geometry type 'LineString'"):
        read_boundaries(_write(tmp_path, _collection(line)), known_codes=KNOWN)


def test_projected_coordinates_are_rejected(tmp_path: Path) -> None:
    document = _collection(_feature({"kode": "0101"}, [_square(720_000, 6_170_000, 5_000)]))
    with pytest.raises(BoundariesError, match=r"not longitude/latitude.*EPSG:4326"):
        read_boundaries(_write(tmp_path, document), known_codes=KNOWN, require_all=False)


def test_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(BoundariesError, match=r"Boundary file not found: .*nope\.geojson"):
        read_boundaries(str(tmp_path / "nope.geojson"), known_codes=KNOWN)


def test_load_municipalities_reads_the_98() -> None:
    municipalities = load_municipalities()
    assert len(municipalities) == 98
    assert municipalities["101"] == "København"
    assert municipalities["400"] == "Bornholm"
    assert "411" not in municipalities


# --- URLs ---


def test_url(httpserver: Any) -> None:
    body = json.dumps(_sample("kode", ("0101", "0147", "0151"))).encode()
    httpserver.expect_request("/kommuner.geojson").respond_with_data(body, content_type="application/geo+json")
    url = httpserver.url_for("/kommuner.geojson")
    result = read_boundaries(url, known_codes=KNOWN)
    _assert_sample(result)
    assert result.source == url
    assert result.sha256 == hashlib.sha256(body).hexdigest()


def test_url_http_error(httpserver: Any) -> None:
    httpserver.expect_request("/gone.geojson").respond_with_data("not here", status=404)
    with pytest.raises(BoundariesError, match="HTTP 404"):
        read_boundaries(httpserver.url_for("/gone.geojson"), known_codes=KNOWN)


def test_url_connection_error() -> None:
    with socket.socket() as probe:  # a port nothing listens on (the shared httpserver must keep running)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/kommuner.geojson"
    with pytest.raises(BoundariesError, match="Could not fetch boundaries from"):
        read_boundaries(url, known_codes=KNOWN)


# --- payload budget ---

FAKE_CODES = {f"{500 + i}": f"Kommune {i}" for i in range(98)}
RADIUS = 0.2


def _circles_file(directory: Path, vertices: int) -> str:
    """98 fake municipalities, each the same circle of `vertices` positions (overlap does not matter, and
    writing one ring's text 98 times keeps a 40 MB fixture fast to build)."""
    ring = [
        [
            round(10.0 + RADIUS * math.cos(2 * math.pi * k / vertices), 6),
            round(56.0 + RADIUS * math.sin(2 * math.pi * k / vertices), 6),
        ]
        for k in range(vertices)
    ]
    geometry = json.dumps({"type": "Polygon", "coordinates": [[*ring, ring[0]]]}, separators=(",", ":"))
    features = ",".join(
        f'{{"type":"Feature","properties":{{"lau_1":"{code}"}},"geometry":{geometry}}}' for code in FAKE_CODES
    )
    path = directory / f"circles_{vertices}.geojson"
    path.write_text(f'{{"type":"FeatureCollection","features":[{features}]}}', encoding="utf-8")
    return str(path)


def test_detailed_boundaries_fit_the_payload_budget(tmp_path: Path) -> None:
    result = read_boundaries(_circles_file(tmp_path, 20_000), known_codes=FAKE_CODES)
    assert result.size_bytes > 100 * 150_000
    assert result.payload_bytes <= 150_000
    assert result.payload_bytes == len(json.dumps(result.feature_collection, separators=(",", ":")))
    features = _by_code(result)
    assert sorted(features) == sorted(FAKE_CODES)
    for feature in features.values():
        circle = shape(feature["geometry"])
        assert circle.area == pytest.approx(math.pi * RADIUS**2, rel=0.02)
        assert len(feature["geometry"]["coordinates"][0]) < 200


def test_tolerance_grows_until_the_payload_fits(tmp_path: Path) -> None:
    path = _circles_file(tmp_path, 2_000)
    relaxed = read_boundaries(path, known_codes=FAKE_CODES)
    assert relaxed.tolerance_deg == TOLERANCES_DEG[0]
    budget = relaxed.payload_bytes // 2
    tight = read_boundaries(path, known_codes=FAKE_CODES, max_payload_bytes=budget)
    assert tight.tolerance_deg > TOLERANCES_DEG[0]
    assert tight.payload_bytes <= budget
    assert len(tight.feature_collection["features"]) == 98


def test_impossible_budget(tmp_path: Path) -> None:
    with pytest.raises(BoundariesError, match="over the budget of 5,000 bytes"):
        read_boundaries(_circles_file(tmp_path, 500), known_codes=FAKE_CODES, max_payload_bytes=5_000)
