-- name: negative_counts
-- checks: counts of people, notifications and bed-days are never negative (spending may be, net accounts)
-- returns: the offending values (must return 0 rows)
select f.indicator_id, f.area_code, f.period, f.value
from facts.indicator_values as f
join dim.indicators as i using (indicator_id)
where i.unit in ('persons', 'notifications', 'bed_days') and f.value < 0
