-- name: areas_list
-- question: the country, the 5 regions and the 98 municipalities, with region and municipality group
-- params: none
-- columns: area_code, area_name, area_level, region_code, region_name, group_code, group_name_da, group_name_en
with final as (
    select
        a.area_code, a.area_name, a.area_level, a.region_code, r.area_name as region_name,
        g.group_code, g.group_name_da, g.group_name_en
    from main.areas as a
    left join main.areas as r on r.area_code = a.region_code
    left join main.municipality_groups as g on g.area_code = a.area_code
    order by a.area_level = 'kommune', a.area_code
)
select * from final
