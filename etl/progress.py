"""The progress display of `etl run`: a live line per source in a terminal, plain log lines otherwise
(CI logs, pipes), so an analyst sees which source is being fetched, parsed or loaded, and how many rows."""

from __future__ import annotations

import time
from types import TracebackType
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from etl.kinds.statbank.check import SourceCheck
from etl.run import SourceFailure
from etl.warehouse.store import Snapshot

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class ConsoleReporter:
    def __init__(self, console: Console) -> None:
        self.console = console
        self.live = console.is_terminal
        self.progress: Progress | None = None
        if self.live:  # rich's live display only in a terminal (its import costs a cron run's start for nothing)
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.progress = Progress(
                SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console, transient=False
            )
        self.tasks: dict[str, TaskID] = {}
        self.started: dict[str, float] = {}

    def __enter__(self) -> ConsoleReporter:
        if self.progress:
            self.progress.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.progress:
            self.progress.stop()

    def _show(self, source_id: str, text: str, finished: bool = False) -> None:
        line = f"{source_id:<18} {text}"
        if self.progress is None:
            self.console.print(line, highlight=False)
            return
        if source_id not in self.tasks:
            self.tasks[source_id] = self.progress.add_task(line, total=1)
        self.progress.update(self.tasks[source_id], description=line, completed=1 if finished else 0)

    def phase(self, source_id: str, phase: str, rows: int | None = None) -> None:
        self.started.setdefault(source_id, time.monotonic())
        self._show(source_id, phase + (f" {rows:,} rows" if rows is not None else "") + " …")

    def done(self, snapshot: Snapshot) -> None:
        elapsed = time.monotonic() - self.started.pop(snapshot.source_id, time.monotonic())
        detail = {
            "fetched": f"loaded {snapshot.rows_raw:,} rows → {snapshot.rows_facts:,} facts",
            "unchanged": f"unchanged since {snapshot.dst_updated or snapshot.fetched_at} (kept)",
            "kept": "not selected (kept)",
            "failed": "NOT REFRESHED: previous data kept (stale)"
            if snapshot.status == "stale"
            else "NOT LOADED: no data (missing)",
        }.get(snapshot.action, snapshot.action)
        self._show(snapshot.source_id, f"{detail} [{elapsed:.1f} s]", finished=True)

    def note(self, message: str) -> None:
        self.console.print(f"[dim]note:[/] {message}", highlight=False)


def print_failures(console: Console, failures: list[SourceFailure]) -> None:
    """The run's summary of sources it could not refresh: what failed, where, and what to do."""
    table = Table(title="Not refreshed in this run", title_justify="left")
    for col in ("source", "table", "variable", "problem and what to do", "data served"):
        table.add_column(col, overflow="fold", no_wrap=col in ("source", "table", "variable"))
    for f in failures:
        served = f"previous (fetched {f.kept_from})" if f.kept_from else "none (missing)"
        table.add_row(f.source_id, f.table, f.variable or "", escape(f.message), served)
    console.print(table)


def print_checks(console: Console, checks: list[SourceCheck]) -> None:
    """`etl check`'s report: one row per source, then each misfit and each new code."""
    table = Table(title="StatBank sources against their live tableinfo", title_justify="left")
    for col in ("source", "table", "DST updated", "fits", "file"):
        table.add_column(col, no_wrap=True)
    for c in checks:
        fits = "[green]yes[/]" if c.fits else "[red]NO[/]" if c.misfits else "[red]NO ANSWER[/]"
        table.add_row(
            c.source.id, c.source.table or "", (c.dst_updated or "").replace("T", " ")[:16], fits, c.source.path.name
        )
    console.print(table)
    misfits = [(c, m) for c in checks for m in c.misfits]
    if misfits:
        detail = Table(title="What does not fit", title_justify="left")
        for col in ("source", "variable", "unknown codes", "closest valid codes", "problem and what to do"):
            detail.add_column(col, overflow="fold")
        for c, m in misfits:
            detail.add_row(
                c.source.id, m.variable, ", ".join(m.unknown), escape(", ".join(m.closest)), escape(m.problem)
            )
        console.print(detail)
    for c in checks:
        if c.error:
            console.print(f"[red]{c.source.id}[/]: {escape(c.error)}", soft_wrap=True)
    new = [(c, n) for c in checks for n in c.new]
    if new:
        found = Table(
            title="New codes in tableinfo that the registry does not select (not an error)", title_justify="left"
        )
        for col in ("source", "variable", "new codes"):
            found.add_column(col, overflow="fold")
        for c, n in new:
            found.add_row(c.source.id, n.variable, escape(", ".join(f"{code} '{label}'" for code, label in n.codes)))
        console.print(found)
    for c in checks:
        for note in c.resolved.translations if c.resolved else ():
            console.print(f"[dim]note:[/] {c.source.id}: {escape(note)}", soft_wrap=True)
    unchecked = [c.source.id for c in checks if c.fits and not c.compared_with_previous]
    if unchecked:
        console.print(
            f"[dim]New codes are found by comparing with the tableinfo recorded at the last load; none is "
            f"recorded for {', '.join(unchecked)} in this warehouse (--db).[/]",
            soft_wrap=True,
        )
    fitting = sum(c.fits for c in checks)
    console.print(
        f"{fitting} of {len(checks)} StatBank sources fit"
        + ("" if fitting == len(checks) else ": fix the source YAMLs named above, then run `etl run`")
    )
