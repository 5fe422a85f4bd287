-- name: boundaries
-- question: the simplified municipality shapes, if boundaries were loaded (etl run --boundaries)
-- params: none
-- columns: area_code, geometry_geojson
select area_code, geometry_geojson
from main.municipality_boundaries
order by area_code
