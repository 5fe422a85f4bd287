"""Units and peer groups: pure functions, checked on small hand-made frames."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.core.measures import IndicatorInfo, apply_measure, available_measures, measure_label
from dashboard.core.peers import peer_codes

PEOPLE = IndicatorInfo("children_placed", "persons", "population_0_22", "sum", "Befolkning 0–22 år")
MONEY = IndicatorInfo("spending_placements", "dkk_thousands", "population", "sum", "Befolkning")
NO_DENOMINATOR = IndicatorInfo("spending_children_national", "dkk_millions", None, "sum")

FRAME = pd.DataFrame(
    {
        "area_code": ["101", "101", "101", "000", "000", "000"],
        "period": ["2019", "2020", "2021", "2019", "2020", "2021"],
        "value": [100.0, 110.0, float("nan"), 1000.0, 1000.0, 1200.0],
        "denominator_value": [20_000.0, 20_000.0, 20_000.0, 200_000.0, 200_000.0, 200_000.0],
        "country_value": [1000.0, 1000.0, 1200.0, 1000.0, 1000.0, 1200.0],
    }
)


def test_units_offered_only_where_they_make_sense() -> None:
    assert available_measures(PEOPLE) == ["count", "per_capita", "index", "share"]
    assert available_measures(NO_DENOMINATOR) == ["count", "index", "share"]
    assert available_measures(IndicatorInfo("x", "percent", None, "none")) == ["count", "index"]


def test_per_capita_per_1000_and_kroner_per_inhabitant() -> None:
    assert apply_measure(FRAME, "per_capita", PEOPLE).iloc[0] == pytest.approx(5.0)  # 100 per 20,000 → 5 per 1,000
    assert apply_measure(FRAME, "per_capita", MONEY).iloc[0] == pytest.approx(5.0)  # 100,000 kr. / 20,000
    assert measure_label("per_capita", PEOPLE) == "pr. 1.000 befolkning 0–22 år"
    assert measure_label("per_capita", MONEY) == "kr. pr. indbygger"


def test_index_share_and_missing_stays_missing() -> None:
    index = apply_measure(FRAME, "index", PEOPLE, base_year=2019)
    assert index.iloc[1] == pytest.approx(110.0) and index.iloc[3] == pytest.approx(100.0)
    assert math.isnan(index.iloc[2])  # '..' stays a gap, never 0
    share = apply_measure(FRAME, "share", PEOPLE)
    assert share.iloc[1] == pytest.approx(11.0)
    assert math.isnan(apply_measure(FRAME, "index", PEOPLE, base_year=1990).iloc[0])


AREAS = pd.DataFrame(
    {
        "area_code": ["000", "084", "101", "147", "151", "461", "751"],
        "area_level": ["land", "region", "kommune", "kommune", "kommune", "kommune", "kommune"],
        "region_code": [None, None, "084", "084", "084", "083", "082"],
        "group_code": [None, None, "hovedstad", "hovedstad", "hovedstad", "storby", "storby"],
    }
)
POPULATION = pd.Series({"101": 650_000, "147": 105_000, "151": 52_000, "461": 210_000, "751": 370_000})


def test_peer_groups() -> None:
    assert peer_codes("101", "region", AREAS, POPULATION) == ["147", "151"]
    assert peer_codes("461", "group", AREAS, POPULATION) == ["751"]
    assert peer_codes("461", "size", AREAS, POPULATION) == ["101", "147", "151", "751"]  # the ten nearest, by code
    assert peer_codes("101", "custom", AREAS, POPULATION, ["147", "101", "999"]) == ["147"]
    with pytest.raises(ValueError, match="unknown peer group"):
        peer_codes("101", "everyone", AREAS, POPULATION)
