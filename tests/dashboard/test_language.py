"""Danish first, English complete (issue 11, part 7), in the layouts the server sends: every page kind in Danish and
in English carries no word of the other language (framework words, the country's name, period labels, table
headers), one rule labels every period ("2025 K2" / "2025 Q2"), AG Grid speaks Danish on Danish pages, and own
comparison municipalities work on their own. What Chromium draws from these layouts (AG Grid's menus and filters
included) is tested in tests/browser/test_language_in_chromium.py."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import pytest
from language_rules import DENY
from plotly.utils import PlotlyJSONEncoder

from dashboard.app import cached_layout
from dashboard.charts.views import ranking_table
from dashboard.core.area_names import area_name, named_areas
from dashboard.core.grid_locale import GRID_LOCALE_DA, grid_locale_text
from dashboard.core.peers import DEFAULT_PEER_GROUP, OWN_CHOICE, choose_peers, peer_group_of
from dashboard.core.periods import period_label, period_range
from dashboard.core.state import ViewState, parse_state
from dashboard.pages import about, area_map, compare, embed_chart, embed_view, overview, profile, region
from dashboard.ui.area_grid import AreaColumn, area_grid
from dashboard.ui.components import data_grid
from dashboard.ui.layout_search import find, find_table
from dashboard.web.render_cache import page_address, router_request

VIBORG, SILKEBORG, HERNING = "791", "740", "657"
QUARTERLY = "adults_sel108"  # HAND07: quarters (2015K1 …)

# (page kind, layout, its arguments): every kind of page a reader can open
PAGES = [
    ("overview", overview.layout, {}),
    ("profile", profile.layout, {"code": VIBORG}),
    ("profile-own-peers", profile.layout, {"code": VIBORG, "peers": "custom", "areas": f"{SILKEBORG},{HERNING}"}),
    ("region", region.layout, {"code": "082", "kommune": VIBORG}),
    ("region-quarterly", region.layout, {"code": "082", "indicator": QUARTERLY}),
    ("compare", compare.layout, {}),
    ("compare-quarterly", compare.layout, {"indicator": QUARTERLY, "period": "2024K1", "areas": "101,147"}),
    ("map", area_map.layout, {}),
    ("map-quarterly", area_map.layout, {"indicator": QUARTERLY, "areas": VIBORG}),
    ("about", about.layout, {}),
    ("embed", embed_chart.layout, {"code": VIBORG, "indicator_id": "children_placed"}),
    ("embed-quarterly", embed_chart.layout, {"code": VIBORG, "indicator_id": QUARTERLY}),
    ("embed-view", embed_view.layout, {"page": f"/sammenlign?indicator={QUARTERLY}", "chart": "compare-line"}),
]

# Keys whose strings are never shown: ids, classes, addresses, codes a control sends, styles, a trace's role,
# JavaScript, and plotly's data and style settings.
HIDDEN_KEYS = {
    "id",
    "className",
    "href",
    "html_for",
    "style",
    "legendgroup",
    "field",
    "function",
    "type",
    "namespace",
    "mode",
    "dtype",
    "bdata",
    "customdata",
    "src",
    "download",
    "target",
    "hoverinfo",
    "fill",
    "fillcolor",
    "color",
    "dash",
    "family",
    "xref",
    "yref",
    "xanchor",
    "yanchor",
    "layer",
    "side",
    "cellClass",
    "headerClass",
    "cellRenderer",
    "pinned",
    "filter",
    "tickformat",
    "hoverformat",
    "separators",
    "locale",
    "ticklabelposition",
    "automargin",
    "textposition",
    "role",
    "rel",
    "data-code",
    "data-map",
    "aria-labelledby",
    "data-slider-label",
    "data-input-label",
}
DANISH_CONTENT_COLUMNS = {"Definition (Danish)"}  # Om data in English: the definitions, labelled as Danish


def visible_strings(node: Any, key: str = "", parent: dict | None = None) -> Iterator[tuple[str, str]]:
    """(key, text) for every string of a layout (as JSON) a reader can see or hear: texts, labels, headers, table
    cells, a chart's titles, notes, legend, hover and axis labels."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in HIDDEN_KEYS or k in DANISH_CONTENT_COLUMNS:
                continue
            if k == "meta" and not isinstance(v, dict):  # a trace's role ("own", "selected"); layout.meta.fit is shown
                continue
            if k == "value" and "options" in node:  # a dropdown's chosen code; its option's label is what shows
                continue
            if k == "options" and isinstance(v, list):
                yield from (("label", str(o.get("label"))) for o in v if isinstance(o, dict))
                continue
            if k == "name" and node.get("type") in ("heatmap", "choropleth", "rect"):  # never in a legend
                continue
            yield from visible_strings(v, k, node)
    elif isinstance(node, list):
        for v in node:
            yield from visible_strings(v, key, parent)
    elif isinstance(node, str):
        yield key, node


def layout_json(app, layout, **kwargs: str) -> Any:
    with app.server.test_request_context("/"):
        page = cached_layout(layout)(**kwargs)
        return json.loads(json.dumps(page, cls=PlotlyJSONEncoder))


def leaks(tree: Any, lang: str) -> list[str]:
    patterns = [re.compile(p) for p in DENY[lang]]
    return sorted(
        {
            f"{key}: {text[:120]!r} ({p.pattern})"
            for key, text in visible_strings(tree)
            for p in patterns
            if p.search(text)
        }
    )


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize(("kind", "layout", "kwargs"), PAGES, ids=[p[0] for p in PAGES])
def test_no_page_speaks_the_other_language(app, kind: str, layout, kwargs: dict, lang: str) -> None:
    if lang != "da":  # an embedded view takes its language from the page it shows
        kwargs = kwargs | ({"page": kwargs["page"] + f"&lang={lang}"} if "page" in kwargs else {"lang": lang})
    tree = layout_json(app, layout, **kwargs)
    texts = [text for _, text in visible_strings(tree)]
    assert len(texts) > 20, kind  # the page was drawn (not a not-found page of three lines)
    assert leaks(tree, lang) == [], kind


def test_the_deny_lists_catch_what_they_are_for(app) -> None:
    """The check above can fail: the Danish page in English's eyes, and the English page in Danish eyes, leak."""
    danish = layout_json(app, compare.layout, indicator=QUARTERLY)
    english = layout_json(app, compare.layout, indicator=QUARTERLY, lang="en")
    assert any("Hele landet" in leak for leak in leaks(danish, "en"))
    assert any("K1" in leak for leak in leaks(danish, "en"))
    assert any("Denmark" in leak for leak in leaks(english, "da"))
    assert any("Q1" in leak for leak in leaks(english, "da"))


# --- the country's name ---------------------------------------------------------------------------------------


def test_the_country_is_denmark_on_english_pages_everywhere(app) -> None:
    tree = layout_json(app, profile.layout, code=VIBORG, lang="en")
    text = json.dumps(tree, ensure_ascii=False)
    assert "Hele landet" not in text and '"name": "Denmark"' in text  # legend
    assert "<b>Denmark</b>" in text  # hover
    assert "Region Midtjylland" in text and ", Denmark " in text  # the sentence under a chart names the country
    with app.server.test_request_context("/"):
        layout = cached_layout(profile.layout)(code=VIBORG, lang="en")
        table = find_table(layout, "profile-children_placed-table")
    assert table is not None and list(table.columns)[:4] == ["Period", "Viborg", "Region Midtjylland", "Denmark"]
    compare_text = json.dumps(layout_json(app, compare.layout, lang="en"), ensure_ascii=False)
    region_text = json.dumps(layout_json(app, region.layout, code="082", lang="en"), ensure_ascii=False)
    assert "Hele landet" not in compare_text and "Hele landet" not in region_text
    assert '"name": "Denmark"' in compare_text and '"name": "Denmark"' in region_text


def test_area_names_name_only_the_country_in_the_page_language() -> None:
    frame = pd.DataFrame(
        {"area_code": ["000", "082", "791"], "area_name": ["Hele landet", "Region Midtjylland", "Viborg"]}
    )
    assert named_areas(frame, "en")["area_name"].tolist() == ["Denmark", "Region Midtjylland", "Viborg"]
    assert named_areas(frame, "da") is frame  # nothing to change: the shared frame itself
    assert frame["area_name"].iat[0] == "Hele landet"  # never changed in place
    assert area_name("000", "Hele landet", "en") == "Denmark" and area_name("791", "Viborg", "en") == "Viborg"


# --- one period-label rule ------------------------------------------------------------------------------------


def test_one_rule_labels_every_period() -> None:
    assert period_label("2025K2", "da") == "2025 K2" and period_label("2025K2", "en") == "2025 Q2"
    assert period_label("2025Q2", "da") == "2025 K2"  # a quarter is a quarter however it is coded
    assert period_label("2025H1", "da") == "2025 H1" and period_label("2025H1", "en") == "2025 H1"
    assert period_label("2025", "en") == "2025" and period_label("2025M03", "en") == "2025-03"
    assert period_range("2015K1", "2025K2", "en") == "2015 Q1–2025 Q2"
    assert period_range("2025", "2025", "da") == "2025"


@pytest.mark.parametrize(("lang", "quarter"), [("da", "2025 K2"), ("en", "2025 Q2")])
def test_quarters_read_alike_in_axes_titles_tables_and_controls(app, lang: str, quarter: str) -> None:
    """Sammenlign on a quarterly indicator: the period picker, the chart's x axis and subtitles, the table under the
    chart and its exported CSV all say '2025 K2' (da) / '2025 Q2' (en)."""
    query = {"indicator": QUARTERLY, "period": "2025K2"} | ({"lang": lang} if lang != "da" else {})
    with app.server.test_request_context("/"):
        layout = cached_layout(compare.layout)(**query)
        picker = find(layout, lambda c: getattr(c, "id", None) == "compare-period")
        line = find(layout, lambda c: getattr(c, "id", None) == "compare-line").figure
        bars = find(layout, lambda c: getattr(c, "id", None) == "compare-ranking").figure
        table = find_table(layout, "compare-line-table")
    assert {"label": quarter, "value": "2025K2"} in picker.options
    assert quarter in line["layout"]["xaxis"]["categoryarray"]
    assert line["layout"]["title"]["subtitle"]["text"].endswith(f"–{quarter}")
    assert bars["layout"]["title"]["subtitle"]["text"].endswith(f" · {quarter}")
    assert table is not None and table.iloc[0, 0] == quarter


def test_key_figures_sentences_and_grid_label_quarters_by_the_rule(app) -> None:
    english = json.dumps(layout_json(app, profile.layout, code=VIBORG, lang="en"), ensure_ascii=False)
    assert "2025 Q2" in english and "Q2 2025" not in english and "2025K2" not in english
    danish = json.dumps(layout_json(app, region.layout, code="082"), ensure_ascii=False)
    assert "2025 K2" in danish or "2025\u00a0K2" in danish


# --- tables in the page's language ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("layout", "kwargs", "table_id"),
    [
        (compare.layout, {}, "compare-ranking-table"),
        (area_map.layout, {}, "map-figure-table"),
        (region.layout, {"code": "082"}, "region-ranking-table"),
    ],
)
def test_rankings_tables_have_headers_in_the_page_language(app, layout, kwargs: dict, table_id: str) -> None:
    with app.server.test_request_context("/"):
        danish = find_table(cached_layout(layout)(**kwargs), table_id)
        english = find_table(cached_layout(layout)(**kwargs, lang="en"), table_id)
    assert danish is not None and english is not None
    assert list(danish.columns) == ["Kommune", "Nr.", "Pr. 1.000 befolkning 0–22 år", "Kommunekode"]
    assert list(english.columns) == ["Municipality", "No.", "Per 1,000 population aged 0–22", "Municipality code"]
    assert danish["Nr."].iloc[0] == 1 and str(danish["Nr."].dtype) == "Int64"


def test_trend_tables_of_the_region_and_psychiatry_say_periode(app) -> None:
    with app.server.test_request_context("/"):
        layout = cached_layout(region.layout)(code="082", kommune=VIBORG)
        trend = find_table(layout, "region-trend-table")
        psychiatry = find_table(layout, "region-psychiatry-table")
    assert trend is not None and list(trend.columns)[:4] == ["Periode", "Viborg", "Region Midtjylland", "Hele landet"]
    assert psychiatry is not None and psychiatry.columns[0] == "Periode"
    assert trend.iloc[0, 0] > trend.iloc[-1, 0]  # newest first


def test_ranking_table_keeps_ranks_whole_and_the_missing_last() -> None:
    ranked = pd.DataFrame({"area_code": ["1", "2", "3"], "area_name": ["A", "B", "C"], "value": [1.26, None, 5.0]})
    table = ranking_table(ranked, "personer", "da", 1)
    assert table["Kommune"].tolist() == ["C", "A", "B"] and table["Personer"].tolist()[:2] == [5.0, 1.3]
    assert table["Nr."].tolist()[:2] == [1, 2] and pd.isna(table["Nr."].iat[2])
    grid = data_grid("g", table, decimals=1)
    formats = {c["field"]: c.get("valueFormatter", {}).get("function", "") for c in grid.columnDefs}
    assert "maximumFractionDigits: 0" in formats["Nr."] and "minimumFractionDigits: 1" in formats["Personer"]


# --- AG Grid in Danish --------------------------------------------------------------------------------------------


def test_grids_on_danish_pages_get_danish_words_and_english_ones_ag_grids_own() -> None:
    table = pd.DataFrame({"Periode": ["2025 K2"], "Viborg": [1.5]})
    assert data_grid("g", table, lang="da").dashGridOptions["localeText"] is GRID_LOCALE_DA
    assert "localeText" not in data_grid("g", table, lang="en").dashGridOptions
    columns = [AreaColumn("area_082", "Region Midtjylland", pinned=True)]
    danish = area_grid("a", [{"indicator": "x", "area_082": 1.0}], "Indikator", columns, "da", 300)
    english = area_grid("a", [{"indicator": "x", "area_082": 1.0}], "Indicator", columns, "en", 300)
    assert danish.children[0].dashGridOptions["localeText"] is GRID_LOCALE_DA
    assert "localeText" not in english.children[0].dashGridOptions
    assert grid_locale_text("en") is None


def test_the_danish_grid_table_covers_the_filters_menus_and_overlays() -> None:
    for key in ("contains", "equals", "filterOoo", "applyFilter", "noRowsToShow", "loadingOoo", "sortAscending"):
        assert key in GRID_LOCALE_DA
    assert GRID_LOCALE_DA["contains"] == "Indeholder" and GRID_LOCALE_DA["noRowsToShow"] == "Ingen rækker at vise"
    english_words = {"Contains", "Equals", "Filter...", "Apply", "No Rows To Show", "Loading...", "Page Size"}
    assert not english_words & set(GRID_LOCALE_DA.values())


def test_the_about_pages_grid_is_danish_on_danish_pages(app) -> None:
    text = json.dumps(layout_json(app, about.layout), ensure_ascii=False)
    assert '"localeText"' in text and '"Indeholder"' in text
    assert '"localeText"' not in json.dumps(layout_json(app, about.layout, lang="en"), ensure_ascii=False)


# --- own comparison municipalities on their own -------------------------------------------------------------------


def test_picking_own_peers_switches_to_the_own_choice_and_clearing_them_falls_back() -> None:
    assert choose_peers("region", ["740"], "own_peers") == (OWN_CHOICE, ("740",))
    assert choose_peers("size", ["740", "657"], "own_peers") == (OWN_CHOICE, ("740", "657"))
    assert choose_peers(OWN_CHOICE, [], "own_peers") == (DEFAULT_PEER_GROUP, ())  # cleared: back to the default
    assert choose_peers("size", [], "own_peers") == ("size", ())
    assert choose_peers("size", ["740"], "peers") == ("size", ())  # another group chosen: own peers dropped
    assert choose_peers(OWN_CHOICE, [], "peers") == (OWN_CHOICE, ())  # "Eget valg" first, the municipalities next
    assert choose_peers("region", ["740"], None) == (OWN_CHOICE, ("740",))  # unit or base year changed: kept
    assert peer_group_of("region", ["740"]) == OWN_CHOICE and peer_group_of("size", []) == "size"


def test_a_view_with_own_peers_is_an_address_and_compares_with_them() -> None:
    state = parse_state({"areas": "740,657"}, set(), {"740", "657", "791"})
    assert state.peers == "region" and state.peer_group == OWN_CHOICE and state.areas == ("740", "657")
    assert ViewState(peers=OWN_CHOICE, areas=("740",)).query() == "?peers=custom&areas=740"
    assert ViewState(peers="size").peer_group == "size"


def test_the_profile_shows_own_peers_as_eget_valg_and_draws_them(app) -> None:
    """`/kommune/791?areas=740,657` (no `peers=`): the peer control says "Eget valg", the table under each chart has
    Silkeborg and Herning, and the key figures' peers are those two."""
    with app.server.test_request_context("/"):
        layout = cached_layout(profile.layout)(code=VIBORG, areas=f"{SILKEBORG},{HERNING}")
        control = find(layout, lambda c: getattr(c, "id", None) == "profile-peers")
        table = find_table(layout, "profile-children_placed-table")
    assert control.value == OWN_CHOICE
    assert table is not None and {"Silkeborg", "Herning"} <= set(table.columns)


def test_the_profile_callback_writes_own_peers_with_the_own_choice(monkeypatch) -> None:
    monkeypatch.setattr(profile, "_changed_peer_control", lambda: "own_peers")
    href = profile.update_url(VIBORG, "per_capita", "region", [SILKEBORG], None, "", f"/kommune/{VIBORG}")
    assert href == f"/kommune/{VIBORG}?measure=per_capita&peers=custom&areas={SILKEBORG}"
    cleared = profile.update_url(VIBORG, "per_capita", "custom", [], None, "?peers=custom&areas=740", "/kommune/791")
    assert cleared == f"/kommune/{VIBORG}?measure=per_capita"
    monkeypatch.setattr(profile, "_changed_peer_control", lambda: "peers")
    other = profile.update_url(VIBORG, "per_capita", "size", [SILKEBORG], None, "?peers=custom&areas=740", "/x")
    assert other == f"/kommune/{VIBORG}?measure=per_capita&peers=size"


def test_embedded_views_in_each_language_are_cached_apart() -> None:
    """The shared render cache keys an embedded view by the page it shows (with its language) and the chart: the
    English embed of a chart was served the Danish render before."""
    page = f"/sammenlign?indicator={QUARTERLY}"
    danish = page_address(router_request("/embed/view", "?" + urlencode({"page": page, "chart": "compare-line"})))
    english = page_address(
        router_request("/embed/view", "?" + urlencode({"page": page + "&lang=en", "chart": "compare-line"}))
    )
    ranking = page_address(router_request("/embed/view", "?" + urlencode({"page": page, "chart": "compare-ranking"})))
    assert len({danish, english, ranking}) == 3
