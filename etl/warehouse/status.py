"""What a warehouse holds, read through its public views: for `etl status` and the summary after a run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class SourceStatus:
    source_id: str
    table_id: str
    kind: str
    action: str
    dst_updated: str | None
    fetched_at: str | None
    rows_raw: int
    rows_facts: int
    first_period: str | None
    last_period: str | None
    is_demo: bool
    status: str  # ok | stale | missing
    error: str | None
    latest: list[tuple[str, str, float | None, str, bool]]  # (indicator, period, value, unit, is_computed), country


# One main.sources row as read_status selects it: every SourceStatus field but `latest`, in order.
_SourceRow = tuple[str, str, str, str, str | None, str | None, int, int, str | None, str | None, bool, str, str | None]


@dataclass(frozen=True)
class WarehouseStatus:
    path: Path
    is_demo: bool
    built_at: str | None
    data_version: str | None
    sources: list[SourceStatus]


def read_status(db_path: Path) -> WarehouseStatus:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        info = dict(con.execute("select key, value from meta.info").fetchall())
        # the view's columns from an empty select: duckdb_columns() loads every table's metadata (~15 ms)
        columns = {column[0] for column in con.execute("select * from main.sources limit 0").description or []}
        state = "status, error" if "status" in columns else "'ok', null"  # a warehouse of schema version 2
        rows: list[_SourceRow] = con.execute(f"""
            select source_id, table_id, kind, action, dst_updated, strftime(fetched_at, '%Y-%m-%d %H:%M'),
                   rows_raw, rows_facts, first_period, last_period, is_demo, {state}
            from main.sources order by source_id""").fetchall()
        latest = con.execute("""
            select i.source_id, v.indicator_id, v.period, v.value, v.unit, v.is_computed
            from main.indicator_values as v join dim.indicators as i using (indicator_id)
            where v.area_code = '000'
            qualify row_number() over (partition by v.indicator_id order by v.period desc) = 1
            order by v.indicator_id""").fetchall()
    finally:
        con.close()
    by_source: dict[str, list[tuple[str, str, float | None, str, bool]]] = {}
    for source_id, *values in latest:
        by_source.setdefault(source_id, []).append(tuple(values))
    return WarehouseStatus(
        path=db_path,
        is_demo=info.get("is_demo") == "true",
        built_at=info.get("built_at"),
        data_version=info.get("data_version"),
        sources=[SourceStatus(*row, latest=by_source.get(row[0], [])) for row in rows],
    )
