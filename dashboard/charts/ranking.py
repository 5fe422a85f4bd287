"""The ranking chart: every municipality at one period as a horizontal bar, highest at the top, the own
municipality and any chosen ones in colour."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.theme import (
    GRID_COLOUR,
    NOTE_ROW,
    OWN_COLOUR,
    PEER_COLOUR,
    REGION_COLOUR,
    SOURCE_ROW,
    TEXT_COLOUR,
    TOP,
    d3_format,
    empty_figure,
    frame_layout,
    numeric,
    plain_figure,
    plain_trace,
)
from dashboard.core.texts import t


def ranking_chart(
    frame: pd.DataFrame,
    *,
    highlight_codes: set[str],
    own_code: str | None,
    title: str,
    subtitle: str,
    source_line: str,
    unit_label: str,
    lang: str = "da",
    demo: bool = False,
    decimals: int | None = None,
) -> go.Figure:
    """All municipalities for one period as horizontal bars, highest at the top (rank 1). Own municipality
    vermillion, other highlighted ones blue, the rest light grey; missing values listed last without a bar.

    frame: area_code, area_name, value. Bars carry customdata = area_code; tick labels carry the rank.
    """
    if frame.empty:
        return empty_figure(title=title, subtitle=subtitle, source_line=source_line, lang=lang, demo=demo)
    data = pd.DataFrame(
        {
            "area_code": frame["area_code"].astype(str),
            "area_name": frame["area_name"].astype(str),
            "value": numeric(frame["value"]),
        }
    ).drop_duplicates("area_code")
    data["missing"] = data["value"].isna()
    data = data.sort_values(["missing", "value", "area_name"], ascending=[True, False, True], na_position="last")
    values = data["value"].to_numpy(dtype=float)
    codes = data["area_code"].to_numpy()
    names = data["area_name"].to_numpy()
    missing = data["missing"].to_numpy()
    valid_count = int((~missing).sum())
    ranks = data["value"].rank(method="min", ascending=False).to_numpy()
    fmt = d3_format(values, decimals)

    is_own = codes == own_code if own_code is not None else np.zeros(len(codes), dtype=bool)
    is_highlight = np.isin(codes, list(highlight_codes or ()))
    colours = np.where(is_own, OWN_COLOUR, np.where(is_highlight, REGION_COLOUR, PEER_COLOUR))
    rank_text = np.array(
        [t("rank_of", lang, rank=int(r), n=valid_count) if r == r else ".." for r in ranks], dtype=object
    )
    tick_text = np.where(
        missing,
        pd.Series(names).astype(str).to_numpy() + " (..)",
        pd.Series(np.nan_to_num(ranks).astype(int)).astype(str).to_numpy() + ". " + names,
    )
    tick_text = np.where(is_own, "<b>" + tick_text.astype(object) + "</b>", tick_text).tolist()

    bars = plain_trace(
        "bar",
        x=values,
        y=names,
        orientation="h",
        customdata=codes,
        text=rank_text,
        texttemplate=f"%{{x:{fmt}}}",
        textposition="outside",
        cliponaxis=False,
        textfont=dict(size=10, color=TEXT_COLOUR),
        marker=dict(color=colours, line=dict(width=0)),
        hovertemplate=f"<b>%{{y}}</b><br>%{{x:{fmt}}} {unit_label}<br>%{{text}}<extra></extra>",
        showlegend=False,
    )
    notes = [t("ranking_missing", lang, n=int(missing.sum()))] if missing.any() else []
    longest = max((len(str(n)) for n in names), default=10) + 5
    margin_left = 7 * longest + 24
    top_extra = 24  # the value axis sits on top, where the reader starts on a tall chart
    height = max(300, 14 * len(names) + TOP + top_extra + 8 + len(notes) * NOTE_ROW + SOURCE_ROW)
    layout = frame_layout(
        title=title,
        subtitle=subtitle,
        source_line=source_line,
        lang=lang,
        demo=demo,
        height=height,
        notes=notes,
        margin_left=margin_left,
        margin_right=64,
        top_extra=top_extra,
        ticks_below=False,
    )
    layout["title"]["pad"]["t"] = 12
    layout["xaxis"] = dict(
        side="top",
        showgrid=True,
        gridcolor=GRID_COLOUR,
        zeroline=True,
        zerolinecolor="#999999",
        automargin=False,
        rangemode="tozero",
        fixedrange=True,
    )
    layout["yaxis"] = dict(
        type="category",
        categoryorder="array",
        categoryarray=names.tolist(),
        autorange="reversed",
        tickmode="array",
        tickvals=names.tolist(),
        ticktext=tick_text,
        tickfont=dict(size=11),
        ticks="outside",
        ticklen=5,
        tickcolor="white",
        showgrid=False,
        automargin=False,
        fixedrange=True,
    )
    layout["bargap"] = 0.2
    return plain_figure([bars], layout)
