"""Downloads of one whole indicator (every area and period): `/data/<id>.csv` for Danish Excel (`;`, decimal
comma, BOM, CRLF) or, with `?variant=plain`, for machines (`,`, decimal point, no BOM); `/data/<id>.xlsx` with
the rows in sheet "Data" and the provenance in sheet "Kilde". Demo data is labelled in the file name and on
every row (`datagrundlag`), so a downloaded file cannot be mistaken for DST figures once it leaves the site.

Each file is built whole in memory and only then sent: a failure gives an error status, never half a file."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol, cast

import pandas as pd
from flask import Flask, Response, request
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from dashboard.core.texts import t, unit_label
from dashboard.routes.responses import answer_lang, attachment, plain
from dashboard.warehouse import selectors as ctx

CSV_ENDPOINT = "socialtal_download_csv"
XLSX_ENDPOINT = "socialtal_download_xlsx"
OTHER_ENDPOINT = "socialtal_download_other"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

COLUMNS = ("area_code", "area_name", "area_level", "period", "value", "unit", "is_computed")
DANISH_HEADERS = ("områdekode", "område", "niveau", "periode", "værdi", "enhed", "beregnet")
BASIS_COLUMN = "datagrundlag"  # same name in every variant: it is the label a script filters on
DEMO_LABEL = "DEMODATA"
ESUNDHED_PREFIX = ctx.ESUNDHED_SOURCE_PREFIX
_MAX_ECHO = 60  # how much of a bad URL value an error message repeats


@dataclass(frozen=True)
class CsvVariant:
    """How one CSV flavour writes the same rows."""

    separator: str
    decimal: str
    encoding: str  # utf-8-sig writes the BOM Excel needs to read UTF-8
    line_end: str
    headers: tuple[str, ...]
    true_false: tuple[str, str]
    danish_units: bool


CSV_VARIANTS: dict[str, CsvVariant] = {
    "da": CsvVariant(";", ",", "utf-8-sig", "\r\n", (*DANISH_HEADERS, BASIS_COLUMN), ("ja", "nej"), True),
    "plain": CsvVariant(",", ".", "utf-8", "\n", (*COLUMNS, BASIS_COLUMN), ("true", "false"), False),
}


@dataclass(frozen=True)
class Export:
    """One indicator's rows and what the files say about where they come from."""

    indicator_id: str
    rows: pd.DataFrame  # query indicator_download
    info: pd.Series  # the indicator's row of indicator_catalogue
    demo: bool
    data_version: str

    @property
    def source_table(self) -> str:
        return str(self.info["source_table"])

    @property
    def from_esundhed(self) -> bool:
        return self.source_table.upper().startswith(ESUNDHED_PREFIX)

    @property
    def basis(self) -> str:
        if self.demo:
            return DEMO_LABEL
        return "Sundhedsdatastyrelsen" if self.from_esundhed else "Danmarks Statistik"

    def file_name(self, extension: str) -> str:
        suffix = f"-{DEMO_LABEL}" if self.demo else ""
        return f"{self.indicator_id}{suffix}.{extension}"


class _Row(Protocol):
    """A row of query indicator_download as itertuples gives it."""

    area_code: str
    area_name: str
    area_level: str
    period: str
    value: float  # NaN where DST publishes '..'
    unit: str
    is_computed: bool


def _rows(export: Export) -> Iterable[_Row]:
    # the query's columns, typed: pandas-stubs give every field of an itertuples row as any scalar
    return cast(Iterable[_Row], export.rows.itertuples(index=False))


def register(server: Flask) -> None:
    """Add the download routes. Safe to call twice (the second call does nothing)."""
    if CSV_ENDPOINT in server.view_functions:
        return
    server.add_url_rule("/data/<indicator_id>.csv", CSV_ENDPOINT, download_csv, methods=["GET"])
    server.add_url_rule("/data/<indicator_id>.xlsx", XLSX_ENDPOINT, download_xlsx, methods=["GET"])
    # Anything else under /data/ (create_app leaves that prefix to us) is a plain 404, not the app shell.
    server.add_url_rule("/data/", OTHER_ENDPOINT, no_such_download, methods=["GET"], defaults={"rest": ""})
    server.add_url_rule("/data/<path:rest>", OTHER_ENDPOINT, no_such_download, methods=["GET"])


def download_csv(indicator_id: str) -> Response:
    variant_name = request.args.get("variant", "da")
    if variant_name not in CSV_VARIANTS:
        allowed = ", ".join(f"variant={name}" for name in CSV_VARIANTS)
        return plain(400, t("download_bad_variant", answer_lang(), variant=_echo(variant_name), allowed=allowed))
    export = load_export(indicator_id)
    if export is None:
        return _unknown_indicator(indicator_id)
    body = csv_bytes(export, CSV_VARIANTS[variant_name])
    return attachment(body, CSV_CONTENT_TYPE, export.file_name("csv"))


def download_xlsx(indicator_id: str) -> Response:
    export = load_export(indicator_id)
    if export is None:
        return _unknown_indicator(indicator_id)
    return attachment(xlsx_bytes(export), XLSX_CONTENT_TYPE, export.file_name("xlsx"))


def no_such_download(rest: str) -> Response:
    return plain(404, t("download_no_such_file", answer_lang(), path=_echo(rest)))


def load_export(indicator_id: str) -> Export | None:
    """The indicator's rows, or None if the catalogue does not know it. The id is checked against the catalogue
    before any query runs, and then passed as a named parameter, never pasted into SQL."""
    warehouse = ctx.current_warehouse()
    catalogue = ctx.catalogue(warehouse)
    if indicator_id not in catalogue.index:
        return None
    info = ctx.one_row(catalogue, indicator_id)
    # Either flag marks demo: the warehouse as a whole, or this indicator's source snapshot.
    demo = ctx.is_demo(warehouse) or (pd.notna(info["is_demo"]) and bool(info["is_demo"]))
    rows = warehouse.query("indicator_download", indicator_id=indicator_id)
    return Export(indicator_id, rows, info, demo, warehouse.data_version())


# --- CSV ---------------------------------------------------------------------------------------------------


def csv_bytes(export: Export, variant: CsvVariant) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=variant.separator, lineterminator=variant.line_end)
    writer.writerow(variant.headers)
    writer.writerows(_csv_rows(export, variant))
    return buffer.getvalue().encode(variant.encoding)


def _csv_rows(export: Export, variant: CsvVariant) -> Iterator[list[str]]:
    yes, no = variant.true_false
    for row in _rows(export):
        unit = unit_label(row.unit, "da") if variant.danish_units else row.unit
        yield [
            row.area_code,
            row.area_name,
            row.area_level,
            row.period,
            number_text(row.value, variant.decimal),
            unit,
            yes if row.is_computed else no,
            export.basis,
        ]


def number_text(value: float | None, decimal: str) -> str:
    """'' for a missing value (never 0); whole numbers without a trailing '.0'; otherwise the shortest text
    that reads back as the same float, with the variant's decimal mark."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    number = float(value)
    text = str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    return text.replace(".", decimal)


# --- XLSX --------------------------------------------------------------------------------------------------


def xlsx_bytes(export: Export) -> bytes:
    workbook = Workbook()
    data = workbook.active
    assert data is not None  # a new workbook always has one sheet
    data.title = "Data"
    _fill_data_sheet(data, export)
    _fill_source_sheet(workbook.create_sheet("Kilde"), export)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill_data_sheet(sheet: Worksheet, export: Export) -> None:
    """A clean table: one header row, then numbers as numbers (an empty cell where DST publishes '..')."""
    sheet.append([*DANISH_HEADERS, BASIS_COLUMN])
    for row in _rows(export):
        value = None if pd.isna(row.value) else float(row.value)
        sheet.append(
            [
                row.area_code,
                row.area_name,
                row.area_level,
                row.period,
                value,
                unit_label(row.unit, "da"),
                "ja" if row.is_computed else "nej",
                export.basis,
            ]
        )
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for column, width in zip("ABCDEFGH", (12, 24, 10, 10, 14, 14, 10, 20), strict=True):
        sheet.column_dimensions[column].width = width


def _fill_source_sheet(sheet: Worksheet, export: Export) -> None:
    if export.demo:  # first and in red: the one thing a reader of a demo file must not miss
        sheet.append([DEMO_LABEL, t("demo_banner", "da")])
        for cell in sheet[1]:
            cell.font = Font(bold=True, color="C00000", size=14)
    for label_key, value in _provenance(export):
        sheet.append([t(label_key, "da"), value])
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 100


def _provenance(export: Export) -> list[tuple[str, str]]:
    info = export.info
    return [
        ("download_label_indicator", export.indicator_id),
        ("download_label_title", str(info["title_da"])),
        ("download_label_unit", f"{unit_label(str(info['unit']), 'da')} ({info['unit']})"),
        ("download_label_definition", _text(info["definition_da"])),
        ("download_label_table", export.source_table),
        ("download_label_table_url", source_url(export)),
        ("download_label_dst_updated", _text(info["dst_updated"])[:10]),
        ("download_label_loaded", _text(info["fetched_at"])[:10]),
        ("download_label_periods", f"{_text(info['first_period'])}–{_text(info['last_period'])}"),
        ("download_label_basis", export.basis),
        ("download_label_data_version", export.data_version),
        ("download_label_licence", t("download_licence_esundhed" if export.from_esundhed else "download_licence")),
    ]


def source_url(export: Export) -> str:
    if export.from_esundhed:
        return "https://www.esundhed.dk"
    return f"https://www.statistikbanken.dk/{export.source_table}"


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


# --- responses ---------------------------------------------------------------------------------------------


def _unknown_indicator(indicator_id: str) -> Response:
    missing = next((m for m in ctx.missing_indicators(ctx.current_warehouse()) if m.indicator_id == indicator_id), None)
    if missing is not None:  # known, but its source never loaded
        return plain(404, t("no_data_missing_source", answer_lang(), source=missing.issue.source_id))
    return plain(404, t("download_unknown_indicator", answer_lang(), indicator_id=_echo(indicator_id)))


def _echo(value: str) -> str:
    """A bad URL value as an error message may repeat it: shortened, on one line."""
    flat = " ".join(value.split())
    return flat if len(flat) <= _MAX_ECHO else flat[:_MAX_ECHO] + "…"
