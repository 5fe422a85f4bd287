"""Dash components made without Dash's per-instance set-up, for the parts of a page drawn for every view.

A Dash component's generated `__init__` builds its lists of prop names afresh for every instance and checks every
keyword through a wrapper: ~13 µs a component, against ~2 µs here. A cold profile's first sight has ~180
components. `element` gives the same object (the class, its attributes, its JSON): it copies the per-class lists
from one instance made the Dash way, and still refuses a prop the class does not have or a missing required one.
What it does not repeat are Dash's checks of values (an id's type; a component given to a prop other than
children): the tests compare every component of whole pages with the one Dash makes of the same props."""

from __future__ import annotations

import re
from typing import TypeVar

from dash.development.base_component import Component

C = TypeVar("C", bound=Component)

# what a generated Dash class raises when a required prop is not given (dash/development/_py_components_generation)
_REQUIRED_MESSAGE = re.compile(r"Required argument `(\w+)` was not specified\.")


class _Template:
    """What every instance of a class shares: the attributes it has when given nothing, its prop names and
    wildcard prefixes, and the props it requires."""

    __slots__ = ("attributes", "names", "required", "wildcards")

    def __init__(self, kind: type[Component]) -> None:
        required: list[str] = []
        while True:  # the generated __init__ names one missing required prop at a time
            try:
                model = kind(**dict.fromkeys(required, "x"))
                break
            except TypeError as exc:
                missing = _REQUIRED_MESSAGE.fullmatch(str(exc))
                if missing is None or missing[1] in required:
                    raise
                required.append(missing[1])
        self.names, self.wildcards = props_of(model)
        # what the class sets when given nothing but its required props (html components: children=None too)
        self.attributes = {k: v for k, v in vars(model).items() if k not in required}
        self.required = frozenset(required)

    def is_prop(self, name: str) -> bool:
        return name in self.names or name.startswith(self.wildcards)


_PROPS_OF: dict[type, tuple[frozenset[str], tuple[str, ...]]] = {}
_TEMPLATES: dict[type, _Template] = {}


def props_of(component: Component) -> tuple[frozenset[str], tuple[str, ...]]:
    """The prop names and the wildcard prefixes (`data-`, `aria-`) of `component`'s class. Dash keeps them on every
    instance, built afresh; they are the same for all instances of a class, so they are read once per class."""
    kind = type(component)
    known = _PROPS_OF.get(kind)
    if known is None:
        known = _PROPS_OF.setdefault(
            kind, (frozenset(component._prop_names), tuple(component._valid_wildcard_attributes))
        )
    return known


def element(kind: type[C], children: object = None, **props: object) -> C:
    """`kind(children, **props)` (e.g. `element(html.Td, "12,3", className="kf-own")`): the same component, made
    faster. TypeError for a prop `kind` does not take or a required one missing, as Dash raises."""
    template = _TEMPLATES.get(kind)
    if template is None:
        template = _TEMPLATES.setdefault(kind, _Template(kind))
    made = object.__new__(kind)
    state = made.__dict__
    state.update(template.attributes)  # the class's prop lists, shared: Dash never changes them after __init__
    if children is not None:
        state["children"] = children
    for name, value in props.items():
        if not template.is_prop(name):
            raise TypeError(f"{kind.__name__} takes no prop {name!r}")
        state[name] = value
    if template.required and not template.required <= props.keys():
        raise TypeError(f"{kind.__name__} needs the props {sorted(template.required - props.keys())}")
    return made
