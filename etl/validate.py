"""Checks a freshly built warehouse before it may replace the one in service. Each check is a SQL file in
queries/checks/ that must return no rows; the rows it does return are the evidence in the error."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

CHECKS_DIR = Path(__file__).resolve().parents[1] / "queries" / "checks"


class ValidationError(RuntimeError):
    """The new warehouse failed one or more checks; the old one stays in service."""


_FIX_LINE = re.compile(r"^--\s*fix:\s*(?P<fix>.+)$", re.MULTILINE)


def run_checks(con: duckdb.DuckDBPyConnection, checks_dir: Path = CHECKS_DIR) -> int:
    """Run every check; raise one ValidationError on one line naming each failed check, its first offending
    rows and the check's `-- fix:` line (what to do). Returns the number of checks passed."""
    problems = []
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
            problems.append(f"check {path.stem} failed: {shown}{more}" + (f" — {fix.group('fix')}" if fix else ""))
    if problems:
        raise ValidationError("the new warehouse did not pass validation, so the previous one stays in "
                              "service: " + " | ".join(problems))
    return len(paths)
