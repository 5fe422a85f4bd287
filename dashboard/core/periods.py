"""DST period codes ("2024", "2024K1", "2024M03"): their time order and how they read in Danish and English."""

from __future__ import annotations

import re
from collections.abc import Iterable

_PERIOD = re.compile(r"^(\d{4})(?:([A-Z])(\d{1,2}))?$")


def period_sort_key(code: str) -> tuple:
    """DST period codes in time order: "2023" < "2024"; "2024K1" < "2024K2"; unknown codes last, as text."""
    match = _PERIOD.match(code)
    if not match:
        return (1, 0, code, 0)
    year, letter, number = match.groups()
    return (0, int(year), letter or "", int(number or 0))


def sort_periods(codes: Iterable[str]) -> list[str]:
    return sorted({str(c) for c in codes}, key=period_sort_key)


def period_label(code: str, lang: str = "da") -> str:
    """ "2024" -> "2024"; "2024K1" -> "2024 K1" (da) / "Q1 2024" (en); "2024H1" likewise; "2024M03" -> "2024-03"."""
    match = _PERIOD.match(code)
    if not match or match.group(2) is None:
        return code
    year, letter, number = match.group(1), match.group(2), int(match.group(3))
    if letter == "M":
        return f"{year}-{number:02d}"
    if letter in ("K", "Q"):
        return f"{year} K{number}" if lang == "da" else f"Q{number} {year}"
    return f"{year} {letter}{number}" if lang == "da" else f"{letter}{number} {year}"
