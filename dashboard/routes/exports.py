"""Routes that hand a chart to slides and reports: `/export/kommune/<code>/<indicator>.<png|svg|pdf>` with the
view's query string (unit, peers, base year, language) and `size=wide|square`. Title, unit, period, source line
and, for demo data, the DEMODATA watermark are part of the image. `.csv` and `.xlsx` are the numbers the chart
shows, rounded as its table shows them (routes/chart_tables.py). A ranking of all 98 drawn for a slide (a size
asked for) keeps the top and bottom 15 and the chosen municipalities (charts.ranking.slide_ranking)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pandas as pd
from flask import Flask, Response, request

from dashboard.charts import views as charts
from dashboard.charts.ranking import slide_ranking
from dashboard.charts.theme import resize
from dashboard.core.state import NotFound, echo
from dashboard.core.texts import t
from dashboard.routes import chart_tables, downloads, images
from dashboard.routes.responses import answer_lang, attachment, plain
from dashboard.ui.components import figure_json
from dashboard.ui.layout_search import find_figure, find_table
from dashboard.warehouse import selectors as ctx

log = logging.getLogger("socialtal.exports")
TABLE_FORMATS = {"csv": "text/csv", "xlsx": downloads.XLSX_CONTENT_TYPE}  # the numbers the chart shows


def export_municipality_chart(code: str, indicator_id: str, fmt: str) -> Response:
    warehouse = ctx.current_warehouse()
    if fmt not in images.FORMATS and fmt not in TABLE_FORMATS:
        return _bad_format(fmt)
    size = request.args.get("size", "wide")
    if size not in images.SIZES:
        return plain(400, t("export_bad_size", answer_lang(), size=echo(size), allowed=", ".join(images.SIZES)))
    query = {k: v for k, v in request.args.items() if k != "size"}
    width, height, _ = images.SIZES[size]
    try:
        state, own, chart = charts.municipality_chart_for(
            warehouse, code, indicator_id, query, height=height, width=width
        )
    except NotFound as exc:
        return plain(404, t("export_not_found", answer_lang(), what=echo(exc.describe(answer_lang()), 160)))
    suffix = "-DEMODATA" if ctx.is_demo(warehouse) else ""
    name = f"{own['area_name']}-{indicator_id}{suffix}.{fmt}"
    figure = figure_json(chart.figure)
    if fmt == "csv":  # what the chart shows
        return _danish_csv(chart.table, name)
    if fmt == "xlsx":
        indicator = downloads.load_export(indicator_id)
        view = f"/kommune/{code}" + (f"?{urlencode(query, safe=',')}" if query else "")
        rows = downloads.provenance(indicator, state.lang) if indicator is not None else []
        demo = ctx.is_demo(warehouse) or (indicator is not None and indicator.demo)
        return _chart_xlsx(chart.table, figure, view, state.lang, name, demo, rows)
    try:  # resized to the size it was drawn for: every year keeps its label (theme.fit_time_ticks)
        data = images.render_at(resize(figure, width, height), fmt, *images.SIZES[size])
    except images.ImageExportUnavailable as exc:
        return _no_browser(exc)
    return attachment(data, images.FORMATS[fmt], name)


def export_view_chart(fmt: str, render_page: Callable[[str, dict[str, str]], Any]) -> Response:
    """Any chart on any page: `/export/view.<fmt>?page=<the page's address>&chart=<the chart's id>`, drawn as the
    page draws it (same unit, period, highlights, source line and demo watermark)."""
    if fmt not in images.FORMATS and fmt not in TABLE_FORMATS:
        return _bad_format(fmt)
    size = request.args.get("size")
    if size is not None and size not in images.SIZES:
        return plain(400, t("export_bad_size_or_none", answer_lang(), size=echo(size), allowed=", ".join(images.SIZES)))
    page, chart_id = request.args.get("page", ""), request.args.get("chart", "")
    parts = urlsplit(page)
    if not page.startswith("/") or parts.netloc:
        return plain(400, t("export_bad_page", answer_lang()))
    layout = render_page(parts.path, dict(parse_qsl(parts.query)))
    figure = find_figure(layout, chart_id) if layout is not None else None
    if figure is None:
        return plain(404, t("export_no_chart", answer_lang(), chart=echo(chart_id), page=echo(page)))
    demo = ctx.is_demo(ctx.current_warehouse())
    name = f"socialtal-{chart_id}{'-DEMODATA' if demo else ''}.{fmt}"
    if fmt in TABLE_FORMATS:  # the numbers behind the chart: the table the page shows under it
        table = find_table(layout, f"{chart_id}-table")
        if table is None:
            return plain(404, t("export_no_table", answer_lang(), chart=echo(chart_id)))
        if fmt == "xlsx":
            lang = dict(parse_qsl(parts.query)).get("lang", "da")
            return _chart_xlsx(table, figure, page, lang if lang in ("da", "en") else "da", name, demo, [])
        return _danish_csv(table, name)
    try:  # for a slide (a size asked for) a ranking of all 98 keeps its ends and the chosen ones; as shown, all
        data = (
            images.render_at(resize(slide_ranking(figure), *images.SIZES[size][:2]), fmt, *images.SIZES[size])
            if size
            else images.render_as_shown(figure, fmt)
        )
    except images.ImageExportUnavailable as exc:
        return _no_browser(exc)
    return attachment(data, images.FORMATS[fmt], name)


def _danish_csv(table: pd.DataFrame, name: str) -> Response:
    """For Danish Excel: ';', decimal comma, UTF-8 with BOM, CRLF; with the decimals the chart shows where the
    table says (`attrs["decimals"]`, charts.views.period_table), else as its grid shows them (chart_tables)."""
    return attachment(chart_tables.csv_bytes(table), TABLE_FORMATS["csv"], name)


def _chart_xlsx(
    table: pd.DataFrame,
    figure: dict,
    view: str,
    lang: str,
    name: str,
    demo: bool,
    indicator_rows: list[tuple[str, str]],
) -> Response:
    """The chart's table as XLSX, with a Kilde sheet from the chart's own words and the view's address."""
    title, subtitle, source_line = chart_tables.chart_words(figure)
    about = chart_tables.ChartSource(
        title=title,
        subtitle=subtitle,
        source_line=source_line,
        view_url=request.host_url.rstrip("/") + view,
        demo=demo,
        data_version=ctx.current_warehouse().data_version(),
        lang=lang,
        indicator_rows=indicator_rows,
    )
    return attachment(chart_tables.xlsx_bytes(table, about), TABLE_FORMATS["xlsx"], name)


def _bad_format(fmt: str) -> Response:
    allowed = ", ".join([*images.FORMATS, *TABLE_FORMATS])
    return plain(400, t("export_bad_format", answer_lang(), fmt=echo(fmt), allowed=allowed))


def register(server: Flask, render_page: Callable[[str, dict[str, str]], Any]) -> None:
    server.add_url_rule(
        "/export/kommune/<code>/<indicator_id>.<fmt>", "export_municipality_chart", export_municipality_chart
    )
    server.add_url_rule("/export/view.<fmt>", "export_view_chart", lambda fmt: export_view_chart(fmt, render_page))


def _no_browser(exc: images.ImageExportUnavailable) -> Response:
    """503 in the reader's language; what the operator must install goes to the log."""
    log.warning("image export unavailable: %s", exc)
    return plain(503, t("image_export_unavailable", answer_lang()))
