"""From a StatBank source's raw rows to tidy facts (indicator_id, area_code, period, value), following the
source YAML's rules: SQL on the parsed BULK table (./bulk.py), into a temporary facts table of the run's
connection."""

from __future__ import annotations

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


def derive_statbank(resolved: ResolvedRequest, raw: BulkRows, report: DeriveReport, facts: str) -> set[str]:
    """Derive the source's facts from `raw` into the temporary table `facts` (created anew); returns the area
    codes of the answer as published. Small lists (area codes, periods, a rule's codes) go to DuckDB as one
    parameter each, a list that `unnest` turns into rows: far cheaper to bind than one parameter per value."""
    con = raw.con
    source, info = resolved.source, resolved.info
    known_areas = area_codes()
    area_var = resolved.area_variable
    area_col = area_var.upper() if area_var else None
    time_var = next(v for v in info.variables if v.is_time)
    check_values(raw)
    others = [var for var in info.variables if not var.is_time and var.id != area_var]
    other_columns = "".join(f", {_quoted(var.id.upper())} as {_quoted(var.id)}" for var in others)
    published: set[str] = set()
    if area_col:
        # Normalise each distinct code once: a table has ~100 areas but up to ~200,000 rows.
        published = raw.distinct(area_col)
        kept = []
        for code in sorted(published):
            normalised = normalise_area_code(code)
            if normalised in known_areas:
                kept.append({"code": code, "area_code": normalised})
            else:
                report.dropped_area_codes.add(code)
        con.execute(
            f"""create or replace temp table {STAGED} as
                with area_map as (select unnest(?::struct(code varchar, area_code varchar)[], recursive := true))
                select m.area_code, r."TID" as period, {value_sql()} as value{other_columns}
                from {raw.name} as r join area_map as m on r.{_quoted(area_col)} = m.code""",
            [kept],
        )
    else:
        con.execute(
            f"""create or replace temp table {STAGED} as
                select '{COUNTRY_CODE}' as area_code, "TID" as period, {value_sql()} as value{other_columns}
                from {raw.name}""",
        )
    # How many values each variable the rules may leave unselected carries (one query for all of them).
    counted = con.execute(
        "select " + (", ".join(f"count(distinct {_quoted(var.id)})" for var in others) or "1") + f" from {STAGED}"
    ).fetchone()
    distinct_counts = dict(zip((var.id for var in others), counted or (), strict=False))

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
    _insert_rules(con, resolved, grid_areas, periods, facts, distinct_counts)
    con.execute(f"drop table {STAGED}")
    return published


def _requested(var: Variable, requested: list[str]) -> list[str]:
    """The codes of `var` a request asked for, in tableinfo's order."""
    wanted = None if requested == ["*"] else set(requested)
    return [code for code, _ in var.values if wanted is None or code in wanted]


def _insert_rules(
    con: duckdb.DuckDBPyConnection,
    resolved: ResolvedRequest,
    grid_areas: list[str],
    periods: list[str],
    facts: str,
    distinct_counts: dict[str, int],
) -> None:
    """Every indicator of the source: the sum of the rows matching its `select` (minus those matching its
    `subtract`) on the full grid of areas and periods, in the grid's order (areas, then periods as tableinfo lists
    them). One query for all of them: one pass over the rows counts and sums each rule's part per cell (DuckDB's
    cost is per query and per pass more than per row). A '..' anywhere in a sum makes it missing; absent
    combinations count as the table's suppressedDataValue, and a cell with no row at all is entirely suppressed."""
    suppressed = repr(float(resolved.info.suppressed_value))
    aggregates: list[str] = []
    params: list[object] = []
    values: list[str] = []
    for position, rule in enumerate(resolved.source.rules):
        parts = [("s", rule.select)] + ([("d", rule.subtract)] if rule.subtract is not None else [])
        part_values = []
        for kind, select in parts:
            chosen, combos_per_cell = _selection(con, resolved, select, rule, distinct_counts)
            alias = f"{kind}{position}"
            condition = " and ".join(f"list_contains(?::varchar[], {_quoted(var_id)})" for var_id, _ in chosen)
            for _, codes in chosen:  # the condition is written three times below, its parameters too
                params.append(codes)
            params[len(params) - len(chosen) :] = params[len(params) - len(chosen) :] * 3
            where = f" filter (where {condition})" if condition else ""
            aggregates += [
                f"count(*){where} as {alias}_rows",
                f"count(value){where} as {alias}_values",
                f"fsum(value){where} as {alias}_sum",
            ]
            rows = f"coalesce({alias}_rows, 0)"
            part_values.append(
                f"(case when coalesce({alias}_values, 0) < {rows} then null "
                f"else coalesce({alias}_sum, 0) + ({combos_per_cell} - {rows}) * {suppressed} end)"
            )
        values.append(" - ".join(part_values))
    if not values or not grid_areas or not periods:
        return
    columns = ", ".join(a.rsplit(" as ", 1)[1] for a in aggregates)
    branches = " union all ".join(
        f"select ? as indicator_id, {position} as rule_position, area_code, period, period_position, {value} as value "
        "from joined"
        for position, value in enumerate(values)
    )
    con.execute(
        f"""insert into {facts}
            with cells as materialized (
                select area_code, period, {", ".join(aggregates)} from {STAGED} group by area_code, period
            ),
            grid_areas as (select unnest(?::varchar[]) as area_code),
            grid_periods as (select unnest(?::struct(period_position integer, period varchar)[], recursive := true)),
            joined as materialized (
                select a.area_code, p.period, p.period_position, {columns}
                from grid_areas as a cross join grid_periods as p
                left join cells as c on c.area_code = a.area_code and c.period = p.period
            )
            select indicator_id, area_code, period, value, false as is_computed from ({branches})
            order by rule_position, area_code, period_position""",
        [
            *params,
            grid_areas,
            [{"period_position": i, "period": period} for i, period in enumerate(periods)],
            *(rule.indicator_id for rule in resolved.source.rules),
        ],
    )


def _selection(
    con: duckdb.DuckDBPyConnection,
    resolved: ResolvedRequest,
    select: dict[str, ValueSpec],
    rule: IndicatorRule,
    distinct_counts: dict[str, int],
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
        elif distinct_counts.get(var.id, 0) > 1:
            present = [code for (code,) in con.execute(f"select distinct {_quoted(var.id)} from {STAGED}").fetchall()]
            raise DeriveError(
                f"{source.id}: {rule.indicator_id}: variable {var.id} carries several values "
                f"({', '.join(sorted(present)[:5])}); select one in the indicator rule"
            )
    return chosen, combos_per_cell
