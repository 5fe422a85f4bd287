"""The HTML shell names its page: `<html lang>` in the page's language and a `<title>` of its own ("Viborg –
Socialtal", "Kort – Socialtal"), right in the first HTML and kept right when the single-page app draws another page
without a reload (Dash's router sets document.title from each page's title callable; assets/page_shell.js copies
the drawn page's language to <html>).

What a page is called is the app's to say (it knows the pages, dashboard/app.py): it hands a function of the path
and query to the server config under PAGE_HEAD."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import parse_qsl

import dash
from dash import Dash
from dash.exceptions import MissingCallbackContextException
from flask import current_app, request

from dashboard.core.state import query_of
from dashboard.core.texts import t
from dashboard.web import on_demand_scripts

PAGE_HEAD = "socialtal.page_head"  # server.config key: (path, query) → PageHead
_ROUTER_PATH, _ROUTER_SEARCH = "_pages_location.pathname", "_pages_location.search"  # the page router's inputs


@dataclass(frozen=True)
class PageHead:
    lang: str  # "da" or "en"
    title: str  # the document's title, e.g. "Viborg – Socialtal"
    draws_charts: bool = False  # the page draws a chart: its first HTML has plotly.js fetched at once


PageHeadOf = Callable[[str, Mapping[str, str]], PageHead]


class NamedPageDash(Dash):
    """Dash whose first HTML carries the page's language and title: Dash writes the app's title into every shell,
    no lang at all (a screen reader then reads Danish with an English voice) and "Loading..." in English. Its
    scripts sit in a <div>, not a <footer>: a second footer would be a second "contentinfo" landmark beside the
    page's own (components.shell). plotly.js and AG Grid are left out of the shell and fetched when a page first
    needs them (dashboard/web/on_demand_scripts.py); a page that draws charts preloads plotly.js."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.index_string = self.index_string.replace("<footer>", "<div>").replace("</footer>", "</div>")

    def _plotly_url(self) -> str:
        bundle = on_demand_scripts.plotly_bundle()
        return on_demand_scripts.plotly_bundle_url(self.get_asset_url(f"{bundle.parent.name}/{bundle.name}"))

    def _generate_scripts_html(self) -> str:
        """Dash's scripts, without the libraries a page fetches only when it needs them (plotly.js, AG Grid)."""
        return on_demand_scripts.defer_libraries(super()._generate_scripts_html(), self._plotly_url())

    def interpolate_index(
        self,
        metas: str = "",
        title: str = "",
        css: str = "",
        config: str = "",
        scripts: str = "",
        app_entry: str = "",
        favicon: str = "",
        renderer: str = "",
    ) -> str:
        head = _head_of_request()
        if head.draws_charts:  # fetched beside Dash's own scripts, not after the page's first answer
            metas += f'<link rel="preload" as="script" href="{escape(self._plotly_url(), quote=True)}">'
        html: str = super().interpolate_index(
            metas=metas,
            title=escape(head.title),
            css=css,
            config=config,
            scripts=scripts,
            app_entry=app_entry.replace("Loading...", escape(t("loading", head.lang))),
            favicon=favicon,
            renderer=renderer,
        )
        return html.replace("<html>", f'<html lang="{escape(head.lang, quote=True)}">', 1)


def router_title(**_path_variables: str) -> str:
    """Dash's `title` callable for every page: Dash hands it the path's variables only, so the address comes from
    the page router's inputs (or, for the first HTML's meta tags, from the request)."""
    return _head_of_request().title


def _head_of_request() -> PageHead:
    head_of: PageHeadOf = current_app.config[PAGE_HEAD]
    try:
        inputs = dash.ctx.inputs
    except (MissingCallbackContextException, LookupError):  # the first HTML (no callback's context var is set)
        return head_of(request.path, dict(parse_qsl(request.query_string.decode("utf-8", "replace"))))
    return head_of(str(inputs.get(_ROUTER_PATH) or "/"), query_of(inputs.get(_ROUTER_SEARCH)))
