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
