"""DST period codes ("2024", "2024K1", "2024M03"): their time order and how they read in Danish and English."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

_PERIOD = re.compile(r"^(\d{4})(?:([A-Z])(\d{1,2}))?$")


@functools.lru_cache(maxsize=4096)  # a few hundred codes; a profile asks ~2,000 times a render
def period_sort_key(code: str) -> tuple:
    """DST period codes in time order: "2023" < "2024"; "2024K1" < "2024K2"; unknown codes last, as text."""
    match = _PERIOD.match(code)
    if not match:
        return (1, 0, code, 0)
    year, letter, number = match.groups()
    return (0, int(year), letter or "", int(number or 0))


def sort_periods(codes: Iterable[str]) -> list[str]:
    return sorted({str(c) for c in codes}, key=period_sort_key)


_PER_YEAR = {None: 1, "H": 2, "K": 4, "Q": 4, "M": 12}


def periods_per_year(code: str) -> int | None:
    """How many periods of this kind make a whole year: 1 for "2024", 4 for "2024K1", 12 for "2024M03";
    None for a code that is not a period of a year."""
    match = _PERIOD.match(code)
    return _PER_YEAR.get(match.group(2)) if match else None


_QUARTER_LETTER = {"da": "K", "en": "Q"}  # kvartal, quarter


@functools.lru_cache(maxsize=4096)
def period_label(code: str, lang: str = "da") -> str:
    """How a period reads wherever the dashboard shows one (axes, hover, tables, sentences, key figures, slides,
    downloads' headers): "2024" -> "2024"; "2024K1" -> "2024 K1" (da) / "2024 Q1" (en); "2024H1" -> "2024 H1"
    in both; "2024M03" -> "2024-03". The year first in both languages, so periods sort and line up alike."""
    match = _PERIOD.match(code)
    if not match or match.group(2) is None:
        return code
    year, letter, number = match.group(1), match.group(2), int(match.group(3))
    if letter == "M":
        return f"{year}-{number:02d}"
    if letter in ("K", "Q"):
        letter = _QUARTER_LETTER.get(lang, "K")
    return f"{year} {letter}{number}"


def period_range(first: str, last: str, lang: str = "da") -> str:
    """'2015 K1–2025 K2' (one period: '2025 K2'): the span a chart's subtitle names."""
    return period_label(first, lang) if first == last else f"{period_label(first, lang)}–{period_label(last, lang)}"
