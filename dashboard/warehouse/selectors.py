"""What pages need from the warehouse, derived from named queries (cached by data version in queries.py):
the catalogue of indicators, the areas, an indicator's values in a chosen unit, and the source line."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import duckdb
import pandas as pd
from cachetools import LRUCache
from flask import current_app

from dashboard.core.measures import IndicatorInfo, apply_measure, available_measures
from dashboard.core.peers import OWN_CHOICE, peer_codes, peer_table
from dashboard.core.periods import periods_per_year
from dashboard.core.source_status import SourceIssue, by_indicator, danish_date, issues_from_frame, on_profile
from dashboard.core.state import NotFound, ViewState, parse_state
from dashboard.core.texts import t
from dashboard.warehouse.queries import Warehouse

ESUNDHED_SOURCE_PREFIX = "ESUNDHED"
T = TypeVar("T")
_log = logging.getLogger("socialtal.context")


def current_warehouse() -> Warehouse:
    """The warehouse this app serves (set by create_app)."""
    return current_app.config["SOCIALTAL_WAREHOUSE"]


# Bounded by bytes, not by count: a data version's working set is ~600 values (the demo's pages in every unit:
# ~100 indicator frames, 16 MB, and ~500 small values). A bound of 256 values dropped frames that the next part
# drawn needed again: a profile's parts made the same indicator's frame ~9 times over (3,600 values made for 586).
DERIVED_CACHE_BYTES = 48_000_000
SMALL_VALUE_BYTES = 16_000  # counted for any value but a frame (dicts of ~100 areas, matrices, key-figure rows)


def approx_bytes(value: object) -> int:
    """What a derived value adds to memory: a frame its own columns (the strings in them are the query frame's,
    shared); anything else a fixed estimate above the measured mean (~7 KB)."""
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(index=True, deep=False).sum())
    return SMALL_VALUE_BYTES


_DERIVED: LRUCache[tuple, Any] = LRUCache(maxsize=DERIVED_CACHE_BYTES, getsizeof=approx_bytes)
_DERIVED_LOCK = threading.Lock()


def _derived(warehouse: Warehouse, key: str | tuple, make: Callable[[], T]) -> T:
    """Values derived from queries, kept per data version (least recently used dropped first): a profile page
    asks for the same catalogue row, unit conversion and source line many times a render. Threads may race to
    make the same value; both results are equal (and pandas frames are copy-on-write), so the race is harmless."""
    full_key = (warehouse.data_version(), key)
    with _DERIVED_LOCK:
        if full_key in _DERIVED:
            return _DERIVED[full_key]
    value = make()
    with _DERIVED_LOCK:
        _DERIVED[full_key] = value
    return value


def derived(warehouse: Warehouse, key: str | tuple, make: Callable[[], T]) -> T:
    """A value derived from queries by another warehouse module, kept per data version as the selectors' own
    (dashboard/warehouse/matrices.py)."""
    return _derived(warehouse, key, make)


def catalogue(warehouse: Warehouse) -> pd.DataFrame:
    return _derived(
        warehouse, "catalogue", lambda: warehouse.query("indicator_catalogue").set_index("indicator_id", drop=False)
    )


def areas(warehouse: Warehouse) -> pd.DataFrame:
    return warehouse.query("areas_list")


def municipalities(warehouse: Warehouse) -> pd.DataFrame:
    return _derived(warehouse, "municipalities", lambda: areas(warehouse)[areas(warehouse)["area_level"] == "kommune"])


def area_names(warehouse: Warehouse) -> dict[str, str]:
    """Every area's name by its code (the municipalities, the regions, the country), kept per data version: shared,
    never change it."""

    def make() -> dict[str, str]:
        frame = areas(warehouse)
        return dict(zip(frame["area_code"], frame["area_name"], strict=True))

    return _derived(warehouse, "area_names", make)


def municipality_codes(warehouse: Warehouse) -> frozenset[str]:
    """The 98 municipality codes, kept per data version (every address with a municipality checks against them)."""
    return _derived(warehouse, "municipality_codes", lambda: frozenset(municipalities(warehouse)["area_code"]))


def municipality_options(warehouse: Warehouse) -> list[tuple[str, str]]:
    """(code, name) of every municipality in `municipalities`' order: a municipality picker's options, kept per
    data version (two pickers of 98 cost ~0.4 ms of every profile made from the frame). Shared: never change it."""

    def make() -> list[tuple[str, str]]:
        munis = municipalities(warehouse)
        return list(zip(munis["area_code"], munis["area_name"], strict=True))

    return _derived(warehouse, "municipality_options", make)


def indicator_ids(warehouse: Warehouse) -> frozenset[str]:
    """Every indicator in the catalogue, kept per data version."""
    return _derived(warehouse, "indicator_ids", lambda: frozenset(catalogue(warehouse).index))


def municipal_indicator_ids(warehouse: Warehouse) -> list[str]:
    """Indicators other than population with figures for the municipalities (a ranking of 98 makes sense)."""

    def make() -> pd.DataFrame:
        cat = catalogue(warehouse)
        ids = [
            i
            for i in cat.index
            if cat.loc[i, "topic"] != "population"
            and (warehouse.query("indicator_values_with_denominator", indicator_id=i)["area_level"] == "kommune").any()
        ]
        return pd.DataFrame({"indicator_id": ids})

    return _derived(warehouse, "municipal_indicators", make)["indicator_id"].tolist()


def source_issues(warehouse: Warehouse) -> tuple[SourceIssue, ...]:
    """The stale and missing sources (empty when all are ok). A warehouse built before sources had a status
    (schema version 2) has none to report: its views lack the column, and every source counts as ok."""

    def make() -> tuple[SourceIssue, ...]:
        try:
            frame = warehouse.query("source_status")
        except duckdb.BinderException as exc:
            _log.warning("source status unknown (a warehouse older than schema version 3?): %s", exc)
            return ()
        return issues_from_frame(frame)

    return _derived(warehouse, "source_issues", make)


SERIES_BREAK_COLUMNS = (
    "indicator_id",
    "source_id",
    "source_table",
    "period",
    "label_da",
    "label_en",
    "note_da",
    "note_en",
    "title_da",
    "title_en",
)


def series_breaks(warehouse: Warehouse) -> pd.DataFrame:
    """Every declared series break, one row per indicator it affects (query `series_breaks`). A warehouse built
    before breaks were declared has no main.series_breaks: it is served without breaks until its next `etl run`."""

    def make() -> pd.DataFrame:
        try:
            return warehouse.query("series_breaks")
        except duckdb.CatalogException as exc:
            _log.warning("no series breaks (a warehouse built before they were declared?): %s", exc)
            return pd.DataFrame(columns=list(SERIES_BREAK_COLUMNS))

    return _derived(warehouse, "series_breaks", make)


def breaks_of(warehouse: Warehouse, indicator_ids: Iterable[str]) -> pd.DataFrame:
    """The series breaks of these indicators (the rows of series_breaks; filter or assign, never change them)."""
    frame = series_breaks(warehouse)
    return frame[frame["indicator_id"].isin(list(indicator_ids))]


def issue_of(warehouse: Warehouse, indicator_id: str) -> SourceIssue | None:
    """The stale or missing source an indicator comes from, or None when its source is ok."""
    return _derived(warehouse, "issues_by_indicator", lambda: by_indicator(source_issues(warehouse))).get(indicator_id)


@dataclass(frozen=True)
class MissingIndicator:
    """An indicator of a source that never loaded: the catalogue (loaded indicators only) does not have it."""

    indicator_id: str
    title_da: str
    title_en: str
    topic: str
    municipal: bool
    on_profile: bool
    issue: SourceIssue

    def title(self, lang: str) -> str:
        return self.title_da if lang == "da" else self.title_en


def missing_indicators(warehouse: Warehouse) -> list[MissingIndicator]:
    """Every indicator of a missing source that is not loaded, in the order of query `source_status`."""

    def make() -> list[MissingIndicator]:
        loaded = set(catalogue(warehouse).index)
        return [
            MissingIndicator(
                indicator_id,
                issue.titles_da[i],
                issue.titles_en[i],
                issue.topics[i],
                issue.municipal[i],
                on_profile(issue, i),
                issue,
            )
            for issue in source_issues(warehouse)
            if issue.status == "missing"
            for i, indicator_id in enumerate(issue.indicator_ids)
            if indicator_id not in loaded
        ]

    return _derived(warehouse, "missing_indicators", make)


def missing_municipal_indicators(warehouse: Warehouse) -> list[MissingIndicator]:
    """Missing indicators that would be offered where the municipal ones are (Sammenlign, Kort, Region)."""
    return [m for m in missing_indicators(warehouse) if m.municipal and m.topic != "population"]


def latest_population(warehouse: Warehouse) -> pd.Series:
    def make() -> pd.Series:
        frame = warehouse.query("indicator_values_with_denominator", indicator_id="population")
        return frame[frame["period"] == frame["period"].max()].set_index("area_code")["value"]

    return _derived(warehouse, "latest_population", make)


def peers_of(warehouse: Warehouse, own_code: str, peer_group: str, own_choice: Iterable[str] = ()) -> list[str]:
    """The comparable municipalities of `own_code` (core.peers). A group's peers for all 98 are kept per data
    version (one entry in the derived cache, not one per municipality): pandas masks took ~1 ms of every cold
    profile. An own choice is checked against the areas each time."""
    if peer_group == OWN_CHOICE:
        return peer_codes(own_code, peer_group, areas(warehouse), latest_population(warehouse), list(own_choice))

    def make() -> dict[str, tuple[str, ...]]:
        return peer_table(peer_group, areas(warehouse), latest_population(warehouse))

    return list(_derived(warehouse, ("peers_of", peer_group), make).get(own_code, ()))


def is_demo(warehouse: Warehouse) -> bool:
    return _derived(warehouse, "is_demo", lambda: bool(warehouse.query("warehouse_info").iloc[0]["is_demo"]))


def one_row(frame: pd.DataFrame, label: str | int) -> pd.Series:
    """`frame.loc[label]` on an index that is unique (the catalogue by indicator_id, areas by area_code): the row.
    pandas-stubs type it Series | DataFrame, as a label that repeats would give a frame."""
    row = frame.loc[label]
    assert isinstance(row, pd.Series), f"{label!r} repeats in the index"
    return row


def catalogue_row(warehouse: Warehouse, indicator_id: str) -> pd.Series:
    """The catalogue's row of `indicator_id` (KeyError for an unknown one), from a dict of every row kept per data
    version: a `.loc` costs ~0.1 ms, and a profile's first sight read six. Shared: never change it in place."""
    return _derived(warehouse, "catalogue_rows", lambda: dict(catalogue(warehouse).iterrows()))[indicator_id]


def municipality_row(warehouse: Warehouse, code: str) -> pd.Series:
    """The municipality's row of `municipalities` (KeyError for a code that is none), as `catalogue_row`."""

    def make() -> dict[str, pd.Series]:
        return {str(row["area_code"]): row for _, row in municipalities(warehouse).iterrows()}

    return _derived(warehouse, "municipality_rows", make)[code]


def indicator_title(row: pd.Series, lang: str) -> str:
    return str(row["title_da"] if lang == "da" else row["title_en"])


def indicator_info(warehouse: Warehouse, indicator_id: str, lang: str = "da") -> IndicatorInfo:
    def make() -> IndicatorInfo:
        cat = catalogue(warehouse)
        row = cat.loc[indicator_id]
        denominator = row["denominator_id"] if isinstance(row["denominator_id"], str) else None
        denominator_title = (
            indicator_title(one_row(cat, denominator), lang)
            if denominator is not None and denominator in cat.index
            else None
        )
        return IndicatorInfo(indicator_id, str(row["unit"]), denominator, str(row["aggregation"]), denominator_title)

    return _derived(warehouse, ("indicator_info", indicator_id, lang), make)


def indicator_values(warehouse: Warehouse, indicator_id: str, measure: str, base_year: int | None) -> pd.DataFrame:
    """Every area and period of one indicator, with `shown` = the value in the chosen measure (shared between
    callers: filter or assign, never change it in place)."""

    def make() -> pd.DataFrame:
        frame = warehouse.query("indicator_values_with_denominator", indicator_id=indicator_id)
        info = indicator_info(warehouse, indicator_id)
        return frame.assign(shown=apply_measure(frame, measure, info, base_year))

    return _derived(warehouse, ("indicator_values", indicator_id, measure, base_year), make)


@dataclass(frozen=True)
class PeriodFigures:
    """One indicator in one unit at one period: every area's value and the municipalities' ranks (1 = highest)."""

    values: dict[str, float]
    ranks: dict[str, int]


def period_figures(
    warehouse: Warehouse, indicator_id: str, measure: str, base_year: int | None, period: str
) -> PeriodFigures:
    """Kept per data version: the profile's 20 summaries and the slides read the same ranks many times."""

    def make() -> PeriodFigures:
        at = indicator_values(warehouse, indicator_id, measure, base_year)
        at = at[at["period"] == period]
        municipal = at[at["area_level"] == "kommune"].dropna(subset=["shown"])
        ranks = municipal.set_index("area_code")["shown"].rank(ascending=False, method="min")
        return PeriodFigures(
            dict(zip(at["area_code"], at["shown"], strict=True)), {str(code): int(rank) for code, rank in ranks.items()}
        )

    return _derived(warehouse, ("period_figures", indicator_id, measure, base_year, period), make)


def first_values_in_year(warehouse: Warehouse, indicator_id: str, measure: str, base_year: int) -> dict[str, float]:
    """Each area's first value (missing included) in a year: the year itself, or its first quarter or month."""

    def make() -> dict[str, float]:
        shown = indicator_values(warehouse, indicator_id, measure, base_year)
        rows = shown[shown["period"].str[:4] == str(base_year)].drop_duplicates("area_code", keep="first")
        return dict(zip(rows["area_code"], rows["shown"], strict=True))

    return _derived(warehouse, ("first_values_in_year", indicator_id, measure, base_year), make)


def resolve_measure(warehouse: Warehouse, state: ViewState, indicator_id: str, lenient: bool = False) -> str:
    """The requested measure if it makes sense for the indicator, else per capita where there is a
    denominator, else the count. A measure the indicator does not have is a bad address (NotFound), or, when
    `lenient`, the default (a page's unit kept in the address while the indicator changed to a rate)."""
    offered = available_measures(indicator_info(warehouse, indicator_id))
    if state.measure in offered:
        return state.measure
    if state.measure is not None and state.measure not in offered and not lenient:
        raise NotFound(f"measure={state.measure}")
    return "per_capita" if "per_capita" in offered else "count"


def periods(frame: pd.DataFrame) -> list[str]:
    return sorted(frame["period"].unique().tolist())


def annual_means(warehouse: Warehouse, indicator_id: str) -> dict[str, pd.Series]:
    """Per area, yearly values: the year itself, or the mean of its quarters (quarterly counts of people)."""

    def make() -> dict[str, pd.Series]:
        frame = warehouse.query("indicator_values_with_denominator", indicator_id=indicator_id)
        means = frame.groupby([frame["area_code"], frame["period"].str[:4].rename("period")])["value"].mean()
        return {str(code): series.droplevel(0) for code, series in means.groupby(level=0)}

    return _derived(warehouse, ("annual_means", indicator_id), make)


def whole_year_means(warehouse: Warehouse, indicator_id: str) -> dict[str, pd.Series]:
    """Per area, the mean of each year whose every period has a value: 12 months, 4 quarters, or the year
    itself. A price index's year is the mean of its 12 months; a year under way (or one the table starts in
    December) is left out, where annual_means would take the mean of the months there are."""

    def make() -> dict[str, pd.Series]:
        frame = warehouse.query("indicator_values_with_denominator", indicator_id=indicator_id)
        frame = frame[frame["value"].notna()]
        frame = frame.assign(year=frame["period"].str[:4], needed=frame["period"].map(periods_per_year))
        grouped = frame.groupby(["area_code", "year"])
        whole = grouped["period"].nunique() == grouped["needed"].first()
        means = grouped["value"].mean()[whole].rename_axis(["area_code", "period"])
        return {str(code): series.droplevel(0) for code, series in means.groupby(level=0)}

    return _derived(warehouse, ("whole_year_means", indicator_id), make)


@dataclass(frozen=True)
class IndicatorShape:
    """Which areas and periods an indicator has figures for, and whether municipalities are among them."""

    area_codes: frozenset[str]
    periods: list[str]
    has_municipal: bool


def indicator_shape(warehouse: Warehouse, indicator_id: str) -> IndicatorShape:
    def make() -> IndicatorShape:
        frame = warehouse.query("indicator_values_with_denominator", indicator_id=indicator_id)
        return IndicatorShape(
            frozenset(frame["area_code"]), periods(frame), bool((frame["area_level"] == "kommune").any())
        )

    return _derived(warehouse, ("indicator_shape", indicator_id), make)


def default_base_year(period_list: list[str], latest: str) -> int:
    """Five years before the latest period, or the first year available."""
    first = int(period_list[0][:4])
    return max(first, int(latest[:4]) - 5)


def source_line(warehouse: Warehouse, indicator_id: str, lang: str) -> str:
    def make() -> str:
        row = catalogue(warehouse).loc[indicator_id]
        table = str(row["source_table"])
        updated = danish_date(row["dst_updated"] if pd.notna(row["dst_updated"]) else row["fetched_at"])
        if table.upper().startswith(ESUNDHED_SOURCE_PREFIX):
            line = t("source_esundhed", lang, updated=updated)
        else:
            line = t("source_line_dated", lang, table=table, updated=updated)
        issue = issue_of(warehouse, indicator_id)
        return f"{line} {t('source_not_refreshed', lang)}" if issue is not None and issue.status == "stale" else line

    return _derived(warehouse, ("source_line", indicator_id, lang), make)


@dataclass(frozen=True)
class IndicatorView:
    """One indicator as a page shows it: in which unit, over which periods, at which period, from which base."""

    indicator_id: str
    measure: str
    periods: list[str]
    period: str
    base_year: int
    missing: MissingIndicator | None = None  # the indicator's source never loaded: nothing to draw


def indicator_page(
    warehouse: Warehouse, query: dict[str, str], default_indicator: str
) -> tuple[ViewState, IndicatorView]:
    """The state and indicator view of a page about one municipal indicator (Sammenlign, Kort, Region). An
    indicator of a missing source is a known address: its view says so (`missing`) instead of drawing."""
    known = set(municipal_indicator_ids(warehouse)) | {m.indicator_id for m in missing_municipal_indicators(warehouse)}
    state = parse_state(query, known, municipality_codes(warehouse))
    return state, indicator_view(warehouse, state, default_indicator)


def indicator_view(warehouse: Warehouse, state: ViewState, default_indicator: str) -> IndicatorView:
    """Resolve the URL's indicator, unit, period and base year against the data; NotFound names a bad one.
    When the default indicator's source is missing, the page opens on the first municipal indicator loaded."""
    available = municipal_indicator_ids(warehouse)
    fallback = default_indicator if default_indicator in available or not available else available[0]
    indicator_id = state.indicator or fallback
    missing = next((m for m in missing_municipal_indicators(warehouse) if m.indicator_id == indicator_id), None)
    if missing is not None:
        return IndicatorView(indicator_id, "count", [], "", 0, missing)
    measure = resolve_measure(warehouse, state, indicator_id, lenient=True)
    period_list = list(indicator_shape(warehouse, indicator_id).periods)  # kept per data version; a copy to hand on
    period = state.period or period_list[-1]
    if period not in period_list:
        raise NotFound(f"period={period}")
    base_year = state.base or default_base_year(period_list, period_list[-1])
    return IndicatorView(indicator_id, measure, period_list, period, base_year)
