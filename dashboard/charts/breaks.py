"""Series breaks on a time axis (a new law, a new register, new codes, or where a series begins): a thin dashed
vertical line between the last period before the break and the break's own period, with a short label at the top
of the plot and the explanation on hover, drawn only where the chart's series cross the break."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard.charts.theme import MUTED_COLOUR, wrap_lines
from dashboard.core.periods import period_sort_key

NAME = "series_break"  # the line and its label: tests find them by it (assets/chart_fit.js leaves them be)
LABEL_SIZE = 11
LABEL_ROW_PX = 17  # a second break in one chart writes its label this much lower, so the two never meet
LABEL_GAP_PX = 3  # between the line and its label
NOTE_WIDTH_PX = 320  # the hover's explanation is wrapped to this width


@dataclass(frozen=True)
class SeriesBreak:
    """One break as a chart draws it: from `period` (a DST period code) on, the figures are not fully comparable
    with those before; `label` is drawn at the line, `note` explains it on hover."""

    period: str
    label: str
    note: str


def from_frame(frame: pd.DataFrame, lang: str) -> tuple[SeriesBreak, ...]:
    """The breaks in rows of the query `series_breaks` (selectors.breaks_of), in the page's language: one per
    period and label, however many of the chart's indicators or sources share it (see `merged`)."""
    if frame.empty:
        return ()
    label, note = ("label_da", "note_da") if lang == "da" else ("label_en", "note_en")
    return merged(
        SeriesBreak(str(period), str(text), str(explanation))
        for period, text, explanation in zip(frame["period"], frame[label], frame[note], strict=True)
    )


def merged(breaks: Iterable[SeriesBreak]) -> tuple[SeriesBreak, ...]:
    """One break per period and label, in time order: several indicators' breaks of one kind (Barnets Lov in the
    spending and in the recipients) are one line and one label, their different explanations, if any, together."""
    notes: dict[tuple[str, str], list[str]] = {}
    for b in breaks:
        found = notes.setdefault((b.period, b.label), [])
        if b.note not in found:
            found.append(b.note)
    ordered = sorted(notes, key=lambda key: (period_sort_key(key[0]), key[1]))
    return tuple(SeriesBreak(period, label, " ".join(notes[(period, label)])) for period, label in ordered)


def crossing(
    breaks: Iterable[SeriesBreak], axis_periods: Sequence[str], series_periods: Iterable[str]
) -> list[SeriesBreak]:
    """The breaks a chart's series cross: its time axis has a period before the break, and the series it affects
    have a value from the break on. A series that begins at its break (placements from 2011) is marked only where
    another series takes the axis further back."""
    starts = [period_sort_key(p) for p in axis_periods]
    reached = [period_sort_key(p) for p in series_periods]
    return [
        b
        for b in breaks
        if any(p < period_sort_key(b.period) for p in starts) and any(p >= period_sort_key(b.period) for p in reached)
    ]


def marks(breaks: Sequence[SeriesBreak], axis_periods: Sequence[str]) -> tuple[list[dict], list[dict]]:
    """(shapes, annotations) for the breaks on a category axis of `axis_periods` (in time order): each line half
    way between the last period before the break and the first from it on (categories are at 0, 1, 2, … on the
    axis), its label at the top of the plot on the side with more room, each further label a row lower. Give only
    breaks the chart crosses (`crossing`)."""
    keys = [period_sort_key(p) for p in axis_periods]
    shapes: list[dict] = []
    labels: list[dict] = []
    drawn: set[float] = set()
    for series_break in merged(breaks):
        first = next((i for i, key in enumerate(keys) if key >= period_sort_key(series_break.period)), None)
        if first is None or first == 0:
            continue
        position = first - 0.5
        if position not in drawn:  # two breaks between the same two periods share one line
            drawn.add(position)
            shapes.append(
                dict(
                    type="line",
                    name=NAME,
                    xref="x",
                    x0=position,
                    x1=position,
                    yref="paper",
                    y0=0,
                    y1=1,
                    line=dict(color=MUTED_COLOUR, width=1, dash="dash"),
                    layer="below",
                )
            )
        to_the_right = position < (len(axis_periods) - 1) / 2  # the label goes where the plot has more room
        labels.append(
            dict(
                text=series_break.label,
                name=NAME,
                hovertext="<br>".join(wrap_lines(series_break.note, NOTE_WIDTH_PX, 12)),
                xref="x",
                x=position,
                yref="paper",
                y=1,
                xanchor="left" if to_the_right else "right",
                yanchor="top",
                xshift=LABEL_GAP_PX if to_the_right else -LABEL_GAP_PX,
                yshift=-len(labels) * LABEL_ROW_PX,
                showarrow=False,
                align="left" if to_the_right else "right",
                bgcolor="rgba(255,255,255,0.85)",
                font=dict(size=LABEL_SIZE, color=MUTED_COLOUR),
            )
        )
    return shapes, labels
