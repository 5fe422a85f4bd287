"""Checks a freshly built warehouse before it may replace the one in service. Each check is a SQL file in
queries/checks/ that must return no rows; the rows it does return are the evidence in the error."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl import settings
from etl.registry import Registry

CHECKS_DIR = settings.CHECKS_DIR


@dataclass(frozen=True)
class CheckFailure:
    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]  # the first offending rows
    line: str  # "check NAME failed: the rows — the fix"
    blames: str | None = None  # the column naming the culprit (source_id or indicator_id), from `-- blames:`


class ValidationError(RuntimeError):
    """The new warehouse failed one or more checks; the old one stays in service."""

    def __init__(self, failures: list[CheckFailure]) -> None:
        super().__init__(
            "the new warehouse did not pass validation, so the previous one stays in service: "
            + " | ".join(f.line for f in failures)
        )
        self.failures = failures

    def message_for(self, source_id: str, registry: Registry) -> str:
        """The failed checks that concern one source, for its line in the run summary."""
        own = set(registry.sources[source_id].indicator_ids)
        lines = [
            f.line for f in self.failures if any(source_id in row or own & {str(v) for v in row} for row in f.rows)
        ]
        return "the new data did not pass validation: " + " | ".join(lines or [f.line for f in self.failures])


_FIX_LINE = re.compile(r"^--\s*fix:\s*(?P<fix>.+)$", re.MULTILINE)
_BLAMES_LINE = re.compile(r"^--\s*blames:\s*(?P<column>\w+)", re.MULTILINE)


def run_checks(con: duckdb.DuckDBPyConnection, checks_dir: Path = CHECKS_DIR) -> int:
    """Run every check; raise one ValidationError on one line naming each failed check, its first offending
    rows and the check's `-- fix:` line (what to do). Returns the number of checks passed."""
    problems: list[CheckFailure] = []
    paths = sorted(checks_dir.glob("*.sql"))
    for path in paths:
        sql = path.read_text(encoding="utf-8")
        result = con.execute(sql)
        columns = [d[0] for d in result.description or []]
        rows = result.fetchmany(6)
        if rows:
            shown = "; ".join(", ".join(f"{c}={v}" for c, v in zip(columns, row, strict=True)) for row in rows[:5])
            more = " …" if len(rows) > 5 else ""
            fix = _FIX_LINE.search(sql)
            line = f"check {path.stem} failed: {shown}{more}" + (f" — {fix.group('fix')}" if fix else "")
            blames = _BLAMES_LINE.search(sql)
            problems.append(
                CheckFailure(
                    path.stem,
                    tuple(columns),
                    tuple(tuple(r) for r in rows),
                    line,
                    blames.group("column") if blames else None,
                )
            )
    if problems:
        raise ValidationError(problems)
    return len(paths)
