"""`etl run | check | status | sources`: the analysts' entry point.

Exit codes of `etl run`: 0 every source refreshed (or unchanged); 1 nothing was swapped in (the previous
warehouse is untouched: bad input, StatBank unreachable for the catalogue, validation, disk, `--strict` with a
failing source); 3 a new warehouse was swapped in, but one or more StatBank sources could not be refreshed and
serve their previous data (stale) or have none (missing); 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
`etl check`: 0 every source fits its live tableinfo, 1 otherwise."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from etl import logs, settings
from etl.kinds.statbank.check import check_sources, recorded_tableinfo
from etl.kinds.statbank.client import HttpTransport, StatBankClient, StatBankError
from etl.kinds.statbank.demo import DemoTransport
from etl.progress import ConsoleReporter, print_checks, print_failures
from etl.registry import Registry, RegistryError, load_registry
from etl.run import RunError, RunOptions, Terminated, run
from etl.warehouse.status import WarehouseStatus, read_status
from etl.warehouse.validate import ValidationError

DEFAULT_DB = Path(settings.DB.default)
EXIT_FAILED = 1
EXIT_PARTIAL = 3  # swapped in, but some sources are stale or missing
EXIT_INTERRUPTED = 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="etl", description="Load Statistics Denmark's social statistics into the Socialtal DuckDB warehouse."
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=Path(settings.DB.read()),
        help="warehouse file (default: $SOCIALTAL_DB or data/socialtal.duckdb)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run_p = sub.add_parser("run", help="fetch changed sources and swap in a new, validated warehouse")
    run_p.add_argument("--demo", action="store_true", help="build from the demo snapshot in data/demo/")
    run_p.add_argument("--only", nargs="+", metavar="SOURCE", help="refresh only these sources (e.g. FOLK1A)")
    run_p.add_argument("--force", action="store_true", help="download even if DST's `updated` is unchanged")
    run_p.add_argument(
        "--strict",
        action="store_true",
        help="all or nothing: any source that cannot be refreshed fails the run (exit 1) and the "
        "previous warehouse stays as it is; without it, the others are refreshed (exit 3)",
    )
    _base_url_option(run_p)
    run_p.add_argument(
        "--bed-days-file",
        type=Path,
        metavar="PATH",
        help="eSundhed export of psychiatric bed-days (CSV or XLSX); see README",
    )
    run_p.add_argument(
        "--boundaries", metavar="PATH_OR_URL", help="municipality boundaries as GeoJSON or TopoJSON (file or URL)"
    )
    run_p.add_argument(
        "--log-file",
        metavar="PATH",
        default=settings.ETL_LOG.read() or None,
        help="append one JSON line per ETL step to PATH ('-': to stderr, instead of the "
        f"human output); default ${logs.ENV_VAR}",
    )
    run_p.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="warehouse file")
    check_p = sub.add_parser("check", help="does every StatBank source fit its live tableinfo? (no download)")
    check_p.add_argument("--demo", action="store_true", help="check against the demo snapshot in data/demo/")
    check_p.add_argument("--only", nargs="+", metavar="SOURCE", help="check only these sources")
    _base_url_option(check_p)
    check_p.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        help="warehouse whose recorded tableinfo new codes are compared with",
    )
    status_p = sub.add_parser("status", help="what the warehouse holds, per source")
    status_p.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="warehouse file")
    sub.add_parser("sources", help="list the source registry")
    return parser


def _base_url_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base-url",
        default=settings.STATBANK_URL.read(),
        help="StatBank API base URL (default: $STATBANK_URL or %(default)s)",
    )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    log_target = getattr(args, "log_file", None)
    json_on_stderr = log_target == logs.STDERR  # machine-read: JSON lines only, no rich output around them
    console = Console(highlight=False, quiet=json_on_stderr)
    if not console.is_terminal:  # logs and pipes: wide enough that the tables do not fold
        console.width = 140
    err = Console(stderr=True, highlight=False, quiet=json_on_stderr)
    with logs.json_lines(log_target):
        return _main(args, console, err)


def _main(args: argparse.Namespace, console: Console, err: Console) -> int:
    try:
        registry = load_registry()
        if args.command == "sources":
            _print_sources(console, registry)
            return 0
        if args.command == "status":
            if not args.db.exists():
                err.print(f"[red]error:[/] no warehouse at {args.db}; build one with `etl run` (or `etl run --demo`)")
                return EXIT_FAILED
            _print_status(console, read_status(args.db))
            return 0
        if args.command == "check":
            return _check(args, registry, console)
        return _run(args, registry, console, err)
    except (RegistryError, RunError, StatBankError, ValidationError) as exc:
        if args.command == "run":
            logs.run_failed(exc)  # no-op when the pipeline has logged it already
        err.print(f"[red]error:[/] {escape(str(exc))}", soft_wrap=True)
        return EXIT_FAILED
    except duckdb.Error as exc:  # e.g. `etl status` on a file that is not a warehouse: one line, no traceback
        err.print(f"[red]error:[/] {escape(' '.join(str(exc).split()))}", soft_wrap=True)
        return EXIT_FAILED
    except KeyboardInterrupt as exc:
        signum = exc.signum if isinstance(exc, Terminated) else None
        err.print(
            f"[yellow]{'terminated' if signum else 'interrupted'}[/]: the previous warehouse is untouched; "
            "run `etl run` again to load the new data",
            soft_wrap=True,
        )
        return 128 + signum if signum else EXIT_INTERRUPTED


def _client(args: argparse.Namespace) -> StatBankClient:
    return StatBankClient(DemoTransport() if args.demo else HttpTransport(args.base_url))


def _check(args: argparse.Namespace, registry: Registry, console: Console) -> int:
    sources = registry.select(args.only)
    checks = check_sources(_client(args), sources, recorded_tableinfo(args.db))
    print_checks(console, checks)
    return 0 if checks and all(c.fits for c in checks) else EXIT_FAILED


def _run(args: argparse.Namespace, registry: Registry, console: Console, err: Console) -> int:
    if args.bed_days_file is not None and not args.bed_days_file.exists():
        raise RunError(f"--bed-days-file {args.bed_days_file}: no such file")
    options = RunOptions(
        db_path=args.db,
        client=_client(args),
        demo=args.demo,
        base_url=None if args.demo else args.base_url,
        only=args.only,
        force=args.force,
        bed_days_file=args.bed_days_file,
        boundaries=args.boundaries,
        strict=args.strict,
    )
    with ConsoleReporter(console) as reporter:
        result = run(options, registry, reporter)
    status = read_status(args.db)
    _print_status(console, status, title=f"Run {result.run_id}: {args.db}")
    if not result.failures:
        return 0
    print_failures(console, result.failures)
    for failure in result.failures:
        err.print(f"[yellow]warning:[/] {escape(failure.line)}", soft_wrap=True)
    err.print(
        f"[yellow]{len(result.failures)} source(s) not refreshed[/]; the others were, and the new warehouse "
        f"is in service (exit {EXIT_PARTIAL}); fix what is named above and run `etl run` again, or use "
        "--strict for all or nothing",
        soft_wrap=True,
    )
    return EXIT_PARTIAL


def _fmt_value(value: float | None) -> str:
    if value is None or value != value:
        return ".."
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


def _print_status(console: Console, status: WarehouseStatus, title: str | None = None) -> None:
    sources = Table(title=title or str(status.path), title_justify="left")
    for col in ("source", "status", "DST updated", "fetched", "this run", "rows", "facts", "periods", "data"):
        sources.add_column(col, no_wrap=True)
    latest = Table(title="Latest values, whole country", title_justify="left")
    for col in ("indicator", "source", "period", "value", "unit", ""):
        latest.add_column(col, no_wrap=True)
    for s in status.sources:
        periods = f"{s.first_period}–{s.last_period}" if s.first_period else ""
        state = {"stale": "[yellow]STALE[/]", "missing": "[red]MISSING[/]"}.get(s.status, "ok")
        name = s.source_id if s.table_id == s.source_id else f"{s.source_id} ({s.table_id})"
        sources.add_row(
            name,
            state,
            (s.dst_updated or "").replace("T", " ")[:16],
            s.fetched_at or "",
            s.action,
            f"{s.rows_raw:,}",
            f"{s.rows_facts:,}",
            periods,
            "DEMO" if s.is_demo else "real",
        )
        for indicator_id, period, value, unit, computed in s.latest:
            latest.add_row(
                indicator_id,
                s.table_id,
                period,
                _fmt_value(value),
                unit,
                "computed: sum of regions or municipalities" if computed else "",
            )
    console.print(sources)
    for s in status.sources:
        if s.status != "ok":
            what = "previous data served" if s.status == "stale" else "no data"
            console.print(
                f"[yellow]{s.source_id} {s.status.upper()}[/] ({what}): {escape(s.error or '')}", soft_wrap=True
            )
    console.print(latest)
    kind = (
        "[bold yellow]DEMO DATA[/] (invented figures, not from Statistics Denmark)"
        if status.is_demo
        else "data from Statistics Denmark"
    )
    console.print(f"Warehouse {status.path}: {kind}; built {status.built_at}")


def _print_sources(console: Console, registry: Registry) -> None:
    table = Table(title="Source registry (etl/sources/*.yaml)", title_justify="left")
    for col in ("source", "kind", "table", "file", "indicators"):
        table.add_column(col, overflow="fold")
    for s in registry.sources.values():
        table.add_row(s.id, s.kind, s.table or "", s.path.name, ", ".join(s.indicator_ids))
    console.print(table)


if __name__ == "__main__":
    sys.exit(main())
