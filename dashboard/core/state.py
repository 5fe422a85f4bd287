"""The view state that lives in the URL (indicator, unit, period, peers, chosen municipalities, base year, tab,
language): parsed and checked against the warehouse, and written back to a query string. Nothing from the URL
reaches SQL text: values are only compared with known ids, and queries take named parameters."""

from __future__ import annotations

import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from typing import TypedDict, Unpack
from urllib.parse import parse_qsl, urlencode

from dashboard.core.measures import MEASURES
from dashboard.core.peers import DEFAULT_PEER_GROUP, PEER_GROUPS, peer_group_of
from dashboard.core.texts import t

LANGUAGES = ("da", "en")
MAX_AREAS = 12
MAX_ECHO = 60  # how much of a bad URL value the not-found page repeats
# ASCII only: str.isdigit() also accepts '²' and '٢', which int() then refuses or reads as another year.
_YEAR = re.compile(r"[0-9]{4}")
_PERIOD = re.compile(r"[0-9]{4}([A-Z][0-9])?")  # 2024, 2024K1 (quarter), 2024M1 …
_TAB = re.compile(r"[a-z0-9_-]{1,32}")


QUERY_KEYS = frozenset(  # ViewState
    ("lang", "indicator", "measure", "period", "peers", "areas", "base", "tab", "kommune")
)


class NotFound(ValueError):
    """A URL names something that does not exist; the message says what (shown on the friendly 404 page).
    A bad query parameter reads the same in every language (`measure=bogus`, as it stands in the URL); a bad
    path or a missing indicator is worded in the page's language (`NotFound.text`, `NotFound.area`)."""

    def __init__(self, what: str, *, text_key: str | None = None, **values: object) -> None:
        super().__init__(what)
        self.text_key = text_key
        self.values = values

    @classmethod
    def text(cls, text_key: str, **values: object) -> NotFound:
        """A NotFound worded by texts.py; str() is the Danish wording (logs and the command line)."""
        return cls(t(text_key, "da", **values), text_key=text_key, **values)

    @classmethod
    def area(cls, level: str, code: object) -> NotFound:
        """No municipality (level `kommune`) or region with this code."""
        return cls.text(f"not_found_{level}", code=code)

    def describe(self, lang: str) -> str:
        return t(self.text_key, lang, **self.values) if self.text_key else str(self)


class _Changes(TypedDict, total=False):
    """ViewState's fields, for with_."""

    lang: str
    indicator: str | None
    measure: str | None
    period: str | None
    peers: str
    areas: tuple[str, ...]
    base: int | None
    tab: str | None
    kommune: str | None


@dataclass(frozen=True)
class ViewState:
    lang: str = "da"
    indicator: str | None = None
    measure: str | None = None
    period: str | None = None
    peers: str = DEFAULT_PEER_GROUP
    areas: tuple[str, ...] = field(default_factory=tuple)
    base: int | None = None
    tab: str | None = None
    kommune: str | None = None  # the reader's own municipality, highlighted (the region page)

    def with_(self, **changes: Unpack[_Changes]) -> ViewState:
        return replace(self, **changes)

    @property
    def peer_group(self) -> str:
        """The peers a municipality's views compare with: own peers (`areas`), once named, whatever `peers`
        says (`/kommune/791?areas=740,657` compares Viborg with Silkeborg and Herning); else `peers`."""
        return peer_group_of(self.peers, self.areas)

    def query(self) -> str:
        """The query string for this state, defaults left out so links stay short."""
        pairs = {
            "indicator": self.indicator,
            "measure": self.measure,
            "period": self.period,
            "peers": None if self.peers == DEFAULT_PEER_GROUP else self.peers,
            "areas": ",".join(self.areas) or None,
            "base": self.base,
            "tab": self.tab,
            "kommune": self.kommune,
            "lang": None if self.lang == "da" else self.lang,
        }
        text = urlencode({k: v for k, v in pairs.items() if v not in (None, "")}, safe=",")
        return f"?{text}" if text else ""


def parse_state(
    query: dict[str, str], known_indicators: AbstractSet[str], known_municipalities: AbstractSet[str]
) -> ViewState:
    """Read and check the query parameters; unknown values raise NotFound naming the parameter (its value
    shortened, on one line)."""
    query = {key: value for key, value in single_values(query).items() if isinstance(value, str)}
    lang = query.get("lang") or "da"
    if lang not in LANGUAGES:
        raise NotFound(f"lang={echo(lang)}")
    indicator = query.get("indicator") or None
    if indicator is not None and indicator not in known_indicators:
        raise NotFound(f"indicator={echo(indicator)}")
    measure = query.get("measure") or None
    if measure is not None and measure not in MEASURES:
        raise NotFound(f"measure={echo(measure)}")
    peers = query.get("peers") or DEFAULT_PEER_GROUP
    if peers not in PEER_GROUPS:
        raise NotFound(f"peers={echo(peers)}")
    areas = tuple(a for a in (query.get("areas") or "").split(",") if a)
    unknown = [a for a in areas if a not in known_municipalities]
    if unknown or len(areas) > MAX_AREAS:
        raise NotFound(f"areas={echo(','.join(unknown) or str(len(areas)))}")
    base = query.get("base") or None
    if base is not None and not _YEAR.fullmatch(base):
        raise NotFound(f"base={echo(base)}")
    period = query.get("period") or None
    if period is not None and not _PERIOD.fullmatch(period):
        raise NotFound(f"period={echo(period)}")
    tab = query.get("tab") or None
    if tab is not None and not _TAB.fullmatch(tab):
        raise NotFound(f"tab={echo(tab)}")
    kommune = query.get("kommune") or None
    if kommune is not None and kommune not in known_municipalities:
        raise NotFound(f"kommune={echo(kommune)}")
    return ViewState(
        lang=lang,
        indicator=indicator,
        measure=measure,
        period=period,
        peers=peers,
        areas=areas,
        base=int(base) if base else None,
        tab=tab,
        kommune=kommune,
    )


def single_values(query: Mapping[str, object]) -> dict[str, object]:
    """Dash's router hands a repeated query parameter (`?lang=en&lang=da`) over as a list: keep the last value, as
    the browser's URLSearchParams and the 404 check (parse_qsl) read it."""
    return {key: (value[-1] if value else "") if isinstance(value, list) else value for key, value in query.items()}


def echo(value: object, limit: int = MAX_ECHO) -> str:
    """A bad value as a message may repeat it: on one line, without control characters, at most `limit` long."""
    flat = " ".join("".join(c if c.isprintable() else " " for c in str(value)).split())
    return flat if len(flat) <= limit else flat[:limit] + "…"


def lang_of(query: Mapping[str, object]) -> str:
    """The language asked for, if it is one we have (for pages that could not parse the rest)."""
    lang = query.get("lang")
    return lang if isinstance(lang, str) and lang in LANGUAGES else "da"


def query_of(search: str | None) -> dict[str, str]:
    """'?measure=index&lang=en' → {'measure': 'index', 'lang': 'en'} (the browser's location.search)."""
    return dict(parse_qsl((search or "").lstrip("?")))
