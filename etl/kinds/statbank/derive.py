"""From a StatBank source's raw rows to tidy facts (indicator_id, area_code, period, value), following the
source YAML's rules: SQL on the parsed BULK table (./bulk.py), into a temporary facts table of the run's
connection."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb

from etl.areas import COUNTRY_CODE, area_codes, normalise_area_code
from etl.kinds.statbank.bulk import BulkRows, check_values, value_sql
from etl.kinds.statbank.client import Variable
from etl.kinds.statbank.resolve import ResolvedRequest
from etl.registry import IndicatorRule, ValueSpec
from etl.warehouse.aggregates import create_facts_table

STAGED = "statbank_staged"  # the rows in the contract's areas: area_code, period, value and the other variables


class DeriveError(ValueError):
    """The data does not fit the source's rules (e.g. an unselected variable carries several values)."""


@dataclass
class DeriveReport:
    dropped_area_codes: set[str] = field(default_factory=set)  # e.g. 411, 998, landsdele: not in the contract


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _values_table(alias: str, columns: tuple[str, ...], rows: Sequence[tuple[object, ...]]) -> tuple[str, list[object]]:
    """A VALUES list with its parameters, for the small lists a rule needs (area codes, periods)."""
    row_marks = "(" + ", ".join("?" * len(columns)) + ")"
    sql = f"(values {', '.join([row_marks] * len(rows))}) as {alias}({', '.join(columns)})"
    return sql, [value for row in rows for value in row]


def derive_statbank(resolved: ResolvedRequest, raw: BulkRows, report: DeriveReport, facts: str) -> int:
    """Derive the source's facts from `raw` into the temporary table `facts` (created anew); returns its rows."""
    con = raw.con
    source, info = resolved.source, resolved.info
    known_areas = area_codes()
    area_var = resolved.area_variable
    area_col = area_var.upper() if area_var else None
    time_var = next(v for v in info.variables if v.is_time)
    check_values(raw)
    others = [var for var in info.variables if not var.is_time and var.id != area_var]
    other_columns = "".join(f", {_quoted(var.id.upper())} as {_quoted(var.id)}" for var in others)
    if area_col:
        # Normalise each distinct code once: a table has ~100 areas but up to ~200,000 rows.
        kept = []
        for code in sorted(raw.distinct(area_col)):
            normalised = normalise_area_code(code)
            if normalised in known_areas:
                kept.append((code, normalised))
            else:
                report.dropped_area_codes.add(code)
        if not kept:
            kept = [("", "")]  # an empty answer: a VALUES list needs a row, and '' matches no code
        area_map, params = _values_table("m", ("code", "area_code"), kept)
        con.execute(
            f"""create or replace temp table {STAGED} as
                select m.area_code, r."TID" as period, {value_sql()} as value{other_columns}
                from {raw.name} as r join {area_map} on r.{_quoted(area_col)} = m.code""",
            params,
        )
    else:
        con.execute(
            f"""create or replace temp table {STAGED} as
                select '{COUNTRY_CODE}' as area_code, "TID" as period, {value_sql()} as value{other_columns}
                from {raw.name}""",
        )

    # The full grid the request asked for: StatBank leaves out combinations equal to suppressedDataValue.
    periods = _requested(time_var, resolved.variables[time_var.id])
    if area_var:
        grid_areas = sorted(
            {
                normalise_area_code(c)
                for c in _requested(resolved.variable(source.area_variable or ""), resolved.variables[area_var])
            }
            & known_areas
        )
    else:
        grid_areas = [COUNTRY_CODE]

    create_facts_table(con, facts)
    for rule in source.rules:
        _insert_rule(con, resolved, rule, grid_areas, periods, facts)
    con.execute(f"drop table {STAGED}")
    found = con.execute(f"select count(*) from {facts}").fetchone()
    return int(found[0]) if found else 0


def _requested(var: Variable, requested: list[str]) -> list[str]:
    """The codes of `var` a request asked for, in tableinfo's order."""
    wanted = None if requested == ["*"] else set(requested)
    return [code for code, _ in var.values if wanted is None or code in wanted]


def _insert_rule(
    con: duckdb.DuckDBPyConnection,
    resolved: ResolvedRequest,
    rule: IndicatorRule,
    grid_areas: list[str],
    periods: list[str],
    facts: str,
) -> None:
    """One indicator: the sum of the rows matching `select` (minus those matching `subtract`) on the full grid
    of areas and periods, in the grid's order (areas, then periods as tableinfo lists them)."""
    selected_sql, selected_params, selected_fill = _sum_rule(con, resolved, rule.select, rule)
    if rule.subtract is not None:
        subtracted_sql, subtracted_params, subtracted_fill = _sum_rule(con, resolved, rule.subtract, rule)
    if not grid_areas or not periods:
        return
    areas_sql, params = _values_table("a", ("area_code",), [(code,) for code in grid_areas])
    periods_sql, period_params = _values_table("p", ("period_position", "period"), list(enumerate(periods)))
    params += period_params + selected_params
    # Cells with no row at all are entirely suppressed combinations.
    value = f"case when s.area_code is null then {selected_fill} else s.value end"
    ctes = f"selected as ({selected_sql})"
    joins = "left join selected as s using (area_code, period)"
    if rule.subtract is not None:
        params += subtracted_params
        value = f"({value}) - (case when d.area_code is null then {subtracted_fill} else d.value end)"
        ctes += f", subtracted as ({subtracted_sql})"
        joins += " left join subtracted as d using (area_code, period)"
    con.execute(
        f"""insert into {facts}
            with grid as (select * from {areas_sql} cross join {periods_sql}), {ctes}
            select ? as indicator_id, g.area_code, g.period, {value} as value, false as is_computed
            from grid as g {joins}
            order by g.area_code, g.period_position""",
        [*params, rule.indicator_id],
    )


def _selection(
    con: duckdb.DuckDBPyConnection, resolved: ResolvedRequest, select: dict[str, ValueSpec], rule: IndicatorRule
) -> tuple[list[tuple[str, list[str]]], int]:
    """The codes chosen per selected variable, and how many combinations make one cell. A variable the rule
    does not select must carry one value only, or the sum would add up unrelated rows."""
    source, info = resolved.source, resolved.info
    chosen: list[tuple[str, list[str]]] = []
    combos_per_cell = 1
    selected = {resolved.names[name]: (name, spec) for name, spec in select.items()}
    for var in info.variables:
        if var.is_time or var.id == resolved.area_variable:
            continue
        if var.id in selected:
            name, spec = selected[var.id]
            codes = resolved.rule_codes(name, spec)
            if not codes:
                raise DeriveError(f"{source.id}: {rule.indicator_id}: no {var.id} value matches {spec.describe()}")
            chosen.append((var.id, codes))
            combos_per_cell *= len(codes)
        else:
            present = [code for (code,) in con.execute(f"select distinct {_quoted(var.id)} from {STAGED}").fetchall()]
            if len(present) > 1:
                raise DeriveError(
                    f"{source.id}: {rule.indicator_id}: variable {var.id} carries several values "
                    f"({', '.join(sorted(present)[:5])}); select one in the indicator rule"
                )
    return chosen, combos_per_cell


def _sum_rule(
    con: duckdb.DuckDBPyConnection, resolved: ResolvedRequest, select: dict[str, ValueSpec], rule: IndicatorRule
) -> tuple[str, list[object], str]:
    """The query of the sums of the rows matching `select` per area and period, its parameters, and the value
    of a cell with no row (a SQL literal). A '..' anywhere in the sum makes it missing; absent combinations
    count as the table's suppressedDataValue."""
    chosen, combos_per_cell = _selection(con, resolved, select, rule)
    conditions = []
    params: list[object] = []
    for var_id, codes in chosen:
        conditions.append(f"{_quoted(var_id)} in ({', '.join('?' * len(codes))})")
        params += codes
    where = f"where {' and '.join(conditions)}" if conditions else ""
    suppressed = repr(float(resolved.info.suppressed_value))
    sql = f"""
        select area_code, period,
               case when count(value) < count(*) then null
                    else fsum(value) + ({combos_per_cell} - count(*)) * {suppressed} end as value
        from {STAGED} {where}
        group by area_code, period"""
    return sql, params, repr(float(combos_per_cell * resolved.info.suppressed_value))
