"""Parse StatBank's BULK format: semicolon separated, upper-case variable ids then TID;INDHOLD in the header,
CRLF line ends, decimal comma, '..' for a value that is missing, confidential or too uncertain."""

from __future__ import annotations

import csv
import io

import pandas as pd

MISSING_MARKER = ".."


class BulkFormatError(ValueError):
    """The body is not BULK as documented; the message names the line and what was found."""


def parse_bulk(text: str, variables: list[str]) -> pd.DataFrame:
    """All columns as published (strings), named as in the header. `variables` are the table's variable ids
    (any case, time variable included) that the header must carry."""
    text = text.lstrip("\ufeff")
    header = text.split("\n", 1)[0].rstrip("\r")
    columns = header.split(";")
    expected = {v.upper() for v in variables} | {"TID", "INDHOLD"}
    if set(columns) != expected or columns[-1] != "INDHOLD":
        raise BulkFormatError(
            f"unexpected BULK header {header[:120]!r}; expected the columns {', '.join(sorted(expected))} "
            "ending in INDHOLD (was the request made with format BULK and valuePresentation Code?)"
        )
    try:
        frame = pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False, na_filter=False,
                            engine="c", quoting=csv.QUOTE_NONE)
    except pd.errors.ParserError as exc:
        raise BulkFormatError(f"not BULK as documented: {exc}") from exc
    if frame.empty:
        return frame
    bad = frame[frame.iloc[:, : len(columns) - 1].eq("").any(axis=1)]
    if not bad.empty:
        raise BulkFormatError(f"line {bad.index[0] + 2}: empty code in {bad.iloc[0].to_dict()}")
    return frame


def parse_values(raw: pd.Series) -> pd.Series:
    """INDHOLD text → float: decimal comma → point, '..' → NaN (never 0). Anything else that is not a number
    is an error: a silent NaN would hide a format change."""
    values = pd.to_numeric(raw, errors="coerce").astype("float64")  # fast path: whole numbers, most rows
    retry = values.isna()
    if retry.any():
        text = raw[retry].str.strip()
        missing = text.eq(MISSING_MARKER)
        decimals = pd.to_numeric(text.str.replace(",", ".", regex=False).where(~missing), errors="coerce")
        unparsed = decimals.isna() & ~missing
        if unparsed.any():
            first = unparsed.idxmax()
            raise BulkFormatError(f"line {first + 2}: value {raw[first]!r} is neither a number nor '..'")
        values[retry] = decimals.astype("float64")
    return values
