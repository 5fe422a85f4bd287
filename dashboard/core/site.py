"""How a page declares itself, once, in its own module (`PAGE = Page(...)`): its route, its place in the
navigation and the views of it to draw ahead of the first visitor. The app derives page registration, the
navigation, the 404 check and the render-cache warming from these declarations (dashboard/app.py,
dashboard/web/render_cache.py); nothing else lists pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class AreaCodes:
    """The areas a page's default views are drawn for."""

    municipalities: tuple[str, ...]
    regions: tuple[str, ...]


def _the_page_itself(path: str) -> Callable[[AreaCodes], list[str]]:
    return lambda _areas: [] if "<" in path else [path]


@dataclass(frozen=True)
class Page:
    name: str  # Dash's page name (stable: it keys registration and tests)
    path: str  # a path, or a template with <variables> ('/kommune/<code>')
    order: int  # its place: in the navigation (left to right), in route matching and in warming
    nav_key: str | None = None  # the texts.py key of its navigation label; None: not in the navigation
    nav_href: str | None = None  # where its navigation link leads, when the path is a template
    warm: Callable[[AreaCodes], list[str]] | None = field(default=None)  # default: the path, if not a template
    draws_charts: bool = True  # False: its first HTML does not fetch plotly.js ahead (dashboard/web/page_head.py)
    # True: served as a plain HTML document written on the server, without Dash's renderer (the embeds:
    # dashboard/web/plain_pages.py); Dash still draws its not-found page
    plain_html: bool = False

    def default_views(self, areas: AreaCodes) -> list[str]:
        """The addresses of this page drawn into the render cache after each new warehouse."""
        return (self.warm or _the_page_itself(self.path))(areas)


@dataclass(frozen=True)
class NavItem:
    href: str
    label_key: str


def navigation(pages: list[Page]) -> tuple[NavItem, ...]:
    """The navigation bar's links, in their declared order."""
    listed = sorted((p for p in pages if p.nav_key), key=lambda p: p.order)
    return tuple(NavItem(p.nav_href or p.path, p.nav_key or "") for p in listed)
