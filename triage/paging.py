from django.core.paginator import Page, Paginator


def page_of(queryset, number, size: int) -> Page:
    """A page of a list; a page number out of range or not a number gives the nearest real page."""
    return Paginator(queryset, size).get_page(number)
