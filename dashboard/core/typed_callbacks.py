"""A callback's arguments checked against its type hints before it runs (`typed_arguments`): a forged
callback request cannot reach page code with a list where a code belongs. Used by the callbacks in ui/ and
pages/, and by web/security.py, which answers BadCallbackInput with 400."""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable
from types import NoneType, UnionType
from typing import Any, TypeVar, cast


class BadCallbackInput(ValueError):
    """A callback got a value no control of ours sends (wrong type, unknown shape): answered with 400."""


F = TypeVar("F", bound=Callable[..., Any])


def typed_arguments(func: F) -> F:
    """Check a callback's arguments against its type hints (str, int, dict, list[str], X | None) before it
    runs: a value of another type is a BadCallbackInput (400), not an exception deep inside the callback."""
    hints = typing.get_type_hints(func)
    names = [name for name in func.__code__.co_varnames[: func.__code__.co_argcount]]

    @functools.wraps(func)
    def checked(*args: object) -> Any:
        for name, value in zip(names, args, strict=False):
            if name in hints and not fits(value, hints[name]):
                raise BadCallbackInput(f"{name} must be {hints[name]}")
        return func(*args)

    return cast(F, checked)


def fits(value: object, hint: Any) -> bool:
    """Whether a JSON value fits a simple type hint."""
    if hint is Any or hint is object:
        return True
    origin = typing.get_origin(hint)
    if origin in (UnionType, typing.Union):
        return any(fits(value, arm) for arm in typing.get_args(hint))
    if hint is None or hint is NoneType:
        return value is None
    if origin is list:
        (item,) = typing.get_args(hint) or (Any,)
        return isinstance(value, list) and all(fits(v, item) for v in value)
    if origin is dict or hint is dict:
        return isinstance(value, dict)
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(hint, type) and isinstance(value, hint)
