"""The warehouse contract is described once, in etl/warehouse/contract.yaml: every view of a built warehouse's `main`
schema is there with the same columns in the same order, each with a description, and nothing else is."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml

CONTRACT_PATH = Path(__file__).resolve().parents[2] / "etl" / "warehouse" / "contract.yaml"
CONTRACT: dict = yaml.safe_load(CONTRACT_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def views(demo_db: Path) -> dict[str, list[str]]:
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        names = [
            name
            for (name,) in con.execute(
                "select view_name from duckdb_views() where schema_name = 'main' and not internal"
            ).fetchall()
        ]
        return {
            name: [
                column
                for (column,) in con.execute(
                    "select column_name from duckdb_columns() where schema_name = 'main' and table_name = ? "
                    "order by column_index",
                    [name],
                ).fetchall()
            ]
            for name in names
        }
    finally:
        con.close()


def test_the_contract_names_every_view_and_no_other(views: dict[str, list[str]]) -> None:
    assert sorted(CONTRACT) == sorted(views)


@pytest.mark.parametrize("view", sorted(CONTRACT))
def test_each_view_has_the_described_columns_in_order(view: str, views: dict[str, list[str]]) -> None:
    assert list(CONTRACT[view]["columns"]) == views[view]
    assert CONTRACT[view]["one_row_per"]


@pytest.mark.parametrize("view", sorted(CONTRACT))
def test_every_column_is_described_or_an_alias_of_one_that_is(view: str) -> None:
    columns = CONTRACT[view]["columns"]
    for name, description in columns.items():
        if isinstance(description, dict):  # a deprecated alias names the column that replaces it
            assert description["deprecated"] in columns, (view, name)
        else:
            assert isinstance(description, str) and len(description) > 10, (view, name)


def test_yes_no_columns_are_named_is_or_has(demo_db: Path) -> None:
    """The naming rule (CONTRIBUTING.md): a boolean column says so in its name."""
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        flags = con.execute(
            "select table_name, column_name from duckdb_columns() where schema_name = 'main' "
            "and data_type = 'BOOLEAN' and not internal"
        ).fetchall()
    finally:
        con.close()
    assert flags and all(name.startswith(("is_", "has_")) for _, name in flags), flags
