"""Settings are read in one place each and documented once: etl/settings.py and dashboard/core/settings.py hold
every environment variable the code reads, no other module reads the environment, and README's "Settings"
table names each variable with its default."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.core import settings as dashboard_settings
from etl import settings as etl_settings

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = [*etl_settings.SETTINGS, *dashboard_settings.SETTINGS]
SETTINGS_MODULES = {ROOT / "etl" / "settings.py", ROOT / "dashboard" / "core" / "settings.py"}
READS_ENVIRONMENT = re.compile(r"os\.environ\.get|os\.getenv|os\.environ\[[^\]]+\](?!\s*=[^=])")


def readme_settings_table() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("## Settings\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_readme_names_each_setting_with_its_default(setting: etl_settings.Setting) -> None:
    table = readme_settings_table()
    row = next((line for line in table.splitlines() if line.startswith(f"| `{setting.name}` |")), None)
    assert row is not None, f"README's Settings table lacks {setting.name}"
    assert (f"`{setting.default}`" if setting.default else "—") in row


def test_no_other_module_reads_the_environment() -> None:
    readers = []
    for path in [*(ROOT / "etl").rglob("*.py"), *(ROOT / "dashboard").rglob("*.py")]:
        if path in SETTINGS_MODULES:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if READS_ENVIRONMENT.search(line):
                readers.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert readers == []


def test_the_readme_table_has_no_setting_the_code_does_not_read() -> None:
    named = set(re.findall(r"^\| `([A-Z_]+)` \|", readme_settings_table(), re.MULTILINE))
    assert named == {s.name for s in SETTINGS}
