"""Charts in other sites: the <iframe> code the profile hands out (`iframe_code`), the button that shows it
(`embed_button`). The framing headers (any site may frame an /embed/ page, no site any other page) are set in
dashboard/web/security.py."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import MATCH, Input, Output, State, clientside_callback, dcc, html

from dashboard.core.texts import t
from dashboard.ui.elements import element

EMBED_PREFIX = "/embed/"
DEFAULT_HEIGHT_PX = 520
HEIGHT_MESSAGE = "socialtal:height"  # posted by assets/embed_height.js
MAX_HEIGHT_PX = 5000

# Fits the <iframe> just before it to the height its page posts; only messages from that very frame count.
_RESIZE_SCRIPT = (
    "<script>(function(s){var f=s&&s.previousElementSibling;if(!f||f.tagName!=='IFRAME')return;"
    "addEventListener('message',function(e){var d=e.data;if(e.source===f.contentWindow&&d&&"
    f"d.type==='{HEIGHT_MESSAGE}'&&typeof d.height==='number'&&d.height>0)"
    f"f.style.height=Math.min(Math.ceil(d.height),{MAX_HEIGHT_PX})+'px';}});}})(document.currentScript);</script>"
)


def iframe_code(base_url: str, path: str, query: str, title: str, height_px: int = DEFAULT_HEIGHT_PX) -> str:
    """The snippet to paste into another site: the <iframe> (fixed height without scripts) and a tiny script
    that fits it to the height the chart posts. `base_url` '' gives a site-relative src."""
    query = query.lstrip("?")
    src = base_url.rstrip("/") + "/" + path.lstrip("/") + (f"?{query}" if query else "")
    return (
        f'<iframe src="{escape(src, quote=True)}" title="{escape(title, quote=True)}" width="100%" '
        f'height="{int(height_px)}" style="border:0" loading="lazy"></iframe>\n{_RESIZE_SCRIPT}'
    )


def embed_path(code: str, indicator_id: str) -> str:
    return f"{EMBED_PREFIX}kommune/{code}/{indicator_id}"


def embed_button(code: str, indicator_id: str, query: str, title: str, lang: str) -> html.Div:
    """'Embed the chart' for a municipality chart (/embed/kommune/<code>/<indicator>)."""
    return embed_code_button(embed_path(code, indicator_id), query, title, lang, index=f"{code}-{indicator_id}")


def embed_view_button(page_url: str, chart_id: str, title: str, lang: str) -> html.Div:
    """'Embed the chart' for any chart on any page (/embed/view?page=…&chart=…)."""
    return embed_code_button(
        f"{EMBED_PREFIX}view", urlencode({"page": page_url, "chart": chart_id}), title, lang, index=chart_id
    )


def embed_code_button(path: str, query: str, title: str, lang: str, index: str) -> html.Div:
    """A button that opens the <iframe> code for this chart in this view. Pages are cached and served behind
    proxies, so the server writes a site-relative src; opening the panel puts the browser's origin in front
    (clientside callback below), in the text and in what the copy button copies."""
    query = query.lstrip("?")  # made with ui.elements: one per chart card, ~23 in a profile's topics
    return element(
        html.Div,
        [
            element(
                dbc.Button,
                t("embed_button", lang),
                id={"type": "embed-toggle", "index": index},
                color="link",
                size="sm",
                className="p-0 small",
                n_clicks=0,
            ),
            element(
                dbc.Collapse,
                [
                    element(
                        html.Div,
                        [
                            element(
                                html.Label,
                                [  # the label wraps the text area: its accessible name without a DOM id
                                    element(html.Span, t("embed_code_label", lang), className="d-block small mt-1"),
                                    element(
                                        dcc.Textarea,
                                        id={"type": "embed-code", "index": index},
                                        value=iframe_code("", path, query, title),
                                        readOnly=True,
                                        rows=4,
                                        spellCheck=False,
                                        className="form-control form-control-sm font-monospace small",
                                    ),
                                ],
                                className="flex-grow-1 mb-0",
                            ),
                            element(
                                dcc.Clipboard,
                                id={"type": "embed-copy", "index": index},
                                title=t("embed_copy", lang),
                                className="btn btn-sm btn-outline-secondary ms-1 mt-4",
                            ),
                        ],
                        className="d-flex align-items-start",
                    ),
                    element(
                        html.P,
                        [
                            t("embed_note", lang),
                            " ",
                            element(
                                html.A,
                                t("embed_open", lang),
                                href=path + (f"?{query}" if query else ""),
                                target="_blank",
                                rel="noopener",
                            ),
                        ],
                        className="small text-muted mb-1",
                    ),
                ],
                id={"type": "embed-collapse", "index": index},
                is_open=False,
            ),
        ],
        className="mb-1",
    )


clientside_callback(
    """function (clicks, isOpen, code) {
        var absolute = (code || "").split('src="/embed/').join('src="' + window.location.origin + '/embed/');
        return [!isOpen, absolute, absolute];
    }""",
    Output({"type": "embed-collapse", "index": MATCH}, "is_open"),
    Output({"type": "embed-code", "index": MATCH}, "value"),
    Output({"type": "embed-copy", "index": MATCH}, "content"),
    Input({"type": "embed-toggle", "index": MATCH}, "n_clicks"),
    State({"type": "embed-collapse", "index": MATCH}, "is_open"),
    State({"type": "embed-code", "index": MATCH}, "value"),
    prevent_initial_call=True,
)
