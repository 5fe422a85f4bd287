"""One module per route; each declares itself once as `PAGE` (dashboard/core/site.py) and is found here by
itself: MODULES is every page module of this package, in the order the pages declare."""

import importlib
import pkgutil
from types import ModuleType


def _discover() -> tuple[ModuleType, ...]:
    found = [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)]
    return tuple(sorted(found, key=lambda module: module.PAGE.order))


MODULES = _discover()
