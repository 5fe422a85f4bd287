"""Danish number formats: thousands point, decimal comma; amounts in the words people say."""

from __future__ import annotations

import pytest

from dashboard.core.formatting import format_amount, format_number, format_percent_change


@pytest.mark.parametrize(
    ("value", "decimals", "lang", "expected"),
    [
        (1234.5, 1, "da", "1.234,5"),
        (1234.5, 1, "en", "1,234.5"),
        (5962002, 0, "da", "5.962.002"),
        (None, 0, "da", ".."),
        (float("nan"), 1, "da", ".."),
        (-12.34, 1, "da", "-12,3"),
    ],
)
def test_format_number(value, decimals: int, lang: str, expected: str) -> None:
    assert format_number(value, decimals, lang) == expected


def test_format_amount_in_billions_and_millions() -> None:
    assert format_amount(15_899_680, "dkk_thousands", "da") == ("15,9", "mia. kr.")
    assert format_amount(15_900, "dkk_millions", "da") == ("15,9", "mia. kr.")
    assert format_amount(412_000, "dkk_thousands", "en") == ("412.0", "DKK m")
    assert format_amount(11_149, "persons", "da") == ("11.149", "")


def test_percent_change_shows_the_sign() -> None:
    assert format_percent_change(14.2, "da") == "+14 pct."
    assert format_percent_change(-2.94, "da") == "−2,9 pct."
    assert format_percent_change(None, "da") == ".."
