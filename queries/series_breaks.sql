-- name: series_breaks
-- question: every declared series break, one row per indicator it affects, with the indicator's titles and table
-- params: none
-- columns: indicator_id, source_id, source_table, period, label_da, label_en, note_da, note_en, title_da, title_en
with final as (
    select
        b.indicator_id, b.source_id, i.source_table, b.period, b.label_da, b.label_en, b.note_da, b.note_en,
        i.title_da, i.title_en
    from main.series_breaks as b
    join main.indicators as i using (indicator_id)
    order by b.period, b.label_da, b.source_id, b.indicator_id
)
select * from final
