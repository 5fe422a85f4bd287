"""Do two warehouses hold the same rows? Every table of every schema, compared with EXCEPT ALL both ways (so a
row held twice in one and once in the other counts), less the columns that differ between any two runs (when a
run started and finished, when an answer was fetched, the data version). For checking that a change to the ETL
leaves what it writes as it was: build one warehouse with the old code and one with the new, then

    .venv/bin/python scripts/compare_warehouses.py OLD.duckdb NEW.duckdb

Prints one line per table (rows, and rows only in one of them) and exits 1 when any table differs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

# schema.table → columns that hold a time or an id of the run itself
VOLATILE = {
    "meta.load_runs": {"started_at", "finished_at"},
    "meta.source_snapshots": {"fetched_at"},
    "raw.statbank_responses": {"fetched_at"},
    "raw.files": {"fetched_at"},
    "main.sources": {"fetched_at"},
    "main.warehouse": {"built_at", "data_version"},
}
VOLATILE_INFO_KEYS = ("data_version", "built_at")  # meta.info rows compared by key only


def tables(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for schema, table, column in con.execute(
        "select schema_name, table_name, column_name from duckdb_columns() where database_name = ? "
        "order by schema_name, table_name, column_index",
        [catalog],
    ).fetchall():
        found.setdefault(f"{schema}.{table}", []).append(column)
    return found


def compare(old: Path, new: Path, moved: tuple[str, str] | None = None) -> int:
    con = duckdb.connect()
    con.execute(f"attach '{old}' as old (read_only)")
    con.execute(f"attach '{new}' as new (read_only)")
    old_tables, new_tables = tables(con, "old"), tables(con, "new")
    different = 0
    for name in sorted(old_tables.keys() | new_tables.keys()):
        if old_tables.get(name) != new_tables.get(name):
            print(f"{name:40s} columns differ: {old_tables.get(name)} vs {new_tables.get(name)}")
            different += 1
            continue
        kept = [c for c in old_tables[name] if c not in VOLATILE.get(name, set())]
        where = f" where key not in {VOLATILE_INFO_KEYS}" if name == "meta.info" else ""

        def select(catalog: str, kept: list[str] = kept, where: str = where, name: str = name) -> str:
            columns = [
                f"replace(\"{c}\", '{moved[0]}', '{moved[1]}')"
                if moved and c == "url" and catalog == "old"
                else f'"{c}"'
                for c in kept
            ]
            return f"select {', '.join(columns)} from {catalog}.{name}{where}"

        counts = con.execute(f"""
            select (select count(*) from old.{name}), (select count(*) from new.{name}),
                   (select count(*) from ({select("old")} except all {select("new")})),
                   (select count(*) from ({select("new")} except all {select("old")}))""").fetchone()
        assert counts is not None
        same = counts[2] == counts[3] == 0 and counts[0] == counts[1]
        different += not same
        print(
            f"{name:40s} {counts[0]:8d} vs {counts[1]:8d} rows; only old {counts[2]}, only new {counts[3]}"
            + ("" if same else "   DIFFERENT")
        )
    print("same rows in every table" if not different else f"{different} table(s) differ")
    return 1 if different else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument(
        "--moved",
        nargs=2,
        metavar=("OLD_DIR", "NEW_DIR"),
        help="the old warehouse was built from a checkout in OLD_DIR: its urls (the demo data's file:// addresses) "
        "are compared as if in NEW_DIR",
    )
    args = parser.parse_args()
    sys.exit(compare(args.old, args.new, tuple(args.moved) if args.moved else None))


if __name__ == "__main__":
    main()
