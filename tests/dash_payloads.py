"""The JSON the Dash renderer POSTs to /_dash-update-component, for tests that drive callbacks over HTTP."""

from __future__ import annotations

ROUTER_OUTPUT = ".._pages_content.children..._pages_store.data.."


def router_payload(pathname: str, search: str = "") -> dict:
    """The page router's request: render the page at `pathname` + `search` ("?a=b" or "")."""
    return {"output": ROUTER_OUTPUT,
            "outputs": [{"id": "_pages_content", "property": "children"},
                        {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": pathname},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname", "_pages_location.search"], "state": []}
