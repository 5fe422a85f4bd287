"""Chart images for slides: the size asked for, not blank, the source line inside, DEMODATA on demo data, and
clear 4xx answers for bad requests. Rendered by kaleido with Debian's Chromium."""

from __future__ import annotations

import io
import itertools
import shutil
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None, reason="Debian's chromium is not installed (make test installs it)"
)


@pytest.mark.parametrize(("size", "expected"), [("wide", (1920, 1080)), ("square", (1080, 1080))])
def test_png_has_the_requested_size_and_is_not_blank(client, size: str, expected: tuple[int, int]) -> None:
    resp = client.get(f"/export/kommune/751/children_placed.png?measure=index&size={size}")
    assert resp.status_code == 200, resp.data[:300]
    assert resp.mimetype == "image/png"
    image = Image.open(io.BytesIO(resp.data)).convert("L")
    assert image.size == expected
    low, high = image.getextrema()
    assert high - low > 100  # ink on paper, not an empty canvas
    assert "Aarhus-children_placed-DEMODATA.png" in resp.headers["Content-Disposition"]


def test_svg_parses_and_carries_title_source_and_demo_label(client) -> None:
    resp = client.get("/export/kommune/101/spending_placements.svg?measure=per_capita")
    assert resp.status_code == 200
    root = ET.fromstring(resp.data)
    text = " ".join(t for t in root.itertext())
    assert "København: Udgifter til anbringelser" in text
    assert "Kilde: Danmarks Statistik, statistikbanken.dk/REGK31" in text
    assert "kr. pr. indbygger" in text
    assert "DEMODATA" in text


def test_pdf_is_a_pdf(client) -> None:
    resp = client.get("/export/kommune/461/adults_sel108.pdf?lang=en")
    assert resp.status_code == 200 and resp.data.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/export/kommune/999/children_placed.png", 404, "ukendt kommune"),
        ("/export/kommune/101/bogus.png", 404, "ukendt indikator"),
        ("/export/kommune/101/children_placed.gif", 400, "ukendt format"),
        ("/export/kommune/101/children_placed.png?size=poster", 400, "ukendt størrelse"),
        ("/export/kommune/101/children_placed.png?measure=bad", 404, "measure=bad"),
        ("/export/kommune/101/spending_children_national.png", 404, "kun hele landet"),
        ("/export/kommune/101/spending_children_national.png?lang=en", 404, "(national only); see /om-data"),
        ("/export/kommune/999/children_placed.png?lang=en", 404, "unknown municipality 999; see /om-data"),
        ("/export/kommune/999/children_placed.png", 404, "ukendt kommune 999; se /om-data"),
        ("/export/kommune/101/children_placed.gif?lang=en", 400, "unknown format 'gif'; use png, svg, pdf, csv"),
        ("/export/view.png?size=poster&lang=en", 400, "unknown size 'poster'; use wide, square or none (as shown)"),
        ("/export/view.png?page=http://evil.example/&lang=en", 400, "page must be an address on this site"),
    ],
)
def test_bad_requests_get_a_clear_answer(client, url: str, status: int, message: str) -> None:
    resp = client.get(url)
    assert resp.status_code == status
    assert message in resp.get_data(as_text=True)


def test_chart_data_as_danish_csv(client) -> None:
    import pandas as pd

    resp = client.get("/export/kommune/751/children_placed.csv?measure=per_capita")
    assert resp.status_code == 200 and resp.data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(resp.data), sep=";", decimal=",", encoding="utf-8-sig", dtype={"Periode": str})
    assert list(frame.columns) == ["Periode", "Aarhus", "Region Midtjylland", "Hele landet"]  # own, region, country
    assert frame["Periode"].iloc[0] == max(frame["Periode"])  # the newest period first
    assert frame["Aarhus"].between(0.1, 50).all()  # per 1,000 0–22-year-olds, not a count


@pytest.mark.parametrize(
    ("page", "chart"),
    [
        ("/sammenlign?indicator=adults_sel108&areas=101,147", "compare-ranking"),
        ("/kort?indicator=children_placed", "map-figure"),
        ("/region/081", "region-trend"),
        ("/kommune/751", "profile-budget-children"),
    ],
)
def test_any_chart_on_any_page_exports_as_drawn(client, page: str, chart: str) -> None:
    from urllib.parse import urlencode

    resp = client.get("/export/view.svg?" + urlencode({"page": page, "chart": chart}))
    assert resp.status_code == 200, resp.data[:300]
    text = " ".join(ET.fromstring(resp.data).itertext())
    assert "Kilde:" in text and "DEMODATA" in text


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("page=/sammenlign&chart=no-such-chart", 404),
        ("page=/kommune/999&chart=profile-children_placed", 404),
        ("page=https://evil.example/&chart=x", 400),
        ("page=/sammenlign&chart=compare-ranking&x=1", 200),
    ],
)
def test_view_export_refuses_what_is_not_a_chart_here(client, query: str, status: int) -> None:
    assert client.get(f"/export/view.svg?{query}").status_code == status
    assert client.get("/export/view.gif?page=/kort&chart=map-figure").status_code == 400


def test_view_export_in_16_9_and_the_numbers_behind_it(client) -> None:
    from urllib.parse import urlencode

    import pandas as pd

    query = urlencode({"page": "/region/081", "chart": "region-trend", "size": "wide"})
    png = client.get(f"/export/view.png?{query}")
    assert png.status_code == 200 and Image.open(io.BytesIO(png.data)).size == (1920, 1080)
    ranking = urlencode({"page": "/sammenlign?indicator=children_placed&period=2023", "chart": "compare-ranking"})
    resp = client.get(f"/export/view.csv?{ranking}")
    frame = pd.read_csv(io.BytesIO(resp.data), sep=";", decimal=",", encoding="utf-8-sig", dtype={"Kommunekode": str})
    # Danish headers (charts.views.ranking_table): the municipality, its rank, its value in the chart's unit, its code
    assert list(frame.columns) == ["Kommune", "Nr.", "Pr. 1.000 befolkning 0–22 år", "Kommunekode"]
    assert len(frame) == 98 and frame["Nr."].iloc[0] == 1 and frame.iloc[:, 2].is_monotonic_decreasing
    square = urlencode({"page": "/region/081", "chart": "region-trend", "size": "square"})
    assert Image.open(io.BytesIO(client.get(f"/export/view.png?{square}").data)).size == (1080, 1080)
    poster = urlencode({"page": "/region/081", "chart": "region-trend", "size": "poster"})
    assert client.get(f"/export/view.png?{poster}").status_code == 400


# --- exports that fit their use: the ranking on a slide, every year labelled, numbers as shown, XLSX ------------

SVG_TEXT_FONT = "DejaVuSans.ttf"  # what kaleido's Chromium draws the charts' sans-serif with on Debian
CHOSEN = {"101": "København", "147": "Frederiksberg"}
RANKING_PAGE = "/sammenlign?indicator=children_placed&measure=per_capita&period=2023&areas=101,147"


def svg_of(client, url: str) -> ET.Element:
    resp = client.get(url)
    assert resp.status_code == 200, resp.data[:300]
    return ET.fromstring(resp.data)


def texts_of(root: ET.Element, css_class: str) -> list[str]:
    return ["".join(e.itertext()) for e in root.iter() if e.get("class") == css_class]


def view_url(fmt: str, page: str, chart: str, **extra: str) -> str:
    from urllib.parse import urlencode

    return f"/export/view.{fmt}?" + urlencode({"page": page, "chart": chart, **extra})


def truth(demo_db, sql: str, *params: object) -> list[tuple]:
    import duckdb

    with duckdb.connect(str(demo_db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


@pytest.mark.parametrize("size", ["wide", "square"])
def test_ranking_for_a_slide_keeps_the_top_and_bottom_15_and_the_chosen(client, demo_db, size: str) -> None:
    full = texts_of(svg_of(client, view_url("svg", RANKING_PAGE, "compare-ranking")), "ytick")  # as shown: all 98
    assert len(full) == 98
    slide_svg = svg_of(client, view_url("svg", RANKING_PAGE, "compare-ranking", size=size))
    slide = texts_of(slide_svg, "ytick")
    names = [text.split(". ", 1)[-1].removesuffix(" (..)") for text in full]
    chosen_names = {
        name for (name,) in truth(demo_db, "select area_name from main.areas where area_code in (?, ?)", *CHOSEN)
    }
    assert chosen_names == set(CHOSEN.values())
    valid = [i for i, text in enumerate(full) if not text.endswith("(..)")]
    kept = sorted({*valid[:15], *valid[-15:], *(i for i, name in enumerate(names) if name in chosen_names)})
    expected: list[str] = []
    for before, i in itertools.pairwise([None, *kept]):
        if before is not None and i > before + 1:
            expected.append("…")
        expected.append(full[i])
    if kept[-1] < len(full) - 1:
        expected.append("…")
    assert slide == expected
    assert len([text for text in slide if text != "…"]) == 30 + len({i for i in kept if 15 <= i < len(full) - 15})
    bars = [e[0].get("d") for e in slide_svg.iter() if e.get("class") == "point"]
    assert len([d for d in bars if d != "M0,0Z"]) == len(kept)  # a bar for each kept row, none for a "…"
    text = " ".join(slide_svg.itertext())
    assert "Anbragte børn og unge" in text and "Kilde: Danmarks Statistik" in text and "DEMODATA" in text
    assert "De 15 højeste og de 15 laveste af 98 kommuner" in text


def test_ranking_as_shown_and_region_rankings_stay_whole(client) -> None:
    region = texts_of(svg_of(client, view_url("svg", "/region/084", "region-ranking", size="wide")), "ytick")
    assert "…" not in region and len(region) == 29  # Region Hovedstaden's 29 municipalities all fit a slide


def tick_boxes(root: ET.Element) -> list[tuple[str, float, float, float]]:
    """Every x tick label: text, left and right edge (measured with the font it is drawn in), baseline."""
    import re

    from PIL import ImageFont

    boxes = []
    for group in root.iter():
        if group.get("class") != "xtick":
            continue
        text = next(e for e in group.iter() if e.tag.endswith("text"))
        size = float(re.search(r"font-size: ([\d.]+)px", text.get("style", "")).group(1))
        x = float(re.search(r"translate\(([\d.]+)", text.get("transform", "")).group(1))
        width = ImageFont.truetype(SVG_TEXT_FONT, round(size)).getlength("".join(text.itertext()))
        boxes.append(("".join(text.itertext()), x - width / 2, x + width / 2, float(text.get("y"))))
    return boxes


@pytest.mark.parametrize(
    "url",
    [
        "/export/kommune/751/children_placed.svg?size=square",
        "/export/kommune/751/children_placed.svg?size=square&measure=index",
        view_url("svg", "/region/082?indicator=children_placed", "region-trend", size="square"),
    ],
)
def test_square_image_labels_every_year_side_by_side_inside_the_image(client, demo_db, url: str) -> None:
    years = [
        p
        for (p,) in truth(
            demo_db,
            "select distinct period from main.indicator_values where indicator_id = 'children_placed' order by period",
        )
    ]
    root = svg_of(client, url)
    boxes = tick_boxes(root)
    assert [box[0] for box in boxes] == years  # every year, in order, none thinned out
    assert all(box[1] >= 0 and box[2] <= 540 for box in boxes)
    assert all(right + 1 <= left for (_, _, right, _), (_, left, _, _) in itertools.pairwise(boxes))  # no two touch
    legend_top = min(
        float(e.get("transform").split(",")[1].rstrip(")")) for e in root.iter() if e.get("class") == "legend"
    )
    assert all(baseline < legend_top for *_, baseline in boxes)  # above the legend, not under it


def test_chart_csv_has_the_decimals_of_its_table(app, client, demo_db) -> None:
    from dashboard.charts import views as charts
    from dashboard.warehouse import selectors as ctx

    with app.server.test_request_context():
        _, _, chart = charts.municipality_chart_for(
            ctx.current_warehouse(), "751", "children_placed", {"measure": "index"}
        )
    decimals = chart.table.attrs["decimals"]
    lines = client.get("/export/kommune/751/children_placed.csv?measure=index").data.decode("utf-8-sig").splitlines()
    fields = [field for line in lines[1:] for field in line.split(";")[1:] if field]
    assert fields and all(len(field.split(",")[1]) == decimals if decimals else "," not in field for field in fields)
    assert all(len(field) < 12 for field in fields)  # never the 15 decimals of a division


def test_view_csv_is_rounded_as_its_grid_shows_it(client, demo_db) -> None:
    per_1000 = dict(
        truth(
            demo_db,
            "select v.area_code, v.value * 1000 / coalesce(d.value, q.value) from main.indicator_values as v "
            "left join main.indicator_values as d on d.indicator_id = 'population_0_22' and d.area_code = v.area_code "
            "and d.period = v.period left join main.indicator_values as q on q.indicator_id = 'population_0_22' "
            "and q.area_code = v.area_code and q.period = v.period || 'K1' "
            "where v.indicator_id = 'children_placed' and v.period = '2023'",
        )
    )
    lines = client.get(view_url("csv", RANKING_PAGE, "compare-ranking")).data.decode("utf-8-sig").splitlines()
    header = lines[0].split(";")
    rows = [dict(zip(header, line.split(";"), strict=True)) for line in lines[1:]]
    assert len(rows) == 98
    value = "Pr. 1.000 befolkning 0–22 år"  # the chart's unit heads the value column (charts.views.ranking_table)
    for row in rows:
        assert len(row[value].partition(",")[2]) <= 1 and row["Nr."].isdigit()  # as the grid: at most one decimal
        assert float(row[value].replace(",", ".")) == pytest.approx(round(per_1000[row["Kommunekode"]], 1), abs=0.051)


def read_xlsx(data: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data))


def test_chart_xlsx_holds_the_table_and_its_source(app, client) -> None:
    from dashboard.charts import views as charts
    from dashboard.warehouse import selectors as ctx

    with app.server.test_request_context():
        _, _, chart = charts.municipality_chart_for(
            ctx.current_warehouse(), "751", "children_placed", {"measure": "per_capita"}
        )
    resp = client.get("/export/kommune/751/children_placed.xlsx?measure=per_capita")
    assert resp.status_code == 200 and resp.mimetype.endswith("spreadsheetml.sheet")
    assert "Aarhus-children_placed-DEMODATA.xlsx" in resp.headers["Content-Disposition"]
    book = read_xlsx(resp.data)
    assert book.sheetnames == ["Data", "Kilde"]
    rows = list(book["Data"].iter_rows(values_only=True))
    assert list(rows[0]) == [*chart.table.columns, "datagrundlag"]
    assert [list(row[:-1]) for row in rows[1:]] == [
        [None if isinstance(v, float) and v != v else v for v in record]
        for record in chart.table.itertuples(index=False)
    ]
    assert all(row[-1] == "DEMODATA" for row in rows[1:])
    decimals = chart.table.attrs["decimals"]
    assert book["Data"]["B2"].number_format == ("#,##0." + "0" * decimals if decimals else "#,##0")
    kilde = [row for row in book["Kilde"].iter_rows(values_only=True)]
    assert kilde[0][0] == "DEMODATA"
    text = "\n".join(" ".join(str(cell) for cell in row if cell is not None) for row in kilde)
    assert "Kilde: Danmarks Statistik, statistikbanken.dk/ANBAAR12" in text  # the chart's source line
    assert "https://www.statistikbanken.dk/ANBAAR12" in text and "CC BY 4.0" in text
    assert "/kommune/751?measure=per_capita" in text  # where to see the same chart


def test_view_xlsx_has_the_csv_numbers_and_an_english_source_sheet(client) -> None:
    page = RANKING_PAGE + "&lang=en"
    csv_lines = client.get(view_url("csv", page, "compare-ranking")).data.decode("utf-8-sig").splitlines()
    resp = client.get(view_url("xlsx", page, "compare-ranking"))
    assert resp.status_code == 200 and "socialtal-compare-ranking-DEMODATA.xlsx" in resp.headers["Content-Disposition"]
    book = read_xlsx(resp.data)
    assert book.sheetnames == ["Data", "Source"]
    rows = list(book["Data"].iter_rows(values_only=True))
    values = {row[0]: row[2] for row in rows[1:]}
    for line in csv_lines[1:]:
        code, _, value, _ = line.split(";")
        assert values[code] == (float(value.replace(",", ".")) if value else None)
    source = [row for row in book["Source"].iter_rows(values_only=True)]
    assert source[0][0] == "DEMODATA" and "DEMO DATA" in source[0][1]
    assert any(row[0] == "Source line on the chart" and "Statistics Denmark" in row[1] for row in source)


def test_every_chart_links_its_xlsx_next_to_its_csv(app, client) -> None:
    from dashboard.pages import compare, profile
    from dashboard.ui.layout_search import find

    with app.server.test_request_context():
        pages = [profile.layout(code="751"), compare.layout()]
    hrefs: list[str] = []
    for layout in pages:
        find(layout, lambda c: hrefs.append(getattr(c, "href", "") or "") and False)
    csv = [h for h in hrefs if h.startswith("/export/") and ".csv" in h]
    xlsx = [h for h in hrefs if h.startswith("/export/") and ".xlsx" in h]
    assert csv and [h.replace(".csv", ".xlsx", 1) for h in csv] == xlsx
    for href in (xlsx[0], xlsx[-1]):  # a profile chart, and a chart of another page
        assert client.get(href).status_code == 200, href
