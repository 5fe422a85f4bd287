"""Flere borgere, samme penge? The budget view of one municipality or of a group of them together (a region's):
a spending indicator (1,000 kr., current prices) against the recipients it pays for (persons; a quarterly count
as the mean of its year), in current and in fixed prices, with spending per recipient, and the answer in words.

Fixed prices: spending deflated by the consumer price index (`DEFLATOR_ID`, StatBank's PRIS01, national, the mean
of each year's 12 months), in the prices of the latest year the view has an index for:
fixed(year) = current(year) / (cpi(year) / cpi(price year)). The CPI measures households' prices, not the
municipalities' costs (mostly wages), so fixed prices here are an approximation; the chart and Om data say so.

The profile, the region page and the region's slides read this one computation (briefing.budget_view too)."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.core.area_names import COUNTRY_CODE
from dashboard.core.formatting import format_number
from dashboard.core.periods import sort_periods
from dashboard.core.texts import t
from dashboard.warehouse import selectors as ctx
from dashboard.warehouse.queries import Warehouse

DEFLATOR_ID = "consumer_price_index"
DEFLATOR_TABLE = "PRIS01"  # the table etl/sources/pris01.yaml reads: named where a warehouse has no record of it
BASE_YEARS_BACK = 5  # the default base year: five years before the latest common year
KR_PER_DKK_THOUSANDS = 1000  # spending indicators are in 1,000 kr.
# The series the chart draws, in its order: spending in current and in fixed prices, recipients, and spending
# per recipient in fixed prices (the line that answers the question). Without a deflator: the first and third.
SERIES = ("spending", "spending_fixed", "recipients", "per_recipient_fixed")


@dataclass(frozen=True)
class BudgetView:
    """Spending and recipients over the years both have (two at least), and the price index for them.

    spending: 1,000 kr. in current prices by year; recipients: persons by year; price_index: the CPI's mean of
    each year of `years` (NaN where there is none; all NaN when the deflator is not loaded)."""

    base_year: str
    years: list[str]
    spending: pd.Series
    recipients: pd.Series
    price_index: pd.Series
    deflator_table: str | None  # the table the price index comes from ("PRIS01"), None when unknown

    @property
    def last_year(self) -> str:
        return self.years[-1]

    @property
    def price_year(self) -> str | None:
        """Fixed prices are this year's prices: the latest year of the view with a price index."""
        have = self.price_index.dropna()
        return str(have.index[-1]) if not have.empty else None

    @property
    def has_fixed_prices(self) -> bool:
        """Whether the base year and the last year both have a price index (what the change in fixed prices
        compares)."""
        return bool(pd.notna(self.price_index[self.base_year]) and pd.notna(self.price_index[self.last_year]))

    @property
    def missing_price_years(self) -> list[str]:
        return [year for year in self.years if pd.isna(self.price_index[year])]

    @functools.cached_property
    def _arrays(self) -> dict[str, np.ndarray]:
        """Every series of `values` over `years`, computed once per view in numpy (a profile draws two views,
        each asked for ~20 series); the same operations in the same order as on the pandas series, so the same
        numbers."""
        spending = self.spending[self.years].to_numpy(dtype=float)
        recipients = self.recipients[self.years].to_numpy(dtype=float)
        prices = self.price_index[self.years].to_numpy(dtype=float)
        price_year = self.price_year
        with np.errstate(all="ignore"):
            fixed = (
                spending * float("nan")
                if price_year is None
                else spending / (prices / float(self.price_index[price_year]))
            )
            arrays = {
                "spending": spending,
                "spending_fixed": fixed,
                "recipients": recipients,
                "per_recipient": KR_PER_DKK_THOUSANDS * spending / recipients,
                "per_recipient_fixed": KR_PER_DKK_THOUSANDS * fixed / recipients,
            }
        for array in arrays.values():
            array.setflags(write=False)
        return arrays

    @functools.cached_property
    def _year_index(self) -> pd.Index:
        """`years` as the index of every series the view gives: one Index, shared (pandas never changes one), made
        once; a text index costs ~40 µs to build and a chart asks for ~20 series."""
        return pd.Index(self.years)

    def spending_fixed(self) -> pd.Series:
        """1,000 kr. in the price year's prices (NaN in a year without a price index)."""
        return self.values("spending_fixed")

    def per_recipient(self) -> pd.Series:
        """kr. per recipient, current prices."""
        return self.values("per_recipient")

    def per_recipient_fixed(self) -> pd.Series:
        """kr. per recipient in the price year's prices."""
        return self.values("per_recipient_fixed")

    def values(self, key: str) -> pd.Series:
        """A series by its key in SERIES (or 'per_recipient'), in its own unit, by year."""
        return pd.Series(self._arrays[key], index=self._year_index)

    def index_array(self, key: str) -> np.ndarray:
        """A series as an index of the base year (= 100), as numbers in the order of `years`."""
        values = self._arrays[key]
        with np.errstate(all="ignore"):
            return 100.0 * values / values[self.years.index(self.base_year)]

    def index(self, key: str) -> pd.Series:
        """A series as an index of the base year (= 100)."""
        return pd.Series(self.index_array(key), index=self._year_index)

    def indices(self) -> dict[str, pd.Series]:
        """What the chart draws: every series of SERIES as an index, the fixed-price ones only when the base
        year has a price index."""
        fixed = pd.notna(self.price_index[self.base_year])
        return {key: self.index(key) for key in SERIES if fixed or not key.endswith("_fixed")}

    def change_pct(self, key: str) -> float:
        """How much a series moved from the base year to the last year, in per cent."""
        values = self._arrays[key]
        last, base = values[-1], values[self.years.index(self.base_year)]
        return 100.0 * (float(last) / float(base) - 1.0)


def summed_annual(warehouse: Warehouse, indicator_id: str, area_codes: Iterable[str]) -> pd.Series:
    """Yearly values (the year, or the mean of its quarters) added up over the areas; a year in which any of
    them has no value is left out (a partial sum would fake a fall)."""
    by_area = ctx.annual_means(warehouse, indicator_id)
    total: pd.Series | None = None
    for code in area_codes:
        if code not in by_area:
            return pd.Series(dtype=float)
        total = by_area[code] if total is None else total.add(by_area[code])  # NaN unless both have the year
    return pd.Series(dtype=float) if total is None else total.dropna()


def price_index(warehouse: Warehouse) -> pd.Series:
    """The deflator by year: the mean of each whole year's months (empty when the deflator is not loaded)."""
    if DEFLATOR_ID not in ctx.catalogue(warehouse).index:
        return pd.Series(dtype=float)
    # national: the country's index applies to every area
    return ctx.whole_year_means(warehouse, DEFLATOR_ID).get(COUNTRY_CODE, pd.Series(dtype=float))


def deflator_table(warehouse: Warehouse) -> str | None:
    """The StatBank table of the deflator: from the catalogue, or from the source status when it never loaded."""
    cat = ctx.catalogue(warehouse)
    if DEFLATOR_ID in cat.index:
        return str(cat.loc[DEFLATOR_ID, "source_table"])
    missing = next((m for m in ctx.missing_indicators(warehouse) if m.indicator_id == DEFLATOR_ID), None)
    return missing.issue.table_id if missing is not None else None


def default_base(years: Sequence[str], base_year: int | None) -> str:
    """`base_year` when the view has it, else five years before the last (the first year when there are fewer)."""
    if base_year is not None and str(base_year) in years:
        return str(base_year)
    target = int(years[-1][:4]) - BASE_YEARS_BACK
    base = next((y for y in years if int(y[:4]) >= target), years[0])
    return years[0] if base == years[-1] else base


def budget_view(
    warehouse: Warehouse, area_codes: Sequence[str], spending: str, recipients: Sequence[str], base_year: int | None
) -> BudgetView | None:
    """The spending indicator summed over `area_codes` against the sum of every recipients indicator, over the
    years all of them have. None when an indicator is not loaded, fewer than two years have all figures, or a
    series is nothing in the base year (no index of nothing). Kept per data version: a municipality's view is the
    same in every unit and with any peers its profile shows (and read again by its slides)."""
    key = ("budget_view", tuple(area_codes), spending, tuple(recipients), base_year)
    return ctx.derived(warehouse, key, lambda: _budget_view(warehouse, area_codes, spending, recipients, base_year))


def _budget_view(
    warehouse: Warehouse, area_codes: Sequence[str], spending: str, recipients: Sequence[str], base_year: int | None
) -> BudgetView | None:
    cat = ctx.catalogue(warehouse)
    if spending not in cat.index or not all(r in cat.index for r in recipients):
        return None
    money = summed_annual(warehouse, spending, area_codes)
    parts = pd.concat([summed_annual(warehouse, r, area_codes) for r in recipients], axis=1)
    people = parts.sum(axis=1, min_count=len(recipients)).dropna()
    years = sort_periods({str(y) for y in money.index} & {str(y) for y in people.index})
    if len(years) < 2:
        return None
    base = default_base(years, base_year)
    money, people = (s.set_axis([str(y) for y in s.index])[years].astype(float) for s in (money, people))
    if money[base] == 0 or people[base] == 0:
        return None
    prices = price_index(warehouse)
    prices = prices.set_axis([str(y) for y in prices.index]).reindex(years).astype(float)
    return BudgetView(base, years, money, people, prices, deflator_table(warehouse))


# --- in words --------------------------------------------------------------------------------------------------


def _direction(change: float, lang: str) -> tuple[str, str]:
    """('up' | 'down' | 'flat', the amount as written): flat when the change rounds to nothing."""
    decimals = 0 if abs(change) >= 10 else 1
    amount = format_number(abs(change), decimals, lang)
    if amount == format_number(0.0, decimals, lang) or not math.isfinite(change):
        return "flat", amount
    return ("up" if change > 0 else "down"), amount


def answer(view: BudgetView, lang: str = "da") -> str:
    """The question answered from the figures, neutrally: '2019–2024: udgifterne steg 14 pct., modtagerne steg
    14 pct. Udgiften pr. modtager er uændret i løbende priser og faldet ca. 12 pct. i faste priser
    (2024-priser). I 2024 var udgiften 412.000 kr. pr. modtager.'"""
    moved = []
    for key in ("spending", "recipients"):
        direction, amount = _direction(view.change_pct(key), lang)
        moved.append(t(f"budget_answer_{key}_{direction}", lang, amount=amount))
    parts = [t("budget_answer_moved", lang, first=view.base_year, last=view.last_year, moves=", ".join(moved))]
    direction, amount = _direction(view.change_pct("per_recipient"), lang)
    current = t(f"budget_answer_per_recipient_{direction}", lang, amount=amount)
    if view.has_fixed_prices:
        direction, amount = _direction(view.change_pct("per_recipient_fixed"), lang)
        fixed = t(f"budget_answer_per_recipient_fixed_{direction}", lang, amount=amount)
        parts.append(t("budget_answer_per_recipient", lang, current=current, fixed=fixed, price_year=view.price_year))
    else:
        parts.append(t("budget_answer_per_recipient_current_only", lang, current=current))
        parts.append(no_fixed_prices_reason(view, lang))
    level = float(view.per_recipient()[view.last_year])
    if math.isfinite(level):
        rounded = format_number(round(level, -3), 0, lang)  # to the nearest 1,000 kr.: a ratio, not a price
        parts.append(t("budget_answer_level", lang, year=view.last_year, amount=rounded))
    return " ".join(_sentence(part) for part in parts)


def no_fixed_prices_reason(view: BudgetView, lang: str = "da") -> str:
    """Why the view has no change in fixed prices: the deflator is not loaded, or lacks a year the view needs."""
    if view.deflator_table is None:
        return t("budget_no_fixed_prices_unknown", lang)
    if view.price_index.isna().all():
        return t("budget_no_fixed_prices_missing", lang, table=view.deflator_table)
    lacking = [y for y in (view.base_year, view.last_year) if pd.isna(view.price_index[y])]
    return t("budget_no_fixed_prices_years", lang, table=view.deflator_table, years=", ".join(lacking))


def _sentence(text: str) -> str:
    """A sentence with its first letter in upper case and one full stop ('pct.' ends it already)."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."
