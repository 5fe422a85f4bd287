-- name: warehouse_info
-- question: is this demo data, and when was it built?
-- params: none
-- columns: is_demo, built_at, data_version
select is_demo, built_at, data_version
from main.warehouse
