"""`dashboard --host --port --db`: serve the dashboard from a warehouse file."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DEFAULT_DB = Path("data/socialtal.duckdb")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dashboard", description="Serve the Socialtal dashboard.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s)")
    parser.add_argument("--port", type=int, default=8050, help="port (default %(default)s)")
    parser.add_argument("--db", type=Path, default=Path(os.environ.get("SOCIALTAL_DB", DEFAULT_DB)),
                        help="warehouse file (default: $SOCIALTAL_DB or data/socialtal.duckdb)")
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"error: no warehouse at {args.db}; build one with `etl run --demo` (or `etl run`)",
              file=sys.stderr)
        return 1
    from dashboard.app import create_app  # imported late: `dashboard --help` stays instant

    app = create_app(args.db)
    print(f"Socialtal on http://{args.host}:{args.port}/ (warehouse {args.db})")
    app.run(host=args.host, port=args.port, debug=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
