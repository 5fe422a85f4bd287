"""Downloads of a whole indicator over HTTP, checked against the warehouse itself (a direct, read-only DuckDB
query on the documented view), not against the code that wrote them."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import quote

import duckdb
import numpy as np
import pandas as pd
import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from small_world import SmallWorld

from dashboard.app import create_app
from dashboard.routes.downloads import CSV_ENDPOINT, DANISH_HEADERS, register
from etl.run import RunOptions, run

BOM = b"\xef\xbb\xbf"
PLAIN_DTYPES = {"area_code": str, "period": str}  # annual periods ("2023") would otherwise read as numbers
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DANISH_CSV = {"sep": ";", "decimal": ",", "encoding": "utf-8-sig", "dtype": {"områdekode": str, "periode": str}}
LICENCE = (
    "Data fra Danmarks Statistik er frit tilgængelige under CC BY 4.0. Kilde: Danmarks Statistik; "
    "bearbejdning: Socialtal."
)


def client_for(db: Path) -> FlaskClient:
    server = create_app(db).server
    if CSV_ENDPOINT not in server.view_functions:  # create_app may already register the downloads
        register(server)
    return server.test_client()


@pytest.fixture(scope="module")
def client(demo_db: Path) -> FlaskClient:
    return client_for(demo_db)


def warehouse_values(db: Path, indicator_id: str) -> pd.DataFrame:
    """The truth: straight from the view, without the dashboard's query files."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "select area_code, period, value from main.indicator_values where indicator_id = ?", [indicator_id]
        ).df()


def with_gaps(db: Path) -> str:
    """An indicator that has missing values ('..' from DST) in the demo warehouse."""
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("select min(indicator_id) from main.indicator_values where value is null").fetchone()
    assert row and row[0], "the demo warehouse has no missing values to test with"
    return row[0]


def same_numbers(downloaded: pd.DataFrame, truth: pd.DataFrame) -> None:
    """Every (area, period) of the warehouse once in the download, with the same value; NaN where NULL."""
    merged = truth.merge(downloaded, on=["area_code", "period"], how="outer", suffixes=("_db", "_file"), indicator=True)
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"].head()
    assert len(downloaded) == len(truth)
    pd.testing.assert_series_equal(merged["value_file"], merged["value_db"], check_names=False)


def read_danish(data: bytes) -> pd.DataFrame:
    frame = pd.read_csv(io.BytesIO(data), **DANISH_CSV)
    return frame.rename(columns={"områdekode": "area_code", "periode": "period", "værdi": "value"})


def test_danish_csv_round_trips_to_the_warehouse_numbers(client: FlaskClient, demo_db: Path) -> None:
    indicator = with_gaps(demo_db)
    resp = client.get(f"/data/{indicator}.csv")
    assert resp.status_code == 200
    frame = pd.read_csv(io.BytesIO(resp.data), **DANISH_CSV)
    per_capita = per_capita_headers(demo_db, indicator)[0]
    assert list(frame.columns) == [*DANISH_HEADERS[:6], per_capita, *DANISH_HEADERS[6:], "datagrundlag"]
    same_numbers(read_danish(resp.data), warehouse_values(demo_db, indicator))


def test_danish_csv_is_made_for_excel(client: FlaskClient) -> None:
    resp = client.get("/data/spending_children_national.csv?variant=da")  # has decimals in the demo
    assert resp.data.startswith(BOM)
    assert resp.data.count(b"\n") == resp.data.count(b"\r\n") > 1  # every line ends in CRLF
    assert resp.headers["Content-Type"] == "text/csv; charset=utf-8"
    lines = resp.data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("områdekode;område;niveau;periode;værdi;")
    assert any("," in line.split(";")[4] for line in lines[1:])  # a decimal comma, not a point
    assert not any("." in line.split(";")[4] for line in lines[1:])


def test_plain_csv_round_trips_with_pandas_defaults(client: FlaskClient, demo_db: Path) -> None:
    indicator = with_gaps(demo_db)
    resp = client.get(f"/data/{indicator}.csv?variant=plain")
    assert resp.status_code == 200 and not resp.data.startswith(BOM) and b"\r" not in resp.data
    frame = pd.read_csv(io.BytesIO(resp.data), dtype=PLAIN_DTYPES)
    per_capita = per_capita_headers(demo_db, indicator)[1]
    assert list(frame.columns) == [
        "area_code",
        "area_name",
        "area_level",
        "period",
        "value",
        "unit",
        per_capita,
        "is_computed",
        "datagrundlag",
    ]
    same_numbers(frame, warehouse_values(demo_db, indicator))


def test_plain_csv_keeps_decimals(client: FlaskClient, demo_db: Path) -> None:
    resp = client.get("/data/spending_children_national.csv?variant=plain")
    frame = pd.read_csv(io.BytesIO(resp.data), dtype=PLAIN_DTYPES)
    truth = warehouse_values(demo_db, "spending_children_national")
    assert (truth["value"] % 1 != 0).any()  # otherwise this test proves nothing
    same_numbers(frame, truth)


@pytest.mark.parametrize("variant", ["da", "plain"])
def test_missing_values_stay_empty_never_zero(client: FlaskClient, demo_db: Path, variant: str) -> None:
    indicator = with_gaps(demo_db)
    truth = warehouse_values(demo_db, indicator)
    resp = client.get(f"/data/{indicator}.csv?variant={variant}")
    text = resp.data.decode("utf-8-sig")
    separator = ";" if variant == "da" else ","
    missing = truth[truth["value"].isna()]
    for row in missing.itertuples():
        line = next(
            li
            for li in text.splitlines()
            if li.startswith(f"{row.area_code}{separator}") and li.split(separator)[3] == row.period
        )
        assert line.split(separator)[4] == "", line


def test_rows_run_country_regions_municipalities(client: FlaskClient) -> None:
    frame = read_danish(client.get("/data/children_placed.csv").data)
    levels = frame["niveau"].drop_duplicates().tolist()
    assert levels == ["land", "region", "kommune"]
    assert frame["area_code"].is_monotonic_increasing  # '000' < '081'… < '101'…, periods sorted within


@pytest.mark.parametrize("path", ["/data/children_placed.csv", "/data/children_placed.csv?variant=plain"])
def test_demo_csv_is_labelled_on_every_row_and_in_the_name(client: FlaskClient, path: str) -> None:
    resp = client.get(path)
    frame = pd.read_csv(io.BytesIO(resp.data), sep=None, engine="python", encoding="utf-8-sig")
    assert (frame["datagrundlag"] == "DEMODATA").all()
    assert resp.headers["Content-Disposition"] == 'attachment; filename="children_placed-DEMODATA.csv"'


def test_xlsx_has_the_rows_and_their_source(client: FlaskClient, demo_db: Path) -> None:
    indicator = with_gaps(demo_db)
    resp = client.get(f"/data/{indicator}.xlsx")
    assert resp.status_code == 200 and resp.headers["Content-Type"] == XLSX_TYPE
    assert resp.headers["Content-Disposition"] == f'attachment; filename="{indicator}-DEMODATA.xlsx"'
    book = load_workbook(io.BytesIO(resp.data), read_only=True)
    assert book.sheetnames == ["Data", "Kilde"]
    rows = list(book["Data"].iter_rows(values_only=True))
    frame = pd.DataFrame(rows[1:], columns=rows[0]).rename(
        columns={"områdekode": "area_code", "periode": "period", "værdi": "value"}
    )
    same_numbers(frame.assign(value=frame["value"].astype(float)), warehouse_values(demo_db, indicator))


def test_xlsx_source_sheet_tells_table_dates_licence_and_demo(client: FlaskClient, demo_db: Path) -> None:
    with duckdb.connect(str(demo_db), read_only=True) as con:
        table, updated, fetched = con.execute(
            "select i.source_table, s.dst_updated, strftime(s.fetched_at, '%Y-%m-%d') from main.indicators as i "
            "join main.sources as s on s.table_id = i.source_table where i.indicator_id = 'children_placed'"
        ).fetchone()
    book = load_workbook(io.BytesIO(client.get("/data/children_placed.xlsx").data), read_only=True)
    kilde = list(book["Kilde"].iter_rows(values_only=True))
    assert kilde[0][0] == "DEMODATA"  # first, where nobody can miss it
    text = "\n".join(" ".join(str(cell) for cell in row if cell is not None) for row in kilde)
    assert f"https://www.statistikbanken.dk/{table}" in text
    assert updated[:10] in text and fetched in text
    assert LICENCE in text and "Anbragte" in text


def test_real_data_is_not_labelled_demo(small_world: SmallWorld) -> None:
    run(RunOptions(db_path=small_world.db_path, client=small_world.client()), small_world.registry)
    client = client_for(small_world.db_path)
    resp = client.get("/data/children_placed.csv?variant=plain")
    assert resp.headers["Content-Disposition"] == 'attachment; filename="children_placed.csv"'
    frame = pd.read_csv(io.BytesIO(resp.data), dtype=PLAIN_DTYPES)
    assert (frame["datagrundlag"] == "Danmarks Statistik").all()
    same_numbers(frame, warehouse_values(small_world.db_path, "children_placed"))
    kilde = load_workbook(io.BytesIO(client.get("/data/children_placed.xlsx").data), read_only=True)["Kilde"]
    assert "DEMODATA" not in str(list(kilde.iter_rows(values_only=True)))


@pytest.mark.parametrize("path", ["/data/no_such_indicator.csv", "/data/no_such_indicator.xlsx"])
def test_unknown_indicator_is_404_naming_it(client: FlaskClient, path: str) -> None:
    resp = client.get(path)
    assert resp.status_code == 404 and resp.mimetype == "text/plain"
    body = resp.get_data(as_text=True)
    assert "no_such_indicator" in body and "/om-data" in body


def test_hostile_id_is_404_and_harmless(client: FlaskClient) -> None:
    resp = client.get("/data/" + quote("x';drop table facts.indicator_values; --") + ".csv")
    assert resp.status_code == 404 and resp.mimetype == "text/plain"
    assert client.get("/data/children_placed.csv").status_code == 200


def test_other_paths_under_data_are_plain_404(client: FlaskClient) -> None:
    for path in ("/data/", "/data/children_placed.json", "/data/a/children_placed.csv"):
        resp = client.get(path)
        assert resp.status_code == 404 and resp.mimetype == "text/plain", path


def test_errors_answer_in_the_readers_language(client: FlaskClient) -> None:
    english = client.get("/data/no_such_indicator.csv?lang=en").get_data(as_text=True)
    assert english.startswith("Unknown indicator: no_such_indicator. See the loaded indicators at /om-data.")
    assert client.get("/data/nope?lang=en").get_data(as_text=True).startswith("No download at /data/nope.")
    danish = client.get("/data/no_such_indicator.csv").get_data(as_text=True)
    assert danish.startswith("Ukendt indikator: no_such_indicator.")


def test_unknown_variant_is_400_naming_the_allowed(client: FlaskClient) -> None:
    resp = client.get("/data/children_placed.csv?variant=excel")
    assert resp.status_code == 400 and resp.mimetype == "text/plain"
    body = resp.get_data(as_text=True)
    assert "excel" in body and "variant=da" in body and "variant=plain" in body


def test_register_twice_is_harmless(demo_db: Path) -> None:
    server = create_app(demo_db).server
    register(server)
    register(server)
    assert server.test_client().get("/data/children_placed.csv").status_code == 200


# --- per-capita values beside the counts -----------------------------------------------------------------------


def per_capita_truth(db: Path, indicator_id: str) -> pd.DataFrame:
    """value × 1,000 / the denominator of the same area and period (for an annual figure: the population on 1
    January, FOLK1A's K1), straight from the views."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            """
            select v.area_code, v.period, v.value * 1000 / coalesce(same.value, january.value) as per_capita
            from main.indicator_values as v
            join main.indicators as i using (indicator_id)
            left join main.indicator_values as same
                on same.indicator_id = i.denominator_id and same.area_code = v.area_code and same.period = v.period
            left join main.indicator_values as january
                on january.indicator_id = i.denominator_id and january.area_code = v.area_code
                and january.period = v.period || 'K1'
            where v.indicator_id = ?
            """,
            [indicator_id],
        ).df()


def per_capita_headers(db: Path, indicator_id: str) -> tuple[str, str]:
    """The header the per-capita column must have, Danish and plain, from the indicator's unit and denominator."""
    with duckdb.connect(str(db), read_only=True) as con:
        unit, denominator, aggregation, title = con.execute(
            "select i.unit, i.denominator_id, i.aggregation, d.title_da from main.indicators as i "
            "left join main.indicators as d on d.indicator_id = i.denominator_id where i.indicator_id = ?",
            [indicator_id],
        ).fetchone()
    if denominator is None or unit in ("percent", "stays_per_person") or aggregation != "sum":
        return "pr. indbygger", "value_per_capita"
    if unit.startswith("dkk_"):
        return "kr. pr. indbygger", "dkk_per_inhabitant"
    return f"pr. 1.000 {title.lower()}", f"value_per_1000_{denominator}"


def same_per_capita(downloaded: pd.DataFrame, column: str, truth: pd.DataFrame) -> None:
    merged = truth.merge(downloaded[["area_code", "period", column]], on=["area_code", "period"], validate="1:1")
    assert len(merged) == len(truth) and merged["per_capita"].notna().sum() > 100
    np.testing.assert_allclose(merged[column].astype(float), merged["per_capita"], rtol=1e-12)


@pytest.mark.parametrize("indicator", ["children_placed", "adults_sel108", "spending_placements"])
def test_per_capita_column_is_the_value_per_1000_of_its_denominator(
    client: FlaskClient, demo_db: Path, indicator: str
) -> None:
    """Money included: 1,000 kr. × 1,000 / inhabitants is kr. per inhabitant."""
    danish, plain = per_capita_headers(demo_db, indicator)
    assert danish != "pr. indbygger"  # each of these has a denominator: the header names its unit
    truth = per_capita_truth(demo_db, indicator)
    frame = pd.read_csv(io.BytesIO(client.get(f"/data/{indicator}.csv").data), **DANISH_CSV)
    same_per_capita(frame.rename(columns={"områdekode": "area_code", "periode": "period"}), danish, truth)
    plain_frame = pd.read_csv(io.BytesIO(client.get(f"/data/{indicator}.csv?variant=plain").data), dtype=PLAIN_DTYPES)
    same_per_capita(plain_frame, plain, truth)
    rows = list(
        load_workbook(io.BytesIO(client.get(f"/data/{indicator}.xlsx").data))["Data"].iter_rows(values_only=True)
    )
    sheet = pd.DataFrame(rows[1:], columns=rows[0]).rename(columns={"områdekode": "area_code", "periode": "period"})
    same_per_capita(sheet, danish, truth)


@pytest.mark.parametrize("indicator", ["children_support_share", "spending_children_national"])
def test_per_capita_column_is_empty_for_a_rate_or_without_a_denominator(
    client: FlaskClient, demo_db: Path, indicator: str
) -> None:
    """A share in per cent (weighted mean) has a denominator but no meaningful per capita; a national money
    figure has none at all."""
    assert per_capita_headers(demo_db, indicator) == ("pr. indbygger", "value_per_capita")
    frame = pd.read_csv(io.BytesIO(client.get(f"/data/{indicator}.csv?variant=plain").data), dtype=PLAIN_DTYPES)
    assert len(frame) == len(warehouse_values(demo_db, indicator)) and frame["value_per_capita"].isna().all()
    book = load_workbook(io.BytesIO(client.get(f"/data/{indicator}.xlsx").data))
    rows = list(book["Data"].iter_rows(values_only=True))
    assert rows[0][6] == "pr. indbygger" and all(row[6] is None for row in rows[1:])
    kilde = "\n".join(str(row[1]) for row in book["Kilde"].iter_rows(values_only=True))
    assert "'pr. indbygger' er tom" in kilde


def test_source_sheet_says_how_the_per_capita_column_is_computed(client: FlaskClient) -> None:
    kilde = list(
        load_workbook(io.BytesIO(client.get("/data/children_placed.xlsx").data))["Kilde"].iter_rows(values_only=True)
    )
    rule = next(row[1] for row in kilde if row[0] == "Pr. indbygger")
    assert "× 1.000 / Befolkning 0–22 år (population_0_22)" in rule and "1. januar" in rule
