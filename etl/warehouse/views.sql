-- The warehouse contract: the only relations the dashboard and analysts read. Every column is described in
-- etl/warehouse/contract.yaml (a test keeps the two in step); changing a column here is a breaking change.

-- One row per indicator, area and period. value is NULL where DST publishes '..' (never 0).
-- is_computed: a region or country value summed from the municipalities because DST publishes none.
create or replace view main.indicator_values as
select
    f.indicator_id,
    f.area_code,
    a.area_level,
    f.period,
    f.value,
    i.unit,
    i.source_table,
    f.is_computed
from facts.indicator_values as f
join dim.areas as a on a.area_code = f.area_code
join dim.indicators as i on i.indicator_id = f.indicator_id;

-- The indicator catalogue (etl/indicators.csv) with the source and table each indicator comes from.
-- municipal: its source covers all 98 municipalities; national_only: its table publishes the country only.
-- polarity: neutral, higher_is_better or lower_is_better (etl/indicators.csv).
create or replace view main.indicators as
select
    indicator_id, title_da, title_en, unit, source_table, denominator_id, definition_da, topic, aggregation,
    source_id, source_kind, municipal as is_municipal, national_only as is_national_only, polarity
from dim.indicators;

-- Where an indicator's figures before and after a period are not fully comparable (a new law, a new register,
-- new codes), or where its series begins: declared in the source's YAML (`breaks:`), one row per indicator.
create or replace view main.series_breaks as
select indicator_id, source_id, period, label_da, label_en, note_da, note_en
from dim.series_breaks;

-- 1 country, 5 regions, 98 municipalities (411 Christiansø excluded).
create or replace view main.areas as
select area_code, area_name, area_level, region_code
from dim.areas;

-- The snapshot in force per source: DST's `updated` stamp, when it was fetched, from where, its checksum.
-- status: ok | stale (the last refresh failed, the previous data is served) | missing (never loaded, no data);
-- error: why the last refresh failed, and what to do (NULL when ok).
create or replace view main.sources as
select
    s.source_id, s.table_id, s.kind, s.dst_updated as dst_updated_at, s.fetched_at, s.url, s.request_json,
    s.sha256, s.rows_raw, s.rows_facts, s.first_period, s.last_period, s.is_demo, s.run_id as last_run_id,
    s.action, s.status, s.error,
    s.dst_updated  -- deprecated alias of dst_updated_at, kept for one release
from meta.source_snapshots as s
qualify row_number() over (partition by s.source_id order by s.run_id desc) = 1;

-- One row: whether the warehouse holds demo data, when it was built, and its data version (changes with
-- every run; readers use it as a cache key).
create or replace view main.warehouse as
select
    coalesce(max(value) filter (where key = 'is_demo'), 'false') = 'true' as is_demo,
    max(value) filter (where key = 'built_at') as built_at,
    max(value) filter (where key = 'data_version') as data_version
from meta.info;

-- Statistics Denmark's municipality groups (data/reference/municipality_groups.csv), for peer comparisons.
create or replace view main.municipality_groups as
select area_code, group_code, group_name_da, group_name_en
from dim.municipality_groups;

-- The tile map: every municipality an equal tile at its approximate place (data/reference/tile_layout.csv).
create or replace view main.tile_layout as
select area_code, "row", col
from dim.tile_layout;

-- Simplified municipality shapes as GeoJSON geometries; empty until `etl run --boundaries` has loaded some.
create or replace view main.municipality_boundaries as
select area_code, area_name, geometry_geojson
from geo.municipality_boundaries;
