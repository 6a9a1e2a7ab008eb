"""Reads made on nearly every request, compiled to SQL once per thread and run with new values.

Building a queryset and compiling it (the ORM's `as_sql`) costs more Python than the database
takes to answer these one-row reads by primary or unique key: a third of a checklist submit's
time went on compiling its ten statements (decision 0025). A `PreparedRead` builds its queryset
once with marker values, compiles it, remembers which parameters the markers became, and then
runs the same SQL with each request's values, turning rows into instances the way Django's own
`ModelIterable` does (select_related objects and annotations included).

Only what can be proved equal to the ORM's answer is prepared: a queryset whose shape does not
depend on the values (no `in` lists, no values that change which joins are made), markers that
are whole parameters (ints, strings, dates), and the tests compare every prepared read with the
queryset it came from (tests/test_prepared.py), so a Django upgrade that changes the internals
used here fails there first.
"""

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Generic, TypeVar

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators

M = TypeVar("M", bound=Model)

# Values no real row or request uses, so that each is found among the compiled parameters.
MARKER_INT = 8_675_309_123
MARKER_DATE = date(1111, 11, 11)
MARKER_DATETIME = datetime(1111, 11, 11, 11, 11, 11, tzinfo=UTC)


def marker_str(name: str) -> str:
    return f"\x1fprepared-{name}\x1f"


@dataclass
class _Compiled:
    sql: str
    params: list[Any]
    slots: dict[str, list[int]]  # marker name: the positions of its value among the parameters
    compiler: Any
    converters: Any  # the compiler's per-column converters (text to datetime on SQLite, say), worked out once
    model: type[Model] | None  # None for a values_list() queryset: rows, not instances
    init_list: list[str]
    model_slice: slice
    populators: list[Any]
    annotations: dict[str, int]


class PreparedRead(Generic[M]):
    """`build(**markers)` returns the queryset; `first(**values)` runs it with the values."""

    def __init__(self, build: Callable[..., QuerySet[M]], **markers: int | str | date | datetime) -> None:
        self._build = build
        self._markers = markers
        self._local = threading.local()

    def _adapt(self, connection, value: Any) -> Any:
        if isinstance(value, datetime):
            return connection.ops.adapt_datetimefield_value(value)
        if isinstance(value, date):
            return connection.ops.adapt_datefield_value(value)
        return value

    def _compile(self, using: str) -> _Compiled:
        connection = connections[using]
        queryset = self._build(**self._markers)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        params = list(params)
        slots: dict[str, list[int]] = {}
        for name, marker in self._markers.items():
            adapted = self._adapt(connection, marker)
            slots[name] = [i for i, param in enumerate(params) if type(param) is type(adapted) and param == adapted]
            if not slots[name]:
                raise ValueError(f"marker {name!r} is not one of the compiled query's parameters")
        klass_info = compiler.klass_info
        columns = [column[0] for column in compiler.select[0 : compiler.col_count]]
        if compiler.has_composite_fields(columns):
            raise ValueError("composite primary keys are not prepared: use the queryset")
        converters = compiler.get_converters(columns)
        if queryset._iterable_class is not ModelIterable:  # values_list(): the converted rows are the answer
            return _Compiled(sql, params, slots, compiler, converters, None, [], slice(0), [], {})
        select_fields = klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        return _Compiled(
            sql=sql,
            params=params,
            slots=slots,
            compiler=compiler,
            converters=converters,
            model=klass_info["model"],
            init_list=[column[0].target.attname for column in compiler.select[start:end]],
            model_slice=slice(start, end),
            populators=get_related_populators(klass_info, compiler.select, using),
            annotations=dict(compiler.annotation_col_map or {}),
        )

    def _compiled(self, using: str) -> _Compiled:
        compiled = getattr(self._local, using, None)
        if compiled is None:
            compiled = self._compile(using)
            setattr(self._local, using, compiled)
        return compiled

    def _rows(self, using: str, values: dict[str, Any]) -> tuple[_Compiled, Iterator[Any]]:
        if values.keys() != self._markers.keys():
            raise TypeError(f"expected values for {sorted(self._markers)}, got {sorted(values)}")
        compiled = self._compiled(using)
        connection = connections[using]
        params = list(compiled.params)
        for name, positions in compiled.slots.items():
            adapted = self._adapt(connection, values[name])
            for position in positions:
                params[position] = adapted
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            return compiled, compiled.compiler.apply_converters(rows, compiled.converters)
        return compiled, iter(rows)

    def iterate(self, using: str = "default", **values: Any) -> Iterator[M]:
        compiled, rows = self._rows(using, values)
        if compiled.model is None:
            raise TypeError("a values_list() read gives rows: use first_row()")
        for row in rows:
            obj = compiled.model.from_db(using, compiled.init_list, row[compiled.model_slice])
            for populator in compiled.populators:
                populator.populate(row, obj)
            for attribute, position in compiled.annotations.items():
                setattr(obj, attribute, row[position])
            yield obj  # type: ignore[misc]

    def first(self, using: str = "default", **values: Any) -> M | None:
        return next(self.iterate(using, **values), None)

    def first_row(self, using: str = "default", **values: Any) -> tuple[Any, ...] | None:
        """The first row of a values_list() read, its values converted as the ORM converts them."""
        compiled, rows = self._rows(using, values)
        if compiled.model is not None:
            raise TypeError("a model read gives instances: use first()")
        row = next(iter(rows), None)
        return None if row is None else tuple(row)
