"""The StatBank kind: fit each changed source's request to its live tableinfo before any download, then
download the BULK answer, parse it, derive facts and write them. Nothing of a source is written until all of it
has worked, so a SourceError leaves no trace in the new warehouse."""

from __future__ import annotations

import hashlib
import time

import duckdb

from etl import logs
from etl.areas import area_names, municipality_codes, normalise_area_code
from etl.kinds.base import PREVIOUS, LoadContext, SourceError, carried, now
from etl.kinds.statbank.bulk import BulkFormatError, BulkRows, read_bulk
from etl.kinds.statbank.check import fit_source, recorded_tableinfo_in
from etl.kinds.statbank.client import (
    StatBankClient,
    StatBankError,
    TableInfo,
    data_request_body,
    request_key,
    sha256_text,
)
from etl.kinds.statbank.derive import DeriveReport, derive_statbank
from etl.kinds.statbank.resolve import ResolvedRequest, new_codes
from etl.registry import Source
from etl.warehouse import store
from etl.warehouse.aggregates import add_computed_aggregates
from etl.warehouse.store import Snapshot

FACTS = "statbank_facts"  # the temporary table of one source's facts before they are written


class StatBankKind:
    name: str = "statbank"
    option: str | None = None  # the client comes with the run (--base-url, --demo)
    revertible: bool = True  # a failed check blamed on one of its sources sends that source back to its previous data

    def __init__(self, client: StatBankClient) -> None:
        self.client = client
        self._fitted: dict[str, ResolvedRequest | None] = {}  # None: DST has published nothing new
        self._previous_infos: dict[str, TableInfo] | None = None  # read when a changed source needs them

    def given(self) -> bool:
        return False

    def check(self, ctx: LoadContext, sources: list[Source], previous: dict[str, Snapshot]) -> dict[str, SourceError]:
        """Every selected source fitted to its live tableinfo; those that do not fit, or that StatBank does not
        answer for, by id."""
        table_updates = self._table_updates(ctx, sources, previous)
        misfits: dict[str, SourceError] = {}
        for source in sources:
            try:
                self._fitted[source.id] = self._fit(ctx, source, _data_of(previous.get(source.id)), table_updates)
            except SourceError as exc:
                misfits[source.id] = exc
        return misfits

    def load(self, ctx: LoadContext, source: Source, previous: Snapshot | None) -> Snapshot | None:
        resolved = self._fitted.get(source.id)
        if resolved is None:  # the check found it unchanged
            assert previous is not None
            store.carry_over(ctx.con, PREVIOUS, source, ctx.in_copy)
            return carried(previous, "unchanged")
        return self._load(ctx, resolved)

    def absent(self, source: Source) -> str | None:
        return None  # a StatBank source without data has failed, and says why

    def _table_updates(self, ctx: LoadContext, sources: list[Source], previous: dict[str, Snapshot]) -> dict[str, str]:
        """One `tables` request tells which tables changed; without it, each source costs a tableinfo request."""
        if ctx.force or not any(s.id in previous for s in sources):
            return {}
        ctx.reporter.phase("*", "checking DST's update stamps")
        try:
            return self.client.table_updates()
        except StatBankError as exc:
            ctx.reporter.note(f"could not read the tables catalogue ({exc}); asking each table instead")
            return {}

    def _fit(
        self,
        ctx: LoadContext,
        source: Source,
        previous: Snapshot | None,
        table_updates: dict[str, str],
    ) -> ResolvedRequest | None:
        """The source's request fitted to its live tableinfo (None when DST has published nothing new); raises
        SourceError when it does not fit or StatBank does not answer."""
        assert source.table is not None
        definition = ctx.registry.fingerprint(source)
        if _unchanged(ctx, previous, table_updates.get(source.table.upper()), definition):
            logs.event("source_checked", source=source.id, table=source.table, status="unchanged")
            return None
        ctx.reporter.phase(source.id, "tableinfo")
        try:
            resolved = fit_source(self.client, source)
        except StatBankError as exc:
            raise SourceError(source, str(exc), exc.variable) from exc
        if _unchanged(ctx, previous, resolved.info.updated, definition):
            logs.event("source_checked", source=source.id, table=source.table, status="unchanged")
            return None
        logs.event(
            "source_checked",
            source=source.id,
            table=source.table,
            status="changed",
            translations=list(resolved.translations),
        )
        for translation in resolved.translations:
            ctx.reporter.note(f"{source.id}: {translation}; asking with DST's spelling")
        for found in new_codes(resolved, self._recorded_tableinfo(ctx).get(source.id)):
            shown = ", ".join(f"{code} '{label}'" for code, label in found.codes[:4]) + (
                " …" if len(found.codes) > 4 else ""
            )
            note = (
                f"{source.id}: tableinfo lists new {found.variable} codes that {source.path.name} does not select: "
                f"{shown} (see `etl check`)"
            )
            ctx.notes.append(note)
            ctx.reporter.note(note)
        return resolved

    def _recorded_tableinfo(self, ctx: LoadContext) -> dict[str, TableInfo]:
        """The tableinfo each source was last loaded with, from the previous warehouse (parsed once, when needed)."""
        if self._previous_infos is None:
            self._previous_infos = recorded_tableinfo_in(ctx.con, PREVIOUS) if ctx.has_previous else {}
        return self._previous_infos

    def _load(self, ctx: LoadContext, resolved: ResolvedRequest) -> Snapshot:
        """Download, parse and derive one source into temporary tables, then write it."""
        try:
            return self._load_staged(ctx, resolved)
        finally:
            ctx.con.execute(f"drop table if exists {FACTS}")
            ctx.con.execute("drop table if exists bulk_rows")

    def _load_staged(self, ctx: LoadContext, resolved: ResolvedRequest) -> Snapshot:
        source, info = resolved.source, resolved.info
        assert source.table is not None
        client = self.client
        try:
            body = data_request_body(info.table_id, resolved.variables, client.lang)
            ctx.reporter.phase(source.id, "fetching")
            fetched_at = now()
            downloading = time.monotonic()
            resp = client.data_bulk(body)
            seconds = round(time.monotonic() - downloading, 3)
            ctx.reporter.phase(source.id, "parsing")
            body_bytes = resp.text.encode("utf-8")  # once: its size and checksum
            raw_rows = read_bulk(ctx.con, resp.text, [v.id for v in info.variables])
            logs.event(
                "source_downloaded",
                source=source.id,
                table=source.table,
                rows=raw_rows.rows,
                bytes=len(body_bytes),
                seconds=seconds,
            )
            report = DeriveReport()
            published_areas = derive_statbank(resolved, raw_rows, report, FACTS)
            add_computed_aggregates(ctx.con, FACTS, ctx.registry.indicators)
            facts_rows, first, last = _facts_summary(ctx.con)
            logs.event("derived", source=source.id, facts_rows=facts_rows)
        except BulkFormatError as exc:
            raise SourceError(source, f"StatBank's answer for table {source.table}: {exc}") from exc
        except StatBankError as exc:
            raise SourceError(source, str(exc), exc.variable) from exc
        except Exception as exc:  # DeriveError and anything else about this one answer: the other sources go on
            raise SourceError(source, str(exc)) from exc
        _check_areas_kept(ctx.con, resolved, raw_rows, published_areas)
        if report.dropped_area_codes:
            note = (
                f"{source.id}: left out area codes outside the contract: {', '.join(sorted(report.dropped_area_codes))}"
            )
            ctx.notes.append(note)
            ctx.reporter.note(note)
        ctx.reporter.phase(source.id, "loading", raw_rows.rows)
        request_json = request_key(body)
        sha = hashlib.sha256(body_bytes).hexdigest()  # sha256_text(resp.text)
        info_request = request_key(client.tableinfo_body(source.table))
        with store.transaction(ctx.con):
            if ctx.in_copy:  # a warehouse built afresh holds nothing of it yet
                store.clear_source(ctx.con, source)
            store.write_response(
                ctx.con,
                source.id,
                source.table,
                "tableinfo",
                resp.url.replace("/data", "/tableinfo"),
                info_request,
                info.raw_text,
                sha256_text(info.raw_text),
                fetched_at,
            )
            store.write_response(
                ctx.con,
                source.id,
                source.table,
                "data",
                resp.url,
                request_json,
                resp.text,
                sha,
                fetched_at,
                size_bytes=len(body_bytes),
            )
            store.write_raw_rows(ctx.con, source, raw_rows.name)
            store.write_facts(ctx.con, source.id, FACTS)
        return Snapshot(
            source.id,
            source.table,
            source.kind,
            "fetched",
            info.updated,
            fetched_at,
            resp.url,
            request_json,
            sha,
            raw_rows.rows,
            facts_rows,
            first,
            last,
            ctx.demo,
            ctx.registry.fingerprint(source),
        )


def _data_of(previous: Snapshot | None) -> Snapshot | None:
    """The previous snapshot if it holds data (a missing source holds none)."""
    return previous if previous is not None and previous.status != "missing" else None


def _unchanged(ctx: LoadContext, previous: Snapshot | None, updated: str | None, definition: str) -> bool:
    """Nothing to fetch: DST's stamp is the same, the data is of the same kind (demo or real), and the source's
    YAML and catalogue lines are as they were when it was loaded."""
    return (
        not ctx.force
        and previous is not None
        and previous.is_demo == ctx.demo
        and previous.dst_updated == updated
        and previous.definition_sha256 == definition
    )


def _facts_summary(con: duckdb.DuckDBPyConnection) -> tuple[int, str | None, str | None]:
    """Rows, first and last period of the staged facts."""
    found = con.execute(f"select count(*), min(period), max(period) from {FACTS}").fetchone()
    assert found is not None
    return int(found[0]), found[1], found[2]


def _check_areas_kept(
    con: duckdb.DuckDBPyConnection, resolved: ResolvedRequest, raw_rows: BulkRows, published_areas: set[str]
) -> None:
    """Absent rows count as the table's suppressedDataValue (0), so a municipality that tableinfo lists but that
    is missing from the whole answer would be loaded as zeros. Refuse that when the previous answer had it: DST's
    answer is incomplete. (A small municipality that never had a row, all its values 0, stays as it was; one that
    tableinfo no longer lists is caught by the check municipalities_complete.)"""
    source, info = resolved.source, resolved.info
    if not source.municipal or not resolved.area_variable or not raw_rows.rows:
        return
    area_var = info.variable(resolved.area_variable)
    listed = {normalise_area_code(code) for code, _ in area_var.values} if area_var else set()
    now_codes = {normalise_area_code(str(code)) for code in published_areas}
    if not (municipality_codes() & listed) - now_codes:  # every listed municipality has rows: none was lost
        return
    column = resolved.area_variable.upper()
    found = con.execute(
        "select count(*) from duckdb_tables() where database_name = ? and schema_name = 'raw' and table_name = ?",
        [PREVIOUS, source.id.lower()],
    ).fetchone()
    if not found or not found[0]:
        return
    try:
        before = con.execute(f'select distinct "{column}" from {PREVIOUS}.raw."{source.id.lower()}"').fetchall()
    except duckdb.Error:  # the previous raw table has another layout (the YAML changed): nothing to compare
        return
    lost = sorted(({normalise_area_code(str(code)) for (code,) in before} & municipality_codes() & listed) - now_codes)
    if lost:
        names = area_names()
        shown = ", ".join(f"{code} {names[code]}" for code in lost[:5]) + (" …" if len(lost) > 5 else "")
        raise SourceError(
            source,
            f"StatBank's answer for table {source.table} has no rows for municipality "
            f"{shown}, which the previous answer had (absent rows would read as 0); DST's answer "
            "looks incomplete: run `etl run` again later; if it persists, tell DST",
            resolved.area_variable,
        )
