-- name: tile_layout
-- question: where each municipality sits on the tile map (row 0 at the top)
-- params: none
-- columns: area_code, row, col
select area_code, "row", col
from main.tile_layout
order by area_code
