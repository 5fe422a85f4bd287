"""Charts are plain data (dashboard.charts.theme.Figure), built without plotly's validation on every render. Tests
see them through plotly's schema instead: go.Figure(figure) raises ValueError on an unknown property or a bad
value, and gives the attribute access the assertions read (fig.layout.title.text)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go


def validated(figure: Any) -> go.Figure:
    """The figure checked against plotly's schema, as a go.Figure."""
    return figure if isinstance(figure, go.Figure) else go.Figure(figure)


def validating(builder: Callable[..., Any]) -> Callable[..., go.Figure]:
    """A chart builder whose every figure is checked against plotly's schema (see validated)."""

    @functools.wraps(builder)
    def build(*args: Any, **kwargs: Any) -> go.Figure:
        return validated(builder(*args, **kwargs))

    return build
