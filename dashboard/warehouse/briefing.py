"""What a region's briefing derives (the region page and its slides): the region against the country on every
indicator, the municipalities furthest above and below the country, and two index views over time (budget
pressure of the region's municipalities together; the psychiatry picture of region and municipalities side by
side). Built from selectors' functions, which keep their own values per data version; nothing is cached here
(a page's render is cached whole)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard.core.area_names import COUNTRY_CODE
from dashboard.core.formatting import format_number
from dashboard.core.measures import decimals_for, measure_label
from dashboard.core.periods import sort_periods
from dashboard.core.state import ViewState
from dashboard.core.texts import t
from dashboard.warehouse import budget
from dashboard.warehouse import selectors as ctx
from dashboard.warehouse.queries import Warehouse

EXTREMES_PER_SIDE = 5  # lines per list: what a reader takes in at a glance
BASE_YEARS_BACK = 5  # the default base year of an index: five years before the latest common year
# The psychiatry picture: the region's own psychiatry (hospital bed-days, REGR31 spending) beside the
# municipalities' residential and support services under the Social Services Act (HAND07).
PSYCHIATRY_REGIONAL = ("psychiatric_bed_days", "psychiatry_spending")
PSYCHIATRY_MUNICIPAL = ("adults_sel107", "adults_sel108", "adults_sel85")
LPR3_FIRST_YEAR = 2019  # the National Patient Register's third version: bed-days before and after differ


@dataclass(frozen=True)
class Standout:
    """One indicator at its latest period with both figures: the region against the country, in the indicator's
    natural unit (per capita where counts differ by size, a share or average as itself)."""

    indicator_id: str
    title: str
    unit: str  # e.g. 'pr. 1.000 befolkning 0–22 år'
    period: str
    measure: str
    decimals: int
    region_value: float
    country_value: float
    relative_pct: float  # 100 × (region / country − 1)
    points: float | None  # region − country in percentage points, for a share in per cent; else None

    @property
    def difference(self) -> float:
        """The difference as it is worded: percentage points for a share, per cent of the country otherwise."""
        return self.points if self.points is not None else self.relative_pct


@dataclass(frozen=True)
class Extreme:
    """One municipality on one indicator where it lies far from the country: its value, the country's, and its
    rank among all municipalities with a value (1 = highest)."""

    area_code: str
    area_name: str
    indicator_id: str
    title: str
    unit: str
    period: str
    decimals: int
    value: float
    country_value: float
    relative_pct: float
    points: float | None
    rank: int
    total: int

    @property
    def difference(self) -> float:
        return self.points if self.points is not None else self.relative_pct


def compared_indicator_ids(warehouse: Warehouse, region_code: str) -> list[str]:
    """Every indicator but population with figures for the region and the country (municipal ones, and the
    region-only psychiatry), in catalogue order."""
    cat = ctx.catalogue(warehouse)
    ids = []
    for indicator_id in cat.index:
        if cat.loc[indicator_id, "topic"] == "population":
            continue
        shape = ctx.indicator_shape(warehouse, str(indicator_id))
        if region_code in shape.area_codes and COUNTRY_CODE in shape.area_codes:
            ids.append(str(indicator_id))
    return ids


def _measure(warehouse: Warehouse, indicator_id: str) -> str:
    """Per capita where the indicator has a denominator, else its own value (a share, an average, a count)."""
    return ctx.resolve_measure(warehouse, ViewState(), indicator_id)


def _latest_shared_period(warehouse: Warehouse, indicator_id: str, measure: str, codes: Sequence[str]) -> str | None:
    """The latest period at which every one of `codes` has a value (nearly always the latest period itself)."""
    for period in reversed(ctx.indicator_shape(warehouse, indicator_id).periods):
        values = ctx.period_figures(warehouse, indicator_id, measure, None, period).values
        if all(code in values and pd.notna(values[code]) for code in codes):
            return period
    return None


def _points(warehouse: Warehouse, indicator_id: str, measure: str) -> bool:
    """A share in per cent, shown as itself, differs from the country by percentage points."""
    return ctx.indicator_info(warehouse, indicator_id).unit == "percent" and measure == "count"


def standouts(warehouse: Warehouse, region_code: str, lang: str = "da") -> list[Standout]:
    """The region against the country on every compared indicator, the largest difference (relative to the
    country) first. Kept per data version: the same on every view of the region's page (and its slides)."""
    return list(
        ctx.derived(warehouse, ("standouts", region_code, lang), lambda: _standouts(warehouse, region_code, lang))
    )


def _standouts(warehouse: Warehouse, region_code: str, lang: str) -> list[Standout]:
    cat = ctx.catalogue(warehouse)
    found = []
    for indicator_id in compared_indicator_ids(warehouse, region_code):
        measure = _measure(warehouse, indicator_id)
        period = _latest_shared_period(warehouse, indicator_id, measure, [region_code, COUNTRY_CODE])
        if period is None:
            continue
        values = ctx.period_figures(warehouse, indicator_id, measure, None, period).values
        region_value, country_value = float(values[region_code]), float(values[COUNTRY_CODE])
        if country_value == 0:
            continue  # no relative difference to a country of nothing
        info = ctx.indicator_info(warehouse, indicator_id, lang)
        found.append(
            Standout(
                indicator_id=indicator_id,
                title=ctx.indicator_title(ctx.one_row(cat, indicator_id), lang),
                unit=measure_label(measure, info, lang),
                period=period,
                measure=measure,
                decimals=decimals_for(measure, info),
                region_value=region_value,
                country_value=country_value,
                relative_pct=100.0 * (region_value / country_value - 1.0),
                points=region_value - country_value if _points(warehouse, indicator_id, measure) else None,
            )
        )
    return sorted(found, key=lambda s: -abs(s.relative_pct))


def member_codes(warehouse: Warehouse, region_code: str) -> list[str]:
    munis = ctx.municipalities(warehouse)
    return [str(c) for c in munis.loc[munis["region_code"] == region_code, "area_code"]]


def extremes(
    warehouse: Warehouse, region_code: str, lang: str = "da", per_side: int = EXTREMES_PER_SIDE
) -> tuple[list[Extreme], list[Extreme]]:
    """_extremes, kept per data version (the same on every view of the region's page)."""
    above, below = ctx.derived(
        warehouse, ("extremes", region_code, lang, per_side), lambda: _extremes(warehouse, region_code, lang, per_side)
    )
    return list(above), list(below)


def _extremes(warehouse: Warehouse, region_code: str, lang: str, per_side: int) -> tuple[list[Extreme], list[Extreme]]:
    """The region's municipalities furthest above and furthest below the country: on each side at most
    `per_side` lines, each municipality once, on the indicator where it ranks nearest the top (above) or the
    bottom (below) of all municipalities; a tie goes to the larger difference from the country. Ranks rather
    than raw differences, because indicators spread very differently (a small service varies by 200 %, spending
    by 20 %): 'nr. 1 af 98' says the same on every indicator."""
    cat = ctx.catalogue(warehouse)
    members = set(member_codes(warehouse, region_code))
    above: list[tuple[tuple[float, float], Extreme]] = []
    below: list[tuple[tuple[float, float], Extreme]] = []
    names = ctx.area_names(warehouse)
    for indicator_id in compared_indicator_ids(warehouse, region_code):
        if not ctx.indicator_shape(warehouse, indicator_id).has_municipal:
            continue
        measure = _measure(warehouse, indicator_id)
        period = _latest_shared_period(warehouse, indicator_id, measure, [COUNTRY_CODE])
        if period is None:
            continue
        figures = ctx.period_figures(warehouse, indicator_id, measure, None, period)
        country_value = float(figures.values[COUNTRY_CODE])
        if country_value == 0:
            continue
        info = ctx.indicator_info(warehouse, indicator_id, lang)
        total = len(figures.ranks)
        points = _points(warehouse, indicator_id, measure)
        title = ctx.indicator_title(ctx.one_row(cat, indicator_id), lang)
        unit, decimals = measure_label(measure, info, lang), decimals_for(measure, info)
        for code, rank in figures.ranks.items():
            if code not in members:
                continue
            value = float(figures.values[code])
            relative = 100.0 * (value / country_value - 1.0)
            item = Extreme(
                area_code=code,
                area_name=str(names[code]),
                indicator_id=indicator_id,
                title=title,
                unit=unit,
                period=period,
                decimals=decimals,
                value=value,
                country_value=country_value,
                relative_pct=relative,
                points=value - country_value if points else None,
                rank=rank,
                total=total,
            )
            if value > country_value:
                above.append(((rank, -relative), item))
            elif value < country_value:
                below.append(((total - rank, relative), item))
    return _one_per_area(above, per_side), _one_per_area(below, per_side)


def _one_per_area(candidates: list[tuple[tuple[float, float], Extreme]], limit: int) -> list[Extreme]:
    chosen: list[Extreme] = []
    for _, item in sorted(candidates, key=lambda pair: (pair[0], pair[1].area_name, pair[1].indicator_id)):
        if len(chosen) == limit:
            break
        if all(c.area_code != item.area_code for c in chosen):
            chosen.append(item)
    return chosen


def difference_words(difference: float, in_points: bool, lang: str = "da") -> str:
    """'23 pct. over landet', '1,2 procentpoint under landet', 'som landet' (when it rounds to nothing)."""
    decimals = 1 if in_points or abs(difference) < 10 else 0
    amount = format_number(abs(difference), decimals, lang)
    if amount == format_number(0.0, decimals, lang):
        return t("briefing_level", lang)
    side = "above" if difference > 0 else "below"
    return t(f"briefing_{side}_{'points' if in_points else 'pct'}", lang, amount=amount)


# --- indices over time -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexView:
    """Series as indices of one base year (= 100) over the years all of them have, each under a key: an
    indicator id, or 'spending' / 'recipients' for the budget view. `totals` are the values indexed."""

    base_year: str
    years: list[str]
    totals: dict[str, pd.Series]  # key → value by year (year as text)
    indices: dict[str, pd.Series]  # key → index by year, base year = 100

    def change_pct(self, key: str) -> float:
        """How much a series moved from the base year to the last year, in per cent."""
        return float(self.indices[key][self.years[-1]]) - 100.0

    def frame(self, labels: dict[str, str]) -> pd.DataFrame:
        """series (its label), period, index: what charts.index.index_chart draws."""
        return pd.concat(
            [
                pd.DataFrame({"series": labels[key], "period": self.years, "index": index[self.years].to_numpy()})
                for key, index in self.indices.items()
            ],
            ignore_index=True,
        )


def summed_annual(warehouse: Warehouse, indicator_id: str, area_codes: Iterable[str]) -> pd.Series:
    """Yearly values (the year, or the mean of its quarters) added up over the areas; a year in which any of
    them has no value is left out (a partial sum would fake a fall). The budget view's own (budget.py)."""
    return budget.summed_annual(warehouse, indicator_id, area_codes)


def _index_view(totals: dict[str, pd.Series], base_year: int | None, from_base: bool) -> IndexView | None:
    """Indices over the years every series has (two at least), based on `base_year` when it is one of them,
    else five years before the last. `from_base` leaves out the years before the base."""
    common: set[str] | None = None
    for series in totals.values():
        have = {str(y) for y in series.index}
        common = have if common is None else common & have
    years = sort_periods(common or ())
    if len(years) < 2:
        return None
    if base_year is not None and str(base_year) in years:
        base = str(base_year)
    else:
        target = int(years[-1][:4]) - BASE_YEARS_BACK
        base = next((y for y in years if int(y[:4]) >= target), years[0])
        if base == years[-1]:
            base = years[0]
    if from_base:
        years = [y for y in years if y >= base]
    aligned = {key: series.set_axis([str(y) for y in series.index]) for key, series in totals.items()}
    if any(aligned[key][base] == 0 for key in aligned):
        return None
    indices = {key: 100.0 * series[years] / series[base] for key, series in aligned.items()}
    return IndexView(base, years, {key: series[years] for key, series in aligned.items()}, indices)


def budget_view(
    warehouse: Warehouse, area_codes: Sequence[str], spending: str, recipients: Sequence[str], base_year: int | None
) -> IndexView | None:
    """Spending against recipients for a group of municipalities together (the region's): the spending
    indicator's sum, and the recipients' sum over every recipients indicator, as indices. None when an indicator
    is not loaded or fewer than two years have all figures. The page's budget view in current prices
    (budget.budget_view, which the region page and the profile draw with fixed prices and per recipient too)."""
    view = budget.budget_view(warehouse, area_codes, spending, recipients, base_year)
    if view is None:
        return None
    totals = {key: view.values(key) for key in ("spending", "recipients")}
    return IndexView(view.base_year, view.years, totals, {key: view.index(key) for key in totals})


def psychiatry_view(warehouse: Warehouse, region_code: str, base_year: int | None) -> IndexView | None:
    """_psychiatry_view, kept per data version (the same on every view of the region's page)."""
    key = ("psychiatry_view", region_code, base_year)
    return ctx.derived(warehouse, key, lambda: _psychiatry_view(warehouse, region_code, base_year))


def _psychiatry_view(warehouse: Warehouse, region_code: str, base_year: int | None) -> IndexView | None:
    """The region's psychiatric bed-days and psychiatry spending beside the recipients of §107, §108 and §85 in
    its municipalities together, as indices from the base year on (the years before it are left out: bed-days
    break at LPR3). Series whose indicator is not loaded are left out; None with fewer than two series."""
    cat = ctx.catalogue(warehouse)
    members = member_codes(warehouse, region_code)
    totals: dict[str, pd.Series] = {}
    for indicator_id in PSYCHIATRY_REGIONAL:
        if indicator_id in cat.index:
            series = ctx.annual_means(warehouse, indicator_id).get(region_code, pd.Series(dtype=float)).dropna()
            if len(series) >= 2:
                totals[indicator_id] = series
    for indicator_id in PSYCHIATRY_MUNICIPAL:
        if indicator_id in cat.index:
            series = summed_annual(warehouse, indicator_id, members)
            if len(series) >= 2:
                totals[indicator_id] = series
    if len(totals) < 2:
        return None
    return _index_view(totals, base_year, from_base=True)


def crosses_lpr3(view: IndexView) -> bool:
    """Whether bed-days in the view span the 2019 break (a year before it and one from it on)."""
    return "psychiatric_bed_days" in view.indices and int(view.years[0][:4]) < LPR3_FIRST_YEAR <= int(
        view.years[-1][:4]
    )


def movement_sentence(view: IndexView, labels: dict[str, str], lang: str = "da") -> str:
    """'Fra 2019 til 2024: sengedage i psykiatrien (regionen) faldt 4 pct.; § 107 … (kommunerne) steg 25 pct.'"""
    parts = []
    for key in view.indices:
        change = view.change_pct(key)
        amount = format_number(abs(change), 0 if abs(change) >= 10 else 1, lang)
        label = labels[key][:1].lower() + labels[key][1:]
        if amount == format_number(0.0, 0 if abs(change) >= 10 else 1, lang):
            parts.append(t("briefing_moved_flat", lang, label=label))
        else:
            parts.append(
                t("briefing_moved_up" if change > 0 else "briefing_moved_down", lang, label=label, amount=amount)
            )
    sentence = t("briefing_moved_intro", lang, first=view.base_year, last=view.years[-1]) + " " + "; ".join(parts)
    return sentence if sentence.endswith(".") else sentence + "."  # 'pct.' ends it already


def index_source_line(warehouse: Warehouse, indicator_ids: Iterable[str], lang: str = "da") -> str:
    """'Kilde: Egne beregninger baseret på tal fra Danmarks Statistik (HAND07, REGK31)', naming eSundhed.dk too
    when bed-days are among the figures."""
    cat = ctx.catalogue(warehouse)
    tables = sorted({str(cat.loc[i, "source_table"]) for i in indicator_ids if i in cat.index})
    statbank = [table for table in tables if not table.upper().startswith(ctx.ESUNDHED_SOURCE_PREFIX)]
    key = "briefing_source_with_esundhed" if len(statbank) < len(tables) else "source_own_calculation"
    return t(key, lang, tables=", ".join(statbank))
