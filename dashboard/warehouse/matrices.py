"""Each indicator in one unit as an areas × periods matrix, made once per data version from the values selectors
keeps (selectors.indicator_values): a chart of one municipality, its region, the country and its peers is then a
few rows picked by index, not a pandas filter, rename and pivot per chart (a profile draws ~25)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.core.periods import sort_periods
from dashboard.warehouse import selectors as ctx


@dataclass(frozen=True)
class IndicatorMatrix:
    """Every area and period of one indicator in one unit (never changed after it is made: shared by threads).

    area_codes and area_names in the query's order (by area code); periods in time order; values: the figure in
    the unit (NaN where missing or absent); present: whether the warehouse has a row for that area and period (a
    row whose value is NULL is present), so a chart's periods are those its areas have rows for."""

    area_codes: tuple[str, ...]
    area_names: tuple[str, ...]
    periods: tuple[str, ...]
    values: np.ndarray
    present: np.ndarray
    rows: dict[str, int]  # area code → its row

    def rows_of(self, codes: Iterable[str]) -> list[int]:
        """The rows of the codes the matrix has, in its own order (as a filter of the long frame keeps them)."""
        return sorted({self.rows[code] for code in codes if code in self.rows})


def indicator_matrix(
    warehouse: ctx.Warehouse, indicator_id: str, measure: str, base_year: int | None
) -> IndicatorMatrix:
    """The indicator in `measure` (from `base_year` for an index), kept per data version like the frame it is
    made from. A repeated area and period counts once, as first given (as trend.wide_matrix counts it)."""

    def make() -> IndicatorMatrix:
        return from_frame(ctx.indicator_values(warehouse, indicator_id, measure, base_year), "shown")

    return ctx.derived(warehouse, ("indicator_matrix", indicator_id, measure, base_year), make)


def from_frame(frame: pd.DataFrame, column: str) -> IndicatorMatrix:
    """The matrix of a long frame (area_code, area_name, period and the values in `column`)."""
    codes = frame["area_code"].astype(str).to_numpy()
    area_index, area_codes = pd.factorize(codes)
    period_text = frame["period"].astype(str).to_numpy()
    periods = sort_periods(np.unique(period_text))
    period_index = pd.Index(periods).get_indexer(pd.Index(period_text))
    values = np.full((len(area_codes), len(periods)), np.nan)
    present = np.zeros((len(area_codes), len(periods)), dtype=bool)
    _, first_given = np.unique(area_index * len(periods) + period_index, return_index=True)
    shown = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    values[area_index[first_given], period_index[first_given]] = shown[first_given]
    present[area_index, period_index] = True
    _, first_rows = np.unique(area_index, return_index=True)
    names = frame["area_name"].astype(str).to_numpy()[first_rows]
    values.setflags(write=False)
    present.setflags(write=False)
    return IndicatorMatrix(
        area_codes=tuple(str(c) for c in area_codes),
        area_names=tuple(str(n) for n in names),
        periods=tuple(periods),
        values=values,
        present=present,
        rows={str(code): i for i, code in enumerate(area_codes)},
    )
