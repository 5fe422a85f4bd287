"""Downloads of one whole indicator (every area and period): `/data/<id>.csv` for Danish Excel (`;`, decimal
comma, BOM, CRLF) or, with `?variant=plain`, for machines (`,`, decimal point, no BOM); `/data/<id>.xlsx` with
the rows in sheet "Data" and the provenance in sheet "Kilde". Demo data is labelled in the file name and on
every row (`datagrundlag`), so a downloaded file cannot be mistaken for DST figures once it leaves the site.
Beside each value, the value per capita (per 1,000 of the indicator's population, or kr. per inhabitant for
money; core.measures, as the dashboard's "per indbygger"), in a column named by its unit, empty for a share or
an average and for an indicator without a denominator.

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

from dashboard.core.formatting import format_number
from dashboard.core.measures import IndicatorInfo, apply_measure, available_measures, measure_label, per_capita_factor
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
PER_CAPITA_AT = 6  # the per-capita column follows the value and its unit (its header names its own unit)
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
    rows: pd.DataFrame  # query indicator_download, and per_capita_value (NaN where there is none)
    info: pd.Series  # the indicator's row of indicator_catalogue
    demo: bool
    data_version: str
    measures: IndicatorInfo  # its unit, denominator and aggregation, as the dashboard's units read them

    @property
    def has_per_capita(self) -> bool:
        return "per_capita" in available_measures(self.measures)

    def per_capita_header(self, danish: bool) -> str:
        """'pr. 1.000 befolkning 0–22 år' / 'kr. pr. indbygger'; for machines value_per_1000_population_0_22 /
        dkk_per_inhabitant; 'pr. indbygger' / value_per_capita over an empty column."""
        if danish:
            if not self.has_per_capita:
                return t("download_per_capita_none", "da")
            return measure_label("per_capita", self.measures, "da")
        if not self.has_per_capita:
            return "value_per_capita"
        if self.measures.unit.startswith("dkk_"):
            return "dkk_per_inhabitant"
        return f"value_per_1000_{self.measures.denominator_id}"

    def headers(self, variant: CsvVariant) -> list[str]:
        headers = list(variant.headers)
        headers.insert(PER_CAPITA_AT, self.per_capita_header(variant.danish_units))
        return headers

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
    denominator_value: float
    per_capita_value: float  # NaN where there is none


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
    measures = ctx.indicator_info(warehouse, indicator_id, "da")
    rows = warehouse.query("indicator_download", indicator_id=indicator_id)
    per_capita = (
        apply_measure(rows, "per_capita", measures)
        if "per_capita" in available_measures(measures)
        else pd.Series(float("nan"), index=rows.index)
    )
    rows = rows.assign(per_capita_value=pd.to_numeric(per_capita, errors="coerce").astype(float))
    return Export(indicator_id, rows, info, demo, warehouse.data_version(), measures)


# --- CSV ---------------------------------------------------------------------------------------------------


def csv_bytes(export: Export, variant: CsvVariant) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=variant.separator, lineterminator=variant.line_end)
    writer.writerow(export.headers(variant))
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
            number_text(row.per_capita_value, variant.decimal),
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
    sheet.append(export.headers(CSV_VARIANTS["da"]))
    for row in _rows(export):
        sheet.append(
            [
                row.area_code,
                row.area_name,
                row.area_level,
                row.period,
                _cell_number(row.value),
                unit_label(row.unit, "da"),
                _cell_number(row.per_capita_value),
                "ja" if row.is_computed else "nej",
                export.basis,
            ]
        )
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for column, width in zip("ABCDEFGHI", (12, 24, 10, 10, 14, 14, 24, 10, 20), strict=True):
        sheet.column_dimensions[column].width = width


def _cell_number(value: float | None) -> float | None:
    """A number as an XLSX cell: an empty cell where there is none (never 0)."""
    return None if value is None or pd.isna(value) else float(value)


def _fill_source_sheet(sheet: Worksheet, export: Export) -> None:
    if export.demo:  # first and in red: the one thing a reader of a demo file must not miss
        demo_row(sheet, "da")
    for label, value in [*provenance(export, "da"), (t("download_label_per_capita", "da"), _per_capita_rule(export))]:
        sheet.append([label, value])
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 100


def demo_row(sheet: Worksheet, lang: str) -> None:
    """DEMODATA and what it means, as the sheet's next row, bold and in red."""
    sheet.append([DEMO_LABEL, t("demo_banner", lang)])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True, color="C00000", size=14)


def provenance(export: Export, lang: str = "da") -> list[tuple[str, str]]:
    """Where one indicator's figures come from, as labelled rows in `lang` (a Kilde sheet's body)."""
    info = export.info
    rows = [
        ("download_label_indicator", export.indicator_id),
        ("download_label_title", str(info["title_da" if lang == "da" else "title_en"])),
        ("download_label_unit", f"{unit_label(str(info['unit']), lang)} ({info['unit']})"),
        ("download_label_definition", _text(info["definition_da"])),
        ("download_label_table", export.source_table),
        ("download_label_table_url", source_url(export)),
        ("download_label_dst_updated", _text(info["dst_updated"])[:10]),
        ("download_label_loaded", _text(info["fetched_at"])[:10]),
        ("download_label_periods", f"{_text(info['first_period'])}–{_text(info['last_period'])}"),
        ("download_label_basis", export.basis),
        ("download_label_data_version", export.data_version),
        (
            "download_label_licence",
            t("download_licence_esundhed" if export.from_esundhed else "download_licence", lang),
        ),
    ]
    return [(t(label_key, lang), value) for label_key, value in rows]


def _per_capita_rule(export: Export) -> str:
    """How the per-capita column is computed, or why it is empty."""
    header = export.per_capita_header(danish=True)
    if not export.has_per_capita:
        return t("download_per_capita_not_shown", "da", header=header)
    measures = export.measures
    return t(
        "download_per_capita_rule",
        "da",
        header=header,
        factor=format_number(per_capita_factor(measures), 0, "da"),
        denominator=measures.denominator_title or "",
        denominator_id=measures.denominator_id,
    )


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
