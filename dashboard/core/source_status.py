"""Sources the last `etl run` could not refresh (stale: their previous figures are served) or that never loaded
(missing: no figures at all), from query `source_status`, and the words pages use for them: the notice at the top
of every page, the "no data" line in place of an indicator's chart, the mark on a stale source line, the status
badge on Om data. Pure: the frame comes in, text goes out (dashboard/warehouse/selectors.py runs the query)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard.core.texts import t

STATES = ("ok", "stale", "missing")
NOTICE_MAX_SOURCES = 4  # lines in the notice; the rest are counted and left to Om data
_TITLES_IN_NOTICE = 2  # indicator titles named per source; more become "… m.fl."


@dataclass(frozen=True)
class SourceIssue:
    """One stale or missing source and the indicators it feeds."""

    source_id: str
    table_id: str
    status: str  # stale | missing
    error: str | None
    fetched_at: str | None  # when the figures still served were fetched (YYYY-MM-DD); None when missing
    indicator_ids: tuple[str, ...]
    titles_da: tuple[str, ...]
    titles_en: tuple[str, ...]
    topics: tuple[str, ...]
    municipal: tuple[bool, ...]
    national_only: tuple[bool, ...]

    def titles(self, lang: str) -> tuple[str, ...]:
        return self.titles_da if lang == "da" else self.titles_en


def issues_from_frame(frame: pd.DataFrame) -> tuple[SourceIssue, ...]:
    """Query `source_status` (one row per source and indicator) as one SourceIssue per source, in its order."""
    issues = []
    for source_id, rows in frame.groupby("source_id", sort=False):
        first = rows.iloc[0]
        feeds = rows[rows["indicator_id"].notna()]
        issues.append(
            SourceIssue(
                source_id=str(source_id),
                table_id=_text(first["table_id"]) or str(source_id),
                status=str(first["status"]),
                error=_text(first["error"]),
                fetched_at=_text(first["fetched_at"]),
                indicator_ids=tuple(feeds["indicator_id"].astype(str)),
                titles_da=tuple(_text(v) or i for v, i in zip(feeds["title_da"], feeds["indicator_id"], strict=True)),
                titles_en=tuple(_text(v) or i for v, i in zip(feeds["title_en"], feeds["indicator_id"], strict=True)),
                topics=tuple(_text(v) or "" for v in feeds["topic"]),
                municipal=_flags(feeds["is_municipal"]),
                national_only=_flags(feeds["is_national_only"]),
            )
        )
    return tuple(issues)


def _flags(values: pd.Series) -> tuple[bool, ...]:
    return tuple(bool(v) if v is not None and v == v else False for v in values)


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return None
    text = str(value).strip()
    return text or None


def by_indicator(issues: Iterable[SourceIssue]) -> dict[str, SourceIssue]:
    return {indicator_id: issue for issue in issues for indicator_id in issue.indicator_ids}


def status_of(source_id: str, issues: Iterable[SourceIssue]) -> str:
    return next((issue.status for issue in issues if issue.source_id == source_id), "ok")


def danish_date(stamp: object) -> str:
    """'2025-06-26T08:00:00' → '26.06.2025' (anything else as it is)."""
    text = str(stamp or "")[:10]
    if len(text) == 10 and text[4] == "-":
        return f"{text[8:10]}.{text[5:7]}.{text[:4]}"
    return text


def _lower_first(title: str) -> str:
    """'Underretninger' → 'underretninger' (only the first letter: '§ 85', 'LPR3' stay as they are)."""
    return title[:1].lower() + title[1:] if title[1:2].islower() or len(title) == 1 else title


def what_it_feeds(issue: SourceIssue, lang: str) -> str:
    """'underretninger', or 'voksne med … (§ 85) m.fl.' for a source of many indicators."""
    titles = [_lower_first(title) for title in issue.titles(lang)]
    if not titles:
        return t("sources_what_none", lang)
    if len(titles) <= _TITLES_IN_NOTICE:
        return (" og " if lang == "da" else " and ").join(titles)
    return t("sources_what_more", lang, first=titles[0])


def notice_line(issue: SourceIssue, lang: str) -> str:
    """One line of the notice at the top of every page."""
    what = what_it_feeds(issue, lang)
    if issue.status == "stale":
        if issue.fetched_at:
            return t(
                "sources_notice_stale", lang, source=issue.source_id, what=what, date=danish_date(issue.fetched_at)
            )
        return t("sources_notice_stale_undated", lang, source=issue.source_id, what=what)
    if issue.indicator_ids:
        return t("sources_notice_missing", lang, source=issue.source_id, what=what)
    return t("sources_notice_missing_plain", lang, source=issue.source_id)


def notice_lines(issues: Sequence[SourceIssue], lang: str) -> list[str]:
    """At most NOTICE_MAX_SOURCES lines, then one counting the rest (Om data has them all)."""
    lines = [notice_line(issue, lang) for issue in issues[:NOTICE_MAX_SOURCES]]
    if len(issues) > NOTICE_MAX_SOURCES:
        lines.append(t("sources_notice_more", lang, n=len(issues) - NOTICE_MAX_SOURCES))
    return lines


def missing_message(issue: SourceIssue, lang: str) -> str:
    """What stands in place of the chart of an indicator whose source never loaded."""
    return t("no_data_missing_source", lang, source=issue.source_id)


def status_label(status: str, lang: str) -> str:
    return t(f"status_{status}" if status in STATES else "status_ok", lang)


def on_profile(issue: SourceIssue, index: int) -> bool:
    """Whether the profile page would show this indicator of a missing source: municipal ones, and regional
    ones (the profile shows a municipality's region for those). National-only indicators (from a table without
    an area variable) belong on the front page only."""
    return not issue.national_only[index]
