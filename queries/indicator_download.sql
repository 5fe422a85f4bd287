-- name: indicator_download
-- question: every area and period of one indicator as published, with its denominator, for the CSV and XLSX downloads
-- params: indicator_id
-- columns: area_code, area_name, area_level, period, value, unit, is_computed, denominator_value
-- Country first, then the regions, then the municipalities (the order a reader scans a table in); a missing
-- value stays NULL so the download shows an empty cell, never 0. The denominator is found as in
-- indicator_values_with_denominator: the same period, or for an annual figure the population on 1 January
-- (FOLK1A quarter K1); NULL where the indicator has none.
with indicator as (
    select indicator_id, denominator_id
    from main.indicators
    where indicator_id = $indicator_id
),
values_ as (
    select v.area_code, v.period, v.value, v.unit, v.is_computed
    from main.indicator_values as v
    join indicator as i using (indicator_id)
),
denominators as (
    select d.area_code, d.period, d.value
    from main.indicator_values as d
    join indicator as i on d.indicator_id = i.denominator_id
),
final as (
    select
        v.area_code,
        a.area_name,
        a.area_level,
        v.period,
        v.value,
        v.unit,
        v.is_computed,
        coalesce(same_period.value, first_quarter.value) as denominator_value
    from values_ as v
    join main.areas as a using (area_code)
    left join denominators as same_period
        on same_period.area_code = v.area_code and same_period.period = v.period
    left join denominators as first_quarter
        on first_quarter.area_code = v.area_code and first_quarter.period = v.period || 'K1'
    order by
        case a.area_level when 'land' then 0 when 'region' then 1 when 'kommune' then 2 else 3 end,
        v.area_code,
        v.period
)
select * from final
