"""From a source's raw rows to tidy facts (indicator_id, area_code, period, value), following the
source YAML's rules, then region and country values computed from municipalities where DST publishes none."""

from __future__ import annotations

from dataclasses import dataclass, field
from math import prod
from typing import cast

import duckdb
import pandas as pd

from etl.areas import COUNTRY_CODE, load_areas, normalise_area_code
from etl.bulk import parse_values
from etl.registry import Indicator, IndicatorRule, Registry, ValueSpec
from etl.resolve import ResolvedRequest
from etl.statbank import Variable

FACT_COLUMNS = ["indicator_id", "area_code", "period", "value", "is_computed"]


class DeriveError(ValueError):
    """The data does not fit the source's rules (e.g. an unselected variable carries several values)."""


@dataclass
class DeriveReport:
    dropped_area_codes: set[str] = field(default_factory=set)  # e.g. 411, 998, landsdele: not in the contract


def _normalised_areas(codes: pd.Series) -> pd.Series:
    """Normalise each distinct code once: a table has ~100 areas but up to ~200,000 rows."""
    return codes.map({code: normalise_area_code(code) for code in codes.unique()})


def derive_statbank(resolved: ResolvedRequest, raw: pd.DataFrame, report: DeriveReport) -> pd.DataFrame:
    source, info = resolved.source, resolved.info
    known_areas = set(load_areas()["area_code"])
    area_var = resolved.area_variable
    area_col = area_var.upper() if area_var else None
    time_var = next(v for v in info.variables if v.is_time)
    frame = pd.DataFrame(
        {
            "area_code": _normalised_areas(raw[area_col]) if area_col else COUNTRY_CODE,
            "period": raw["TID"].astype("category"),
            "value": parse_values(raw["INDHOLD"], raw),
        }
    )
    for var in info.variables:
        if not var.is_time and var.id != area_var:
            frame[var.id] = raw[var.id.upper()].astype("category")  # few distinct codes: fast isin and groupby
    in_contract = frame["area_code"].isin(known_areas)
    report.dropped_area_codes |= set(raw.loc[~in_contract, area_col]) if area_col else set()
    frame = frame[in_contract]

    # The full grid the request asked for: StatBank leaves out combinations equal to suppressedDataValue.
    periods = _requested(time_var, resolved.variables[time_var.id])
    if area_var:
        area_codes = {
            normalise_area_code(c)
            for c in _requested(resolved.variable(source.area_variable or ""), resolved.variables[area_var])
        } & known_areas
    else:
        area_codes = {COUNTRY_CODE}
    grid = pd.MultiIndex.from_product([sorted(area_codes), periods], names=["area_code", "period"])

    parts = []
    for rule in source.rules:
        values = _sum_rule(resolved, frame, rule.select, rule, grid)
        if rule.subtract is not None:
            values = values - _sum_rule(resolved, frame, rule.subtract, rule, grid)
        part = values.rename("value").reset_index()
        part.insert(0, "indicator_id", rule.indicator_id)
        parts.append(part)
    facts = pd.concat(parts, ignore_index=True)
    facts["is_computed"] = False
    return facts[FACT_COLUMNS]


def _requested(var: Variable, requested: list[str]) -> list[str]:
    """The codes of `var` a request asked for, in tableinfo's order."""
    wanted = None if requested == ["*"] else set(requested)
    return [code for code, _ in var.values if wanted is None or code in wanted]


def _sum_rule(
    resolved: ResolvedRequest,
    frame: pd.DataFrame,
    select: dict[str, ValueSpec],
    rule: IndicatorRule,
    grid: pd.MultiIndex,
) -> pd.Series:
    """Sum of the rows matching `select` per area and period. A '..' anywhere in the sum makes it missing;
    absent combinations count as the table's suppressedDataValue."""
    source, info = resolved.source, resolved.info
    mask = pd.Series(True, index=frame.index)
    combos_per_cell = 1
    selected = {resolved.names[name]: (name, spec) for name, spec in select.items()}
    for var in info.variables:
        if var.is_time or var.id == resolved.area_variable:
            continue
        if var.id in selected:
            name, spec = selected[var.id]
            codes = resolved.rule_codes(name, spec)
            if not codes:
                raise DeriveError(f"{source.id}: {rule.indicator_id}: no {var.id} value matches {spec.describe()}")
            mask &= frame[var.id].isin(codes)
            combos_per_cell *= len(codes)
        else:
            present = frame[var.id].unique()
            if len(present) > 1:
                raise DeriveError(
                    f"{source.id}: {rule.indicator_id}: variable {var.id} carries several values "
                    f"({', '.join(sorted(present)[:5])}); select one in the indicator rule"
                )
    rows = frame[mask]
    grouped = rows.assign(missing=rows["value"].isna()).groupby(["area_code", "period"], observed=True)
    sums = grouped["value"].sum()
    counts = grouped.size()
    any_missing = grouped["missing"].any()
    absent = combos_per_cell - counts
    result = sums + absent * info.suppressed_value
    result[any_missing] = float("nan")
    # Cells with no row at all are entirely suppressed combinations.
    return result.reindex(grid, fill_value=prod([combos_per_cell, info.suppressed_value]))


def add_computed_aggregates(facts: pd.DataFrame, indicators: dict[str, Indicator]) -> pd.DataFrame:
    """Regions from their municipalities and the country from the regions (or municipalities), for additive
    indicators at levels the source does not publish. A missing part makes the aggregate missing: a partial
    sum would understate the region without saying so."""
    areas = load_areas()
    level = dict(zip(areas["area_code"], areas["area_level"], strict=True))
    region_of = dict(zip(areas["area_code"], areas["region_code"], strict=True))
    # keyed by region_code, a text column (pandas-stubs type the keys as Hashable)
    n_per_region = cast(dict[str, int], areas[areas["area_level"] == "kommune"].groupby("region_code").size().to_dict())
    added = []
    for indicator_id, rows in facts.groupby("indicator_id", sort=False):
        if indicators[str(indicator_id)].aggregation != "sum":
            continue
        levels = set(rows["area_code"].map(level))
        if "region" not in levels and "kommune" in levels:
            munis = rows[rows["area_code"].map(level) == "kommune"]
            regions = _strict_sum(munis.assign(area_code=munis["area_code"].map(region_of)), n_per_region)
            added.append(regions.assign(indicator_id=indicator_id))
            rows = pd.concat([rows, added[-1]])
            levels.add("region")
        if "land" not in levels:
            base = rows[rows["area_code"].map(level) == ("region" if "region" in levels else "kommune")]
            expected = 5 if "region" in levels else 98
            land = _strict_sum(base.assign(area_code=COUNTRY_CODE), {COUNTRY_CODE: expected})
            added.append(land.assign(indicator_id=indicator_id))
    if not added:
        return facts
    computed = pd.concat(added, ignore_index=True).assign(is_computed=True)[FACT_COLUMNS]
    return pd.concat([facts, computed], ignore_index=True)


def _strict_sum(rows: pd.DataFrame, expected_parts: dict[str, int]) -> pd.DataFrame:
    grouped = rows.groupby(["area_code", "period"])["value"]
    out = pd.DataFrame({"value": grouped.sum(), "n": grouped.count(), "size": grouped.size()}).reset_index()
    complete = out["n"] == out["area_code"].map(expected_parts)
    out.loc[~complete, "value"] = float("nan")
    return out[["area_code", "period", "value"]]


def add_weighted_aggregates(con: duckdb.DuckDBPyConnection, registry: Registry) -> None:
    """Regions and the country of rates (aggregation weighted_mean) at the levels their source does not
    publish: the mean of the 98 municipalities' values weighted by the indicator's denominator population of the
    same period (annual figures: the population on 1 January, FOLK1A's K1, as queries/
    indicator_values_with_denominator.sql divides). A missing part or weight makes the aggregate missing. Run on
    the whole warehouse, after every source is in, because the weights come from another source; earlier
    computed rows are replaced, so revised populations reweigh."""
    for ind in registry.indicators.values():
        if ind.aggregation != "weighted_mean":
            continue
        con.execute("delete from facts.indicator_values where indicator_id = ? and is_computed", [ind.indicator_id])
        con.execute(
            """
            insert into facts.indicator_values
            with published as (
                select distinct a.area_level
                from facts.indicator_values as f
                join dim.areas as a using (area_code)
                where f.indicator_id = $indicator_id
            ),
            parts as (
                select f.period, f.value, f.source_id, a.region_code,
                       coalesce(same_period.value, first_quarter.value) as weight
                from facts.indicator_values as f
                join dim.areas as a using (area_code)
                left join facts.indicator_values as same_period
                    on same_period.indicator_id = $denominator_id and same_period.area_code = f.area_code
                    and same_period.period = f.period
                left join facts.indicator_values as first_quarter
                    on first_quarter.indicator_id = $denominator_id and first_quarter.area_code = f.area_code
                    and first_quarter.period = f.period || 'K1'
                where f.indicator_id = $indicator_id and a.area_level = 'kommune'
            ),
            expected as (
                select region_code as area_code, count(*) as n from dim.areas where area_level = 'kommune' group by all
                union all
                select '000', count(*) from dim.areas where area_level = 'kommune'
            ),
            grouped as (
                select region_code as area_code, 'region' as area_level, period, value, weight, source_id from parts
                union all
                select '000', 'land', period, value, weight, source_id from parts
            ),
            final as (
                select $indicator_id as indicator_id, g.area_code, g.period,
                       case when count(g.value) = e.n and count(g.weight) = e.n and sum(g.weight) > 0
                            then sum(g.value * g.weight) / sum(g.weight) end as value,
                       true as is_computed, any_value(g.source_id) as source_id
                from grouped as g
                join expected as e using (area_code)
                where g.area_level not in (select area_level from published)
                group by g.area_code, g.period, e.n
            )
            select * from final
        """,
            {"indicator_id": ind.indicator_id, "denominator_id": ind.denominator_id},
        )
