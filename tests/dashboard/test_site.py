"""Each page declares itself once (`PAGE` in its module, dashboard/core/site.py): the app's registration, its
navigation, its 404 check and the render-cache warming all come from those declarations."""

from __future__ import annotations

from pathlib import Path

from dashboard import app as app_module
from dashboard import pages
from dashboard.core.site import Page
from dashboard.warehouse.queries import Warehouse
from dashboard.web.render_cache import default_addresses

PAGES_DIR = Path(pages.__file__).parent


def test_every_page_module_is_registered_by_its_declaration() -> None:
    modules = {p.stem for p in PAGES_DIR.glob("*.py") if p.stem != "__init__"}
    assert {m.__name__.rsplit(".", 1)[1] for m in pages.MODULES} == modules
    declared = [m.PAGE for m in pages.MODULES]
    assert all(isinstance(page, Page) for page in declared)
    assert len({p.name for p in declared}) == len({p.path for p in declared}) == len(declared)
    assert [(path, name) for _, path, name in app_module.PAGES] == [(p.path, p.name) for p in declared]


def test_the_navigation_is_derived_in_declared_order_and_every_link_is_a_page(client) -> None:
    hrefs = [item.href for item in app_module.NAVIGATION]
    assert hrefs == ["/", "/sammenlign", "/kort", "/region/084", "/om-data"]
    for href in hrefs:
        assert client.get(href).status_code == 200, href


def test_warming_draws_what_the_pages_declare(demo_db: Path) -> None:
    addresses = default_addresses(Warehouse(demo_db))
    assert addresses[0] == "/"
    assert sum(a.startswith("/kommune/") for a in addresses) == 98
    assert sum(a.startswith("/region/") for a in addresses) == 5
    assert not any(a.startswith("/embed") for a in addresses)  # templates declare no default views
    assert len(addresses) == len(set(addresses))


def test_any_route_of_its_own_is_not_taken_for_a_page(demo_db: Path) -> None:
    """The 404 check tells pages from other routes by the Flask rule that matched, not by a list of prefixes: a
    route added later is answered by itself, and an unknown address is a 404 wherever it points."""
    app = app_module.create_app(demo_db)
    app.server.add_url_rule("/brand-new/<name>.txt", "brand_new", lambda name: f"hello {name}")
    client = app.server.test_client()
    assert client.get("/brand-new/x.txt").status_code == 200
    assert client.get("/brand-new/").status_code == 404  # no rule of its own matches: the page not found
    assert client.get("/export/nothing-here").status_code == 404
    assert client.get("/assets/embed_height.js").status_code == 200
    assert client.get("/health").status_code == 200
    assert client.get("/kommune/101").status_code == 200
    assert client.get("/kommune/999").status_code == 404
