"""One `etl run`: fetch what changed, build a complete new warehouse in a temporary file next to the old one,
validate it, and only then swap it in with an atomic rename. A failed, interrupted or killed run leaves the
previous warehouse untouched and readable throughout."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import logging
import os
import shutil
import signal
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Protocol

import duckdb
import pandas as pd

from etl import logs, warehouse
from etl.areas import load_areas, municipality_codes, normalise_area_code
from etl.bed_days import read_bed_days
from etl.boundaries import read_boundaries
from etl.bulk import BulkFormatError, parse_bulk
from etl.check import fit_source, recorded_tableinfo_in
from etl.demo import DEMO_BED_DAYS_FILE
from etl.derive import DeriveReport, add_computed_aggregates, add_weighted_aggregates, derive_statbank
from etl.registry import Registry, Source
from etl.resolve import ResolvedRequest, new_codes
from etl.statbank import (
    StatBankClient,
    StatBankError,
    TableInfo,
    data_request_body,
    request_key,
    sha256_text,
)
from etl.validate import ValidationError, run_checks

PREVIOUS = "prev"


class RunError(RuntimeError):
    """A run that cannot proceed; the message says what to do."""


class Terminated(KeyboardInterrupt):
    """SIGTERM during a run: unwinds like Ctrl-C; `signum` gives the exit status 128 + signum."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class Reporter(Protocol):
    def phase(self, source_id: str, phase: str, rows: int | None = None) -> None: ...
    def done(self, snapshot: warehouse.Snapshot) -> None: ...
    def note(self, message: str) -> None: ...


class SilentReporter:
    def phase(self, source_id: str, phase: str, rows: int | None = None) -> None:
        pass

    def done(self, snapshot: warehouse.Snapshot) -> None:
        pass

    def note(self, message: str) -> None:
        pass


@dataclass
class RunOptions:
    db_path: Path
    client: StatBankClient
    demo: bool = False
    base_url: str | None = None
    only: list[str] | None = None
    force: bool = False
    bed_days_file: Path | None = None
    boundaries: str | None = None
    strict: bool = False  # any source that fails fails the run (nothing swapped in), as before 0.2


@dataclass(frozen=True)
class SourceFailure:
    """A StatBank source this run could not refresh: its previous data is served (stale) or it has none."""

    source_id: str
    table: str
    file_name: str
    message: str  # what went wrong and what to do, one line
    variable: str | None
    kept_from: str | None  # when the data still served was fetched; None: the source has no data (missing)

    @property
    def line(self) -> str:
        served = (
            f"its previous data (fetched {self.kept_from}) is still served"
            if self.kept_from
            else "it has no data yet: its figures are missing from the dashboard"
        )
        return f"{self.source_id} ({self.file_name}) was not refreshed: {self.message}; {served}"


@dataclass
class RunResult:
    run_id: int
    snapshots: list[warehouse.Snapshot] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failures: list[SourceFailure] = field(default_factory=list)
    swapped: bool = True
    data_version: str = ""


class SourceError(RuntimeError):
    """One StatBank source could not be refreshed; the message names it (source, file, table, variable)."""

    def __init__(self, source: Source, message: str, variable: str | None = None) -> None:
        super().__init__(f"{source.id} ({source.path.name}): {message}")
        self.source = source
        self.reason = message
        self.variable = variable


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _version() -> str:
    try:
        return version("socialtal")
    except PackageNotFoundError:
        return "dev"


@contextlib.contextmanager
def _exclusive_lock(db_path: Path) -> Iterator[None]:
    lock_path = db_path.with_name(f".{db_path.name}.lock")
    with lock_path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunError(f"another `etl run` is writing {db_path}; wait for it to finish") from None
        yield


@contextlib.contextmanager
def _signals_unwind() -> Iterator[None]:
    """`kill` (SIGTERM) unwinds like Ctrl-C, so the temporary file is removed and the old warehouse stays.
    A signal that lands inside DuckDB comes out as DuckDB's own error ("Query interrupted"), possibly wrapped
    as a RunError on the way up: whatever escapes after a signal leaves as Terminated or KeyboardInterrupt, so
    the exit status and message say "terminated"/"interrupted" rather than "failed"."""
    received: list[int] = []

    def as_interruption(signum: int) -> KeyboardInterrupt:
        return Terminated(signum) if signum == signal.SIGTERM else KeyboardInterrupt()

    def handler(signum: int, frame: object) -> None:
        received.append(signum)
        raise as_interruption(signum)

    try:
        previous = {signum: signal.signal(signum, handler) for signum in (signal.SIGTERM, signal.SIGINT)}
    except ValueError:  # not the main thread (e.g. called from a test thread): nothing to install
        yield
        return
    try:
        yield
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        if received:
            raise as_interruption(received[0]) from exc
        raise
    finally:
        for signum, old_handler in previous.items():
            signal.signal(signum, old_handler)


def _remove_stale_temps(db_path: Path) -> None:
    """Temporary files of runs killed with SIGKILL: never visible to readers, but they take disk space."""
    for path in db_path.parent.glob(f".{db_path.name}.tmp-*"):
        pid = path.name.rsplit("-", 1)[-1].split(".")[0]
        if pid.isdigit() and not _pid_alive(int(pid)):
            path.unlink(missing_ok=True)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def run(options: RunOptions, registry: Registry, reporter: Reporter | None = None) -> RunResult:
    """One run, logged as structured events (etl/logs.py) from run_started to run_finished or run_failed."""
    started = time.monotonic()
    with logs.run_context(uuid.uuid4().hex[:12]):
        logs.event(
            "run_started",
            sources=options.only or sorted(registry.sources),
            mode="demo" if options.demo else "statbank",
            force=options.force,
        )
        try:
            result = _run(options, registry, reporter or SilentReporter(), started)
        except BaseException as exc:  # Ctrl-C and SIGTERM too: the log says the run did not finish
            logs.run_failed(exc)
            raise
        logs.event("run_finished", warehouse_run_id=result.run_id, seconds=_since(started))
    return result


def _since(started: float) -> float:
    return round(time.monotonic() - started, 3)


def _run(options: RunOptions, registry: Registry, reporter: Reporter, started: float) -> RunResult:
    db_path = options.db_path
    selected = registry.select(options.only)
    for kind, given, flag in (
        ("bed_days_file", options.bed_days_file, "--bed-days-file"),
        ("boundaries", options.boundaries, "--boundaries"),
    ):
        if given is not None and not any(s.kind == kind for s in registry.sources.values()):
            raise RunError(f"{flag} was given, but no source of kind {kind} is in the registry (etl/sources/)")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(db_path), _signals_unwind():
        _remove_stale_temps(db_path)
        temp_path = db_path.with_name(f".{db_path.name}.tmp-{os.getpid()}")
        temp_path.unlink(missing_ok=True)
        try:
            result = _build(options, registry, selected, temp_path, reporter)
            os.replace(temp_path, db_path)  # atomic on POSIX: readers see the old or the new file, whole
            logs.event("swapped", data_version=result.data_version, seconds=_since(started))
        except (OSError, duckdb.Error) as exc:
            raise _write_error(exc, db_path) from exc
        finally:
            temp_path.unlink(missing_ok=True)
            Path(f"{temp_path}.wal").unlink(missing_ok=True)
            shutil.rmtree(f"{temp_path}.tmp", ignore_errors=True)  # DuckDB's spill directory, if it made one
    return result


# errno values and the texts DuckDB's IO errors carry for them: a full disk, a file-size limit, a quota.
_NO_SPACE_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
_NO_SPACE_TEXTS = tuple(os.strerror(e) for e in sorted(_NO_SPACE_ERRNOS))


def _write_error(exc: OSError | duckdb.Error, db_path: Path) -> RunError:
    """One line for the terminal instead of a DuckDB or OS traceback, saying what to do."""
    text = " ".join(str(exc).split())
    if (isinstance(exc, OSError) and exc.errno in _NO_SPACE_ERRNOS) or any(t in text for t in _NO_SPACE_TEXTS):
        reason = (
            os.strerror(exc.errno)
            if isinstance(exc, OSError) and exc.errno
            else next(t for t in _NO_SPACE_TEXTS if t in text)
        )
        return RunError(
            f"no space left writing the new warehouse next to {db_path} ({reason}): free space and "
            "run again; the previous warehouse is unchanged"
        )
    return RunError(
        f"building the new warehouse next to {db_path} failed ({type(exc).__name__}: {text[:300]}); "
        "the previous warehouse is unchanged: check the disk and permissions there, then run again"
    )


def _build(
    options: RunOptions, registry: Registry, selected: list[Source], temp_path: Path, reporter: Reporter
) -> RunResult:
    con = duckdb.connect(str(temp_path))
    try:
        warehouse.create_schema(con)
        previous = _attach_previous(con, options.db_path, reporter)
        if previous:
            warehouse.copy_history(con, PREVIOUS)
        prev_snaps = warehouse.previous_snapshots(con, PREVIOUS) if previous else {}
        prev_infos = recorded_tableinfo_in(con, PREVIOUS) if previous else {}
        options_json = json.dumps(
            {
                "only": options.only,
                "force": options.force,
                "demo": options.demo,
                "strict": options.strict,
                "bed_days_file": str(options.bed_days_file or "") or None,
                "boundaries": options.boundaries,
            },
            ensure_ascii=False,
        )
        run_id = warehouse.start_run(
            con, _now(), "demo" if options.demo else "statbank", options.base_url, options_json, _version()
        )
        result = RunResult(run_id=run_id)
        selected_ids = {s.id for s in selected}
        table_updates = _table_updates(options, selected, prev_snaps, reporter)
        # The check before any download: every changed StatBank source is fitted to its live tableinfo.
        fitted: dict[str, ResolvedRequest | None] = {}  # None: unchanged, nothing to fetch
        misfits: dict[str, SourceError] = {}
        for source in selected:
            if source.kind == "statbank":
                try:
                    fitted[source.id] = _fit(
                        options,
                        registry,
                        source,
                        _data_of(prev_snaps.get(source.id)),
                        prev_infos,
                        table_updates,
                        reporter,
                        result,
                    )
                except SourceError as exc:
                    if options.strict:
                        raise RunError(str(exc)) from exc
                    misfits[source.id] = exc
        snaps: dict[str, warehouse.Snapshot] = {}
        for source in registry.sources.values():
            prev = prev_snaps.get(source.id)
            snap = None
            if source.id in misfits:
                snap = _keep_after_failure(con, options, source, prev, misfits[source.id], result)
            elif source.id in selected_ids or _file_option_given(source, options):
                try:
                    snap = _load_source(
                        con, options, registry, source, _data_of(prev), reporter, result, fitted.get(source.id)
                    )
                except SourceError as exc:
                    if options.strict:
                        raise RunError(str(exc)) from exc
                    snap = _keep_after_failure(con, options, source, prev, exc, result)
            if snap is None and prev is not None:  # not selected, or nothing to load: carry the old one over
                if prev.status != "missing":
                    warehouse.copy_source(con, PREVIOUS, source)
                snap = _carried(prev, "kept")
            if snap is None and source.kind == "bed_days_file":
                snap = _missing(
                    source,
                    options,
                    "no file given: download the export from eSundhed.dk and run "
                    "`etl run --bed-days-file PATH` (see README)",
                )
            if snap is not None:
                snaps[source.id] = snap
                warehouse.record_snapshot(con, run_id, snap)  # before validation: checks read the sources' status
                reporter.done(snap)
        warehouse.write_dimensions(con, registry)
        warehouse.create_views(con)
        add_weighted_aggregates(con, registry)
        _validate(con, options, registry, snaps, prev_snaps, result, reporter)
        if result.failures and not any(snap.action == "fetched" for snap in snaps.values()):
            raise RunError(_nothing_refreshed(result.failures))
        result.snapshots.extend(snaps.values())
        result.data_version = uuid.uuid4().hex
        warehouse.finish_run(con, run_id, _now(), result.data_version)
        if previous:
            con.execute(f"detach {PREVIOUS}")
        con.execute("checkpoint")
    finally:
        con.close()
    return result


def _nothing_refreshed(failures: list[SourceFailure]) -> str:
    """No source was refreshed and some failed: there is nothing new to swap in, so the run fails (exit 1) and
    the previous warehouse stays as it is, without stale marks."""
    lines = [f"{f.source_id} ({f.file_name}): {f.message}" for f in failures]
    text = lines[0] if len(lines) == 1 else "no source could be refreshed: " + " | ".join(lines)
    return text + "; nothing else was refreshed, so the previous warehouse stays in service unchanged"


def _data_of(prev: warehouse.Snapshot | None) -> warehouse.Snapshot | None:
    """The previous snapshot if it holds data (a missing source holds none)."""
    return prev if prev is not None and prev.status != "missing" else None


def _missing(source: Source, options: RunOptions, error: str) -> warehouse.Snapshot:
    return warehouse.Snapshot(
        source.id,
        source.source_table,
        source.kind,
        "failed",
        None,
        None,
        None,
        None,
        None,
        0,
        0,
        None,
        None,
        options.demo,
        None,
        status="missing",
        error=error,
    )


def _keep_after_failure(
    con: duckdb.DuckDBPyConnection,
    options: RunOptions,
    source: Source,
    prev: warehouse.Snapshot | None,
    exc: SourceError,
    result: RunResult,
) -> warehouse.Snapshot:
    """A source that could not be refreshed keeps its previous data, marked stale; without any, it is missing."""
    data = _data_of(prev)
    logs.event(
        "source_failed",
        logging.WARNING,
        source=source.id,
        table=source.source_table,
        variable=exc.variable,
        kept=data is not None,
        error_message=logs.redact(exc.reason),
    )
    result.failures.append(
        SourceFailure(
            source.id,
            source.source_table,
            source.path.name,
            exc.reason,
            exc.variable,
            data.fetched_at if data else None,
        )
    )
    if data is None:
        return _missing(source, options, exc.reason)
    warehouse.copy_source(con, PREVIOUS, source)
    return warehouse.Snapshot(**{**data.__dict__, "action": "failed", "status": "stale", "error": exc.reason})


def _validate(
    con: duckdb.DuckDBPyConnection,
    options: RunOptions,
    registry: Registry,
    snaps: dict[str, warehouse.Snapshot],
    prev_snaps: dict[str, warehouse.Snapshot],
    result: RunResult,
    reporter: Reporter,
) -> None:
    """The checks in queries/checks/ on the whole new warehouse. A failure caused only by sources fetched in
    this run sends those sources back to their previous data (stale) and the checks run again; anything else,
    or any failure with --strict, keeps the previous warehouse in service."""
    reporter.phase("*", "validating")
    validating = time.monotonic()
    try:
        checks = run_checks(con)
    except ValidationError as exc:
        fetched = {
            sid for sid, snap in snaps.items() if snap.action == "fetched" and registry.sources[sid].kind == "statbank"
        }
        blamed = _blamed_sources(exc, registry)
        if options.strict or not blamed or not blamed <= fetched:
            raise
        for source_id in sorted(blamed):
            source = registry.sources[source_id]
            warehouse.remove_source(con, source, result.run_id)
            message = exc.message_for(source_id, registry)
            snaps[source_id] = _keep_after_failure(
                con, options, source, prev_snaps.get(source_id), SourceError(source, message), result
            )
            warehouse.record_snapshot(con, result.run_id, snaps[source_id])
            reporter.done(snaps[source_id])
        add_weighted_aggregates(con, registry)
        checks = run_checks(con)
    logs.event("validated", checks=checks, seconds=_since(validating))


def _blamed_sources(exc: ValidationError, registry: Registry) -> set[str]:
    """The sources the failed checks' rows point at, through the column each check names in its `-- blames:`
    header (source_id or indicator_id); empty when any failed check blames no source."""
    blamed: set[str] = set()
    for failure in exc.failures:
        if failure.blames not in failure.columns:
            return set()  # a problem no single source explains (e.g. a denominator not loaded at all)
        for row in failure.rows:
            value = str(dict(zip(failure.columns, row, strict=True))[failure.blames])
            if failure.blames == "source_id" and value in registry.sources:
                blamed.add(value)
            elif failure.blames == "indicator_id" and value in registry.indicators:
                blamed.add(registry.source_of(value).id)
            else:
                return set()
    return blamed


def _table_updates(
    options: RunOptions, selected: list[Source], prev_snaps: dict[str, warehouse.Snapshot], reporter: Reporter
) -> dict[str, str]:
    """One `tables` request tells which tables changed; without it, each source costs a tableinfo request."""
    if options.force or not any(s.kind == "statbank" and s.id in prev_snaps for s in selected):
        return {}
    reporter.phase("*", "checking DST's update stamps")
    try:
        return options.client.table_updates()
    except StatBankError as exc:
        reporter.note(f"could not read the tables catalogue ({exc}); asking each table instead")
        return {}


def _attach_previous(con: duckdb.DuckDBPyConnection, db_path: Path, reporter: Reporter) -> bool:
    if not db_path.exists():
        return False
    try:
        con.execute(f"attach '{_sql_path(db_path)}' as {PREVIOUS} (read_only)")
    except duckdb.Error as exc:
        raise RunError(f"cannot read the existing warehouse {db_path} ({exc}); move it aside and run again") from exc
    found = warehouse.schema_version(con, PREVIOUS)
    if found not in warehouse.READABLE_SCHEMA_VERSIONS:
        reporter.note(
            f"existing warehouse has schema version {found}, this etl writes {warehouse.SCHEMA_VERSION}: "
            "building it anew from every source"
        )
        con.execute(f"detach {PREVIOUS}")
        return False
    return True


def _sql_path(path: Path) -> str:
    return str(path.resolve()).replace("'", "''")


def _file_option_given(source: Source, options: RunOptions) -> bool:
    return (source.kind == "bed_days_file" and options.bed_days_file is not None) or (
        source.kind == "boundaries" and options.boundaries is not None
    )


def _carried(prev: warehouse.Snapshot, action: str) -> warehouse.Snapshot:
    return warehouse.Snapshot(**{**prev.__dict__, "action": action})


def _load_source(
    con: duckdb.DuckDBPyConnection,
    options: RunOptions,
    registry: Registry,
    source: Source,
    prev: warehouse.Snapshot | None,
    reporter: Reporter,
    result: RunResult,
    resolved: ResolvedRequest | None,
) -> warehouse.Snapshot | None:
    if source.kind == "statbank":
        if resolved is None:  # the check found it unchanged
            assert prev is not None
            warehouse.copy_source(con, PREVIOUS, source)
            return _carried(prev, "unchanged")
        return _load_statbank(con, options, registry, resolved, prev, reporter, result)
    if source.kind == "bed_days_file":
        return _load_bed_days(con, options, registry, source, prev, reporter)
    return _load_boundaries(con, options, source, reporter)


def _unchanged(prev: warehouse.Snapshot | None, options: RunOptions, updated: str | None, definition: str) -> bool:
    """Nothing to fetch: DST's stamp is the same, the data is of the same kind (demo or real), and the source's
    YAML and catalogue lines are as they were when it was loaded."""
    return (
        not options.force
        and prev is not None
        and prev.is_demo == options.demo
        and prev.dst_updated == updated
        and prev.definition_sha256 == definition
    )


def _periods(facts_periods: list[str]) -> tuple[str | None, str | None]:
    return (min(facts_periods), max(facts_periods)) if facts_periods else (None, None)


def _fit(
    options: RunOptions,
    registry: Registry,
    source: Source,
    prev: warehouse.Snapshot | None,
    prev_infos: dict[str, TableInfo],
    table_updates: dict[str, str],
    reporter: Reporter,
    result: RunResult,
) -> ResolvedRequest | None:
    """The source's request fitted to its live tableinfo (None when DST has published nothing new); raises
    SourceError when it does not fit or StatBank does not answer."""
    assert source.table is not None
    definition = registry.fingerprint(source)
    if _unchanged(prev, options, table_updates.get(source.table.upper()), definition):
        logs.event("source_checked", source=source.id, table=source.table, status="unchanged")
        return None
    reporter.phase(source.id, "tableinfo")
    try:
        resolved = fit_source(options.client, source)
    except StatBankError as exc:
        raise SourceError(source, str(exc), exc.variable) from exc
    if _unchanged(prev, options, resolved.info.updated, definition):
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
        reporter.note(f"{source.id}: {translation}; asking with DST's spelling")
    for found in new_codes(resolved, prev_infos.get(source.id)):
        shown = ", ".join(f"{code} '{label}'" for code, label in found.codes[:4]) + (
            " …" if len(found.codes) > 4 else ""
        )
        note = (
            f"{source.id}: tableinfo lists new {found.variable} codes that {source.path.name} does not select: "
            f"{shown} (see `etl check`)"
        )
        result.notes.append(note)
        reporter.note(note)
    return resolved


def _load_statbank(
    con: duckdb.DuckDBPyConnection,
    options: RunOptions,
    registry: Registry,
    resolved: ResolvedRequest,
    prev: warehouse.Snapshot | None,
    reporter: Reporter,
    result: RunResult,
) -> warehouse.Snapshot:
    """Download, parse and derive one source; nothing is written until all of it has worked, so a SourceError
    leaves no trace in the new warehouse."""
    source, info = resolved.source, resolved.info
    assert source.table is not None
    client = options.client
    try:
        body = data_request_body(info.table_id, resolved.variables, client.lang)
        reporter.phase(source.id, "fetching")
        fetched_at = _now()
        downloading = time.monotonic()
        resp = client.data_bulk(body)
        seconds = _since(downloading)
        reporter.phase(source.id, "parsing")
        raw_rows = parse_bulk(resp.text, [v.id for v in info.variables])
        logs.event(
            "source_downloaded",
            source=source.id,
            table=source.table,
            rows=len(raw_rows),
            bytes=len(resp.text.encode("utf-8")),
            seconds=seconds,
        )
        report = DeriveReport()
        facts = add_computed_aggregates(derive_statbank(resolved, raw_rows, report), registry.indicators)
        logs.event("derived", source=source.id, facts_rows=len(facts))
    except BulkFormatError as exc:
        raise SourceError(source, f"StatBank's answer for table {source.table}: {exc}") from exc
    except StatBankError as exc:
        raise SourceError(source, str(exc), exc.variable) from exc
    except Exception as exc:  # DeriveError and anything else about this one answer: the other sources go on
        raise SourceError(source, str(exc)) from exc
    _check_areas_kept(con, resolved, raw_rows)
    if report.dropped_area_codes:
        note = f"{source.id}: left out area codes outside the contract: {', '.join(sorted(report.dropped_area_codes))}"
        result.notes.append(note)
        reporter.note(note)
    reporter.phase(source.id, "loading", len(raw_rows))
    request_json = request_key(body)
    sha = sha256_text(resp.text)
    info_request = request_key(client.tableinfo_body(source.table))
    warehouse.write_response(
        con,
        source.id,
        source.table,
        "tableinfo",
        resp.url.replace("/data", "/tableinfo"),
        info_request,
        info.raw_text,
        sha256_text(info.raw_text),
        fetched_at,
    )
    warehouse.write_response(con, source.id, source.table, "data", resp.url, request_json, resp.text, sha, fetched_at)
    warehouse.write_raw_rows(con, source, raw_rows)
    warehouse.write_facts(con, source.id, facts)
    first, last = _periods(facts["period"].unique().tolist())
    return warehouse.Snapshot(
        source.id,
        source.table,
        source.kind,
        "fetched",
        info.updated,
        fetched_at,
        resp.url,
        request_json,
        sha,
        len(raw_rows),
        len(facts),
        first,
        last,
        options.demo,
        registry.fingerprint(source),
    )


def _check_areas_kept(con: duckdb.DuckDBPyConnection, resolved: ResolvedRequest, raw_rows: pd.DataFrame) -> None:
    """Absent rows count as the table's suppressedDataValue (0), so a municipality that tableinfo lists but that
    is missing from the whole answer would be loaded as zeros. Refuse that when the previous answer had it: DST's
    answer is incomplete. (A small municipality that never had a row, all its values 0, stays as it was; one that
    tableinfo no longer lists is caught by the check municipalities_complete.)"""
    source, info = resolved.source, resolved.info
    if not source.municipal or not resolved.area_variable or raw_rows.empty:
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
    area_var = info.variable(column)
    listed = {normalise_area_code(code) for code, _ in area_var.values} if area_var else set()
    now = {normalise_area_code(str(code)) for code in raw_rows[column].unique()}
    lost = sorted(({normalise_area_code(str(code)) for (code,) in before} & municipality_codes() & listed) - now)
    if lost:
        names = dict(zip(load_areas()["area_code"], load_areas()["area_name"], strict=True))
        shown = ", ".join(f"{code} {names[code]}" for code in lost[:5]) + (" …" if len(lost) > 5 else "")
        raise SourceError(
            source,
            f"StatBank's answer for table {source.table} has no rows for municipality "
            f"{shown}, which the previous answer had (absent rows would read as 0); DST's answer "
            "looks incomplete: run `etl run` again later; if it persists, tell DST",
            resolved.area_variable,
        )


def _load_bed_days(
    con: duckdb.DuckDBPyConnection,
    options: RunOptions,
    registry: Registry,
    source: Source,
    prev: warehouse.Snapshot | None,
    reporter: Reporter,
) -> warehouse.Snapshot | None:
    path = DEMO_BED_DAYS_FILE if options.demo and options.bed_days_file is None else options.bed_days_file
    if path is None:
        reporter.note(
            f"{source.id}: no file given (--bed-days-file); psychiatric bed-days "
            + ("kept from the previous run" if prev else "not loaded")
        )
        return None
    reporter.phase(source.id, "reading")
    reading = time.monotonic()
    try:
        bed_days = read_bed_days(Path(path))
    except Exception as exc:
        raise RunError(f"{source.id}: {exc}") from exc
    definition = registry.fingerprint(source)
    if (
        not options.force
        and prev is not None
        and prev.sha256 == bed_days.sha256
        and prev.is_demo == options.demo
        and prev.definition_sha256 == definition
    ):
        logs.event("source_checked", source=source.id, table=source.id, status="unchanged")
        warehouse.copy_source(con, PREVIOUS, source)
        return _carried(prev, "unchanged")
    logs.event("source_checked", source=source.id, table=source.id, status="changed")
    logs.event(
        "source_downloaded",
        source=source.id,
        table=source.id,
        rows=len(bed_days.rows),
        bytes=bed_days.size_bytes,
        seconds=_since(reading),
    )
    fetched_at = _now()
    (indicator_id,) = source.indicator_ids  # a bed-days source yields exactly one indicator
    rows = bed_days.rows.assign(indicator_id=indicator_id, is_computed=False)
    facts = add_computed_aggregates(
        rows[["indicator_id", "area_code", "period", "value", "is_computed"]], registry.indicators
    )
    logs.event("derived", source=source.id, facts_rows=len(facts))
    reporter.phase(source.id, "loading", len(rows))
    warehouse.write_file(con, source.id, bed_days.file_name, bed_days.sha256, bed_days.content, fetched_at)
    warehouse.write_raw_rows(con, source, bed_days.rows)
    warehouse.write_facts(con, source.id, facts)
    for note in bed_days.notes:
        reporter.note(f"{source.id}: {note}")
    first, last = _periods(facts["period"].unique().tolist())
    return warehouse.Snapshot(
        source.id,
        source.id,
        source.kind,
        "fetched",
        None,
        fetched_at,
        str(path),
        None,
        bed_days.sha256,
        len(rows),
        len(facts),
        first,
        last,
        options.demo,
        definition,
    )


def _load_boundaries(
    con: duckdb.DuckDBPyConnection, options: RunOptions, source: Source, reporter: Reporter
) -> warehouse.Snapshot | None:
    if options.boundaries is None:
        return None
    reporter.phase(source.id, "reading")
    reading = time.monotonic()
    try:
        shapes = read_boundaries(options.boundaries)
    except Exception as exc:
        raise RunError(f"{source.id}: {exc}") from exc
    fetched_at = _now()
    warehouse.write_boundaries(con, shapes.feature_collection)
    n = len(shapes.feature_collection["features"])
    logs.event("source_checked", source=source.id, table=source.id, status="changed")
    logs.event(
        "source_downloaded",
        source=source.id,
        table=source.id,
        rows=n,
        bytes=len(json.dumps(shapes.feature_collection)),
        seconds=_since(reading),
    )
    reporter.phase(source.id, "loading", n)
    return warehouse.Snapshot(
        source.id,
        source.id,
        source.kind,
        "fetched",
        None,
        fetched_at,
        shapes.source,
        None,
        shapes.sha256,
        n,
        n,
        None,
        None,
        False,
    )
