"""One module per route; each declares itself once as `PAGE` (dashboard/core/site.py) and is found here by
itself: MODULES is every page module of this package, in the order the pages declare.

A page module has `layout(**address)`, the whole page; a page with parts below the fold also has
`first_sight(**address)`, what the page router sends first (those parts as boxes drawn when they come near the
screen: dashboard/ui/deferred.py). `first_sight_of(module)` is the one the router sends."""

import importlib
import pkgutil
from collections.abc import Callable
from types import ModuleType
from typing import Any


def _discover() -> tuple[ModuleType, ...]:
    found = [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)]
    return tuple(sorted(found, key=lambda module: module.PAGE.order))


def first_sight_of(module: ModuleType) -> Callable[..., Any]:
    """What the page router draws for this page's addresses."""
    return getattr(module, "first_sight", module.layout)


MODULES = _discover()
