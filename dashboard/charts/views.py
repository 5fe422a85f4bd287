"""Charts that more than one place shows: the profile page, image export and (later) embeds and slides build
them here from the same view state, so an exported image is exactly the chart on screen."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dashboard.charts import breaks
from dashboard.charts.breaks import SeriesBreak
from dashboard.charts.ranking import ranking_chart
from dashboard.charts.theme import Figure, d3_format, numeric
from dashboard.charts.trend import trend_chart, trend_figure, wide_matrix
from dashboard.core.area_names import COUNTRY_CODE, area_name
from dashboard.core.measures import figure_decimals, measure_label
from dashboard.core.peers import OWN_CHOICE
from dashboard.core.periods import period_label, period_range
from dashboard.core.state import NotFound, ViewState, parse_state
from dashboard.core.texts import t
from dashboard.warehouse import matrices
from dashboard.warehouse import selectors as ctx


@dataclass(frozen=True)
class TrendChart:
    figure: Figure
    table: pd.DataFrame  # what the chart shows: newest period first, one column per area (see area_table)
    title: str
    shown: pd.DataFrame  # every area and period in the chosen measure (for summaries and ranks)
    latest: str
    base_year: int
    measure: str
    unit: str
    has_municipal: bool


def municipality_chart_for(
    warehouse: ctx.Warehouse,
    code: str | None,
    indicator_id: str | None,
    query: dict[str, str],
    height: int = 460,
    width: int = 720,
) -> tuple[ViewState, pd.Series, TrendChart]:
    """The profile chart an address names (`/…/<code>/<indicator>?<view>`), titled with the municipality, for
    image export and embeds; NotFound says which part of the address is wrong."""
    munis = ctx.municipalities(warehouse).set_index("area_code", drop=False)
    cat = ctx.catalogue(warehouse)
    state = parse_state(query, set(cat.index), set(munis.index))
    if code is None or code not in munis.index:
        raise NotFound.text("not_found_unknown_kommune", code=code)
    if indicator_id is None or indicator_id not in cat.index:
        missing = next((m for m in ctx.missing_indicators(warehouse) if m.indicator_id == indicator_id), None)
        if missing is not None:  # a known indicator whose source never loaded: say so, not "unknown"
            raise NotFound.text("not_found_source_missing", indicator_id=indicator_id, source=missing.issue.source_id)
        raise NotFound.text("not_found_unknown_indicator", indicator_id=indicator_id)
    ctx.resolve_measure(warehouse, state, indicator_id)  # a unit the indicator does not have is a bad address
    own = ctx.one_row(munis, code)
    peers = ctx.peers_of(warehouse, code, state.peer_group, state.areas)
    chart = municipality_trend(
        warehouse, indicator_id, own, state, peers, height=height, width=width, title_prefix=f"{own['area_name']}: "
    )
    if chart is None:
        raise NotFound.text("not_found_national_only", indicator_id=indicator_id)
    return state, own, chart


def trend_subject(warehouse: ctx.Warehouse, indicator_id: str, own: pd.Series | Mapping[str, object]) -> str | None:
    """The area a municipality's trend of `indicator_id` is about: the municipality, or its region where only the
    regions have figures; None where neither has any (national-only figures: no chart in a profile). `own` is a
    row of the municipalities, or a dict with its area_code and region_code."""
    shape = ctx.indicator_shape(warehouse, indicator_id)
    subject = str(own["area_code"] if shape.has_municipal else own["region_code"])
    return subject if shape.periods and subject in shape.area_codes else None


def municipality_trend(
    warehouse: ctx.Warehouse,
    indicator_id: str,
    own: pd.Series,
    state: ViewState,
    peers: list[str],
    height: int = 460,
    width: int = 720,
    title_prefix: str = "",
) -> TrendChart | None:
    """One indicator for a municipality against its region, the country and its peers (a lowest–highest band).
    None for national-only figures, which have nothing to say about a municipality."""
    lang = state.lang
    try:
        measure = ctx.resolve_measure(warehouse, state, indicator_id)
    except NotFound:
        measure = "count"
    subject = trend_subject(warehouse, indicator_id, own)
    if subject is None:
        return None
    shape = ctx.indicator_shape(warehouse, indicator_id)
    has_municipal = shape.has_municipal
    period_list = shape.periods
    latest = period_list[-1]
    base_year = state.base or ctx.default_base_year(period_list, latest)
    shown = ctx.indicator_values(warehouse, indicator_id, measure, base_year)
    info = ctx.indicator_info(warehouse, indicator_id, lang)
    roles = {own["area_code"]: "own", own["region_code"]: "region", COUNTRY_CODE: "country"}
    roles |= {p: "peer" for p in (peers if has_municipal else [])}
    matrix = matrices.indicator_matrix(warehouse, indicator_id, measure, base_year)
    chosen = _rows_of_areas(matrix, roles, lang)
    codes, names, row_roles, periods, values = chosen.codes, chosen.names, chosen.roles, chosen.periods, chosen.values
    unit = measure_label(measure, info, lang, base_year)
    title = ctx.indicator_title(ctx.catalogue_row(warehouse, indicator_id), lang)
    frame: dict[str, Any] = dict(
        title=title_prefix + title,
        subtitle=f"{unit} · {period_range(period_list[0], latest, lang)}",
        source_line=ctx.source_line(warehouse, indicator_id, lang),
        unit_label=unit,
        lang=lang,
        demo=ctx.is_demo(warehouse),
        peer_band=True,
        height=height,
        width=width,
        decimals=figure_decimals(measure, info),
        breaks=indicator_breaks(warehouse, [indicator_id], lang),
    )
    if not codes or not periods:
        figure = trend_chart(pd.DataFrame(columns=["area_code", "area_name", "role", "period", "value"]), **frame)
    else:
        figure = trend_figure(codes, names, row_roles, periods, values, **frame)
    decimals = int(d3_format(values, figure_decimals(measure, info))[2])
    in_table = [i for i, role in enumerate(row_roles) if role != "peer" or state.peer_group == OWN_CHOICE]
    table = rows_table(
        [codes[i] for i in in_table],
        [names[i] for i in in_table],
        [row_roles[i] for i in in_table],
        periods,
        values[in_table],
        [bool(has) for has in matrix.present[chosen.rows[in_table]][:, chosen.columns].any(axis=0)],
        lang,
        decimals,
    )
    return TrendChart(figure, table, title, shown, latest, base_year, measure, unit, has_municipal)


def areas_trend(
    warehouse: ctx.Warehouse,
    indicator_id: str,
    measure: str,
    base_year: int | None,
    roles: Mapping[str, str],
    **frame: Any,
) -> tuple[Figure, pd.DataFrame]:
    """The areas of `roles` (area code -> role, as trend_chart reads it) over time, and the table behind the chart
    (area_table's): rows of the indicator's matrix, kept per data version, in its order, as a filter of the long
    frame keeps them. `frame`: trend_figure's keywords (title, lang, decimals, …)."""
    lang = frame["lang"]
    chosen = _rows_of_areas(matrices.indicator_matrix(warehouse, indicator_id, measure, base_year), roles, lang)
    if not chosen.codes or not chosen.periods:
        empty = pd.DataFrame(columns=["area_code", "area_name", "role", "period", "value"])
        return trend_chart(empty, **frame), area_table(empty, lang, 0)
    shown = (chosen.codes, chosen.names, chosen.roles, chosen.periods, chosen.values)
    table_decimals = int(d3_format(chosen.values, frame.get("decimals"))[2])
    return trend_figure(*shown, **frame), rows_table(*shown, None, lang, table_decimals)


@dataclass(frozen=True)
class _AreaRows:
    """The rows of chosen areas in an indicator's matrix (its order, by area code) and the periods they have rows
    for: what trend_figure and rows_table draw."""

    codes: list[str]
    names: list[str]  # the country in the page's language
    roles: list[str]
    periods: list[str]
    values: np.ndarray  # areas × periods
    rows: np.ndarray  # the matrix's row of each area
    columns: np.ndarray  # the matrix's column of each period


def _rows_of_areas(matrix: matrices.IndicatorMatrix, roles: Mapping[str, str], lang: str) -> _AreaRows:
    rows = matrix.rows_of(roles)
    columns = np.flatnonzero(matrix.present[rows].any(axis=0)) if rows else np.array([], dtype=int)
    codes = [matrix.area_codes[r] for r in rows]
    row_index = np.array(rows, dtype=int)
    return _AreaRows(
        codes=codes,
        names=[area_name(code, matrix.area_names[r], lang) for code, r in zip(codes, rows, strict=True)],
        roles=[roles[code] for code in codes],
        periods=[matrix.periods[c] for c in columns],
        values=matrix.values[row_index][:, columns],
        rows=row_index,
        columns=columns,
    )


def indicator_breaks(warehouse: ctx.Warehouse, indicator_ids: Iterable[str], lang: str) -> tuple[SeriesBreak, ...]:
    """The series breaks of a chart's indicators (trend_chart's `breaks`), in the page's language; kept per data
    version (a profile asks for every indicator's, and the budget charts' again)."""
    ids = tuple(indicator_ids)
    return ctx.derived(
        warehouse, ("indicator_breaks", ids, lang), lambda: breaks.from_frame(ctx.breaks_of(warehouse, ids), lang)
    )


def series_breaks(
    warehouse: ctx.Warehouse, made_from: Mapping[str, Iterable[str]], lang: str
) -> dict[str, tuple[SeriesBreak, ...]]:
    """Each series of an index chart (by its name) with the breaks of the indicators it is made from
    (index_chart's `breaks`): spending per recipient breaks where its spending or its recipients do."""
    return {name: indicator_breaks(warehouse, ids, lang) for name, ids in made_from.items()}


TABLE_ROLE_ORDER = {"own": 0, "region": 1, "country": 2}  # then every other area, by name


def shown_decimals(values: pd.Series, decimals: int | None) -> int:
    """The decimals a chart's hover and labels show for these values (theme.d3_format), for its table."""
    return int(d3_format(numeric(values), decimals)[2])


def area_table(series: pd.DataFrame, lang: str, decimals: int) -> pd.DataFrame:
    """The table behind a trend chart: one column per area, the own municipality, the region and the country
    first, then the others by name (the country named in the page's language); see period_table for the rows.

    series: area_code, area_name, role, period, value (as trend_chart takes it)."""
    meta, period_list, matrix = wide_matrix(series)
    names = meta["area_name"].tolist()
    return rows_table(list(meta.index), names, meta["role"].tolist(), period_list, matrix, None, lang, decimals)


def rows_table(
    codes: Sequence[str],
    names: Sequence[str],
    roles: Sequence[str],
    periods: Sequence[str],
    matrix: np.ndarray,
    has_rows: Sequence[bool] | None,
    lang: str,
    decimals: int,
) -> pd.DataFrame:
    """area_table of areas given as rows of `matrix` (areas × `periods`); `has_rows`, when given, says which
    periods these areas have figures for (the others are left out, as a table of their long frame has them not)."""
    if has_rows is not None:
        keep = [i for i, has in enumerate(has_rows) if has]
        periods, matrix = [periods[i] for i in keep], matrix[:, keep]
    names = [area_name(code, name, lang) for code, name in zip(codes, names, strict=True)]
    order = sorted(range(len(codes)), key=lambda i: (TABLE_ROLE_ORDER.get(roles[i], len(TABLE_ROLE_ORDER)), names[i]))
    return period_table(list(periods), {names[i]: matrix[i] for i in order}, lang, decimals)


def period_table(periods: list[str], columns: dict[str, np.ndarray], lang: str, decimals: int) -> pd.DataFrame:
    """A chart's data table: the newest period first, its label in the page's language under the header
    'Periode' / 'Period', then one column per series (`columns`: header → values in the time order of `periods`)
    rounded to `decimals`, the decimals the chart shows. `attrs["decimals"]` tells the grid and the CSV to show
    exactly that many (components.lazy_table)."""
    newest_first = slice(None, None, -1)
    table = pd.DataFrame(
        {
            t("period", lang): [period_label(p, lang) for p in periods[newest_first]],
            **{
                header: np.round(np.asarray(values, dtype=float)[newest_first], decimals)
                for header, values in columns.items()
            },
        }
    )
    table.attrs["decimals"] = decimals
    return table


def ranking_table(ranked: pd.DataFrame, unit: str, lang: str, decimals: int) -> pd.DataFrame:
    """The table behind a ranking or a map: the municipality, its rank (1 = highest; equal values share one), its
    value in the chart's unit (the header) rounded to `decimals`, and its code; highest first, no value last.

    ranked: area_code, area_name, value (as ranking_chart takes it)."""
    values = pd.to_numeric(ranked["value"], errors="coerce").astype(float)
    frame = pd.DataFrame(
        {
            "name": ranked["area_name"].astype(str).to_numpy(),
            "rank": values.rank(ascending=False, method="min").astype("Int64").array,
            "value": np.round(values.to_numpy(), decimals),
            "code": ranked["area_code"].astype(str).to_numpy(),
        }
    ).sort_values(["value", "name"], ascending=[False, True], na_position="last")
    table = frame.rename(
        columns={
            "name": t("municipality", lang),
            "rank": t("col_rank", lang),
            "value": unit[:1].upper() + unit[1:],
            "code": t("col_municipality_code", lang),
        }
    ).reset_index(drop=True)
    table.attrs["decimals"] = decimals
    return table


def region_ranking(
    warehouse: ctx.Warehouse, indicator_id: str, region_code: str, state: ViewState, height: int = 540, width: int = 960
) -> tuple[Figure, str, pd.DataFrame]:
    """A region's municipalities ranked on one indicator at its latest period (or the state's period), in the
    state's unit, per capita where there is a denominator. Returns the figure, the period shown and every area
    and period of the indicator in that unit (column `shown`: the region, the country and the municipalities,
    for key numbers next to the chart)."""
    lang = state.lang
    measure = ctx.resolve_measure(warehouse, state, indicator_id)
    frame = warehouse.query("indicator_values_with_denominator", indicator_id=indicator_id)
    period_list = ctx.periods(frame)
    if not period_list:
        raise NotFound(f"indicator={indicator_id}")
    latest = state.period if state.period in period_list else period_list[-1]
    base_year = state.base or ctx.default_base_year(period_list, period_list[-1])
    shown = ctx.indicator_values(warehouse, indicator_id, measure, base_year)
    members = ctx.municipalities(warehouse)
    members = members[members["region_code"] == region_code]
    ranked = shown[(shown["period"] == latest) & shown["area_code"].isin(members["area_code"])]
    ranked = ranked[["area_code", "area_name", "shown"]].rename(columns={"shown": "value"})
    info = ctx.indicator_info(warehouse, indicator_id, lang)
    unit = measure_label(measure, info, lang, base_year)
    region_name = ctx.areas(warehouse).set_index("area_code").loc[region_code, "area_name"]
    title = f"{region_name!s}: {ctx.indicator_title(ctx.one_row(ctx.catalogue(warehouse), indicator_id), lang)}"
    figure = ranking_chart(
        ranked,
        highlight_codes=set(),
        own_code=None,
        title=title,
        subtitle=f"{unit} · {period_label(latest, lang)}",
        source_line=ctx.source_line(warehouse, indicator_id, lang),
        unit_label=unit,
        lang=lang,
        demo=ctx.is_demo(warehouse),
        decimals=figure_decimals(measure, info),
    )
    figure.update_layout(height=height, width=width)  # the slide's size: up to ~30 bars fit in 540 px
    return figure, latest, shown
