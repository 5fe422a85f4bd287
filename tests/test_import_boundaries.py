"""Data moves one way: the dashboard never imports etl; etl never imports dash or plotly; the dashboard's layers
import only downwards (contracts in pyproject.toml, checked by import-linter)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def test_import_contracts_hold() -> None:
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is not installed in this venv (pip install -e '.[test]')"
    result = subprocess.run([lint_imports], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(CONTRACTS) >= 3 and {"dashboard does not import etl", "dashboard layers"} <= {
        c["name"] for c in CONTRACTS
    }
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken" in result.stdout
    for contract in CONTRACTS:
        assert f"{contract['name']} KEPT" in result.stdout
