"""Markdown in GOV.UK classes: each tag gets its class on the element tree; raw HTML stays text. No database."""

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from triage.lib.govuk_markdown import GOVUK_CLASSES, render_govuk_markdown

ROOT = Path(__file__).resolve().parents[2]

EVERY_TAG = """\
# Heading 1

## Heading 2

### Heading 3

A paragraph with a [link](https://www.gov.uk/) and `code`.

- bullet

1. numbered

| measure | value |
|---|---|
| AUC | 0.734 |

![A figure](calibration.png)
"""


class _Tags(HTMLParser):
    """(tag, class) for every start tag, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs).get("class")))


def _tags(html: str) -> list[tuple[str, str | None]]:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


def test_each_tag_gets_its_govuk_class():
    tags = _tags(render_govuk_markdown(EVERY_TAG))
    assert {tag for tag, _ in tags} == set(GOVUK_CLASSES) | {"li", "div"}
    for tag, css_class in tags:
        assert css_class == ("app-table-scroll" if tag == "div" else GOVUK_CLASSES.get(tag)), tag


def test_each_table_scrolls_in_a_named_region_a_keyboard_can_reach():
    """Issue #11: the model card's wide tables scrolled inside a box a keyboard could not reach (axe
    scrollable-region-focusable). Each table is now in its own focusable region, named by its heading."""
    html = render_govuk_markdown(
        "## Calibration by `decile`\n\n| a |\n|---|\n| 1 |\n\nText.\n\n| b |\n|---|\n| 2 |\n\n"
        "## Bands\n\n| c |\n|---|\n| 3 |\n"
    )
    boxes = re.findall(r'<div aria-label="([^"]*)" class="app-table-scroll" role="region" tabindex="0"><table', html)
    assert boxes == ["Calibration by decile", "Calibration by decile, table 2", "Bands"]
    assert html.count("</table></div>") == 3
    assert '<p class="govuk-body">Text.</p>' in html  # the text between two tables stays where it was


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("# Model card", '<h1 class="govuk-heading-l">Model card</h1>'),
        ("Text", '<p class="govuk-body">Text</p>'),
        ("[GOV.UK](https://www.gov.uk/)", '<a class="govuk-link" href="https://www.gov.uk/">GOV.UK</a>'),
        ("![Plot](calibration.png)", '<img alt="Plot" class="app-figure" src="calibration.png" />'),
        ("`scorecard.toml`", '<code class="app-code">scorecard.toml</code>'),
        ("- a\n- b", '<ul class="govuk-list govuk-list--bullet">'),
        ("1. a\n2. b", '<ol class="govuk-list govuk-list--number">'),
    ],
)
def test_rendered_html(markdown, html):
    assert html in render_govuk_markdown(markdown)


def test_a_table_renders_with_govuk_classes():
    html = render_govuk_markdown("| card | low |\n|---|---|\n| rules-1.0 | 31.6% |\n")
    assert '<table class="govuk-table">' in html
    assert '<thead class="govuk-table__head">' in html
    assert '<tbody class="govuk-table__body">' in html
    assert html.count('<tr class="govuk-table__row">') == 2
    assert '<th class="govuk-table__header">card</th>' in html
    assert '<td class="govuk-table__cell">31.6%</td>' in html


def test_raw_html_is_escaped_not_passed_through():
    html = render_govuk_markdown('Before <script>alert("x")</script> after\n\n<div onclick="x">block</div>\n')
    assert "<script" not in html and "<div" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;div" in html


def test_a_less_than_sign_in_prose_stays_text():
    assert "bands low &lt; 17 ≤ medium" in render_govuk_markdown("bands low < 17 ≤ medium")


def test_only_the_listed_tags_get_a_class():
    html = render_govuk_markdown("**bold** and *emphasis*\n\n> quoted\n")
    assert "<strong>bold</strong>" in html and "<em>emphasis</em>" in html
    assert "<blockquote>" in html


def test_rendering_twice_gives_the_same_html():
    # A fresh Markdown instance each call: no state carried from one document to the next.
    assert render_govuk_markdown(EVERY_TAG) == render_govuk_markdown(EVERY_TAG)


def test_the_module_does_not_load_django():
    code = "import sys; import triage.lib.govuk_markdown; assert 'django' not in sys.modules, 'django imported'"
    completed = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
