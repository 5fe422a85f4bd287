-- name: indicator_catalogue
-- question: every loaded indicator with its texts, unit, denominator, source and dates, for pickers and source lines
-- params: none
-- columns: indicator_id, topic, title_da, title_en, unit, denominator_id, aggregation, definition_da, source_table, source_kind, dst_updated, fetched_at, is_demo, first_period, last_period, source_id, polarity
with loaded as (
    select indicator_id, min(period) as first_period, max(period) as last_period
    from main.indicator_values
    group by indicator_id
),
final as (
    select
        i.indicator_id, i.topic, i.title_da, i.title_en, i.unit, i.denominator_id, i.aggregation,
        i.definition_da, i.source_table, d.source_kind, s.dst_updated,
        strftime(s.fetched_at, '%Y-%m-%d') as fetched_at, s.is_demo, l.first_period, l.last_period,
        d.source_id,
        -- by name from the row, not as a column: a warehouse built before indicators had a polarity (its views
        -- lack the column) reads as neutral until its next `etl run`
        coalesce(json_extract_string(to_json(i), 'polarity'), 'neutral') as polarity
    from main.indicators as i
    join loaded as l using (indicator_id)
    -- dim.indicators, not main.indicators' source columns: a warehouse of schema version 2 has them only there
    join dim.indicators as d using (indicator_id)
    left join main.sources as s on s.source_id = d.source_id
    order by i.topic, i.indicator_id
)
select * from final
