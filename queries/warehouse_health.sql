-- name: warehouse_health
-- question: which warehouse is being served: data version, when it was built, schema version, demo or not (/health)
-- params: none
-- columns: data_version, built_at, schema_version, is_demo
-- The schema version is not part of the `warehouse` view: it is read from meta.info, where `etl run` writes it.
with schema as (
    select max(value) as schema_version
    from meta.info
    where key = 'schema_version'
),

final as (
    select w.data_version, w.built_at, s.schema_version, w.is_demo
    from main.warehouse as w
    cross join schema as s
)

select * from final
