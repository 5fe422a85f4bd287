"""Structured ETL logs: one JSON line per step of `etl run` (logger "socialtal.etl"), for log shippers and
for answering "what did last night's run do?" without reading the rich terminal output.

Each line has `timestamp` (UTC, ISO 8601), `level`, `event` and the event's fields:

    run_started       run_id, sources (selected ids), mode (statbank | demo), force
    source_checked    run_id, source, table, status (changed | unchanged), translations (spellings fitted to
                      tableinfo, when changed)
    source_downloaded run_id, source, table, rows, bytes, seconds
    derived           run_id, source, facts_rows
    source_failed     run_id, source, table, variable, kept (previous data served), error_message (warning)
    validated         run_id, checks, seconds
    swapped           run_id, data_version, seconds (since the run started)
    run_failed        run_id, error_class, error_message
    run_finished      run_id, warehouse_run_id, seconds

No personal data: no user or host names and no file contents; the home directory in messages is shown as ~.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from etl import settings

if TYPE_CHECKING:
    from pythonjsonlogger.json import JsonFormatter

LOGGER_NAME = "socialtal.etl"
ENV_VAR = settings.ETL_LOG.name
STDERR = "-"

logger = logging.getLogger(LOGGER_NAME)
logger.setLevel(logging.INFO)
# Without a handler, Python's last-resort handler would print run_failed (an error) as a second stderr line.
logger.addHandler(logging.NullHandler())


_run_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("etl_run_id", default=None)


@contextlib.contextmanager
def run_context(run_id: str) -> Iterator[None]:
    """Every event inside carries this run id, so the lines of one run can be picked out of an appended log."""
    token = _run_id.set(run_id)
    try:
        yield
    finally:
        _run_id.reset(token)


def event(name: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log one ETL step; `fields` become the line's extra keys."""
    logger.log(level, name, extra={"run_id": _run_id.get(), **fields})


def run_failed(exc: BaseException) -> None:
    """Log run_failed for `exc` once, whether it surfaced in the pipeline or before it (in the CLI)."""
    if getattr(exc, "_socialtal_logged", False):
        return
    event("run_failed", logging.ERROR, error_class=type(exc).__name__, error_message=redact(" ".join(str(exc).split())))
    with contextlib.suppress(AttributeError):  # exceptions with __slots__ cannot be marked
        exc._socialtal_logged = True  # type: ignore[attr-defined]  # a mark of our own on the exception object


def redact(text: str) -> str:
    """Messages may carry paths; a home directory names its user."""
    home = str(Path.home())
    return text.replace(home, "~") if home not in ("", "/") else text


def formatter() -> JsonFormatter:
    from pythonjsonlogger.json import JsonFormatter  # only when a JSON log is asked for

    return JsonFormatter(
        "{levelname}{message}",
        style="{",
        timestamp=True,
        rename_fields={"levelname": "level", "message": "event"},
        json_ensure_ascii=False,
    )


@contextlib.contextmanager
def json_lines(target: str | os.PathLike[str] | None) -> Iterator[None]:
    """While inside, append one JSON line per event to `target`: a file path, or "-" for stderr. None: no
    JSON log (the events still go to the logger's other handlers, if any)."""
    if target is None or str(target) == "":
        yield
        return
    if str(target) == STDERR:
        handler: logging.Handler = logging.StreamHandler(sys.stderr)
    else:
        path = Path(target)
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, mode="a", encoding="utf-8")
    handler.setFormatter(formatter())
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        handler.close()
