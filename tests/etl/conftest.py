"""The local StatBank serving the demo snapshot's recorded answers, for tests that run the real registry."""

from __future__ import annotations

from pathlib import Path

import pytest
from statbank_emulator import StatBankEmulator, load_snapshot_tables

SNAPSHOT = Path(__file__).resolve().parents[2] / "data" / "demo" / "statbank"


@pytest.fixture(scope="module")
def demo_emulator() -> StatBankEmulator:
    emulator = StatBankEmulator()
    load_snapshot_tables(emulator, SNAPSHOT)
    return emulator
