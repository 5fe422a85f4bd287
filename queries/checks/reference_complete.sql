-- name: reference_complete
-- checks: every municipality has a municipality group and a tile; no two municipalities share a tile
-- returns: the offending municipalities or tiles (must return 0 rows)
-- fix: add the municipality to data/reference/municipality_groups.csv and tile_layout.csv
select 'no group' as problem, a.area_code as detail
from dim.areas as a
where a.area_level = 'kommune' and a.area_code not in (select area_code from dim.municipality_groups)
union all
select 'no tile', a.area_code
from dim.areas as a
where a.area_level = 'kommune' and a.area_code not in (select area_code from dim.tile_layout)
union all
select 'shared tile', "row" || ',' || col
from dim.tile_layout
group by "row", col
having count(*) > 1
