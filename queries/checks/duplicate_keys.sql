-- name: duplicate_keys
-- checks: one value per indicator, area and period
-- returns: the offending keys (must return 0 rows)
-- fix: two rules or sources give the same indicator: fix etl/indicators.csv or the source YAMLs
-- blames: indicator_id   (etl run sends that source back to its previous data; see etl/warehouse/validate.py)
select indicator_id, area_code, period, count(*) as n
from facts.indicator_values
group by all
having count(*) > 1
