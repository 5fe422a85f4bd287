"""The numbers behind one chart, as the table under it shows them: CSV for Danish Excel (`;`, decimal comma,
UTF-8 with BOM, CRLF) and XLSX (sheet "Data" with the rows, sheet "Kilde" with where they come from). Both are
rounded as shown: to the decimals the table says (`attrs["decimals"]`, charts.views.period_table), and a table
that says none to at most the one decimal its grid shows (ui.components.data_grid), never the fifteen a
division leaves. Served by routes/exports.py under every chart; demo data is labelled in the file name there and
in the XLSX's sheets here, as the whole-indicator downloads (routes/downloads.py) label theirs."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from dashboard.core.texts import t
from dashboard.routes.downloads import BASIS_COLUMN, DEMO_LABEL, demo_row

GRID_DECIMALS = 1  # what data_grid shows of a table without attrs["decimals"]: at most one decimal
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class ChartSource:
    """What the XLSX's Kilde sheet says about one chart: its own words, where to see it, and for a chart of one
    indicator that indicator's provenance (labelled rows, routes/downloads.provenance)."""

    title: str
    subtitle: str
    source_line: str
    view_url: str
    demo: bool
    data_version: str
    lang: str
    indicator_rows: list[tuple[str, str]] = field(default_factory=list)


def chart_words(figure: dict) -> tuple[str, str, str]:
    """Title, subtitle (unit · period) and source line of a built figure (JSON data), on one line each: as
    frame_layout keeps them in layout.meta["fit"], or else from the drawn texts."""
    layout = figure.get("layout", {})
    fit = (layout.get("meta") or {}).get("fit") if isinstance(layout.get("meta"), dict) else None
    if isinstance(fit, dict):
        return str(fit.get("title", "")), str(fit.get("subtitle", "")), str(fit.get("source", ""))
    title = layout.get("title") or {}
    source = next((a.get("text", "") for a in layout.get("annotations", []) if a.get("name") == "source"), "")
    return _one_line(title.get("text", "")), _one_line((title.get("subtitle") or {}).get("text", "")), _one_line(source)


def table_decimals(table: pd.DataFrame) -> int | None:
    """The decimals the table's numbers are shown with, when it says (None: at most GRID_DECIMALS)."""
    decimals = table.attrs.get("decimals")
    return decimals if isinstance(decimals, int) and not isinstance(decimals, bool) else None


def shown(table: pd.DataFrame) -> pd.DataFrame:
    """The table with its decimal numbers rounded as the page shows them (whole-number columns untouched)."""
    digits = table_decimals(table)
    rounded = table.copy()
    for column in _decimal_columns(table):
        # + 0.0 turns a rounded -0.0 into 0.0
        rounded[column] = (
            np.round(table[column].to_numpy(dtype=float), GRID_DECIMALS if digits is None else digits) + 0.0
        )
    return rounded


def csv_bytes(table: pd.DataFrame) -> bytes:
    """The table for Danish Excel, each number with the decimals shown: exactly the table's (2,50), or at most
    one where it says none (2 and 2,5, as its grid). A missing value is an empty field."""
    digits = table_decimals(table)
    text = shown(table)
    for column in _decimal_columns(table):
        text[column] = [_number_text(v, digits) for v in text[column].to_numpy(dtype=float)]
    return text.to_csv(sep=";", index=False, lineterminator="\r\n").encode("utf-8-sig")


def xlsx_bytes(table: pd.DataFrame, about: ChartSource) -> bytes:
    """Sheet "Data": the table as shown (numbers as numbers, rounded and formatted with the decimals shown, an
    empty cell where there is none) and `datagrundlag` on every row (DEMODATA or the chart's source line); sheet
    "Kilde": DEMODATA first in red when it applies, then the chart's title, unit and period, source line, the view
    on the site, the data version and, for one indicator, its provenance."""
    lang = about.lang
    workbook = Workbook()
    data = workbook.active
    assert data is not None  # a new workbook always has one sheet
    data.title = t("chart_sheet_data", lang)
    _fill_data(data, shown(table), table_decimals(table), DEMO_LABEL if about.demo else about.source_line)
    _fill_source(workbook.create_sheet(t("chart_sheet_source", lang)), about, table_decimals(table))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill_data(sheet: Worksheet, table: pd.DataFrame, digits: int | None, basis: str) -> None:
    decimal_columns = set(_decimal_columns(table))
    sheet.append([*(str(c) for c in table.columns), BASIS_COLUMN])
    number_format = "General" if digits is None else "#,##0" + ("." + "0" * digits if digits else "")
    for row in table.itertuples(index=False):
        sheet.append([*(_cell(v) for v in row), basis])
    for index, column in enumerate(table.columns, start=1):
        if column in decimal_columns:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(10, min(40, len(str(column)) + 4))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions[sheet.cell(row=1, column=len(table.columns) + 1).column_letter].width = 30
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions


def _fill_source(sheet: Worksheet, about: ChartSource, digits: int | None) -> None:
    lang = about.lang
    if about.demo:  # first and in red, where nobody can miss it
        demo_row(sheet, lang)
    rows = [
        (t("chart_label_title", lang), about.title),
        (t("chart_label_subtitle", lang), about.subtitle),
        (t("chart_label_source", lang), about.source_line),
        (t("chart_label_view", lang), about.view_url),
        (t("chart_label_decimals", lang), str(GRID_DECIMALS if digits is None else digits)),
        (t("download_label_basis", lang), DEMO_LABEL if about.demo else about.source_line),
        (t("download_label_data_version", lang), about.data_version),
    ]
    own = {label for label, _ in rows}
    rows += [(label, value) for label, value in about.indicator_rows if label not in own]
    if not about.indicator_rows:  # a chart of several indicators: the site's licence line covers them all
        rows.append((t("download_label_licence", lang), t("licence_line", lang)))
    for label, value in rows:
        sheet.append([label, value])
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 100


def _decimal_columns(table: pd.DataFrame) -> list[str]:
    return [c for c in table.columns if pd.api.types.is_float_dtype(table[c])]


def _number_text(value: float, digits: int | None) -> str:
    if np.isnan(value):
        return ""
    if digits is None:  # at most one decimal, as the grid: 2 and 2,5
        text = f"{value:.0f}" if float(value).is_integer() else f"{value:.{GRID_DECIMALS}f}"
    else:
        text = f"{value:.{digits}f}"
    return text.replace(".", ",")


def _cell(value: object) -> object:
    """A table value as an XLSX cell: numbers as numbers, nothing for a missing one."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def _one_line(text: object) -> str:
    return " ".join(_TAG.sub(" ", str(text)).split())
