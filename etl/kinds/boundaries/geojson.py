"""Municipality boundaries for the dashboard's maps.

`read_boundaries` reads a GeoJSON FeatureCollection or a TopoJSON Topology (a local file or an http(s) URL),
where each municipality may be split over many polygons (islands), and returns one simplified shape per
municipality as a GeoJSON FeatureCollection small enough to send to a browser.

- Codes are normalised to Statistics Denmark's 3-digit municipality codes: DAGI's "0101" and LAU-1's "101"
  (string or number) both become "101".
- Christiansø (DAGI code 0411) is not one of the 98 municipalities: the islands are administered by the state
  and belong to no municipality. They lie next to Bornholm and are folded into "400" Bornholm, so the map
  shows them without a 99th area that no statistic has.
- Coordinates must be WGS84 longitude/latitude (as in GeoJSON); projected files (e.g. DAGI's EPSG:25832)
  are rejected.
- Output polygons follow RFC 7946: exterior rings counter-clockwise, holes clockwise.
- Each municipality is simplified on its own, so neighbouring borders may show slivers or overlaps up to the
  tolerance (a few hundred metres at most) — invisible at the zoom levels of a national choropleth.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import requests
import shapely
from shapely.geometry import GeometryCollection, LinearRing, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from etl import settings

AREAS_CSV = settings.REFERENCE_DIR / "areas.csv"

# Matched case-insensitively, first match wins.
CODE_PROPERTIES = ("KOMKODE", "KOMMUNEKODE", "kode", "lau_1")
NAME_PROPERTIES = ("KOMNAVN", "navn", "name")
FOLDED_CODES = {"411": "400"}  # Christiansø → Bornholm, see module docstring

# Tried in order until the payload fits; 0.002° is ~130 m east-west and ~220 m north-south in Denmark.
TOLERANCES_DEG = (0.002, 0.003, 0.004, 0.006, 0.008, 0.012, 0.016, 0.024, 0.032, 0.048)
COORD_DECIMALS = 4  # ~10 m, well below the simplification tolerance
HTTP_TIMEOUT_S = (10, 60)  # connect, read

Ring = np.ndarray  # shape (n, 2): longitude, latitude


class BoundariesError(ValueError):
    """A boundary file could not be read or used; the message says what was wrong and what to do."""


@dataclass(frozen=True)
class Boundaries:
    """One simplified Feature per municipality, with properties {"area_code": "101", "area_name": ...}.

    `payload_bytes` is the length of the compact JSON (`separators=(",", ":")`, ASCII-escaped), and
    `tolerance_deg` the simplification tolerance that was needed to bring it within the budget."""

    feature_collection: dict
    source: str
    sha256: str
    size_bytes: int
    payload_bytes: int
    tolerance_deg: float


@dataclass(frozen=True)
class _RawFeature:
    """A feature as read from either format: its position, properties and rings per polygon."""

    index: int
    properties: dict[str, Any]
    polygons: list[list[Ring]]


def load_municipalities(path: Path = AREAS_CSV) -> dict[str, str]:
    """The 98 municipalities from the project's reference table, as {"101": "København", ...}."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle)
        return {row["area_code"]: row["area_name"] for row in rows if row["area_level"] == "kommune"}


def read_boundaries(
    source: str,
    known_codes: dict[str, str] | None = None,
    require_all: bool = True,
    max_payload_bytes: int = 150_000,
) -> Boundaries:
    """Read, dissolve, validate and simplify municipality boundaries from a file path or http(s) URL.

    `known_codes` maps 3-digit municipality codes to names (default: the 98 in data/reference/areas.csv); with
    `require_all` every one of them must have a boundary. The simplification tolerance grows through
    TOLERANCES_DEG until the compact JSON is at most `max_payload_bytes`."""
    source = str(source)
    known = load_municipalities() if known_codes is None else known_codes
    raw = _read_source(source)
    features = _raw_features(_parse_json(raw, source), source)
    shapes, file_names = _dissolve(features, source)
    _validate_codes(set(shapes), known, require_all, source)
    _check_geographic(shapes, source)
    names = {code: known.get(code) or file_names.get(code) or code for code in shapes}
    for tolerance in TOLERANCES_DEG:
        collection = _feature_collection(shapes, names, tolerance, source)
        payload = _payload_bytes(collection)
        if payload <= max_payload_bytes:
            digest = hashlib.sha256(raw).hexdigest()
            return Boundaries(collection, source, digest, len(raw), payload, tolerance)
    raise BoundariesError(
        f"{source}: the simplified boundaries are {payload:,} bytes even at tolerance {TOLERANCES_DEG[-1]}°, "
        f"over the budget of {max_payload_bytes:,} bytes. Raise max_payload_bytes or use a coarser source."
    )


# --- reading ---


def _read_source(source: str) -> bytes:
    if source.lower().startswith(("http://", "https://")):
        return _fetch(source)
    try:
        return Path(source).read_bytes()
    except FileNotFoundError:
        message = f"Boundary file not found: {source}. Check the path, or give an http(s) URL."
        raise BoundariesError(message) from None
    except OSError as exc:
        raise BoundariesError(f"Could not read boundary file {source}: {exc}.") from None


def _fetch(url: str) -> bytes:
    try:
        response = requests.get(url, timeout=HTTP_TIMEOUT_S)
    except requests.RequestException as exc:
        raise BoundariesError(
            f"Could not fetch boundaries from {url}: {exc}. Check the URL and the network, or download the "
            "file and pass its path."
        ) from None
    if response.status_code != 200:
        raise BoundariesError(
            f"Could not fetch boundaries from {url}: HTTP {response.status_code} {response.reason}. "
            "Check the URL, or download the file and pass its path."
        )
    return response.content


def _parse_json(raw: bytes, source: str) -> dict[str, Any]:
    try:
        document = json.loads(raw)
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
        raise BoundariesError(
            f"{source} is not JSON ({exc}); expected a GeoJSON FeatureCollection or a TopoJSON Topology."
        ) from None
    if not isinstance(document, dict) or document.get("type") not in ("FeatureCollection", "Topology"):
        found = document.get("type") if isinstance(document, dict) else type(document).__name__
        raise BoundariesError(
            f"{source} is JSON but neither a GeoJSON FeatureCollection nor a TopoJSON Topology (type: {found!r})."
        )
    return document


def _raw_features(document: dict[str, Any], source: str) -> list[_RawFeature]:
    try:
        if document["type"] == "Topology":
            return list(_topojson_features(document, source))
        return list(_geojson_features(document, source))
    except BoundariesError:
        raise
    except (AttributeError, KeyError, IndexError, TypeError, ValueError) as exc:
        problem = f"{type(exc).__name__}: {exc}"
        raise BoundariesError(f"{source}: malformed {document['type']} ({problem}).") from None


def _polygon_list(geometry_type: str | None, coordinates: Any, index: int, source: str) -> list[Any] | None:
    """Polygon and MultiPolygon as a list of polygons (each a list of rings); None for a null geometry."""
    if geometry_type is None:
        return None
    if geometry_type == "Polygon":
        return [coordinates]
    if geometry_type == "MultiPolygon":
        return list(coordinates)
    raise BoundariesError(
        f"{source}: feature {index} has geometry type {geometry_type!r}; only Polygon and MultiPolygon "
        "boundaries are supported."
    )


def _geojson_features(document: dict[str, Any], source: str) -> Iterator[_RawFeature]:
    for index, feature in enumerate(document["features"]):
        geometry = feature.get("geometry") or {}
        polygons = _polygon_list(geometry.get("type"), geometry.get("coordinates"), index, source)
        if polygons is not None:
            rings = [[_positions(ring) for ring in polygon] for polygon in polygons]
            yield _RawFeature(index, feature.get("properties") or {}, rings)


def _topojson_features(topology: dict[str, Any], source: str) -> Iterator[_RawFeature]:
    arcs = _decode_arcs(topology)
    for index, (geometry, properties) in enumerate(_topo_geometries(_topo_object(topology, source), {})):
        polygons = _polygon_list(geometry.get("type"), geometry.get("arcs"), index, source)
        if polygons is not None:
            rings = [[_topo_ring(r, arcs) for r in polygon] for polygon in polygons]
            yield _RawFeature(index, properties, rings)


def _positions(positions: list[list[float]]) -> Ring:
    """Positions as an (n, 2) array (numpy keeps large files fast); extra elements such as z are ignored."""
    try:
        array = np.array(positions, dtype=float)
    except ValueError:  # ragged, e.g. only some positions carry a z
        array = np.array([p[:2] for p in positions], dtype=float)
    return array[:, :2] if array.ndim == 2 else array.reshape(-1, 2)


def _decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """Absolute coordinates per arc. Quantized arcs (with a transform) are delta-encoded integers."""
    transform = topology.get("transform")
    if not transform:
        return [_positions(arc) for arc in topology["arcs"]]
    scale, translate = np.array(transform["scale"], float), np.array(transform["translate"], float)
    return [np.cumsum(_positions(arc), axis=0) * scale + translate for arc in topology["arcs"]]


def _topo_ring(arc_indexes: list[int], arcs: list[Ring]) -> Ring:
    """A ring from arc references; ~i (i.e. -i-1) means arc i reversed."""
    pieces: list[Ring] = []
    for i in arc_indexes:
        if not isinstance(i, int) or not -len(arcs) <= i < len(arcs):
            raise IndexError(f"arc index {i!r} is out of range (the topology has {len(arcs)} arcs)")
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        pieces.append(arc[1:] if pieces else arc)  # consecutive arcs share the joining position
    return np.concatenate(pieces) if pieces else np.empty((0, 2))


def _topo_object(topology: dict[str, Any], source: str) -> dict[str, Any]:
    objects = topology.get("objects")
    if not isinstance(objects, dict) or not objects:
        raise BoundariesError(f"{source}: the TopoJSON Topology has no objects.")
    for name, topo_object in objects.items():
        if name.lower().startswith("kommune"):
            return topo_object
    return next(iter(objects.values()))


def _topo_geometries(topo_object: dict[str, Any], inherited: dict[str, Any]) -> Iterator[tuple[dict, dict]]:
    """Leaf geometries with their properties; a collection's properties apply to members without any."""
    properties = topo_object.get("properties") or inherited
    if topo_object.get("type") == "GeometryCollection":
        for member in topo_object.get("geometries") or []:
            yield from _topo_geometries(member, properties)
    else:
        yield topo_object, properties


# --- codes and dissolving ---


def _find_property(properties: dict[str, Any], wanted: tuple[str, ...]) -> Any:
    by_lower = {str(key).lower(): value for key, value in properties.items()}
    for name in wanted:
        value = by_lower.get(name.lower())
        if value not in (None, ""):
            return value
    return None


def _code_of(feature: _RawFeature, source: str) -> str:
    value = _find_property(feature.properties, CODE_PROPERTIES)
    if value is None:
        raise BoundariesError(
            f"{source}: feature {feature.index} has no municipality code property. Properties found: "
            f"{sorted(feature.properties) or 'none'}; accepted (case-insensitive): "
            f"{', '.join(CODE_PROPERTIES)}."
        )
    text = str(value).strip()
    if not text.isdigit():
        raise BoundariesError(f"{source}: feature {feature.index} has code {value!r}, not a number.")
    code = f"{int(text):03d}"  # "0101" (DAGI) and "101" (LAU-1, DST) → "101"
    return FOLDED_CODES.get(code, code)


def _is_ring(ring: Ring) -> bool:
    """Enough positions to build a ring; flat or self-crossing rings are left to make_valid."""
    return len(ring) >= 3


def _polygons(rings_per_polygon: list[Ring]) -> list[Polygon]:
    """A shapely polygon from rings, dropping collapsed rings and repairing invalid ones (possibly into
    several polygons, or none if it has no area)."""
    shell, *holes = rings_per_polygon
    if not _is_ring(shell):
        return []
    kept_holes = [shapely.linearrings(hole) for hole in holes if _is_ring(hole)]
    polygon = shapely.polygons(shapely.linearrings(shell), holes=kept_holes or None)
    return [polygon] if polygon.is_valid else _polygonal_parts(shapely.make_valid(polygon))


def _polygonal_parts(geometry: BaseGeometry) -> list[Polygon]:
    """The non-empty polygons of a geometry (make_valid may return lines and points next to them)."""
    if isinstance(geometry, Polygon):
        return [] if geometry.is_empty else [geometry]
    if isinstance(geometry, MultiPolygon | GeometryCollection):
        return [polygon for part in geometry.geoms for polygon in _polygonal_parts(part)]
    return []


def _dissolve(features: list[_RawFeature], source: str) -> tuple[dict[str, BaseGeometry], dict[str, str]]:
    """One (Multi)Polygon per code, plus the file's names (used only for codes without a known name)."""
    parts: dict[str, list[Polygon]] = {}
    names: dict[str, str] = {}
    for feature in features:
        code = _code_of(feature, source)
        parts.setdefault(code, []).extend(p for rings in feature.polygons if rings for p in _polygons(rings))
        name = _find_property(feature.properties, NAME_PROPERTIES)
        if name is not None:
            names.setdefault(code, str(name))
    if not parts:
        raise BoundariesError(f"{source}: no Polygon or MultiPolygon features found.")
    empty = sorted(code for code, polygons in parts.items() if not polygons)
    if empty:
        raise BoundariesError(f"{source}: municipalities {', '.join(empty)} have only collapsed polygons.")
    return {code: shapely.union_all(polygons) for code, polygons in parts.items()}, names


def _validate_codes(found: set[str], known: dict[str, str], require_all: bool, source: str) -> None:
    unknown = sorted(found - set(known))
    if unknown:
        raise BoundariesError(
            f"{source}: {len(unknown)} code(s) are not among the {len(known)} known municipalities: "
            f"{', '.join(unknown)}. Check that the file holds municipality (kommune) boundaries, not regions "
            "or parishes."
        )
    missing = sorted(set(known) - found)
    if require_all and missing:
        listed = ", ".join(f"{code} {known[code]}".strip() for code in missing)
        raise BoundariesError(
            f"{source}: {len(missing)} of {len(known)} municipalities have no boundary: {listed}. "
            "Use a complete municipality boundary file."
        )


def _check_geographic(shapes: dict[str, BaseGeometry], source: str) -> None:
    min_x, min_y, max_x, max_y = shapely.total_bounds(list(shapes.values()))
    if min_x < -180 or max_x > 180 or min_y < -90 or max_y > 90:
        raise BoundariesError(
            f"{source}: coordinates span ({min_x:.0f}, {min_y:.0f})–({max_x:.0f}, {max_y:.0f}), which is not "
            "longitude/latitude. Reproject the file to WGS84 (EPSG:4326) first, e.g. with "
            "`ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`."
        )


# --- simplifying and serialising ---


def _simplify(shape: BaseGeometry, tolerance: float) -> list[Polygon]:
    """Drop parts and holes too small to see, simplify, and snap to the output grid (keeping it valid)."""
    min_area = (2 * tolerance) ** 2  # in degrees², ~0.1 km² at 0.002°: no area a choropleth could show
    polygons = _polygonal_parts(shape)
    kept = [p for p in polygons if p.area >= min_area] or [max(polygons, key=lambda p: p.area)]
    kept = [Polygon(p.exterior, [r for r in p.interiors if Polygon(r).area >= min_area]) for p in kept]
    simplified = shapely.simplify(MultiPolygon(kept), tolerance, preserve_topology=True)
    snapped = shapely.set_precision(simplified, 10.0**-COORD_DECIMALS)
    return sorted((orient(p, sign=1.0) for p in _polygonal_parts(snapped)), key=lambda p: -p.area)


def _ring_coordinates(ring: LinearRing) -> list[list[float]]:
    return [[round(x, COORD_DECIMALS), round(y, COORD_DECIMALS)] for x, y in ring.coords]


def _geometry(polygons: list[Polygon]) -> dict[str, Any]:
    coordinates = [[_ring_coordinates(p.exterior), *map(_ring_coordinates, p.interiors)] for p in polygons]
    if len(coordinates) == 1:
        return {"type": "Polygon", "coordinates": coordinates[0]}
    return {"type": "MultiPolygon", "coordinates": coordinates}


def _feature_collection(
    shapes: dict[str, BaseGeometry], names: dict[str, str], tolerance: float, source: str
) -> dict[str, Any]:
    features = []
    for code in sorted(shapes):
        polygons = _simplify(shapes[code], tolerance)
        if not polygons:
            raise BoundariesError(
                f"{source}: municipality {code} vanishes when rounded to {COORD_DECIMALS} decimals; its "
                "boundary is too small to be a municipality — check the file's coordinates."
            )
        features.append(
            {
                "type": "Feature",
                "properties": {"area_code": code, "area_name": names[code]},
                "geometry": _geometry(polygons),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _payload_bytes(collection: dict[str, Any]) -> int:
    return len(json.dumps(collection, separators=(",", ":")).encode("utf-8"))
