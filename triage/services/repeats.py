"""A write sent twice (a double tap, or two requests at once) is saved once."""

from typing import TypeGuard, TypeVar

from django.db.models import Model

_M = TypeVar("_M", bound=Model)


def is_repeat(latest: _M | None, **values: object) -> TypeGuard[_M]:
    """Whether `latest`, the newest record of its kind, already holds exactly these values: the
    caller, holding the row lock, then returns it instead of writing the same thing again."""
    return latest is not None and all(getattr(latest, name) == value for name, value in values.items())
