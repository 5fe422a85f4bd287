-- name: indicators_overview
-- question: which indicators are loaded, from which table, over which periods, with the latest national value?
-- params: none
-- columns: indicator_id, title_da, title_en, unit, source_table, first_period, last_period, latest_value_country, is_computed
with country as (
    select indicator_id, period, value, is_computed
    from main.indicator_values
    where area_code = '000'
),
spans as (
    select indicator_id, min(period) as first_period, max(period) as last_period
    from main.indicator_values
    group by indicator_id
),
latest as (
    select indicator_id, value as latest_value_country, is_computed
    from country
    qualify row_number() over (partition by indicator_id order by period desc) = 1
),
final as (
    select i.indicator_id, i.title_da, i.title_en, i.unit, i.source_table,
           s.first_period, s.last_period, l.latest_value_country, l.is_computed
    from main.indicators as i
    join spans as s using (indicator_id)
    left join latest as l using (indicator_id)
    order by i.topic, i.indicator_id
)
select * from final
