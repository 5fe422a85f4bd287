"""Key figures: each topic's lead indicators for one municipality at their latest period, in the page's unit,
against its region, the country and its peers, with its rank among the 98, its change since the base year, its
trend, and whether it lies above or below the region and the country.

Derived only from values selectors already keeps per data version (the frames the profile's charts and
sentences read), so the strip at the top of the profile costs no queries of its own."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from dashboard.core.area_names import COUNTRY_CODE
from dashboard.core.measures import IndicatorInfo, available_measures, decimals_for, is_rate, measure_label
from dashboard.core.state import NotFound, ViewState
from dashboard.warehouse import matrices
from dashboard.warehouse import selectors as ctx

# The lead indicators of each topic, in the order the strip shows them: the one place that chooses them.
LEAD_INDICATORS: dict[str, tuple[str, ...]] = {
    "children": ("children_placed", "children_preventive_measures"),
    "adults": ("adults_sel108",),
    "spending": ("spending_children_special_needs", "spending_adults_special_needs"),
    "psychiatry": ("psychiatric_bed_days",),
}
Versus = Literal["above", "below", "level"]
Judgement = Literal["better", "worse"]


@dataclass(frozen=True)
class Change:
    """The change since the base year: per cent of the base value, or percentage points for a share."""

    value: float
    is_points: bool
    base_year: int


@dataclass(frozen=True)
class KeyFigure:
    """One lead indicator of one municipality, as the strip shows it (values in `measure`)."""

    indicator_id: str
    topic: str
    title: str
    unit: str  # the unit line in the page's language, e.g. "pr. 1.000 befolkning 0–22 år"
    measure: str
    decimals: int
    period: str  # the latest period: every value below is of it
    polarity: str  # neutral, higher_is_better or lower_is_better (the catalogue's column)
    has_municipal: bool  # False: only the regions have figures, and the region speaks for the municipality
    subject_code: str  # the municipality, or its region where only the regions have figures
    own: float | None  # the municipality's value; None where only the regions have figures
    region: float | None
    country: float | None
    peers_low: float | None  # the lowest and highest of the comparable municipalities with a value
    peers_high: float | None
    peer_count: int
    rank: int | None  # among the municipalities with a value, 1 = highest
    rank_total: int
    change: Change | None
    versus_region: Versus | None  # the municipality against its region (None where only regions have figures)
    versus_country: Versus | None  # the subject against the country
    compared_in: str | None  # the measure of that comparison: `measure`, or per capita where `measure` is a size
    trend: tuple[tuple[str, float | None], ...]  # the subject's (period, value) in time order


def key_figures(warehouse: ctx.Warehouse, own: pd.Series, state: ViewState, peers: list[str]) -> list[KeyFigure]:
    """The strip's rows for a municipality (`own`: a row of selectors.municipalities), in LEAD_INDICATORS' order;
    an indicator that is not loaded (a missing source) or has no figures for the municipality or its region is
    left out (its topic's section says why)."""
    loaded = ctx.indicator_ids(warehouse)
    code, region_code = str(own["area_code"]), str(own["region_code"])
    return [
        figure
        for topic, indicator_ids in LEAD_INDICATORS.items()
        for indicator_id in indicator_ids
        if indicator_id in loaded
        and (figure := key_figure(warehouse, indicator_id, topic, code, region_code, state, peers)) is not None
    ]


@dataclass(frozen=True)
class _Shared:
    """What an indicator's key figure in a view's unit, base year and language shares across the 98
    municipalities: made once per data version, so a municipality's row is a few dictionary lookups (a cold
    profile's first sight read ~60 derived values for its six rows)."""

    shape: ctx.IndicatorShape
    measure: str
    latest: str
    base_year: int
    title: str
    unit: str
    decimals: int
    polarity: str
    points: bool  # a share in per cent: its change is in percentage points
    at: ctx.PeriodFigures  # every area at the latest period, in `measure`
    base_values: dict[str, float]  # every area's first value in the base year
    compared_in: str | None
    compared: dict[str, float]  # every area at the latest period, in `compared_in`
    compare_decimals: int
    trends: dict[str, tuple[tuple[str, float | None], ...]]  # every area's (period, value) where it has a row


def _shared(warehouse: ctx.Warehouse, indicator_id: str, state: ViewState) -> _Shared | None:
    """None when the indicator has no periods."""

    def make() -> _Shared | None:
        lang = state.lang
        try:
            measure = ctx.resolve_measure(warehouse, state, indicator_id)
        except NotFound:
            measure = "count"  # as the chart: a unit the indicator lacks (per 1,000 of a share) shows its value
        shape = ctx.indicator_shape(warehouse, indicator_id)
        if not shape.periods:
            return None
        latest = shape.periods[-1]
        base_year = state.base or ctx.default_base_year(shape.periods, latest)
        info = ctx.indicator_info(warehouse, indicator_id, lang)
        at = ctx.period_figures(warehouse, indicator_id, measure, base_year, latest)
        compared_in = comparison_measure(measure, info)
        if compared_in is None:
            compared: dict[str, float] = {}
        elif compared_in == measure:
            compared = at.values
        else:
            compared = ctx.period_figures(warehouse, indicator_id, compared_in, base_year, latest).values
        catalogue_row = ctx.catalogue_row(warehouse, indicator_id)
        return _Shared(
            shape=shape,
            measure=measure,
            latest=latest,
            base_year=base_year,
            title=ctx.indicator_title(catalogue_row, lang),
            unit=measure_label(measure, info, lang, base_year),
            decimals=decimals_for(measure, info),
            polarity=str(catalogue_row["polarity"]),
            points=is_points(measure, info),
            at=at,
            base_values=ctx.first_values_in_year(warehouse, indicator_id, measure, base_year),
            compared_in=compared_in,
            compared=compared,
            compare_decimals=decimals_for(compared_in or measure, info),
            trends=_trends(matrices.indicator_matrix(warehouse, indicator_id, measure, base_year)),
        )

    return ctx.derived(warehouse, ("key_figure", indicator_id, state.measure, state.base, state.lang), make)


def key_figure(
    warehouse: ctx.Warehouse,
    indicator_id: str,
    topic: str,
    code: str,
    region_code: str,
    state: ViewState,
    peers: list[str],
) -> KeyFigure | None:
    """The row of municipality `code` (in region `region_code`), in the unit, base year and latest period the
    indicator's chart on the profile uses."""
    shared = _shared(warehouse, indicator_id, state)
    if shared is None:
        return None
    shape, at, compared = shared.shape, shared.at, shared.compared
    subject = code if shape.has_municipal else region_code
    if subject not in shape.area_codes:
        return None
    peer_values = [v for p in peers if (v := finite(at.values.get(p))) is not None] if shape.has_municipal else []
    return KeyFigure(
        indicator_id=indicator_id,
        topic=topic,
        title=shared.title,
        unit=shared.unit,
        measure=shared.measure,
        decimals=shared.decimals,
        period=shared.latest,
        polarity=shared.polarity,
        has_municipal=shape.has_municipal,
        subject_code=subject,
        own=finite(at.values.get(subject)) if shape.has_municipal else None,
        region=finite(at.values.get(region_code)),
        country=finite(at.values.get(COUNTRY_CODE)),
        peers_low=min(peer_values) if peer_values else None,
        peers_high=max(peer_values) if peer_values else None,
        peer_count=len(peer_values),
        rank=at.ranks.get(subject) if shape.has_municipal else None,
        rank_total=len(at.ranks),
        change=change_since(
            finite(at.values.get(subject)), finite(shared.base_values.get(subject)), shared.points, shared.base_year
        ),
        versus_region=versus(compared.get(subject), compared.get(region_code), shared.compare_decimals)
        if shape.has_municipal
        else None,
        versus_country=versus(compared.get(subject), compared.get(COUNTRY_CODE), shared.compare_decimals),
        compared_in=shared.compared_in,
        trend=shared.trends[subject],
    )


def _trends(matrix: matrices.IndicatorMatrix) -> dict[str, tuple[tuple[str, float | None], ...]]:
    """Each area's row of the indicator's matrix: its periods in time order where it has a figure or a NULL (all
    areas at once, ~1.5 ms, so that no municipality's first view pays for its own)."""
    return {
        code: tuple(
            (period, finite(value))
            for period, value, has in zip(
                matrix.periods, matrix.values[row].tolist(), matrix.present[row].tolist(), strict=True
            )
            if has
        )
        for code, row in matrix.rows.items()
    }


def comparison_measure(measure: str, info: IndicatorInfo) -> str | None:
    """The unit in which 'above the region' means something: a count or a share of the country measures size (a
    municipality has fewer placed children than its region), so those compare per capita where the indicator has
    a denominator; a rate's own value, per capita and an index compare as they are."""
    if measure in ("per_capita", "index") or is_rate(info):
        return measure
    return "per_capita" if "per_capita" in available_measures(info) else None


def is_points(measure: str, info: IndicatorInfo) -> bool:
    """A share in per cent, shown as itself, changes by percentage points, not by per cent of itself."""
    return info.unit == "percent" and measure == "count"


def change_since(now: float | None, base: float | None, points: bool, base_year: int) -> Change | None:
    """The change from `base` (the first value in the base year) to `now`; None when either is missing, or the
    base is 0 and a per cent of it means nothing."""
    if now is None or base is None or (base == 0 and not points):
        return None
    return Change(now - base if points else 100.0 * (now / base - 1.0), points, base_year)


def versus(value: float | None, other: float | None, decimals: int) -> Versus | None:
    """'level' when the two are equal as shown (at `decimals`), so the words never contradict the numbers."""
    a, b = finite(value), finite(other)
    if a is None or b is None:
        return None
    if round(a, decimals) == round(b, decimals):
        return "level"
    return "above" if a > b else "below"


def judgement(polarity: str, position: Versus | None) -> Judgement | None:
    """Better or worse only for an indicator whose polarity says which way is better; None for neutral ones."""
    if position is None or position == "level" or polarity not in ("higher_is_better", "lower_is_better"):
        return None
    higher_is_better = polarity == "higher_is_better"
    return "better" if (position == "above") == higher_is_better else "worse"


def finite(value: object) -> float | None:
    """A finite number as a float; None for missing (None, NaN, pandas' NA)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None
