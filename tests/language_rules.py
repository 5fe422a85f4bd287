"""Words of the other language, per page language (issue 11, part 7): what no Danish page and no English page may
show. Shared by the layout test (tests/dashboard/test_language.py) and the browser test
(tests/browser/test_language_in_chromium.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable

QUARTER_CODE = r"\b\d{4}[KQH][1-4]\b"  # a period as DST codes it ("2025K2"), never shown as such
# Words of the other language, per page language: Dash's and AG Grid's English, the English period and value
# column names, the country in English; on English pages the Danish country, quarters, headers and words.
DENY = {
    "da": [
        r"\bSearch\b",
        r"\bselected\b",
        r"\b[Pp]eriods?\b",
        r"\b[Vv]alues?\b",
        r"\bDenmark\b",
        r"\bQ[1-4]\b",
        r"\bSource\b",
        r"\bContains\b",
        r"\bEquals\b",
        r"Filter\.\.\.",
        r"No Rows",
        r"Loading",
        r"\barea_(name|code)\b",
        r"\brank\b",
        QUARTER_CODE,
    ],
    "en": [
        r"Hele landet",
        r"\bLandet\b",
        r"\b\d{4} ?K[1-4]\b",
        r"\bKilde\b",
        r"\bPeriode\b",
        r"\bVærdi\b",
        r"\bKommune(kode)?\b",
        r"\bNr\.",
        r"\bSøg\b",
        r"\bvalgt\b",
        r"Indlæser",
        r"\bpr\. ",
        r"Sammenlign",
        QUARTER_CODE,
    ],
}


def leaks_in(texts: Iterable[str], lang: str) -> list[str]:
    """Each text that holds a word of the other language, with the rule it breaks."""
    patterns = [re.compile(p) for p in DENY[lang]]
    return sorted(
        {
            f"…{text[max(0, m.start() - 50) : m.end() + 50]!r}… ({p.pattern})"
            for text in texts
            for p in patterns
            for m in p.finditer(text)
        }
    )
