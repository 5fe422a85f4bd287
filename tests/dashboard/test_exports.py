"""Chart images for slides: the size asked for, not blank, the source line inside, DEMODATA on demo data, and
clear 4xx answers for bad requests. Rendered by kaleido with Debian's Chromium."""

from __future__ import annotations

import io
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
    frame = pd.read_csv(io.BytesIO(resp.data), sep=";", decimal=",", encoding="utf-8-sig", dtype={"period": str})
    assert set(frame.columns) == {"period", "Hele landet", "Region Midtjylland", "Aarhus"}
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
    frame = pd.read_csv(io.BytesIO(resp.data), sep=";", decimal=",", encoding="utf-8-sig", dtype={"area_code": str})
    assert len(frame) == 98 and frame["rank"].iloc[0] == 1 and frame["value"].is_monotonic_decreasing
    square = urlencode({"page": "/region/081", "chart": "region-trend", "size": "square"})
    assert Image.open(io.BytesIO(client.get(f"/export/view.png?{square}").data)).size == (1080, 1080)
    poster = urlencode({"page": "/region/081", "chart": "region-trend", "size": "poster"})
    assert client.get(f"/export/view.png?{poster}").status_code == 400
