"""The progress display of `etl run`: a live line per source in a terminal, plain log lines otherwise
(CI logs, pipes), so an analyst sees which source is being fetched, parsed or loaded, and how many rows."""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from etl.warehouse import Snapshot


class ConsoleReporter:
    def __init__(self, console: Console) -> None:
        self.console = console
        self.live = console.is_terminal
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                 console=console, transient=False) if self.live else None
        self.tasks: dict[str, TaskID] = {}
        self.started: dict[str, float] = {}

    def __enter__(self) -> ConsoleReporter:
        if self.progress:
            self.progress.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
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
        detail = {"fetched": f"loaded {snapshot.rows_raw:,} rows → {snapshot.rows_facts:,} facts",
                  "unchanged": f"unchanged since {snapshot.dst_updated or snapshot.fetched_at} (kept)",
                  "kept": "not selected (kept)"}.get(snapshot.action, snapshot.action)
        self._show(snapshot.source_id, f"{detail} [{elapsed:.1f} s]", finished=True)

    def note(self, message: str) -> None:
        self.console.print(f"[dim]note:[/] {message}", highlight=False)
