"""The trend chart: one line per area over time (own municipality, region, country, others, peers as lines or
a lowest–highest band), and wide_matrix, the areas × periods matrix it draws from."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from dashboard.charts.breaks import SeriesBreak, crossing, marks
from dashboard.charts.theme import (
    COUNTRY_COLOUR,
    OTHER_COLOURS,
    OWN_COLOUR,
    PEER_COLOUR,
    REGION_COLOUR,
    Figure,
    category_axis,
    d3_format,
    empty_figure,
    frame_layout,
    group_legend,
    legend_rows,
    plain_figure,
    plain_trace,
    value_axis,
    y_margin,
)
from dashboard.core.periods import period_label
from dashboard.core.texts import t
from dashboard.warehouse import matrices

ROLE_ORDER = {"peer": 0, "country": 1, "region": 2, "selected": 3, "own": 4}  # drawing order: own on top


def _hover(name: str | None, fmt: str, unit: str, value_ref: str = "y") -> str:
    head = "<b>%{text}</b>" if name is None else f"<b>{name}</b>"
    return f"{head}<br>%{{x}}: %{{{value_ref}:{fmt}}} {unit}<extra></extra>"


def trend_chart(
    frame: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    source_line: str,
    unit_label: str,
    lang: str = "da",
    demo: bool = False,
    peer_band: bool = False,
    height: int = 460,
    width: int = 720,
    decimals: int | None = None,
    breaks: Sequence[SeriesBreak] = (),
) -> Figure:
    """One line per area over time: own municipality (vermillion, thick, on top), region (blue), country (black,
    dashed), other selected municipalities (Okabe–Ito), peers (thin grey, one shared legend item).

    frame: area_code, area_name, role ("own" | "region" | "country" | "peer" | "selected"), period, value.
    All peers are drawn as ONE trace with breaks between municipalities (cheap with ~100 peers); each point's
    hover still names its municipality. With `peer_band`, the peers are a grey band from their lowest to their
    highest value instead: small multiples stay readable and light (two traces, whatever the number of peers).
    `breaks`: the indicator's series breaks; those its values cross are drawn as dashed lines with their labels.
    """
    if frame.empty:
        return empty_figure(
            title=title, subtitle=subtitle, source_line=source_line, lang=lang, demo=demo, height=height
        )
    meta, periods, matrix = wide_matrix(frame)
    return trend_figure(
        list(meta.index),
        meta["area_name"].tolist(),
        meta["role"].tolist(),
        periods,
        matrix,
        title=title,
        subtitle=subtitle,
        source_line=source_line,
        unit_label=unit_label,
        lang=lang,
        demo=demo,
        peer_band=peer_band,
        height=height,
        width=width,
        decimals=decimals,
        breaks=breaks,
    )


def trend_figure(
    codes: Sequence[str],
    names: Sequence[str],
    roles: Sequence[str],
    periods: Sequence[str],
    matrix: np.ndarray,
    *,
    title: str,
    subtitle: str,
    source_line: str,
    unit_label: str,
    lang: str = "da",
    demo: bool = False,
    peer_band: bool = False,
    height: int = 460,
    width: int = 720,
    decimals: int | None = None,
    breaks: Sequence[SeriesBreak] = (),
) -> Figure:
    """trend_chart of areas given as rows: `codes`, `names` and `roles` per row, `matrix` areas × `periods` (in time
    order, NaN where absent), as wide_matrix makes them (or rows of an indicator's matrix, for a profile)."""
    periods = list(periods)
    labels = [period_label(p, lang) for p in periods]
    fmt = d3_format(matrix, decimals)
    has_gaps = bool(np.isnan(matrix).any())

    traces: list[dict] = []
    legend_names: list[str] = []
    role_of = np.array(roles, dtype=object)
    area_names = np.array(names, dtype=object)
    peer_rows = np.flatnonzero(role_of == "peer")
    if peer_rows.size and peer_band:
        traces.extend(_peer_band(matrix[peer_rows], labels, fmt, unit_label, lang))
        legend_names.append(t("peers_band_legend", lang))
    elif peer_rows.size:
        n = len(periods)
        block = np.hstack([matrix[peer_rows], np.full((peer_rows.size, 1), np.nan)])
        x = np.tile(np.array([*labels, None], dtype=object), peer_rows.size)
        peer_names = np.repeat(area_names[peer_rows], n + 1)
        peers_name = t("peers_legend", lang)
        legend_names.append(peers_name)
        traces.append(
            plain_trace(
                "scatter",
                x=x,
                y=block.ravel(),
                text=peer_names,
                name=peers_name,
                mode="lines",
                line=dict(color=PEER_COLOUR, width=1),
                connectgaps=False,
                legendrank=900,
                hovertemplate=_hover(None, fmt, unit_label),
                meta="peer",
            )
        )

    others = iter(OTHER_COLOURS * (1 + len(codes) // len(OTHER_COLOURS)))
    selected_colour = {
        code: next(others)
        for code, role in zip(codes, roles, strict=True)
        if role not in ("own", "region", "country", "peer")
    }
    order = sorted((i for i in range(len(codes)) if roles[i] != "peer"), key=lambda i: ROLE_ORDER.get(roles[i], 3))
    for i in order:
        code, name, role = codes[i], names[i], roles[i]
        line: dict[str, object]
        marker: dict[str, object]
        if role == "own":
            line, marker, rank = dict(color=OWN_COLOUR, width=4), dict(size=7), 1
        elif role == "region":
            line, marker, rank = dict(color=REGION_COLOUR, width=2.5), dict(size=5), 2
        elif role == "country":
            line, marker, rank = dict(color=COUNTRY_COLOUR, width=2.5, dash="dash"), dict(size=5), 3
        else:
            line, marker, rank = dict(color=selected_colour[code], width=2.5), dict(size=5), 4
        marker["color"] = line["color"]
        legend_names.append(name)
        traces.append(
            plain_trace(
                "scatter",
                x=labels,
                y=matrix[i],
                name=name,
                mode="lines+markers",
                line=line,
                marker=marker,
                connectgaps=False,
                legendrank=rank,
                hovertemplate=_hover(name, fmt, unit_label),
                meta=role,
            )
        )

    finite = matrix[np.isfinite(matrix)]
    with_values = [p for p, has in zip(periods, np.isfinite(matrix).any(axis=0), strict=True) if has]
    break_lines, break_labels = marks(crossing(breaks, periods, with_values), periods)
    layout = frame_layout(
        title=title,
        subtitle=subtitle,
        source_line=source_line,
        lang=lang,
        demo=demo,
        height=height,
        notes=[t("gap_note", lang)] if has_gaps else [],
        legend_rows=legend_rows(legend_names, width),
        margin_left=y_margin(matrix, fmt, lang),
        width=width,
        extra_annotations=break_labels,
    )
    short_names = {  # a narrow screen's legend: "Landet", "Region", "Sammenlignelige"
        "region": t("legend_short_region", lang),
        "country": t("legend_short_country", lang),
        "peer": t("legend_short_peers", lang),
    }
    group_legend(
        layout,
        traces,
        {
            trace["name"]: short_names[trace["meta"]]
            for trace in traces
            if "name" in trace and trace["meta"] in short_names
        },
    )
    layout["xaxis"] = category_axis(labels, layout)
    layout["yaxis"] = value_axis(rangemode="tozero" if finite.size and finite.min() >= 0 else "normal")
    if break_lines:
        layout["shapes"] = break_lines
    return plain_figure(traces, layout)


def wide_matrix(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str], np.ndarray]:
    """(area_name and role per area_code in order of first appearance, the periods in time order, values as an
    areas × periods matrix with NaN where absent). A repeated area and period counts once, as first given: the
    pivot of warehouse.matrices, which a profile's charts read per data version; this is it for any other frame."""
    pivot = matrices.from_frame(frame, "value")
    first = frame.assign(area_code=frame["area_code"].astype(str)).drop_duplicates("area_code")  # pivot's row order
    meta = pd.DataFrame(
        {"area_name": list(pivot.area_names), "role": first["role"].astype(str).to_numpy()},
        index=pd.Index(list(pivot.area_codes), name="area_code"),
    )
    return meta, list(pivot.periods), pivot.values


def _peer_band(peers: np.ndarray, labels: list[str], fmt: str, unit_label: str, lang: str) -> list[dict]:
    """Lowest and highest peer value per period as a filled band; a period where no peer has a value is a gap."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN periods give NaN, as they should
        low, high = np.nanmin(peers, axis=0), np.nanmax(peers, axis=0)
    name = t("peers_band_legend", lang)
    hover = f"{name}<br>%{{x}}: %{{customdata:{fmt}}}–%{{y:{fmt}}} {unit_label}<extra></extra>"
    return [
        plain_trace(
            "scatter",
            x=labels,
            y=low,
            mode="lines",
            line=dict(width=0, color=PEER_COLOUR),
            showlegend=False,
            legendgroup=name,  # the band's lower edge is hidden with it from the legend
            hoverinfo="skip",
            connectgaps=False,
            meta="peer",
        ),
        plain_trace(
            "scatter",
            x=labels,
            y=high,
            customdata=low,
            mode="lines",
            line=dict(width=0, color=PEER_COLOUR),
            fill="tonexty",
            fillcolor="rgba(187,187,187,0.35)",
            name=name,
            legendrank=900,
            connectgaps=False,
            hovertemplate=hover,
            meta="peer",
        ),
    ]
