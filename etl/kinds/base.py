"""The one interface every source kind implements, and what a run hands it.

A run (etl/run.py) builds the new warehouse in a temporary DuckDB file with the previous warehouse attached
read-only as `prev`. For each kind it calls `check` once with the kind's selected sources (before any
download), then `load` per source. A kind writes the source's raw rows and facts with etl/warehouse/store.py
and returns its Snapshot (provenance), or None when it has nothing new, in which case the run carries the
previous data over. A kind raises SourceError when only this source failed (the run goes on and serves the
source's previous data, marked stale), RunError when the run must stop."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

import duckdb

from etl.registry import Registry, Source
from etl.warehouse.store import Snapshot

PREVIOUS = "prev"  # the catalog name of the previous warehouse, attached read-only during a run


class RunError(RuntimeError):
    """A run that cannot proceed; the message says what to do."""


class SourceError(RuntimeError):
    """One source could not be refreshed; the message names it (source, file, table, variable)."""

    def __init__(self, source: Source, message: str, variable: str | None = None) -> None:
        super().__init__(f"{source.id} ({source.path.name}): {message}")
        self.source = source
        self.reason = message
        self.variable = variable


class Reporter(Protocol):
    """Progress for a person watching the run (etl/progress.py draws it in the terminal)."""

    def phase(self, source_id: str, phase: str, rows: int | None = None) -> None: ...
    def done(self, snapshot: Snapshot) -> None: ...
    def note(self, message: str) -> None: ...


class SilentReporter:
    def phase(self, source_id: str, phase: str, rows: int | None = None) -> None:
        pass

    def done(self, snapshot: Snapshot) -> None:
        pass

    def note(self, message: str) -> None:
        pass


@dataclass
class LoadContext:
    """What every kind may use during one run."""

    con: duckdb.DuckDBPyConnection  # the new warehouse; `prev` is attached when `has_previous`
    registry: Registry
    reporter: Reporter
    demo: bool  # the run loads the demo snapshot, not real data
    force: bool  # load even what looks unchanged
    has_previous: bool
    notes: list[str] = field(default_factory=list)  # listed in the run's summary
    # The new warehouse began as a copy of the previous one: what a kind does not write anew is there already.
    in_copy: bool = False


class SourceKind(Protocol):
    """One kind of source (`kind:` in etl/sources/*.yaml). Add a kind: a package in etl/kinds/ with a class like
    this, its name in etl/registry.py's SOURCE_KINDS, and one line in etl/run.py's `source_kinds`."""

    name: str  # the `kind:` value
    option: str | None  # the `etl run` flag that hands this kind its input, if it needs one
    revertible: bool  # a failed check blamed on a source of this kind sends it back to its previous data

    def given(self) -> bool:
        """The run was handed this kind's input (e.g. a file), so its sources load even when not selected."""
        ...

    def check(self, ctx: LoadContext, sources: list[Source], previous: dict[str, Snapshot]) -> dict[str, SourceError]:
        """Before any download: the sources that cannot be loaded as they are described, by source id."""
        ...

    def load(self, ctx: LoadContext, source: Source, previous: Snapshot | None) -> Snapshot | None:
        """Load one source into ctx.con; None when there is nothing new (the previous data is carried over)."""
        ...

    def absent(self, source: Source) -> str | None:
        """Why a source that has no data and loaded nothing is missing, or None when that is no problem."""
        ...


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def carried(previous: Snapshot, action: str) -> Snapshot:
    """The previous snapshot, carried into this run with another action (unchanged, kept)."""
    return Snapshot(**{**previous.__dict__, "action": action})


def period_range(periods: list[str]) -> tuple[str | None, str | None]:
    return (min(periods), max(periods)) if periods else (None, None)
