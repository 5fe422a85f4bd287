"""Parse StatBank's BULK format: semicolon separated, upper-case variable ids then TID;INDHOLD in the header,
CRLF line ends, decimal comma, '..' for a value that is missing, confidential or too uncertain.

The parser refuses what is not BULK (a proxy's HTML page, JSON, binary), a body cut off mid-line, lines with
too few or too many fields and a key given twice: each would otherwise turn into plausible, wrong numbers
(a cut value "12" for "123", a doubled sum).

The cheap checks of the whole text (what kind of body, the header, the last line end, the field counts) run in
Python; the rows are read by DuckDB's CSV reader into a table of the run's connection, every column as published
(text), and the checks of the rows (empty codes, repeated keys, values) are queries on that table. Its rowid is
the row's position in the answer, so line numbers in messages are rowid + 2 (the header is line 1)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

import duckdb

MISSING_MARKER = ".."
_RETRY_HINT = "DST's answer is damaged or incomplete: run `etl run` again; if it persists, tell DST"
# What INDHOLD may hold besides '..': a number with a decimal comma (or point), as StatBank writes them. Not
# 'nan', 'inf' or '1_000', which DuckDB's cast to double would take.
_NUMBER_PATTERN = r"[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)([eE][+-]?[0-9]+)?"


# Where the answer is written for DuckDB to read: memory (/dev/shm) where there is one, else the system's temp dir.
_SCRATCH_DIR = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None


class BulkFormatError(ValueError):
    """The body is not BULK as documented; the message names the line and what was found."""


@dataclass(frozen=True)
class BulkRows:
    """A parsed BULK answer: a table of `con` (`name`), one text column per header field, one row per line."""

    con: duckdb.DuckDBPyConnection
    name: str
    columns: tuple[str, ...]  # as in the header: the variables, then TID, then INDHOLD
    rows: int
    first_bad_value: int | None = None  # rowid of the first INDHOLD that is neither a number nor '..'

    @property
    def key_columns(self) -> tuple[str, ...]:
        return self.columns[:-1]

    def fetch(self) -> list[tuple[str | None, ...]]:
        """Every row in the answer's order (for tests and small tables)."""
        return self.con.execute(f"select {_column_list(self.columns)} from {self.name} order by rowid").fetchall()

    def distinct(self, column: str) -> set[str]:
        return {code for (code,) in self.con.execute(f"select distinct {_quoted(column)} from {self.name}").fetchall()}


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _column_list(columns: tuple[str, ...] | list[str]) -> str:
    return ", ".join(_quoted(c) for c in columns)


def _kind_of_body(text: str) -> str | None:
    """What a body that is not BULK looks like, for the message; None when it may be BULK."""
    head = text[:512].lstrip()
    if head[:1] == "<":
        return "an HTML page"
    if head[:1] and head[:1] in "{[":
        return "JSON"
    if "\ufffd" in head or any(ord(c) < 32 and c not in "\r\n\t" for c in head):
        return "binary data"
    return None


def read_bulk(con: duckdb.DuckDBPyConnection, text: str, variables: list[str], name: str = "bulk_rows") -> BulkRows:
    """The answer read into the temporary table `name` of `con` (replacing one of that name), all columns as
    published (text), named as in the header. `variables` are the table's variable ids (any case, time variable
    included) that the header must carry."""
    text = text.lstrip("\ufeff")
    header = text.split("\n", 1)[0].rstrip("\r")
    columns = tuple(header.split(";"))
    expected = {v.upper() for v in variables} | {"TID", "INDHOLD"}
    kind = _kind_of_body(text)
    if kind is not None:
        raise BulkFormatError(
            f"the answer is {kind}, not BULK CSV (it starts {text[:60]!r}); StatBank or a proxy on the way "
            "answered something else: try again later, or check --base-url / STATBANK_URL"
        )
    if set(columns) != expected or columns[-1] != "INDHOLD":
        raise BulkFormatError(
            f"unexpected BULK header {header[:120]!r}; expected the columns {', '.join(sorted(expected))} "
            "ending in INDHOLD (was the request made with format BULK and valuePresentation Code?)"
        )
    if not text.endswith("\n"):  # every BULK line ends in CRLF, the last one too
        last = text.rsplit("\n", 1)[-1]
        raise BulkFormatError(
            f"the answer ends in the middle of line {text.count(chr(10)) + 1} ({last[:60]!r}): "
            f"the download was cut short. {_RETRY_HINT}"
        )
    if not _field_counts_add_up(text, len(columns)):
        text = _without_blank_lines(text, len(columns))
    return _checked(_read_csv(con, text, columns, name))


def _field_counts_add_up(text: str, n_columns: int) -> bool:
    """Count the separators (cheap); False when the total is off, which blank lines explain too."""
    return text.count(";") == text.count("\n") * (n_columns - 1)


def _without_blank_lines(text: str, n_columns: int) -> str:
    """The text less blank lines (skipped, as a CSV reader does); a line with too few or too many fields is an
    error naming it (it would be read with empty trailing fields, or cut)."""
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if line.strip("\r") and line.count(";") != n_columns - 1:
            raise BulkFormatError(
                f"line {number} has {line.count(';') + 1} fields, the header {n_columns} "
                f"({line.strip()[:60]!r}). {_RETRY_HINT}"
            )
    return "\n".join(line for line in lines if line.strip("\r")) + "\n"


def _read_csv(con: duckdb.DuckDBPyConnection, text: str, columns: tuple[str, ...], name: str) -> BulkRows:
    """DuckDB reads files, not strings: the text goes through a temporary file. No sniffing: the header is
    checked above, every column is text, no quoting (a '"' is part of a code), an empty field is NULL."""
    types = ", ".join(f"'{c.replace(chr(39), chr(39) * 2)}': 'VARCHAR'" for c in columns)
    path = _scratch_file(text.encode("utf-8"))
    try:
        try:
            con.execute(
                f"""create or replace temp table {name} as
                    select * from read_csv(?, delim = ';', header = false, skip = 1, columns = {{{types}}},
                                           auto_detect = false, quote = '', escape = '', strict_mode = true)""",
                [path],
            )
        except duckdb.Error as exc:
            raise BulkFormatError(f"not BULK as documented: {' '.join(str(exc).split())[:300]}") from exc
    finally:
        os.unlink(path)
    return BulkRows(con, name, columns, 0)


def _checked(rows: BulkRows) -> BulkRows:
    """One pass over the rows for every check (DuckDB's cost is per query more than per row); the slower queries
    that find the offending line run only when a check fails. The values are checked later (check_values)."""
    keys = _column_list(rows.key_columns)
    empty = " or ".join(f"{_quoted(c)} is null" for c in rows.key_columns)
    field = 'trim("INDHOLD")'
    found = rows.con.execute(
        f"""select count(*), min(rowid) filter (where {empty}), count(distinct hash({keys})),
                   min(rowid) filter (where "INDHOLD" is null
                                      or not ({field} = '{MISSING_MARKER}' or regexp_full_match({field}, ?)))
            from {rows.name}""",
        [_NUMBER_PATTERN],
    ).fetchone()
    assert found is not None
    counted = BulkRows(rows.con, rows.name, rows.columns, int(found[0]), found[3])
    if found[1] is not None:
        raise BulkFormatError(f"line {found[1] + 2}: empty code in {_row(counted, found[1])}")
    if found[2] != counted.rows:  # some key repeats, or two keys share a hash: the exact query tells
        _raise_repeated_key(counted)
    return counted


def _scratch_file(data: bytes) -> str:
    """`data` in a new temporary file; in memory when there is room there, else on the temp dir's disk."""
    for directory in dict.fromkeys([_SCRATCH_DIR, None]):
        handle, path = tempfile.mkstemp(prefix="socialtal-bulk-", suffix=".csv", dir=directory)
        try:
            with os.fdopen(handle, "wb") as f:
                f.write(data)
            return path
        except OSError:
            os.unlink(path)
            if directory is None:
                raise
    raise AssertionError("unreachable")  # the last directory returns or raises


def _row(rows: BulkRows, rowid: int) -> dict[str, str]:
    """One line's fields by column, '' for an empty one (as the line has it)."""
    found = rows.con.execute(
        f"select {_column_list(rows.columns)} from {rows.name} where rowid = ?", [rowid]
    ).fetchone()
    assert found is not None
    return {column: "" if value is None else value for column, value in zip(rows.columns, found, strict=True)}


def describe_key(row: dict[str, str], key_columns: tuple[str, ...]) -> str:
    """'ADMKOM=101, ANBRINGELSE=0, TID=2023': the codes of one BULK line, for messages."""
    return ", ".join(f"{column}={row[column]}" for column in key_columns)


def _raise_repeated_key(rows: BulkRows) -> None:
    """The first line whose key an earlier line has, named with that earlier line; none when no key repeats."""
    keys = _column_list(rows.key_columns)
    repeat = rows.con.execute(f"""
        with numbered as (
            select rowid as line_rowid, first_value(rowid) over (partition by {keys} order by rowid) as first_rowid
            from {rows.name}
        )
        select line_rowid, first_rowid from numbered where line_rowid > first_rowid order by line_rowid limit 1
    """).fetchone()
    if repeat is None:
        return
    line, first = _row(rows, repeat[0]), _row(rows, repeat[1])
    raise BulkFormatError(
        f"line {repeat[0] + 2} repeats the key {describe_key(line, rows.key_columns)} of line {repeat[1] + 2} "
        f"(values {first['INDHOLD']!r} and {line['INDHOLD']!r}). {_RETRY_HINT}"
    )


def value_sql(column: str = "INDHOLD") -> str:
    """The SQL expression for INDHOLD text → double: decimal comma → point, '..' → NULL (never 0). Only for
    rows that check_values has passed."""
    field = f"trim({_quoted(column)})"
    return f"case when {field} = '{MISSING_MARKER}' then null else cast(replace({field}, ',', '.') as double) end"


def check_values(rows: BulkRows) -> None:
    """Anything in INDHOLD that is neither a number nor '..' is an error naming its line and key: a silent NULL
    would hide a format change."""
    if rows.first_bad_value is not None:
        row = _row(rows, rows.first_bad_value)
        raise BulkFormatError(
            f"line {rows.first_bad_value + 2} ({describe_key(row, rows.key_columns)}): value {row['INDHOLD']!r} "
            f"is neither a number nor '..'. {_RETRY_HINT}"
        )


def parse_values(rows: BulkRows) -> list[float | None]:
    """Every row's value in the answer's order, None for '..' (for tests and small tables)."""
    check_values(rows)
    return [value for (value,) in rows.con.execute(f"select {value_sql()} from {rows.name} order by rowid").fetchall()]
