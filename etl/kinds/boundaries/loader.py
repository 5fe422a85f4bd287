"""The boundaries kind: municipality boundaries for the choropleth map, GeoJSON or TopoJSON from a file or URL
handed to `etl run --boundaries`. Read and simplified by ./geojson.py; without it the map page draws tiles."""

from __future__ import annotations

import json
import time

from etl import logs
from etl.kinds.base import LoadContext, RunError, SourceError, now
from etl.registry import Source
from etl.warehouse import store
from etl.warehouse.store import Snapshot


class BoundariesKind:
    name: str = "boundaries"
    option: str | None = "--boundaries"
    revertible: bool = False  # no check reads boundaries

    def __init__(self, path_or_url: str | None) -> None:
        self.path_or_url = path_or_url

    def given(self) -> bool:
        return self.path_or_url is not None

    def check(self, ctx: LoadContext, sources: list[Source], previous: dict[str, Snapshot]) -> dict[str, SourceError]:
        return {}  # the shapes are checked as they are read

    def absent(self, source: Source) -> str | None:
        return None  # optional: the map page draws tiles without them

    def load(self, ctx: LoadContext, source: Source, previous: Snapshot | None) -> Snapshot | None:
        if self.path_or_url is None:
            return None
        from etl.kinds.boundaries.geojson import read_boundaries  # shapely and numpy: only when shapes are read

        ctx.reporter.phase(source.id, "reading")
        reading = time.monotonic()
        try:
            shapes = read_boundaries(self.path_or_url)
        except Exception as exc:
            raise RunError(f"{source.id}: {exc}") from exc
        fetched_at = now()
        store.clear_source(ctx.con, source)
        store.write_boundaries(ctx.con, shapes.feature_collection)
        n = len(shapes.feature_collection["features"])
        logs.event("source_checked", source=source.id, table=source.id, status="changed")
        logs.event(
            "source_downloaded",
            source=source.id,
            table=source.id,
            rows=n,
            bytes=len(json.dumps(shapes.feature_collection)),
            seconds=round(time.monotonic() - reading, 3),
        )
        ctx.reporter.phase(source.id, "loading", n)
        return Snapshot(
            source.id,
            source.id,
            source.kind,
            "fetched",
            None,
            fetched_at,
            shapes.source,
            None,
            shapes.sha256,
            n,
            n,
            None,
            None,
            False,
        )
