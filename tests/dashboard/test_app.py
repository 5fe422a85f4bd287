"""The dashboard over HTTP, as a browser would call it, on a warehouse built by the real pipeline."""

from __future__ import annotations

import json

import pytest
from plotly.utils import PlotlyJSONEncoder
from small_world import SmallWorld

from dashboard.app import create_app
from dashboard.pages import overview
from dashboard.warehouse.queries import Warehouse
from etl.run import RunOptions, run


@pytest.fixture
def built(small_world: SmallWorld) -> SmallWorld:
    run(RunOptions(db_path=small_world.db_path, client=small_world.client()), small_world.registry)
    return small_world


def test_front_page_shows_national_cards_with_source(built: SmallWorld) -> None:
    app = create_app(built.db_path)
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    with app.server.test_request_context("/"):
        text = json.dumps(json.loads(json.dumps(overview.layout(), cls=PlotlyJSONEncoder)), ensure_ascii=False)
    assert "Anbragte børn" in text
    assert "Kilde: Danmarks Statistik, statistikbanken.dk/TKIDS" in text
    assert "DEMODATA" not in text  # built from the emulator, not the demo snapshot


def test_unknown_path_gives_friendly_not_found(built: SmallWorld) -> None:
    client = create_app(built.db_path).server.test_client()
    resp = client.get("/no/such/page")
    assert resp.status_code == 404
    assert "<title>Siden findes ikke – Socialtal</title>" in resp.get_data(as_text=True)


def test_health_endpoint(built: SmallWorld) -> None:
    client = create_app(built.db_path).server.test_client()
    assert client.get("/healthz").data == b"ok"


def test_data_module_reopens_after_a_swap(built: SmallWorld) -> None:
    warehouse = Warehouse(built.db_path)
    first_version = warehouse.data_version()
    first = warehouse.query("source_dates")
    run(RunOptions(db_path=built.db_path, client=built.client(), force=True), built.registry)
    assert warehouse.data_version() != first_version
    second = warehouse.query("source_dates")
    assert (second["fetched_at"] >= first["fetched_at"]).all()


def test_a_held_warehouse_is_read_to_the_end_of_the_request(built: SmallWorld) -> None:
    """A request reads one warehouse (Warehouse.hold, held from before_request to teardown): a swap in the middle
    is seen by the next request, and a request that reads nothing opens nothing."""
    warehouse = Warehouse(built.db_path)
    warehouse.hold()
    assert warehouse._con is None  # holding opens nothing by itself
    first_version = warehouse.data_version()
    run(RunOptions(db_path=built.db_path, client=built.client(), force=True), built.registry)
    assert warehouse.data_version() == first_version  # still the request's warehouse
    warehouse.release()
    assert warehouse.data_version() != first_version  # the next request's


def test_query_parameters_must_match_the_header(built: SmallWorld) -> None:
    warehouse = Warehouse(built.db_path)
    with pytest.raises(TypeError, match="takes no parameters"):
        warehouse.query("source_dates", area_code="101")
    with pytest.raises(ValueError, match="not a query name"):
        warehouse.query("../etc/passwd")


def test_every_app_in_a_process_has_every_page_callback(built: SmallWorld) -> None:
    """Dash gives the callbacks registered with dash.callback to the first app it sets up only; the tests and
    benchmarks build many apps in one process, and each must answer every page callback."""
    first, second = create_app(built.db_path), create_app(built.db_path)
    assert len(first.callback_map) > 10
    assert set(second.callback_map) == set(first.callback_map)
    assert len(second._inline_scripts) == len(first._inline_scripts) > 0  # the clientside callbacks
