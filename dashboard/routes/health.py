"""`GET /health`: can this worker read a warehouse, and which one. For load balancers, Docker's HEALTHCHECK and
monitoring. `GET /healthz`: the process answers HTTP at all (liveness), without touching the warehouse.

/health answers 200 with

    {"status": "ok", "data_version": "...", "loaded_at": "2025-...", "schema_version": "3", "demo": false,
     "sources": {"stale": [], "missing": []}}

(`loaded_at` is when `etl run` built the warehouse, from its meta.info). When the last run could not refresh a
source (its previous figures are served) or one never loaded, the warehouse still serves, so the answer stays 200,
with `"status": "degraded"` and the source ids under `sources` (e.g. `{"stale": ["UND1"], "missing": ["BU43"]}`);
why is on /om-data and in `etl status`. Otherwise 503 with
`{"status": "unavailable", "reason": "..."}` when the warehouse file is missing or cannot be read. It reads through
the same Warehouse object the pages use, so it sees a warehouse swapped in by `etl run` exactly when they do, and
a worker that cannot reopen the new file says so. The reason names the kind of failure only; the full error (with
the file's path) goes to the error log, not to whoever asks."""

from __future__ import annotations

import json
import logging

import duckdb
from flask import Flask, Response, current_app

from dashboard.warehouse import selectors as ctx
from dashboard.warehouse.queries import Warehouse, WarehouseMissing

HEALTH_PATH = "/health"
LIVENESS_PATH = "/healthz"
_log = logging.getLogger("socialtal.health")


def register(server: Flask) -> None:
    """Add /health and /healthz. Safe to call twice (the second call does nothing)."""
    if "socialtal_health" in server.view_functions:
        return
    server.add_url_rule(HEALTH_PATH, "socialtal_health", health, methods=["GET"])
    server.add_url_rule(LIVENESS_PATH, "socialtal_liveness", liveness, methods=["GET"])


def liveness() -> Response:
    return Response("ok", status=200, content_type="text/plain; charset=utf-8", headers={"Cache-Control": "no-store"})


def health() -> Response:
    warehouse: Warehouse = current_app.config["SOCIALTAL_WAREHOUSE"]
    try:
        warehouse.data_version()  # stats the file on every call: notices a swap or a loss, opens a new file
        info = warehouse.query("warehouse_health").iloc[0]  # cached per warehouse generation
        issues = ctx.source_issues(warehouse)  # cached per data version
    except WarehouseMissing as exc:
        _log.warning("health: %s", exc)
        return _answer(503, {"status": "unavailable", "reason": "no warehouse file; run `etl run`"})
    except (duckdb.Error, OSError) as exc:
        _log.warning("health: the warehouse cannot be read: %s", exc)
        return _answer(
            503, {"status": "unavailable", "reason": f"the warehouse file cannot be read ({type(exc).__name__})"}
        )
    sources = {state: [issue.source_id for issue in issues if issue.status == state] for state in ("stale", "missing")}
    return _answer(
        200,
        {
            "status": "degraded" if issues else "ok",
            "data_version": _text(info["data_version"]),
            "loaded_at": _text(info["built_at"]),
            "schema_version": _text(info["schema_version"]),
            "demo": bool(info["is_demo"]),
            "sources": sources,
        },
    )


def _text(value: object) -> str | None:
    return None if value is None or value != value else str(value)  # NaN/None from an incomplete meta.info


def _answer(status: int, body: dict[str, object]) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/json",
        headers={"Cache-Control": "no-store"},
    )
