"""The units a figure can be shown in: count, per capita (per 1,000 of the right population, or kr. per
inhabitant for money), index (a chosen base year = 100) and share of the national total. Pure pandas on the
frame of query `indicator_values_with_denominator`; a unit that makes no sense for an indicator is not offered."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.texts import t, unit_label

MEASURES = ("count", "per_capita", "index", "share")
# How many kroner one unit of a money indicator is: per-capita money is shown in kr. per inhabitant.
_KRONER_PER_UNIT = {"dkk_thousands": 1_000.0, "dkk_millions": 1_000_000.0}


@dataclass(frozen=True)
class IndicatorInfo:
    indicator_id: str
    unit: str
    denominator_id: str | None
    aggregation: str
    denominator_title: str | None = None  # e.g. "Befolkning 0–22 år"


def available_measures(info: IndicatorInfo) -> list[str]:
    measures = ["count"]
    if info.denominator_id:
        measures.append("per_capita")
    measures.append("index")
    if info.aggregation == "sum":
        measures.append("share")
    return measures


def year_of(period: str) -> int:
    return int(period[:4])


def base_period(periods: list[str], base_year: int) -> str | None:
    """The first period of the base year (the year itself, or its first quarter)."""
    in_year = sorted(p for p in periods if year_of(p) == base_year)
    return in_year[0] if in_year else None


def apply_measure(frame: pd.DataFrame, measure: str, info: IndicatorInfo, base_year: int | None = None) -> pd.Series:
    """The values of `frame` (columns value, denominator_value, country_value, area_code, period) in `measure`.
    Missing stays missing: a NaN count gives a NaN rate, never 0."""
    if measure == "count":
        return frame["value"]
    if measure == "per_capita":
        per = _KRONER_PER_UNIT.get(info.unit, 1_000.0)  # money: kr. per inhabitant; people: per 1,000
        return frame["value"] * per / frame["denominator_value"].where(frame["denominator_value"] > 0)
    if measure == "share":
        return 100.0 * frame["value"] / frame["country_value"].where(frame["country_value"] != 0)
    if measure == "index":
        base = base_period(frame["period"].unique().tolist(), base_year) if base_year else None
        if base is None:
            return pd.Series(float("nan"), index=frame.index)
        base_values = frame.loc[frame["period"] == base, ["area_code", "value"]].set_index("area_code")["value"]
        divisor = frame["area_code"].map(base_values)
        return 100.0 * frame["value"] / divisor.where(divisor != 0)
    raise ValueError(f"unknown measure {measure!r}")


def measure_label(measure: str, info: IndicatorInfo, lang: str = "da", base_year: int | None = None) -> str:
    """The unit line of a chart in this measure, e.g. 'pr. 1.000 0–22-årige' or 'indeks (2019 = 100)'."""
    if measure == "count":
        return unit_label(info.unit, lang)
    if measure == "per_capita":
        if info.unit in _KRONER_PER_UNIT:
            return t("per_inhabitant_kr", lang)
        return t("per_1000", lang, population=(info.denominator_title or "").lower())
    if measure == "index":
        return t("index_label", lang, year=base_year)
    return t("share_label", lang)


def decimals_for(measure: str) -> int:
    return 0 if measure == "count" else 1
