"""The budget view ("Flere borgere, samme penge?") answers its question in words, in current and in fixed prices
deflated by the consumer price index (PRIS01), with spending per recipient (issue 11, part 3).

Hand-made views check the arithmetic and the wording; the demo warehouse checks the deflator against figures
computed here straight from the contract view main.indicator_values with DuckDB, not through the dashboard."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from plotly.utils import PlotlyJSONEncoder

from dashboard.app import cached_layout, create_app
from dashboard.pages import about, profile
from dashboard.ui import budget_card
from dashboard.warehouse import budget
from dashboard.warehouse.queries import Warehouse

VIBORG = "791"
YEARS = [str(y) for y in range(2019, 2025)]


def _view(
    spending: list[float], recipients: list[float], cpi: list[float | None], table: str | None = "PRIS01"
) -> budget.BudgetView:
    """A view over 2019–2024 with base year 2019: spending in 1,000 kr., recipients in persons, the CPI by year."""

    def series(values: list) -> pd.Series:
        return pd.Series([float("nan") if v is None else float(v) for v in values], index=YEARS)

    return budget.BudgetView("2019", YEARS, series(spending), series(recipients), series(cpi), table)


# Spending and recipients both up 14 %, prices up 15 %: "114 vs 114" is a fall of about 13 % in fixed prices.
SAME_MONEY = _view(
    spending=[50_000, 51_000, 52_000, 54_000, 56_000, 57_000],
    recipients=[100, 102, 104, 108, 112, 114],
    cpi=[100, 100.4, 102.3, 110.2, 113.8, 115],
)


def test_fixed_prices_are_current_prices_divided_by_the_index_relative_to_the_price_year() -> None:
    assert SAME_MONEY.price_year == "2024" and SAME_MONEY.has_fixed_prices
    fixed = SAME_MONEY.spending_fixed()
    assert fixed["2024"] == pytest.approx(57_000)  # the price year's own prices
    assert fixed["2019"] == pytest.approx(50_000 * 115 / 100)
    assert SAME_MONEY.per_recipient()["2024"] == pytest.approx(1000 * 57_000 / 114)
    assert SAME_MONEY.change_pct("per_recipient") == pytest.approx(0.0)
    assert SAME_MONEY.change_pct("per_recipient_fixed") == pytest.approx(100 * (100 / 115 - 1))
    indices = SAME_MONEY.indices()
    assert list(indices) == list(budget.SERIES)
    assert all(index["2019"] == pytest.approx(100) for index in indices.values())
    assert indices["spending"]["2024"] == pytest.approx(114) and indices["recipients"]["2024"] == pytest.approx(114)


def test_the_answer_says_what_happened_in_both_prices() -> None:
    assert budget.answer(SAME_MONEY, "da") == (
        "2019–2024: udgifterne steg 14 pct., modtagerne steg 14 pct. "
        "Udgiften pr. modtager er uændret i løbende priser og faldet ca. 13 pct. i faste priser (2024-priser). "
        "I 2024 var udgiften ca. 500.000 kr. pr. modtager."
    )
    assert budget.answer(SAME_MONEY, "en") == (
        "2019–2024: spending rose 14 per cent, recipients rose 14 per cent. "
        "Spending per recipient is unchanged in current prices and down about 13 per cent in fixed prices "
        "(2024 prices). In 2024, spending was about DKK 500,000 per recipient."
    )


def test_small_changes_keep_a_decimal_and_falls_are_falls() -> None:
    view = _view(
        spending=[50_000, 50_000, 50_000, 50_000, 50_000, 48_600],
        recipients=[100, 100, 100, 100, 100, 104.5],
        cpi=[100, 100, 100, 100, 100, 100],
    )
    text = budget.answer(view, "da")
    assert text.startswith("2019–2024: udgifterne faldt 2,8 pct., modtagerne steg 4,5 pct. ")
    assert "Udgiften pr. modtager er faldet 7,0 pct. i løbende priser og faldet ca. 7,0 pct. i faste priser" in text


def test_without_a_price_index_the_view_is_in_current_prices_and_says_why() -> None:
    view = _view(SAME_MONEY.spending.tolist(), SAME_MONEY.recipients.tolist(), [None] * 6)
    assert not view.has_fixed_prices and list(view.indices()) == ["spending", "recipients"]
    assert budget.answer(view, "da") == (
        "2019–2024: udgifterne steg 14 pct., modtagerne steg 14 pct. "
        "Udgiften pr. modtager er uændret i løbende priser. "
        "Faste priser vises ikke: prisindekset (PRIS01) er ikke indlæst (se Om data). "
        "I 2024 var udgiften ca. 500.000 kr. pr. modtager."
    )
    unknown = _view(SAME_MONEY.spending.tolist(), SAME_MONEY.recipients.tolist(), [None] * 6, table=None)
    assert "Faste priser vises ikke: der er intet prisindeks i data." in budget.answer(unknown, "da")


def test_a_price_index_that_stops_short_names_the_year_it_lacks() -> None:
    view = _view(SAME_MONEY.spending.tolist(), SAME_MONEY.recipients.tolist(), [100, 100.4, 102.3, 110.2, 113.8, None])
    # fixed prices in 2023 prices are drawn up to 2023; the change to 2024 cannot be said in fixed prices
    assert view.price_year == "2023" and not view.has_fixed_prices
    assert "spending_fixed" in view.indices()
    assert "Faste priser vises ikke: prisindekset (PRIS01) har intet tal for 2024." in budget.answer(view, "da")


@pytest.mark.parametrize(("years", "asked", "expected"), [(YEARS, None, "2019"), (YEARS, 2021, "2021")])
def test_the_base_year_is_the_asked_one_or_five_years_back(years: list[str], asked: int | None, expected: str) -> None:
    assert budget.default_base(years, asked) == expected
    assert budget.default_base(["2022", "2023", "2024"], None) == "2022"  # fewer years: the first
    assert budget.default_base(YEARS, 1990) == "2019"  # a base year the view does not have: the default


# --- on the demo warehouse --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def con(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    copy = tmp_path_factory.mktemp("budget-sql") / "socialtal.duckdb"
    shutil.copyfile(demo_db, copy)
    return duckdb.connect(str(copy), read_only=True)


def _cpi_by_year(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """The CPI's mean of each year that has all 12 months."""
    rows = con.execute(
        "select left(period, 4), avg(value) from main.indicator_values "
        "where indicator_id = 'consumer_price_index' and area_code = '000' and value is not null "
        "group by 1 having count(*) = 12"
    ).fetchall()
    return {year: float(value) for year, value in rows}


def test_the_demo_view_deflates_by_the_yearly_mean_of_pris01(con: duckdb.DuckDBPyConnection, demo_db: Path) -> None:
    warehouse = Warehouse(demo_db)
    spending, recipients = profile.BUDGET_PAIRS["children"]
    view = budget.budget_view(warehouse, [VIBORG], spending, recipients, None)
    assert view is not None and view.deflator_table == "PRIS01" and view.has_fixed_prices
    cpi = _cpi_by_year(con)
    last = view.last_year
    assert view.price_year == last
    for year in view.years:
        assert view.price_index[year] == pytest.approx(cpi[year])
        expected = view.spending[year] * cpi[last] / cpi[year]
        assert view.spending_fixed()[year] == pytest.approx(expected)
    # the demo keeps the real order of magnitude: prices about 15 % up from 2019 to 2024
    assert 1.10 < cpi["2024"] / cpi["2019"] < 1.20


def _render(app, layout, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with app.server.test_request_context("/"):
        page = cached_layout(layout)(**kwargs)
        return json.dumps(json.loads(json.dumps(page, cls=PlotlyJSONEncoder)), ensure_ascii=False)


def test_the_profile_shows_both_prices_and_names_the_price_index(demo_db: Path) -> None:
    app = create_app(demo_db)
    text = _render(app, profile.layout, code=VIBORG)
    for label in ("Udgifter (løbende priser)", "Udgifter (faste priser)", "Udgift pr. modtager (faste priser)"):
        assert label in text
    assert "forbrugerprisindekset (PRIS01)" in text  # the caveat on the chart
    assert "i faste priser (" in text and "-priser)" in text  # the answer in words
    source_lines = [s for s in _strings(json.loads(text)) if s.startswith("Kilde: Egne beregninger")]
    assert any("PRIS01" in s for s in source_lines)


def test_om_data_states_the_price_index_and_its_caveat(demo_db: Path) -> None:
    app = create_app(demo_db)
    text = _render(app, about.layout)
    assert "forbrugerprisindekset (PRIS01" in text and "P/L-indekset" in text and "tilnærmelse" in text


def test_without_pris01_the_budget_view_is_in_current_prices_and_says_so(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "no-pris01.duckdb"
    shutil.copyfile(demo_db, target)
    db = duckdb.connect(str(target))
    db.execute("update meta.info set value = ? where key = 'data_version'", [uuid.uuid4().hex])
    db.execute("delete from facts.indicator_values where source_id = 'PRIS01'")
    db.close()
    app = create_app(target)
    text = _render(app, profile.layout, code=VIBORG)
    assert "Udgifter (løbende priser)" in text and "Udgifter (faste priser)" not in text
    assert "Faste priser vises ikke: prisindekset" in text or "Faste priser vises ikke: der er intet" in text
    warehouse = app.server.config["SOCIALTAL_WAREHOUSE"]
    spending, recipients = profile.BUDGET_PAIRS["children"]
    view = budget.budget_view(warehouse, [VIBORG], spending, recipients, None)
    assert view is not None and not view.has_fixed_prices
    assert "PRIS01" not in budget_card.source_line(warehouse, view, [spending, *recipients], "da")


def _strings(node: object) -> list[str]:
    """Every string in a rendered layout."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    return []
