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
    if peer_group == OWN_CHOICE:
        known = set(areas.loc[areas["area_level"] == "kommune", "area_code"])
        return [c for c in (custom or []) if c in known and c != own_code]
    return list(peer_table(peer_group, areas, population).get(own_code, ()))


def peer_table(peer_group: str, areas: pd.DataFrame, population: pd.Series) -> dict[str, tuple[str, ...]]:
    """Every municipality's peers in a group other than the own choice, worked out at once (a cold page reads one
    row of it, kept per data version by the warehouse's selectors), in code order. A municipality with no
    population has no peers by size."""
    municipalities = areas[areas["area_level"] == "kommune"]
    codes = [str(c) for c in municipalities["area_code"]]
    if peer_group in ("region", "group"):
        keys = [str(k) for k in municipalities[f"{peer_group}_code"]]
        members: dict[str, list[str]] = {}
        for code, key in zip(codes, keys, strict=True):
            members.setdefault(key, []).append(code)
        for group in members.values():
            group.sort()
        return {code: tuple(c for c in members[key] if c != code) for code, key in zip(codes, keys, strict=True)}
    if peer_group != "size":
        raise ValueError(f"unknown peer group {peer_group!r}")
    sizes = population.reindex(codes).dropna()
    sized = np.array([str(c) for c in sizes.index])
    values = sizes.to_numpy(dtype=float)
    table: dict[str, tuple[str, ...]] = {code: () for code in codes}
    for i, code in enumerate(sized):
        others = np.delete(np.arange(len(sized)), i)
        distance = np.abs(np.log(values[others] / values[i]))  # 2× larger is as far as 2× smaller
        nearest = others[np.argsort(distance, kind="stable")[:SIMILAR_SIZE_COUNT]]  # ties: the first in order
        table[str(code)] = tuple(sorted(str(c) for c in sized[nearest]))
    return table
