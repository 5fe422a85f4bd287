"""Slide decks: a title slide, one slide per indicator with a full-size chart image and its key numbers, and a
closing slide with definitions, sources and the licence; the `dashboard deck` command and the /deck/ routes.
The charts are rendered on kaleido's page in Debian's Chromium (dashboard/routes/image_browser.py)."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu

from dashboard.charts import views as charts
from dashboard.charts.theme import figure_data
from dashboard.core.formatting import format_number
from dashboard.core.peers import peer_codes
from dashboard.core.state import ViewState
from dashboard.routes import deck, images
from dashboard.warehouse import briefing
from dashboard.warehouse import selectors as ctx
from dashboard.warehouse.queries import Warehouse

pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None, reason="Debian's chromium is not installed (make test installs it)"
)

VIBORG, NORDJYLLAND = "791", "081"


@pytest.fixture(scope="module")
def warehouse(demo_db: Path) -> Warehouse:
    return Warehouse(demo_db)


@pytest.fixture(scope="module")
def municipality_deck(warehouse: Warehouse):
    calls: list[tuple[int, int, str]] = []
    data = deck.build_deck(warehouse, "kommune", VIBORG, progress=lambda *call: calls.append(call))
    return Presentation(io.BytesIO(data)), data, calls


@pytest.fixture(scope="module")
def region_deck(warehouse: Warehouse):
    data = deck.build_deck(warehouse, "region", NORDJYLLAND)
    return Presentation(io.BytesIO(data)), data


def _text(slide) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def _pictures(slide) -> list:  # type: ignore[no-untyped-def]
    return [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]


def _charted_indicators(warehouse: Warehouse, code: str) -> list[str]:
    """What charts.municipality_trend draws for the municipality (every topic but population)."""
    own = ctx.municipalities(warehouse).set_index("area_code", drop=False).loc[code]
    peers = peer_codes(code, "region", ctx.areas(warehouse), ctx.latest_population(warehouse))
    cat = ctx.catalogue(warehouse)
    return [
        i
        for i in cat.index
        if cat.loc[i, "topic"] != "population"
        and charts.municipality_trend(warehouse, i, own, ViewState(), peers) is not None
    ]


def test_municipality_deck_has_a_slide_per_charted_indicator(warehouse: Warehouse, municipality_deck) -> None:
    prs, _, _ = municipality_deck
    expected = _charted_indicators(warehouse, VIBORG)
    assert len(prs.slides) == len(expected) + 2
    assert (prs.slide_width, prs.slide_height) == (Emu(12192000), Emu(6858000))  # 13.333 × 7.5 in
    cat = ctx.catalogue(warehouse)
    titles = [slide.shapes.title.text for slide in list(prs.slides)[1:-1]]
    assert titles == [ctx.indicator_title(cat.loc[i], "da") for i in expected]


# The region deck follows the region page: what stands out (a table, then the municipalities furthest from the
# country), the budget pressure (children, adults), the psychiatry picture, then one ranking per indicator.
REGION_SUMMARY_SLIDES = 2
REGION_INDEX_SLIDES = 3


def test_region_deck_has_a_slide_per_municipal_indicator(warehouse: Warehouse, region_deck) -> None:
    prs, data = region_deck
    extra = REGION_SUMMARY_SLIDES + REGION_INDEX_SLIDES
    assert len(prs.slides) == len(ctx.municipal_indicator_ids(warehouse)) + extra + 2
    assert len(data) < 10_000_000


def test_region_deck_follows_the_page_order(warehouse: Warehouse, region_deck) -> None:
    prs, _ = region_deck
    titles = [slide.shapes.title.text for slide in prs.slides]
    assert titles[1:6] == [
        "Region Nordjylland: det skiller sig ud",
        "Region Nordjylland: kommunerne længst fra landet",
        "Region Nordjylland: udgifter og modtagere, børn og unge",
        "Region Nordjylland: udgifter og modtagere, voksne",
        "Region Nordjylland: psykiatri i regionen og botilbud og støtte i kommunerne",
    ]
    cat = ctx.catalogue(warehouse)
    assert titles[6:-1] == [ctx.indicator_title(cat.loc[i], "da") for i in ctx.municipal_indicator_ids(warehouse)]


def test_region_deck_opens_with_the_region_against_the_country(warehouse: Warehouse, region_deck) -> None:
    prs, _ = region_deck
    tables = [shape.table for shape in prs.slides[1].shapes if shape.has_table]
    assert len(tables) == 1 and not _pictures(prs.slides[1])
    rows = [[cell.text for cell in row.cells] for row in tables[0].rows]
    assert rows[0] == ["Indikator", "Enhed", "Region Nordjylland", "Hele landet", "Forskel"]
    standouts = briefing.standouts(warehouse, NORDJYLLAND)
    assert len(rows) == len(standouts) + 1
    for row, standout in zip(rows[1:], standouts, strict=True):
        assert row[2] == format_number(standout.region_value, standout.decimals)
        assert row[3] == format_number(standout.country_value, standout.decimals)
        assert row[4].endswith(("over landet", "under landet", "på niveau med landet"))
    text = _text(prs.slides[2])
    above, below = briefing.extremes(warehouse, NORDJYLLAND)
    for extreme in [*above, *below]:
        assert f"{extreme.area_name} · " in text and f"nr. {extreme.rank} af {extreme.total}" in text
    assert "Længst over landet" in text and "Længst under landet" in text


def test_region_deck_index_slides_show_the_latest_index(warehouse: Warehouse, region_deck) -> None:
    prs, _ = region_deck
    view = briefing.psychiatry_view(warehouse, NORDJYLLAND, None)
    assert view is not None
    text = _text(prs.slides[5])
    for key, index in view.indices.items():
        assert format_number(float(index[view.years[-1]]), 0) in text, key
    assert f"indeks ({view.base_year} = 100)" in text and "eSundhed.dk" in text
    closing = _text(prs.slides[-1])
    assert str(ctx.catalogue(warehouse).loc["psychiatric_bed_days", "definition_da"]) in closing


@pytest.mark.parametrize("which", ["municipality_deck", "region_deck"])
def test_every_indicator_slide_has_one_full_size_chart(which: str, request: pytest.FixtureRequest) -> None:
    prs = request.getfixturevalue(which)[0]
    slides = list(prs.slides)
    assert not _pictures(slides[0]) and not _pictures(slides[-1])
    first_chart = 1 + (REGION_SUMMARY_SLIDES if which == "region_deck" else 0)  # the region's summary: a table
    for slide in slides[first_chart:-1]:
        pictures = _pictures(slide)
        assert len(pictures) == 1, slide.shapes.title.text
        image = Image.open(io.BytesIO(pictures[0].image.blob))
        assert image.size == (1920, 1080)
        low, high = image.convert("L").getextrema()
        assert high - low > 100  # ink on paper, not an empty canvas
        assert pictures[0].width > prs.slide_width * 0.7  # the chart fills most of the slide
        assert pictures[0].left + pictures[0].width <= prs.slide_width
        assert pictures[0].top + pictures[0].height <= prs.slide_height
        assert "Kilde:" in _text(slide)


def test_title_slide_names_the_municipality_the_dates_and_demodata(municipality_deck) -> None:
    prs, _, _ = municipality_deck
    text = _text(prs.slides[0])
    assert prs.slides[0].shapes.title.text == "Viborg"
    assert "Region Midtjylland" in text
    assert f"Socialtal · {deck.long_date(date.today())}" in text
    assert "Data senest opdateret af Danmarks Statistik" in text
    assert "DEMODATA – opdigtede tal" in text


def test_key_numbers_are_the_municipality_region_and_country_in_danish_format(
    warehouse: Warehouse, municipality_deck
) -> None:
    prs, _, _ = municipality_deck
    slide = next(s for s in prs.slides if s.shapes.title and s.shapes.title.text == "Anbragte børn og unge")
    values = ctx.indicator_values(warehouse, "children_placed", "per_capita", None)
    latest = values[values["period"] == values["period"].max()].set_index("area_code")["shown"]
    text = _text(slide)
    for code in (VIBORG, "082", "000"):
        assert format_number(latest[code], 1) in text
    assert "Hele landet" in text and "pr. 1.000 befolkning 0–22 år" in text
    assert "statistikbanken.dk/ANBAAR12" in text


def test_region_slides_name_the_highest_and_lowest_municipality(warehouse: Warehouse, region_deck) -> None:
    prs, _ = region_deck
    text = _text(prs.slides[1 + REGION_SUMMARY_SLIDES + REGION_INDEX_SLIDES])  # the first ranking
    assert "Region Nordjylland" in text and "Hele landet" in text
    assert "Højest: " in text and "Lavest: " in text
    members = set(ctx.municipalities(warehouse).query("region_code == @NORDJYLLAND")["area_name"])
    named = [line.split(": ", 1)[1] for line in text.splitlines() if line.startswith(("Højest: ", "Lavest: "))]
    assert len(named) == 2 and set(named) <= members


def test_closing_slide_lists_definitions_sources_and_licence(warehouse: Warehouse, municipality_deck) -> None:
    prs, _, _ = municipality_deck
    text = _text(prs.slides[-1])
    cat = ctx.catalogue(warehouse)
    for indicator_id in _charted_indicators(warehouse, VIBORG):
        assert str(cat.loc[indicator_id, "definition_da"]) in text
        table = str(cat.loc[indicator_id, "source_table"])
        if not table.startswith("ESUNDHED"):
            assert f"statistikbanken.dk/{table}" in text
    assert "statistikbanken.dk/FOLK1A" in text  # the per-capita denominators' table
    assert "CC BY 4.0" in text


def test_progress_counts_every_slide(municipality_deck) -> None:
    prs, _, calls = municipality_deck
    assert [done for done, _, _ in calls] == list(range(1, len(prs.slides) + 1))
    assert {total for _, total, _ in calls} == {len(prs.slides)}
    assert all(label for _, _, label in calls)


def test_long_date_is_danish() -> None:
    assert deck.long_date(date(2026, 11, 23)) == "23. november 2026"
    assert deck.long_date(date(2026, 5, 1), "en") == "1 May 2026"


# --- command line ---------------------------------------------------------------------------------------------


def test_cli_writes_the_deck(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "nordjylland.pptx"
    assert deck.deck_command(["--region", NORDJYLLAND, "--out", str(out), "--db", str(demo_db), "--lang", "en"]) == 0
    prs = Presentation(str(out))
    assert "DEMO DATA" in _text(prs.slides[0])
    assert f"Socialtal · {deck.long_date(date.today(), 'en')}" in _text(prs.slides[0])
    printed = capsys.readouterr().out
    assert str(out) in printed and f"{len(prs.slides)} slides" in printed and "MB" in printed
    assert list(tmp_path.iterdir()) == [out]  # no .tmp left behind


def test_cli_refuses_an_unknown_municipality(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.pptx"
    assert deck.deck_command(["--kommune", "999", "--out", str(out), "--db", str(demo_db)]) == 1
    err = capsys.readouterr().err
    assert "999" in err and "101–860" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_cli_explains_a_missing_warehouse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        deck.deck_command(
            ["--kommune", VIBORG, "--out", str(tmp_path / "x.pptx"), "--db", str(tmp_path / "none.duckdb")]
        )
        == 1
    )
    assert "no warehouse at" in capsys.readouterr().err


def test_cli_without_a_browser_writes_nothing(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def unavailable() -> str:
        raise images.ImageExportUnavailable("image export needs a Chromium browser")

    monkeypatch.setattr(images, "_browser_path", unavailable)
    assert deck.deck_command(["--region", NORDJYLLAND, "--out", str(tmp_path / "x.pptx"), "--db", str(demo_db)]) == 1
    err = capsys.readouterr().err
    assert "needs a Chromium browser" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


# --- routes ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(demo_db: Path):
    from dashboard.app import create_app

    return create_app(demo_db).server.test_client()


def test_route_answers_with_the_deck(client) -> None:
    resp = client.get(f"/deck/region/{NORDJYLLAND}.pptx")
    assert resp.status_code == 200, resp.data[:300]
    assert resp.mimetype == deck.PPTX_MIMETYPE
    assert "Region-Nordjylland-socialtal-DEMODATA.pptx" in resp.headers["Content-Disposition"]
    assert "attachment" in resp.headers["Content-Disposition"]
    assert len(Presentation(io.BytesIO(resp.data)).slides) > 2


def test_file_name_names_the_municipality(warehouse: Warehouse) -> None:
    assert deck.file_name(warehouse, "kommune", VIBORG) == "Viborg-socialtal-DEMODATA.pptx"


@pytest.mark.parametrize("path", ["/deck/kommune/999.pptx", "/deck/region/791.pptx", "/deck/kommune/791.pptx?lang=xx"])
def test_route_answers_404_for_unknown_codes(client, path: str) -> None:
    resp = client.get(path)
    assert resp.status_code == 404
    assert resp.mimetype == "text/plain"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/deck/kommune/999.pptx", "ukendt kommunekode '999'; brug en af de 98 koder 101–860"),
        ("/deck/kommune/999.pptx?lang=en", "unknown municipality code '999'; use one of the 98 codes 101–860"),
        ("/deck/region/791.pptx?lang=en", "unknown region code '791'; use one of the 5 codes 081–085"),
    ],
)
def test_route_names_the_unknown_code_in_the_readers_language(client, path: str, message: str) -> None:
    assert client.get(path).get_data(as_text=True).strip() == message


def test_route_without_a_browser_answers_503_in_the_readers_language(client, monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable() -> str:
        raise images.ImageExportUnavailable("image export needs a Chromium browser")

    monkeypatch.setattr(images, "_browser_path", unavailable)
    danish = client.get(f"/deck/region/{NORDJYLLAND}.pptx")
    english = client.get(f"/deck/region/{NORDJYLLAND}.pptx?lang=en")
    assert danish.status_code == english.status_code == 503
    assert danish.get_data(as_text=True).startswith("Billedeksport kræver en Chromium-browser på serveren")
    assert english.get_data(as_text=True).startswith("Image export needs a Chromium browser on the server")


# --- the profile's peers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"peers": "custom", "areas": "101,851"},  # own pick, from other regions than Viborg's
        {"areas": "101,851"},  # own peers named alone: the profile compares with them all the same
        {"peers": "size"},
    ],
)
def test_municipality_deck_compares_with_the_peers_the_profile_shows(warehouse: Warehouse, query) -> None:
    own = ctx.municipalities(warehouse).set_index("area_code", drop=False).loc[VIBORG]
    width, height, _ = images.SIZES["wide"]
    slides = list(deck._municipality_slides(warehouse, own, "da", deck.peer_view(warehouse, query)))
    assert slides
    for slide in slides[:4]:
        _, _, profile_chart = charts.municipality_chart_for(
            warehouse, VIBORG, slide.indicator_id, query, height=height, width=width
        )
        assert figure_data(slide.figure)["data"] == figure_data(profile_chart.figure)["data"]
    region = next(deck._municipality_slides(warehouse, own, "da"))
    assert figure_data(region.figure)["data"] != figure_data(slides[0].figure)["data"]


def test_route_refuses_peers_that_are_not_there(client) -> None:
    resp = client.get(f"/deck/kommune/{VIBORG}.pptx?areas=999")
    assert resp.status_code == 404
    assert "areas=999" in resp.get_data(as_text=True)
