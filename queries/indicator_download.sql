-- name: indicator_download
-- question: every area and period of one indicator as published, for the CSV and XLSX downloads
-- params: indicator_id
-- columns: area_code, area_name, area_level, period, value, unit, is_computed
-- Country first, then the regions, then the municipalities (the order a reader scans a table in); a missing
-- value stays NULL so the download shows an empty cell, never 0.
with values_ as (
    select area_code, period, value, unit, is_computed
    from main.indicator_values
    where indicator_id = $indicator_id
),
final as (
    select
        v.area_code,
        a.area_name,
        a.area_level,
        v.period,
        v.value,
        v.unit,
        v.is_computed
    from values_ as v
    join main.areas as a using (area_code)
    order by
        case a.area_level when 'land' then 0 when 'region' then 1 when 'kommune' then 2 else 3 end,
        v.area_code,
        v.period
)
select * from final
