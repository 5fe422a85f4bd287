-- name: duplicate_keys
-- checks: one value per indicator, area and period
-- returns: the offending keys (must return 0 rows)
select indicator_id, area_code, period, count(*) as n
from facts.indicator_values
group by all
having count(*) > 1
