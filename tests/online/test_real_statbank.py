"""Against the real StatBank API (https://api.statbank.dk/v1, or $STATBANK_URL): deselected by default, run with
`pytest -m online` on a machine with internet. `etl check` for the whole registry, then one small real download
per source (its newest period) through the same client, parser and derivation as `etl run`."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import duckdb
import pytest

from etl.areas import municipality_codes
from etl.cli import main as etl_main
from etl.kinds.statbank.bulk import read_bulk
from etl.kinds.statbank.check import check_sources, fit_source
from etl.kinds.statbank.client import DEFAULT_BASE_URL, HttpTransport, StatBankClient, data_request_body
from etl.kinds.statbank.derive import DeriveReport, derive_statbank
from etl.registry import Source, load_registry

pytestmark = pytest.mark.online

BASE_URL = os.environ.get("STATBANK_URL", DEFAULT_BASE_URL)
REGISTRY = load_registry()
STATBANK_SOURCES = [s for s in REGISTRY.sources.values() if s.kind == "statbank"]


def _client() -> StatBankClient:
    return StatBankClient(HttpTransport(BASE_URL, retries=2, backoff_s=1.0, read_timeout_s=120))


def test_etl_check_finds_every_source_fitting_the_real_tables(tmp_path: Path, capsys) -> None:
    checks = check_sources(_client(), STATBANK_SOURCES)
    problems = {c.source.id: [m.problem for m in c.misfits] or [c.error] for c in checks if not c.fits}
    assert problems == {}
    assert etl_main(["check", "--base-url", BASE_URL, "--db", str(tmp_path / "none.duckdb")]) == 0
    assert f"{len(STATBANK_SOURCES)} of {len(STATBANK_SOURCES)} StatBank sources fit" in capsys.readouterr().out


@pytest.mark.parametrize("source", STATBANK_SOURCES, ids=lambda s: s.id)
def test_one_small_real_download_per_source(source: Source) -> None:
    client = _client()
    resolved = fit_source(client, source)
    time_var = next(v for v in resolved.info.variables if v.is_time)
    newest = time_var.values[-1][0]
    small = dataclasses.replace(resolved, variables={**resolved.variables, time_var.id: [newest]})
    body = data_request_body(resolved.info.table_id, small.variables)
    con = duckdb.connect()
    raw = read_bulk(con, client.data_bulk(body).text, [v.id for v in resolved.info.variables])
    derive_statbank(small, raw, DeriveReport(), "facts")
    facts = con.execute("select indicator_id, area_code, value from facts").fetchall()
    assert {indicator_id for indicator_id, _, _ in facts} == set(source.indicator_ids)
    assert any(value is not None for _, _, value in facts), f"{source.id}: every value of {newest} is missing"
    if source.municipal:
        areas = {area_code for _, area_code, _ in facts}
        assert municipality_codes() <= areas, f"{source.id}: municipalities missing in {newest}"
