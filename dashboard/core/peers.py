"""Comparable municipalities ("peers") for a municipality: same region, similar population size, the same
DST municipality group, or a user's own pick. Pure functions over the areas and population frames."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

PEER_GROUPS = ("region", "size", "group", "custom")
DEFAULT_PEER_GROUP = "region"
OWN_CHOICE = "custom"  # "Eget valg": the municipalities the user picked ("Egne sammenligningskommuner")
SIMILAR_SIZE_COUNT = 10


def peer_group_of(peer_group: str, own_peers: Sequence[str]) -> str:
    """The peer group a view compares with: own peers, once picked, are the choice whatever group was chosen
    before ("Egne sammenligningskommuner" works on its own); without them, the group chosen."""
    return OWN_CHOICE if own_peers else peer_group


def choose_peers(peer_group: str, own_peers: Sequence[str], changed: str | None) -> tuple[str, tuple[str, ...]]:
    """The peer group and own peers after the user changed one of the two controls (`changed`: "peers" or
    "own_peers"; anything else changed neither). Picking own peers switches to the own choice; clearing them goes
    back to the default group (unless another group was chosen meanwhile); choosing a group other than the own
    choice drops the own peers (else they would switch it straight back)."""
    own = tuple(own_peers)
    if changed == "own_peers":
        if own:
            return OWN_CHOICE, own
        return (DEFAULT_PEER_GROUP if peer_group == OWN_CHOICE else peer_group), ()
    if changed == "peers" and peer_group != OWN_CHOICE:
        return peer_group, ()
    return peer_group_of(peer_group, own), own


def peer_codes(
    own_code: str, peer_group: str, areas: pd.DataFrame, population: pd.Series, custom: list[str] | None = None
) -> list[str]:
    """Codes of the peers of `own_code` (never including it). `areas` has area_code, area_level, region_code,
    group_code; `population` is the latest population indexed by area_code."""
    municipalities = areas[areas["area_level"] == "kommune"].set_index("area_code")
    if peer_group == OWN_CHOICE:
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
