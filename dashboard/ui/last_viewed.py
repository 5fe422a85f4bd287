"""The navigation's Region link opens the region of the municipality the reader viewed last. A municipality's page
carries `viewed_municipality` (its code and its region's); a clientside callback keeps that in the browser's
localStorage (`last_municipality_store`, in every page's shell), and another rewrites the Region link from it:
`/region/082?kommune=791`, keeping the page's language. Nothing is sent to the server and the rendered pages stay
the same for everyone (they are cached); with nothing stored the link keeps its declared default."""

from __future__ import annotations

from dash import Input, Output, State, clientside_callback, dcc

from dashboard.ui.elements import element

LAST_MUNICIPALITY_ID = "last-municipality"  # localStorage: {"kommune": "791", "region": "082"}
VIEWED_MUNICIPALITY_ID = "viewed-municipality"  # on a municipality's page: the same, for that municipality
REGION_NAV_KEY = "nav_region"  # the texts.py key the region page declares for its navigation label


def nav_link_id(label_key: str) -> str:
    """The id of a navigation link: 'nav_region' → 'nav-region'."""
    return label_key.replace("_", "-")


def last_municipality_store() -> dcc.Store:
    """What the browser remembers between pages and visits (the shell of every page has one)."""
    return element(dcc.Store, id=LAST_MUNICIPALITY_ID, storage_type="local")


def viewed_municipality(code: str, region_code: str) -> dcc.Store:
    """On a municipality's page: this is the one to remember."""
    return element(dcc.Store, id=VIEWED_MUNICIPALITY_ID, data={"kommune": code, "region": region_code})


_CODE = "/^[0-9]{3}$/"

clientside_callback(
    f"""function (viewed) {{
        if (!viewed || !{_CODE}.test(viewed.kommune) || !{_CODE}.test(viewed.region)) {{
            return window.dash_clientside.no_update;
        }}
        return {{kommune: viewed.kommune, region: viewed.region}};
    }}""",
    Output(LAST_MUNICIPALITY_ID, "data"),
    Input(VIEWED_MUNICIPALITY_ID, "data"),
)

clientside_callback(
    f"""function (last, href) {{
        if (!last || !href || !{_CODE}.test(last.kommune) || !{_CODE}.test(last.region)) {{
            return window.dash_clientside.no_update;
        }}
        var url = new URL(href, window.location.origin);
        var query = new URLSearchParams();
        query.set("kommune", last.kommune);
        var lang = url.searchParams.get("lang");
        if (lang) {{ query.set("lang", lang); }}
        var next = url.pathname.replace(/[^\\/]+$/, last.region) + "?" + query.toString();
        return next === href ? window.dash_clientside.no_update : next;
    }}""",
    Output(nav_link_id(REGION_NAV_KEY), "href"),
    Input(LAST_MUNICIPALITY_ID, "data"),
    State(nav_link_id(REGION_NAV_KEY), "href"),
)
