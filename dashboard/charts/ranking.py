"""The ranking chart: every municipality at one period as a horizontal bar, highest at the top, the own
municipality and any chosen ones in colour."""

from __future__ import annotations

import base64

import numpy as np
import pandas as pd

from dashboard.charts.theme import (
    GRID_COLOUR,
    NOTE_ROW,
    NUMBER_TICKS,
    OWN_COLOUR,
    PEER_COLOUR,
    REGION_COLOUR,
    SOURCE_ROW,
    TEXT_COLOUR,
    TOP,
    Figure,
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
) -> Figure:
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
        title_pad_top=12,
    )
    layout["xaxis"] = dict(
        side="top",
        showgrid=True,
        gridcolor=GRID_COLOUR,
        zeroline=True,
        zerolinecolor="#999999",
        automargin=False,
        rangemode="tozero",
        fixedrange=True,
        **NUMBER_TICKS,
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
    # what slide_ranking needs to cut the chart for a slide: who is chosen, and the language of its note
    layout["meta"]["ranking"] = dict(
        own=own_code, chosen=sorted({*(highlight_codes or ()), *([own_code] if own_code else [])}), lang=lang
    )
    return plain_figure([bars], layout)


SLIDE_KEEP = 15  # bars kept from each end of a ranking on a slide
GAP_MARKER = "…"


def slide_ranking(figure: dict, keep: int = SLIDE_KEEP) -> dict:
    """A ranking (as JSON data) for a slide: the `keep` highest and `keep` lowest plus every chosen municipality
    wherever it ranks, a "…" row where bars are left out, and a note saying so; title, source line and DEMODATA
    marks stay. All 98 bars in a 16:9 or square image would be some 4 px each, too thin to read; 30-odd bars of
    11 px are, with the reader's own municipality among them. A figure that is no ranking, or has no more than
    2 × `keep` bars with a value, is returned as it is (a region's municipalities all fit)."""
    layout = figure.get("layout", {})
    about = (layout.get("meta") or {}).get("ranking")
    data = figure.get("data", [])
    if about is None or len(data) != 1:
        return figure
    bars = data[0]
    values = pd.to_numeric(pd.Series(_array(bars["x"])), errors="coerce").to_numpy(dtype=float)  # None: NaN
    valid = np.flatnonzero(~np.isnan(values))
    if len(valid) <= 2 * keep:
        return figure
    codes = [str(c) for c in _array(bars["customdata"])]
    chosen = set(about["chosen"])
    kept = sorted({*valid[:keep], *valid[-keep:], *(i for i, code in enumerate(codes) if code in chosen)})
    rows: list[int | None] = []  # an index into the bars, None for a gap marker
    for index in kept:
        if rows and rows[-1] is not None and index > rows[-1] + 1:
            rows.append(None)
        rows.append(index)
    if kept[-1] < len(codes) - 1:  # bars left out at the end (those without a value)
        rows.append(None)
    yaxis = layout.get("yaxis", {})
    names = [str(n) for n in _array(bars["y"])]
    ticks = dict(zip(yaxis.get("tickvals", names), yaxis.get("ticktext", names), strict=True))
    gaps = [f"{GAP_MARKER}{n}" for n in range(1, rows.count(None) + 1)]  # categories of their own, shown as "…"
    gap_of = iter(gaps)
    categories = [names[i] if i is not None else next(gap_of) for i in rows]

    def pick(column: str, filler: object) -> list[object]:
        array = list(_array(bars[column])) if column in bars else None
        return [filler if i is None or array is None else _plain(array[i]) for i in rows]

    colours = bars.get("marker", {}).get("color")
    marker = dict(bars.get("marker", {}))
    if isinstance(colours, (list, dict)):
        marker["color"] = [PEER_COLOUR if i is None else _plain(_array(colours)[i]) for i in rows]
    sliced = {
        **bars,
        "x": [None if i is None or np.isnan(values[i]) else float(values[i]) for i in rows],
        "y": categories,
        "customdata": pick("customdata", ""),
        "text": pick("text", ""),
        "marker": marker,
    }
    lang = str(about.get("lang", "da"))
    notes = [t("ranking_slide_note", lang, keep=keep, n=len(valid), gap=GAP_MARKER)]
    left_out = len(set(range(len(codes))) - set(valid) - set(kept))  # without a value and not chosen
    if left_out:  # the chart's own note says they are listed at the bottom; here they are not
        notes.append(t("ranking_slide_missing", lang, n=left_out))
    meta = dict(layout.get("meta") or {})
    annotations = [a for a in layout.get("annotations", []) if a.get("name") != "note"]
    source = next((a for a in annotations if a.get("name") == "source"), None)
    if "fit" in meta and source is not None:  # theme.resize places the notes above the source line
        meta["fit"] = {**meta["fit"], "notes": notes}
        font = {**source.get("font", {}), "color": TEXT_COLOUR}
        annotations += [{**source, "name": "note", "text": note, "font": font} for note in notes]
    return {
        **figure,
        "data": [sliced],
        "layout": {
            **layout,
            "meta": meta,
            "annotations": annotations,
            "yaxis": {
                **yaxis,
                "categoryarray": categories,
                "tickvals": categories,
                "ticktext": [ticks.get(c, GAP_MARKER) for c in categories],
            },
        },
    }


def _array(spec: object) -> np.ndarray:
    """A trace's array as plotly's JSON holds it: a list, or a typed array ({"dtype": "f8", "bdata": base64})."""
    if isinstance(spec, dict) and "bdata" in spec:
        flat = np.frombuffer(base64.b64decode(spec["bdata"]), dtype=np.dtype(spec["dtype"]))
        return flat.reshape(spec["shape"]) if "shape" in spec else flat
    return np.asarray(spec if spec is not None else [], dtype=object)


def _plain(value: object) -> object:
    """A numpy scalar as the plain Python value JSON takes."""
    return value.item() if isinstance(value, np.generic) else value
