"""The DuckDB warehouse: its schemas, the writes of one load run, and the documented views.

Schemas: raw.* (what the sources returned, unchanged), facts.* and dim.* (tidy), geo.* (map shapes),
meta.* (provenance: one row per run and per source snapshot). Readers use only the views in main:
indicator_values, indicators, areas, sources, series_breaks (see queries/README.md for the contract)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl.areas import REFERENCE_DIR, load_areas
from etl.registry import Registry, Source

SCHEMA_VERSION = "3"  # 2: snapshots carry the fingerprint of their source definition; 3: status and error
# Earlier versions whose tables this version can read (copied by column name; new columns start empty).
READABLE_SCHEMA_VERSIONS = ("2", SCHEMA_VERSION)
# A source's state in a warehouse: ok (what DST publishes, or not asked to refresh), stale (the last refresh
# failed; the previous data is served), missing (never loaded: no data).
SOURCE_STATES = ("ok", "stale", "missing")
VIEWS_SQL = Path(__file__).parent / "views.sql"

_DDL = """
create schema if not exists raw;
create schema if not exists facts;
create schema if not exists dim;
create schema if not exists geo;
create schema if not exists meta;
create table if not exists raw.statbank_responses (
    source_id varchar not null, table_id varchar not null, endpoint varchar not null, url varchar,
    request_json varchar not null, body_text varchar not null, sha256 varchar not null,
    size_bytes bigint not null, fetched_at timestamptz not null);
create table if not exists raw.files (
    source_id varchar not null, file_name varchar not null, sha256 varchar not null, size_bytes bigint not null,
    content blob not null, fetched_at timestamptz not null);
create table if not exists facts.indicator_values (
    indicator_id varchar not null, area_code varchar not null, period varchar not null, value double,
    is_computed boolean not null, source_id varchar not null);
create table if not exists geo.municipality_boundaries (
    area_code varchar primary key, area_name varchar, geometry_geojson varchar not null);
create table if not exists meta.load_runs (
    run_id integer primary key, started_at timestamptz not null, finished_at timestamptz, mode varchar not null,
    base_url varchar, options_json varchar, socialtal_version varchar);
create table if not exists meta.source_snapshots (
    run_id integer not null, source_id varchar not null, table_id varchar not null, kind varchar not null,
    action varchar not null, dst_updated varchar, fetched_at timestamptz, url varchar, request_json varchar,
    sha256 varchar, rows_raw bigint, rows_facts bigint, first_period varchar, last_period varchar,
    is_demo boolean not null, definition_sha256 varchar, status varchar not null default 'ok', error varchar);
create table if not exists meta.info (key varchar primary key, value varchar not null);
"""


@dataclass(frozen=True)
class Snapshot:
    """Provenance of one source in one run."""

    source_id: str
    table_id: str
    kind: str
    action: str  # fetched | unchanged | kept (not selected this run) | failed (this run's refresh failed)
    dst_updated: str | None
    fetched_at: str | None
    url: str | None
    request_json: str | None
    sha256: str | None
    rows_raw: int
    rows_facts: int
    first_period: str | None
    last_period: str | None
    is_demo: bool
    definition_sha256: str | None = None  # the source YAML and its catalogue lines when it was loaded
    status: str = "ok"  # one of SOURCE_STATES
    error: str | None = None  # why the last refresh failed (stale or missing), one line saying what to do


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """The writes of one source as one transaction: one commit instead of one per statement (each flushes the
    write-ahead log), and none of them if one fails."""
    con.begin()
    try:
        yield
    except BaseException:
        with contextlib.suppress(duckdb.Error):  # an interrupted DuckDB may refuse; the file is dropped anyway
            con.rollback()
        raise
    con.commit()


def raw_table_name(source: Source) -> str:
    return f'raw."{source.id.lower()}"'


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_DDL)


def previous_snapshots(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, Snapshot]:
    """The snapshot in force per source in an attached earlier warehouse: the data it holds. A source recorded
    as missing holds none, so it has no previous snapshot."""
    # the table's columns from an empty select: duckdb_columns() loads every table's metadata (~15 ms)
    columns = {
        column[0] for column in con.execute(f"select * from {catalog}.meta.source_snapshots limit 0").description or []
    }
    state = "status, error" if "status" in columns else "'ok', null"  # schema version 2 had neither
    rows = con.execute(f"""
        select source_id, table_id, kind, action, dst_updated, cast(fetched_at as varchar), url, request_json,
               sha256, rows_raw, rows_facts, first_period, last_period, is_demo, definition_sha256, {state}
        from {catalog}.meta.source_snapshots
        qualify row_number() over (partition by source_id order by run_id desc) = 1
    """).fetchall()
    return {r[0]: Snapshot(*r) for r in rows if r[15] != "missing"}


def schema_version(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> str | None:
    """The schema version of an attached warehouse, or of the connection's own (`catalog` None)."""
    table = f"{catalog}.meta.info" if catalog else "meta.info"
    try:
        row = con.execute(f"select value from {table} where key = 'schema_version'").fetchone()
    except duckdb.Error:
        return None
    return row[0] if row else None


def copy_source(con: duckdb.DuckDBPyConnection, catalog: str, source: Source) -> None:
    """Carry a source over unchanged from the earlier warehouse: raw answers, raw rows, facts, shapes. Whatever
    the new warehouse holds of it is replaced."""
    clear_source(con, source)
    params = [source.id]
    con.execute(
        f"insert into raw.statbank_responses select * from {catalog}.raw.statbank_responses where source_id = ?", params
    )
    con.execute(f"insert into raw.files select * from {catalog}.raw.files where source_id = ?", params)
    con.execute(
        f"insert into facts.indicator_values select * from {catalog}.facts.indicator_values where source_id = ?", params
    )
    exists = con.execute(
        "select count(*) from duckdb_tables() where database_name = ? and schema_name = 'raw' and table_name = ?",
        [catalog, source.id.lower()],
    ).fetchone()
    if exists and exists[0]:
        con.execute(
            f'create or replace table {raw_table_name(source)} as select * from {catalog}.raw."{source.id.lower()}"'
        )
    if source.kind == "boundaries":
        con.execute(f"insert into geo.municipality_boundaries select * from {catalog}.geo.municipality_boundaries")


def carry_over(con: duckdb.DuckDBPyConnection, catalog: str, source: Source, in_copy: bool) -> None:
    """A source kept as it was. A new warehouse begun as a copy of the earlier one (`in_copy`) holds it already."""
    if not in_copy:
        copy_source(con, catalog, source)


def clear_source(con: duckdb.DuckDBPyConnection, source: Source) -> None:
    """Take out what the new warehouse holds of a source (in a copy of the earlier warehouse: its earlier data),
    before it is written anew."""
    for table in ("raw.statbank_responses", "raw.files", "facts.indicator_values"):
        con.execute(f"delete from {table} where source_id = ?", [source.id])
    con.execute(f"drop table if exists {raw_table_name(source)}")
    if source.kind == "boundaries":
        con.execute("delete from geo.municipality_boundaries")


def remove_source(con: duckdb.DuckDBPyConnection, source: Source, run_id: int) -> None:
    """Take out everything a source wrote in this run (before its previous data is carried over instead)."""
    clear_source(con, source)
    con.execute("delete from meta.source_snapshots where run_id = ? and source_id = ?", [run_id, source.id])


def drop_unregistered(con: duckdb.DuckDBPyConnection, registry: Registry) -> None:
    """In a copy of the earlier warehouse: take out the data of sources no longer in the registry, as a warehouse
    built afresh would not have it (their history in meta stays)."""
    ids = list(registry.sources)
    for table in ("raw.statbank_responses", "raw.files", "facts.indicator_values"):
        con.execute(f"delete from {table} where source_id not in (select unnest(?))", [ids])
    kept = {source_id.lower() for source_id in ids} | {"statbank_responses", "files"}
    for (name,) in con.execute(
        "select table_name from duckdb_tables() where database_name = current_database() and schema_name = 'raw'"
    ).fetchall():
        if name not in kept:
            con.execute(f'drop table raw."{name}"')
    if not any(source.kind == "boundaries" for source in registry.sources.values()):
        con.execute("delete from geo.municipality_boundaries")


def copy_history(con: duckdb.DuckDBPyConnection, catalog: str) -> None:
    """By column name, so a warehouse of an earlier readable schema version is carried over too."""
    con.execute(f"insert into meta.load_runs by name select * from {catalog}.meta.load_runs")
    con.execute(f"insert into meta.source_snapshots by name select * from {catalog}.meta.source_snapshots")


def write_response(
    con: duckdb.DuckDBPyConnection,
    source_id: str,
    table_id: str,
    endpoint: str,
    url: str,
    request_json: str,
    body_text: str,
    sha256: str,
    fetched_at: str,
    size_bytes: int | None = None,  # of body_text in UTF-8, when the caller has it
) -> None:
    con.execute(
        "insert into raw.statbank_responses values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            source_id,
            table_id,
            endpoint,
            url,
            request_json,
            body_text,
            sha256,
            len(body_text.encode("utf-8")) if size_bytes is None else size_bytes,
            fetched_at,
        ],
    )


def write_raw_rows(con: duckdb.DuckDBPyConnection, source: Source, rows: str) -> None:
    """The rows as published, from the table or view `rows` of `con`."""
    con.execute(f"create or replace table {raw_table_name(source)} as select * from {rows}")


def write_file(
    con: duckdb.DuckDBPyConnection, source_id: str, file_name: str, sha256: str, content: bytes, fetched_at: str
) -> None:
    con.execute(
        "insert into raw.files values (?, ?, ?, ?, ?, ?)",
        [source_id, file_name, sha256, len(content), content, fetched_at],
    )


def write_facts(con: duckdb.DuckDBPyConnection, source_id: str, facts: str) -> None:
    """A source's facts from the table or view `facts` of `con` (aggregates.FACT_COLUMNS)."""
    con.execute(
        f"""insert into facts.indicator_values
            select indicator_id, area_code, period, value, is_computed, ? from {facts}""",
        [source_id],
    )


def write_boundaries(con: duckdb.DuckDBPyConnection, feature_collection: dict) -> None:
    rows = [
        (
            f["properties"]["area_code"],
            f["properties"].get("area_name"),
            json.dumps(f["geometry"], separators=(",", ":")),
        )
        for f in feature_collection["features"]
    ]
    con.executemany("insert into geo.municipality_boundaries values (?, ?, ?)", rows)


def write_dimensions(con: duckdb.DuckDBPyConnection, registry: Registry) -> None:
    """Reference data is rewritten on every run, so catalogue edits take effect without a refetch."""
    areas = load_areas()
    con.execute(
        f"""create or replace table dim.areas as
            select area_code, area_name, area_level, nullif(region_code, '') as region_code
            from (values {", ".join(["(?, ?, ?, ?)"] * len(areas))}) as a(area_code, area_name, area_level, region_code)
            order by area_code""",
        [value for area in areas for value in area],
    )
    rows = []
    for ind in registry.indicators.values():
        source = registry.source_of(ind.indicator_id)
        rows.append(
            {
                **ind.__dict__,
                "source_id": source.id,
                "source_table": source.source_table,
                "source_kind": source.kind,
                "municipal": source.municipal,
                # a StatBank table without an area variable publishes the country only
                "national_only": source.kind == "statbank" and source.area_variable is None,
            }
        )
    columns = list(rows[0])
    con.execute(
        f"""create or replace table dim.indicators as
            select * from (values {", ".join(["(" + ", ".join("?" * len(columns)) + ")"] * len(rows))})
                as i({", ".join(columns)})""",
        [row[column] for row in rows for column in columns],
    )
    write_series_breaks(con, registry)
    for table, file_name in (("municipality_groups", "municipality_groups.csv"), ("tile_layout", "tile_layout.csv")):
        path = (REFERENCE_DIR / file_name).resolve()
        con.execute(
            f"create or replace table dim.{table} as select * from read_csv(?, header = true, all_varchar = true)",
            [str(path)],
        )
    con.execute("""create or replace table dim.tile_layout as
                   select area_code, cast("row" as integer) as "row", cast(col as integer) as col
                   from dim.tile_layout""")


def write_series_breaks(con: duckdb.DuckDBPyConnection, registry: Registry) -> None:
    """The series breaks the source YAML files declare, one row per break and indicator it affects. Reference
    data like the catalogue: rewritten every run, so a new break needs no refetch."""
    con.execute("""create or replace table dim.series_breaks (
        indicator_id varchar not null, source_id varchar not null, period varchar not null,
        label_da varchar not null, label_en varchar not null, note_da varchar not null, note_en varchar not null)""")
    rows = [
        (indicator_id, source.id, b.period, b.label_da, b.label_en, b.note_da, b.note_en)
        for source in registry.sources.values()
        for b in source.breaks
        for indicator_id in b.indicator_ids
    ]
    if rows:
        con.executemany("insert into dim.series_breaks values (?, ?, ?, ?, ?, ?, ?)", rows)


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(VIEWS_SQL.read_text(encoding="utf-8"))


def start_run(
    con: duckdb.DuckDBPyConnection, started_at: str, mode: str, base_url: str | None, options_json: str, version: str
) -> int:
    row = con.execute("select coalesce(max(run_id), 0) + 1 from meta.load_runs").fetchone()
    run_id = int(row[0]) if row else 1
    con.execute(
        "insert into meta.load_runs values (?, ?, null, ?, ?, ?, ?)",
        [run_id, started_at, mode, base_url, options_json, version],
    )
    return run_id


def record_snapshot(con: duckdb.DuckDBPyConnection, run_id: int, snap: Snapshot) -> None:
    record_snapshots(con, run_id, [snap])


def record_snapshots(con: duckdb.DuckDBPyConnection, run_id: int, snaps: list[Snapshot]) -> None:
    """One insert for all of a run's snapshots, in their order (a statement per row costs more than its rows)."""
    if not snaps:
        return
    names = list(snaps[0].__dict__)
    row = "(" + ", ".join("?" * (len(names) + 1)) + ")"
    con.execute(
        f"insert into meta.source_snapshots ({', '.join(['run_id', *names])}) values {', '.join([row] * len(snaps))}",
        [value for snap in snaps for value in (run_id, *snap.__dict__.values())],
    )


def finish_run(con: duckdb.DuckDBPyConnection, run_id: int, finished_at: str, data_version: str) -> None:
    con.execute("update meta.load_runs set finished_at = ? where run_id = ?", [finished_at, run_id])
    is_demo = con.execute("select coalesce(bool_or(is_demo), false) from main.sources").fetchone()
    info = {
        "schema_version": SCHEMA_VERSION,
        "data_version": data_version,
        "built_at": finished_at,
        "is_demo": "true" if is_demo and is_demo[0] else "false",
    }
    con.executemany("insert or replace into meta.info values (?, ?)", list(info.items()))
