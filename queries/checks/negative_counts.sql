-- name: negative_counts
-- checks: counts of people, notifications and bed-days are never negative (spending may be, net accounts)
-- returns: the offending values with their source and table (must return 0 rows)
-- fix: DST's answer holds a negative count: check the table on statistikbanken.dk and the YAML's subtract rules, then run again
-- blames: source_id   (etl run sends that source back to its previous data; see etl/warehouse/validate.py)
select f.source_id, i.source_table, f.indicator_id, f.area_code, f.period, f.value
from facts.indicator_values as f
join dim.indicators as i using (indicator_id)
where i.unit in ('persons', 'notifications', 'bed_days') and f.value < 0
order by f.source_id, f.indicator_id, f.area_code, f.period
