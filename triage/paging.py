from collections.abc import Callable, Mapping

from django.core.paginator import Page, Paginator


def page_of(queryset, number, size: int) -> Page:
    """A page of a list; a page number out of range or not a number gives the nearest real page."""
    return Paginator(queryset, size).get_page(number)


def page_by_ids(queryset, number, size: int, load: Callable[[list], Mapping]) -> Page:
    """A page of a long list: the page's ids first, off the filtered and sorted queryset, then
    `load(ids)` reads just those rows with whatever they join, by primary key, as {id: row}.

    The database then sorts (or, with an index, skips) ids rather than whole joined rows: a deep
    page's OFFSET passes over index entries only. Two queries beside the count, whatever the page.
    """
    page = page_of(queryset, number, size)
    start = (page.number - 1) * size
    ids = list(queryset.values_list("pk", flat=True)[start : start + size])
    rows = load(ids) if ids else {}
    page.object_list = [rows[pk] for pk in ids if pk in rows]  # one deleted in between is left out
    return page
