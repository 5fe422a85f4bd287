"""resolve_request: a source YAML's request checked against tableinfo before any download, and the BULK body
built from it. Sources are YAML written to tmp_path; tableinfo is DST's JSON shape written here."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from etl.kinds.statbank.client import StatBankError, TableInfo, data_request_body, parse_tableinfo
from etl.kinds.statbank.resolve import RequestMisfit, fold_id, new_codes, resolve_request
from etl.registry import Source, load_source

FUNCTIONS = [
    ("52007", "5.20.07 Central refusion vedrørende særligt dyre enkeltsager"),
    ("52820", "5.28.20 Opholdssteder for børn og unge"),
    ("52821", "5.28.21 Forebyggende foranstaltninger for børn og unge"),
    ("52822", "5.28.22 Plejefamilier"),
    ("52823", "5.28.23 Døgninstitutioner for børn og unge"),
    ("53850", "5.38.50 Botilbud til længerevarende ophold (§ 108)"),
    ("53852", "5.38.52 Botilbud til midlertidigt ophold (§ 107)"),
    ("52900", "5.29.00 Noget andet 5.28. i teksten"),
]


def variable(var_id: str, text: str, values: list[tuple[str, str]], time: bool = False) -> dict:
    return {
        "id": var_id,
        "text": text,
        "elimination": not time,
        "time": time,
        "values": [{"id": code, "text": label} for code, label in values],
    }


def tableinfo(table_id: str, variables: list[dict]) -> TableInfo:
    info = {
        "id": table_id,
        "text": f"{table_id} test",
        "description": f"{table_id} efter ...",
        "unit": "1.000 kr.",
        "suppressedDataValue": "0",
        "updated": "2025-06-01T08:00:00",
        "active": True,
        "contacts": [],
        "documentation": {"id": "x", "url": "https://www.dst.dk/x"},
        "footnote": None,
        "variables": variables,
    }
    return parse_tableinfo(json.dumps(info, ensure_ascii=False))


def regk31() -> TableInfo:
    return tableinfo(
        "REGK31",
        [
            variable(
                "OMRÅDE",
                "område",
                [("000", "Hele landet"), ("084", "Region Hovedstaden"), ("101", "København"), ("147", "Frederiksberg")],
            ),
            variable("FUNKTION", "funktion", FUNCTIONS),
            variable("DRANST", "dranst", [("1", "Drift"), ("2", "Statusposter")]),
            variable("ART", "art", [("TOT", "I alt (netto)"), ("UI", "Udgifter i alt"), ("IU", "Indtægter i alt")]),
            variable("PRISENHED", "prisenhed", [("LOBM", "1.000 kr. (løbende priser)"), ("INDL", "Kr. pr. indbygger")]),
            variable("Tid", "tid", [(str(y), str(y)) for y in range(2019, 2025)], time=True),
        ],
    )


def folk1a() -> TableInfo:
    ages = [("IALT", "Alder i alt")] + [(str(a), f"{a} år") for a in range(126)]
    return tableinfo(
        "FOLK1A",
        [
            variable("OMRÅDE", "område", [("000", "Hele landet"), ("101", "København")]),
            variable("KØN", "køn", [("TOT", "I alt"), ("1", "Mænd"), ("2", "Kvinder")]),
            variable("ALDER", "alder", ages),
            variable("Tid", "tid", [("2024K4", "2024K4"), ("2025K1", "2025K1")], time=True),
        ],
    )


REGK31_YAML = """
id: REGK31_TEST
kind: statbank
table: REGK31
title_da: Kommunernes regnskaber
area_variable: OMRÅDE
municipal: true
request:
  OMRÅDE: ["*"]
  FUNKTION: {label_prefix: ["5.28."]}
  DRANST: ["1"]
  ART: [TOT]
  PRISENHED: [LOBM]
  Tid: ["*"]
"""


def source(tmp_path: Path, yaml_text: str, name: str = "regk31_test.yaml") -> Source:
    path = tmp_path / name
    path.write_text(textwrap.dedent(yaml_text), encoding="utf-8")
    return load_source(path)


def with_request(request_lines: str, area: str = "OMRÅDE") -> str:
    head = REGK31_YAML.split("request:")[0].replace("area_variable: OMRÅDE", f"area_variable: {area}")
    return head + "request:\n" + textwrap.indent(textwrap.dedent(request_lines).strip(), "  ") + "\n"


def folk1a_yaml(alder: str) -> str:
    """A FOLK1A source whose ALDER selection is the one under test."""
    return f"""
    id: FOLK1A
    kind: statbank
    table: FOLK1A
    title_da: Befolkningen
    area_variable: OMRÅDE
    municipal: true
    request:
      OMRÅDE: ["*"]
      KØN: [TOT]
      ALDER: {alder}
      Tid: ["*"]
    """


def test_resolves_every_kind_of_selection(tmp_path: Path) -> None:
    resolved = resolve_request(source(tmp_path, REGK31_YAML), regk31()).variables
    assert resolved == {
        "OMRÅDE": ["*"],
        "FUNKTION": ["52820", "52821", "52822", "52823"],  # by label text, in tableinfo order
        "DRANST": ["1"],
        "ART": ["TOT"],
        "PRISENHED": ["LOBM"],
        "Tid": ["*"],
    }


def test_label_prefix_with_several_prefixes(tmp_path: Path) -> None:
    yaml_text = REGK31_YAML.replace('{label_prefix: ["5.28."]}', '{label_prefix: ["5.28.20", "5.38."]}')
    resolved = resolve_request(source(tmp_path, yaml_text), regk31()).variables
    assert resolved["FUNKTION"] == ["52820", "53850", "53852"]


def test_label_prefix_matching_nothing(tmp_path: Path) -> None:
    yaml_text = REGK31_YAML.replace('{label_prefix: ["5.28."]}', '{label_prefix: ["9.99."]}')
    with pytest.raises(StatBankError) as caught:
        resolve_request(source(tmp_path, yaml_text), regk31())
    message = str(caught.value)
    assert message.startswith("table REGK31")  # the pipeline prefixes the source file (see test_cli)
    assert "table REGK31, variable FUNKTION" in message
    assert "no value matches labels starting '9.99.'" in message


def test_code_range(tmp_path: Path) -> None:
    yaml_text = folk1a_yaml("{range: [0, 17]}")
    resolved = resolve_request(source(tmp_path, yaml_text, "folk1a.yaml"), folk1a()).variables
    assert resolved["ALDER"] == [str(a) for a in range(18)]  # IALT is not a number and is left out
    assert resolved["KØN"] == ["TOT"]


def test_time_code_range(tmp_path: Path) -> None:
    yaml_text = REGK31_YAML.replace('Tid: ["*"]', "Tid: {range: [2021, 2023]}")
    assert resolve_request(source(tmp_path, yaml_text), regk31()).variables["Tid"] == ["2021", "2022", "2023"]


def test_star_is_kept_as_star(tmp_path: Path) -> None:
    yaml_text = REGK31_YAML.replace('DRANST: ["1"]', 'DRANST: ["*"]')
    resolved = resolve_request(source(tmp_path, yaml_text), regk31()).variables
    assert resolved["DRANST"] == ["*"]
    assert resolved["OMRÅDE"] == ["*"]


def test_table_variable_missing_from_request(tmp_path: Path) -> None:
    yaml_text = REGK31_YAML.replace("  ART: [TOT]\n", "")
    with pytest.raises(StatBankError) as caught:
        resolve_request(source(tmp_path, yaml_text), regk31())
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("table REGK31")
    assert "table REGK31 has variable ART (art) that the request does not select" in message
    assert "add `ART: [<code>]`" in message
    assert "TOT 'I alt (netto)', UI 'Udgifter i alt', IU 'Indtægter i alt'" in message  # sample values


def test_sample_values_are_limited(tmp_path: Path) -> None:
    yaml_text = REGK31_YAML.replace('  FUNKTION: {label_prefix: ["5.28."]}\n', "")
    with pytest.raises(StatBankError) as caught:
        resolve_request(source(tmp_path, yaml_text), regk31())
    message = str(caught.value)
    assert "variable FUNKTION" in message
    assert "52007 '5.20.07 Central refusion vedrørende særligt dyre enkeltsager'" in message
    assert "53850" in message and "53852" not in message  # six samples, then an ellipsis
    assert message.endswith(", …)")


def test_request_variable_the_table_lacks(tmp_path: Path) -> None:
    yaml_text = REGK31_YAML.replace("  ART: [TOT]\n", "  ART: [TOT]\n  KØN: [TOT]\n")
    with pytest.raises(StatBankError) as caught:
        resolve_request(source(tmp_path, yaml_text), regk31())
    message = str(caught.value)
    assert message.startswith("table REGK31 has no variable KØN")
    assert "(it has OMRÅDE, FUNKTION, DRANST, ART, PRISENHED, Tid)" in message


def test_unknown_codes(tmp_path: Path) -> None:
    yaml_text = REGK31_YAML.replace('DRANST: ["1"]', 'DRANST: ["1", "9", "X"]')
    with pytest.raises(StatBankError) as caught:
        resolve_request(source(tmp_path, yaml_text), regk31())
    message = str(caught.value)
    assert "table REGK31, variable DRANST: unknown value(s) 9, X" in message
    assert "tableinfo lists 1, 2" in message


def test_unknown_codes_listing_is_cut_after_twelve(tmp_path: Path) -> None:
    yaml_text = folk1a_yaml('[IALT, "200"]')
    with pytest.raises(StatBankError) as caught:
        resolve_request(source(tmp_path, yaml_text, "folk1a.yaml"), folk1a())
    message = str(caught.value)
    assert "variable ALDER: unknown value(s) 200;" in message
    assert "tableinfo lists IALT, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, …" in message


def test_variable_ids_are_case_insensitive(tmp_path: Path) -> None:
    yaml_text = with_request(
        """
        område: ["*"]
        funktion: ["52820"]
        Dranst: ["1"]
        art: [TOT]
        PRISENHED: [LOBM]
        TID: ["2024"]
    """,
        area="område",
    )
    resolved = resolve_request(source(tmp_path, yaml_text), regk31()).variables
    # keyed by the ids tableinfo uses, which is what the data request must send
    assert resolved == {
        "OMRÅDE": ["*"],
        "FUNKTION": ["52820"],
        "DRANST": ["1"],
        "ART": ["TOT"],
        "PRISENHED": ["LOBM"],
        "Tid": ["2024"],
    }


def test_data_request_body_shape(tmp_path: Path) -> None:
    info = regk31()
    resolved = resolve_request(source(tmp_path, REGK31_YAML), info).variables
    body = data_request_body(info.table_id, resolved)
    assert body == {
        "table": "REGK31",
        "format": "BULK",
        "lang": "da",
        "valuePresentation": "Code",
        "variables": [
            {"code": "OMRÅDE", "values": ["*"]},
            {"code": "FUNKTION", "values": ["52820", "52821", "52822", "52823"]},
            {"code": "DRANST", "values": ["1"]},
            {"code": "ART", "values": ["TOT"]},
            {"code": "PRISENHED", "values": ["LOBM"]},
            {"code": "Tid", "values": ["*"]},
        ],
    }
    assert {v["code"].upper() for v in body["variables"]} == {v.id.upper() for v in info.variables}
    assert json.loads(json.dumps(body, ensure_ascii=False)) == body  # plain JSON, Danish letters intact


def test_data_request_body_language() -> None:
    body = data_request_body("FOLK1A", {"Tid": ["*"]}, lang="en")
    assert body["lang"] == "en" and body["format"] == "BULK" and body["valuePresentation"] == "Code"


# ---- Spellings, totals and misfits resolved against tableinfo (real shapes from API.md) ----------------------


def und1(kon: str = "KON") -> TableInfo:
    """UND1 as the confirmed shape has it; its sex variable's id is spelled `kon` in the evidence."""
    return tableinfo(
        "UND1",
        [
            variable("ADMKOM", "administrationskommune", [("0", "Hele landet"), ("101", "København")]),
            variable(
                "UNDERRETERE", "underretter", [("0", "I alt"), ("1", "Skole"), ("12", "Politi"), ("99", "Uoplyst")]
            ),
            variable("ALDER1", "alder", [("00", "Alder i alt"), ("0", "0 år"), ("1", "1 år"), ("U0", "Ufødte")]),
            variable(kon, "køn", [("0", "Køn i alt"), ("D", "Drenge"), ("P", "Piger")]),
            variable("Tid", "tid", [("2023", "2023"), ("2024", "2024")], time=True),
        ],
    )


UND1_YAML = """
id: UND1
kind: statbank
table: UND1
title_da: Underretninger
area_variable: ADMKOM
municipal: true
request:
  ADMKOM: ["*"]
  UNDERRETERE: total
  ALDER1: total
  KØN: total
  Tid: ["*"]
indicators: {}
"""


def test_total_is_found_by_its_text_and_danish_ids_by_their_ascii_spelling(tmp_path: Path) -> None:
    resolved = resolve_request(source(tmp_path, UND1_YAML, "und1.yaml"), und1("KON"))
    # ALDER1's total is "00", not the age "0": found by the text "Alder i alt"
    assert resolved.variables == {"ADMKOM": ["*"], "UNDERRETERE": ["0"], "ALDER1": ["00"], "KON": ["0"], "Tid": ["*"]}
    assert resolved.names["KØN"] == "KON"  # the request uses DST's spelling
    assert resolved.translations == ("variable KØN is spelled KON in tableinfo",)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("KØN", "KON"),
        ("KON", "KØN"),
        ("BNOGLE", "BNØGLE"),
        ("SYGEHUSVAESEN", "SYGEHUSVÆSEN"),
        ("OMRAADE", "OMRÅDE"),
        ("omrade", "OMRÅDE"),
        ("KOEN", "KØN"),
    ],
)
def test_ascii_spellings_of_danish_letters_fold_to_one(ours: str, theirs: str) -> None:
    assert fold_id(ours) == fold_id(theirs)


def test_a_total_that_is_ambiguous_names_the_candidates(tmp_path: Path) -> None:
    info = tableinfo(
        "ISBU02",
        [
            variable("KOMMUNEDK", "kommune", [("0", "Hele landet"), ("101", "København")]),
            variable(
                "INDSATSER",
                "indsatser",
                [
                    ("1", "Forebyggende foranstaltninger i alt"),
                    ("2", "Børn og unge med forebyggende foranstaltninger i alt"),
                    ("11", "Familiebehandling"),
                ],
            ),
            variable("Tid", "tid", [("2024", "2024")], time=True),
        ],
    )
    yaml_text = UND1_YAML.replace("table: UND1", "table: ISBU02").replace(
        "area_variable: ADMKOM", "area_variable: KOMMUNEDK"
    )
    yaml_text = yaml_text.split("request:")[0] + 'request:\n  KOMMUNEDK: ["*"]\n  INDSATSER: total\n  Tid: ["*"]\n'
    with pytest.raises(RequestMisfit) as caught:
        resolve_request(source(tmp_path, yaml_text, "isbu02.yaml"), info)
    message = str(caught.value)
    assert "table ISBU02, variable INDSATSER: 2 values read as the total" in message
    assert "1 'Forebyggende foranstaltninger i alt'" in message and "2 'Børn og unge" in message
    assert "select the code in the source YAML instead of `total`" in message
    assert caught.value.variable == "INDSATSER"


def test_no_total_names_the_variable_and_its_values(tmp_path: Path) -> None:
    no_total = tableinfo(
        "UND1",
        [
            variable("ADMKOM", "administrationskommune", [("0", "Hele landet"), ("101", "København")]),
            variable("UNDERRETERE", "underretter", [("1", "Skole"), ("12", "Politi")]),
            variable("ALDER1", "alder", [("00", "Alder i alt")]),
            variable("KON", "køn", [("0", "Køn i alt")]),
            variable("Tid", "tid", [("2024", "2024")], time=True),
        ],
    )
    with pytest.raises(
        RequestMisfit,
        match=r"variable UNDERRETERE: no value reads as the total .*1 'Skole', "
        r"12 'Politi'",
    ):
        resolve_request(source(tmp_path, UND1_YAML, "und1.yaml"), no_total)


def test_codes_that_lost_their_leading_zeros_are_matched_when_unambiguous(tmp_path: Path) -> None:
    info = tableinfo(
        "REGR31",
        [
            variable("REGI07", "region", [("0", "Hele landet"), ("81", "Region Nordjylland")]),
            variable("FUNK1", "funktion", [("11001", "1.10.01 Somatik"), ("11002", "1.10.02 Psykiatri")]),
            variable("Tid", "tid", [("2024", "2024")], time=True),
        ],
    )
    yaml_text = (
        "id: REGR31\nkind: statbank\ntable: REGR31\ntitle_da: t\narea_variable: REGI07\nmunicipal: false\n"
        'request:\n  REGI07: ["000", "081"]\n  FUNK1: ["11002"]\n  Tid: ["*"]\n'
    )
    resolved = resolve_request(source(tmp_path, yaml_text, "regr31.yaml"), info)
    assert resolved.variables["REGI07"] == ["0", "81"]
    assert "REGI07 code 000 is 0 in tableinfo" in resolved.translations


def test_every_misfit_is_collected_with_the_closest_valid_codes(tmp_path: Path) -> None:
    yaml_text = REGK31_YAML.replace('DRANST: ["1"]', 'DRANST: ["4"]').replace("ART: [TOT]", "ART: [NETTO]")
    with pytest.raises(RequestMisfit) as caught:
        resolve_request(source(tmp_path, yaml_text), regk31())
    misfits = {m.variable: m for m in caught.value.misfits}
    assert set(misfits) == {"DRANST", "ART"}
    assert misfits["DRANST"].unknown == ("4",)
    assert misfits["DRANST"].closest[0].startswith("2 ")  # numerically nearest first
    assert "and 1 more problem" in str(caught.value)


def test_new_codes_are_those_added_since_the_last_load_and_not_selected(tmp_path: Path) -> None:
    before = und1()
    now = tableinfo(
        "UND1",
        [
            variable("ADMKOM", "administrationskommune", [("0", "Hele landet"), ("101", "København"), ("102", "Ny")]),
            variable(
                "UNDERRETERE",
                "underretter",
                [("0", "I alt"), ("1", "Skole"), ("12", "Politi"), ("13", "Ny kilde"), ("99", "Uoplyst")],
            ),
            variable("ALDER1", "alder", [("00", "Alder i alt"), ("0", "0 år"), ("1", "1 år"), ("U0", "Ufødte")]),
            variable("KON", "køn", [("0", "Køn i alt"), ("D", "Drenge"), ("P", "Piger")]),
            variable("Tid", "tid", [("2023", "2023"), ("2024", "2024"), ("2025", "2025")], time=True),
        ],
    )
    resolved = resolve_request(source(tmp_path, UND1_YAML, "und1.yaml"), now)
    found = new_codes(resolved, before)
    # areas and periods are requested with "*" and come along by themselves; a new notifier type does not
    assert [(n.variable, n.codes) for n in found] == [("UNDERRETERE", (("13", "Ny kilde"),))]
    assert new_codes(resolved, None) == []
