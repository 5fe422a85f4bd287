"""create_app(): the Dash app with its pages registered explicitly. No data is read at import time.

A page's layout is a function of its URL (path and query string), so every view is a link and the back button
walks back through views: controls write the URL, the URL renders the page."""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import dash
import dash._callback as dash_callbacks
from cachetools import LRUCache
from dash import Dash, html
from flask import Flask, request

from dashboard import pages
from dashboard.core import settings
from dashboard.core.site import navigation
from dashboard.core.state import QUERY_KEYS, NotFound, echo, lang_of, single_values
from dashboard.core.texts import t
from dashboard.pages import embed_view
from dashboard.routes import deck, downloads, exports, health
from dashboard.ui import (
    layout_json,
    lazy_table,  # noqa: F401  (registers the lazy table's callback on import)
)
from dashboard.ui.components import NAVIGATION_CONFIG, NOT_FOUND_ID, not_found
from dashboard.warehouse import selectors as ctx
from dashboard.warehouse.queries import Warehouse
from dashboard.web import (
    cache_headers,
    compression,
    on_demand_scripts,
    page_head,
    plain_pages,
    render_cache,
    request_log,
    security,
)

# Every page from its own declaration (`PAGE` in its module): module, path or path template, name.
PAGES = tuple((module, module.PAGE.path, module.PAGE.name) for module in pages.MODULES)
NAVIGATION = navigation([module.PAGE for module in pages.MODULES])
# Dash's routes for pages (the app shell for any path); every other Flask rule is a route of its own (assets, Dash's
# endpoints, exports, downloads, decks, /health), so a new route needs no list of prefixes here.
_PAGE_ENDPOINTS = ("/", "/<path:path>")


RENDER_CACHE = "socialtal.render_cache"  # server.config key of the app's render_cache.RenderCache
# Component trees (a profile holds ~20 figures), for an export or embed of a view just drawn; repeated views are
# answered from the serialised renders in dashboard/web/render_cache.py, before a layout is asked for.
_LAYOUT_CACHE: LRUCache[tuple, html.Div] = LRUCache(maxsize=8)
_CACHE_LOCK = threading.Lock()


def cached_layout(layout: Callable[..., html.Div]) -> Callable[..., html.Div]:
    """A page layout is a pure function of its URL and the data: keep the last renders, keyed by the data
    version, so drawing a view again (its image export or embed right after it was shown) costs a lookup.
    A layout raises NotFound for an address naming something that does not exist: that is the friendly
    not-found page, repeating (shortened) what was wrong, for every page alike."""
    named = {p.name for p in inspect.signature(layout).parameters.values() if p.kind is not p.VAR_KEYWORD}

    @functools.wraps(layout)
    def render(**kwargs: object) -> html.Div:  # str, or a list of str for a repeated parameter
        # A repeated query parameter (?lang=en&lang=da) counts once, as the last; parameters no page reads
        # (?utm_source=…, ?x=<random>) are dropped, so they neither change the view nor force a fresh render.
        kwargs = {k: v for k, v in single_values(kwargs).items() if k in QUERY_KEYS or k in named}
        key = (
            ctx.current_warehouse().data_version(),
            layout.__module__,
            layout.__name__,
            tuple(sorted(kwargs.items())),
        )
        with _CACHE_LOCK:
            if key in _LAYOUT_CACHE:
                return _LAYOUT_CACHE[key]
        try:
            component = layout(**kwargs)  # outside the lock: renders of different pages run side by side
        except NotFound as exc:
            lang = lang_of(kwargs)
            component = not_found(lang, echo(exc.describe(lang), 160), ctx.is_demo(ctx.current_warehouse()))
        with _CACHE_LOCK:
            _LAYOUT_CACHE[key] = component
        return component

    return render


def _not_found_layout(**query: str) -> html.Div:
    lang = lang_of(query)
    return not_found(lang, t("this_page", lang), ctx.is_demo(ctx.current_warehouse()))


def _give_this_app_the_page_callbacks() -> None:
    """Put the callbacks the page and ui modules registered with `dash.callback` (at import) back where Dash
    looks for them. Dash moves them into the first app it sets up and leaves none for the next (dash.py
    `_setup_server` pops GLOBAL_CALLBACK_MAP and clears the list and inline scripts): a second app in one process
    (the tests and benchmarks build many) would answer "unknown output" to every page callback. A copy of each
    is kept from the first call on."""
    if not _PAGE_CALLBACKS:
        _PAGE_CALLBACKS.update(
            map=dict(dash_callbacks.GLOBAL_CALLBACK_MAP),
            list=list(dash_callbacks.GLOBAL_CALLBACK_LIST),
            scripts=list(dash_callbacks.GLOBAL_INLINE_SCRIPTS),
        )
    dash_callbacks.GLOBAL_CALLBACK_MAP.update(_PAGE_CALLBACKS["map"])
    dash_callbacks.GLOBAL_CALLBACK_LIST[:] = _PAGE_CALLBACKS["list"]
    dash_callbacks.GLOBAL_INLINE_SCRIPTS[:] = _PAGE_CALLBACKS["scripts"]


_PAGE_CALLBACKS: dict[str, Any] = {}


def create_app(
    db_path: Path, render_cache_dir: Path | None = None, start_warming: Callable[[], None] | None = None
) -> Dash:
    """The dashboard on the warehouse at `db_path`. With `render_cache_dir`, page renders are shared with every
    process using that directory; `start_warming` is called once per new data version among them
    (dashboard/web/render_cache.py). Tests leave both off; production_app() sets both."""
    _give_this_app_the_page_callbacks()
    warehouse = Warehouse(db_path)
    # Bootstrap's CSS is served from assets/vendor/ (MIT, 5.3.9), not a CDN: the dashboard works offline,
    # on a laptop in a meeting room.
    server = Flask(__name__)
    server.config["SOCIALTAL_WAREHOUSE"] = warehouse
    server.before_request(warehouse.hold)  # one warehouse per request (Warehouse.hold)
    server.teardown_request(lambda _error: warehouse.release())
    server.config[NAVIGATION_CONFIG] = NAVIGATION
    server.config[embed_view.RENDER_PAGE] = render_page
    server.config[page_head.PAGE_HEAD] = describe_page
    compression.configure(server)
    app = page_head.NamedPageDash(  # <html lang> and the page's own <title> in the first HTML
        __name__,
        server=server,  # a Flask instance, as Dash documents
        title=t("app_title"),
        update_title=None,  # no "Updating..." in the tab (and read aloud) while a view is drawn
        use_pages=True,
        pages_folder="",
        suppress_callback_exceptions=True,
        serve_locally=True,
        assets_ignore=on_demand_scripts.PLOTLY_BUNDLES,  # fetched by the first chart, not by every page
        assets_path_ignore=[plain_pages.ASSETS_FOLDER],  # the embeds' own files, for their plain pages only
        compress=True,
    )
    compression.register_callback_compression(server)  # right after Dash(): see its docstring
    security.register(app)  # headers, callback checks, error pages: before the app's own request hooks
    for module, path, name in PAGES:
        template = {"path_template": path} if "<" in path else {"path": path}
        dash.register_page(
            f"socialtal.{name}",
            name=name,
            layout=layout_json.sent_as_json(cached_layout(pages.first_sight_of(module))),
            title=page_head.router_title,  # the page's own title, also after a change without a reload
            **template,
        )
    dash.register_page(
        "not_found_404", layout=layout_json.sent_as_json(_not_found_layout), title=page_head.router_title
    )
    app.layout = html.Div(dash.page_container, className="container-fluid px-3 px-lg-4")

    @app.server.before_request
    def answer_unknown_pages_with_404() -> tuple[str, int] | None:
        """The app shell is the same HTML for every path; give unknown pages and parameters a real 404 status
        (the page itself renders the friendly not-found content)."""
        path = request.path
        rule = request.url_rule
        if request.method != "GET" or rule is None or rule.endpoint not in _PAGE_ENDPOINTS:
            return None
        with app.server.app_context():
            if _page_exists(path, dict(parse_qsl(request.query_string.decode("utf-8", "replace")))):
                return None
        return app.index(), 404

    cache = render_cache.RenderCache(render_cache_dir)
    server.config[RENDER_CACHE] = cache
    render_cache.register(server, warehouse, cache, start_warming)
    plain = [module.PAGE.path for module in pages.MODULES if module.PAGE.plain_html]
    plain_pages.register(app, plain, render_page, describe_page, cache, warehouse)  # the embeds, without Dash

    exports.register(server, render_page)
    downloads.register(server)
    deck.register(server)

    cache_headers.register(server)  # fingerprinted bundles and assets: a year, immutable
    health.register(server)  # /health (readiness, JSON) and /healthz (liveness)
    request_log.register(server)  # last: it wraps everything above, one JSON line per request

    _set_up_before_serving(app)
    return app


def _set_up_before_serving(app: Dash) -> None:
    """Run Dash's first-request set-up now, in one thread, before any request can arrive. Dash does it in a
    before_request hook that marks itself done before it has filled its list of servable scripts and added the
    page router's callback (plotly/dash#3971): under gunicorn's threads, the requests for React and PropTypes
    that a fresh worker receives while its first request is still in that hook get 404s, and the page stays
    blank. Done here, in gunicorn's master (preload), every worker starts ready."""
    with app.server.test_request_context("/_dash-layout"):
        app.server.preprocess_request()


def production_app(db_path: Path) -> Dash:
    """The app as gunicorn serves it (`dashboard`, dashboard/wsgi.py): renders shared between the workers through
    the directory render_cache.default_cache_dir names, warmed in the background after each new data version
    unless SOCIALTAL_WARM=0."""
    warm = settings.WARM.read().strip() != "0"
    return create_app(
        db_path,
        render_cache_dir=render_cache.default_cache_dir(db_path),
        start_warming=render_cache.spawn_warming(db_path) if warm else None,
    )


def _page_exists(path: str, query: dict[str, str]) -> bool:
    """Whether an address names a page, for the status of its HTML shell. A page's `resolve` checks the
    address without drawing anything: the figures are drawn by the router callback that follows, which may
    well land in another worker, so drawing them here too would double the cost of opening a page."""
    match = _match(path, query)
    if match is None:
        return False
    module, kwargs = match
    resolve = getattr(module, "resolve", None)
    if resolve is None:
        return _found(cached_layout(module.layout)(**kwargs)) is not None
    try:
        resolve(**single_values(kwargs))
    except NotFound:
        return False
    return True


def describe_page(path: str, query: Mapping[str, str]) -> page_head.PageHead:
    """The language and title of the page an address names: "Viborg – Socialtal", "Region Midtjylland –
    Socialtal", "Kort – Socialtal"; an embed is named by its area and indicator ("Viborg: …"), an embedded view by
    the page it shows; an address that names nothing by the not-found page."""
    lang = lang_of(query)
    match = _match(path, dict(query))
    if match is None or not _page_exists(path, dict(query)):
        return page_head.PageHead(lang, t("page_title", lang, page=t("not_found_title", lang)))
    module, kwargs = match
    if module is embed_view:
        shown = urlsplit(str(kwargs.get("page", "")))
        return describe_page(shown.path, dict(parse_qsl(shown.query)))
    warehouse = ctx.current_warehouse()
    names = ctx.area_names(warehouse)
    area, indicator, nav_key = kwargs.get("code"), kwargs.get("indicator_id"), module.PAGE.nav_key
    if isinstance(area, str) and area in names:
        name = names[area]
        if isinstance(indicator, str):  # an embedded chart
            name += f": {ctx.indicator_title(ctx.one_row(ctx.catalogue(warehouse), indicator), lang)}"
    else:
        name = t(nav_key, lang) if nav_key else t("app_title", lang)
    return page_head.PageHead(lang, t("page_title", lang, page=name), draws_charts=module.PAGE.draws_charts)


def render_page(path: str, query: dict[str, str]) -> html.Div | None:
    """The layout for a path and query, or None for the not-found page (layouts are cached by data version,
    so image export of a view just drawn costs little)."""
    match = _match(path, query)
    return None if match is None else _found(cached_layout(match[0].layout)(**match[1]))


def _match(path: str, query: dict[str, str]) -> tuple[ModuleType, dict[str, str]] | None:
    """The page module a path belongs to and the keyword arguments of its layout."""
    for module, route, _ in PAGES:
        if "<" in route:
            variables = _path_variables(route, path)
            if variables is not None:
                return module, {**variables, **query}  # as Dash's router does: the query overrides path values
        elif path.rstrip("/") == route.rstrip("/") or (route == "/" and path == "/"):
            return module, dict(query)
    return None


def _path_variables(route: str, path: str) -> dict[str, str] | None:
    """'/embed/kommune/<code>/<indicator_id>' and '/embed/kommune/751/x' → {'code': '751', 'indicator_id': 'x'};
    None when the path does not fit the template (one segment per variable)."""
    parts, segments = route.split("/"), path.split("/")
    if len(parts) != len(segments):
        return None
    variables = {}
    for part, segment in zip(parts, segments, strict=True):
        if part.startswith("<") and part.endswith(">"):
            if not segment:
                return None
            variables[part[1:-1]] = segment
        elif part != segment:
            return None
    return variables


def _found(component: html.Div) -> html.Div | None:
    return None if getattr(component, "id", None) == NOT_FOUND_ID else component
