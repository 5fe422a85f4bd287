"""read_bulk / parse_values on BULK bodies written here in the documented format: BOM, CRLF, upper-case
header ending TID;INDHOLD, decimal comma, '..' for a missing value. The rows are read by DuckDB into a table of
the connection given."""

from __future__ import annotations

import duckdb
import pytest

from etl.kinds.statbank.bulk import BulkFormatError, BulkRows, parse_values, read_bulk

VARIABLES = ["OMRÅDE", "KØN", "Tid"]  # as tableinfo spells them
HEADER = "OMRÅDE;KØN;TID;INDHOLD"


def bulk(*lines: str, header: str = HEADER, bom: bool = True, newline: str = "\r\n") -> str:
    return ("\ufeff" if bom else "") + newline.join([header, *lines]) + newline


def parse_bulk(text: str, variables: list[str]) -> BulkRows:
    return read_bulk(duckdb.connect(), text, variables)


def column(rows: BulkRows, name: str) -> list[str | None]:
    position = rows.columns.index(name)
    return [row[position] for row in rows.fetch()]


def values_of(*cells: str) -> list[float | None]:
    return parse_values(parse_bulk(bulk(*(f"101;{i};2024K1;{cell}" for i, cell in enumerate(cells))), VARIABLES))


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
@pytest.mark.parametrize("bom", [True, False])
def test_bom_and_line_ends(bom: bool, newline: str) -> None:
    text = bulk("101;TOT;2024K1;655012", "147;2;2024K1;56123", bom=bom, newline=newline)
    frame = parse_bulk(text, VARIABLES)
    assert frame.columns == ("OMRÅDE", "KØN", "TID", "INDHOLD")
    assert frame.fetch() == [("101", "TOT", "2024K1", "655012"), ("147", "2", "2024K1", "56123")]
    assert not any(str(c).startswith("\ufeff") for c in frame.columns)
    assert not any((cell or "").endswith("\r") for cell in column(frame, "INDHOLD"))


def test_codes_stay_text() -> None:
    frame = parse_bulk(bulk("000;1;2024K1;5", "084;2;2024K1;6"), VARIABLES)
    assert column(frame, "OMRÅDE") == ["000", "084"]  # leading zeros kept
    assert column(frame, "KØN") == ["1", "2"]


def test_header_in_another_column_order() -> None:
    frame = parse_bulk(bulk("2024K1;2;101;7", header="TID;KØN;OMRÅDE;INDHOLD"), VARIABLES)
    assert frame.columns == ("TID", "KØN", "OMRÅDE", "INDHOLD")
    row = dict(zip(frame.columns, frame.fetch()[0], strict=True))
    assert (row["OMRÅDE"], row["KØN"], row["TID"], row["INDHOLD"]) == ("101", "2", "2024K1", "7")


def test_variables_matched_case_insensitively() -> None:
    frame = parse_bulk(bulk("101;TOT;2024K1;1"), ["område", "køn", "TID"])
    assert column(frame, "OMRÅDE") == ["101"]


@pytest.mark.parametrize(
    ("header", "why"),
    [
        ("OMRÅDE;TID;INDHOLD", "a variable missing"),
        ("OMRÅDE;KØN;ALDER;TID;INDHOLD", "an extra variable"),
        ("OMRÅDE;KØN;INDHOLD;TID", "INDHOLD not last"),
        ("område;køn;tid;indhold", "lower case"),
        ("Område;Køn;Tid;Indhold", "label texts instead of ids"),
        ("OMRÅDE,KØN,TID,INDHOLD", "comma separated"),
    ],
)
def test_header_mismatch(header: str, why: str) -> None:
    with pytest.raises(BulkFormatError) as caught:
        parse_bulk(bulk("101;TOT;2024K1;1", header=header), VARIABLES)
    message = str(caught.value)
    assert "unexpected BULK header" in message, why
    assert repr(header) in message
    assert "INDHOLD, KØN, OMRÅDE, TID" in message  # the expected columns, named
    assert "valuePresentation Code" in message


def test_json_error_body_is_not_bulk() -> None:
    with pytest.raises(BulkFormatError, match="the answer is JSON, not BULK CSV"):
        parse_bulk('{"errorTypeCode":"EXTRACT-NOTFOUND","message":"Tabel findes ikke: X"}', VARIABLES)


def test_empty_text_is_not_bulk() -> None:
    with pytest.raises(BulkFormatError, match="unexpected BULK header"):
        parse_bulk("", VARIABLES)


def test_header_only_is_an_empty_table() -> None:
    frame = parse_bulk("\ufeff" + HEADER + "\r\n", VARIABLES)
    assert frame.rows == 0 and frame.fetch() == []
    assert frame.columns == ("OMRÅDE", "KØN", "TID", "INDHOLD")
    assert parse_values(frame) == []


def test_empty_code_cell_names_the_line() -> None:
    text = bulk("101;TOT;2024K1;5", "147;TOT;2024K1;6", ";TOT;2024K1;7")
    with pytest.raises(BulkFormatError) as caught:
        parse_bulk(text, VARIABLES)
    message = str(caught.value)
    assert message.startswith("line 4: empty code")
    assert "'INDHOLD': '7'" in message


def test_empty_time_cell_names_the_line() -> None:
    with pytest.raises(BulkFormatError, match=r"^line 2: empty code"):
        parse_bulk(bulk("101;TOT;;5"), VARIABLES)


def test_line_with_too_many_cells_is_a_bulk_format_error() -> None:
    with pytest.raises(BulkFormatError, match=r"line 3"):
        parse_bulk(bulk("101;TOT;2024K1;5", "147;TOT;2024K1;6;7"), VARIABLES)


def test_line_with_too_few_cells_is_a_bulk_format_error() -> None:
    with pytest.raises(BulkFormatError, match=r"^line 2 has 3 fields, the header 4"):
        parse_bulk(bulk("101;TOT;5", "147;TOT;2024K1;6"), VARIABLES)


def test_blank_lines_are_skipped() -> None:
    frame = parse_bulk(bulk("101;TOT;2024K1;5", "", "147;TOT;2024K1;6"), VARIABLES)
    assert column(frame, "OMRÅDE") == ["101", "147"]


def test_repeated_key_names_both_lines() -> None:
    text = bulk("101;TOT;2024K1;5", "147;TOT;2024K1;6", "101;TOT;2024K1;7", "147;TOT;2024K1;8")
    with pytest.raises(BulkFormatError) as caught:
        parse_bulk(text, VARIABLES)
    message = str(caught.value)
    assert message.startswith("line 4 repeats the key OMRÅDE=101, KØN=TOT, TID=2024K1 of line 2")
    assert "(values '5' and '7')" in message


def test_quotes_are_part_of_a_code() -> None:
    assert column(parse_bulk(bulk('"101";TOT;2024K1;5'), VARIABLES), "OMRÅDE") == ['"101"']


def test_danish_letters_in_header_and_codes() -> None:
    text = bulk("ÆRØ;KØN_Å;2024K1;3", header="OMRÅDE;KØN;TID;INDHOLD")
    frame = parse_bulk(text, ["OMRÅDE", "KØN", "Tid"])
    assert frame.fetch() == [("ÆRØ", "KØN_Å", "2024K1", "3")]
    from_bytes = parse_bulk(text.encode("utf-8").decode("utf-8-sig"), ["område", "køn", "tid"])
    assert column(from_bytes, "OMRÅDE") == ["ÆRØ"]


def test_decimal_comma_is_a_float() -> None:
    assert values_of("37,7", "0,5", "12") == [37.7, 0.5, 12.0]


def test_missing_marker_is_null_never_zero() -> None:
    assert values_of("..", "0", " .. ", "5") == [None, 0.0, None, 5.0]


def test_thousand_level_integers_are_exact() -> None:
    assert values_of("5822763", "1000", "999999", "2896918") == [5822763.0, 1000.0, 999999.0, 2896918.0]


def test_negative_numbers() -> None:
    assert values_of("-12", "-0,5", "-1234567") == [-12.0, -0.5, -1234567.0]


def test_values_are_floats() -> None:
    assert [type(v) for v in values_of("1", "..", "2,5")] == [float, type(None), float]


@pytest.mark.parametrize("bad", ["abc", "", "-", "1.234,5", "nan", "inf", "1_000", "12 %"])
def test_unparseable_value_names_the_line(bad: str) -> None:
    frame = parse_bulk(bulk("101;TOT;2024K1;5", "101;1;2024K1;..", f"101;2;2024K1;{bad}"), VARIABLES)
    with pytest.raises(BulkFormatError) as caught:
        parse_values(frame)
    message = str(caught.value)
    assert message.startswith("line 4 (OMRÅDE=101, KØN=2, TID=2024K1): value ")
    assert repr(bad) in message
    assert "neither a number nor '..'" in message


def test_values_from_a_full_body() -> None:
    frame = parse_bulk(
        bulk("101;TOT;2024K1;655012", "101;1;2024K1;..", "101;2;2024K1;37,7", "084;TOT;2024K1;-3"), VARIABLES
    )
    assert parse_values(frame) == [655012.0, None, 37.7, -3.0]
