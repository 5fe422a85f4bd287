"""Dash components made without Dash's per-instance set-up, for the parts of a page drawn for every view.

A Dash component's generated `__init__` builds its lists of prop names afresh for every instance and checks every
keyword through a wrapper: ~13 µs a component, against ~2 µs here. The key-figures strip alone has ~120 of a
cold profile's ~180 components. `element` gives the same object (the class, its attributes, its JSON), copies the
per-class lists from one instance made the Dash way, and still refuses a prop the class does not have.

That instance is made as `kind()`, so `element` serves components without required props: every `html` one, which
is what it is used for. `props_of` is the same per-class knowledge for any component, read from an instance."""

from __future__ import annotations

from typing import Any, TypeVar

from dash.development.base_component import Component

C = TypeVar("C", bound=Component)

_PROPS_OF: dict[type, tuple[frozenset[str], tuple[str, ...]]] = {}
_TEMPLATES: dict[type, dict[str, Any]] = {}


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
    faster. TypeError for a prop `kind` does not take, as Dash raises."""
    attributes = _TEMPLATES.get(kind)
    if attributes is None:
        model = kind()
        props_of(model)
        attributes = _TEMPLATES.setdefault(kind, dict(vars(model)))
    names, wildcards = _PROPS_OF[kind]
    made = object.__new__(kind)
    state = made.__dict__
    state.update(attributes)  # the class's prop lists, shared: Dash never changes them after __init__
    if children is not None:
        state["children"] = children
    for name, value in props.items():
        if name not in names and not name.startswith(wildcards):
            raise TypeError(f"{kind.__name__} takes no prop {name!r}")
        state[name] = value
    return made
