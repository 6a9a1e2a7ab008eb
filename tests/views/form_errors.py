"""Checks for the GOV.UK error pattern: every message in the error summary and beside its field."""

import re

from django.utils.html import escape


def assert_form_error(response, message: str) -> None:
    """The page re-renders (200) with `message` once in the error summary and once beside its field."""
    assert response.status_code == 200, f"expected the form again, got {response.status_code}"
    html = response.content.decode()
    text = escape(message)
    assert "There is a problem" in html
    assert html.count(text) == 2, f"{message!r} appears {html.count(text)} times, not twice"
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)
    assert summary and text in summary.group(1), f"{message!r} is not in the error summary"
    beside = rf'class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:</span>\s*{re.escape(text)}'
    assert re.search(beside, html), f"{message!r} is not shown beside its field"
