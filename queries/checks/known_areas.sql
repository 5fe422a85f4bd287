-- name: known_areas
-- checks: every fact belongs to one of the 104 areas, and the area list has exactly 1 + 5 + 98 areas
-- returns: unknown area codes or wrong level counts (must return 0 rows)
-- fix: add the area to data/reference/areas.csv or leave it out in the source YAML
select 'unknown area' as problem, area_code as detail
from (select distinct area_code from facts.indicator_values)
where area_code not in (select area_code from dim.areas)
union all
select 'level count', area_level || ': ' || count(*)
from dim.areas
group by area_level
having count(*) <> case area_level when 'land' then 1 when 'region' then 5 else 98 end
