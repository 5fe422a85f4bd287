"""Psychiatric bed-days per region from an eSundhed.dk export, loaded with `etl run --bed-days-file PATH`.

An analyst downloads the figures from eSundhed.dk (Sundhedsdatastyrelsen) by hand, as CSV or XLSX. This module
checks the file against the column contract below and turns it into tidy rows (area_code, period, value).
Anything that breaks the contract stops the load with a `BedDaysFileError` naming the file, the row and the
value that is wrong, and what to do about it.

Column contract
---------------
File types
    ``.csv`` or ``.xlsx`` (any other extension is an error). CSV files are read as UTF-8 (with or without a
    byte-order mark), falling back to Windows-1252 (cp1252), as Excel on Danish Windows writes. The delimiter
    is ``;``, ``,`` or tab, detected from the header line. XLSX files: the first sheet is read.

Header row
    The first non-blank row. Three columns are required; the Danish names are canonical and the English
    aliases are accepted. Names are matched case-insensitively, ignoring surrounding whitespace.

    ===========  =========  =============================================================
    Column       Alias      Content
    ===========  =========  =============================================================
    Region       region     One of the five regions, see below.
    År           year       A four-digit year, 2000–2100 (``2023`` or the text ``"2023"``).
    Sengedage    bed_days   Bed-days, a non-negative number, see below.
    ===========  =========  =============================================================

    Other columns are ignored. A required column given twice (e.g. ``Region`` and ``region``) is an error.

Region
    Name with or without "Region" (``Region Hovedstaden``, ``Hovedstaden``), the English name (``Capital
    Region of Denmark``), the Statistics Denmark code (``084``, ``84``) or the DAGI code (``1084``);
    case-insensitive. Stored as the Statistics Denmark code:

    081 Region Nordjylland, 082 Region Midtjylland, 083 Region Syddanmark, 084 Region Hovedstaden,
    085 Region Sjælland.

    National-total rows (``Hele landet``, ``I alt``, ``Total``, ``Danmark``, ``000``) are skipped, with a
    note in `BedDays.notes`: the national figure is computed from the five regions elsewhere, so a total in
    the file would only be a second, possibly inconsistent, copy.

Sengedage
    Danish number format: ``.`` groups thousands and ``,`` is the decimal mark, so ``123.456`` is 123456 and
    ``1.234,5`` is 1234.5. Plain numbers (``123456``) and numeric XLSX cells are accepted as they are.
    An empty cell, ``..`` or ``-`` means the figure is missing and is stored as NaN, never as 0. Negative
    values are an error. Values with decimals are accepted but noted, because an English-format
    ``123,456`` would be read as 123.456.

Rows
    Blank rows are skipped. Each (region, year) may appear only once. Every year in the file must have all
    five regions. A CSV row with more cells than the header is an error (an unquoted decimal comma in a
    comma-separated file would otherwise shift the columns silently).
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import numbers
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import SupportsInt, cast

import pandas as pd

REGIONS: dict[str, str] = {
    "081": "Region Nordjylland",
    "082": "Region Midtjylland",
    "083": "Region Syddanmark",
    "084": "Region Hovedstaden",
    "085": "Region Sjælland",
}
_ENGLISH_REGION_NAMES: dict[str, str] = {
    "081": "North Denmark Region",
    "082": "Central Denmark Region",
    "083": "Region of Southern Denmark",
    "084": "Capital Region of Denmark",
    "085": "Region Zealand",
}
_TOTAL_LABELS = frozenset({"hele landet", "i alt", "total", "danmark", "denmark", "landet i alt", "000"})
_MISSING_MARKS = frozenset({"", "..", "-"})

# Normalised header name -> canonical key; the canonical Danish header is used in messages.
_COLUMN_ALIASES: dict[str, str] = {
    "region": "region",
    "år": "year",
    "year": "year",
    "sengedage": "bed_days",
    "bed_days": "bed_days",
}
_CANONICAL_HEADERS: dict[str, str] = {"region": "Region", "year": "År", "bed_days": "Sengedage"}

_DANISH_NUMBER = re.compile(r"(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
_YEAR_RANGE = (2000, 2100)
_CSV_DELIMITERS = (";", "\t", ",")  # ties go to ';' because ',' may also be a decimal mark


class BedDaysFileError(ValueError):
    """The bed-days file breaks the column contract; the message names the file, what is wrong and the fix."""


@dataclass(frozen=True)
class BedDays:
    """The loaded file: tidy rows plus provenance (name, hash, size) and notes on what was skipped."""

    rows: pd.DataFrame  # area_code ('081'..'085'), period ('YYYY'), value (float, NaN = missing)
    file_name: str
    sha256: str
    size_bytes: int
    notes: list[str]
    content: bytes = b""  # the file exactly as checksummed, for raw.files


@dataclass(frozen=True)
class _Table:
    """Cells as read from the file, before any interpretation; row numbers are as a spreadsheet shows them."""

    header: list[object]
    rows: list[tuple[int, list[object]]]


class _CellError(ValueError):
    """One cell is wrong; the caller adds the file name and row number."""


def read_bed_days(path: Path) -> BedDays:
    """Read and validate an eSundhed bed-days export (CSV or XLSX) against the module's column contract."""
    path = Path(path)
    data = _read_bytes(path)
    notes: list[str] = []
    table = _read_table(path, data, notes)
    columns = _locate_columns(path.name, table.header)
    records = _parse_rows(path.name, table, columns, notes)
    _check_complete(path.name, records)
    return BedDays(
        rows=_to_frame(records),
        file_name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        notes=notes,
        content=data,
    )


# --- reading the file -------------------------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    # Read once: the hash, the size and the parsed content then all describe the same bytes.
    if not path.exists():
        raise BedDaysFileError(f"bed-days file {path} does not exist; check the path given to --bed-days-file")
    if not path.is_file():
        raise BedDaysFileError(f"bed-days file {path} is not a file; give the path of the exported CSV or XLSX")
    data = path.read_bytes()
    if not data.strip():
        raise BedDaysFileError(f"bed-days file {path.name} is empty; download the export from eSundhed.dk again")
    return data


def _read_table(path: Path, data: bytes, notes: list[str]) -> _Table:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _read_csv_rows(path.name, data, notes)
    elif suffix == ".xlsx":
        rows = _read_xlsx_rows(path.name, data)
    else:
        raise BedDaysFileError(
            f"bed-days file {path.name}: unsupported file type '{path.suffix or '(none)'}'; "
            "save the eSundhed export as .csv or .xlsx"
        )
    non_blank = [(number, cells) for number, cells in rows if not all(_is_blank(c) for c in cells)]
    if not non_blank:
        raise BedDaysFileError(
            f"bed-days file {path.name} has no header row; the first row must name Region, År, Sengedage"
        )
    (_, header), *body = non_blank
    if not body:
        raise BedDaysFileError(
            f"bed-days file {path.name} has a header row but no data rows; "
            "download the export from eSundhed.dk again with at least one year selected"
        )
    return _Table(header=header, rows=body)


def _read_csv_rows(name: str, data: bytes, notes: list[str]) -> list[tuple[int, list[object]]]:
    text = _decode(name, data, notes)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = _detect_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[object]]] = []
    try:
        for cells in reader:
            rows.append((reader.line_num, list(cells)))
    except csv.Error as exc:
        raise BedDaysFileError(
            f"bed-days file {name}: line {reader.line_num}: not valid CSV ({exc}); re-export the file"
        ) from exc
    return rows


def _decode(name: str, data: bytes, notes: list[str]) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise BedDaysFileError(
            f"bed-days file {name}: byte {exc.start} is neither UTF-8 nor Windows-1252 text; "
            "re-save the file as CSV UTF-8 from Excel"
        ) from exc
    notes.append(f"{name} is not UTF-8; read it as Windows-1252 (cp1252), as Excel on Danish Windows writes")
    return text


def _detect_delimiter(header_line: str) -> str:
    # The header has no numbers in it, so the most frequent candidate there is the delimiter.
    counts = {d: header_line.count(d) for d in _CSV_DELIMITERS}
    return max(_CSV_DELIMITERS, key=lambda d: counts[d])


def _read_xlsx_rows(name: str, data: bytes) -> list[tuple[int, list[object]]]:
    try:
        frame = pd.read_excel(io.BytesIO(data), sheet_name=0, header=None, dtype=object, engine="openpyxl")
    except (zipfile.BadZipFile, ValueError, KeyError, OSError) as exc:
        raise BedDaysFileError(
            f"bed-days file {name} could not be read as an Excel workbook ({exc}); "
            "open it in Excel and save it again as .xlsx, or export CSV instead"
        ) from exc
    # header=None keeps leading blank rows, so position + 1 is the row number Excel shows.
    return [(position + 1, list(values)) for position, values in enumerate(frame.itertuples(index=False))]


# --- interpreting cells ------------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    # NFC so that a decomposed 'Å' (as macOS may write it) matches; collapse runs of whitespace.
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _is_blank(cell: object) -> bool:
    if cell is None or cell is pd.NA:
        return True
    if isinstance(cell, float) and math.isnan(cell):
        return True
    return isinstance(cell, str) and not cell.strip()


def _show(cell: object) -> str:
    return repr(cell.strip()) if isinstance(cell, str) else repr(cell)


def _locate_columns(name: str, header: list[object]) -> dict[str, int]:
    found: dict[str, list[int]] = {}
    for position, cell in enumerate(header):
        if isinstance(cell, str) and (key := _COLUMN_ALIASES.get(_normalise(cell))):
            found.setdefault(key, []).append(position)
    found_names = ", ".join(str(c).strip() for c in header if not _is_blank(c)) or "(none)"
    missing = [_CANONICAL_HEADERS[key] for key in _CANONICAL_HEADERS if key not in found]
    if missing:
        raise BedDaysFileError(
            f"bed-days file {name}: missing column(s) {', '.join(missing)}; found columns: {found_names}. "
            "The header row must name Region, År, Sengedage (or region, year, bed_days)"
        )
    for key, positions in found.items():
        if len(positions) > 1:
            given = ", ".join(repr(str(header[p]).strip()) for p in positions)
            raise BedDaysFileError(
                f"bed-days file {name}: column {_CANONICAL_HEADERS[key]} appears {len(positions)} times "
                f"({given}); keep only one of them"
            )
    return {key: positions[0] for key, positions in found.items()}


def _build_region_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for code, name in REGIONS.items():
        short = name.removeprefix("Region ")
        for alias in (name, short, short.replace("æ", "ae"), _ENGLISH_REGION_NAMES[code]):
            lookup[_normalise(alias)] = code
            lookup[_normalise(alias.replace("æ", "ae"))] = code
        lookup[code] = code
        lookup[code.lstrip("0")] = code
        lookup["1" + code] = code  # DAGI region codes are 1081–1085
    return lookup


_REGION_LOOKUP = _build_region_lookup()
_TOTAL = "total"


def _parse_region(cell: object) -> str:
    """The DST region code, or _TOTAL for a national-total row."""
    if _is_blank(cell):
        raise _CellError("region is empty; every row must name one of the five regions")
    key = _normalise(_integral_text(cell) if isinstance(cell, numbers.Number) else str(cell))
    if key in _TOTAL_LABELS:
        return _TOTAL
    code = _REGION_LOOKUP.get(key)
    if code is None:
        expected = ", ".join(REGIONS.values())
        raise _CellError(f"unknown region {_show(cell)}; expected one of {expected} (or codes 081–085)")
    return code


def _integral_text(cell: numbers.Number) -> str:
    # XLSX numeric cells arrive as 84 or 84.0; only whole numbers can be codes or years.
    if isinstance(cell, bool) or not isinstance(cell, numbers.Real) or not float(cell).is_integer():
        return str(cell)
    return str(int(cast(SupportsInt, cell)))  # int, float, numpy numbers: typeshed's Real declares no __int__


def _parse_year(cell: object) -> str:
    if _is_blank(cell):
        raise _CellError("year (År) is empty; give a four-digit year such as 2023")
    text = _integral_text(cell) if isinstance(cell, numbers.Number) else str(cell).strip()
    low, high = _YEAR_RANGE
    if not (re.fullmatch(r"\d{4}", text) and low <= int(text) <= high):
        raise _CellError(f"year (År) {_show(cell)} is not a four-digit year between {low} and {high}")
    return text


def _parse_bed_days(cell: object) -> float:
    """The value as a float, NaN when the export marks it missing; never 0 for missing."""
    if cell is None or cell is pd.NA:
        return math.nan
    if isinstance(cell, numbers.Real) and not isinstance(cell, bool):
        value = float(cell)
        if math.isinf(value):
            raise _CellError(f"bed-days (Sengedage) {_show(cell)} is not a finite number")
    elif isinstance(cell, str):
        value = _parse_danish_number(cell)
    else:
        raise _CellError(f"bed-days (Sengedage) {_show(cell)} is not a number; put the count in the cell")
    if value < 0:
        raise _CellError(
            f"negative bed-days (Sengedage) {_show(cell)}; bed-days cannot be negative, "
            "correct the value or write '..' if it is unknown"
        )
    return value


def _parse_danish_number(cell: str) -> float:
    text = cell.strip().replace("\u00a0", "")
    if text in _MISSING_MARKS:
        return math.nan
    negative = text[:1] in ("-", "−")
    digits = text[1:].strip() if negative else text
    if not _DANISH_NUMBER.fullmatch(digits):
        raise _CellError(
            f"bed-days (Sengedage) {_show(cell)} is not a number in Danish format; write 123456 or 123.456, "
            "decimals with a comma (1.234,5), and '..' or an empty cell for a missing figure"
        )
    value = float(digits.replace(".", "").replace(",", "."))
    return -value if negative else value


# --- rows and checks ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Record:
    row: int
    area_code: str
    period: str
    value: float
    raw_value: object


def _parse_rows(name: str, table: _Table, columns: dict[str, int], notes: list[str]) -> list[_Record]:
    records: list[_Record] = []
    totals: dict[str, list[int]] = {}
    seen: dict[tuple[str, str], int] = {}
    width = len(table.header)
    for row, raw_cells in table.rows:
        _check_width(name, row, raw_cells, width)
        cells = raw_cells + [None] * (width - len(raw_cells))  # a short CSV row: the missing cells are empty
        record = _parse_row(name, row, cells, columns)
        if record is None:
            label = str(cells[columns["region"]]).strip()
            totals.setdefault(label, []).append(row)
            continue
        key = (record.area_code, record.period)
        if key in seen:
            raise BedDaysFileError(
                f"bed-days file {name}: rows {seen[key]} and {row} both give "
                f"{_region_label(record.area_code)}, {record.period}; keep one row per region and year"
            )
        seen[key] = row
        records.append(record)
    if not records:
        raise BedDaysFileError(
            f"bed-days file {name} has no region rows (only national totals); "
            "export the figures per region (Region Nordjylland … Region Sjælland)"
        )
    notes.extend(_total_notes(totals))
    notes.extend(_value_notes(records))
    return records


def _check_width(name: str, row: int, cells: list[object], width: int) -> None:
    # Extra filled cells mean the columns have shifted, so no cell of the row can be trusted.
    if len(cells) > width and any(not _is_blank(c) for c in cells[width:]):
        raise BedDaysFileError(
            f"bed-days file {name}: row {row} has {len(cells)} cells but the header has {width}; a value "
            "probably contains the delimiter (e.g. a decimal comma in a comma-separated file) — quote it "
            "or export with ';' as the delimiter"
        )


def _parse_row(name: str, row: int, cells: list[object], columns: dict[str, int]) -> _Record | None:
    """One data row as a record, or None for a national-total row."""
    try:
        area_code = _parse_region(cells[columns["region"]])
        if area_code == _TOTAL:
            return None
        period = _parse_year(cells[columns["year"]])
        raw_value = cells[columns["bed_days"]]
        value = _parse_bed_days(raw_value)
    except _CellError as exc:
        raise BedDaysFileError(f"bed-days file {name}: row {row}: {exc}") from exc
    return _Record(row=row, area_code=area_code, period=period, value=value, raw_value=raw_value)


def _region_label(code: str) -> str:
    return f"{REGIONS[code]} ({code})"


def _rows_text(rows: list[int], limit: int = 8) -> str:
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (f" and {len(rows) - limit} more" if len(rows) > limit else "")


def _total_notes(totals: dict[str, list[int]]) -> list[str]:
    return [
        f"skipped {len(rows)} national-total row(s) labelled {label!r} (row {_rows_text(rows)}); "
        "the national figure is computed from the five regions"
        for label, rows in totals.items()
    ]


def _value_notes(records: list[_Record]) -> list[str]:
    notes: list[str] = []
    missing = [r for r in records if math.isnan(r.value)]
    if missing:
        where = "; ".join(f"{_region_label(r.area_code)} {r.period}" for r in missing[:8])
        more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
        notes.append(f"{len(missing)} bed-days value(s) missing in the file, stored as NaN: {where}{more}")
    fractional = [r for r in records if not math.isnan(r.value) and not r.value.is_integer()]
    if fractional:
        first = fractional[0]
        notes.append(
            f"{len(fractional)} bed-days value(s) have decimals (e.g. row {first.row}: "
            f"{_show(first.raw_value)} read as {first.value:g}); check the file uses Danish number format"
        )
    return notes


def _check_complete(name: str, records: list[_Record]) -> None:
    present: dict[str, set[str]] = {}
    for record in records:
        present.setdefault(record.period, set()).add(record.area_code)
    gaps = [
        f"{period} lacks {', '.join(_region_label(c) for c in sorted(set(REGIONS) - codes))}"
        for period, codes in sorted(present.items())
        if codes != set(REGIONS)
    ]
    if gaps:
        raise BedDaysFileError(
            f"bed-days file {name}: every year needs all five regions, but "
            + "; ".join(gaps)
            + ". Add the missing rows (write '..' as the value if the figure is unknown) or drop the year"
        )


def _to_frame(records: list[_Record]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "area_code": [r.area_code for r in records],
            "period": [r.period for r in records],
            "value": pd.Series([r.value for r in records], dtype="float64"),
        }
    )
    return frame.sort_values(["period", "area_code"], ignore_index=True)
