"""Values derived from queries (dashboard/warehouse/selectors.py) are made once per data version: the cache holds
what the pages of a data version need in every unit, so drawing one more part never makes again what an earlier
part made (a count bound of 256 dropped indicator frames the next part needed: ~3,600 values made for ~600)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from cachetools import LRUCache

from dashboard.warehouse import selectors
from dashboard.web.render_cache import CALLBACK_PATH_END, part_requests, router_request

MEASURES = ("per_capita", "count", "index", "share")


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """How many times each derived value was made, from an empty cache (as after a new data version)."""
    counts: Counter = Counter()
    real = selectors._derived

    def counting(warehouse: Any, key: Any, make: Callable[[], Any]) -> Any:
        def counted() -> Any:
            counts[key] += 1
            return make()

        return real(warehouse, key, counted)

    monkeypatch.setattr(selectors, "_derived", counting)
    monkeypatch.setattr(
        selectors, "_DERIVED", LRUCache(maxsize=selectors.DERIVED_CACHE_BYTES, getsizeof=selectors.approx_bytes)
    )
    return counts


def draw_with_parts(client, pathname: str, search: str) -> None:
    response = client.post(CALLBACK_PATH_END, json=router_request(pathname, search))
    assert response.status_code == 200, response.data[:300]
    assert b'"page-not-found"' not in response.data, f"{pathname}{search} names nothing"
    for request in part_requests(response.data):
        part = client.post(CALLBACK_PATH_END, json=request)
        assert part.status_code == 200, part.data[:300]


def test_profiles_and_regions_in_every_unit_make_each_derived_value_once(client, made: Counter) -> None:
    for measure in MEASURES:
        for code in ("101", "751"):
            draw_with_parts(client, f"/kommune/{code}", f"?measure={measure}")
        for indicator in ("children_placed", "adults_sel108", "spending_placements"):
            draw_with_parts(client, "/region/082", f"?indicator={indicator}&measure={measure}")
    assert len(made) > 300, "the pages drew fewer values than a data version's working set: the test tests nothing"
    again = {key: n for key, n in made.items() if n > 1}
    assert not again, f"{len(again)} derived values were made more than once, e.g. {sorted(again.items())[:5]}"


def test_a_frame_counts_its_own_columns_and_anything_else_a_fixed_estimate() -> None:
    frame = pd.DataFrame({"value": [1.0] * 1000, "area_code": ["101"] * 1000})
    assert selectors.approx_bytes(frame) == int(frame.memory_usage(index=True, deep=False).sum())
    assert selectors.approx_bytes(frame) >= 16_000  # two columns of 1000 eight-byte cells
    assert selectors.approx_bytes({"101": 1.0}) == selectors.SMALL_VALUE_BYTES
