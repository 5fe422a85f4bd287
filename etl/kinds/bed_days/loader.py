"""The bed-days kind: the psychiatric bed-days export from eSundhed.dk, a file the analyst downloads and hands to
`etl run --bed-days-file PATH` (the demo run uses data/demo/esundhed_bed_days.csv). Read by ./export.py."""

from __future__ import annotations

import time
from pathlib import Path

from etl import logs, settings
from etl.kinds.base import PREVIOUS, LoadContext, RunError, SourceError, carried, now, period_range
from etl.kinds.bed_days.export import read_bed_days
from etl.registry import Source
from etl.warehouse import store
from etl.warehouse.aggregates import add_computed_aggregates
from etl.warehouse.store import Snapshot

DEMO_BED_DAYS_FILE = settings.DEMO_DIR / "esundhed_bed_days.csv"


class BedDaysKind:
    name: str = "bed_days_file"
    option: str | None = "--bed-days-file"
    revertible: bool = False  # a file the analyst chose: a failed check fails the run, so they see it at once

    def __init__(self, path: Path | None) -> None:
        self.path = path

    def given(self) -> bool:
        return self.path is not None

    def check(self, ctx: LoadContext, sources: list[Source], previous: dict[str, Snapshot]) -> dict[str, SourceError]:
        return {}  # the file is checked as it is read

    def absent(self, source: Source) -> str | None:
        return "no file given: download the export from eSundhed.dk and run `etl run --bed-days-file PATH` (see README)"

    def load(self, ctx: LoadContext, source: Source, previous: Snapshot | None) -> Snapshot | None:
        path = DEMO_BED_DAYS_FILE if ctx.demo and self.path is None else self.path
        if path is None:
            ctx.reporter.note(
                f"{source.id}: no file given ({self.option}); psychiatric bed-days "
                + ("kept from the previous run" if previous else "not loaded")
            )
            return None
        ctx.reporter.phase(source.id, "reading")
        reading = time.monotonic()
        try:
            bed_days = read_bed_days(Path(path))
        except Exception as exc:
            raise RunError(f"{source.id}: {exc}") from exc
        definition = ctx.registry.fingerprint(source)
        if (
            not ctx.force
            and previous is not None
            and previous.sha256 == bed_days.sha256
            and previous.is_demo == ctx.demo
            and previous.definition_sha256 == definition
        ):
            logs.event("source_checked", source=source.id, table=source.id, status="unchanged")
            store.copy_source(ctx.con, PREVIOUS, source)
            return carried(previous, "unchanged")
        logs.event("source_checked", source=source.id, table=source.id, status="changed")
        logs.event(
            "source_downloaded",
            source=source.id,
            table=source.id,
            rows=len(bed_days.rows),
            bytes=bed_days.size_bytes,
            seconds=round(time.monotonic() - reading, 3),
        )
        fetched_at = now()
        (indicator_id,) = source.indicator_ids  # a bed-days source yields exactly one indicator
        rows = bed_days.rows.assign(indicator_id=indicator_id, is_computed=False)
        facts = add_computed_aggregates(
            rows[["indicator_id", "area_code", "period", "value", "is_computed"]], ctx.registry.indicators
        )
        logs.event("derived", source=source.id, facts_rows=len(facts))
        ctx.reporter.phase(source.id, "loading", len(rows))
        store.write_file(ctx.con, source.id, bed_days.file_name, bed_days.sha256, bed_days.content, fetched_at)
        store.write_raw_rows(ctx.con, source, bed_days.rows)
        store.write_facts(ctx.con, source.id, facts)
        for note in bed_days.notes:
            ctx.reporter.note(f"{source.id}: {note}")
        first, last = period_range(facts["period"].unique().tolist())
        return Snapshot(
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
            ctx.demo,
            definition,
        )
