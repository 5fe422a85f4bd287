"""The source registry: the shipped YAML files and catalogue load, and malformed ones are refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.registry import RegistryError, load_registry, load_source

REQUIRED_INDICATORS = {
    "population",
    "population_0_17",
    "population_0_22",
    "population_18_plus",
    "children_preventive_measures",
    "children_placed",
    "children_new_placements",
    "notifications",
    "adults_sel85",
    "adults_sel107",
    "adults_sel108",
    "spending_children_special_needs",
    "spending_placements",
    "spending_preventive",
    "spending_adults_special_needs",
    "spending_children_national",
    "psychiatric_bed_days",
    "psychiatry_spending",
    "psychiatry_hospital_use_national",
}


def test_shipped_registry_has_every_required_indicator() -> None:
    registry = load_registry()
    assert set(registry.indicators) >= REQUIRED_INDICATORS
    assert {s.kind for s in registry.sources.values()} == {"statbank", "bed_days_file", "boundaries"}
    assert registry.source_of("spending_placements").table == "REGK31"
    # every declared denominator is itself an indicator
    for ind in registry.indicators.values():
        assert ind.denominator_id is None or ind.denominator_id in registry.indicators


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: X\nkind: statbank\n", "missing key 'title_da'"),
        ("id: X\nkind: other\ntitle_da: t\nmunicipal: true\n", "kind must be one of"),
        ("id: X\nkind: statbank\ntitle_da: t\nmunicipal: true\ntable: X\narea_variable: null\n", "needs 'request'"),
        (
            "id: X\nkind: statbank\ntitle_da: t\nmunicipal: true\ntable: X\narea_variable: null\nrequest: {A: [1]}\n",
            "must select Tid",
        ),
        (
            "id: X\nkind: statbank\ntitle_da: t\nmunicipal: true\ntable: X\narea_variable: OMR\n"
            "request: {Tid: ['*']}\n",
            "area_variable OMR is not in request",
        ),
        (
            "id: X\nkind: statbank\ntitle_da: t\nmunicipal: true\ntable: X\narea_variable: null\n"
            "request: {Tid: ['*'], A: {range: [1]}}\n",
            "request.A: expected",
        ),
        (
            "id: X\nkind: statbank\ntitle_da: t\nmunicipal: true\ntable: X\narea_variable: null\n"
            "request: {Tid: ['*']}\nindicators: {i: {select: {B: ['1']}}}\n",
            "variable B is not in request",
        ),
        ("id: X\nkind: statbank\ntitle_da: t\nmunicipal: true\nsurprise: 1\n", "unknown key(s) surprise"),
        ("id: [unclosed\n", "not valid YAML"),
    ],
)
def test_malformed_source_files_are_refused_with_the_reason(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(RegistryError) as info:
        load_source(_write(tmp_path, text))
    assert message in str(info.value)
    assert "x.yaml" in str(info.value)


_STATBANK = "id: X\nkind: statbank\ntitle_da: t\nmunicipal: true\ntable: X\narea_variable: null\n"
_UND1_REQUEST = "request: {Tid: ['*'], UNDERRETERE: total}\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            _STATBANK + _UND1_REQUEST + "indicators: {notifications: {selcet: {UNDERRETERE: total}}}\n",
            [
                "x.yaml: unknown key(s) indicators.notifications.selcet (did you mean select?)",
                "; allowed: select, subtract",
            ],
            id="unknown-key-in-rule",
        ),
        pytest.param(
            _STATBANK + _UND1_REQUEST + "surprise: 1\n",
            [
                "x.yaml: unknown key(s) surprise",
                "; allowed: id, kind, table, title_da, area_variable, municipal, request, indicators",
            ],
            id="unknown-top-level-key",
        ),
        pytest.param(
            _STATBANK + _UND1_REQUEST + "indicators: {notifications: {select: {UNDERRETERE: {range: a}}}}\n",
            [
                "x.yaml: indicators.notifications.select.UNDERRETERE: expected a value spec, got {'range': 'a'}",
                "; allowed: total, a list of codes, {range: [from, to]}",
                "{label_prefix: [text, ...]}",
            ],
            id="value-spec-of-wrong-shape",
        ),
        pytest.param(
            _STATBANK.replace("statbank", "statbnak") + _UND1_REQUEST,
            [
                "x.yaml: kind must be one of statbank, bed_days_file, boundaries, got 'statbnak'",
                "(did you mean statbank?)",
            ],
            id="kind-typo",
        ),
    ],
)
def test_a_wrong_key_or_shape_is_one_line_naming_the_file_the_key_and_what_is_allowed(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    with pytest.raises(RegistryError) as info:
        load_source(_write(tmp_path, text))
    message = str(info.value)
    for part in expected:
        assert part in message
    assert "\n" not in message
    assert "pydantic" not in message.lower()
    assert "For further information" not in message
    assert info.value.__cause__ is None  # no pydantic dump chained onto the traceback


def test_indicator_missing_from_catalogue_is_named(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.yaml").write_text(
        "id: A\nkind: statbank\ntitle_da: t\nmunicipal: false\ntable: A\n"
        "area_variable: null\nrequest: {Tid: ['*']}\nindicators: {newthing: {}}\n"
    )
    catalogue = tmp_path / "indicators.csv"
    catalogue.write_text(
        "indicator_id,topic,title_da,title_en,unit,denominator_id,aggregation,definition_da,polarity\n"
    )
    with pytest.raises(RegistryError, match=r"newthing is not in indicators\.csv; add one line"):
        load_registry(sources, catalogue)


def test_catalogue_checks_units_and_denominators(tmp_path: Path) -> None:
    header = "indicator_id,topic,title_da,title_en,unit,denominator_id,aggregation,definition_da,polarity\n"
    catalogue = tmp_path / "indicators.csv"
    catalogue.write_text(header + "a,t,A,A,furlongs,,sum,d,neutral\n")
    with pytest.raises(RegistryError, match="line 2: unit must be one of"):
        load_registry(tmp_path, catalogue)
    catalogue.write_text(header + "a,t,A,A,persons,ghost,sum,d,neutral\n")
    with pytest.raises(RegistryError, match="a has unknown denominator ghost"):
        load_registry(tmp_path, catalogue)


def test_invalid_yaml_is_one_line_with_the_place(tmp_path: Path) -> None:
    with pytest.raises(RegistryError) as info:
        load_source(_write(tmp_path, "id: X\ntitle_da: [unclosed\n"))
    assert str(info.value).startswith("x.yaml: not valid YAML at line 3, column 1: expected ',' or ']'")
    assert "\n" not in str(info.value)
