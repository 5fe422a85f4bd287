"""The consumer price index (etl/sources/pris01.yaml), the budget view's deflator: a national, monthly StatBank
source. Its YAML fits the demo tableinfo (`total` finds one VAREGR value, ENHED 100 is the index), loads through
the emulator exactly as published (months, not years: the yearly means are the dashboard's, see
tests/dashboard/test_budget_view.py), `etl check` names a misfit, and the demo data keep a realistic size."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import duckdb
import pytest
from statbank_emulator import StatBankEmulator, make_table

from etl.cli import main as etl_main
from etl.kinds.statbank.client import parse_tableinfo
from etl.kinds.statbank.resolve import resolve_request, total_candidates
from etl.registry import load_registry

SNAPSHOT = Path(__file__).resolve().parents[2] / "data" / "demo" / "statbank"
SOURCE_ID = "PRIS01"
INDICATOR_ID = "consumer_price_index"


def _demo_rows() -> dict[str, float]:
    """The demo snapshot's BULK answer: month → index, read here without the project's parser."""
    text = gzip.decompress((SNAPSHOT / f"{SOURCE_ID}.bulk.csv.gz").read_bytes()).decode("utf-8-sig")
    header, *lines = [line for line in text.split("\r\n") if line]
    assert header == "VAREGR;ENHED;TID;INDHOLD"
    rows = {}
    for line in lines:
        group, unit, period, value = line.split(";")
        assert (group, unit) == ("000000", "100")
        rows[period] = float(value.replace(",", "."))
    return rows


def test_the_source_is_national_monthly_and_asks_for_the_total_index() -> None:
    registry = load_registry()
    source = registry.sources[SOURCE_ID]
    assert source.kind == "statbank" and source.area_variable is None and not source.municipal
    assert source.request["VAREGR"].total and source.request["ENHED"].codes == ("100",)
    indicator = registry.indicators[INDICATOR_ID]
    assert (indicator.unit, indicator.aggregation, indicator.denominator_id) == ("index", "none", None)


def test_the_yaml_fits_the_demo_tableinfo() -> None:
    info = parse_tableinfo((SNAPSHOT / f"{SOURCE_ID}.tableinfo.json").read_text(encoding="utf-8"))
    varegr = info.variable("VAREGR")
    assert varegr is not None and len(varegr.values) > 5  # a table of many groups, of which one is the total
    assert total_candidates(varegr) == [("000000", "00 Forbrugerprisindekset i alt")]
    resolved = resolve_request(load_registry().sources[SOURCE_ID], info)
    assert resolved.variables == {"VAREGR": ["000000"], "ENHED": ["100"], "Tid": ["*"]}
    recorded = json.loads((SNAPSHOT / f"{SOURCE_ID}.request.json").read_text(encoding="utf-8"))
    assert {v["code"]: v["values"] for v in recorded["variables"]} == resolved.variables


def test_etl_check_on_the_demo_data_fits(capsys: pytest.CaptureFixture[str]) -> None:
    assert etl_main(["check", "--demo", "--only", SOURCE_ID]) == 0
    out = capsys.readouterr().out
    assert "1 of 1 StatBank sources fit" in out and "pris01.yaml" in out


def test_the_demo_months_load_through_the_emulator_as_published(
    httpserver, demo_emulator: StatBankEmulator, tmp_path: Path
) -> None:
    base_url = demo_emulator.install(httpserver)
    db = tmp_path / "w.duckdb"
    assert etl_main(["run", "--base-url", base_url, "--db", str(db), "--only", SOURCE_ID]) == 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "select area_code, period, value, unit from main.indicator_values where indicator_id = ?", [INDICATOR_ID]
        ).fetchall()
        status = con.execute("select status from main.sources where source_id = ?", [SOURCE_ID]).fetchone()
    finally:
        con.close()
    published = _demo_rows()
    assert status == ("ok",)
    assert {area for area, _, _, _ in rows} == {"000"} and {unit for *_, unit in rows} == {"index"}
    assert {period: value for _, period, value, _ in rows} == pytest.approx(published)
    assert min(published) == "2000M12" and max(published) == "2025M09"  # the real table starts in December


def test_the_demo_index_is_realistic() -> None:
    """2025 = 100 (PRIS01's base year), and about 15 % dearer in 2024 than in 2019."""
    by_year: dict[str, list[float]] = {}
    for period, value in _demo_rows().items():
        by_year.setdefault(period[:4], []).append(value)
    means = {year: sum(values) / len(values) for year, values in by_year.items() if len(values) == 12}
    assert 96 <= means["2024"] <= 100 and 80 <= means["2015"] <= 88
    assert 1.12 <= means["2024"] / means["2019"] <= 1.18
    assert all(means[str(y)] < means[str(y + 1)] for y in range(2001, 2024))  # prices rose every year


def _cpi_table(groups: list[tuple[str, str]]) -> tuple[dict, list[dict[str, str]]]:
    return make_table(
        SOURCE_ID,
        [("VAREGR", "varegruppe", groups), ("ENHED", "enhed", [("100", "Indeks"), ("300", "Ændring (pct.)")])],
        [f"2024M{m:02d}" for m in range(1, 13)],
        lambda codes: "100,0",
        unit="Indeks",
    )


def test_etl_check_names_a_total_that_does_not_read_as_one(httpserver, capsys: pytest.CaptureFixture[str]) -> None:
    emulator = StatBankEmulator()
    emulator.add_table(*_cpi_table([("000000", "00 Forbrugerprisindekset i alt"), ("141000", "Varer i alt")]))
    base_url = emulator.install(httpserver)
    assert etl_main(["check", "--base-url", base_url, "--only", SOURCE_ID]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "VAREGR" in out and "000000" in out and "141000" in out


def test_a_table_spelled_as_published_loads_with_the_same_rule(httpserver, tmp_path: Path) -> None:
    """Whatever the groups are, the rule takes the one total; the per-cent changes (ENHED 300) stay out."""
    emulator = StatBankEmulator()
    emulator.add_table(*_cpi_table([("000000", "00 Forbrugerprisindekset i alt"), ("010000", "01 Fødevarer")]))
    base_url = emulator.install(httpserver)
    db = tmp_path / "w.duckdb"
    assert etl_main(["run", "--base-url", base_url, "--db", str(db), "--only", SOURCE_ID]) == 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        values = con.execute(
            "select count(*), min(value), max(value) from main.indicator_values where indicator_id = ?",
            [INDICATOR_ID],
        ).fetchone()
    finally:
        con.close()
    assert values == (12, 100.0, 100.0)
