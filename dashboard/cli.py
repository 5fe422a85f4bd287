"""`dashboard --host --port --db [--workers N]`: serve the dashboard from a warehouse file with gunicorn, with the
settings in dashboard/gunicorn_conf.py (the same as the Docker image); `--dev` for Flask's development server."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dashboard.core import settings

DEFAULT_DB = Path(settings.DB.default)


def main(argv: list[str] | None = None) -> int:
    """`dashboard [--host --port --db]` serves; `dashboard deck --region 082 --out midt.pptx` makes slides;
    `dashboard warm` draws the default views into the shared render cache."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["deck"]:
        from dashboard.routes.deck import deck_command

        return deck_command(argv[1:])
    if argv[:1] == ["warm"]:
        return _warm_command(argv[1:])
    parser = argparse.ArgumentParser(
        prog="dashboard",
        description="Serve the Socialtal dashboard "
        "(`dashboard deck --help` for slide decks, `dashboard warm --help` for the "
        "render cache).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s)")
    parser.add_argument("--port", type=int, default=8050, help="port (default %(default)s)")
    parser.add_argument(
        "--db",
        type=Path,
        default=Path(settings.DB.read()),
        help="warehouse file (default: $SOCIALTAL_DB or data/socialtal.duckdb)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="gunicorn worker processes (default: $SOCIALTAL_WORKERS or 2; see dashboard/gunicorn_conf.py)",
    )
    parser.add_argument(
        "--dev",
        action="store_true",
        help="Flask's development server with auto-reload and the debugger (never in production)",
    )
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"error: no warehouse at {args.db}; build one with `etl run --demo` (or `etl run`)", file=sys.stderr)
        return 1
    if args.dev:  # the only place Flask's debugger is switched on
        from dashboard.app import create_app  # imported late: `dashboard --help` stays instant

        print(f"Socialtal (development server) on http://{args.host}:{args.port}/ (warehouse {args.db})", flush=True)
        create_app(args.db).run(host=args.host, port=args.port, debug=True)
        return 0
    try:  # imported here: a bad $SOCIALTAL_WORKERS is an error message, not a traceback
        from dashboard.gunicorn_conf import settings as gunicorn_settings

        config = gunicorn_settings(f"{_bind_host(args.host)}:{args.port}", args.workers)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"Socialtal on http://{args.host}:{args.port}/ (warehouse {args.db}, {config['workers']} workers)", flush=True
    )
    _serve_with_gunicorn(args.db, config)
    return 0


def _warm_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="dashboard warm",
        description="Draw the pages people open first (every "
        "municipality, region and page in its default view) into the render cache "
        "the server's workers share; run after `etl run`.",
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=Path(settings.DB.read()),
        help="warehouse file (default: $SOCIALTAL_DB or data/socialtal.duckdb)",
    )
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"error: no warehouse at {args.db}; build one with `etl run --demo` (or `etl run`)", file=sys.stderr)
        return 1
    from dashboard.warm import warm
    from dashboard.web.render_cache import CACHE_DIR_ENV, default_cache_dir

    cache_dir = default_cache_dir(args.db)
    if cache_dir is None:
        print(f"error: the render cache is off ({CACHE_DIR_ENV}=off): nothing to warm", file=sys.stderr)
        return 1
    drawn, failed, seconds = warm(args.db, cache_dir)
    print(f"warmed {drawn} views in {seconds:.1f} s into {cache_dir}" + (f"; {failed} failed" if failed else ""))
    return 1 if failed else 0


def _bind_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host  # an IPv6 address


def _serve_with_gunicorn(db_path: Path, config: dict[str, Any]) -> None:
    """The same server and settings as in Docker (dashboard/gunicorn_conf.py), so `make run` behaves like
    production. With preload_app the master builds the app once, then forks the workers."""
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in config.items():
                if key in self.cfg.settings:  # a setting this gunicorn version does not know is left out
                    self.cfg.set(key, value)

        def load(self) -> object:
            from dashboard.app import production_app

            return production_app(db_path).server

    Server().run()


if __name__ == "__main__":
    sys.exit(main())
