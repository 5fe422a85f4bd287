-- name: denominators_loaded
-- checks: every loaded indicator that declares a denominator has that denominator loaded too, unless the
--         denominator's source is recorded as missing (its refresh failed and it has no data: the dashboard says so)
-- returns: indicator and its missing denominator (must return 0 rows)
-- fix: load the denominator's source too (drop --only, or add it to --only)
with loaded as (
    select distinct indicator_id from facts.indicator_values
),
final as (
    select i.indicator_id, i.denominator_id
    from dim.indicators as i
    join loaded as l using (indicator_id)
    where i.denominator_id is not null
      and i.denominator_id not in (select indicator_id from loaded)
      and i.denominator_id not in (
          select d.indicator_id
          from dim.indicators as d
          join main.sources as s using (source_id)
          where s.status = 'missing'
      )
)
select * from final
