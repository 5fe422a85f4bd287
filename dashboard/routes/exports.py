"""Routes that hand a chart to slides and reports: `/export/kommune/<code>/<indicator>.<png|svg|pdf>` with the
view's query string (unit, peers, base year, language) and `size=wide|square`. Title, unit, period, source line
and, for demo data, the DEMODATA watermark are part of the image."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pandas as pd
from flask import Flask, Response, request

from dashboard.charts import views as charts
from dashboard.charts.theme import resize
from dashboard.core.state import NotFound, echo
from dashboard.core.texts import t
from dashboard.routes import images
from dashboard.routes.responses import answer_lang, attachment, plain
from dashboard.ui.layout_search import find_figure, find_table
from dashboard.warehouse import selectors as ctx

log = logging.getLogger("socialtal.exports")


def export_municipality_chart(code: str, indicator_id: str, fmt: str) -> Response:
    warehouse = ctx.current_warehouse()
    if fmt not in images.FORMATS and fmt != "csv":
        return plain(
            400, t("export_bad_format", answer_lang(), fmt=echo(fmt), allowed=", ".join([*images.FORMATS, "csv"]))
        )
    size = request.args.get("size", "wide")
    if size not in images.SIZES:
        return plain(400, t("export_bad_size", answer_lang(), size=echo(size), allowed=", ".join(images.SIZES)))
    query = {k: v for k, v in request.args.items() if k != "size"}
    width, height, _ = images.SIZES[size]
    try:
        _, own, chart = charts.municipality_chart_for(warehouse, code, indicator_id, query, height=height, width=width)
    except NotFound as exc:
        return plain(404, t("export_not_found", answer_lang(), what=echo(exc.describe(answer_lang()), 160)))
    suffix = "-DEMODATA" if ctx.is_demo(warehouse) else ""
    if fmt == "csv":  # what the chart shows
        return _danish_csv(chart.table, f"{own['area_name']}-{indicator_id}{suffix}.csv")
    try:
        data = images.render(chart.figure, fmt, size)
    except images.ImageExportUnavailable as exc:
        return _no_browser(exc)
    return attachment(data, images.FORMATS[fmt], f"{own['area_name']}-{indicator_id}{suffix}.{fmt}")


def export_view_chart(fmt: str, render_page: Callable[[str, dict[str, str]], Any]) -> Response:
    """Any chart on any page: `/export/view.<fmt>?page=<the page's address>&chart=<the chart's id>`, drawn as the
    page draws it (same unit, period, highlights, source line and demo watermark)."""
    if fmt not in images.FORMATS and fmt != "csv":
        return plain(
            400, t("export_bad_format", answer_lang(), fmt=echo(fmt), allowed=", ".join([*images.FORMATS, "csv"]))
        )
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
    name = f"socialtal-{chart_id}{'-DEMODATA' if ctx.is_demo(ctx.current_warehouse()) else ''}.{fmt}"
    if fmt == "csv":  # the numbers behind the chart: the table the page shows under it
        table = find_table(layout, f"{chart_id}-table")
        if table is None:
            return plain(404, t("export_no_table", answer_lang(), chart=echo(chart_id)))
        return _danish_csv(table, name)
    try:
        data = (
            images.render_at(resize(figure, *images.SIZES[size][:2]), fmt, *images.SIZES[size])
            if size
            else images.render_as_shown(figure, fmt)
        )
    except images.ImageExportUnavailable as exc:
        return _no_browser(exc)
    return attachment(data, images.FORMATS[fmt], name)


def _danish_csv(table: pd.DataFrame, name: str) -> Response:
    """For Danish Excel: ';', decimal comma, UTF-8 with BOM, CRLF."""
    text = table.to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n")
    return attachment(text.encode("utf-8-sig"), "text/csv", name)


def register(server: Flask, render_page: Callable[[str, dict[str, str]], Any]) -> None:
    server.add_url_rule(
        "/export/kommune/<code>/<indicator_id>.<fmt>", "export_municipality_chart", export_municipality_chart
    )
    server.add_url_rule("/export/view.<fmt>", "export_view_chart", lambda fmt: export_view_chart(fmt, render_page))


def _no_browser(exc: images.ImageExportUnavailable) -> Response:
    """503 in the reader's language; what the operator must install goes to the log."""
    log.warning("image export unavailable: %s", exc)
    return plain(503, t("image_export_unavailable", answer_lang()))
