"""`etl check`: does every StatBank source still fit its table? One `tables` request plus one `tableinfo` per
source, no data download. `etl run` makes the same check (`fit_source`) before it downloads anything.

For each source: DST's `updated` stamp, whether the request fits, and for each misfit the variable, the unknown
codes and the closest valid ones. Codes that tableinfo lists now but did not list when the source was last
loaded, and that the request does not select (a new HAND07 service type, say), are reported too: not an error,
but something an analyst may want to add to the YAML."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl.kinds.statbank.client import StatBankClient, StatBankError, TableInfo, parse_tableinfo
from etl.kinds.statbank.resolve import Misfit, NewCodes, RequestMisfit, ResolvedRequest, new_codes, resolve_request
from etl.registry import Source


def fit_source(client: StatBankClient, source: Source) -> ResolvedRequest:
    """tableinfo for the source's table and its request fitted to it; raises RequestMisfit (every problem) or
    StatBankError (StatBank refused or did not answer)."""
    assert source.table is not None
    return resolve_request(source, client.tableinfo(source.table))


@dataclass
class SourceCheck:
    source: Source
    dst_updated: str | None = None
    resolved: ResolvedRequest | None = None
    misfits: list[Misfit] = field(default_factory=list)
    error: str | None = None  # StatBank refused or did not answer tableinfo
    new: list[NewCodes] = field(default_factory=list)
    compared_with_previous: bool = False

    @property
    def fits(self) -> bool:
        return self.resolved is not None


def check_sources(
    client: StatBankClient, sources: list[Source], previous: dict[str, TableInfo] | None = None
) -> list[SourceCheck]:
    """Check each StatBank source; `previous` is the tableinfo per source id recorded at its last load."""
    previous = previous or {}
    try:
        updates = client.table_updates()
    except StatBankError:  # the catalogue is a convenience here: tableinfo carries the stamp too
        updates = {}
    checks = []
    for source in sources:
        if source.kind != "statbank" or source.table is None:
            continue
        check = SourceCheck(source, dst_updated=updates.get(source.table.upper()))
        try:
            check.resolved = fit_source(client, source)
            check.dst_updated = check.resolved.info.updated or check.dst_updated
            check.compared_with_previous = source.id in previous
            check.new = new_codes(check.resolved, previous.get(source.id))
        except RequestMisfit as exc:
            check.misfits = exc.misfits
        except StatBankError as exc:
            check.error = str(exc)
        checks.append(check)
    return checks


def recorded_tableinfo(db_path: Path) -> dict[str, TableInfo]:
    """The tableinfo answer each source was last loaded with, from a warehouse (empty when there is none)."""
    if not db_path.exists():
        return {}
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error:
        return {}
    try:
        return recorded_tableinfo_in(con)
    except duckdb.Error:  # not a warehouse of this project
        return {}
    finally:
        con.close()


def recorded_tableinfo_in(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> dict[str, TableInfo]:
    """The same from an open warehouse, or from one attached to `con` as `catalog` (the previous one in a run)."""
    table = f"{catalog}.raw.statbank_responses" if catalog else "raw.statbank_responses"
    rows = con.execute(f"""
        select source_id, body_text from {table} where endpoint = 'tableinfo'
        qualify row_number() over (partition by source_id order by fetched_at desc) = 1""").fetchall()
    found = {}
    for source_id, text in rows:
        try:
            found[source_id] = parse_tableinfo(text)
        except (ValueError, KeyError, TypeError):  # a damaged record: nothing to compare with
            continue
    return found
