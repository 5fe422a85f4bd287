"""The bed-days kind: the psychiatric bed-days export from eSundhed.dk, a file the analyst downloads and hands to
`etl run --bed-days-file PATH` (the demo run uses data/demo/esundhed_bed_days.csv). Read by ./export.py."""

from __future__ import annotations

import time
from pathlib import Path

from etl import logs, settings
from etl.kinds.base import PREVIOUS, LoadContext, RunError, SourceError, carried, now
from etl.registry import Source
from etl.warehouse import store
from etl.warehouse.aggregates import add_computed_aggregates, create_facts_table
from etl.warehouse.store import Snapshot

DEMO_BED_DAYS_FILE = settings.DEMO_DIR / "esundhed_bed_days.csv"
_FACTS = "bed_days_facts"  # the temporary table of the source's facts before they are written


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
        from etl.kinds.bed_days.export import read_bed_days  # pandas: only when a file is read

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
            store.carry_over(ctx.con, PREVIOUS, source, ctx.in_copy)
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
        con = ctx.con
        con.register("bed_days_rows", bed_days.rows)
        try:
            create_facts_table(con, _FACTS)
            con.execute(
                f"""insert into {_FACTS}
                    select ?, area_code, period, value, false from bed_days_rows""",
                [indicator_id],
            )
            add_computed_aggregates(con, _FACTS, ctx.registry.indicators)
            found = con.execute(f"select count(*), min(period), max(period) from {_FACTS}").fetchone()
            assert found is not None
            facts_rows, first, last = int(found[0]), found[1], found[2]
            logs.event("derived", source=source.id, facts_rows=facts_rows)
            ctx.reporter.phase(source.id, "loading", len(bed_days.rows))
            with store.transaction(con):
                if ctx.in_copy:  # a warehouse built afresh holds nothing of it yet
                    store.clear_source(con, source)
                store.write_file(con, source.id, bed_days.file_name, bed_days.sha256, bed_days.content, fetched_at)
                store.write_raw_rows(con, source, "bed_days_rows")
                store.write_facts(con, source.id, _FACTS)
        finally:
            con.unregister("bed_days_rows")
            con.execute(f"drop table if exists {_FACTS}")
        for note in bed_days.notes:
            ctx.reporter.note(f"{source.id}: {note}")
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
            len(bed_days.rows),
            facts_rows,
            first,
            last,
            ctx.demo,
            definition,
        )
