-- name: indicator_values_with_denominator
-- question: one indicator for every area and period, with its denominator and the country's value beside it
-- params: indicator_id
-- columns: area_code, area_name, area_level, region_code, period, value, is_computed, denominator_value, country_value
-- Annual figures are divided by the population on 1 January of the same year (FOLK1A quarter K1); quarterly
-- figures by the population on the first day of the same quarter.
with indicator as (
    select indicator_id, denominator_id
    from main.indicators
    where indicator_id = $indicator_id
),
values_ as (
    select v.area_code, v.period, v.value, v.is_computed
    from main.indicator_values as v
    join indicator as i using (indicator_id)
),
denominators as (
    select d.area_code, d.period, d.value
    from main.indicator_values as d
    join indicator as i on d.indicator_id = i.denominator_id
),
country as (
    select period, value as country_value
    from values_
    where area_code = '000'
),
final as (
    select
        a.area_code,
        a.area_name,
        a.area_level,
        a.region_code,
        v.period,
        v.value,
        v.is_computed,
        coalesce(same_period.value, first_quarter.value) as denominator_value,
        c.country_value
    from values_ as v
    join main.areas as a using (area_code)
    left join denominators as same_period
        on same_period.area_code = v.area_code and same_period.period = v.period
    left join denominators as first_quarter
        on first_quarter.area_code = v.area_code and first_quarter.period = v.period || 'K1'
    left join country as c on c.period = v.period
    order by a.area_code, v.period
)
select * from final
