"""The units a figure can be shown in: count, per capita (per 1,000 of the right population, or kr. per
inhabitant for money), index (a chosen base year = 100) and share of the national total. Pure pandas on the
frame of query `indicator_values_with_denominator`; a unit that makes no sense for an indicator is not offered.

A rate (a share in per cent, stays per person, or anything regions and the country do not get by summing: the
catalogue's aggregation `weighted_mean` or `none`) is shown as its own value or as an index only: per 1,000 of a
share, or a share's share of the national "total", means nothing. Rates are shown with one decimal."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.core.texts import t, unit_label

MEASURES = ("count", "per_capita", "index", "share")
# How many kroner one unit of a money indicator is: per-capita money is shown in kr. per inhabitant.
_KRONER_PER_UNIT = {"dkk_thousands": 1_000.0, "dkk_millions": 1_000_000.0}
RATE_UNITS = frozenset({"percent", "stays_per_person"})
RATE_DECIMALS = 1


@dataclass(frozen=True)
class IndicatorInfo:
    indicator_id: str
    unit: str
    denominator_id: str | None
    aggregation: str
    denominator_title: str | None = None  # e.g. "Befolkning 0–22 år"


def is_rate(info: IndicatorInfo) -> bool:
    """A share, an average or anything else that is not a count the regions and the country add up."""
    return info.unit in RATE_UNITS or info.aggregation != "sum"


def available_measures(info: IndicatorInfo) -> list[str]:
    if is_rate(info):
        return ["count", "index"]  # its own value, and its development
    measures = ["count"]
    if info.denominator_id:
        measures.append("per_capita")
    measures.append("index")
    measures.append("share")
    return measures


def measure_option(measure: str, info: IndicatorInfo, lang: str = "da") -> str:
    """The unit picker's label: a rate's own value is its 'value', not a 'count'."""
    if measure == "count" and is_rate(info):
        return t("measure_value", lang)
    return t(f"measure_{measure}", lang)


def year_of(period: str) -> int:
    return int(period[:4])


def base_period(periods: list[str], base_year: int) -> str | None:
    """The first period of the base year (the year itself, or its first quarter)."""
    in_year = sorted(p for p in periods if year_of(p) == base_year)
    return in_year[0] if in_year else None


def per_capita_factor(info: IndicatorInfo) -> float:
    """What a value is multiplied by before it is divided by its population: money to kr. per inhabitant (1,000
    for 1,000 kr.), people and everything else to per 1,000."""
    return _KRONER_PER_UNIT.get(info.unit, 1_000.0)


def apply_measure(frame: pd.DataFrame, measure: str, info: IndicatorInfo, base_year: int | None = None) -> pd.Series:
    """The values of `frame` (columns value, denominator_value, country_value, area_code, period) in `measure`.
    Missing stays missing: a NaN count gives a NaN rate, never 0."""
    if measure == "count":
        return frame["value"]
    if measure == "per_capita":
        per = per_capita_factor(info)
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


def decimals_for(measure: str, info: IndicatorInfo | None = None) -> int:
    """Decimals of a number in a sentence or on a slide: counts whole, rates, per capita and indices one."""
    if info is not None and is_rate(info):
        return RATE_DECIMALS
    return 0 if measure == "count" else 1


def figure_decimals(measure: str, info: IndicatorInfo) -> int | None:
    """Decimals a chart must show (None: as the figures choose from the data): a rate's own value one."""
    return RATE_DECIMALS if measure == "count" and is_rate(info) else None
