"""The budget view's chart card ("Flere borgere, samme penge?"), the same on the profile and the region page: the
index chart of spending in current and fixed prices, recipients and spending per recipient, its units in the
subtitle, the fixed prices' caveat on the chart, the answer in words under it and the numbers behind it."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from dash import html

from dashboard.charts import views as charts
from dashboard.charts.index import LineStyle, index_figure
from dashboard.charts.theme import OTHER_COLOURS, OWN_COLOUR, REGION_COLOUR, Figure
from dashboard.core.texts import t
from dashboard.ui.components import chart_card
from dashboard.warehouse import budget
from dashboard.warehouse import selectors as ctx

# Spending in both prices vermillion (fixed prices dashed), recipients blue, per recipient bluish green.
_STYLES = {
    "spending": LineStyle(OWN_COLOUR),
    "spending_fixed": LineStyle(OWN_COLOUR, dash="dash"),
    "recipients": LineStyle(REGION_COLOUR),
    "per_recipient_fixed": LineStyle(OTHER_COLOURS[1]),
}
TABLE_DECIMALS = 1  # the index chart's hover shows one decimal


def made_from(indicator_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Each series key → the indicators it is computed from (`indicator_ids`: the spending, then its recipients;
    the price index has no breaks of its own), for the series breaks the chart draws."""
    spending, recipients = indicator_ids[0], tuple(indicator_ids[1:])
    return {
        "spending": (spending,),
        "spending_fixed": (spending,),
        "recipients": recipients,
        "per_recipient_fixed": (spending, *recipients),
    }


def series_labels(view: budget.BudgetView, lang: str) -> dict[str, str]:
    """The chart's series, key → its name in the legend and the table, in drawing order."""
    return {key: t(f"budget_series_{key}", lang) for key in view.indices()}


def source_line(warehouse: ctx.Warehouse, view: budget.BudgetView, indicator_ids: Sequence[str], lang: str) -> str:
    """'Kilde: Egne beregninger baseret på tal fra Danmarks Statistik (HAND07, PRIS01, REGK31)'."""
    cat = ctx.catalogue(warehouse)
    tables = {str(cat.loc[i, "source_table"]) for i in indicator_ids if i in cat.index}
    if "spending_fixed" in view.indices() and view.deflator_table:
        tables.add(view.deflator_table)
    return t("source_own_calculation", lang, tables=", ".join(sorted(tables)))


def budget_figure(
    warehouse: ctx.Warehouse,
    view: budget.BudgetView,
    indicator_ids: Sequence[str],
    title: str,
    lang: str,
    demo: bool,
) -> Figure:
    labels = series_labels(view, lang)
    indices = view.indices()
    fixed = "spending_fixed" in indices
    subtitle = (
        t("budget_subtitle", lang, year=view.base_year, price_year=view.price_year)
        if fixed
        else t("budget_subtitle_current", lang, year=view.base_year)
    )
    notes = [t("budget_note_fixed_prices", lang, table=view.deflator_table)] if fixed else []
    styles = {
        labels[key]: LineStyle(style.colour, style.dash, t(f"budget_short_{key}", lang))
        for key, style in _STYLES.items()
        if key in labels
    }
    return index_figure(
        [labels[key] for key in indices],
        view.years,
        np.vstack([index.to_numpy(dtype=float) for index in indices.values()]),
        title=title,
        subtitle=subtitle,
        source_line=source_line(warehouse, view, indicator_ids, lang),
        lang=lang,
        demo=demo,
        notes=notes,
        styles=styles,
        breaks=charts.series_breaks(
            warehouse, {labels[key]: ids for key, ids in made_from(indicator_ids).items() if key in labels}, lang
        ),
    )


def budget_table(view: budget.BudgetView, lang: str) -> pd.DataFrame:
    """The chart's numbers: each series' index by year, newest first, in the chart's order."""
    labels = series_labels(view, lang)
    series = {labels[key]: index.to_numpy() for key, index in view.indices().items()}
    return charts.period_table(view.years, series, lang, decimals=TABLE_DECIMALS)


def budget_card(
    warehouse: ctx.Warehouse,
    view: budget.BudgetView,
    graph_id: str,
    title: str,
    indicator_ids: Sequence[str],
    lang: str,
    demo: bool,
    page_url: str,
) -> html.Section:
    """The chart card: the figure, the answer in words under it, the view's exports and the table."""
    figure = budget_figure(warehouse, view, indicator_ids, title, lang, demo)
    note = budget.answer(view, lang)
    return chart_card(graph_id, figure, budget_table(view, lang), title, lang, note=note, page_url=page_url)
