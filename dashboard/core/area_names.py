"""Area names in the page's language. The warehouse names areas as Statistics Denmark does, in Danish: the
municipalities and regions are proper names and read the same in English, but the country, "Hele landet", is
"Denmark" on an English page (texts.py `area_country`)."""

from __future__ import annotations

import pandas as pd

from dashboard.core.texts import t

COUNTRY_CODE = "000"


def area_name(code: object, name: object, lang: str) -> str:
    """The name an area is shown with: the country in the page's language, every other area as it is named."""
    return t("area_country", lang) if str(code) == COUNTRY_CODE else str(name)


def named_areas(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame (area_code, area_name, …) with the country named in the page's language; a new frame when that
    changes a name (frames from the selectors are shared between callers), else the frame itself."""
    if "area_name" not in frame.columns:
        return frame
    country = frame["area_code"].astype(str) == COUNTRY_CODE
    name = t("area_country", lang)
    if not country.any() or (frame.loc[country, "area_name"] == name).all():
        return frame
    return frame.assign(area_name=frame["area_name"].where(~country, name))
