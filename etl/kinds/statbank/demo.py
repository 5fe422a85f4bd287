"""A Transport that answers StatBank requests from files on disk: the demo data in data/demo/statbank/.

Layout per table: `<TABLE>.tableinfo.json` (the tableinfo answer), `<TABLE>.request.json` (the data request
the registry makes) and `<TABLE>.bulk.csv.gz` (the BULK answer to exactly that request). The answers go
through the same client and parser as live ones, so the demo exercises the real code path."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from etl import settings
from etl.kinds.statbank.client import Response, request_key

DEMO_DIR = settings.DEMO_DIR
DEMO_STATBANK_DIR = DEMO_DIR / "statbank"


def _not_found(url: str, message: str) -> Response:
    return Response(400, json.dumps({"errorTypeCode": "EXTRACT-NOTFOUND", "message": message}), url)


class DemoTransport:
    def __init__(self, directory: Path = DEMO_STATBANK_DIR) -> None:
        self.directory = directory

    def post(self, endpoint: str, body: dict[str, Any]) -> Response:
        table = str(body.get("table", "")).upper()
        url = f"file://{self.directory}/{table}"
        if endpoint == "tableinfo":
            path = self.directory / f"{table}.tableinfo.json"
            if not path.exists():
                return _not_found(url, f"Tabel findes ikke: {table} (not in the demo snapshot {self.directory})")
            return Response(200, path.read_text(encoding="utf-8"), url)
        if endpoint == "tables":
            catalogue = []
            for path in sorted(self.directory.glob("*.tableinfo.json")):
                info = json.loads(path.read_text(encoding="utf-8"))
                catalogue.append({k: info.get(k) for k in ("id", "text", "unit", "updated", "active")})
            return Response(200, json.dumps(catalogue, ensure_ascii=False), f"file://{self.directory}")
        if endpoint == "data":
            request_path = self.directory / f"{table}.request.json"
            data_path = self.directory / f"{table}.bulk.csv.gz"
            if not request_path.exists() or not data_path.exists():
                return _not_found(url, f"Tabel findes ikke: {table} (not in the demo snapshot {self.directory})")
            recorded = json.loads(request_path.read_text(encoding="utf-8"))
            if request_key(recorded) != request_key(body):
                return _not_found(
                    url,
                    f"the demo snapshot of {table} was made for another request; "
                    "regenerate it with `python scripts/make_demo_snapshot.py`",
                )
            return Response(200, gzip.decompress(data_path.read_bytes()).decode("utf-8-sig"), url)
        return Response(
            404,
            json.dumps({"errorTypeCode": "REQUEST-NOTFOUND", "message": "Siden kan ikke findes. / Page not found."}),
            url,
        )
