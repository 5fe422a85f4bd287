"""Charts that more than one place shows: the profile page, image export and (later) embeds and slides build
them here from the same view state, so an exported image is exactly the chart on screen."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard import context as ctx
from dashboard import figures
from dashboard.measures import measure_label
from dashboard.state import NotFound, ViewState


@dataclass(frozen=True)
class TrendChart:
    figure: go.Figure
    table: pd.DataFrame          # what the chart shows, one column per area (peers only when picked by hand)
    title: str
    shown: pd.DataFrame          # every area and period in the chosen measure (for summaries and ranks)
    latest: str
    base_year: int
    measure: str
    unit: str
    has_municipal: bool


def municipality_trend(wh: ctx.Warehouse, indicator_id: str, own: pd.Series, state: ViewState, peers: list[str],
                       height: int = 460, width: int = 720, title_prefix: str = "") -> TrendChart | None:
    """One indicator for a municipality against its region, the country and its peers (a lowest–highest band).
    None for national-only figures, which have nothing to say about a municipality."""
    lang = state.lang
    try:
        measure = ctx.resolve_measure(wh, state, indicator_id)
    except NotFound:
        measure = "count"
    frame = wh.query("indicator_values_with_denominator", indicator_id=indicator_id)
    has_municipal = bool((frame["area_level"] == "kommune").any())
    own_rows = frame[frame["area_code"] == own["area_code"]]
    region_rows = frame[frame["area_code"] == own["region_code"]]
    if frame.empty or (has_municipal and own_rows.empty) or (not has_municipal and region_rows.empty):
        return None
    period_list = ctx.periods(frame)
    latest = period_list[-1]
    base_year = state.base or ctx.default_base_year(period_list, latest)
    shown = ctx.indicator_values(wh, indicator_id, measure, base_year)
    info = ctx.indicator_info(wh, indicator_id, lang)
    roles = {own["area_code"]: "own", own["region_code"]: "region", "000": "country"}
    roles |= {p: "peer" for p in (peers if has_municipal else [])}
    series = shown[shown["area_code"].isin(roles)].assign(role=lambda f: f["area_code"].map(roles))
    series = series[["area_code", "area_name", "role", "period", "shown"]].rename(columns={"shown": "value"})
    unit = measure_label(measure, info, lang, base_year)
    title = ctx.indicator_title(ctx.catalogue(wh).loc[indicator_id], lang)
    figure = figures.trend_chart(
        series, title=title_prefix + title, subtitle=f"{unit} · {period_list[0]}–{latest}",
        source_line=ctx.source_line(wh, indicator_id, lang), unit_label=unit, lang=lang, demo=ctx.is_demo(wh),
        peer_band=True, height=height, width=width)
    in_table = series[series["role"] != "peer"] if state.peers != "custom" else series
    table = in_table.pivot_table(index="period", columns="area_name", values="value", dropna=False).reset_index()
    return TrendChart(figure, table, title, shown, latest, base_year, measure, unit, has_municipal)
