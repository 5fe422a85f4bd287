"""Controls write the view into the URL; the URL renders the page. Only a person's input may navigate: when
Dash fires a page's callbacks for freshly rendered controls (it reports every input as changed at once),
writing the URL would add a history entry that the back button can never leave. A person changes one
control at a time."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar, cast

import dash
from dash.exceptions import MissingCallbackContextException, PreventUpdate

from dashboard.core.typed_callbacks import typed_arguments

F = TypeVar("F", bound=Callable[..., str])


def on_user_input(href_for: F) -> F:
    """Navigate only on one changed input; arguments must fit the function's type hints (else 400, see
    core/typed_callbacks.py), so a forged callback request cannot reach the page code with a list for a code."""
    href_for = typed_arguments(href_for)

    @functools.wraps(href_for)
    def navigate(*args: object) -> str:
        try:
            changed = len(dash.ctx.triggered_prop_ids)
        except MissingCallbackContextException:  # called directly (tests): behave as the pure function
            changed = 1
        if changed != 1:
            raise PreventUpdate
        return href_for(*args)

    return cast(F, navigate)
