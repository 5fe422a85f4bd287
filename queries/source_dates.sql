-- name: source_dates
-- question: per source table, DST's update stamp and when it was loaded (for source lines under figures)
-- params: none
-- columns: source_id, table_id, dst_updated, fetched_at, is_demo
with final as (
    select source_id, table_id, dst_updated, fetched_at, is_demo
    from main.sources
    order by source_id
)
select * from final
