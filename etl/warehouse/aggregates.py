"""Region and country values computed from municipalities where the source publishes none: sums for additive
indicators (per source, before it is written) and population-weighted means for rates (on the whole warehouse).
Both in SQL, on tables of the run's connection."""

from __future__ import annotations

import weakref

import duckdb

from etl.areas import COUNTRY_CODE, load_areas
from etl.registry import Indicator, Registry

FACT_COLUMNS = ["indicator_id", "area_code", "period", "value", "is_computed"]
REFERENCE_AREAS = "reference_areas"  # a temporary table: data/reference/areas.csv, for the sums below
_HAS_REFERENCE_AREAS: weakref.WeakSet[duckdb.DuckDBPyConnection] = weakref.WeakSet()  # connections that have it


def create_facts_table(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """A temporary table of one source's facts, before they are written (FACT_COLUMNS)."""
    con.execute(f"""create or replace temp table {name} (
        indicator_id varchar not null, area_code varchar not null, period varchar not null, value double,
        is_computed boolean not null)""")


def _reference_areas(con: duckdb.DuckDBPyConnection) -> None:
    """The areas as a temporary table of `con` (dim.areas is written after the sources), made once per connection
    (binding the areas as a parameter costs more than the sums of a small source)."""
    if con in _HAS_REFERENCE_AREAS:
        return
    areas = load_areas()  # checks the file
    con.execute(
        f"""create temp table if not exists {REFERENCE_AREAS} as
            select unnest(?::struct(area_code varchar, area_level varchar, region_code varchar)[],
                          recursive := true)""",
        [[{"area_code": a.area_code, "area_level": a.area_level, "region_code": a.region_code} for a in areas]],
    )
    _HAS_REFERENCE_AREAS.add(con)


def add_computed_aggregates(con: duckdb.DuckDBPyConnection, facts: str, indicators: dict[str, Indicator]) -> None:
    """Regions from their municipalities and the country from the regions (or municipalities), for additive
    indicators at levels the source does not publish, added to the temporary facts table `facts`. A missing part
    makes the aggregate missing: a partial sum would understate the region without saying so. Three statements
    for all the source's indicators: DuckDB's cost is per query more than per row."""
    additive = [indicator_id for indicator_id, ind in indicators.items() if ind.aggregation == "sum"]
    if not additive:
        return
    _reference_areas(con)
    levels: dict[str, set[str]] = {}
    for indicator_id, level in con.execute(
        f"""select distinct f.indicator_id, a.area_level from {facts} as f join {REFERENCE_AREAS} as a using (area_code)
            where f.indicator_id in (select unnest(?::varchar[]))""",
        [additive],
    ).fetchall():
        levels.setdefault(indicator_id, set()).add(level)
    to_regions = [i for i, found in levels.items() if "region" not in found and "kommune" in found]
    if to_regions:
        # regions with no municipality at all get no row; a region is complete when all its municipalities are
        con.execute(
            f"""insert into {facts}
                with parts as (
                    select f.indicator_id, a.region_code as area_code, f.period, f.value
                    from {facts} as f join {REFERENCE_AREAS} as a using (area_code)
                    where f.indicator_id in (select unnest(?::varchar[])) and a.area_level = 'kommune'
                ),
                expected as (
                    select region_code as area_code, count(*) as n from {REFERENCE_AREAS}
                    where area_level = 'kommune' group by all
                )
                select indicator_id, area_code, period,
                       case when count(p.value) = any_value(e.n) then fsum(p.value) end, true
                from parts as p join expected as e using (area_code)
                group by indicator_id, area_code, period
                order by indicator_id, area_code, period""",
            [to_regions],
        )
        for indicator_id in to_regions:
            levels[indicator_id].add("region")
    for base, expected in (("region", 5), ("kommune", 98)):
        to_country = [i for i, found in levels.items() if "land" not in found and (base in found) == (base == "region")]
        if to_country:
            con.execute(
                f"""insert into {facts}
                    select f.indicator_id, '{COUNTRY_CODE}', f.period,
                           case when count(f.value) = {expected} then fsum(f.value) end, true
                    from {facts} as f join {REFERENCE_AREAS} as a using (area_code)
                    where f.indicator_id in (select unnest(?::varchar[])) and a.area_level = '{base}'
                    group by f.indicator_id, f.period
                    order by f.indicator_id, f.period""",
                [to_country],
            )


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
