"""Parse StatBank's BULK format: semicolon separated, upper-case variable ids then TID;INDHOLD in the header,
CRLF line ends, decimal comma, '..' for a value that is missing, confidential or too uncertain.

The parser refuses what is not BULK (a proxy's HTML page, JSON, binary), a body cut off mid-line, lines with
too few or too many fields and a key given twice: each would otherwise turn into plausible, wrong numbers
(a cut value "12" for "123", a doubled sum)."""

from __future__ import annotations

import csv
import io
from typing import cast

import pandas as pd

MISSING_MARKER = ".."
_RETRY_HINT = "DST's answer is damaged or incomplete: run `etl run` again; if it persists, tell DST"


class BulkFormatError(ValueError):
    """The body is not BULK as documented; the message names the line and what was found."""


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


def parse_bulk(text: str, variables: list[str]) -> pd.DataFrame:
    """All columns as published (strings), named as in the header. `variables` are the table's variable ids
    (any case, time variable included) that the header must carry."""
    text = text.lstrip("\ufeff")
    header = text.split("\n", 1)[0].rstrip("\r")
    columns = header.split(";")
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
    _check_field_counts(text, len(columns))
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=";",
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            engine="c",
            quoting=csv.QUOTE_NONE,
        )
    except pd.errors.ParserError as exc:
        raise BulkFormatError(f"not BULK as documented: {exc}") from exc
    if frame.empty:
        return frame
    bad = frame[(frame.iloc[:, : len(columns) - 1] == "").any(axis=1)]
    if not bad.empty:
        raise BulkFormatError(f"line {bad.index[0] + 2}: empty code in {bad.iloc[0].to_dict()}")
    repeated = frame.duplicated(subset=columns[:-1], keep="first")
    if repeated.any():
        line = int(cast(int, repeated.idxmax()))  # read_csv's RangeIndex: labels are positions
        key = frame.iloc[line, : len(columns) - 1]
        first = int(frame.index[(frame.iloc[:, : len(columns) - 1] == key).all(axis=1)][0])
        raise BulkFormatError(
            f"line {line + 2} repeats the key {describe_key(frame, line)} of line {first + 2} "
            f"(values {frame.iloc[first, -1]!r} and {frame.iloc[line, -1]!r}). {_RETRY_HINT}"
        )
    return frame


def _check_field_counts(text: str, n_columns: int) -> None:
    """A short line would be read with empty trailing fields; count the separators (cheap) and look for the
    offending line only when the total is off."""
    lines = text.count("\n")
    if text.count(";") == lines * (n_columns - 1):
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip("\r") and line.count(";") != n_columns - 1:
            raise BulkFormatError(
                f"line {number} has {line.count(';') + 1} fields, the header {n_columns} "
                f"({line.strip()[:60]!r}). {_RETRY_HINT}"
            )


def describe_key(frame: pd.DataFrame, position: int) -> str:
    """'ADMKOM=101, ANBRINGELSE=0, TID=2023': the codes of one BULK line, for messages."""
    row = frame.iloc[position]
    return ", ".join(f"{column}={row[column]}" for column in frame.columns[:-1])


def parse_values(raw: pd.Series, rows: pd.DataFrame | None = None) -> pd.Series:
    """INDHOLD text → float: decimal comma → point, '..' → NaN (never 0). Anything else that is not a number
    is an error: a silent NaN would hide a format change. `rows` (the parsed BULK frame) lets the message
    name the key of the offending line."""
    values = pd.to_numeric(raw, errors="coerce").astype("float64")  # fast path: whole numbers, most rows
    retry = values.isna()
    if retry.any():
        text = raw[retry].str.strip()
        missing = text.eq(MISSING_MARKER)
        decimals = pd.to_numeric(text.str.replace(",", ".", regex=False).where(~missing), errors="coerce")
        unparsed = decimals.isna() & ~missing
        if unparsed.any():
            # a label of the BULK frame's RangeIndex, unique, so get_loc gives one position (pandas-stubs: Hashable;
            # int, slice or mask)
            first = cast(int, unparsed.idxmax())
            key = f" ({describe_key(rows, cast(int, rows.index.get_loc(first)))})" if rows is not None else ""
            raise BulkFormatError(
                f"line {first + 2}{key}: value {raw[first]!r} is neither a number nor '..'. {_RETRY_HINT}"
            )
        values[retry] = decimals.astype("float64")
    return values
