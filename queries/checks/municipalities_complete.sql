-- name: municipalities_complete
-- checks: every indicator of a municipal source covers all 98 municipalities
-- returns: indicators with their number of municipalities (must return 0 rows)
-- fix: DST's table lacks municipalities: check it on statistikbanken.dk, then run again when DST has fixed it
-- blames: indicator_id   (etl run sends that source back to its previous data; see etl/warehouse/validate.py)
with municipal_indicators as (
    select indicator_id from dim.indicators where municipal
),
loaded as (
    select f.indicator_id, count(distinct f.area_code) as municipalities
    from facts.indicator_values as f
    join dim.areas as a using (area_code)
    where a.area_level = 'kommune'
    group by all
),
final as (
    select m.indicator_id, coalesce(l.municipalities, 0) as municipalities
    from municipal_indicators as m
    join (select distinct indicator_id from facts.indicator_values) as present using (indicator_id)
    left join loaded as l using (indicator_id)
    where coalesce(l.municipalities, 0) <> 98
)
select * from final
