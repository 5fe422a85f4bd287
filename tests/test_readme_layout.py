"""README's layout section is the map of the code: every module of etl/, dashboard/ (each layer), scripts/ and
bench/ is named on its folder's line, and every name there is a module (or a file) that exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECKED = ("etl/", "dashboard/", "scripts/", "bench/")


def layout_lines() -> dict[str, str]:
    """Folder → the text of its entry in README's layout block (continuation lines joined)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Layout\n", 1)[1].split("```\n", 2)[1]
    entries: dict[str, str] = {}
    folder = ""
    for line in block.splitlines():
        match = re.match(r"^(\S+/)\s+(.*)$", line)
        if match:
            folder = match.group(1)
            entries[folder] = match.group(2)
        elif folder:
            entries[folder] += " " + line.strip()
    return entries


def named(entry: str) -> set[str]:
    """The names an entry lists: the first word of each '·'-separated item, before any '—' remark."""
    listed = re.sub(r"\([^)]*\)", "", entry.split(" — ")[0])  # notes in brackets may hold dots and slashes
    return {item.split()[0] for item in listed.split("·") if item.split()}


ENTRIES = {folder: entry for folder, entry in layout_lines().items() if folder.startswith(CHECKED)}


def test_every_checked_folder_has_an_entry() -> None:
    folders = {"scripts/", "bench/"} | {
        f"{p.parent.relative_to(ROOT).as_posix()}/"
        for top in ("etl", "dashboard")
        for p in (ROOT / top).rglob("__init__.py")
    }
    assert folders == set(ENTRIES)


@pytest.mark.parametrize("folder", sorted(ENTRIES))
def test_the_entry_names_exactly_the_folders_modules(folder: str) -> None:
    modules = {p.stem for p in (ROOT / folder).glob("*.py") if p.stem != "__init__"}
    names = named(ENTRIES[folder])
    python_names = {n for n in names if "." not in n}
    other_files = names - python_names
    assert python_names == modules, (
        f"README names {sorted(python_names - modules)} that {folder} lacks, and "
        f"misses {sorted(modules - python_names)}"
    )
    for name in other_files:
        assert (ROOT / folder / name).exists(), f"README names {folder}{name}, which does not exist"
