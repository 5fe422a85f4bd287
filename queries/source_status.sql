-- name: source_status
-- question: which sources are stale or missing, why, since when, and which indicators each one feeds
-- params: none
-- columns: source_id, table_id, status, error, fetched_at, indicator_id, title_da, title_en, topic, is_municipal, is_national_only
-- One row per stale or missing source and indicator it feeds (a source without indicators, such as the
-- boundaries, has one row with indicator_id NULL); none when every source is ok. Stale sources first.
-- `fetched_at` is when the data still served was fetched (NULL for a missing source).
with not_ok as (
    select source_id, table_id, status, error, fetched_at
    from main.sources
    where status <> 'ok'
),
final as (
    select
        s.source_id, s.table_id, s.status, s.error, strftime(s.fetched_at, '%Y-%m-%d') as fetched_at,
        i.indicator_id, i.title_da, i.title_en, i.topic, i.is_municipal, i.is_national_only
    from not_ok as s
    left join main.indicators as i using (source_id)
    order by s.status = 'missing', s.source_id, i.topic, i.indicator_id
)
select * from final
