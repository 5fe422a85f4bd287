"""The eSundhed bed-days reader: the column contract in etl/kinds/bed_days/export.py, on files made in tmp_path."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import openpyxl
import pytest

from etl.kinds.bed_days.export import BedDays, BedDaysFileError, read_bed_days

DEMO_FILE = Path(__file__).resolve().parents[2] / "data" / "demo" / "esundhed_bed_days.csv"
REGION_NAMES = {
    "081": "Region Nordjylland",
    "082": "Region Midtjylland",
    "083": "Region Syddanmark",
    "084": "Region Hovedstaden",
    "085": "Region Sjælland",
}


def region_lines(year: str, values: dict[str, str] | None = None, sep: str = ";") -> list[str]:
    """Five data lines for one year; values default to '1000' and may be overridden per region code."""
    values = values or {}
    return [f"{name}{sep}{year}{sep}{values.get(code, '1000')}" for code, name in REGION_NAMES.items()]


def write_csv(tmp_path: Path, lines: list[str], name: str = "export.csv", encoding: str = "utf-8-sig") -> Path:
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def value(result: BedDays, area_code: str, period: str) -> float:
    match = result.rows[(result.rows["area_code"] == area_code) & (result.rows["period"] == period)]
    assert len(match) == 1
    return float(match["value"].iloc[0])


def load_error(path: Path) -> str:
    with pytest.raises(BedDaysFileError) as info:
        read_bed_days(path)
    return str(info.value)


# --- valid files --------------------------------------------------------------------------------------------


def test_semicolon_csv_with_danish_numbers(tmp_path: Path) -> None:
    lines = ["Region;År;Sengedage"]
    lines += region_lines("2024", {"084": "123.456", "085": "1.234,5", "081": "987"})
    lines += region_lines("2023", {"084": "1.000.000"})
    path = write_csv(tmp_path, lines)

    result = read_bed_days(path)

    assert value(result, "084", "2024") == 123456.0
    assert value(result, "085", "2024") == 1234.5
    assert value(result, "081", "2024") == 987.0
    assert value(result, "084", "2023") == 1_000_000.0
    assert list(result.rows.columns) == ["area_code", "period", "value"]
    assert str(result.rows["value"].dtype) == "float64"
    # Sorted by period, then area code, whatever the file order.
    assert list(result.rows["period"]) == ["2023"] * 5 + ["2024"] * 5
    assert list(result.rows["area_code"][:5]) == ["081", "082", "083", "084", "085"]
    assert result.file_name == "export.csv"
    assert result.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert result.size_bytes == path.stat().st_size
    assert any("decimals" in note and "1.234,5" in note for note in result.notes)


def test_comma_csv_with_quoted_decimal_comma(tmp_path: Path) -> None:
    lines = ["Region,År,Sengedage", *region_lines("2022", {"083": '"1.234,5"', "082": "54321"}, sep=",")]
    result = read_bed_days(write_csv(tmp_path, lines))

    assert value(result, "083", "2022") == 1234.5
    assert value(result, "082", "2022") == 54321.0
    assert len(result.rows) == 5


def test_tab_csv_with_english_headers_and_extra_column(tmp_path: Path) -> None:
    lines = [" REGION \tEnhed\tyear\tBed_Days "]
    # An extra 'Enhed' column between Region and year, holding text that must not be read as a value.
    lines += [line.replace("\t", "\tsengedage\t", 1) for line in region_lines("2021", {"081": "42"}, "\t")]
    result = read_bed_days(write_csv(tmp_path, lines))

    assert value(result, "081", "2021") == 42.0
    assert set(result.rows["area_code"]) == set(REGION_NAMES)


def test_cp1252_file_is_read(tmp_path: Path) -> None:
    lines = ["Region;År;Sengedage", *region_lines("2020", {"085": "7.654"})]
    path = write_csv(tmp_path, lines, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # the fixture really is not UTF-8

    result = read_bed_days(path)

    assert value(result, "085", "2020") == 7654.0  # 'Region Sjælland' decoded correctly
    assert any("cp1252" in note for note in result.notes)


def test_xlsx_first_sheet_with_numeric_cells(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Region", "År", "Sengedage"])
    sheet.append([84, 2023, 341250])  # DST code as a number
    sheet.append(["Hovedstaden", "2024", 1234.5])  # year as text
    for code, name in REGION_NAMES.items():
        if code != "084":
            sheet.append([name, 2023, 1000])
            sheet.append([name, 2024.0, None])  # an empty cell is missing, not 0
    workbook.create_sheet("Noter").append(["Region", "År", "Sengedage"])  # later sheets are not read
    path = tmp_path / "export.xlsx"
    workbook.save(path)

    result = read_bed_days(path)

    assert value(result, "084", "2023") == 341250.0
    assert value(result, "084", "2024") == 1234.5
    assert value(result, "082", "2023") == 1000.0
    assert math.isnan(value(result, "082", "2024"))
    assert sorted(set(result.rows["period"])) == ["2023", "2024"]
    assert len(result.rows) == 10


def test_region_aliases_and_codes(tmp_path: Path) -> None:
    lines = [
        "Region;År;Sengedage",
        "region nordjylland;2020;1",
        "Midtjylland;2020;2",
        "83;2020;3",
        "1084;2020;4",
        "  SJAELLAND ;2020;5",
    ]
    result = read_bed_days(write_csv(tmp_path, lines))

    assert [value(result, code, "2020") for code in REGION_NAMES] == [1.0, 2.0, 3.0, 4.0, 5.0]


def test_missing_markers_become_nan_not_zero(tmp_path: Path) -> None:
    lines = ["Region;År;Sengedage", *region_lines("2019", {"081": "..", "082": "-", "083": ""})]
    result = read_bed_days(write_csv(tmp_path, lines))

    for code in ("081", "082", "083"):
        assert math.isnan(value(result, code, "2019"))
    assert value(result, "084", "2019") == 1000.0
    assert result.rows["value"].isna().sum() == 3
    assert any(note.startswith("3 bed-days value(s) missing") for note in result.notes)


def test_national_total_row_is_skipped_with_a_note(tmp_path: Path) -> None:
    lines = ["Region;År;Sengedage", "Hele landet;2018;5.000", *region_lines("2018")]
    result = read_bed_days(write_csv(tmp_path, lines))

    assert sorted(result.rows["area_code"]) == sorted(REGION_NAMES)
    assert result.rows["value"].sum() == 5000.0
    assert any("'Hele landet'" in note and "row 2" in note for note in result.notes)


# --- contract violations ------------------------------------------------------------------------------------


def test_missing_columns_lists_missing_and_found(tmp_path: Path) -> None:
    path = write_csv(tmp_path, ["Region;Aar;Antal", "Region Hovedstaden;2020;1"])
    message = load_error(path)

    assert "export.csv" in message
    assert "missing column(s) År, Sengedage" in message
    assert "found columns: Region, Aar, Antal" in message


def test_required_column_given_twice(tmp_path: Path) -> None:
    path = write_csv(tmp_path, ["Region;År;Sengedage;bed_days", "Region Hovedstaden;2020;1;2"])
    message = load_error(path)

    assert "Sengedage appears 2 times" in message
    assert "'bed_days'" in message


def test_unknown_region_names_the_row_and_expected_values(tmp_path: Path) -> None:
    lines = ["Region;År;Sengedage", "Region Hovedstaden;2020;1", "Region Fyn;2020;2"]
    message = load_error(write_csv(tmp_path, lines, name="x.csv"))

    assert message.startswith("bed-days file x.csv: row 3: unknown region 'Region Fyn'")
    assert "Region Nordjylland, Region Midtjylland, Region Syddanmark, Region Hovedstaden" in message
    assert "081–085" in message


def test_duplicate_region_and_year_names_both_rows(tmp_path: Path) -> None:
    lines = ["Region;År;Sengedage", *region_lines("2020"), "084;2020;5"]
    message = load_error(write_csv(tmp_path, lines))

    assert "rows 5 and 7" in message
    assert "Region Hovedstaden (084), 2020" in message


def test_year_missing_a_region_names_year_and_region(tmp_path: Path) -> None:
    lines = ["Region;År;Sengedage", *region_lines("2021")]
    lines += [line for line in region_lines("2022") if not line.startswith("Region Sjælland")]
    message = load_error(write_csv(tmp_path, lines))

    assert "2022 lacks Region Sjælland (085)" in message
    assert "2021" not in message


def test_negative_value_names_the_row(tmp_path: Path) -> None:
    lines = ["Region;År;Sengedage", *region_lines("2020", {"083": "-1.500"})]
    message = load_error(write_csv(tmp_path, lines))

    assert "row 4: negative bed-days (Sengedage) '-1.500'" in message


@pytest.mark.parametrize("year", ["23", "1999", "2020-21", "2101"])
def test_bad_year_names_the_value(tmp_path: Path, year: str) -> None:
    lines = ["Region;År;Sengedage", f"Region Hovedstaden;{year};1"]
    message = load_error(write_csv(tmp_path, lines))

    assert f"row 2: year (År) '{year}' is not a four-digit year between 2000 and 2100" in message


@pytest.mark.parametrize("text", ["1234.5", "12.34", "abc", "1,2,3"])
def test_non_danish_number_is_rejected(tmp_path: Path, text: str) -> None:
    lines = ["Region;År;Sengedage", f"Region Hovedstaden;2020;{text}"]
    message = load_error(write_csv(tmp_path, lines))

    assert f"row 2: bed-days (Sengedage) '{text}' is not a number in Danish format" in message


def test_unquoted_decimal_comma_in_comma_csv_is_rejected(tmp_path: Path) -> None:
    lines = ["Region,År,Sengedage", "Region Hovedstaden,2020,1234,5"]
    message = load_error(write_csv(tmp_path, lines))

    assert "row 2 has 4 cells but the header has 3" in message


@pytest.mark.parametrize("name", ["export.xls", "export.txt", "export"])
def test_unsupported_extension(tmp_path: Path, name: str) -> None:
    path = write_csv(tmp_path, ["Region;År;Sengedage", *region_lines("2020")], name=name)
    message = load_error(path)

    assert f"bed-days file {name}: unsupported file type" in message
    assert ".csv or .xlsx" in message


def test_xlsx_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = write_csv(tmp_path, ["Region;År;Sengedage", *region_lines("2020")], name="export.xlsx")
    message = load_error(path)

    assert "export.xlsx could not be read as an Excel workbook" in message


def test_missing_file(tmp_path: Path) -> None:
    message = load_error(tmp_path / "nowhere.csv")

    assert "nowhere.csv does not exist" in message
    assert "--bed-days-file" in message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")

    assert "empty.csv is empty" in load_error(path)


def test_header_without_data_rows(tmp_path: Path) -> None:
    path = write_csv(tmp_path, ["Region;År;Sengedage", ";;"])

    assert "has a header row but no data rows" in load_error(path)


def test_only_national_totals(tmp_path: Path) -> None:
    path = write_csv(tmp_path, ["Region;År;Sengedage", "I alt;2020;100", "Total;2021;100"])

    assert "no region rows (only national totals)" in load_error(path)


# --- the shipped demo file ----------------------------------------------------------------------------------


def test_demo_file_loads_with_plausible_totals() -> None:
    result = read_bed_days(DEMO_FILE)

    assert result.file_name == "esundhed_bed_days.csv"
    assert result.notes == []
    assert len(result.rows) == 50
    assert sorted(set(result.rows["area_code"])) == sorted(REGION_NAMES)
    assert sorted(set(result.rows["period"])) == [str(year) for year in range(2015, 2025)]
    assert not result.rows["value"].isna().any()
    totals = result.rows.groupby("period")["value"].sum()
    assert totals.between(900_000, 1_200_000).all(), totals.to_dict()
    # Hovedstaden is the largest region and Nordjylland the smallest, every year.
    largest = result.rows.loc[result.rows.groupby("period")["value"].idxmax(), "area_code"]
    smallest = result.rows.loc[result.rows.groupby("period")["value"].idxmin(), "area_code"]
    assert set(largest) == {"084"}
    assert set(smallest) == {"081"}
