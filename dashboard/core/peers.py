"""Comparable municipalities ("peers") for a municipality: same region, similar population size, the same
DST municipality group, or a user's own pick. Pure functions over the areas and population frames."""

from __future__ import annotations

import numpy as np
import pandas as pd

PEER_GROUPS = ("region", "size", "group", "custom")
SIMILAR_SIZE_COUNT = 10


def peer_codes(
    own_code: str, peer_group: str, areas: pd.DataFrame, population: pd.Series, custom: list[str] | None = None
) -> list[str]:
    """Codes of the peers of `own_code` (never including it). `areas` has area_code, area_level, region_code,
    group_code; `population` is the latest population indexed by area_code."""
    municipalities = areas[areas["area_level"] == "kommune"].set_index("area_code")
    if peer_group == "custom":
        return [c for c in (custom or []) if c in municipalities.index and c != own_code]
    if own_code not in municipalities.index:
        return []
    own = municipalities.loc[own_code]
    if peer_group == "region":
        same = municipalities[municipalities["region_code"] == own["region_code"]]
    elif peer_group == "group":
        same = municipalities[municipalities["group_code"] == own["group_code"]]
    elif peer_group == "size":
        sizes = population.reindex(municipalities.index).dropna()
        if own_code not in sizes.index:
            return []
        distance = np.log(sizes / sizes[own_code]).abs().drop(own_code)  # 2× larger is as far as 2× smaller
        return distance.nsmallest(SIMILAR_SIZE_COUNT).index.sort_values().tolist()
    else:
        raise ValueError(f"unknown peer group {peer_group!r}")
    return [c for c in same.index.sort_values() if c != own_code]
