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
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import duckdb

from etl import logs
from etl.kinds.base import (
    PREVIOUS,
    LoadContext,
    Reporter,
    RunError,
    SilentReporter,
    SourceError,
    SourceKind,
    carried,
    now,
)
from etl.kinds.bed_days.loader import BedDaysKind
from etl.kinds.boundaries.loader import BoundariesKind
from etl.kinds.statbank.client import StatBankClient
from etl.kinds.statbank.loader import StatBankKind
from etl.registry import Registry, Source
from etl.warehouse import store
from etl.warehouse.aggregates import add_weighted_aggregates
from etl.warehouse.validate import ValidationError, run_checks

__all__ = ["RunError", "RunOptions", "RunResult", "SourceError", "SourceFailure", "Terminated", "run"]


class Terminated(KeyboardInterrupt):
    """SIGTERM during a run: unwinds like Ctrl-C; `signum` gives the exit status 128 + signum."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


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
    snapshots: list[store.Snapshot] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failures: list[SourceFailure] = field(default_factory=list)
    swapped: bool = True
    data_version: str = ""


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
    kinds = source_kinds(options)
    for kind in kinds.values():
        if kind.given() and not any(s.kind == kind.name for s in registry.sources.values()):
            raise RunError(
                f"{kind.option} was given, but no source of kind {kind.name} is in the registry (etl/sources/)"
            )
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(db_path), _signals_unwind():
        _remove_stale_temps(db_path)
        temp_path = db_path.with_name(f".{db_path.name}.tmp-{os.getpid()}")
        temp_path.unlink(missing_ok=True)
        try:
            result = _build(options, registry, kinds, selected, temp_path, reporter)
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


def source_kinds(options: RunOptions) -> dict[str, SourceKind]:
    """The source kinds of a run, by the `kind:` their YAML files name, each handed its input from the options."""
    kinds: list[SourceKind] = [
        StatBankKind(options.client),
        BedDaysKind(options.bed_days_file),
        BoundariesKind(options.boundaries),
    ]
    return {kind.name: kind for kind in kinds}


def _build(
    options: RunOptions,
    registry: Registry,
    kinds: dict[str, SourceKind],
    selected: list[Source],
    temp_path: Path,
    reporter: Reporter,
) -> RunResult:
    # Every source reloaded (--force without --only): build afresh; otherwise begin from a copy of the previous
    # warehouse, so the sources that are kept cost nothing (a no-change run copies one file).
    con, in_copy = _open_new(options.db_path, temp_path, copy=not (options.force and not options.only))
    try:
        if not in_copy:  # a copy is of this schema version: it has every schema and table already
            store.create_schema(con)
        previous = _attach_previous(con, options.db_path, reporter)
        if previous and not in_copy:
            store.copy_history(con, PREVIOUS)
        if in_copy:
            with store.transaction(con):
                store.drop_unregistered(con, registry)
        prev_snaps = store.previous_snapshots(con, PREVIOUS) if previous else {}
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
        run_id = store.start_run(
            con, now(), "demo" if options.demo else "statbank", options.base_url, options_json, _version()
        )
        result = RunResult(run_id=run_id)
        ctx = LoadContext(con, registry, reporter, options.demo, options.force, previous, result.notes, in_copy)
        selected_ids = {s.id for s in selected}
        # The check before any download, per kind (StatBank: every changed source fitted to its live tableinfo).
        misfits: dict[str, SourceError] = {}
        for kind in kinds.values():
            of_kind = [s for s in selected if s.kind == kind.name]
            if of_kind:
                misfits.update(kind.check(ctx, of_kind, prev_snaps))
        if options.strict and misfits:
            raise RunError(str(next(iter(misfits.values()))))
        snaps: dict[str, store.Snapshot] = {}
        for source in registry.sources.values():
            kind = kinds[source.kind]
            prev = prev_snaps.get(source.id)
            snap = None
            if source.id in misfits:
                snap = _keep_after_failure(con, options, source, prev, misfits[source.id], result)
            elif source.id in selected_ids or kind.given():
                try:
                    snap = kind.load(ctx, source, _data_of(prev))
                except SourceError as exc:
                    if options.strict:
                        raise RunError(str(exc)) from exc
                    snap = _keep_after_failure(con, options, source, prev, exc, result)
            if snap is None and prev is not None:  # not selected, or nothing to load: carry the old one over
                if prev.status != "missing":
                    store.carry_over(con, PREVIOUS, source, in_copy)
                snap = carried(prev, "kept")
            if snap is None and (why := kind.absent(source)) is not None:
                snap = _missing(source, options, why)
            if snap is not None:
                snaps[source.id] = snap
                reporter.done(snap)
        with store.transaction(con):  # one commit for the rest: each statement's own would flush the log
            store.record_snapshots(con, run_id, list(snaps.values()))  # before validation: checks read the status
            store.write_dimensions(con, registry)
            store.create_views(con)
            add_weighted_aggregates(con, registry)
            _validate(con, options, registry, kinds, snaps, prev_snaps, result, reporter)
            if result.failures and not any(snap.action == "fetched" for snap in snaps.values()):
                raise RunError(_nothing_refreshed(result.failures))
            result.snapshots.extend(snaps.values())
            result.data_version = uuid.uuid4().hex
            store.finish_run(con, run_id, now(), result.data_version)
        if previous:
            con.execute(f"detach {PREVIOUS}")
        con.execute("checkpoint")
    finally:
        con.close()
    return result


def _open_new(db_path: Path, temp_path: Path, copy: bool) -> tuple[duckdb.DuckDBPyConnection, bool]:
    """The new warehouse at `temp_path`, open, and whether it began as a copy of the previous one. It is a copy
    when `copy` and the previous one is of this schema version (a copy of an older one would keep its old
    tables); otherwise, or when the previous one cannot be read (the attach says why), an empty file."""
    if copy and db_path.exists():
        shutil.copyfile(db_path, temp_path)
        try:
            con = duckdb.connect(str(temp_path))
        except duckdb.Error:
            pass
        else:
            if store.schema_version(con) == store.SCHEMA_VERSION:
                return con, True
            con.close()
        temp_path.unlink(missing_ok=True)
        Path(f"{temp_path}.wal").unlink(missing_ok=True)
    return duckdb.connect(str(temp_path)), False


def _nothing_refreshed(failures: list[SourceFailure]) -> str:
    """No source was refreshed and some failed: there is nothing new to swap in, so the run fails (exit 1) and
    the previous warehouse stays as it is, without stale marks."""
    lines = [f"{f.source_id} ({f.file_name}): {f.message}" for f in failures]
    text = lines[0] if len(lines) == 1 else "no source could be refreshed: " + " | ".join(lines)
    return text + "; nothing else was refreshed, so the previous warehouse stays in service unchanged"


def _data_of(prev: store.Snapshot | None) -> store.Snapshot | None:
    """The previous snapshot if it holds data (a missing source holds none)."""
    return prev if prev is not None and prev.status != "missing" else None


def _missing(source: Source, options: RunOptions, error: str) -> store.Snapshot:
    return store.Snapshot(
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
    prev: store.Snapshot | None,
    exc: SourceError,
    result: RunResult,
) -> store.Snapshot:
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
    store.copy_source(con, PREVIOUS, source)
    return store.Snapshot(**{**data.__dict__, "action": "failed", "status": "stale", "error": exc.reason})


def _validate(
    con: duckdb.DuckDBPyConnection,
    options: RunOptions,
    registry: Registry,
    kinds: dict[str, SourceKind],
    snaps: dict[str, store.Snapshot],
    prev_snaps: dict[str, store.Snapshot],
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
            sid
            for sid, snap in snaps.items()
            if snap.action == "fetched" and kinds[registry.sources[sid].kind].revertible
        }
        blamed = _blamed_sources(exc, registry)
        if options.strict or not blamed or not blamed <= fetched:
            raise
        for source_id in sorted(blamed):
            source = registry.sources[source_id]
            store.remove_source(con, source, result.run_id)
            message = exc.message_for(source_id, registry)
            snaps[source_id] = _keep_after_failure(
                con, options, source, prev_snaps.get(source_id), SourceError(source, message), result
            )
            store.record_snapshot(con, result.run_id, snaps[source_id])
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


def _attach_previous(con: duckdb.DuckDBPyConnection, db_path: Path, reporter: Reporter) -> bool:
    if not db_path.exists():
        return False
    try:
        con.execute(f"attach '{_sql_path(db_path)}' as {PREVIOUS} (read_only)")
    except duckdb.Error as exc:
        raise RunError(f"cannot read the existing warehouse {db_path} ({exc}); move it aside and run again") from exc
    found = store.schema_version(con, PREVIOUS)
    if found not in store.READABLE_SCHEMA_VERSIONS:
        reporter.note(
            f"existing warehouse has schema version {found}, this etl writes {store.SCHEMA_VERSION}: "
            "building it anew from every source"
        )
        con.execute(f"detach {PREVIOUS}")
        return False
    return True


def _sql_path(path: Path) -> str:
    return str(path.resolve()).replace("'", "''")
