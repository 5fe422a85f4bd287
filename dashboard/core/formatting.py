"""Danish number formats: 1.234,5 — thousands point, decimal comma."""

from __future__ import annotations

import math


def format_number(value: float | None, decimals: int = 0, lang: str = "da") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ".."
    text = f"{value:,.{decimals}f}"
    if lang == "da":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def format_percent_change(change: float | None, lang: str = "da") -> str:
    """+14 pct. / -3.2 per cent, with the sign always shown."""
    if change is None:
        return ".."
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    number = format_number(abs(change), decimals=0 if abs(change) >= 10 else 1, lang=lang)
    return f"{sign}{number} " + ("pct." if lang == "da" else "per cent")


def format_point_change(change: float | None, lang: str = "da") -> str:
    """The change of a share in percentage points, with the sign: +0,3 procentpoint / −1.2 percentage points."""
    if change is None or change != change:
        return ".."
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    unit = "procentpoint" if lang == "da" else "percentage points"
    return f"{sign}{format_number(abs(change), 1, lang)} {unit}"


_KRONER = {"dkk_thousands": 1e3, "dkk_millions": 1e6}
_ONE_DECIMAL_UNITS = frozenset({"percent", "stays_per_person"})  # rates: 4,2 pct.; 2,3 ophold pr. person


def format_amount(value: float | None, unit: str, lang: str = "da", decimals: int | None = None) -> tuple[str, str]:
    """A headline number and its unit in words people say: 15.899.680 (1.000 kr.) → ('15,9', 'mia. kr.'); a rate
    with one decimal (4,2 pct.), or `decimals` when given. The unit is '' where the caller's own label fits."""
    if unit in _KRONER and value is not None and value == value:
        kroner = value * _KRONER[unit]
        for size, da, en in ((1e9, "mia. kr.", "DKK bn"), (1e6, "mio. kr.", "DKK m")):
            if abs(kroner) >= size:
                return format_number(kroner / size, 1, lang), da if lang == "da" else en
        return format_number(kroner, 0, lang), "kr." if lang == "da" else "DKK"
    if decimals is None:
        decimals = 1 if unit in _ONE_DECIMAL_UNITS else 0
    return format_number(value, decimals, lang), ""
