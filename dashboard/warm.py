"""`dashboard warm`: draw the pages people open first into the shared render cache (dashboard/web/render_cache.py),
so the first visitors after `etl run` get them at once. Run after each `etl run` (the server also starts it on
its own when it meets a new data version)."""

from __future__ import annotations

import time
from pathlib import Path

from dashboard.app import create_app
from dashboard.warehouse.queries import Warehouse
from dashboard.web.render_cache import CALLBACK_PATH_END, default_addresses, part_requests, router_request


def warm(db_path: Path, cache_dir: Path) -> tuple[int, int, float]:
    """Render every default view into `cache_dir`; returns (views drawn, views that failed, seconds)."""
    started = time.perf_counter()
    client = create_app(db_path, render_cache_dir=cache_dir).server.test_client()
    drawn = failed = 0
    for address in default_addresses(Warehouse(db_path)):
        response = client.post(CALLBACK_PATH_END, json=router_request(address))
        drawn += response.status_code == 200
        failed += response.status_code != 200
        if response.status_code == 200:  # and the parts below its fold (dashboard/ui/deferred.py)
            for part in part_requests(response.data):
                failed += client.post(CALLBACK_PATH_END, json=part).status_code != 200
    return drawn, failed, time.perf_counter() - started
