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
