"""`dashboard --host --port --db`: serve the dashboard from a warehouse file."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DEFAULT_DB = Path("data/socialtal.duckdb")


def main(argv: list[str] | None = None) -> int:
    """`dashboard [--host --port --db]` serves; `dashboard deck --region 082 --out midt.pptx` makes slides."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["deck"]:
        from dashboard.deck import deck_command

        return deck_command(argv[1:])
    parser = argparse.ArgumentParser(prog="dashboard", description="Serve the Socialtal dashboard "
                                     "(`dashboard deck --help` for slide decks).")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s)")
    parser.add_argument("--port", type=int, default=8050, help="port (default %(default)s)")
    parser.add_argument("--db", type=Path, default=Path(os.environ.get("SOCIALTAL_DB", DEFAULT_DB)),
                        help="warehouse file (default: $SOCIALTAL_DB or data/socialtal.duckdb)")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn worker processes (default 1)")
    parser.add_argument("--dev", action="store_true", help="Flask's development server with auto-reload")
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"error: no warehouse at {args.db}; build one with `etl run --demo` (or `etl run`)",
              file=sys.stderr)
        return 1
    from dashboard.app import create_app  # imported late: `dashboard --help` stays instant

    app = create_app(args.db)
    print(f"Socialtal on http://{args.host}:{args.port}/ (warehouse {args.db})", flush=True)
    if args.dev:
        app.run(host=args.host, port=args.port, debug=True)
    else:
        _serve_with_gunicorn(app.server, args.host, args.port, args.workers)
    return 0


def _serve_with_gunicorn(wsgi_app: object, host: str, port: int, workers: int) -> None:
    """The same server as in Docker, so `make run` behaves like production (threads share one read-only
    DuckDB connection per worker)."""
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in {"bind": f"{host}:{port}", "workers": workers, "threads": 4, "timeout": 60,
                               "accesslog": "-"}.items():
                self.cfg.set(key, value)

        def load(self) -> object:
            return wsgi_app

    Server().run()


if __name__ == "__main__":
    sys.exit(main())
