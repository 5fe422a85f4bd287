"""From a StatBank source's raw rows to tidy facts (indicator_id, area_code, period, value), following the
source YAML's rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from math import prod

import pandas as pd

from etl.areas import COUNTRY_CODE, load_areas, normalise_area_code
from etl.kinds.statbank.bulk import parse_values
from etl.kinds.statbank.client import Variable
from etl.kinds.statbank.resolve import ResolvedRequest
from etl.registry import IndicatorRule, ValueSpec
from etl.warehouse.aggregates import FACT_COLUMNS


class DeriveError(ValueError):
    """The data does not fit the source's rules (e.g. an unselected variable carries several values)."""


@dataclass
class DeriveReport:
    dropped_area_codes: set[str] = field(default_factory=set)  # e.g. 411, 998, landsdele: not in the contract


def _normalised_areas(codes: pd.Series) -> pd.Series:
    """Normalise each distinct code once: a table has ~100 areas but up to ~200,000 rows."""
    return codes.map({code: normalise_area_code(code) for code in codes.unique()})


def derive_statbank(resolved: ResolvedRequest, raw: pd.DataFrame, report: DeriveReport) -> pd.DataFrame:
    source, info = resolved.source, resolved.info
    known_areas = set(load_areas()["area_code"])
    area_var = resolved.area_variable
    area_col = area_var.upper() if area_var else None
    time_var = next(v for v in info.variables if v.is_time)
    frame = pd.DataFrame(
        {
            "area_code": _normalised_areas(raw[area_col]) if area_col else COUNTRY_CODE,
            "period": raw["TID"].astype("category"),
            "value": parse_values(raw["INDHOLD"], raw),
        }
    )
    for var in info.variables:
        if not var.is_time and var.id != area_var:
            frame[var.id] = raw[var.id.upper()].astype("category")  # few distinct codes: fast isin and groupby
    in_contract = frame["area_code"].isin(known_areas)
    report.dropped_area_codes |= set(raw.loc[~in_contract, area_col]) if area_col else set()
    frame = frame[in_contract]

    # The full grid the request asked for: StatBank leaves out combinations equal to suppressedDataValue.
    periods = _requested(time_var, resolved.variables[time_var.id])
    if area_var:
        area_codes = {
            normalise_area_code(c)
            for c in _requested(resolved.variable(source.area_variable or ""), resolved.variables[area_var])
        } & known_areas
    else:
        area_codes = {COUNTRY_CODE}
    grid = pd.MultiIndex.from_product([sorted(area_codes), periods], names=["area_code", "period"])

    parts = []
    for rule in source.rules:
        values = _sum_rule(resolved, frame, rule.select, rule, grid)
        if rule.subtract is not None:
            values = values - _sum_rule(resolved, frame, rule.subtract, rule, grid)
        part = values.rename("value").reset_index()
        part.insert(0, "indicator_id", rule.indicator_id)
        parts.append(part)
    facts = pd.concat(parts, ignore_index=True)
    facts["is_computed"] = False
    return facts[FACT_COLUMNS]


def _requested(var: Variable, requested: list[str]) -> list[str]:
    """The codes of `var` a request asked for, in tableinfo's order."""
    wanted = None if requested == ["*"] else set(requested)
    return [code for code, _ in var.values if wanted is None or code in wanted]


def _sum_rule(
    resolved: ResolvedRequest,
    frame: pd.DataFrame,
    select: dict[str, ValueSpec],
    rule: IndicatorRule,
    grid: pd.MultiIndex,
) -> pd.Series:
    """Sum of the rows matching `select` per area and period. A '..' anywhere in the sum makes it missing;
    absent combinations count as the table's suppressedDataValue."""
    source, info = resolved.source, resolved.info
    mask = pd.Series(True, index=frame.index)
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
            mask &= frame[var.id].isin(codes)
            combos_per_cell *= len(codes)
        else:
            present = frame[var.id].unique()
            if len(present) > 1:
                raise DeriveError(
                    f"{source.id}: {rule.indicator_id}: variable {var.id} carries several values "
                    f"({', '.join(sorted(present)[:5])}); select one in the indicator rule"
                )
    rows = frame[mask]
    grouped = rows.assign(missing=rows["value"].isna()).groupby(["area_code", "period"], observed=True)
    sums = grouped["value"].sum()
    counts = grouped.size()
    any_missing = grouped["missing"].any()
    absent = combos_per_cell - counts
    result = sums + absent * info.suppressed_value
    result[any_missing] = float("nan")
    # Cells with no row at all are entirely suppressed combinations.
    return result.reindex(grid, fill_value=prod([combos_per_cell, info.suppressed_value]))
