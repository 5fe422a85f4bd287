"""Region and country values computed from municipalities where the source publishes none: sums for additive
indicators (per source, before it is written) and population-weighted means for rates (on the whole warehouse)."""

from __future__ import annotations

from typing import cast

import duckdb
import pandas as pd

from etl.areas import COUNTRY_CODE, load_areas
from etl.registry import Indicator, Registry

FACT_COLUMNS = ["indicator_id", "area_code", "period", "value", "is_computed"]


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
